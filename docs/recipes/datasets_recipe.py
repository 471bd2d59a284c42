"""HF datasets: ``Dataset.map`` with normtools, served from the cache on the second run.

Run twice: ``python docs/recipes/datasets_recipe.py /tmp/normtools-recipe``
(needs ``pip install 'normtools[recipes]'``). The first run computes the map and
prints "computed"; the second, a fresh process, finds the same fingerprint and prints
"served from cache". datasets fingerprints the map function by pickling it, with the
Normalizer it uses: a Normalizer pickles as its configuration (one canonical string, plus
the normtools version and digests of the rule files), so equal configurations give the
same fingerprint in every process, and a change of rules gives a new one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import datasets
from datasets.fingerprint import Hasher

import normtools

SPEECHES = [
    "发展,做到",
    "今天开会.",
    "我们要再接再励,争取更大胜利!",
    "　　同志们:",
]


def main(workdir: Path) -> tuple[datasets.Dataset, bool]:
    source = workdir / "speeches"
    if not source.exists():
        datasets.Dataset.from_dict({"text": SPEECHES * 25}).save_to_disk(str(source))
    # A dataset read from disk (load_from_disk, load_dataset) caches its maps beside it.
    ds = datasets.load_from_disk(str(source))
    n = normtools.Normalizer()

    def fix(batch: dict[str, list[str]]) -> dict[str, list[str]]:
        return {"text": list(n.fix_texts(batch["text"]))}

    before = {p.name for p in source.glob("cache-*.arrow")}
    fixed = ds.map(fix, batched=True)
    cache_file = Path(fixed.cache_files[0]["filename"]).name
    served = cache_file in before
    print(f"normalizer fingerprint: {Hasher.hash(n)}")
    print(f"map cache file: {cache_file}: {'served from cache' if served else 'computed'}")
    print(f"first rows: {fixed[:4]['text']}")
    return fixed, served


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "normtools-recipe"))
