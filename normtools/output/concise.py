"""One line per finding, ``path:line:col: CODE message``; ``[*]`` marks fixable ones.

The form scripts parse: byte for byte what ``--format text`` printed before there was a
full format (colour only when asked for: on a terminal or with FORCE_COLOR).
"""

from __future__ import annotations

from normtools.output import Report
from normtools.output.style import BOLD, CYAN, Style


def render(report: Report) -> str:
    style = Style(report.color)
    lines = []
    for d in report.diagnostics:
        mark = " [suppressed]" if d.suppressed else " [*]" if d.fixable else ""
        where = style(f"{d.path}:{d.line}:{d.column}:", BOLD)
        code = style.severity(d.code, d.severity, BOLD)
        lines.append(f"{where} {code}{style(mark, CYAN)} {report.message(d)}")
    return "\n".join(lines) + ("\n" if lines else "")
