"""Apply rules to a document: findings for ``check``, a fixed point for ``fix``.

One loop serves both. The first pass runs every rule over the whole text; its fixable
findings that do not overlap are applied; later passes run the fixing rules again only
on the paragraphs around the previous pass's edits (plus the few rules that need the
whole document), until nothing is left to fix. One offset map (normtools.offsets)
relates the original text to the current one throughout:

* ``check`` reports the first pass plus every later fix and every report-only finding
  that appears in an edited paragraph, placed at its origin in the original text, so
  every change ``fix`` makes is a finding of ``check``;
* ``fix`` reports what is left: the first pass's report-only findings where no edit
  came near, plus a fresh look at the edited paragraphs.

Work is linear in the number of findings. The engine never opens files, prints or exits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from normtools.diagnostics import Diagnostic
from normtools.markup import paragraphs_of, protected_spans
from normtools.matchers import REGEX_TIME_BUDGET, MatchTimeout
from normtools.model import Context, Document, Hit, Rule, Suppressor
from normtools.offsets import Edit, OffsetMap
from normtools.settings import Settings
from normtools.text import LineIndex, Spans, chunks

# A loop that has not converged after this many passes has a rule whose fix keeps
# matching its own output; so has one whose text more than doubles.
MAX_PASSES = 8
# Above this many characters a plain-text fix works in line-aligned chunks (memory).
LARGE_TEXT = 1 << 23
CHUNK_TEXT = 1 << 21

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


class Engine:
    """Runs a fixed selection of rules; reusable across many documents."""

    def __init__(self, rules: Sequence[Rule], settings: Settings | None = None) -> None:
        self.rules = tuple(rules)
        self.settings = settings or Settings()
        self._order = {r.code: i for i, r in enumerate(self.rules)}
        # Later passes run only rules that can fix; the final look at edited paragraphs
        # runs only rules that may leave a finding behind.
        self._fixing = tuple(r for r in self.rules if r.fixable)
        self._reporting = tuple(r for r in self.rules if not r.always_fixes)

    # -- entry points ----------------------------------------------------------------
    def check(
        self, doc: Document, path: str = "-", *, suppression: SuppressorFactory | None = None
    ) -> list[Diagnostic]:
        """Every finding, including fixes that only become possible once earlier fixes are
        made (``::不``: the first colon is Chinese context only after the second is fixed)
        and report-only findings that a fix brings about (``坚持,。`` -> ``，。``)."""
        return _Run(self, doc, path, suppression, checking=True).findings()

    def fix(
        self,
        doc: Document,
        path: str = "-",
        *,
        suppression: SuppressorFactory | None = None,
        keep_applied: bool = True,
    ) -> FixResult:
        """The fixed point of ``doc``. ``keep_applied=False`` keeps only the count of
        fixes: on a large defect-dense file the list alone would cost gigabytes."""
        if (
            not keep_applied
            and doc.filetype == "txt"
            and len(doc.text) > LARGE_TEXT
            and "normtools" not in doc.text  # suppression markers may span chunks
        ):
            return self._fix_in_chunks(doc, path, suppression)
        return _Run(self, doc, path, suppression, keep_applied=keep_applied).result()

    def without(self, codes: Iterable[str]) -> Engine:
        drop = set(codes)
        return Engine([r for r in self.rules if r.code not in drop], self.settings)

    def _fix_in_chunks(
        self, doc: Document, path: str, suppression: SuppressorFactory | None
    ) -> FixResult:
        """A huge plain-text file: line-local rules (nearly all) fix line-aligned chunks one
        at a time, so only one chunk's findings are alive at once; then the ordinary passes
        run over the whole text, where little is left to find. Same fixed point: the
        line-local rules see the same lines either way."""
        # paragraph rules see the same text in a chunk when a paragraph is one line
        scopes = ("line", "paragraph") if _line_paragraphs(doc, self.settings) else ("line",)
        local = Engine([r for r in self._fixing if r.locality in scopes], self.settings)
        pieces: list[str] = []
        fixes = 0
        for _, piece in chunks(doc.text, CHUNK_TEXT):
            part = _Run(local, doc.copy(text=piece), path, suppression, keep_applied=False)
            result = part.result()
            pieces.append(result.doc.text)
            fixes += result.fixes
        joined = "".join(pieces)
        del pieces
        result = _Run(self, doc.copy(text=joined), path, suppression, keep_applied=False).result()
        result.fixes += fixes
        return result

    # -- one pass --------------------------------------------------------------------
    def diagnose(
        self,
        doc: Document,
        path: str,
        rules: Sequence[Rule],
        suppress: Suppressor | None = None,
        regions: Sequence[tuple[int, int]] | None = None,
        slow: set[str] | None = None,
    ) -> list[Diagnostic]:
        """Findings of ``rules`` on ``doc``; with ``regions`` (whole paragraphs) local rules
        look only there, rules that need the document still see all of it.

        A user regex that runs over its time budget is reported as skipped for this file
        and recorded in ``slow``, so later passes do not run it again.
        """
        text = doc.text
        protected = protected_spans(text, doc.filetype, self.settings)
        paragraphs = cache(lambda: paragraphs_of(text, doc.filetype, self.settings))
        local_ctx = Context(doc, self.settings, protected, paragraphs, regions)
        whole_ctx = local_ctx
        if regions is not None:
            whole_ctx = Context(doc, self.settings, protected, paragraphs, None)
            whole_ctx.cache = local_ctx.cache  # work shared by rules on this text
        index = LineIndex(text)
        out: list[Diagnostic] = []
        slow = set() if slow is None else slow
        for rule in rules:
            if not rule.applies_to(doc.filetype):
                continue
            if rule.code in slow:
                out.append(_skipped(rule, path))
                continue
            ctx = local_ctx if rule.local else whole_ctx
            found: list[Diagnostic] = []
            try:
                for hit in rule.find(text, ctx):
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
        out.sort(key=self._sort_key)
        return out

    def _sort_key(self, d: Diagnostic) -> tuple[int, int, int]:
        return (d.start, d.end, self._order.get(d.code, len(self._order)))


class _Run:
    """One ``check`` or ``fix`` of one document."""

    def __init__(
        self,
        engine: Engine,
        doc: Document,
        path: str,
        suppression: SuppressorFactory | None,
        *,
        checking: bool = False,
        keep_applied: bool = True,
    ) -> None:
        self.engine = engine
        self.original = doc
        self.path = path
        self.suppression = suppression
        self.checking = checking
        self.keep_applied = keep_applied
        self.slow: set[str] = set()

    def _suppressor(self, doc: Document) -> Suppressor | None:
        return self.suppression(doc) if self.suppression is not None else None

    def _loop(self) -> tuple[Document, OffsetMap, list[Diagnostic], _Log, list[str]]:
        """The fix passes. Returns the final document, the offset map from the original,
        the first pass's findings, what later passes fixed (for check), and the codes of
        rules that did not converge (their fixes are then not applied at all)."""
        engine = self.engine
        doc = self.original
        first = engine.diagnose(
            doc, self.path, engine.rules, self._suppressor(doc), None, self.slow
        )
        log = _Log(self.keep_applied)
        omap = OffsetMap()
        chosen = _non_overlapping(d for d in first if d.fixable)
        limit = 2 * len(doc.text) + 4096
        for _ in range(MAX_PASSES):
            if not chosen:
                return doc, omap, first, log, []
            log.record(chosen, omap)
            doc, edits, edited = _apply(doc, chosen)
            omap = omap.compose(edits)
            if len(doc.text) > limit:
                break
            regions = _paragraph_windows(doc, edited, engine.settings)
            found = engine.diagnose(
                doc, self.path, engine._fixing, self._suppressor(doc), regions, self.slow
            )
            chosen = _non_overlapping(d for d in found if d.fixable)
        culprits = sorted({d.code for d in chosen}) or ["?"]
        return doc, omap, first, log, culprits

    def _retry_without(self, culprits: list[str]) -> _Run:
        """The same run without the rules that did not converge."""
        return _Run(
            self.engine.without(culprits),
            self.original,
            self.path,
            self.suppression,
            checking=self.checking,
            keep_applied=self.keep_applied,
        )

    # -- check -----------------------------------------------------------------------
    def findings(self) -> list[Diagnostic]:
        doc, omap, first, log, culprits = self._loop()
        if culprits:
            kept = self._retry_without(culprits).findings()
            return sorted(
                [*kept, *(_not_converged(self.engine, c, self.path) for c in culprits)],
                key=self.engine._sort_key,
            )
        if not omap:
            return first
        seen = _Seen(first)
        extra: list[Diagnostic] = []
        index = LineIndex(self.original.text)
        for d, start, end in log.later:
            if seen.add(d.code, start, end):
                extra.append(_relocated(d, start, end, index))
        for d in self._left_in_edited(doc, omap):
            start, end = omap.to_original(d.start, d.end)
            if seen.add(d.code, start, end):
                extra.append(_relocated(d, start, end, index))
        return sorted([*first, *extra], key=self.engine._sort_key)

    # -- fix -------------------------------------------------------------------------
    def result(self) -> FixResult:
        doc, omap, first, log, culprits = self._loop()
        if culprits:
            result = self._retry_without(culprits).result()
            result.converged = False
            result.remaining = sorted(
                [
                    *result.remaining,
                    *(_not_converged(self.engine, c, self.path) for c in culprits),
                ],
                key=self.engine._sort_key,
            )
            return result
        result = FixResult(doc=doc, applied=log.applied, fixes=log.count)
        if not omap:
            result.remaining = [d for d in first if not d.fixable]
            return result
        dirty = Spans(_paragraph_windows(doc, omap.touched(), self.engine.settings))
        local = {r.code for r in self.engine._reporting if r.local}
        index = LineIndex(doc.text)
        carried = []
        for d in first:
            if d.fixable or d.code not in local:
                continue
            moved = omap.to_current(d.start, d.end)
            if moved is not None and not dirty.overlaps(moved[0], max(moved[1], moved[0] + 1)):
                carried.append(_relocated(d, moved[0], moved[1], index))
        result.remaining = sorted(
            [*carried, *self._left_in_edited(doc, omap)], key=self.engine._sort_key
        )
        return result

    def _left_in_edited(self, doc: Document, omap: OffsetMap) -> list[Diagnostic]:
        """Report-only findings in the edited paragraphs, plus those of rules that need the
        whole document, on the fixed text."""
        engine = self.engine
        windows = _paragraph_windows(doc, omap.touched(), engine.settings)
        suppress = self._suppressor(doc)
        local = [r for r in engine._reporting if r.local]
        whole = [r for r in engine._reporting if not r.local]
        found = engine.diagnose(doc, self.path, local, suppress, windows, self.slow)
        found += engine.diagnose(doc, self.path, whole, suppress, None, self.slow)
        # rules that timed out in a fix pass and are not run again here
        found += [
            _skipped(r, self.path)
            for r in engine._fixing
            if r.code in self.slow and r not in engine._reporting
        ]
        return [d for d in found if not d.fixable]


class _Log:
    """What the later fix passes chose, in original offsets (for ``check``), and what
    all passes applied (for ``fix``)."""

    def __init__(self, keep_applied: bool) -> None:
        self.keep_applied = keep_applied
        self.applied: list[Diagnostic] = []
        self.later: list[tuple[Diagnostic, int, int]] = []
        self.count = 0
        self._passes = 0

    def record(self, chosen: list[Diagnostic], omap: OffsetMap) -> None:
        self.count += len(chosen)
        if self.keep_applied:
            self.applied.extend(chosen)
        if self._passes:
            for d in chosen:
                start, end = omap.to_original(d.start, d.end)
                self.later.append((d, start, end))
        self._passes += 1


class _Seen:
    """Which findings ``check`` already reports: a later pass's finding of the same rule
    at the same place (overlapping, or the same empty span) is the same finding."""

    def __init__(self, first: list[Diagnostic]) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        self._exact: set[tuple[str, int, int]] = set()
        for d in first:
            self._exact.add((d.code, d.start, d.end))
            if d.end > d.start:
                spans.setdefault(d.code, []).append((d.start, d.end))
        self._spans = {code: Spans(s) for code, s in spans.items()}

    def add(self, code: str, start: int, end: int) -> bool:
        """Record the finding; True when it was not reported yet."""
        if (code, start, end) in self._exact:
            return False
        spans = self._spans.get(code)
        if end > start and spans is not None and spans.overlaps(start, end):
            return False
        self._exact.add((code, start, end))
        return True


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
    """Fixes that can be applied together (already sorted by start, end, rule order)."""
    chosen: list[Diagnostic] = []
    last_end = -1
    last_insert = -1
    for d in diagnostics:
        if d.start < last_end or (d.start == d.end and d.start == last_insert):
            continue
        if d.start == d.end:
            last_insert = d.start
        chosen.append(d)
        last_end = max(last_end, d.end)
    return chosen


def _apply(
    doc: Document, chosen: list[Diagnostic]
) -> tuple[Document, list[Edit], list[tuple[int, int]]]:
    """The edited document, the edits (old offsets and new lengths), and the edited
    stretches in the new text."""
    text = doc.text
    parts: list[str] = []
    edits: list[Edit] = []
    edited: list[tuple[int, int]] = []
    pos = 0
    delta = 0
    meta: dict[str, str] = {}
    for d in chosen:
        meta.update(d.meta)
        if d.replacement is None:
            continue
        parts.append(text[pos : d.start])
        parts.append(d.replacement)
        edits.append((d.start, d.end, len(d.replacement)))
        start = d.start + delta
        edited.append((start, start + len(d.replacement)))
        delta += len(d.replacement) - (d.end - d.start)
        pos = d.end
    parts.append(text[pos:])
    changes: dict[str, object] = {"text": "".join(parts)}
    if "newline" in meta:
        changes.update(newline=meta["newline"], mixed_newlines=False, first_foreign_newline=-1)
    if "bom" in meta:
        changes["bom"] = False
    if "encoding" in meta:
        changes["encoding"] = meta["encoding"]
    return doc.copy(**changes), edits, edited


# Windows closer than this are looked at as one: a rule scans the few lines between at C
# speed instead of paying Python overhead per window (rules that only see whole
# paragraphs find nothing new there; their findings are the same either way).
WINDOW_GAP = 1


def _paragraph_windows(
    doc: Document, stretches: list[tuple[int, int]], settings: Settings
) -> list[tuple[int, int]]:
    """Whole paragraphs around each (sorted) stretch of ``doc``, merged when they are
    close, in order. Linear: a stretch inside the last window costs nothing."""
    text = doc.text
    paragraphs = paragraphs_of(text, doc.filetype, settings)
    windows: list[tuple[int, int]] = []
    for start, end in stretches:
        if windows and start <= windows[-1][1] + WINDOW_GAP:
            if end <= windows[-1][1]:
                continue
            _, p_end = paragraphs.around(text, end)
            windows[-1] = (windows[-1][0], max(windows[-1][1], p_end))
            continue
        p_start, p_end = paragraphs.around(text, start)
        if end > p_end:
            p_end = max(p_end, paragraphs.around(text, end)[1])
        if windows and p_start <= windows[-1][1] + WINDOW_GAP:
            windows[-1] = (windows[-1][0], max(windows[-1][1], p_end))
        else:
            windows.append((p_start, p_end))
    return windows


def _line_paragraphs(doc: Document, settings: Settings) -> bool:
    return paragraphs_of(doc.text, doc.filetype, settings).kind == "lines"


def _relocated(d: Diagnostic, start: int, end: int, index: LineIndex) -> Diagnostic:
    """``d`` placed at ``start``-``end`` of the text ``index`` describes."""
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return replace(
        d, start=start, end=end, line=line, column=column, end_line=end_line, end_column=end_column
    )


def _skipped(rule: Rule, path: str) -> Diagnostic:
    return _file_level(
        rule,
        path,
        f"rule skipped for this file: its pattern took longer than "
        f"{REGEX_TIME_BUDGET:g} s (simplify the regex in {rule.source})",
    )


def _not_converged(engine: Engine, code: str, path: str) -> Diagnostic:
    rule = next((r for r in engine.rules if r.code == code), None)
    if rule is None:
        rule = engine.rules[0]
    return _file_level(
        rule,
        path,
        f"fixes of {code} did not settle after {MAX_PASSES} passes (its fix keeps matching "
        f"its own output, or makes the text grow): its fixes were not applied; "
        f"correct the rule in {rule.source}",
    )


def _file_level(rule: Rule, path: str, message: str) -> Diagnostic:
    return Diagnostic(
        path=path,
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        message=message,
        start=0,
        end=0,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        replacement=None,
        meta=(),
    )


def _diagnostic(rule: Rule, hit: Hit, index: LineIndex, path: str) -> Diagnostic:
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
