"""reStructuredText: what must never change, and the paragraphs.

A line scanner for the constructs that carry code or syntax (docutils itself is not a
dependency): literal blocks (after ``::``), directive markers, arguments and options and
the bodies of code-like directives, comments, hyperlink targets, footnote and
substitution labels, field names, and inline literals, roles, interpreted text,
references and substitution references. Admonition bodies and other directive content
are prose. Paragraphs are runs of non-blank lines between blank lines, list items,
explicit markup and section adornments.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from normtools import regexcache

# Directives whose body is code or data, not prose.
CODE_DIRECTIVES = frozenset(
    {
        "code",
        "code-block",
        "sourcecode",
        "literalinclude",
        "highlight",
        "math",
        "raw",
        "csv-table",
        "graphviz",
        "digraph",
        "graph",
        "doctest",
        "testcode",
        "testoutput",
        "testsetup",
        "testcleanup",
        "ipython",
        "jupyter-execute",
        "mermaid",
        "plantuml",
        "uml",
        "parsed-literal",
        "productionlist",
        "toctree",
        "autosummary",
        "automodule",
        "autoclass",
        "autofunction",
        "include",
        "image",
        "figure",
        "only",
        "ifconfig",
    }
)
# Directives whose argument is a title in prose.
PROSE_ARGUMENT = frozenset({"admonition", "topic", "sidebar", "rubric", "table", "list-table"})

_EXPLICIT = regexcache.compile(r"^([ \t]*)\.\.(?:[ \t]+|$)")
_DIRECTIVE = regexcache.compile(r"^[ \t]*\.\.[ \t]+(?:\|[^|\n]+\|[ \t]+)?([\w:.+-]+)::")
_LABEL = regexcache.compile(r"^[ \t]*\.\.[ \t]+(?:\[[^\]\n]+\]|_[^:\n]*:|__:|\|[^|\n]+\|)")
_FIELD = regexcache.compile(r"^[ \t]*:(?![ \t])[^:\n]+:(?=[ \t]|$)")
_ADORNMENT = regexcache.compile(r"^([!-/:-@\[-`{-~])\1{2,}[ \t]*$")
_LIST_ITEM = regexcache.compile(r"^[ \t]*(?:[-*+•][ \t]|#\.[ \t]|\(?[0-9A-Za-z]{1,3}[.)][ \t])")
_ANONYMOUS_TARGET = regexcache.compile(r"^[ \t]*__[ \t]+\S")
_INLINE = regexcache.compile(
    r"``[^`\n]+(?:\n[^`\n]+)*?``"  # inline literal
    r"|(?::[\w.+:-]+:)?`[^`\n]+(?:\n[^`\n]+)*?`(?::[\w.+:-]+:|__?)?"  # roles, refs
    r"|\|[^|\s][^|\n]*\|_{0,2}"  # substitution references
    r"|\[[^\]\s]+\]_"  # footnote and citation references
)


@dataclass
class RstLayout:
    protected: list[tuple[int, int]] = field(default_factory=list)
    code: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


def _indent(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


def parse(text: str) -> RstLayout:
    out = RstLayout()
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    ends = [s + len(line) for s, line in zip(starts, lines, strict=True)]

    n = len(lines)
    protected_lines = [False] * n
    i = 0
    expect_literal = False  # the previous paragraph ended with ::
    literal_base = 0
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        indent = _indent(line)
        if expect_literal and indent > literal_base:
            j = _body_end(lines, i, literal_base)
            _protect_lines(out, starts, ends, i, j, code=True)
            protected_lines[i:j] = [True] * (j - i)
            expect_literal = False
            i = j
            continue
        expect_literal = False
        explicit = _EXPLICIT.match(line)
        if explicit:
            j = _body_end(lines, i + 1, indent)
            directive = _DIRECTIVE.match(line)
            if directive:
                name = directive.group(1).lower()
                if name in CODE_DIRECTIVES:
                    _protect_lines(out, starts, ends, i, j, code=True)
                    protected_lines[i:j] = [True] * (j - i)
                else:
                    cut = directive.end() if name in PROSE_ARGUMENT else len(line)
                    out.protected.append((starts[i], starts[i] + cut))
                    protected_lines[i] = True
                    k = i + 1  # options right after the marker
                    while k < j and _FIELD.match(lines[k]):
                        out.protected.append((starts[k], ends[k]))
                        protected_lines[k] = True
                        k += 1
                i = i + 1
                continue
            label = _LABEL.match(line)
            if label:
                target = line.lstrip().startswith((".. _", ".. __:", ".. |"))
                cut = len(line) if target else label.end()
                out.protected.append((starts[i], starts[i] + cut))
                protected_lines[i] = True
                i += 1
                continue
            # a comment: the marker line and its indented continuation
            _protect_lines(out, starts, ends, i, j, code=False)
            protected_lines[i:j] = [True] * (j - i)
            i = j
            continue
        if _ANONYMOUS_TARGET.match(line):
            out.protected.append((starts[i], ends[i]))
            protected_lines[i] = True
            i += 1
            continue
        field_name = _FIELD.match(line)
        if field_name:
            out.protected.append((starts[i], starts[i] + field_name.end()))
        # a paragraph (or list item, title, ...): ends at a blank line
        j = i + 1
        while j < n and lines[j].strip() and not _starts_block(lines[j]):
            j += 1
        if line.rstrip().endswith("::") or lines[j - 1].rstrip().endswith("::"):
            expect_literal = True
            literal_base = indent
            marker = lines[j - 1].rstrip()
            out.protected.append((starts[j - 1] + len(marker) - 2, starts[j - 1] + len(marker)))
        i = j
    for k in _tight_titles(lines, protected_lines):
        out.protected.append((starts[k], ends[k]))
        protected_lines[k] = True
    for first, last in _tables(lines):
        _protect_lines(out, starts, ends, first, last, code=False)
        protected_lines[first:last] = [True] * (last - first)
    for m in _INLINE.finditer(text):
        out.protected.append(m.span())
        if m.group(0).startswith("``"):
            out.code.append(m.span())
    out.paragraphs = _paragraphs(lines, starts, protected_lines)
    return out


# Half-width marks that a fix makes full-width, one column wider each (docutils counts
# East Asian wide and full-width characters as two columns).
_WIDENING = frozenset(",;:!?().")


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _tight_titles(lines: list[str], protected: list[bool]) -> list[int]:
    """Section titles whose underline (and overline) would be too short for the title
    once its half-width marks are made full-width: docutils warns "Title underline too
    short" (an error in a Sphinx build with -W), so such a title is left as it is."""
    tight = []
    for k in range(len(lines) - 1):
        title, under = lines[k].strip(), lines[k + 1].strip()
        if not title or protected[k] or _ADORNMENT.match(title) or not _ADORNMENT.match(under):
            continue
        if _columns(title) + sum(c in _WIDENING for c in title) > len(under):
            tight.append(k)
    return tight


