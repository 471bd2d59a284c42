#!/usr/bin/env python3
"""Build ``rules/jieba_words.gz``, the word list of the word-boundary gate, from jieba.

jieba (https://github.com/fxsjy/jieba, MIT, Copyright (c) 2013 Sun Junyi; licence in
``rules/jieba_words.LICENSE``) is a test dependency only, so the package ships this
derived list: every word of jieba 0.42.1's ``dict.txt`` with its frequency, without the
part-of-speech tags. The format is made for lazy loading (normtools/wordgate.py):

    line 1:  ``# <source> total=<sum of frequencies>``
    then one line per first character, in code-point order:
             ``word freq word freq ...`` (every word starting with that character)

so the gate indexes lines by their first character and parses only the lines of the
characters around a dictionary hit. The file is gzip-compressed with a fixed mtime, so
rebuilding from the same jieba gives the same bytes (tests/test_wordgate.py checks it).

    python tools/gen_wordlist.py [--check]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import importlib.util
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "rules" / "jieba_words.gz"


def jieba_dict() -> tuple[Path, str]:
    """Path of jieba's dict.txt and the jieba version."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise SystemExit("gen_wordlist: jieba is not installed (pip install -e '.[test]')")
    return Path(spec.origin).parent / "dict.txt", importlib.metadata.version("jieba")


def build(source: Path, version: str) -> bytes:
    """The gzip bytes of the word list built from jieba's ``source`` dict.txt."""
    words: dict[str, int] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[0] and parts[1].isdigit():
            words[parts[0]] = int(parts[1])  # as jieba: a repeated word's last line wins
    buckets: dict[str, list[str]] = {}
    for word in sorted(words):
        buckets.setdefault(word[0], []).append(f"{word} {words[word]}")
    total = sum(words.values())
    lines = [f"# jieba {version} dict.txt (MIT, Sun Junyi), {len(words)} words total={total}"]
    lines += [" ".join(bucket) for _, bucket in sorted(buckets.items())]
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = ap.parse_args(argv)
    data = build(*jieba_dict())
    if args.check:
        current = TARGET.read_bytes() if TARGET.exists() else b""
        if current != data:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run tools/gen_wordlist.py")
            return 1
        return 0
    TARGET.write_bytes(data)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
