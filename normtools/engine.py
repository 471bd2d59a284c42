"""Apply rules to a document: diagnostics for ``check``, a fixed point for ``fix``.

``check`` and ``fix`` share one implementation: ``fix`` applies the fixable
diagnostics that ``check`` would report, without overlaps, and repeats until nothing
changes. After the first pass only the lines that an edit touched are checked again by
line-local rules, so a second pass costs in proportion to the edits, not the text.
The engine never opens files, prints or exits.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from normtools.diagnostics import Diagnostic
from normtools.markup import Spans, line_starts, protected_spans
from normtools.matchers import REGEX_TIME_BUDGET, MatchTimeout, chunks
from normtools.model import Context, Document, Hit, Rule, Settings

MAX_PASSES = 12
# Above this many characters a plain-text fix works in line-aligned chunks (memory).
LARGE_TEXT = 1 << 23
CHUNK_TEXT = 1 << 21

# A suppression predicate: (rule, start, end) -> True when the finding is suppressed.
Suppressor = Callable[[Rule, int, int], bool]
# Builds the predicate for one state of the text. Offsets move as ``fix`` edits, so the
# engine asks again before every pass (see normtools.suppression).
SuppressorFactory = Callable[[Document], Suppressor | None]


@dataclass
class FixResult:
    """What ``fix`` did: the fixed document, the fixes applied, and what is left."""

    doc: Document
    applied: list[Diagnostic] = field(default_factory=list)  # empty unless kept
    remaining: list[Diagnostic] = field(default_factory=list)
    converged: bool = True
    fixes: int = 0  # how many fixes were applied

    @property
    def text(self) -> str:
        return self.doc.text


Windows = list[tuple[int, int]]  # (start, end) of whole lines, without the last newline


class Engine:
    """Runs a fixed selection of rules; reusable across many documents."""

    def __init__(self, rules: Sequence[Rule], settings: Settings | None = None) -> None:
        self.rules = tuple(rules)
        self.settings = settings or Settings()
        self._order = {r.code: i for i, r in enumerate(self.rules)}
        # Fix passes run only rules that can fix. Rules that may also report (dictionary
        # suggestions) and report-only rules run once more over the whole fixed text.
        self._fixing = tuple(r for r in self.rules if r.fixable)
        self._final = tuple(r for r in self.rules if not r.always_fixes)
        self._reporting = tuple(r for r in self.rules if not r.fixable)

    # -- check ---------------------------------------------------------------------
    def check(
        self,
        doc: Document,
        path: str = "-",
        suppress: Suppressor | None = None,
        *,
        suppression: SuppressorFactory | None = None,
    ) -> list[Diagnostic]:
        """Every finding, including fixes that only become possible once earlier fixes
        are made (``::不``: the first colon is Chinese context only after the second is
        fixed). ``check`` follows the fixer for that, so every change ``fix`` makes is a
        finding here; clean text pays nothing for it."""
        trace = _Trace()
        self._fix_passes(doc, path, suppress, suppression, False, trace)
        first = trace.first
        if len(trace.passes) < 2:
            return first
        index = _LineIndex(doc.text)
        extra: list[Diagnostic] = []
        history: list[_EditMap] = []
        for n, (chosen, edits) in enumerate(trace.passes):
            for d in chosen if n else ():
                start, end = d.start, d.end
                for step in reversed(history):
                    start, end = step.start(start), step.end(end)
                end = max(end, start)
                if not any(f.code == d.code and _same_place(f, start, end) for f in first):
                    extra.append(_relocated(d, start, end, index))
            history.append(_EditMap(edits))
        out = first + extra
        out.sort(key=lambda d: (d.start, d.end, self._order[d.code]))
        return out

    def _diagnose(
        self,
        doc: Document,
        path: str,
        suppress: Suppressor | None,
        rules: Sequence[Rule],
        windows: Windows | None = None,
        slow: set[str] | None = None,
    ) -> list[Diagnostic]:
        """Findings of ``rules``; with ``windows`` line-local rules see only those lines.

        A user regex that runs over its time budget is reported as skipped for this file
        and recorded in ``slow``, so later fix passes do not run it again.
        """
        text = doc.text
        protected = protected_spans(text, doc.filetype)
        ctx = Context(doc=doc, settings=self.settings, protected=protected)
        index = _LineIndex(text)
        view = _WindowView(text, windows, protected) if windows is not None else None
        out: list[Diagnostic] = []
        slow = set() if slow is None else slow
        for rule in rules:
            if not rule.applies_to(doc.filetype):
                continue
            if rule.code in slow:
                out.append(_skipped(rule, path))
                continue
            if view is not None and rule.line_local:
                hits: Iterable[Hit] = view.find(rule, doc, self.settings)
            else:
                hits = rule.find(text, ctx)
            found: list[Diagnostic] = []
            try:
                for hit in hits:
                    if hit.replacement is not None and text[hit.start : hit.end] == hit.replacement:
                        continue  # a no-op: already in the wanted form
                    if rule.scope == "text" and _touches_protected(hit, text, protected):
                        continue
                    if suppress is not None and suppress(rule, hit.start, hit.end):
                        continue
                    found.append(_diagnostic(rule, hit, index, path))
            except MatchTimeout:  # a user regex over its time budget: skipped for this file
                slow.add(rule.code)
                out.append(_skipped(rule, path))
                continue
            out.extend(found)
        out.sort(key=lambda d: (d.start, d.end, self._order[d.code]))
        return out

    # -- fix -----------------------------------------------------------------------
    def fix(
        self,
        doc: Document,
        path: str = "-",
        suppress: Suppressor | None = None,
        *,
        suppression: SuppressorFactory | None = None,
        keep_applied: bool = True,
    ) -> FixResult:
        """The fixed point of ``doc``. ``keep_applied=False`` keeps only the count of
        fixes: on a large defect-dense file the list alone would cost gigabytes."""
        if (
            not keep_applied
            and suppress is None
            and doc.filetype == "txt"
            and len(doc.text) > LARGE_TEXT
            and "normtools" not in doc.text  # suppression markers may span chunks
        ):
            return self._fix_in_chunks(doc, path, suppression)
        return self._fix_passes(doc, path, suppress, suppression, keep_applied)

    def _fix_in_chunks(
        self, doc: Document, path: str, suppression: SuppressorFactory | None
    ) -> FixResult:
        """A huge plain-text file: line-local rules (nearly all) fix line-aligned chunks one
        at a time, so only one chunk's findings are alive at once; then the ordinary passes
        run over the whole text, where little is left to find. Same fixed point: the
        line-local rules see the same lines either way."""
        local = Engine([r for r in self._fixing if r.line_local], self.settings)
        pieces: list[str] = []
        fixes = 0
        for _, piece in chunks(doc.text, CHUNK_TEXT):
            part = local._fix_passes(
                doc.copy(text=piece), path, None, suppression, keep_applied=False
            )
            pieces.append(part.doc.text)
            fixes += part.fixes
        joined = "".join(pieces)
        del pieces
        result = self._fix_passes(doc.copy(text=joined), path, None, suppression, False)
        result.fixes += fixes
        return result

    def _fix_passes(
        self,
        doc: Document,
        path: str,
        suppress: Suppressor | None,
        suppression: SuppressorFactory | None,
        keep_applied: bool,
        trace: _Trace | None = None,
    ) -> FixResult:
        """Fix passes until nothing changes. The first pass runs every rule over the whole
        text (as ``check`` does); later passes re-check only edited lines. What is left to
        report at the end is the first pass's report-only findings on lines no edit
        touched (shifted to their new offsets), plus a fresh look at the edited lines and
        a full run of the few rules that are not line-local."""
        result = FixResult(doc=doc)
        current = doc
        windows: Windows | None = None  # None: the whole text
        slow: set[str] = set()  # a rule that timed out once is not run again on this file
        carried: list[Diagnostic] = []  # report-only findings of the first pass
        touched: list[tuple[int, int]] = []  # edited stretches, in current offsets
        for _ in range(MAX_PASSES):
            active = _combine(current, suppress, suppression)
            first = windows is None
            rules = self.rules if first else self._fixing
            found = self._diagnose(current, path, active, rules, windows, slow)
            chosen = _non_overlapping(d for d in found if d.fixable)
            if first:
                carried = [d for d in found if not d.fixable]
                if trace is not None:
                    trace.first = found
            if not chosen:
                result.doc = current
                if first:
                    result.remaining = found
                else:
                    result.remaining = self._left_to_report(
                        current, path, active, slow, carried, touched
                    )
                final = {r.code for r in self._final}
                # rules that timed out in a fix pass but do not run in the final pass
                result.remaining[:0] = [
                    _skipped(r, path) for r in self._fixing if r.code in slow - final
                ]
                return result
            result.fixes += len(chosen)
            if keep_applied:
                result.applied.extend(chosen)
            current, windows, edits = _apply(current, chosen)
            if trace is not None:
                trace.passes.append((chosen, edits))
            carried = _shift_untouched(carried, edits)
            touched = [*_shift_spans(touched, edits), *((e[2], e[3]) for e in edits)]
            del found
        result.doc = current
        result.remaining = self._diagnose(
            current, path, _combine(current, suppress, suppression), self.rules, None, slow
        )
        result.converged = False
        return result

    def _left_to_report(
        self,
        doc: Document,
        path: str,
        active: Suppressor | None,
        slow: set[str],
        carried: list[Diagnostic],
        touched: list[tuple[int, int]],
    ) -> list[Diagnostic]:
        text = doc.text
        windows = _line_windows(text, sorted(touched))
        local = [r for r in self._final if r.line_local]
        other = [r for r in self._final if not r.line_local]
        index = _LineIndex(text)
        dirty = Spans(windows)
        out = [
            _relocated(d, d.start, d.end, index)
            for d in carried
            if d.code in {r.code for r in local} and not dirty.overlaps(d.start, d.end)
        ]
        out += self._diagnose(doc, path, active, local, windows, slow)
        out += self._diagnose(doc, path, active, other, None, slow)
        out.sort(key=lambda d: (d.start, d.end, self._order[d.code]))
        return out


def _shift_untouched(found: list[Diagnostic], edits: list[Edit]) -> list[Diagnostic]:
    """``found`` in the offsets after ``edits``; findings an edit overlaps are dropped
    (their lines are re-checked anyway). Line and column are set later."""
    from dataclasses import replace

    out = []
    starts = [e[0] for e in edits]
    for d in found:
        i = bisect_right(starts, d.start) - 1
        if i >= 0 and edits[i][1] > d.start:
            continue  # inside an edit
        j = i + 1
        if j < len(edits) and edits[j][0] < max(d.end, d.start + 1):
            continue  # an edit starts inside the finding
        shift = edits[i][3] - edits[i][1] if i >= 0 else 0
        out.append(replace(d, start=d.start + shift, end=d.end + shift))
    return out


def _shift_spans(spans: list[tuple[int, int]], edits: list[Edit]) -> list[tuple[int, int]]:
    """Earlier edited stretches in the offsets after ``edits`` (widened to cover any
    edit that overlaps them)."""
    out = []
    for start, end in spans:
        new_start, new_end = start, end
        for old_start, old_end, e_start, e_end in edits:
            delta = (e_end - e_start) - (old_end - old_start)
            if old_end <= start:
                new_start += delta
                new_end += delta
            elif old_start < end or (old_start == end == start):
                new_end = max(new_end + delta, e_end)
                new_start = min(new_start, e_start)
        out.append((new_start, max(new_end, new_start)))
    return out


def _combine(
    doc: Document, suppress: Suppressor | None, suppression: SuppressorFactory | None
) -> Suppressor | None:
    """One predicate from a fixed suppressor and one built for this state of the text."""
    per_text = suppression(doc) if suppression is not None else None
    if suppress is None or per_text is None:
        return suppress or per_text
    fixed, extra = suppress, per_text
    return lambda r, s, e: fixed(r, s, e) or extra(r, s, e)


@dataclass
class _Trace:
    """What the fix passes did, for ``check``: the first pass's findings, and each pass's
    applied fixes with their edits (to map later findings back to the original text)."""

    first: list[Diagnostic] = field(default_factory=list)
    passes: list[tuple[list[Diagnostic], list[Edit]]] = field(default_factory=list)


class _WindowView:
    """Some whole lines of a text, joined, so a line-local rule can run on them alone.

    Offsets found in the joined text are mapped back to the full text; protected-span
    queries are mapped the other way.
    """

    def __init__(self, text: str, windows: Windows, protected: Spans) -> None:
        self.text = "\n".join(text[s:e] for s, e in windows)
        self._joined_starts: list[int] = []
        self._shift: list[int] = []
        pos = 0
        for s, e in windows:
            self._joined_starts.append(pos)
            self._shift.append(s - pos)
            pos += e - s + 1
        self.protected = _ShiftedSpans(self, protected)

    def to_full(self, pos: int) -> int:
        i = bisect_right(self._joined_starts, pos) - 1
        return pos + self._shift[max(i, 0)]

    def find(self, rule: Rule, doc: Document, settings: Settings) -> Iterator[Hit]:
        ctx = Context(doc=doc, settings=settings, protected=self.protected)
        for hit in rule.find(self.text, ctx):
            start = self.to_full(hit.start)
            yield Hit(start, start + hit.end - hit.start, hit.replacement, hit.message, hit.meta)


class _ShiftedSpans(Spans):
    """The full text's protected spans, queried with offsets of a window view."""

    def __init__(self, view: _WindowView, base: Spans) -> None:
        super().__init__(())
        self._view = view
        self._base = base

    def contains(self, pos: int) -> bool:
        return self._base.contains(self._view.to_full(pos))

    def overlaps(self, start: int, end: int) -> bool:
        full = self._view.to_full(start)
        return self._base.overlaps(full, full + end - start)


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


