"""What a Markdown parser renders as code, markup or a target, collected from a text, so
that tests can check ``fix`` leaves all of it as it was (render invariance).

An independent markdown-it-py instance (not the one normtools configures) reads the
text; every code block and span, raw HTML tag, the text of code elements, link and image
target and title, entity, math, front matter, template tag and MkDocs marker line is
listed in document order.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

_MD = (
    MarkdownIt("commonmark", {"html": True})
    .enable("table")
    .use(front_matter_plugin)
    .use(footnote_plugin)
    .use(dollarmath_plugin, allow_digits=False, double_inline=True)
)
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_CODE_ELEMENT = re.compile(r"<(pre|code|kbd|samp|script|style)\b[^>]*>(.*?)</\1\s*>", re.S | re.I)
_CODE_NAMES = frozenset({"pre", "code", "kbd", "samp", "script", "style"})
_TEMPLATE = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{\{.*?\}\}|\{%.*?%\}|\{#[^{}\n]*\}", re.S)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MARKER = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?|===\+?)(?:[ \t].*)?$", re.M)


def structure(text: str) -> list[tuple[str, ...]]:
    """Everything in ``text`` that must come out of ``fix`` unchanged."""
    out: list[tuple[str, ...]] = []
    _walk(_MD.parse(_mkdocs(text)), out)
    out.extend(("template", m.group(0)) for m in _TEMPLATE.finditer(text))
    out.extend(("entity", m.group(0)) for m in _ENTITY.finditer(text))
    out.extend(("marker", m.group(0)) for m in _MARKER.finditer(text))
    return out


def _mkdocs(text: str) -> str:
    """MkDocs reads the indented body under ``!!! note`` or ``=== "标签"`` as Markdown
    of its own: the marker line becomes blank and the body is dedented by four."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not _MARKER.fullmatch(line):
            out.append(line)
            i += 1
            continue
        indent = len(line) - len(line.lstrip(" "))
        body: list[str] = []
        j = i + 1
        while j < len(lines) and (
            not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip(" ")) > indent
        ):
            body.append(lines[j][indent + 4 :] if lines[j].strip() else "")
            j += 1
        while body and not body[-1]:
            body.pop()
            j -= 1
        out.append("")
        out.extend(_mkdocs("\n".join(body)).split("\n") if body else [])
        i = j
    return "\n".join(out)


def _walk(tokens: list[Any], out: list[tuple[str, ...]]) -> None:
    for t in tokens:
        kind = t.type
        if kind in ("fence", "code_block"):
            out.append(("code-block", t.info, t.content))
        elif kind == "code_inline":
            out.append(("code-span", t.content))
        elif kind in ("math_inline", "math_inline_double", "math_block", "math_block_label"):
            out.append(("math", t.content))
        elif kind == "front_matter":
            out.append(("front-matter", t.content))
        elif kind == "html_block":
            out.extend(("html", m.group(0)) for m in _TAG.finditer(t.content))
            out.extend(
                ("code-element", m.group(1).lower(), m.group(2))
                for m in _CODE_ELEMENT.finditer(t.content)
            )
        elif kind == "html_inline":
            out.append(("html", t.content))
        elif kind == "link_open":
            out.append(("link", str(t.attrs.get("href", "")), str(t.attrs.get("title", ""))))
        elif kind == "image":
            out.append(("image", str(t.attrs.get("src", "")), str(t.attrs.get("title", ""))))
        elif kind == "text_special" and t.info == "entity":
            out.append(("entity", t.markup))
        if t.children:
            _walk(t.children, out)
            _inline_code_elements(t.children, out)


def _inline_code_elements(children: list[Any], out: list[tuple[str, ...]]) -> None:
    """The text between an inline <kbd> (<code>, ...) and its closing tag."""
    open_name = ""
    collected: list[str] = []
    for c in children:
        if c.type == "html_inline":
            m = re.match(r"<(/?)([A-Za-z][A-Za-z0-9-]*)", c.content)
            name = m.group(2).lower() if m else ""
            if m and not m.group(1) and name in _CODE_NAMES and not open_name:
                open_name, collected = name, []
                continue
            if m and m.group(1) and name == open_name:
                out.append(("code-element", name, "".join(collected)))
                open_name = ""
                continue
        if open_name:
            collected.append(c.content)
