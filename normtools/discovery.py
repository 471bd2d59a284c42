"""Which files a command acts on, and what ``line-ending = "auto"`` means for each.

Explicit files are taken as given (with ``force_exclude``, ``exclude`` patterns still
apply to them, as in ruff). A directory inside a git work tree holds the files git lists
(``git ls-files --cached --others --exclude-standard``), so every ignore source git
honours applies: ``.gitignore`` at every level with its negations, ``.git/info/exclude``
and ``core.excludesFile``; tracked files count even when an ignore pattern matches them.
Outside git, or with ``respect-gitignore = false``, the directory is walked here
(honouring ``.gitignore`` files when asked). Either way normtools' own ``extensions`` and
``exclude`` then apply, and symbolic links are never followed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from normtools.config import Config, ConfigResolver

if TYPE_CHECKING:
    import subprocess

# Variables that point git at a repository; a hook may export them, but the walk must find
# the repository of the directory it is given.
_GIT_LOCATION_VARS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)


@dataclass(frozen=True, slots=True)
class Target:
    """A file to process. ``explicit``: named on the command line, so processed whatever
    its extension. ``eol``: what ``line-ending = "auto"`` means for it (see
    ``line_endings``); None when the setting is not "auto"."""

    path: Path
    explicit: bool
    eol: str | None = None


def find_targets(
    paths: Sequence[str], configs: Config | ConfigResolver, *, force_exclude: bool = False
) -> list[Target]:
    """The files ``paths`` stand for, in a deterministic order, without duplicates.
    ``configs``: one configuration for every file, or the nearest one above each
    (its ``extensions`` and ``exclude`` decide what a walk picks there).

    Where ``line-ending = "auto"``, each target carries its ``eol`` (one batched git call
    per repository)."""
    resolver = configs if isinstance(configs, ConfigResolver) else ConfigResolver.fixed(configs)
    out: list[Target] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if os.path.isdir(path):
            found: Iterable[tuple[Path, bool]] = ((f, False) for f in _walk(path, resolver))
        elif force_exclude and resolver.for_path(path).is_excluded(path):
            continue
        else:
            found = ((path, True),)
        for f, explicit in found:
            key = os.path.abspath(f)
            if key not in seen:
                seen.add(key)
                out.append(Target(f, explicit))
    auto = [t.path for t in out if resolver.for_path(t.path).settings.line_ending == "auto"]
    if auto:
        eols = line_endings(auto)
        out = [replace(t, eol=eols[t.path]) if t.path in eols else t for t in out]
    return out


# -- git ---------------------------------------------------------------------------------


def _git(args: Sequence[str], cwd: Path, data: bytes | None = None) -> bytes | None:
    """git's stdout, or None when git is missing or fails (not a work tree, say)."""
    return _output(_start(args, cwd), data)


def _start(args: Sequence[str], cwd: Path) -> subprocess.Popen[bytes] | None:
    """git running in the background (so that two questions cost the time of one)."""
    import subprocess  # only here: outside git, a run never pays for importing it

    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_VARS}
    try:
        return subprocess.Popen(
            ["git", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None


def _output(proc: subprocess.Popen[bytes] | None, data: bytes | None = None) -> bytes | None:
    if proc is None:
        return None
    out, _ = proc.communicate(data)
    return out if proc.returncode == 0 else None


def worktree_top(directory: str) -> Path | None:
    """The nearest directory at or above ``directory`` (absolute, resolved) that holds a
    ``.git`` entry, as git looks for it; cheaper than asking git, and a wrong guess
    (inside ``.git`` itself, say) only makes git's answer fail, which means "not git"."""
    current = directory
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return Path(current)
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _git_files(directory: Path) -> list[str] | None:
    """Files under ``directory`` as git lists them ('/'-separated, relative to it), or
    None when ``directory`` is not inside a git work tree."""
    out = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], directory)
    if out is None:
        return None
    # the same order as the plain walk: names sorted level by level
    return sorted({os.fsdecode(p) for p in out.split(b"\0") if p}, key=lambda p: p.split("/"))


# -- walking -----------------------------------------------------------------------------


def _walk(top: Path, resolver: ConfigResolver) -> Iterator[Path]:
    """Files under ``top``; each directory's own configuration (the nearest above it)
    decides which of its entries count."""
    config = resolver.for_directory(top)
    if config.is_excluded(top):
        return
    respect = config.respect_gitignore
    listed = _git_files(top) if respect else None
    if listed is None:
        yield from _walk_dir(top, resolver, _parent_ignores(top) if respect else [])
        return
    for rel in listed:
        path = top / rel
        config = resolver.for_directory(path.parent)
        if path.suffix.lower() not in config.extensions:
            continue
        try:
            mode = os.lstat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue  # in the index, deleted from the work tree
        except OSError:
            yield path  # too long a path, say: the reader reports it as skipped
            continue
        # a symbolic link, a submodule or a nested repository is not a file to read
        if stat.S_ISREG(mode) and not config.is_excluded(path):
            yield path


