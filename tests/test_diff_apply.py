"""``fix --diff`` output applies with ``git apply`` whatever characters the text holds
(issue 9): lines end at "\\n" only, as git sees them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from normtools.commands import _lines, _unified_diff

SEPARATORS = {
    "form-feed": "\x0c",  # pdftotext puts one between pages
    "vertical-tab": "\x0b",
    "file-separator": "\x1c",
    "group-separator": "\x1d",
    "record-separator": "\x1e",
    "next-line": "\x85",
    "line-separator": "\u2028",
    "paragraph-separator": "\u2029",
}
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("char", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_git_apply_accepts_the_diff(cli, workdir: Path, char: str) -> None:
    text = f"第一页,发展{char}第二页.\n同志们,做到{char}\n{char}结尾,完成\n"
    path = workdir / "report.txt"
    path.write_bytes(text.encode("utf-8"))
    assert _git(workdir, "init", "-q").returncode == 0
    run = cli("fix", "--diff", "report.txt")
    assert run.code == 1 and run.out.startswith("--- a/report.txt\n")
    assert path.read_bytes() == text.encode("utf-8")  # --diff writes nothing
    patch = workdir / "fix.patch"
    patch.write_bytes(run.out.encode("utf-8"))
    check = _git(workdir, "apply", "--check", "fix.patch")
    assert check.returncode == 0, check.stderr
    assert _git(workdir, "apply", "fix.patch").returncode == 0
    applied = path.read_bytes()
    path.write_bytes(text.encode("utf-8"))
    assert cli("fix", "report.txt").code in (0, 1)
    assert applied == path.read_bytes()  # the same bytes as fix itself writes


def test_lines_split_only_at_newline() -> None:
    assert _lines("a\x0cb\u2028c\nd\x85e\n\nf") == ["a\x0cb\u2028c\n", "d\x85e\n", "\n", "f"]
    assert _lines("") == []
    assert "".join(_lines("x\r\ny\n")) == "x\r\ny\n"


def test_diff_counts_lines_as_git_does() -> None:
    diff = _unified_diff("甲\x0c乙\n丙\n", "甲\x0c乙\n丁\n", "f.txt")
    assert "@@ -1,2 +1,2 @@" in diff


@pytest.mark.parametrize("keep", [False, True], ids=["to-utf-8", "encoding-keep"])
def test_git_apply_accepts_the_diff_of_a_gbk_file(workdir: Path, keep: bool) -> None:
    """The old side was the GBK bytes decoded as UTF-8 with U+FFFD in place of each
    byte: git apply refused it. Now it is the file's own bytes, the new side what fix
    writes (UTF-8, or GBK with encoding = "keep")."""
    import sys

    if keep:
        (workdir / "normtools.toml").write_text('encoding = "keep"\n', encoding="utf-8")
    text = "中华人民共和国政府工作报告,各位代表:现在我代表国务院,向大会报告.\n第二段,结束.\n"
    path = workdir / "report.txt"
    path.write_bytes(text.encode("gbk"))
    assert _git(workdir, "init", "-q").returncode == 0
    run = subprocess.run(
        [sys.executable, "-m", "normtools", "fix", "--diff", "report.txt"],
        cwd=workdir,
        capture_output=True,
        check=False,
    )
    assert run.returncode == 1 and run.stdout.startswith(b"--- a/report.txt\n")
    assert text.encode("gbk").splitlines()[0] in run.stdout  # the old side, byte for byte
    (workdir / "fix.patch").write_bytes(run.stdout)
    check = _git(workdir, "apply", "--check", "fix.patch")
    assert check.returncode == 0, check.stderr
    assert _git(workdir, "apply", "fix.patch").returncode == 0
    applied = path.read_bytes()
    path.write_bytes(text.encode("gbk"))
    done = subprocess.run(
        [sys.executable, "-m", "normtools", "fix", "report.txt"], cwd=workdir, check=False
    )
    assert done.returncode in (0, 1)
    assert applied == path.read_bytes()
    assert applied.decode("gbk" if keep else "utf-8").startswith("中华人民共和国政府工作报告，")
