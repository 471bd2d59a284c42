"""The plain git pre-commit hook: judge what is staged, not the working tree.

For repositories without the pre-commit framework. ``normtools install-hook`` writes
``HOOK_TEMPLATE`` (the same text as ``hooks/pre-commit``) into the hooks directory;
the hook runs ``python -m normtools.githook --mode check|fix``, which lands in ``main``.

Staged content is read from the index (``git cat-file``), so a partially staged file is
judged as it will be committed. Fix mode works through git, never by copying bytes
between index and work tree: the fixed staged content is written as a new blob
(``git hash-object -w``) and put in the index (``git update-index --cacheinfo``); the work
tree file gets the fix of its *own* content, converted by git from and back to its
working-tree form (``core.autocrlf``, ``working-tree-encoding``, filters). The index
is the one git gives the hook (``GIT_INDEX_FILE``: ``git commit <paths>`` commits from a
temporary index), and for ``git commit <paths>`` also the index git installs after the
commit, so that it agrees with the commit.
"""

from __future__ import annotations

import argparse
import os
import stat
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from normtools import textio
from normtools.api import Normalizer, Normalizers
from normtools.changes import DIFF_ARGS, NONE, WHOLE, Lines, parse_diff
from normtools.config import ConfigResolver
from normtools.diagnostics import Diagnostic
from normtools.errors import NormtoolsError, Terminated
from normtools.output import Report, render

HOOK_MARKER = "normtools plain git pre-commit hook"
HOOK_TEMPLATE = """\
#!/bin/sh
# normtools plain git pre-commit hook
#
# Checks (or fixes) the Chinese text files you are about to commit, as they are
# staged. Installed by `normtools install-hook`; see hooks/README.md.
#   NORMTOOLS_HOOK_MODE=check|fix   override the installed mode for one commit
#   NORMTOOLS_PYTHON=/path/python   the interpreter that has normtools installed
#   git commit --no-verify          skip the hook once
mode="${NORMTOOLS_HOOK_MODE:-@MODE@}"
python="${NORMTOOLS_PYTHON:-}"
if [ -z "$python" ]; then
    python=@PYTHON@
fi
if ! "$python" -c "import normtools" >/dev/null 2>&1; then
    echo "normtools pre-commit hook: '$python' cannot import normtools." >&2
    echo "Install normtools into it, or set NORMTOOLS_PYTHON to a Python that has it." >&2
    exit 1
fi
exec "$python" -m normtools.githook --mode "$mode"
"""
MODES = ("check", "fix")
ALLOWED_MODES = ("100644", "100755")  # regular files; not symlinks or submodules


class GitError(Exception):
    """git failed or this is not a repository; the message says what to do."""


def render_hook(mode: str = "check", python: str = "python3") -> str:
    """The hook script for ``mode``, running normtools with ``python`` (quoted for the
    shell: a path holding spaces, quotes or ``$(...)`` is a path, never a command)."""
    import shlex

    return HOOK_TEMPLATE.replace("@MODE@", mode).replace("@PYTHON@", shlex.quote(python))


def _git(
    *args: str,
    cwd: Path | None = None,
    data: bytes | None = None,
    env: dict[str, str] | None = None,
) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=data, capture_output=True, check=False, env=env
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args[:2])} failed: {detail}")
    return done.stdout


# -- install-hook ------------------------------------------------------------------------


def hooks_dir(cwd: Path | None = None) -> Path:
    """The hooks directory git uses here; ``--git-path`` already honours core.hooksPath."""
    try:
        raw = _git("rev-parse", "--git-path", "hooks", cwd=cwd)
    except GitError:
        raise GitError("not inside a git repository; run this from your repository") from None
    path = Path(os.fsdecode(raw.rstrip(b"\n")))
    return path if path.is_absolute() else (cwd or Path.cwd()) / path


def install(mode: str = "check", force: bool = False, cwd: Path | None = None) -> tuple[Path, str]:
    """Write the hook; returns its path and what happened ('installed', 'replaced', 'unchanged').

    An existing hook that is not byte-identical is someone's work: refuse unless ``force``.
    """
    if mode not in MODES:
        raise GitError(f"unknown mode {mode!r}; use one of: {', '.join(MODES)}")
    target = hooks_dir(cwd) / "pre-commit"
    content = render_hook(mode, sys.executable)
    state = "installed"
    if target.exists() or target.is_symlink():
        if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == content:
            return target, "unchanged"
        if not force:
            raise GitError(
                f"{target} already exists and was left unchanged. Run with --force to "
                "replace it, or add this line to it: "
                f"{sys.executable} -m normtools.githook --mode {mode} || exit 1"
            )
        state = "replaced"
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return target, state


