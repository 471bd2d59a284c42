"""Entry points for the pre-commit framework: thin ``main(argv) -> int`` wrappers.

pre-commit appends the staged file names to the hook's ``args``; with no files left
(``args: [--select, ZH1]`` and nothing matched) there is nothing to do, which is
success, not a usage error. A ``--`` goes before the first file name, so that a file
named ``-x.md`` is a file, not an unknown option. Files whose configuration sets
``changed-lines-only = true`` are judged on the lines changed since HEAD: pre-commit
has put the staged content in the work tree by then.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
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


def _options(command: str) -> dict[str, bool]:
    """The option strings of ``normtools COMMAND``, each with whether it takes a value."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {
        flag: action.nargs != 0
        for action in sub.choices[command]._actions
        for flag in action.option_strings
    }


def with_separator(command: str, args: Sequence[str]) -> list[str]:
    """``args`` with ``--`` before the first file name: the hook's own options (which
    may take values) come first, then the files pre-commit appends, any of which may
    start with '-'."""
    args = list(args)
    options = _options(command)
    longs = [flag for flag in options if flag.startswith("--")]
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--":
            return args
        flag, equals, _ = token.partition("=")
        has_value = bool(equals) and flag.startswith("--")
        if flag.startswith("--") and flag not in options:
            matches = [f for f in longs if f.startswith(flag)]  # argparse's abbreviations
            flag = matches[0] if len(matches) == 1 else flag
        if flag in options:
            i += 2 if options[flag] and not has_value else 1
            continue
        attached = len(token) > 2 and token[:2] in options and not token.startswith("--")
        if attached and not os.path.lexists(token):
            i += 1  # -j4: a short option with its value attached
            continue
        if token.startswith("-") and token != "-" and not os.path.lexists(token):
            i += 1  # an unknown option: the command line reports it
            continue
        return [*args[:i], "--", *args[i:]]
    return args


def _run(command: str, argv: Sequence[str] | None) -> int:
    args = with_separator(command, sys.argv[1:] if argv is None else argv)
    if not _has_paths(command, args):
        return 0
    return main([command, "--hook-diff-base", "HEAD", *args])


def fix_main(argv: Sequence[str] | None = None) -> int:
    """``normtools-fix [OPTIONS] FILES``: fix in place; pre-commit fails the commit if
    files change, so the user sees the fix before committing it."""
    return _run("fix", argv)


def check_main(argv: Sequence[str] | None = None) -> int:
    """``normtools-check [OPTIONS] FILES``: report only; exit 1 on findings."""
    return _run("check", argv)


if __name__ == "__main__":
    raise SystemExit(fix_main())
