#!/usr/bin/env python3
"""Precision gate for the normtools typo / wording dictionaries.

Checks every entry of ``rules/typos.toml`` (and the (a), (b), (d) checks for
``rules/wording.toml``):

(a) the wrong form is not a word of jieba's dictionary and is not a substring
    of any jieba word, unless every such occurrence is covered by an entry of
    the ``except`` list (same semantics as the engine: the match is skipped if
    it lies inside an exception string at that position).
    jieba's dictionary itself lists a few hundred misspellings as filler
    entries (e.g. "再接再励 3 l", "迫不急待 3 i").  A jieba word W is treated
    as such a *misspelling listing* (reported with -v, not failed) when its
    frequency is at most MISSPELL_MAX_FREQ (5) and the same word with the
    wrong form replaced by the correction is at least MISSPELL_RATIO (3)
    times as frequent and at least MISSPELL_MIN_GOOD (10).
    Classic misspellings that jieba lists with a higher frequency (web text
    misspells them: 震憾 26, 名符其实 38, 寒喧 21 ...) are tolerated only when
    named in the explicit allow-list tools/jieba_misspellings.tsv
    (``word<TAB>reason``, one jieba word per line, each with its reason);
    the thresholds are not loosened.  Such a tolerance is reported with -v.
(b) the wrong form does not occur in the clean reference corpus
    (tests/data/reference/*.txt) outside an exception string.
(c) cross-word straddling (typos only): for every split wrong = L + R, if L
    is a suffix of a common jieba word w1 (freq >= STRADDLE_FREQ, len >= 2;
    L may be all of w1) and R a prefix of a common word w2 (likewise), the
    occurrence of the wrong form inside w1 + w2 must be covered by an
    exception.
(d) format: keys sorted by code point, no self-correction, no chains (no key
    occurs inside any correction, unless covered by that key's exceptions),
    every exception contains its key, header keys present, examples behave.

Usage:  python tools/dictionary_gate.py [--root REPO] [-v]
Exit status 1 if any check fails.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import sys
import time
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python < 3.11
    import tomli as tomllib  # type: ignore

ROOT = Path(__file__).resolve().parents[1]
TYPOS_PATH = "rules/typos.toml"
WORDING_PATH = "rules/wording.toml"
CORPUS_SUBDIR = Path("tests") / "data" / "reference"
MISSPELLINGS_PATH = Path("tools") / "jieba_misspellings.tsv"

STRADDLE_FREQ = 1000
MISSPELL_RATIO = 3
MISSPELL_MIN_GOOD = 10
MISSPELL_MAX_FREQ = 5

REQUIRED_HEADER = ("code", "name", "kind", "severity", "description", "examples", "entries")

_JIEBA_CACHE: dict[str, int] | None = None
_CORPUS_CACHE: dict[Path, str] = {}
_MISSPELL_CACHE: dict[Path, dict[str, str]] = {}


# ---------------------------------------------------------------- loading
def jieba_dict_path() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("jieba is not installed (pip install jieba)")
    return Path(spec.origin).parent / "dict.txt"


def load_jieba_words() -> dict[str, int]:
    """Return {word: frequency} from jieba's bundled dict.txt."""
    global _JIEBA_CACHE
    if _JIEBA_CACHE is None:
        words: dict[str, int] = {}
        with open(jieba_dict_path(), encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    try:
                        words[parts[0]] = int(parts[1])
                    except ValueError:
                        continue
        _JIEBA_CACHE = words
    return _JIEBA_CACHE


def corpus_dir(root: Path | None = None) -> Path:
    return (root or ROOT) / CORPUS_SUBDIR


def load_corpus(root: Path | None = None) -> str:
    """Concatenate tests/data/reference/*.txt (files separated by a newline)."""
    d = corpus_dir(root)
    if d not in _CORPUS_CACHE:
        parts = [p.read_text(encoding="utf-8") for p in sorted(d.glob("*.txt"))]
        _CORPUS_CACHE[d] = "\n".join(parts)
    return _CORPUS_CACHE[d]


def load_jieba_misspellings(root: Path | None = None) -> dict[str, str]:
    """Return {jieba word: reason} from tools/jieba_misspellings.tsv (the allow-list).

    Lines are ``word<TAB>reason``; blank lines and lines starting with ``#`` are
    ignored.  A line without a reason is an error: every tolerance must be argued.
    """
    path = (root or ROOT) / MISSPELLINGS_PATH
    if path not in _MISSPELL_CACHE:
        table: dict[str, str] = {}
        if path.exists():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip() or line.startswith("#"):
                    continue
                word, _, reason = line.partition("\t")
                if not word or not reason.strip():
                    raise ValueError(f"{path}:{n}: expected 'word<TAB>reason'")
                table[word.strip()] = reason.strip()
        _MISSPELL_CACHE[path] = table
    return _MISSPELL_CACHE[path]


def load_rules(path: Path) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


# ---------------------------------------------------------------- helpers
def normalize(value) -> tuple[list[str], bool, list[str]]:
    """Entry value -> (corrections, is_fix, exceptions)."""
    if isinstance(value, str):
        return [value], True, []
    if isinstance(value, list):
        return [str(v) for v in value], False, []
    if isinstance(value, dict):
        exc = [str(e) for e in value.get("except", [])]
        if "fix" in value:
            return [str(value["fix"])], True, exc
        return [str(v) for v in value.get("suggest", [])], False, exc
    raise TypeError(f"unsupported entry value {value!r}")


def covered(text: str, pos: int, key: str, excepts: list[str]) -> bool:
    """True if text[pos:pos+len(key)] lies inside an exception string there."""
    end = pos + len(key)
    for e in excepts:
        off = e.find(key)
        while off != -1:
            start = pos - off
            inside = start >= 0 and text[start : start + len(e)] == e
            if inside and start <= pos and end <= start + len(e):
                return True
            off = e.find(key, off + 1)
    return False


def occurrences(text: str, key: str):
    i = text.find(key)
    while i != -1:
        yield i
        i = text.find(key, i + 1)


def _context(text: str, pos: int, n: int, width: int = 12) -> str:
    a = max(0, pos - width)
    b = min(len(text), pos + n + width)
    return text[a:b].replace("\n", "⏎")


# ---------------------------------------------------------------- checks
class _Indexes:
    def __init__(self, keys, jieba: dict[str, int]):
        self.jieba = jieba
        lengths = {len(k) for k in keys}
        keyset = set(keys)
        self.containing: dict[str, list[str]] = {k: [] for k in keys}
        for w in jieba:
            n = len(w)
            for L in lengths:
                if n < L:
                    continue
                for i in range(n - L + 1):
                    s = w[i : i + L]
                    if s in keyset:
                        lst = self.containing[s]
                        if not lst or lst[-1] != w:
                            lst.append(w)
        self.suffix: dict[str, list[str]] = {}
        self.prefix: dict[str, list[str]] = {}
        for w, f in jieba.items():
            if f < STRADDLE_FREQ or len(w) < 2:
                continue
            # every suffix / prefix, including the whole word itself
            for i in range(0, len(w)):
                self.suffix.setdefault(w[i:], []).append(w)
            for i in range(1, len(w) + 1):
                self.prefix.setdefault(w[:i], []).append(w)


def is_misspelling_listing(
    word: str, pos: int, key: str, corrections: list[str], jieba: dict[str, int]
) -> bool:
    f = jieba.get(word, 0)
    if f > MISSPELL_MAX_FREQ:
        return False
    for c in corrections:
        good = word[:pos] + c + word[pos + len(key) :]
        if jieba.get(good, 0) >= max(MISSPELL_MIN_GOOD, MISSPELL_RATIO * max(f, 1)):
            return True
    return False


def check_entries(
    entries: dict,
    *,
    jieba: dict[str, int] | None = None,
    corpus: str | None = None,
    straddle: bool = True,
    notes: list[str] | None = None,
    misspellings: dict[str, str] | None = None,
) -> list[str]:
    """Return a list of failure messages (empty list = all entries pass).

    ``misspellings`` is the allow-list of jieba words that are misspellings
    ({word: reason}); by default tools/jieba_misspellings.tsv.
    """
    jieba = load_jieba_words() if jieba is None else jieba
    corpus = load_corpus() if corpus is None else corpus
    misspellings = load_jieba_misspellings() if misspellings is None else misspellings
    fails: list[str] = []
    keys = list(entries)
    # (d) format --------------------------------------------------------
    if keys != sorted(keys):
        for a, b in itertools.pairwise(keys):
            if a >= b:
                fails.append(f"(d) keys not sorted: {a!r} before {b!r}")
    parsed = {}
    for k in keys:
        try:
            cands, is_fix, exc = normalize(entries[k])
        except TypeError as e:
            fails.append(f"(d) {k}: {e}")
            continue
        parsed[k] = (cands, is_fix, exc)
        if len(k) < 2:
            fails.append(f"(d) {k}: single-character key")
        if not cands or any(not c for c in cands):
            fails.append(f"(d) {k}: empty correction")
        if k in cands:
            fails.append(f"(d) {k}: correction equals the wrong form")
        if len(set(cands)) != len(cands):
            fails.append(f"(d) {k}: duplicate candidates {cands}")
        for e in exc:
            if k not in e:
                fails.append(f"(d) {k}: exception {e!r} does not contain the key")
            if e == k:
                fails.append(f"(d) {k}: exception equals the key")
        if any(ch.isspace() for ch in k + "".join(cands)):
            fails.append(f"(d) {k}: whitespace in key or correction")
    # chains: a key occurring inside any correction
    keyset = set(parsed)
    lengths = sorted({len(k) for k in keyset})
    for k, (cands, _, _) in parsed.items():
        for c in cands:
            for L in lengths:
                for i in range(len(c) - L + 1):
                    s = c[i : i + L]
                    if s in keyset and not covered(c, i, s, parsed[s][2]):
                        fails.append(f"(d) {k}: correction {c!r} contains key {s!r} (chain)")
    idx = _Indexes(list(parsed), jieba)
    for k, (cands, _is_fix, exc) in parsed.items():
        # (a) jieba --------------------------------------------------------
        bad = []
        for w in idx.containing.get(k, []):
            for pos in occurrences(w, k):
                if covered(w, pos, k, exc):
                    continue
                if w in misspellings:
                    if notes is not None:
                        notes.append(
                            f"(a) note {k}: allow-listed jieba misspelling {w!r} "
                            f"({jieba[w]}): {misspellings[w]}"
                        )
                    continue
                if is_misspelling_listing(w, pos, k, cands, jieba):
                    if notes is not None:
                        notes.append(f"(a) note {k}: jieba lists misspelling {w!r} ({jieba[w]})")
                    continue
                bad.append(w)
                break
        if bad:
            shown = ", ".join(f"{w}({jieba.get(w)})" for w in bad[:8])
            more = f" … +{len(bad) - 8}" if len(bad) > 8 else ""
            fails.append(f"(a) {k}: is/inside jieba word(s) {shown}{more}")
        # (b) corpus -------------------------------------------------------
        hits = [p for p in occurrences(corpus, k) if not covered(corpus, p, k, exc)]
        if hits:
            ctx = " | ".join(_context(corpus, p, len(k)) for p in hits[:3])
            fails.append(f"(b) {k}: {len(hits)} hit(s) in reference corpus: {ctx}")
        # (c) straddling -----------------------------------------------------
        if straddle:
            unc = []
            for i in range(1, len(k)):
                left, right = k[:i], k[i:]
                L = idx.suffix.get(left)
                R = idx.prefix.get(right)
                if not L or not R:
                    continue
                for w1 in L:
                    for w2 in R:
                        text = w1 + w2
                        if not covered(text, len(w1) - len(left), k, exc):
                            unc.append(f"{w1}|{w2}")
                            break
                    if len(unc) > 6:
                        break
            if unc:
                fails.append(f"(c) {k}: straddles common words: {', '.join(unc[:6])}")
    return fails


def apply_rules(text: str, parsed: dict) -> tuple[str, int]:
    """Reference matcher for the examples: leftmost-longest, skip exceptions."""
    keys = sorted(parsed, key=len, reverse=True)
    out = []
    i = hits = 0
    while i < len(text):
        for k in keys:
            if text.startswith(k, i) and not covered(text, i, k, parsed[k][2]):
                cands, is_fix, _ = parsed[k]
                hits += 1
                out.append(cands[0] if is_fix else k)
                i += len(k)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out), hits


