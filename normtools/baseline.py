"""``normtools check --add-ignore``: a baseline written into the files, as ruff's
``--add-noqa``. Every line with a finding today gets a suppression marker naming its
codes, so that from now on only new problems are reported.

A Markdown line gets ``<!-- normtools: ignore[CODES] -->`` (invisible when rendered),
put before any trailing blanks so that a hard line break stays one; a text file gets
``  # normtools: ignore[CODES]`` at the end of the line. A line that already has a marker
with codes gets the new codes added to it. The marker's own characters can bring a finding
of their own (a blank after a full-width mark): the file is judged again and those codes
are added too, until nothing is left. The file keeps its encoding, BOM and line ends.
What a marker cannot hold (a finding on an empty line, inside Markdown code) is counted
and left for the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from normtools import textio
from normtools.api import Normalizer

# How many times a file is judged again after markers were added to it.
ROUNDS = 3
_MARKER = re.compile(r"normtools:\s*ignore(?:\[([A-Za-z0-9_, \t]*)\])?")
_TRAILING_BLANKS = re.compile(r"[ \t\u3000]*$")


@dataclass
class Baseline:
    """What ``add_markers`` did to one file."""

    markers: int = 0  # lines that got a marker or new codes in one
    left: int = 0  # findings no marker could hold
    problem: str | None = None  # one line: why the file was left as it was


def add_markers(normalizer: Normalizer, path: Path, name: str, eol: str | None = None) -> Baseline:
    """Suppress every finding of ``path`` with markers written into it."""
    filetype = normalizer.config.filetype_for(path)
    if filetype not in ("txt", "md"):
        return Baseline(problem=f"markers are written into text and Markdown files, not {filetype}")
    try:
        data, state = textio.read_file(path)
        doc = textio.decode(data, filetype)
    except textio.UnreadableFile as exc:
        return Baseline(problem=f"skipped: {exc.detail}; the file was left unchanged")
    if doc.mixed_newlines:
        return Baseline(
            problem="mixed line ends: rewriting it would change every line; left unchanged"
        )
    if normalizer.config.settings.line_ending == "auto":
        if eol is None:
            from normtools.discovery import line_endings

            eol = line_endings([path])[path]
        doc.eol = eol
    result = Baseline()
    marked: set[int] = set()
    for _ in range(ROUNDS):
        found = normalizer.check_document(doc, name)
        if not found:
            break
        codes: dict[int, set[str]] = {}
        for d in found:
            codes.setdefault(d.line, set()).add(d.code)
        text, done = _with_markers(doc.text, doc.filetype, codes)
        marked |= done
        if text == doc.text:
            break
        doc = doc.copy(text=text)
    result.left = len(normalizer.check_document(doc, name))
    result.markers = len(marked)
    if not marked:
        return result
    try:
        new = textio.encode(doc)
        textio.write_atomic(path, new, expected=state)
    except UnicodeEncodeError as exc:
        result.problem = f"not written: the markers cannot be encoded: {exc.reason}"
    except textio.FileNotWritten as exc:
        result.problem = f"not written: {exc.detail}; the file was left unchanged"
    if result.problem:
        result.markers = 0
    return result


def _with_markers(text: str, filetype: str, codes: dict[int, set[str]]) -> tuple[str, set[int]]:
    """``text`` with a marker for ``codes`` on each of those lines (1-based), and the
    lines that got one. Empty lines and lines whose marker would be code are left."""
    lines = text.split("\n")
    in_code = _lines_in_code(text) if filetype == "md" else set()
    done: set[int] = set()
    for number, wanted in sorted(codes.items()):
        i = number - 1
        if i >= len(lines) or not lines[i].strip() or number in in_code:
            continue
        line = lines[i]
        existing = _MARKER.search(line)
        if existing is not None:
            if existing.group(1) is None:
                continue  # already silences every rule here: a finding it cannot reach
            have = {c.upper() for c in re.split(r"[\s,]+", existing.group(1)) if c}
            if wanted <= have:
                continue
            listed = ", ".join(sorted(have | wanted))
            lines[i] = line[: existing.start(1)] + listed + line[existing.end(1) :]
        elif filetype == "md":
            cut = _TRAILING_BLANKS.search(line).start()  # type: ignore[union-attr]
            marker = f"<!-- normtools: ignore[{', '.join(sorted(wanted))}] -->"
            lines[i] = line[:cut] + marker + line[cut:]
        else:
            lines[i] = f"{line}  # normtools: ignore[{', '.join(sorted(wanted))}]"
        done.add(number)
    return "\n".join(lines), done


def _lines_in_code(text: str) -> set[int]:
    """Lines where a marker would be read as code (and so not as a marker): those whose
    end lies inside a Markdown code span or block."""
    from normtools.markup import code_spans
    from normtools.text import Spans

    spans = Spans(code_spans(text, "md"))
    out: set[int] = set()
    pos = 0
    for number, line in enumerate(text.split("\n"), start=1):
        end = pos + len(line)
        if spans.contains(max(end - 1, pos)) or spans.contains(end):
            out.add(number)
        pos = end + 1
    return out
