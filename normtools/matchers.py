"""Matchers: pure functions from text to hits, built from rule data.

No I/O, no configuration: a matcher sees a string and a Context and yields Hits.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from normtools import regexcache, wordgate
from normtools.model import Context, Entry, Finder, Hit
from normtools.text import chunks, merge_adjacent


class LazyPattern:
    """A regex compiled on first use; quacks like ``re.Pattern`` for ``finditer``."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if self._compiled is None:
            self._compiled = regexcache.compile(self.source, self.flags)
        return self._compiled.finditer(text, pos, endpos)


def regex_matcher(
    pattern: re.Pattern[str] | LazyPattern,
    replace: str | None,
    message: str | None,
    trigger: re.Pattern[str] | None = None,
) -> Finder:
    """A regex rule: ``replace`` (a ``re`` template) fixes; without it the match is reported.

    With ``trigger`` (a regex that matches on every line where the rule can fire) the
    pattern runs only on those lines: one fast scan instead of a full pass over clean text.
    """
    template = _template(replace) if replace is not None else None

    def hit(m: re.Match[str]) -> Hit:
        fix = None if template is None else template(m)
        msg = message.format(match=m.group(0), fix=fix or "") if message else None
        return Hit(m.start(), m.end(), fix, msg)

    if trigger is None:

        def find(text: str, ctx: Context) -> Iterator[Hit]:
            for start, end in ctx.windows(text):
                for m in pattern.finditer(text, start, end):
                    yield hit(m)

        return find

    def find_windowed(text: str, ctx: Context) -> Iterator[Hit]:
        for start, end in ctx.hot_spans(text, trigger):
            for m in pattern.finditer(text, start, end):
                yield hit(m)

    return find_windowed


def _template(replace: str) -> Callable[[re.Match[str]], str]:
    """A fast expander: a replacement without group references is a constant."""
    if "\\" not in replace:
        return lambda m: replace
    return lambda m: m.expand(replace)


# Seconds a user-supplied regex may spend on one file before it is skipped for it.
REGEX_TIME_BUDGET = 2.0


class MatchTimeout(Exception):
    """A user regex ran out of its time budget on one text."""


def timed_regex_matcher(pattern: str, replace: str | None, message: str | None) -> Finder:
    """A regex rule from a user's file: matched by the ``regex`` package with a time
    budget, so a pathological pattern cannot hang a commit hook. Shipped rules stay on
    ``re``. The template is expanded by ``re`` (the same syntax as shipped rules)."""
    import regex

    compiled = regex.compile(pattern, regex.MULTILINE | regex.VERSION0)
    template = regexcache.compile(pattern, re.MULTILINE) if replace is not None else None

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        hits = []
        try:
            for m in _finditer_windows(compiled, text, ctx.windows(text)):
                fix = None
                if replace is not None and template is not None:
                    again = template.match(text, m.start())
                    fix = again.expand(replace) if again and again.end() == m.end() else None
                    if fix is None:
                        continue  # the two engines disagree: report nothing rather than guess
                msg = message.format(match=m.group(0), fix=fix or "") if message else None
                hits.append(Hit(m.start(), m.end(), fix, msg))
        except TimeoutError:
            raise MatchTimeout(f"took longer than {REGEX_TIME_BUDGET:g} s") from None
        yield from hits

    return find


def _finditer_windows(
    compiled: Any, text: str, windows: Sequence[tuple[int, int]]
) -> Iterator[Any]:
    """A ``regex`` pattern's matches in ``windows``, all within one time budget."""
    import time

    deadline = time.monotonic() + REGEX_TIME_BUDGET
    for start, end in windows:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        yield from compiled.finditer(text, start, end, timeout=left)


class TimedTrigger:
    """A trigger from a user's file: the lines it matches, found by the ``regex`` package
    within one time budget per text, so a pathological trigger cannot hang a run."""

    def __init__(self, pattern: str) -> None:
        import regex

        self.pattern = pattern
        self._compiled = regex.compile(pattern, regex.MULTILINE | regex.VERSION0)

    def spans(self, text: str, ctx: Context) -> list[tuple[int, int]]:
        """Runs of adjacent lines in ``ctx``'s windows holding a match (as
        ``Context.hot_spans``); MatchTimeout past the budget."""
        import time

        deadline = time.monotonic() + REGEX_TIME_BUDGET
        search = self._compiled.search
        lines: list[tuple[int, int]] = []
        try:
            for start, stop in ctx.windows(text):
                pos = start
                while pos <= stop:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    m = search(text, pos, stop, timeout=left)
                    if m is None:
                        break
                    line_end = text.find("\n", m.end(), stop)
                    line_end = stop if line_end < 0 else line_end
                    lines.append((text.rfind("\n", 0, m.start()) + 1, line_end))
                    pos = line_end + 1
        except TimeoutError:
            raise MatchTimeout(f"took longer than {REGEX_TIME_BUDGET:g} s") from None
        return merge_adjacent(lines)


def charmap_matcher(source: str, target: str, message: str | None) -> Finder:
    """A character map: every run of mapped characters is one hit (``str.maketrans``)."""
    table = str.maketrans(source, target)
    runs = regexcache.compile("[" + "".join(re.escape(c) for c in dict.fromkeys(source)) + "]+")

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        for start, end in ctx.windows(text):
            for m in runs.finditer(text, start, end):
                fixed = m.group(0).translate(table)
                msg = message.format(match=m.group(0), fix=fixed) if message else None
                yield Hit(m.start(), m.end(), fixed, msg)

    return find


CHUNK_CHARS = 1 << 18


