"""Which encoding bytes that are not UTF-8 are in, and whether that is certain.

``fix`` rewrites a file from the text it read, so a wrong reading destroys the file
(Korean read as GB18030 becomes Chinese gibberish, a cut UTF-8 file becomes mojibake).
This module therefore answers only when the answer is certain, and otherwise raises
``Undecided`` with a one-line reason; the file is then reported and left alone:

- bytes that are UTF-8 except for a cut final sequence or a few bad bytes are damaged
  UTF-8, never another encoding (``utf8_damage``);
- GB18030 (GBK) and Big5 are taken only with at least ``MIN_HAN`` Han characters whose
  reading is Chinese by character frequency (a wrong reading lands on common characters
  too, but evenly, while real text keeps to the most frequent ones), and only when the
  other reading is clearly worse;
- a reading is vetoed when the bytes read as Japanese (kana) or Korean (Hangul), or when
  charset-normalizer names a Japanese or Korean encoding; those files are reported,
  never converted;
- a file whose lines read well in different encodings (a GBK half and a Big5 half) is
  reported as mixed.

``tools/measure_decoding.py`` measures all of this on real text.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from functools import cache

from normtools import regexcache

SAMPLE = 1 << 16
MIN_HAN = 8  # fewer Han characters than this: no legacy encoding is certain

# Mean frequency score a reading needs (see _score), by how many Han it has: a short
# sample's mean varies more. Right readings of real text score 3.6 (median), wrong
# ones 0.9; the margin is what the better reading must lead the other one by.
_THRESHOLDS = ((8, 3.1), (16, 2.9), (32, 2.7), (0, 2.5))
_MARGIN = 1.0

_HAN = regexcache.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]")
_KANA = regexcache.compile("[\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff]")
_HANGUL = regexcache.compile("[\uac00-\ud7a3]")
_CONTROL = regexcache.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What Chinese prose is made of: Han, ASCII, CJK and general punctuation, full-width forms.
_PLAUSIBLE = regexcache.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
    "\t\n\r\x0c\x20-\x7e\u00a0-\u00ff\u2010-\u2027\u2030-\u203b\u3000-\u303f"
    "\uff00-\uffef\u2460-\u24ff\u2160-\u217f\u00b7\u25a0-\u25ff\u2190-\u21ff]"
)
# Hangul syllables that make a large share of any Korean text (charset-normalizer's list).
_KOREAN_COMMON = frozenset("이다에의는로하을가고지서한은기으년대사시를리도인스일")

NAMES = {
    "gb18030": "GB18030 (GBK)",
    "big5": "Big5",
    "utf-16-le": "UTF-16LE",
    "utf-16-be": "UTF-16BE",
}
_FOREIGN_ENCODINGS = {
    "cp949": "Korean (EUC-KR/CP949)",
    "euc_kr": "Korean (EUC-KR/CP949)",
    "johab": "Korean (Johab)",
    "iso2022_kr": "Korean (ISO-2022-KR)",
    "cp932": "Japanese (Shift-JIS/CP932)",
    "shift_jis": "Japanese (Shift-JIS/CP932)",
    "shift_jis_2004": "Japanese (Shift-JIS)",
    "shift_jisx0213": "Japanese (Shift-JIS)",
    "euc_jp": "Japanese (EUC-JP)",
    "euc_jis_2004": "Japanese (EUC-JP)",
    "euc_jisx0213": "Japanese (EUC-JP)",
    "iso2022_jp": "Japanese (ISO-2022-JP)",
}
_CONVERT = "convert it to UTF-8 first"
_NO_FIT = f"and no encoding fits with confidence; {_CONVERT}"


class Undecided(Exception):
    """No certain reading. ``str(exc)`` is the one-line reason shown to the user."""


@dataclass(frozen=True)
class Reading:
    """One candidate encoding's reading of the sample."""

    encoding: str
    han: int
    score: float  # mean frequency score of its Han characters, 0-4


# -- damaged UTF-8 ---------------------------------------------------------------------

