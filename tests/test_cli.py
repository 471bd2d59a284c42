"""The command line as a user meets it: output lines, exit codes, stdin, walking."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SPEECH = "　　同志们,朋友们:\n　　今年是XX年,我们要再接再励!\n"
SPEECH_FIXED = "同志们，朋友们：\n今年是XX年，我们要再接再厉！\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_check_lists_findings_and_exits_1(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "speech.txt", SPEECH)
    run = cli("check", "speech.txt")
    assert run.code == 1
    lines = run.out.splitlines()
    assert (
        "speech.txt:1:1: ZH401 [*] paragraph indented with full-width spaces: remove the indentation"
        in lines
    )
    assert "speech.txt:1:6: ZH101 [*] half-width “,” in Chinese text: use “，”" in lines
    assert "speech.txt:2:6: ZH501 unfilled placeholder “XX”" in lines
    assert "speech.txt:2:13: ZH301 [*] “再接再励” should be “再接再厉”" in lines
    assert lines[-1] == "Found 8 problems (7 fixable with `normtools fix`)."
    assert (workdir / "speech.txt").read_text(encoding="utf-8") == SPEECH  # check never writes


def test_check_clean_file_exits_0(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "clean.txt", SPEECH_FIXED.replace("XX", "2025"))
    run = cli("check", "clean.txt")
    assert (run.code, run.out) == (0, "All checks passed!\n")


def test_fix_rewrites_and_reports_what_is_left(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "speech.txt", SPEECH)
    run = cli("fix", "speech.txt")
    assert (workdir / "speech.txt").read_text(encoding="utf-8") == SPEECH_FIXED
    assert run.code == 1  # the placeholder is left to report
    assert "Fixing speech.txt (7 fixes)" in run.out
    assert "speech.txt:2:4: ZH501 unfilled placeholder “XX”" in run.out
    assert "Fixed 7 problems in 1 file." in run.out
    again = cli("fix", "speech.txt")
    assert "Fixing" not in again.out and again.code == 1


def test_fix_exit_codes(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "a.txt", "发展,做到\n")
    assert cli("fix", "a.txt").code == 0  # fixed, nothing left
    write(workdir / "b.txt", "发展,做到\n")
    assert cli("fix", "--exit-non-zero-on-fix", "b.txt").code == 1
    assert cli("fix", "--exit-non-zero-on-fix", "b.txt").code == 0  # nothing changed now


def test_fix_diff_writes_nothing(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = write(workdir / "a.md", "发展,做到\n")
    run = cli("fix", "--diff", "a.md")
    assert run.code == 1
    assert run.out.splitlines() == [
        "--- a/a.md",
        "+++ b/a.md",
        "@@ -1 +1 @@",
        "-发展,做到",
        "+发展，做到",
    ]
    assert path.read_text(encoding="utf-8") == "发展,做到\n"
    write(workdir / "clean.md", "发展，做到\n")
    assert cli("fix", "--diff", "clean.md").code == 0


def test_stdin_fix_writes_fixed_text(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("fix", "-", stdin="发展,做到\n")
    assert (run.code, run.out) == (0, "发展，做到\n")


def test_stdin_check_and_filename(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("check", "-", stdin="发展,做到\n")
    assert run.out.startswith("-:1:3: ZH101")
    assert run.code == 1
    # as Markdown, inline code is protected
    md = "发展`a,b`做到\n"
    assert cli("check", "--stdin-filename", "x.md", "-", stdin=md).code == 0
    run = cli("check", "--stdin-filename", "notes.txt", "-", stdin="发展,做到\n")
    assert run.out.startswith("notes.txt:1:3: ZH101")


def test_stdin_fix_keeps_report_only_findings_off_stdout(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("fix", "-", stdin="请XX同志参加,谢谢\n")
    assert run.out == "请XX同志参加，谢谢\n"
    assert "ZH501" in run.err and run.code == 1


def test_json_format_and_identical_exit_codes(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "speech.txt", SPEECH)
    text_run = cli("check", "speech.txt")
    json_run = cli("check", "--format", "json", "speech.txt")
    assert text_run.code == json_run.code == 1
    rows = json.loads(json_run.out)
    assert len(rows) == 8
    first = rows[0]
    assert set(first) == {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "message",
        "severity",
        "fix",
    }
    comma = next(r for r in rows if r["code"] == "ZH101")
    assert (comma["line"], comma["column"], comma["end_line"], comma["end_column"]) == (1, 6, 1, 7)
    assert comma["fix"]["edits"][0]["content"] == "，"
    placeholder = next(r for r in rows if r["code"] == "ZH501")
    assert placeholder["fix"] is None and placeholder["severity"] == "error"
    assert cli("fix", "--format", "json", "speech.txt").code == 1
    assert json.loads(cli("check", "--format", "json", "speech.txt").out)[0]["code"] == "ZH501"


def test_statistics_and_quiet(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "speech.txt", SPEECH)
    run = cli("check", "--statistics", "speech.txt")
    assert "    2  ZH101  [*] halfwidth-comma" in run.out.splitlines()
    quiet = cli("check", "-q", "speech.txt")
    assert "Found" not in quiet.out and quiet.code == 1


def test_select_ignore_extend_select(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "speech.txt", SPEECH)

    def codes(run):
        return {line.split(": ")[1].split()[0] for line in run.out.splitlines() if ": ZH" in line}

    assert codes(cli("check", "--select", "ZH5", "speech.txt")) == {"ZH501"}
    assert codes(cli("check", "--select", "ZH1,ZH3", "--ignore", "ZH101", "speech.txt")) == {
        "ZH103",
        "ZH104",
        "ZH301",
    }
    assert codes(cli("check", "--select", "ZH5", "--extend-select", "ZH301", "speech.txt")) == {
        "ZH501",
        "ZH301",
    }
    run = cli("check", "--select", "ZH9", "speech.txt")
    assert run.code == 2 and "unknown rule code 'ZH9' in --select" in run.err


def test_directories_are_walked_honouring_gitignore(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (workdir / ".git").mkdir()
    write(workdir / ".gitignore", "drafts/\n*.bak.md\n")
    write(workdir / "docs" / "a.md", "发展,做到\n")
    write(workdir / "docs" / "sub" / "b.txt", "发展,做到\n")
    write(workdir / "docs" / "c.markdown", "发展,做到\n")
    write(workdir / "docs" / "old.bak.md", "发展,做到\n")
    write(workdir / "docs" / "script.py", "x = '发展,做到'\n")
    write(workdir / "drafts" / "d.md", "发展,做到\n")
    write(workdir / "docs" / "sub" / ".gitignore", "b.txt\n")
    write(workdir / "docs" / "sub" / "e.txt", "发展,做到\n")
    run = cli("check", ".")
    files = sorted({line.split(":")[0] for line in run.out.splitlines() if ": ZH" in line})
    assert files == ["docs/a.md", "docs/c.markdown", "docs/sub/e.txt"]
    run = cli("check", "--no-respect-gitignore", ".")
    assert "drafts/d.md" in run.out and "docs/sub/b.txt" in run.out
    # an explicit file is checked whatever its extension or ignore status
    assert cli("check", "docs/script.py").code == 1


def test_walk_skips_symlinks_and_binary_quietly(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "docs" / "a.md", "发展，做到\n")
    (workdir / "docs" / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    os.symlink(workdir / "docs" / "a.md", workdir / "docs" / "link.md")
    run = cli("check", "docs")
    assert run.code == 0 and run.err == ""
    explicit = cli("check", "docs/image.md")
    assert explicit.code == 1 and "docs/image.md: skipped: binary file" in explicit.err
    fixed = cli("fix", "docs/image.md")
    assert fixed.code == 1
    assert (workdir / "docs" / "image.md").read_bytes() == b"\x89PNG\r\n\x1a\n\x00\x00binary"


def test_usage_errors_exit_2_without_traceback(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("check", "missing.txt")
    assert run.code == 2 and run.err == "normtools: error: missing.txt: no such file or directory\n"
    with pytest.raises(SystemExit) as info:
        cli("check")
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        cli("check", "--format", "xml", "a.txt")
    assert info.value.code == 2


def test_rules_listing(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("rules")
    assert run.code == 0
    header, *rows = run.out.splitlines()
    assert header.split()[:5] == ["code", "name", "family", "fix", "default"]
    comma = next(r for r in rows if r.startswith("ZH101"))
    assert comma.split()[:5] == ["ZH101", "halfwidth-comma", "punctuation", "yes", "on"]
    placeholder = next(r for r in rows if r.startswith("ZH501"))
    assert placeholder.split()[3] == "no"
    data = json.loads(cli("rules", "--format", "json").out)
    assert {"code", "name", "family", "fixable", "enabled_by_default"} <= set(data[0])


def test_version(cli, capsys) -> None:  # type: ignore[no-untyped-def]
    import normtools

    with pytest.raises(SystemExit) as info:
        cli("--version")
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"normtools {normtools.__version__}"


def test_runs_as_a_program_from_any_directory(tmp_path: Path) -> None:
    """The installed entry point (or ``python -m``) works outside the source tree."""
    write(tmp_path / "speech.md", "同志们,大家好!\n")
    exe = shutil.which("normtools")
    cmd = [exe] if exe else [sys.executable, "-m", "normtools"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} if exe else dict(os.environ)
    done = subprocess.run(
        [*cmd, "fix", "speech.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "speech.md").read_text(encoding="utf-8") == "同志们，大家好！\n"
    piped = subprocess.run(
        [*cmd, "fix", "-"],
        cwd=tmp_path,
        input="发展,做到\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (piped.returncode, piped.stdout) == (0, "发展，做到\n")


def test_every_format_has_its_module() -> None:
    """One module per format behind one registry: each name renders."""
    import importlib

    from normtools.output import FORMATS

    for name in FORMATS:
        assert callable(importlib.import_module(f"normtools.output.{name}").render)


def test_version_imports_nothing_heavy() -> None:
    """`normtools --version` must not load the rules, the engine or OpenCC."""
    code = (
        "import sys; from normtools.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('normtools.engine', 'normtools.ruleset', 'opencc', "
        "'charset_normalizer') if m in sys.modules]\nprint(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("[]"), done.stdout


def test_jobs_give_the_same_output_in_the_same_order(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """Many files are spread over processes; the output is identical to one process."""
    for i in range(40):
        write(workdir / "docs" / f"{i:02d}.txt", f"第{i}段,发展做到XX。\n" * 3)
    serial = cli("check", "--jobs", "1", "docs")
    parallel = cli("check", "--jobs", "2", "docs")
    assert serial.code == parallel.code == 1
    assert serial.out == parallel.out
    assert cli("fix", "--jobs", "2", "docs").code == 1
    assert (workdir / "docs" / "07.txt").read_text(encoding="utf-8") == "第7段，发展做到XX。\n" * 3
    with pytest.raises(SystemExit):
        cli("check", "--jobs", "0", "docs")


def test_project_docs_pass_normtools(cli) -> None:  # type: ignore[no-untyped-def]
    """normtools' own prose is held to its style (the project's pre-commit hook runs it)."""
    from conftest import REPO

    docs = [
        str(REPO / "README.md"),
        str(REPO / "docs"),
        str(REPO / "hooks" / "README.md"),
        str(REPO / "benchmarks" / "README.md"),
    ]
    run = cli("check", *docs)
    assert run.code == 0, run.out
