"""The pre-commit entry points: options first, then file names, any of which may
start with '-' (issue 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtools.hooks import check_main, fix_main, with_separator


@pytest.mark.parametrize(
    "args,expected",
    [
        (["a.md"], ["--", "a.md"]),
        (["--force-exclude", "-x.md", "a.md"], ["--force-exclude", "--", "-x.md", "a.md"]),
        (["--select", "ZH1", "-x.md"], ["--select", "ZH1", "--", "-x.md"]),
        (
            ["--select=ZH1", "--sel", "ZH2", "-j4", "-q", "b.md"],
            ["--select=ZH1", "--sel", "ZH2", "-j4", "-q", "--", "b.md"],
        ),
        (
            ["--config", "docs/normtools.toml", "a.md"],
            ["--config", "docs/normtools.toml", "--", "a.md"],
        ),
        (["--", "-x.md"], ["--", "-x.md"]),
        (["--select", "ZH1"], ["--select", "ZH1"]),  # no file: left alone
        (["--frobnicate", "a.md"], ["--frobnicate", "--", "a.md"]),  # reported by the CLI
    ],
)
def test_separator_goes_before_the_first_file(
    workdir: Path, args: list[str], expected: list[str]
) -> None:
    (workdir / "-x.md").write_text("", encoding="utf-8")
    assert with_separator("check", args) == expected


def test_a_root_level_file_named_like_an_option_is_a_file(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workdir / "-x.md"
    path.write_text("发展,做到\n", encoding="utf-8")
    assert check_main(["--force-exclude", "-x.md"]) == 1
    assert "-x.md:1:3: ZH101" in capsys.readouterr().out
    fix_main(["--force-exclude", "-x.md"])
    assert path.read_text(encoding="utf-8") == "发展，做到\n"


@pytest.mark.parametrize("name", ["-j.md", "-o.md", "-v.md", "-q说明.md"])
def test_a_file_named_like_a_short_option_with_a_value_is_a_file(
    workdir: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """``-j.md`` read as ``-j .md`` was a usage error; ``-o.md`` sent the report to
    ``.md``: an existing file of that name is a file, a short option's value is not."""
    path = workdir / name
    path.write_text("发展,做到\n", encoding="utf-8")
    assert with_separator("check", ["-j2", name]) == ["-j2", "--", name]
    assert check_main(["--force-exclude", name]) == 1
    assert f"{name}:1:3: ZH101" in capsys.readouterr().out
    assert not (workdir / ".md").exists()
    fix_main(["--force-exclude", name])
    assert path.read_text(encoding="utf-8") == "发展，做到\n"


def test_no_files_is_success(workdir: Path) -> None:
    assert check_main(["--select", "ZH1"]) == 0
