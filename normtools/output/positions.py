"""Findings of a fixed text placed back on the text that is still on disk.

``fix --diff`` writes nothing, so the findings it leaves must point into the file as it
is, not into the fixed text only the diff shows. The two texts are compared as the diff
compares them (lines first, then the characters of changed lines; a stretch replaced by
one as long, character for character) and the findings move through the resulting
offset map; one inside a changed stretch covers that stretch of the original, as
``check`` reports a finding that a fix brought about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from normtools.diagnostics import Diagnostic
from normtools.offsets import OffsetMap, Region
from normtools.text import LineIndex


def on_original(diagnostics: Sequence[Diagnostic], fixed: str, original: str) -> list[Diagnostic]:
    """``diagnostics`` (offsets, lines and columns in ``fixed``) moved into ``original``."""
    if fixed == original or not diagnostics:
        return list(diagnostics)
    omap = diff_map(original, fixed)
    index = LineIndex(original)
    out = []
    for d in diagnostics:
        start, end = omap.to_original(d.start, d.end)
        line, column = index.position(start)
        end_line, end_column = index.position(end)
        out.append(
            replace(
                d,
                start=start,
                end=end,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
            )
        )
    return out


def diff_map(old: str, new: str) -> OffsetMap:
    """The offset map from ``old`` to ``new`` that a line diff, refined to characters
    inside changed lines, describes."""
    a, b = _lines(old), _lines(new)
    a_at, b_at = _offsets(a), _offsets(b)
    regions: list[Region] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i2 - i1 == j2 - j1:  # the same number of lines: pair them (the common case)
            pairs = [
                (a_at[i], a_at[i + 1], b_at[j], b_at[j + 1])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
        else:
            pairs = [(a_at[i1], a_at[i2], b_at[j1], b_at[j2])]
        for o0, o1, c0, c1 in pairs:
            ops = SequenceMatcher(None, old[o0:o1], new[c0:c1], autojunk=False).get_opcodes()
            for op, x1, x2, y1, y2 in ops:
                if op == "equal":
                    continue
                if x2 - x1 == y2 - y1:  # one character for one (`:ＸＸ,` -> `：XX，`)
                    regions.extend(
                        (o0 + x, o0 + x + 1, c0 + y, c0 + y + 1)
                        for x, y in zip(range(x1, x2), range(y1, y2), strict=True)
                    )
                else:
                    regions.append((o0 + x1, o0 + x2, c0 + y1, c0 + y2))
    return OffsetMap(regions)


def _lines(text: str) -> list[str]:
    """``text`` cut after each "\\n", ends kept (as the diff cuts it)."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


def _offsets(lines: list[str]) -> list[int]:
    out = [0]
    for line in lines:
        out.append(out[-1] + len(line))
    return out
