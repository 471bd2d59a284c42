"""The text output people read (issue 15): on a terminal each finding with its source
line, a caret under it that counts East Asian width, and the fix; piped, the one-line
form scripts parse, byte for byte as before; colour only on a terminal, following
NO_COLOR and FORCE_COLOR."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from normtools.diagnostics import Diagnostic
from normtools.output import Report, render
from normtools.output.display import clip, text_width, visible

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SPEECH = "　　同志们,朋友们:\n　　今年是XX年,我们要再接再励!\n"


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="100")
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def on_terminal(cwd: Path, *argv: str, **env: str | None) -> tuple[int, str]:
    """Run normtools with its standard output on a pseudo-terminal; what it printed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "normtools", *argv],
        cwd=cwd,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=_env(**env),
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    code = proc.wait()
    return code, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def piped(cwd: Path, *argv: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normtools", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_env(**env),
        check=False,
    )


# -- the terminal and the pipe -------------------------------------------------------------


def test_terminal_shows_source_lines_carets_and_colour(workdir: Path) -> None:
    write(workdir / "speech.txt", SPEECH)
    code, out = on_terminal(workdir, "check", "speech.txt")
    assert code == 1
    assert "\x1b[" in out  # coloured
    plain = ANSI.sub("", out)
    header = "speech.txt:1:6: ZH101 [*] half-width “,” in Chinese text: use “，”\n"
    block = plain.split(header, 1)[1].splitlines()
    assert block[1] == "1 | 　　同志们,朋友们:"
    # the caret sits under the comma: two U+3000 and three Han take ten cells
    assert block[2] == "  |           ^ fix: “,” → “，”"
    assert plain.rstrip().endswith("Found 8 problems (7 fixable with `normtools fix`).")


def test_no_color_on_a_terminal_has_no_escape_codes(workdir: Path) -> None:
    write(workdir / "speech.txt", SPEECH)
    code, out = on_terminal(workdir, "check", "speech.txt", NO_COLOR="1")
    assert code == 1
    assert "\x1b" not in out
    assert "1 | 　　同志们,朋友们:" in out  # still the full form


def test_no_color_wins_over_force_color(workdir: Path) -> None:
    write(workdir / "speech.txt", SPEECH)
    _, out = on_terminal(workdir, "check", "speech.txt", NO_COLOR="1", FORCE_COLOR="1")
    assert "\x1b" not in out


def test_piped_output_is_the_concise_form_scripts_parse(workdir: Path) -> None:
    """Every finding is ``path:line:column: CODE[ [*]] message``, as the one-line text
    format always printed; nothing else but the summary line."""
    write(workdir / "speech.txt", SPEECH)
    write(workdir / "notice.md", "请XX同志参加会议,谢谢.\n")
    done = piped(workdir, "check", "speech.txt", "notice.md")
    rows = json.loads(piped(workdir, "check", "--format", "json", "speech.txt", "notice.md").stdout)
    expected = [
        f"{r['path']}:{r['line']}:{r['column']}: {r['code']}{' [*]' if r['fix'] else ''} "
        f"{r['message']}"
        for r in rows
    ]
    fixable = sum(r["fix"] is not None for r in rows)
    summary = f"Found {len(rows)} problems ({fixable} fixable with `normtools fix`)."
    assert done.stdout.splitlines() == [*expected, summary]
    assert "\x1b" not in done.stdout


def test_explicit_concise_and_text_formats_print_the_same_when_piped(workdir: Path) -> None:
    write(workdir / "speech.txt", SPEECH)
    default = piped(workdir, "check", "speech.txt").stdout
    assert piped(workdir, "check", "--format", "text", "speech.txt").stdout == default
    assert piped(workdir, "check", "--output-format", "concise", "speech.txt").stdout == default
    assert piped(workdir, "check", "--format", "concise", "speech.txt").stdout == default


def test_concise_on_a_terminal(workdir: Path) -> None:
    write(workdir / "speech.txt", SPEECH)
    _, out = on_terminal(workdir, "check", "--output-format", "concise", "speech.txt")
    assert " | " not in ANSI.sub("", out)
    assert "speech.txt:1:6:" in ANSI.sub("", out)


def test_force_color_colours_a_pipe(workdir: Path) -> None:
    write(workdir / "speech.txt", SPEECH)
    done = piped(workdir, "check", "speech.txt", FORCE_COLOR="1")
    assert "\x1b[" in done.stdout
    assert ANSI.sub("", done.stdout) == piped(workdir, "check", "speech.txt").stdout


