"""The typo and wording dictionaries: the precision gate, its checks firing on planted
bad entries, zero reports on clean real text, recall on planted misspellings, and team
dictionaries in TOML or TSV."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import REPO

from normtools import Config, Normalizer
from normtools.settings import Settings

spec = importlib.util.spec_from_file_location(
    "dictionary_gate", REPO / "tools" / "dictionary_gate.py"
)
assert spec is not None and spec.loader is not None
gate = importlib.util.module_from_spec(spec)
sys.modules["dictionary_gate"] = gate
spec.loader.exec_module(gate)

DICTIONARY = Normalizer(Config(select=("ZH301", "ZH302")))


@pytest.mark.parametrize("name", ["typos.toml", "wording.toml"])
def test_shipped_dictionary_passes_the_gate(name: str) -> None:
    failures = gate.check_file(REPO / "rules" / name, straddle=name == "typos.toml", root=REPO)
    assert failures == []


PLANTED = [
    # (which check, entries, jieba words, corpus)
    ("(a)", {"发展": "发扬"}, {"发展": 8000}, ""),
    ("(a)", {"展规": "展归"}, {"发展规划": 300}, ""),
    ("(b)", {"讲比": "讲笔"}, {}, "单位组织了演讲比赛。"),
    ("(c)", {"竟赛": "竞赛"}, {"毕竟": 5000, "赛程": 3000}, ""),
    ("(d)", {"迫不急待": "迫不及待", "再接再励": "再接再厉"}, {}, ""),  # not sorted
    ("(d)", {"再接再励": "再接再励"}, {}, ""),  # corrects to itself
    ("(d)", {"不及": "不急", "迫不急待": "迫不及待"}, {}, ""),  # a correction contains a key
]


@pytest.mark.parametrize("check,entries,jieba,corpus", PLANTED)
def test_each_gate_check_fires_on_a_planted_bad_entry(check, entries, jieba, corpus) -> None:  # type: ignore[no-untyped-def]
    failures = gate.check_entries(entries, jieba=jieba, corpus=corpus)
    assert any(f.startswith(check) for f in failures), failures


def test_an_exception_satisfies_the_straddle_check() -> None:
    entries = {"竟赛": {"fix": "竞赛", "except": ["毕竟赛"]}}
    assert gate.check_entries(entries, jieba={"毕竟": 5000, "赛程": 3000}, corpus="") == []


def test_clean_reference_corpus_reports_nothing() -> None:
    """The engine's own matcher (not the gate's) finds no typo in clean real text."""
    for path in sorted((REPO / "tests" / "data" / "reference").glob("*.txt")):
        found = DICTIONARY.check_text(path.read_text(encoding="utf-8"), path=path.name)
        assert found == [], [f"{d.path}:{d.line}:{d.column} {d.message}" for d in found[:5]]


def _planted(name: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (REPO / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            wrong, right, sentence = line.split("\t")[:3]
            rows.append((wrong, right, sentence))
    return rows


@pytest.mark.parametrize(
    "name,floor",
    [
        ("planted_typos.tsv", 0.80),  # partly tuned on: a regression guard
        ("planted_heldout2.tsv", 0.50),  # pairs chosen before measuring, never tuned on
    ],
)
def test_planted_misspellings_found_and_corrections_left_alone(name: str, floor: float) -> None:
    rows = _planted(name)
    found = 0
    for wrong, right, sentence in rows:
        hits = DICTIONARY.check_text(sentence)
        at = sentence.find(wrong)
        if any(d.start <= at < d.end for d in hits):
            found += 1
        corrected = sentence.replace(wrong, right)
        assert DICTIONARY.check_text(corrected) == [], f"false alarm on {corrected!r}"
    assert found / len(rows) >= floor, f"recall {found}/{len(rows)}"


def test_design_card_entries() -> None:
    fix = DICTIONARY.fix_text
    assert fix("举办职工技能竟赛。") == "举办职工技能竞赛。"
    assert fix("毕竟赛程很紧。") == "毕竟赛程很紧。"
    assert fix("要结合过实际推进工作。") == "要结合实际推进工作。"
    assert fix("再接再励，迫不急待。") == "再接再厉，迫不及待。"


def test_longest_entry_wins() -> None:
    """Leftmost-longest matching: a long key is not pre-empted by a shorter one inside it."""
    n = Normalizer(Config(select=("ZH301",)))
    entries = {e.wrong for e in n.rules[0].entries}
    nested = [(a, b) for a in entries for b in entries if a != b and a in b][:20]
    for short, long in nested:
        fixed = n.fix_text(long)
        entry = next(e for e in n.rules[0].entries if e.wrong == long)
        if entry.fix is not None:
            assert fixed == entry.fix, (short, long, fixed)


# -- team dictionaries -------------------------------------------------------------------


def test_tsv_dictionary_from_a_spreadsheet(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (workdir / "team.tsv").write_text(
        "# our house words\n"
        "微信号推文\t微信公众号推文\n"
        "登陆账号\t登录账号\n"
        "帐户\t账户|户头\n"  # two candidates: a suggestion
        "按装\t安装\t按装置\n",  # an exception
        encoding="utf-8",
    )
    (workdir / "normtools.toml").write_text('extend-rules = ["team.tsv"]\n', encoding="utf-8")
    doc = workdir / "a.txt"
    doc.write_text(
        "请登陆账号查看微信号推文，按装置说明操作，先按装软件，再开帐户。\n", encoding="utf-8"
    )
    run = cli("fix", "a.txt")
    assert (
        doc.read_text(encoding="utf-8")
        == "请登录账号查看微信公众号推文，按装置说明操作，先安装软件，再开帐户。\n"
    )
    # 帐户 has two candidates: a suggestion, silent unless the configuration asks for them
    assert run.code == 0 and "帐户" not in run.out
    assert cli("rules", "test", "team.tsv").code == 0
    (workdir / "normtools.toml").write_text(
        'extend-rules = ["team.tsv"]\nsuggestions = true\n', encoding="utf-8"
    )
    run = cli("check", "a.txt")
    assert run.code == 1 and "ZH390" in run.out and "帐户" in run.out


@pytest.mark.parametrize(
    "body,words",
    [
        ("登陆\t登陆\n", ["corrects to itself"]),
        ("登陆\t登录\n登录\t登入\n", ["is an entry"]),
        ("登陆\t登录\n登陆\t登入\n", [":2:", "duplicate entry"]),
        ("登陆 登录\n", [":1:", "wrong<TAB>right"]),
    ],
)
def test_tsv_dictionary_errors(workdir: Path, cli, body: str, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    (workdir / "team.tsv").write_text(body, encoding="utf-8")
    (workdir / "normtools.toml").write_text('extend-rules = ["team.tsv"]\n', encoding="utf-8")
    (workdir / "a.txt").write_text("请登陆系统。\n", encoding="utf-8")
    run = cli("check", "a.txt")
    assert run.code == 2
    for word in words:
        assert word in run.err
    assert cli("rules", "test", "team.tsv").code == 2


def test_typing_doubles() -> None:
    n = Normalizer(Config(select=("ZH503",)))
    flagged = ["我们的的工作", "完成了了任务", "这是是重点"]
    legitimate = [
        "常常看看",
        "的的确确",
        "明明白白",
        "目的的实现",
        "不了了之",
        "为了了解情况",
        "但是是否可行",
    ]
    for text in flagged:
        assert len(n.check_text(text)) == 1, text
    for text in legitimate:
        assert n.check_text(text) == [], text


def test_allow_list_overrides_a_dictionary_entry() -> None:
    """A quotation that must stay as written: `allow` beats any dictionary entry."""
    n = Normalizer(Config(select=("ZH301",), settings=Settings(allow=("再接再励",))))
    assert n.fix_text("原文“再接再励”一词，要迫不急待。") == "原文“再接再励”一词，要迫不及待。"
    assert [d.code for d in n.check_text("原文“再接再励”。")] == []
