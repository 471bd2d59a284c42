"""Apply rules to a document: diagnostics for ``check``, a fixed point for ``fix``.

``check`` and ``fix`` share one implementation: ``fix`` applies the fixable
diagnostics that ``check`` would report, without overlaps, and repeats until nothing
changes. The engine never opens files, prints or exits.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from normtools.diagnostics import Diagnostic
from normtools.markup import Spans, line_starts, protected_spans
from normtools.matchers import REGEX_TIME_BUDGET, MatchTimeout
from normtools.model import Context, Document, Hit, Rule, Settings

MAX_PASSES = 12

# A suppression predicate: (rule, start, end) -> True when the finding is suppressed.
Suppressor = Callable[[Rule, int, int], bool]


@dataclass
class FixResult:
    """What ``fix`` did: the fixed document, the fixes applied, and what is left."""

    doc: Document
    applied: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    converged: bool = True

    @property
    def text(self) -> str:
        return self.doc.text


class Engine:
    """Runs a fixed selection of rules; reusable across many documents."""

    def __init__(self, rules: Sequence[Rule], settings: Settings | None = None) -> None:
        self.rules = tuple(rules)
        self.settings = settings or Settings()
        self._order = {r.code: i for i, r in enumerate(self.rules)}

    # -- check ---------------------------------------------------------------------
    def check(
        self, doc: Document, path: str = "-", suppress: Suppressor | None = None
    ) -> list[Diagnostic]:
        return self._diagnose(doc, path, suppress)

    def _diagnose(
        self,
        doc: Document,
        path: str,
        suppress: Suppressor | None,
        slow: set[str] | None = None,
    ) -> list[Diagnostic]:
        text = doc.text
        protected = protected_spans(text, doc.filetype)
        ctx = Context(doc=doc, settings=self.settings, protected=protected)
        index = _LineIndex(text)
        out: list[Diagnostic] = []
        slow = set() if slow is None else slow
        for rule in self.rules:
            if not rule.applies_to(doc.filetype):
                continue
            try:
                hits = list(rule.find(text, ctx)) if rule.code not in slow else None
            except MatchTimeout:
                slow.add(rule.code)
                hits = None
            if hits is None:  # a user regex over its time budget: skipped for this file
                out.append(_skipped(rule, path))
                continue
            for hit in hits:
                if hit.replacement is not None and text[hit.start : hit.end] == hit.replacement:
                    continue  # a no-op: already in the wanted form
                if rule.scope == "text" and _touches_protected(hit, text, protected):
                    continue
                if suppress is not None and suppress(rule, hit.start, hit.end):
                    continue
                out.append(_diagnostic(rule, hit, index, path))
        out.sort(key=lambda d: (d.start, d.end, self._order[d.code]))
        return out

    # -- fix -----------------------------------------------------------------------
    def fix(self, doc: Document, path: str = "-", suppress: Suppressor | None = None) -> FixResult:
        result = FixResult(doc=doc)
        current = doc
        slow: set[str] = set()  # a rule that timed out once is not run again on this file
        for _ in range(MAX_PASSES):
            diagnostics = self._diagnose(current, path, suppress, slow)
            chosen = _non_overlapping(d for d in diagnostics if d.fixable)
            if not chosen:
                result.doc = current
                result.remaining = diagnostics
                return result
            result.applied.extend(chosen)
            current = _apply(current, chosen)
        result.doc = current
        result.remaining = self._diagnose(current, path, suppress, slow)
        result.converged = False
        return result


def _touches_protected(hit: Hit, text: str, protected: Spans) -> bool:
    """Does the *change* (not just the match) touch a protected character?

    The common prefix and suffix of match and replacement are unchanged, so a rule may
    match around a protected span (``(3.14版本)``) as long as it edits outside it.
    """
    if not protected.overlaps(hit.start, max(hit.end, hit.start + 1)):
        return False
    if hit.replacement is None:
        return True
    old, new = text[hit.start : hit.end], hit.replacement
    if not old:
        return protected.overlaps(hit.start, hit.start)
    from difflib import SequenceMatcher

    for tag, i1, i2, _j1, _j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        start, end = hit.start + i1, hit.start + i2
        if protected.overlaps(start, end) if end > start else protected.overlaps(start, start):
            return True
    return False


def _non_overlapping(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    chosen: list[Diagnostic] = []
    last_end = -1
    last_insert = -1
    for d in diagnostics:  # already sorted by (start, end, rule order)
        if d.start < last_end or (d.start == d.end and d.start == last_insert):
            continue
        if d.start == d.end:
            last_insert = d.start
        chosen.append(d)
        last_end = max(last_end, d.end)
    return chosen


def _apply(doc: Document, chosen: list[Diagnostic]) -> Document:
    text = doc.text
    parts: list[str] = []
    pos = 0
    meta: dict[str, str] = {}
    for d in chosen:
        meta.update(d.meta)
        if d.replacement is None:
            continue
        parts.append(text[pos : d.start])
        parts.append(d.replacement)
        pos = d.end
    parts.append(text[pos:])
    changes: dict[str, object] = {"text": "".join(parts)}
    if "newline" in meta:
        changes.update(newline=meta["newline"], mixed_newlines=False, first_foreign_newline=-1)
    if "bom" in meta:
        changes["bom"] = False
    if "encoding" in meta:
        changes["encoding"] = meta["encoding"]
    return doc.copy(**changes)


class _LineIndex:
    """Offsets to 1-based (line, column) in characters."""

    def __init__(self, text: str) -> None:
        self._starts = line_starts(text)

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1


def _skipped(rule: Rule, path: str) -> Diagnostic:
    return Diagnostic(
        path=path,
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        message=(
            f"rule skipped for this file: its pattern took longer than "
            f"{REGEX_TIME_BUDGET:g} s (simplify the regex in {rule.source})"
        ),
        start=0,
        end=0,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        replacement=None,
        meta=(),
    )


def _diagnostic(rule: Rule, hit: Hit, index: _LineIndex, path: str) -> Diagnostic:
    line, col = index.position(hit.start)
    end_line, end_col = index.position(hit.end)
    return Diagnostic(
        path=path,
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        message=hit.message or rule.description,
        start=hit.start,
        end=hit.end,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        replacement=hit.replacement,
        meta=hit.meta,
    )