_GRID_BORDER = regexcache.compile(r"^[ \t]*\+(?:[-=]+\+)+[ \t]*$")
_GRID_ROW = regexcache.compile(r"^[ \t]*[|+]")
_SIMPLE_BORDER = regexcache.compile(r"^[ \t]*=+(?:[ \t]+=+)+[ \t]*$")


def _tables(lines: list[str]) -> list[tuple[int, int]]:
    """Grid and simple tables, as (first line, line after): their columns are laid out
    by width, and a mark made full-width one column wider misaligns them (docutils:
    "Malformed table", "Text in column margin"), so no fix may touch a table's text."""
    found = []
    n = len(lines)
    i = 0
    while i < n:
        if _GRID_BORDER.match(lines[i]):
            j = i + 1
            while j < n and _GRID_ROW.match(lines[j]):
                j += 1
            found.append((i, j))
            i = j
        elif _SIMPLE_BORDER.match(lines[i]):
            # the table ends at a border that a blank line (or the end) follows
            j = i + 1
            while j < n and not (
                _SIMPLE_BORDER.match(lines[j]) and (j + 1 == n or not lines[j + 1].strip())
            ):
                j += 1
            if j == n:  # never closed: not a table
                j = i
            found.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return found


def _body_end(lines: list[str], start: int, base: int) -> int:
    """The line after an indented body that begins at ``start`` (blank lines inside)."""
    j = start
    last = start
    while j < len(lines):
        if lines[j].strip():
            if _indent(lines[j]) <= base:
                break
            last = j + 1
        j += 1
    return last


def _protect_lines(
    out: RstLayout, starts: list[int], ends: list[int], i: int, j: int, *, code: bool
) -> None:
    if j <= i:
        return
    span = (starts[i], ends[j - 1])
    out.protected.append(span)
    if code:
        out.code.append(span)


def _starts_block(line: str) -> bool:
    return bool(
        _LIST_ITEM.match(line)
        or _EXPLICIT.match(line)
        or _ADORNMENT.match(line.strip())
        or _FIELD.match(line)
    )


def _paragraphs(
    lines: list[str], starts: list[int], protected: list[bool]
) -> list[tuple[int, int]]:
    """Runs of more than one non-blank, unprotected line that belong together."""
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(lines)
    while i < n:
        if not lines[i].strip() or protected[i] or _ADORNMENT.match(lines[i].strip()):
            i += 1
            continue
        j = i + 1
        while j < n and lines[j].strip() and not protected[j] and not _starts_block(lines[j]):
            j += 1
        if j < n and _ADORNMENT.match(lines[j].strip()):
            j = i + 1  # a section title: its own line
        if j - i > 1:
            spans.append((starts[i], starts[j - 1] + len(lines[j - 1])))
        i = j
    return spans
