"""The bodies of ``normtools check|fix|rules|install-hook``: call the library, print,
choose the exit code. Imported only when a command runs (see cli.py).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from normtools import driver, textio
from normtools.api import Normalizers
from normtools.changes import Lines, changed_since
from normtools.config import Config, ConfigResolver, load_config, unknown_code
from normtools.diagnostics import Diagnostic
from normtools.discovery import find_targets
from normtools.driver import Job, Outcome, Source
from normtools.errors import UsageError
from normtools.reporting import Reporter, show_diff, wants_sources

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


def _split(values: Sequence[str] | None, option: str) -> list[str] | None:
    if values is None:
        return None
    codes = [v.strip() for value in values for v in value.split(",") if v.strip()]
    if not codes:  # `--select ''` would switch every rule off
        raise UsageError(f"{option}: no rule codes given (got {', '.join(map(repr, values))})")
    return codes


def _selectors(args: argparse.Namespace) -> dict[str, list[str] | None]:
    """The rule codes of ``--select``, ``--ignore`` and ``--extend-select``, by option."""
    return {
        option: _split(getattr(args, option.strip("-").replace("-", "_")), option)
        for option in ("--select", "--ignore", "--extend-select")
    }


def _normalizers(args: argparse.Namespace, *, keep_original: bool = True) -> Normalizers:
    """A Normalizer for each configuration the run meets, the command line's selectors
    applied to each; a selector that no rule has is a usage error naming the option.
    ``keep_original``: only `fix --diff` and the formats that show context need a
    file's old bytes; dropping them saves memory on huge files."""
    selectors = _selectors(args)

    def adjust(config: Config) -> Config:
        config = config.with_cli(
            selectors["--select"], selectors["--ignore"], selectors["--extend-select"]
        )
        if args.no_respect_gitignore:
            from dataclasses import replace

            config = replace(config, respect_gitignore=False)
        return config

    resolver = ConfigResolver(args.config, adjust=adjust)
    return Normalizers(
        resolver,
        keep_applied=False,
        keep_original=keep_original,
        describe_layout=bool(getattr(args, "verbose", False)),
    )


def _check_selectors(args: argparse.Namespace, normalizers: Normalizers) -> None:
    """Every code given on the command line must name a rule of some configuration in use."""
    known = normalizers.codes() | normalizers.default.codes
    for option, codes in _selectors(args).items():
        for code in codes or ():
            problem = unknown_code(code, known, f" in {option}")
            if problem:
                raise UsageError(f"{problem}; see 'normtools rules'")


def _read_stdin() -> bytes:
    """Standard input, unless it is a device that never ends (``- < /dev/zero``): a
    terminal, /dev/null, a pipe or a file is read."""
    import stat

    try:
        fd = sys.stdin.fileno()
        st = os.fstat(fd)
        endless = stat.S_ISCHR(st.st_mode) and not os.isatty(fd)
        if endless and st.st_rdev == os.stat(os.devnull).st_rdev:
            endless = False
    except (OSError, ValueError, AttributeError):  # no real descriptor (a test's stream)
        endless = False
    if endless:
        raise UsageError("-: standard input is a device, not text (such as /dev/zero)")
    return sys.stdin.buffer.read()


