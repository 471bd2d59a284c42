"""Messages in the user's language (``--lang zh``, ``lang = "zh"``); English is the source.

Findings carry English messages (rule files and built-ins write them). The Chinese for
them is data, in ``rules/messages/zh.toml``: per rule code, the English message
*templates* its findings use, each with its Chinese. A template's ``{fields}`` are
captured from the English message and put into the Chinese one; ``{field!t}`` also
translates the captured value through the ``[terms]`` table (``Traditional`` -> ``繁体``).
A message no template matches stays English, so a team's own rules still read well.

The program's own sentences (``Found 3 problems``) are keyed: English here, Chinese in
the ``[cli]`` table. ``{n:problem}`` in an English template writes ``1 problem`` or
``3 problems``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from normtools.text import shipped_rules_dir

LANGS: tuple[str, ...] = ("en", "zh")
DEFAULT_LANG = "en"
# Rule-independent templates (the literal kind's default, the engine's own notes) sit
# under this key and apply to every code, team rules included.
ANY = "any"

# The program's own sentences, keyed. Fields: n (findings), fixable, files, path.
ENGLISH: dict[str, str] = {
    "found": "Found {n:problem} ({fixable} fixable with `normtools fix`).",
    "all-passed": "All checks passed!",
    "fixing": "Fixing {path} ({n:fix})",
    "fixed": "Fixed {n:problem} in {files:file}.",
    "would-fix": "Would fix {n:problem} in {files:file}.",
    "remaining": "Found {n:remaining problem} (report-only: fix them by hand).",
    "nothing-to-fix": "Nothing to fix.",
    "wrote": "Wrote the report ({n:problem}) to {path}.",
    # the full text format and the rule explanation
    "fix": "fix",
    "fix-replace": "fix: “{old}” → “{new}”",
    "fix-delete": "fix: delete “{old}”",
    "fix-insert": "fix: insert “{new}”",
    "fix-file": "fix: a change to the whole file",
    "file-fix": "a change to the whole file",
    "suggestion": "report only: decide by hand",
    "continues": "continues to line {line}",
    "colon": ": ",
    "code": "code",
    "name": "name",
    "family": "family",
    "severity": "severity",
    "fixable": "fix",
    "fix-always": "always (`normtools fix` fixes every finding)",
    "fix-sometimes": "sometimes (some findings are only reported)",
    "fix-never": "never (report only)",
    "default": "default",
    "on": "on",
    "off": "off (switch it on with `extend-select`)",
    "examples": "Examples",
    "left-alone": "Left alone",
    "reported": "reported, not fixed",
    "switch-off": "How to switch it off",
    "switch-on": "How to switch it on",
    "cli-once": "for one run",
    "config": "in normtools.toml (or [tool.normtools] in pyproject.toml)",
    "per-file": "for some files",
    "one-line-md": "one line of Markdown",
    "one-line-txt": "one line of a text file",
    "error": "error",
    "warning": "warning",
    "info": "info",
    # the HTML report
    "report-title": "normtools report",
    "summary": "{n:problem} in {files:file}, {fixable} fixable with `normtools fix`.",
    "no-problems": "No problems found.",
    "by-rule": "By rule",
    "by-file": "By file",
    "count": "count",
    "file": "file",
    "line": "line",
    "problems": "problems",
    "proposed": "proposed change",
    "before": "before",
    "after": "after",
    "description": "what it means",
    "back": "back to the top",
    "legend": "Struck-through red text is what normtools would remove, underlined green "
    "text what it would put instead; yellow marks a spot to decide by hand.",
    "more": "{n:more finding} not shown",
    # the GitHub step summary
    "first-findings": "First findings",
}

# {n:word}: "1 word", "2 words"; "remaining problem" -> "remaining problems".
_ES = ("x", "s", "ch", "sh")


def plural(n: int, word: str) -> str:
    suffix = "es" if word.endswith(_ES) else "s"
    return f"{n} {word}{'' if n == 1 else suffix}"


class _Formatter(string.Formatter):
    """``{n:word}`` pluralizes (English); ``{x!t}`` translates a term (Chinese)."""

    def __init__(self, terms: Mapping[str, str] | None = None) -> None:
        self.terms = terms or {}

    def format_field(self, value: Any, format_spec: str) -> Any:
        if isinstance(value, int) and format_spec and not format_spec[0].isdigit():
            return plural(value, format_spec)
        return super().format_field(value, format_spec)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "t":
            return self.terms.get(str(value), str(value))
        return super().convert_field(value, conversion)


@dataclass(frozen=True)
class Template:
    """One English message template and its translation."""

    english: str
    translated: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Catalog:
    """The translations of one language."""

    lang: str
    cli: Mapping[str, str]
    terms: Mapping[str, str]
    descriptions: Mapping[str, str]
    messages: Mapping[str, tuple[Template, ...]]

    def message(self, code: str, english: str) -> str | None:
        """The translation of ``english`` (a message of rule ``code``), or None."""
        for template in (*self.messages.get(code, ()), *self.messages.get(ANY, ())):
            m = template.pattern.fullmatch(english)
            if m is not None:
                return _Formatter(self.terms).format(template.translated, **m.groupdict())
        return None


def fields_of(template: str) -> list[tuple[str, str | None]]:
    """The ``(name, conversion)`` of each field of a template, in order."""
    return [
        (name, conversion)
        for _, name, _, conversion in string.Formatter().parse(template)
        if name is not None
    ]


def compile_template(english: str) -> re.Pattern[str]:
    """A regex matching the messages ``english`` produces, capturing its fields."""
    parts: list[str] = []
    seen: set[str] = set()
    for literal, name, _, _ in string.Formatter().parse(english):
        parts.append(re.escape(literal))
        if name is None:
            continue
        if not name.isidentifier():
            raise ValueError(f"field {{{name}}} is not a name")
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
    return re.compile("".join(parts), re.S)


def load_catalog(lang: str) -> Catalog | None:
    """The catalog of ``lang`` (None for English, the source language)."""
    if lang == DEFAULT_LANG:
        return None
    return _load(lang)


@cache
def _load(lang: str) -> Catalog:
    import tomllib

    path = shipped_rules_dir() / "messages" / f"{lang}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    descriptions: dict[str, str] = {}
    messages: dict[str, tuple[Template, ...]] = {}
    for code, table in data.get("rules", {}).items():
        if "description" in table:
            descriptions[code] = table["description"]
        messages[code] = tuple(
            Template(english, zh, compile_template(english))
            for english, zh in table.get("messages", {}).items()
        )
    return Catalog(lang, data.get("cli", {}), data.get("terms", {}), descriptions, messages)


# -- what the rest of normtools calls ----------------------------------------------------


def message(code: str, english: str, lang: str) -> str:
    """A finding's message in ``lang`` (English when there is no translation)."""
    catalog = load_catalog(lang)
    if catalog is None:
        return english
    return catalog.message(code, english) or english


def description(code: str, english: str, lang: str) -> str:
    """A rule's description in ``lang``."""
    catalog = load_catalog(lang)
    if catalog is None:
        return english
    return catalog.descriptions.get(code, english)


def term(word: str, lang: str) -> str:
    """A word of the program's vocabulary (a rule family, a severity) in ``lang``."""
    catalog = load_catalog(lang)
    return word if catalog is None else catalog.terms.get(word, word)


def say(key: str, lang: str, **fields: object) -> str:
    """One of the program's sentences (``ENGLISH[key]``) in ``lang``."""
    catalog = load_catalog(lang)
    template = ENGLISH[key]
    if catalog is not None:
        template = catalog.cli.get(key, template)
    return _Formatter().format(template, **fields)
