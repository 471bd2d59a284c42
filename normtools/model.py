"""Plain data shared by the loader, the matchers and the engine.

Kept free of logic so that every other module can import it without cycles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from normtools.markup import Spans

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
FILETYPES: tuple[str, ...] = ("txt", "md")


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

    def copy(self, **changes: object) -> Document:
        fields = {
            "text": self.text,
            "filetype": self.filetype,
            "newline": self.newline,
            "mixed_newlines": self.mixed_newlines,
            "first_foreign_newline": self.first_foreign_newline,
            "bom": self.bom,
            "encoding": self.encoding,
        }
        fields.update(changes)
        return Document(**fields)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Settings:
    """The style choices that house-style.md calls configurable; rules read these."""

    indent: str = "remove"  # remove | keep | two-fullwidth
    line_ending: str = "lf"  # lf | crlf | keep
    bom: str = "remove"  # remove | keep
    encoding: str = "utf-8"  # utf-8 | keep
    profile: str = "zh-Hans"
    quotes: str = "auto"  # auto | curly | corner
    allow: tuple[str, ...] = ()  # phrases (quotations) the script rule never converts


@dataclass(frozen=True, slots=True)
class Context:
    """What a matcher may know besides the text: file type, settings, the document."""

    doc: Document
    settings: Settings = field(default_factory=Settings)
    protected: Spans | None = None
    # Work shared by several rules on the same text (e.g. which lines hold quotes).
    cache: dict[str, object] = field(default_factory=dict)

    @property
    def filetype(self) -> str:
        return self.doc.filetype


Finder = Callable[[str, Context], Iterator[Hit]]


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
    fixable: bool
    enabled: bool
    scope: str  # "text": protected spans are never touched; "raw": whole text
    filetypes: tuple[str, ...]
    examples: tuple[Example, ...]
    source: str
    find: Finder = field(compare=False, repr=False)
    options: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    entries: tuple[Entry, ...] = field(default=(), compare=False, repr=False)
    # The rule sees one line at a time, so fix may re-run it on edited lines only.
    line_local: bool = False
    # Every hit carries a fix; such a rule never leaves a finding behind after fix.
    always_fixes: bool = False

    def applies_to(self, filetype: str) -> bool:
        return not self.filetypes or filetype in self.filetypes
