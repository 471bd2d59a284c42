"""Hard-wrapped text files: is a file wrapped at a fixed width, and where its paragraphs are.

E-texts and text exported from PDFs often break every line at a fixed width (38 Han, say)
inside sentences and mark paragraphs by indentation or blank lines. Quote pairing and the
balance checks must then see a paragraph, not a line (house-style.md). The file itself
tells: most long lines end at one width, and most of those end inside a sentence (a poem
with lines of equal length ends every line with a mark). Widths are display columns
(a Han character counts two).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from normtools.text import is_han

# A wrap narrower than this (20 Han) is verse or a list, not a wrapped paragraph.
MIN_WIDTH = 40
MAX_WIDTH = 400  # no text is wrapped wider (a longer line is a paragraph of its own)
# Share of non-empty lines that end near the wrap width, and share of those that end
# inside a sentence, for a file to count as hard-wrapped.
MIN_NEAR_SHARE = 0.4
MIN_OPEN_SHARE = 0.6
MIN_NEAR_LINES = 10  # fewer full lines than this: see _short_wrapped
# A short text (a quotation pasted from an e-text) shows its wrap by its paragraphs:
# at least SHORT_CONTINUATIONS lines continue a full line, inside paragraphs marked by
# indentation or blank lines, and every line but a paragraph's last is full. Without
# such marks: at least SHORT_NEAR_LINES full lines, SHORT_OPEN_SHARE of the continued
# ones ending inside a sentence (on Han or a mark no paragraph ends with), and a short
# last line.
SHORT_CONTINUATIONS = 2
SHORT_NEAR_LINES = 2
SHORT_OPEN_SHARE = 0.75
_PROSE_MARKS = frozenset("，。、；：！？“”")
_INSIDE_MARKS = frozenset("，、；：“‘（《「『〈【—")  # never end a paragraph
# A line that opens a list item, a numbered point or a table row: -, *, 1., 1、, 一、,
# （一）, ①, |.
_ITEM_START = re.compile(
    r"[ \t\u3000]*(?:[-*+•·][ \t]|\||[0-9]{1,3}(?:[.．](?![0-9])|[、)）])"
    r"|[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十0-9]{1,3}[）)]|[①-⑳])"
)
# A line this many columns (two Han) short of the wrap width still counts as full: the
# wrapping program may move a mark that must not start a line to the next one.
SLACK = 4
# Indentation (blank lines) mark paragraphs when MOST_STARTS of the paragraph starts
# (lines after a short line) are indented (follow a blank line). Indentation also marks
# them when SOME_INDENTED of the starts are indented and continuation lines hardly ever
# are (at most CONTINUATION_INDENTED of the lines after a full line): an e-text typed or
# scanned unevenly indents many paragraphs, and the others end on a short line.
# Removing the indentation there would merge the indented paragraphs.
MOST_STARTS = 0.6
SOME_INDENTED = 0.3
CONTINUATION_INDENTED = 0.1
# Text whose lines end inside a sentence at no fixed width (extracted from a PDF): most
# lines of at least RAGGED_MIN_WIDTH columns end inside a sentence, and blank lines cut
# it into blocks of at most RAGGED_BLOCK_LINES lines on average.
RAGGED_MIN_WIDTH = 20
RAGGED_OPEN_SHARE = 0.75
RAGGED_BLOCK_LINES = 12
# Lines looked at to decide (a huge file is judged by its beginning).
SAMPLE_LINES = 20000
# Blank lines after this share of lines: the file is double-spaced and the usual run of
# blank lines between two lines is not a paragraph mark.
DOUBLE_SPACED = 0.8
# In a wrapped file hardly any line is longer than the wrap (a page footer repeated
# between paragraphs written one per line is not a wrap).
MAX_OVER_SHARE = 0.1
# Characters that close a sentence or clause at a line end.
_CLOSING = frozenset("。！？!?…”’」』）)》：:；;")
_BLANKS = " \t\u3000"


def width(line: str) -> int:
    """Display columns of ``line``, near enough: ASCII counts one, Han and full-width
    forms (three bytes in UTF-8) two."""
    return (len(line.encode("utf-8", errors="surrogatepass")) + len(line)) // 2


def _indent(line: str) -> int:
    return width(line[: len(line) - len(line.lstrip(_BLANKS))])


@dataclass(frozen=True)
class Shape:
    """What detection found: whether the file is wrapped, at which width, and how its
    paragraphs are marked. ``reason`` says why, for ``--verbose``."""

    wrapped: bool
    width: int = 0
    base_indent: int = 0  # indentation of ordinary (continuation) lines
    indent_marks: bool = False  # an indented line starts a paragraph
    blank_marks: bool = False  # most paragraphs follow a blank line
    gap: int = 0  # blank lines between the lines of one paragraph (double-spaced files)
    reason: str = ""
    # a line after one that ends short of the width starts a paragraph too (where
    # indentation marks only some paragraphs)
    short_marks: bool = False

    @property
    def indentation_is_structure(self) -> bool:
        """Indentation is the only paragraph mark: removing it would merge paragraphs."""
        return self.wrapped and self.indent_marks and not self.blank_marks


def detect(text: str, *, force: bool = False) -> Shape:
    """The wrap shape of ``text``; with ``force``, taken as wrapped whatever it looks like
    (the width, when one shows, still decides where unmarked paragraphs end)."""
    lines = _sample(text)
    filled = [ln.rstrip() for ln in lines if ln.strip()]
    if not filled:
        return Shape(force, reason="forced by configuration" if force else "no text")
    if not force:
        # Both shapes need lines that end inside a sentence: a wrap at least
        # MIN_NEAR_LINES * MIN_OPEN_SHARE of them, PDF text more. Most files (one
        # paragraph per line, each ending in a mark) are told apart here, cheaply. A
        # short text (half its lines full, fewer than MIN_NEAR_LINES of them: fewer
        # than twice as many lines) is judged by _short_wrapped.
        open_lines = sum(1 for ln in filled if ln[-1] not in _CLOSING)
        if open_lines < MIN_NEAR_LINES * MIN_OPEN_SHARE and len(filled) >= 2 * MIN_NEAR_LINES:
            return Shape(
                False,
                reason=f"not hard-wrapped: only {open_lines} lines end inside a sentence",
            )
    widths = [width(ln) for ln in filled]
    long_widths = Counter(w for w in widths if MIN_WIDTH <= w <= MAX_WIDTH)
    wrap = _likeliest_wrap(long_widths)
    near = [ln for ln, w in zip(filled, widths, strict=True) if wrap and _is_near(w, wrap)]
    near_share = len(near) / len(filled)
    open_share = sum(ln[-1] not in _CLOSING for ln in near) / len(near) if near else 0.0
    over_share = sum(w > wrap + SLACK for w in widths) / len(filled)
    distinct = len(set(near)) >= 0.8 * len(near)
    if force:
        base, indent_marks, blank_marks, short_marks, gap = _marks(lines, wrap)
        return Shape(
            True, wrap, base, indent_marks, blank_marks, gap, "forced by configuration", short_marks
        )
    if len(near) < MIN_NEAR_LINES:
        wrapped = wrap >= MIN_WIDTH and distinct and _short_wrapped(lines, near, wrap)
    else:
        wrapped = (
            wrap >= MIN_WIDTH
            and near_share >= MIN_NEAR_SHARE
            and open_share >= MIN_OPEN_SHARE
            and over_share <= MAX_OVER_SHARE
            and distinct
        )
    if not wrapped:
        ragged = _ragged(lines, filled, widths)
        if ragged is not None:
            return ragged
        return Shape(
            False,
            reason=(
                f"not hard-wrapped: {near_share:.0%} of lines end near width {wrap}, "
                f"{open_share:.0%} of those inside a sentence, {over_share:.0%} are longer"
            ),
        )
    base, indent_marks, blank_marks, short_marks, gap = _marks(lines, wrap)
    marks = (
        ("indentation and blank lines" if blank_marks else "indentation only")
        if indent_marks
        else ("blank lines" if blank_marks else "a short last line")
    )
    if indent_marks and short_marks:
        marks = marks.replace(" only", "") + " or a short last line"
    return Shape(
        True,
        wrap,
        base,
        indent_marks,
        blank_marks,
        gap,
        f"hard-wrapped at width {wrap}: {near_share:.0%} of lines end there, "
        f"{open_share:.0%} of those inside a sentence; paragraphs marked by {marks}",
        short_marks,
    )


def _marks(lines: list[str], wrap: int) -> tuple[int, bool, bool, bool, int]:
    """How a wrapped text marks its paragraphs: the base indentation, indented first
    lines, blank lines, short last lines besides indentation, and the blank lines between
    the lines of one paragraph. Without a width, the house-style definition alone:
    indented or after a blank line."""
    gap = _line_gap(lines)
    base = _base_indent(lines, wrap)
    if not wrap:
        return base, True, True, False, gap
    return base, *_paragraph_marks(lines, wrap, base, gap), gap


def _short_wrapped(lines: list[str], near: list[str], wrap: int) -> bool:
    """Is a text of fewer than MIN_NEAR_LINES full lines wrapped? (See SHORT_CONTINUATIONS.)"""
    filled = [ln.rstrip() for ln in lines if ln.strip()]
    if len(near) < 2 or len(near) < 0.5 * len(filled):
        return False
    if any(width(ln) > wrap + SLACK for ln in filled):
        return False
    base = min(_indent(ln) for ln in filled)
    blocks: list[list[str]] = []
    after_blank = True
    for ln in lines:
        if not ln.strip():
            after_blank = True
            continue
        if after_blank or _indent(ln) > base or not blocks:
            blocks.append([])
        blocks[-1].append(ln.rstrip())
        after_blank = False
    continued = [ln for block in blocks for ln in block[:-1]]
    if len(continued) < SHORT_CONTINUATIONS:
        return False
    if any(not _is_near(width(ln), wrap) for ln in continued):
        return False  # a short line inside a paragraph: no wrap
    if any(_ITEM_START.match(ln) for block in blocks for ln in block[1:]):
        return False  # items of a list, one a line
    # prose broken inside sentences, not table rows, aligned columns or titles
    if sum(1 for ln in continued if _PROSE_MARKS.intersection(ln)) < 0.8 * len(continued):
        return False
    inside = sum(1 for ln in continued if is_han(ln[-1]) or ln[-1] in _INSIDE_MARKS)
    marked = any(_indent(block[0]) > base for block in blocks) or len(blocks) > 1
    if marked:
        return inside * 3 >= len(continued)
    # unmarked: one paragraph, full lines ending inside sentences and a short last line
    # (lines of one length, each ending on Han, are parallel slogans as often as a wrap)
    return (
        len(near) >= SHORT_NEAR_LINES
        and inside >= SHORT_OPEN_SHARE * len(continued)
        and width(blocks[-1][-1]) < wrap - SLACK
    )


def _ragged(lines: list[str], filled: list[str], widths: list[int]) -> Shape | None:
    """Lines broken inside sentences at no fixed width (text taken out of a PDF), with
    paragraphs between blank lines: the blocks are the paragraphs."""
    long = [ln for ln, w in zip(filled, widths, strict=True) if w >= RAGGED_MIN_WIDTH]
    if len(long) < MIN_NEAR_LINES:
        return None
    open_share = sum(ln[-1] not in _CLOSING for ln in long) / len(long)
    blocks = sum(
        1 for i, ln in enumerate(lines) if ln.strip() and (i == 0 or not lines[i - 1].strip())
    )
    if open_share < RAGGED_OPEN_SHARE or blocks < MIN_NEAR_LINES:
        return None
    if len(filled) / blocks > RAGGED_BLOCK_LINES:
        return None
    return Shape(
        True,
        blank_marks=True,
        reason=(
            f"lines broken inside sentences at no fixed width ({open_share:.0%} of lines); "
            "paragraphs marked by blank lines"
        ),
    )


def _sample(text: str) -> list[str]:
    end = 0
    for _ in range(SAMPLE_LINES):
        nxt = text.find("\n", end)
        if nxt < 0:
            end = len(text)
            break
        end = nxt + 1
    return text[:end].split("\n")


def _is_near(w: int, wrap: int) -> bool:
    return wrap - SLACK <= w <= wrap + SLACK


def _line_gap(lines: list[str]) -> int:
    """The run of blank lines that follows nearly every line (0 in most files)."""
    runs: Counter[int] = Counter()
    run = 0
    seen = 0
    for ln in lines:
        if ln.strip():
            if seen:
                runs[run] += 1
            seen += 1
            run = 0
        else:
            run += 1
    if not runs:
        return 0
    gap, count = runs.most_common(1)[0]
    return gap if gap and count >= DOUBLE_SPACED * sum(runs.values()) * 0.75 else 0


def _likeliest_wrap(widths: Counter[int]) -> int:
    """The width with most lines within SLACK of it (the widest on a tie)."""
    best, best_count = 0, -1
    get = widths.get
    for w in sorted(widths):
        count = sum(get(x, 0) for x in range(w - SLACK, w + SLACK + 1))
        if count >= best_count:
            best, best_count = w, count
    return best


def _base_indent(lines: list[str], wrap: int) -> int:
    """The indentation of continuation lines: the most common one among lines that
    follow a full line (in a short text the indented first lines may be as many)."""
    counts: Counter[int] = Counter()
    prev_full = False
    for ln in lines:
        if not ln.strip():
            prev_full = False
            continue
        if prev_full:
            counts[_indent(ln)] += 1
        prev_full = bool(wrap) and _is_near(width(ln.rstrip()), wrap)
    # on a tie the smaller indentation
    return max(counts, key=lambda w: (counts[w], -w)) if counts else 0


def _paragraph_marks(lines: list[str], wrap: int, base: int, gap: int) -> tuple[bool, bool, bool]:
    """Do paragraphs start with an indented line, does a blank line (a longer run than
    ``gap``) come before most of them, and do short last lines mark the paragraphs that
    are not indented? Judged on the lines that follow a line ending short of the wrap (a
    paragraph's last line), against those that follow a full line (see SOME_INDENTED)."""
    after_short = indented = after_blank = after_full = continued_indented = 0
    prev: str | None = None
    run = 0
    for ln in lines:
        if not ln.strip():
            run += 1
            continue
        if prev is not None:
            prev_width = width(prev.rstrip())
            if prev_width < wrap - SLACK:
                after_short += 1
                indented += _indent(ln) > base
                after_blank += run > gap
            elif prev_width <= wrap + SLACK and run <= gap:
                after_full += 1
                continued_indented += _indent(ln) > base
        prev = ln
        run = 0
    if not after_short:  # every line full (a short text): any indented line marks
        indented_any = any(ln.strip() and _indent(ln) > base for ln in lines)
        return indented_any, False, False
    blank_marks = after_blank >= MOST_STARTS * after_short
    if indented >= MOST_STARTS * after_short:
        return True, blank_marks, False
    some = (
        indented >= SOME_INDENTED * after_short
        and continued_indented <= CONTINUATION_INDENTED * after_full
    )
    return some, blank_marks, some


def indent_is_only_mark(text: str, line_start: int, shape: Shape) -> bool:
    """Is the indentation of the line at ``line_start`` the only sign that a paragraph
    starts there? In a wrapped file, when the line before it is full and no blank line
    (beyond the file's usual gap) comes between: removing the indentation would merge
    two paragraphs, whatever share of the file's paragraphs is indented."""
    if not shape.wrapped or not shape.width:
        return False
    if _indent(text[line_start : line_start + 2]) < 2:
        return False  # one ASCII space: a stray blank before a number, not an indentation
    end = line_start - 1  # the newline before the line
    blanks = 0
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            return blanks <= shape.gap and width(line.rstrip()) >= shape.width - SLACK
        blanks += 1
        end = start - 1
    return False


# A line that opens a footnote (①, ⑴, ⒈, 注：) starts a paragraph of its own.
_NOTE_START = frozenset("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑")


def paragraph_spans(text: str, shape: Shape) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of more than one line; the end is before the last
    line's newline. A non-blank line starts a paragraph after a blank line (after more
    than the usual run in a double-spaced file), when it is indented where indentation
    marks paragraphs, when it opens a footnote, and, where the width is known and
    indentation does not mark every paragraph, after a line that ends short of the width."""
    spans: list[tuple[int, int]] = []
    short_ends = bool(shape.width) and (shape.short_marks or not shape.indent_marks)
    para_start = -1  # start of the open paragraph's first line
    last_end = -1  # end of the open paragraph's last line so far
    last_full = False
    gap = 0
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        if not line.strip():
            gap += 1
        else:
            body = line.lstrip(_BLANKS)
            if (
                para_start < 0
                or gap > shape.gap
                or (shape.indent_marks and _indent(line) > shape.base_indent)
                or (short_ends and not last_full)
                or body[0] in _NOTE_START
            ):
                if para_start >= 0 and text.find("\n", para_start, last_end) >= 0:
                    spans.append((para_start, last_end))
                para_start = pos
            last_end = end
            last_full = not shape.width or width(line.rstrip()) >= shape.width - SLACK
            gap = 0
        if nl < 0:
            break
        pos = nl + 1
    if para_start >= 0 and text.find("\n", para_start, last_end) >= 0:
        spans.append((para_start, last_end))
    return spans
