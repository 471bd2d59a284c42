"""Changed-lines mode: judge only the lines a change touched.

``normtools check --diff-base REF`` (and ``fix``) look only at the lines changed since the
merge base of REF and HEAD, what a pull request changed, as ``git diff -U0`` shows them
(the work tree against that commit; renames followed, so a moved legacy file is not
new); a file new since then, tracked or not, counts whole. The hooks do the same with the
staged content against HEAD when the configuration sets ``changed-lines-only``.

A restricted run drops every finding, and every fix, whose lines lie all outside the
changed ones. It is a suppression predicate the engine applies in every pass of check
and of fix alike (``LineScope``), so ``fix`` run twice changes nothing more, and every
change ``fix`` makes is a finding of ``check`` for the same REF. What changes a whole
file (its line ends, its encoding) is left as it is unless the file is new.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from normtools.errors import UsageError
from normtools.text import line_mapping, line_starts

if TYPE_CHECKING:
    from normtools.model import Document, Rule, Suppressor

# What `git diff` must print whatever the user's git configuration says: no colour, no
# external diff or text conversion, standard prefixes, renames followed, file names unquoted
# where git allows it.
DIFF_ARGS = (
    "-c",
    "core.quotePath=false",
    "diff",
    "-U0",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--ignore-submodules",
    "--find-renames",
    "--src-prefix=a/",
    "--dst-prefix=b/",
)
_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class Lines:
    """The lines of one file a run may judge: 1-based inclusive ranges, in order;
    ``whole``: every line (a file new since the base)."""

    ranges: tuple[tuple[int, int], ...] = ()
    whole: bool = False

    def __bool__(self) -> bool:
        return self.whole or bool(self.ranges)

    def touches(self, first: int, last: int) -> bool:
        """Does any line from ``first`` to ``last`` lie in these lines?"""
        if self.whole:
            return True
        i = bisect_right(self.ranges, (last, float("inf"))) - 1
        return i >= 0 and self.ranges[i][1] >= first

    def describe(self) -> str:
        if self.whole:
            return "every line"
        return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in self.ranges) or "none"


WHOLE = Lines(whole=True)
NONE = Lines()


# -- reading git's diff --------------------------------------------------------------------


def parse_diff(raw: bytes) -> dict[str, Lines]:
    """The new side of ``git diff -U0`` output (``DIFF_ARGS``): for each file with a
    content change, its path (relative to the top of the work tree) and changed lines.
    Added files and binary changes count whole; deletions, pure renames and mode changes
    are not listed."""
    files: dict[str, Lines] = {}
    path: str | None = None
    whole = False
    ranges: list[tuple[int, int]] = []
    in_header = False

    def finish() -> None:
        if path is not None and (whole or ranges):
            files[path] = WHOLE if whole else Lines(tuple(ranges))

    for line in raw.split(b"\n"):
        if line.startswith(b"diff --git "):
            finish()
            path, whole, ranges, in_header = _header_path(line[11:]), False, [], True
        elif line.startswith(b"@@"):
            in_header = False
            hunk = _HUNK.match(line)
            if hunk is None:
                continue
            start = int(hunk[1])
            count = 1 if hunk[2] is None else int(hunk[2])
            if count:
                ranges.append((start, start + count - 1))
        elif not in_header:
            continue
        elif line.startswith(b"new file mode"):
            whole = True
        elif line.startswith(b"deleted file mode") or line == b"+++ /dev/null":
            path = None
        elif line.startswith(b"rename to "):
            path = _unquote(line[10:])
        elif line.startswith(b"+++ b/") or line.startswith(b'+++ "b/'):
            path = _unquote(line[4:].rstrip(b"\t"))[2:]
        elif line.startswith(b"Binary files "):
            whole = True
    finish()
    return files


def _header_path(rest: bytes) -> str | None:
    """The new path from ``a/<path> b/<path>`` (the header names a file twice when it
    is not renamed; a renamed file's ``rename to`` line follows)."""
    if rest.startswith(b'"'):
        end = _quoted_end(rest)
        second = rest[end + 1 :]
        return _unquote(second)[2:] if second.startswith(b'"b/') else None
    half = (len(rest) - 1) // 2
    old, new = rest[:half], rest[half + 1 :]
    if old.startswith(b"a/") and new.startswith(b"b/") and old[2:] == new[2:]:
        return os.fsdecode(new[2:])
    if new.startswith(b'"b/'):
        return _unquote(new)[2:]
    return None


def _quoted_end(raw: bytes) -> int:
    """Index of the quote closing the C-style string that ``raw`` starts with."""
    i = 1
    while i < len(raw):
        if raw[i : i + 1] == b"\\":
            i += 2
            continue
        if raw[i : i + 1] == b'"':
            return i
        i += 1
    return len(raw)


_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13}


