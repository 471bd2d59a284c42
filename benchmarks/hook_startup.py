"""CPU cost of one ``normtools-check`` run over 10 short files, as pre-commit runs it.

Start-up (imports, loading the rules) dominates a hook run, so this measures whole
processes: user + sys CPU of the child, from ``resource.getrusage(RUSAGE_CHILDREN)``.
Target: under 0.3 s CPU per invocation. Not a test: timings vary by machine.

    python benchmarks/hook_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET = 0.3
SPEECH = (
    "　　同志们,朋友们:\n"
    "　　春风浩荡,万物勃发。在“五一”国际劳动节即将到来之际,我们在这里隆重集会.\n"
    "　　一年来,全市地区生产总值增长5.6%,新增城镇就业岗位１２０００个。\n"
)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    script = shutil.which("normtools-check", path=str(Path(sys.executable).parent))
    if script is None:
        print("normtools-check not found next to this Python; run pip install -e . first")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(10):
            path = Path(tmp) / f"speech-{i}.{'md' if i % 2 else 'txt'}"
            path.write_text(SPEECH * 3, encoding="utf-8")
            files.append(str(path))
        subprocess.run([script, *files], capture_output=True, check=False)  # warm the caches
        samples = []
        for _ in range(args.runs):
            before = _cpu()
            subprocess.run([script, *files], capture_output=True, check=False)
            samples.append(_cpu() - before)
    median = statistics.median(samples)
    print(
        f"normtools-check, 10 files, {args.runs} runs: CPU per invocation "
        f"median {median:.3f} s, min {min(samples):.3f} s, max {max(samples):.3f} s "
        f"(target < {TARGET} s): {'OK' if median < TARGET else 'TOO SLOW'}"
    )
    return 0 if median < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