# -- running as the hook -----------------------------------------------------------------


@dataclass(frozen=True)
class Staged:
    path: str  # relative to the top level, '/'-separated, as git prints it
    mode: str  # 100644 or 100755
    blob: str  # the object id of the staged content


def staged_files(top: Path) -> list[Staged]:
    """Added, copied, modified and renamed regular files in the index."""
    raw = _git("diff", "--cached", "--raw", "-z", "--no-renames", "--diff-filter=ACM", cwd=top)
    fields = raw.split(b"\0")
    out = []
    for header, name in zip(fields[0::2], fields[1::2], strict=False):
        if not header.startswith(b":"):
            continue
        _old_mode, new_mode, _old, new_blob, _status = header[1:].decode().split()
        if new_mode in ALLOWED_MODES:
            out.append(Staged(os.fsdecode(name), new_mode, new_blob))
    return out


def read_blobs(top: Path, blobs: Sequence[str]) -> dict[str, bytes]:
    """Every blob's content in one ``git cat-file --batch`` call."""
    if not blobs:
        return {}
    raw = _git("cat-file", "--batch", cwd=top, data="".join(b + "\n" for b in blobs).encode())
    out: dict[str, bytes] = {}
    pos = 0
    for blob in blobs:
        eol = raw.index(b"\n", pos)
        size = int(raw[pos:eol].split()[2])
        out[blob] = raw[eol + 1 : eol + 1 + size]
        pos = eol + 1 + size + 1
    return out


class _Repo:
    """The git plumbing fix mode needs, for one work tree."""

    def __init__(self, top: Path) -> None:
        self.top = top
        git_dir = Path(os.fsdecode(_git("rev-parse", "--absolute-git-dir", cwd=top).strip()))
        default_index = git_dir / "index"
        index = os.environ.get("GIT_INDEX_FILE")
        # `git commit <paths>` commits from a temporary index and, after the commit,
        # installs the index it prepared in index.lock: both must get the fix
        self.extra_index: Path | None = None
        if index and Path(index).resolve() != default_index.resolve():
            lock = git_dir / "index.lock"
            if lock.is_file():
                self.extra_index = lock

    def store(self, data: bytes) -> str:
        """A blob of ``data`` exactly as given (no filters: it is already in repository form)."""
        return _git("hash-object", "-w", "--no-filters", "--stdin", cwd=self.top, data=data)[
            :-1
        ].decode()

    def clean(self, path: str, data: bytes) -> bytes:
        """Work-tree bytes of ``path`` in repository form (CRLF, encoding and filters undone)."""
        blob = _git("hash-object", "-w", f"--path={path}", "--stdin", cwd=self.top, data=data)
        return read_blobs(self.top, [blob[:-1].decode()])[blob[:-1].decode()]

    def smudge(self, path: str, blob: str) -> bytes:
        """``blob`` as git would check it out at ``path``."""
        return _git("cat-file", "--filters", f"--path={path}", blob, cwd=self.top)

    def stage(self, item: Staged, blob: str) -> None:
        info = f"{item.mode},{blob},{item.path}"
        _git("update-index", "--cacheinfo", info, cwd=self.top)
        if self.extra_index is not None:
            env = dict(os.environ, GIT_INDEX_FILE=str(self.extra_index))
            _git("update-index", "--cacheinfo", info, cwd=self.top, env=env)


def changed_lines(top: Path, staged: bool, paths: Sequence[str]) -> dict[str, Lines]:
    """Lines of ``paths`` changed since HEAD: in the index (``staged``) or in the work
    tree. A file missing from the answer has no changed line; before the first commit
    every file is new."""
    try:
        _git("rev-parse", "--verify", "--quiet", "HEAD^{commit}", cwd=top)
    except GitError:
        return dict.fromkeys(paths, WHOLE)
    cached = ("--cached",) if staged else ()
    raw = _git(*DIFF_ARGS, *cached, "HEAD", "--", *(f":(literal){p}" for p in paths), cwd=top)
    return parse_diff(raw)


