"""Does the dictionary cost depend on its size? Check 10 MB with 1,500 and 50,000 entries.

    python benchmarks/dictionary_scale.py [--mb 10]

The 1,500-entry dictionary is the first 1,500 entries of rules/typos.toml; the
50,000-entry one adds 48,500 generated four-character wrong forms (deterministic, made of
rare characters so that they never match the corpus: what is measured is the cost of
the automaton's size, not of extra findings). Both run as a team dictionary (TSV) through
the ordinary loader. Also prints the load time of each, cold (parse) and warm (cached).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import clean_corpus  # noqa: E402

RARE = "".join(chr(c) for c in range(0x3400, 0x4DB5))  # CJK extension A: rare in prose


def write_tsv(path: Path, entries: dict[str, str]) -> None:
    lines = [f"{wrong}\t{right}" for wrong, right in entries.items()]
    path.write_text("# code: ZH399\n" + "\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=10)
    args = ap.parse_args(argv)

    from normtools import Config, Normalizer
    from normtools.textio import from_text

    shipped = tomllib.loads((ROOT / "rules" / "typos.toml").read_text(encoding="utf-8"))
    fixes = {k: v for k, v in shipped["entries"].items() if isinstance(v, str)}
    small = dict(list(fixes.items())[:1500])
    rng = random.Random(50000)
    large = dict(small)
    while len(large) < 50_000:
        wrong = "".join(rng.choice(RARE) for _ in range(4))
        large.setdefault(wrong, "".join(rng.choice(RARE) for _ in range(4)))
    text = clean_corpus(args.mb * 1_000_000)
    print(f"corpus {len(text.encode()) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        for name, entries in (("1,500", small), ("50,000", large)):
            tsv = Path(tmp) / f"dict{len(entries)}.tsv"
            write_tsv(tsv, entries)
            start = time.perf_counter()
            n = Normalizer(Config(select=("ZH399",), extend_rules=(tsv,)))
            load = time.perf_counter() - start
            times = []
            for _ in range(5):
                start = time.perf_counter()
                found = n.check_document(from_text(text + "\n", "txt"))
                times.append(time.perf_counter() - start)
            print(
                f"{name:>7} entries: load {load * 1000:6.0f} ms, check "
                f"{statistics.median(times):.3f} s (median of 5), {len(found)} findings"
            )
    # loading all shipped rules (3,500 dictionary entries included) in a fresh process,
    # as a commit hook pays it: the second run reads the cached parse
    code = (
        "import time; from normtools.ruleset import load_ruleset\n"
        "t = time.perf_counter(); load_ruleset(); print(time.perf_counter() - t)"
    )
    for label in ("first run", "cached"):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        print(
            f"shipped rules, load in a fresh process ({label}): {float(done.stdout) * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
