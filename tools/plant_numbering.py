#!/usr/bin/env python3
"""Recall of the numbering and number rules (ZH701, ZH702, ZH704, ZH705, ZH113) on
defects planted into real lines, and whether each fix restores the line exactly.

Real reports hold few of these defects (a corpus is edited text), so the precision
report alone says little about recall. This takes lines of a corpus that are written
correctly (一、加强…, （一）明确…, 二〇二三年, 2023年, 10.5%), plants the typing slip the
rule exists for (一.加强…, （一）、明确…, 二0二三年, 2O23年, １０．５％) and checks that
``fix`` gives back exactly what ``fix`` makes of the correct line: the defect is found
(recall) and nothing else in the line changes (a wrong fix would show as a mismatch).

Usage:  python tools/plant_numbering.py /work/corpora/official/dev [--per-kind 300] [-v]
Prints one line per kind of defect. Read only dev corpora with it.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normtools.api import Normalizer  # noqa: E402

Planter = Callable[[str, random.Random], str | None]
ORDINAL = "一二三四五六七八九十"
FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _sub_once(pattern: str, repl: Callable[[re.Match[str], random.Random], str]) -> Planter:
    regex = re.compile(pattern, re.M)

    def plant(line: str, rng: random.Random) -> str | None:
        matches = list(regex.finditer(line))
        if not matches:
            return None
        m = rng.choice(matches)
        return line[: m.start()] + repl(m, rng) + line[m.end() :]

    return plant


KINDS: dict[str, tuple[str, Planter]] = {
    "ZH701 一、 -> 一. / 一．": (
        "ZH701",
        _sub_once(
            rf"^([ \t\u3000#*>]*[{ORDINAL}]{{1,3}})、(?=[\u4e00-\u9fff“])",
            lambda m, rng: m.group(1) + rng.choice(".．"),
        ),
    ),
    "ZH702 （一） -> （一）、": (
        "ZH702",
        _sub_once(
            rf"^([ \t\u3000#*>]*（[{ORDINAL}]{{1,3}}）)(?=[\u4e00-\u9fff“])",
            lambda m, rng: m.group(1) + rng.choice(["、", ".", "．"]),
        ),
    ),
    "ZH704 〇 -> 0 / O / ○": (
        "ZH704",
        _sub_once(
            r"[一二三四五六七八九]〇+[〇一二三四五六七八九]*年?",
            lambda m, rng: m.group(0).replace("〇", rng.choice(["0", "O", "○", "o"])),
        ),
    ),
    "ZH705 2023年 -> 2O23年": (
        "ZH705",
        _sub_once(
            r"(?<![0-9A-Za-z.])(?:19|20)[0-9]*0[0-9]*(?=年)",
            lambda m, rng: _one_zero_to_o(m.group(0), rng),
        ),
    ),
    "ZH113 10.5% -> １０．５％": (
        "ZH113",
        _sub_once(
            r"(?<![0-9A-Za-z.])[0-9]+\.[0-9]+(?=[%％])",
            lambda m, rng: m.group(0).translate(FULLWIDTH),
        ),
    ),
}


def _one_zero_to_o(number: str, rng: random.Random) -> str:
    zeros = [i for i, c in enumerate(number) if c == "0" and i > 0]
    i = rng.choice(zeros) if zeros else number.index("0")
    return number[:i] + "O" + number[i + 1 :]


def corpus_lines(root: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".md", ".txt") or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for line in text.splitlines():
            if line.strip():
                yield path, line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--per-kind", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if "holdout" in args.corpus.parts:
        print("plant_numbering.py: tune on dev only", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    candidates: dict[str, list[tuple[Path, str, str]]] = {kind: [] for kind in KINDS}
    for path, line in corpus_lines(args.corpus):
        for kind, (_code, plant) in KINDS.items():
            planted = plant(line, rng)
            if planted is not None and planted != line:
                candidates[kind].append((path, line, planted))
    normalizer = Normalizer()
    for kind, found in candidates.items():
        sample = random.Random(args.seed).sample(found, min(args.per_kind, len(found)))
        restored = 0
        for path, line, planted in sample:
            filetype = "md" if path.suffix == ".md" else "txt"
            want = normalizer.fix_text(line, filetype)
            got = normalizer.fix_text(planted, filetype)
            if got == want:
                restored += 1
            elif args.verbose:
                print(f"  miss {path.name}: {planted!r}\n    got  {got!r}\n    want {want!r}")
        share = f"{100 * restored / len(sample):.1f} %" if sample else "–"
        print(f"{kind}: restored {restored}/{len(sample)} ({share}); {len(found)} candidate lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