def test_full_format_can_be_asked_for_in_a_pipe(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "speech.txt", SPEECH)
    run = cli("check", "--format", "full", "speech.txt")
    assert "2 | 　　今年是XX年,我们要再接再励!" in run.out
    assert "\x1b" not in run.out
    # the placeholder: report only, so no fix label
    block = run.out.split("speech.txt:2:6: ZH501 unfilled placeholder “XX”\n", 1)[1]
    assert block.splitlines()[2] == "  |           ^^"


def test_output_file_gets_the_concise_form(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "speech.txt", SPEECH)
    run = cli("check", "-o", "report.txt", "speech.txt")
    assert run.code == 1
    report = (workdir / "report.txt").read_text(encoding="utf-8")
    assert report.startswith("speech.txt:1:1: ZH401 [*]")
    assert "Wrote the report (8 problems) to report.txt." in run.err


def test_output_file_that_cannot_be_written_is_a_usage_error(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "speech.txt", SPEECH)
    run = cli("check", "-o", "no/such/dir/report.txt", "speech.txt")
    assert run.code == 2
    assert run.err.startswith("normtools: error: no/such/dir/report.txt: cannot write the report")


# -- the full format on its own -------------------------------------------------------------


def _diag(text: str, start: int, end: int, replacement: str | None = None) -> Diagnostic:
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = text.count("\n", 0, end) + 1
    end_column = end - (text.rfind("\n", 0, end) + 1) + 1
    return Diagnostic(
        "a.txt",
        "ZH999",
        "demo",
        "error",
        "demo",
        start,
        end,
        line,
        column,
        end_line,
        end_column,
        replacement,
    )


def _full(text: str, d: Diagnostic, width: int = 100) -> list[str]:
    out = render("full", Report([d], sources={"a.txt": text}, width=width))
    return out.splitlines()


def test_caret_counts_wide_and_combining_characters() -> None:
    text = "ＡB汉e\u0301,字\n"  # a full-width letter, a Han, e + combining acute
    d = _diag(text, 5, 6, "，")
    lines = _full(text, d)
    assert lines[2] == "1 | ＡB汉e\u0301,字"
    # Ａ (2) B (1) 汉 (2) e (1) combining (0): the comma is in cell 7
    assert lines[3] == "  |       ^ fix: “,” → “，”"


def test_long_lines_are_cut_around_the_finding() -> None:
    text = "前" * 200 + "," + "后" * 200 + "\n"
    d = _diag(text, 200, 201, "，")
    lines = _full(text, d, width=60)
    shown, caret = lines[2], lines[3]
    assert shown.startswith("1 | ...") and shown.endswith("...")
    assert text_width(shown) <= 60
    assert caret.index("^") == text_width(shown[: shown.index(",")])


def test_invisible_characters_are_shown_and_do_not_shift_the_caret() -> None:
    text = "竞\u200b赛\t,结束\x1b[31m\n"
    d = _diag(text, 4, 5, "，")
    lines = _full(text, d)
    assert lines[2] == "1 | 竞‹U+200B›赛    ,结束‹U+001B›[31m"  # the tab: to cell 16
    assert lines[3].index("^") == text_width(lines[2][: lines[2].index(",")])


def test_fix_labels_name_deleted_and_inserted_blanks() -> None:
    text = "　　同志们\n"
    lines = _full(text, _diag(text, 0, 2, ""))
    assert lines[3] == "  | ^^^^ fix: delete “‹U+3000›‹U+3000›”"
    end = "结束"
    lines = _full(end, _diag(end, 2, 2, "\n"))
    assert lines[3] == "  |     ^ fix: insert “‹LF›”"


def test_a_finding_over_several_lines_says_where_it_ends() -> None:
    text = "结束\n\n\n\n"
    lines = _full(text, _diag(text, 3, 5, ""))
    assert "continues to line 4" in lines[3]


def test_clip_keeps_short_lines_whole() -> None:
    assert clip("发展,做到", 2, 3, 80) == ("发展,做到", 4, 1)
    assert visible(" a\u3000b ", blanks=True) == "⎵a‹U+3000›b⎵"


# -- summary lines -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "full", "concise"])
def test_summary_line_with_every_text_format(cli, workdir: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "clean.txt", "同志们，朋友们：\n")
    run = cli("check", "--format", fmt, "clean.txt")
    assert (run.code, run.out) == (0, "All checks passed!\n")