Edit = tuple[int, int, int, int]  # old start, old end, new start, new end


def _apply(doc: Document, chosen: list[Diagnostic]) -> tuple[Document, Windows, list[Edit]]:
    """The edited document, the lines (in the new text) that the edits touched, and the
    edits themselves in old and new offsets."""
    text = doc.text
    parts: list[str] = []
    edited: list[tuple[int, int]] = []
    edits: list[Edit] = []
    pos = 0
    delta = 0
    meta: dict[str, str] = {}
    for d in chosen:
        meta.update(d.meta)
        if d.replacement is None:
            continue
        parts.append(text[pos : d.start])
        parts.append(d.replacement)
        start = d.start + delta
        edited.append((start, start + len(d.replacement)))
        edits.append((d.start, d.end, start, start + len(d.replacement)))
        delta += len(d.replacement) - (d.end - d.start)
        pos = d.end
    parts.append(text[pos:])
    new_text = "".join(parts)
    changes: dict[str, object] = {"text": new_text}
    if "newline" in meta:
        changes.update(newline=meta["newline"], mixed_newlines=False, first_foreign_newline=-1)
    if "bom" in meta:
        changes["bom"] = False
    if "encoding" in meta:
        changes["encoding"] = meta["encoding"]
    return doc.copy(**changes), _line_windows(new_text, edited), edits


