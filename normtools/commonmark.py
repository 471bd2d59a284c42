"""Markdown as a CommonMark parser sees it: what must never change, and the paragraphs.

markdown-it-py (CommonMark, plus GFM tables, front matter, footnotes and dollar math)
parses the text once. Block tokens carry line ranges; inline tokens do not carry
offsets, so the inline rules that matter (code spans, links, images, autolinks, raw
HTML, math, footnote references) are wrapped to record where they matched in the
inline source, and each inline source is aligned back onto the lines it came from.

Protected: fenced and indented code, code spans, raw HTML tags and comments, the text of
``<pre> <code> <kbd> <samp> <script> <style>`` (and of ``<textarea>``), link and image
targets (the whole link when its text is the reference label), reference and footnote
definitions' labels and targets, autolinks, math, front matter, and the marker lines of
MkDocs admonitions and content tabs (``!!! note "标题"``, ``=== "标签"``) and of
container fences (``::: tip 标题``). Prose inside other HTML elements is prose.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from normtools import regexcache
from normtools.text import line_starts

# Elements whose text is code, not prose.
CODE_ELEMENTS = frozenset({"pre", "code", "kbd", "samp", "script", "style", "textarea", "math"})

# Characters without which an inline source holds nothing to protect.
_INLINE_SPECIAL = regexcache.compile(r"[`<\[$]")
# Raw HTML inside an HTML block: comments, processing instructions, declarations, CDATA
# and tags (attribute values may hold ``>``).
_HTML_PIECE = regexcache.compile(
    r"<!--.*?(?:-->|\Z)|<\?.*?(?:\?>|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<![A-Za-z][^>]*>?"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s+(?:[^\s\"'<>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?))*\s*/?>",
    re.S,
)
_TAG_NAME = regexcache.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# TOML front matter (the plugin reads YAML ``---`` only).
_TOML_FRONT_MATTER = regexcache.compile(r"\A\+\+\+[ \t]*\n.*?\n\+\+\+[ \t]*(?:\n|\Z)", re.S)
# Extension marker lines that hold a title in quotes: MkDocs admonitions and content
# tabs, and ::: containers (VitePress, Docusaurus).
_MARKER_LINE = regexcache.compile(
    r"^[ \t]*(?:(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*|===\+?|:{3,}[ \t]*[\w-]*)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|[^\n]*?))?[ \t]*$",
    re.M,
)
_MARKER_TRIGGER = regexcache.compile(r"^[ \t]*(?:!!!|\?\?\?|===|:::)", re.M)
# MDX: ES module statements, JSX tags (attributes may hold {expressions}) and
# {expressions} in text (comments {/* */} included).
_MDX_ESM = regexcache.compile(r"^(?:import|export)\b.*?(?=\n[ \t]*\n|\Z)", re.M | re.S)
_BRACES = r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"
_MDX_TAG = regexcache.compile(
    r"</?[A-Za-z][\w.:-]*(?:\s+(?:[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|"
    + _BRACES
    + r"|[^\s\"'=<>`{}]+))?|"
    + _BRACES
    + r"))*\s*/?>|<>|</>"
)
_MDX_EXPRESSION = regexcache.compile(_BRACES)

_RECORDER = "normtools-recorder"


@dataclass
class MarkdownLayout:
    """What the parser found: spans to protect, the code among them (suppression
    markers there are examples), and the paragraphs that span more than one line."""

    protected: list[tuple[int, int]] = field(default_factory=list)
    code: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Tag:
    start: int
    end: int
    name: str
    closing: bool
    limit: int  # where an unclosed element's text is taken to end (its block's end)


class _Recorder:
    """Where the wrapped inline rules matched, in the current inline source."""

    def __init__(self) -> None:
        self.src: str | None = None
        self.found: list[tuple[str, int, int]] = []

    def add(self, state: Any, kind: str, start: int, end: int) -> None:
        if state.src is self.src and end > start:
            self.found.append((kind, start, end))


def parse(text: str, mdx: bool = False) -> MarkdownLayout:
    """Protected spans, code spans and multi-line paragraphs of Markdown ``text``.

    The bodies of MkDocs admonitions and content tabs (indented under ``!!! note`` or
    ``=== "标签"``) are Markdown of their own, as MkDocs reads them: each is parsed
    dedented and mapped back; the rest is parsed with those lines blanked out.
    """
    if _CONTAINER.search(text) is None:
        return _parse(text, mdx)
    containers = _containers(text)
    if not containers:
        return _parse(text, mdx)
    pieces: list[str] = []
    pos = 0
    for marker, body in containers:
        block_end = body[-1][1] if body else marker[1]
        pieces.append(text[pos : marker[0]])
        pieces.append(_blank(text[marker[0] : block_end]))
        pos = block_end
    pieces.append(text[pos:])
    out = _parse("".join(pieces), mdx)
    for marker, body in containers:
        out.protected.append(marker)
        if not body:
            continue
        sub_text = "\n".join(text[start + dedent : end] for start, end, dedent in body)
        sub = parse(sub_text, mdx)
        sub_starts: list[int] = []
        sources: list[int] = []
        offset = 0
        for start, end, dedent in body:
            sub_starts.append(offset)
            sources.append(start + dedent)
            offset += end - start - dedent + 1
        for target, spans in (
            (out.protected, sub.protected),
            (out.code, sub.code),
            (out.paragraphs, sub.paragraphs),
        ):
            target.extend(
                (_to_source(a, sub_starts, sources), _to_source(b, sub_starts, sources))
                for a, b in spans
            )
    return out


_CONTAINER = regexcache.compile(r"^[ \t]*(?:!!!|\?\?\?\+?|===\+?)(?:[ \t]|$)", re.M)


def _blank(piece: str) -> str:
    """``piece`` with every character but newlines turned into a space (offsets stay)."""
    return "".join("\n" if ch == "\n" else " " for ch in piece)


def _containers(
    text: str,
) -> list[tuple[tuple[int, int], list[tuple[int, int, int]]]]:
    """Top-level MkDocs containers: the marker line's span, and the body's lines as
    (start, end, columns to drop). The body is the following lines indented deeper
    than the marker (blank lines inside it included, trailing ones not)."""
    found: list[tuple[tuple[int, int], list[tuple[int, int, int]]]] = []
    pos = 0
    n = len(text)
    while True:
        m = _CONTAINER.search(text, pos)
        if m is None:
            break
        start = m.start()
        end = text.find("\n", start)
        end = n if end < 0 else end
        indent = _columns(text[start:end])
        body: list[tuple[int, int, int]] = []
        line_start = end + 1
        while line_start <= n and end < n:
            line_end = text.find("\n", line_start)
            line_end = n if line_end < 0 else line_end
            line = text[line_start:line_end]
            if line.strip():
                if _columns(line) <= indent:
                    break
                drop = _leading(line, indent + 4)
                body.append((line_start, line_end, drop))
            else:
                body.append((line_start, line_end, len(line)))
            if line_end >= n:
                break
            line_start = line_end + 1
        while body and not text[body[-1][0] : body[-1][1]].strip():
            body.pop()
        found.append(((start, end), body))
        pos = body[-1][1] if body else end
        if pos >= n:
            break
    return found


def _columns(line: str) -> int:
    """Indentation of ``line`` in columns (a tab to the next multiple of four)."""
    col = 0
    for ch in line:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
    return col


def _leading(line: str, columns: int) -> int:
    """How many characters of ``line``'s indentation make up ``columns`` columns."""
    col = 0
    for i, ch in enumerate(line):
        if col >= columns or ch not in " \t":
            return i
        col += 1 if ch == " " else 4 - col % 4
    return len(line)


