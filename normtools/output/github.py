"""GitHub Actions workflow commands: one ``::error file=..,line=..::message`` per finding.

Paths are relative to the repository root (GitHub resolves them against the checkout).
A suppressed finding (``--show-suppressed``) becomes a notice.
"""

from __future__ import annotations

from normtools.output import Report

GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _gh_data(value: str) -> str:
    """Escape a message as GitHub's toolkit does (``escapeData``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(value: str) -> str:
    """Escape a property value (``escapeProperty``): ``:`` and ``,`` separate fields."""
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    """``::error file=..,line=..,col=..,endLine=..,endColumn=..,title=CODE::message``."""
    lines = []
    for d in report.diagnostics:
        level = "notice" if d.suppressed else GITHUB_LEVELS.get(d.severity, "warning")
        title = f"{d.code} (suppressed)" if d.suppressed else d.code
        props = ",".join(
            f"{key}={_gh_property(str(value))}"
            for key, value in (
                ("file", report.ci_path(d.path)),
                ("line", d.line),
                ("col", d.column),
                ("endLine", d.end_line),
                ("endColumn", d.end_column),
                ("title", title),
            )
        )
        message = f"{report.message(d)} ({d.name})"
        lines.append(f"::{level} {props}::{_gh_data(message)}")
    return "".join(line + "\n" for line in lines)
