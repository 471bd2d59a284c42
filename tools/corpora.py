#!/usr/bin/env python3
"""Rebuild the reference corpora (/work/corpora) from local snapshots of public repositories.

normtools is measured on real text nobody here wrote; that text cannot be committed, so
this script rebuilds it from the sources named in tools/corpora.toml.  It cannot fetch:
each source must already be a bare git directory under the mirror directory
(``<mirror>/<owner>+<name>/repo``, as the workplace's ``fetch`` leaves it, or any clone
whose git directory is there).  ``--list`` prints which repositories to fetch.

Every file is taken as it is, one output file per source document; the only change is
decoding to UTF-8 (GB18030/GBK and UTF-16 files are converted, and the MANIFEST.tsv
beside the corpus records the original encoding).  ~20 % of every source, chosen by a
hash of its path, goes to ``<corpus>/holdout`` and is measured on only at the end;
the rest is ``<corpus>/dev``.

Layout:  <out>/<corpus>/<dev|holdout>/<owner>+<name>/<path in the repository>
         <out>/<corpus>/MANIFEST.tsv   one row per file (part, source, path, bytes, ...)

Usage:  python tools/corpora.py --list
        python tools/corpora.py [--only official] [--out /work/corpora]
                                [--stats tools/corpora-stats.md]
Exit status 2 when a snapshot is missing or the manifest is wrong.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "tools" / "corpora.toml"
CORPORA = ("official", "docs", "ebooks")
PARTS = ("dev", "holdout")

# Reserved for acceptance: never read, whatever tools/corpora.toml says.
RESERVED_REPOS = frozenset(
    {
        "vuejs-translations/docs-zh-cn",
        "ruanyf/es6tutorial",
        "kaisery/trpl-zh-cn",
        "tallusil/luxun-novel-analysis",
    }
)
RESERVED_PREFIXES = {"lawtext/gov": ("政府工作报告-国务院/", "政府工作报告-省自治区/浙江省/")}
RESERVED_NAMES = re.compile(r"鲁迅|lu[ _-]?xun", re.IGNORECASE)

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]")
YEAR = re.compile(r"^((?:19|20)\d\d)")
WRAPPED_SHARE = 0.5  # share of non-empty lines at the modal width that makes a file wrapped
WRAPPED_MIN_WIDTH = 40  # display columns; a wrap narrower than this is verse or a list


class ManifestError(Exception):
    """tools/corpora.toml or a snapshot is not what the build needs (exit 2)."""


@dataclass
class Source:
    repo: str
    commit: str
    corpus: str
    licence: str
    include: list[str]
    exclude: list[str] = field(default_factory=list)
    min_year: int | None = None
    budget_mb: float | None = None
    note: str = ""

    @property
    def dirname(self) -> str:
        return self.repo.replace("/", "+")


@dataclass
class Settings:
    holdout_percent: float
    holdout_salt: str
    min_han: int


@dataclass
class Row:
    """One file of a built corpus: one line of MANIFEST.tsv."""

    part: str
    repo: str
    path: str
    bytes: int
    encoding: str
    han: int
    wrap_width: int
    wrap_share: float

    @property
    def wrapped(self) -> bool:
        return self.wrap_share >= WRAPPED_SHARE and self.wrap_width >= WRAPPED_MIN_WIDTH


def load_manifest(path: Path) -> tuple[Settings, list[Source]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"{path}: {exc}") from None
    s = data.get("settings", {})
    settings = Settings(
        float(s.get("holdout_percent", 20)),
        str(s.get("holdout_salt", "normtools-corpora-1")),
        int(s.get("min_han", 50)),
    )
    sources = []
    for i, raw in enumerate(data.get("source", [])):
        try:
            src = Source(**raw)
        except TypeError as exc:
            raise ManifestError(f"{path}: source #{i + 1}: {exc}") from None
        if src.corpus not in CORPORA:
            raise ManifestError(f"{path}: source {src.repo}: corpus must be one of {CORPORA}")
        if src.repo.lower() in RESERVED_REPOS:
            raise ManifestError(f"{path}: source {src.repo} is reserved for acceptance")
        sources.append(src)
    return settings, sources


# -- reading a snapshot ----------------------------------------------------------------


def git_dir(mirror: Path, src: Source) -> Path:
    """The bare git directory of ``src`` in the mirror, or a ManifestError naming it."""
    base = mirror / src.dirname
    for cand in (base / "repo", base / "repo" / ".git", base / ".git", base):
        if (cand / "objects").is_dir() and (cand / "HEAD").is_file():
            return cand
    raise ManifestError(
        f"{src.repo}: no snapshot at {base} (fetch github:{src.repo} first; "
        "`python tools/corpora.py --list` names every source)"
    )


def git(gdir: Path, *args: str) -> bytes:
    proc = subprocess.run(
        ["git", f"--git-dir={gdir}", "-c", "core.quotepath=off", *args],
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise ManifestError(f"{gdir}: git {' '.join(args)}: {proc.stderr.decode().strip()}")
    return proc.stdout


def resolve_commit(gdir: Path, src: Source, use_head: bool) -> str:
    head = git(gdir, "rev-parse", "HEAD").decode().strip()
    has = subprocess.run(
        ["git", f"--git-dir={gdir}", "cat-file", "-e", f"{src.commit}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    if has.returncode == 0:
        return src.commit
    if use_head:
        print(
            f"{src.repo}: commit {src.commit[:12]} absent; using HEAD {head[:12]}", file=sys.stderr
        )
        return head
    raise ManifestError(
        f"{src.repo}: the snapshot holds {head[:12]}, not the pinned {src.commit[:12]} "
        "(pass --use-head to build from the snapshot, then update tools/corpora.toml)"
    )


def list_blobs(gdir: Path, commit: str) -> Iterator[tuple[str, str, int]]:
    """(path, blob id, size) of every file of ``commit``: names only, no content read."""
    out = git(gdir, "ls-tree", "-r", "-l", "-z", commit)
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha, size = meta.split()
        if kind != b"blob" or mode == b"120000" or not size.isdigit():
            continue  # submodules, symbolic links, blobs absent from the snapshot
        yield path.decode("utf-8", "surrogateescape"), sha.decode(), int(size)


def reserved(src: Source, path: str) -> bool:
    if any(path.startswith(p) for p in RESERVED_PREFIXES.get(src.repo, ())):
        return True
    return bool(RESERVED_NAMES.search(path))


def select_paths(src: Source, blobs: Sequence[tuple[str, str, int]]) -> list[tuple[str, str]]:
    """The (path, blob) pairs ``src`` takes, decided by name alone."""
    inc = pathspec.PathSpec.from_lines("gitwildmatch", src.include)
    exc = pathspec.PathSpec.from_lines("gitwildmatch", src.exclude)
    chosen = []
    for path, sha, _size in blobs:
        if reserved(src, path):
            continue
        parts = path.split("/")
        if any(p.startswith(".") or p == "node_modules" for p in parts):
            continue
        if not inc.match_file(path) or exc.match_file(path):
            continue
        if src.min_year is not None:
            year = YEAR.match(parts[-1])
            if year and int(year.group(1)) < src.min_year:
                continue
        chosen.append((path, sha))
    return chosen


def read_blobs(gdir: Path, shas: Sequence[str]) -> Iterator[bytes]:
    """The content of each blob, in order, through one ``git cat-file --batch``."""
    proc = subprocess.Popen(
        ["git", f"--git-dir={gdir}", "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for sha in shas:
            proc.stdin.write(sha.encode() + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) < 3 or header[1] != b"blob":
                raise ManifestError(f"{gdir}: blob {sha} missing from the snapshot")
            data = proc.stdout.read(int(header[2]))
            proc.stdout.read(1)  # the newline after the content
            yield data
    finally:
        proc.stdin.close()
        proc.wait()


# -- what a file is ------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str] | None:
    """(text, original encoding), or None for bytes that are no text in a known encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return None


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def wrap_shape(text: str) -> tuple[int, float]:
    """(modal width, share of non-empty lines within 2 columns of it): a file broken at
    a fixed width inside sentences has most of its lines at one width."""
    widths = [width(line.rstrip()) for line in text.splitlines() if line.strip()]
    long = collections.Counter(w for w in widths if w >= 20)
    if not long:
        return 0, 0.0
    mode = max(long.items(), key=lambda kv: (kv[1], kv[0]))[0]
    near = sum(1 for w in widths if abs(w - mode) <= 2)
    return mode, round(near / len(widths), 3)