class LiteralIndex:
    """Leftmost-longest matching of many literal keys in one pass (Aho-Corasick).

    Uses ``ahocorasick_rs`` (Rust; about 75 MB/s on Han text whatever the number of
    keys); falls back to a first-character index when it is not importable.
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = {e.wrong: e for e in entries}
        self._keys = list(self.entries)
        self._automaton: Any = None
        self._by_first: dict[str, list[str]] = {}
        self._firsts: re.Pattern[str] | None = None
        if not self._keys:
            return
        try:
            import ahocorasick_rs
        except ImportError:  # pragma: no cover - exercised only without the wheel
            for key in self._keys:
                self._by_first.setdefault(key[0], []).append(key)
            for keys in self._by_first.values():
                keys.sort(key=len, reverse=True)
            self._firsts = regexcache.compile("[" + "".join(map(re.escape, self._by_first)) + "]")
        else:
            self._automaton = ahocorasick_rs.AhoCorasick(
                self._keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
            )

    def matches(self, text: str) -> Iterator[tuple[int, Entry]]:
        if self._automaton is not None:
            keys, entries = self._keys, self.entries
            # ahocorasick_rs keeps a byte-to-character index as large as its input
            # (~9x the text in memory): feed it line-aligned chunks; no key spans a line.
            for base, chunk in chunks(text, CHUNK_CHARS):
                for index, start, _end in self._automaton.find_matches_as_indexes(chunk):
                    yield base + start, entries[keys[index]]
            return
        if self._firsts is None:
            return
        pos = 0
        while True:
            m = self._firsts.search(text, pos)
            if m is None:
                return
            start = m.start()
            for key in self._by_first[text[start]]:
                if text.startswith(key, start):
                    yield start, self.entries[key]
                    pos = start + len(key)
                    break
            else:
                pos = start + 1


def literal_matcher(
    entries: Sequence[Entry],
    message: str | None,
    trigger: re.Pattern[str] | TimedTrigger | None = None,
) -> Finder:
    """A dictionary rule; with ``trigger`` only lines holding a match are searched.

    A hit is a finding only outside the entry's exceptions and where the text cannot be
    read as correct words across it (``normtools.wordgate``: 枯竭|城市 holds no 竭城).
    Suggestion-only entries are silent unless the ``suggestions`` setting is on.
    """
    index = LiteralIndex(entries)

    def matches(text: str, ctx: Context) -> Iterator[tuple[int, Entry]]:
        if trigger is not None:
            if isinstance(trigger, TimedTrigger):
                spans = trigger.spans(text, ctx)
            else:
                spans = ctx.hot_spans(text, trigger)
            for window_start, window_end in spans:
                for start, entry in index.matches(text[window_start:window_end]):
                    yield window_start + start, entry
            return
        if ctx.regions is None:
            yield from index.matches(text)
            return
        for window_start, window_end in ctx.regions:
            for start, entry in index.matches(text[window_start:window_end]):
                yield window_start + start, entry

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        suggestions = ctx.settings.suggestions
        for start, entry in matches(text, ctx):
            if entry.fix is None and not suggestions:
                continue
            if judge(entry, text, start) != "finding":
                continue
            end = start + len(entry.wrong)
            if entry.fix is not None:
                msg = (message or "“{match}” should be “{fix}”").format(
                    match=entry.wrong, fix=entry.fix
                )
                yield Hit(start, end, entry.fix, msg)
            else:
                options = "”、“".join(entry.suggest)
                yield Hit(start, end, None, f"“{entry.wrong}”: did you mean “{options}”?")

    return find


def judge(entry: Entry, text: str, start: int) -> str:
    """Whether a match of ``entry`` at ``start`` is a finding: ``"finding"``, or why not:
    ``"exception"`` (inside one of the entry's exceptions) or ``"words"`` (the text reads
    as correct words across it, ``normtools.wordgate``). The word list is read only here,
    when a dictionary matched."""
    if entry.exceptions and entry.excluded_at(text, start):
        return "exception"
    end = start + len(entry.wrong)
    corrections = (entry.fix,) if entry.fix is not None else entry.suggest
    if wordgate.explained_by_words(text, start, end, corrections):
        return "words"
    return "finding"


def parse_entry(wrong: str, value: object) -> Entry:
    """Turn one ``[entries]`` value into an Entry; raises ValueError with a reason."""
    if not isinstance(wrong, str) or not wrong:
        raise ValueError("an entry key must be a non-empty string")
    if isinstance(value, str):
        return Entry(wrong, value, (), ())
    if isinstance(value, list):
        return Entry(wrong, None, _strings(value, "suggestion list"), ())
    if isinstance(value, Mapping):
        unknown = set(value) - {"fix", "suggest", "except"}
        if unknown:
            raise ValueError(f"unknown key {sorted(unknown)[0]!r} (use fix, suggest, except)")
        fix = value.get("fix")
        suggest = _strings(value.get("suggest", []), "suggest")
        exceptions = _strings(value.get("except", []), "except")
        if (fix is None) == (not suggest):
            raise ValueError("give exactly one of 'fix' or 'suggest'")
        if fix is not None and not isinstance(fix, str):
            raise ValueError("'fix' must be a string")
        for exc in exceptions:
            if wrong not in exc:
                raise ValueError(f"exception {exc!r} does not contain {wrong!r}")
        return Entry(wrong, fix, suggest, exceptions)
    raise ValueError("a value must be a string, a list of suggestions, or a table")


def _strings(value: object, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{what} must be a list of non-empty strings")
    return tuple(value)
