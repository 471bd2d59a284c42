"""One line per finding, ``path:line:col: CODE message``; ``[*]`` marks fixable ones.

The form scripts parse: byte for byte what ``--format text`` printed before there was a
full format (colour only when asked for: on a terminal or with FORCE_COLOR).
"""

from __future__ import annotations

from normtools.diagnostics import Diagnostic
from normtools.output import Report
from normtools.output.style import BOLD, CYAN, Style


def render(report: Report) -> str:
    style = Style(report.color)
    lines = [headline(style, d, report.message(d)) for d in report.diagnostics]
    return "\n".join(lines) + ("\n" if lines else "")


def headline(style: Style, d: Diagnostic, message: str) -> str:
    """``path:line:col: CODE [*] message``: a finding's line here, and the first line of
    each finding in the full format."""
    mark = " [suppressed]" if d.suppressed else " [*]" if d.fixable else ""
    where = style(f"{d.path}:{d.line}:{d.column}:", BOLD)
    code = style.severity(d.code, d.severity, BOLD)
    return f"{where} {code}{style(mark, CYAN)} {message}"
