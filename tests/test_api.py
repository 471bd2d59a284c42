"""The library as a pipeline meets it: fragments, batches, filetype, pickling, types."""

from __future__ import annotations

import hashlib
import importlib.util
import multiprocessing
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normtools
from normtools import Config, Normalizer, RuleFileError
from normtools.settings import Settings

REPO = Path(__file__).resolve().parents[1]
N = Normalizer()

# Rule files of a team, as in tests/test_ruleset.py.
TEAM_RULES = """\
[[rule]]
code = "ZH901"
name = "wechat-account"
kind = "literal"
severity = "warning"
description = "微信号 means the personal account; official accounts are 微信公众号."
examples = [{ text = "关注微信号", fixed = "关注微信公众号" }, { text = "微信公众号" }]

[rule.entries]
"微信号" = "微信公众号"
"""


def codes(text: str, **kwargs: object) -> list[str]:
    return [d.code for d in N.check_text(text, **kwargs)]  # type: ignore[arg-type]


# -- fragments ---------------------------------------------------------------------------


def test_a_snippet_gets_nothing_added() -> None:
    assert normtools.fix_text("发展,做到") == "发展，做到"
    assert [d.code for d in normtools.check_text("发展,做到")] == ["ZH101"]
    assert normtools.check_text("发展，做到") == []  # no "no newline at end of file"


def test_a_fragment_keeps_its_layout_and_a_file_does_not() -> None:
    text = "　　同志们:\r\n  今天开会.\r\n\r\n"
    assert N.fix_text(text) == "　　同志们：\r\n  今天开会。\r\n\r\n"
    assert codes(text) == ["ZH103", "ZH106"]
    # the same text as the content of a file: indentation, line ends, extra empty lines
    assert N.fix_text(text, fragment=False) == "同志们：\n今天开会。\n"
    assert {"ZH401", "ZH407", "ZH408"} <= set(codes(text, fragment=False))


def test_a_fragment_may_end_mid_line() -> None:
    # blanks at its end are not trailing blanks of a line; inside it they are
    assert N.fix_text("第一行,  \n第二行,  ") == "第一行，\n第二行，  "
    assert N.fix_text("\n\n好的! ") == "\n\n好的！ "


def test_a_fragment_keeps_its_bom_and_mixed_line_ends_in_place() -> None:
    text = "\ufeff发展,做到\r\n坚持!\n好的!\r改革!"
    assert N.fix_text(text) == "\ufeff发展，做到\r\n坚持！\n好的！\r改革！"
    assert codes(text) == ["ZH101", "ZH104", "ZH104", "ZH104"]
    assert N.fix_text(text, fragment=False) == "发展，做到\n坚持！\n好的！\n改革！\n"


@pytest.mark.parametrize(
    "text",
    ["a\r\n发展,做到\n好的!\r\n", "\ufeff发展,做到", "\ufeff甲\r\n乙\r\n发展,做到!", "甲\r乙,丙"],
)
def test_findings_point_into_the_string_as_given(text: str) -> None:
    found = N.check_text(text)
    assert found
    for d in found:
        assert text[d.start : d.end] in (",", "!"), (d, text)
        line_start = max(text.rfind(nl, 0, d.start) for nl in "\r\n") + 1
        if d.line == 1:
            assert d.column == d.start - line_start + 1


def test_report_only_findings_and_markdown_fragments() -> None:
    assert codes("请XX同志参加") == ["ZH501"]
    assert N.fix_text("`发展,做到` 是代码,这里不是", "md") == "`发展,做到` 是代码，这里不是"
    assert N.fix_text("`发展,做到` 是代码,这里不是", "markdown") == "`发展,做到` 是代码，这里不是"


BLANKS = st.text(alphabet=" \t\u3000", max_size=3)
NEWLINES = st.text(alphabet="\n", max_size=2)
CORES = [
    "发展,做到",
    "今天开会.",
    "我们要再接再励,争取更大胜利!",
    '他说:"你好"',
    "增长5%,达到(园区)目标--任务",
    "使用Python,它很好用",
    "第一行,\n第二行...",
]


@given(
    before=st.tuples(NEWLINES, BLANKS),
    core=st.sampled_from(CORES),
    after=st.tuples(NEWLINES, BLANKS),
)
def test_nothing_is_added_or_removed_at_a_fragments_ends(
    before: tuple[str, str], core: str, after: tuple[str, str]
) -> None:
    head, tail = "".join(before), "".join(after)
    assert N.fix_text(head + core + tail) == head + N.fix_text(core) + tail


