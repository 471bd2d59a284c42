"""SARIF 2.1.0: one run with every rule in use as ``tool.driver.rules``.

A suppressed finding carries a ``suppressions`` entry.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from normtools import __version__
from normtools.model import Rule
from normtools.output import Report
from normtools.output.fingerprints import fingerprints

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _artifact_uri(path: str) -> str:
    """A relative URI reference: forward slashes, non-ASCII percent-encoded."""
    return quote(path.replace("\\", "/").removeprefix("./"), safe="/")


def render(report: Report) -> str:
    """One run with every rule in use as ``tool.driver.rules`` (code scanning shows them)."""
    diagnostics, rules = report.diagnostics, report.rules
    described: dict[str, Rule | None] = {r.code: r for r in rules}
    for d in diagnostics:  # a finding of a rule we were not told about still gets metadata
        described.setdefault(d.code, None)
    codes = sorted(described)
    index = {code: i for i, code in enumerate(codes)}
    by_code = {d.code: d for d in diagnostics}
    rule_objects = []
    for code in codes:
        rule = described[code]
        if rule is not None:
            name, text, level = rule.name, rule.description, rule.severity
        else:
            d = by_code[code]
            name, text, level = d.name, d.message, d.severity
        rule_objects.append(
            {
                "id": code,
                "name": name,
                "shortDescription": {"text": text},
                "defaultConfiguration": {"level": SARIF_LEVELS.get(level, "warning")},
                "properties": {"tags": [name]},
            }
        )
    results = []
    for d, fingerprint in zip(diagnostics, fingerprints(diagnostics), strict=True):
        result: dict[str, object] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": SARIF_LEVELS.get(d.severity, "warning"),
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _artifact_uri(d.path)},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    }
                }
            ],
            "partialFingerprints": {"normtools/v1": fingerprint},
        }
        if d.suppressed:
            result["suppressions"] = [{"kind": "inSource"}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "normtools",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rule_objects,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
