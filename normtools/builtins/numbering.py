"""Numbers (GB/T 15835-2011, rules/numbering.toml and ZH113): look-alike characters typed
inside a number, and full-width numbers.

Each decision needs the whole number around a character (is ``○`` inside ``二○二四`` or a
placeholder ``○○``? is ``O`` inside ``2O23`` or ``Fe2O3``?) and maps every character of a
run of any length, which a regex template cannot say.
"""

from __future__ import annotations

from collections.abc import Iterator

from normtools import regexcache
from normtools.builtins.registry import Options, builtin
from normtools.model import Context, Finder, Hit
from normtools.text import is_han, run_of

# Positional Chinese digits: the characters a numeral such as 二〇二三 is written with.
NUMERALS = "〇一二三四五六七八九"
# What gets typed for 〇 (U+3007): a digit zero, a Latin O (ASCII or full-width), a
# white circle (U+25CB).
ZERO_LOOKALIKES = "0OoＯｏ○"
IDEOGRAPHIC_ZERO = "\u3007"
# Letters and digits, ASCII and full-width: a number touching one is part of a code.
_ALNUM = "0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
# Full-width marks (the {fwonly} class of rules/classes.toml), curly quotes and …: next to
# one of them, or to Han, a number stands in Chinese text.
_CHINESE_MARKS = frozenset("，。；：！？、（）《》〈〉「」『』【】〔〕～…“”‘’")

# A zero look-alike next to a Chinese digit (written zero-first: 4x faster on clean text).
_NUMERAL_TRIGGER = regexcache.compile(
    f"[{ZERO_LOOKALIKES}](?<=[{NUMERALS}][{ZERO_LOOKALIKES}])|[{ZERO_LOOKALIKES}](?=[{NUMERALS}])"
)
_NUMERAL_TOKEN = regexcache.compile(run_of(f"[{NUMERALS}{ZERO_LOOKALIKES}]"))
_ZERO_RUN = regexcache.compile(run_of(f"[{ZERO_LOOKALIKES}]"))
_ALNUM_CHAR = regexcache.compile(f"[{_ALNUM}]")


def _alnum(ch: str) -> bool:
    return bool(ch) and _ALNUM_CHAR.match(ch) is not None


