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

Speed: one pass per region. The text is mapped to syllables with ``str.translate`` (one
code point per syllable) and one Aho-Corasick automaton over the idioms' syllable strings
(and their look-alike variants) finds every window that sounds like an idiom or like a
look-alike misspelling of one: Python sees only those windows, mostly idioms written
right. The data (rules/idioms.gz, built by tools/gen_idioms.py) is read on the first
text with four Han characters in a row, never at import, and kept in the user cache.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
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
# Text size (UTF-8 bytes) from which the search builds and uses a DFA.
DFA_FROM = 1 << 20
# The frequency (in the word list) from which two characters are a word in their own right.
PAIR_WORD = 20
_CODE_BASE = 0xF0000  # syllable codes: Supplementary Private Use Area-A, never in text
_FORMAT = 6  # of the cached values: change it when _read returns something else
_SUGGESTED = re.compile(r"did you mean “(.+?)”")

Options = Mapping[str, object]


@dataclass
class Index:
    """The detector's data, read once; the look-alike automaton is built on first use."""

    table: dict[int, str]  # character -> its syllable code (for str.translate)
    idioms: tuple[str, ...]
    targets: frozenset[str]  # idioms text may be corrected to
    own: dict[str, str]  # idiom -> its own syllable codes, where they differ from the main ones
    lookalikes: dict[str, str]  # character -> the characters that look like it
    listed: frozenset[str]
    by_own: dict[str, tuple[str, ...]]  # position + the other three characters -> such idioms
    halves: Any  # ahocorasick_rs.BytesAhoCorasick over the anchors (see _read)
    # per pattern (a half): the third and fourth characters (UTF-8) of the targets it
    # begins, the first and second of those it ends
    roles: tuple[tuple[bytes, ...], ...]
    masks: dict[str, tuple[str, ...]]  # position + the other three characters -> targets
    anchors: list[bytes]  # the automaton's patterns
    dfa: Any = None  # the same as a DFA, built for large texts
    homophones: dict[str, str] | None = None  # syllable code -> its characters


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
    roles, listed = index.roles, index.listed
    seen: set[int] = set()
    add = seen.add
    decoded = (0, start)  # a byte offset of ``data`` and its character offset in ``text``
    for pattern, a, _ in _automaton(index, len(data)).find_matches_as_indexes(
        data, overlapping=True
    ):
        # a half at byte ``a``: the window is this half and the two characters after it
        # (three of four right: the third or the fourth), or the two before it
        third, fourth, first, second, edge = roles[pattern]
        if third and (data[a + 6 : a + 9] in third or data[a + 9 : a + 12] in fourth):
            add(a)
        if first and (data[a - 6 : a - 3] in first or data[a - 3 : a] in second) and a >= 6:
            add(a - 6)
        if edge:
            if b"<" in edge:
                add(a)
            if b">" in edge and a >= 3:
                add(a - 3)
    for w in sorted(seen):
        try:
            window = data[w : w + 12].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(window) != 4 or window in listed:
            continue  # not four characters, or an idiom written right (or a listed form)
        found = _found(index, window)
        if found is None:
            continue
        pos = decoded[1] + len(data[decoded[0] : w].decode("utf-8"))
        decoded = (w, pos)
        yield pos, pos + 4, found[0], found[1]


def _automaton(index: Index, size: int) -> Any:
    """The anchors' automaton: the one that builds fast (a commit's few files), and from
    the first large text on the DFA, which scans a third faster and takes 30 ms to build."""
    if index.dfa is None and size >= DFA_FROM:
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
        for target in masks.get(f"{k}{window[:k]}{window[k + 1 :]}", ())
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
    code = index.table.get(ord(wrong))
    if code is not None:
        own = index.own.get(target)
        if code == index.table.get(ord(right)) or (own is not None and own[k] == code):
            return True
    return wrong in index.lookalikes.get(right, "")


def _neighbours(index: Index, window: str) -> dict[str, bool]:
    """The listed forms one confusable character off ``window``: True for the same
    sound, False for a look-alike only. Numerals are never replaced."""
    homophones = index.homophones
    if homophones is None:
        inverse: dict[str, list[str]] = {}
        for ch, syllable in index.table.items():
            inverse.setdefault(syllable, []).append(chr(ch))
        homophones = index.homophones = {c: "".join(chars) for c, chars in inverse.items()}
    found: dict[str, bool] = {}
    for k, wrong in enumerate(window):
        if wrong in NUMERALS:
            continue
        head, tail = window[:k], window[k + 1 :]
        code = index.table.get(ord(wrong))
        for right in homophones.get(code, "") if code is not None else "":
            form = head + right + tail
            if right != wrong and right not in NUMERALS and form in index.listed:
                found[form] = True
        for right in index.lookalikes.get(wrong, ""):
            form = head + right + tail
            if right not in NUMERALS and form in index.listed:
                found.setdefault(form, False)
        # forms that read their own character here as the written one sounds
        # (发人深省 reads 省 xing: 发人深醒 is one of its misspellings)
        for form in index.by_own.get(f"{k}{head}{tail}", ()) if code is not None else ():
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
        _dictionary = _read_dictionary(shipped_rules_dir() / DICTIONARY)
    lo = max(0, start - 8)
    for pos in range(lo, end):
        for wrong in _dictionary.get(text[pos], ()):
            if pos + len(wrong) > start and text.startswith(wrong, pos):
                return True
    return False


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
        import ahocorasick_rs

        path = shipped_rules_dir() / DATA
        key = _cache_key(path)
        cached = cache.load(*key) if key else None
        if not (isinstance(cached, tuple) and len(cached) == 8):
            cached = _read(path)
            if key:
                cache.store(key[0], cached, key[1])
        table, idioms, targets, own, lookalikes, by_own, halves, masks = cached
        _index = Index(
            table=table,
            idioms=tuple(idioms),
            targets=frozenset(targets),
            own=own,
            lookalikes=lookalikes,
            listed=frozenset(idioms),
            by_own=by_own,
            halves=ahocorasick_rs.BytesAhoCorasick(
                [h[0] for h in halves],
                implementation=ahocorasick_rs.Implementation.ContiguousNFA,  # builds fast
            ),
            roles=tuple(h[1:] for h in halves),
            anchors=[h[0] for h in halves],
            masks=masks,
        )
    return _index


def _masks(targets: list[str]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for t in targets:
        for k in range(4):
            found.setdefault(f"{k}{t[:k]}{t[k + 1 :]}", []).append(t)
    return {key: tuple(forms) for key, forms in found.items()}


def _read(path: Path) -> tuple[Any, ...]:
    """Parse rules/idioms.gz into plain values (marshal-able for the cache): the
    translate table, the idioms, the targets, their own readings, the look-alikes, the
    idioms by own reading, and the sound automaton's patterns."""
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
    # UTF-8, each role as its characters' bytes run together: a three-byte slice of the
    # text taken at a character boundary is found in it only as one of its characters
    halves = [
        tuple(x.encode("utf-8") for x in (h, *("".join(sorted(r)) for r in roles[h])))
        for h in sorted(roles)
    ]
    return (
        table,
        idioms,
        targets,
        own,
        {ch: "".join(sorted(chars)) for ch, chars in lookalikes.items()},
        {key: tuple(forms) for key, forms in by_own.items()},
        halves,
        _masks(targets),
    )


def _cache_key(path: Path) -> tuple[str, bytes] | None:
    import hashlib

    try:
        st = path.stat()
    except OSError:
        return None
    source = f"idioms {_FORMAT}|{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()
    return f"idioms-{hashlib.blake2b(source, digest_size=20).hexdigest()}.marshal", source