def check_file(
    path: Path, *, straddle: bool, notes: list[str] | None = None, root: Path | None = None
) -> list[str]:
    fails: list[str] = []
    try:
        data = load_rules(path)
    except (OSError, tomllib.TOMLDecodeError) as e:
        return [f"{path}: cannot load: {e}"]
    for key in REQUIRED_HEADER:
        if key not in data:
            fails.append(f"(d) {path.name}: missing header key {key!r}")
    entries = data.get("entries", {})
    fails += check_entries(
        entries,
        corpus=load_corpus(root),
        straddle=straddle,
        notes=notes,
        misspellings=load_jieba_misspellings(root),
    )
    parsed = {k: normalize(v) for k, v in entries.items()}
    for ex in data.get("examples", []):
        text = ex.get("text", "")
        fixed, hits = apply_rules(text, parsed)
        if "fixed" in ex:
            if fixed != ex["fixed"]:
                fails.append(f"(d) example {text!r}: fixes to {fixed!r}, expected {ex['fixed']!r}")
        elif "hits" in ex:
            if hits != ex["hits"]:
                fails.append(f"(d) example {text!r}: {hits} hit(s), expected {ex['hits']}")
        elif hits:
            fails.append(f"(d) negative example {text!r} has {hits} hit(s)")
    return [f"{path.name}: {m}" for m in fails]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="repository root")
    ap.add_argument("-v", "--verbose", action="store_true", help="print notes too")
    args = ap.parse_args(argv)
    t0 = time.time()
    notes: list[str] = []
    fails: list[str] = []
    counts = {}
    for rel, straddle in ((TYPOS_PATH, True), (WORDING_PATH, False)):
        path = args.root / rel
        if not path.exists():
            fails.append(f"{rel}: missing")
            continue
        counts[rel] = len(load_rules(path).get("entries", {}))
        fails += check_file(path, straddle=straddle, notes=notes, root=args.root)
    if args.verbose:
        for n in notes:
            print("note:", n)
    for m in fails:
        print("FAIL:", m)
    corpus = load_corpus(args.root)
    summary = ", ".join(f"{k}: {v} entries" for k, v in counts.items())
    print(
        f"{summary}; corpus {len(corpus.encode('utf-8')) / 1e6:.2f} MB; "
        f"{len(notes)} note(s); {len(fails)} failure(s); {time.time() - t0:.1f}s"
    )
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
