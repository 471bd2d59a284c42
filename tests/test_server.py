"""The language server end to end: ``python -m normtools server`` in a subprocess, driven
over stdio by pygls' own LSP client the way an editor drives it."""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

if TYPE_CHECKING:
    from lsprotocol import types

HAVE_PYGLS = importlib.util.find_spec("pygls") is not None
needs_pygls = pytest.mark.skipif(
    not HAVE_PYGLS, reason="pygls is not installed: pip install 'normtools[lsp]'"
)
TIMEOUT = 60  # a guard against a hung server, not a timing assertion

SPEECH = "坚持高质量发展,做到稳中求进.\n"
# 𠀀 (U+20000, CJK Extension B) is one character, two UTF-16 units and four UTF-8 bytes.
ASTRAL = "我们研究了𠀀字,它属于扩展B区.\n"
CHECKS = "请XX同志参加会议的的讨论。\n"


# -- a small editor over pygls' client -----------------------------------------------------


class Editor:
    """Opens documents, collects what the server publishes, applies edits."""

    def __init__(self, client: Any, encoding: str) -> None:
        self.client = client
        self.encoding = encoding
        self.published: list[types.PublishDiagnosticsParams] = []
        self.messages: list[str] = []
        self.arrived = asyncio.Event()
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    async def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The first publication for ``uri`` (at ``version``) not yet consumed."""

        async def wait() -> list[types.Diagnostic]:
            while True:
                for p in self.published:
                    if p.uri == uri and (version is None or p.version == version):
                        self.published.remove(p)
                        return list(p.diagnostics)
                self.arrived.clear()
                await self.arrived.wait()

        return await asyncio.wait_for(wait(), TIMEOUT)

    def open(self, path: Path, language: str = "markdown") -> str:
        from lsprotocol import types

        uri = path.as_uri()
        text = path.read_text(encoding="utf-8")
        self.texts[uri], self.versions[uri] = text, 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=1, text=text
                )
            )
        )
        return uri

    def change(self, uri: str, text: str) -> int:
        from lsprotocol import types

        self.texts[uri] = text
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.versions[uri]

    def save(self, path: Path) -> None:
        from lsprotocol import types

        self.client.text_document_did_save(
            types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri())
            )
        )

    def apply(self, uri: str, edits: Sequence[types.TextEdit]) -> str:
        """Apply LSP edits to our copy of the text, counting columns in our encoding."""
        text = self.texts[uri]
        spans = [
            (self._offset(text, e.range.start), self._offset(text, e.range.end)) for e in edits
        ]
        for (start, end), edit in sorted(
            zip(spans, edits, strict=True), key=lambda x: x[0], reverse=True
        ):
            text = text[:start] + edit.new_text + text[end:]
        self.texts[uri] = text
        return text

    def _offset(self, text: str, position: types.Position) -> int:
        lines = text.split("\n")
        line = lines[position.line]
        n = position.character
        if self.encoding == "utf-16":
            chars = len(line.encode("utf-16-le")[: 2 * n].decode("utf-16-le"))
        elif self.encoding == "utf-8":
            chars = len(line.encode("utf-8")[:n].decode("utf-8"))
        else:
            chars = n
        return sum(len(x) + 1 for x in lines[: position.line]) + chars

    async def code_actions(
        self, uri: str, line: int, character: int, only: list[str] | None = None
    ) -> list[types.CodeAction]:
        from lsprotocol import types

        here = types.Position(line=line, character=character)
        result = await asyncio.wait_for(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=types.Range(start=here, end=here),
                    context=types.CodeActionContext(
                        diagnostics=[],
                        only=list(only) if only else None,
                    ),
                )
            ),
            TIMEOUT,
        )
        return [a for a in result or [] if isinstance(a, types.CodeAction)]

    async def format(self, uri: str) -> list[types.TextEdit] | None:
        from lsprotocol import types

        result: list[types.TextEdit] | None = await asyncio.wait_for(
            self.client.text_document_formatting_async(
                types.DocumentFormattingParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    options=types.FormattingOptions(tab_size=4, insert_spaces=True),
                )
            ),
            TIMEOUT,
        )
        return result

    async def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        from lsprotocol import types

        result: types.Hover | None = await asyncio.wait_for(
            self.client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=line, character=character),
                )
            ),
            TIMEOUT,
        )
        return result


@asynccontextmanager
async def editor(cwd: Path, encodings: list[str] | None = None) -> AsyncIterator[Editor]:
    """A server started as a user's editor starts it: ``python -m normtools server``."""
    from lsprotocol import types
    from pygls.lsp.client import BaseLanguageClient

    client = BaseLanguageClient("normtools-test", "1")
    box: list[Editor] = []

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        box[0].published.append(params)
        box[0].arrived.set()

    @client.feature(types.WINDOW_SHOW_MESSAGE)
    def shown(params: types.ShowMessageParams) -> None:
        box[0].messages.append(params.message)

    await client.start_io(sys.executable, "-m", "normtools", "server", cwd=str(cwd))
    general = types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
    result = await asyncio.wait_for(
        client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(general=general),
                process_id=None,
                root_uri=cwd.as_uri(),
            )
        ),
        TIMEOUT,
    )
    encoding = result.capabilities.position_encoding or "utf-16"
    box.append(Editor(client, str(getattr(encoding, "value", encoding))))
    client.initialized(types.InitializedParams())
    try:
        yield box[0]
    finally:
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
        await asyncio.wait_for(client.stop(), TIMEOUT)


