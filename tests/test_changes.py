"""Changed-lines mode in real temporary git repositories: ``--diff-base REF`` judges and
fixes only the lines changed since REF, a pull request in CI fails only for its own lines,
and the pre-commit hooks do the same on the staged content when configured."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from normtools.changes import DIFF_ARGS, WHOLE, Lines, LineScope, parse_diff
from normtools.model import Document

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# An old speech, committed long ago with the defects of its time, none of them fixed.
LEGACY = (
    "在全市安全生产工作会议上的讲话\n"
    "\n"
    "　　同志们,朋友们:\n"
    "　　今年以来,全市安全生产形势总体平稳,事故隐患依然存在.\n"
    "　　一是要压实责任,二是要强化排查,三是要严格执法.\n"
    "　　我们要大力弘扬‚安全第一‛的理念,坚决守住安全底线!\n"
    "　　谢谢大家.\n"
)
LINE_4 = "　　今年以来,全市安全生产形势总体平稳,事故隐患依然存在.\n"
EDITED_4 = "　　今年以来,全市安全生产形势稳中向好,事故隐患依然存在.\n"
FIXED_4 = "今年以来，全市安全生产形势稳中向好，事故隐患依然存在。\n"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, env=os.environ
    )
    return done.stdout


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.fixture
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    for key, value in {
        "GIT_CONFIG_GLOBAL": str(empty),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "王明",
        "GIT_AUTHOR_EMAIL": "wangming@example.com",
        "GIT_COMMITTER_NAME": "王明",
        "GIT_COMMITTER_EMAIL": "wangming@example.com",
    }.items():
        monkeypatch.setenv(key, value)
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_git: None) -> Path:
    """A repository whose main branch holds the legacy speech, on a feature branch."""
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    write(path / "speeches" / "2019.txt", LEGACY)
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", "archive")
    git(path, "checkout", "-q", "-b", "feature")
    monkeypatch.chdir(path)
    return path


def edit_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[number - 1] = text
    path.write_text("".join(lines), encoding="utf-8")


def findings(run_out: str) -> list[tuple[str, int, str]]:
    return [(d["path"], d["line"], d["code"]) for d in json.loads(run_out)]


# -- reading git's diff --------------------------------------------------------------------


def test_parse_diff_reads_what_git_prints(repo: Path) -> None:
    """Added files and binary changes whole, renames followed, deletions and pure renames
    not listed; quoted names (non-ASCII, quotes) and names with spaces read back."""
    write(repo / "讲话 稿.md", "甲\n乙\n丙\n")
    write(repo / 'q"t.md', "一\n二\n")
    write(repo / "gone.md", "去\n")
    write(repo / "moved.md", "不变\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "more")
    write(repo / "讲话 稿.md", "甲\n乙改\n丙\n丁\n")  # line 2 changed, line 4 added
    write(repo / 'q"t.md', "二\n")  # a deletion only: no line of the new text changed
    write(repo / "body.md", "++ 以加号开头的行\n")  # a body line that reads "+++ ..."
    write(repo / "utf16.txt", "讲话".encode("utf-16"))
    (repo / "gone.md").unlink()
    git(repo, "mv", "moved.md", "renamed.md")
    git(repo, "add", "-A")
    changed = parse_diff(
        subprocess.run(
            ["git", *DIFF_ARGS, "HEAD"], cwd=repo, capture_output=True, check=True
        ).stdout
    )
    assert changed == {
        "讲话 稿.md": Lines(((2, 2), (4, 4))),
        "body.md": WHOLE,
        "utf16.txt": WHOLE,
    }


def test_lines_touch_and_scope_survives_a_fix_that_removes_a_line() -> None:
    lines = Lines(((2, 3), (7, 7)))
    assert lines.touches(3, 5) and lines.touches(7, 9) and not lines.touches(4, 6)
    assert not lines.touches(1, 1) and not Lines().touches(1, 100)
    original = "甲,\n乙,\n\n丙,\n"
    scope = LineScope(Lines(((4, 4),)), original)
    same = scope.suppressor(Document(original))
    assert same(None, 0, 2) and not same(None, original.index("丙"), original.index("丙") + 2)  # type: ignore[arg-type]
    shorter = "甲,\n乙,\n丙,\n"  # a fix removed the empty line 3: 丙 is on line 3 now
    moved = scope.suppressor(Document(shorter))
    assert not moved(None, shorter.index("丙"), shorter.index("丙") + 2)  # type: ignore[arg-type]
    assert moved(None, shorter.index("乙"), shorter.index("乙") + 2)  # type: ignore[arg-type]


# -- the command line ----------------------------------------------------------------------


def test_one_line_edit_of_a_legacy_file_is_judged_and_fixed_alone(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    speech = repo / "speeches" / "2019.txt"
    edit_line(speech, 4, EDITED_4)
    git(repo, "commit", "-q", "-am", "update the figures")
    assert cli("check", ".").code == 1  # the whole file has dozens of defects
    run = cli("check", "--diff-base", "main", "--format", "json", ".")
    assert run.code == 1
    found = findings(run.out)
    assert found and {line for _, line, _ in found} == {4}, found
    fix = cli("fix", "--diff-base", "main", ".")
    assert fix.code == 0, fix.out + fix.err
    expected = LEGACY.replace(LINE_4, FIXED_4)
    assert speech.read_text(encoding="utf-8") == expected  # every other line byte-identical
    # nothing left: fix again changes nothing, and check passes
    assert cli("fix", "--diff-base", "main", ".").out.strip().endswith("Nothing to fix.")
    assert speech.read_text(encoding="utf-8") == expected
    assert cli("check", "--diff-base", "main", ".").code == 0


def test_every_change_fix_makes_is_reported_by_check(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """The same REF: each fix check announces, fix applies, and nothing else."""
    speech = repo / "speeches" / "2019.txt"
    edit_line(speech, 4, EDITED_4)
    edit_line(speech, 6, "　　我们要大力弘扬‚安全第一‛的理念,坚决守住安全底线!\n　　抓好落实...\n")
    run = cli("check", "--diff-base", "main", "--format", "json", ".")
    reported = json.loads(run.out)
    fixable_lines = {d["line"] for d in reported if d["fix"] is not None}
    before = speech.read_text(encoding="utf-8").splitlines()
    fix = cli("fix", "--diff-base", "main", ".")
    after = speech.read_text(encoding="utf-8").splitlines()
    changed = {i + 1 for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}
    assert changed == fixable_lines == {4, 7}  # line 6 unchanged since main: left alone
    n = sum(d["fix"] is not None for d in reported)
    assert f"Fixed {n} problems in 1 file." in fix.out


def test_new_files_count_whole_and_unchanged_files_not_at_all(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(repo / "speeches" / "2024.txt", "同志们,朋友们:\n谢谢大家.\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "new speech")
    write(repo / "draft.md", "# 草稿\n\n会议定于明天召开.\n")  # not even tracked
    run = cli("check", "--diff-base", "main", "--format", "json", ".")
    found = findings(run.out)
    assert {p for p, _, _ in found} == {"speeches/2024.txt", "draft.md"}
    assert {line for p, line, _ in found if p == "speeches/2024.txt"} == {1, 2}


def test_a_renamed_legacy_file_is_judged_on_its_changed_line_only(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    git(repo, "mv", "speeches/2019.txt", "speeches/安全生产-2019.txt")
    edit_line(repo / "speeches" / "安全生产-2019.txt", 4, EDITED_4)
    git(repo, "commit", "-q", "-am", "rename and edit")
    run = cli("check", "--diff-base", "main", "--format", "json", ".")
    assert {line for _, line, _ in findings(run.out)} == {4}


def test_whole_file_conventions_are_kept_in_a_partly_changed_file(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """Line ends and encoding are the whole file's: changed lines, even the first, where
    such findings sit, do not change them."""
    write(repo / "normtools.toml", 'line-ending = "lf"\n')
    legacy = LEGACY.replace("‚", '"').replace("‛", '"')  # GBK has no ‚ ‛
    title, titled = "讲话\n", "讲话(摘要)\n"
    crlf = repo / "crlf.txt"
    crlf.write_bytes(legacy.replace("\n", "\r\n").encode())
    gbk = repo / "gbk.txt"
    gbk.write_bytes(legacy.encode("gbk"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "legacy encodings")
    git(repo, "branch", "-f", "main")
    edited = legacy.replace(LINE_4, EDITED_4).replace(title, titled, 1)
    crlf.write_bytes(edited.replace("\n", "\r\n").encode())
    gbk.write_bytes(edited.encode("gbk"))
    run = cli("check", "--diff-base", "main", "--format", "json", "crlf.txt", "gbk.txt")
    found = findings(run.out)
    assert {(p, line) for p, line, _ in found} == {
        (p, n) for p in ("crlf.txt", "gbk.txt") for n in (1, 4)
    }
    assert not {"ZH407", "ZH601"} & {code for _, _, code in found}
    cli("fix", "--diff-base", "main", "crlf.txt", "gbk.txt")
    expected = legacy.replace(LINE_4, FIXED_4).replace(title, "讲话（摘要）\n", 1)
    assert crlf.read_bytes() == expected.replace("\n", "\r\n").encode()
    assert gbk.read_bytes() == expected.encode("gbk")
    # the whole file judged: both are reported
    whole = findings(cli("check", "--format", "json", "crlf.txt", "gbk.txt").out)
    assert {("crlf.txt", "ZH407"), ("gbk.txt", "ZH601")} <= {(p, c) for p, _, c in whole}


def test_a_file_with_mixed_line_ends_keeps_each_line_end(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """A legacy file edited over the years in several editors: CRLF on most lines, LF on
    some. A one-line fix writes that line and leaves every other line's end as it was
    (git then shows one changed line, not every line whose end was rewritten)."""
    ends = ["\r\n", "\r\n", "\n", "\r\n", "\n", "\r\n", "\r\n"]
    lines = LEGACY.splitlines()
    mixed = repo / "mixed.txt"
    mixed.write_bytes("".join(t + e for t, e in zip(lines, ends, strict=True)).encode())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "mixed line ends")
    git(repo, "branch", "-f", "main")
    lines[3] = EDITED_4.rstrip("\n")
    mixed.write_bytes("".join(t + e for t, e in zip(lines, ends, strict=True)).encode())
    assert cli("fix", "--diff-base", "main", "mixed.txt").code == 0
    lines[3] = FIXED_4.rstrip("\n")
    assert mixed.read_bytes() == "".join(t + e for t, e in zip(lines, ends, strict=True)).encode()
    assert git(repo, "diff", "--numstat", "main", "--", "mixed.txt").split()[:2] == ["1", "1"]


def test_a_git_line_holding_a_lone_cr_is_judged_whole(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """git ends a line at LF only; normtools also at a CR alone. A changed git line that
    holds a lone CR is several lines to normtools, and every one of them is judged."""
    old = repo / "old-mac.txt"
    old.write_bytes("第一段,旧.\r\n第二段,旧.\r\n第三段,旧.\r\n".encode())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "old text")
    git(repo, "branch", "-f", "main")
    old.write_bytes("第一段,旧.\r\n第二段,旧.\r新补一句,请注意.\r\n第三段,旧.\r\n".encode())
    found = findings(cli("check", "--diff-base", "main", "--format", "json", "old-mac.txt").out)
    assert {(line, code) for _, line, code in found} == {
        (2, "ZH101"),
        (2, "ZH106"),
        (3, "ZH101"),
        (3, "ZH106"),
    }
    cli("fix", "--diff-base", "main", "old-mac.txt")
    assert (
        old.read_bytes()
        == "第一段,旧.\r\n第二段，旧。\r新补一句，请注意。\r\n第三段,旧.\r\n".encode()
    )
    # a file with CR line ends only is one line to git: a change anywhere judges it all
    cr = repo / "cr.txt"
    cr.write_bytes("一段,旧.\r二段,旧.\r".encode())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "cr")
    git(repo, "branch", "-f", "main")
    cr.write_bytes("一段,旧.\r二段,新.\r".encode())
    found = findings(cli("check", "--diff-base", "main", "--format", "json", "cr.txt").out)
    assert {line for _, line, _ in found} == {1, 2}


def test_markers_still_apply_and_show_suppressed_stays_in_scope(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    speech = repo / "speeches" / "2019.txt"
    edit_line(speech, 4, EDITED_4.rstrip("\n") + "  # normtools: ignore[ZH1]\n")
    run = cli("check", "--diff-base", "main", "--show-suppressed", "--format", "json", ".")
    shown = json.loads(run.out)
    assert run.code == 1  # ZH401, the indentation, is not suppressed
    assert {d["line"] for d in shown} == {4}
    assert {d["code"] for d in shown if not d.get("suppressed")} == {"ZH401"}


def test_a_fix_that_removes_lines_stays_in_scope(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    speech = repo / "speeches" / "2019.txt"
    speech.write_text(LEGACY + "\n\n补充一句,作为结尾.\n\n\n", encoding="utf-8")
    assert cli("fix", "--diff-base", "main", ".").code == 0
    assert speech.read_text(encoding="utf-8") == LEGACY + "\n\n补充一句，作为结尾。\n"
    assert "Nothing to fix." in cli("fix", "--diff-base", "main", ".").out


@pytest.mark.parametrize(
    "args,message",
    [
        (["--diff-base", "no-such-branch", "."], "--diff-base no-such-branch: no such commit"),
        (["--diff-base=-x", "."], "cannot start with '-'"),
        (["--diff-base", "main", "-"], "does not read '-'"),
    ],
)
def test_diff_base_errors_are_one_line(repo: Path, cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    run = cli("check", *args, stdin="发展,做到\n")
    assert run.code == 2 and message in run.err and "Traceback" not in run.err


def test_diff_base_outside_git_is_a_usage_error(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.txt", "发展,做到\n")
    run = cli("check", "--diff-base", "main", "a.txt")
    assert run.code == 2 and "a.txt: not in a git work tree" in run.err


# -- the CI recipe for pull requests (docs/ci.md) -------------------------------------------


def test_ci_recipe_fails_a_pull_request_only_for_lines_it_changed(
    tmp_path: Path,
    isolated_git: None,
    cli,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """docs/ci.md's workflow, run as the runner would: actions/checkout with
    fetch-depth: 0 gives a clone with origin/main; the action runs `normtools check
    --format github` with the recipe's args."""
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    git(upstream, "init", "-q", "-b", "main")
    write(upstream / "speeches" / "2019.txt", LEGACY)
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "archive")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    monkeypatch.chdir(clone)
    git(clone, "checkout", "-q", "-b", "pr")
    recipe = ("check", "--format", "github", *_recipe_args("main"), "--", ".")

    # a pull request that adds a clean line to the legacy file passes
    with (clone / "speeches" / "2019.txt").open("a", encoding="utf-8") as f:
        f.write("散会。\n")
    git(clone, "commit", "-q", "-am", "clean line")
    assert cli(*recipe).code == 0

    # one that brings a defect is told about that line only
    edit_line(clone / "speeches" / "2019.txt", 4, EDITED_4)
    git(clone, "commit", "-q", "-am", "defective line")
    run = cli(*recipe)
    assert run.code == 1
    annotations = [line for line in run.out.splitlines() if line.startswith("::")]
    assert annotations and all("file=speeches/2019.txt,line=4," in a for a in annotations)

    # main moved on meanwhile (new defects there): the merge base keeps them out
    write(upstream / "other.txt", "别人的改动,未经检查.\n")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "meanwhile on main")
    git(clone, "fetch", "-q", "origin")
    run = cli(*recipe)
    assert "other.txt" not in run.out and run.code == 1


