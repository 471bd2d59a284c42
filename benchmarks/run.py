"""normtools benchmark suite: one command, a table, and a JSON file to compare runs.

    python benchmarks/run.py                 # the standard run (a few minutes on 2 cores)
    python benchmarks/run.py --quick         # smaller corpora, fewer repeats
    python benchmarks/run.py --large         # also 100 MB vs 10 MB (linearity)
    python benchmarks/run.py --idioms [--prose DIR]  # only what ZH311 costs a check
    python benchmarks/run.py --json out.json # where the results go (default: benchmarks/results/)

Every corpus is built deterministically from text in this repository:
  clean     the reference corpus (tests/data/reference) after `normtools fix`: real prose
            with nothing left to fix, repeated to 10 MB;
  speeches  the same prose with defects injected at a fixed seed (half-width punctuation,
            garbled quotes, indents, typos ...), about one per paragraph;
  files     1,000 small files cut from `speeches`;
  commit    10 files of about 10 KB, as one pre-commit hook run sees them;
  mixed     1,000 files of about 10 KB: 70 % lines of clean prose, 30 % lines of the
            repository's defect-dense speeches (the defective lines of examples/ and
            tests/golden/*.raw.*), interleaved at a fixed seed: what a team's archive of
            pasted speeches looks like. autocorrect-py formats the same files in one process.
When autocorrect-py is installed (`pip install '.[bench]'`) it runs on the same clean corpus
in the same run, and the table shows the time ratio normtools/autocorrect (<= 1.0 means
normtools is at least as fast). autocorrect's parser refuses very large documents ("call
limit reached"), so it is given the corpus in chunks of 1,000 lines.
Times are medians. Nothing here is a unit test: no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- corpora ---------------------------------------------------------------------------


def clean_corpus(size: int) -> str:
    from normtools import Normalizer
    from normtools.textio import from_text

    source = "".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/reference").glob("*.txt"))
    )
    clean = Normalizer().fix_document(from_text(source, "txt")).text
    reps = size // len(clean.encode("utf-8")) + 1
    text = clean * reps
    return _cut(text, size)


def _cut(text: str, size: int) -> str:
    """The first ``size`` bytes' worth of ``text``, ending at a line end."""
    chars = int(len(text) * size / max(1, len(text.encode("utf-8"))))
    cut = text.rfind("\n", 0, chars) + 1
    return text[: cut or chars]


