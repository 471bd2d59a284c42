"""Which parts of a text rules may edit.

Protected spans (house-style.md): URLs, e-mail addresses, paths, versions, decimals,
times, thousands separators, ratios; in Markdown also code, link targets, HTML and
front matter. This module knows nothing about rules; it only returns intervals.
"""

from __future__ import annotations

import re

from normtools import regexcache
from normtools.text import Paragraphs, Spans, hot_lines

_URL = regexcache.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)[^\s<>\"'`\u3000-\u303F\u3400-\u9FFF\uFF00-\uFFEF“”‘’]+"
)
_EMAIL = regexcache.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PATH = regexcache.compile(
    r"(?:[A-Za-z]:\\|\\\\|~/|\.{1,2}/|/)?(?:[A-Za-z0-9_.-]+[/\\])+[A-Za-z0-9_.-]+[/\\]?"
)
_NUMBERISH = regexcache.compile(
    r"""
      [vV]?\d+(?:\.\d+){2,}(?:[-+][0-9A-Za-z.]+)?   # versions 1.2.3, v2.0.1-rc1
    | [vV]\d+(?:\.\d+)+                              # v1.2
    | \d{1,3}(?:,\d{3})+(?:\.\d+)?                   # thousands 3,000 and 1,234.5
    | \d+\.\d+%?                                     # decimals 3.14, 99.99%
    | \d{1,2}:\d{2}(?::\d{2})?                       # times 10:30, 08:00:00
    | \d+:\d+                                        # ratios and scores 3:1
    """,
    re.VERBOSE,
)
_TRAILING_URL_PUNCT = ".,;:!?)]}'\""


def paragraphs_of(text: str, filetype: str) -> Paragraphs:
    """The paragraphs of ``text`` (house-style.md): one line each for now."""
    return Paragraphs()


def protected_spans(text: str, filetype: str) -> Spans:
    """All spans of ``text`` that no fixing rule may change, computed on first use:
    clean text, where no rule fires, never pays for them."""
    return Spans(lambda: _find_protected(text, filetype))


_NUMBER_TRIGGER = regexcache.compile(r"\d[.,:]\d")
_PATH_TRIGGER = regexcache.compile(r"[/\\]")


def _find_protected(text: str, filetype: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if filetype == "md":
        spans.extend(_markdown_spans(text))
    if "://" in text or "www." in text or "mailto:" in text:
        for m in _URL.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in _TRAILING_URL_PUNCT:
                end -= 1
            spans.append((m.start(), end))
    if "@" in text:
        spans.extend(m.span() for m in _EMAIL.finditer(text))
    for regex, trigger in ((_PATH, _PATH_TRIGGER), (_NUMBERISH, _NUMBER_TRIGGER)):
        for start, end in hot_lines(text, trigger):
            spans.extend(m.span() for m in regex.finditer(text, start, end))
    return spans


# --- Markdown -------------------------------------------------------------------------

_FENCE = regexcache.compile(r"^ {0,3}(`{3,}|~{3,})")
_FRONT_MATTER = regexcache.compile(
    r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|\Z)", re.S
)
_INLINE_CODE = regexcache.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HTML_COMMENT = regexcache.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML_TAG = regexcache.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = regexcache.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*>")
_LINK_TARGET = regexcache.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
_REF_DEFINITION = regexcache.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.M)
_IMAGE_BANG = regexcache.compile(r"!(?=\[)")
_HEADING_ID = regexcache.compile(r"\{#[A-Za-z0-9_-]+\}")


def _markdown_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    fm = _FRONT_MATTER.match(text)
    if fm:
        spans.append(fm.span())
    spans.extend(_code_blocks(text))
    for regex in (
        _INLINE_CODE,
        _HTML_COMMENT,
        _HTML_TAG,
        _AUTOLINK,
        _LINK_TARGET,
        _REF_DEFINITION,
        _IMAGE_BANG,
        _HEADING_ID,
    ):
        spans.extend(m.span() for m in regex.finditer(text))
    return spans


def _code_blocks(text: str) -> list[tuple[int, int]]:
    """Fenced code (``` or ~~~, to the closing fence or the end) and indented code."""
    spans: list[tuple[int, int]] = []
    offset = 0
    fence: str | None = None
    fence_start = 0
    prev_blank = True
    in_indented = False
    for stripped in text.split("\n"):
        line_len = len(stripped) + 1
        if fence is not None:
            m = _FENCE.match(stripped)
            closes = m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)
            if closes and m and not stripped[m.end() :].strip():
                spans.append((fence_start, min(offset + line_len, len(text))))
                fence = None
        else:
            m = _FENCE.match(stripped)
            if m:
                fence = m.group(1)
                fence_start = offset
                in_indented = False
            elif (stripped.startswith("    ") or stripped.startswith("\t")) and (
                prev_blank or in_indented
            ):
                if stripped.strip():
                    spans.append((offset, min(offset + line_len, len(text))))
                    in_indented = True
            elif stripped.strip():
                in_indented = False
        prev_blank = not stripped.strip()
        offset += line_len
    if fence is not None:
        spans.append((fence_start, len(text)))
    return spans


def code_spans(text: str) -> list[tuple[int, int]]:
    """Markdown code (fenced, indented, inline): where markers are examples, not markers."""
    return _code_blocks(text) + [m.span() for m in _INLINE_CODE.finditer(text)]
