"""Numbering and numbers (issue 13) as a new user meets them: ``normtools fix -`` and
``normtools check -`` on lines like those of real speeches and reports.

The negative cases come from real government reports, statutes and e-books where a
first version of these rules would have gone wrong (``中核四0四`` is a company name whose
〇 is right; ``国道110二期`` and ``CO五项`` are not Chinese numerals).
"""

from __future__ import annotations

import pytest

from normtools import check_text, fix_text

# The table of the issue: line given to `normtools fix -` -> what house-style asks.
ACCEPTANCE = [
    ("一.加强组织领导", "一、加强组织领导"),
    ("（一）、明确目标任务", "（一）明确目标任务"),
    ("二0二三年是开局之年。", "二〇二三年是开局之年。"),
    ("二○二四年三月五日", "二〇二四年三月五日"),
    ("会议于2O23年召开。", "会议于2023年召开。"),
    ("第１季度增长１０．５％。", "第1季度增长10.5％。"),
    ("坚持,。努力", "坚持，。努力"),
]

# Correct text that must stay byte-identical and unreported.
CORRECT = [
    "二〇二三年",
    "一百零八",
    "Fe2O3和Al2O3",
    "第一、第二名",
    "1.请各单位",
    "一、主要成效",
    "（一）主要成效",
    "版本v1.0.3",
]

# Real-text shapes that look like the defects and are not (from the dev corpora).
LOOKALIKES = [
    "10四化同步：党的十八大指出坚持走中国特色新型工业化道路",  # item 10, then 四化
    "抓好京昆高速、国道110二期等干道建设。",
    "PM2.5、NO2、PM10、SO2、CO五项指标均为近六年最优。",
    "举办2020四川电商年货节。",
    "新科宇航MRO一期竣工。",
    "○○○○年○月○日",  # a form to fill in
    "万年六O风情街",  # a name: two characters, not a year; unclear
    "比自杀人数的三分之一0还少",
    "（四）、（五）项所列人员，经选举委员会和执行机关决定，可以参加投票。",
    "有前款第（一）、（四）项行为之一的，处二万元以上十万元以下的罚款。",
    "创建“一统揽、两作用、三联系、四超前”①，创造性实施防控举措。",
    "四．二六社论发表后",  # a date, not an ordinal
    "推广O2O模式，H2O和CO2排放",
    "八进制0o17表示十五",
    "这是怎么回事？！",
    "他说：“好！”未免太……。",
]


def _check(text: str) -> list:  # type: ignore[type-arg]
    """Findings on one line of a file (with its newline, so no ZH408)."""
    return check_text(text + "\n")


def _fix(cli, text: str) -> str:  # type: ignore[no-untyped-def]
    run = cli("fix", "-", stdin=text + "\n")
    return str(run.out)


@pytest.mark.parametrize(("given", "wanted"), ACCEPTANCE)
def test_fix_gives_the_house_style(cli, given: str, wanted: str) -> None:  # type: ignore[no-untyped-def]
    assert _fix(cli, given) == wanted + "\n"


@pytest.mark.parametrize(("given", "wanted"), ACCEPTANCE)
def test_fix_is_a_fixed_point(cli, given: str, wanted: str) -> None:  # type: ignore[no-untyped-def]
    once = _fix(cli, given)
    assert _fix(cli, once.rstrip("\n")) == once


