"""Misspelled idioms that no list holds: a four-character window one character off an idiom.

A dictionary finds only the misspellings someone listed. Writers mostly misspell an
idiom by one character that sounds the same (人声顶沸, 发人深醒, 一言九顶, 出谋化策) or looks
alike (病入膏盲, 莫衰一是); so a window that differs from exactly one known idiom in exactly
one position is a candidate when the written character is such a confusion:

- the same sound: the written character's main reading (pypinyin's first, tone dropped)
  is the idiom character's main reading or the idiom's own reading of it (省 in 发人深省
  reads xing): fixed;
- a look-alike only (pycorrector's same_stroke groups): reported with the idiom as a
  suggestion, and only when the ``suggestions`` setting is on, as ZH301's suggestions.

It is not a finding when the window is itself in use: a listed idiom form (listed
variants such as 故步自封/固步自封 are never "corrected" into each other), a word of the
word list, a window of the rule's ``allow`` list (puns and coinages found in clean text:
锻长补短), or correct words read across it (``wordgate``: 获得|其|所在); nor when a numeral
is the replaced character or the idiom's, when two idioms are candidates, or when the
window overlaps one of ZH301's wrong forms (the dictionary reports those).

Speed: one pass per region over the text's UTF-8, in C. A window shares three of its
four characters with a target only if it holds the target's first or second half, so
one Aho-Corasick automaton over the targets' halves finds the places to look (a half
that is a common word, 国家, would be found every few lines: its target is anchored by
its three characters on that side instead, and a misspelling inside that half is not
looked for). Python sees each half found (about one every 100 bytes of official prose):
a test of one byte of the characters after or before it (their last UTF-8 byte) settles
most, and only windows three characters right reach the listed forms and the judging
(once per distinct window). The data (rules/idioms.gz, built by tools/gen_idioms.py) is
read on the first text with four Han characters in a row, never at import, and kept in
the user cache as a few long strings; what judging needs is built on first need.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from normtools import cache, wordgate
from normtools.builtins import script
from normtools.builtins.registry import builtin
from normtools.errors import NormtoolsError
from normtools.model import Context, Finder, Hit
from normtools.text import shipped_rules_dir

DATA = "idioms.gz"
DICTIONARY = "typos.toml"  # ZH301: its wrong forms are the dictionary's to report
# A numeral is never the replaced character: 三心二意/三心两意, 一五一十 ...
NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟0123456789")
_RUN = re.compile(r"[\u4e00-\u9fff]{4}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# How much more probable (natural log) the idiom must make the words around the window.
MARGIN = math.log(1000)
# A quotation of up to this many characters around the window is a slogan (see _quoted).
QUOTED = 8
_OPENERS = frozenset("“‘「『《〈\"'")
_CLOSERS = frozenset("”’」』》〉\"'")
_BREAKS = frozenset("。！？；\n") | (_CLOSERS - _OPENERS)
# Texts of this many bytes or more are searched with a DFA once DFA_AFTER bytes of them
# were searched in a process (see _automaton).
DFA_FROM = 1 << 20
DFA_AFTER = 16 << 20
# The syllable table covers the CJK Unified Ideographs block.
TABLE_BASE = 0x4E00
TABLE_SIZE = 0xA000 - TABLE_BASE
# Anchor flags: a target's first three characters (the window starts with it), its last three.
EDGE_START = 1
EDGE_END = 2
# Verdicts on windows kept (a window read once is judged once).
VERDICTS = 100_000
# The frequency (in the word list) from which two characters are a word in their own right.
PAIR_WORD = 20
_CODE_BASE = 0xF0000  # syllable codes: Supplementary Private Use Area-A, never in text
_FORMAT = 9  # of the cached values: change it when _read returns something else
_SUGGESTED = re.compile(r"did you mean “(.+?)”")

Options = Mapping[str, object]


class Index:
    """The detector's data. What the search needs (its automaton, the anchors' roles, the
    listed forms it can meet) is built on load; what judging a window needs is built on
    the first window that needs it, from strings read in one piece (see _read)."""

    def __init__(self, blobs: tuple[Any, ...]) -> None:
        import ahocorasick_rs

        (
            self._table,  # str: a syllable code per code point from TABLE_BASE, "\0": none
            self._homophones,  # the codes, and their characters "\n"-joined
            self._listed,  # every listed form, "\n"-joined
            self._targets,
            self._own,  # keys and values: the forms and their own syllable codes
            self._lookalikes,
            self._by_own,
            anchors,  # bytes, "\n"-joined: the automaton's patterns
            roles,  # eight "\n"-joined bytes, one field per anchor (see _read)
            edges,  # bytes: one flag per anchor (EDGE_START, EDGE_END)
            self._masks,
            reachable,  # the listed forms the search can meet, "\n"-joined
        ) = blobs
        self.anchors: list[bytes] = anchors.split(b"\n")
        self.halves = ahocorasick_rs.BytesAhoCorasick(
            self.anchors,
            implementation=ahocorasick_rs.Implementation.ContiguousNFA,  # builds fast
        )
        self.dfa: Any = None  # the same as a DFA, built once much text was searched
        self.searched = 0  # bytes of long texts searched so far
        # Per anchor, its role as a target's first half: the third characters and the
        # fourth characters of those targets (their UTF-8 run together; b"" if none), and
        # the last bytes of those characters (a quick test that spares most slices); as a
        # second half: the first and the second characters, and their last bytes.
        fields: list[list[bytes]] = [r.split(b"\n") for r in roles]
        self.third, self.fourth, self.first, self.second = fields[:4]
        self.third_end, self.fourth_end, self.first_end, self.second_end = fields[4:]
        self.edges: bytes = edges
        self.reachable = frozenset(reachable.split("\n"))
        self.verdicts: dict[str, tuple[str, bool] | None] = {}  # window -> _found's answer

    def syllable(self, ch: str) -> str | None:
        """The main reading's code of a character, or None."""
        i = ord(ch) - TABLE_BASE
        code = self._table[i] if 0 <= i < len(self._table) else "\0"
        return None if code == "\0" else code

    @cached_property
    def listed(self) -> frozenset[str]:
        return frozenset(self._listed.split("\n"))

    @cached_property
    def idioms(self) -> tuple[str, ...]:
        return tuple(self._listed.split("\n"))

    @cached_property
    def targets(self) -> frozenset[str]:
        return frozenset(self._targets.split("\n"))

    @cached_property
    def own(self) -> dict[str, str]:
        keys, values = self._own
        return dict(zip(keys.split("\n"), values.split("\n"), strict=True))

    @cached_property
    def lookalikes(self) -> dict[str, str]:
        keys, values = self._lookalikes
        return dict(zip(keys, values.split("\n"), strict=True))

    @cached_property
    def by_own(self) -> dict[str, str]:
        """position + the other three characters -> the forms read otherwise there, run together"""
        keys, values = self._by_own
        return dict(zip(keys.split("\n"), values.split("\n"), strict=True))

    @cached_property
    def masks(self) -> dict[str, str]:
        """position + the other three characters -> the targets there, run together"""
        keys, values = self._masks
        return dict(zip(keys.split("\n"), values.split("\n"), strict=True))

    @cached_property
    def homophones(self) -> dict[str, str]:
        """syllable code -> its characters"""
        codes, chars = self._homophones
        return dict(zip(codes, chars.split("\n"), strict=True))


