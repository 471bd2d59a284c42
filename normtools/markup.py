"""Which parts of a text rules may edit, and where its paragraphs are.

Protected spans (house-style.md): URLs, e-mail addresses, paths (whatever their
script), versions, decimals, times, thousands separators, ratios, HTML entities and site
template tags in every file; in Markdown whatever a CommonMark parser calls code, raw
HTML, link targets or front matter (normtools.commonmark); in reStructuredText its
literal blocks, roles and directives (normtools.rst); plus the user's
``extend-ignore-re``. Paragraphs: one line each in ordinary text files, CommonMark
paragraphs in Markdown, blocks in reStructuredText, and in hard-wrapped text files the
lines from one paragraph start to the next (normtools.hardwrap).

A text's layout is computed once, on first use, and shared by every rule and by both
questions (a Markdown file is parsed once per state of the text); clean text, where no
rule fires, never pays for it. This module knows nothing about rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from normtools import hardwrap, regexcache
from normtools.settings import Settings
from normtools.text import Paragraphs, Spans, hot_lines

# Document.filetype values that are Markdown (names: textio.FILETYPE_OF_NAME).
MARKDOWN = frozenset({"md", "mdx"})

_URL = regexcache.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)[^\s<>\"'`\u3000-\u303F\u3400-\u9FFF\uFF00-\uFFEF“”‘’]+"
)
_EMAIL = regexcache.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# ASCII paths (relative ones need a separator between two names), and Windows paths
# (drive or UNC) whose folder and file names may be in any script and hold commas:
# a name runs to the next separator; the last one ends at its extension or a blank or
# a Chinese mark.
_PATH = regexcache.compile(
    r"(?:[A-Za-z]:\\|\\\\|~/|\.{1,2}/|/)?(?:[A-Za-z0-9_.-]+[/\\])+[A-Za-z0-9_.-]+[/\\]?"
)
_WIN_NAME = r"[^\\/:*?\"<>|\s\u3000，。；：！？、（）《》“”‘’【】]"
_WIN_PATH = regexcache.compile(
    r"(?:(?<![A-Za-z0-9])[A-Za-z]:|\\\\" + _WIN_NAME + r"+)\\(?:" + _WIN_NAME + r"+\\)*"
    r"(?:" + _WIN_NAME + r"*?\.[A-Za-z0-9]{1,8}(?![A-Za-z0-9])|" + _WIN_NAME + r"*)"
)
_UNIX_HAN_PATH = regexcache.compile(
    r"(?:~|\.{1,2})?/(?:[\w.@+-]+/)+[\w.@+-]*\.[A-Za-z0-9]{1,8}(?![A-Za-z0-9])"
    r"|(?:~|\.{1,2})/(?:[\w.@+-]+/)*[\w.@+-]+"
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
# A JSON object written in prose ({"t":254,"v":"测试"}): data, not Chinese quotation.
_JSON = regexcache.compile(r'\{\s*"[^"\n]*"\s*:(?:[^{}\n]|\{[^{}\n]*\})*\}')
# &mdash; &#96; &#x2014;
_ENTITY = regexcache.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Site generators: Hugo {{< >}} {{% %}}, Liquid/Jinja/Nunjucks {{ }} {% %} {# #}, heading
# anchors and attribute lists {#id} {: .class} {.class}, MDX-style comments {/* */}.
_TEMPLATE = regexcache.compile(
    r"\{\{<.{0,2000}?>\}\}|\{\{%.{0,2000}?%\}\}|\{\{.{0,2000}?\}\}|\{%.{0,2000}?%\}"
    r"|\{#.{0,500}?#\}|\{/\*.{0,2000}?\*/\}|\{:?[ \t]*[#.][^{}\n]{0,500}\}",
    re.S,
)
_TEMPLATE_TRIGGER = regexcache.compile(r"\{[{%#/:.]")
_NUMBER_TRIGGER = regexcache.compile(r"\d[.,:]\d")
_PATH_TRIGGER = regexcache.compile(r"[/\\]")


def is_markdown(filetype: str) -> bool:
    return filetype in MARKDOWN


@dataclass(frozen=True)
class Options:
    """The settings that shape a layout."""

    paragraphs: str = "auto"
    ignore_re: tuple[str, ...] = ()


def options_of(settings: Settings | None) -> Options:
    if settings is None:
        return _DEFAULT
    return Options(settings.paragraphs, settings.extend_ignore_re)


_DEFAULT = Options()


class Layout:
    """The structure of one text: protected spans, code, paragraphs, wrap shape."""

    def __init__(
        self,
        text: str,
        filetype: str,
        options: Options = _DEFAULT,
        shape: hardwrap.Shape | None = None,
    ) -> None:
        self.text = text
        self.filetype = filetype
        self.options = options
        self._parsed: Any = None
        self._protected: Spans | None = None
        self._paragraphs: Paragraphs | None = None
        self._shape: hardwrap.Shape | None = shape

    # -- structure parsers ------------------------------------------------------------
    def _structure(self) -> Any:
        """The Markdown or reStructuredText parse, once."""
        if self._parsed is None:
            if is_markdown(self.filetype):
                from normtools import commonmark

                self._parsed = commonmark.parse(self.text, mdx=self.filetype == "mdx")
            elif self.filetype == "rst":
                from normtools import rst

                self._parsed = rst.parse(self.text)
        return self._parsed

    @property
    def shape(self) -> hardwrap.Shape | None:
        """How a text file is wrapped (None for Markdown and reStructuredText)."""
        if self.filetype != "txt":
            return None
        if self._shape is None:
            mode = self.options.paragraphs
            if mode == "lines":
                self._shape = hardwrap.Shape(False, reason="one line each (configured)")
            else:
                self._shape = hardwrap.detect(self.text, force=mode == "hard-wrapped")
        return self._shape

    # -- answers ----------------------------------------------------------------------
    @property
    def protected(self) -> Spans:
        if self._protected is None:
            self._protected = Spans(self._find_protected)
        return self._protected

    @property
    def paragraphs(self) -> Paragraphs:
        if self._paragraphs is None:
            self._paragraphs = self._find_paragraphs()
        return self._paragraphs

    def code(self) -> list[tuple[int, int]]:
        """Code (blocks, spans, code elements): suppression markers there are examples."""
        parsed = self._structure()
        return list(parsed.code) if parsed is not None else []

    def describe(self) -> dict[str, str]:
        """What ``--verbose`` shows: the file type and the paragraph model, with why."""
        names = {"txt": "text", "md": "markdown", "mdx": "mdx", "rst": "rst"}
        out = {"filetype": names.get(self.filetype, self.filetype)}
        if self.options.paragraphs == "lines":
            out.update(paragraphs="lines", reason="one line each (configured)")
        elif self.filetype == "txt":
            shape = self.shape
            assert shape is not None
            out.update(paragraphs="hard-wrapped" if shape.wrapped else "lines", reason=shape.reason)
        elif is_markdown(self.filetype):
            out.update(paragraphs="markdown", reason="CommonMark paragraphs (markdown-it-py)")
        else:
            out.update(paragraphs="blocks", reason="reStructuredText paragraphs")
        return out

    def _find_paragraphs(self) -> Paragraphs:
        if self.options.paragraphs == "lines":
            return Paragraphs()
        if self.filetype == "txt":
            shape = self.shape
            assert shape is not None
            if not shape.wrapped:
                return Paragraphs()
            return Paragraphs(hardwrap.paragraph_spans(self.text, shape), "hard-wrapped")
        parsed = self._structure()
        if parsed is None:
            return Paragraphs()
        return Paragraphs(parsed.paragraphs, "markdown")

    def _find_protected(self) -> list[tuple[int, int]]:
        text = self.text
        spans: list[tuple[int, int]] = []
        parsed = self._structure()
        if parsed is not None:
            spans.extend(parsed.protected)
        if "://" in text or "www." in text or "mailto:" in text:
            for m in _URL.finditer(text):
                end = m.end()
                while end > m.start() and text[end - 1] in _TRAILING_URL_PUNCT:
                    end -= 1
                # the blank after a bare URL ends it for autolinking renderers: it stays
                while end < len(text) and text[end] in " \t" and end == m.end():
                    end += 1
                spans.append((m.start(), end))
        if "@" in text:
            spans.extend(m.span() for m in _EMAIL.finditer(text))
        if "&" in text:
            spans.extend(m.span() for m in _ENTITY.finditer(text))
        if '{"' in text or '{ "' in text:
            spans.extend(m.span() for m in _JSON.finditer(text))
        if _TEMPLATE_TRIGGER.search(text):
            spans.extend(m.span() for m in _TEMPLATE.finditer(text))
        for regex, trigger in (
            (_PATH, _PATH_TRIGGER),
            (_WIN_PATH, _PATH_TRIGGER),
            (_UNIX_HAN_PATH, _PATH_TRIGGER),
            (_NUMBERISH, _NUMBER_TRIGGER),
        ):
            for start, end in hot_lines(text, trigger):
                spans.extend(m.span() for m in regex.finditer(text, start, end))
        spans.extend(_user_spans(text, self.options.ignore_re))
        return spans


def _user_spans(text: str, patterns: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Matches of ``extend-ignore-re``. A pattern that runs out of time protects the
    whole text: better no fix than a fix the user ruled out."""
    if not patterns:
        return
    import regex

    from normtools.matchers import REGEX_TIME_BUDGET

    for pattern in patterns:
        compiled = regex.compile(pattern, regex.MULTILINE | regex.VERSION0)
        try:
            found = [m.span() for m in compiled.finditer(text, timeout=REGEX_TIME_BUDGET)]
        except TimeoutError:
            yield 0, len(text)
            return
        yield from found


