"""Shortcuts that decide the common case at C speed give the findings of the exact
computation they skip (random text, hypothesis): a fast path is an optimisation, never a
change of behaviour."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normtools import Normalizer
from normtools.builtins import checks
from normtools.config import Config

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
