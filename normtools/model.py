"""Plain data shared by the loader, the matchers and the engine.

Kept free of logic beyond small queries, so that every layer above the text primitives
can import it without cycles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from normtools.settings import Settings
from normtools.text import LineEnds, Paragraphs, Spans, hot_lines_in, merge_adjacent

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
# Document.filetype: plain text, Markdown, MDX (Markdown with JSX), reStructuredText.
FILETYPES: tuple[str, ...] = ("txt", "md", "mdx", "rst")
# What a rule can do about its findings (ruff's FixAvailability).
FixAvailability = Literal["always", "sometimes", "never"]
FIX_AVAILABILITIES: tuple[str, ...] = ("always", "sometimes", "never")
# How much text a rule needs around a spot to decide: the line, the paragraph (quote
# pairing, balance), or the whole document (final newline, script majority).
Locality = Literal["line", "paragraph", "document"]
LOCALITIES: tuple[str, ...] = ("line", "paragraph", "document")


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a rule fired: a span of the text and, when fixable, what replaces it.

    ``replacement is None`` means report only. ``meta`` carries document-level changes
    (newline style, BOM, encoding) that are not edits of the text itself.
    """

    start: int
    end: int
    replacement: str | None = None
    message: str | None = None
    meta: tuple[tuple[str, str], ...] = ()

    @property
    def fixable(self) -> bool:
        return self.replacement is not None or bool(self.meta)


@dataclass(slots=True)
class Document:
    """A text as the engine sees it: LF-only text plus what the file looked like on disk."""

    text: str
    filetype: str = "txt"
    newline: str = "\n"  # the file's dominant line end
    mixed_newlines: bool = False
    first_foreign_newline: int = -1  # offset of the first line end that is not LF, or -1
    bom: bool = False
    encoding: str = "utf-8"
    # Each line's own end where the file mixes them: written back while nothing set the
    # file's line ends (textio.to_text).
    line_ends: LineEnds | None = field(default=None, compare=False, repr=False)
    # What line-ending = "auto" means for this file ("lf", "crlf" or "keep"), from git's
    # attributes where the file is read (discovery.line_endings); None: not known, so "lf".
    eol: str | None = None
    # A piece of text, not a file (a table cell, a string in a pipeline): file-level
    # rules (final newline, BOM, encoding, line ends, indentation) leave it alone, and
    # nothing is added or removed at its ends.
    fragment: bool = False
    # How the original text is wrapped (normtools.hardwrap.Shape), found once and reused
    # by later fix passes: fixes do not change how a file is wrapped.
    wrap: object = field(default=None, compare=False, repr=False)

    def copy(self, **changes: object) -> Document:
        fields = {
            "text": self.text,
            "filetype": self.filetype,
            "newline": self.newline,
            "mixed_newlines": self.mixed_newlines,
            "first_foreign_newline": self.first_foreign_newline,
            "bom": self.bom,
            "encoding": self.encoding,
            "line_ends": self.line_ends,
            "eol": self.eol,
            "fragment": self.fragment,
            "wrap": self.wrap,
        }
        fields.update(changes)
        return Document(**fields)  # type: ignore[arg-type]


