"""White space (rules/whitespace.toml): indentation, trailing blanks, line ends, final newline.

In Markdown, ASCII-space indentation and trailing double spaces are structure (lists,
code, hard breaks) and are never touched; in reStructuredText all indentation is. In a
hard-wrapped text file whose paragraphs are marked only by indentation, removing it
would merge them: it stays. Indentation, line ends and the final newline are how a
file is laid out: a fragment (``Document.fragment``, a string in a pipeline) keeps them
as they are, and its end is not a line end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from normtools import hardwrap, markup, regexcache
from normtools.builtins.registry import Options, builtin
from normtools.model import Context, Finder, Hit
from normtools.text import run_of

_TXT_INDENT = regexcache.compile(r"^[ \t\u3000]+(?=\S)", re.M)
_MD_INDENT = regexcache.compile(r"^\u3000[ \t\u3000]*(?=\S)", re.M)
_TRAILING = regexcache.compile(run_of("[ \t\u3000]") + "$", re.M)
_NBSP = regexcache.compile(run_of("\u00a0"))
_BLANKS_TO_EOL = regexcache.compile("[ \t\u3000\u00a0]*(?:\n|$)")


@builtin(fix="always", locality="line")
def indent(options: Options) -> Finder:
    """Paragraph indentation: full-width spaces (and, in .txt, any blanks) at a line start."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        mode = ctx.settings.indent
        if mode == "keep" or ctx.filetype == "rst" or ctx.doc.fragment:
            return
        markdown = markup.is_markdown(ctx.filetype)
        if not markdown and markup.indentation_is_structure(
            text, ctx.filetype, ctx.settings, ctx.doc.wrap
        ):
            return
        target = "" if mode == "remove" else "\u3000\u3000"
        regex = _MD_INDENT if markdown else _TXT_INDENT
        shape = None
        if not markdown and not target:
            shape = markup.layout(text, ctx.filetype, ctx.settings, ctx.doc.wrap).shape
        for start, end in ctx.windows(text):
            for m in regex.finditer(text, start, end):
                if shape is not None and hardwrap.indent_is_only_mark(text, m.start(), shape):
                    continue  # a paragraph start in a wrapped file that nothing else marks
                if m.group(0) != target:
                    yield Hit(m.start(), m.end(), target, _indent_message(m.group(0), mode))

    return find


def _indent_message(found: str, mode: str) -> str:
    what = "full-width spaces" if "\u3000" in found else "spaces"
    if mode == "remove":
        return f"paragraph indented with {what}: remove the indentation"
    return f"paragraph indented with {what}: indent with exactly two U+3000"


@builtin(fix="always", locality="line")
def trailing_whitespace(options: Options) -> Finder:
    """Blanks at a line end; in Markdown ASCII spaces there are hard breaks and stay."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        markdown = markup.is_markdown(ctx.filetype)
        # a fragment may stop mid-line: its last blanks need not end a line
        stop = len(text) if ctx.doc.fragment else -1
        for start, end in ctx.windows(text):
            for m in _TRAILING.finditer(text, start, end):
                if m.end() == stop:
                    continue
                run = m.group(0)
                fix = run.replace("\t", "").replace("\u3000", "") if markdown else ""
                if fix != run:
                    yield Hit(m.start(), m.end(), fix, "trailing white space")

    return find


@builtin(fix="always", locality="line")
def no_break_space(options: Options) -> Finder:
    """U+00A0 becomes a space, one for one; at a line end it goes: there it is no text,
    and in Markdown two trailing spaces would be a hard break that was not there."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        # a fragment may stop mid-line: its end is not a line end
        fragment_end = len(text) if ctx.doc.fragment else -1
        for start, end in ctx.windows(text):
            for m in _NBSP.finditer(text, start, end):
                tail = _BLANKS_TO_EOL.match(text, m.end())
                if tail is not None and tail.end() != fragment_end:
                    yield Hit(m.start(), m.end(), "", "no-break space (U+00A0) at a line end")
                else:
                    yield Hit(m.start(), m.end(), " " * len(m.group(0)), _NBSP_MESSAGE)

    return find


_NBSP_MESSAGE = "no-break space (U+00A0): use an ordinary space"


@builtin(fix="always", locality="document")
def final_newline(options: Options) -> Finder:
    """A non-empty file ends with exactly one newline; one of only newlines becomes empty."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        if not text or ctx.doc.fragment:
            return
        body = text.rstrip("\n")
        if not body:
            yield Hit(0, len(text), "", "file holds only empty lines")
        elif len(text) - len(body) == 0:
            yield Hit(len(text), len(text), "\n", "no newline at end of file")
        elif len(text) - len(body) > 1:
            yield Hit(len(body) + 1, len(text), "", "extra empty lines at end of file")

    return find


_NEWLINE_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


@builtin(fix="always", locality="document")
def line_endings(options: Options) -> Finder:
    """Line ends are LF by default; ``line-ending = "crlf" | "keep"`` changes the target, and
    the default "auto" takes it from the document's ``eol`` (git's attributes)."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        doc = ctx.doc
        if doc.fragment or ("\n" not in text and doc.first_foreign_newline < 0):
            return
        mode = ctx.settings.line_ending
        if mode == "auto":
            mode = doc.eol or "lf"
        target = {"lf": "\n", "crlf": "\r\n"}.get(mode, doc.newline)
        if doc.newline == target and not doc.mixed_newlines:
            return
        pos = doc.first_foreign_newline if doc.first_foreign_newline >= 0 else text.find("\n")
        if doc.mixed_newlines:
            msg = f"mixed line ends: use {_NEWLINE_NAMES[target]} throughout"
        else:
            msg = f"{_NEWLINE_NAMES[doc.newline]} line ends: use {_NEWLINE_NAMES[target]}"
        yield Hit(max(pos, 0), max(pos, 0), None, msg, meta=(("newline", target),))

    return find