class _EditMap:
    """Maps offsets in an edited text back to the text before the edits."""

    def __init__(self, edits: list[Edit]) -> None:
        self._edits = edits
        self._new_starts = [e[2] for e in edits]

    def start(self, pos: int) -> int:
        i = bisect_right(self._new_starts, pos) - 1
        if i < 0:
            return pos
        old_start, old_end, new_start, new_end = self._edits[i]
        if pos < new_end or pos == new_start:
            return old_start
        return pos - new_end + old_end

    def end(self, pos: int) -> int:
        i = bisect_left(self._new_starts, pos) - 1
        if i < 0:
            return pos
        _, old_end, _, new_end = self._edits[i]
        return old_end if pos <= new_end else pos - new_end + old_end


def _same_place(d: Diagnostic, start: int, end: int) -> bool:
    if d.start == d.end or start == end:
        return d.start == start and d.end == end
    return d.start < end and start < d.end


def _relocated(d: Diagnostic, start: int, end: int, index: _LineIndex) -> Diagnostic:
    """``d``, found in a later fix pass, placed at its origin in the original text."""
    from dataclasses import replace

    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return replace(
        d, start=start, end=end, line=line, column=column, end_line=end_line, end_column=end_column
    )


def _line_windows(text: str, edited: list[tuple[int, int]]) -> Windows:
    """Whole lines around each edited stretch, merged, in order."""
    windows: Windows = []
    for start, end in edited:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if line_end < 0:
            line_end = len(text)
        if windows and line_start <= windows[-1][1] + 1:
            windows[-1] = (windows[-1][0], max(windows[-1][1], line_end))
        else:
            windows.append((line_start, line_end))
    return windows


class _LineIndex:
    """Offsets to 1-based (line, column) in characters; built on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = line_starts(self._text)
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
