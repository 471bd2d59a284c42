"""Run a rule's own examples (``normtools rules test``, pytest, and user rule files).

``{text, fixed}``: fixing with this rule alone gives exactly ``fixed``, and ``fixed``
stays unchanged when fixed again. ``{text}``: the rule does not fire. ``{text, hits}``:
it reports exactly ``hits`` findings.
"""

from __future__ import annotations

from dataclasses import replace

from normtools import textio
from normtools.engine import Engine
from normtools.model import Entry, Rule
from normtools.settings import Settings


def failing_examples(rule: Rule, settings: Settings | None = None) -> list[str]:
    """Examples that do not behave. They run with suggestions reported: an example shows
    everything its rule can say, and a negative example holds even then."""
    engine = Engine([rule], replace(settings or Settings(), suggestions=True))
    problems = []
    for n, ex in enumerate(rule.examples, 1):
        where = f"{rule.source}: rule {rule.code} ({rule.name}): key 'examples': example {n}"
        doc = textio.from_text(ex.text, ex.filetype, encoding=ex.encoding)
        found = engine.check(doc)
        if ex.hits is not None and len(found) != ex.hits:
            problems.append(
                f"{where}: expected {ex.hits} finding(s), got {len(found)} for {ex.text!r}"
            )
        if ex.fixed is not None:
            fixed = textio.to_text(engine.fix(doc).doc)
            if fixed != ex.fixed:
                problems.append(f"{where}: {ex.text!r} fixed to {fixed!r}, expected {ex.fixed!r}")
                continue
            again = textio.to_text(engine.fix(textio.from_text(fixed, ex.filetype)).doc)
            if again != fixed:
                problems.append(f"{where}: not idempotent: {fixed!r} fixed again to {again!r}")
        elif ex.hits is None and found:
            problems.append(
                f"{where}: must not fire on {ex.text!r}, but reports: {found[0].message}"
            )
    return problems


def dictionary_problems(rule: Rule) -> list[str]:
    """codespell-style checks on a dictionary rule: no self-corrections, no chains.

    A chain is a correction that contains another entry's wrong form: fixing would then
    not be stable. Substrings are looked up in a set, so this stays linear in the size
    of the dictionary.
    """
    if not rule.entries:
        return []
    where = f"{rule.source}: rule {rule.code} ({rule.name}): key 'entries'"
    by_key = {e.wrong: e for e in rule.entries}
    lengths = sorted({len(k) for k in by_key})
    problems = []
    for e in rule.entries:
        for t in (e.fix,) if e.fix is not None else e.suggest:
            if t == e.wrong:
                problems.append(f"{where}: entry {e.wrong!r} corrects to itself")
                continue
            inner = _inner_key(t, by_key, lengths)
            if inner == t:
                problems.append(f"{where}: entry {e.wrong!r}: its correction {t!r} is an entry")
            elif inner is not None:
                problems.append(
                    f"{where}: entry {e.wrong!r}: its correction {t!r} contains the entry "
                    f"{inner!r}, so fixing would not be stable"
                )
    return problems


def _inner_key(text: str, by_key: dict[str, Entry], lengths: list[int]) -> str | None:
    """The first entry whose wrong form occurs in ``text`` (outside its exceptions)."""
    for size in reversed(lengths):
        for i in range(len(text) - size + 1):
            entry = by_key.get(text[i : i + size])
            if entry is not None and not entry.excluded_at(text, i):
                return entry.wrong
    return None
