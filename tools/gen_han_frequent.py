"""Generate rules/han_frequent.json: Han characters ranked by how often Chinese text uses them.

Run: ``python tools/gen_han_frequent.py`` (``--check`` compares instead of writing; needs
opencc-python-reimplemented).

Encoding detection (normtools/detect.py) uses the ranks to tell a right reading of
legacy bytes from a wrong one. Both readings of GBK or Big5 bytes land mostly on
"common" characters (GB2312 level 1 is 3,755 characters), but a wrong reading lands on
them evenly while real text is concentrated: in the reference corpus
(tests/data/reference, 1.6 million Han characters of statutes, news and technical
prose) the 1,000 most frequent characters make 95 % of the text and only 27 % of level 1.
A Traditional form (OpenCC's STCharacters.txt, every candidate of each character)
takes the rank of its Simplified character, so the same test serves Big5.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "han_frequent.json"
REFERENCE = ROOT / "tests" / "data" / "reference"
TOP = 3000


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def ranked_simplified(reference: Path) -> list[str]:
    counts: collections.Counter[str] = collections.Counter()
    for path in sorted(reference.glob("*.txt")):
        counts.update(ch for ch in path.read_text(encoding="utf-8") if _is_han(ch))
    return [ch for ch, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def traditional_forms(ranked: str) -> dict[str, str]:
    """Traditional form -> its most frequent Simplified character (forms not in ``ranked``)."""
    import opencc

    table = Path(opencc.__file__).resolve().parent / "dictionary" / "STCharacters.txt"
    st: dict[str, list[str]] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        st[key] = values.split()
    wanted = set(ranked)
    out: dict[str, str] = {}
    for ch in ranked:
        for form in st.get(ch, []):
            if form not in wanted and len(form) == 1:
                out.setdefault(form, ch)
    return dict(sorted(out.items()))


def build() -> dict[str, object]:
    ranked = "".join(ranked_simplified(REFERENCE)[:TOP])
    return {
        "source": (
            f"the {TOP} most frequent Han of tests/data/reference, most frequent first, and"
            " Traditional forms (OpenCC STCharacters.txt), via tools/gen_han_frequent.py"
        ),
        "ranked": ranked,
        "traditional": traditional_forms(ranked),
    }


def main() -> int:
    text = json.dumps(build(), ensure_ascii=False, indent=1) + "\n"
    if "--check" in sys.argv:
        same = OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} is stale: run {sys.argv[0]}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