def _parse(text: str, mdx: bool) -> MarkdownLayout:
    md = _parser()
    recorder = _Recorder()
    env: dict[str, Any] = {_RECORDER: recorder, "normtools-inline": []}
    tokens = md.parse(text, env)
    lines = _Lines(text)
    out = MarkdownLayout()
    tags: list[_Tag] = []
    for token in tokens:
        if token.map is None:
            continue
        first, last = token.map[0], token.map[1] - 1
        kind = token.type
        if kind in ("fence", "code_block", "math_block", "math_block_label", "front_matter"):
            span = (lines.start(first), lines.end(last))
            out.protected.append(span)
            if kind != "front_matter":
                out.code.append(span)
        elif kind == "html_block":
            start, end = lines.start(first), lines.end(last)
            for m in _HTML_PIECE.finditer(text, start, end):
                out.protected.append(m.span())
                tags.extend(_tags_in(m.group(0), m.start(), end))
        elif kind == "paragraph_open" and last > first:
            out.paragraphs.append((lines.start(first), lines.end(last)))
    cursors: dict[int, int] = {}
    for token, found, in_cell in env["normtools-inline"]:
        _place_inline(token, found, lines, out, tags, cursors if in_cell else None)
    for start, end in env.get("normtools-blocks", ()):
        out.protected.append((start, end))
    _code_elements(tags, out)
    toml = _TOML_FRONT_MATTER.match(text)
    if toml is not None:
        out.protected.append(toml.span())
    if _MARKER_TRIGGER.search(text):
        out.protected.extend(m.span() for m in _MARKER_LINE.finditer(text))
    if mdx:
        out.protected.extend(_mdx_spans(text, out.code))
    return out


