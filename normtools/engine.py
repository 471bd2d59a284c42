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

import heapq
import sys
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from normtools import markup
from normtools.diagnostics import Diagnostic
from normtools.markup import paragraphs_of, protected_spans, wrap_shape
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
        # later passes: every paragraph-local rule, and the rules that fix the document
        self._later = tuple(r for r in self.rules if r.local or r.fixable)
        # the end of a fix: rules that judge the whole document and only report
        self._whole_reporting = tuple(r for r in self.rules if not r.local and not r.fixable)
        # findings of rules that judge the whole document are found anew in every pass
        self._document_codes = frozenset(r.code for r in self.rules if not r.local)

    # -- entry points ----------------------------------------------------------------
    def check(
        self, doc: Document, path: str = "-", *, suppression: SuppressorFactory | None = None
    ) -> list[Diagnostic]:
        """Every finding, including fixes that only become possible once earlier fixes are
        made (``::不``: the first colon is Chinese context only after the second is fixed)
        and report-only findings that a fix brings about (``坚持,。`` -> ``，。``)."""
        if _huge_plain_text(doc):
            return self._check_in_chunks(doc, path, suppression)
        return _Run(self, doc, path, suppression, checking=True, keep_applied=False).findings()

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
        if not keep_applied and _huge_plain_text(doc):
            return self._fix_in_chunks(doc, path, suppression)
        return _Run(self, doc, path, suppression, keep_applied=keep_applied).result()

    def without(self, codes: Iterable[str]) -> Engine:
        drop = set(codes)
        return Engine([r for r in self.rules if r.code not in drop], self.settings)

    def _local_and_rest(self, doc: Document) -> tuple[Engine, Engine]:
        """The rules that see the same text in a line-aligned chunk as in the whole text,
        and the others; paragraph rules are local when a paragraph is one line."""
        scopes = ("line", "paragraph") if _line_paragraphs(doc, self.settings) else ("line",)
        local = [r for r in self.rules if r.locality in scopes]
        rest = [r for r in self.rules if r.locality not in scopes]
        return Engine(local, self.settings), Engine(rest, self.settings)

    def _check_in_chunks(
        self, doc: Document, path: str, suppression: SuppressorFactory | None
    ) -> list[Diagnostic]:
        """``check`` of a huge plain-text file in the memory of one chunk's work: the
        line-local rules check line-aligned chunks one at a time (a chunk's passes, its
        findings as tuples and its offset maps die with it; only its Diagnostics stay),
        each chunk's fixed text is kept; then the other rules (the whole document's)
        check the text the local fixes leave, as the passes of one whole run would, and
        their findings are placed back in the original. The local rules' cascades are
        exact (they see the same lines); a local finding that only a whole-document fix
        would bring about (after CRLF -> LF, say) is not reported."""
        local, rest = self._local_and_rest(doc)
        found: list[Diagnostic] = []
        pieces: list[str] = []
        places = _ChunkPlaces()
        lines = 0
        for base, piece in chunks(doc.text, CHUNK_TEXT):
            run = _Run(
                local, doc.copy(text=piece), path, suppression, checking=True, keep_applied=False
            )
            run.offset, run.line_offset = base, lines
            found += run.findings()
            fixed = run.final_text
            places.add(base, fixed, run.final_map)
            pieces.append(fixed)
            lines += piece.count("\n")
        if not rest.rules:
            return found
        # their first pass sees the original, as in a whole run; the rest of the passes
        # the text the local fixes lead to
        slow: set[str] = set()
        first = rest.scan(doc, rest.rules, suppression(doc) if suppression else None, None, slow)
        first += rest._skip_notes(slow)
        markup.forget()  # the original's spans: as many as the file has numbers and URLs
        seen = _Seen(first)
        joined = doc.copy(text="".join(pieces))
        del pieces
        run = _Run(rest, joined, path, suppression, checking=True, keep_applied=False)
        # a file-wide change (line ends, BOM, encoding) is one finding, where it was first
        file_wide = {f[3].code for f in first if f[4].meta}
        for f in run.finding_tuples(first_reports=False):
            if f[4].meta and f[3].code in file_wide:
                continue
            start, end = places.to_original(f[0], f[1])
            if seen.add(f[3].code, start, end):
                first.append((start, end, f[2], f[3], f[4]))
        not_converged = run.not_converged
        del joined, run  # the fixed text: as large as the file
        markup.forget()
        first.sort(key=_finding_key)
        others = [*_diagnostics(first, doc.text, path), *not_converged]
        others.sort(key=self._sort_key)
        return list(heapq.merge(found, others, key=self._sort_key))

    def _fix_in_chunks(
        self, doc: Document, path: str, suppression: SuppressorFactory | None
    ) -> FixResult:
        """A huge plain-text file: line-local rules (nearly all) fix line-aligned chunks one
        at a time, so only one chunk's findings are alive at once; then the ordinary passes
        run over the whole text, where little is left to find. Same fixed point: the
        line-local rules see the same lines either way."""
        local, _ = self._local_and_rest(doc)
        local = Engine([r for r in local.rules if r.fixable], self.settings)
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
        markup.forget()
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
        """Findings of ``rules`` on ``doc`` as Diagnostics (see ``scan``), with a note for
        each rule skipped for its time budget."""
        slow = set() if slow is None else slow
        found = self.scan(doc, rules, suppress, regions, slow)
        found += self._skip_notes(slow)
        found.sort(key=_finding_key)
        return _diagnostics(found, doc.text, path)

    def _skip_notes(self, slow: set[str]) -> list[Finding]:
        return [_skipped(r, self._order.get(r.code, 0)) for r in self.rules if r.code in slow]

    def scan(
        self,
        doc: Document,
        rules: Sequence[Rule],
        suppress: Suppressor | None = None,
        regions: Sequence[tuple[int, int]] | None = None,
        slow: set[str] | None = None,
    ) -> list[Finding]:
        """Findings of ``rules`` on ``doc``, sorted; with ``regions`` (whole paragraphs)
        local rules look only there, rules that need the document still see all of it.

        Findings stay light tuples until a caller needs Diagnostics: most of a fix loop's
        findings are never shown. A user regex that runs over its time budget is recorded
        in ``slow`` (reported once, by the caller) and not run again on this file.
        """
        text = doc.text
        protected = protected_spans(text, doc.filetype, self.settings, doc.wrap)
        paragraphs = cache(lambda: paragraphs_of(text, doc.filetype, self.settings, doc.wrap))
        local_ctx = Context(doc, self.settings, protected, paragraphs, regions)
        whole_ctx = local_ctx
        if regions is not None:
            whole_ctx = Context(doc, self.settings, protected, paragraphs, None)
            whole_ctx.cache = local_ctx.cache  # work shared by rules on this text
        out: list[Finding] = []
        slow = set() if slow is None else slow
        order = self._order
        for rule in rules:
            if not rule.applies_to(doc.filetype):
                continue
            if rule.code in slow:
                continue
            rank = order.get(rule.code, len(order))
            ctx = local_ctx if rule.local else whole_ctx
            text_scope = rule.scope == "text"
            found: list[Finding] = []
            try:
                for hit in rule.find(text, ctx):
                    start, end, fix = hit.start, hit.end, hit.replacement
                    if fix is not None and text[start:end] == fix:
                        continue  # a no-op: already in the wanted form
                    if text_scope and _touches_protected(hit, text, protected):
                        continue
                    if suppress is not None and suppress(rule, start, end):
                        continue
                    found.append((start, end, rank, rule, hit))
            except MatchTimeout:  # a user regex over its time budget: skipped for this file
                slow.add(rule.code)
                continue
            out.extend(found)
        out.sort(key=_finding_key)
        return out

    def _sort_key(self, d: Diagnostic) -> tuple[int, int, int]:
        return (d.start, d.end, self._order.get(d.code, len(self._order)))


