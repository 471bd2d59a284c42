"""The no-data-loss promise: random text and random bytes never raise, binary files are
never written, a failed write leaves the old file, modes and symlinks are respected."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normtools import Normalizer, textio
from normtools.api import write_result
from normtools.textio import from_text

N = Normalizer()
ALPHABET = (
    "发展做到同志们劳动竞赛工匠精神会议的了是"  # Han (Simplified)
    "們國說發後髮乾著藉覆麽"  # Traditional and ambiguous
    "ABCxyz0123"
    ",.;:!?()\"'-，。；：！？（）“”‘’《》「」『』…—"
    "  \u3000\t\n\r\u00a0\u200b"
    "\x00\x01\x07\x1b\x7f\u0085"  # control characters
    "âÃ€œ¸­æ–‡鈥溿锟斤拷"  # mojibake material
)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
texts = st.text(alphabet=ALPHABET, max_size=60)


@FAST
@given(texts)
def test_fix_is_idempotent(text: str) -> None:
    once = N.fix_document(from_text(text)).doc
    again = N.fix_document(once).doc
    assert again.text == once.text


@FAST
@given(texts)
def test_characters_outside_reported_spans_are_unchanged(text: str) -> None:
    """Every changed character lies in (or next to) a span that was reported, by ``check``
    or by a later pass of ``fix`` (a fix can make its neighbour Chinese context: ``::``)."""
    doc = from_text(text)
    result = N.fix_document(doc)
    fixed = result.text
    spans = [(d.start, d.end) for d in [*N.check_document(doc), *result.applied]]
    # compare the reported-free stretches: text outside every span must survive in order
    keep = [ch for i, ch in enumerate(doc.text) if not any(s - 1 <= i <= e for s, e in spans)]
    # a subsequence test (difflib's matching blocks can miss one: 01國1001 failed)
    rest = iter(fixed)
    assert all(ch in rest for ch in keep), (doc.text, fixed)


@FAST
@given(st.binary(max_size=300))
def test_random_bytes_never_raise_and_binary_is_never_written(
    tmp_path_factory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.txt"
    path.write_bytes(data)
    result = N.fix_file(path)
    if textio.looks_binary(data):
        assert result.skipped and result.new is None
    if result.new is not None:
        write_result(result)
        # what was written is text: it decodes, and to the text normtools fixed
        assert textio.decode(path.read_bytes()).text == textio.decode(result.new).text
        assert b"\x00" not in path.read_bytes() or result.new.startswith(b"\xff\xfe")


def test_fuzz_through_the_cli_never_shows_a_traceback(cli, workdir: Path) -> None:
    import random

    rng = random.Random(4)
    for i in range(100):
        (workdir / f"f{i}.txt").write_bytes(
            bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
        )
    for command in ("check", "fix"):
        run = cli(command, ".")
        assert run.code in (0, 1)
        assert "Traceback" not in run.err and "internal error" not in run.err


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00", b"%PDF-1.4\n", b"PK\x03\x04zip", b"abc\x00def\x00\x00\x01"],
)
def test_binary_is_reported_once_and_never_written(cli, workdir: Path, data: bytes) -> None:
    path = workdir / "blob.txt"
    path.write_bytes(data)
    run = cli("fix", "blob.txt")
    assert run.code == 1
    assert run.err.count("skipped") == 1
    assert path.read_bytes() == data
    # a directory walk skips binary files quietly
    run = cli("check", ".")
    assert "blob.txt" not in run.err


def test_undecodable_is_reported_and_left_alone(cli, workdir: Path) -> None:
    path = workdir / "odd.txt"
    data = bytes(range(0x80, 0xFF)) * 3
    path.write_bytes(data)
    run = cli("fix", "odd.txt")
    assert run.code == 1 and "skipped" in run.err
    assert path.read_bytes() == data


def test_failed_write_leaves_the_old_file_and_no_temp(monkeypatch, workdir: Path) -> None:
    path = workdir / "a.txt"
    path.write_text("发展,做到\n", encoding="utf-8")
    result = N.fix_file(path)
    assert result.new is not None
    real_fsync = os.fsync

    def boom(fd: int) -> None:
        real_fsync(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(textio.FileNotWritten) as caught:
        write_result(result)
    assert str(caught.value) == f"{path}: no space left on device"
    assert path.read_text(encoding="utf-8") == "发展,做到\n"
    assert sorted(p.name for p in workdir.iterdir()) == ["a.txt"]


def test_failed_replace_leaves_the_old_file(monkeypatch, workdir: Path) -> None:
    path = workdir / "a.txt"
    path.write_text("发展,做到\n", encoding="utf-8")
    result = N.fix_file(path)

    def boom(src: str, dst: str) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(textio.FileNotWritten, match=r"a\.txt: I/O error"):
        write_result(result)
    assert path.read_text(encoding="utf-8") == "发展,做到\n"
    assert sorted(p.name for p in workdir.iterdir()) == ["a.txt"]


def test_mode_is_kept(cli, workdir: Path) -> None:
    path = workdir / "a.txt"
    path.write_text("发展,做到\n", encoding="utf-8")
    path.chmod(0o640)
    assert cli("fix", "a.txt").code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text(encoding="utf-8") == "发展，做到\n"


def test_symlinks_in_a_walk_are_not_followed(cli, workdir: Path) -> None:
    outside = workdir.parent / f"{workdir.name}-outside.txt"
    outside.write_text("发展,做到\n", encoding="utf-8")
    (workdir / "docs").mkdir()
    (workdir / "docs" / "link.txt").symlink_to(outside)
    cli("fix", "docs")
    assert outside.read_text(encoding="utf-8") == "发展,做到\n"
    assert (workdir / "docs" / "link.txt").is_symlink()


def test_explicit_symlink_writes_the_target_and_keeps_the_link(cli, workdir: Path) -> None:
    target = workdir / "real.txt"
    target.write_text("发展,做到\n", encoding="utf-8")
    link = workdir / "link.txt"
    link.symlink_to(target)
    assert cli("fix", "link.txt").code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "发展，做到\n"
