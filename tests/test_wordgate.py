"""The word-boundary gate: dictionary wrong forms read across word boundaries are not
findings; real misspellings stay findings; the word list costs clean text nothing."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import REPO

from normtools import Config, Normalizer, wordgate
from normtools.errors import NormtoolsError

# (sentence, wrong form, correction): correct text that holds a dictionary wrong form
ACROSS_WORDS = [
    ("推动资源枯竭城市转型发展。", "竭城", "竭诚"),  # 枯竭|城市
    ("引导群众严格守法。", "格守", "恪守"),  # 严格|守法
    ("着力打通项目堵点。", "目堵", "目睹"),  # 项目|堵点
    ("严控新建高档住房。", "档住", "挡住"),  # 高档|住房
    ("鼓励农村学生就读职校。", "读职", "渎职"),  # 就读|职校
    ("毕竟赛程很紧。", "竟赛", "竞赛"),  # 毕竟|赛程
    ("究竟赛事何时开始。", "竟赛", "竞赛"),  # 究竟|赛事
    ("关停若干炼化装置。", "干炼", "干练"),  # 若干|炼化
    ("以开放姿态拥抱发展机遇。", "抱发", "爆发"),  # 拥抱|发展
    ("按装置说明操作。", "按装", "安装"),  # 按|装置
]

# (sentence, wrong form, correction): real misspellings
MISSPELT = [
    ("这次竟赛吸引了众多选手。", "竟赛", "竞赛"),
    ("我们要再接再励，争取更大成绩。", "再接再励", "再接再厉"),
    ("他迫不急待地拆开了来信。", "迫不急待", "迫不及待"),
    ("要结合过实际抓好贯彻落实。", "结合过实际", "结合实际"),
    ("他整日沉缅于网络游戏。", "沉缅", "沉湎"),  # jieba lists the misspelling 沉缅于
    ("这件事因该由办公室牵头。", "因该", "应该"),
    ("先按装软件。", "按装", "安装"),
]


@pytest.mark.parametrize("text,wrong,right", ACROSS_WORDS)
def test_wrong_form_read_across_words_is_explained(text: str, wrong: str, right: str) -> None:
    start = text.index(wrong)
    assert wordgate.explained_by_words(text, start, start + len(wrong), [right])


@pytest.mark.parametrize("text,wrong,right", MISSPELT)
def test_real_misspelling_is_not_explained(text: str, wrong: str, right: str) -> None:
    start = text.index(wrong)
    assert not wordgate.explained_by_words(text, start, start + len(wrong), [right])


def test_without_a_correction_the_reading_that_keeps_the_hit_whole_is_the_alternative() -> None:
    text = "推动资源枯竭城市转型发展。"
    start = text.index("竭城")
    assert wordgate.explained_by_words(text, start, start + 2)
    text = "这次竟赛吸引了众多选手。"
    start = text.index("竟赛")
    assert not wordgate.explained_by_words(text, start, start + 2)


@pytest.mark.parametrize(
    "text,double,explained",
    [
        ("实事求是是我们党的思想路线", "是是", True),  # 实事求是|是
        ("积极应对对外开放", "对对", True),  # 应对|对外开放
        ("平等互利和和平共处", "和和", True),  # 和|和平共处
        ("为了了解情况", "了了", True),
        ("我们的的工作", "的的", False),
        ("完成了了任务", "了了", False),
    ],
)
def test_without_a_correction_typing_doubles_are_read_too(
    text: str, double: str, explained: bool
) -> None:
    """What a report-only check (ZH503) can ask: is the double part of words around it?"""
    start = text.index(double)
    assert wordgate.explained_by_words(text, start, start + 2) is explained


def test_a_correction_that_only_adds_marks_is_not_gated() -> None:
    """规划纲要 is a word, yet “十四五” still needs its quotes."""
    text = "编制十四五规划纲要。"
    start = text.index("十四五规划")
    assert not wordgate.explained_by_words(text, start, start + 5, ["“十四五”规划"])


def test_a_hit_alone_between_marks_is_not_explained() -> None:
    assert not wordgate.explained_by_words("“竭城”", 1, 3, ["竭诚"])


def test_words_and_frequencies() -> None:
    assert wordgate.is_word("枯竭") and wordgate.is_word("城市")
    assert not wordgate.is_word("竭城")
    assert wordgate.frequency("城市") > wordgate.frequency("枯竭") > 0
    assert wordgate.frequency("") == 0
    assert wordgate.segment("资源枯竭城市") == ["资源", "枯竭", "城市"]


def test_the_engine_leaves_the_issue_examples_alone() -> None:
    n = Normalizer(Config(select=("ZH301", "ZH302")))
    for text, _, _ in ACROSS_WORDS:
        assert n.check_text(text) == [], text
        assert n.fix_text(text) == text
    assert n.fix_text("这次竟赛吸引了众多选手。") == "这次竞赛吸引了众多选手。"


def test_a_missing_word_list_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wordgate, "_lines", None)
    monkeypatch.setattr(wordgate, "_buckets", {})
    monkeypatch.setattr(wordgate, "WORDLIST", "no-such-list.gz")
    with pytest.raises(NormtoolsError, match=r"no-such-list\.gz: cannot read the word list"):
        wordgate.is_word("城市")


def _fresh_process(code: str) -> str:
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    return run.stdout.strip()


def test_clean_text_never_loads_the_word_list() -> None:
    code = (
        "from normtools import Normalizer, wordgate\n"
        "n = Normalizer()\n"
        "n.check_text('政府工作报告指出，今年经济运行总体平稳。\\n')\n"
        "n.fix_text('推进高质量发展，做好民生保障工作。\\n')\n"
        "print(wordgate.is_loaded())\n"
        "n.check_text('这次竟赛吸引了众多选手。\\n')\n"
        "print(wordgate.is_loaded())\n"
    )
    assert _fresh_process(code).split() == ["False", "True"]


@pytest.mark.skipif(importlib.util.find_spec("jieba") is None, reason="needs jieba")
def test_word_list_is_what_the_generator_builds() -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_wordlist", REPO / "tools" / "gen_wordlist.py"
    )
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert gen.build(*gen.jieba_dict()) == (REPO / "rules" / "jieba_words.gz").read_bytes()
    assert "MIT" in (REPO / "rules" / "jieba_words.LICENSE").read_text(encoding="utf-8")
