"""Checks that report and never fix (rules/checks.toml): a person has to decide.

Each one is held to the precision of a fix (house-style.md): a false alarm blocks a
commit. So each reports only what real text nobody here wrote shows to be a defect:

- ZH501 placeholders, but not variables of a formula or slogan (``6大产业+X个赛道``),
  example names in quotes (``“XX行政审批局”印章``), slots a template explains
  (``×××（机关名称）``), codes (``4xx``, ``×1械注×2``) or documents that are templates;
- ZH502 unbalanced pairs per paragraph, but not apostrophes (``’99``, ``6’s``,
  ``students’``), ordinals closed by a lone ``）`` (``四）``), nor a quotation that runs
  over several paragraphs (GB/T 15834: each paragraph of a quotation opens with “, only
  the last closes), nor, in a text file, a pair that a page break, a footnote or a line
  the paragraph model took for a paragraph start separates (e-texts);
- ZH503 doubled function characters, but not reduplication (``常常``, ``实实在在``,
  ``的的确确``), an utterance (``是是是``, ``不不，``) or a word boundary (``标的|的``,
  ``应对|对外``, ``和|和平``): read with the word list of ``normtools.wordgate``, loaded
  only when a double is found.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from normtools import regexcache
from normtools.builtins.quotes import (
    ASCII_DOUBLE,
    CORNER_DOUBLE,
    DOUBLE_MARKS,
    quote_style,
    withheld,
)
from normtools.builtins.registry import Options, builtin
from normtools.model import Context, Finder, Hit
from normtools.text import HAN, is_han, run_of

_HAN_RE = regexcache.compile(f"[{HAN}]")

# -- ZH501 placeholders ------------------------------------------------------------------

# Uppercase X runs, × and full-width Ｘ runs, or one X standing for a count or a name
# before a classifier. A lowercase ``xxx`` in Chinese prose is a generic stand-in
# ("做 xxx 修改"), not a forgotten slot.
# (Each branch starts with its character, not a repeat: then ``re`` skips to the three
# characters at C speed instead of trying every position; ten times faster on clean text.)
_PLACEHOLDER = regexcache.compile(
    "X(?:X+(?!世纪)|(?=[位名个人家项次届号元万亿条件]))|\u00d7\u00d7+"
    "|\uff38(?:\uff38+|(?=[位名个人家项次届号元万亿条件]))"
)
# Neighbours that make a run part of a code, a formula or markup: 4xx, XX-complete,
# ×1械注×2, f_{xx}, [吊打 XXX](...).
_CODE_NEIGHBOUR = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-{}[]\\/$.@#=+<>|~^'\"`*"
    "\uff0b\uff1d"
)
# A count that is a variable: 1+5+X, 3+X产业, N个社区, X小于等于10.
_VARIABLE = regexcache.compile(
    r"[+\uff0b]\s*[X\uff38]|[X\uff38]\s*[+\uff0b]|(?<![A-Za-z])[NM][个家项类条件种名位次所]"
    r"|[X\uff38]\s*(?:小于|大于|等于|不超过|不少于|不低于|为|=|≤|≥|<|>)"
)
# Quotations that hold an example name: “XX行政审批局”, 「XXX 中最大的东西」.
_QUOTED = regexcache.compile(
    "\u201c[^\u201c\u201d\n]*\u201d|\u2018[^\u2018\u2019\n]*\u2019|\u300c[^\u300c\u300d\n]*\u300d"
    '|\u300e[^\u300e\u300f\n]*\u300f|"[^"\n]*"'
)
# A slot explained by the template itself: ×××（机关名称）, 驻××(中国城市名).
_SLOT_NOTE = regexcache.compile(f"[（(][{HAN}、，]{{2,12}}[）)]")
# Words that introduce a form to fill in: 写明××卫生防疫机构收的字样.
_FORM_CUE = regexcache.compile("写明|注明|填写|填入|标明|例如|比如|格式为|样式|字样")
# The text says what a slot stands for: 其中，第一位X代表许可部门所在省.
_EXPLAINS = regexcache.compile("[X\u00d7\uff38]\\s*(?:代表|表示|是指|指)")
# Roman numerals (Ⅺ—XX 诸卷) and × between single characters (spam: ×小×说××天×堂).
_NOT_SLOTS = regexcache.compile(f"[\u2160-\u217f]|[{HAN}]\u00d7[{HAN}]")
# Slot-like runs, counted to tell a template: lowercase ones too (准备 xxx).
_SLOT_LIKE = regexcache.compile(run_of("[Xx\u00d7\uff38\uff58]", 2))
# A document that says it is a form or a specimen (文书样式, 附件, 模板) and holds more
# slot-like runs than TEMPLATE_SLOTS is a template: its slots are deliberate.
_FORM_DOCUMENT = regexcache.compile("样式|式样|模板|范本|附件|格式|示例|文书")
TEMPLATE_SLOTS = 3


@builtin(fix="never", locality="document")
def placeholders(options: Options) -> Finder:
    """ZH501: a template slot (XX, ×××, X位) left in a finished document."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        if "X" not in text and "\u00d7" not in text and "\uff38" not in text:
            return  # (three substring searches are far cheaper than one class scan)
        candidates = list(_PLACEHOLDER.finditer(text))
        if not candidates or _template(text, len(candidates)):
            return
        templated: set[int] = set()  # paragraphs where the text explains a slot
        for m in candidates:
            p_start, p_end = ctx.paragraphs.around(text, m.start())
            if _explained_slot(text[p_start:p_end], m.start() - p_start, m.end() - p_start):
                templated.add(p_start)
        for m in candidates:
            start, end = m.start(), m.end()
            p_start, p_end = ctx.paragraphs.around(text, start)
            if p_start in templated:
                continue
            if _deliberate(text[p_start:p_end], start - p_start, end - p_start):
                continue
            yield Hit(start, end, None, f"unfilled placeholder “{m.group()}”")

    return find


