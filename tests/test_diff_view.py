"""``fix --diff`` (issue 15): coloured with invisible characters shown on a terminal,
plain when piped; the findings it leaves point into the file on disk."""

from __future__ import annotations

import json
import re
from pathlib import Path

from test_output_text import on_terminal, piped

from normtools.commands import _unified_diff
from normtools.output import diffview
from normtools.output.positions import diff_map, on_original

ANSI = re.compile(r"\x1b\[[0-9;]*m")
TEXT = "　　同志们,朋友们:\n请XX同志于X月X日前报送.\n坚持,。努力 \n"


def test_terminal_diff_is_coloured_and_shows_invisible_characters(workdir: Path) -> None:
    (workdir / "a.txt").write_text(TEXT, encoding="utf-8")
    code, out = on_terminal(workdir, "fix", "--diff", "a.txt")
    assert code == 1
    assert "\x1b[31m" in out and "\x1b[32m" in out  # red removals, green additions
    plain = ANSI.sub("", out)
    assert "-‹U+3000›‹U+3000›同志们,朋友们:" in plain
    assert "+同志们，朋友们：" in plain
    assert "-坚持,。努力⎵" in plain  # the trailing space
    assert (workdir / "a.txt").read_text(encoding="utf-8") == TEXT


def test_terminal_diff_without_colour_still_shows_invisible_characters(workdir: Path) -> None:
    (workdir / "a.txt").write_text(TEXT, encoding="utf-8")
    _, out = on_terminal(workdir, "fix", "--diff", "a.txt", NO_COLOR="1")
    assert "\x1b" not in out
    assert "-‹U+3000›‹U+3000›同志们,朋友们:" in out


def test_piped_diff_is_the_plain_diff_even_with_force_color(workdir: Path) -> None:
    (workdir / "a.txt").write_text(TEXT, encoding="utf-8")
    done = piped(workdir, "fix", "--diff", "a.txt", FORCE_COLOR="1")
    assert done.stdout == _unified_diff(TEXT, _fixed(workdir), "a.txt")
    assert "\x1b" not in done.stdout and "‹" not in done.stdout


def _fixed(workdir: Path) -> str:
    (workdir / "b.txt").write_text(TEXT, encoding="utf-8")
    piped(workdir, "fix", "b.txt")
    return (workdir / "b.txt").read_text(encoding="utf-8")


def test_diffview_highlights_what_changed_in_a_line() -> None:
    diff = _unified_diff("发展,做到\n", "发展，做到\n", "a.txt")
    out = diffview.render(diff, color=True)
    assert "\x1b[31;7;1m,\x1b[0m" in out  # the comma, reversed, in the removed line
    assert "\x1b[32;7;1m，\x1b[0m" in out
    assert ANSI.sub("", out) == diff  # nothing else changes


def test_diffview_neutralises_control_characters_everywhere() -> None:
    diff = _unified_diff("a\x1b[2J\nb,\n", "a\x1b[2J\nb，\n", "a.txt")
    out = diffview.render(diff, color=False)
    assert "\x1b" not in out
    assert " a‹U+001B›[2J" in out  # a context line


# -- the findings fix --diff leaves ----------------------------------------------------------


def test_remaining_findings_are_at_positions_of_the_file_on_disk(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "a.txt").write_text(TEXT, encoding="utf-8")
    fixed = cli("fix", "--diff", "--format", "json", "a.txt")
    remaining = json.loads(fixed.err[: fixed.err.rindex("]") + 1])
    checked = json.loads(cli("check", "--format", "json", "a.txt").out)
    report_only = [
        (d["code"], d["line"], d["column"], d["end_column"]) for d in checked if d["fix"] is None
    ]
    found = [(d["code"], d["line"], d["column"], d["end_column"]) for d in remaining]
    assert found == report_only
    # XX is the 2nd character of line 2 on disk; ，。 (after ZH101's fix) sits at 坚持,。
    assert ("ZH501", 2, 2, 4) in found
    assert ("ZH504", 3, 3, 5) in found


def test_fix_without_diff_reports_positions_in_the_written_file(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "a.txt").write_text(TEXT, encoding="utf-8")
    remaining = json.loads(cli("fix", "--format", "json", "a.txt").out)
    placeholder = next(d for d in remaining if d["code"] == "ZH501")
    assert (placeholder["line"], placeholder["column"]) == (2, 2)
    first = (workdir / "a.txt").read_text(encoding="utf-8").splitlines()[0]
    assert first == "同志们，朋友们："


def test_full_format_after_fix_diff_shows_the_line_on_disk(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "a.txt").write_text("　　请XX同志参加,谢谢.\n", encoding="utf-8")
    run = cli("fix", "--diff", "--format", "full", "a.txt")
    lines = run.err.splitlines()
    at = lines.index("a.txt:1:4: ZH501 unfilled placeholder “XX”")
    assert lines[at + 2] == "1 | 　　请XX同志参加,谢谢."
    assert lines[at + 3] == "  |       ^^"


def test_offset_map_of_a_diff() -> None:
    old = "　　坚持,。努力\n联系人:ＸＸ,电话\n不变\n"
    new = "坚持，。努力\n联系人：XX，电话\n不变\n"
    omap = diff_map(old, new)
    # ，。 in the new text came from ,。 in the old
    assert omap.to_original(new.index("，。"), new.index("，。") + 2) == (4, 6)
    xx = new.index("XX")
    assert old[slice(*omap.to_original(xx, xx + 2))] == "ＸＸ"
    assert omap.to_original(new.index("不变"), new.index("不变") + 2) == (
        old.index("不变"),
        old.index("不变") + 2,
    )
    assert on_original([], new, old) == []
