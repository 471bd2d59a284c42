"""A string that is not a file: a table cell, a field of a record, a line in a stream.

The engine works on LF-only text without a BOM. A file gets its layout from the file rules
(final newline, BOM, line ends, indentation); a fragment keeps its own: the Document is
marked ``fragment`` so those rules leave it alone, and the BOM and line ends it had are
put back afterwards, each line end where it was. Findings are placed in the string as
given, so ``s[d.start:d.end]`` is the text a finding is about.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace

from normtools import textio
from normtools.diagnostics import Diagnostic
from normtools.model import FILETYPES, Document

# The names ``filetype`` accepts, and what each means: the file types themselves
# (normtools.model.FILETYPES) and their long names.
FILETYPE_NAMES: dict[str, str] = {
    **{name: name for name in FILETYPES},
    "text": "txt",
    "markdown": "md",
    "restructuredtext": "rst",
}
_LINE_END = re.compile(r"\r\n|\r|\n")


def filetype_of(name: object) -> str:
    """``txt`` or ``md`` for a name ``filetype`` accepts; ValueError naming them otherwise
    (an unknown name must not quietly mean plain text)."""
    if isinstance(name, str) and name in FILETYPE_NAMES:
        return FILETYPE_NAMES[name]
    raise ValueError(
        f"unknown filetype {name!r}: use 'txt' (plain text, also 'text'), 'md' (Markdown, "
        "also 'markdown'), 'mdx' (MDX) or 'rst' (reStructuredText, also 'restructuredtext')"
    )


def check_document_filetype(doc: Document) -> None:
    if doc.filetype not in FILETYPES:
        raise ValueError(
            f"unknown Document.filetype {doc.filetype!r}: use one of {', '.join(FILETYPES)}"
        )


def text_of(value: object, caller: str) -> str:
    """``value`` when it is a string; a TypeError a pipeline author can act on otherwise."""
    if isinstance(value, str):
        return value
    missing = (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or type(value).__name__ in ("NAType", "NaTType")  # pandas' missing values
    )
    hint = " (a missing value? drop or fill missing values first)" if missing else ""
    raise TypeError(f"{caller}: expected str, got {type(value).__name__}{hint}")


@dataclass(frozen=True, slots=True)
class Fragment:
    """The Document the engine sees, and what it takes to give the string its ends back."""

    doc: Document
    line_ends: tuple[str, ...] | None  # in order, when they were mixed
    crlf_at: tuple[int, ...]  # offsets in ``doc.text`` of each LF that was two characters

    @classmethod
    def of(cls, text: str, filetype: str) -> Fragment:
        doc = textio.from_text(text, filetype)
        doc.fragment = True
        if doc.newline == "\n" and not doc.mixed_newlines:
            return cls(doc, None, ())
        ends = tuple(_LINE_END.findall(text))
        crlf_at: list[int] = []
        position = -1
        for end in ends:
            position = doc.text.index("\n", position + 1)
            if end == "\r\n":
                crlf_at.append(position)
        return cls(doc, ends if doc.mixed_newlines else None, tuple(crlf_at))

    def text(self, fixed: Document) -> str:
        """The fixed text with this fragment's BOM and line ends. If a fix changed the
        number of lines, mixed line ends cannot be matched up: the dominant one is used."""
        text = fixed.text
        if self.line_ends is not None and text.count("\n") == len(self.line_ends):
            ends = iter(self.line_ends)
            text = re.sub("\n", lambda _: next(ends), text)
        elif fixed.newline != "\n":
            text = text.replace("\n", fixed.newline)
        return "\ufeff" + text if fixed.bom else text

    def placed(self, found: list[Diagnostic]) -> list[Diagnostic]:
        """``found`` (offsets in the engine's text) with offsets in the string as given."""
        if not self.crlf_at and not self.doc.bom:
            return found
        bom = int(self.doc.bom)

        def at(offset: int) -> int:
            return offset + bom + bisect.bisect_left(self.crlf_at, offset)

        return [
            replace(
                d,
                start=at(d.start),
                end=at(d.end),
                column=d.column + bom * (d.line == 1),
                end_column=d.end_column + bom * (d.end_line == 1),
            )
            for d in found
        ]
