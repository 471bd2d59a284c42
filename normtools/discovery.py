"""Which files a command acts on: explicit files as given, directories walked.

A walk honours ``.gitignore`` files (at every level, as git does), ``exclude``
patterns and the configured extensions, and never follows symbolic links.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from normtools.config import Config


def iter_files(paths: Sequence[str], config: Config) -> Iterator[Path]:
    """Files to process, in a deterministic order, without duplicates."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: Iterator[Path] = _walk(path, config)
        else:
            found = iter([path])  # explicit files are taken as given
        for f in found:
            key = Path(os.path.abspath(f))
            if key not in seen:
                seen.add(key)
                yield f


def _walk(top: Path, config: Config) -> Iterator[Path]:
    ignores: list[tuple[Path, object]] = _parent_ignores(top) if config.respect_gitignore else []
    yield from _walk_dir(top, config, ignores)


def _walk_dir(
    directory: Path, config: Config, ignores: list[tuple[Path, object]]
) -> Iterator[Path]:
    if config.respect_gitignore:
        spec = _load_gitignore(directory)
        if spec is not None:
            ignores = [*ignores, (directory, spec)]
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            continue
        is_dir = entry.is_dir(follow_symlinks=False)
        if config.is_excluded(path) or _ignored(path, is_dir, ignores):
            continue
        if is_dir:
            yield from _walk_dir(path, config, ignores)
        elif entry.is_file(follow_symlinks=False) and path.suffix.lower() in config.extensions:
            yield path


def _load_gitignore(directory: Path) -> object | None:
    gitignore = directory / ".gitignore"
    if not gitignore.is_file():
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
