"""Text primitives every other module builds on: the Han class, lines, spans, the rules path.

This is the bottom layer: it imports nothing of normtools, so anything may import it
(``tests/test_layers.py`` pins that).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

# CJK ideographs: the "Han" of house-style.md (rules/classes.toml declares the same range
# for rule patterns; a test keeps the two equal).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
# The BMP part alone: a class without astral ranges lets ``re`` scan with a bitmap.
HAN_BMP = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def run_of(item: str, least: int = 1) -> str:
    """A regex for a run of at least ``least`` of ``item`` (a class such as ``[0-9]`` or a
    group), written ``[0-9][0-9]*`` rather than ``[0-9]+``: ``re`` skips to where a
    pattern can start at C speed only when it starts with a character or a class, and a
    run written with ``+`` or ``{2,}`` made it try every position (ten times slower)."""
    return f"{item * least}(?:{item})*"


def is_han(ch: str) -> bool:
    """One character in the Han ranges of house-style.md."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x323AF
    )


def common_han(ch: str) -> bool:
    """GB2312 level 1 or Big5 level 1: the characters everyday text is made of."""
    try:
        gb = ch.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b5 = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return 0xA4 <= b5[0] <= 0xC6


def shipped_rules_dir() -> Path:
    """Rule files installed with the package (``normtools/_rules``), else the source tree's."""
    packaged = Path(__file__).resolve().parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


# -- lines -----------------------------------------------------------------------------


def line_mapping(old: str, new: str, *, pair_edited: bool = False) -> list[int | None]:
    """For each line of ``new`` (a text made from ``old`` by small edits), its 1-based
    number in ``old``, or None for a line an edit created. ``pair_edited``: lines an edit
    changed are paired with the lines they replace, in order, instead of taken as new."""
    from difflib import SequenceMatcher

    before, after = old.split("\n"), new.split("\n")
    if len(before) == len(after):
        return list(range(1, len(after) + 1))
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    mapping: list[int | None] = [i + 1 for i in range(head)]
    middle: list[int | None] = [None] * (len(after) - head - tail)
    matcher = SequenceMatcher(
        None, before[head : len(before) - tail], after[head : len(after) - tail], autojunk=False
    )
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and pair_edited):
            for k in range(min(a2 - a1, b2 - b1)):
                middle[b1 + k] = head + a1 + k + 1
    mapping += middle
    mapping += [len(before) - tail + k + 1 for k in range(tail)]
    return mapping


