"""Punctuation that a pattern cannot judge alone (rules/punctuation.toml): the ellipsis.

An ellipsis is “……”. Written ``...``, ``......``, ``。。。``, a lone ``…`` or ``………`` in
Chinese context it is fixed. Left alone (house-style.md): twelve dots ``…………`` (omitted
lines) and longer runs, dot leaders (``明天.............12``), separator lines, one ``……``
split by a hard wrap (``…`` ending a line, ``…`` starting the next), and ``...`` that is
code: touching a Latin word (``...args``, ``range(1...10)``) or alone in brackets
(``扩展运算符（...）``).
"""

from __future__ import annotations

from collections.abc import Iterator

from normtools import regexcache
from normtools.builtins.registry import Options, builtin
from normtools.model import Context, Finder, Hit
from normtools.text import HAN

_CANDIDATE = regexcache.compile(r"\.{3,}|。{3,}|．{3,}|…+|⋯+")
_TRIGGER = regexcache.compile(r"\.\.\.|。。。|．．．|[…⋯]")
# A dot leader: a run of dots (any kind, spaces between) ending in a page number.
_LEADER = regexcache.compile(r"[.…．⋯·。][.…．⋯·。 \t\u3000]{2,}\d+[ \t\u3000]*$")
_SEPARATOR = regexcache.compile(r"[ \t\u3000]*[.…．⋯·。\-=*~_—]{3,}[ \t\u3000]*")
_ZH = regexcache.compile(
    f"[{HAN}\uff0c\u3002\uff1b\uff1a\uff01\uff1f\u3001\uff08\uff09\u300a\u300b\u3008\u3009"
    "\u300c\u300d\u300e\u300f\u3010\u3011\u3014\u3015\uff5e\u2026]"
)
_WORD = regexcache.compile(r"[A-Za-z0-9_$]")
_LATIN = regexcache.compile(r"[A-Za-z0-9]")
# A lone … is Chinese when Chinese or a curly quote stands next to it (blanks aside).
_ZH_OR_QUOTE = regexcache.compile(_ZH.pattern[:-1] + "\u201c\u201d\u2018\u2019]")
_OPENING = "(（[【"
_CLOSING = ")）]】"
_BLANKS = " \t"
_ELLIPSIS = "\u2026\u2026"
# Longest ASCII run read as an ellipsis (six dots); longer ones are leaders or rules.
_MAX_DOTS = 6
# Longest run of … read as a slip for ……; four (twelve dots) and more are deliberate.
_MAX_MARKS = 3


@builtin(fix="always", locality="paragraph")
def ellipsis(options: Options) -> Finder:
    """Ellipses written another way become “……”."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        for start, end in ctx.hot_lines(text, _TRIGGER):
            line = text[start:end]
            if _SEPARATOR.fullmatch(line):
                continue
            leader = _LEADER.search(line)
            limit = leader.start() + start if leader else end
            for m in _CANDIDATE.finditer(text, start, limit):
                hit = _judge(text, m.start(), m.end(), start, end, ctx)
                if hit is not None:
                    yield hit

    return find


def _judge(text: str, s: int, e: int, line_start: int, line_end: int, ctx: Context) -> Hit | None:
    run = text[s:e]
    ch = run[0]
    if ch == ".":
        if len(run) > _MAX_DOTS or _is_code(text, s, e):
            return None
        return _in_context(text, s, e, line_start, line_end, run)
    if ch in "。．":
        return Hit(s, e, _ELLIPSIS, f"ellipsis “{run}”: use “……”")
    # … or ⋯
    if len(run) > _MAX_MARKS or (ch == "…" and len(run) == 2):
        return None
    if len(run) == 1 and ch == "…":
        paragraph = ctx.paragraphs.around(text, s)
        if _split_by_wrap(text, s, e, line_start, line_end, paragraph):
            return None
        before = _neighbour(text, s, line_start, -1)
        after = _neighbour(text, e - 1, line_end, 1)
        if _ZH.match(before) is None and _ZH.match(after) is None:
            latin = _LATIN.match(before) or _LATIN.match(after)
            if latin or not (_ZH_OR_QUOTE.match(before) or _ZH_OR_QUOTE.match(after)):
                return None  # an English ellipsis, or a symbol shown in markup
    return Hit(s, e, _ELLIPSIS, f"ellipsis “{run}”: use “……”")


def _is_code(text: str, s: int, e: int) -> bool:
    """``...`` touching a Latin word or a number, or alone in brackets."""
    before = text[s - 1] if s > 0 else ""
    after = text[e] if e < len(text) else ""
    if (before and _WORD.match(before)) or (after and _WORD.match(after)):
        return True
    return bool(before) and before in _OPENING and bool(after) and after in _CLOSING


def _in_context(text: str, s: int, e: int, line_start: int, line_end: int, run: str) -> Hit | None:
    """Dots with Chinese before or after them (blanks between go with them)."""
    left = s
    while left > line_start and text[left - 1] in _BLANKS:
        left -= 1
    right = e
    while right < line_end and text[right] in _BLANKS:
        right += 1
    zh_before = left > line_start and _ZH.match(text[left - 1]) is not None
    zh_after = right < line_end and _ZH.match(text[right]) is not None
    if zh_before:
        start = left
        tail = right
        while tail < line_end and text[tail] in " \t\u3000":
            tail += 1
        end = right if tail < line_end else e  # trailing blanks stay for ZH404
        return Hit(start, end, _ELLIPSIS, f"ellipsis “{run}”: use “……”")
    if zh_after:
        start = left if left > line_start else s  # indentation stays
        return Hit(start, right, _ELLIPSIS, f"ellipsis “{run}”: use “……”")
    return None


def _neighbour(text: str, pos: int, stop: int, step: int) -> str:
    """The nearest non-blank character from ``pos`` (exclusive) towards ``stop``."""
    i = pos + step
    while (i >= stop if step < 0 else i < stop) and text[i] in " \t\u3000":
        i += step
    if (step < 0 and i < stop) or (step > 0 and i >= stop):
        return ""
    return text[i]


def _split_by_wrap(
    text: str, s: int, e: int, line_start: int, line_end: int, paragraph: tuple[int, int]
) -> bool:
    """A lone … at a line end whose next non-blank line in the same paragraph starts
    with a lone …, or the other way round: one …… broken by a hard wrap (or a soft wrap
    in Markdown)."""
    p_start, p_end = paragraph
    if not text[e:line_end].strip(" \t\u3000"):
        nxt = _next_line(text, line_end, p_end)
        if nxt is not None:
            body = nxt.lstrip(" \t\u3000")
            return body.startswith("…") and not body.startswith("……")
    if not text[line_start:s].strip(" \t\u3000"):
        prev = _previous_line(text, line_start, p_start)
        if prev is not None:
            body = prev.rstrip(" \t\u3000")
            return body.endswith("…") and not body.endswith("……")
    return False


def _next_line(text: str, line_end: int, stop: int) -> str | None:
    pos = line_end + 1
    while pos < stop:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if line.strip():
            return line
        pos = end + 1
    return None


def _previous_line(text: str, line_start: int, stop: int) -> str | None:
    end = line_start - 1
    while end > stop:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            return line
        end = start - 1
    return None
