"""Messages in Chinese (``--lang zh``, ``lang = "zh"``): every shipped rule speaks
Chinese, the catalog is consistent with its English, and English stays the default."""

from __future__ import annotations

import json
import string
from dataclasses import replace
from pathlib import Path

import pytest

from normtools import i18n
from normtools.api import Normalizer
from normtools.config import Config
from normtools.ruleset import load_ruleset

SHIPPED = list(load_ruleset(check_extra_examples=False))
ALL = Normalizer(replace(Config(), select=("ALL",)))
CATALOG = i18n.load_catalog("zh")
assert CATALOG is not None


def _example_messages() -> list[tuple[str, str]]:
    """(code, English message) of every finding the shipped rules' examples produce."""
    seen: set[tuple[str, str]] = set()
    for rule in SHIPPED:
        for example in rule.examples:
            for d in ALL.check_text(example.text, example.filetype):
                seen.add((d.code, d.message))
    return sorted(seen)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_shipped_rule_has_a_chinese_description() -> None:
    missing = [r.code for r in SHIPPED if r.code not in CATALOG.descriptions]
    assert not missing
    for r in SHIPPED:
        zh = CATALOG.descriptions[r.code]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), r.code


@pytest.mark.parametrize("code,english", _example_messages())
def test_every_message_of_the_examples_is_translated(code: str, english: str) -> None:
    zh = CATALOG.message(code, english)
    assert zh is not None, f"{code}: no Chinese for {english!r} in rules/messages/zh.toml"
    assert zh != english


def test_translation_keeps_what_the_message_quotes() -> None:
    assert i18n.message("ZH501", "unfilled placeholder “XXX”", "zh") == "占位符“XXX”没有填写"
    assert (
        i18n.message("ZH603", "Traditional character “發” in Simplified text: “发”", "zh")
        == "简体文本中的繁体字“發”：应为“发”"
    )
    # a message no template matches (a team's own rule) stays English
    assert i18n.message("ZH901", "write “微信公众号”", "zh") == "write “微信公众号”"
    assert i18n.message("ZH501", "unfilled placeholder “XX”", "en") == "unfilled placeholder “XX”"


def test_templates_use_only_fields_their_english_captures() -> None:
    for code, templates in CATALOG.messages.items():
        for t in templates:
            assert _fields(t.translated) <= _fields(t.english), (code, t.english)
            for name, conversion in i18n.fields_of(t.translated):
                assert conversion in (None, "t"), (code, name)


def test_catalog_only_names_rules_that_exist() -> None:
    codes = {r.code for r in SHIPPED} | {i18n.ANY}
    assert set(CATALOG.messages) | set(CATALOG.descriptions) <= codes


def test_program_sentences_exist_in_both_languages_with_the_same_fields() -> None:
    assert set(CATALOG.cli) == set(i18n.ENGLISH)
    for key, english in i18n.ENGLISH.items():
        assert _fields(CATALOG.cli[key]) == _fields(english), key


def test_english_plurals() -> None:
    assert i18n.say("found", "en", n=1, fixable=0) == (
        "Found 1 problem (0 fixable with `normtools fix`)."
    )
    assert i18n.say("fixed", "en", n=3, files=1) == "Fixed 3 problems in 1 file."
    assert i18n.say("fixed", "zh", n=3, files=1) == "已修复 1 个文件中的 3 个问题。"


def test_lang_zh_on_the_command_line(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "a.txt").write_text("请XX同志参加会议,谢谢.\n", encoding="utf-8")
    run = cli("check", "--lang", "zh", "a.txt")
    assert run.code == 1
    lines = run.out.splitlines()
    assert "a.txt:1:2: ZH501 占位符“XX”没有填写" in lines
    assert "a.txt:1:10: ZH101 [*] 中文里的半角“,”：应为“，”" in lines
    assert lines[-1] == "发现 3 个问题（其中 2 个可用 `normtools fix` 修复）。"
    data = json.loads(cli("check", "--lang", "zh", "--format", "json", "a.txt").out)
    assert data[0]["message"] == "占位符“XX”没有填写"


def test_lang_setting_and_override(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "normtools.toml").write_text('lang = "zh"\n', encoding="utf-8")
    (workdir / "a.txt").write_text("同志们,朋友们\n", encoding="utf-8")
    assert "中文里的半角" in cli("check", "a.txt").out
    assert "half-width" in cli("check", "--lang", "en", "a.txt").out
    (workdir / "normtools.toml").write_text('lang = "fr"\n', encoding="utf-8")
    bad = cli("check", "a.txt")
    assert bad.code == 2 and "key 'lang'" in bad.err


def test_fingerprints_do_not_depend_on_the_language(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "a.txt").write_text("请XX同志参加会议,谢谢.\n", encoding="utf-8")
    en = json.loads(cli("check", "--format", "gitlab", "a.txt").out)
    zh = json.loads(cli("check", "--format", "gitlab", "--lang", "zh", "a.txt").out)
    assert [i["fingerprint"] for i in en] == [i["fingerprint"] for i in zh]
    assert en[0]["description"] != zh[0]["description"]
