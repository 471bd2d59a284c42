"""How text looks in a terminal cell grid: East Asian width, and invisible characters
made visible, so that a caret lands under the character it points at.

A Han character or a full-width mark (East Asian width W or F) takes two cells, a
combining mark none, anything else one. Characters that show nothing or could drive the
terminal (control, format, line and paragraph separators, zero-width spaces, the BOM,
bidirectional overrides) are shown as ``‹U+200B›``; a tab becomes spaces to the next
tab stop.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

TAB_SIZE = 4
ELLIPSIS = "..."  # ASCII: "…" is of ambiguous width, two cells in some CJK terminals
NAMED = {"\n": "LF", "\r": "CR", "\t": "TAB"}
# Blanks that are easy to miss or mistake for an ASCII space, made visible when they are
# what a fix changes (``visible(..., blanks=True)``).
BLANKS = frozenset("\u3000\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u205f")
RUN = 4  # this many of one invisible character or more are shown as a marker and a count


def marker(ch: str) -> str:
    """``‹U+3000›``, ``‹LF›``: a visible name for one character."""
    return f"‹{NAMED.get(ch) or f'U+{ord(ch):04X}'}›"


def hidden(ch: str) -> bool:
    """Does ``ch`` show nothing (or act on the terminal) when printed?"""
    if ch == " ":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


def width(ch: str) -> int:
    """Cells ``ch`` takes in a terminal."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(width(ch) for ch in text)


def visible(text: str, *, blanks: bool = False) -> str:
    """``text`` with hidden characters (and with ``blanks``, also U+3000, U+00A0 and
    other non-ASCII spaces, and spaces at either end) shown as markers; a run of
    ``RUN`` or more of one of them as ``‹U+3000›×14``."""
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text) - len(text.rstrip(" "))
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if hidden(ch) or (blanks and ch in BLANKS):
            run = len(text) - i - len(text[i:].lstrip(ch))
            # a long run as one marker and a count: ‹U+3000›×14
            out.append(marker(ch) * run if run < RUN else f"{marker(ch)}×{run}")
            i += run
            continue
        if blanks and ch == " " and (i < lead or i >= len(text) - trail):
            out.append("⎵")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def cells(line: str) -> Iterator[tuple[str, int]]:
    """Each character of ``line`` as (what to print, cells it takes)."""
    column = 0
    for ch in line:
        if ch == "\t":
            shown = " " * (TAB_SIZE - column % TAB_SIZE)
            yield shown, len(shown)
            column += len(shown)
        elif hidden(ch):
            shown = marker(ch)
            yield shown, len(shown)
            column += len(shown)
        else:
            w = width(ch)
            yield ch, w
            column += w


def clip(line: str, start: int, end: int, room: int) -> tuple[str, int, int]:
    """``line`` shown in at most ``room`` cells around characters ``start``-``end``.

    Returns the printable line and the cell offset and cell width of the span in it
    (width 0 for an empty span). Cut ends are marked with ``...``.
    """
    pieces = list(cells(line))
    widths = [w for _, w in pieces]
    start = min(start, len(pieces))
    end = max(start, min(end, len(pieces)))
    total = sum(widths)
    lo, hi = 0, len(pieces)
    if total > room:
        # keep about a third of the room for what comes before the finding
        before = max(room // 3, 0)
        lo = start
        used = 0
        while lo > 0 and used + widths[lo - 1] <= before:
            lo -= 1
            used += widths[lo]
        budget = room - (len(ELLIPSIS) if lo > 0 else 0)
        hi = lo
        used = 0
        while hi < len(pieces) and used + widths[hi] <= budget - len(ELLIPSIS):
            used += widths[hi]
            hi += 1
        if hi == len(pieces) - 1 and used + widths[hi] <= budget:
            hi += 1
        hi = max(hi, min(start + 1, len(pieces)))
    left = ELLIPSIS if lo > 0 else ""
    right = ELLIPSIS if hi < len(pieces) else ""
    shown = left + "".join(p for p, _ in pieces[lo:hi]) + right
    offset = len(left) + sum(widths[lo:start])
    span = sum(widths[start : min(end, hi)])
    return shown, offset, span
