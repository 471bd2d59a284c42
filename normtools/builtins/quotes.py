"""Quote marks (rules/quotes.toml): pairing double marks per paragraph, nested singles.

Double marks pair within one paragraph: the 1st, 3rd, 5th mark opens, the 2nd, 4th, 6th
closes. A paragraph with an odd number of marks is left to the unbalanced-pair check.

Pairing by position is only as good as the paragraph: one missing mark, or two
paragraphs taken for one (a page break in an e-text), shifts every pair after it. So a
paragraph whose pairing would turn a mark against what its neighbours plainly say (a
“ after a colon or opening a line made ”, a ” after a full stop made “) is left alone.
A document where many quoted paragraphs lost a mark (an e-text read by OCR) cannot be
trusted in its other paragraphs either: there only marks whose place settles their
direction are turned, and the balance check reports the rest.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from normtools import regexcache
from normtools.builtins.registry import Options, builtin
from normtools.model import Context, Finder, Hit
from normtools.text import HAN

_HAN_RE = regexcache.compile(f"[{HAN}]")
_LATIN = regexcache.compile(r"[A-Za-z]")

GARBLED_DOUBLE = "\u201a\u201b\u201e\u201f\u301d\u301e\u301f\uff02"  # ‚ ‛ „ ‟ 〝 〞 〟 ＂
CURLY_DOUBLE = "\u201c\u201d"  # “ ”
ASCII_DOUBLE = '"'
DOUBLE_MARKS = frozenset(GARBLED_DOUBLE + CURLY_DOUBLE + ASCII_DOUBLE)
SINGLE_MARKS = frozenset("'\u2018\u2019")
CORNER_DOUBLE = "\u300c\u300d"  # 「 」
CORNER_SINGLE = "\u300e\u300f"  # 『 』

_ANY_DOUBLE = regexcache.compile("[" + GARBLED_DOUBLE + CURLY_DOUBLE + ASCII_DOUBLE + "]")
_ANY_SINGLE = regexcache.compile("['\u2018\u2019]")
_ANY_DOUBLE_CORNER = regexcache.compile(
    "[" + GARBLED_DOUBLE + CURLY_DOUBLE + ASCII_DOUBLE + CORNER_DOUBLE + "]"
)
_ANY_SINGLE_CORNER = regexcache.compile("['\u2018\u2019" + CORNER_SINGLE + "]")
_OTHER_DOUBLE = regexcache.compile("[" + GARBLED_DOUBLE + ASCII_DOUBLE + "]")
_CURLY_ONLY = regexcache.compile("[\u201c\u201d]")


def quote_style(ctx: Context) -> tuple[str, str, str, str]:
    """Open/close marks for double and single quotes under the active profile."""
    style = ctx.settings.quotes
    if style == "auto":
        style = "corner" if ctx.settings.profile in ("zh-Hant", "zh-TW", "zh-HK") else "curly"
    if style == "corner":
        return "\u300c", "\u300d", "\u300e", "\u300f"
    return "\u201c", "\u201d", "\u2018", "\u2019"


def quote_paragraphs(text: str, ctx: Context) -> list[tuple[int, str]]:
    """(offset, paragraph) for paragraphs whose double marks may need pairing; computed
    once per text and shared by the quote rules and the balance check."""
    opener = quote_style(ctx)[0]
    key = f"quote-paragraphs:{opener}"
    cached = ctx.cache.get(key)
    if cached is None:
        trigger = _ANY_DOUBLE if opener == "\u201c" else _ANY_DOUBLE_CORNER
        found = [(s, text[s:e]) for s, e in ctx.hot_paragraphs(text, trigger)]
        if opener == "\u201c":
            found = [(o, p) for o, p in found if _suspicious_curly(p)]
        ctx.cache[key] = cached = found
    return cached  # type: ignore[return-value]


def _suspicious_curly(paragraph: str) -> bool:
    """Anything but curly marks that nest as brackets (“ ” “ ”, or “ “ ” ”: a quotation
    inside a quotation written with double marks is a choice of style), each pointing
    the way its neighbours allow (“， is a closing mark typed the wrong way round)."""
    if _OTHER_DOUBLE.search(paragraph):
        return True
    depth = 0
    for m in _CURLY_ONLY.finditer(paragraph):
        i = m.start()
        if m.group(0) == "\u201c":
            depth += 1
            after = paragraph[i + 1] if i + 1 < len(paragraph) else ""
            if after in _NOT_AFTER_OPENING:
                return True
            if after == "\u201d":
                return True  # 离不开“”五个: an empty quotation is a pair typed the wrong way
        else:
            depth -= 1
            if i > 0 and paragraph[i - 1] in _BEFORE_OPENING:
                return True
        if depth < 0:
            return True
    return depth != 0


# What never follows an opening quote mark.
_NOT_AFTER_OPENING = frozenset("，。；：！？、）》】")


def double_marks(paragraph: str, offset: int, ctx: Context) -> list[int]:
    """Positions (in ``paragraph``) of the double quote marks that take part in pairing.

    ASCII ``"`` take part only in paragraphs that contain Han; marks inside protected
    spans (code, URLs) never do.
    """
    has_han = _HAN_RE.search(paragraph) is not None
    corner = quote_style(ctx)[0] == "\u300c"
    protected = ctx.protected
    marks = []
    for m in (_ANY_DOUBLE_CORNER if corner else _ANY_DOUBLE).finditer(paragraph):
        i = m.start()
        if paragraph[i] == ASCII_DOUBLE and not has_han:
            continue
        if protected.contains(offset + i):
            continue
        marks.append(i)
    return marks


def _ascii_pair_is_chinese(paragraph: str, open_i: int, close_i: int) -> bool:
    """An ASCII pair is a Chinese quotation when it quotes Han. One around Latin text
    (``"info"``, ``""``, ``"server is busy"``) is a Latin run: in documentation it is a
    literal value or message, and it keeps its marks (house-style.md)."""
    return _HAN_RE.search(paragraph, open_i + 1, close_i) is not None


def paired_doubles(paragraph: str, offset: int, ctx: Context) -> list[tuple[int, int]] | None:
    """Pairs (open, close) of double-mark positions in ``paragraph``; None when unpairable."""
    marks = double_marks(paragraph, offset, ctx)
    if len(marks) % 2:
        return None
    return [(marks[k], marks[k + 1]) for k in range(0, len(marks), 2)]


# A document whose pairing by position cannot be trusted: of at least DAMAGED_MIN quoted
# paragraphs, DAMAGED_SHARE have an odd number of double marks that no quotation running
# over paragraphs explains, or a single mark, 《 or bracket without its partner. Clean
# e-books stay under 0.2 (one with paragraphs cut at page breaks: 0.27).
DAMAGED_SHARE = 0.3
DAMAGED_MIN = 20


def pairing_untrusted(text: str, ctx: Context) -> bool:
    """Has the document lost so many quote marks (OCR, careless conversion) that pairing
    by position would shift the pairs of its balanced-looking paragraphs too? Judged on
    the whole text, once per pass."""
    cached = ctx.cache.get("quote-pairing-untrusted")
    if cached is None:
        cached = _damaged_share(text, ctx) >= DAMAGED_SHARE
        ctx.cache["quote-pairing-untrusted"] = cached
    return bool(cached)


def _damaged_share(text: str, ctx: Context) -> float:
    """Share of the quoted paragraphs whose marks show damage (see DAMAGED_SHARE). An
    odd paragraph that opens with “ goes on into the next (GB/T 15834), and an odd one
    after it may close the quotation."""
    quoted = damaged = 0
    running = False  # a quotation runs on from an earlier paragraph
    for start, end in ctx.paragraphs.hot(text, _ANY_DOUBLE):
        paragraph = text[start:end]
        marks = double_marks(paragraph, start, ctx)
        if not marks:
            continue
        quoted += 1
        odd = False
        if len(marks) % 2:
            lead = len(paragraph) - len(paragraph.lstrip(" \t\u3000"))
            first = paragraph[marks[0]]
            if marks[0] == lead and first not in "\u201d\u300d":
                running = True
            elif running and first not in "\u201c\u300c":
                running = False
            else:
                running, odd = False, True
        else:
            running = False
        damaged += odd or _garbled(paragraph)
    return damaged / quoted if quoted >= DAMAGED_MIN else 0.0


def withheld(paragraph: str, offset: int, text: str, ctx: Context) -> bool:
    """Does double_quotes leave this paragraph's curly marks pointing the wrong way
    because the document's pairing cannot be trusted (and no mark's place settles it)?
    The balance check then pairs them by direction and reports what is left."""
    opener, closer = quote_style(ctx)[:2]
    pairs = paired_doubles(paragraph, offset, ctx)
    if not pairs:
        return False
    wrong = [
        (i, target)
        for open_i, close_i in pairs
        for i, target in ((open_i, opener), (close_i, closer))
        if paragraph[i] != target
    ]
    if not wrong or not pairing_untrusted(text, ctx):
        return False
    # a mark that double_quotes turns anyway: judged again on the text it leads to
    return not any(_evident(paragraph, i, target, closer) for i, target in wrong)


@builtin(fix="always", locality="paragraph", options={"marks": ("garbled", "ascii", "curly")})
def double_quotes(options: Options) -> Finder:
    """Pair double marks within a paragraph: 1st, 3rd, ... open; 2nd, 4th, ... close.

    ``options.marks`` selects which marks this rule rewrites (garbled, ascii, curly), so
    one pairing serves three codes. Paragraphs with an odd count are left to the
    unbalanced-pair check.
    """
    category = str(options.get("marks", "curly"))
    # "curly" also covers corner marks: under the corner style “ ” become 「 」 and a
    # misdirected 」…「 is turned round, by the same pairing.
    wanted = {
        "garbled": GARBLED_DOUBLE,
        "ascii": ASCII_DOUBLE,
        "curly": CURLY_DOUBLE + CORNER_DOUBLE,
    }[category]

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        opener, closer, _, _ = quote_style(ctx)
        for offset, paragraph in quote_paragraphs(text, ctx):
            pairs = paired_doubles(paragraph, offset, ctx)
            if not pairs or _shifted(paragraph, pairs, opener, closer):
                continue
            garbled = _garbled(paragraph) or pairing_untrusted(text, ctx)
            for open_i, close_i in pairs:
                if (
                    paragraph[open_i] == ASCII_DOUBLE
                    and paragraph[close_i] == ASCII_DOUBLE
                    and not _ascii_pair_is_chinese(paragraph, open_i, close_i)
                ):
                    continue
                for i, target in ((open_i, opener), (close_i, closer)):
                    ch = paragraph[i]
                    if garbled and not _evident(paragraph, i, target, closer):
                        continue  # only what the mark's neighbours say
                    if ch != target and ch in wanted:
                        yield Hit(
                            offset + i,
                            offset + i + 1,
                            target,
                            f"quote mark “{ch}” should be “{target}”",
                        )

    return find


# Before a mark: what only an opening mark follows, and what only a closing one does.
_BEFORE_OPENING = frozenset("：:（《【〔")
_BEFORE_CLOSING = frozenset("。！？…!?")


def _shifted(paragraph: str, pairs: list[tuple[int, int]], opener: str, closer: str) -> bool:
    """Would the pairing turn a mark against plain evidence? An opening mark after a
    colon or an opening bracket, or first on its line, made closing; a closing mark
    right after a full stop, ! ? or …, or right before a mark, a blank or a bracket,
    made opening; or a quotation already written right (“天下苦秦久矣”) turned inside out:
    a mark lost earlier in the paragraph (a dropped or misread “ in an e-text) shifts the
    parity of every mark after it, and the fix would reverse each correct pair."""
    if _reversed_quotation(paragraph, pairs, opener, closer):
        return True
    for open_i, close_i in pairs:
        if paragraph[close_i] == opener and _opens(paragraph, close_i):
            return True
        if paragraph[open_i] == closer:
            before = paragraph[open_i - 1] if open_i > 0 else ""
            after = paragraph[open_i + 1] if open_i + 1 < len(paragraph) else ""
            if before in _BEFORE_CLOSING or after in _NOT_AFTER_OPENING or after in " \t\u3000（(":
                return True
    return False


def _reversed_quotation(
    paragraph: str, pairs: list[tuple[int, int]], opener: str, closer: str
) -> bool:
    """Would the pairing turn a quotation written right inside out? Only among curly marks
    (a paragraph with ASCII marks too was converted by a tool that lost track: "861“及市”
    1346" is 861 and 1346 quoted), only a quotation with text in it (“” is a pair typed
    the wrong way), and only when neither mark says otherwise (“ after ！ or before ，
    closes, ” after ： opens)."""
    if any(ch in paragraph for ch in ASCII_DOUBLE + GARBLED_DOUBLE):
        return False
    for (_, first), (second, _) in itertools.pairwise(pairs):
        if paragraph[first] != opener or paragraph[second] != closer or second == first + 1:
            continue
        if (
            paragraph[first - 1 : first] in _BEFORE_CLOSING
            or paragraph[first + 1] in _NOT_AFTER_OPENING
        ):
            continue  # 舌头。“ and 故事“， close
        if paragraph[second - 1] in _BEFORE_OPENING:
            continue
        return True
    return False


# Pairs that OCR and careless conversion break together with the double marks (“ read as
# ‘, ” as ，): when one of them does not balance, neither can the count of double marks
# be trusted. (A full-width bracket closed by a half-width one is a pair.)
_OTHER_PAIRS = (("\u2018", "\u2019"), ("\u300a", "\u300b"), ("\uff08(", "\uff09)"))


def _garbled(paragraph: str) -> bool:
    """Does the paragraph hold a single quote mark, a 《 or a bracket without its partner
    (an e-text read by OCR: ‘彼可取而代之，，)? Then a double mark may be lost or misread,
    and parity would turn the marks after it round; the balance check reports it instead."""
    for left, right in _OTHER_PAIRS:
        opened = sum(paragraph.count(ch) for ch in left)
        closed = sum(paragraph.count(ch) for ch in right)
        if left == "\u2018":
            closed -= sum(
                1 for i, ch in enumerate(paragraph) if ch == right and is_apostrophe(paragraph, i)
            )
        if opened != closed:
            return True
    return False


def _evident(paragraph: str, i: int, target: str, closer: str) -> bool:
    """Does the mark's place say it is ``target``? One that ends the paragraph closes
    (烂了舌头。“ at the end is a closing mark typed the wrong way); one that starts it, or
    follows ：（《, opens."""
    if target == closer:
        return not paragraph[i + 1 :].strip()
    before = _before_blanks(paragraph, i)
    return not before or before in _BEFORE_OPENING


def _opens(paragraph: str, i: int) -> bool:
    before = _before_blanks(paragraph, i)
    return not before or before == "\n" or before in _BEFORE_OPENING


def _before_blanks(paragraph: str, i: int) -> str:
    """The character before ``i`` and the blanks in front of it ("" at the start)."""
    j = i - 1
    while j >= 0 and paragraph[j] in " \t\u3000":
        j -= 1
    return paragraph[j] if j >= 0 else ""


def _nested_singles(paragraph: str, inner: list[int], s_open: str) -> bool:
    """Curly singles that already nest as brackets (‘甲‘乙’丙’): a quotation inside a
    single quotation, not marks pointing the wrong way."""
    s_close = "\u2019" if s_open == "\u2018" else "\u300f"
    depth = 0
    deepest = 0
    for i in inner:
        ch = paragraph[i]
        if ch not in (s_open, s_close):
            return False
        depth += 1 if ch == s_open else -1
        if depth < 0:
            return False
        deepest = max(deepest, depth)
    return depth == 0 and deepest > 1


def is_apostrophe(paragraph: str, i: int) -> bool:
    """’ after a Latin letter and not before Han: ``It’s``, ``students’``."""
    before = paragraph[i - 1] if i > 0 else ""
    after = paragraph[i + 1] if i + 1 < len(paragraph) else ""
    return bool(before and _LATIN.match(before) and (not after or not _HAN_RE.match(after)))


@builtin(fix="always", locality="paragraph")
def single_quotes_nested(options: Options) -> Finder:
    """Single marks inside a paired double quotation become ‘ ’ by the same parity rule."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        _, _, s_open, s_close = quote_style(ctx)
        corner = s_open == "\u300e"
        singles = SINGLE_MARKS | frozenset(CORNER_SINGLE) if corner else SINGLE_MARKS
        doubles = _ANY_DOUBLE_CORNER if corner else _ANY_DOUBLE
        protected = ctx.protected
        for start, end in ctx.hot_paragraphs(text, _ANY_SINGLE_CORNER if corner else _ANY_SINGLE):
            paragraph = text[start:end]
            if doubles.search(paragraph) is None:
                continue
            pairs = paired_doubles(paragraph, start, ctx)
            for open_i, close_i in pairs or ():
                inner = [
                    i
                    for i in range(open_i + 1, close_i)
                    if paragraph[i] in singles
                    and not is_apostrophe(paragraph, i)
                    and not protected.contains(start + i)
                ]
                if not inner or len(inner) % 2 or _nested_singles(paragraph, inner, s_open):
                    continue
                for k, i in enumerate(inner):
                    target = s_open if k % 2 == 0 else s_close
                    if paragraph[i] != target:
                        yield Hit(
                            start + i,
                            start + i + 1,
                            target,
                            f"nested quote mark “{paragraph[i]}” should be “{target}”",
                        )

    return find