def _fours(forms: str) -> Sequence[str]:
    """Four-character forms run together, apart."""
    if len(forms) <= 4:
        return (forms,) if forms else ()
    return [forms[i : i + 4] for i in range(0, len(forms), 4)]


_index: Index | None = None
_dictionary: dict[str, tuple[str, ...]] | None = None


def is_loaded() -> bool:
    """True once the idiom data has been read (tests show clean text never reads it)."""
    return _index is not None


def suggested(message: str) -> str:
    """The idiom a suggestion message names (for tools)."""
    m = _SUGGESTED.search(message)
    return m.group(1) if m else ""


@builtin(fix="sometimes", locality="line", options={"allow": ()})
def misspelled_idiom(options: Options) -> Finder:
    """ZH311: a four-character window one sound-alike (fixed) or look-alike (suggested)
    character off exactly one idiom."""
    allow = options.get("allow", [])
    if not isinstance(allow, list) or not all(isinstance(a, str) and a for a in allow):
        raise ValueError("option 'allow' must be a list of non-empty strings")
    allowed = tuple(allow)

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        suggestions = ctx.settings.suggestions
        for start, end in ctx.windows(text):
            if _RUN.search(text, start, end) is None:
                continue
            for a, b, idiom, sound in _candidates(text, start, end):
                if not sound and not suggestions:
                    continue
                if _allowed(text, a, b, allowed) or _quoted(text, a, b):
                    continue
                if _in_dictionary(text, a, b):
                    continue
                if wordgate.explained_by_words(text, a, b, (idiom,)) or _readable(
                    text, a, b, idiom
                ):
                    continue
                window = text[a:b]
                if sound:
                    yield Hit(a, b, idiom, f"“{window}” should be “{idiom}”")
                else:
                    yield Hit(a, b, None, f"“{window}”: did you mean “{idiom}”?")

    return find


