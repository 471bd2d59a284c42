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


# -- check in chunks (issue 9: 2.9 GB for check on a 200 MB defect-dense file) -------------


def _both_checks(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    eng = NORMALIZER.engine_for(Path("x.txt"))
    doc = from_text(text, "txt")
    plain = eng.check(doc, "x.txt")
    monkeypatch.setattr(engine, "LARGE_TEXT", 0)
    monkeypatch.setattr(engine, "CHUNK_TEXT", 40)
    chunked = eng.check(doc, "x.txt")
    monkeypatch.undo()
    return [repr(d) for d in plain], [repr(d) for d in chunked]


@pytest.mark.parametrize("raw", RAW_TXT, ids=lambda p: p.name)
def test_chunked_check_equals_plain_check_on_golden_files(raw: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = raw.read_bytes().decode("utf-8-sig").replace("\r\n", "\n") * 3
    plain, chunked = _both_checks(text, monkeypatch)
    assert chunked == plain


# web-pasted lines whose fixes cascade (benchmarks/cascade.py), with a quote left open,
# a bracket closed by a half-width one, CRLF line ends and a missing final newline: the
# whole-document checks must see the file as a whole run does
CASCADE = (
    '经济科技 , "治理" ; 产业改革（就业安全社会) 民生群众。‚生态‛,改革就业乡村:“民生”...\n'
    '"开放":经济,,生态..坚持民生群众服务,。乡村就业经济\n'
    '„创新法治法治‟;科技!"民生建设?"（安全) 生态文化就业。城市::创新就业产业\n'
    "他说:“你好“，〝法治〞:经济改革群众--开放发展\n"
)


@pytest.mark.parametrize(
    "text",
    [
        CASCADE * 5,
        (CASCADE * 5).replace("\n", "\r\n"),
        (CASCADE * 5).rstrip("\n"),
        "\ufeff" + CASCADE * 5,
    ],
    ids=["lf", "crlf", "no-final-newline", "bom"],
)
def test_chunked_check_equals_plain_check_on_cascading_text(text: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plain, chunked = _both_checks(text, monkeypatch)
    assert len(plain) > 50
    assert chunked == plain


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(lines=st.lists(st.text(alphabet=MIXED.replace("\n", ""), max_size=30), max_size=12))
def test_chunked_check_equals_plain_check_on_random_lines(lines: list[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plain, chunked = _both_checks("\n".join(lines), monkeypatch)
    # Where the last line's own fixes meet the file-wide ones (final newline, line ends) a
    # whole run may report one of them twice at two places; the same rules must fire.
    assert _without_file_edges(chunked) == _without_file_edges(plain)
    assert _file_edge_codes(chunked) == _file_edge_codes(plain)


FILE_EDGE = ("ZH407", "ZH408", "ZH601", "ZH602")


def _without_file_edges(found: list[str]) -> list[str]:
    return [d for d in found if not any(f"code='{c}'" in d for c in FILE_EDGE)]


def _file_edge_codes(found: list[str]) -> set[str]:
    return {c for c in FILE_EDGE for d in found if f"code='{c}'" in d}


def test_a_huge_file_leaves_no_text_alive(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """After the run no cache holds the file's text or a fixed copy of it (the layout and
    the script-analysis caches held whole texts: fix took 5.4x a 200 MB file)."""
    import gc
    import tracemalloc

    monkeypatch.setattr(engine, "LARGE_TEXT", 0)
    monkeypatch.setattr(engine, "CHUNK_TEXT", 4000)
    first, big = tmp_path / "first.txt", tmp_path / "big.txt"
    copy = 2 * len(CASCADE * 400)  # bytes of one copy of the text (two per character)
    for run in (NORMALIZER.check_file, NORMALIZER.fix_file):
        first.write_text(CASCADE * 399, encoding="utf-8")
        big.write_text(CASCADE * 400, encoding="utf-8")
        run(first)  # lazy tables, compiled patterns, caches on disk: all there before
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            result = run(big)
            found = bool(result.diagnostics or result.new)
            del result
            gc.collect()  # cycles are garbage, not kept
            kept = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        assert found
        assert kept < copy, f"{run.__name__} keeps {kept} bytes; one copy of the text is {copy}"


def test_decoding_a_large_utf8_file_does_not_take_three_times_its_size() -> None:
    """``bytes.decode`` of Chinese takes a buffer of twice the bytes on top of the
    result; on a 200 MB file check and fix peaked at 5.4x the file. Decoded in pieces,
    the peak is the pieces and their join; a character cut by a piece edge is whole."""
    import tracemalloc

    from normtools import textio

    line = "第一条　为了规范行政行为，保护公民、法人和其他组织的合法权益，制定本法。\n"
    data = (line * (3 * textio._DECODE_PIECE // len(line.encode()) + 7)).encode("utf-8")
    assert len(data) % textio._DECODE_PIECE  # edges fall inside characters
    tracemalloc.start()
    try:
        doc = textio.decode(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert doc.text == data.decode("utf-8")
    text_size = 2 * len(doc.text)  # two bytes a character
    # at once: 4.4x the text; in pieces: 2.6x (the pieces, their join, one piece's buffer)
    assert peak < 3 * text_size, f"decoding took {peak} bytes; the text is {text_size}"
    with pytest.raises(textio.UnreadableFile, match="invalid UTF-8 at byte"):
        textio.decode(data[: textio._DECODE_PIECE + 1] + data)  # cut inside the first piece


def test_check_without_keep_original_does_not_keep_the_file_bytes(tmp_path: Path) -> None:
    """The command line needs a file's bytes after check only to show context; the
    bytes of a huge file stayed alive all through its check."""
    path = tmp_path / "a.txt"
    path.write_text("发展,做到\n", encoding="utf-8")
    lean = Normalizer(keep_applied=False, keep_original=False).check_file(path)
    assert lean.diagnostics and lean.original == b""
    assert NORMALIZER.check_file(path).original == path.read_bytes()
