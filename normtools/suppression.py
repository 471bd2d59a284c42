"""Suppression: in-text markers and the ``allow`` list decide which findings to drop.

Users of ruff, codespell and autocorrect expect to silence a finding where it occurs
rather than switch a rule off everywhere:

* ``normtools: ignore`` or ``normtools: ignore[ZH101, ZH5]`` anywhere on a line;
* ``<!-- normtools-disable ZH101 ZH2 -->`` ... ``<!-- normtools-enable -->`` blocks;
* ``<!-- normtools-disable-file -->`` (optionally with codes) anywhere in the file;
* ``allow = [...]`` in the configuration: words and quotations that are never touched.

Codes are codes or prefixes (``ZH5`` covers ZH501...). No codes means every rule.
In Markdown a marker inside code (fenced, indented or inline) is an example, not a
marker, so documentation can show the syntax without obeying it. A suppressor is built
for one state of the text: ``fix`` rebuilds it after every pass because offsets move.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from normtools.markup import code_spans
from normtools.model import Document, Rule, Suppressor
from normtools.text import Spans, line_starts, occurrences

_CODES = r"[A-Za-z0-9_, \t]*"
_LINE_MARKER = re.compile(r"normtools:\s*ignore(?:\[(" + _CODES + r")\])?")
_BLOCK_MARKER = re.compile(r"<!--\s*normtools-(disable-file|disable|enable)\b(" + _CODES + r")-->")

# A selector list; the empty string matches every code.
Selectors = tuple[str, ...]
ALL: Selectors = ("",)


def _codes(raw: str | None) -> Selectors:
    """``"ZH101, ZH5"`` -> ``("ZH101", "ZH5")``; nothing -> every rule."""
    codes = tuple(c.upper() for c in re.split(r"[\s,]+", raw or "") if c)
    return codes or ALL


def _matches(code: str, selectors: Selectors) -> bool:
    return any(code.startswith(s) for s in selectors)


@dataclass(frozen=True)
class _Region:
    start: int
    end: int
    selectors: Selectors


class Suppressions:
    """Every suppression that applies to one text; call ``suppresses`` per finding."""

    def __init__(self, text: str, filetype: str = "txt", allow: Sequence[str] = ()) -> None:
        code = _code_regions(text, filetype)
        self._starts = line_starts(text)
        self._lines: dict[int, Selectors] = {}
        for m in _LINE_MARKER.finditer(text):
            if code.contains(m.start()):
                continue
            line = bisect_right(self._starts, m.start()) - 1
            self._lines[line] = self._lines.get(line, ()) + _codes(m.group(1))
        self._file: Selectors = ()
        self._regions: list[_Region] = []
        active: list[tuple[int, Selectors]] = []  # (where the disable starts, codes)
        for m in _BLOCK_MARKER.finditer(text):
            if code.contains(m.start()):
                continue
            kind, codes = m.group(1), _codes(m.group(2))
            if kind == "disable-file":
                self._file += codes
            elif kind == "disable":
                active.append((m.start(), codes))
            else:  # enable: all blocks, or only those naming one of these codes
                keep = []
                for start, sel in active:
                    if codes == ALL or set(sel) & set(codes):
                        self._regions.append(_Region(start, m.end(), sel))
                    else:
                        keep.append((start, sel))
                active = keep
        self._regions.extend(_Region(start, len(text), sel) for start, sel in active)
        self._allowed = Spans(occurrences(text, allow))

    def suppresses(self, rule: Rule, start: int, end: int) -> bool:
        code = rule.code
        if self._file and _matches(code, self._file):
            return True
        if self._lines:
            line = bisect_right(self._starts, start) - 1
            sel = self._lines.get(line)
            if sel and _matches(code, sel):
                return True
        for region in self._regions:
            if region.start <= start < region.end and _matches(code, region.selectors):
                return True
        return bool(self._allowed) and self._allowed.overlaps(start, end)

    def __bool__(self) -> bool:
        return bool(self._file or self._lines or self._regions or self._allowed)


_CODE = re.compile(r"[A-Za-z0-9_]+")


def marker_codes(text: str, filetype: str = "txt") -> Iterator[tuple[int, str]]:
    """Every code a suppression marker in ``text`` names, with its offset, upper-cased as
    the markers read them (the caller checks them against the rules in use: a marker
    naming no rule suppresses nothing, which its writer should hear about)."""
    if "normtools" not in text:
        return
    code = _code_regions(text, filetype)
    for marker in (_LINE_MARKER, _BLOCK_MARKER):
        group = 1 if marker is _LINE_MARKER else 2
        for m in marker.finditer(text):
            if m.group(group) is None or code.contains(m.start()):
                continue
            for c in _CODE.finditer(text, m.start(group), m.end(group)):
                yield c.start(), c.group().upper()


def _code_regions(text: str, filetype: str) -> Spans:
    """Code in Markdown or reStructuredText, where a marker is an example, not a marker."""
    return Spans(code_spans(text, filetype)) if filetype != "txt" else Spans(())


def suppressor_for(doc: Document, allow: Sequence[str] = ()) -> Suppressor | None:
    """The engine hook for ``doc``, or None when nothing in it is suppressed.

    The quick substring test keeps files without markers (almost all) cheap.
    """
    if not allow and "normtools" not in doc.text:
        return None
    found = Suppressions(doc.text, doc.filetype, allow)
    return found.suppresses if found else None