def _template(text: str, candidates: int) -> bool:
    """A form or specimen with its slots: 文书样式 in a statute, a documentation template."""
    if _FORM_DOCUMENT.search(text) is None:
        return False
    if candidates > TEMPLATE_SLOTS:
        return True
    return sum(1 for _ in islice(_SLOT_LIKE.finditer(text), TEMPLATE_SLOTS + 1)) > TEMPLATE_SLOTS


def _deliberate(paragraph: str, start: int, end: int) -> bool:
    """A run that is code, a variable, or an example in quotes."""
    before = paragraph[start - 1] if start else ""
    after = paragraph[end] if end < len(paragraph) else ""
    if before in _CODE_NEIGHBOUR and not (before.isdigit() and after == "年"):
        return True  # 4xx, http_5xx, +X个 (a 20XX年 is a slot)
    if after in _CODE_NEIGHBOUR:
        return True
    if _HAN_RE.search(paragraph) is None:
        return True  # English prose
    if len(paragraph[start:end]) == 1 and _VARIABLE.search(paragraph):
        return True
    if len(paragraph[start:end]) == 1 and "若干" + after in paragraph:
        return True  # X个 names the 若干个 of a slogan (3大类、若干个…: X个…是…)
    if _NOT_SLOTS.search(paragraph):
        return True
    return any(q.start() < start and end < q.end() for q in _QUOTED.finditer(paragraph))


def _explained_slot(paragraph: str, start: int, end: int) -> bool:
    """The text says what goes in the slot (×××（机关名称）) or that a form is shown
    (写明××…的字样): the paragraph is part of a template."""
    if _SLOT_NOTE.match(paragraph, end) or _EXPLAINS.search(paragraph):
        return True
    return bool(
        _FORM_CUE.search(paragraph, max(0, start - 8), start)
        or _FORM_CUE.search(paragraph, end, end + 24)
    )


# -- ZH502 unbalanced pairs --------------------------------------------------------------

_BRACKETS = (
    ("\uff08", "\uff09"),  # （）
    ("\u300a", "\u300b"),  # 《》
    ("\u3010", "\u3011"),  # 【】
    ("\u300c", "\u300d"),  # 「」
    ("\u300e", "\u300f"),  # 『』
    ("\u3014", "\u3015"),  # 〔〕
    ("\u2018", "\u2019"),  # ‘’
)
_CLOSER_OF = dict(_BRACKETS)
_OPENER_OF = {c: o for o, c in _BRACKETS}
_ANY_BRACKET = regexcache.compile("[" + "".join(o + c for o, c in _BRACKETS) + "]")
_ANY_MARK = regexcache.compile(
    "[" + "".join(o + c for o, c in _BRACKETS) + "".join(sorted(DOUBLE_MARKS)) + "]"
)
_DOUBLE = "\u201c"  # the kind under which double quote marks are paired
# An ordinal closed by a lone ）: 四）生态环境, ；2）建成 (a list style, not a lost （).
_ORDINAL_CLOSE = regexcache.compile(
    r"(?:^|(?<=[\s；;，,。：:、*>\-]))(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[A-Za-z])$"
)
# A paragraph's own number before its text: 7.“…, 83. “….
_SECTION_NUMBER = regexcache.compile(r"[0-9]{1,3}[.．][ \t\u3000]*(?=[^0-9])")
# How far (in lines) a quotation may run over paragraphs and still close.
SPAN_LINES = 80
# How far (in lines, from the end of a text-file paragraph that stops mid-sentence) its
# open bracket may close in a later paragraph: over a page break with its blank lines,
# page number, running head and footnotes.
BRIDGE_LINES = 12


