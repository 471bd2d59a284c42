"""``normtools check --add-ignore``: a baseline of suppression markers written into the
files, so that only new problems are reported afterwards."""

from __future__ import annotations

from pathlib import Path

LEGACY = (
    "在全市安全生产工作会议上的讲话\n"
    "\n"
    "　　同志们,朋友们:\n"
    "　　今年以来,全市安全生产形势总体平稳,事故隐患依然存在.\n"
    "　　我们要大力弘扬‚安全第一‛的理念,坚决守住安全底线!\n"
    "　　谢谢大家。\n"
)
NOTES = (
    "# 会议纪要,第一期\n"
    "\n"
    "会议由王明主持,参会人员如下:  \n"  # a hard line break: two spaces
    "张三、李四。\n"
    "\n"
    "```\n"
    "config = {a, b}.\n"
    "```\n"
    "\n"
    "请XX同志于下周报送材料 <!-- normtools: ignore[ZH1] -->\n"
)


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_markers_silence_what_exists_and_nothing_else(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    speech = write(workdir / "speech.txt", LEGACY)
    notes = write(workdir / "notes.md", NOTES)
    assert cli("check", ".").code == 1
    run = cli("check", "--add-ignore", ".")
    assert run.code == 0, run.out + run.err
    assert "Added 7 suppression markers to 2 files." in run.out
    assert speech.read_text(encoding="utf-8") == (
        "在全市安全生产工作会议上的讲话\n"
        "\n"
        "　　同志们,朋友们:  # normtools: ignore[ZH101, ZH103, ZH401]\n"
        "　　今年以来,全市安全生产形势总体平稳,事故隐患依然存在.  # normtools: ignore[ZH101, ZH106, ZH401]\n"
        "　　我们要大力弘扬‚安全第一‛的理念,坚决守住安全底线!  # normtools: ignore[ZH101, ZH104, ZH201, ZH401]\n"
        "　　谢谢大家。  # normtools: ignore[ZH401]\n"
    )
    # Markdown: an invisible comment, before the hard break's blanks; code is left alone;
    # an existing marker gets the new codes
    assert notes.read_text(encoding="utf-8") == (
        "# 会议纪要,第一期<!-- normtools: ignore[ZH101] -->\n"
        "\n"
        "会议由王明主持,参会人员如下:<!-- normtools: ignore[ZH101, ZH103] -->  \n"
        "张三、李四。\n"
        "\n"
        "```\n"
        "config = {a, b}.\n"
        "```\n"
        "\n"
        "请XX同志于下周报送材料 <!-- normtools: ignore[ZH1, ZH501] -->\n"
    )
    assert cli("check", ".").code == 0
    again = cli("check", "--add-ignore", ".")
    assert "Added 0 suppression markers to 0 files." in again.out
    # from now on a new problem is reported
    with speech.open("a", encoding="utf-8") as f:
        f.write("散会,\n")
    run = cli("check", ".")
    assert run.code == 1 and "speech.txt:7:3: ZH101" in run.out


def test_the_file_keeps_its_encoding_and_line_ends(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "normtools.toml", 'line-ending = "keep"\nencoding = "keep"\n')
    legacy = LEGACY.replace("‚", '"').replace("‛", '"')  # GBK has no ‚ ‛
    gbk = write(workdir / "gbk.txt", legacy.replace("\n", "\r\n").encode("gbk"))
    assert cli("check", "--add-ignore", "gbk.txt").code == 0
    data = gbk.read_bytes()
    assert data.count(b"\r\n") == legacy.count("\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert data.decode("gbk").startswith(
        "在全市安全生产工作会议上的讲话\r\n\r\n　　同志们,朋友们:  # normtools"
    )
    assert cli("check", "gbk.txt").code == 0


def test_what_no_marker_can_hold_is_counted(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "a.txt", "会议纪要。\n\n\n")  # extra empty lines at the end
    run = cli("check", "--add-ignore", "a.txt")
    assert run.code == 1 and "1 finding could not be marked" in run.out
    assert (workdir / "a.txt").read_text(encoding="utf-8") == "会议纪要。\n\n\n"


def test_add_ignore_refuses_what_it_cannot_mark(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "a.txt", "发展,做到\n")
    assert cli("check", "--add-ignore", "-", stdin="发展,做到\n").code == 2
    run = cli("check", "--add-ignore", "--diff-base", "main", "a.txt")
    assert run.code == 2 and "leave out --diff-base" in run.err
    rst = write(workdir / "a.rst", "标题\n====\n\n发展,做到\n")
    run = cli("check", "--add-ignore", "a.rst")
    assert (
        run.code == 1
        and "not rst" in run.err
        and rst.read_text(encoding="utf-8").endswith("做到\n")
    )
    mixed = write(workdir / "mixed.txt", b"\xe5\x8f\x91\xe5\xb1\x95,\r\nb\n")
    run = cli("check", "--add-ignore", "mixed.txt")
    assert run.code == 1 and "mixed line ends" in run.err
    assert mixed.read_bytes() == b"\xe5\x8f\x91\xe5\xb1\x95,\r\nb\n"


def test_per_file_ignores_and_selection_apply(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "a.txt", "　　发展,做到.\n")
    cli("check", "--add-ignore", "--select", "ZH1", "a.txt")
    assert (workdir / "a.txt").read_text(encoding="utf-8") == (
        "　　发展,做到.  # normtools: ignore[ZH101, ZH106]\n"
    )