def run(coro: Callable[[], Any]) -> None:
    asyncio.run(coro())


def found(diagnostics: Sequence[types.Diagnostic]) -> list[tuple[Any, ...]]:
    return [
        (
            d.code,
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            d.severity,
            d.source,
        )
        for d in diagnostics
    ]


# -- end to end ------------------------------------------------------------------------------


@needs_pygls
def test_speech_findings_quick_fix_fix_all_formatting_and_hover(tmp_path: Path) -> None:
    from lsprotocol.types import CodeActionKind, DiagnosticSeverity

    from normtools import Normalizer

    error, warning = DiagnosticSeverity.Error, DiagnosticSeverity.Warning
    speech = tmp_path / "讲话.md"
    speech.write_text(SPEECH + ASTRAL + CHECKS, encoding="utf-8")

    async def session() -> None:
        async with editor(tmp_path) as ed:
            assert ed.encoding == "utf-16"  # the client offered nothing: the LSP default
            uri = ed.open(speech)
            assert found(await ed.diagnostics(uri, 1)) == [
                ("ZH101", 0, 7, 0, 8, error, "normtools"),
                ("ZH106", 0, 14, 0, 15, error, "normtools"),
                ("ZH101", 1, 8, 1, 9, error, "normtools"),  # after 𠀀: 7 characters, 8 units
                ("ZH106", 1, 16, 1, 17, error, "normtools"),
                ("ZH501", 2, 1, 2, 3, error, "normtools"),
                ("ZH503", 2, 9, 2, 11, warning, "normtools"),
            ]

            # a quick fix for the comma after 𠀀, with the cursor on it
            actions = await ed.code_actions(uri, 1, 8)
            quick = [a for a in actions if a.kind == CodeActionKind.QuickFix]
            assert [a.title for a in quick] == ["ZH101: “,” → “，”"]
            assert quick[0].diagnostics is not None and quick[0].diagnostics[0].code == "ZH101"
            assert quick[0].edit is not None and quick[0].edit.changes is not None
            text = ed.apply(uri, quick[0].edit.changes[uri])
            assert text.splitlines()[1] == "我们研究了𠀀字，它属于扩展B区."
            # a report-only finding offers no quick fix
            assert not [
                a for a in await ed.code_actions(uri, 2, 2) if a.kind == CodeActionKind.QuickFix
            ]
            version = ed.change(uri, text)
            assert [d[:3] for d in found(await ed.diagnostics(uri, version))] == [
                ("ZH101", 0, 7),
                ("ZH106", 0, 14),
                ("ZH106", 1, 16),
                ("ZH501", 2, 1),
                ("ZH503", 2, 9),
            ]

            # fix all, as the source action an editor runs on save
            only = await ed.code_actions(uri, 0, 0, only=["source.fixAll"])
            assert [(a.kind, a.title) for a in only] == [
                ("source.fixAll.normtools", "normtools: fix all")
            ]
            assert only[0].edit is not None and only[0].edit.changes is not None
            edits = only[0].edit.changes[uri]
            assert [len(e.new_text) for e in edits] == [1, 1, 1]  # not the whole document
            expected = "坚持高质量发展，做到稳中求进。\n我们研究了𠀀字，它属于扩展B区。\n" + CHECKS
            assert ed.apply(uri, edits) == expected
            version = ed.change(uri, expected)
            assert found(await ed.diagnostics(uri, version)) == [
                ("ZH501", 2, 1, 2, 3, error, "normtools"),
                ("ZH503", 2, 9, 2, 11, warning, "normtools"),
            ]
            assert not await ed.code_actions(uri, 0, 0, only=["source.fixAll"])

            # fix all as formatting, after a burst of typing (the last version counts)
            for partial in ("坚持", "坚持高质量发展,做到", SPEECH + ASTRAL):
                version = ed.change(uri, partial)
            assert len(await ed.diagnostics(uri, version)) == 4
            edits = await ed.format(uri) or []
            assert ed.apply(uri, edits) == Normalizer().fix_text(
                SPEECH + ASTRAL, "md", fragment=False
            )

            # hover: the rule's code, name and description
            ed.change(uri, SPEECH)
            hover = await ed.hover(uri, 0, 7)
            assert hover is not None and hover.range is not None
            value = getattr(hover.contents, "value", "")
            description = next(r for r in Normalizer().rules if r.code == "ZH101").description
            assert "**ZH101** `halfwidth-comma`" in value
            assert description in value
            assert (hover.range.start.character, hover.range.end.character) == (7, 8)
            assert await ed.hover(uri, 0, 2) is None

    run(session)