# -- the cache ---------------------------------------------------------------------------

_CACHE_SIZE = 2
_cache: list[Layout] = []


def layout(
    text: str, filetype: str, settings: Settings | None = None, shape: object = None
) -> Layout:
    """The layout of ``text``: computed once per text (the engine asks for the protected
    spans and the paragraphs of each pass's text, and rules ask again). ``shape``: how
    the file is wrapped, when already known (a fix pass reuses the original's)."""
    options = options_of(settings)
    for i, found in enumerate(_cache):
        if (
            found.filetype == filetype
            and found.options == options
            and (found.text is text or found.text == text)
        ):
            if i:
                _cache.insert(0, _cache.pop(i))
            return found
    made = Layout(text, filetype, options, shape if isinstance(shape, hardwrap.Shape) else None)
    _cache.insert(0, made)
    del _cache[_CACHE_SIZE:]
    return made


def forget() -> None:
    """Drop the cached layouts: after a huge text's run, they would keep the text and its
    spans alive until two other texts came along."""
    _cache.clear()


def protected_spans(
    text: str, filetype: str, settings: Settings | None = None, shape: object = None
) -> Spans:
    """All spans of ``text`` that no fixing rule may change, computed on first query."""
    return layout(text, filetype, settings, shape).protected


def paragraphs_of(
    text: str, filetype: str, settings: Settings | None = None, shape: object = None
) -> Paragraphs:
    """The paragraphs of ``text`` (house-style.md)."""
    return layout(text, filetype, settings, shape).paragraphs


def wrap_shape(text: str, filetype: str, settings: Settings | None = None) -> object:
    """How a text file is wrapped (None for other file types), for reuse on its fixes."""
    return layout(text, filetype, settings).shape


def code_spans(text: str, filetype: str = "md") -> list[tuple[int, int]]:
    """Code in Markdown or reStructuredText: where suppression markers are examples."""
    return layout(text, filetype).code()


def indentation_is_structure(
    text: str, filetype: str, settings: Settings | None = None, shape: object = None
) -> bool:
    """In a hard-wrapped file whose paragraphs are marked only by indentation, removing
    the indentation would merge them."""
    shape = layout(text, filetype, settings, shape).shape
    return shape is not None and shape.indentation_is_structure