def _unquote(raw: bytes) -> str:
    """A path as git prints it: plain, or C-quoted (``"b/\\346\\226\\207.md"``)."""
    if not raw.startswith(b'"'):
        return os.fsdecode(raw)
    out = bytearray()
    i, end = 1, _quoted_end(raw)
    while i < end:
        c = raw[i : i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        if nxt.isdigit():
            out.append(int(raw[i + 1 : i + 4], 8))
            i += 4
        else:
            out.append(_ESCAPES.get(nxt, nxt[0] if nxt else 92))
            i += 2
    return os.fsdecode(bytes(out))


# -- asking git ----------------------------------------------------------------------------


def changed_since(
    ref: str, paths: Sequence[Path], *, merge_base: bool = True, lenient: bool = False
) -> dict[Path, Lines]:
    """For each of ``paths``, the lines changed in the work tree since ``ref`` (since the
    merge base of ``ref`` and HEAD with ``merge_base``). A path absent from the result did
    not change. Raises UsageError when a path is not in a git work tree or ``ref`` is not
    a commit there; ``lenient`` (the hooks) takes such files whole instead (HEAD before
    the first commit: every file is new)."""
    from normtools.discovery import worktree_top

    out: dict[Path, Lines] = {}
    groups: dict[Path, list[tuple[Path, str]]] = {}
    tops: dict[str, Path | None] = {}
    for path in paths:
        parent = os.path.realpath(os.path.dirname(os.path.abspath(path)))
        if parent not in tops:
            tops[parent] = worktree_top(parent)
        top = tops[parent]
        if top is None:
            if lenient:
                out[path] = WHOLE
                continue
            raise UsageError(f"{path}: not in a git work tree: no lines changed since {ref}")
        rel = os.path.relpath(os.path.join(parent, path.name), top).replace(os.sep, "/")
        groups.setdefault(top, []).append((path, rel))
    for top, members in groups.items():
        base = _base(top, ref, merge_base=merge_base, unborn_ok=lenient)
        if base is None:
            out.update((path, WHOLE) for path, _ in members)
            continue
        diff = _git(top, *DIFF_ARGS, base, "--")
        tracked = _git(top, "ls-files", "-z", "--cached")
        if diff is None or tracked is None:
            raise UsageError(f"git diff {ref} failed in {top}")
        changed = parse_diff(diff)
        known = {os.fsdecode(p) for p in tracked.split(b"\0") if p}
        for path, rel in members:
            if rel in changed:
                out[path] = changed[rel]
            elif rel not in known:  # untracked: new since the base
                out[path] = WHOLE
    return out


def _base(top: Path, ref: str, *, merge_base: bool, unborn_ok: bool) -> str | None:
    if ref.startswith("-"):
        raise UsageError(f"--diff-base {ref}: a revision cannot start with '-'")
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if commit is None:
        if unborn_ok:
            return None
        raise UsageError(
            f"--diff-base {ref}: no such commit in {top} (in CI, fetch it first: "
            "actions/checkout with fetch-depth: 0)"
        )
    commit = commit.strip()
    if not merge_base:
        return commit.decode()
    found = _git(top, "merge-base", commit.decode(), "HEAD")
    if found is None:
        raise UsageError(
            f"--diff-base {ref}: no common history with HEAD in {top} (a shallow clone? "
            "fetch the whole history: actions/checkout with fetch-depth: 0)"
        )
    return found.strip().decode()


def _git(top: Path, *args: str) -> bytes | None:
    from normtools.discovery import _output, _start

    return _output(_start(args, top))


# -- applying it to a text -----------------------------------------------------------------


def as_engine_lines(lines: Lines, doc: Document) -> Lines:
    """``lines`` as git numbers them (a line ends at LF) numbered as the engine does, where
    a CR alone ends a line too: one git line of a file with lone CRs is several lines
    here, and all of them changed."""
    if lines.whole:
        return lines
    if doc.line_ends is not None:
        ends = doc.line_ends.ends
        if "\r" not in ends:
            return lines
    elif doc.newline == "\r":
        ends = ("\r",) * doc.text.count("\n")
    else:
        return lines
    starts = [1]  # the engine's number of the first line of each git line
    number = 1
    for end in ends:
        number += 1
        if end != "\r":
            starts.append(number)
    ranges = []
    for first, last in lines.ranges:
        if first > len(starts):
            break
        ranges.append((starts[first - 1], starts[last] - 1 if last < len(starts) else number))
    return Lines(tuple(ranges))


class LineScope:
    """``lines`` of one text (``original``) as a suppression predicate for any later
    state of it: fix passes rarely add or remove a line, and when one does, the lines of
    the new text are matched back to the original's (a line a fix created is in scope:
    fixes only happen there)."""

    def __init__(self, lines: Lines, original: str) -> None:
        self.lines = lines
        self._original = original
        self._count = original.count("\n")

    def suppressor(self, doc: Document) -> Suppressor:
        text = doc.text
        starts = line_starts(text)
        mapping = None if text.count("\n") == self._count else line_mapping(self._original, text)
        lines = self.lines

        def outside(rule: Rule, start: int, end: int) -> bool:
            first = bisect_right(starts, start)
            last = bisect_right(starts, max(end - 1, start))
            if mapping is None:
                return not lines.touches(first, last)
            for number in range(first, last + 1):
                original = mapping[number - 1] if number <= len(mapping) else None
                if original is None or lines.touches(original, original):
                    return False
            return True

        return outside
