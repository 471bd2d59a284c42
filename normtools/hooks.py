"""Entry points for the pre-commit framework: thin ``main(argv) -> int`` wrappers.

pre-commit appends the staged file names to the hook's ``args``; with no files left
(``args: [--select, ZH1]`` and nothing matched) there is nothing to do, which is
success, not a usage error.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Sequence

from normtools.cli import build_parser, main


def _has_paths(command: str, args: Sequence[str]) -> bool:
    """Does ``args`` name any file? Parsed with the CLI's own parser plus a probe path,
    so options that take values are never mistaken for files. A usage error counts
    as "yes": the CLI then reports it properly."""
    probe = "\0probe"
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            ns = build_parser().parse_args([command, *args, probe])
    except SystemExit:
        return True
    return list(ns.paths) != [probe]


def _run(command: str, argv: Sequence[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not _has_paths(command, args):
        return 0
    return main([command, *args])


def fix_main(argv: Sequence[str] | None = None) -> int:
    """``normtools-fix [OPTIONS] FILES``: fix in place; pre-commit fails the commit if
    files change, so the user sees the fix before committing it."""
    return _run("fix", argv)


def check_main(argv: Sequence[str] | None = None) -> int:
    """``normtools-check [OPTIONS] FILES``: report only; exit 1 on findings."""
    return _run("check", argv)


if __name__ == "__main__":
    raise SystemExit(fix_main())