@needs_pygls
@pytest.mark.parametrize(
    ("offered", "chosen", "comma", "period"),
    [
        (["utf-32"], "utf-32", 7, 15),  # code points
        (["utf-8", "utf-16"], "utf-8", 22, 42),  # bytes: Han 3 each, 𠀀 4
        (["utf-16"], "utf-16", 8, 16),
    ],
)
def test_position_encoding_is_negotiated(
    tmp_path: Path, offered: list[str], chosen: str, comma: int, period: int
) -> None:
    path = tmp_path / "b.md"
    path.write_text(ASTRAL, encoding="utf-8")

    async def session() -> None:
        async with editor(tmp_path, offered) as ed:
            assert ed.encoding == chosen
            uri = ed.open(path)
            assert [d[:5] for d in found(await ed.diagnostics(uri, 1))] == [
                ("ZH101", 0, comma, 0, comma + 1),
                ("ZH106", 0, period, 0, period + 1),
            ]
            edits = await ed.format(uri) or []
            assert ed.apply(uri, edits) == "我们研究了𠀀字，它属于扩展B区。\n"
            hover = await ed.hover(uri, 0, comma)
            assert hover is not None and "ZH101" in getattr(hover.contents, "value", "")

    run(session)


@needs_pygls
def test_configuration_suppression_and_file_types(tmp_path: Path) -> None:
    """The configuration found from the document's own folder, not the server's; a
    suppression comment; only the file types the CLI handles."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "normtools.toml").write_text('ignore = ["ZH106"]\n', encoding="utf-8")
    suppressed = "卡尔.马克思曾说,劳动创造了人本身。<!-- normtools: ignore -->\n"
    inside = project / "docs" / "a.md"
    inside.write_text(SPEECH + suppressed, encoding="utf-8")
    outside = tmp_path / "b.txt"
    outside.write_text(SPEECH, encoding="utf-8")
    script = tmp_path / "c.py"
    script.write_text(SPEECH, encoding="utf-8")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "normtools.toml").write_text('colour = "red"\n', encoding="utf-8")
    (broken / "d.md").write_text(SPEECH, encoding="utf-8")

    async def session() -> None:
        async with editor(tmp_path) as ed:
            ignored = ed.open(script, "python")
            bad = ed.open(broken / "d.md")
            a = ed.open(inside)
            assert [d[:3] for d in found(await ed.diagnostics(a))] == [("ZH101", 0, 7)]
            b = ed.open(outside, "plaintext")
            assert [d[:3] for d in found(await ed.diagnostics(b))] == [
                ("ZH101", 0, 7),
                ("ZH106", 0, 14),
            ]
            # the server answers in order: nothing came for the .py file or the broken config
            assert not [p for p in ed.published if p.uri in (ignored, bad)]
            assert await ed.format(ignored) is None
            assert await ed.hover(ignored, 0, 7) is None
            assert len(ed.messages) == 1 and "normtools.toml" in ed.messages[0]
            assert "colour" in ed.messages[0]

            # saving a configuration file checks the open documents again
            (project / "normtools.toml").write_text("ignore = []\n", encoding="utf-8")
            (broken / "normtools.toml").write_text('ignore = ["ZH106"]\n', encoding="utf-8")
            ed.save(project / "normtools.toml")
            assert [d[:3] for d in found(await ed.diagnostics(a))] == [
                ("ZH101", 0, 7),
                ("ZH106", 0, 14),
            ]
            assert [d[:3] for d in found(await ed.diagnostics(bad))] == [("ZH101", 0, 7)]
            assert not [p for p in ed.published if p.uri == ignored]

    run(session)


def test_server_without_the_extra_says_how_to_install_it() -> None:
    hide = "import sys; sys.modules['pygls'] = None; from normtools.cli import main; "
    done = subprocess.run(
        [sys.executable, "-c", hide + "raise SystemExit(main(['server']))"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "pip install 'normtools[lsp]'" in done.stderr


# -- the conversions the server relies on ------------------------------------------------------

TEXTS = st.text(alphabet=st.sampled_from("发展,，. 。\n𠀀a\u3000"), max_size=40)


@needs_pygls
@given(old=TEXTS, new=TEXTS)
def test_text_edits_turn_the_old_text_into_the_new(old: str, new: str) -> None:
    from normtools.server import text_edits

    edits = text_edits(old, new)
    out = old
    for start, end, text in reversed(edits):
        out = out[:start] + text + out[end:]
    assert out == new
    assert all(e1 <= s2 for (_, e1, _), (s2, _, _) in itertools.pairwise(edits))


@needs_pygls
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
@pytest.mark.parametrize("bom", [False, True])
def test_positions_round_trip(encoding: str, bom: bool) -> None:
    from lsprotocol import types

    from normtools.server import PositionMap

    text = "𠀀发展,做到\n\nabc𠀁\n"
    positions = PositionMap(text, encoding, bom=bom)
    for offset in range(len(text) + 1):
        assert positions.offset(positions.position(offset)) == offset
    shift = {"utf-8": 3, "utf-16": 1, "utf-32": 1}[encoding] if bom else 0
    after_first = {"utf-8": 4, "utf-16": 2, "utf-32": 1}[encoding] + shift
    assert positions.position(1) == types.Position(line=0, character=after_first)
    after_last = {"utf-8": 7, "utf-16": 5, "utf-32": 4}[encoding]  # abc𠀁
    assert positions.position(12) == types.Position(line=2, character=after_last)
    if encoding != "utf-32":  # a position inside a character counts as after it
        assert positions.offset(types.Position(line=2, character=after_last - 1)) == 12


@needs_pygls
def test_each_quick_fix_is_one_of_fixs_own_changes() -> None:
    """On the examples and the golden files: a quick fix applied alone, then ``fix``,
    gives what ``fix`` gives (tools/measure_quickfixes.py runs this on the reference
    corpus too)."""
    from normtools import Normalizer, textio
    from normtools.server import _clashes

    root = Path(__file__).resolve().parents[1]
    n = Normalizer()
    offered = 0
    for path in sorted([*(root / "examples").iterdir(), *(root / "tests" / "golden").iterdir()]):
        if path.suffix not in (".md", ".txt"):
            continue
        doc, _ = textio.read_document(path)
        findings = n.check_document(doc)
        clashes = _clashes(findings)
        fixed = n.fix_document(doc).doc.text
        for i, d in enumerate(findings):
            if d.replacement is None or i in clashes:
                continue
            offered += 1
            quick = doc.text[: d.start] + d.replacement + doc.text[d.end :]
            assert n.fix_document(textio.from_text(quick, doc.filetype)).doc.text == fixed, (
                path.name,
                d,
            )
    assert offered > 300


@needs_pygls
def test_a_fix_that_overlaps_another_gets_no_quick_fix_of_its_own() -> None:
    from normtools.diagnostics import Diagnostic
    from normtools.server import _clashes

    def d(start: int, end: int, fix: str | None = "x") -> Diagnostic:
        return Diagnostic("-", "ZH101", "n", "error", "m", start, end, 1, 1, 1, 1, fix)

    assert _clashes([d(0, 1), d(1, 2), d(5, 5)]) == set()  # touching is not overlapping
    assert _clashes([d(0, 6), d(2, 3), d(7, 8)]) == {0, 1}
    assert _clashes([d(4, 4), d(4, 4), d(2, 3, None)]) == {0, 1}
    assert _clashes([d(0, 9, None), d(2, 3)]) == set()  # a report-only finding fixes nothing


# -- the VS Code extension -----------------------------------------------------------------


def test_vscode_extension_starts_the_server_for_markdown_and_text() -> None:
    import json

    root = Path(__file__).resolve().parents[1] / "editors" / "vscode"
    manifest = json.loads((root / "package.json").read_text(encoding="utf-8"))
    assert set(manifest["activationEvents"]) == {"onLanguage:markdown", "onLanguage:plaintext"}
    assert "vscode-languageclient" in manifest["dependencies"]
    settings = manifest["contributes"]["configuration"]["properties"]
    assert settings["normtools.command"]["default"] == ["normtools"]
    script = (root / manifest["main"]).read_text(encoding="utf-8")
    assert '"server"' in script and "vscode-languageclient/node" in script
    for language in ("markdown", "plaintext"):
        assert f'"{language}"' in script


@needs_pygls
def test_messages_follow_the_configured_language(tmp_path: Path) -> None:
    """`lang = "zh"` in the configuration: the editor shows the Chinese messages."""
    (tmp_path / "normtools.toml").write_text('lang = "zh"\n', encoding="utf-8")
    speech = tmp_path / "讲话.md"
    speech.write_text("坚持高质量发展,做到稳中求进。\n", encoding="utf-8")

    async def session() -> None:
        async with editor(tmp_path) as ed:
            uri = ed.open(speech)
            shown = await ed.diagnostics(uri, 1)
            assert [d.code for d in shown] == ["ZH101"]
            assert "，" in shown[0].message and "half-width" not in shown[0].message
            hover = await ed.hover(uri, 0, 7)
            assert hover is not None and "half-width" not in hover.contents.value

    asyncio.run(session())
