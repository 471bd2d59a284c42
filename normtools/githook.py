"""The plain git pre-commit hook: judge what is staged, not the working tree.

For repositories without the pre-commit framework. ``normtools install-hook`` writes
``HOOK_TEMPLATE`` (the same text as ``hooks/pre-commit``) into the hooks directory;
the hook runs ``python -m normtools.githook --mode check|fix``, which lands in ``main``.

Staged content is read from the index with ``git cat-file``, so a partially staged
file is judged as it will be committed. In fix mode only fully staged files are fixed
and re-staged; fixing a partially staged one would either commit the unstaged changes
or lose the fix, so it is refused with a reason.
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
from normtools.api import Normalizer
from normtools.config import ConfigError, load_config
from normtools.diagnostics import Diagnostic
from normtools.output import render
from normtools.ruleset import RuleFileError

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
python="${NORMTOOLS_PYTHON:-@PYTHON@}"
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
    """The hook script for ``mode``, running normtools with ``python``."""
    return HOOK_TEMPLATE.replace("@MODE@", mode).replace("@PYTHON@", python)


def _git(*args: str, cwd: Path | None = None, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
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
            out.append(Staged(os.fsdecode(name), new_blob))
    return out


def unstaged_paths(top: Path) -> set[str]:
    """Files whose working copy differs from the index: partially staged ones."""
    raw = _git("diff", "--name-only", "-z", cwd=top)
    return {os.fsdecode(p) for p in raw.split(b"\0") if p}


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


def run(mode: str = "check", top: Path | None = None) -> int:
    """Judge the staged text files; 0 lets the commit through, 1 blocks it."""
    top = top or Path(os.fsdecode(_git("rev-parse", "--show-toplevel").rstrip(b"\n")))
    config = load_config(start=top)
    candidates = [
        s
        for s in staged_files(top)
        if Path(s.path).suffix.lower() in config.extensions and not config.is_excluded(top / s.path)
    ]
    if not candidates:
        return 0
    normalizer = Normalizer(config)
    worktree_eol: dict[Path, str] = {}
    if config.settings.line_ending == "auto":
        from normtools.discovery import line_endings

        worktree_eol = line_endings([top / s.path for s in candidates])
    partial = unstaged_paths(top) if mode == "fix" else set()
    contents = read_blobs(top, [s.blob for s in candidates])
    findings: list[Diagnostic] = []
    fixed: list[str] = []
    refused: list[str] = []
    for item in candidates:
        try:
            doc = textio.decode(contents[item.blob], textio.filetype_for(item.path))
        except textio.UnreadableFile:
            continue  # binary or undecodable: not text normtools can judge
        eol = worktree_eol.get(top / item.path)
        if eol is not None:  # the index holds LF for text (git converts), -text as it is
            doc.eol = "keep" if eol == "keep" else "lf"
        engine = normalizer.engine_for(top / item.path)
        suppression = normalizer.suppression_for
        if mode == "check" or item.path in partial:
            found = engine.check(doc, item.path, suppression=suppression)
            if mode == "fix" and any(d.fixable for d in found):
                refused.append(item.path)
            findings.extend(found)
            continue
        result = engine.fix(doc, item.path, suppression=suppression)
        findings.extend(result.remaining)
        new = textio.encode(result.doc)
        if new != contents[item.blob]:
            if eol == "crlf":  # the work tree has CRLF where the index has LF
                new = textio.encode(result.doc.copy(newline="\r\n"))
            textio.write_atomic(top / item.path, new)
            _git("add", "--", item.path, cwd=top)
            fixed.append(item.path)
    for path in fixed:
        print(f"Fixing {path} (fixed and re-staged)")
    sys.stdout.write(render("text", findings))
    for path in refused:
        print(
            f"{path}: partially staged, so normtools did not fix it (fixing would mix your "
            "unstaged changes into the commit). Stage the whole file (git add) or stash the "
            f"rest (git stash --keep-index), or run: normtools fix {path}"
        )
    if findings:
        fixable = sum(d.fixable for d in findings)
        hint = f" ({fixable} fixable with `normtools fix`)" if fixable else ""
        print(
            f"normtools: commit blocked: {len(findings)} problem(s) in staged text{hint}. "
            "Fix them and stage again, or skip once with git commit --no-verify."
        )
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m normtools.githook --mode check|fix``: what the installed hook runs."""
    parser = argparse.ArgumentParser(
        prog="normtools-git-hook", description="Judge the staged text files (git pre-commit)."
    )
    parser.add_argument("--mode", choices=MODES, default="check")
    args = parser.parse_args(argv)
    try:
        return run(args.mode)
    except (GitError, ConfigError, RuleFileError) as exc:
        print(f"normtools pre-commit hook: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
