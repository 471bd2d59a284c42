"""Word-boundary gate: is a dictionary hit a misspelling, or correct words read across it?

A dictionary's wrong form also occurs in correct text across word boundaries: 竭城 (for
竭诚) in 资源枯竭城市 (枯竭|城市), 格守 in 严格守法 (严格|守法), 目堵 in 项目堵点, 档住 in 高档住房,
读职 in 就读职校, 竟赛 in 毕竟赛程. A literal matcher cannot tell; a word list can.

The rule (``explained_by_words``). Take the window of word characters (Han, ASCII
letters and digits) around the hit, at most ``WINDOW`` characters on each side, and read
it as jieba does: among the ways to cut it into words of the list, the one of highest
probability, a word's probability being its frequency over the list's total (a
character the list does not know counts as a word of frequency 1). The hit is explained
by words, and so is not a finding, when both hold:

1. the best reading of the window as written that splits the hit (no single word may
   hold the whole hit) puts a word across one of the hit's edges: the hit's characters
   belong to words around it (枯竭|城市 for 竭城). A word that holds the whole hit is not
   a reading that explains it: jieba lists misspellings (沉缅于, 再接再励) and the static
   gate (tools/dictionary_gate.py) and the entry's exceptions decide about those;
2. that reading is not much less probable than the best reading of the window with the
   correction in place of the hit (several suggestions: the best of them; no correction
   given: the best reading that keeps the hit whole): a typo is believed only when the
   correction makes the window ``MARGIN`` (100 times) more probable. So in 究竟赛事
   (究竟|赛事) 竟赛 is explained, and in 这次竟赛吸引了 the best reading (这次|竟|赛|吸引|了)
   puts no word across the hit, so 竞赛 stays a finding; in 每当这时侯 the reading
   这时|侯 crosses the hit but 这|时候 is far more probable, so 时候 stays a finding too.

A correction that differs from the wrong form only in marks (十四五规划 → “十四五”规划) changes
no word, so reading the words differently cannot make the text right: the gate does not
apply to it.

The word list is jieba's dictionary (MIT; ``rules/jieba_words.gz``, built by
``tools/gen_wordlist.py``; about 349,000 words with frequencies). It is loaded on the
first call that needs it, never at import: clean text and the hook's start-up pay
nothing. The list is kept as one line of words per first character, and a line is
parsed only when a window holds that character. The decompressed list and its index
of lines are kept in the user cache (``normtools.cache``), so later processes read
them in a few milliseconds instead of decompressing.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path

from normtools import cache
from normtools.errors import NormtoolsError
from normtools.text import is_han, shipped_rules_dir

WORDLIST = "jieba_words.gz"
# Characters of context read on each side of a hit.
WINDOW = 10
# How much more probable (natural log) the corrected reading must be than a reading of
# the text as written that splits the hit, for the hit to count as a misspelling: a
# typo is believed only when the correction makes the window 100 times more probable.
MARGIN = math.log(100)

# The list once read: a byte span per first character, over the UTF-8 body whose lines
# are "word freq word freq ..." (words starting with that character).
_lines: tuple[dict[str, tuple[int, int]], bytes] | None = None
_buckets: dict[str, _Bucket] = {}  # first character -> its words, parsed
_log_total = 0.0


def is_loaded() -> bool:
    """True once the word list has been read (tests show clean text never reads it)."""
    return _lines is not None


def frequency(word: str) -> int:
    """The word's frequency in the list (0: not a word)."""
    if not word:
        return 0
    return _bucket(word[0]).freqs.get(word, 0)


def is_word(word: str) -> bool:
    """True when the list holds ``word``."""
    return frequency(word) > 0


def words() -> Iterator[tuple[str, int]]:
    """Every word of the list with its frequency (reads the whole list: for tools)."""
    for first in _load()[0]:
        yield from _bucket(first).freqs.items()


def segment(text: str) -> list[str]:
    """The most probable reading of ``text`` as words of the list (jieba's DAG, no HMM)."""
    _score, cuts = _best(text)
    return [text[a:b] for a, b in pairwise(cuts)]


def score(text: str) -> float:
    """Natural log of the probability of the best reading of ``text`` as words of the list
    (to compare two versions of the same stretch of text)."""
    return _best(text)[0]


