"""Plain text: ``path:line:col: CODE message`` per finding, ``[*]`` marking fixable ones."""

from __future__ import annotations

from normtools.output import Report


def render(report: Report) -> str:
    lines = []
    for d in report.diagnostics:
        mark = " [suppressed]" if d.suppressed else " [*]" if d.fixable else ""
        lines.append(f"{d.path}:{d.line}:{d.column}: {d.code}{mark} {d.message}")
    return "\n".join(lines) + ("\n" if lines else "")