# A finding inside the engine: (start, end, rule rank, rule, hit). Sorted as a tuple's
# first three fields sort; turned into a Diagnostic only when a caller needs one.
Finding = tuple[int, int, int, Rule, Hit]


def _finding_key(f: Finding) -> tuple[int, int, int]:
    return f[0], f[1], f[2]


def _fixable(f: Finding) -> bool:
    hit = f[4]
    return hit.replacement is not None or bool(hit.meta)


def _huge_plain_text(doc: Document) -> bool:
    """A plain-text file big enough to be checked and fixed in line-aligned chunks."""
    return (
        doc.filetype == "txt"
        and len(doc.text) > LARGE_TEXT
        and "normtools" not in doc.text  # suppression markers may span chunks
    )


def _diagnostics(
    found: Sequence[Finding], text: str, path: str, offset: int = 0, line_offset: int = 0
) -> list[Diagnostic]:
    """Findings (sorted) as Diagnostics at their places in ``text``; ``text`` starts at
    character ``offset`` and after ``line_offset`` lines of the file (a chunk)."""
    index = LineIndex(text)
    return [_diagnostic(f[3], f[4], f[0], f[1], index, path, offset, line_offset) for f in found]


class _ChunkPlaces:
    """Where each chunk's fixed text came from, to place a finding in the fixed text of
    all chunks back in the original. The offset maps are kept flat (four machine
    integers per edit), not as tuples: a defect-dense file has millions of edits."""

    def __init__(self) -> None:
        self._fixed_starts: list[int] = []
        self._bases: list[int] = []
        self._maps: list[array[int] | None] = []
        self._fixed_length = 0
        # the last chunk's map, rebuilt once: findings come in order, chunk by chunk
        self._last: tuple[int, OffsetMap] | None = None

    def add(self, base: int, fixed: str, omap: OffsetMap) -> None:
        self._fixed_starts.append(self._fixed_length)
        self._bases.append(base)
        flat = array("q", [x for region in omap.regions for x in region]) if omap else None
        self._maps.append(flat)
        self._fixed_length += len(fixed)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        i = max(bisect_right(self._fixed_starts, start) - 1, 0)
        j = max(bisect_right(self._fixed_starts, max(end - 1, start)) - 1, 0)
        new_start = self._place(i, start, end if i == j else None)[0]
        new_end = self._place(j, start if i == j else None, end)[1]
        return new_start, max(new_end, new_start)

    def _place(self, i: int, start: int | None, end: int | None) -> tuple[int, int]:
        """Original offsets of the part of [start, end) in chunk ``i`` (None: the chunk's
        own edge)."""
        at = self._fixed_starts[i]
        stop = self._fixed_starts[i + 1] if i + 1 < len(self._fixed_starts) else None
        s = (start if start is not None else at) - at
        e = (end if end is not None else (stop if stop is not None else at)) - at
        flat = self._maps[i]
        if flat is None:
            return self._bases[i] + s, self._bases[i] + e
        o0, o1 = self._map(i, flat).to_original(s, max(e, s))
        return self._bases[i] + o0, self._bases[i] + o1

    def _map(self, i: int, flat: array[int]) -> OffsetMap:
        if self._last is None or self._last[0] != i:
            regions = [tuple(flat[k : k + 4]) for k in range(0, len(flat), 4)]
            self._last = (i, OffsetMap(regions))  # type: ignore[arg-type]
        return self._last[1]


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
        # a chunk of a file: where its text starts there (Diagnostics are the file's)
        self.offset = 0
        self.line_offset = 0
        # after ``finding_tuples``: the text the fixes lead to and its map to the original,
        # and a Diagnostic for each rule whose fixes did not settle
        self.final_text = doc.text
        self.final_map = OffsetMap()
        self.not_converged: list[Diagnostic] = []

    def _suppressor(self, doc: Document) -> Suppressor | None:
        return self.suppression(doc) if self.suppression is not None else None

    def _loop(self) -> _Outcome:
        """The fix passes. Later passes run every paragraph-local rule (fixing or not) on
        the paragraphs around the previous pass's edits, so the report-only findings
        left at the end come from the same scans as the fixes: report-only findings of
        earlier passes are carried along (shifted) unless their paragraph is scanned
        again. Rules that need the whole document and only report run once at the end."""
        engine = self.engine
        doc = self.original
        first = engine.scan(doc, engine.rules, self._suppressor(doc), None, self.slow)
        out = _Outcome(doc, OffsetMap(), first, _Log(self.keep_applied, self.path))
        out.left = [f for f in first if not _fixable(f)]
        chosen = _non_overlapping(f for f in first if _fixable(f))
        if chosen and doc.filetype == "txt" and doc.wrap is None:
            doc = doc.copy(wrap=wrap_shape(doc.text, doc.filetype, engine.settings))
        limit = 2 * len(doc.text) + 4096
        for _ in range(MAX_PASSES):
            if not chosen:
                if out.omap:  # the document-level reports, on the final text
                    found = engine.scan(
                        doc, engine._whole_reporting, self._suppressor(doc), None, self.slow
                    )
                    out.left += [f for f in found if not _fixable(f)]
                out.left += engine._skip_notes(self.slow)
                out.left.sort(key=_finding_key)
                out.doc = doc
                return out
            out.log.record(chosen, out.omap, doc.text)
            doc, edits, edited = _apply(doc, chosen)
            out.omap = out.omap.compose(edits)
            if len(doc.text) > limit:
                break
            regions = _paragraph_windows(doc, edited, engine.settings)
            out.left = _carried(out.left, edits, regions, engine._document_codes)
            found = engine.scan(doc, engine._later, self._suppressor(doc), regions, self.slow)
            chosen = _non_overlapping(f for f in found if _fixable(f))
            out.left += [f for f in found if not _fixable(f)]
        out.doc = doc
        out.culprits = sorted({f[3].code for f in chosen}) or ["?"]
        return out

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
        found = self.finding_tuples()
        text = self.original.text
        out = _diagnostics(found, text, self.path, self.offset, self.line_offset)
        if self.not_converged:
            return sorted([*out, *self.not_converged], key=self.engine._sort_key)
        return out

    def finding_tuples(self, *, first_reports: bool = True) -> list[Finding]:
        """What ``check`` reports, as findings in the original's offsets, sorted; sets
        ``final_text``, ``final_map`` and ``not_converged``. Without ``first_reports``,
        the first pass's report-only findings count only where they are still found at
        the end (the original is an intermediate text that a whole run never sees)."""
        out = self._loop()
        if out.culprits:
            retry = self._retry_without(out.culprits)
            kept = retry.finding_tuples(first_reports=first_reports)
            self.final_text, self.final_map = retry.final_text, retry.final_map
            self.not_converged = [
                *retry.not_converged,
                *(_not_converged(self.engine, c, self.path) for c in out.culprits),
            ]
            return kept
        self.final_text, self.final_map = out.doc.text, out.omap
        if not out.omap:
            notes = self.engine._skip_notes(self.slow)
            return sorted([*out.first, *notes], key=_finding_key) if notes else out.first
        first = out.first if first_reports else [f for f in out.first if _fixable(f)]
        seen = _Seen(first)
        found = list(first)
        for f, start, end in out.log.later:
            if seen.add(f[3].code, start, end):
                found.append((start, end, f[2], f[3], f[4]))
        for f in out.left:
            start, end = out.omap.to_original(f[0], f[1])
            if seen.add(f[3].code, start, end):
                found.append((start, end, f[2], f[3], f[4]))
        found.sort(key=_finding_key)
        return found

    # -- fix -------------------------------------------------------------------------
    def result(self) -> FixResult:
        out = self._loop()
        if out.culprits:
            result = self._retry_without(out.culprits).result()
            result.converged = False
            result.remaining = sorted(
                [
                    *result.remaining,
                    *(_not_converged(self.engine, c, self.path) for c in out.culprits),
                ],
                key=self.engine._sort_key,
            )
            return result
        result = FixResult(doc=out.doc, applied=out.log.applied, fixes=out.log.count)
        result.remaining = _diagnostics(out.left, out.doc.text, self.path)
        return result