def test_document_semantics_stay_with_documents() -> None:
    from normtools import textio

    doc = textio.from_text("　　发展,做到", "txt")
    assert N.fix_document(doc).doc.text == "发展，做到\n"
    doc.fragment = True
    assert N.fix_document(doc).doc.text == "　　发展，做到"


# -- filetype and input checks -------------------------------------------------------------


@pytest.mark.parametrize("bad", ["tex", "TXT", ".md", "", "html"])
def test_an_unknown_filetype_is_an_error_naming_the_accepted_ones(bad: str) -> None:
    for call in (
        lambda: N.fix_text("发展,做到", bad),
        lambda: N.check_text("发展,做到", bad),
        lambda: N.fix_texts([], bad),  # at the call, not at the first item
        lambda: normtools.check_texts([], bad),
    ):
        with pytest.raises(ValueError, match=r"unknown filetype .*'txt'.*'md'"):
            call()


def test_a_document_with_an_unknown_filetype_is_refused() -> None:
    from normtools.model import Document

    with pytest.raises(ValueError, match=r"Document\.filetype 'html'"):
        N.check_document(Document("发展,做到", filetype="html"))


def test_every_file_type_and_its_long_name_is_accepted() -> None:
    for name in ("txt", "text", "md", "markdown", "mdx", "rst", "restructuredtext"):
        assert N.fix_text("发展,做到", name) == "发展，做到", name


def test_a_missing_value_in_a_batch_is_named() -> None:
    with pytest.raises(TypeError, match=r"fix_texts: item 1: expected str, got float .*missing"):
        list(N.fix_texts(["发展,做到", float("nan")]))
    with pytest.raises(TypeError, match="fix_text: expected str, got bytes"):
        N.fix_text(b"abc")  # type: ignore[arg-type]


# -- batches -------------------------------------------------------------------------------


def test_batches_are_lazy_and_in_order() -> None:
    taken: list[str] = []

    def stream() -> Iterator[str]:
        for text in ("发展,做到", "好的!", "今天开会."):
            taken.append(text)
            yield text
        raise AssertionError("read past what was asked for")

    fixed = N.fix_texts(stream())
    assert taken == []
    assert next(fixed) == "发展，做到" and taken == ["发展,做到"]
    assert next(fixed) == "好的！" and next(fixed) == "今天开会。"


def test_batches_agree_with_one_at_a_time() -> None:
    texts = [*CORES, "", "　　同志们:\n", "\ufeff好的!"]
    assert list(normtools.fix_texts(texts)) == [normtools.fix_text(t) for t in texts]
    assert list(normtools.check_texts(texts)) == [normtools.check_text(t) for t in texts]
    as_files = list(N.fix_texts(texts, fragment=False))
    assert as_files == [N.fix_text(t, fragment=False) for t in texts]


# -- pickling ------------------------------------------------------------------------------


def _configured(tmp_path: Path) -> Normalizer:
    rules = tmp_path / "team.toml"
    rules.write_text(TEAM_RULES, encoding="utf-8")
    return Normalizer(
        Config(
            root=tmp_path,
            ignore=("ZH501",),
            extend_rules=(rules,),
            per_file_ignores=(("legacy/*.txt", ("ZH1",)),),
            settings=Settings(indent="two-fullwidth", allow=("卡尔.马克思",)),
        )
    )


def test_pickle_round_trips_a_configured_normalizer(tmp_path: Path) -> None:
    n = _configured(tmp_path)
    back = pickle.loads(pickle.dumps(n))
    assert back.config == n.config
    assert [r.code for r in back.rules] == [r.code for r in n.rules]
    text = "请XX同志关注微信号,卡尔.马克思说."
    assert back.fix_text(text) == n.fix_text(text) == "请XX同志关注微信公众号，卡尔.马克思说。"
    assert back.check_text(text) == n.check_text(text)
    assert back.fix_text("  发展,做到", fragment=False) == "\u3000\u3000发展，做到\n"
    assert (
        back.engine_for(tmp_path / "legacy" / "a.txt").rules
        == n.engine_for(tmp_path / "legacy" / "a.txt").rules
    )


def test_equal_configurations_pickle_to_equal_bytes(tmp_path: Path) -> None:
    first, second = _configured(tmp_path), _configured(tmp_path)
    assert first is not second
    assert pickle.dumps(first) == pickle.dumps(second)
    assert pickle.dumps(pickle.loads(pickle.dumps(first))) == pickle.dumps(first)
    # a list or a tuple: the same configuration
    listed = Normalizer(Config(root=tmp_path, select=["ZH1"]))  # type: ignore[arg-type]
    assert pickle.dumps(listed) == pickle.dumps(Normalizer(Config(root=tmp_path, select=("ZH1",))))
    other = Normalizer(Config(root=tmp_path, ignore=("ZH502",)))
    assert pickle.dumps(other) != pickle.dumps(first)