def _recipe_args(base_ref: str) -> list[str]:
    """The `args:` of the pull-request workflow in docs/ci.md, for a base branch."""
    import yaml

    docs = (Path(__file__).resolve().parents[1] / "docs" / "ci.md").read_text(encoding="utf-8")
    section = docs.split("## Pull requests: only the lines they change", 1)[1]
    workflow = yaml.safe_load(section.split("```yaml\n", 1)[1].split("```", 1)[0])
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[0]["with"]["fetch-depth"] == 0
    args = str(steps[1]["with"]["args"]).replace("${{ github.base_ref }}", base_ref)
    return args.split()


# -- the pre-commit hooks ------------------------------------------------------------------


def test_precommit_hooks_judge_changed_lines_when_configured(repo: Path) -> None:
    from normtools.hooks import check_main, fix_main

    speech = repo / "speeches" / "2019.txt"
    edit_line(speech, 4, EDITED_4)
    # without the setting the hook judges the whole file
    assert check_main(["speeches/2019.txt"]) == 1
    write(repo / "normtools.toml", "changed-lines-only = true\n")
    git(repo, "add", "normtools.toml")
    git(repo, "commit", "-q", "-m", "adopt normtools on changed lines")
    assert check_main(["--select", "ZH1", "speeches/2019.txt"]) == 1
    fix_main(["speeches/2019.txt"])
    assert speech.read_text(encoding="utf-8") == LEGACY.replace(LINE_4, FIXED_4)
    assert check_main(["speeches/2019.txt"]) == 0  # the legacy lines are not judged


def test_precommit_hooks_before_the_first_commit_judge_whole_files(
    tmp_path: Path, isolated_git: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normtools.hooks import check_main

    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "normtools.toml", "changed-lines-only = true\n")
    write(tmp_path / "a.txt", "发展,做到\n")
    assert check_main(["a.txt"]) == 1


def test_hook_output_names_only_the_changed_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from normtools.hooks import check_main

    write(repo / "normtools.toml", "changed-lines-only = true\n")
    git(repo, "add", "normtools.toml")
    git(repo, "commit", "-q", "-m", "config")
    edit_line(repo / "speeches" / "2019.txt", 4, EDITED_4)
    assert check_main(["speeches/2019.txt"]) == 1
    out = capsys.readouterr().out
    reported = [line for line in out.splitlines() if line.startswith("speeches/")]
    assert reported and all(line.startswith("speeches/2019.txt:4:") for line in reported)
