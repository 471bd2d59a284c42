#!/usr/bin/env python3
"""Per-rule precision of normtools on a corpus of real text: counts, review samples, verdicts.

A rule is only as good as its findings on text nobody here wrote.  This runs
``normtools.Normalizer.check_file`` (the default house style, no configuration) over
every file of a corpus directory and writes, under ``precision/<name>/``:

- ``summary.json``: per rule code, the findings, findings per MB, how many carry a fix
  and how many are report-only, the sample size, the verdicts and the precision;
- ``<CODE>.tsv``: a review file: a fixed sample of the code's findings (the ``--sample``
  findings with the smallest hash of seed and key, so the sample stays put when
  unrelated findings come and go), each with ~30 characters of context on each side and
  the proposed replacement, and an empty ``verdict`` column for a reviewer to fill with
  ``ok`` / ``wrong`` / ``unsure`` (plus a ``note``);
- ``stale.tsv``: verdicts whose finding no longer occurs (kept, so no review is lost;
  they come back if the finding does);

and renders ``precision/README.md`` from every corpus's summary.

A finding's key is a hash of its source-relative path (the part directory dev/holdout
stripped), code, matched text, replacement and 10 characters of context on each side,
so a rerun finds the verdicts again even after other findings changed.  Precision is
ok / (ok + wrong) over the reviewed findings that still occur.

Usage:  python tools/precision.py /work/corpora/official/dev [--name official]
            [--seed 1] [--sample 50] [--jobs 2] [--out precision]
The rule set is always the default one (what a new user gets), so that every run of a
corpus measures the same rules and no verdict goes stale because of a selection.
Exit status 2 on a usage error or a malformed review file.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VERDICTS = ("ok", "wrong", "unsure")
KEY_CONTEXT = 10  # characters on each side that go into a finding's key
COLUMNS = (
    "key",
    "code",
    "verdict",
    "note",
    "path",
    "line",
    "match",
    "replacement",
    "context",
    "message",
)


class ReviewFileError(Exception):
    """A review file that cannot be read back (exit 2); the message names file and line."""


# -- one finding ---------------------------------------------------------------------


def visible(s: str) -> str:
    """A field fit for one TSV cell and a reviewer's eye: tabs and line ends as symbols,
    invisible characters (zero-width space, BOM, controls) as ⟨U+XXXX⟩."""
    s = s.replace("\t", "⇥").replace("\r", "␍").replace("\n", "⏎")
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else f"⟨U+{ord(c):04X}⟩" for c in s)


def finding_key(path: str, code: str, match: str, replacement: str, before: str, after: str) -> str:
    """Stable identity of a finding across reruns: no offsets, only what it looks like."""
    raw = "\0".join((path, code, match, replacement, before[-KEY_CONTEXT:], after[:KEY_CONTEXT]))
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def priority(seed: int, key: str) -> str:
    return hashlib.blake2b(f"{seed}:{key}".encode(), digest_size=8).hexdigest()


def paragraph_context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to ``width`` characters before and after, not crossing a blank line."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    cut = before.rfind("\n\n")
    if cut >= 0:
        before = before[cut + 2 :]
    cut = after.find("\n\n")
    if cut >= 0:
        after = after[:cut]
    return before, after


@dataclass(frozen=True)
class Record:
    """One finding as a review file shows it."""

    key: str
    code: str
    path: str
    line: int
    match: str
    replacement: str
    before: str
    after: str
    message: str

    def row(self, verdict: str = "", note: str = "") -> dict[str, str]:
        return {
            "key": self.key,
            "code": self.code,
            "verdict": verdict,
            "note": note,
            "path": self.path,
            "line": str(self.line),
            "match": visible(self.match),
            "replacement": visible(self.replacement),
            "context": visible(f"{self.before}⟦{self.match}⟧{self.after}"),
            "message": visible(self.message),
        }


def source_relative(rel: str) -> str:
    """``dev/lawtext+gov/a.md`` → ``lawtext+gov/a.md``: the key must not change when a
    corpus is measured as a whole or part by part."""
    head, _, rest = rel.partition("/")
    return rest if head in ("dev", "holdout") and rest else rel


def doc_text(data: bytes) -> str:
    """The text as the engine numbers it: normtools' own decoding and line ends (a CR CR
    LF, say, is one line end), so that a finding's line points at the right text."""
    from normtools.textio import FileProblem, decode

    try:
        return decode(data).text
    except FileProblem:  # unreadable: findings cannot point into it anyway
        return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def offset_of(text: str, starts: Sequence[int], line: int, column: int) -> int:
    if line > len(starts):
        return len(text)
    return min(len(text), starts[max(0, line - 1)] + column - 1)