def _sources(args: argparse.Namespace, resolver: ConfigResolver) -> list[Source]:
    """What to judge: standard input (``-``) first, then the files; explicit files are
    processed whatever their extension. In changed-lines mode, only files with changed
    lines, each with its lines."""
    sources: list[Source] = []
    base = args.diff_base or args.hook_diff_base
    if "-" in args.paths:
        if args.diff_base:
            raise UsageError("--diff-base compares files with git; it does not read '-'")
        name = args.stdin_filename or "-"
        eol = "lf" if name == "-" else None  # a named text: its git attributes decide
        data = _read_stdin()
        if (
            name != "-"
            and args.force_exclude
            and resolver.for_path(Path(name)).is_excluded(Path(name))
        ):
            # as ruff does for an editor or a formatter pipe: an excluded name is not
            # judged, and `fix -` passes the text through unchanged (run_fix writes it)
            args.excluded_stdin = data
        else:
            sources.append(Source(name, data=data, eol=eol))
    paths = [raw for raw in args.paths if raw != "-"]
    for raw in paths:
        try:
            os.lstat(raw)
        except (FileNotFoundError, NotADirectoryError):
            raise UsageError(f"{raw}: no such file or directory") from None
        except OSError:
            pass  # a path too long to look up, say: reported as skipped, with its reason
    targets = find_targets(paths, resolver, force_exclude=args.force_exclude)
    changed: dict[Path, Lines] = {}
    scoped: set[Path] = set()
    if base:
        hook = not args.diff_base  # the hooks: only where the configuration asks for it
        scoped = {
            t.path for t in targets if not hook or resolver.for_path(t.path).changed_lines_only
        }
        if scoped:
            in_order = [t.path for t in targets if t.path in scoped]
            changed = changed_since(base, in_order, merge_base=not hook, lenient=hook)
    for t in targets:
        lines = None
        if t.path in scoped:
            lines = changed.get(t.path)
            if lines is None:
                continue  # unchanged since the base: nothing to judge
        sources.append(
            Source(str(t.path), path=t.path, explicit=t.explicit, eol=t.eol, lines=lines)
        )
    return sources


def _report_layout(outcome: Outcome, fmt: str) -> None:
    """``--verbose``: how a file was read, on stderr (one JSON object with --format json)."""
    layout = outcome.result.layout
    if layout is None:
        return
    name = outcome.source.name
    if fmt == "json":
        import json

        print(json.dumps({"path": name, **layout}, ensure_ascii=False), file=sys.stderr)
        return
    print(
        f"{name}: {layout['filetype']}, paragraphs: {layout['paragraphs']} ({layout['reason']})",
        file=sys.stderr,
    )


def _report_problem(outcome: Outcome) -> bool:
    """Say why a file was skipped or left unwritten, or what else is wrong in it (a
    suppression marker naming no rule). True when that counts as a finding."""
    for problem in outcome.result.problems:
        print(problem, file=sys.stderr)
    if outcome.problem is None or outcome.quiet:
        return bool(outcome.result.problems)
    print(f"{outcome.source.name}: {outcome.problem}", file=sys.stderr)
    return True


def _plural(n: int, word: str) -> str:
    suffix = "es" if word.endswith(("x", "s", "ch", "sh")) else "s"
    return f"{n} {word}{'' if n == 1 else suffix}"


# -- show-settings -----------------------------------------------------------------------


def _show_settings(args: argparse.Namespace) -> int:
    """``--show-settings PATH``: the configuration that applies to PATH, where it came
    from, and the rules it runs there."""
    normalizers = _normalizers(args)
    raw = args.paths[0]
    path = Path(args.stdin_filename or "-") if raw == "-" else Path(raw)
    resolver = normalizers.resolver
    config = resolver.for_directory(path) if path.is_dir() else resolver.for_path(path)
    normalizer = normalizers.for_config(config)
    _check_selectors(args, normalizers)
    print(f"Settings for {raw if raw != '-' else path}")
    if not config.sources:
        print("Configuration: none found; the defaults")
    else:
        how = " (--config)" if args.config else ""
        print(f"Configuration: {config.sources[0]}{how}")
        for extended in config.sources[1:]:
            print(f"  extends {extended}")
    print(f"Root (paths and globs are relative to it): {config.root}")
    for key, value in config.items():
        print(f"{key} = {value}")
    ignored = config.ignored_codes_for(path)
    codes = [r.code for r in normalizer.engine_for(path).rules]  # per-file-ignores applied
    if ignored:
        print(f"per-file-ignores here: {', '.join(ignored)}")
    print(f"Rules in use here ({len(codes)}): {', '.join(codes)}")
    return EXIT_OK


# -- check --add-ignore ------------------------------------------------------------------