class LineEnds:
    """The line ends of a file that mixes them (CRLF here, LF there), kept so that a fix
    which does not set the file's line ends (ZH407 ignored, suppressed, or outside the
    changed lines) writes every line back with its own end: fixing one line must not
    rewrite the ends of all the others. ``text`` is the LF text they belong to."""

    __slots__ = ("ends", "text")

    def __init__(self, text: str, ends: Sequence[str]) -> None:
        self.text = text
        self.ends = tuple(ends)  # one per "\n" of text, in order

    def apply(self, text: str, default: str) -> str:
        """``text`` (LF only; the text these ends belong to, edited) with each line's end
        put back; a line an edit created gets ``default``."""
        mapping = line_mapping(self.text, text, pair_edited=True)
        ends, out = self.ends, []
        pieces = text.split("\n")
        for i, piece in enumerate(pieces[:-1]):
            origin = mapping[i]
            out.append(piece)
            out.append(ends[origin - 1] if origin is not None and origin <= len(ends) else default)
        out.append(pieces[-1])
        return "".join(out)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line begins (the first is 0)."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def line_span(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the line holding ``pos``, without its newline."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def hot_lines(
    text: str, trigger: re.Pattern[str], start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """(start, end) of each line in ``text[start:end]`` that holds a match of ``trigger``.

    ``start``/``end`` must be line boundaries. Lines without a match are skipped in one
    C-speed scan, so clean text costs little.
    """
    return hot_lines_in(text, trigger, ((start, len(text) if end is None else end),))


def hot_lines_in(
    text: str, trigger: re.Pattern[str], windows: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``hot_lines`` of each window (line boundaries, sorted, apart), in one list.

    One search runs on from window to window: a later fix pass has about ten windows
    per rule, and most triggers match in none of them. A match in the gap between two
    windows moves the search to the next window's start.
    """
    lines: list[tuple[int, int]] = []
    if not windows:
        return lines
    append = lines.append
    search = trigger.search
    rfind, find = text.rfind, text.find
    count = len(windows)
    i = 0
    w_start, w_end = windows[0]
    last = windows[-1][1]
    pos = w_start
    while pos <= last:
        m = search(text, pos, last)
        if m is None:
            break
        at = m.start()
        while w_end < at:  # past this window: on to the one that holds or follows ``at``
            i += 1
            if i == count:
                return lines
            w_start, w_end = windows[i]
        if at < w_start:  # in a gap: matches count only inside windows
            pos = w_start
            continue
        line_start = rfind("\n", 0, at) + 1
        line_end = find("\n", m.end(), w_end)
        if line_end < 0:
            line_end = w_end
        append((line_start, line_end))
        pos = line_end + 1
    return lines


def merge_adjacent(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of spans that follow each other line by line, joined: a matcher whose
    matches never cross a line end finds the same in a run as span by span."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and merged[-1][1] + 1 >= start:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of about ``size`` characters, cut after a newline."""
    if len(text) <= size:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end + 1
        yield start, text[start:end]
        start = end


class LineIndex:
    """Offsets to 1-based (line, column) in characters; built on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = line_starts(self._text)
        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1


class Paragraphs:
    """The paragraphs of one text (house-style.md): one line each in ordinary text files,
    or explicit spans (Markdown paragraphs, hard-wrapped text). Spans cover whole lines
    and end before the last line's newline."""

    __slots__ = ("_ends", "_spans", "_starts", "kind")

    def __init__(self, spans: Sequence[tuple[int, int]] | None = None, kind: str = "lines") -> None:
        self.kind = kind  # "lines", "markdown" or "hard-wrapped"
        self._spans = list(spans) if spans is not None else None
        self._starts = [s for s, _ in self._spans] if self._spans is not None else []
        self._ends = [e for _, e in self._spans] if self._spans is not None else []

    def around(self, text: str, pos: int) -> tuple[int, int]:
        """The paragraph holding ``pos`` (a line when ``pos`` lies outside every span)."""
        if self._spans is not None:
            i = bisect_right(self._starts, pos) - 1
            if i >= 0 and pos <= self._ends[i]:
                return self._spans[i]
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        return start, len(text) if end < 0 else end

    def hot(
        self, text: str, trigger: re.Pattern[str], start: int = 0, end: int | None = None
    ) -> list[tuple[int, int]]:
        """Paragraphs in ``text[start:end]`` (line boundaries) holding a ``trigger`` match."""
        if self._spans is None:
            return hot_lines(text, trigger, start, end)
        stop = len(text) if end is None else end
        found: list[tuple[int, int]] = []
        pos = start
        while pos <= stop:
            m = trigger.search(text, pos, stop)
            if m is None:
                break
            p_start, p_end = self.around(text, m.start())
            found.append((p_start, p_end))
            pos = max(p_end, m.end()) + 1
        return found


# -- spans -----------------------------------------------------------------------------


class Spans:
    """A set of half-open intervals with fast overlap queries.

    Built from intervals, or from a function that returns them, called on first query
    (so clean text, where nobody asks, never pays for computing them).
    """

    def __init__(
        self, spans: Iterable[tuple[int, int]] | Callable[[], Iterable[tuple[int, int]]] = ()
    ) -> None:
        self._source = spans
        self._built = False
        self._starts: list[int] = []
        self._spans: list[tuple[int, int]] = []

    def _build(self) -> None:
        source = self._source
        spans = source() if callable(source) else source
        merged: list[tuple[int, int]] = []
        for start, end in sorted(s for s in spans if s[1] > s[0]):
            if merged and start <= merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        self._starts = [s for s, _ in merged]
        self._spans = merged
        self._built = True

    def __iter__(self) -> Iterator[tuple[int, int]]:
        if not self._built:
            self._build()
        return iter(self._spans)

    def __len__(self) -> int:
        if not self._built:
            self._build()
        return len(self._spans)

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) touches a span (an insertion at a position strictly
        inside a span counts too)."""
        if not self._built:
            self._build()
        i = bisect_right(self._starts, start) - 1
        if i >= 0 and self._spans[i][1] > start and (end > start or self._spans[i][0] < start):
            return True
        return i + 1 < len(self._spans) and self._spans[i + 1][0] < end

    def contains(self, pos: int) -> bool:
        if not self._built:
            self._build()
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self._spans[i][1] > pos


def occurrences(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Every span where one of ``words`` occurs (overlaps included): ``allow`` entries."""
    spans = []
    for word in words:
        if not word:
            continue
        pos = text.find(word)
        while pos != -1:
            spans.append((pos, pos + len(word)))
            pos = text.find(word, pos + 1)
    return spans
