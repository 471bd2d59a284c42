"""Measure encoding detection on real text: wrong readings (must be 0) and recall.

Run: ``python tools/measure_decoding.py [--korean FILE] [--japanese FILE] [--big5 FILE]
[--seed N] [--per-length N]``.

Chinese text comes from tests/data/reference (Simplified; Big5 samples are its OpenCC
``s2tw`` conversion, plus ``--big5`` real Traditional text if given). Korean and
Japanese text (UTF-8, one paragraph a line) are given as files: any real text nobody
here wrote. Each sample is a paragraph prefix of a given number of characters, encoded,
then decoded by ``normtools.textio.decode``. A sample is *right* when the text comes
back exactly, *refused* when decode raises UnreadableFile (the file would be reported
and left alone) and *WRONG* otherwise: a file that ``fix`` would rewrite as gibberish.
Damaged UTF-8 (cut at every kind of place, a few bytes changed) and mixed GBK + Big5
files are measured the same way.
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normtools import textio  # noqa: E402

LENGTHS = (2, 4, 6, 8, 12, 16, 24, 32, 64, 128, 400)  # characters cut from a paragraph
BUCKETS = ((0, 8), (8, 12), (12, 16), (16, 32), (32, 64), (64, 10**9))  # by Han count
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def paragraphs(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def outcome(data: bytes, text: str) -> str:
    try:
        doc = textio.decode(data)
    except textio.UnreadableFile:
        return "refused"
    return "right" if doc.text == text else "WRONG"


def by_length(
    name: str, encoding: str, source: list[str], rng: random.Random, per: int
) -> collections.Counter[tuple[int, str]]:
    """Paragraph prefixes of each length in LENGTHS, counted by their Han count."""
    counts: collections.Counter[tuple[int, str]] = collections.Counter()
    wrong_examples = []
    for length in LENGTHS:
        done = 0
        for para in rng.sample(source, min(len(source), per * 3)):
            if done >= per:
                break
            text = para[:length]
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            try:
                data.decode("utf-8")
                continue  # plain ASCII or valid UTF-8 by chance: not a legacy case
            except UnicodeDecodeError:
                pass
            done += 1
            result = outcome(data, text)
            han = len(_HAN.findall(text))
            bucket = next(i for i, (low, high) in enumerate(BUCKETS) if low <= han < high)
            counts[(bucket, result)] += 1
            if result == "WRONG" and len(wrong_examples) < 5:
                wrong_examples.append(text)
    print(f"\n{name} ({encoding})")
    for i, (low, high) in enumerate(BUCKETS):
        row = {k: counts[(i, k)] for k in ("right", "refused", "WRONG")}
        total = sum(row.values())
        label = f"{low}+" if high > 10**8 else f"{low}-{high - 1}"
        if total:
            print(f"  {label:>6} Han: {row}  read {row['right'] / total:.1%}")
    for example in wrong_examples:
        print("  WRONG:", example)
    return counts


def damaged_utf8(source: list[str], rng: random.Random, n: int) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    for _ in range(n):
        text = "\n".join(rng.sample(source, rng.choice((1, 1, 2, 5))))
        data = bytearray(text.encode("utf-8"))
        kind = rng.choice(("cut", "stray-end", "flip", "drop", "insert"))
        if kind == "cut":
            data = data[: rng.randrange(1, max(2, len(data)))]
        elif kind == "stray-end":
            data.append(rng.randrange(0x80, 0x100))
        else:
            for _ in range(rng.choice((1, 1, 2, 3))):
                if not data:
                    break
                pos = rng.randrange(len(data))
                if kind == "flip":
                    data[pos] = rng.randrange(0x80, 0x100)
                elif kind == "drop":
                    del data[pos]
                else:
                    data.insert(pos, rng.randrange(0x80, 0x100))
        raw = bytes(data)
        try:
            original = raw.decode("utf-8")
        except UnicodeDecodeError:
            original = None
        try:
            doc = textio.decode(raw)
        except textio.UnreadableFile:
            counts[f"{kind}: refused"] += 1
            continue
        ok = original is not None and doc.text == original.replace("\r\n", "\n").replace("\r", "\n")
        counts[f"{kind}: {'valid UTF-8, read as is' if ok else 'WRONG'}"] += 1
    return counts


def mixed(simplified: list[str], rng: random.Random, n: int) -> collections.Counter[str]:
    import opencc

    cc = opencc.OpenCC("s2tw")
    counts: collections.Counter[str] = collections.Counter()
    for _ in range(n):
        first = "\n".join(rng.sample(simplified, rng.randrange(1, 6)))
        second = cc.convert("\n".join(rng.sample(simplified, rng.randrange(1, 6))))
        try:
            data = first.encode("gbk") + b"\n" + second.encode("big5")
        except UnicodeEncodeError:
            continue
        try:
            doc = textio.decode(data)
            right = doc.text == f"{first}\n{second}"
            counts["right (one part is ASCII)" if right else "WRONG (converted)"] += 1
        except textio.UnreadableFile as exc:
            counts["refused: " + str(exc).split(":")[0]] += 1
    return counts


def whole_files(reference: Path) -> collections.Counter[str]:
    """Every reference file as one GBK file and as one Big5 file (s2tw): all must be read."""
    import opencc

    cc = opencc.OpenCC("s2tw")
    counts: collections.Counter[str] = collections.Counter()
    for path in sorted(reference.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for encoding, body in (("gb18030", text), ("big5", cc.convert(text))):
            data = body.encode(encoding, errors="ignore")
            body = data.decode(encoding)
            counts[f"{encoding}: {outcome(data, body)}"] += 1
            if outcome(data, body) != "right":
                try:
                    textio.decode(data)
                except textio.UnreadableFile as exc:
                    print(f"  {path.name} as {encoding}: {exc}")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--korean", type=Path)
    parser.add_argument("--japanese", type=Path)
    parser.add_argument("--big5", type=Path, help="real Traditional Chinese text (UTF-8)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--per-length", type=int, default=400)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    reference = ROOT / "tests" / "data" / "reference"
    simplified = [p for f in sorted(reference.glob("*.txt")) for p in paragraphs(f)]
    import opencc

    cc = opencc.OpenCC("s2tw")
    traditional = [cc.convert(p) for p in rng.sample(simplified, 4000)]
    if args.big5:
        traditional += paragraphs(args.big5)
    wrong = 0
    sets = [
        ("Simplified", "gbk", simplified),
        ("Simplified", "gb18030", simplified),
        ("Traditional", "big5", traditional),
    ]
    if args.korean:
        sets += [("Korean", "euc-kr", paragraphs(args.korean))]
        sets += [("Korean", "cp949", paragraphs(args.korean))]
    if args.japanese:
        sets += [("Japanese", enc, paragraphs(args.japanese)) for enc in ("shift_jis", "euc-jp")]
    for name, encoding, source in sets:
        counts = by_length(name, encoding, source, rng, args.per_length)
        if name in ("Korean", "Japanese"):
            # right = read as that encoding; normtools refuses them all by design
            wrong += sum(v for (_, k), v in counts.items() if k != "refused")
        else:
            wrong += sum(v for (_, k), v in counts.items() if k == "WRONG")
    whole = whole_files(reference)
    print("\nwhole reference files:", dict(whole))
    wrong += sum(v for k, v in whole.items() if "WRONG" in k)
    damage = damaged_utf8(simplified, rng, 20 * args.per_length)
    print("\ndamaged UTF-8:", dict(sorted(damage.items())))
    wrong += sum(v for k, v in damage.items() if "WRONG" in k)
    mix = mixed(simplified, rng, args.per_length)
    print("\nGBK + Big5 in one file:", dict(mix))
    wrong += mix["WRONG (converted)"]
    print(f"\nwrong readings: {wrong}")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
