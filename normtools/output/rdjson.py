"""reviewdog's JSON diagnostic format (rdjson): ``reviewdog -f=rdjson`` reads it and posts
each finding as a review comment, a fixable one as a suggested change.

Columns count UTF-8 bytes, as reviewdog's format requires (``“`` is three bytes); the
end position is exclusive; on the first line of a file that starts with a UTF-8
byte-order mark they count its three bytes, since reviewdog takes the lines from git's
diff, where the mark is part of line 1. Paths are relative to the repository root. A file-level fix
(line ends, byte-order mark, encoding) has no text replacement and so no suggestion.
"""

from __future__ import annotations

import json

from normtools.diagnostics import Diagnostic
from normtools.output import Report
from normtools.output.sarif import project_urls

RD_SEVERITIES = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def render(report: Report) -> str:
    home, rules_page = project_urls()
    diagnostics = []
    for d in report.diagnostics:
        if d.suppressed:
            continue  # reviewdog has no notion of a suppressed finding: leave it out
        rng = _byte_range(d, report.sources.get(d.path), 3 * (d.path in report.bom_paths))
        item: dict[str, object] = {
            "message": report.message(d),
            "location": {"path": report.ci_path(d.path), "range": rng},
            "severity": RD_SEVERITIES.get(d.severity, "WARNING"),
            "code": {"value": d.code, "url": f"{rules_page}#{d.code.lower()}"},
        }
        if d.replacement is not None:
            item["suggestions"] = [{"range": rng, "text": d.replacement}]
        diagnostics.append(item)
    result = {"source": {"name": "normtools", "url": home}, "diagnostics": diagnostics}
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def _byte_range(d: Diagnostic, source: str | None, bom: int = 0) -> dict[str, dict[str, int]]:
    """Start and end as (line, UTF-8 byte column), both 1-based; ``bom``: the bytes of
    a byte-order mark before line 1."""
    start = _byte_column(source, d.column, d.start) + bom * (d.line == 1)
    end = _byte_column(source, d.end_column, d.end) + bom * (d.end_line == 1)
    return {
        "start": {"line": d.line, "column": start},
        "end": {"line": d.end_line, "column": end},
    }


def _byte_column(source: str | None, column: int, offset: int) -> int:
    """The byte column of the character at ``offset`` in ``source`` (its ``column``);
    without the source, the character column (the same on ASCII lines)."""
    if source is None:
        return column
    start = offset - (column - 1)
    return len(source[start:offset].encode("utf-8")) + 1