def records_for(path: str, text: str, diagnostics: Iterable[Any], width: int) -> list[Record]:
    """One Record per diagnostic, in the same order."""
    starts = line_starts(text)
    out = []
    for d in diagnostics:
        start, end = d.start, d.end
        if not (0 <= start <= end <= len(text)) or (
            start != offset_of(text, starts, d.line, d.column)
        ):  # offsets into another text than ours: trust line and column
            start = offset_of(text, starts, d.line, d.column)
            end = max(start, offset_of(text, starts, d.end_line, d.end_column))
        match = text[start:end]
        if d.replacement is not None:
            repl = d.replacement
        elif d.meta:
            repl = "; ".join(f"{k}={v}" for k, v in d.meta)
        else:
            repl = ""
        before, after = paragraph_context(text, start, end, width)
        key = finding_key(path, d.code, match, repl, before, after)
        out.append(Record(key, d.code, path, d.line, match, repl, before, after, d.message))
    return out


# -- scanning (in worker processes) -----------------------------------------------------


@dataclass
class FileScan:
    """What one file contributes; merged in the parent, in any order."""

    size: int = 0
    skipped: str | None = None
    counts: dict[str, list[int]] = field(default_factory=dict)  # code -> [findings, fixable]
    sample: dict[str, list[tuple[str, Record]]] = field(default_factory=dict)
    reviewed: list[Record] = field(default_factory=list)


_STATE: dict[str, Any] = {}


def _init(keys: frozenset[str], opts: dict[str, int]) -> None:
    import normtools

    _STATE.update(normalizer=normtools.Normalizer(keep_original=True), keys=keys, **opts)


def scan_file(task: tuple[str, str]) -> FileScan:
    full, rel = task
    normalizer = _STATE["normalizer"]
    result = normalizer.check_file(Path(full), rel)
    scan = FileScan(size=os.path.getsize(full))
    if result.skipped:
        scan.skipped = result.skip_kind or "skipped"
        return scan
    text = doc_text(result.original)
    records = records_for(source_relative(rel), text, result.diagnostics, _STATE["context"])
    heaps: dict[str, list[tuple[str, Record]]] = {}
    for r, d in zip(records, result.diagnostics, strict=True):
        c = scan.counts.setdefault(r.code, [0, 0])
        c[0] += 1
        c[1] += d.fixable
        keep_smallest(
            heaps.setdefault(r.code, []), (priority(_STATE["seed"], r.key), r), _STATE["sample"]
        )
        if r.key in _STATE["keys"]:
            scan.reviewed.append(r)
    scan.sample = heaps
    return scan


def keep_smallest(kept: list[tuple[str, Record]], item: tuple[str, Record], n: int) -> None:
    """Keep in ``kept`` (sorted) the ``n`` items of smallest (priority, key): the same
    sample whatever order the files are scanned in."""
    if n <= 0:
        return
    full = len(kept) >= n
    if full and (item[0], item[1].key) >= (kept[-1][0], kept[-1][1].key):
        return
    if any(k[1].key == item[1].key for k in kept):
        return  # the same finding twice (identical text and context): one review covers both
    if full:
        kept.pop()
    bisect.insort(kept, item, key=lambda t: (t[0], t[1].key))


# -- review files ------------------------------------------------------------------------


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        return []
    header = lines[0].split("\t")
    if "key" not in header or "verdict" not in header:
        raise ReviewFileError(f"{path}:1: the header must name the columns key and verdict")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))
        verdict = row.get("verdict", "").strip().lower()
        if verdict and verdict not in VERDICTS:
            raise ReviewFileError(
                f"{path}:{n}: verdict must be ok, wrong or unsure, not {verdict!r}"
            )
        row["verdict"] = verdict
        row["_file"] = str(path)
        rows.append(row)
    return rows


def write_tsv(path: Path, rows: Sequence[dict[str, str]]) -> None:
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(visible(r.get(c, "")) for c in COLUMNS) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_verdicts(folder: Path) -> dict[str, dict[str, str]]:
    """Every reviewed row under ``folder`` (review files and stale.tsv), by key."""
    verdicts: dict[str, dict[str, str]] = {}
    if not folder.is_dir():
        return verdicts
    for path in sorted(folder.glob("*.tsv")):
        for row in read_tsv(path):
            if row["verdict"] or row.get("note", "").strip():
                verdicts[row["key"]] = row
    return verdicts


