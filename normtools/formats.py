"""Output formats for CI: GitHub workflow commands, SARIF 2.1.0, GitLab Code Quality.

All of them render the same Diagnostic list (one model feeds every format); text and
json stay in diagnostics.py. SARIF wants rule metadata, so ``render`` takes the rules
in use. Suppressed findings (``--show-suppressed``) are marked the way each consumer
understands: a SARIF ``suppressions`` entry, a GitHub notice, a GitLab ``info``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from urllib.parse import quote

from normtools import __version__
from normtools.diagnostics import Diagnostic, format_json, format_text
from normtools.model import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
GITLAB_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}

Formatter = Callable[[Sequence[Diagnostic], Sequence[Rule]], str]


# -- GitHub Actions workflow commands ----------------------------------------------------


def _gh_data(value: str) -> str:
    """Escape a message as GitHub's toolkit does (``escapeData``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(value: str) -> str:
    """Escape a property value (``escapeProperty``): ``:`` and ``,`` separate fields."""
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: Sequence[Diagnostic], rules: Sequence[Rule] = ()) -> str:
    """``::error file=..,line=..,col=..,endLine=..,endColumn=..,title=CODE::message``."""
    lines = []
    for d in diagnostics:
        level = "notice" if d.suppressed else GITHUB_LEVELS.get(d.severity, "warning")
        title = f"{d.code} (suppressed)" if d.suppressed else d.code
        props = ",".join(
            f"{key}={_gh_property(str(value))}"
            for key, value in (
                ("file", d.path),
                ("line", d.line),
                ("col", d.column),
                ("endLine", d.end_line),
                ("endColumn", d.end_column),
                ("title", title),
            )
        )
        lines.append(f"::{level} {props}::{_gh_data(f'{d.message} ({d.name})')}")
    return "".join(line + "\n" for line in lines)


# -- SARIF 2.1.0 -------------------------------------------------------------------------


def _artifact_uri(path: str) -> str:
    """A relative URI reference: forward slashes, non-ASCII percent-encoded."""
    return quote(path.replace("\\", "/").removeprefix("./"), safe="/")


def format_sarif(diagnostics: Sequence[Diagnostic], rules: Sequence[Rule] = ()) -> str:
    """One run with every rule in use as ``tool.driver.rules`` (code scanning shows them)."""
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


# -- GitLab Code Quality -----------------------------------------------------------------


def fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """A stable id per finding: path, code, message and which occurrence of that triple.

    Leaving the line number out keeps the id when text above the finding moves, so
    GitLab and code scanning do not report a moved finding as new plus fixed.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for d in diagnostics:
        key = (d.path, d.code, d.message)
        seen[key] += 1
        raw = "\x1f".join((*key, str(seen[key]))).encode("utf-8")
        out.append(hashlib.blake2b(raw, digest_size=16).hexdigest())
    return out


def format_gitlab(diagnostics: Sequence[Diagnostic], rules: Sequence[Rule] = ()) -> str:
    """A Code Quality report: a JSON array GitLab shows in merge requests."""
    issues = []
    for d, fingerprint in zip(diagnostics, fingerprints(diagnostics), strict=True):
        prefix = "(suppressed) " if d.suppressed else ""
        issues.append(
            {
                "type": "issue",
                "description": f"{prefix}{d.code} {d.message}",
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": "info" if d.suppressed else GITLAB_SEVERITIES.get(d.severity, "minor"),
                "categories": ["Style"],
                "location": {
                    "path": d.path.replace("\\", "/").removeprefix("./"),
                    "lines": {"begin": d.line, "end": d.end_line},
                },
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Formatter] = {
    "text": lambda diagnostics, rules: format_text(diagnostics),
    "json": lambda diagnostics, rules: format_json(diagnostics),
    "github": format_github,
    "sarif": format_sarif,
    "gitlab": format_gitlab,
}


def render(fmt: str, diagnostics: Sequence[Diagnostic], rules: Sequence[Rule] = ()) -> str:
    """The findings in format ``fmt`` (one of ``FORMATS``)."""
    return FORMATS[fmt](diagnostics, rules)
