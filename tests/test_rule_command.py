"""``normtools rule ZH101`` explains a rule from its own data (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

from normtools.ruleset import load_ruleset

RULES = {r.code: r for r in load_ruleset(check_extra_examples=False)}


def test_explains_a_fixing_rule(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("rule", "ZH101")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "ZH101 halfwidth-comma"
    assert "  family: punctuation" in lines
    assert "  severity: error" in lines
    assert "  fix: always (`normtools fix` fixes every finding)" in lines
    assert "  default: on" in lines
    assert RULES["ZH101"].description in lines
    # examples: before, then after
    before = lines.index("  坚持高质量发展,做到稳中求进。")
    assert lines[before + 1] == "  → 坚持高质量发展，做到稳中求进。"
    left = lines.index("Left alone")
    assert "  Hello, world." in lines[left:]
    off = lines.index("How to switch it off")
    assert "    normtools check --ignore ZH101 PATH" in lines[off:]
    assert '    ignore = ["ZH101"]' in lines[off:]
    assert "    …<!-- normtools: ignore[ZH101] -->" in lines[off:]


def test_a_report_only_rule_and_a_rule_off_by_default(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    placeholder = cli("rule", "ZH501").out
    assert "fix: never (report only)" in placeholder
    assert "(reported, not fixed)" in placeholder
    ordinal = cli("rule", "zh703").out  # codes in any case
    assert "default: off (switch it on with `extend-select`)" in ordinal
    assert "How to switch it on" in ordinal
    assert "normtools check --extend-select ZH703 PATH" in ordinal


def test_invisible_characters_in_examples_are_shown(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    out = cli("rule", "fullwidth-indent").out  # by name
    assert "  ‹U+3000›‹U+3000›同志们：" in out.splitlines()


def test_chinese(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    out = cli("rule", "ZH401", "--lang", "zh").out
    assert "  类别：空白" in out.splitlines()
    assert "段落不用全角空格缩进" in out
    assert "如何关闭" in out


def test_json(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("rule", "ZH108", "--format", "json").out)
    assert data["code"] == "ZH108" and data["fix"] == "always"
    assert {"text": "进入高新区(园区)工作", "fixed": "进入高新区（园区）工作"} in data["examples"]
    assert all("fixed" not in e for e in data["left_alone"])


def test_unknown_rule_is_a_usage_error_with_a_hint(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("rule", "ZH1O1")  # a letter O
    assert run.code == 2
    assert run.err == "normtools: error: no rule 'ZH1O1'; did you mean ZH101?\n"
    assert "did you mean halfwidth-comma?" in cli("rule", "halfwidth-coma").err