def run(mode: str = "check", top: Path | None = None) -> int:
    """Judge the staged text files; 0 lets the commit through, 1 blocks it."""
    from normtools import driver

    top = top or Path(os.fsdecode(_git("rev-parse", "--show-toplevel").rstrip(b"\n")))
    resolver = ConfigResolver(cwd=top)  # each file: the configuration nearest above it
    candidates = []
    for s in staged_files(top):
        config = resolver.for_path(top / s.path)
        if Path(s.path).suffix.lower() in config.extensions and not config.is_excluded(
            top / s.path
        ):
            candidates.append(s)
    if not candidates:
        return 0
    normalizers = Normalizers(resolver, keep_applied=False, keep_original=False)
    index_eol: dict[Path, str] = {}
    auto = [
        top / s.path
        for s in candidates
        if resolver.for_path(top / s.path).settings.line_ending == "auto"
    ]
    if auto:
        from normtools.discovery import line_endings

        # the index holds LF for text (git converts on checkout); -text files as they are
        for path, eol in line_endings(auto).items():
            index_eol[path] = "keep" if eol == "keep" else "lf"
    # changed-lines-only: the staged content against HEAD
    scoped = {s.path for s in candidates if resolver.for_path(top / s.path).changed_lines_only}
    staged_lines = changed_lines(top, True, sorted(scoped)) if scoped else {}
    contents = read_blobs(top, [s.blob for s in candidates])
    sources = [
        driver.Source(
            s.path,
            data=contents[s.blob],
            explicit=True,
            eol=index_eol.get(top / s.path),
            lines=staged_lines.get(s.path, NONE) if s.path in scoped else None,
        )
        for s in candidates
    ]
    job = driver.Job(fix=mode == "fix")
    findings: list[Diagnostic] = []
    fixed: list[str] = []
    problems: list[str] = []
    markers = 0  # suppression markers naming no rule: they block, as in `normtools check`
    repo = _Repo(top) if mode == "fix" else None
    for item, outcome in zip(candidates, driver.run(normalizers, sources, job), strict=True):
        result = outcome.result
        problems.extend(result.problems)
        markers += len(result.problems)
        if outcome.problem and not outcome.quiet:
            problems.append(f"{item.path}: {outcome.problem}")
        if result.skipped and result.skip_kind != textio.ENCODE:
            continue
        findings.extend(result.diagnostics)
        if repo is None or result.new is None:
            continue
        repo.stage(item, repo.store(result.new))
        work_lines = None
        if item.path in scoped:  # the work tree's own changes against HEAD
            work_lines = changed_lines(top, False, [item.path]).get(item.path, NONE)
        normalizer = normalizers.for_path(top / item.path)
        problem = _fix_work_tree(repo, normalizer, item, index_eol.get(top / item.path), work_lines)
        if problem:
            problems.append(problem)
        fixed.append(item.path)
    for name in fixed:
        print(f"Fixing {name} (fixed and re-staged)")
    lang = resolver.for_path(top).lang  # the repository's configuration
    sys.stdout.write(render("text", Report(findings, lang=lang)))
    for problem in problems:
        print(problem)
    if findings or markers:
        fixable = sum(d.fixable for d in findings)
        hint = f" ({fixable} fixable with `normtools fix`)" if fixable else ""
        print(
            f"normtools: commit blocked: {len(findings) + markers} problem(s) in staged "
            f"text{hint}. "
            "Fix them and stage again, or skip once with git commit --no-verify."
        )
        return 1
    return 0


def _fix_work_tree(
    repo: _Repo, normalizer: Normalizer, item: Staged, eol: str | None, lines: Lines | None
) -> str | None:
    """Apply the fix to the work tree file's own content (its ``lines`` only, when
    given); a one-line problem, or None."""
    path = repo.top / item.path
    try:
        data, state = textio.read_file(path)
    except textio.FileProblem as exc:
        return f"{item.path}: work tree copy not fixed: {exc.detail}"
    original = repo.clean(item.path, data)
    result = normalizer.fix_bytes(original, item.path, eol=eol, lines=lines)
    if result.new is None:
        return None
    new = repo.smudge(item.path, repo.store(result.new))
    if new == data:
        return None
    try:
        textio.write_atomic(path, new, expected=state)
    except textio.FileNotWritten as exc:
        return f"{item.path}: work tree copy not fixed: {exc.detail} (the staged copy is fixed)"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m normtools.githook --mode check|fix``: what the installed hook runs.
    Every problem is one line on stderr; never a traceback (NORMTOOLS_DEBUG=1 shows it)."""
    parser = argparse.ArgumentParser(
        prog="normtools-git-hook", description="Judge the staged text files (git pre-commit)."
    )
    parser.add_argument("--mode", choices=MODES, default="check")
    args = parser.parse_args(argv)
    try:
        return run(args.mode)
    except (GitError, NormtoolsError) as exc:
        print(f"normtools pre-commit hook: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("normtools pre-commit hook: interrupted", file=sys.stderr)
        return 130
    except Terminated as exc:
        print(f"normtools pre-commit hook: stopped by signal {exc.signum}", file=sys.stderr)
        return 128 + exc.signum
    except Exception as exc:
        if os.environ.get("NORMTOOLS_DEBUG"):
            raise
        print(
            f"normtools pre-commit hook: internal error: {type(exc).__name__}: {exc} "
            "(run with NORMTOOLS_DEBUG=1 for details, and please report it)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
