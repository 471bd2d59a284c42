"""JSON: an array of findings (schema: docs/schema/normtools-json.schema.json).

Paths are as given on the command line; messages in the report's language.
"""

from __future__ import annotations

import json

from normtools.output import Report


def render(report: Report) -> str:
    rows = []
    for d in report.diagnostics:
        row = d.to_json()
        row["message"] = report.message(d)
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
