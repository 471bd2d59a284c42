"""``fix`` changes prose only: every code block and span, raw HTML tag, code element's
text, link and image target, entity, template tag and math of a Markdown file is, as a
CommonMark parser sees it, the same afterwards (tests/render_invariance.py lists them),
while the Chinese prose around them is still fixed.

Cases: hand-written Markdown weaving Chinese prose into the constructs of the CommonMark
spec's examples (code spans of several backticks, fences inside lists and quotes,
indented code, the seven kinds of HTML block, reference definitions spread over lines,
autolinks, entities), the Markdown files of the test data, and, when it is on this
machine, the real documentation corpus (/work/corpora/docs/dev; a deterministic tenth of
it, all of it with NORMTOOLS_CORPUS_FULL=1).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import REPO
from render_invariance import structure

from normtools import Normalizer
from normtools.textio import from_text

NORMALIZER = Normalizer()

# Each case: (name, Markdown). Every one holds at least one defect in prose ("发展,做到"
# style) that fix must correct, and defects inside the constructs that must stay.
CASES: list[tuple[str, str]] = [
    ("code-span-single", "运行 `a,b;c` 命令,然后退出。\n"),
    ("code-span-double", "代码 ``含有 ` 的,代码`` 之后,继续。\n"),
    ("code-span-multiline", "这里有代码 `第一行,\n第二行` 跨行,然后继续。\n"),
    ("code-span-unclosed", "一个反引号 ` 没有闭合,所以是正文。\n"),
    (
        "fence-backticks",
        '示例如下:\n\n```python\nprint("你好,世界")  # 注释:测试...\n```\n\n以上,就是示例。\n',
    ),
    ("fence-tildes", "~~~\n终端输出:完成...\n~~~\n\n说明,结束。\n"),
    ("fence-unclosed", "开头,正文。\n\n```\n未闭合的代码块,到文件末尾...\n"),
    (
        "fence-in-list",
        '- 第一步,安装:\n\n  ```sh\n  npm install --save-dev "包,名"\n  ```\n\n- 第二步,运行。\n',
    ),
    ("fence-in-quote", "> 引用中的代码,如下:\n>\n> ```\n> 代码,内容!\n> ```\n"),
    (
        "indented-code",
        "正文段落,说明。\n\n    缩进代码,四个空格...\n    第二行:内容\n\n继续,正文。\n",
    ),
    ("html-block-pre", "<pre><code>\n$ 运行...\n等待…\n输出,完成\n</code></pre>\n\n正文,说明。\n"),
    ("html-block-script", '<script>\nvar s = "中文,字符串";\n</script>\n\n正文,说明。\n'),
    ("html-block-style", '<style>\n.a::before { content: "：,"; }\n</style>\n\n正文,说明。\n'),
    ("html-block-comment", "<!-- 注释,内容:不改 -->\n\n正文,说明。\n"),
    ("html-block-div", '<div class="note,x" title="标题,不改">\n提示,这里是正文。\n</div>\n'),
    (
        "html-block-details",
        "<details>\n<summary>点击展开,查看</summary>\n\n内容,说明。\n\n</details>\n",
    ),
    (
        "html-inline",
        '按 <kbd>Ctrl,C</kbd> 退出,或者 <code>q,x</code> 以及 <span title="标题,x">文字</span>,结束。\n',
    ),
    ("html-inline-samp", "输出为 <samp>错误:文件...</samp>,请检查。\n"),
    ("link-inline", '参见[文档,说明](docs/说明(一).md "标题,提示"),然后继续。\n'),
    ("link-angle", "参见[链接](<路径 含空格,逗号.md>),然后继续。\n"),
    (
        "link-reference-full",
        '参见[使用 -- 运算符][op],了解详情。\n\n[op]:\n  #使用--运算符\n  "标题,提示"\n',
    ),
    ("link-reference-collapsed", "参见[短,引用][],了解。\n\n[短,引用]: https://example.com/a,b\n"),
    ("link-reference-shortcut", "参见[捷径,引用],了解。\n\n[捷径,引用]: /路径,文件.md\n"),
    ("image", '如图![示意图,说明](图片/示意,图.png "标题:说明")所示,继续。\n'),
    ("autolink", "访问 <https://example.com/路径?a=1,2> 或 <user@example.com>,获取帮助。\n"),
    ("entity", "符号&mdash;破折号,以及&#96;和&permil;,还有&amp;。\n"),
    ("entity-numeric-hex", "引号&#x201C;你好&#x201D;,结束。\n"),
    ("template-hugo", '{{< figure src="a.png" caption="说明,文字" >}}\n\n正文,说明。\n'),
    (
        "template-liquid",
        '{% include "文件,名.html" %}\n\n标题是{{ page.title | default: "默认,标题" }},结束。\n',
    ),
    ("heading-anchor", "## 使用运算符,说明 {#使用--运算符}\n\n正文,说明。\n"),
    ("front-matter-yaml", '---\ntitle: "标题,测试"\ntags: [a, b]\n---\n\n正文,说明。\n'),
    ("front-matter-toml", '+++\ntitle = "标题,测试"\n+++\n\n正文,说明。\n'),
    ("math", "设 $a,b$ 为整数,且 $$x:y$$ 成立,则结论成立。\n\n$$\nf(x)=1,2...\n$$\n"),
    ("table", "| 名称,列 | 说明 |\n|---|---|\n| `a,b` | 内容,说明 |\n| `x\\|y` | 第二行,说明 |\n"),
    ("footnote", "正文,说明[^注1]。\n\n[^注1]: 脚注,内容。\n"),
    (
        "admonition",
        '??? note "参考代码,实现"\n    ```cpp\n    // 注释,这里\n    ```\n\n    正文,这里。\n\n正文,结束。\n',
    ),
    ("tabs", '=== "C++,版本"\n\n    ```cpp\n    // 注释,这里\n    ```\n\n正文,结束。\n'),
    ("soft-wrapped-quotes", '他说:"这是一段\n跨行的引文",然后离开。\n'),
    ("list-nested-code", "- 列表,项目\n\n      缩进代码,八个空格\n\n- 另一项,说明。\n"),
]


def _fix(text: str, filetype: str = "md") -> str:
    return NORMALIZER.fix_document(from_text(text, filetype)).text


@pytest.mark.parametrize(("name", "text"), CASES, ids=[c[0] for c in CASES])
def test_fix_keeps_markup_and_fixes_prose(name: str, text: str) -> None:
    fixed = _fix(text)
    assert structure(fixed) == structure(text), name
    assert fixed != text, f"{name}: the prose around the construct was not fixed"


def test_the_cases_cover_every_kind_of_construct() -> None:
    kinds = {item[0] for _, text in CASES for item in structure(text)}
    assert kinds >= {
        "code-block",
        "code-span",
        "html",
        "code-element",
        "link",
        "image",
        "entity",
        "template",
        "math",
        "front-matter",
        "marker",
    }


def test_reference_definition_with_target_on_the_next_line_is_kept() -> None:
    text = "参见[使用 -- 运算符][op]。\n\n[op]:\n  #使用--运算符\n"
    fixed = _fix(text)
    assert fixed.endswith("[op]:\n  #使用--运算符\n")
    assert "[使用——运算符][op]" in fixed


def test_text_inside_pre_code_is_kept_and_prose_after_it_is_fixed() -> None:
    text = "<pre><code>\n$ 运行...\n等待…\n</code></pre>\n\n正文...\n"
    assert _fix(text) == "<pre><code>\n$ 运行...\n等待…\n</code></pre>\n\n正文……\n"


MARKDOWN_DATA = sorted(
    [*(REPO / "tests").rglob("*.md"), *(REPO / "examples").rglob("*.md"), REPO / "README.md"]
)


@pytest.mark.parametrize("path", MARKDOWN_DATA, ids=lambda p: str(p.relative_to(REPO)))
def test_markdown_files_of_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    assert structure(_fix(text)) == structure(text)


CORPUS = Path(os.environ.get("NORMTOOLS_DOCS_CORPUS", "/work/corpora/docs/dev"))


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in (".md", ".markdown"))
    if os.environ.get("NORMTOOLS_CORPUS_FULL"):
        return files
    return [p for p in files if hashlib.sha1(str(p.relative_to(CORPUS)).encode()).digest()[0] < 26]


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no docs corpus at {CORPUS}")
def test_real_documentation_renders_the_same_after_fix() -> None:
    changed = 0
    broken = []
    for path in _corpus_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        fixed = _fix(text)
        if fixed == text:
            continue
        changed += 1
        if structure(fixed) != structure(text):
            broken.append(str(path.relative_to(CORPUS)))
    assert not broken, f"render changed in {len(broken)} files, e.g. {broken[:5]}"
    assert changed, "fix changed no file: the prose fixes no longer happen"