@dataclass
class _Residue:
    """Marks of one kind a paragraph leaves unmatched: closers first, then openers."""

    closers: list[int] = field(default_factory=list)
    openers: list[int] = field(default_factory=list)
    continues: bool = False  # opens at its start: GB/T's mark on a quotation's next paragraph


@builtin(fix="never", locality="document")
def unbalanced_pairs(options: Options) -> Finder:
    """ZH502: a bracket or quote mark without its partner, per paragraph; a quotation
    running over paragraphs pairs across them (GB/T 15834)."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        opener, closer = quote_style(ctx)[:2]
        corner = opener == "\u300c"
        # kind -> unmatched openers carried forward, as (offset, line)
        pending: dict[str, list[tuple[int, int]]] = {}
        # bracket openers of a plain-text paragraph that stops mid-sentence, as (kind,
        # offset, its last line): a page break or a wrong paragraph start split it
        bridged: list[tuple[str, int, int]] = []
        plain = ctx.filetype == "txt"
        open_until = 0  # last line of the paragraph that last left a quotation open
        lines = _LineNumbers(text)
        protected = ctx.protected
        spans = ctx.hot_paragraphs(text, _ANY_MARK)
        if plain and ctx.paragraphs.kind == "hard-wrapped":
            spans = [part for span in spans for part in _numbered_parts(text, *span)]
        for p_start, p_end in spans:
            paragraph = text[p_start:p_end]
            if _nested_brackets_only(paragraph) and not protected.overlaps(p_start, p_end):
                continue  # the common case, settled at C speed: nothing left open
            here = lines.of(p_start)
            # a quotation left open by a text-file paragraph just above, and this one
            # starts with a closing mark: the paragraph was split inside that quotation
            after_open = (
                bool(pending.get(_DOUBLE)) and here - open_until <= BRIDGE_LINES if plain else None
            )
            residues, odd = _residues(
                text, paragraph, p_start, ctx, corner, opener, closer, after_open
            )
            if odd is not None:
                yield odd
            if not residues:
                continue
            while bridged and here - bridged[0][2] > BRIDGE_LINES:
                yield _hit(text, bridged.pop(0)[1], "")  # not closed after the break
            # in a text file a paragraph may stop mid-sentence where the file has a page
            # break, a footnote or a line the paragraph model took for a start
            broken = plain and not _ends_a_sentence(paragraph)
            last = here + paragraph.count("\n")
            for kind, residue in residues.items():
                if kind != _DOUBLE:  # brackets pair within their paragraph (or its break)
                    for pos in residue.closers:
                        if not _close_bridged(bridged, kind):
                            yield _hit(text, pos, kind)
                    if broken:
                        bridged.extend((kind, pos, last) for pos in residue.openers)
                    else:
                        for pos in residue.openers:
                            yield _hit(text, pos, kind)
                    continue
                carried = pending.setdefault(kind, [])
                while carried and here - carried[0][1] > SPAN_LINES:
                    yield _hit(text, carried.pop(0)[0], kind)  # too far to close here
                if residue.continues and carried:
                    carried.pop()  # GB/T: “ opens each further paragraph of a quotation
                for pos in residue.closers:
                    if carried:
                        carried.pop()
                    else:
                        yield _hit(text, pos, kind)
                # a text file's paragraph may stop mid-sentence at a break: carried too
                if residue.continues or plain or _ends_a_sentence(paragraph):
                    carried.extend((pos, here) for pos in residue.openers)
                    if residue.openers:
                        open_until = last
                else:  # broken off mid-sentence (继续落实“四个不⏎⏎摘”要求): not a quotation
                    for pos in residue.openers:
                        yield _hit(text, pos, kind)
        for kind, carried in pending.items():
            for pos, _ in carried:
                yield _hit(text, pos, kind)
        for _, pos, _ in bridged:
            yield _hit(text, pos, "")

    return find


_SENTENCE_END = frozenset("。！？；：，、…—”’）》」』.!?;:")


# Brackets that always pair as brackets, and an adjacent pair of them. ‘’ (apostrophes)
# and 「」 (quote marks under the corner style) are paired by the exact check only.
_NESTING = [(o, c) for o, c in _BRACKETS if o not in "\u2018\u300c"]
_NOT_NESTING = regexcache.compile("[^" + "".join(o + c for o, c in _NESTING) + "]+")
_ADJACENT_PAIR = regexcache.compile("|".join(o + c for o, c in _NESTING))
_QUOTE_LIKE = regexcache.compile("[" + "".join(sorted(DOUBLE_MARKS)) + "\u2018\u2019\u300c\u300d]")


def _quotes_speech(paragraph: str, doubles: list[int], closer: str) -> bool:
    """Does the quotation that opens at ``doubles[0]`` stay open or close after a
    sentence (a speech: 55. “为了报复…的。”当苏拉…), rather than round a term
    (1.“放管服”改革…)?"""
    end = next((i for i in doubles[1:] if paragraph[i] == closer), None)
    return end is None or paragraph[end - 1] in "。！？!?…"


def _numbered_parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A hard-wrapped paragraph cut before each line that opens with a section number
    (``64.“这些迦太基人…``) after a line that ends a sentence: where the wrap falls after
    。 the paragraph model cannot see that start."""
    cut = start
    nl = text.find("\n", start, end)
    while nl >= 0:
        if _SECTION_NUMBER.match(text, nl + 1, end) and _ends_a_sentence(text[cut:nl]):
            yield cut, nl
            cut = nl + 1
        nl = text.find("\n", nl + 1, end)
    yield cut, end


