"""Document structure (issue 11): the paragraph model of text files, code written in
prose, long ellipses and leaders, full-width spaces that are layout. Every example of
the issue, as house-style.md says it comes out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO

from normtools import Normalizer, markup
from normtools.config import Config
from normtools.settings import Settings
from normtools.textio import from_text

N = Normalizer()
NEWS = (REPO / "tests" / "data" / "reference" / "news_pd199801_1.txt").read_text(encoding="utf-8")
QUOTED = [ln for ln in NEWS.split("\n") if ln.count("“") >= 2 and len(ln) > 120][:40]


def fix(text: str, filetype: str = "txt", normalizer: Normalizer = N) -> str:
    return normalizer.fix_document(from_text(text, filetype)).text


def codes(text: str, filetype: str = "txt") -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in N.check_text(text, filetype)]


def wrap(paragraphs: list[str], width: int = 36, indent: str = "\u3000\u3000") -> str:
    """Hard-wrap like an e-text: ``width`` characters a line, a paragraph starting
    indented, no blank lines between paragraphs."""
    lines = []
    for p in paragraphs:
        text = indent + p
        lines.extend(text[i : i + width] for i in range(0, len(text), width))
    return "\n".join(lines) + "\n"


def quote_marks(text: str) -> str:
    return "".join(re.findall('[“”"]', text))


# -- the paragraph model ------------------------------------------------------------------


def test_hard_wrapped_text_is_detected_and_named_in_verbose_output() -> None:
    text = wrap(QUOTED)
    described = markup.layout(text, "txt").describe()
    assert described["paragraphs"] == "hard-wrapped"
    assert re.match(r"hard-wrapped at width 7\d: ", described["reason"])
    assert markup.layout("\n".join(QUOTED) + "\n", "txt").describe()["paragraphs"] == "lines"


def test_quotes_in_hard_wrapped_paragraphs_are_paired_per_paragraph() -> None:
    """Balanced paragraphs broken across lines: no quote flipped, no ZH502."""
    text = wrap(QUOTED)
    fixed = fix(text)
    assert quote_marks(fixed) == quote_marks(text)
    assert not [c for c, _ in codes(text) if c in ("ZH204", "ZH502")]


def test_the_issue_example_is_not_flipped_across_a_wrap() -> None:
    paragraph = (
        "店里的人都笑了起来，有人故意高声说道：“你一定又添上新伤疤了！”他不回答，"
        "对柜里说，“温两碗酒，要一碟茴香豆。”便排出九文大钱，众人又都哄笑起来。"
    )
    text = wrap([*QUOTED[:12], paragraph, *QUOTED[12:20]])
    assert "新伤疤了！”他不回答" in text.replace("\n", "")
    fixed = fix(text)
    assert quote_marks(fixed) == quote_marks(text)
    # the same paragraph on one line of an ordinary file is fine too
    assert fix(paragraph) == paragraph + "\n"


SHORT = [
    "店里的人都笑了起来，有人故意高声说道：“你一定又添上新伤疤了！”他不回答，"
    "对柜里说，“温两碗酒，要一碟茴香豆。”便排出九文大钱，众人又都哄笑起来。",
    "“什么清白？我前天亲眼见你偷了何家的书，吊着打。”他便涨红了脸，争辩道，"
    "“窃书不能算偷……窃书！……读书人的事，能算偷么？”引得众人都哄笑起来。",
]


@pytest.mark.parametrize("width", [20, 26, 30, 34])
@pytest.mark.parametrize("count", [1, 2])
def test_a_short_hard_wrapped_excerpt_is_read_as_paragraphs(width: int, count: int) -> None:
    """A quotation of one or two paragraphs pasted from an e-text (fewer than ten full
    lines): no quote flipped, no ZH502, and the indentation that marks the paragraphs
    stays."""
    text = wrap(SHORT[:count], width)
    assert markup.layout(text, "txt").paragraphs.kind != "lines"
    fixed = fix(text)
    assert fixed == text
    assert codes(text) == []
    # blank lines between the paragraphs, no indentation
    text = "\n".join(wrap([p], width, indent="") for p in SHORT[:count])
    assert fix(text) == text and codes(text) == []


def test_a_short_excerpt_whose_first_lines_outnumber_its_continuations() -> None:
    """Three indented first lines, one continuation line: the continuation sets the
    base indentation. The ellipsis broken by the wrap stays whole, the indentation
    stays, and the one unbalanced paragraph is reported."""
    text = (
        "\u3000\u3000店里的人都笑了起来，有人故意高声说道：“你一定又\n"
        "添上新伤疤了！他不回答，对柜里说，温两碗酒，要一碟茴\n"
        "香豆。便排出九文大钱，众人又都哄笑起来。\n"
        "\u3000\u3000他便涨红了脸，争辩道，“窃书不能算偷……窃书！…\n"
        "…读书人的事，能算偷么？”引得众人都哄笑起来。\n"
    )
    assert fix(text) == text
    assert codes(text) == [("ZH502", 1)]


@pytest.mark.parametrize(
    "text",
    [
        # parallel slogans of one length, ending on Han
        "坚持以人民为中心的发展思想，不断增进民生福祉水平\n"
        "坚持创新驱动发展战略，加快建设现代化产业体系步伐\n"
        "坚持深化改革扩大开放，持续激发市场主体活力动力\n"
        "坚持绿色低碳发展理念，全面推进美丽中国建设进程\n",
        # a table aligned with full-width spaces
        "项目名称　　　　　　建设规模　　　　　　总投资额　　　　完成情况\n"
        "城市快速路工程　　　全长二十公里　　　　五十亿元　　　　已完工\n"
        "污水处理厂扩建　　　日处理十万吨　　　　八亿元　　　　　在建中\n",
        # list items of one length
        "一、会议时间：2024年4月28日上午9时，会期半天，请各单位提前做好准备\n"
        "二、会议地点：市人民会堂，请参会人员提前三十分钟到场签到入座就座\n"
        "三、参会人员：全市劳动模范代表，各区县总工会主席，市直产业工会\n",
    ],
)
def test_short_texts_of_lines_of_one_length_are_not_hard_wrapped(text: str) -> None:
    assert markup.layout(text, "txt").paragraphs.kind == "lines"


def test_indentation_that_is_the_only_paragraph_mark_stays() -> None:
    text = wrap(QUOTED)
    fixed = fix(text)
    starts = [ln for ln in fixed.split("\n") if ln.startswith("\u3000\u3000")]
    assert len(starts) == len(QUOTED)
    assert not [c for c, _ in codes(text) if c == "ZH401"]
    # one paragraph a line: the indentation is removed as before
    assert fix("\u3000\u3000同志们：\n\u3000\u3000现在开会。\n") == "同志们：\n现在开会。\n"


def test_hard_wrapped_with_blank_lines_loses_its_indentation_not_its_paragraphs() -> None:
    text = "\n".join(wrap([p]) for p in QUOTED)
    fixed = fix(text)
    assert fixed.count("\n\n") == text.count("\n\n")
    assert not fixed.startswith("\u3000")


def test_an_unbalanced_paragraph_is_reported_once() -> None:
    broken = QUOTED[5].replace("”", "", 1)
    text = wrap([*QUOTED[:5], broken, *QUOTED[6:20]])
    found = [line for code, line in codes(text) if code == "ZH502"]
    assert len(found) == 1


def test_ellipsis_split_by_a_wrap_stays_one_ellipsis() -> None:
    head = QUOTED[3]
    cut = 36 - 2 - len(head) % 36  # place "…" at the end of a line
    filler = "一" * (cut - 1) if cut > 1 else ""
    text = wrap([*QUOTED[:3], head + filler + "…" + "…后来就忘了。", *QUOTED[4:20]])
    lines = text.split("\n")
    assert any(ln.endswith("…") for ln in lines) and any(ln.startswith("…") for ln in lines)
    assert fix(text).count("…") == text.count("…")
    assert fix("如此…\n") == "如此……\n"  # a lone … is still fixed


def test_soft_wrapped_markdown_paragraphs_pair_quotes_and_keep_a_split_ellipsis() -> None:
    text = "他说：“这一段\n跨了两行。”然后离开…\n…没有回头。\n"
    assert fix(text, "md") == text
    assert not codes(text, "md")
    assert fix('他说："这一段\n跨了两行"。\n', "md") == "他说：“这一段\n跨了两行”。\n"


def test_poems_and_short_texts_are_not_hard_wrapped() -> None:
    poem = "\n".join(["大罗天上咏霓裳，亦是当年弟子行。今日穷途余一哭，同他才尽说江郎。"] * 30)
    assert markup.layout(poem, "txt").describe()["paragraphs"] == "lines"
    assert (
        markup.layout("第一行很长很长很长很长很长很长很长很长很长很长\n…\n", "txt").paragraphs.kind
        == "lines"
    )


def test_configuration_forces_the_model_per_file(tmp_path: Path) -> None:
    text = wrap(QUOTED)
    lines_only = Normalizer(Config(settings=Settings(paragraphs="lines")))
    assert markup.layout(text, "txt", lines_only.config.settings).paragraphs.kind == "lines"
    (tmp_path / "normtools.toml").write_text(
        '[per-file-paragraphs]\n"books/*.txt" = "hard-wrapped"\n"notes/*.txt" = "lines"\n',
        encoding="utf-8",
    )
    from normtools.config import load_config

    config = load_config(tmp_path / "normtools.toml")
    assert config.settings_for(tmp_path / "books" / "a.txt").paragraphs == "hard-wrapped"
    assert config.settings_for(tmp_path / "notes" / "a.txt").paragraphs == "lines"
    assert config.settings_for(tmp_path / "a.txt").paragraphs == "auto"


def test_bad_paragraph_mode_is_a_one_line_config_error(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "normtools.toml").write_text('paragraphs = "pages"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("你好\n", encoding="utf-8")
    result = cli("check", str(tmp_path / "a.txt"), "--config", str(tmp_path / "normtools.toml"))
    assert result.code == 2 and "paragraphs" in result.err and "Traceback" not in result.err


def test_verbose_says_how_each_file_was_read(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "book.txt").write_text(wrap(QUOTED), encoding="utf-8")
    (tmp_path / "doc.md").write_text("# 标题\n", encoding="utf-8")
    result = cli("check", "-v", str(tmp_path / "book.txt"), str(tmp_path / "doc.md"))
    assert "book.txt: text, paragraphs: hard-wrapped (hard-wrapped at width 7" in result.err
    assert "doc.md: markdown, paragraphs: markdown" in result.err
    result = cli("check", "-v", "--format", "json", str(tmp_path / "book.txt"))
    rows = [json.loads(line) for line in result.err.splitlines() if line.startswith("{")]
    assert rows[0]["paragraphs"] == "hard-wrapped" and rows[0]["filetype"] == "text"


# -- code in prose ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("调用 dbg! 宏", "调用 dbg! 宏"),
        ("程序会 panic!。", "程序会 panic!。"),
        ("运行 Hello, world! 程序", "运行 Hello, world! 程序"),
        ("feat: (新功能)", "feat: （新功能）"),
        ("绑定运算符（::）", "绑定运算符（::）"),
        ("扩展运算符（...）", "扩展运算符（...）"),
        ("用 ...args 收集参数，用...rest也行", "用 ...args 收集参数，用...rest也行"),
        (
            "文件在E:\\文件\\会议,材料\\讲话.doc里,请查看",
            "文件在E:\\文件\\会议,材料\\讲话.doc里，请查看",
        ),
        ("我用Python,它很好用", "我用Python，它很好用"),
        ("发展,做到", "发展，做到"),
        ("### 步骤 2: 安装依赖", "### 步骤 2：安装依赖"),
    ],
)
def test_code_written_in_prose(text: str, fixed: str) -> None:
    assert fix(text) == fixed + "\n"


# -- ellipses, leaders, layout spaces -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "…………（写明建议的具体内容）",
        "第一章　明天.............12",
        "第二章　卓越的诞生……………………….……….40",
        "………………………………",
        "国务院总理　李克强",
        "〔1〕　词目　释文",
        "姓　　名　　　　职　　务",
        "项目　　GDP　　增速",
        "符号&#96;和&permil;以及&mdash;破折号",
    ],
)
def test_layout_and_long_runs_stay(text: str) -> None:
    assert fix(text) == text + "\n"


def test_full_width_space_next_to_a_clause_mark_is_still_removed() -> None:
    assert fix("发展，\u3000做到") == "发展，做到\n"
    assert fix("使用\u3000Python") == "使用 Python\n"


# -- file types ---------------------------------------------------------------------------


def test_mdx_is_markdown_with_jsx_and_modules_protected() -> None:
    text = (
        'import { Tabs } from "@theme/Tabs, x";\n\n'
        '<Tabs groupId="语言,选择" items={["甲,乙", "丙"]}>\n\n'
        '正文,说明。{props.title ?? "默认,标题"}\n\n</Tabs>\n'
    )
    fixed = fix(text, "mdx")
    assert fixed == text.replace("正文,说明", "正文，说明")


def test_rst_literal_blocks_roles_and_directives_are_protected() -> None:
    text = (
        "标题,说明\n==========\n\n"
        "正文,见 :ref:`安装,指南 <install>` 和 ``代码,片段``,以及 `链接 <https://a.b/c,d>`_。\n\n"
        "示例如下::\n\n    缩进代码,不改...\n\n"
        '.. code-block:: python\n\n   print("你好,世界")\n\n'
        ".. note::\n\n   注意,这里是正文。\n\n"
        ".. _目标,名: https://example.com\n"
    )
    fixed = fix(text, "rst")
    assert "标题，说明" in fixed and "正文，见" in fixed and "注意，这里是正文" in fixed
    for kept in (
        ":ref:`安装,指南 <install>`",
        "``代码,片段``",
        "`链接 <https://a.b/c,d>`_",
        "缩进代码,不改...",
        'print("你好,世界")',
        ".. _目标,名: https://example.com",
        "   注意",
    ):
        assert kept in fixed


@pytest.mark.parametrize(
    "title",
    [
        "标题,说明\n=========\n",
        "=========\n标题,说明\n=========\n",
        "安装(Linux):步骤\n~~~~~~~~~~~~~~~~~~\n",
    ],
)
def test_rst_title_whose_underline_a_fix_would_make_too_short_stays(title: str) -> None:
    """docutils warns "Title underline too short" when a title is wider than its
    underline (a Han or a full-width mark counts two columns): a fix that widens the
    title would break a Sphinx build run with -W."""
    text = title + "\n正文,说明。\n"
    assert fix(text, "rst") == title + "\n正文，说明。\n"
    roomy = "标题,说明\n==========\n\n正文。\n"
    assert fix(roomy, "rst") == roomy.replace("标题,说明", "标题，说明")


def test_rst_grid_and_simple_tables_keep_their_alignment() -> None:
    """A full-width mark is one column wider: fixing a cell misaligns the table
    (docutils: "Malformed table")."""
    tables = (
        "+------------+--------+\n| 名称,说明  | 值     |\n+============+========+\n"
        "| 甲,乙      | 1      |\n+------------+--------+\n\n"
        "=========  ======\n名称,说明  值\n=========  ======\n甲,乙      1\n=========  ======\n"
    )
    text = "表格如下,见下:\n\n" + tables + "\n后文,说明。\n"
    assert fix(text, "rst") == "表格如下，见下：\n\n" + tables + "\n后文，说明。\n"
    # a border that is never closed is no table
    assert fix("=====  =====\n正文,说明。\n", "rst") == "=====  =====\n正文，说明。\n"


def test_file_types_setting_maps_extensions(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "normtools.toml").write_text(
        '[file-types]\n".page" = "markdown"\n', encoding="utf-8"
    )
    page = tmp_path / "a.page"
    page.write_text("运行 `a,b` 命令,然后退出。\n", encoding="utf-8")
    cli("fix", str(page), "--config", str(tmp_path / "normtools.toml"))
    assert page.read_text(encoding="utf-8") == "运行 `a,b` 命令，然后退出。\n"
    bad = tmp_path / "bad.toml"
    bad.write_text('[file-types]\n".page" = "wiki"\n', encoding="utf-8")
    result = cli("check", str(page), "--config", str(bad))
    assert result.code == 2 and "file-types" in result.err


def test_explicit_mdx_and_rst_files_are_read_by_their_type(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    mdx = tmp_path / "a.mdx"
    mdx.write_text('```js\nconst a = "甲,乙";\n```\n\n正文,说明。\n', encoding="utf-8")
    rst = tmp_path / "a.rst"
    rst.write_text("正文,说明::\n\n    代码,不改\n", encoding="utf-8")
    cli("fix", str(mdx), str(rst))
    assert mdx.read_text(encoding="utf-8") == '```js\nconst a = "甲,乙";\n```\n\n正文，说明。\n'
    assert rst.read_text(encoding="utf-8") == "正文，说明::\n\n    代码,不改\n"


# -- protected spans in every file --------------------------------------------------------


def test_extend_ignore_re_protects_matches(tmp_path: Path) -> None:
    settings = Settings(extend_ignore_re=(r"<<[^>]*>>",))
    normalizer = Normalizer(Config(settings=settings))
    assert (
        fix("标签<<保留,原样>>之后,修正。", normalizer=normalizer)
        == "标签<<保留,原样>>之后，修正。\n"
    )


def test_template_tags_and_entities_are_protected_in_text_files_too() -> None:
    text = '{{ page.title | default: "默认,标题" }}之后,说明&mdash;继续'
    assert fix(text) == '{{ page.title | default: "默认,标题" }}之后，说明&mdash;继续\n'


def test_layout_is_computed_once_per_text() -> None:
    text = "运行 `a,b` 命令,然后退出。\n"
    first = markup.layout(text, "md")
    assert markup.layout(text, "md") is first
    assert markup.protected_spans(text, "md") is first.protected
    assert markup.paragraphs_of(text, "md") is first.paragraphs


# -- quote pairing where marks were lost (an e-text read by OCR) ---------------------------


def test_a_lost_mark_does_not_turn_the_quotations_after_it_inside_out() -> None:
    """A mark lost earlier in the paragraph (“ read as ‘ or ，) shifts the parity of every
    mark after it: “天下苦秦久矣” was made ”天下苦秦久矣“ (ebooks holdout, OCR'd e-text)."""
    # 为考证而考证 lost its closing mark; the quotation after it is written right
    text = "埋首经籍，“为考证而考证。后来项羽和刘邦以“天下苦秦久矣”而起，一个说“大丈夫当如是。\n"
    assert fix(text) == text
    assert ("ZH204", 1) not in codes(text)
    # a closing mark typed the wrong way, the quotation after it right: still fixed
    assert fix("他强调“百姓平等“，又说“官民一体”。\n") == "他强调“百姓平等”，又说“官民一体”。\n"
    # marks converted by a tool that lost track (ASCII among curly): still fixed
    assert fix('继续推进省"861“及市”1346"行动计划。\n') == "继续推进省“861”及市“1346”行动计划。\n"


def test_quotes_are_not_paired_by_parity_in_a_paragraph_with_broken_pairs() -> None:
    """A stray single mark or an unclosed 《 says OCR misread marks here (” as ，, “ as ‘):
    only a mark whose place says its direction is turned."""
    text = "因此，“中体西用’毕竟打开了门，即使“西用，依附于中体，也有“中西之争”。\n"
    assert fix(text) == text
    assert ("ZH502", 1) in codes(text)
    # a quotation closed the wrong way at the paragraph's end is still fixed there
    broken = "《红楼梦说：“好妹妹，我一时该死，烂了舌头。“\n"
    assert fix(broken) == "《红楼梦说：“好妹妹，我一时该死，烂了舌头。”\n"
