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


# -- never rewritten from an uncertain reading (issue 9) ---------------------------------

KOREAN = (  # 대한민국헌법 제1조, 제10조 (a statute: public domain)
    "제1조 ① 대한민국은 민주공화국이다.\n"
    "② 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.\n"
    "제10조 모든 국민은 인간으로서의 존엄과 가치를 가지며, 행복을 추구할 권리를 가진다.\n"
)
JAPANESE = (  # 日本国憲法 第九条 (a statute: public domain)
    "日本国民は、正義と秩序を基調とする国際平和を誠実に希求し、国権の発動たる戦争と、"
    "武力による威嚇又は武力の行使は、国際紛争を解決する手段としては、永久にこれを放棄する。\n"
)
CUT = "香港驻军会同香港特别行政区政府划定".encode() + b"\xe5"  # printf '...\xe5'


def _fix_leaves_alone(cli, workdir: Path, data: bytes, *words: str, config: str = "") -> str:
    """``fix`` on a file holding ``data``: exit 1, one line naming the file, bytes unchanged."""
    if config:
        (workdir / "normtools.toml").write_text(config, encoding="utf-8")
    path = workdir / "doc.txt"
    path.write_bytes(data)
    run = cli("fix", "doc.txt")
    assert path.read_bytes() == data
    assert run.code == 1
    lines = [line for line in run.err.splitlines() if "doc.txt" in line]
    assert len(lines) == 1 and lines[0].startswith("doc.txt: skipped: "), run.err
    for word in words:
        assert word in lines[0], lines[0]
    assert "Traceback" not in run.err
    return lines[0]


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (CUT, "byte 51 (line 1, a character cut at the end of the file)"),
        ("香港驻军会同香港特别行政区政府划定。\n".encode() + b"\xff", "byte 55 (line 2)"),
        (
            "第一条\n香港驻军会同香港特别行政区政府划定".encode().replace(
                "政".encode(), b"\xe6\x94", 1
            ),
            "line 2",
        ),
        (codecs.BOM_UTF8 + CUT, "byte 54"),
        (SIMPLIFIED.encode().replace("竞".encode(), b"\xff\xfe"), "line 2"),
    ],
    ids=[
        "cut-final-character",
        "stray-byte-at-end",
        "cut-in-the-middle",
        "bom-and-cut",
        "bad-bytes",
    ],
)
def test_damaged_utf8_is_reported_never_read_as_another_encoding(
    cli, workdir: Path, data: bytes, where: str
) -> None:
    line = _fix_leaves_alone(cli, workdir, data, "invalid UTF-8 at ", where)
    assert line.endswith("fix the byte or convert the file; the file was left unchanged")


@pytest.mark.parametrize(
    ("text", "encoding", "language"),
    [
        (KOREAN, "euc-kr", "Korean"),
        (KOREAN, "cp949", "Korean"),
        ("대한민국", "euc-kr", "Korean"),
        (JAPANESE, "shift_jis", "Japanese"),
        (JAPANESE, "euc-jp", "Japanese"),
    ],
)
def test_korean_and_japanese_are_reported_not_converted(
    cli, workdir: Path, text: str, encoding: str, language: str
) -> None:
    _fix_leaves_alone(cli, workdir, text.encode(encoding), f"looks like {language}")


@pytest.mark.parametrize(
    ("text", "encoding", "profile"),
    [
        ("學習", "big5", "zh-Hans"),
        ("學習", "big5", "zh-TW"),
        ("同志們", "big5", "zh-TW"),
        ("短", "gbk", "zh-Hans"),
        ("你好", "gbk", "zh-Hans"),
        ("今天开会，大家好。", "gbk", "zh-Hans"),
    ],
)
def test_short_legacy_files_are_not_converted_from_a_guess(
    cli, workdir: Path, text: str, encoding: str, profile: str
) -> None:
    _fix_leaves_alone(
        cli,
        workdir,
        (text + "\n").encode(encoding),
        "encoding cannot be determined with confidence",
        config=f'profile = "{profile}"\n',
    )


