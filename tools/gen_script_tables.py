"""Generate rules/script_chars.json from OpenCC's character dictionaries.

Run: ``python tools/gen_script_tables.py`` (needs opencc-python-reimplemented).
The table lets normtools find Traditional characters in Simplified text (and the
reverse) without importing OpenCC: a clean file never pays for its dictionaries.

A character is *Traditional only* when TSCharacters converts it, none of its
Simplified candidates is itself, and it is not a Simplified character anywhere
(not a key of STCharacters, not a target in TSCharacters): so 乾, 藉, 覆, 麽, 著
(著 is not in TSCharacters at all) are left out. Nor is a character of 通用规范汉字表
(``rules/general_standard_chars.txt``): the table keeps 昇, 甯, 陞, 祕, 氾 ... as standard
Simplified characters for names and special senses, so they are never converted.
*Simplified only* is the mirror image (without the table: it is a Simplified list).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "rules"
OUT = RULES / "script_chars.json"
STANDARD = RULES / "general_standard_chars.txt"


def _read(path: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, values = line.partition("\t")
        table[key] = values.split()
    return table


def one_way(
    forward: dict[str, list[str]],
    backward: dict[str, list[str]],
    keep: frozenset[str] = frozenset(),
) -> str:
    """Characters of ``forward`` that convert and never belong to the other script
    (nor to ``keep``)."""
    other_targets = {v for vs in forward.values() for v in vs}
    out = [
        ch
        for ch, targets in forward.items()
        if len(ch) == 1
        and ch not in targets
        and ch not in backward
        and ch not in other_targets
        and ch not in keep
    ]
    return "".join(sorted(out))


def general_standard(path: Path = STANDARD) -> str:
    """The 8,105 characters of 通用规范汉字表, in the table's order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "".join(line for line in lines if line and not line.startswith("#"))


def build(dictionary: Path) -> dict[str, str]:
    ts = _read(dictionary / "TSCharacters.txt")
    st = _read(dictionary / "STCharacters.txt")
    return {
        "source": "OpenCC TSCharacters.txt / STCharacters.txt and rules/general_standard_chars.txt"
        " via tools/gen_script_tables.py",
        "traditional_only": one_way(ts, st, frozenset(general_standard())),
        "simplified_only": one_way(st, ts),
    }


def opencc_dictionary_dir() -> Path:
    import opencc

    return Path(opencc.__file__).resolve().parent / "dictionary"


def main() -> int:
    table = build(opencc_dictionary_dir())
    text = json.dumps(table, ensure_ascii=False, indent=1) + "\n"
    if "--check" in sys.argv:
        same = OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} is stale: run {sys.argv[0]}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(
        f"wrote {OUT}: {len(table['traditional_only'])} Traditional-only, "
        f"{len(table['simplified_only'])} Simplified-only characters"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
