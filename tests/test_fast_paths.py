"""Shortcuts that decide the common case at C speed give the findings of the exact
computation they skip (random text, hypothesis): a fast path is an optimisation, never a
change of behaviour."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normtools import Normalizer
from normtools.builtins import checks
from normtools.config import Config
from normtools.text import hot_lines_in

PROFILE = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BRACKETY = "发展工作（）《》【】「」『』〔〕‘’“”\"'()，。：\n `"


def _codes(text: str, filetype: str, code: str) -> list[tuple[int, int, str]]:
    found = Normalizer(Config(select=(code,))).check_text(text, filetype)
    return [(d.start, d.end, d.message) for d in found]


def _exact(name: str) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checks, name, lambda *args: False)
        yield


@PROFILE
@given(st.text(alphabet=BRACKETY, max_size=60), st.sampled_from(["txt", "md"]))
def test_zh502_nested_brackets_shortcut(text: str, filetype: str) -> None:
    fast = _codes(text, filetype, "ZH502")
    for _ in _exact("_nested_brackets_only"):
        assert _codes(text, filetype, "ZH502") == fast


def test_zh502_shortcut_still_reports_what_it_must() -> None:
    text = "（一）加强《规划（草案）》的实施【重点】。\n推进（改革〔2024〕5号的落实。\n"
    assert [m for _, _, m in _codes(text, "txt", "ZH502")] == ["“（” has no matching “）”"]


def _naive_hot_lines(
    text: str, trigger: re.Pattern[str], windows: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Line by line: what hot_lines_in finds with one search across the windows."""
    found = []
    for start, end in windows:
        pos = start
        while pos <= end:
            stop = text.find("\n", pos, end)
            stop = end if stop < 0 else stop
            if trigger.search(text, pos, stop):
                found.append((pos, stop))
            pos = stop + 1
    return found


@st.composite
def _text_and_windows(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    lines = draw(st.lists(st.text(alphabet="发展，,（）--－ a\u3000", max_size=12), min_size=1))
    text = "\n".join(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    ends = [s + len(line) for s, line in zip(starts, lines, strict=True)]
    picked = sorted(draw(st.sets(st.integers(0, len(lines) - 1))))
    windows: list[tuple[int, int]] = []
    for k in picked:  # runs of consecutive picked lines make one window
        if windows and windows[-1][1] == ends[k - 1] and k - 1 in picked:
            windows[-1] = (windows[-1][0], ends[k])
        else:
            windows.append((starts[k], ends[k]))
    return text, windows


@PROFILE
@given(_text_and_windows(), st.sampled_from([",", "[()]", "--|－－", "[ \u3000]", "发展"]))
def test_hot_lines_across_windows_equal_line_by_line(
    case: tuple[str, list[tuple[int, int]]], trigger: str
) -> None:
    text, windows = case
    pattern = re.compile(trigger)
    assert hot_lines_in(text, pattern, windows) == _naive_hot_lines(text, pattern, windows)


def _reading_with_prefix_map(text: str) -> tuple[float, list[int]]:
    """jieba's reading as first written: a map of every word and word prefix of each
    bucket, the search stopping where no word goes on (the reference for _best)."""
    import math

    from normtools import wordgate

    wordgate._load()
    n = len(text)
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        freqs = wordgate._bucket(text[i]).freqs
        dag: dict[str, float] = {}
        for word in freqs:
            for k in range(2, len(word)):
                dag.setdefault(word[:k], -math.inf)
        for word, freq in freqs.items():
            dag[word] = math.log(freq) - wordgate._log_total
        top = (dag.get(text[i], -wordgate._log_total) + best[i + 1][0], i + 1)
        for j in range(i + 2, n + 1):
            score = dag.get(text[i:j])
            if score is None:
                break
            if score + best[j][0] > top[0]:
                top = (score + best[j][0], j)
        best[i] = top
    cuts = [0]
    while cuts[-1] < n:
        cuts.append(best[cuts[-1]][1])
    return best[0][0], cuts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="资源枯竭城市严格守法项目堵点中华人民共和国实事求是的了", max_size=16))
def test_word_reading_without_prefix_maps(text: str) -> None:
    from normtools import wordgate

    assert wordgate._best(text) == _reading_with_prefix_map(text)


@PROFILE
@given(
    st.text(alphabet="锟斤拷ab \t\u3000\u00a0\nx", max_size=20),
    st.sampled_from(["[ab]", "锟斤拷", "[ \t\u3000]", "\u00a0", "x"]),
    st.integers(1, 3),
)
def test_run_of_matches_as_a_repeat_does(text: str, item: str, least: int) -> None:
    from normtools.text import run_of

    plain = re.compile(f"(?:{item}){{{least},}}", re.M)
    written = re.compile(run_of(item, least), re.M)
    assert [m.span() for m in written.finditer(text)] == [m.span() for m in plain.finditer(text)]