def _is_digit(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and text[pos] in "0123456789"


def _chinese(ch: str) -> bool:
    return bool(ch) and (is_han(ch) or ch in _CHINESE_MARKS)


@builtin(fix="always", locality="line")
def numeral_zero(options: Options) -> Finder:
    """A digit 0, a letter O or a circle ○ written inside a Chinese numeral becomes 〇."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        for start, end in ctx.hot_lines(text, _NUMERAL_TRIGGER):
            for m in _NUMERAL_TOKEN.finditer(text, start, end):
                if not _is_chinese_numeral(text, m.start(), m.end()):
                    continue
                for z in _ZERO_RUN.finditer(text, m.start(), m.end()):
                    fix = IDEOGRAPHIC_ZERO * len(z.group())
                    message = f"“{z.group()}” in a Chinese numeral: use “{fix}”"
                    yield Hit(z.start(), z.end(), fix, message)

    return find


def _is_chinese_numeral(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` (Chinese digits and zero look-alikes) is a numeral such as
    二0二三, 四0四, 五一0 or the year 一九九O年: three or more characters starting with a
    Chinese digit, or a two-digit year (七○年, ○八年). Never next to a letter or a digit
    (``2020四川``, ``CO五项``, ``G330一期``); never a run without a Chinese digit
    (``○○○○年○月○日`` is a form to fill in)."""
    token = text[start:end]
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if _alnum(before) or _alnum(after):
        return False
    if not any(c in ZERO_LOOKALIKES for c in token) or not any(c in NUMERALS for c in token):
        return False
    if len(token) == 2:
        return after == "年"  # 七○年, ○八年; but 六O风情街, 三分之一0还少 are unclear
    return token[0] in NUMERALS


_LETTER_O_TRIGGER = regexcache.compile(r"[0-9][Oo]")
_ARABIC_TOKEN = regexcache.compile(run_of("[0-9Oo]"))
_LETTER_O_RUN = regexcache.compile(run_of("[Oo]"))
# Characters that join a number into an identifier, a path or a decimal: A-2O3, x_1O, 1.O5.
_JOINERS = frozenset("._-/\\#@:+=&")


@builtin(fix="always", locality="line")
def letter_o_in_number(options: Options) -> Finder:
    """A letter O typed inside an Arabic number in Chinese text becomes 0 (2O23年)."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        for start, end in ctx.hot_lines(text, _LETTER_O_TRIGGER):
            for m in _ARABIC_TOKEN.finditer(text, start, end):
                if not _is_mistyped_number(text, m.start(), m.end()):
                    continue
                for o in _LETTER_O_RUN.finditer(text, m.start(), m.end()):
                    fix = "0" * len(o.group())
                    message = f"letter “{o.group()}” in a number: use “{fix}”"
                    yield Hit(o.start(), o.end(), fix, message)

    return find


def _is_mistyped_number(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` (digits and O) is a number with a letter O in it, standing
    alone in Chinese text: ``2O23年``, ``增长1O%``. Not a chemical formula or a code
    (``Fe2O3``, ``H2O``, ``O2O``, ``A-2O3``) and not an octal literal (``0o17``)."""
    token = text[start:end]
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not token[0].isdigit() or token[:2].lower() == "0o" or "o" not in token.lower():
        return False
    if _alnum(before):
        return False
    if before in _JOINERS and not (before == "-" and _is_digit(text, start - 2)):
        return False  # A-2O3, x_1O; but a range of years 1999-20O3 is a number
    if after == "-" and _is_digit(text, end + 1):
        # the first number of a range (2O23-2025年): judged by what follows the range
        stop = end + 1
        while stop < len(text) and text[stop] in "0123456789Oo":
            stop += 1
        after = text[stop] if stop < len(text) else ""
        return not _alnum(after) and (_chinese(before) or _chinese(after))
    if _alnum(after) or after in _JOINERS - {"."}:
        return False
    if after == "." and end + 1 < len(text) and _alnum(text[end + 1]):
        return False
    if after and after in "%％":
        after = text[end + 1] if end + 1 < len(text) else ""
    elif token[-1] in "Oo" and not _chinese(after):
        return False  # 1O: only before a Chinese unit (1O年, 1O个)
    return _chinese(before) or _chinese(after)


_FULLWIDTH = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"  # ０-９ Ａ-Ｚ ａ-ｚ
_FULLWIDTH_RUN = regexcache.compile(run_of(f"[{_FULLWIDTH}]"))
_FULLWIDTH_DIGITS = frozenset("０１２３４５６７８９")
_FULLWIDTH_POINT = "\uff0e"
_FULLWIDTH_OFFSET = 0xFEE0  # U+FF01..U+FF5E - this = U+0021..U+007E
_LINE_INDENT = frozenset(" \t\u3000#*>")
# After the digits that follow an ordinal-looking ``１．``, these say the whole is one
# quantity (１０．５％, ３．１４ alone, １．５倍), not item 1 and a number (１．１—苯基).
_QUANTITY_END = frozenset("%％‰倍\r\n")
_NUMERAL_TOKEN_CHARS = frozenset(NUMERALS + ZERO_LOOKALIKES)


@builtin(fix="always", locality="line")
def fullwidth_alphanumeric(options: Options) -> Finder:
    """Full-width letters and digits become ASCII; a full-width point inside a full-width
    number goes with the digits (``１０．５％`` → ``10.5％``), so the number comes out whole.

    Two exceptions: the point of an ordinal opening a paragraph (``１．１—苯基``: item 1,
    then a number) stays, and a full-width O next to a Chinese digit is left to the
    numeral rule (``二Ｏ二三`` → ``二〇二三``, not ``二O二三``)."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        for start, end in ctx.windows(text):
            yield from _fullwidth_numbers(text, start, end)

    return find


def _fullwidth_numbers(text: str, start: int, end: int) -> Iterator[Hit]:
    """Runs of full-width letters and digits; two runs joined by one ``．`` between digits
    are one number. (One plain character class scans fastest; the join is rare.)"""
    pending: tuple[int, int] | None = None
    for m in _FULLWIDTH_RUN.finditer(text, start, end):
        if pending is not None:
            if m.start() == pending[1] + 1 and _decimal_point(text, pending, m.span()):
                pending = (pending[0], m.end())
                continue
            yield from _fullwidth_hit(text, *pending)
        pending = m.span()
    if pending is not None:
        yield from _fullwidth_hit(text, *pending)


def _decimal_point(text: str, run: tuple[int, int], following: tuple[int, int]) -> bool:
    """The ``．`` after ``run`` joins it to the run ``following``: digits on both sides,
    and not the point of an ordinal opening a paragraph (``１．``, ``１２．``) unless the
    digits after it end the line or take a unit of quantity (``１０．５％``, ``１．５倍``)."""
    point, (next_start, next_end) = run[1], following
    if text[point] != _FULLWIDTH_POINT:
        return False
    if text[point - 1] not in _FULLWIDTH_DIGITS or text[next_start] not in _FULLWIDTH_DIGITS:
        return False
    ordinal = run[1] - run[0] <= 2 and all(c in _FULLWIDTH_DIGITS for c in text[run[0] : point])
    if not (ordinal and _opens_paragraph(text, run[0])):
        return True
    return next_end == len(text) or text[next_end] in _QUANTITY_END


def _fullwidth_hit(text: str, start: int, end: int) -> Iterator[Hit]:
    run = text[start:end]
    if set(run) <= {"Ｏ", "ｏ"} and _in_chinese_numeral(text, start, end):
        return  # 二Ｏ二三: a zero of a Chinese numeral, which numeral_zero makes 〇
    fixed = "".join(chr(ord(c) - _FULLWIDTH_OFFSET) for c in run)
    yield Hit(start, end, fixed, f"full-width “{run}”: use “{fixed}”")


def _in_chinese_numeral(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` part of a numeral that numeral_zero corrects?"""
    token = _NUMERAL_TOKEN_CHARS
    while start and text[start - 1] in token:
        start -= 1
    while end < len(text) and text[end] in token:
        end += 1
    return _is_chinese_numeral(text, start, end)


def _opens_paragraph(text: str, pos: int) -> bool:
    """Only blanks or Markdown markers (#, *, >) stand between the line start and ``pos``."""
    line_start = text.rfind("\n", 0, pos) + 1
    return all(c in _LINE_INDENT for c in text[line_start:pos])