DEFECTS: list[Callable[[str, random.Random], str]] = [
    lambda p, r: p.replace("，", ",", 2),
    lambda p, r: p.replace("：", ":", 1).replace("；", ";", 1),
    lambda p, r: "\u3000\u3000" + p,
    lambda p, r: p.replace("“", "‚", 1).replace("”", "‛", 1),
    lambda p, r: p.replace("。", "...", 1) if "。" in p else p + "...",
    lambda p, r: p.replace("（", "(", 1).replace("）", ")", 1),
    lambda p, r: p[: len(p) // 2] + "再接再励" + p[len(p) // 2 :],
    lambda p, r: p[: len(p) // 3] + "XX" + p[len(p) // 3 :],
    lambda p, r: p + "  ",
    lambda p, r: p.replace("2", "２", 1).replace("，", "，，", 1),
]


def speeches_corpus(clean: str, seed: int = 20261121) -> str:
    rng = random.Random(seed)
    out = []
    for para in clean.split("\n"):
        if para and rng.random() < 0.8:
            para = rng.choice(DEFECTS)(para, rng)
        out.append(para)
    return "\n".join(out)


def write_files(directory: Path, text: str, count: int) -> list[Path]:
    lines = text.split("\n")
    per = max(1, len(lines) // count)
    paths = []
    for i in range(count):
        path = directory / f"speech-{i:04d}.txt"
        path.write_text("\n".join(lines[i * per : (i + 1) * per]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def defect_lines() -> list[str]:
    """Lines of the repository's own defect-dense speeches that normtools reports on."""
    from normtools import Normalizer

    n = Normalizer()
    sources = sorted((ROOT / "examples").glob("*.txt")) + sorted(
        (ROOT / "tests" / "golden").glob("*.raw.txt")
    )
    lines: list[str] = []
    for path in sources:
        for line in path.read_bytes().decode("utf-8", "replace").splitlines():
            line = line.rstrip("\r")
            if line.strip() and n.check_text(line + "\n", fragment=False):
                lines.append(line)
    return lines


def write_mixed(directory: Path, clean: str, count: int = 1000, seed: int = 20261130) -> None:
    """``count`` files of about 10 KB: 70 % clean lines, 30 % defect-dense lines."""
    rng = random.Random(seed)
    clean_lines = [line for line in clean.split("\n") if line]
    bad = defect_lines()
    pos = 0
    for i in range(count):
        out: list[str] = []
        size = 0
        while size < 10_000:
            if rng.random() < 0.3:
                line = rng.choice(bad)
            else:
                line = clean_lines[pos % len(clean_lines)]
                pos += 1
            out.append(line)
            size += len(line.encode("utf-8")) + 1
        (directory / f"speech-{i:04d}.txt").write_text("\n".join(out) + "\n", encoding="utf-8")


def autocorrect_files(paths: list[Path]) -> Callable[[], object]:
    import autocorrect_py

    def run() -> None:
        for p in paths:
            autocorrect_py.format_for(p.read_text(encoding="utf-8"), p.name)

    return run


# -- measurements ----------------------------------------------------------------------


# Child processes may write and use bytecode caches, as an installed normtools does
# (pip compiles them at install time); some shells set PYTHONDONTWRITEBYTECODE.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_process(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, user+sys CPU seconds, peak RSS in KB) of one normtools process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "normtools", *args],
        cwd=cwd,
        capture_output=True,
        check=False,
        env=CHILD_ENV,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def peak_rss_kb(args: list[str], cwd: Path) -> int:
    """ru_maxrss of a fresh child: measured with /usr/bin/time-like isolation via a shim."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run([sys.executable, '-m', 'normtools', *sys.argv[1:]], "
        "capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env=CHILD_ENV,
    )
    return int(done.stdout.strip())


def script_overhead(
    clean: str,
    repeat: int,
    codes: tuple[str, ...] = ("ZH603", "ZH604"),
    clock: Callable[[], float] = time.perf_counter,
    extend: bool = False,
) -> float:
    """Extra check time rules (by default the Traditional-character rules) cost on clean
    Simplified text: runs with and without them interleaved, so drift in machine load
    hits both (``clock=time.process_time``: CPU time, steadier on a shared machine).
    ``extend``: the rules are off by default (ZH311) and are switched on for the "with"
    runs, instead of off for the "without" runs."""
    from normtools import Config, Normalizer
    from normtools.textio import from_text

    if extend:
        with_script, without = Normalizer(Config(extend_select=codes)), Normalizer()
    else:
        with_script, without = Normalizer(), Normalizer(Config(ignore=codes))
    a, b = [], []
    for _ in range(repeat):
        for n, out in ((with_script, a), (without, b)):
            start = clock()
            n.check_document(from_text(clean + "\n", "txt"))
            out.append(clock() - start)
    return statistics.median(a) / statistics.median(b) - 1


def idiom_first_use(repeat: int) -> float:
    """What the misspelled-idiom detector (ZH311) adds to a new process's first check of
    a Chinese paragraph: reading its data (from the user cache after the first run) and
    building its automaton. Text without four Han characters in a row pays nothing."""
    code = (
        "import sys, time\n"
        "from normtools import Config, Normalizer\n"
        "n = Normalizer(Config(extend_select=tuple(sys.argv[1:])))\n"
        "t = time.process_time()\n"
        "n.check_text('各地区各部门要坚持实事求是，扎实推进各项工作落实。\\n')\n"
        "print(time.process_time() - t)\n"
    )

    def first_check(*extend: str) -> float:
        out = subprocess.run(
            [sys.executable, "-c", code, *extend], capture_output=True, text=True, check=True
        )
        return float(out.stdout)

    first_check("ZH311")  # fills the user cache
    with_it = statistics.median(first_check("ZH311") for _ in range(repeat))
    without = statistics.median(first_check() for _ in range(repeat))
    return with_it - without


def prose_sample(directory: Path, size: int) -> list[Path]:
    """About ``size`` bytes of text files under ``directory``, in an order fixed by a hash
    of their paths (a spread over the directory, the same on every run)."""
    import hashlib

    files = sorted(
        (p for p in directory.rglob("*") if p.is_file() and p.suffix in (".md", ".txt")),
        key=lambda p: hashlib.sha1(str(p.relative_to(directory)).encode()).hexdigest(),
    )
    chosen, total = [], 0
    for path in files:
        if total >= size:
            break
        chosen.append(path)
        total += path.stat().st_size
    return chosen


def idiom_cost(corpora: dict[str, Path], repeat: int) -> dict[str, dict[str, float]]:
    """CPU (user+sys, the minimum of ``repeat`` fresh processes) of ``normtools check
    --jobs 1`` over each corpus with ZH311 off and with ``--extend-select ZH311``, runs
    interleaved: what the detector costs a whole check, its start-up included."""
    out = {}
    for name, path in corpora.items():
        runs: dict[str, list[float]] = {"off": [], "on": []}
        for _ in range(repeat):
            for mode, extra in (("off", []), ("on", ["--extend-select", "ZH311"])):
                cmd = ["check", "-q", "--jobs", "1", "--exit-zero", *extra, path.name]
                runs[mode].append(run_process(cmd, path.parent)[1])
        off, on = min(runs["off"]), min(runs["on"])
        out[name] = {"off_cpu_s": off, "on_cpu_s": on, "overhead": on / off - 1}
    return out


def family_costs(text: str, repeat: int) -> dict[str, float]:
    """check time per rule family, each family's rules alone, on the speeches corpus."""
    from normtools import Config, Normalizer
    from normtools.textio import from_text

    families: dict[str, list[str]] = {}
    for rule in Normalizer().rules:
        families.setdefault(rule.family, []).append(rule.code)
    costs = {}
    for family, codes in sorted(families.items()):
        n = Normalizer(Config(select=tuple(codes)))
        costs[family] = median_time(
            lambda n=n: n.check_document(from_text(text, "txt")),  # type: ignore[misc]
            repeat,
        )
    return costs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2 MB corpora, fewer repeats")
    ap.add_argument("--large", action="store_true", help="also time 100 MB (linearity)")
    ap.add_argument("--json", type=Path, help="write results here")
    ap.add_argument(
        "--idioms",
        action="store_true",
        help="only what the misspelled-idiom detector (ZH311, off by default) costs a check",
    )
    ap.add_argument(
        "--prose",
        type=Path,
        metavar="DIR",
        help="with --idioms: also about 5 MB of the text files under DIR "
        "(e.g. /work/corpora/official/dev)",
    )
    args = ap.parse_args(argv)
    if args.idioms:
        return idioms_only(args)

    from normtools import Normalizer, __version__
    from normtools.textio import from_text

    size = 2 * MB if args.quick else 10 * MB
    repeat = 3 if args.quick else 5
    results: dict[str, object] = {
        "normtools": __version__,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "corpus_bytes": size,
    }
    print(f"building corpora ({size // MB} MB) ...", file=sys.stderr)
    clean = clean_corpus(size)
    speeches = speeches_corpus(clean)
    n = Normalizer()
    mb_clean = len(clean.encode()) / MB
    mb_speech = len(speeches.encode()) / MB

    def check(text: str) -> Callable[[], object]:
        # a fresh str each time, so no cache keyed on the text can help
        return lambda: n.check_document(from_text(text + "\n", "txt"))

    def fix(text: str) -> Callable[[], object]:
        return lambda: n.fix_document(from_text(text + "\n", "txt"))

    t_check = median_time(check(clean), repeat)
    t_fix = median_time(fix(clean), repeat)
    s_check = median_time(check(speeches), repeat)
    s_fix = median_time(fix(speeches), repeat)
    results["clean"] = {
        "check_mb_s": mb_clean / t_check,
        "fix_mb_s": mb_clean / t_fix,
        "fix_over_check": t_fix / t_check,
    }
    results["speeches"] = {
        "check_mb_s": mb_speech / s_check,
        "fix_mb_s": mb_speech / s_fix,
        "fix_over_check": s_fix / s_check,
    }

    results["traditional_check_overhead"] = script_overhead(clean, repeat * 2)
    results["idiom_check_overhead"] = script_overhead(
        clean, repeat * 2, ("ZH311",), time.process_time, extend=True
    )
    results["idiom_first_use_s"] = idiom_first_use(repeat)

    try:
        import autocorrect_py
    except ImportError:
        results["autocorrect"] = None
    else:
        lines = clean.split("\n")
        chunks = ["\n".join(lines[i : i + 1000]) for i in range(0, len(lines), 1000)]
        t_ac = median_time(lambda: [autocorrect_py.format_for(c, "txt") for c in chunks], repeat)
        results["autocorrect"] = {"format_for_mb_s": mb_clean / t_ac, "ratio": t_check / t_ac}

    print("families ...", file=sys.stderr)
    results["families_s"] = family_costs(speeches, max(1, repeat // 2))

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("processes ...", file=sys.stderr)
        commit_dir = work / "commit"
        commit_dir.mkdir()
        commit = write_files(commit_dir, _cut(speeches, 100_000), 10)  # ~10 KB each
        names = [p.name for p in commit]
        runs = [run_process(["check", *names], commit_dir) for _ in range(repeat + 2)]
        results["commit_10_files"] = {
            "wall_s": statistics.median(r[0] for r in runs),
            "cpu_s": statistics.median(r[1] for r in runs),
            "bytes": sum(p.stat().st_size for p in commit),
        }
        version = [run_process(["--version"], work)[0] for _ in range(repeat + 2)]
        results["version_wall_s"] = statistics.median(version)

        many = work / "many"
        many.mkdir()
        write_files(many, speeches[:2_000_000], 1000)
        for jobs in (1, os.cpu_count() or 1):
            wall = statistics.median(
                run_process(["check", "--jobs", str(jobs), "many"], work)[0] for _ in range(3)
            )
            results[f"files_1000_jobs_{jobs}_wall_s"] = wall

        print("mixed corpus ...", file=sys.stderr)
        mixed = work / "mixed"
        mixed.mkdir()
        write_mixed(mixed, clean)
        mixed_paths = sorted(mixed.iterdir())
        mixed_mb = sum(p.stat().st_size for p in mixed_paths) / MB
        entry: dict[str, object] = {"mb": mixed_mb, "files": len(mixed_paths)}
        for name, cmd in (
            ("check_default_jobs_s", ["check", "-q", "mixed"]),
            ("check_jobs_1_s", ["check", "-q", "--jobs", "1", "mixed"]),
            ("fix_default_jobs_s", ["fix", "-q", "--diff", "mixed"]),
        ):
            entry[name] = statistics.median(
                run_process(cmd, work)[0] for _ in range(max(3, repeat))
            )
        entry["zh311"] = idiom_cost({"mixed": mixed}, max(3, repeat))["mixed"]
        try:
            entry["autocorrect_s"] = median_time(autocorrect_files(mixed_paths), max(3, repeat))
        except ImportError:
            entry["autocorrect_s"] = None
        results["mixed"] = entry

        big = work / "big.txt"
        big.write_text(clean, encoding="utf-8")
        rss = peak_rss_kb(["check", "big.txt"], work) * 1024
        results["peak_memory"] = {
            "check_bytes": rss,
            "file_bytes": big.stat().st_size,
            "budget_bytes": 100 * MB + 5 * big.stat().st_size,
        }
        if args.large:
            print("100 MB ...", file=sys.stderr)
            large = work / "large.txt"
            large.write_text(clean * 10, encoding="utf-8")
            t10 = run_process(["check", "big.txt"], work)[0]
            t100 = run_process(["check", "large.txt"], work)[0]
            rss_large = peak_rss_kb(["check", "large.txt"], work) * 1024
            results["linearity"] = {
                "t10_s": t10,
                "t100_s": t100,
                "ratio": t100 / t10,
                "peak_memory_100mb": rss_large,
            }

    print_table(results)
    out = args.json or ROOT / "benchmarks" / "results" / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nresults: {out}")
    return 0


def idioms_only(args: argparse.Namespace) -> int:
    """``--idioms``: the detector's cost on the mixed corpus (and ``--prose``), alone."""
    import shutil

    repeat = 3 if args.quick else 5
    print("building corpora ...", file=sys.stderr)
    clean = clean_corpus((2 if args.quick else 10) * MB)
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d %H:%M:%S")}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpora = {"mixed": work / "mixed"}
        corpora["mixed"].mkdir()
        write_mixed(corpora["mixed"], clean)
        if args.prose:
            prose = corpora["prose"] = work / "prose"
            prose.mkdir()
            for i, path in enumerate(prose_sample(args.prose, 5 * MB)):
                shutil.copyfile(path, prose / f"{i:04d}{path.suffix}")
        print("checking ...", file=sys.stderr)
        results["idiom_cost"] = cost = idiom_cost(corpora, repeat)
    results["idiom_first_use_s"] = first_use = idiom_first_use(repeat)
    for name, c in cost.items():
        print(
            f"ZH311, check --jobs 1 of {name}: CPU {c['off_cpu_s']:.2f} s off, "
            f"{c['on_cpu_s']:.2f} s on: {c['overhead'] * 100:+.1f}% (target <= 10%)"
        )
    print(f"ZH311 first use in a process, CPU: {first_use * 1000:.0f} ms")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def print_table(r: dict) -> None:  # type: ignore[type-arg]
    rows = [
        ("check, clean prose", f"{r['clean']['check_mb_s']:.2f} MB/s"),
        (
            "fix, clean prose",
            f"{r['clean']['fix_mb_s']:.2f} MB/s ({r['clean']['fix_over_check']:.2f}x check)",
        ),
        ("check, speeches", f"{r['speeches']['check_mb_s']:.2f} MB/s"),
        (
            "fix, speeches",
            f"{r['speeches']['fix_mb_s']:.2f} MB/s ({r['speeches']['fix_over_check']:.2f}x check)",
        ),
    ]
    ac = r.get("autocorrect")
    if ac:
        rows.append(("autocorrect-py format_for, clean", f"{ac['format_for_mb_s']:.2f} MB/s"))
        rows.append(("ratio normtools check / autocorrect", f"{ac['ratio']:.2f} (target <= 1.0)"))
    else:
        rows.append(("autocorrect-py", "not installed (pip install '.[bench]')"))
    m = r.get("mixed")
    if m:
        rows.append(
            (
                f"mixed {m['files']} files ({m['mb']:.1f} MB): check default jobs / --jobs 1",
                f"{m['check_default_jobs_s']:.2f} s / {m['check_jobs_1_s']:.2f} s",
            )
        )
        rows.append(("mixed: fix --diff default jobs", f"{m['fix_default_jobs_s']:.2f} s"))
        z = m["zh311"]
        rows.append(
            (
                "mixed: check --jobs 1 CPU, ZH311 off / on",
                f"{z['off_cpu_s']:.2f} s / {z['on_cpu_s']:.2f} s "
                f"({z['overhead'] * 100:+.1f}%, target <= 10%)",
            )
        )
        if m.get("autocorrect_s"):
            ac_s = m["autocorrect_s"]
            rows.append(
                (
                    "mixed: autocorrect-py format_for, one process",
                    f"{ac_s:.2f} s; ratios {m['check_default_jobs_s'] / ac_s:.2f} "
                    f"(target <= 0.5) / {m['check_jobs_1_s'] / ac_s:.2f} (target <= 1.0)",
                )
            )
    c = r["commit_10_files"]
    rows += [
        (
            "10-file commit, one process",
            f"{c['wall_s'] * 1000:.0f} ms wall, {c['cpu_s'] * 1000:.0f} ms CPU (target < 150 ms)",
        ),
        ("normtools --version", f"{r['version_wall_s'] * 1000:.0f} ms (target < 80 ms)"),
    ]
    for key, value in r.items():
        if key.startswith("files_1000_jobs_"):
            jobs = key.removeprefix("files_1000_jobs_").removesuffix("_wall_s")
            rows.append((f"1,000 files (2 MB), --jobs {jobs}", f"{value:.2f} s wall"))
    m = r["peak_memory"]
    rows.append(
        (
            "peak memory, check 10 MB",
            f"{m['check_bytes'] / MB:.0f} MB (budget {m['budget_bytes'] / MB:.0f} MB)",
        )
    )
    rows.append(
        (
            "Traditional-character check on clean text",
            f"{r['traditional_check_overhead'] * 100:+.1f}% (target < 10%)",
        )
    )
    if "idiom_check_overhead" in r:
        rows.append(
            (
                "misspelled-idiom check (ZH311) on clean text, CPU, one process",
                f"{r['idiom_check_overhead'] * 100:+.1f}% (target <= 10%)",
            )
        )
        rows.append(
            ("ZH311 first use in a process, CPU", f"{r['idiom_first_use_s'] * 1000:.0f} ms")
        )
    if "linearity" in r:
        lin = r["linearity"]
        rows.append(("100 MB / 10 MB time", f"{lin['ratio']:.2f} (target 10 +-15%)"))
        rows.append(("peak memory, check 100 MB", f"{lin['peak_memory_100mb'] / MB:.0f} MB"))
    for family, seconds in r["families_s"].items():
        rows.append((f"family {family} (speeches)", f"{seconds * 1000:.0f} ms"))
    width = max(len(k) for k, _ in rows)
    print(f"\n{'measure':<{width}}  value")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    raise SystemExit(main())
