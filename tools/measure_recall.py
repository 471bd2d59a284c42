#!/usr/bin/env python3
"""Recall and precision of the typo dictionaries on the planted held-out lists.

For each line ``wrong<TAB>right<TAB>sentence`` of a planted list:
- recall: ``normtools check --select ZH3`` reports a finding that overlaps the
  position of ``wrong`` in the sentence;
- precision: the corrected sentence (``wrong`` replaced by ``right``) gets no
  ZH3 finding at all;
- wrong corrections: a finding at ``wrong`` whose fix does not give the corrected
  sentence (counted among the finds, and listed with -v).

Suggestion-only entries are silent by default (the ``suggestions`` setting); with
``--suggestions`` they count too, as for a user who switched them on.

Usage:  python tools/measure_recall.py [LIST.tsv ...] [--suggestions] [--select ZH311] [-v]
        (default: both lists). Always exits 0; prints one summary line per list (and
        misses with -v).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "tests/data/planted_typos.tsv", ROOT / "tests/data/planted_heldout2.tsv"]


def read_list(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        wrong, right, sentence = line.split("\t")[:3]
        rows.append((wrong, right, sentence))
    return rows


def findings(
    lines: list[str], suggestions: bool = False, select: str = "ZH3"
) -> dict[int, list[tuple[int, int, str | None]]]:
    """Run normtools once over all lines.

    Returns {line number: [(start col, end col, fix or None)]}, 1-based, end exclusive.
    """
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "planted.txt"
        f.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if suggestions:
            (Path(d) / "normtools.toml").write_text("suggestions = true\n", encoding="utf-8")
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "normtools",
                "check",
                "--select",
                select,
                "--format",
                "json",
                "--no-respect-gitignore",
                str(f),
            ],
            capture_output=True,
            text=True,
            cwd=d,
        )
    out: dict[int, list[tuple[int, int, str | None]]] = {}
    data = json.loads(proc.stdout or "[]")
    items = data if isinstance(data, list) else data.get("findings", data.get("diagnostics", []))
    for it in items:
        line = it.get("line") or it.get("location", {}).get("line")
        col = it.get("column") or it.get("col") or it.get("location", {}).get("column")
        end = it.get("end_column") or it.get("end_col") or it.get("end", {}).get("column")
        if end is None:
            # fall back to the reported wrong form's length, else one character
            end = col + max(1, len(it.get("matched", "") or it.get("text", "") or "x"))
        edits = (it.get("fix") or {}).get("edits") or []
        fix = edits[0].get("content") if len(edits) == 1 else None
        if fix is not None:
            col, end = edits[0]["column"], edits[0]["end_column"]
        out.setdefault(int(line), []).append((int(col), int(end), fix))
    return out


def measure(path: Path, verbose: bool, suggestions: bool = False, select: str = "ZH3") -> None:
    rows = read_list(path)
    wrong_lines = [s for _, _, s in rows]
    fixed_lines = [s.replace(w, r, 1) for w, r, s in rows]
    fw = findings(wrong_lines, suggestions, select)
    ff = findings(fixed_lines, suggestions, select)
    found = clean = wrong_fixes = 0
    for i, (w, r, s) in enumerate(rows, 1):
        start = s.find(w) + 1
        end = start + len(w)
        hits = [(a, b, fix) for a, b, fix in fw.get(i, []) if a < end and b > start]
        if hits:
            found += 1
            for a, b, fix in hits:
                if fix is not None and s[: a - 1] + fix + s[b - 1 :] != fixed_lines[i - 1]:
                    wrong_fixes += 1
                    if verbose:
                        print(f"  wrong correction: {s[a - 1 : b - 1]} -> {fix} (want {r})")
        elif verbose:
            print(f"  miss: {w} -> {r}")
        if not ff.get(i):
            clean += 1
        elif verbose:
            print(f"  false alarm on corrected sentence: {fixed_lines[i - 1]}")
    n = len(rows)
    print(
        f"{path.name} ({select}): recall {found}/{n} = {found / n:.1%}, "
        f"wrong corrections {wrong_fixes}; "
        f"precision (corrected sentences without a report) {clean}/{n} = {clean / n:.1%}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lists", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--suggestions", action="store_true", help="count suggestions too")
    ap.add_argument("--select", default="ZH3", help="rule codes to run (default ZH3)")
    args = ap.parse_args(argv)
    for p in args.lists:
        measure(p, args.verbose, args.suggestions, args.select)
    return 0


if __name__ == "__main__":
    sys.exit(main())