def _close_bridged(bridged: list[tuple[str, int, int]], kind: str) -> bool:
    """Close the latest bridged opener of ``kind``; False when none is open."""
    for i in range(len(bridged) - 1, -1, -1):
        if bridged[i][0] == kind:
            del bridged[i]
            return True
    return False


def _nested_brackets_only(paragraph: str) -> bool:
    """True when the paragraph's marks are brackets that all close in order (（《》）):
    nothing for the exact pairing to find, decided at C speed."""
    if _QUOTE_LIKE.search(paragraph):
        return False
    marks = _NOT_NESTING.sub("", paragraph)
    while marks:
        reduced = _ADJACENT_PAIR.sub("", marks)
        if len(reduced) == len(marks):
            return False
        marks = reduced
    return True


def _ends_a_sentence(paragraph: str) -> bool:
    """A paragraph of a quotation ends a sentence or a clause; one that stops on a word
    was broken off, and its open quote mark does not go on into the next paragraph."""
    tail = paragraph.rstrip(" \t\u3000*")
    return bool(tail) and tail[-1] in _SENTENCE_END


def _hit(text: str, pos: int, kind: str) -> Hit:
    ch = text[pos]
    if kind == _DOUBLE:
        message = f"unmatched double quote mark “{ch}” in this paragraph"
    elif ch in _CLOSER_OF:
        message = f"“{ch}” has no matching “{_CLOSER_OF[ch]}”"
        line_end = text.find("\n", pos)
        if ch == "\uff08" and ")" in text[pos : line_end if line_end >= 0 else len(text)]:
            message += " (closed by a half-width “)”?)"
    else:
        message = f"“{ch}” has no matching “{_OPENER_OF[ch]}”"
    return Hit(pos, pos + 1, None, message)