def holdout(settings: Settings, repo: str, path: str) -> bool:
    digest = hashlib.blake2b(f"{settings.holdout_salt}:{repo}:{path}".encode()).digest()
    return int.from_bytes(digest[:8], "big") < settings.holdout_percent / 100 * 2**64


def path_order(repo: str, path: str) -> bytes:
    return hashlib.blake2b(f"order:{repo}:{path}".encode()).digest()


# -- building ------------------------------------------------------------------------


def build_source(
    src: Source, gdir: Path, commit: str, settings: Settings, out: Path
) -> tuple[list[Row], collections.Counter[str]]:
    skipped: collections.Counter[str] = collections.Counter()
    blobs = list(list_blobs(gdir, commit))
    chosen = select_paths(src, blobs)
    taken: list[Row] = []
    for (path, _sha), data in zip(chosen, read_blobs(gdir, [s for _, s in chosen]), strict=True):
        decoded = decode(data)
        if decoded is None:
            skipped["not decodable"] += 1
            continue
        text, enc = decoded
        han = len(HAN.findall(text))
        if han < settings.min_han:
            skipped[f"fewer than {settings.min_han} Han"] += 1
            continue
        shape = wrap_shape(text) if path.lower().endswith(".txt") else (0, 0.0)
        part = "holdout" if holdout(settings, src.repo, path) else "dev"
        size = len(data) if enc == "utf-8" else len(text.encode("utf-8"))
        row = Row(part, src.repo, path, size, enc, han, shape[0], shape[1])
        taken.append(row)
        # the original bytes of a UTF-8 file are kept (a BOM or CRLF is part of the test)
        dest = out / ".build" / part / src.dirname / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data if enc == "utf-8" else text.encode("utf-8"))
    if src.budget_mb is not None:
        taken = apply_budget(src, taken, out, skipped)
    return taken, skipped