_FRESH = """\
import hashlib, pickle, sys
from pathlib import Path
from normtools import Config, Normalizer
from normtools.settings import Settings
n = Normalizer(Config(root=Path(sys.argv[1]), ignore=("ZH5",), settings=Settings(quotes="corner")))
print(hashlib.sha256(pickle.dumps(n)).hexdigest())
try:
    from datasets.fingerprint import Hasher
except ImportError:
    print("no datasets")
else:
    print(Hasher.hash(n))
"""


def test_two_fresh_processes_give_the_same_pickle_and_fingerprint(tmp_path: Path) -> None:
    runs = [
        subprocess.run(
            [sys.executable, "-c", _FRESH, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=cwd,
        ).stdout
        for cwd in (tmp_path, REPO)
    ]
    assert runs[0] == runs[1] and len(runs[0].splitlines()) == 2
    here = Normalizer(Config(root=tmp_path, ignore=("ZH5",), settings=Settings(quotes="corner")))
    assert runs[0].splitlines()[0] == hashlib.sha256(pickle.dumps(here)).hexdigest()


def test_relative_rule_paths_are_pickled_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "team.toml").write_text(TEAM_RULES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = pickle.dumps(Normalizer(Config(root=tmp_path, extend_rules=(Path("team.toml"),))))
    monkeypatch.chdir(REPO)  # a worker started elsewhere
    back = pickle.loads(data)
    assert back.config.extend_rules == (tmp_path / "team.toml",)
    assert back.fix_text("关注微信号") == "关注微信公众号"


def test_a_changed_rule_file_is_refused_on_unpickle(tmp_path: Path) -> None:
    data = pickle.dumps(_configured(tmp_path))
    rules = tmp_path / "team.toml"
    rules.write_text(TEAM_RULES.replace("微信公众号.", "微信公众号 (changed)."), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"team\.toml: rule file differs"):
        pickle.loads(data)
    rules.unlink()
    with pytest.raises(RuleFileError, match="no such rule file"):
        pickle.loads(data)


def test_other_shipped_rules_are_refused_on_unpickle(monkeypatch: pytest.MonkeyPatch) -> None:
    from normtools import portable

    data = pickle.dumps(Normalizer())
    monkeypatch.setattr(portable, "shipped_rules", lambda: "9.9.9+0000")
    with pytest.raises(RuleFileError, match="install the same version"):
        pickle.loads(data)


def test_a_normalizer_built_from_a_ruleset_object_says_how_to_pickle() -> None:
    from normtools import load_ruleset

    with pytest.raises(TypeError, match="extend_rules"):
        pickle.dumps(Normalizer(ruleset=load_ruleset()))


def test_spawned_workers_rebuild_the_normalizer(tmp_path: Path) -> None:
    n = _configured(tmp_path)
    texts = ["关注微信号,好的!", "发展,做到", "请XX同志参加."]
    # spawn: nothing is inherited, the Normalizer travels pickled with each task
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.map(n.fix_text, texts) == [n.fix_text(t) for t in texts]


# -- types ---------------------------------------------------------------------------------


def test_py_typed_ships_with_the_package() -> None:
    assert (REPO / "normtools" / "py.typed").is_file()
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", "normtools/py.typed"],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    if (REPO / ".git").exists():
        assert tracked.returncode == 0, "py.typed must be in git so that hatch packs it"


DOWNSTREAM = """\
import normtools

n = normtools.Normalizer()
fixed: int = normtools.fix_text("发展,做到")
codes: list[list[str]] = [[d.code for d in found] for found in n.check_texts(["发展,做到"])]
"""


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("build") is None or importlib.util.find_spec("mypy") is None,
    reason="needs 'build' and 'mypy'",
)
def test_the_wheel_carries_py_typed_and_a_users_mypy_reads_the_types(tmp_path: Path) -> None:
    import zipfile

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        capture_output=True,
        env=env,
        check=True,
    )
    (wheel,) = dist.glob("normtools-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "normtools/py.typed" in names and "normtools/_rules/punctuation.toml" in names
    # a user's environment with the wheel installed, and the user's mypy
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        capture_output=True,
        env=env,
        check=True,
    )
    (tmp_path / "user.py").write_text(DOWNSTREAM, encoding="utf-8")
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--python-executable",
            str(venv / "bin" / "python"),
            "user.py",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    # the one error is the deliberate one: mypy knows fix_text returns str
    assert 'user.py:4: error: Incompatible types in assignment (expression has type "str"' in (
        checked.stdout
    ), checked.stdout
    assert "Found 1 error" in checked.stdout and "py.typed" not in checked.stdout
