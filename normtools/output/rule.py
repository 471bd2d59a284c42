"""``normtools rule ZH101``: one rule explained from its own data.

Code, name, family, severity, whether ``fix`` fixes it, the description, the rule's
examples (before -> after, what is only reported, what it leaves alone) and how to
switch it off (or on). Nothing here is written by hand per rule: it is the rule file.
"""

from __future__ import annotations

import json

from normtools import i18n
from normtools.model import Example, Rule
from normtools.output.display import visible
from normtools.output.style import BOLD, CYAN, DIM, GREEN, RED, Style


def render(rule: Rule, *, lang: str, color: bool = False, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(_data(rule, lang), ensure_ascii=False, indent=2) + "\n"
    return _text(rule, lang, Style(color))


def _shown(example: Example, text: str) -> str:
    """Example text on one line, invisible characters and line ends shown."""
    shown = visible(text, blanks=True)
    return f"{shown}  (Markdown)" if example.filetype == "md" else shown


def _kinds(rule: Rule) -> tuple[list[Example], list[Example], list[Example]]:
    fixed = [e for e in rule.examples if e.fixed is not None and e.fixed != e.text]
    reported = [e for e in rule.examples if e.fixed is None and e.hits]
    alone = [e for e in rule.examples if e not in fixed and e not in reported]
    return fixed, reported, alone


def _switches(rule: Rule, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """The heading and (where, how) pairs for switching the rule off, or on when it is
    off by default."""
    code = rule.code
    if not rule.enabled:
        return i18n.say("switch-on", lang), [
            (i18n.say("cli-once", lang), f"normtools check --extend-select {code} PATH"),
            (i18n.say("config", lang), f'extend-select = ["{code}"]'),
        ]
    return i18n.say("switch-off", lang), [
        (i18n.say("cli-once", lang), f"normtools check --ignore {code} PATH"),
        (i18n.say("config", lang), f'ignore = ["{code}"]'),
        (i18n.say("per-file", lang), f'[per-file-ignores]\n"legacy/**" = ["{code}"]'),
        (i18n.say("one-line-md", lang), f"…<!-- normtools: ignore[{code}] -->"),
        (i18n.say("one-line-txt", lang), f"…  # normtools: ignore[{code}]"),
    ]


def _text(rule: Rule, lang: str, style: Style) -> str:
    def say(key: str, **fields: object) -> str:
        return i18n.say(key, lang, **fields)

    def field(key: str, value: str) -> str:
        return f"  {say(key)}{say('colon')}{value}"

    out = [
        f"{style(rule.code, BOLD, RED)} {style(rule.name, BOLD)}",
        "",
        field("family", i18n.term(rule.family, lang)),
        field("severity", say(rule.severity)),
        field("fixable", say("fix-" + rule.fix)),
        field("default", say("on") if rule.enabled else say("off")),
    ]
    if rule.options:
        options = ", ".join(
            f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in rule.options.items()
        )
        out.append(f"  options: {options}")
    out += ["", i18n.description(rule.code, rule.description, lang), ""]
    fixed, reported, alone = _kinds(rule)
    if fixed or reported:
        out += [style(say("examples"), BOLD)]
        for e in fixed:
            out.append(f"  {style(_shown(e, e.text), RED)}")
            out.append(f"  → {style(_shown(e, e.fixed or ''), GREEN)}")
        for e in reported:
            note = style(f"({say('reported')})", DIM)
            out.append(f"  {style(_shown(e, e.text), RED)}  {note}")
        out.append("")
    if alone:
        out += [style(say("left-alone"), BOLD)]
        out += [f"  {_shown(e, e.text)}" for e in alone]
        out.append("")
    heading, switches = _switches(rule, lang)
    out.append(style(heading, BOLD))
    for where, how in switches:
        out.append(f"  {where}{say('colon').rstrip()}")
        out += [f"    {style(line, CYAN)}" for line in how.split("\n")]
    return "\n".join(out) + "\n"


def _data(rule: Rule, lang: str) -> dict[str, object]:
    fixed, reported, alone = _kinds(rule)

    def example(e: Example) -> dict[str, object]:
        row: dict[str, object] = {"text": e.text}
        if e.fixed is not None:
            row["fixed"] = e.fixed
        if e.hits is not None:
            row["hits"] = e.hits
        if e.filetype != "txt":
            row["filetype"] = e.filetype
        return row

    heading, switches = _switches(rule, lang)
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": rule.severity,
        "fix": rule.fix,
        "enabled_by_default": rule.enabled,
        "description": i18n.description(rule.code, rule.description, lang),
        "examples": [example(e) for e in (*fixed, *reported)],
        "left_alone": [example(e) for e in alone],
        "switch": {"heading": heading, "ways": [{"where": w, "how": h} for w, h in switches]},
        "source": rule.source,
    }


# -- a rule's help for other formats (SARIF, the HTML report) ---------------------------

EXAMPLES_SHOWN = 3


def help_text(rule: Rule, lang: str) -> str:
    """The rule's description, examples and how to switch it off, as plain text."""
    fixed, reported, alone = _kinds(rule)
    out = [i18n.description(rule.code, rule.description, lang)]
    if fixed or reported:
        out += ["", i18n.say("examples", lang) + i18n.say("colon", lang).rstrip()]
        out += [
            f"  {visible(e.text, blanks=True)} → {visible(e.fixed or '', blanks=True)}"
            for e in fixed[:EXAMPLES_SHOWN]
        ]
        out += [
            f"  {visible(e.text, blanks=True)} ({i18n.say('reported', lang)})"
            for e in reported[:EXAMPLES_SHOWN]
        ]
    if alone:
        out += ["", i18n.say("left-alone", lang) + i18n.say("colon", lang).rstrip()]
        out += [f"  {visible(e.text, blanks=True)}" for e in alone[:EXAMPLES_SHOWN]]
    heading, switches = _switches(rule, lang)
    out += ["", heading + i18n.say("colon", lang).rstrip()]
    out += [f"  {how}" for _, how in switches[:2]]
    return "\n".join(out)


def help_markdown(rule: Rule, lang: str) -> str:
    """The same as Markdown: a table of examples, code spans for what to type."""
    fixed, reported, alone = _kinds(rule)
    out = [_md_text(i18n.description(rule.code, rule.description, lang))]
    if fixed or reported:
        out += ["", f"| {i18n.say('before', lang)} | {i18n.say('after', lang)} |", "|---|---|"]
        out += [
            f"| {_md_code(e.text)} | {_md_code(e.fixed or '')} |" for e in fixed[:EXAMPLES_SHOWN]
        ]
        out += [
            f"| {_md_code(e.text)} | ({_md_text(i18n.say('reported', lang))}) |"
            for e in reported[:EXAMPLES_SHOWN]
        ]
    if alone:
        shown = ", ".join(_md_code(e.text) for e in alone[:EXAMPLES_SHOWN])
        out += ["", f"{_md_text(i18n.say('left-alone', lang))}{i18n.say('colon', lang)}{shown}"]
    heading, switches = _switches(rule, lang)
    ways = "; ".join(_md_code(how) for _, how in switches[:2])
    out += ["", f"{_md_text(heading)}{i18n.say('colon', lang)}{ways}"]
    return "\n".join(out)


def _md_code(text: str) -> str:
    """A code span in a Markdown table: invisible characters shown, pipes escaped."""
    shown = visible(text, blanks=True).replace("|", "\\|")
    fence = "``" if "`" in shown else "`"
    pad = " " if fence == "``" or shown.startswith(" ") or shown.endswith(" ") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def _md_text(text: str) -> str:
    return "".join("\\" + ch if ch in "\\*_[]<>|#" else ch for ch in visible(text))
