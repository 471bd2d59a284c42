#!/usr/bin/env python3
"""Static precision gate for the typo and wording dictionaries (shipped or a team's).

Every dictionary is loaded by the package's own loader (``normtools.ruleset``: the same
parsing, exceptions and matcher as ``normtools check``), and every entry is checked:

(a) words: the wrong form is not a word of the word list (jieba's, as shipped in
    ``rules/jieba_words.gz``) and not inside one, unless that occurrence lies inside one
    of the entry's exceptions (``Entry.excluded_at``). jieba lists some misspellings as
    words ("再接再励 3", "迫不急待 3"): a word W is taken as such a listing (a note, not a
    failure) when its frequency is at most MISSPELL_MAX_FREQ (5) and W with the
    correction in place is at least MISSPELL_RATIO (3) times as frequent and at least
    MISSPELL_MIN_GOOD (10). Misspellings jieba lists more often (震憾 26, 名符其实 38) pass
    only when named in the allow-list tools/jieba_misspellings.tsv (``word<TAB>reason``,
    the reason required); an allow-list line that no entry needs is a failure.
(b) reference text: the rule itself (matcher, exceptions and word gate, suggestions
    reported) finds nothing in the clean reference corpus (tests/data/reference).
(c) straddling (not for wording.toml, whose fixed phrases are read as words by design):
    for every split wrong = L + R where L ends a common word w1 and R begins a common
    word w2 (frequency >= STRADDLE_FREQ, length >= 2), the rule finds nothing in w1 + w2:
    an exception or the word gate (normtools/wordgate.py) must account for it.
(d) form: no self-corrections and no chains (``normtools.ruletest.dictionary_problems``),
    the rule's examples behave (``normtools.ruletest.failing_examples``), the header keys
    are there, and a shipped file is exactly what tools/gen_dictionary.py writes (keys in
    code-point order, the decisions of tools/dictionary_decisions.tsv applied).

With ``--corpus DIR`` it also reads real text: every match of every entry in the files
under DIR with its verdict (finding, exception, words) and context, written to a review
table (``--out``) and summarised per entry. That is how the entries were re-gated on
/work/corpora/*/dev (tools/dictionary_decisions.md); it is a report, not a check.

Usage:  python tools/dictionary_gate.py [FILE ...] [-v] [--corpus DIR ... --out TSV]
Exit status 1 if a check fails, 2 on a usage or rule-file error.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import gen_dictionary  # noqa: E402

from normtools import wordgate  # noqa: E402
from normtools.matchers import LiteralIndex, judge, parse_entry  # noqa: E402
from normtools.model import Context, Document, Entry, Rule  # noqa: E402
from normtools.ruleset import RuleFileError, load_rule_file  # noqa: E402
from normtools.ruletest import dictionary_problems, failing_examples  # noqa: E402
from normtools.settings import Settings  # noqa: E402

SHIPPED = ("rules/typos.toml", "rules/wording.toml")
NO_STRADDLE = {"wording.toml"}
CORPUS_SUBDIR = Path("tests") / "data" / "reference"
MISSPELLINGS_PATH = Path("tools") / "jieba_misspellings.tsv"
REQUIRED_HEADER = ("code", "name", "kind", "severity", "description", "examples", "entries")

STRADDLE_FREQ = 1000
STRADDLE_TOP = 40  # most frequent words tried on each side of a split
MISSPELL_RATIO = 3
MISSPELL_MIN_GOOD = 10
MISSPELL_MAX_FREQ = 5

EVERYTHING = Settings(suggestions=True)


# ---------------------------------------------------------------- loading
@cache
def load_words() -> dict[str, int]:
    """{word: frequency} of the word gate's list (jieba 0.42.1's dictionary)."""
    return dict(wordgate.words())


@cache
def load_corpus(root: Path = ROOT) -> str:
    """tests/data/reference/*.txt, files separated by a blank line."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((root / CORPUS_SUBDIR).glob("*.txt"))]
    return "\n\n".join(parts)


def load_jieba_misspellings(root: Path = ROOT) -> dict[str, str]:
    """{jieba word: reason} from tools/jieba_misspellings.tsv; a line without a reason
    is an error: every tolerance must be argued."""
    path = root / MISSPELLINGS_PATH
    table: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        word, _, reason = line.partition("\t")
        if not word.strip() or not reason.strip():
            raise RuleFileError(f"{path}:{n}: expected 'word<TAB>reason'")
        table[word.strip()] = reason.strip()
    return table


def rule_of(entries: Mapping[str, object], code: str = "ZH399") -> Rule:
    """A dictionary rule made by the package's loader from ``entries`` (TOML values, in
    the given order); a value the loader rejects raises RuleFileError."""
    lines = [
        f'code = "{code}"',
        'name = "gate-check"',
        'kind = "literal"',
        'severity = "warning"',
        'description = "Entries under test."',
        'examples = [{ text = "" }]',
        "[entries]",
    ]
    for wrong, value in entries.items():
        try:
            entry = parse_entry(wrong, value)
        except ValueError as exc:
            raise RuleFileError(f"entry {wrong!r}: {exc}") from None
        lines.append(f"{gen_dictionary.toml_string(wrong)} = {gen_dictionary.render_value(entry)}")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "entries.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return load_rule_file(path, {})[0]


# ---------------------------------------------------------------- helpers
def findings(rule: Rule, text: str) -> list[tuple[int, int]]:
    """Where the rule reports in ``text`` (suggestions included): its own matcher."""
    ctx = Context(Document(text), EVERYTHING)
    return [(h.start, h.end) for h in rule.find(text, ctx)]


def occurrences(text: str, key: str) -> Iterator[int]:
    i = text.find(key)
    while i != -1:
        yield i
        i = text.find(key, i + 1)


def _context(text: str, start: int, end: int, width: int = 12) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return (left + "⟦" + text[start:end] + "⟧" + right).replace("\n", "⏎").replace("\t", " ")


def corrections(entry: Entry) -> tuple[str, ...]:
    return (entry.fix,) if entry.fix is not None else entry.suggest


def is_misspelling_listing(word: str, pos: int, entry: Entry, words: Mapping[str, int]) -> bool:
    freq = words.get(word, 0)
    if freq > MISSPELL_MAX_FREQ:
        return False
    for c in corrections(entry):
        good = word[:pos] + c + word[pos + len(entry.wrong) :]
        if words.get(good, 0) >= max(MISSPELL_MIN_GOOD, MISSPELL_RATIO * max(freq, 1)):
            return True
    return False


class _Indexes:
    """Which words hold each wrong form; common words by suffix and by prefix."""

    def __init__(self, keys: Iterable[str], words: Mapping[str, int]) -> None:
        keyset = set(keys)
        lengths = sorted({len(k) for k in keyset})
        self.containing: dict[str, list[str]] = collections.defaultdict(list)
        for w in words:
            for size in lengths:
                for i in range(len(w) - size + 1):
                    s = w[i : i + size]
                    if s in keyset and (not self.containing[s] or self.containing[s][-1] != w):
                        self.containing[s].append(w)
        self.suffix: dict[str, list[str]] = collections.defaultdict(list)
        self.prefix: dict[str, list[str]] = collections.defaultdict(list)
        common = sorted(
            ((w, f) for w, f in words.items() if f >= STRADDLE_FREQ and len(w) >= 2),
            key=lambda item: -item[1],
        )
        for w, _ in common:
            for i in range(len(w)):
                self.suffix[w[i:]].append(w)
            for i in range(1, len(w) + 1):
                self.prefix[w[:i]].append(w)


# ---------------------------------------------------------------- checks
def check_rule(
    rule: Rule,
    *,
    words: Mapping[str, int] | None = None,
    corpus: str | None = None,
    straddle: bool = True,
    misspellings: Mapping[str, str] | None = None,
    notes: list[str] | None = None,
    used: set[str] | None = None,
) -> list[str]:
    """Failure messages for one dictionary rule (empty: every entry passes (a)-(d)).

    ``used`` collects the allow-listed words some entry needed.
    """
    words = load_words() if words is None else words
    corpus = load_corpus() if corpus is None else corpus
    misspellings = load_jieba_misspellings() if misspellings is None else misspellings
    fails = [f"(d) {p}" for p in (*dictionary_problems(rule), *failing_examples(rule))]
    idx = _Indexes((e.wrong for e in rule.entries), words)
    for entry in rule.entries:
        k = entry.wrong
        # (a) words -----------------------------------------------------------
        bad = []
        for w in idx.containing.get(k, []):
            for pos in occurrences(w, k):
                if entry.excluded_at(w, pos):
                    continue
                if w in misspellings:
                    if used is not None:
                        used.add(w)
                    if notes is not None:
                        notes.append(f"(a) {k}: allow-listed misspelling {w!r}: {misspellings[w]}")
                    continue
                if is_misspelling_listing(w, pos, entry, words):
                    if notes is not None:
                        notes.append(f"(a) {k}: jieba lists the misspelling {w!r} ({words[w]})")
                    continue
                bad.append(w)
                break
        if bad:
            shown = ", ".join(f"{w}({words.get(w)})" for w in bad[:8])
            more = f" … +{len(bad) - 8}" if len(bad) > 8 else ""
            fails.append(f"(a) {k}: is/inside word(s) {shown}{more}")
        # (c) straddling --------------------------------------------------------
        if straddle:
            unexplained = []
            for i in range(1, len(k)):
                left, right = k[:i], k[i:]
                for w1 in idx.suffix.get(left, [])[:STRADDLE_TOP]:
                    for w2 in idx.prefix.get(right, [])[:STRADDLE_TOP]:
                        if _reported(entry, w1 + w2, len(w1) - len(left)):
                            unexplained.append(f"{w1}|{w2}")
                            break
                    if len(unexplained) > 5:
                        break
            if unexplained:
                fails.append(f"(c) {k}: straddles common words: {', '.join(unexplained[:6])}")
    # (b) reference text: the whole rule at once ------------------------------
    by_entry: dict[str, list[int]] = collections.defaultdict(list)
    for start, end in findings(rule, corpus):
        by_entry[corpus[start:end]].append(start)
    for k, starts in by_entry.items():
        shown = " | ".join(_context(corpus, s, s + len(k)) for s in starts[:3])
        fails.append(f"(b) {k}: {len(starts)} finding(s) in the reference corpus: {shown}")
    return fails


def _reported(entry: Entry, text: str, start: int) -> bool:
    return judge(entry, text, start) == "finding"


def check_entries(
    entries: Mapping[str, object],
    *,
    jieba: Mapping[str, int] | None = None,
    corpus: str | None = None,
    straddle: bool = True,
    notes: list[str] | None = None,
    misspellings: Mapping[str, str] | None = None,
) -> list[str]:
    """``check_rule`` for a table of entries (TOML values); also (d) sorted keys."""
    keys = list(entries)
    fails = [
        f"(d) keys not sorted: {a!r} before {b!r}" for a, b in itertools.pairwise(keys) if a >= b
    ]
    try:
        rule = rule_of(entries)
    except RuleFileError as exc:
        return [*fails, f"(d) {exc}"]
    return fails + check_rule(
        rule,
        words=jieba,
        corpus=corpus,
        straddle=straddle,
        notes=notes,
        misspellings=misspellings if misspellings is not None else {},
    )


def check_file(
    path: Path,
    *,
    straddle: bool,
    notes: list[str] | None = None,
    root: Path = ROOT,
    used: set[str] | None = None,
) -> list[str]:
    """Every check on one dictionary file (TOML or TSV), messages prefixed by its name."""
    try:
        rules = load_rule_file(path, {})
    except RuleFileError as exc:
        return [f"{path.name}: {exc}"]
    fails: list[str] = []
    if path.suffix == ".toml":
        data = gen_dictionary.read(path)[1]
        fails += [f"(d) missing header key {key!r}" for key in REQUIRED_HEADER if key not in data]
    rel = path.resolve().relative_to(root.resolve()).as_posix() if path.is_relative_to(root) else ""
    if rel in SHIPPED:
        decisions = gen_dictionary.read_decisions(root / "tools" / "dictionary_decisions.tsv")
        if gen_dictionary.canonical(rel, decisions, root) != path.read_text(encoding="utf-8"):
            fails.append(
                "(d) not in canonical form or a decision is not applied: "
                "run python tools/gen_dictionary.py"
            )
    for rule in rules:
        fails += check_rule(
            rule,
            corpus=load_corpus(root),
            straddle=straddle,
            notes=notes,
            misspellings=load_jieba_misspellings(root),
            used=used,
        )
    return [f"{path.name}: {m}" for m in fails]


# ---------------------------------------------------------------- real text
def review(rules: Sequence[Rule], directories: Sequence[Path], out: Path | None) -> None:
    """Every match on real text with its verdict; a summary per entry on stdout."""
    counts: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    rows = ["code\tentry\tcorrection\tkind\tverdict\tpath\tline\tcontext"]
    indexes = [(rule, LiteralIndex(rule.entries)) for rule in rules]
    for directory in directories:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            text = path.read_text(encoding="utf-8", errors="replace")
            for rule, index in indexes:
                for start, entry in index.matches(text):
                    verdict = judge(entry, text, start)
                    counts[(rule.code, entry.wrong)][verdict] += 1
                    line = text.count("\n", 0, start) + 1
                    kind = "fix" if entry.fix is not None else "suggest"
                    context = _context(text, start, start + len(entry.wrong), 25)
                    rel = path.relative_to(directory)
                    rows.append(
                        f"{rule.code}\t{entry.wrong}\t{'|'.join(corrections(entry))}\t{kind}\t"
                        f"{verdict}\t{rel}\t{line}\t{context}"
                    )
    if out is not None:
        out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    total: collections.Counter[str] = collections.Counter()
    for (code, wrong), c in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        total.update(c)
        shown = ", ".join(f"{n} {v}" for v, n in sorted(c.items()))
        print(f"{code} {wrong}: {shown}")
    print("all: " + ", ".join(f"{n} {v}" for v, n in sorted(total.items())))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="dictionaries (default: the shipped two)")
    ap.add_argument("--root", type=Path, default=ROOT, help="repository root")
    ap.add_argument("-v", "--verbose", action="store_true", help="print notes too")
    ap.add_argument("--corpus", type=Path, action="append", default=[], help="real text to review")
    ap.add_argument("--out", type=Path, help="review table for --corpus (TSV)")
    args = ap.parse_args(argv)
    files = args.files or [args.root / rel for rel in SHIPPED]
    t0 = time.time()
    if args.corpus:
        try:
            rules = [r for f in files for r in load_rule_file(f, {})]
        except RuleFileError as exc:
            print(f"dictionary_gate: {exc}", file=sys.stderr)
            return 2
        review(rules, args.corpus, args.out)
        return 0
    notes: list[str] = []
    fails: list[str] = []
    used: set[str] = set()
    for path in files:
        if not path.exists():
            print(f"dictionary_gate: {path}: no such file", file=sys.stderr)
            return 2
        straddle = path.name not in NO_STRADDLE
        fails += check_file(path, straddle=straddle, notes=notes, root=args.root, used=used)
    if not args.files:
        for word in sorted(set(load_jieba_misspellings(args.root)) - used):
            fails.append(f"{MISSPELLINGS_PATH}: {word!r} is allow-listed but no entry needs it")
    if args.verbose:
        for n in notes:
            print("note:", n)
    for m in fails:
        print("FAIL:", m)
    print(
        f"{len(files)} file(s); {len(notes)} note(s); {len(fails)} failure(s); "
        f"{time.time() - t0:.1f}s"
    )
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