def _candidates(text: str, start: int, end: int) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, idiom, same sound?) for each window of ``text[start:end]`` one
    confusable character off exactly one listed idiom form, a target, before the context
    gates."""
    index = _load()
    data = text[start:end].encode("utf-8")
    third, fourth, first, second = index.third, index.fourth, index.first, index.second
    third_end, fourth_end = index.third_end, index.fourth_end
    first_end, second_end = index.first_end, index.second_end
    edges = index.edges
    size = len(data)
    seen: set[int] = set()
    add = seen.add
    # A half at byte ``a`` (ending at ``e``): the window is this half and the two
    # characters after it when the third or the fourth is the target's, or the two
    # before it when the first or the second is (the characters' last bytes first: most
    # halves are followed by neither); a three-character anchor (a common half's target,
    # see _read) is the window's start or its last three characters. Every character of
    # a window that can be a finding takes three bytes: the others are not looked at.
    for pattern, a, e in _automaton(index, size).find_matches_as_indexes(data, overlapping=True):
        ends = third_end[pattern]
        if (
            ends
            and e + 5 < size
            and (data[e + 2] in ends or data[e + 5] in fourth_end[pattern])
            and (data[e : e + 3] in third[pattern] or data[e + 3 : e + 6] in fourth[pattern])
        ):
            add(a)
        ends = first_end[pattern]
        if (
            ends
            and a >= 6
            and (data[a - 4] in ends or data[a - 1] in second_end[pattern])
            and (data[a - 6 : a - 3] in first[pattern] or data[a - 3 : a] in second[pattern])
        ):
            add(a - 6)
        edge = edges[pattern]
        if edge:
            if edge & EDGE_START:
                add(a)
            if edge & EDGE_END and a >= 3:
                add(a - 3)
    reachable, verdicts = index.reachable, index.verdicts
    decoded = (0, start)  # a byte offset of ``data`` and its character offset in ``text``
    for w in sorted(seen):
        try:
            window = data[w : w + 12].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(window) != 4 or window in reachable:
            continue  # not four characters, or an idiom written right (or a listed form)
        if window in verdicts:
            found = verdicts[window]
        else:
            if len(verdicts) >= VERDICTS:
                verdicts.clear()
            found = verdicts[window] = _found(index, window)
        if found is None:
            continue
        pos = decoded[1] + len(data[decoded[0] : w].decode("utf-8"))
        decoded = (w, pos)
        yield pos, pos + 4, found[0], found[1]


def _automaton(index: Index, size: int) -> Any:
    """The anchors' automaton: the NFA, which builds in 9 ms and searches best when its
    memory is cold (files of a few KB among other rules' work); for a text of
    ``DFA_FROM`` bytes or more, once ``DFA_AFTER`` bytes of such texts were searched, the
    DFA, which searches a long text a quarter faster but takes 25 ms to build."""
    if size < DFA_FROM:
        return index.halves
    index.searched += size
    if index.dfa is None and index.searched >= DFA_AFTER:
        import ahocorasick_rs

        index.dfa = ahocorasick_rs.BytesAhoCorasick(
            index.anchors, implementation=ahocorasick_rs.Implementation.DFA
        )
    return index.dfa if index.dfa is not None else index.halves


def _found(index: Index, window: str) -> tuple[str, bool] | None:
    """The one target ``window`` misspells, and whether by sound, or None."""
    masks = index.masks
    if not any(
        _confusion(index, window, target, k)
        for k in range(4)
        for target in _fours(masks.get(f"{k}{window[:k]}{window[k + 1 :]}", ""))
    ):
        return None  # no target one confusable character off (most windows)
    near = _neighbours(index, window)
    targets = [form for form in near if form in index.targets]
    if len(targets) != 1:
        return None  # none, or several idioms
    idiom = targets[0]
    k = _diff(window, idiom)
    if any(_diff(window, form) != k for form in near):
        return None  # another idiom (not a variant of this one at the same place)
    if window[k] in script.tables().traditional_only:
        return None  # a Traditional character: ZH603 converts it
    if wordgate.is_word(window) or any(
        wordgate.frequency(window[i : i + 2]) >= PAIR_WORD for i in (k - 1, k) if 0 <= i < 3
    ):
        return None  # a word as written, or the written character makes a word with its
        # neighbour (断开链接, 举世注目, 身体发福): meant as written
    return idiom, near[idiom]


def _readable(text: str, start: int, end: int, idiom: str) -> bool:
    """The text reads about as well as written as with the idiom (及其|重要 for 极其重要,
    开发|模拟): a misspelling is believed only when the idiom makes the words around it
    ``MARGIN`` times more probable."""
    left = start
    while left > 0 and start - left < wordgate.WINDOW and _HAN.match(text, left - 1):
        left -= 1
    right = end
    while right < len(text) and right - end < wordgate.WINDOW and _HAN.match(text, right):
        right += 1
    before, after = text[left:start], text[end:right]
    written = wordgate.score(before + text[start:end] + after)
    return wordgate.score(before + idiom + after) - written < MARGIN


def _diff(window: str, form: str) -> int:
    """The position where two one-apart strings differ."""
    return next(k for k in range(4) if window[k] != form[k])


def _confusion(index: Index, window: str, target: str, k: int) -> bool:
    """``window`` is ``target`` with a confusable character at ``k`` (no numeral)."""
    wrong, right = window[k], target[k]
    if wrong in NUMERALS or right in NUMERALS:
        return False
    code = index.syllable(wrong)
    if code is not None:
        own = index.own.get(target)
        if code == index.syllable(right) or (own is not None and own[k] == code):
            return True
    return wrong in index.lookalikes.get(right, "")


def _neighbours(index: Index, window: str) -> dict[str, bool]:
    """The listed forms one confusable character off ``window``: True for the same
    sound, False for a look-alike only. Numerals are never replaced."""
    homophones, listed = index.homophones, index.listed
    found: dict[str, bool] = {}
    for k, wrong in enumerate(window):
        if wrong in NUMERALS:
            continue
        head, tail = window[:k], window[k + 1 :]
        code = index.syllable(wrong)
        for right in homophones.get(code, "") if code is not None else "":
            form = head + right + tail
            if right != wrong and right not in NUMERALS and form in listed:
                found[form] = True
        for right in index.lookalikes.get(wrong, ""):
            form = head + right + tail
            if right not in NUMERALS and form in listed:
                found.setdefault(form, False)
        # forms that read their own character here as the written one sounds
        # (发人深省 reads 省 xing: 发人深醒 is one of its misspellings)
        for form in _fours(index.by_own.get(f"{k}{head}{tail}", "")) if code is not None else ():
            if index.own[form][k] == code and form[k] != wrong and form[k] not in NUMERALS:
                found[form] = True
    return found


def _quoted(text: str, start: int, end: int) -> bool:
    """The window stands in a short quotation: a slogan or brand name that plays on an
    idiom (“一视铜仁”, “贵人服务·一视铜仁”, “扬煤吐气”), meant as written."""
    left = start
    while left > 0 and start - left < QUOTED and text[left - 1] not in _BREAKS:
        left -= 1
        if text[left] in _OPENERS:
            break
    else:
        return False
    right = end
    while right < len(text) and right - end < QUOTED:
        if text[right] in _CLOSERS:
            return True
        if text[right] in _BREAKS:
            return False
        right += 1
    return False


def _allowed(text: str, start: int, end: int, allowed: Sequence[str]) -> bool:
    """The window lies inside an occurrence of an allowed string."""
    for phrase in allowed:
        lo = max(0, end - len(phrase))
        pos = text.find(phrase, lo, start + len(phrase))
        while pos != -1 and pos <= start:
            if pos + len(phrase) >= end:
                return True
            pos = text.find(phrase, pos + 1, start + len(phrase))
    return False


def _in_dictionary(text: str, start: int, end: int) -> bool:
    """A wrong form of ZH301's dictionary overlaps the window: the dictionary reports it."""
    global _dictionary
    if _dictionary is None:
        _dictionary = _load_dictionary(shipped_rules_dir() / DICTIONARY)
    lo = max(0, start - 8)
    for pos in range(lo, end):
        for wrong in _dictionary.get(text[pos], ()):
            if pos + len(wrong) > start and text.startswith(wrong, pos):
                return True
    return False


def _load_dictionary(path: Path) -> dict[str, tuple[str, ...]]:
    """The dictionary's wrong forms by first character, through the user cache (parsing
    the TOML file takes 30 ms)."""
    key = _cache_key(path, "idiom-dictionary")
    cached = cache.load(*key) if key else None
    if not isinstance(cached, dict):
        cached = _read_dictionary(path)
        if key:
            cache.store(key[0], cached, key[1])
    return cached


def _read_dictionary(path: Path) -> dict[str, tuple[str, ...]]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    by_first: dict[str, list[str]] = {}
    for rule in data.get("rule", [data]):
        for wrong in rule.get("entries", {}) if isinstance(rule, dict) else ():
            if isinstance(wrong, str) and wrong:
                by_first.setdefault(wrong[0], []).append(wrong)
    return {first: tuple(words) for first, words in by_first.items()}


def _load() -> Index:
    global _index
    if _index is None:
        path = shipped_rules_dir() / DATA
        key = _cache_key(path, "idioms")
        cached = cache.load(*key) if key else None
        if not (isinstance(cached, tuple) and len(cached) == 12):
            cached = _read(path)
            if key:
                cache.store(key[0], cached, key[1])
        _index = Index(cached)
    return _index


def _read(path: Path) -> tuple[Any, ...]:
    """Parse rules/idioms.gz into the strings Index is built from (a few long strings
    read from the user cache in a millisecond, where 80,000 small objects took 30 ms):
    the syllable table, the listed forms, the targets, their own readings, the
    look-alikes, the forms by own reading, the automaton's anchors with their roles and
    edges, the targets by mask, and the listed forms the search can meet."""
    import gzip

    try:
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    except (OSError, EOFError, ValueError) as exc:
        raise NormtoolsError(f"{path}: cannot read the idiom data: {exc}") from None
    section = ""
    codes: dict[str, str] = {}
    table: dict[int, str] = {}
    idioms: list[str] = []
    targets: list[str] = []
    own: dict[str, str] = {}
    lookalikes: dict[str, set[str]] = {}
    common: set[str] = set()

    def code(syllable: str) -> str:
        if syllable not in codes:
            codes[syllable] = chr(_CODE_BASE + len(codes))
        return codes[syllable]

    for line in lines:
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            section = line[1:]
            continue
        parts = line.split(" ")
        if section == "readings":
            c = code(parts[0])
            for ch in parts[1]:
                table[ord(ch)] = c
        elif section == "idioms":
            idioms.append(parts[0])
            if parts[-1] == "+":
                targets.append(parts[0])
                parts.pop()
            if len(parts) == 5:
                own[parts[0]] = "".join(code(s) for s in parts[1:])
        elif section == "common":
            common.add(parts[0])
        elif section == "lookalikes":
            for ch in parts[0]:
                lookalikes.setdefault(ch, set()).update(c for c in parts[0] if c != ch)
    if any(len(form) != 4 or "\n" in form for form in idioms) or any(
        not TABLE_BASE <= ch < TABLE_BASE + TABLE_SIZE for ch in table
    ):
        raise NormtoolsError(f"{path}: an idiom is not four characters, or a reading is not CJK")
    by_own: dict[str, list[str]] = {}
    for idiom, mine in own.items():
        main = idiom.translate(table)
        for k in range(4):
            if mine[k] != main[k]:
                by_own.setdefault(f"{k}{idiom[:k]}{idiom[k + 1 :]}", []).append(idiom)
    # Anchors of the search: each target's halves (a window with three of its characters
    # right holds its first half or its second half), with what follows a first half and
    # what precedes a second half; a half that is a common word (国家, 社会: the @common
    # section) would anchor too many windows, so its idiom is anchored by its three
    # characters on that side instead (misspelled in the third or second place, it is
    # then not looked for).
    roles: dict[str, tuple[set[str], set[str], set[str], set[str], set[str]]] = {}

    def role(anchor: str) -> tuple[set[str], set[str], set[str], set[str], set[str]]:
        return roles.setdefault(anchor, (set(), set(), set(), set(), set()))

    for idiom in targets:
        head, tail = idiom[:2], idiom[2:]
        if head in common:
            role(idiom[:3])[4].add("<")  # the window starts with it
        else:
            role(head)[0].add(idiom[2])
            role(head)[1].add(idiom[3])
        if tail in common:
            role(idiom[1:])[4].add(">")  # the window ends with it
        else:
            role(tail)[2].add(idiom[0])
            role(tail)[3].add(idiom[1])
    anchors = sorted(roles)
    # the windows the search examines (see _candidates), to know the listed forms it meets
    starts = {a for a in anchors if "<" in roles[a][4]}
    ends = {a for a in anchors if ">" in roles[a][4]}

    def searched(form: str) -> bool:
        head, tail = roles.get(form[:2]), roles.get(form[2:])
        return (
            (head is not None and (form[2] in head[0] or form[3] in head[1]))
            or (tail is not None and (form[0] in tail[2] or form[1] in tail[3]))
            or form[:3] in starts
            or form[1:] in ends
        )

    # UTF-8, each role as its characters' bytes run together (a three-byte slice of the
    # text taken at a character boundary is found in it only as one of its characters),
    # then the same with the characters' last bytes only
    encoded = [["".join(sorted(roles[a][i])).encode("utf-8") for a in anchors] for i in range(4)]
    fields = [b"\n".join(f) for f in encoded] + [b"\n".join(r[2::3] for r in f) for f in encoded]
    edges = bytes(
        ("<" in roles[a][4]) * EDGE_START + (">" in roles[a][4]) * EDGE_END for a in anchors
    )
    masks = _masks(targets)
    syllables = "".join(table.get(TABLE_BASE + i, "\0") for i in range(TABLE_SIZE))
    homophones: dict[str, str] = {}
    for point, c in table.items():
        homophones[c] = homophones.get(c, "") + chr(point)
    return (
        syllables,
        ("".join(homophones), "\n".join(homophones.values())),
        "\n".join(idioms),
        "\n".join(targets),
        ("\n".join(own), "\n".join(own.values())),
        ("".join(lookalikes), "\n".join("".join(sorted(c)) for c in lookalikes.values())),
        ("\n".join(by_own), "\n".join("".join(forms) for forms in by_own.values())),
        b"\n".join(a.encode("utf-8") for a in anchors),
        tuple(fields),
        edges,
        ("\n".join(masks), "\n".join(masks.values())),
        "\n".join(form for form in idioms if searched(form)),
    )


def _masks(targets: list[str]) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for t in targets:
        for k in range(4):
            found.setdefault(f"{k}{t[:k]}{t[k + 1 :]}", []).append(t)
    return {key: "".join(forms) for key, forms in found.items()}


def _cache_key(path: Path, kind: str) -> tuple[str, bytes] | None:
    from normtools.digest import blake2b

    try:
        st = path.stat()
    except OSError:
        return None
    source = f"{kind} {_FORMAT}|{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()
    return f"{kind}-{blake2b(source, digest_size=20).hexdigest()}.marshal", source
