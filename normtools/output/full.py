"""Each finding with its source line, a caret under it and the fix: for people at a
terminal (the default there), as ruff and typos show theirs.

    examples/notice.txt:3:6: ZH103 [*] half-width “:” in Chinese text: use “：”
      |
    3 | 各有关单位:
      |      ^ fix: “:” → “：”

The first line is the concise form, so editors and terminals still link it. Carets
count East Asian width (a Han character takes two cells); a long line is cut around
the finding; invisible characters are shown as ``‹U+200B›``.
"""

from __future__ import annotations

from normtools.diagnostics import Diagnostic
from normtools.output import Report
from normtools.output.concise import headline
from normtools.output.display import clip, visible
from normtools.output.style import BLUE, BOLD, GREEN, Style
from normtools.text import line_starts

MIN_ROOM = 20


def render(report: Report) -> str:
    style = Style(report.color)
    starts: dict[str, list[int]] = {}
    out: list[str] = []
    for d in report.diagnostics:
        out.append(headline(style, d, visible(report.message(d))) + "\n")
        source = report.sources.get(d.path)
        if source is not None:
            if d.path not in starts:
                starts[d.path] = line_starts(source)
            out.extend(_snippet(report, style, d, source, starts[d.path]))
        out.append("\n")
    return "".join(out)


def _snippet(
    report: Report, style: Style, d: Diagnostic, source: str, starts: list[int]
) -> list[str]:
    if not 1 <= d.line <= len(starts):
        return []
    begin = starts[d.line - 1]
    stop = starts[d.line] - 1 if d.line < len(starts) else len(source)
    line = source[begin:stop]
    number = str(d.line)
    gutter = " " * len(number)
    room = max(report.width - len(number) - 3, MIN_ROOM)
    start = d.column - 1
    end = start + (d.end - d.start) if d.end_line == d.line else len(line)
    shown, offset, span = clip(line, start, end, room)
    bar = style("|", BLUE, BOLD)
    carets = style.severity("^" * max(span, 1), d.severity, BOLD)
    label = _label(report, d, source)
    if d.end_line > d.line:
        label = f"{label} ({report.say('continues', line=d.end_line)})".lstrip()
    return [
        f"{gutter} {bar}\n",
        f"{style(number, BLUE, BOLD)} {bar} {shown}\n",
        f"{gutter} {bar} {' ' * offset}{carets}{' ' + style(label, GREEN) if label else ''}\n",
    ]


def _label(report: Report, d: Diagnostic, source: str) -> str:
    """What the fix does: ``fix: “,” → “，”``, ``fix: delete “‹U+3000›”``."""
    if d.replacement is None:
        return report.say("fix-file") if d.meta else ""
    old = visible(source[d.start : d.end], blanks=True)
    new = visible(d.replacement, blanks=True)
    if not new:
        return report.say("fix-delete", old=old)
    if not old:
        return report.say("fix-insert", new=new)
    return report.say("fix-replace", old=old, new=new)