@dataclass
class _Outcome:
    """What the fix passes leave: the final text, how it maps to the original, the first
    pass's findings, what later passes fixed, and the report-only findings on the final
    text (``left``); ``culprits``: rules whose fixes did not settle."""

    doc: Document
    omap: OffsetMap
    first: list[Finding]
    log: _Log
    left: list[Finding] = field(default_factory=list)
    culprits: list[str] = field(default_factory=list)


def _carried(
    left: list[Finding],
    edits: list[Edit],
    regions: list[tuple[int, int]],
    drop_codes: frozenset[str],
) -> list[Finding]:
    """Report-only findings of the text before ``edits``, in the offsets after them;
    dropped where the next pass looks again (``regions``, in new offsets) and for rules
    that judge the whole document (they run again at the end)."""
    step = OffsetMap().compose(edits)
    rescanned = Spans(regions)
    out: list[Finding] = []
    for f in left:
        if f[3].code in drop_codes:
            continue
        moved = step.to_current(f[0], f[1])
        if moved is None or rescanned.overlaps(moved[0], max(moved[1], moved[0] + 1)):
            continue
        out.append((moved[0], moved[1], f[2], f[3], f[4]))
    return out


class _Log:
    """What the later fix passes chose, in original offsets (for ``check``), and what
    all passes applied (for ``fix``)."""

    def __init__(self, keep_applied: bool, path: str) -> None:
        self.keep_applied = keep_applied
        self.path = path
        self.applied: list[Diagnostic] = []
        self.later: list[tuple[Finding, int, int]] = []
        self.count = 0
        self._passes = 0

    def record(self, chosen: list[Finding], omap: OffsetMap, text: str) -> None:
        self.count += len(chosen)
        if self.keep_applied:
            self.applied.extend(_diagnostics(chosen, text, self.path))
        if self._passes:
            for f in chosen:
                start, end = omap.to_original(f[0], f[1])
                self.later.append((f, start, end))
        self._passes += 1


