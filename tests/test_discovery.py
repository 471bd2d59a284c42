"""Which files a run touches, in real temporary git repositories: the walk agrees with
``git ls-files``, ``--force-exclude``, and ``line-ending = "auto"`` from .gitattributes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from normtools.api import Normalizer
from normtools.config import Config, load_config
from normtools.discovery import _eol_for, find_targets, line_endings

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BAD = "发展,做到\n"  # one ZH101
CRLF_SPEECH = "同志们，朋友们：\r\n今天我们在这里召开大会。\r\n".encode()
LF_SPEECH = "同志们，朋友们：\n今天我们在这里召开大会。\n".encode()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty git repository as the current directory, with a user-level git config
    of its own (core.excludesFile and core.autocrlf are set there by some tests)."""
    home = workdir.parent / f"{workdir.name}-home"
    home.mkdir()
    (home / "gitconfig").write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(var, raising=False)
    git(workdir, "init", "-q")
    return workdir


def walked(*paths: str, config: Config | None = None) -> list[str]:
    config = config or load_config()
    return [t.path.as_posix() for t in find_targets(list(paths), config)]


def git_listed(repo: Path) -> list[str]:
    out = git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return sorted(p for p in out.split("\0") if p.endswith((".md", ".txt")))


# -- the walk inside git ------------------------------------------------------------------


def test_walk_agrees_with_git_ls_files(repo: Path) -> None:
    excludes = repo.parent / f"{repo.name}-home" / "global-ignore"
    excludes.write_text("*.draft.md\n", encoding="utf-8")
    git(repo, "config", "--global", "core.excludesFile", str(excludes))
    write(repo / ".git" / "info" / "exclude", "private/\n")
    write(repo / ".gitignore", "archive/*\n!archive/keep/\n")
    write(repo / "docs" / ".gitignore", "*.txt\n!important.txt\n")
    for name in (
        "README.md",
        "notes.draft.md",  # core.excludesFile
        "private/diary.md",  # .git/info/exclude
        "archive/old.md",  # ignored
        "archive/keep/speech.md",  # re-included by a negation
        "docs/a.txt",  # ignored by a nested .gitignore
        "docs/important.txt",  # re-included there
        "docs/guide.md",
        "tracked/forced.txt",  # ignored below, but tracked: git lists it
    ):
        write(repo / name, BAD)
    write(repo / "tracked" / ".gitignore", "*.txt\n")
    git(repo, "add", "-f", "tracked/forced.txt")
    expected = [
        "README.md",
        "archive/keep/speech.md",
        "docs/guide.md",
        "docs/important.txt",
        "tracked/forced.txt",
    ]
    assert walked(".") == expected
    assert git_listed(repo) == expected  # the oracle says the same


