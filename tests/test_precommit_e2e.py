"""End to end with the real pre-commit framework, as a user would set it up.

A shadow repository holds this checkout (tracked and untracked files, like
``pre-commit try-repo`` does), so uncommitted work is what gets tested. pre-commit
clones it and pip-installs normtools into its own environment once per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]
DEFECTIVE = (
    "在全市庆祝“五一”国际劳动节大会上的讲话\n"
    "\n"
    "　　同志们,朋友们:\n"
    "　　春风浩荡,万物勃发;我们要大力弘扬‚劳模精神‛,让劳动光荣蔚然成风!\n"
)
FIXED = (
    "在全市庆祝“五一”国际劳动节大会上的讲话\n"
    "\n"
    "同志们，朋友们：\n"
    "春风浩荡，万物勃发；我们要大力弘扬“劳模精神”，让劳动光荣蔚然成风！\n"
)


def _env(home: Path) -> dict[str, str]:
    empty = home / "gitconfig"
    empty.touch()
    env = dict(os.environ)
    env.update(
        GIT_CONFIG_GLOBAL=str(empty),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="王明",
        GIT_AUTHOR_EMAIL="wangming@example.com",
        GIT_COMMITTER_NAME="王明",
        GIT_COMMITTER_EMAIL="wangming@example.com",
        PRE_COMMIT_HOME=str(home / "pre-commit-cache"),
    )
    env.pop("NORMTOOLS_HOOK_MODE", None)
    return env


def run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def shadow(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    """A one-commit copy of this checkout: (path, commit sha, environment)."""
    home = tmp_path_factory.mktemp("home")
    env = _env(home)
    dest = home / "normtools-shadow"
    for name in _checkout_files():
        if not (ROOT / name).is_file():
            continue  # deleted in the work tree
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    readme = dest / "README.md"
    if not readme.exists():  # pyproject names a readme; a branch may not have it yet
        readme.write_text("# normtools\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "shadow"]):
        assert run(dest, env, "git", *args).returncode == 0
    sha = run(dest, env, "git", "rev-parse", "HEAD").stdout.strip()
    return dest, sha, env


def _checkout_files() -> list[str]:
    """This checkout's files as git lists them; in an unpacked sdist (no git), all of them."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0 and (ROOT / ".git").exists():
        return [os.fsdecode(raw) for raw in listed.stdout.split(b"\0") if raw]
    skip = {".venv", "venv", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache"}
    out = []
    for directory, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip and not d.endswith(".egg-info")]
        out.extend(os.path.relpath(os.path.join(directory, f), ROOT) for f in files)
    return out


