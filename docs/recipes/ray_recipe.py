"""Ray Data: ``map_batches`` with normtools on a local cluster of two CPUs.

Run: ``python docs/recipes/ray_recipe.py`` (needs ``pip install 'normtools[recipes]'``).
The Normalizer is captured by the batch function; Ray pickles it (as its configuration)
and every worker rebuilds the rules itself, so no worker set-up is written by hand. On a
cluster of several machines, each needs normtools (the same version) and any extra rule
files at the same path; a worker whose rules differ refuses to start the task.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import ray

import normtools

SPEECHES = [
    "发展,做到",
    "今天开会.",
    "我们要再接再励,争取更大胜利!",
    "　　同志们:",
]
COPIES = 500  # 2,000 rows


def main() -> list[dict[str, Any]]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        n = normtools.Normalizer()  # or normtools.Normalizer(normtools.load_config())

        def fix(batch: dict[str, Any]) -> dict[str, Any]:
            texts = list(batch["text"])
            batch["fixed"] = list(n.fix_texts(texts))
            batch["codes"] = [",".join(d.code for d in found) for found in n.check_texts(texts)]
            batch["worker"] = [os.getpid()] * len(texts)
            return batch

        rows = ray.data.from_items([{"text": t} for t in SPEECHES * COPIES])
        return rows.map_batches(fix, batch_size=100).take_all()
    finally:
        ray.shutdown()


if __name__ == "__main__":
    result = main()
    print(f"rows: {len(result)}, worker processes: {len(Counter(r['worker'] for r in result))}")
    for row in result[: len(SPEECHES)]:
        print(f"{row['text']!r} -> {row['fixed']!r}  [{row['codes']}]")
    expected = [normtools.fix_text(t) for t in SPEECHES] * COPIES
    assert [r["fixed"] for r in result] == expected, "Ray's result differs from fix_text"
    print("every row equals normtools.fix_text of its text")
