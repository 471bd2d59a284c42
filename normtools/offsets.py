"""One offset map between the original text and the text after any number of fix passes.

Only edit boundaries are stored: a sorted list of regions where the two texts differ,
each as ``(orig_start, orig_end, cur_start, cur_end)``. Outside the regions the texts
are equal and offsets shift by a constant between two regions. ``compose`` folds in the
edits of one more pass in a single sorted merge, so a fix loop over *n* edits costs O(n)
map work per pass (and each query O(log n)) instead of a scan per finding.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

Region = tuple[int, int, int, int]  # orig_start, orig_end, cur_start, cur_end
# One pass's edit in the offsets of the text it was made on: (start, end, new length).
Edit = tuple[int, int, int]


class OffsetMap:
    """Original <-> current offsets. An empty map means the two texts are the same."""

    __slots__ = ("_cur_starts", "_orig_starts", "_regions")

    def __init__(self, regions: Sequence[Region] = ()) -> None:
        self._regions: list[Region] = list(regions)
        self._cur_starts = [r[2] for r in self._regions]
        self._orig_starts = [r[0] for r in self._regions]

    def __bool__(self) -> bool:
        return bool(self._regions)

    def __len__(self) -> int:
        return len(self._regions)

    def __repr__(self) -> str:
        return f"OffsetMap({self._regions!r})"

    @property
    def regions(self) -> list[Region]:
        return list(self._regions)

    def compose(self, edits: Iterable[Edit]) -> OffsetMap:
        """The map from the original text to the text after ``edits`` (sorted, not
        overlapping, in current offsets). An edit and the regions it overlaps (or that
        an insertion lies strictly inside) become one region."""
        out: list[Region] = []
        items = _merge_sorted(
            [(c0, c1, None) for _o0, _o1, c0, c1 in self._regions],
            [(a, b, length) for a, b, length in edits],
        )
        regions = iter(self._regions)
        shift_r = 0  # cur - orig after the last old region passed
        delta_e = 0  # new cur - old cur after the last edit passed
        k = 0
        while k < len(items):
            lo, hi, length = items[k]
            cluster_delta = 0 if length is None else length - (hi - lo)
            last_shift = shift_r
            if length is None:
                _o0, o1, _c0, c1 = next(regions)
                last_shift = c1 - o1
            k += 1
            while k < len(items) and _chains(lo, hi, items[k][0], items[k][1]):
                a, b, length = items[k]
                if length is None:
                    _o0, o1, _c0, c1 = next(regions)
                    last_shift = c1 - o1
                else:
                    cluster_delta += length - (b - a)
                hi = max(hi, b)
                k += 1
            new_lo = lo + delta_e
            new_hi = hi + delta_e + cluster_delta
            _append(out, (lo - shift_r, hi - last_shift, new_lo, new_hi))
            shift_r = last_shift
            delta_e += cluster_delta
        return OffsetMap(out)

    # -- queries ---------------------------------------------------------------------
    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span that current ``[start, end)`` came from; a span that touches
        an edited region is widened to cover the region's original."""
        regions = self._regions
        i = bisect_right(self._cur_starts, start) - 1
        if i < 0:
            new_start = start
        else:
            o0, o1, _c0, c1 = regions[i]
            new_start = o0 if start < c1 else start - c1 + o1
        if end == start:
            if i >= 0 and regions[i][2] == regions[i][3] == start:
                return regions[i][0], regions[i][1]  # the point where text was deleted
            return new_start, new_start
        j = bisect_left(self._cur_starts, end) - 1
        if j < 0:
            new_end = end
        else:
            o0, o1, _c0, c1 = regions[j]
            new_end = o1 if end <= c1 else end - c1 + o1
        return new_start, max(new_end, new_start)

    def to_current(self, start: int, end: int) -> tuple[int, int] | None:
        """Where original ``[start, end)`` is now, or None when an edit touched it."""
        regions = self._regions
        i = bisect_right(self._orig_starts, start) - 1
        shift = 0
        if i >= 0:
            o0, o1, _c0, c1 = regions[i]
            if start < o1 or start == o0:
                return None
            shift = c1 - o1
        j = i + 1
        if j < len(regions) and regions[j][0] < max(end, start + 1):
            return None
        return start + shift, end + shift

    def touched(self) -> list[tuple[int, int]]:
        """The edited regions, in current offsets."""
        return [(r[2], r[3]) for r in self._regions]


def _append(out: list[Region], region: Region) -> None:
    """Add ``region``; one that meets the last region at a point where either is empty
    joins it, so that no two regions start at the same offset on either side."""
    if out:
        p0, p1, q0, q1 = out[-1]
        o0, o1, c0, c1 = region
        if p1 == o0 and q1 == c0 and (p0 == p1 or q0 == q1 or o0 == o1 or c0 == c1):
            out[-1] = (p0, o1, q0, c1)
            return
    out.append(region)


def _chains(lo: int, hi: int, a: int, b: int) -> bool:
    """Does interval [a, b) (starting at or after ``lo``) join the cluster [lo, hi)?

    Intervals join when they share characters, when an empty one lies strictly inside
    the other, or when both are empty at one point. Adjacent intervals stay apart.
    """
    if a == b:
        return lo < a < hi or lo == hi == a
    if lo == hi:
        return a < lo < b
    return a < hi


def _merge_sorted(
    left: list[tuple[int, int, int | None]], right: list[tuple[int, int, int | None]]
) -> list[tuple[int, int, int | None]]:
    """Both lists sorted by (start, end); old regions first on ties."""
    out: list[tuple[int, int, int | None]] = []
    i = j = 0
    while i < len(left) and j < len(right):
        if (left[i][0], left[i][1]) <= (right[j][0], right[j][1]):
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out
