"""``normtools check|fix|rules|rule``: parse arguments, call the library, pick the exit code.

Exit codes: 0 nothing left to report; 1 findings remain (or, with
``--exit-non-zero-on-fix`` / ``--diff``, a file changed or would change); 2 usage or
configuration error. The same codes for every output format. ``--exit-zero`` turns 1
into 0, never 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from normtools import __version__
from normtools.errors import NormtoolsError, Terminated
from normtools.i18n import LANGS
from normtools.output import AUTO, FORMATS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return n


def _command(name: str) -> Any:
    """The function for a subcommand, imported only when it runs."""

    def run(args: argparse.Namespace) -> int:
        from normtools import commands

        return int(getattr(commands, name)(args))

    return run


def _server(args: argparse.Namespace) -> int:
    """``normtools server``; pygls comes with the ``lsp`` extra, not the base install."""
    try:
        from normtools import server
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in {"pygls", "lsprotocol", "cattrs", "attrs"}:
            raise
        print(
            "normtools: error: the language server needs pygls: pip install 'normtools[lsp]'",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return server.main()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except NormtoolsError as exc:
        print(f"normtools: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("normtools: interrupted", file=sys.stderr)
        return 130
    except Terminated as exc:
        print(f"normtools: stopped by signal {exc.signum}", file=sys.stderr)
        return 128 + exc.signum
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # never a traceback for users; NORMTOOLS_DEBUG shows it
        if os.environ.get("NORMTOOLS_DEBUG"):
            raise
        print(
            f"normtools: internal error: {type(exc).__name__}: {exc}\n"
            "Run again with NORMTOOLS_DEBUG=1 for details, and please report it.",
            file=sys.stderr,
        )
        return EXIT_ERROR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="normtools",
        description="Normalize and validate Chinese text files.",
    )
    parser.add_argument("--version", action="version", version=f"normtools {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or directories; '-' reads standard input"
    )
    common.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rule codes or prefixes (comma-separated)",
    )
    common.add_argument(
        "--ignore", action="append", metavar="CODES", help="switch off these rule codes or prefixes"
    )
    common.add_argument(
        "--extend-select", action="append", metavar="CODES", help="add these rules to the selection"
    )
    common.add_argument(
        "--output-format",
        "--format",
        dest="format",
        choices=[AUTO, *FORMATS],
        default=AUTO,
        metavar="FORMAT",
        help="how to report findings: text (the default: full on a terminal, concise "
        "when piped or written to a file), full (source line, caret, fix), concise (one "
        "line each), json, github, sarif, gitlab, rdjson, html, statistics",
    )
    common.add_argument(
        "-o",
        "--output-file",
        type=Path,
        metavar="PATH",
        help="write the findings to PATH instead of the terminal (e.g. report.html)",
    )
    common.add_argument(
        "--lang",
        choices=list(LANGS),
        help="language of messages: en (default) or zh; overrides the 'lang' setting",
    )
    common.add_argument(
        "--show-suppressed",
        action="store_true",
        help="also list findings that suppression comments or 'allow' hide (never counted)",
    )
    common.add_argument(
        "--statistics", action="store_true", help="print a count per rule instead of each finding"
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", help="print findings only, no summary"
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say on stderr how each file was read: its type and paragraph model "
        "(one JSON object per line with --format json)",
    )
    common.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="one configuration file for every file (default: for each file the nearest "
        "normtools.toml, .normtools.toml or pyproject.toml with [tool.normtools] above it)",
    )
    common.add_argument(
        "--stdin-filename", metavar="NAME", help="name (and so file type) for text read from '-'"
    )
    common.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=0,
        metavar="N",
        help="processes for many files (default: the number of cores)",
    )
    common.add_argument(
        "--no-respect-gitignore",
        action="store_true",
        help="walk files that .gitignore excludes too",
    )
    common.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude and extend-exclude to files named on the command line and to "
        "--stdin-filename too (for pre-commit, which names files, and editors)",
    )
    common.add_argument(
        "--diff-base",
        metavar="REF",
        help="judge only lines changed since REF (a git revision; the merge base of REF and "
        "HEAD, as a pull request is judged): findings elsewhere are not reported, fix "
        "changes nothing elsewhere; files new since REF count whole",
    )
    # The pre-commit hooks: lines changed since REF, for files whose configuration sets
    # changed-lines-only = true (normtools.hooks passes HEAD).
    common.add_argument("--hook-diff-base", metavar="REF", help=argparse.SUPPRESS)
    common.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings that apply to the first PATH, the configuration file(s) "
        "they come from and the rules in use there, then exit",
    )
    common.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when problems remain (2 still means a usage or configuration error)",
    )

    check = sub.add_parser(
        "check",
        parents=[common],
        help="report problems",
        description="Report problems; exit 1 if any.",
    )
    check.add_argument(
        "--add-ignore",
        action="store_true",
        help="write a suppression marker on every line with a finding today (a baseline, "
        "as ruff's --add-noqa): from then on only new problems are reported",
    )
    check.set_defaults(func=_command("run_check"))

    fix = sub.add_parser(
        "fix",
        parents=[common],
        help="fix files in place",
        description="Fix what can be fixed safely, then report the rest.",
    )
    fix.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff instead of writing; exit 1 if anything would change",
    )
    fix.add_argument(
        "--exit-non-zero-on-fix",
        action="store_true",
        help="exit 1 when a file was changed, even if nothing is left to report "
        "(overridden by --exit-zero)",
    )
    fix.set_defaults(func=_command("run_fix"))

    rules = sub.add_parser(
        "rules",
        help="list rules, or test rule files",
        description="List every rule, or run rule files' examples.",
    )
    rules.add_argument("action", nargs="?", choices=["list", "test"], default="list")
    rules.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="with 'test': rule files to test (default: all rules in use)",
    )
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    rules.add_argument("--config", type=Path, metavar="PATH")
    rules.set_defaults(func=_command("run_rules"))

    rule = sub.add_parser(
        "rule",
        help="explain a rule: what it does, examples, how to switch it off",
        description="Explain one rule: code, name, family, severity, whether it fixes, "
        "its description, examples before and after, what it leaves alone, and how to "
        "switch it off.",
    )
    rule.add_argument("code", metavar="CODE", help="a rule code (ZH101) or name (halfwidth-comma)")
    rule.add_argument("--format", choices=["text", "json"], default="text")
    rule.add_argument("--lang", choices=list(LANGS), help="language: en (default) or zh")
    rule.add_argument("--config", type=Path, metavar="PATH")
    rule.set_defaults(func=_command("run_rule"))

    hook = sub.add_parser(
        "install-hook",
        help="install the plain git pre-commit hook",
        description="Install a git pre-commit hook that checks (or fixes) staged text files. "
        "Honours core.hooksPath; never replaces an existing hook without --force.",
    )
    hook.add_argument("--mode", choices=["check", "fix"], default="check")
    hook.add_argument("--force", action="store_true", help="replace an existing pre-commit hook")
    hook.set_defaults(func=_command("run_install_hook"))

    server = sub.add_parser(
        "server",
        help="run the language server for editors (needs normtools[lsp])",
        description="Speak the Language Server Protocol over standard input and output: "
        "diagnostics, quick fixes, fix all and formatting, hover. See docs/editors.md.",
    )
    server.add_argument("--stdio", action="store_true", help=argparse.SUPPRESS)  # clients add it
    server.set_defaults(func=_server)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
