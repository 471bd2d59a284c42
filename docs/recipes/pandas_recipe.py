"""pandas: clean a text column with normtools (see docs/library.md).

Run: ``python docs/recipes/pandas_recipe.py`` (needs ``pip install 'normtools[recipes]'``).
Each cell is a fragment: nothing is added at its ends (no final newline), and its
indentation stays. Missing values stay missing.
"""

from __future__ import annotations

import pandas as pd

import normtools

CELLS = [
    "发展,做到",
    "　　同志们:",
    None,
    "今天开会.会议由XX主持",
    "Hello, world.",
]


def main() -> pd.DataFrame:
    n = normtools.Normalizer()  # or normtools.Normalizer(normtools.load_config())
    df = pd.DataFrame({"text": CELLS})

    # One cell at a time.
    df["fixed"] = df["text"].map(n.fix_text, na_action="ignore")

    # The whole column as one batch: fix_texts is lazy over any iterable of strings.
    present = df["text"].notna()
    df.loc[present, "batch"] = list(n.fix_texts(df.loc[present, "text"]))

    # What is wrong where: the codes of each cell's findings (fixable or not).
    df["codes"] = [
        ",".join(d.code for d in found) for found in n.check_texts(df["text"].fillna(""))
    ]
    return df


if __name__ == "__main__":
    frame = main()
    print(frame.to_string())
    assert frame["fixed"].equals(frame["batch"]), "map and fix_texts disagree"
