"""Output formats: one module per format, all rendering the same Report.

A format module exposes ``render(report) -> str``. Modules are imported only when their
format is asked for (the CI formats pull in hashing and JSON). To add a format, write
``normtools/output/<name>.py`` and add one line to ``FORMATS``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from normtools.diagnostics import Diagnostic
from normtools.model import Rule

# name -> what it is for (the module is normtools.output.<name>)
FORMATS: dict[str, str] = {
    "text": "one line per finding: path:line:column: CODE message",
    "json": "a JSON array of findings (schema: docs/schema/normtools-json.schema.json)",
    "github": "GitHub Actions workflow commands (annotations)",
    "sarif": "SARIF 2.1.0 for GitHub code scanning",
    "gitlab": "GitLab Code Quality report",
    "statistics": "a count per rule",
}


@dataclass(frozen=True)
class Report:
    """What every format renders: the findings (suppressed ones marked) and the rules."""

    diagnostics: Sequence[Diagnostic]
    rules: Sequence[Rule] = ()
    extra: dict[str, object] = field(default_factory=dict)


def render(fmt: str, diagnostics: Sequence[Diagnostic], rules: Sequence[Rule] = ()) -> str:
    """The findings in format ``fmt`` (one of ``FORMATS``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}")
    module = importlib.import_module(f"normtools.output.{fmt}")
    text: str = module.render(Report(diagnostics, rules))
    return text
