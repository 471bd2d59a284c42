"""The HTML report (issue 15): one self-contained page a speech writer can read, every
finding in its paragraph with the proposed change, grouped by rule, everything escaped;
opened in a real headless Chromium when one is installed."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location(
    "report_screenshot", REPO / "tools" / "report_screenshot.py"
)
assert spec is not None and spec.loader is not None
screenshot = importlib.util.module_from_spec(spec)
sys.modules["report_screenshot"] = screenshot
spec.loader.exec_module(screenshot)

SPEECH = "　　同志们,朋友们:\n请XX同志于X月X日前报送.\n全文完\n"


class Page(HTMLParser):
    """Tags with their attributes, and the text, of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}


def report(cli, *argv: str) -> str:  # type: ignore[no-untyped-def]
    run = cli("check", "--format", "html", *argv)
    assert run.code in (0, 1), run.err
    return str(run.out)


def test_each_finding_in_its_paragraph_with_the_proposed_change(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "speech.txt").write_text(SPEECH, encoding="utf-8")
    page = report(cli, "speech.txt")
    assert page.startswith("<!DOCTYPE html>")
    # line 1: the indentation struck out, the comma and colon as tracked changes
    assert '<div class="lineno">1</div>' in page
    assert "<del>,</del><ins>，</ins>" in page
    assert "<del>:</del><ins>：</ins>" in page
    assert '<del><span class="inv" title="U+3000">full-width space ×2</span></del>' in page
    # line 2: the placeholder highlighted, to decide by hand
    assert '<mark class="sev-error">XX</mark>' in page
    assert "report only: decide by hand" in page
    # a line without findings is not shown
    assert "全文完" not in page
    rows = json.loads(cli("check", "--format", "json", "speech.txt").out)
    fixable = sum(r["fix"] is not None for r in rows)
    assert f"{len(rows)} problems in 1 file, {fixable} fixable with `normtools fix`." in page


def test_grouped_by_rule_with_counts_and_links(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "speech.txt").write_text(SPEECH + "发展,做到\n", encoding="utf-8")
    page = report(cli, "speech.txt")
    parsed = Page(page)
    ids = parsed.ids()
    assert {"rule-ZH101", "rule-ZH501", "f1", "f1-l1", "f1-l2"} <= ids
    # every link inside the page points at something that is there
    for tag, attrs in parsed.tags:
        href = attrs.get("href")
        if tag == "a" and href:
            assert href.startswith("#") and href[1:] in ids, href
    rule_row = re.search(
        r'href="#rule-ZH101">ZH101</a></td><td>[^<]*</td><td class="n">(\d+)', page
    )
    assert rule_row is not None and rule_row.group(1) == "2"
    section = page[page.index('id="rule-ZH101"') :]
    assert "(2 problems)" in section[:400]
    assert 'href="#f1-l4">speech.txt:4:3</a>' in section


def test_everything_is_escaped(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    name = 'a<b>&"c.txt'
    (workdir / name).write_text('<script>alert(1)</script>发展,做到&amp;"引"\n', encoding="utf-8")
    page = report(cli, name)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;发展<del>,</del><ins>，</ins><sup>" in page
    assert "做到&amp;amp;<del>&quot;</del><ins>“</ins>" in page
    assert "a&lt;b&gt;&amp;&quot;c.txt" in page
    text = "".join(Page(page).text)
    assert "<script>alert(1)</script>发展" in text  # shown as text, not run


def test_self_contained(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "speech.txt").write_text(SPEECH, encoding="utf-8")
    page = report(cli, "speech.txt")
    parsed = Page(page)
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    for _, attrs in parsed.tags:
        for key in ("src", "href"):
            assert not (attrs.get(key) or "#").startswith(("http:", "https:", "//", "file:"))
    assert "url(" not in page and "@import" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_chinese_report_and_an_empty_one(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "speech.txt").write_text(SPEECH, encoding="utf-8")
    page = report(cli, "--lang", "zh", "speech.txt")
    assert '<html lang="zh-CN">' in page
    assert "normtools 检查报告" in page and "占位符“XX”没有填写" in page
    assert "全角空格 ×2" in page
    (workdir / "clean.txt").write_text("同志们，朋友们：\n", encoding="utf-8")
    assert "No problems found." in report(cli, "clean.txt")


def test_output_file(cli, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    (workdir / "speech.txt").write_text(SPEECH, encoding="utf-8")
    run = cli("check", "--format", "html", "--output-file", "report.html", "speech.txt")
    assert run.code == 1 and run.out == ""
    assert (workdir / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# -- in a real browser --------------------------------------------------------------------

BROWSER = screenshot.find_chromium()


@pytest.mark.skipif(BROWSER is None, reason="no Chromium (apt-get install chromium)")
def test_examples_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "normtools",
            "check",
            "--format",
            "html",
            "-o",
            str(page),
            "examples",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert BROWSER is not None
    dom = subprocess.run(
        screenshot.chromium_command(
            BROWSER,
            tmp_path / "profile",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    # the page logged nothing to the console: no blocked load, no error
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, console
    rendered = Page(dom.stdout)
    assert {"files", "rules", "rule-ZH101", "f1"} <= rendered.ids()
    assert "examples/notice.txt" in "".join(rendered.text)
    shot = tmp_path / "report.png"
    subprocess.run(
        screenshot.chromium_command(
            BROWSER,
            tmp_path / "profile2",
            "--window-size=1000,1400",
            f"--screenshot={shot}",
            page.as_uri(),
        ),
        capture_output=True,
        timeout=120,
        check=False,
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000  # not a blank page
