"""Every suppression form, in check and in fix, on plain text and Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtools.api import Normalizer
from normtools.cli import main
from normtools.config import Config, load_config
from normtools.settings import Settings

N = Normalizer()
# Suppression is about files: texts here are judged as the whole content of a file
# (indentation and the final newline count), not as fragments.


def codes(text: str, filetype: str = "txt", normalizer: Normalizer = N) -> list[str]:
    return [d.code for d in normalizer.check_text(text, filetype, fragment=False)]


# -- line level ------------------------------------------------------------------------


def test_line_marker_in_text_file_silences_that_line_only() -> None:
    text = "发展,做到 # normtools: ignore\n发展,做到\n"
    found = N.check_text(text, fragment=False)
    assert [(d.code, d.line) for d in found] == [("ZH101", 2)]
    assert N.fix_text(text, fragment=False) == "发展,做到 # normtools: ignore\n发展，做到\n"


def test_line_marker_with_codes_and_prefixes() -> None:
    text = "　　请XX同志发言,谢谢! normtools: ignore[ZH5, zh101]\n"
    assert sorted(codes(text)) == ["ZH104", "ZH401"]
    fixed = N.fix_text(text, fragment=False)
    assert fixed == "请XX同志发言,谢谢！normtools: ignore[ZH5, zh101]\n"


def test_line_marker_in_markdown_comment() -> None:
    text = "卡尔.马克思说,劳动创造了人。<!-- normtools: ignore -->\n\n他说,好。\n"
    assert [(d.code, d.line) for d in N.check_text(text, "md", fragment=False)] == [("ZH101", 3)]
    fixed = N.fix_text(text, "md", fragment=False)
    assert fixed == "卡尔.马克思说,劳动创造了人。<!-- normtools: ignore -->\n\n他说，好。\n"


def test_marker_inside_markdown_code_is_only_an_example() -> None:
    text = "写 `normtools: ignore` 即可,很方便。\n"
    assert codes(text, "md") == ["ZH101"]


# -- block and file level --------------------------------------------------------------

BLOCK = """\
# 会议通知

<!-- normtools-disable ZH101 ZH5 -->
引文保持原样,不作改动：请XX同志参加.
<!-- normtools-enable -->