def _add_ignore(args: argparse.Namespace) -> int:
    """Suppression markers for every finding there is today (normtools.baseline)."""
    from normtools.baseline import add_markers

    if "-" in args.paths:
        raise UsageError("--add-ignore writes files; it does not read '-'")
    if args.diff_base:
        raise UsageError("--add-ignore marks whole files; leave out --diff-base")
    normalizers, sources = _prepare(args)
    markers = files = left = problems = 0
    for source in sources:
        assert source.path is not None
        done = add_markers(normalizers.for_path(source.path), source.path, source.name, source.eol)
        if done.problem:
            problems += 1
            print(f"{source.name}: {done.problem}", file=sys.stderr)
        markers += done.markers
        files += bool(done.markers)
        left += done.left
    if not args.quiet:
        print(f"Added {_plural(markers, 'suppression marker')} to {_plural(files, 'file')}.")
        if left:
            print(
                f"{_plural(left, 'finding')} could not be marked (on an empty line, or in "
                "Markdown code): fix them, or switch their rules off in per-file-ignores."
            )
    return _exit_code(args, bool(left or problems))


# -- check -------------------------------------------------------------------------------


def _prepare(
    args: argparse.Namespace, *, keep_original: bool = True
) -> tuple[Normalizers, list[Source]]:
    """The run's Normalizers and what to judge, with every configuration read and every
    selector checked before the first file is."""
    normalizers = _normalizers(args, keep_original=keep_original)
    sources = _sources(args, normalizers.resolver)
    for source in sources:
        normalizers.for_path(source.where)
    _check_selectors(args, normalizers)
    return normalizers, sources


def run_check(args: argparse.Namespace) -> int:
    if args.show_settings:
        return _show_settings(args)
    if args.add_ignore:
        return _add_ignore(args)
    normalizer, sources = _prepare(args, keep_original=wants_sources(args, sys.stdout))
    # messages in the language of the configuration found from here
    out = Reporter(args, normalizer.default.config, normalizer.rules, sys.stdout)
    diagnostics: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    problems = 0
    job = Job(show_suppressed=args.show_suppressed)
    for outcome in driver.run(normalizer, sources, job, args.jobs):
        _report_layout(outcome, args.format)
        problems += _report_problem(outcome)
        result = outcome.result
        if result.skipped:
            continue
        out.keep_source(outcome.source.name, result, result.original)
        diagnostics.extend(result.diagnostics)
        suppressed.extend(result.suppressed)
    out.findings(diagnostics, suppressed)
    if diagnostics:
        fixable = sum(d.fixable for d in diagnostics)
        out.line("found", n=len(diagnostics), fixable=fixable)
    elif not problems:
        out.line("all-passed")
    out.wrote(len(diagnostics))
    out.step_summary(diagnostics)
    return _exit_code(args, bool(diagnostics or problems))


def _exit_code(args: argparse.Namespace, failed: bool) -> int:
    """1 when ``failed``, unless ``--exit-zero`` asks for 0 whatever was found."""
    return EXIT_FINDINGS if failed and not args.exit_zero else EXIT_OK


# -- fix ---------------------------------------------------------------------------------


