"""Mojibake: UTF-8 bytes that were once decoded as cp1252/Latin-1 or as GBK.

A stretch is repaired only when the repair is certain: encoding it with the wrong
codec gives bytes that decode as UTF-8 *strictly*, and the result is plausible text
(Han, CJK punctuation or accented letters; no control or replacement characters).
Stretches that look garbled but cannot be restored exactly (``锟斤拷``, a character
cut in half) are reported only. Quote marks alone (``â€œ``) are left to ZH205.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from normtools import regexcache
from normtools.model import Hit
from normtools.text import HAN, common_han, hot_lines, run_of

# What UTF-8 bytes 0x80-0xFF look like after a cp1252 (or Latin-1) decode.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_LATIN_RUN = regexcache.compile(run_of(f"[\u0080-\u00ff{_CP1252_HIGH}]", 2))
# UTF-8 lead bytes of multi-byte sequences show up as Â-ô.
_LEAD = regexcache.compile("[\u00c2-\u00f4]")
_QUOTES = frozenset("“”‘’")
# Runs of characters that GBK encodes in two bytes (where UTF-8-read-as-GBK lands).
_WIDE_RUN = regexcache.compile(run_of("[\u0080-\U0010ffff]", 2))
# U+FFFD U+FFFD in UTF-8, read as GBK: the text is gone.
_LOST = regexcache.compile(run_of("锟斤拷"))
_BAD = regexcache.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


def _byte(ch: str) -> int | None:
    if ord(ch) < 0x100:
        return ord(ch)
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


def _seq_len(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _plausible(decoded: str) -> bool:
    if _BAD.search(decoded):
        return False
    for ch in decoded:
        if ord(ch) >= 0x800:
            continue
        if not unicodedata.category(ch).startswith("L"):
            return False
    return True


def latin_segments(
    text: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int, str]]:
    """(start, end, repaired) for stretches of UTF-8 read as cp1252/Latin-1.

    >>> list(latin_segments("ä¸\\xadæ–‡"))
    [(0, 6, '中文')]
    """
    stop = len(text) if end is None else end
    if _LEAD.search(text, start, stop) is None:
        return  # no UTF-8 lead byte read as Latin-1: “……” and “——” alone are not runs
    for run in _LATIN_RUN.finditer(text, start, stop):
        chunk = run.group(0)
        if not _LEAD.search(chunk):
            continue
        i = 0
        seg_start, seg_out = -1, ""
        while i < len(chunk):
            lead = _byte(chunk[i])
            size = _seq_len(lead) if lead is not None else 0
            decoded = None
            if size and i + size <= len(chunk):
                raw = [_byte(c) for c in chunk[i : i + size]]
                if all(b is not None for b in raw):
                    try:
                        decoded = bytes(b for b in raw if b is not None).decode("utf-8")
                    except UnicodeDecodeError:
                        decoded = None
            if decoded is not None and decoded not in _QUOTES and _plausible(decoded):
                if seg_start < 0:
                    seg_start = i
                seg_out += decoded
                i += size
                continue
            if seg_start >= 0:
                yield run.start() + seg_start, run.start() + i, seg_out
                seg_start, seg_out = -1, ""
            i += size if decoded is not None else 1
        if seg_start >= 0:
            yield run.start() + seg_start, run.start() + i, seg_out


@lru_cache(maxsize=1)
def _telltale() -> re.Pattern[str]:
    """Characters that UTF-8 read as GBK cannot avoid: a UTF-8 lead byte of CJK text or
    punctuation (E2-E9, EF) paired with a continuation byte (80-BF). They are rare in
    real Chinese, so only lines holding one are examined."""
    chars = set()
    for lead in (0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF):
        for cont in range(0x80, 0xC0):
            ch = bytes((lead, cont)).decode("gbk", errors="ignore")
            if len(ch) == 1:
                chars.add(ch)
    return regexcache.compile("[" + "".join(sorted(chars)) + "]")


def gbk_segments(
    text: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int, str | None]]:
    """(start, end, repaired or None) for stretches of UTF-8 read as GBK.

    A repair needs the stretch's GBK bytes to be strict UTF-8 and the result to be
    made of common characters while the stretch itself was not.
    """
    stop = len(text) if end is None else end
    for lost in _LOST.finditer(text, start, stop):
        yield lost.start(), lost.end(), None
    for line_start, line_end in hot_lines(text, _telltale(), start, stop):
        yield from _gbk_runs(text, line_start, line_end)


def _gbk_runs(text: str, start: int, end: int) -> Iterator[tuple[int, int, str | None]]:
    for run in _WIDE_RUN.finditer(text, start, end):
        chunk = run.group(0)
        if _LOST.search(chunk):
            continue
        for skip in range(min(3, len(chunk) - 1)):
            part = chunk[skip:]
            cut = part.find("\ufffd")  # a byte the GBK decoder could not place: lost
            try:
                data = (part if cut < 0 else part[:cut]).encode("gb18030")
            except UnicodeEncodeError:
                break
            decoder = codecs.getincrementaldecoder("utf-8")("strict")
            try:
                decoded = decoder.decode(data, final=False)
            except UnicodeDecodeError:
                continue
            pending = decoder.getstate()[0]
            if not decoded or not _plausible(decoded) or not _more_common(part, decoded):
                continue
            lost = bool(pending) or cut >= 0
            if lost and not _telling(decoded):
                continue
            yield run.start() + skip, run.end(), None if lost else decoded
            break


_HAN = regexcache.compile(f"[{HAN}]")
_CJK_PUNCT = frozenset("“”‘’—…、。，；：！？（）《》「」『』【】·")


def _more_common(before: str, after: str) -> bool:
    """The repair reads as everyday Chinese; the garbled stretch did not."""
    han_before = [c for c in before if not c.isascii() and c not in _CJK_PUNCT]
    han_after = _HAN.findall(after)
    if not han_after:
        ok_after = all(c in _CJK_PUNCT for c in after)
    else:
        ok_after = sum(map(common_han, han_after)) / len(han_after) >= 0.9
    common_before = sum(map(common_han, han_before)) / max(1, len(han_before))
    return ok_after and common_before < 0.6


def _telling(decoded: str) -> bool:
    """Enough of a stretch that cannot be restored to call it mojibake: two characters,
    or a Chinese mark (鈥溿 is “ and a cut-off byte). One character and a stray byte is
    what two rare characters of a name give by chance (市长 蹇彪: E5BF B1EB holds 忱)."""
    return len(decoded) >= 2 or all(c in _CJK_PUNCT for c in decoded)


def _in_latin_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def find(text: str, start: int = 0, end: int | None = None) -> Iterator[Hit]:
    """ZH605's hits in ``text[start:end]`` (line boundaries)."""
    stop = len(text) if end is None else end
    if text.isascii():
        return
    for s, e, fixed in latin_segments(text, start, stop):
        if len(fixed) == 1 and ord(fixed) < 0x800 and not _in_latin_word(text, s, e):
            continue  # two marks that read as one letter: 数据要素×” is not ה (café is)
        yield Hit(s, e, fixed, f"mojibake (UTF-8 read as Windows-1252): “{text[s:e]}” is “{fixed}”")
    for s, e, repaired in gbk_segments(text, start, stop):
        found = text[s:e]
        if repaired is None:
            yield Hit(
                s,
                e,
                None,
                f"mojibake (UTF-8 read as GBK): “{found}” cannot be restored "
                "exactly; recover the text from the original file",
            )
        else:
            yield Hit(s, e, repaired, f"mojibake (UTF-8 read as GBK): “{found}” is “{repaired}”")