_WIDE = regexcache.compile("[^\x00-\u07ff\udc80-\udcff]")  # a valid sequence of three or four bytes
_BAD = regexcache.compile("[\udc80-\udcff]+")  # a run of bytes that are not UTF-8


def utf8_damage(data: bytes, offset: int = 0) -> str | None:
    """The detail to report when ``data`` (which does not decode) is damaged UTF-8.

    UTF-8 Chinese is made of three-byte sequences; in GBK, Big5, EUC-KR or Shift-JIS
    text read as UTF-8 they are rare (at most two per bad stretch, measured on real
    text), so four or more per bad stretch, or an error only in a cut final sequence,
    mean UTF-8 with errors. ``offset`` is added to reported positions (a BOM).
    """
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        first, reason = exc.start, exc.reason
    cut_tail = reason == "unexpected end of data" and _only_cut_tail(data, first)
    if not cut_tail:
        wide = bad = 0
        decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        for start in range(0, len(data), 1 << 20):
            piece = decoder.decode(
                data[start : start + (1 << 20)], final=start + (1 << 20) >= len(data)
            )
            wide += len(_WIDE.findall(piece))
            bad += len(_BAD.findall(piece))
        if wide < 4 * bad or wide < 3:
            return None
    line = data.count(b"\n", 0, first) + 1
    where = f"line {line}, a character cut at the end of the file" if cut_tail else f"line {line}"
    return f"invalid UTF-8 at byte {first + offset} ({where}): fix the byte or convert the file"


def _only_cut_tail(data: bytes, first: int) -> bool:
    """Is the first error a sequence cut by the end of the file (nothing else wrong)?"""
    try:
        data[:first].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return len(data) - first < 4


# -- Chinese legacy encodings ----------------------------------------------------------


@cache
def _ranks() -> dict[str, int]:
    """Han character -> frequency rank (0 = most frequent), from rules/han_frequent.json."""
    from normtools.text import shipped_rules_dir

    path = shipped_rules_dir() / "han_frequent.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    ranks = {ch: i for i, ch in enumerate(data["ranked"])}
    for form, simplified in data["traditional"].items():
        ranks.setdefault(form, ranks[simplified])
    return ranks


def _tier(rank: int) -> int:
    return 4 if rank < 300 else 3 if rank < 1000 else 2 if rank < 2000 else 1 if rank < 3000 else 0


def _score(text: str) -> tuple[int, float]:
    """(Han count, mean frequency score): 4 for the 300 most frequent characters, 3 to
    rank 1,000, 2 to 2,000, 1 to 3,000, 0 for the rest. Real text: 3.6 (median)."""
    han = _HAN.findall(text)
    if not han:
        return 0, 0.0
    ranks = _ranks()
    return len(han), sum(_tier(ranks.get(ch, 9999)) for ch in han) / len(han)


def _threshold(han: int) -> float:
    for below, value in _THRESHOLDS:
        if han < below or not below:
            return value
    return _THRESHOLDS[-1][1]


def _head(sample: bytes, encoding: str, *, complete: bool) -> str | None:
    """``sample`` decoded strictly (a cut character at its end allowed unless
    ``complete``), or None when it does not decode or holds control characters."""
    try:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        head: str = decoder.decode(sample, final=complete)
    except (UnicodeDecodeError, LookupError):
        return None
    return head if _CONTROL.search(head) is None else None


def _readings(data: bytes) -> list[Reading]:
    sample = data[:SAMPLE]
    complete = len(data) <= SAMPLE
    out = []
    for encoding in ("gb18030", "big5", "utf-16-le", "utf-16-be"):
        if encoding.startswith("utf-16") and len(data) % 2:
            continue
        head = _head(sample, encoding, complete=complete)
        if head is None or not head:
            continue
        plausible = len(_PLAUSIBLE.findall(head)) / len(head)
        if plausible < 0.9:
            continue
        han, score = _score(head)
        out.append(Reading(encoding, han, score))
    return sorted(out, key=lambda r: (r.score, r.han), reverse=True)


