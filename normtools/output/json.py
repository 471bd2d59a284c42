"""JSON: an array of findings (schema: docs/schema/normtools-json.schema.json)."""

from __future__ import annotations

import json

from normtools.output import Report


def render(report: Report) -> str:
    rows = [d.to_json() for d in report.diagnostics]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
