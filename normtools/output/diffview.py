"""A unified diff as a terminal shows it: coloured, with what changed inside a line
highlighted and invisible characters made visible.

Only for a terminal: piped, ``fix --diff`` prints the plain diff byte for byte, which
``git apply`` accepts. On removed and added lines, full-width (U+3000) and no-break
spaces, zero-width characters, tabs and carriage returns are shown as ``‹U+3000›``,
``‹TAB›``, ``‹CR›``, and spaces at the end of a line as ``⎵``; on every line, control
and format characters are shown as markers so the file cannot drive the terminal.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from normtools.output.display import BLANKS, hidden, marker
from normtools.output.style import BOLD, CYAN, DIM, GREEN, RED, REVERSE, Style


def render(diff: str, *, color: bool) -> str:
    """``diff`` (as ``fix --diff`` writes it) for a terminal."""
    style = Style(color)
    lines = diff.split("\n")
    ending = lines.pop() if lines else ""  # "" after the final "\n"
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(("--- ", "+++ ")):
            out.append(style(_safe(line), BOLD))
        elif line.startswith("@@"):
            out.append(style(_safe(line), CYAN))
        elif line.startswith("\\"):
            out.append(style(line, DIM))
        elif line.startswith(("-", "+")):
            removed, added = [], []
            while i < len(lines) and lines[i].startswith("-") and not lines[i].startswith("--- "):
                removed.append(lines[i][1:])
                i += 1
            while i < len(lines) and lines[i].startswith("+") and not lines[i].startswith("+++ "):
                added.append(lines[i][1:])
                i += 1
            out.extend(_changed(style, removed, added))
            continue
        else:
            out.append(_safe(line))
        i += 1
    return "\n".join(out) + ("\n" if diff.endswith("\n") else ending)


def _changed(style: Style, removed: list[str], added: list[str]) -> list[str]:
    """A run of removed lines and the added lines after it; lines paired in order get
    the characters that differ highlighted."""
    out_removed = [_line(style, "-", old, None, RED) for old in removed]
    out_added = [_line(style, "+", new, None, GREEN) for new in added]
    for k in range(min(len(removed), len(added))):
        old, new = removed[k], added[k]
        ops = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        old_marks = {i for tag, i1, i2, _, _ in ops if tag != "equal" for i in range(i1, i2)}
        new_marks = {j for tag, _, _, j1, j2 in ops if tag != "equal" for j in range(j1, j2)}
        out_removed[k] = _line(style, "-", old, old_marks, RED)
        out_added[k] = _line(style, "+", new, new_marks, GREEN)
    return out_removed + out_added


def _line(style: Style, sign: str, text: str, changed: set[int] | None, color: str) -> str:
    trailing = len(text) - len(text.rstrip(" "))
    runs: list[tuple[tuple[str, ...], list[str]]] = [((color,), [sign])]
    for i, ch in enumerate(text):
        if hidden(ch) or ch in BLANKS:
            shown = marker(ch)
        elif ch == " " and i >= len(text) - trailing:
            shown = "⎵"
        else:
            shown = ch
        if changed is not None and i in changed:
            codes: tuple[str, ...] = (color, REVERSE, BOLD)
        elif shown != ch:
            codes = (color, DIM)
        else:
            codes = (color,)
        if runs[-1][0] == codes:
            runs[-1][1].append(shown)
        else:
            runs.append((codes, [shown]))
    return "".join(style("".join(parts), *codes) for codes, parts in runs)


def _safe(line: str) -> str:
    return "".join(marker(ch) if hidden(ch) else ch for ch in line)