class Context:
    """What a rule may know besides the text: settings, the document, its protected
    spans and paragraphs (computed once per state of the text and shared by every rule),
    and the regions to look at (None: everywhere; later fix passes look only at the
    paragraphs around the previous pass's edits)."""

    __slots__ = ("_paragraphs", "_protected", "cache", "doc", "regions", "settings")

    def __init__(
        self,
        doc: Document,
        settings: Settings | None = None,
        protected: Spans | None = None,
        paragraphs: Callable[[], Paragraphs] | None = None,
        regions: Sequence[tuple[int, int]] | None = None,
    ) -> None:
        self.doc = doc
        self.settings = settings or Settings()
        self._protected = protected if protected is not None else Spans()
        self._paragraphs: Paragraphs | Callable[[], Paragraphs] | None = paragraphs
        self.regions = regions
        # Work shared by several rules on the same text (e.g. which lines hold quotes).
        self.cache: dict[object, object] = {}

    @property
    def filetype(self) -> str:
        return self.doc.filetype

    @property
    def protected(self) -> Spans:
        return self._protected

    @property
    def paragraphs(self) -> Paragraphs:
        value = self._paragraphs
        if value is None:
            value = Paragraphs()
        elif not isinstance(value, Paragraphs):
            value = value()
        self._paragraphs = value
        return value

    def windows(self, text: str) -> Sequence[tuple[int, int]]:
        """Where to look: the regions, or the whole text."""
        return self.regions if self.regions is not None else ((0, len(text)),)

    def hot_lines(self, text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
        """Lines in the regions that hold a ``trigger`` match; shared by rules with one
        trigger."""
        key = ("hot-lines", trigger.pattern, self.regions is None)
        cached = self.cache.get(key)
        if cached is None:
            cached = hot_lines_in(text, trigger, self.windows(text))
            self.cache[key] = cached
        return cached  # type: ignore[return-value]

    def hot_spans(self, text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
        """Runs of adjacent lines in the regions that hold a ``trigger`` match, for
        matchers whose matches never cross a line end."""
        return merge_adjacent(self.hot_lines(text, trigger))

    def hot_paragraphs(self, text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
        """Paragraphs in the regions that hold a ``trigger`` match."""
        paragraphs = self.paragraphs
        return [x for s, e in self.windows(text) for x in paragraphs.hot(text, trigger, s, e)]


Finder = Callable[[str, Context], Iterator[Hit]]
# A suppression predicate: (rule, start, end) -> True when the finding is suppressed.
Suppressor = Callable[["Rule", int, int], bool]


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary entry: a certain ``fix`` or several ``suggest``ions, minus exceptions."""

    wrong: str
    fix: str | None
    suggest: tuple[str, ...]
    exceptions: tuple[str, ...]

    def excluded_at(self, text: str, start: int) -> bool:
        """True when the match at ``start`` lies inside one of the entry's exception strings."""
        for exc in self.exceptions:
            offset = exc.find(self.wrong)
            while offset != -1:
                begin = start - offset
                if begin >= 0 and text.startswith(exc, begin):
                    return True
                offset = exc.find(self.wrong, offset + 1)
        return False


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    fixed: str | None = None
    hits: int | None = None
    filetype: str = "txt"
    encoding: str = "utf-8"  # the encoding the example's file is taken to have had


@dataclass(frozen=True, slots=True)
class Rule:
    """A loaded, validated rule. ``find`` does the matching; everything else describes it."""

    code: str
    name: str
    family: str
    kind: str
    severity: str
    description: str
    enabled: bool
    scope: str  # "text": protected spans are never touched; "raw": whole text
    filetypes: tuple[str, ...]
    examples: tuple[Example, ...]
    source: str
    find: Finder = field(compare=False, repr=False)
    options: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    entries: tuple[Entry, ...] = field(default=(), compare=False, repr=False)
    # What the rule declares (built-ins) or its data implies: see FixAvailability, Locality.
    fix: FixAvailability = "never"
    locality: Locality = "document"

    @property
    def fixable(self) -> bool:
        return self.fix != "never"

    @property
    def always_fixes(self) -> bool:
        """Every hit carries a fix: such a rule never leaves a finding behind after fix."""
        return self.fix == "always"

    @property
    def local(self) -> bool:
        """The rule decides from a line or paragraph: fix may re-run it there alone."""
        return self.locality != "document"

    def applies_to(self, filetype: str) -> bool:
        """MDX is Markdown to a rule that names ``md``."""
        if not self.filetypes or filetype in self.filetypes:
            return True
        return filetype == "mdx" and "md" in self.filetypes