def run_fix(args: argparse.Namespace) -> int:
    if args.show_settings:
        return _show_settings(args)
    # stdout carries the diff or the fixed standard input; findings then go to stderr
    stream = sys.stderr if args.diff or "-" in args.paths else sys.stdout
    normalizer, sources = _prepare(args, keep_original=args.diff or wants_sources(args, stream))
    passed = getattr(args, "excluded_stdin", None)
    if passed is not None and not args.diff:  # --force-exclude: standard input as it came
        sys.stdout.buffer.write(passed)
        sys.stdout.flush()
    remaining: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    problems = 0
    changed_files = 0
    fixes = 0
    out = Reporter(args, normalizer.default.config, normalizer.rules, stream)
    job = Job(fix=True, write=not args.diff, show_suppressed=args.show_suppressed)
    for outcome in driver.run(normalizer, sources, job, args.jobs):
        _report_layout(outcome, args.format)
        result, name = outcome.result, outcome.source.name
        problems += _report_problem(outcome)
        suppressed.extend(result.suppressed)
        given = outcome.source.data if outcome.source.path is None else None
        if outcome.source.path is None:  # standard input: the fixed text goes to stdout
            given = given or b""
            if result.skipped and result.skip_kind != textio.ENCODE:
                sys.stdout.buffer.write(given)
                continue
            new = result.new if result.new is not None else given
            if args.diff:
                show_diff(_unified_diff(_as_text(given), _as_text(new), name), sys.stdout)
            else:
                sys.stdout.buffer.write(new)
                sys.stdout.flush()
        elif result.skipped and result.skip_kind != textio.ENCODE:
            continue
        _collect_remaining(out, outcome, given, remaining, args.diff)
        if not result.changed or (outcome.problem and not result.skipped):
            continue  # unchanged, or the fix could not be written
        changed_files += 1
        fixes += result.fixes
        if args.diff and outcome.source.path is not None:
            diff = _unified_diff(_as_text(result.original), _as_text(result.new), name)
            show_diff(diff, sys.stdout)
        elif outcome.written:
            out.line("fixing", path=name, n=result.fixes)
    out.findings(remaining, suppressed)
    verb = "would-fix" if args.diff else "fixed"
    if changed_files:
        out.line(verb, sys.stderr if args.diff else None, n=fixes, files=changed_files)
    if remaining:
        out.line("remaining", n=len(remaining))
    elif not changed_files and not problems:
        out.line("nothing-to-fix")
    out.wrote(len(remaining))
    done = out.say(verb, n=fixes, files=changed_files) if changed_files else None
    out.step_summary(remaining, fixed=done)
    if args.diff:
        return _exit_code(args, bool(changed_files or problems))
    return _exit_code(
        args, bool(remaining or problems or (args.exit_non_zero_on_fix and changed_files))
    )


def _collect_remaining(
    out: Reporter, outcome: Outcome, given: bytes | None, remaining: list[Diagnostic], diff: bool
) -> None:
    """What ``fix`` left in one file, at positions of the text the user has: the file as
    it now is on disk (the fixed text when it was written; the original with ``--diff``
    or when the write failed), or for standard input the fixed text it printed."""
    result = outcome.result
    original = given if given is not None else result.original
    stays = result.changed and not outcome.written and (diff or given is None)
    if stays:  # the findings are in the fixed text; the user has the original
        found = out.on_disk(result, given)
        text = original
    else:
        found = list(result.diagnostics)
        text = result.new if result.new is not None else original
    remaining.extend(found)
    if out.wants_sources and found:
        from dataclasses import replace

        out.keep_source(outcome.source.name, replace(result, diagnostics=found), text)


def _as_text(data: bytes | None) -> str:
    """Bytes of a file for a diff: UTF-8 as written, any other byte kept as a surrogate
    (``show_diff`` writes it back as that byte), so that the diff of a GBK file applies:
    its old lines are the file's own bytes, its new lines what ``fix`` writes."""
    return (data or b"").decode("utf-8", errors="surrogateescape")


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


def run_rule(args: argparse.Namespace) -> int:
    """``normtools rule CODE``: explain one rule (by code or name)."""
    import difflib

    from normtools.output import rule as explain
    from normtools.output.style import wants_color
    from normtools.ruleset import load_ruleset

    config = load_config(args.config)
    rules = list(load_ruleset(config.extend_rules, check_extra_examples=False))
    wanted = args.code.strip()
    found = next((r for r in rules if wanted.upper() == r.code or wanted.lower() == r.name), None)
    if found is None:
        codes = {r.code for r in rules}
        typed = wanted.upper().replace("O", "0")  # ZH1O1: a letter O for a zero
        names = [r.code for r in rules] + [r.name for r in rules]
        close = [typed] if typed in codes else difflib.get_close_matches(wanted, names, n=1)
        hint = f"; did you mean {close[0]}?" if close else "; see 'normtools rules'"
        raise UsageError(f"no rule {wanted!r}{hint}")
    lang = args.lang or config.lang
    color = args.format == "text" and wants_color(sys.stdout)
    sys.stdout.write(explain.render(found, lang=lang, color=color, fmt=args.format))
    return EXIT_OK


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