def test_eight_han_characters_are_enough() -> None:
    text = "今天开会，大家好好学习。\n"
    doc = textio.decode(text.encode("gbk"))
    assert (doc.text, doc.encoding) == (text, "gb18030")


def test_gbk_half_and_big5_half_are_reported(cli, workdir: Path) -> None:
    data = SIMPLIFIED.encode("gbk") + TRADITIONAL.encode("big5")
    _fix_leaves_alone(cli, workdir, data, "mixed encodings", "line 4 as Big5")


def test_mixed_file_that_decodes_whole_in_one_encoding_is_reported() -> None:
    """GBK bytes that happen to decode as Big5 too: the Big5 reading of them is not kept."""
    data = (TRADITIONAL * 3).encode("big5") + "联合国会费比例的决定\n".encode("gbk")
    assert data.decode("big5").endswith("薊磁弊頗煤掀瞰腔樵隅\n")  # valid Big5 throughout
    with pytest.raises(textio.UnreadableFile, match="mixed encodings: line 10 reads as GB18030"):
        textio.decode(data)


def test_zh_tw_keep_never_writes_big5_into_a_gbk_file(cli, workdir: Path) -> None:
    """0.1 read this GBK file as Big5 under zh-TW and wrote Big5 bytes back (keep)."""
    (workdir / "normtools.toml").write_text('encoding = "keep"\nprofile = "zh-TW"\n', "utf-8")
    path = workdir / "gbk.txt"
    text = "联合国会费比例的“能力”,由大会决定\n"
    path.write_bytes(text.encode("gbk"))
    run = cli("fix", "gbk.txt")
    assert "Traceback" not in run.err
    written = path.read_bytes().decode("gb18030")  # still GBK, whatever was fixed
    assert written.startswith(("联合国会费比例的", "聯合國會費比例的")), written


def test_encode_refuses_a_text_that_does_not_round_trip(monkeypatch) -> None:
    doc = textio.decode(TRADITIONAL.encode("big5"))
    assert doc.encoding == "big5"
    real = bytes.decode

    def lossy(data: bytes, encoding: str = "utf-8", errors: str = "strict") -> str:
        return real(data, encoding, errors).replace("們", "们")

    monkeypatch.setattr(textio, "_decode_bytes", lossy)
    with pytest.raises(UnicodeEncodeError, match="does not read back"):
        textio.encode(doc)


def test_cp1252_is_not_converted() -> None:
    """Any byte string is valid Latin-1: a Western reading is never certain."""
    with pytest.raises(textio.UnreadableFile, match="no encoding fits"):
        textio.decode("Le café est très bon, naïve façade résumé.".encode("cp1252"))


def test_encode_round_trips_every_case() -> None:
    for _, text, encoding, prefix in CASES:
        data = prefix + text.encode(encoding)
        assert textio.encode(textio.decode(data)) == data


def test_a_doubled_crlf_is_one_line_end() -> None:
    """CR CR LF (a CRLF converted twice) ends one line: reading it as CR + CRLF would put
    a blank line after every line of the file."""
    from normtools import Normalizer
    from normtools.config import Config
    from normtools.settings import Settings

    data = "春风浩荡，\r\r\n万物勃发。\r\r\n".encode()
    doc = textio.decode(data)
    assert doc.text == "春风浩荡，\n万物勃发。\n"
    fixed = Normalizer().fix_bytes(data, "a.txt").new
    assert fixed == "春风浩荡，\n万物勃发。\n".encode()
    kept = Normalizer(Config(settings=Settings(line_ending="keep")))
    found = kept.check_bytes(data, "a.txt").diagnostics
    assert [d.code for d in found] == ["ZH407"]  # reported, never rewritten unsaid
    assert kept.fix_bytes(data, "a.txt").new == "春风浩荡，\r\n万物勃发。\r\n".encode()