def apply_budget(
    src: Source, taken: list[Row], out: Path, skipped: collections.Counter[str]
) -> list[Row]:
    """Keep hard-wrapped files first, then files in path-hash order, up to the budget."""
    assert src.budget_mb is not None
    budget = src.budget_mb * 1_000_000
    kept, total = [], 0
    for row in sorted(taken, key=lambda r: (not r.wrapped, path_order(src.repo, r.path))):
        if total + row.bytes <= budget:
            kept.append(row)
            total += row.bytes
        else:
            skipped["over budget_mb"] += 1
            (out / ".build" / row.part / src.dirname / row.path).unlink()
    return sorted(kept, key=lambda r: r.path)


MANIFEST_HEADER = (
    "part\trepo\tcommit\tpath\tbytes\tencoding\than\twrap_width\twrap_share\twrapped\n"
)


def build_corpus(
    corpus: str, sources: list[Source], settings: Settings, mirror: Path, out: Path, use_head: bool
) -> None:
    target = out / corpus
    tmp = out / f".{corpus}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    (tmp / ".build").mkdir(parents=True)
    lines = [MANIFEST_HEADER]
    for src in sources:
        gdir = git_dir(mirror, src)
        commit = resolve_commit(gdir, src, use_head)
        rows, skipped = build_source(src, gdir, commit, settings, tmp)
        for r in rows:
            lines.append(
                f"{r.part}\t{r.repo}\t{commit}\t{r.path}\t{r.bytes}\t{r.encoding}\t{r.han}"
                f"\t{r.wrap_width}\t{r.wrap_share}\t{int(r.wrapped)}\n"
            )
        size = sum(r.bytes for r in rows) / 1e6
        skip = ", ".join(f"{n} {why}" for why, n in sorted(skipped.items())) or "none skipped"
        print(f"{corpus}: {src.repo}@{commit[:12]}: {len(rows)} files, {size:.1f} MB ({skip})")
    for part in PARTS:
        (tmp / ".build" / part).mkdir(exist_ok=True)
        (tmp / ".build" / part).rename(tmp / part)
    (tmp / ".build").rmdir()
    (tmp / "MANIFEST.tsv").write_text("".join(lines), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)