@pytest.mark.parametrize("text", CORRECT + LOOKALIKES)
def test_correct_text_stays_byte_identical(cli, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _fix(cli, text) == text + "\n"
    assert cli("check", "-", stdin=text + "\n").code == 0


@pytest.mark.parametrize(
    ("given", "wanted"),
    [
        ("　　十一. 强化督查问责", "十一、强化督查问责"),  # indent removed, blank after 、 too
        ("(二)、开展专项整治", "（二）开展专项整治"),  # ZH108 and ZH702 together
        ("①.推进改革", "①推进改革"),
        ("二Ｏ三五年远景目标", "二〇三五年远景目标"),  # one step, not Ｏ -> O -> 〇
        ("２Ｏ２３年", "2023年"),
        ("一俄丈等于２．１３４米", "一俄丈等于2.134米"),
        ("１．１—苯基—２—丙酮", "1．1—苯基—2—丙酮"),  # item 1: the ordinal's point stays
        # a line that is one quantity: the point goes with the digits (house-style table)
        ("１０．５％", "10.5％"),
        ("３．１４", "3.14"),
        ("１．５倍", "1.5倍"),
        ("二oo三年七月于高密", "二〇〇三年七月于高密"),
        ("从一九三○年起", "从一九三〇年起"),
        ("出口依存度降到GDP的1O%以下", "出口依存度降到GDP的10%以下"),
        ("## 三.保障措施", "## 三、保障措施"),
    ],
)
def test_fix_on_real_looking_lines(cli, given: str, wanted: str) -> None:  # type: ignore[no-untyped-def]
    assert _fix(cli, given) == wanted + "\n"
    assert _fix(cli, wanted) == wanted + "\n"


def test_a_fullwidth_zero_of_a_chinese_numeral_is_one_finding() -> None:
    found = [(d.code, d.replacement) for d in _check("二Ｏ三五年远景目标")]
    assert found == [("ZH704", "〇")]


def test_fullwidth_number_is_one_finding_with_its_point() -> None:
    found = [(d.code, d.line, d.column, d.replacement) for d in _check("增长１０．５％。")]
    assert found == [("ZH113", 1, 3, "10.5")]


def test_ordinal_point_is_reported_once_not_also_as_period_between_han() -> None:
    assert [d.code for d in _check("一.加强组织领导")] == ["ZH701"]
    # a date keeps the old report: a person decides between “。” and “·”
    assert [d.code for d in _check("四.二六社论发表后")] == ["ZH107"]
    assert [d.code for d in _check("这是其中之一.我们要继续努力")] == ["ZH107"]


def test_sentence_marks_left_by_a_fix_are_reported_by_check_and_fix(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("check", "-", stdin="坚持,。努力\n")
    assert run.code == 1
    assert "-:1:3: ZH504 “，。”: two different sentence marks in a row; keep one" in run.out
    assert "-:1:3: ZH101 [*]" in run.out
    fixed = cli("fix", "-", stdin="坚持,。努力\n")
    assert fixed.code == 1
    assert fixed.out == "坚持，。努力\n"
    assert "ZH504 “，。”" in fixed.err


def test_sentence_marks_already_in_the_text() -> None:
    text = "人口自然增长率8.7％。；城镇新增就业38.29万人。"
    assert [(d.code, d.column) for d in _check(text)] == [("ZH504", 12)]


@pytest.mark.parametrize(
    "text",
    [
        "实际利用外资18?保芬诿涝?。坚持引资与引智并举。",  # ? is a lost character
        "人口自然增长率为6.5&permil;。全民健身运动蓬勃开展。",  # an HTML entity
        "真的吗！？？",
    ],
)
def test_no_sentence_mark_report_where_a_mark_is_not_a_slip(text: str) -> None:
    assert "ZH504" not in [d.code for d in _check(text)]


def test_arabic_ordinal_comma_is_off_by_default(cli) -> None:  # type: ignore[no-untyped-def]
    assert _fix(cli, "1、明确责任分工") == "1、明确责任分工\n"
    run = cli("fix", "--extend-select", "ZH703", "-", stdin="1、明确责任分工\n13、14、15号楼\n")
    assert run.out == "1.明确责任分工\n13、14、15号楼\n"


def test_library_fix_text_agrees() -> None:
    assert fix_text("二○○○年，全市增长１０．５％。") == "二〇〇〇年，全市增长10.5％。"


def test_rules_lists_the_new_codes_with_examples(cli) -> None:  # type: ignore[no-untyped-def]
    listing = cli("rules").out
    for code in ("ZH504", "ZH701", "ZH702", "ZH703", "ZH704", "ZH705"):
        assert code in listing
    markdown = cli("rules", "--format", "markdown").out
    assert "`一.加强组织领导` → `一、加强组织领导`" in markdown
    assert "`坚持，。努力` (reported)" in markdown