def _walk_dir(
    top: Path, resolver: ConfigResolver, ignores: list[tuple[Path, object]]
) -> Iterator[Path]:
    """Depth first, names in order, with a stack of open directories instead of
    recursion: directories may nest deeper than Python's recursion limit."""
    stack = [_entries(top, resolver, ignores)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif item[1] is None:
            yield item[0]
        else:
            stack.append(_entries(item[0], resolver, item[1]))


def _entries(
    directory: Path, resolver: ConfigResolver, ignores: list[tuple[Path, object]]
) -> Iterator[tuple[Path, list[tuple[Path, object]] | None]]:
    """The entries of ``directory`` that count, in name order: (file, None) or
    (subdirectory, the ignore files that apply inside it)."""
    config = resolver.for_directory(directory)
    if config.respect_gitignore:
        spec = _load_gitignore(directory)
        if spec is not None:
            ignores = [*ignores, (directory, spec)]
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except FileNotFoundError:
        return  # removed meanwhile
    except OSError:
        # unreadable, or its path too long to open: a target the reader reports as skipped
        # (naming it and why), so that no file goes unjudged without a word
        yield directory, None
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            continue
        is_dir = entry.is_dir(follow_symlinks=False)
        if config.excludes_entry(path) or _ignored(path, is_dir, ignores):
            continue
        if is_dir:
            yield path, ignores
        elif entry.is_file(follow_symlinks=False) and path.suffix.lower() in config.extensions:
            yield path, None


def _load_gitignore(directory: Path) -> object | None:
    gitignore = directory / ".gitignore"
    if not os.path.isfile(gitignore):  # False for a path too long to look up, too
        return None
    import pathspec

    try:
        lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _parent_ignores(top: Path) -> list[tuple[Path, object]]:
    """``.gitignore`` files above ``top`` up to the repository root also apply."""
    out: list[tuple[Path, object]] = []
    current = top.resolve()
    chain = []
    for parent in current.parents:
        chain.append(parent)
        if (parent / ".git").exists():
            break
    else:
        return out
    for parent in reversed(chain):
        spec = _load_gitignore(parent)
        if spec is not None:
            out.append((parent, spec))
    return out


def _ignored(path: Path, is_dir: bool, ignores: list[tuple[Path, object]]) -> bool:
    for base, spec in ignores:
        try:
            rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(base)).as_posix()
        except ValueError:
            continue
        if is_dir:
            rel += "/"
        if spec.match_file(rel):  # type: ignore[attr-defined]
            return True
    return False


# -- line ends from git's attributes ------------------------------------------------------


def line_endings(paths: Sequence[Path]) -> dict[Path, str]:
    """What ``line-ending = "auto"`` means for each path: "lf", "crlf" or "keep".

    Inside a git work tree, as git would write the file on checkout: ``eol=crlf`` or
    ``eol=lf`` name it; ``-text`` and ``binary`` mean git leaves line ends alone ("keep");
    otherwise "lf", except where git itself checks text out with CRLF (``core.autocrlf =
    true``, or ``core.eol = crlf`` for files with ``text`` set), where both are fine
    ("keep"). Outside git, "lf". One ``git check-attr --stdin`` call per repository.
    """
    out = dict.fromkeys(paths, "lf")
    tops: dict[str, Path | None] = {}  # one question to git per directory
    groups: dict[Path, list[tuple[Path, str]]] = {}
    for path in paths:
        parent = os.path.realpath(os.path.dirname(os.path.abspath(path)))
        if parent not in tops:
            tops[parent] = worktree_top(parent)
        top = tops[parent]
        if top is not None:
            name = os.path.relpath(os.path.join(parent, path.name), top)
            groups.setdefault(top, []).append((path, name))
    for top, members in groups.items():
        out.update(_attribute_eols(top, members))
    return out


def _attribute_eols(top: Path, members: list[tuple[Path, str]]) -> dict[Path, str]:
    """``members``: (path, its name relative to ``top``)."""
    config = _start(["config", "-z", "--get-regexp", r"^core\.(autocrlf|eol)$"], top)
    data = b"".join(os.fsencode(name) + b"\0" for _, name in members)
    raw = _git(["check-attr", "-z", "--stdin", "eol", "text"], top, data)
    autocrlf, core_eol = _eol_config(_output(config) or b"")
    if raw is None:
        return {}
    # -z output: path NUL attribute NUL value NUL, repeated
    fields = raw.split(b"\0")
    attrs: dict[str, dict[str, str]] = {}
    for i in range(0, len(fields) - 2, 3):
        name = os.fsdecode(fields[i])
        attrs.setdefault(name, {})[fields[i + 1].decode()] = fields[i + 2].decode()
    return {path: _eol_for(attrs.get(name, {}), autocrlf, core_eol) for path, name in members}


_TRUE = ("true", "yes", "on", "1")


def _eol_for(attrs: dict[str, str], autocrlf: str, core_eol: str) -> str:
    text, eol = attrs.get("text", "unspecified"), attrs.get("eol", "unspecified")
    if text == "unset":  # -text, binary
        return "keep"
    if eol in ("lf", "crlf"):
        return eol
    if autocrlf in _TRUE:
        return "keep"  # git checks text out with CRLF and commits it with LF
    if text in ("set", "auto") and autocrlf != "input" and core_eol == "crlf":
        return "keep"
    return "lf"


def _eol_config(raw: bytes) -> tuple[str, str]:
    """(core.autocrlf, core.eol), lower-cased, from ``git config -z --get-regexp``."""
    values = {"core.autocrlf": "false", "core.eol": "native"}
    for item in filter(None, raw.split(b"\0")):
        key, newline, value = os.fsdecode(item).partition("\n")
        values[key.lower()] = value.strip().lower() if newline else "true"  # bare key: true
    autocrlf = values["core.autocrlf"]
    return ("true" if autocrlf in _TRUE else autocrlf), values["core.eol"]