# -- statistics ------------------------------------------------------------------------


def read_rows(out: Path, corpus: str) -> list[dict[str, str]]:
    path = out / corpus / "MANIFEST.tsv"
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def stats_markdown(out: Path, sources: list[Source]) -> str:
    """The committed record: per source and part, files, MB, converted, hard-wrapped."""
    licence = {s.repo: s.licence for s in sources}
    lines = [
        "# Reference corpora: what tools/corpora.py built",
        "",
        "Generated by `python tools/corpora.py --stats tools/corpora-stats.md`; the",
        "sources, commits and filters are in `tools/corpora.toml`. MB = 10^6 bytes of UTF-8.",
        "`converted` counts files decoded from GB18030/GBK or UTF-16; `wrapped` counts",
        "hard-wrapped text files (most lines at one width, inside sentences).",
        "",
    ]
    for corpus in CORPORA:
        rows = read_rows(out, corpus)
        if not rows:
            continue
        lines += [
            f"## {corpus}",
            "",
            "| source | commit | licence | dev files | dev MB | holdout files | holdout MB "
            "| converted | wrapped |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        by_repo: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
        for r in rows:
            by_repo[r["repo"]].append(r)
        total = {p: [0, 0] for p in PARTS}
        for repo, rs in by_repo.items():
            cells = []
            for p in PARTS:
                mine = [r for r in rs if r["part"] == p]
                n, b = len(mine), sum(int(r["bytes"]) for r in mine)
                total[p][0] += n
                total[p][1] += b
                cells += [str(n), f"{b / 1e6:.1f}"]
            conv = sum(r["encoding"] != "utf-8" for r in rs)
            wrapped = sum(r["wrapped"] == "1" for r in rs)
            lines.append(
                f"| {repo} | {rs[0]['commit'][:12]} | {licence.get(repo, '?')} | "
                + " | ".join(cells)
                + f" | {conv} | {wrapped} |"
            )
        tot = " | ".join(f"{total[p][0]} | {total[p][1] / 1e6:.1f}" for p in PARTS)
        lines += [f"| **total** | | | {tot} | | |", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", type=Path, default=MANIFEST)
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=Path("/work/corpora"))
    ap.add_argument("--only", choices=CORPORA, action="append", help="build only this corpus")
    ap.add_argument("--list", action="store_true", help="print the repositories to fetch")
    ap.add_argument("--use-head", action="store_true", help="build from a snapshot's HEAD")
    ap.add_argument("--stats", type=Path, help="write the per-source table (markdown) here")
    args = ap.parse_args(argv)
    try:
        settings, sources = load_manifest(args.manifest)
        if args.list:
            for s in sources:
                print(f"github:{s.repo}\t{s.commit}\t{s.corpus}")
            return 0
        args.out.mkdir(parents=True, exist_ok=True)
        for corpus in args.only or CORPORA:
            mine = [s for s in sources if s.corpus == corpus]
            build_corpus(corpus, mine, settings, args.mirror, args.out, args.use_head)
        if args.stats:
            args.stats.write_text(stats_markdown(args.out, sources), encoding="utf-8")
    except ManifestError as exc:
        print(f"corpora: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