def explained_by_words(text: str, start: int, end: int, corrections: Sequence[str] = ()) -> bool:
    """True when ``text[start:end]`` is better read as parts of correct words around it.

    ``corrections`` are what the hit would become (the fix, or the suggestions); see the
    module docstring for the rule.
    """
    left = start
    while left > 0 and start - left < WINDOW and _wordlike(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and right - end < WINDOW and _wordlike(text[right]):
        right += 1
    if (left == start and right == end) or end - start < 2:
        return False  # nothing around the hit to read it with, or nothing to split
    window = text[left:right]
    s, e = start - left, end - left
    wrong = window[s:e]
    changed = [c for c in (_word_chars(c) for c in corrections) if c != _word_chars(wrong)]
    if corrections and not changed:
        return False  # the correction only adds or removes marks
    score, cuts = _best(window, split=(s, e))
    if s in cuts and e in cuts:
        return False  # the best reading keeps the hit apart from its neighbours
    if changed:
        alternative = max(_best(window[:s] + c + window[e:])[0] for c in changed)
    else:
        alternative = _best(window, keep=(s, e))[0]
    return score >= alternative - MARGIN


def _wordlike(ch: str) -> bool:
    return is_han(ch) or (ch.isascii() and ch.isalnum())


def _word_chars(text: str) -> str:
    return "".join(ch for ch in text if _wordlike(ch))


def _best(
    text: str, keep: tuple[int, ...] = (), split: tuple[int, int] | None = None
) -> tuple[float, list[int]]:
    """Log-probability and cut positions (0 and len included) of the best reading.

    ``keep``: positions every reading must cut at; ``split``: a span no single word may
    hold whole. Dynamic programming from the right, as jieba's ``calc``: ``best[i]`` is
    the best reading of ``text[i:]``; a word is looked for up to the longest word that
    starts with ``text[i]``.
    """
    n = len(text)
    if _lines is None:
        _load()  # sets the total the log-probabilities are relative to
    unknown = -_log_total
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    buckets = _buckets
    log, total = math.log, _log_total
    for i in range(n - 1, -1, -1):
        ch = text[i]
        bucket = buckets.get(ch) or _bucket(ch)
        freqs = bucket.freqs
        limit = i + bucket.longest
        if limit > n:
            limit = n
        if keep:
            limit = min([limit, *(k for k in keep if k > i)])
        if split is not None and i <= split[0] and limit >= split[1]:
            limit = split[1] - 1
        single = freqs.get(ch)
        top = ((unknown if single is None else log(single) - total) + best[i + 1][0], i + 1)
        # Every length up to the bucket's longest word: a window is a few dozen characters,
        # so these lookups cost less than a map of every word's prefixes built per bucket.
        for j in range(i + 2, limit + 1):
            freq = freqs.get(text[i:j])
            if freq is None:
                continue
            score = log(freq) - total + best[j][0]
            if score > top[0]:
                top = (score, j)
        best[i] = top
    cuts = [0]
    while cuts[-1] < n:
        cuts.append(best[cuts[-1]][1])
    return best[0][0], cuts


class _Bucket:
    """The words starting with one character and their frequencies; ``longest`` bounds
    how far a reading looks for one."""

    __slots__ = ("freqs", "longest")

    def __init__(self, freqs: dict[str, int]) -> None:
        self.freqs = freqs
        self.longest = max(map(len, freqs), default=1)


def _bucket(first: str) -> _Bucket:
    """The words starting with ``first`` (parsed once)."""
    found = _buckets.get(first)
    if found is None:
        index, body = _load()
        freqs: dict[str, int] = {}
        span = index.get(first)
        if span is not None:
            parts = iter(body[span[0] : span[1]].decode("utf-8").split(" "))
            freqs = {w: int(f) for w, f in zip(parts, parts, strict=True)}
        found = _buckets[first] = _Bucket(freqs)
    return found


def _load() -> tuple[dict[str, tuple[int, int]], bytes]:
    """The list's lines as one UTF-8 body and a byte span per first character."""
    global _lines, _log_total
    if _lines is None:
        path = shipped_rules_dir() / WORDLIST
        key = _cache_key(path)
        cached = cache.load(*key) if key else None
        if isinstance(cached, tuple) and len(cached) == 3:
            total, index, body = cached
        else:
            total, index, body = _read(path)
            if key:
                cache.store(key[0], (total, index, body), key[1])
        _log_total = math.log(total)
        _lines = (index, body)
    return _lines


def _read(path: Path) -> tuple[int, dict[str, tuple[int, int]], bytes]:
    import gzip

    try:
        data = gzip.decompress(path.read_bytes())
        header_end = data.index(b"\n")
        total = int(data[:header_end].decode("ascii", "replace").rpartition("total=")[2])
    except (OSError, EOFError, ValueError) as exc:
        raise NormtoolsError(f"{path}: cannot read the word list: {exc}") from None
    index: dict[str, tuple[int, int]] = {}
    start = header_end + 1
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end == -1 else end
        if end > start:
            first = data[start : start + 4].decode("utf-8", "ignore")[:1]
            index[first] = (start, end)
        start = end + 1
    return total, index, data


def _cache_key(path: Path) -> tuple[str, bytes] | None:
    """The cache file's name and what its value is built from: the list file's identity
    (path, size, mtime); the cache checks its version and checksum itself."""
    from normtools.digest import blake2b

    try:
        st = path.stat()
    except OSError:
        return None
    source = f"wordgate|{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()
    return f"words-{blake2b(source, digest_size=20).hexdigest()}.marshal", source
