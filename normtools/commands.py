"""The bodies of ``normtools check|fix|rules|install-hook``: call the library, print,
choose the exit code. Imported only when a command runs (see cli.py).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from normtools import textio
from normtools.api import FileResult, Normalizer, write_result
from normtools.config import Config, load_config
from normtools.diagnostics import Diagnostic
from normtools.discovery import Target, find_targets, line_endings
from normtools.errors import UsageError
from normtools.model import Document
from normtools.output import render
from normtools.ruleset import unknown_selectors

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def run_install_hook(args: argparse.Namespace) -> int:
    from normtools.githook import GitError, install

    try:
        target, state = install(args.mode, args.force)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    if state == "unchanged":
        print(f"The normtools pre-commit hook is already installed at {target}.")
    else:
        verb = state.capitalize()
        print(f"{verb} the normtools pre-commit hook (mode: {args.mode}) at {target}.")
    return EXIT_OK


# -- shared setup ------------------------------------------------------------------------


def _split(values: Sequence[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _normalizer(args: argparse.Namespace) -> Normalizer:
    config = load_config(args.config)
    select, ignore, extend = _split(args.select), _split(args.ignore), _split(args.extend_select)
    config = config.with_cli(select, ignore, extend)
    if args.no_respect_gitignore:
        from dataclasses import replace

        config = replace(config, respect_gitignore=False)
    # only `fix --diff` needs a file's old bytes; dropping them saves memory on huge files
    normalizer = Normalizer(config, keep_applied=False, keep_original=getattr(args, "diff", True))
    bad = unknown_selectors(
        normalizer.ruleset,
        [*(config.select or ()), *config.ignore, *config.extend_select],
    )
    if bad:
        raise UsageError(f"unknown rule selector {bad[0]!r}; see 'normtools rules'")
    return normalizer


def _targets(args: argparse.Namespace, config: Config) -> list[Target]:
    """The files to process; explicit files are processed whatever their extension."""
    paths = [raw for raw in args.paths if raw != "-"]
    for raw in paths:
        if not Path(raw).exists() and not Path(raw).is_symlink():
            raise UsageError(f"{raw}: no such file or directory")
    return find_targets(paths, config, force_exclude=args.force_exclude)


def _stdin_doc(args: argparse.Namespace) -> tuple[str, bytes]:
    name = args.stdin_filename or "-"
    return name, sys.stdin.buffer.read()


def _decode_stdin(name: str, data: bytes, config: Config) -> Document:
    """Standard input as a Document; ``--stdin-filename`` brings in its git attributes."""
    doc = textio.decode(data, textio.filetype_for(name))
    if name != "-" and config.settings.line_ending == "auto":
        doc.eol = line_endings([Path(name)])[Path(name)]
    return doc


def _emit(
    diagnostics: list[Diagnostic],
    args: argparse.Namespace,
    out: TextIO,
    normalizer: Normalizer,
    suppressed: Sequence[Diagnostic] = (),
) -> None:
    if args.statistics and args.format == "text":
        out.write(render("statistics", diagnostics))
    else:
        files: dict[str, int] = {}
        for d in (*diagnostics, *suppressed):
            files.setdefault(d.path, len(files))
        shown = sorted([*diagnostics, *suppressed], key=lambda d: (files[d.path], d.start, d.end))
        chosen = shown if suppressed else diagnostics
        out.write(render(args.format, chosen, normalizer.rules))


def _report_skip(result: FileResult, explicit: bool, name: str) -> bool:
    """Say why a file was not processed. Returns True when that counts as a finding."""
    if result.skip_kind == "binary" and not explicit:
        return False  # a directory walk skips binary files quietly
    print(f"{name}: skipped: {result.skipped}; the file was left unchanged", file=sys.stderr)
    return True


def _plural(n: int, word: str) -> str:
    suffix = "es" if word.endswith(("x", "s", "ch", "sh")) else "s"
    return f"{n} {word}{'' if n == 1 else suffix}"


# -- check -------------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    normalizer = _normalizer(args)
    diagnostics: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    problems = 0
    if "-" in args.paths:
        name, data = _stdin_doc(args)
        try:
            doc = _decode_stdin(name, data, normalizer.config)
        except textio.UnreadableFile as exc:
            print(f"{name}: skipped: {exc.detail}", file=sys.stderr)
            problems += 1
        else:
            diagnostics.extend(normalizer.check_document(doc, name))
            if args.show_suppressed:
                suppressed.extend(normalizer.suppressed_in(doc, name))
    targets = _targets(args, normalizer.config)
    results = process_files(normalizer, targets, False, args)
    for target, result in zip(targets, results, strict=True):
        if result.skipped:
            problems += _report_skip(result, target.explicit, str(target.path))
            continue
        diagnostics.extend(result.diagnostics)
        suppressed.extend(result.suppressed)
    _emit(diagnostics, args, sys.stdout, normalizer, suppressed)
    if not args.quiet and args.format == "text":
        if diagnostics:
            fixable = sum(d.fixable for d in diagnostics)
            print(
                f"Found {_plural(len(diagnostics), 'problem')} "
                f"({fixable} fixable with `normtools fix`)."
            )
        elif not problems:
            print("All checks passed!")
    return _exit_code(args, bool(diagnostics or problems))


def _exit_code(args: argparse.Namespace, failed: bool) -> int:
    """1 when ``failed``, unless ``--exit-zero`` asks for 0 whatever was found."""
    return EXIT_FINDINGS if failed and not args.exit_zero else EXIT_OK


# -- processing many files ---------------------------------------------------------------

# Below these, forking workers costs more than it saves (a commit of a few files).
PARALLEL_MIN_FILES = 16
PARALLEL_MIN_BYTES = 1 << 20

_worker: tuple[Normalizer, bool, bool] | None = None


def _work(target: Target) -> FileResult:
    assert _worker is not None
    normalizer, fix, show = _worker
    path = target.path
    if fix:
        return normalizer.fix_file(path, str(path), show_suppressed=show, eol=target.eol)
    return normalizer.check_file(path, str(path), show_suppressed=show, eol=target.eol)


def process_files(
    normalizer: Normalizer, targets: list[Target], fix: bool, args: argparse.Namespace
) -> Iterator[FileResult]:
    """Results in the order of ``targets``, computed in ``--jobs`` processes when there are
    enough files to pay for them (forked workers inherit the loaded rules)."""
    global _worker
    _worker = (normalizer, fix, args.show_suppressed)
    jobs = args.jobs or os.cpu_count() or 1
    big = len(targets) >= PARALLEL_MIN_FILES or _total_size(targets) >= PARALLEL_MIN_BYTES
    if jobs <= 1 or len(targets) < 2 or not big:
        yield from map(_work, targets)
        return
    import multiprocessing as mp  # only now: importing it costs a commit hook ~10 ms

    if "fork" not in mp.get_all_start_methods():
        yield from map(_work, targets)
        return
    with mp.get_context("fork").Pool(min(jobs, len(targets))) as pool:
        yield from pool.imap(_work, targets, chunksize=max(1, len(targets) // (jobs * 8)))


def _total_size(targets: list[Target]) -> int:
    total = 0
    for t in targets:
        with contextlib.suppress(OSError):
            total += t.path.stat().st_size
    return total


# -- fix ---------------------------------------------------------------------------------


def run_fix(args: argparse.Namespace) -> int:
    normalizer = _normalizer(args)
    remaining: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    problems = 0
    changed_files = 0
    fixes = 0
    text_out = args.format == "text"
    # stdout carries the diff or the fixed stdin text when there is one; findings go to stderr
    report = sys.stderr if args.diff else sys.stdout
    if "-" in args.paths:
        name, data = _stdin_doc(args)
        report = sys.stderr  # stdout carries the fixed text
        try:
            doc = _decode_stdin(name, data, normalizer.config)
        except textio.UnreadableFile as exc:
            print(f"{name}: skipped: {exc.detail}", file=sys.stderr)
            sys.stdout.buffer.write(data)
            return _exit_code(args, True)
        result = normalizer.fix_document(doc, name)
        if args.show_suppressed:
            suppressed.extend(normalizer.suppressed_in(result.doc, name))
        new_text = textio.to_text(result.doc)
        if args.diff:
            old_text = textio.to_text(doc)
            sys.stdout.write(_unified_diff(old_text, new_text, name))
        else:
            sys.stdout.buffer.write(new_text.encode("utf-8"))
            sys.stdout.flush()
        if new_text != textio.to_text(doc) or result.doc != doc:
            changed_files += 1
            fixes += result.fixes
        remaining.extend(result.remaining)
    targets = _targets(args, normalizer.config)
    results = process_files(normalizer, targets, True, args)
    for target, result_f in zip(targets, results, strict=True):
        name, explicit = str(target.path), target.explicit
        suppressed.extend(result_f.suppressed)
        if result_f.skipped and result_f.skip_kind != "encode":
            problems += _report_skip(result_f, explicit, name)
            continue
        if result_f.skipped:
            problems += _report_skip(result_f, explicit, name)
        remaining.extend(result_f.diagnostics)
        if not result_f.changed:
            continue
        changed_files += 1
        fixes += result_f.fixes
        if args.diff:
            old_text = result_f.original.decode("utf-8", errors="replace")
            new_text = result_f.new.decode("utf-8", errors="replace") if result_f.new else ""
            sys.stdout.write(_unified_diff(old_text, new_text, name))
            continue
        try:
            write_result(result_f)
        except textio.FileNotWritten as exc:  # this file only: say why, go on
            print(
                f"{name}: not written: {exc.detail}; the file was left unchanged", file=sys.stderr
            )
            changed_files -= 1
            fixes -= result_f.fixes
            problems += 1
            continue
        if text_out and not args.quiet:
            print(f"Fixing {name} ({_plural(result_f.fixes, 'fix')})", file=report)
    if args.statistics and text_out:
        report.write(render("statistics", remaining))
    else:
        _emit(remaining, args, report, normalizer, suppressed)
    if text_out and not args.quiet:
        verb = "Would fix" if args.diff else "Fixed"
        if changed_files:
            print(
                f"{verb} {_plural(fixes, 'problem')} in {_plural(changed_files, 'file')}.",
                file=sys.stderr if args.diff else report,
            )
        if remaining:
            print(
                f"Found {_plural(len(remaining), 'remaining problem')} "
                "(report-only: fix them by hand).",
                file=report,
            )
        elif not changed_files and not problems:
            print("Nothing to fix.", file=report)
    if args.diff:
        return _exit_code(args, bool(changed_files or problems))
    return _exit_code(
        args, bool(remaining or problems or (args.exit_non_zero_on_fix and changed_files))
    )


def _unified_diff(old: str, new: str, name: str) -> str:
    """A diff that ``git apply`` and ``patch`` accept. Lines end at "\n" only: form feed
    (pdftotext's page break), VT, FS/GS/RS, NEL, LS and PS stay inside their line, as
    git sees them (``str.splitlines`` would split there)."""
    if old == new:
        return ""
    lines = difflib.unified_diff(
        _lines(old),
        _lines(new),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """``text`` cut after each "\n" (and nowhere else), ends kept."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


# -- rules -------------------------------------------------------------------------------


def run_rules(args: argparse.Namespace) -> int:
    from normtools.ruleset import load_classes, load_rule_file, load_ruleset
    from normtools.ruletest import dictionary_problems, failing_examples
    from normtools.text import shipped_rules_dir

    config = load_config(args.config)
    if args.action == "test" and args.files:
        base = shipped_rules_dir()
        classes = load_classes(str(base / "classes.toml"))
        rules = [r for f in args.files for r in load_rule_file(Path(f), classes)]
    else:
        rules = list(load_ruleset(config.extend_rules, check_extra_examples=False))
    if args.action == "list":
        return _list_rules(rules, config, args.format)
    failures = []
    for rule in rules:
        failures.extend(failing_examples(rule, config.settings))
        failures.extend(dictionary_problems(rule))
    for f in failures:
        print(f, file=sys.stderr)
    examples = sum(len(r.examples) for r in rules)
    print(
        f"{_plural(len(rules), 'rule')}, {_plural(examples, 'example')}: "
        f"{'all passed' if not failures else _plural(len(failures), 'failure')}."
    )
    return EXIT_ERROR if failures else EXIT_OK


def _list_rules(rules: list, config: Config, fmt: str) -> int:  # type: ignore[type-arg]
    from normtools.ruleset import select_rules

    active = {
        r.code for r in select_rules(rules, config.select, config.ignore, config.extend_select)
    }
    if fmt == "markdown":
        from normtools.docs import render_rules_markdown

        print(render_rules_markdown(rules), end="")
        return EXIT_OK
    if fmt == "json":
        import json

        rows = [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "severity": r.severity,
                "fixable": r.fixable,
                "enabled_by_default": r.enabled,
                "enabled": r.code in active,
                "description": r.description,
            }
            for r in rules
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{'code':<7}{'name':<34}{'family':<13}{'fix':<5}{'default':<9}description")
    for r in rules:
        print(
            f"{r.code:<7}{r.name:<34}{r.family:<13}{'yes' if r.fixable else 'no':<5}"
            f"{'on' if r.enabled else 'off':<9}{r.description}"
        )
    return EXIT_OK