def _residues(
    text: str,
    paragraph: str,
    offset: int,
    ctx: Context,
    corner: bool,
    opener: str,
    closer: str,
    after_open: bool | None = None,
) -> tuple[dict[str, _Residue], Hit | None]:
    """Per kind of pair, what the paragraph leaves open; and the finding for a paragraph
    whose double marks cannot be paired by direction (ASCII or garbled marks).
    ``after_open`` is None outside text files; True when a quotation is open before the
    paragraph: curly marks that begin with a closer are then paired by direction, not by
    count."""
    protected = ctx.protected
    has_han = _HAN_RE.search(paragraph) is not None
    residues: dict[str, _Residue] = {}
    doubles: list[int] = []
    lead = len(paragraph) - len(paragraph.lstrip(" \t\u3000>-*#"))
    # 7.“他支援拜占庭人…: in a text file a paragraph's number may come before the mark
    # that continues a quotation (a speech; 1.“放管服”改革… is an item that quotes a term)
    number = _SECTION_NUMBER.match(paragraph, lead) if after_open is not None else None
    for m in _ANY_MARK.finditer(paragraph):
        i = m.start()
        ch = paragraph[i]
        if protected.contains(offset + i):
            continue
        if ch in DOUBLE_MARKS or (corner and ch in CORNER_DOUBLE):
            if ch != ASCII_DOUBLE or has_han:
                doubles.append(i)
            continue
        if ch in "\u2018\u2019" and (not has_han or _apostrophe(paragraph, i, residues)):
            continue
        kind = ch if ch in _CLOSER_OF else _OPENER_OF[ch]
        residue = residues.setdefault(kind, _Residue())
        if ch in _CLOSER_OF:
            residue.openers.append(offset + i)
        elif residue.openers:
            residue.openers.pop()
        elif not (ch == "\uff09" and _ORDINAL_CLOSE.search(paragraph, 0, i)):
            residue.closers.append(offset + i)
    code = _code_quotes(paragraph, [i for i in doubles if paragraph[i] == ASCII_DOUBLE])
    if code:
        doubles = [i for i in doubles if i not in code]
    odd = None
    if doubles:
        curly = all(paragraph[i] in (opener, closer) for i in doubles)
        first = number.end() if number else lead
        residue = _Residue(
            continues=curly
            and doubles[0] == first
            and paragraph[first] == opener
            and (not number or _quotes_speech(paragraph, doubles, closer))
        )
        by_count = not (curly and after_open and paragraph[doubles[0]] == closer)
        if (
            len(doubles) % 2 == 0
            and by_count
            and not (curly and withheld(paragraph, offset, text, ctx))
        ):
            pass  # paired by count; marks pointing the wrong way are ZH204's to fix
        elif curly:
            for i in doubles:
                if paragraph[i] == opener:
                    residue.openers.append(offset + i)
                elif residue.openers:
                    residue.openers.pop()
                else:
                    residue.closers.append(offset + i)
        else:
            culprit = doubles[-1]
            odd = Hit(
                offset + culprit,
                offset + culprit + 1,
                None,
                f"odd number of double quote marks in this paragraph: "
                f"“{paragraph[culprit]}” is unmatched",
            )
        residues[_DOUBLE] = residue
    return {k: r for k, r in residues.items() if r.openers or r.closers or r.continues}, odd


def _code_quotes(paragraph: str, marks: list[int]) -> set[int]:
    """ASCII " of code or markup, not of prose: ``'"'``, ``\\"``, ``<kbd>"</kbd>``,
    ``class="cover"``, ``{"t":249,"v":"x"}``. Taken by pairs (1st with 2nd, ...), so that
    a pair with one mark in code leaves the other out too."""
    code: set[int] = set()
    for k in range(0, len(marks), 2):
        pair = marks[k : k + 2]
        if any(_code_neighbours(paragraph, i) for i in pair):
            code.update(pair)
    return code


def _code_neighbours(paragraph: str, i: int) -> bool:
    before = paragraph[i - 1] if i else ""
    after = paragraph[i + 1] if i + 1 < len(paragraph) else ""
    return (before != "" and before in "'\\<>={[") or (after != "" and after in "'<>:}],)")


def _apostrophe(paragraph: str, i: int, residues: dict[str, _Residue]) -> bool:
    """’ in ``It’s``, ``6’s``, ``’99``, ``students’``; ‘ typed for it in ``‘99``. Only
    between letters is it always one; elsewhere only while no ‘ is open."""
    # full-width Latin (Ｉｃｈ　ｈａｔｔ’ｅｉｎｅｎ) read as its ASCII letters
    before = _halfwidth(paragraph[i - 1]) if i else ""
    after = _halfwidth(paragraph[i + 1]) if i + 1 < len(paragraph) else ""
    if before.isascii() and before.isalnum() and after.isascii() and after.isalpha():
        return True
    open_single = residues.get("\u2018")
    if open_single is not None and open_single.openers:
        return False
    if paragraph[i] == "\u2019":
        return (after.isascii() and after.isdigit()) or (before.isascii() and before.isalpha())
    return after.isascii() and after.isdigit() and "\u2019" not in paragraph[i:]


def _halfwidth(ch: str) -> str:
    """The ASCII form of a full-width ASCII character (Ａ → A); others unchanged."""
    return chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch


