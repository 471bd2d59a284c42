"""No file is ever rewritten from a wrong reading (issue 9).

Thousands of damaged UTF-8 samples of real text (tests/data/reference) and short texts in
EUC-KR, Shift-JIS, EUC-JP, Big5 and GBK, with a fixed seed: ``decode`` either raises
UnreadableFile (the file is reported and left alone) or returns exactly the text the bytes
stand for. ``tools/measure_decoding.py`` runs the same experiment at larger scale and
reports recall.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_encodings import JAPANESE, KOREAN

from normtools import Normalizer, textio

REFERENCE = Path(__file__).parent / "data" / "reference"
SEED = 20240909


def _paragraphs() -> list[str]:
    out = []
    for path in sorted(REFERENCE.glob("*.txt")):
        out.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return out


PARAGRAPHS = _paragraphs()


def _damage(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    kind = rng.randrange(5)
    if kind == 0:  # cut anywhere (often inside a character)
        return bytes(out[: rng.randrange(1, max(2, len(out)))])
    if kind == 1:  # one stray byte at the end
        return bytes(out) + bytes([rng.randrange(0x80, 0x100)])
    for _ in range(rng.choice((1, 1, 2, 3))):
        pos = rng.randrange(len(out))
        if kind == 2:
            out[pos] = rng.randrange(0x80, 0x100)
        elif kind == 3 and len(out) > 1:
            del out[pos]
        else:
            out.insert(pos, rng.randrange(0x80, 0x100))
    return bytes(out)


def _read_or_refuse(data: bytes, meant: str | None) -> str:
    """'refused', or 'read' when decoding gives exactly ``meant`` (else the test fails)."""
    try:
        doc = textio.decode(data)
    except textio.UnreadableFile:
        return "refused"
    assert meant is not None, (data[:80], doc.encoding, doc.text[:40])
    assert textio.to_text(doc) == meant, (data[:80], doc.encoding, doc.text[:40])
    return "read"


def test_damaged_utf8_is_never_read_as_something_else() -> None:
    rng = random.Random(SEED)
    outcomes = {"read": 0, "refused": 0}
    for _ in range(4000):
        text = "\n".join(rng.sample(PARAGRAPHS, rng.choice((1, 1, 2, 4))))
        data = _damage(rng, text.encode("utf-8"))
        try:
            meant: str | None = data.decode("utf-8")  # damage that is still valid UTF-8
        except UnicodeDecodeError:
            meant = None
        outcomes[_read_or_refuse(data, meant)] += 1
    assert outcomes["refused"] > 3000  # the fuzz really damaged the samples


def _samples(rng: random.Random, texts: list[str], n: int) -> list[str]:
    out = []
    while len(out) < n:
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        out.append(text[start : start + rng.randrange(1, 60)])
    return out


@pytest.mark.parametrize("encoding", ["euc-kr", "cp949", "shift_jis", "euc-jp"])
def test_korean_and_japanese_short_texts_are_never_converted(encoding: str) -> None:
    rng = random.Random(SEED)
    source = KOREAN if encoding in ("euc-kr", "cp949") else JAPANESE
    lines = [line for line in source.splitlines() if line]
    for text in _samples(rng, lines, 1500):
        data = text.encode(encoding)
        try:
            data.decode("utf-8")
            continue  # valid UTF-8 too (ASCII, or '화' is C8 AD): read as UTF-8, bytes kept
        except UnicodeDecodeError:
            pass
        with pytest.raises(textio.UnreadableFile):
            textio.decode(data)


@pytest.mark.parametrize("encoding", ["gbk", "big5"])
def test_chinese_short_texts_are_read_right_or_refused(encoding: str) -> None:
    import opencc

    rng = random.Random(SEED)
    lines = rng.sample(PARAGRAPHS, 600)
    if encoding == "big5":
        convert = opencc.OpenCC("s2tw").convert
        lines = [convert(line) for line in lines]
    outcomes = {"read": 0, "refused": 0}
    for text in _samples(rng, lines, 2000):
        data = text.encode(encoding, errors="ignore")
        if data.isascii():
            continue
        meant = data.decode(encoding)
        try:
            data.decode("utf-8")
            continue  # valid UTF-8 too: read as UTF-8, bytes kept as they are
        except UnicodeDecodeError:
            pass
        outcomes[_read_or_refuse(data, meant)] += 1
    assert outcomes["read"] > 800 and outcomes["refused"] > 200


def test_fix_never_rewrites_a_damaged_or_foreign_file(tmp_path: Path) -> None:
    """The file-level promise: whatever ``fix_file`` would write was read right."""
    rng = random.Random(SEED + 1)
    normalizer = Normalizer()
    for i in range(300):
        if i % 3 == 0:
            data = KOREAN.encode("euc-kr") if i % 2 else JAPANESE.encode("shift_jis")
            data = data[: rng.randrange(2, len(data))]
        else:
            data = _damage(rng, rng.choice(PARAGRAPHS).encode("utf-8"))
        path = tmp_path / f"{i}.txt"
        path.write_bytes(data)
        result = normalizer.fix_file(path)
        if result.new is not None:
            data.decode("utf-8")  # only valid UTF-8 is ever rewritten here
