"""A count per rule, most frequent first (``--statistics``)."""

from __future__ import annotations

from collections import Counter

from normtools.output import Report


def render(report: Report) -> str:
    counts = Counter((d.code, d.name, d.fixable) for d in report.diagnostics)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    return "".join(
        f"{n:>5}  {code}  {'[*]' if fixable else '   '} {name}\n"
        for (code, name, fixable), n in rows
    )