class _LineNumbers:
    """Line of an offset, counted forward: paragraphs come in order."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line = 0

    def of(self, pos: int) -> int:
        self._line += self._text.count("\n", self._pos, pos)
        self._pos = pos
        return self._line


# -- ZH503 typing doubles ----------------------------------------------------------------

# Function characters: a double of one of these is a slip of the keyboard unless words
# explain it. (Content characters double as reduplication, 件件 年年 镇镇, or in names,
# 盼盼 荆荆高铁, far more often than by accident; so do 为 in names, 天有为|为, and 把,
# a noun in dialect prose.)
DOUBLED = "的了是在和被对与及也都就向从以于不有要"
_DOUBLE_RE = regexcache.compile(f"([{DOUBLED}])\\1")
WINDOW = 10  # word characters read on each side
LONGEST = 8  # longest word looked for across the double


@builtin(fix="never", locality="paragraph", options={"words": ()})
def typing_doubles(options: Options) -> Finder:
    """ZH503: 的的, 了了, 是是 typed by accident. Option ``words``: words the list lacks
    that end or begin with a doubled character (前缀和|和, 明了|了)."""
    words = options.get("words", ())
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ValueError("option 'words' must be a list of words")
    extra = frozenset(words)

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        for start, end in ctx.hot_lines(text, _DOUBLE_RE):
            for m in _DOUBLE_RE.finditer(text, start, end):
                if not _explained(text, m.start(), extra):
                    yield Hit(m.start(), m.end(), None, f"“{m.group()}” typed twice?")

    return find


def _explained(text: str, i: int, extra: frozenset[str]) -> bool:
    """Is the double at ``i`` reduplication, an utterance or a word boundary?"""
    ch = text[i]
    before = text[i - 1] if i else "\n"
    after = text[i + 2] if i + 2 < len(text) else "\n"
    if before == ch or after == ch:
        return True  # 是是是, 对对对: a deliberate run
    if not is_han(before) and not is_han(after):
        return True  # 不不，她们…: an utterance
    if (i >= 2 and is_han(before) and text[i - 2] == before) or (
        i + 3 < len(text) and is_han(after) and text[i + 3] == after
    ):
        return True  # AABB: 实实在在, 暖暖和和
    window, s = _window(text, i)
    return _word_boundary(window, s, extra)


def _word_boundary(window: str, s: int, extra: frozenset[str]) -> bool:
    """True when words of the list hold either half (or both) of ``window[s:s+2]``."""
    from normtools import wordgate

    pos = 0
    first = second = ""
    for word in wordgate.segment(window):
        if pos <= s < pos + len(word):
            first = word
        if pos <= s + 1 < pos + len(word):
            second = word
            break
        pos += len(word)
    if len(first) > 1 or len(second) > 1:
        return True  # 常常, 不了了之, 标的|的, 应对|对外, 和|和平
    for k in range(2, LONGEST + 1):  # any reading: 客户对|对账单
        ending = window[s + 1 - k : s + 1] if s + 1 - k >= 0 else ""
        starting = window[s + 1 : s + 1 + k] if s + 1 + k <= len(window) else ""
        for word in (ending, starting):
            if word and (word in extra or wordgate.is_word(word)):
                return True
    return False


def _window(text: str, i: int) -> tuple[str, int]:
    """Up to WINDOW word characters on each side of the double at ``i`` (a hard wrap, one
    line break with its indentation, is read through: 不⏎了了之), and the double's
    offset in it."""
    left: list[str] = []
    pos = i
    while len(left) < WINDOW and pos > 0:
        ch = text[pos - 1]
        if _wordlike(ch):
            left.append(ch)
            pos -= 1
            continue
        k = pos - 1
        while k >= 0 and text[k] in " \t\u3000\n":
            k -= 1
        if k >= 0 and text.count("\n", k + 1, pos) == 1 and _wordlike(text[k]):
            pos = k + 1
            continue
        break
    right: list[str] = []
    pos = i + 2
    while len(right) < WINDOW and pos < len(text):
        ch = text[pos]
        if _wordlike(ch):
            right.append(ch)
            pos += 1
            continue
        k = pos
        while k < len(text) and text[k] in " \t\u3000\n":
            k += 1
        if k < len(text) and text.count("\n", pos, k) == 1 and _wordlike(text[k]):
            pos = k
            continue
        break
    return "".join(reversed(left)) + text[i : i + 2] + "".join(right), len(left)


def _wordlike(ch: str) -> bool:
    return is_han(ch) or (ch.isascii() and ch.isalnum())
