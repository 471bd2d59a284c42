"""Time of `normtools check` and `fix` on web-pasted text whose fixes cascade, by size.

Usage: python benchmarks/cascade.py [--sizes 0.25,0.5,1,2,4] [--keep DIR]

Issue 9: text pasted from the web (ASCII quotes, garbled quotes, half-width punctuation
with stray spaces) makes tens of thousands of findings per MB, and many only appear once
an earlier fix is made (`说:"` becomes Chinese context after the quote is fixed; `::不`
after the second colon is). Time was quadratic in the number of findings: 0.25 MB
checked in 7 s, 1 MB in 110 s. The promise: 1 MB checks in a few seconds, and 4x the
input costs about 4x the time.

The text is built deterministically (a seeded generator over fixed fragments), so runs
compare. Each size is a prefix of the largest, cut at a line end. Every measure is one
fresh process (`python -m normtools`, as a user runs it); the table gives wall time,
peak RSS, findings, and the time per MB relative to the smallest size (about 1.0 when
time is linear). Not a unit test.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "发展", "改革", "人民", "经济", "社会", "建设", "创新", "开放",
    "治理", "服务", "群众", "政府", "生态", "文化", "教育", "医疗",
]  # fmt: skip

# Fragments as pasted from web pages; each {} is a run of words. Several cascade: the
# first pass's fix makes the next one possible.
FRAGMENTS = (
    '{}说:"{}，{}".',  # colon before an ASCII quote: Chinese context once the quote is “
    "‚{}‛,{}:“{}”...",  # garbled quotes, comma, colon before a full-width quote, ellipsis
    '„{}‟;{}!"{}?"',  # garbled pair, semicolon, exclamation, ASCII quotes
    '"{}":{},,{}..',  # ASCII quotes, colon, doubled comma, two dots
    "〝{}〞:{}--{}",  # garbled pair, colon, a double hyphen between Han
    '{} , "{}" ; {}',  # spaces around half-width marks and quotes
    "{}::{}",  # `::不`: the first colon is Chinese context only after the second is fixed
    "坚持{},。{}",  # a comma fixed next to a full stop: then two sentence marks in a row
    "（{}) {}。",  # a half-width closing parenthesis, a space after it
)


def build(size: int, seed: int = 9) -> str:
    """About ``size`` bytes of UTF-8 web-pasted text, whole lines, the same every run."""
    rng = random.Random(seed)
    lines: list[str] = []
    total = 0
    while total < size:
        parts = []
        for _ in range(rng.randint(2, 6)):
            fragment = rng.choice(FRAGMENTS)
            words = ["".join(rng.choices(WORDS, k=rng.randint(1, 3))) for _ in range(3)]
            parts.append(fragment.format(*words[: fragment.count("{}")]))
        line = "".join(parts) + "\n"
        lines.append(line)
        total += len(line.encode("utf-8"))
    return "".join(lines)


def measure(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and the findings counted by ``--statistics``, of one
    fresh process."""
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "normtools", *argv],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert proc.stdout is not None
    out = proc.stdout.read().decode("utf-8", "replace")
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not the maximum
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - start
    found = sum(int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s+ZH\d", out, re.MULTILINE))
    return elapsed, usage.ru_maxrss / 1024, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0.25,0.5,1,2,4", help="sizes in MB")
    parser.add_argument("--keep", type=Path, help="write the built files here and keep them")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    text = build(int(max(sizes) * 1_000_000))
    workdir = Path(tempfile.mkdtemp(prefix="cascade-"))
    rows = []
    try:
        for mb in sizes:
            cut = text.encode("utf-8")[: int(mb * 1_000_000)]
            data = cut[: cut.rfind(b"\n") + 1]
            path = workdir / f"cascade-{mb:g}mb.txt"
            path.write_bytes(data)
            check = measure(["check", "-q", "--statistics", path.name], workdir)
            fix = measure(["fix", "-q", "--statistics", path.name], workdir)
            left = measure(["check", "-q", "--statistics", path.name], workdir)
            rows.append((len(data), check, fix, left[2]))
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / path.name).write_bytes(data)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    base = rows[0][1][0] / rows[0][0]
    print("    size  findings  check s  peak MB  fix s  peak MB  left  check s/MB vs first")
    for size, check, fix, left in rows:
        print(
            f"{size / 1e6:7.2f}M {check[2]:9d} {check[0]:8.2f} {check[1]:8.0f} {fix[0]:6.2f} "
            f"{fix[1]:8.0f} {left:5d} {(check[0] / size) / base:20.2f}"
        )
    print("left: findings a check still makes after the fix (report-only, such as ZH504)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
