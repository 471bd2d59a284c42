"""GitLab Code Quality: a JSON array GitLab shows in merge requests.

Paths are relative to the repository root. A suppressed finding is reported with
severity ``info``.
"""

from __future__ import annotations

import json

from normtools.output import Report
from normtools.output.fingerprints import fingerprints

GITLAB_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report) -> str:
    """A Code Quality report: a JSON array GitLab shows in merge requests."""
    diagnostics = report.diagnostics
    issues = []
    for d, fingerprint in zip(diagnostics, fingerprints(diagnostics, report.ci_path), strict=True):
        prefix = "(suppressed) " if d.suppressed else ""
        issues.append(
            {
                "type": "issue",
                "description": f"{prefix}{d.code} {report.message(d)}",
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": "info" if d.suppressed else GITLAB_SEVERITIES.get(d.severity, "minor"),
                "categories": ["Style"],
                "location": {
                    "path": report.ci_path(d.path),
                    "lines": {"begin": d.line, "end": d.end_line},
                },
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
