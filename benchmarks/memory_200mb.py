"""Peak memory of `normtools fix` on a large text file, measured in a subprocess.

Usage: python benchmarks/memory_200mb.py [size_mb] [--clean]   (default 200 MB, with
two fixes per paragraph; --clean: text with nothing to fix)
Prints the file size, the child's peak RSS (ru_maxrss) and their ratio; the promise
is a ratio under 5. Not a unit test: it takes a while and needs disk space.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLEAN = "同志们：今天我们召开全省劳动竞赛总结大会，表彰先进，交流经验。We use Python 3.11.\n"
PARAGRAPH = (
    "　　同志们：今天我们召开全省劳动竞赛总结大会,表彰先进，交流经验。"
    "要发扬工匠精神，再接再厉，为国家作贡献。We use Python 3.11 and GDP grew 5%.\n"
)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    size_mb = int(args[0]) if args else 200
    paragraph = CLEAN if "--clean" in sys.argv else PARAGRAPH
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        chunk = (paragraph * 1000).encode("utf-8")
        with path.open("wb") as fh:
            written = 0
            while written < size_mb * 1_000_000:
                fh.write(chunk)
                written += len(chunk)
        size = path.stat().st_size
        start = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "normtools", "fix", "-q", "--statistics", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.monotonic() - start
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak = peak_kb * 1024
    print(f"file: {size / 1e6:.0f} MB; exit {run.returncode}; {elapsed:.0f} s")
    print(f"peak RSS of the child: {peak / 1e6:.0f} MB = {peak / size:.2f} x the file size")
    if run.returncode not in (0, 1):
        print(run.stderr[-2000:])
    return 0 if peak < 5 * size else 1


if __name__ == "__main__":
    raise SystemExit(main())
