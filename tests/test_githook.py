"""The plain git hook: it judges what is staged, and fixes only what it may re-stage."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from normtools.cli import main
from normtools.githook import HOOK_MARKER, install, render_hook

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ROOT = Path(__file__).resolve().parents[1]
DEFECTIVE = "　　同志们,朋友们:\n　　春风浩荡,万物勃发.\n"
FIXED = "同志们，朋友们：\n春风浩荡，万物勃发。\n"
CLEAN = "同志们，朋友们：\n春风浩荡，万物勃发。\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository with an identity and no user or system git config."""
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
    monkeypatch.delenv("NORMTOOLS_HOOK_MODE", raising=False)
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    monkeypatch.chdir(path)
    return path


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=check, env=os.environ
    )


def commit(repo: Path, message: str = "讲话稿") -> subprocess.CompletedProcess[str]:
    """``git commit``; the hook's output (git sends it to stderr) lands in ``stdout``."""
    return subprocess.run(
        ["git", "commit", "-q", "-m", message],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        env=os.environ,
    )


def write(repo: Path, name: str, text: str) -> Path:
    path = repo / name
    path.write_text(text, encoding="utf-8")
    return path


def staged(repo: Path, name: str) -> str:
    return git(repo, "show", f":{name}").stdout


# -- install-hook ----------------------------------------------------------------------


def test_shipped_hook_is_the_installed_template() -> None:
    shipped = (ROOT / "hooks" / "pre-commit").read_text(encoding="utf-8")
    assert shipped == render_hook("check", "python3")
    assert HOOK_MARKER in shipped
    assert os.access(ROOT / "hooks" / "pre-commit", os.X_OK)


def test_install_hook_writes_an_executable_hook(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install-hook"]) == 0
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK)
    assert 'mode="${NORMTOOLS_HOOK_MODE:-check}"' in hook.read_text(encoding="utf-8")
    assert "Installed" in capsys.readouterr().out
    assert main(["install-hook"]) == 0  # the same hook again: nothing to do
    assert "already installed" in capsys.readouterr().out


def test_install_hook_respects_core_hooks_path(repo: Path) -> None:
    git(repo, "config", "core.hooksPath", ".githooks")
    target, state = install("fix")
    assert state == "installed"
    assert target.resolve() == (repo / ".githooks" / "pre-commit").resolve()
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()