def _tags_in(piece: str, offset: int, limit: int) -> Iterator[_Tag]:
    m = _TAG_NAME.match(piece)
    if m is not None:
        yield _Tag(offset, offset + len(piece), m.group(2).lower(), bool(m.group(1)), limit)


def _code_elements(tags: list[_Tag], out: MarkdownLayout) -> None:
    """The text of code elements: from the opening tag to its closing tag (or, unclosed,
    to the end of the block the opening tag is in)."""
    tags.sort(key=lambda t: t.start)
    for i, tag in enumerate(tags):
        if tag.closing or tag.name not in CODE_ELEMENTS:
            continue
        depth = 0
        end = tag.limit
        for other in tags[i + 1 :]:
            if other.name != tag.name:
                continue
            if not other.closing:
                depth += 1
            elif depth:
                depth -= 1
            else:
                end = other.end
                break
        if end > tag.end:
            out.protected.append((tag.start, end))
            out.code.append((tag.start, end))


def _mdx_spans(text: str, code: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """ESM statements, JSX tags and expressions, outside code."""
    inside = _Inside(code)
    for regex in (_MDX_ESM, _MDX_TAG, _MDX_EXPRESSION):
        for m in regex.finditer(text):
            if not inside(m.start()):
                yield m.span()


class _Inside:
    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]

    def __call__(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self._spans[i][1] > pos


class _Lines:
    """Line offsets of the source."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)

    def start(self, line: int) -> int:
        return self.starts[min(line, len(self.starts) - 1)]

    def end(self, line: int) -> int:
        """End of ``line`` without its newline."""
        if line + 1 < len(self.starts):
            return self.starts[line + 1] - 1
        return len(self.text)


# -- inline positions --------------------------------------------------------------------


def _place_inline(
    token: Any,
    found: list[tuple[str, int, int]],
    lines: _Lines,
    out: MarkdownLayout,
    tags: list[_Tag],
    cursors: dict[int, int] | None,
) -> None:
    """Map the spans recorded in ``token.content`` onto the source lines it came from.
    When the alignment fails (tabs expanded by the parser), the token's lines are
    protected whole: better no fix than a fix inside code."""
    if token.map is None:
        return
    first, last = token.map[0], token.map[1] - 1
    offsets = _align(token.content, lines, first, last, cursors)
    block_end = lines.end(last)
    if offsets is None:
        span = (lines.start(first), block_end)
        out.protected.append(span)
        if any(kind == "code" for kind, _, _ in found):
            out.code.append(span)
        return
    starts, sources = offsets
    for kind, start, end in found:
        s, e = _to_source(start, starts, sources), _to_source(end, starts, sources)
        out.protected.append((s, e))
        if kind in ("code", "math"):
            out.code.append((s, e))
        elif kind == "html":
            tags.extend(_tags_in(lines.text[s:e], s, block_end))


def _to_source(pos: int, starts: list[int], sources: list[int]) -> int:
    i = bisect_right(starts, pos) - 1
    return sources[i] + (pos - starts[i])


def _align(
    content: str, lines: _Lines, first: int, last: int, cursors: dict[int, int] | None
) -> tuple[list[int], list[int]] | None:
    """Segments of ``content`` and where each begins in the source: one per line, since
    a line of inline source is the end of its source line (after container markers and
    indentation); table cells are found left to right (``cursors``), an escaped pipe
    ``\\|`` (a plain ``|`` in the cell's content) starting a new segment."""
    text = lines.text
    starts: list[int] = []
    sources: list[int] = []
    pos = 0
    for k, piece in enumerate(content.split("\n")):
        line = first + k
        if line > last:
            return None
        ls, le = lines.start(line), lines.end(line)
        src_line = text[ls:le]
        stripped = src_line.rstrip()
        if cursors is None and piece and src_line.endswith(piece):
            starts.append(pos)
            sources.append(le - len(piece))
        elif cursors is None and piece and stripped.endswith(piece):
            starts.append(pos)
            sources.append(ls + len(stripped) - len(piece))
        else:
            lead = len(piece) - len(piece.lstrip())
            body = piece.lstrip()
            begin = cursors.get(line, 0) if cursors is not None else 0
            written = body.replace("|", "\\|") if cursors is not None else body
            found = src_line.find(written, begin) if body else -1
            if found < 0 and written != body:
                written = body
                found = src_line.find(body, begin)
            if found < 0:
                if body:
                    return None
                found = begin
            at = ls + found
            starts.append(pos)
            sources.append(at - lead)
            if written != body:  # each escaped pipe shifts the rest by one
                shift = 0
                for i, ch in enumerate(body):
                    if ch == "|":
                        shift += 1
                        starts.append(pos + lead + i)
                        sources.append(at + i + shift)
            if cursors is not None:
                cursors[line] = found + len(written)
        pos += len(piece) + 1
    return starts, sources


# -- the parser ------------------------------------------------------------------------

_md: Any = None


def _parser() -> Any:
    """markdown-it-py configured once: imported only when a Markdown file needs it."""
    global _md
    if _md is not None:
        return _md
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True})
    md.enable("table")
    md.use(front_matter_plugin).use(footnote_plugin)
    md.use(dollarmath_plugin, allow_digits=False, double_inline=True)
    # Nothing is rendered: skip URL normalization and the post-processing of text.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.disable(["text_join", "emphasis"], ignoreInvalid=True)
    md.core.ruler.at("inline", _inline_rule)
    inline = md.inline.ruler
    _wrap(inline, "backticks", _after_backticks)
    _wrap(inline, "link", _after_link(image=False))
    _wrap(inline, "image", _after_link(image=True))
    _wrap(inline, "autolink", _whole("link"))
    _wrap(inline, "html_inline", _whole("html"))
    _wrap(inline, "math_inline", _whole("math"))
    _wrap(inline, "math_inline_double", _whole("math"))
    _wrap(inline, "footnote_ref", _whole("link"))
    block = md.block.ruler
    _wrap_block(block, "reference", whole=True)
    _wrap_block(block, "footnote_def", whole=False)
    _md = md
    return md