# -- the run -----------------------------------------------------------------------------


def corpus_files(
    top: Path, extensions: Sequence[str]
) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """(full path, path under ``top``) of the files normtools takes by default, and how
    many files of each other extension were passed over."""
    found, other = [], collections.Counter[str]()
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            ext = os.path.splitext(name)[1].lower()
            if ext not in extensions:
                other[ext or "(none)"] += 1
                continue
            full = os.path.join(dirpath, name)
            found.append((full, os.path.relpath(full, top).replace(os.sep, "/")))
    return found, dict(sorted(other.items()))


def default_name(top: Path) -> str:
    if top.name == "dev":
        return top.parent.name
    if top.name == "holdout":
        return f"{top.parent.name}-holdout"
    return top.name


def normtools_version() -> str:
    """The last commit that changed the code or the rules measured (+ "-dirty" when they
    have uncommitted changes): what a table's figures belong to."""

    def git(*args: str) -> str:
        proc = subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
        )
        return proc.stdout.strip()

    commit = git("log", "-1", "--format=%h", "--", "normtools", "rules") or "unknown"
    dirty = git("status", "--porcelain", "--", "normtools", "rules")
    return commit + ("-dirty" if dirty else "")


@dataclass
class Totals:
    files: int = 0
    size: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    counts: dict[str, list[int]] = field(default_factory=dict)
    files_with: dict[str, int] = field(default_factory=dict)
    sample: dict[str, list[tuple[str, Record]]] = field(default_factory=dict)
    reviewed: dict[str, Record] = field(default_factory=dict)

    def add(self, scan: FileScan, n: int) -> None:
        self.files += 1
        self.size += scan.size
        if scan.skipped:
            self.skipped[scan.skipped] = self.skipped.get(scan.skipped, 0) + 1
        for code, (found, fixable) in scan.counts.items():
            c = self.counts.setdefault(code, [0, 0])
            c[0] += found
            c[1] += fixable
            self.files_with[code] = self.files_with.get(code, 0) + 1
        for code, items in scan.sample.items():
            heap = self.sample.setdefault(code, [])
            for item in items:
                keep_smallest(heap, item, n)
        for r in scan.reviewed:
            self.reviewed[r.key] = r