def test_install_hook_refuses_to_replace_a_foreign_hook(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\nmake lint\n")
    assert main(["install-hook"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert hook.read_text() == "#!/bin/sh\nmake lint\n"
    assert main(["install-hook", "--mode", "fix", "--force"]) == 0
    assert "Replaced" in capsys.readouterr().out
    assert "NORMTOOLS_HOOK_MODE:-fix" in hook.read_text(encoding="utf-8")


def test_install_hook_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["install-hook"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


# -- check mode ------------------------------------------------------------------------


def test_staged_defects_block_the_commit(repo: Path) -> None:
    install("check")
    write(repo, "speech.txt", DEFECTIVE)
    git(repo, "add", "speech.txt")
    done = commit(repo)
    assert done.returncode != 0
    assert "speech.txt:1:6: ZH101 [*]" in done.stdout
    assert "commit blocked" in done.stdout
    assert git(repo, "rev-list", "--all").stdout == ""  # nothing was committed
    assert (repo / "speech.txt").read_text(encoding="utf-8") == DEFECTIVE  # check changes nothing


def test_defects_only_in_unstaged_changes_do_not_block(repo: Path) -> None:
    install("check")
    write(repo, "speech.txt", CLEAN)
    write(repo, "notes.md", "# 备忘\n\n草稿,未完成.\n")  # never staged
    git(repo, "add", "speech.txt")
    write(repo, "speech.txt", CLEAN + "请XX同志发言,谢谢.\n")  # an unstaged edit
    done = commit(repo)
    assert done.returncode == 0, done.stdout
    assert git(repo, "show", "HEAD:speech.txt").stdout == CLEAN


def test_partially_staged_file_is_judged_on_its_staged_content(repo: Path) -> None:
    install("check")
    write(repo, "speech.txt", DEFECTIVE)
    git(repo, "add", "speech.txt")
    write(repo, "speech.txt", CLEAN)  # fixed in the work tree, but not staged
    done = commit(repo)
    assert done.returncode != 0
    assert "ZH101" in done.stdout


def test_suppressions_and_config_apply_in_the_hook(repo: Path) -> None:
    install("check")
    write(repo, "normtools.toml", 'allow = ["卡尔.马克思"]\n')
    write(repo, "quote.md", "<!-- normtools-disable ZH1 -->\n原文照录,不改.\n")
    write(repo, "name.txt", "卡尔.马克思说过的话。\n")
    git(repo, "add", ".")
    done = commit(repo)
    assert done.returncode == 0, done.stdout


# -- fix mode --------------------------------------------------------------------------


def test_fix_mode_fixes_and_restages_fully_staged_files(repo: Path) -> None:
    install("fix")
    write(repo, "speech.txt", DEFECTIVE)
    git(repo, "add", "speech.txt")
    done = commit(repo)
    assert done.returncode == 0, done.stdout
    assert "Fixing speech.txt" in done.stdout
    assert git(repo, "show", "HEAD:speech.txt").stdout == FIXED
    assert (repo / "speech.txt").read_text(encoding="utf-8") == FIXED
    assert git(repo, "status", "--porcelain").stdout == ""


def test_fix_mode_still_blocks_on_what_it_cannot_fix(repo: Path) -> None:
    install("fix")
    write(repo, "notice.txt", "请XX同志参加会议,谢谢.\n")
    git(repo, "add", "notice.txt")
    done = commit(repo)
    assert done.returncode != 0
    assert "ZH501" in done.stdout
    assert staged(repo, "notice.txt") == "请XX同志参加会议，谢谢。\n"  # the fixable part is staged


def test_fix_mode_fixes_staged_and_unstaged_parts_each_on_its_own(repo: Path) -> None:
    """A partially staged file: the commit gets the fix of what was staged, the work tree
    the fix of its own content; the unstaged part stays unstaged (issue 9)."""
    install("fix")
    write(repo, "speech.txt", DEFECTIVE)
    git(repo, "add", "speech.txt")
    write(repo, "speech.txt", DEFECTIVE + "　　劳动创造幸福!\n")  # more, unstaged
    done = commit(repo)
    assert done.returncode == 0, done.stdout
    assert git(repo, "show", "HEAD:speech.txt").stdout == FIXED
    assert staged(repo, "speech.txt") == FIXED
    assert (repo / "speech.txt").read_text(encoding="utf-8") == FIXED + "劳动创造幸福！\n"
    assert git(repo, "diff", "--name-only").stdout == "speech.txt\n"  # still unstaged


def test_fix_mode_respects_working_tree_encoding(repo: Path) -> None:
    """A GBK work tree file (working-tree-encoding): git stores UTF-8, the file stays GBK."""
    install("fix")
    write(repo, ".gitattributes", "*.txt text working-tree-encoding=GBK\n")
    (repo / "speech.txt").write_bytes(DEFECTIVE.encode("gbk"))
    git(repo, "add", ".")
    done = commit(repo)
    assert done.returncode == 0, done.stdout
    assert git(repo, "show", "HEAD:speech.txt").stdout == FIXED
    assert (repo / "speech.txt").read_bytes() == FIXED.encode("gbk")
    assert git(repo, "status", "--porcelain").stdout == ""


def test_fix_mode_keeps_crlf_of_core_autocrlf(repo: Path) -> None:
    install("fix")
    git(repo, "config", "core.autocrlf", "true")
    (repo / "speech.txt").write_bytes(DEFECTIVE.replace("\n", "\r\n").encode())
    git(repo, "add", "speech.txt")
    done = commit(repo)
    assert done.returncode == 0, done.stdout
    assert git(repo, "show", "HEAD:speech.txt").stdout == FIXED
    assert (repo / "speech.txt").read_bytes() == FIXED.replace("\n", "\r\n").encode()
    assert git(repo, "status", "--porcelain").stdout == ""


def test_fix_mode_with_git_commit_paths_leaves_index_and_tree_agreeing(repo: Path) -> None:
    """`git commit <path>` commits from a temporary index; the real index must get the
    fix too, or `git status` shows the fix as a change to commit again."""
    write(repo, "other.txt", CLEAN)
    git(repo, "add", "other.txt")
    git(repo, "commit", "-q", "-m", "base")
    install("fix")
    write(repo, "speech.txt", DEFECTIVE)
    git(repo, "add", "speech.txt")
    write(repo, "speech.txt", DEFECTIVE)
    done = subprocess.run(
        ["git", "commit", "-q", "-m", "x", "speech.txt"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        env=os.environ,
    )
    assert done.returncode == 0, done.stdout
    assert git(repo, "show", "HEAD:speech.txt").stdout == FIXED
    assert staged(repo, "speech.txt") == FIXED
    assert git(repo, "status", "--porcelain").stdout == ""


def test_hook_script_quotes_the_interpreter_path(tmp_path: Path) -> None:
    """A `$(...)` in the interpreter's path is text, never run at commit time."""
    marker = tmp_path / "pwned"
    hook = tmp_path / "pre-commit"
    hook.write_text(render_hook("check", f"/nowhere/$(touch {marker})/py thon"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NORMTOOLS_PYTHON"}
    done = subprocess.run(["sh", str(hook)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1 and "cannot import normtools" in done.stderr
    assert not marker.exists()


def test_configuration_error_is_one_line(repo: Path) -> None:
    install("check")
    write(repo, "normtools.toml", "select = [\n")
    write(repo, "speech.txt", DEFECTIVE)
    git(repo, "add", ".")
    done = commit(repo)
    assert done.returncode != 0
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and "normtools.toml" in lines[0], done.stdout
    assert "Traceback" not in done.stdout


def test_mode_can_be_overridden_for_one_commit(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install("fix")
    monkeypatch.setenv("NORMTOOLS_HOOK_MODE", "check")
    write(repo, "speech.txt", DEFECTIVE)
    git(repo, "add", "speech.txt")
    assert commit(repo).returncode != 0
    assert staged(repo, "speech.txt") == DEFECTIVE


def test_the_hook_follows_gitattributes_as_the_command_line_does(repo: Path) -> None:
    install("fix")
    write(repo, ".gitattributes", "*.txt eol=crlf\nlegacy/*.txt -text\n")
    (repo / "legacy").mkdir()
    (repo / "legacy" / "old.txt").write_bytes(CLEAN.replace("\n", "\r\n").encode())
    speech = repo / "speech.txt"
    speech.write_bytes(DEFECTIVE.replace("\n", "\r\n").encode())
    git(repo, "add", ".")
    done = commit(repo)
    assert done.returncode == 0, done.stdout
    assert "ZH407" not in done.stdout and "legacy" not in done.stdout
    # git stores LF; the work tree keeps CRLF, as checkout would write it
    assert git(repo, "show", "HEAD:speech.txt").stdout == FIXED
    assert speech.read_bytes() == FIXED.replace("\n", "\r\n").encode()
    assert git(repo, "status", "--porcelain").stdout == ""
    assert main(["check", "speech.txt", "legacy/old.txt"]) == 0


# -- changed-lines-only ----------------------------------------------------------------

LEGACY = "　　同志们,朋友们:\n　　春风浩荡,万物勃发.\n　　劳动创造幸福.\n"


def _adopted(repo: Path) -> None:
    """A legacy file committed before normtools, and the setting that adopts it gently."""
    write(repo, "normtools.toml", "changed-lines-only = true\n")
    write(repo, "speech.txt", LEGACY)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "--no-verify", "-m", "archive")


def test_changed_lines_only_blocks_only_for_the_staged_lines(repo: Path) -> None:
    _adopted(repo)
    install("check")
    write(repo, "speech.txt", LEGACY.replace("　　劳动创造幸福.", "劳动创造幸福。"))
    git(repo, "add", "speech.txt")
    done = commit(repo)
    assert done.returncode == 0, done.stdout  # the legacy lines 1-2 are not judged
    write(repo, "speech.txt", LEGACY.replace("劳动创造幸福.", "劳动创造幸福,奋斗成就梦想."))
    git(repo, "add", "speech.txt")
    done = commit(repo)
    assert done.returncode != 0
    reported = [line for line in done.stdout.splitlines() if line.startswith("speech.txt:")]
    assert reported and all(line.startswith("speech.txt:3:") for line in reported), done.stdout


def test_changed_lines_only_fix_mode_fixes_the_staged_line_and_its_work_tree_copy(
    repo: Path,
) -> None:
    _adopted(repo)
    install("fix")
    edited = LEGACY.replace("劳动创造幸福.", "劳动创造幸福,奋斗成就梦想.")
    write(repo, "speech.txt", edited)
    git(repo, "add", "speech.txt")
    write(repo, "speech.txt", edited + "　　散会!\n")  # an unstaged line on top
    done = commit(repo)
    assert done.returncode == 0, done.stdout
    fixed = LEGACY.replace("　　劳动创造幸福.", "劳动创造幸福，奋斗成就梦想。")
    assert git(repo, "show", "HEAD:speech.txt").stdout == fixed
    assert (repo / "speech.txt").read_text(encoding="utf-8") == fixed + "散会！\n"
    assert git(repo, "diff", "--name-only").stdout == "speech.txt\n"  # still unstaged


def test_changed_lines_only_new_files_and_first_commit_count_whole(repo: Path) -> None:
    write(repo, "normtools.toml", "changed-lines-only = true\n")
    write(repo, "speech.txt", LEGACY)
    install("check")
    git(repo, "add", ".")
    assert commit(repo).returncode != 0  # no HEAD yet: every line is new
