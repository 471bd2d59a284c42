"""Entry points for the pre-commit framework: thin ``main(argv) -> int`` wrappers."""

from __future__ import annotations

from collections.abc import Sequence

from normtools.cli import main


def fix_main(argv: Sequence[str] | None = None) -> int:
    """``normtools-fix FILES``: fix in place; pre-commit fails the commit if files change."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    return main(["fix", *args]) if args else 0


def check_main(argv: Sequence[str] | None = None) -> int:
    """``normtools-check FILES``: report only."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    return main(["check", *args]) if args else 0


if __name__ == "__main__":
    raise SystemExit(fix_main())
