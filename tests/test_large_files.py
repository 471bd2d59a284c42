"""Huge plain-text files are fixed in line-aligned chunks (memory); the result must be
exactly what the ordinary passes give. Tested with tiny thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import MIXED

from normtools import Normalizer, engine
from normtools.textio import from_text

NORMALIZER = Normalizer(keep_applied=False)
RAW_TXT = sorted((REPO / "tests" / "golden").glob("*.raw.txt"))


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, int, int]:
    eng = NORMALIZER.engine_for(Path("x.txt"))
    doc = from_text(text, "txt")
    plain = eng.fix(doc, "x.txt", keep_applied=False)
    monkeypatch.setattr(engine, "LARGE_TEXT", 0)
    monkeypatch.setattr(engine, "CHUNK_TEXT", 40)
    chunked = eng.fix(doc, "x.txt", keep_applied=False)
    monkeypatch.undo()
    return plain.doc.text, chunked.doc.text, len(plain.remaining), len(chunked.remaining)


@pytest.mark.parametrize("raw", RAW_TXT, ids=lambda p: p.name)
def test_chunked_fix_equals_plain_fix_on_golden_files(raw: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = raw.read_bytes().decode("utf-8-sig").replace("\r\n", "\n") * 3
    plain, chunked, left_plain, left_chunked = _both(text, monkeypatch)
    assert chunked == plain
    assert left_chunked == left_plain


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(lines=st.lists(st.text(alphabet=MIXED.replace("\n", ""), max_size=30), max_size=12))
def test_chunked_fix_equals_plain_fix_on_random_lines(lines: list[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(lines)
    plain, chunked, _, _ = _both(text, monkeypatch)
    assert chunked == plain


def test_suppression_markers_disable_chunking(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A file-level marker must see the whole file: such texts take the ordinary path."""
    monkeypatch.setattr(engine, "LARGE_TEXT", 0)
    monkeypatch.setattr(engine, "CHUNK_TEXT", 10)
    text = "发展,做到\n" * 5 + "<!-- normtools-disable-file -->\n" + "发展,做到\n" * 5
    assert NORMALIZER.fix_text(text) == text
