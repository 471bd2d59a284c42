"""Real encoded files, generated here from Chinese text: check reports, fix writes UTF-8
with the same text, encoding = "keep" keeps the bytes' encoding."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from normtools import textio

SIMPLIFIED = (
    "同志们：\n今天我们召开全省劳动竞赛总结大会，表彰先进，交流经验。\n要发扬工匠精神，再接再厉。\n"
)
TRADITIONAL = (
    "同志們：\n今天我們召開全省勞動競賽總結大會，表彰先進，交流經驗。\n要發揚工匠精神，再接再厲。\n"
)

CASES = [
    # (id, text, encoding, prefix)
    ("gbk", SIMPLIFIED, "gbk", b""),
    ("gb18030", SIMPLIFIED + "𠀀字\n", "gb18030", b""),
    ("big5", TRADITIONAL, "big5", b""),
    ("utf-16-le-bom", SIMPLIFIED, "utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be-bom", SIMPLIFIED, "utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", SIMPLIFIED, "utf-16-le", b""),
    ("utf-16-be", SIMPLIFIED, "utf-16-be", b""),
]


def _profile_for(text: str) -> str:
    return 'profile = "zh-TW"\n' if text is TRADITIONAL else ""


@pytest.mark.parametrize(("name", "text", "encoding", "prefix"), CASES, ids=[c[0] for c in CASES])
def test_check_reports_and_fix_writes_utf8(
    cli, workdir: Path, name, text, encoding, prefix
) -> None:
    (workdir / "normtools.toml").write_text(_profile_for(text), encoding="utf-8")
    path = workdir / "speech.txt"
    path.write_bytes(prefix + text.encode(encoding))
    run = cli("check", "speech.txt")
    assert run.code == 1
    assert "ZH601" in run.out
    assert "Traceback" not in run.err
    run = cli("fix", "speech.txt")
    assert run.code == 0, run.out + run.err
    assert path.read_bytes() == text.encode("utf-8")
    assert cli("check", "speech.txt").code == 0


@pytest.mark.parametrize(("name", "text", "encoding", "prefix"), CASES, ids=[c[0] for c in CASES])
def test_keep_encoding_keeps_the_bytes(cli, workdir: Path, name, text, encoding, prefix) -> None:
    config = 'encoding = "keep"\n' + _profile_for(text)
    (workdir / "normtools.toml").write_text(config, encoding="utf-8")
    path = workdir / "speech.txt"
    original = prefix + text.encode(encoding)
    path.write_bytes(original)
    run = cli("check", "speech.txt")
    assert run.code == 0, run.out
    assert "ZH601" not in run.out
    # a fix in a kept encoding is written in that encoding
    path.write_bytes(prefix + text.replace("，表彰", ",表彰").encode(encoding))
    run = cli("fix", "speech.txt")
    assert run.code == 0, run.out + run.err
    assert path.read_bytes() == original


def test_gbk_with_crlf_line_ends(cli, workdir: Path) -> None:
    path = workdir / "old.txt"
    path.write_bytes(SIMPLIFIED.replace("\n", "\r\n").encode("gbk"))
    run = cli("check", "old.txt")
    assert run.code == 1 and "ZH601" in run.out and "CRLF" in run.out
    assert cli("fix", "old.txt").code == 0
    assert path.read_bytes() == SIMPLIFIED.encode("utf-8")


@pytest.mark.parametrize("mode", ["keep", "crlf", "lf"])
def test_line_ending_setting_with_gbk_crlf(cli, workdir: Path, mode: str) -> None:
    (workdir / "normtools.toml").write_text(
        f'encoding = "keep"\nline-ending = "{mode}"\n', encoding="utf-8"
    )
    path = workdir / "old.txt"
    path.write_bytes(SIMPLIFIED.replace("\n", "\r\n").encode("gbk"))
    run = cli("fix", "old.txt")
    assert run.code == 0, run.out + run.err
    newline = "\n" if mode == "lf" else "\r\n"
    assert path.read_bytes() == SIMPLIFIED.replace("\n", newline).encode("gbk")


def test_utf8_bom_is_reported_and_removed(cli, workdir: Path) -> None:
    path = workdir / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"))
    run = cli("check", "bom.txt")
    assert run.code == 1 and "ZH602" in run.out
    assert cli("fix", "bom.txt").code == 0
    assert path.read_bytes() == SIMPLIFIED.encode("utf-8")


def test_bom_keep(cli, workdir: Path) -> None:
    (workdir / "normtools.toml").write_text('bom = "keep"\n', encoding="utf-8")
    path = workdir / "bom.txt"
    data = codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8")
    path.write_bytes(data)
    assert cli("check", "bom.txt").code == 0
    assert cli("fix", "bom.txt").code == 0
    assert path.read_bytes() == data


def test_keep_encoding_that_cannot_hold_the_fix_is_not_written(cli, workdir: Path) -> None:
    """A Big5 file kept in Big5: a fix that Big5 cannot encode leaves the file alone."""
    (workdir / "normtools.toml").write_text(
        'encoding = "keep"\nprofile = "zh-TW"\nselect = ["ZH2"]\n', encoding="utf-8"
    )
    path = workdir / "tw.txt"
    data = '他說："你好"\n'.encode("big5")
    path.write_bytes(data)
    run = cli("fix", "tw.txt")
    assert path.read_bytes() in (data, "他說：「你好」\n".encode("big5"))
    assert "Traceback" not in run.err


@pytest.mark.parametrize("text", ["短", "你好", "今天开会，大家好。"])
def test_short_gbk_is_not_taken_for_big5_or_korean(text: str) -> None:
    assert textio.decode(text.encode("gbk")).text == text


def test_short_big5_under_a_traditional_profile() -> None:
    doc = textio.decode("同志們".encode("big5"), prefer_big5=True)
    assert doc.text == "同志們" and doc.encoding == "big5"


def test_encode_round_trips_every_case() -> None:
    for _, text, encoding, prefix in CASES:
        data = prefix + text.encode(encoding)
        assert textio.encode(textio.decode(data)) == data
