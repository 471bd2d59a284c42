"""The offset map: composed over several fix passes it must describe exactly how the
current text came from the original (checked against brute force)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from normtools.offsets import OffsetMap


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, new in edits:
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)


@st.composite
def _pass(draw: st.DrawFn, length: int) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping edits (no two insertions at one point)."""
    points = sorted(draw(st.lists(st.integers(0, length), max_size=8)))
    edits: list[tuple[int, int, str]] = []
    last_end, last_insert = -1, -1
    for k in range(0, len(points) - 1, 2):
        start, end = points[k], points[k + 1]
        if start < last_end or (start == end and start == last_insert):
            continue
        new = draw(st.text(alphabet="，。“”ab", max_size=3))
        if start == end:
            if not new:
                continue
            last_insert = start
        edits.append((start, end, new))
        last_end = max(last_end, end)
    return edits


def _check(original: str, current: str, m: OffsetMap) -> None:
    """Outside the regions the texts are equal, gap by gap; regions are in order."""
    prev_o, prev_c = 0, 0
    for o0, o1, c0, c1 in [*m.regions, (len(original), len(original), len(current), len(current))]:
        assert o0 >= prev_o and c0 >= prev_c
        assert original[prev_o:o0] == current[prev_c:c0]
        prev_o, prev_c = o1, c1
    for o0, o1, c0, c1 in m.regions:
        assert m.to_original(c0, c1) == (o0, o1)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_composed_map_describes_the_text(data: st.DataObject) -> None:
    original = data.draw(st.text(alphabet="发展，做到abc", min_size=0, max_size=30))
    current, m = original, OffsetMap()
    for _ in range(data.draw(st.integers(1, 4))):
        edits = data.draw(_pass(len(current)))
        m = m.compose((s, e, len(new)) for s, e, new in edits)
        current = _apply(current, edits)
        _check(original, current, m)
        # untouched characters map both ways
        for pos in range(len(original)):
            moved = m.to_current(pos, pos + 1)
            if moved is not None:
                assert current[moved[0]] == original[pos]
                assert m.to_original(*moved) == (pos, pos + 1)


def test_cascading_edit_widens_to_the_first_region() -> None:
    # ",:" -> "，:" -> "，：" : the second edit is next to the first, not inside it
    m = OffsetMap().compose([(2, 3, 1)]).compose([(3, 4, 1)])
    assert m.regions == [(2, 3, 2, 3), (3, 4, 3, 4)]
    # an edit over an edited stretch merges with it
    m2 = OffsetMap().compose([(2, 5, 1)]).compose([(1, 4, 0)])
    assert m2.regions == [(1, 6, 1, 1)]
    assert m2.to_original(1, 1) == (1, 6)  # the point where text was deleted


def test_to_current_refuses_touched_spans() -> None:
    m = OffsetMap().compose([(4, 6, 1)])  # "发展,,做到" -> one mark
    assert m.to_current(0, 2) == (0, 2)
    assert m.to_current(5, 6) is None
    assert m.to_current(6, 8) == (5, 7)