class _Seen:
    """Which findings ``check`` already reports: a later pass's finding of the same rule
    at the same place (overlapping, or the same empty span) is the same finding."""

    def __init__(self, first: list[Finding]) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        self._exact: set[tuple[str, int, int]] = set()
        for f in first:
            code = f[3].code
            self._exact.add((code, f[0], f[1]))
            if f[1] > f[0]:
                spans.setdefault(code, []).append((f[0], f[1]))
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


def _non_overlapping(found: Iterable[Finding]) -> list[Finding]:
    """Fixes that can be applied together (already sorted by start, end, rule order)."""
    chosen: list[Finding] = []
    last_end = -1
    last_insert = -1
    for f in found:
        start, end = f[0], f[1]
        if start < last_end or (start == end and start == last_insert):
            continue
        if start == end:
            last_insert = start
        chosen.append(f)
        last_end = max(last_end, end)
    return chosen


def _apply(
    doc: Document, chosen: list[Finding]
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
    for start, end, _rank, _rule, hit in chosen:
        meta.update(hit.meta)
        fix = hit.replacement
        if fix is None:
            continue
        parts.append(text[pos:start])
        parts.append(fix)
        edits.append((start, end, len(fix)))
        new_start = start + delta
        edited.append((new_start, new_start + len(fix)))
        delta += len(fix) - (end - start)
        pos = end
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
    paragraphs = paragraphs_of(text, doc.filetype, settings, doc.wrap)
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


def _skipped(rule: Rule, rank: int) -> Finding:
    message = (
        f"rule skipped for this file: its regex took longer than "
        f"{REGEX_TIME_BUDGET:g} s (simplify the regex in {rule.source})"
    )
    return (0, 0, rank, rule, Hit(0, 0, None, message))


def _not_converged(engine: Engine, code: str, path: str) -> Diagnostic:
    rule = next((r for r in engine.rules if r.code == code), engine.rules[0])
    message = (
        f"fixes of {code} did not settle after {MAX_PASSES} passes (its fix keeps matching "
        f"its own output, or makes the text grow): its fixes were not applied; "
        f"correct the rule in {rule.source}"
    )
    return _diagnostic(rule, Hit(0, 0, None, message), 0, 0, LineIndex(""), path)


def _diagnostic(
    rule: Rule,
    hit: Hit,
    start: int,
    end: int,
    index: LineIndex,
    path: str,
    offset: int = 0,
    line_offset: int = 0,
) -> Diagnostic:
    line, col = index.position(start)
    end_line, end_col = index.position(end) if end != start else (line, col)
    return Diagnostic(
        path=path,
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        # one string per distinct message: a formatted message is new for every hit
        message=sys.intern(hit.message) if hit.message else rule.description,
        start=start + offset,
        end=end + offset,
        line=line + line_offset,
        column=col,
        end_line=end_line + line_offset,
        end_column=end_col,
        replacement=hit.replacement,
        meta=hit.meta,
    )