def chinese(data: bytes) -> str:
    """The Chinese legacy encoding ``data`` is certainly in, else raise ``Undecided``.

    ``data`` is not UTF-8 and holds no NUL byte pattern of UTF-16 (the caller has
    checked both). The caller must still decode the whole file strictly and run
    ``check_whole`` on the text.
    """
    sample, complete = data[:SAMPLE], len(data) <= SAMPLE
    foreign = _foreign(sample, complete=complete)
    if foreign:
        raise Undecided(f"looks like {foreign} text: normtools converts only Chinese; {_CONVERT}")
    readings = _readings(data)
    if not readings:
        raise Undecided(_mixed_lines(sample, complete) or f"not UTF-8, {_NO_FIT}")
    best = readings[0]
    if best.han < MIN_HAN:
        raise Undecided(
            f"not UTF-8, and the encoding cannot be determined with confidence "
            f"({best.han} Han characters, {MIN_HAN} needed); {_CONVERT}"
        )
    if best.score < _threshold(best.han):
        raise Undecided(_mixed_lines(sample, complete) or f"not UTF-8, {_NO_FIT}")
    rival = next((r for r in readings[1:] if r.han >= MIN_HAN // 2), None)
    if rival is not None and best.score - rival.score < _MARGIN:
        raise Undecided(
            f"not UTF-8; reads as {NAMES[best.encoding]} or as {NAMES[rival.encoding]}, "
            f"and the encoding cannot be determined with confidence; {_CONVERT}"
        )
    vetoed = _normalizer_veto(sample, complete=complete)
    if vetoed:
        raise Undecided(f"looks like {vetoed} text: normtools converts only Chinese; {_CONVERT}")
    return best.encoding


def _mixed_lines(sample: bytes, complete: bool) -> str | None:
    """'mixed encodings: ...' when some lines read well only as GBK and others only as
    Big5 (such a file decodes as neither as a whole)."""
    lines = sample.split(b"\n")
    if not complete:
        lines.pop()  # maybe cut
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, 1):
        if raw.isascii():
            continue
        good = [enc for enc in ("gb18030", "big5") if _reads_well(raw, enc)]
        if len(good) == 1:
            seen.setdefault(good[0], number)
        if len(seen) == 2:
            (first, a), (second, b) = sorted(seen.items(), key=lambda kv: kv[1])
            return (
                f"mixed encodings: line {a} reads as {NAMES[first]}, line {b} as "
                f"{NAMES[second]}; convert each part to UTF-8 by hand"
            )
    return None


def _reads_well(raw: bytes, encoding: str) -> bool:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    wide, good = _fitness(text)
    return wide >= _MIN_EVIDENCE and good >= 0.75 * wide and len(_HAN.findall(text)) >= 2


def check_whole(text: str, encoding: str) -> None:
    """Raise ``Undecided`` when a line of ``text`` (``encoding``'s reading of the whole
    file) reads clearly better in the other Chinese encoding: a file of mixed encodings
    (a GBK half and a Big5 half) is never converted.

    A line is suspect when fewer than 80 % of its non-ASCII characters are frequent Han
    or common CJK punctuation (a wrong reading yields rare Han, kana, Bopomofo, box
    drawing); it proves a mix when the other encoding reads it at 75 % or more, and
    better by 35 points (a real line of rare names does not read well both ways).
    """
    other = "big5" if encoding == "gb18030" else "gb18030" if encoding == "big5" else None
    if other is None:
        return
    start, number = 0, 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        start, number = end + 1, number + 1
        if line.isascii():
            continue
        wide, good = _fitness(line)
        if wide < _MIN_EVIDENCE or good >= 0.8 * wide:
            continue
        try:
            alternative = line.encode(encoding).decode(other)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        wide_other, good_other = _fitness(alternative)
        share, share_other = good / wide, good_other / max(1, wide_other)
        han_other = len(_HAN.findall(alternative))
        digits_other = len(_FULLWIDTH_ALNUM.findall(alternative))
        if (
            wide_other >= _MIN_EVIDENCE
            and (han_other >= min(2, wide_other) or (digits_other >= 4 and not good))
            and share_other >= (0.75 if wide_other > 2 else 1.0)
            and share_other - share >= 0.35
        ):
            raise Undecided(
                f"mixed encodings: line {number} reads as {NAMES[other]} and the rest as "
                f"{NAMES[encoding]}; convert each part to UTF-8 by hand"
            )


_MIN_EVIDENCE = 3  # non-ASCII characters a line needs to be judged on its own
_FULLWIDTH_ALNUM = regexcache.compile("[０-９Ａ-Ｚａ-ｚ]")
_NON_ASCII = regexcache.compile("[^\x00-\x7f]")
_COMMON_MARKS = "，。、；：？！“”‘’《》〈〉（）【】「」『』—…·　０-９Ａ-Ｚａ-ｚ％"


@cache
def _good() -> re.Pattern[str]:
    """Frequent Han (rank below 2,000, with their Traditional forms) and common marks."""
    chars = "".join(sorted(ch for ch, rank in _ranks().items() if rank < 2000))
    return re.compile(f"[{re.escape(chars)}{_COMMON_MARKS}]")


def _fitness(line: str) -> tuple[int, int]:
    """(non-ASCII characters, how many of them are frequent Han or common marks)."""
    return len(_NON_ASCII.findall(line)), len(_good().findall(line))


# -- Japanese and Korean ---------------------------------------------------------------


def _foreign(sample: bytes, *, complete: bool) -> str | None:
    """A name such as 'Korean (EUC-KR/CP949)' when the bytes read as Japanese or Korean:
    kana in a Shift-JIS or EUC-JP reading, common Hangul in an EUC-KR reading. Chinese
    read that way gives no kana and rare syllables (measured on real text)."""
    for encoding in ("cp932", "euc_jp"):
        if _japanese(_head(sample, encoding, complete=complete), strict=True):
            return _FOREIGN_ENCODINGS[encoding]
    if _korean(_head(sample, "cp949", complete=complete), strict=True):
        return _FOREIGN_ENCODINGS["cp949"]
    return None


def _normalizer_veto(sample: bytes, *, complete: bool) -> str | None:
    """charset-normalizer's verdict as a veto: when it names a Japanese or Korean
    encoding and that reading looks like its language under a looser test. (Alone it is
    unreliable on Chinese: it calls 6 % of real GBK paragraphs Korean.)"""
    named = _normalizer_says(sample)
    if named is None:
        return None
    encoding, language = named
    head = _head(sample, encoding, complete=complete)
    if _japanese(head, strict=False) if language == "Japanese" else _korean(head, strict=False):
        return _FOREIGN_ENCODINGS[encoding]
    return None


def _japanese(text: str | None, *, strict: bool) -> bool:
    """Kana make 30 % of the letters (10 % when charset-normalizer says Japanese)."""
    if not text:
        return False
    kana = len(_KANA.findall(text))
    share = 0.3 if strict else 0.1
    return kana >= (4 if strict else 2) and kana >= share * (kana + len(_HAN.findall(text)))


def _korean(text: str | None, *, strict: bool) -> bool:
    """Hangul, and a Korean share of its most common syllables (15 %; 8 % when
    charset-normalizer says Korean): Chinese read as EUC-KR is Hangul too, but rare."""
    if not text:
        return False
    hangul = _HANGUL.findall(text)
    if len(hangul) < 4 or len(hangul) < 0.9 * (len(hangul) + len(_HAN.findall(text))):
        return False
    common = sum(1 for ch in hangul if ch in _KOREAN_COMMON)
    return common >= (0.15 if strict else 0.08) * len(hangul)


def _normalizer_says(sample: bytes) -> tuple[str, str] | None:
    """(encoding, 'Japanese' or 'Korean') when charset-normalizer's best guess is one."""
    from charset_normalizer import from_bytes

    cut = sample.rfind(b"\n") if len(sample) >= SAMPLE else -1
    best = from_bytes(sample[: cut + 1] if cut > 0 else sample).best()
    if best is None:
        return None
    try:
        name = codecs.lookup(best.encoding).name
    except LookupError:
        return None
    language = _FOREIGN_ENCODINGS.get(name, "").split(" ")[0]
    return (name, language) if language in ("Japanese", "Korean") else None