AfterRule = Callable[[Any, _Recorder, int], None]


def _wrap(ruler: Any, name: str, after: AfterRule) -> None:
    """Replace inline rule ``name`` by one that reports where it matched."""
    index = ruler.__find__(name)
    if index < 0:
        return
    rule = ruler.__rules__[index]
    original = rule.fn

    def run(state: Any, silent: bool) -> bool:
        start = state.pos
        ok: bool = original(state, silent)
        if ok and not silent:
            recorder = state.env.get(_RECORDER)
            if recorder is not None and state.src is recorder.src:
                after(state, recorder, start)
        return ok

    ruler.at(name, run, {"alt": list(rule.alt)})


def _whole(kind: str) -> AfterRule:
    def after(state: Any, recorder: _Recorder, start: int) -> None:
        recorder.add(state, kind, start, state.pos)

    return after


def _after_backticks(state: Any, recorder: _Recorder, start: int) -> None:
    """A code span, not an unmatched run of backticks (which the rule also consumes)."""
    if state.tokens and state.tokens[-1].type == "code_inline":
        recorder.add(state, "code", start, state.pos)


def _after_link(image: bool) -> AfterRule:
    def after(state: Any, recorder: _Recorder, start: int) -> None:
        end = state.pos
        label_start = start + 1 if image else start
        label_end = state.md.helpers.parseLinkLabel(state, label_start, not image)
        state.pos = end
        if image:
            recorder.add(state, "link", start, start + 1)
        if label_end < 0:
            recorder.add(state, "link", start, end)
            return
        rest = state.src[label_end + 1 : end]
        if not rest or rest == "[]":
            # [label] or [label][]: the text is the reference label; changing it
            # would break the link
            recorder.add(state, "link", label_start, end)
        else:
            recorder.add(state, "link", label_end, end)

    return after


def _inline_rule(state: Any) -> None:
    """The core ``inline`` step: parse only inline sources that can hold something to
    protect, and keep what the wrapped rules recorded for each."""
    recorder: _Recorder | None = state.env.get(_RECORDER)
    inline = state.env.get("normtools-inline")
    previous = ""
    for token in state.tokens:
        kind, previous = previous, token.type
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if recorder is None or inline is None:
            state.md.inline.parse(content, state.md, state.env, token.children)
            continue
        if not _INLINE_SPECIAL.search(content):
            continue
        recorder.src = content
        recorder.found = []
        state.md.inline.parse(content, state.md, state.env, token.children)
        if recorder.found:
            inline.append((token, recorder.found, kind in ("th_open", "td_open")))
        recorder.src = None


def _wrap_block(ruler: Any, name: str, whole: bool) -> None:
    """Reference definitions (label, target, title: all of it) and footnote definitions
    (the ``[^label]:`` only) are recorded as source spans."""
    index = ruler.__find__(name)
    if index < 0:
        return
    rule = ruler.__rules__[index]
    original = rule.fn

    def run(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        ok: bool = original(state, start_line, end_line, silent)
        if ok and not silent:
            begin = state.bMarks[start_line] + state.tShift[start_line]
            if whole:
                end = state.eMarks[max(start_line, state.line - 1)]
            else:
                end = state.src.find("]:", begin, state.eMarks[start_line])
                end = end + 2 if end >= 0 else begin
            state.env.setdefault("normtools-blocks", []).append((begin, end))
        return ok

    ruler.at(name, run, {"alt": list(rule.alt)})
