"""Output formats: one module per format, all rendering the same Report.

A format module exposes ``render(report) -> str``. Modules are imported only when their
format is asked for (the CI formats pull in hashing and JSON). To add a format, write
``normtools/output/<name>.py`` and add one line to ``FORMATS``.

``text``, the command line's default, is not a module: it means ``full`` when the report
goes to a terminal and ``concise`` otherwise (``resolve``), so scripts that read the
one-line form from a pipe keep getting it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from normtools import i18n
from normtools.diagnostics import Diagnostic
from normtools.model import Rule

# name -> what it is for (the module is normtools.output.<name>)
FORMATS: dict[str, str] = {
    "full": "each finding with its source line, a caret under it and the fix",
    "concise": "one line per finding: path:line:column: CODE message",
    "json": "a JSON array of findings (schema: docs/schema/normtools-json.schema.json)",
    "github": "GitHub Actions workflow commands (annotations)",
    "sarif": "SARIF 2.1.0 for GitHub code scanning",
    "gitlab": "GitLab Code Quality report",
    "rdjson": "reviewdog's JSON diagnostic format, with suggestions",
    "html": "one self-contained HTML page for reading (and sharing) the findings",
    "statistics": "a count per rule",
}
# The default: full on a terminal, concise elsewhere (a pipe, a file).
AUTO = "text"
# Formats read by CI services: their paths are relative to the repository root.
CI_FORMATS = frozenset({"github", "sarif", "gitlab", "rdjson"})
# Formats that need the text of each file with findings (the caller passes
# Report.sources): to show the text around a finding, or to count bytes.
SOURCE_FORMATS = frozenset({"full", "html", "rdjson"})
# Formats written for people reading a terminal (the summary lines go with them).
TEXT_FORMATS = frozenset({AUTO, "full", "concise"})


def resolve(fmt: str, *, terminal: bool) -> str:
    """The format module for ``fmt``: ``text`` becomes ``full`` or ``concise``."""
    if fmt == AUTO:
        return "full" if terminal else "concise"
    return fmt


@dataclass(frozen=True)
class Report:
    """What every format renders: the findings (suppressed ones marked), the rules, and
    how to show them. ``sources`` maps a finding's path to the text its offsets, lines
    and columns refer to (the formats that show context need it; a path missing from it
    is shown without context). ``root`` is the directory CI paths are relative to."""

    diagnostics: Sequence[Diagnostic]
    rules: Sequence[Rule] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    lang: str = i18n.DEFAULT_LANG
    color: bool = False
    width: int = 100  # terminal columns, for the full format
    root: Path | None = None
    extra: dict[str, object] = field(default_factory=dict)
    # paths of files that start with a UTF-8 byte-order mark: reviewdog reads a file's
    # lines from git's diff, BOM and all, so rdjson counts its three bytes on line 1
    bom_paths: frozenset[str] = frozenset()
    _by_code: dict[str, Rule] = field(init=False, repr=False, compare=False)
    # ci_path of each path asked for: the formats ask several times per finding, and
    # each answer costs system calls (realpath)
    _ci_paths: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {r.code: r for r in self.rules})
        object.__setattr__(self, "_ci_paths", {})

    def message(self, d: Diagnostic) -> str:
        """The finding's message in the report's language."""
        return i18n.message(d.code, d.message, self.lang)

    def say(self, key: str, **fields: object) -> str:
        return i18n.say(key, self.lang, **fields)

    def rule(self, code: str) -> Rule | None:
        return self._by_code.get(code)

    def description(self, rule: Rule) -> str:
        return i18n.description(rule.code, rule.description, self.lang)

    def ci_path(self, path: str) -> str:
        """``path`` relative to the repository root (``root``; else the current
        directory), with forward slashes; absolute when it lies outside."""
        shown = self._ci_paths.get(path)
        if shown is None:
            from normtools.output.paths import relative_to

            shown = self._ci_paths[path] = relative_to(path, self.root)
        return shown


def render(fmt: str, diagnostics: Sequence[Diagnostic] | Report, rules: Sequence[Rule] = ()) -> str:
    """The findings (or a whole Report) in format ``fmt`` (one of ``FORMATS``; ``text``
    renders as ``concise``)."""
    fmt = resolve(fmt, terminal=False)
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}")
    report = diagnostics if isinstance(diagnostics, Report) else Report(diagnostics, rules)
    module = importlib.import_module(f"normtools.output.{fmt}")
    text: str = module.render(report)
    return text
