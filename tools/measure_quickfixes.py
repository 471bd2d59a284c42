#!/usr/bin/env python3
"""Are the language server's quick fixes right? Each one is applied alone, and then
``fix`` must give what ``fix`` gives without it (so the quick fix is one of fix's own
changes, not a different one). Judged on the line around the finding (a paragraph of a
.txt file is a line); a Markdown file is judged whole.

Usage:  python tools/measure_quickfixes.py [PATH ...]
        (default: examples/, tests/golden/ and the reference corpus tests/data/reference/)
Always exits 0; prints the wrong ones and one summary line.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from normtools import Normalizer, textio
from normtools.server import _clashes

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "examples", ROOT / "tests/golden", ROOT / "tests/data/reference"]


def files(paths: list[Path]) -> list[Path]:
    found = [p for a in paths for p in (sorted(a.rglob("*")) if a.is_dir() else [a])]
    return [p for p in found if p.suffix in (".md", ".txt")]


def main(argv: list[str]) -> int:
    n = Normalizer()
    offered = wrong = withheld = withheld_wrong = 0
    codes: Counter[str] = Counter()
    targets = files([Path(a) for a in argv] or DEFAULT)
    for path in targets:
        try:
            doc, _ = textio.read_document(path)
        except textio.UnreadableFile:
            continue
        text = doc.text
        findings = n.check_document(doc)
        clashes = _clashes(findings)
        for i, d in enumerate(findings):
            if d.replacement is None:
                continue
            start, end = 0, len(text)
            if doc.filetype != "md":
                start = text.rfind("\n", 0, d.start) + 1
                end = text.find("\n", d.end)
                end = len(text) if end < 0 else end + 1
            window = text[start:end]
            quick = window[: d.start - start] + d.replacement + window[d.end - start :]
            # windows are lines of a file: judged as files, as the server fixes them
            bad = n.fix_text(quick, doc.filetype, fragment=False) != n.fix_text(
                window, doc.filetype, fragment=False
            )
            if i in clashes:  # the server offers only "fix all" here
                withheld += 1
                withheld_wrong += bad
                continue
            offered += 1
            if bad:
                wrong += 1
                codes[d.code] += 1
                context = text[max(0, d.start - 8) : d.end + 8]
                print(f"wrong: {path.name} {d.code} {context!r} -> {d.replacement!r}")
    print(
        f"{len(targets)} files: {offered} quick fixes offered, {wrong} wrong {dict(codes)}; "
        f"{withheld} withheld (overlapping), {withheld_wrong} of them wrong alone"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