def test_walk_in_git_keeps_normtools_filters_and_order(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(repo / "normtools.toml", 'extend-exclude = ["legacy/**"]\n')
    write(repo / "legacy" / "old.md", BAD)
    write(repo / "b" / "z.md", BAD)
    write(repo / "b.md", BAD)
    write(repo / "build" / "out.md", BAD)  # in the default exclude list
    write(repo / "script.py", "x = '发展,做到'\n")  # not a configured extension
    os.symlink(repo / "b.md", repo / "link.md")
    write(repo / "gone.md", BAD)
    git(repo, "add", "gone.md", "link.md")
    (repo / "gone.md").unlink()  # still in the index, no longer on disk
    nested = repo / "vendor"  # a repository of its own inside the work tree
    git(repo, "init", "-q", str(nested))
    write(nested / "theirs.md", BAD)
    # the same order as the plain walk: names sorted level by level
    assert walked(".") == ["b/z.md", "b.md"]
    run = cli("check", ".")
    assert [line.split(":")[0] for line in run.out.splitlines() if ": ZH" in line] == [
        "b/z.md",
        "b.md",
    ]


def test_walk_of_a_subdirectory_lists_its_files_only(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(repo / ".gitignore", "drafts/\n")
    write(repo / "docs" / "a.md", BAD)
    write(repo / "docs" / "drafts" / "b.md", BAD)
    write(repo / "top.md", BAD)
    assert walked("docs") == ["docs/a.md"]
    os.chdir(repo / "docs")
    assert walked(".") == ["a.md"]
    assert cli("check", ".").out.startswith("a.md:1:3: ZH101")


def test_no_respect_gitignore_walks_ignored_files_in_git(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(repo / ".git" / "info" / "exclude", "drafts/\n")
    write(repo / "drafts" / "d.md", BAD)
    assert "drafts/d.md" not in cli("check", ".").out
    assert "drafts/d.md:1:3: ZH101" in cli("check", "--no-respect-gitignore", ".").out


# -- --force-exclude ----------------------------------------------------------------------


def test_force_exclude_applies_exclude_to_named_files(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "pyproject.toml", '[tool.normtools]\nextend-exclude = ["legacy/**"]\n')
    old = write(workdir / "legacy" / "old.md", BAD)
    new = write(workdir / "new.md", BAD)
    # named files are processed as given unless --force-exclude
    assert "legacy/old.md:1:3: ZH101" in cli("check", "legacy/old.md").out
    run = cli("fix", "--force-exclude", "legacy/old.md", "new.md")
    assert run.code == 0 and "Fixing new.md (1 fix)" in run.out and "legacy" not in run.out
    assert old.read_text(encoding="utf-8") == BAD
    assert new.read_text(encoding="utf-8") == "发展，做到\n"
    # only excluded files named: nothing to do, which is success
    assert cli("check", "--force-exclude", "legacy/old.md").code == 0


def test_force_exclude_applies_to_the_stdin_filename(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """As in ruff: an editor or a formatter pipe names the buffer with --stdin-filename;
    an excluded name is not judged, and ``fix -`` gives the text back unchanged."""
    write(workdir / "pyproject.toml", '[tool.normtools]\nextend-exclude = ["legacy/**"]\n')
    named = ("--force-exclude", "--stdin-filename", "legacy/old.md", "-")
    run = cli("check", *named, stdin=BAD)
    assert (run.code, run.out) == (0, "All checks passed!\n")
    run = cli("fix", *named, stdin=BAD)
    assert (run.code, run.out) == (0, BAD)
    assert cli("fix", "--diff", *named, stdin=BAD).out == ""
    # without --force-exclude, or under a name not excluded, the text is judged
    assert cli("fix", "--stdin-filename", "legacy/old.md", "-", stdin=BAD).out == "发展，做到\n"
    run = cli("fix", "--force-exclude", "--stdin-filename", "new.md", "-", stdin=BAD)
    assert run.out == "发展，做到\n"


def test_force_exclude_through_the_pre_commit_entry_point(workdir: Path) -> None:
    from normtools.hooks import fix_main

    write(workdir / "normtools.toml", 'extend-exclude = ["legacy/**"]\n')
    old = write(workdir / "legacy" / "old.md", BAD)
    # what .pre-commit-hooks.yaml passes, then the staged file names
    assert fix_main(["--force-exclude", "legacy/old.md"]) == 0
    assert old.read_text(encoding="utf-8") == BAD


# -- --exit-zero --------------------------------------------------------------------------


def test_exit_zero_keeps_the_report_but_not_the_failure(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "notice.txt", "请XX同志参加会议,谢谢.\n")
    run = cli("check", "--exit-zero", "notice.txt")
    assert run.code == 0 and "notice.txt:1:2: ZH501 unfilled placeholder “XX”" in run.out
    assert cli("check", "notice.txt").code == 1
    diff = cli("fix", "--diff", "--exit-zero", "notice.txt")
    assert diff.code == 0 and "+请XX同志参加会议，谢谢。" in diff.out
    fixed = cli("fix", "--exit-zero", "--exit-non-zero-on-fix", "notice.txt")
    assert fixed.code == 0 and "ZH501" in fixed.out  # the placeholder is still reported
    assert (workdir / "notice.txt").read_text(encoding="utf-8") == "请XX同志参加会议，谢谢。\n"
    missing = cli("check", "--exit-zero", "missing.txt")
    assert missing.code == 2 and "missing.txt: no such file or directory" in missing.err
    bad_code = cli("fix", "--exit-zero", "--select", "ZH9", "notice.txt")
    assert bad_code.code == 2


# -- line-ending = "auto" -----------------------------------------------------------------


def test_gitattributes_eol_crlf_means_no_zh407_on_a_crlf_file(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(repo / ".gitattributes", "*.txt eol=crlf\n")
    speech = write(repo / "speech.txt", CRLF_SPEECH)
    run = cli("check", "speech.txt")
    assert (run.code, run.out) == (0, "All checks passed!\n")
    assert cli("check", ".").code == 0
    assert cli("fix", "speech.txt").code == 0 and speech.read_bytes() == CRLF_SPEECH
    # an LF file there is brought to CRLF, as git would check it out
    lf = write(repo / "lf.txt", LF_SPEECH)
    assert "lf.txt:1:9: ZH407 [*] LF line ends: use CRLF" in cli("check", "lf.txt").out
    cli("fix", "lf.txt")
    assert lf.read_bytes() == CRLF_SPEECH
    # git agrees: no "LF will be replaced by CRLF" warning when they are added
    added = subprocess.run(["git", "add", "speech.txt", "lf.txt"], cwd=repo, capture_output=True)
    assert (added.returncode, added.stderr) == (0, b"")


def test_crlf_outside_git_is_reported_under_auto(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / ".gitattributes", "*.txt eol=crlf\n")  # not a repository: no meaning
    write(workdir / "speech.txt", CRLF_SPEECH)
    assert "speech.txt:1:9: ZH407 [*] CRLF line ends: use LF" in cli("check", "speech.txt").out


@pytest.mark.parametrize(
    "attributes,raw,zh407",
    [
        ("*.txt -text\n", CRLF_SPEECH, False),  # git leaves line ends alone
        ("*.txt binary\n", CRLF_SPEECH, False),
        ("*.txt text\n", CRLF_SPEECH, True),  # git stores LF
        ("*.txt text eol=lf\n", CRLF_SPEECH, True),
        ("*.txt eol=crlf\n", LF_SPEECH, True),
        ("", CRLF_SPEECH, True),  # nothing said: the house style, LF
        ("", LF_SPEECH, False),
    ],
)
def test_auto_follows_each_attribute(
    repo: Path, cli, attributes: str, raw: bytes, zh407: bool
) -> None:  # type: ignore[no-untyped-def]
    write(repo / ".gitattributes", attributes)
    write(repo / "speech.txt", raw)
    assert ("ZH407" in cli("check", "speech.txt").out) == zh407


def test_an_explicit_setting_overrides_the_attributes(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(repo / ".gitattributes", "*.txt eol=crlf\n")
    write(repo / "speech.txt", CRLF_SPEECH)
    write(repo / "normtools.toml", 'line-ending = "lf"\n')
    assert "ZH407 [*] CRLF line ends: use LF" in cli("check", "speech.txt").out


def test_autocrlf_true_accepts_both_line_ends(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    git(repo, "config", "core.autocrlf", "true")
    write(repo / "crlf.txt", CRLF_SPEECH)
    write(repo / "lf.txt", LF_SPEECH)
    write(repo / "mixed.txt", CRLF_SPEECH + "散会。\n".encode())
    run = cli("check", ".")
    assert [line for line in run.out.splitlines() if "ZH407" in line] == [
        "mixed.txt:1:9: ZH407 [*] mixed line ends: use CRLF throughout"
    ]


def test_auto_reaches_library_callers_and_stdin(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(repo / "docs" / ".gitattributes", "*.md eol=crlf\n")
    path = write(repo / "docs" / "a.md", CRLF_SPEECH)
    normalizer = Normalizer(load_config())
    assert normalizer.check_file(path).diagnostics == []  # asks git itself
    assert [d.code for d in normalizer.check_file(path, eol="lf").diagnostics] == ["ZH407"]
    run = cli("check", "--stdin-filename", "docs/b.md", "-", stdin=CRLF_SPEECH)
    assert run.code == 0
    assert cli("check", "-", stdin=CRLF_SPEECH).code == 1  # no name: no attributes


def test_line_endings_batches_paths_of_several_repositories(repo: Path) -> None:
    write(repo / ".gitattributes", "*.txt eol=crlf\n*.md -text\n")
    other = repo / "sub"
    git(repo, "init", "-q", str(other))
    write(other / ".gitattributes", "*.txt eol=lf\n")
    paths = [
        write(repo / "a.txt", ""),
        write(repo / "名单 1.md", ""),
        write(other / "b.txt", ""),
        write(repo.parent / f"{repo.name}-home" / "c.txt", ""),  # outside any repository
    ]
    assert list(line_endings(paths).values()) == ["crlf", "keep", "lf", "lf"]


@pytest.mark.parametrize(
    "attrs,autocrlf,core_eol,expected",
    [
        ({"text": "unset", "eol": "crlf"}, "false", "native", "keep"),  # -text wins
        ({"eol": "crlf"}, "true", "native", "crlf"),
        ({"text": "set"}, "false", "crlf", "keep"),
        ({"text": "set"}, "input", "crlf", "lf"),
        ({}, "false", "crlf", "lf"),  # core.eol matters only for text files
        ({}, "true", "native", "keep"),
    ],
)
def test_eol_table(attrs: dict[str, str], autocrlf: str, core_eol: str, expected: str) -> None:
    assert _eol_for(attrs, autocrlf, core_eol) == expected


# -- deep trees (issue 9) --------------------------------------------------------------------


def _deep_tree(top: Path, depth: int) -> Path:
    """``depth`` nested directories (made one by one: os.makedirs itself recurses)."""
    fd = os.open(top, os.O_RDONLY)
    current = top
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
            current = current / "d"
        with os.fdopen(os.open("a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
            f.write(BAD)
    finally:
        os.close(fd)
    return current / "a.txt"


def _remove_deep_tree(top: Path) -> None:
    """Undo ``_deep_tree`` level by level (shutil.rmtree, and so pytest's clean-up of old
    temporary directories, recurses as deep as the tree)."""
    while (top / "d").is_dir():
        if (top / "d" / "d").is_dir():
            os.rename(top / "d" / "d", top / "next")
        for leftover in (top / "d").iterdir():
            leftover.unlink()
        os.rmdir(top / "d")
        if (top / "next").is_dir():
            os.rename(top / "next", top / "d")


@pytest.mark.parametrize("in_git", [False, True])
def test_1100_nested_directories_do_not_exhaust_the_stack(
    workdir: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    in_git: bool,
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(workdir.parent))
    if in_git:
        git(workdir, "init", "-q")
    deepest = _deep_tree(workdir, 1100)
    request.addfinalizer(lambda: _remove_deep_tree(workdir))
    run = cli("check", ".")
    assert run.code == 1 and "internal error" not in run.err
    assert run.out.count("ZH101") == 1 and run.out.startswith("d/d/d/")
    assert [t.path for t in find_targets(["."], load_config())] == [
        Path(os.path.relpath(deepest, workdir))
    ]


def test_a_path_longer_than_the_system_allows_is_reported_and_the_run_goes_on(
    workdir: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """2,100 levels: past PATH_MAX, so the walk cannot even open the deepest directories.
    They are named as skipped, with the reason, and the other files are still judged."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(workdir.parent))
    deepest = _deep_tree(workdir, 2100)
    request.addfinalizer(lambda: _remove_deep_tree(workdir))
    write(workdir / "b.txt", BAD)
    for argv in (("check", "."), ("check", str(deepest.relative_to(workdir)), "b.txt")):
        run = cli(*argv)
        assert "internal error" not in run.err and "Traceback" not in run.err
        assert run.code == 1
        skipped = [line for line in run.err.splitlines() if "skipped" in line]
        assert len(skipped) == 1 and skipped[0].startswith("d/d/d/")
        assert skipped[0].endswith(": skipped: file name too long; the file was left unchanged")
        assert "b.txt:1:" in run.out