会后请各单位报送材料,谢谢.
"""


def test_markdown_block_disable_and_enable() -> None:
    found = N.check_text(BLOCK, "md", fragment=False)
    assert [(d.code, d.line) for d in found] == [("ZH106", 4), ("ZH101", 7), ("ZH106", 7)]
    fixed = N.fix_text(BLOCK, "md", fragment=False)
    assert "引文保持原样,不作改动：请XX同志参加。" in fixed  # ZH106 is not disabled
    assert "会后请各单位报送材料，谢谢。" in fixed


def test_block_without_codes_disables_everything_until_the_end() -> None:
    text = "他说,好.\n<!-- normtools-disable -->\n原文照录,不改.\n"
    assert [d.line for d in N.check_text(text, "md", fragment=False)] == [1, 1]
    assert (
        N.fix_text(text, "md", fragment=False)
        == "他说，好。\n<!-- normtools-disable -->\n原文照录,不改.\n"
    )


def test_whole_file_disable_with_and_without_codes() -> None:
    everything = "<!-- normtools-disable-file -->\n\n　　同志们,朋友们:请XX同志发言.\n"
    assert codes(everything, "md") == []
    assert N.fix_text(everything, "md", fragment=False) == everything
    some = "<!-- normtools-disable-file ZH5 -->\n\n请XX同志发言,谢谢。\n"
    assert codes(some, "md") == ["ZH101"]
    assert (
        N.fix_text(some, "md", fragment=False)
        == "<!-- normtools-disable-file ZH5 -->\n\n请XX同志发言，谢谢。\n"
    )


def test_block_markers_work_in_text_files_too() -> None:
    text = "<!-- normtools-disable-file ZH1 -->\n发展,做到\n"
    assert codes(text) == []


# -- allow list and per-file-ignores -------------------------------------------------


def test_allow_list_protects_names_and_quotations() -> None:
    allow = Normalizer(Config(settings=Settings(allow=("“　劳动　”", "卡尔.马克思"))))
    text = "　　　　“　劳动　”\n卡尔.马克思曾说,劳动创造了人。\n讲话，　同志们\n"
    found = [(d.code, d.line) for d in allow.check_text(text, fragment=False)]
    assert ("ZH402", 1) not in found and ("ZH107", 2) not in found
    assert ("ZH101", 2) in found and ("ZH402", 3) in found
    assert (
        allow.fix_text(text, fragment=False)
        == "“　劳动　”\n卡尔.马克思曾说，劳动创造了人。\n讲话，同志们\n"
    )
    # without the allow list both are touched or reported
    assert N.fix_text(text, fragment=False).startswith("“劳动”\n")


def _project(tmp_path: Path, config: str, files: dict[str, str]) -> None:
    (tmp_path / "normtools.toml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_allow_and_per_file_ignores_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(
        tmp_path,
        'allow = ["卡尔.马克思"]\n[per-file-ignores]\n"templates/*.txt" = ["ZH501"]\n',
        {
            "templates/通知模板.txt": "请XX同志于X月X日前报送。\n",
            "speech.txt": "卡尔.马克思说,劳动创造了人。请XX同志发言。\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "templates/通知模板.txt"]) == 0
    assert main(["fix", "speech.txt"]) == 1  # the placeholder is still reported
    out = capsys.readouterr().out
    assert "ZH501" in out and "ZH107" not in out
    assert (tmp_path / "speech.txt").read_text(encoding="utf-8") == (
        "卡尔.马克思说，劳动创造了人。请XX同志发言。\n"
    )
    assert load_config(start=tmp_path).allow == ("卡尔.马克思",)


# -- --show-suppressed -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "fix"])
def test_show_suppressed_lists_without_changing_exit_code(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "引文.md"
    path.write_text("<!-- normtools-disable-file ZH1 -->\n\n原文照录,不改。\n", encoding="utf-8")
    assert main([command, str(path)]) == 0
    assert "ZH101" not in capsys.readouterr().out
    assert main([command, "--show-suppressed", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:3:5: ZH101 [suppressed]" in out
    assert path.read_text(encoding="utf-8").endswith("原文照录,不改。\n")


def test_show_suppressed_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    path = tmp_path / "a.txt"
    path.write_text("他说,好。 # normtools: ignore\n他说,好。\n", encoding="utf-8")
    assert main(["check", "--format", "json", "--show-suppressed", str(path)]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(r["line"], r.get("suppressed", False)) for r in rows] == [(1, True), (2, False)]


# -- markers that name no rule (issue 14) ----------------------------------------------------


def test_marker_naming_no_rule_is_reported_with_its_place(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """As ruff warns about unknown codes in noqa: the marker suppresses nothing it was
    meant to, so its writer hears about it, at its line and column, with the nearest code.
    It counts like an unreadable file (exit 1), not as a configuration error (exit 2)."""
    import os

    os.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(
        "卡尔.马克思说过 # normtools: ignore[ZH1O7, ZH5]\n", encoding="utf-8"
    )
    (tmp_path / "b.md").write_text(
        "<!-- normtools-disable ZH9999 -->\n请XX同志发言。\n<!-- normtools-enable -->\n"
        "`normtools: ignore[ZHX]` 只是示例。\n",
        encoding="utf-8",
    )
    run = cli("check", "a.txt", "b.md")
    assert run.code == 1
    assert (
        "a.txt:1:30: unknown rule code 'ZH1O7' in a suppression marker (did you mean 'ZH107'?)"
        in run.err
    )
    assert "b.md:1:24: unknown rule code 'ZH9999' in a suppression marker\n" in run.err
    assert "ZHX" not in run.err  # in Markdown code: an example, not a marker
    assert "ZH107" in run.out and "ZH501" in run.out  # the misspelt marker hid nothing
    assert cli("check", "--exit-zero", "a.txt").code == 0
    (tmp_path / "a.txt").write_text(
        "卡尔.马克思说过 # normtools: ignore[ZH107, ZH5]\n", encoding="utf-8"
    )
    assert cli("check", "a.txt").code == 0 and cli("check", "a.txt").err == ""


def test_marker_codes_of_team_rules_are_known(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    import os

    os.chdir(tmp_path)
    (tmp_path / "team.tsv").write_text("微信号推文\t微信公众号推文\n", encoding="utf-8")
    (tmp_path / "normtools.toml").write_text('extend-rules = ["team.tsv"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("请看微信号推文 # normtools: ignore[ZH390]\n", encoding="utf-8")
    run = cli("check", "a.txt")
    assert run.code == 0 and run.err == "", run.err