def run(args: argparse.Namespace) -> int:
    import normtools

    top: Path = args.corpus
    if not top.is_dir():
        print(f"precision: {top}: not a directory", file=sys.stderr)
        return 2
    name = args.name or default_name(top)
    folder: Path = args.out / name
    verdicts = load_verdicts(folder)
    config = normtools.Config()
    rules = {r.code: r for r in normtools.Normalizer(config).rules}
    extensions = tuple(e.lower() for e in (*config.extensions, *args.ext))
    files, other = corpus_files(top, extensions)
    if args.max_files:
        files = files[: args.max_files]
    opts = {"seed": args.seed, "sample": args.sample, "context": args.context}
    initargs = (frozenset(verdicts), opts)
    totals = Totals()
    if args.jobs > 1:
        with Pool(args.jobs, _init, initargs) as pool:
            for scan in pool.imap_unordered(scan_file, files, chunksize=8):
                totals.add(scan, args.sample)
    else:
        _init(*initargs)
        for task in files:
            totals.add(scan_file(task), args.sample)
    folder.mkdir(parents=True, exist_ok=True)
    summary = write_reviews(folder, name, top, totals, verdicts, rules, args)
    summary["other_extensions"] = other
    (folder / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (args.out / "README.md").write_text(render_readme(args.out), encoding="utf-8")
    print(render_table(summary))
    if summary["stale"]:
        print(f"{summary['stale']} verdicts are stale (listed in {folder / 'stale.tsv'})")
    return 0


def write_reviews(
    folder: Path,
    name: str,
    top: Path,
    totals: Totals,
    verdicts: dict[str, dict[str, str]],
    rules: dict[str, Any],
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Rewrite every review file with the new sample and the verdicts that still apply."""
    mb = totals.size / 1e6
    codes: dict[str, Any] = {}
    for old in folder.glob("*.tsv"):
        old.unlink()
    for code in sorted(set(totals.counts) | {r.code for r in totals.reviewed.values()}):
        found, fixable = totals.counts.get(code, [0, 0])
        sample = [r for _, r in totals.sample.get(code, [])]
        keys = {r.key for r in sample}
        extra = sorted(
            (r for r in totals.reviewed.values() if r.code == code and r.key not in keys),
            key=lambda r: (r.path, r.line),
        )
        rows = []
        tally = dict.fromkeys(VERDICTS, 0)
        for r in [*sample, *extra]:
            v = verdicts.get(r.key, {})
            verdict = v.get("verdict", "")
            if verdict:
                tally[verdict] += 1
            rows.append(r.row(verdict, v.get("note", "")))
        if rows:
            write_tsv(folder / f"{code}.tsv", rows)
        judged = tally["ok"] + tally["wrong"]
        rule = rules.get(code)
        codes[code] = {
            "name": getattr(rule, "name", ""),
            "family": getattr(rule, "family", ""),
            "findings": found,
            "fixes": fixable,
            "report_only": found - fixable,
            "files": totals.files_with.get(code, 0),
            "per_mb": round(found / mb, 3) if mb else 0.0,
            "sample": len(sample),
            "reviewed": sum(tally.values()),
            "ok": tally["ok"],
            "wrong": tally["wrong"],
            "unsure": tally["unsure"],
            "precision": round(tally["ok"] / judged, 3) if judged else None,
        }
    stale = [row for key, row in verdicts.items() if key not in totals.reviewed]
    if stale:
        write_tsv(folder / "stale.tsv", sorted(stale, key=lambda r: (r.get("path", ""), r["key"])))
    return {
        "corpus": name,
        "directory": str(top),
        "normtools": normtools_version(),
        "files": totals.files,
        "mb": round(mb, 2),
        "skipped": totals.skipped,
        "seed": args.seed,
        "sample_size": args.sample,
        "stale": len(stale),
        "no_findings": sorted(set(rules) - set(codes)),
        "codes": codes,
    }


def render_table(summary: dict[str, Any]) -> str:
    lines = [
        "| code | name | findings | per MB | fixes | report-only | files | sample | reviewed "
        "| precision |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for code, c in summary["codes"].items():
        prec = "–" if c["precision"] is None else f"{c['precision']:.1%}"
        if c["reviewed"]:
            prec += f" ({c['ok']}/{c['ok'] + c['wrong']}; {c['unsure']} unsure)"
        lines.append(
            f"| {code} | {c['name']} | {c['findings']} | {c['per_mb']:.2f} | {c['fixes']} "
            f"| {c['report_only']} | {c['files']} | {c['sample']} | {c['reviewed']} | {prec} |"
        )
    return "\n".join(lines)


def render_readme(out: Path) -> str:
    """precision/README.md: one table per corpus measured, from the summaries on disk."""
    parts = [
        "# Precision of normtools on real text",
        "",
        "Generated by `tools/precision.py` (see tools/README.md); do not edit by hand.",
        "Per corpus and rule code: findings, findings per MB (10^6 bytes of UTF-8), how many",
        "carry a fix and how many only report, the review sample and its verdicts.",
        "Precision = ok / (ok + wrong) over reviewed findings that still occur. Reviewers",
        "fill the `verdict` column (`ok` / `wrong` / `unsure`) and `note` of",
        "`precision/<corpus>/<CODE>.tsv`, commit, and rerun; the table follows.",
        "",
    ]
    for path in sorted(out.glob("*/summary.json")):
        s = json.loads(path.read_text(encoding="utf-8"))
        skipped = ", ".join(f"{n} {k}" for k, n in sorted(s["skipped"].items())) or "none"
        other = ", ".join(f"{n} {k}" for k, n in s.get("other_extensions", {}).items())
        parts += [
            f"## {s['corpus']}",
            "",
            f"{s['files']} files, {s['mb']} MB (`{s['directory']}`); normtools {s['normtools']};"
            f" seed {s['seed']}, sample {s['sample_size']} per code; skipped: {skipped};"
            f" stale verdicts: {s['stale']}."
            + (f" Not taken by default (other extensions): {other}." if other else ""),
            "",
            render_table(s),
            "",
            f"No findings: {', '.join(s['no_findings']) or '–'}.",
            "",
        ]
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="a corpus directory, e.g. /work/corpora/official/dev")
    ap.add_argument("--name", help="name of the corpus (default: from the directory)")
    ap.add_argument("--out", type=Path, default=ROOT / "precision")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample", type=int, default=50, help="findings per code to review")
    ap.add_argument("--context", type=int, default=30, help="characters shown on each side")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--ext", action="append", default=[], help="also files ending so (.mdx)")
    ap.add_argument("--max-files", type=int, default=0, help="only the first N files (trials)")
    args = ap.parse_args(argv)
    try:
        return run(args)
    except ReviewFileError as exc:
        print(f"precision: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
