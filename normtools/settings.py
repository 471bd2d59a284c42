"""Every configuration key, declared once: name, type, default, choices and doc.

A key is a dataclass field made with ``option()``; its name in a configuration file is
the field name in kebab-case. Parsing (``parse_options``), the configuration reference
(``docs/configuration.md``) and the JSON schema (``docs/schema/normtools-config.schema.json``)
are all derived from the fields, so adding a setting is one field here (plus the rule or
module that reads it). ``Settings`` holds the style choices rules read through their
context; normtools.config.Config holds the rest (selection, discovery).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Any

# How a value is written in the file, and what it becomes.
KINDS = (
    "choice",
    "string",
    "strings",
    "bool",
    "codes-table",
    "string-table",
    "optional-strings",
)


def option(
    default: Any,
    doc: str,
    *,
    kind: str,
    choices: tuple[str, ...] = (),
    example: Any = None,
    check: Callable[[Any], str | None] | None = None,
) -> Any:
    """A configuration key. ``check`` returns a problem (for one value) or None."""
    if kind not in KINDS:
        raise ValueError(f"unknown option kind {kind!r}")
    if kind == "choice" and default not in choices:
        raise ValueError(f"default {default!r} is not one of {choices}")
    metadata = {"doc": doc, "kind": kind, "choices": choices, "example": example, "check": check}
    if isinstance(default, tuple | dict):
        frozen = default
        return field(default_factory=lambda: frozen, metadata=metadata)
    return field(default=default, metadata=metadata)


PARAGRAPH_MODES = ("auto", "lines", "hard-wrapped")
FILE_TYPES = ("text", "markdown", "mdx", "rst")


def _paragraph_mode(item: tuple[str, str]) -> str | None:
    _, mode = item
    if mode not in PARAGRAPH_MODES:
        return f"must be one of {', '.join(repr(m) for m in PARAGRAPH_MODES)}, got {mode!r}"
    return None


def _regex_problem(pattern: str) -> str | None:
    import re

    try:
        re.compile(pattern, re.MULTILINE)
    except re.error as exc:
        return f"invalid regular expression {pattern!r}: {exc}"
    return None


def _file_type(item: tuple[str, str]) -> str | None:
    extension, name = item
    if not extension.startswith("."):
        return f"{extension!r} should start with a dot, like '.mdx'"
    if name not in FILE_TYPES:
        return f"must be one of {', '.join(repr(n) for n in FILE_TYPES)}, got {name!r}"
    return None


@dataclass(frozen=True, slots=True)
class Settings:
    """The style choices that house-style.md calls configurable; rules read these."""

    indent: str = option(
        "remove",
        "Full-width (in .txt also ASCII) indentation of paragraphs: remove it, keep it, or "
        "make it exactly two U+3000.",
        kind="choice",
        choices=("remove", "keep", "two-fullwidth"),
    )
    line_ending: str = option(
        "auto",
        "Line ends files get. auto: in a git work tree what .gitattributes asks for (eol=crlf "
        "or eol=lf; -text and binary keep them; where core.autocrlf = true both LF and CRLF "
        "pass), elsewhere LF. lf, crlf: that, for every file. keep: the file's dominant line "
        "end.",
        kind="choice",
        choices=("auto", "lf", "crlf", "keep"),
    )
    bom: str = option(
        "remove",
        "A UTF-8 byte-order mark at the start of a file: remove or keep.",
        kind="choice",
        choices=("remove", "keep"),
    )
    encoding: str = option(
        "utf-8",
        "Files read in GBK, GB18030, Big5 or UTF-16 are written back as UTF-8, or in "
        "their original encoding (keep).",
        kind="choice",
        choices=("utf-8", "keep"),
    )
    profile: str = option(
        "zh-Hans",
        "The script the text should be in: Simplified (zh-Hans) or Traditional "
        "(zh-Hant, zh-TW, zh-HK); decides the script rule's direction and the quote style.",
        kind="choice",
        choices=("zh-Hans", "zh-Hant", "zh-TW", "zh-HK"),
    )
    quotes: str = option(
        "auto",
        "Quote marks: curly `“ ”`, corner `「 」`, or auto (corner under a Traditional profile).",
        kind="choice",
        choices=("auto", "curly", "corner"),
    )
    suggestions: bool = option(
        False,
        "Report the dictionaries' suggestion-only entries (variant forms that dictionaries "
        "accept, established phrases, wrong forms with several possible corrections). They "
        "are never fixed; off by default because many are right as written.",
        kind="bool",
    )
    allow: tuple[str, ...] = option(
        (),
        "Text that no rule may touch: names, quotations, set phrases.",
        kind="strings",
        example=["王　明", "卡尔.马克思"],
    )
    paragraphs: str = option(
        "auto",
        "What a paragraph is in text files (quote pairing and the balance checks work per "
        "paragraph): `auto` detects hard-wrapped files (most long lines broken inside "
        "sentences at one width) and otherwise takes one line each; `lines` and "
        "`hard-wrapped` force one model. Markdown always uses CommonMark paragraphs.",
        kind="choice",
        choices=PARAGRAPH_MODES,
    )
    per_file_paragraphs: tuple[tuple[str, str], ...] = option(
        (),
        "`paragraphs` for files matching a glob (first match wins).",
        kind="string-table",
        example={"books/*.txt": "hard-wrapped"},
        check=_paragraph_mode,
    )
    extend_ignore_re: tuple[str, ...] = option(
        (),
        "Regular expressions (Python syntax, multi-line mode) whose matches no fixing "
        "rule may change: the tags of other site generators, say.",
        kind="strings",
        example=[r"\{\{<[^>]*>\}\}", r"(?s)<!-- keep -->.*?<!-- /keep -->"],
        check=_regex_problem,
    )
    file_types: tuple[tuple[str, str], ...] = option(
        (),
        "How files are read, by extension: `text`, `markdown`, `mdx` (Markdown with JSX "
        "and ES modules) or `rst`. Built in: .md .markdown .mdown .mkd are `markdown`, "
        ".mdx is `mdx`, .rst is `rst`, anything else `text`. (A directory walk picks "
        "only `extensions`.)",
        kind="string-table",
        example={".mdx": "markdown", ".text": "text"},
        check=_file_type,
    )


def declared(cls: type) -> list[Field[Any]]:
    """The configuration keys a dataclass declares (fields made with ``option``)."""
    return [f for f in fields(cls) if "kind" in f.metadata]


def key_of(f: Field[Any]) -> str:
    return f.name.replace("_", "-")


def default_of(f: Field[Any]) -> Any:
    if f.default is not MISSING:
        return f.default
    return f.default_factory()  # type: ignore[operator]


def parse_options(
    cls: type, table: Mapping[str, Any], fail: Callable[[str, str], Exception]
) -> dict[str, Any]:
    """Values for the keys of ``cls`` found in ``table``, by field name; keys of ``table``
    that ``cls`` does not declare are left for the caller. ``fail(key, problem)`` builds
    the error to raise."""
    out: dict[str, Any] = {}
    for f in declared(cls):
        key = key_of(f)
        if key in table:
            out[f.name] = _value(f, key, table[key], fail)
    return out


def describe(value: Any) -> str:
    """A TOML value as an error message shows it: short, and never the whole of a big one."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return "an array of tables"
        return "an array" if any(not isinstance(v, str) for v in value) else "a list of strings"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "...")
    if isinstance(value, int | float):
        return repr(value)
    return f"a {type(value).__name__}"


