"""SARIF 2.1.0: one run with every rule in use as ``tool.driver.rules``.

What GitHub code scanning requires of a rule (Microsoft's SARIF Multitool checks it with
``validate --rule-kind "Sarif;Gh"``) is here: ``fullDescription``, ``help`` as text and
Markdown (the description, examples, how to switch the rule off) and ``helpUri``. A
fixable finding carries ``fixes`` (an artifact change with its replacement), which
SARIF readers can offer as a fix. Paths are relative to the repository root. A
suppressed finding carries a ``suppressions`` entry.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from normtools import __version__
from normtools.diagnostics import Diagnostic
from normtools.model import Rule
from normtools.output import Report
from normtools.output.fingerprints import fingerprints
from normtools.output.rule import help_markdown, help_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# PLACEHOLDER, as in pyproject.toml's [project.urls]: used when the installed package's
# metadata names no home page.
HOMEPAGE = "https://example.invalid/normtools"


def project_urls() -> tuple[str, str]:
    """The home page and the rules page, from the package's metadata."""
    from importlib.metadata import PackageNotFoundError, metadata

    urls: dict[str, str] = {}
    try:
        for entry in metadata("normtools").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            urls[label.strip().lower()] = url.strip()
    except PackageNotFoundError:
        pass
    home = urls.get("homepage", HOMEPAGE)
    return home, urls.get("rules", f"{home}/blob/main/docs/rules.md")


def _artifact_uri(path: str) -> str:
    """A URI reference: relative with forward slashes, non-ASCII percent-encoded; an
    absolute path (outside the repository) as a file URI."""
    uri = quote(path.replace("\\", "/").removeprefix("./"), safe="/")
    return f"file://{uri}" if uri.startswith("/") else uri


def render(report: Report) -> str:
    """One run with every rule in use as ``tool.driver.rules`` (code scanning shows them)."""
    diagnostics, rules = report.diagnostics, report.rules
    home, rules_page = project_urls()
    described: dict[str, Rule | None] = {r.code: r for r in rules}
    for d in diagnostics:  # a finding of a rule we were not told about still gets metadata
        described.setdefault(d.code, None)
    codes = sorted(described)
    index = {code: i for i, code in enumerate(codes)}
    by_code = {d.code: d for d in diagnostics}
    rule_objects = [
        _rule(report, code, described[code], by_code.get(code), rules_page) for code in codes
    ]
    results = []
    for d, fingerprint in zip(diagnostics, fingerprints(diagnostics, report.ci_path), strict=True):
        uri = _artifact_uri(report.ci_path(d.path))
        result: dict[str, object] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": SARIF_LEVELS.get(d.severity, "warning"),
            "message": {"text": report.message(d)},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(d)}}
            ],
            "partialFingerprints": {"normtools/v1": fingerprint},
        }
        if d.replacement is not None:
            result["fixes"] = [
                {
                    "description": {"text": report.message(d)},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": uri},
                            "replacements": [
                                {
                                    "deletedRegion": _region(d),
                                    "insertedContent": {"text": d.replacement},
                                }
                            ],
                        }
                    ],
                }
            ]
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
                        "informationUri": home,
                        "rules": rule_objects,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _region(d: Diagnostic) -> dict[str, int]:
    return {
        "startLine": d.line,
        "startColumn": d.column,
        "endLine": d.end_line,
        "endColumn": d.end_column,
    }


def _rule(
    report: Report, code: str, rule: Rule | None, seen: Diagnostic | None, rules_page: str
) -> dict[str, object]:
    if rule is not None:
        name, level = rule.name, rule.severity
        text = report.description(rule)
        helps = {"text": help_text(rule, report.lang), "markdown": help_markdown(rule, report.lang)}
    else:  # a finding of a rule that was not passed in: its message describes it
        assert seen is not None
        name, level = seen.name, seen.severity
        text = report.message(seen)
        helps = {"text": text, "markdown": text}
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": helps,
        "helpUri": f"{rules_page}#{code.lower()}",
        "defaultConfiguration": {"level": SARIF_LEVELS.get(level, "warning")},
        "properties": {"tags": [name, rule.family if rule is not None else "custom"]},
    }