def _user_repo(tmp_path: Path, shadow: tuple[Path, str, dict[str, str]], hooks: str) -> Path:
    path, sha, env = shadow
    repo = tmp_path / "speeches"
    repo.mkdir()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {sha}\n    hooks:\n{hooks}", encoding="utf-8"
    )
    assert run(repo, env, "git", "init", "-q").returncode == 0
    installed = run(repo, env, sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stdout
    assert run(repo, env, "git", "add", ".pre-commit-config.yaml").returncode == 0
    return repo


def _commit(repo: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    assert run(repo, env, "git", "add", *files).returncode == 0
    return run(repo, env, "git", "commit", "-m", "讲话稿")


def test_defective_speech_fails_then_is_fixed_and_passes(
    tmp_path: Path, shadow: tuple[Path, str, dict[str, str]]
) -> None:
    env = shadow[2]
    repo = _user_repo(tmp_path, shadow, "      - id: normtools-fix\n")
    speech = repo / "讲话.txt"
    speech.write_text(DEFECTIVE, encoding="utf-8")
    first = _commit(repo, env, "讲话.txt")
    assert first.returncode != 0, first.stdout
    assert "files were modified by this hook" in first.stdout
    assert speech.read_text(encoding="utf-8") == FIXED
    second = _commit(repo, env, "讲话.txt")
    assert second.returncode == 0, second.stdout
    committed = run(repo, env, "git", "show", "HEAD:讲话.txt").stdout
    assert committed == FIXED


def test_clean_file_passes_first_time_and_args_pass_through(
    tmp_path: Path, shadow: tuple[Path, str, dict[str, str]]
) -> None:
    env = shadow[2]
    hooks = (
        "      - id: normtools-fix\n      - id: normtools-check\n        args: [--select, ZH5]\n"
    )
    repo = _user_repo(tmp_path, shadow, hooks)
    (repo / "clean.md").write_text("# 通知\n\n同志们，朋友们：会议明天召开。\n", encoding="utf-8")
    (repo / "script.py").write_text("print('a,b')  \n", encoding="utf-8")  # not our files
    done = _commit(repo, env, "clean.md", "script.py")
    assert done.returncode == 0, done.stdout
    assert (repo / "script.py").read_text(encoding="utf-8") == "print('a,b')  \n"

    (repo / "notice.txt").write_text("请XX同志参加会议。\n", encoding="utf-8")
    blocked = _commit(repo, env, "notice.txt")
    assert blocked.returncode != 0
    assert "notice.txt:1:2: ZH501" in blocked.stdout


def test_every_exported_hook_is_documented() -> None:
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    ids = [line.split(":", 1)[1].strip() for line in manifest.splitlines() if "- id:" in line]
    assert ids == ["normtools-fix", "normtools-check"]
    docs = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    assert all(f"`{hook_id}`" in docs for hook_id in ids)


def test_hook_entry_points_accept_options_without_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normtools.hooks import check_main, fix_main

    monkeypatch.chdir(tmp_path)
    speech = tmp_path / "讲话.txt"
    speech.write_text("同志们,朋友们:\n", encoding="utf-8")
    assert fix_main(["--select", "ZH1"]) == 0
    assert check_main(["--select=ZH5", "--format", "github"]) == 0
    assert check_main(["--select", "ZH1", "讲话.txt"]) == 1
    assert fix_main(["--select", "ZH1", "讲话.txt"]) == 0
    assert speech.read_text(encoding="utf-8") == "同志们，朋友们：\n"


def _readme_snippet() -> str:
    """The README's .pre-commit-config.yaml hooks, as a user would paste them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("**pre-commit framework.**", 1)[1].split("```yaml\n", 1)[1]
    block = block.split("```", 1)[0]
    assert "rev: <tag-or-commit>" in block and "repo: <repository-url>" in block
    return block.split("    hooks:\n", 1)[1]


def test_the_readme_snippet_works_and_excluded_files_are_not_touched(
    tmp_path: Path, shadow: tuple[Path, str, dict[str, str]]
) -> None:
    env = shadow[2]
    repo = _user_repo(tmp_path, shadow, _readme_snippet())
    (repo / "pyproject.toml").write_text(
        '[tool.normtools]\nextend-exclude = ["legacy/**"]\n', encoding="utf-8"
    )
    legacy = repo / "legacy" / "旧讲话.txt"
    legacy.parent.mkdir()
    legacy.write_text(DEFECTIVE, encoding="utf-8")
    speech = repo / "讲话.txt"
    speech.write_text(DEFECTIVE, encoding="utf-8")
    first = _commit(repo, env, "pyproject.toml", "legacy/旧讲话.txt", "讲话.txt")
    assert first.returncode != 0 and "files were modified by this hook" in first.stdout
    assert speech.read_text(encoding="utf-8") == FIXED
    assert legacy.read_text(encoding="utf-8") == DEFECTIVE  # excluded: never rewritten
    assert "旧讲话" not in first.stdout


def test_sixty_staged_files_give_one_run_and_one_summary(
    tmp_path: Path, shadow: tuple[Path, str, dict[str, str]]
) -> None:
    env = shadow[2]
    repo = _user_repo(tmp_path, shadow, "      - id: normtools-fix\n")
    names = [f"讲话{i:02d}.txt" for i in range(60)]
    for name in names:
        (repo / name).write_text("同志们,朋友们:会议明天召开。\n", encoding="utf-8")
    done = _commit(repo, env, *names)
    assert done.returncode != 0
    summaries = [line for line in done.stdout.splitlines() if line.startswith("Fixed ")]
    assert summaries == ["Fixed 120 problems in 60 files."], done.stdout


def test_changed_lines_only_a_one_line_edit_of_a_legacy_speech(
    tmp_path: Path, shadow: tuple[Path, str, dict[str, str]]
) -> None:
    """Issue 14's acceptance: with changed-lines-only, the hook reports and fixes only
    the line the commit changes, not the 141 legacy defects around it."""
    env = shadow[2]
    repo = _user_repo(tmp_path, shadow, "      - id: normtools-fix\n")
    (repo / "normtools.toml").write_text("changed-lines-only = true\n", encoding="utf-8")
    speech = repo / "讲话.txt"
    speech.write_text(DEFECTIVE, encoding="utf-8")
    assert run(repo, env, "git", "add", ".").returncode == 0
    assert run(repo, env, "git", "commit", "-q", "--no-verify", "-m", "archive").returncode == 0
    edited = DEFECTIVE.replace(
        "让劳动光荣蔚然成风!", "让劳动光荣蔚然成风!\n　　劳动创造幸福,奋斗成就梦想!"
    )
    speech.write_text(edited, encoding="utf-8")
    first = _commit(repo, env, "讲话.txt")
    assert first.returncode != 0 and "files were modified by this hook" in first.stdout
    assert "Fixing 讲话.txt (3 fixes)" in first.stdout, first.stdout
    fixed = DEFECTIVE.replace(
        "让劳动光荣蔚然成风!", "让劳动光荣蔚然成风!\n劳动创造幸福，奋斗成就梦想！"
    )
    assert speech.read_text(encoding="utf-8") == fixed  # the legacy lines are as they were
    second = _commit(repo, env, "讲话.txt")
    assert second.returncode == 0, second.stdout