def _value(f: Field[Any], key: str, value: Any, fail: Callable[[str, str], Exception]) -> Any:
    kind = f.metadata["kind"]
    check = f.metadata["check"]
    if kind == "choice":
        choices = f.metadata["choices"]
        if not isinstance(value, str) or value not in choices:
            shown = ", ".join(repr(c) for c in choices)
            raise fail(key, f"must be one of {shown}, got {describe(value)}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise fail(key, f"must be true or false, got {describe(value)}")
        return value
    if kind == "string":
        if not isinstance(value, str) or not value:
            raise fail(key, f"must be a non-empty string, got {describe(value)}")
        return value
    if kind in ("strings", "optional-strings"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"must be a list of strings, got {describe(value)}")
        for item in value:
            problem = check(item) if check else None
            if problem:
                raise fail(key, problem)
        return tuple(value)
    if kind in ("codes-table", "string-table"):
        if not isinstance(value, dict):
            raise fail(key, f"must be a table, got {describe(value)}")
        items = []
        for name, entry in value.items():
            if kind == "codes-table":
                if not isinstance(entry, list) or not all(isinstance(c, str) for c in entry):
                    raise fail(f"{key}.{name}", f"must be a list of strings, got {describe(entry)}")
                entry = tuple(entry)
            elif not isinstance(entry, str):
                raise fail(f"{key}.{name}", f"must be a string, got {describe(entry)}")
            problem = check((name, entry)) if check else None
            if problem:
                raise fail(f"{key}.{name}", problem)
            items.append((name, entry))
        return tuple(items)
    raise AssertionError(kind)  # pragma: no cover


# -- derived documentation ---------------------------------------------------------------


def to_toml(value: Any) -> str:
    """``value`` as a TOML value (inline), for the docs and ``--show-settings``."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(to_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{json.dumps(k)} = {to_toml(v)}" for k, v in value.items()) + " }"
    if value is None:
        return "(not set)"
    return json.dumps(value, ensure_ascii=False)


def _shown_default(f: Field[Any]) -> Any:
    """The default as a configuration file would write it."""
    default = default_of(f)
    if f.metadata["kind"].endswith("table"):
        return dict(default)
    return list(default) if isinstance(default, tuple) else default


def reference_markdown(*classes: type) -> str:
    """``docs/configuration.md``: every key with its type, default and doc."""
    out = [
        "# Configuration reference",
        "",
        "Generated from the declarations in `normtools/settings.py` and "
        "`normtools/config.py`; do not edit by hand. How configuration files are found: "
        "[README](../README.md#configuration).",
        "",
        "| key | value | default | what it does |",
        "|---|---|---|---|",
    ]
    for cls in classes:
        for f in declared(cls):
            kind = f.metadata["kind"]
            choices = f.metadata["choices"]
            shape = {
                "choice": " \\| ".join(f"`{to_toml(c)}`" for c in choices),
                "string": "string",
                "strings": "list of strings",
                "optional-strings": "list of strings",
                "bool": "`true` \\| `false`",
                "codes-table": "table: glob = [codes]",
                "string-table": "table: name = string",
            }[kind]
            default = _shown_default(f)
            if default is None:
                shown = "every rule on by default" if kind == "optional-strings" else "not set"
            else:
                shown = f"`{to_toml(default)}`"
            out.append(f"| `{key_of(f)}` | {shape} | {shown} | {f.metadata['doc']} |")
    return "\n".join(out) + "\n"


def json_schema(*classes: type) -> dict[str, Any]:
    """A JSON schema for a ``normtools.toml`` (or ``[tool.normtools]``) table."""
    props: dict[str, Any] = {}
    for cls in classes:
        for f in declared(cls):
            kind = f.metadata["kind"]
            prop: dict[str, Any] = {"description": f.metadata["doc"]}
            if kind == "choice":
                prop.update(type="string", enum=list(f.metadata["choices"]))
            elif kind == "bool":
                prop["type"] = "boolean"
            elif kind == "string":
                prop["type"] = "string"
            elif kind in ("strings", "optional-strings"):
                prop.update(type="array", items={"type": "string"})
            elif kind == "codes-table":
                prop.update(
                    type="object",
                    additionalProperties={"type": "array", "items": {"type": "string"}},
                )
            else:
                prop.update(type="object", additionalProperties={"type": "string"})
            default = _shown_default(f)
            if default is not None:
                prop["default"] = default
            props[key_of(f)] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "normtools configuration",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
