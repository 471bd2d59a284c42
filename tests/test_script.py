"""Traditional/Simplified both ways, mostly-foreign documents, allow, corner quotes,
and the promise that clean text never imports OpenCC."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from normtools import Normalizer
from normtools.builtins.script import tables
from normtools.config import Config
from normtools.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def _fix(text: str, **settings: object) -> str:
    return Normalizer(Config(settings=Settings(**settings))).fix_text(text)  # type: ignore[arg-type]


def _codes(text: str, **settings: object) -> list[str]:
    normalizer = Normalizer(Config(settings=Settings(**settings)))  # type: ignore[arg-type]
    return [d.code for d in normalizer.check_text(text)]


def test_traditional_in_simplified_is_converted() -> None:
    assert _fix("我们要發扬工匠精神，为國家作贡献。\n") == "我们要发扬工匠精神，为国家作贡献。\n"


def test_phrases_pick_the_target() -> None:
    assert _fix("这是我们的头髮问题。\n") == "这是我们的头发问题。\n"


@pytest.mark.parametrize(
    "text", ["乾隆年间的著作。\n", "藉此机会，覆盖全省。\n", "为什麽要开会。\n"]
)
def test_characters_valid_in_both_scripts_stay(text: str) -> None:
    assert _fix(text) == text
    assert "ZH603" not in _codes(text)


def test_mostly_traditional_is_reported_once_not_converted() -> None:
    text = "我們要發揚工匠精神，再接再厲，為國家作貢獻。\n"
    assert _fix(text) == text
    assert _codes(text).count("ZH604") == 1
    assert "ZH603" not in _codes(text)


@pytest.mark.parametrize("text", ["日本語\n", "繁體中文\n", "正體中文\n", "他姓崔，名叫崔瑩。\n"])
def test_one_or_two_traditional_characters_do_not_make_a_traditional_document(text: str) -> None:
    # issue 10: a language's own name or a name alone on a line is no Traditional document
    assert _fix(text) == text
    assert _codes(text) == []


def test_zh_tw_reverses_the_direction_and_uses_corner_quotes() -> None:
    text = "我們要發揚工匠精神，为国家作貢獻。他說：“學習‘兩會’精神”。\n"
    assert (
        _fix(text, profile="zh-TW")
        == "我們要發揚工匠精神，為國家作貢獻。他說：「學習『兩會』精神」。\n"
    )


@pytest.mark.parametrize("profile", ["zh-Hant", "zh-HK"])
def test_other_traditional_profiles(profile: str) -> None:
    fixed = _fix("我們說“你好”，为此。\n", profile=profile)
    assert fixed.startswith("我們說「你好」，") and "为" not in fixed


def test_quotes_setting_overrides_the_profile() -> None:
    assert _fix("我們說“你好”。\n", profile="zh-TW", quotes="curly") == "我們說“你好”。\n"
    assert _fix("我们说“你好”。\n", quotes="corner") == "我们说「你好」。\n"


def test_mostly_simplified_under_traditional_profile() -> None:
    text = "我们要发扬工匠精神，再接再厉，为國家作贡献。\n"
    assert _fix(text, profile="zh-TW") == text
    assert _codes(text, profile="zh-TW").count("ZH604") == 1


def test_allow_keeps_a_quotation() -> None:
    text = "他引用“發展才是硬道理”，我们要發扬。\n"
    fixed = _fix(text, allow=("發展才是硬道理",))
    assert fixed == "他引用“發展才是硬道理”，我们要发扬。\n"


def test_cli_reports_and_fixes(cli, workdir: Path) -> None:
    (workdir / "a.txt").write_text("我们要發扬工匠精神。\n", encoding="utf-8")
    run = cli("check", "a.txt")
    assert run.code == 1 and "ZH603" in run.out and "發" in run.out
    assert cli("fix", "a.txt").code == 0
    assert (workdir / "a.txt").read_text(encoding="utf-8") == "我们要发扬工匠精神。\n"


def test_table_is_consistent() -> None:
    t = tables()
    assert not t.traditional_only & t.simplified_only
    for ch in "乾著藉覆麽干着后里于":
        assert ch not in t.traditional_only
    for ch in "們國說發後":
        assert ch in t.traditional_only


def test_table_matches_the_generator() -> None:
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import gen_script_tables
    finally:
        sys.path.pop(0)
    built = gen_script_tables.build(gen_script_tables.opencc_dictionary_dir())
    shipped = json.loads((REPO / "rules" / "script_chars.json").read_text(encoding="utf-8"))
    assert built == shipped


def test_clean_text_never_imports_opencc(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("同志们：今天开会。\n", encoding="utf-8")
    code = (
        "import sys; from normtools.cli import main; rc = main(['check', 'a.txt']);"
        "print('opencc' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout + out.stderr


# -- issue 10: what an editor would not convert --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "翻译版本：简体中文、日本語、Español。\n",
        "界面语言可切换为繁體中文或正體中文。\n",
        "“髮”字简化为“发”，繁体作髮。\n",
        "台湾地区把 informatics 翻译成「資訊」而非“信息”。\n",
        "台湾地区的比赛叫資訊奧林匹亞競賽，我们叫信息学奥赛。\n",
        "JOI（日文：日本情報オリンピック）所有的题目都提供题解。\n",
        "建设昇腾人工智能生态适配中心，锦甯铁矿石项目开工。\n",
        "建成彭州濛阳等一批全国性农业物流基地，加快清濛园区建设。\n",
        "鴜鹭湖被评定为国家3A级旅游景区，礐石风景区提质。\n",
    ],
)
def test_what_an_editor_would_not_convert_stays(text: str) -> None:
    assert _fix(text) == text
    assert "ZH603" not in _codes(text)


def test_stray_traditional_in_a_word_is_still_converted() -> None:
    text = "深化行政审批制度改革，銜接国务院取消的审批项目，厉行勤儉节约。\n"
    assert _fix(text) == "深化行政审批制度改革，衔接国务院取消的审批项目，厉行勤俭节约。\n"


def test_characters_of_the_general_standard_table_are_never_traditional() -> None:
    from normtools.builtins.script import general_standard

    standard = general_standard()
    assert len(standard) == 8105
    assert not standard & tables().traditional_only
    for ch in "昇甯陞祕氾":
        assert ch in standard
