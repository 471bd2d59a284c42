"""Paths as CI services want them: relative to the repository root, whatever the
current directory (GitHub, GitLab and reviewdog resolve them against the checkout)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def repository_root(start: Path | None = None) -> Path:
    """The top of the git work tree around ``start`` (default: the current directory),
    or ``start`` itself outside git."""
    where = start or Path.cwd()
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=where,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no git
        return where
    top = done.stdout.strip()
    return Path(top) if done.returncode == 0 and top else where


def relative_to(path: str, root: Path | None) -> str:
    """``path`` (as given, relative to the current directory) relative to ``root``
    (default: the current directory), with forward slashes. A path outside ``root``
    stays absolute; standard input (``-``) stays ``-``."""
    if path == "-":
        return path
    given = Path(path)
    absolute = given if given.is_absolute() else Path.cwd() / given
    # resolve the directory (symbolic links, ..) but not the file: a linked file is
    # reported under the name it was given
    folder = os.path.realpath(absolute.parent)
    base = os.path.realpath(root) if root is not None else os.path.realpath(Path.cwd())
    full = os.path.join(folder, absolute.name)
    try:
        rel = os.path.relpath(full, base)
    except ValueError:  # another drive (Windows)
        return Path(full).as_posix()
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return Path(full).as_posix()
    return Path(rel).as_posix()
