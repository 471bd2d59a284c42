"""``normtools server``: the Language Server Protocol glue, over stdio (pygls).

An editor gets what ``normtools check`` and ``fix`` give on the command line, for the
text in its buffer: diagnostics (on open, on save, and a moment after the last change),
a quick fix per fixable finding, "fix all" as a source action and as document
formatting, and the rule on hover. Nothing here matches text: the Normalizer does, with
the configuration found for the document's path, suppression comments included. This
module only converts positions and shapes.

Positions: normtools counts characters (code points) in LF-normalized text; LSP counts
code units of the negotiated encoding (UTF-16 unless the client prefers UTF-32 or UTF-8)
within a line, and CRLF, CR and LF each end a line. Line numbers agree, so only columns
need converting, and a BOM the client kept shifts the first line.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from normtools import __version__, i18n, textio
from normtools.api import Normalizer
from normtools.config import CONFIG_NAMES, Config, load_config
from normtools.diagnostics import Diagnostic
from normtools.errors import NormtoolsError
from normtools.model import Document, Rule

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

DEBOUNCE_SECONDS = 0.3  # after the last change, so typing is not interrupted
FIX_ALL = "source.fixAll.normtools"
SOURCE = "normtools"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
# Documents without a file path (an unsaved buffer) are judged by their language.
LANGUAGE_FILETYPES = {"markdown": "md", "plaintext": "txt"}
_CACHED_NORMALIZERS = 16


# -- positions ---------------------------------------------------------------------------


def _utf16_units(s: str) -> int:
    return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)


def _utf8_units(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


UNITS: dict[str, Callable[[str], int]] = {
    "utf-16": _utf16_units,
    "utf-32": len,
    "utf-8": _utf8_units,
}


class PositionMap:
    """Offsets into a Document's text <-> LSP positions in the client's copy of it."""

    def __init__(self, text: str, encoding: str = "utf-16", *, bom: bool = False) -> None:
        self._text = text
        self._units = UNITS.get(encoding, _utf16_units)
        self._bom = self._units("\ufeff") if bom else 0
        starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self._starts = starts

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self._text)))
        line = bisect_right(self._starts, offset) - 1
        units = self._units(self._text[self._starts[line] : offset])
        return types.Position(line=line, character=units + (self._bom if line == 0 else 0))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        """The offset at ``position``; one inside a character counts as after it."""
        if position.line >= len(self._starts):
            return len(self._text)
        start = self._starts[max(position.line, 0)]
        end = self._text.find("\n", start)
        end = len(self._text) if end < 0 else end
        wanted = position.character - (self._bom if position.line == 0 else 0)
        count = 0
        for i in range(start, end):
            if count >= wanted:
                return i
            count += self._units(self._text[i])
        return end


# -- edits -------------------------------------------------------------------------------

Edit = tuple[int, int, str]  # (start, end, new text) in offsets of the old text


def text_edits(old: str, new: str) -> list[Edit]:
    """Edits, in order and not overlapping, that turn ``old`` into ``new``: changed lines
    first, then within them the characters that differ (for runs of changed lines up to
    ``_FINE`` characters), so the cursor and the rest of the buffer stay where they are."""
    a, b = _lines(old), _lines(new)
    a_starts = [0]
    for line in a:
        a_starts.append(a_starts[-1] + len(line))
    edits: list[Edit] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        prefix = _common_prefix(before, after)
        suffix = _common_prefix(before[prefix:][::-1], after[prefix:][::-1])
        before = before[prefix : len(before) - suffix]
        after = after[prefix : len(after) - suffix]
        start = a_starts[i1] + prefix
        if len(before) + len(after) > _FINE:
            edits.append((start, start + len(before), after))
            continue
        chars = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for op, c1, c2, d1, d2 in chars.get_opcodes():
            if op != "equal":
                edits.append((start + c1, start + c2, after[d1:d2]))
    return edits


_FINE = 4000  # characters; a longer run of changed lines becomes one edit


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _visible(s: str, limit: int = 12) -> str:
    """``s`` for a menu title: invisible characters by name, long text shortened."""
    shown = "".join(
        {"\n": "\\n", "\t": "\\t", " ": "␠"}.get(ch)
        or (f"U+{ord(ch):04X}" if ch.isspace() or not ch.isprintable() else ch)
        for ch in s
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _clashes(findings: Sequence[Diagnostic]) -> set[int]:
    """Indexes of fixes that overlap another: a fix found only after an earlier one was
    made may not apply alone to the text as it is, so such spots get "fix all" only."""
    fixes = sorted((d.start, d.end, i) for i, d in enumerate(findings) if d.replacement is not None)
    out: set[int] = set()
    reach, holder, previous = -1, -1, (-1, -1, -1)
    for start, end, i in fixes:
        if start < reach:  # inside the span of an earlier fix
            out.update((i, holder))
        if (start, end) == previous[:2]:  # the same span twice
            out.update((i, previous[2]))
        if end > reach:
            reach, holder = end, i
        previous = (start, end, i)
    return out


# -- one document ------------------------------------------------------------------------


@dataclass
class Analysis:
    """One version of one open document as normtools sees it."""

    uri: str
    version: int | None
    source: str
    doc: Document
    path: str  # the file's path (per-file-ignores match it), or "-"
    normalizer: Normalizer
    findings: list[Diagnostic]
    positions: PositionMap

    @property
    def lang(self) -> str:
        """The language of messages: the ``lang`` setting of the document's configuration."""
        return self.normalizer.config.lang

    def message(self, d: Diagnostic) -> str:
        return i18n.message(d.code, d.message, self.lang)

    def diagnostic(self, d: Diagnostic) -> types.Diagnostic:
        return types.Diagnostic(
            range=self.positions.range(d.start, d.end),
            message=self.message(d),
            severity=SEVERITY.get(d.severity, types.DiagnosticSeverity.Warning),
            code=d.code,
            source=SOURCE,
        )

    def edits(self, changes: Sequence[Edit]) -> list[types.TextEdit]:
        """LSP edits; new line ends follow the document's own."""
        newline = self.doc.newline
        return [
            types.TextEdit(
                range=self.positions.range(start, end),
                new_text=text if newline == "\n" else text.replace("\n", newline),
            )
            for start, end, text in changes
        ]

    def fix_all(self) -> list[types.TextEdit]:
        """The edits that turn the buffer into what ``normtools fix`` would write.
        Line ends, BOM and encoding are the editor's to set: only the text changes."""
        fixed = self.normalizer.fix_document(self.doc, self.path).doc.text
        return self.edits(text_edits(self.doc.text, fixed))

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.normalizer.rules if r.code == code), None)


# -- the server --------------------------------------------------------------------------


class NormtoolsServer(LanguageServer):
    """Keeps one Analysis per open document and answers from it."""

    def __init__(self) -> None:
        super().__init__(
            "normtools", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self._open: dict[str, None] = {}  # URIs as the client spells them, in order
        self._analyses: dict[str, Analysis] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._normalizers: dict[Config, Normalizer] = {}
        self._reported: set[str] = set()
        self.feature(types.TEXT_DOCUMENT_DID_OPEN)(_function(self.did_open))
        self.feature(types.TEXT_DOCUMENT_DID_CHANGE)(_function(self.did_change))
        self.feature(types.TEXT_DOCUMENT_DID_SAVE)(_function(self.did_save))
        self.feature(types.TEXT_DOCUMENT_DID_CLOSE)(_function(self.did_close))
        self.feature(
            types.TEXT_DOCUMENT_CODE_ACTION,
            types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
        )(_function(self.code_action))
        self.feature(types.TEXT_DOCUMENT_FORMATTING)(_function(self.formatting))
        self.feature(types.TEXT_DOCUMENT_HOVER)(_function(self.hover))

    # -- notifications -------------------------------------------------------------------
    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        self._open[params.text_document.uri] = None
        self.publish(params.text_document.uri)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        self._cancel(uri)
        loop = asyncio.get_running_loop()
        self._timers[uri] = loop.call_later(DEBOUNCE_SECONDS, self.publish, uri)

    def did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if _filename(uri) in CONFIG_NAMES:  # a changed configuration: check everything again
            self._normalizers.clear()
            for open_uri in self._open:
                self._analyses.pop(open_uri, None)
                self.publish(open_uri)
        if uri in self._open:
            self.publish(uri)

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        self._cancel(uri)
        self._open.pop(uri, None)
        if self._analyses.pop(uri, None) is not None:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    def _cancel(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def publish(self, uri: str) -> None:
        self._cancel(uri)
        analysis = self.analyse(uri)
        if analysis is None:  # not (or no longer) ours: take back what was shown
            if self._analyses.pop(uri, None) is not None:
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
                )
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=analysis.version,
                diagnostics=[analysis.diagnostic(d) for d in analysis.findings],
            )
        )

    # -- requests ------------------------------------------------------------------------
    def code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        analysis = self.analyse(params.text_document.uri)
        if analysis is None:
            return None
        wanted = params.context.only

        def allowed(kind: str) -> bool:
            return not wanted or any(kind == k or kind.startswith(f"{k}.") for k in wanted)

        actions: list[types.CodeAction] = []
        uri = analysis.uri
        if allowed(types.CodeActionKind.QuickFix):
            first = analysis.positions.offset(params.range.start)
            last = analysis.positions.offset(params.range.end)
            clashes = _clashes(analysis.findings)
            for i, d in enumerate(analysis.findings):
                if d.replacement is None or i in clashes or d.start > last or d.end < first:
                    continue
                before = analysis.doc.text[d.start : d.end]
                actions.append(
                    types.CodeAction(
                        title=_title(d.code, before, d.replacement),
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[analysis.diagnostic(d)],
                        is_preferred=True,
                        edit=types.WorkspaceEdit(
                            changes={uri: analysis.edits([(d.start, d.end, d.replacement)])}
                        ),
                    )
                )
        if allowed(FIX_ALL) and any(d.fixable for d in analysis.findings):
            edits = analysis.fix_all()
            if edits:
                actions.append(
                    types.CodeAction(
                        title="normtools: fix all",
                        kind=FIX_ALL,
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    )
                )
        return actions

    def formatting(self, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
        analysis = self.analyse(params.text_document.uri)
        return None if analysis is None else analysis.fix_all()

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        analysis = self.analyse(params.text_document.uri)
        if analysis is None:
            return None
        at = analysis.positions.offset(params.position)
        here = [d for d in analysis.findings if d.start <= at < d.end or d.start == d.end == at]
        if not here:
            return None
        parts = []
        for d in here:
            rule = analysis.rule(d.code)
            lines = [f"**{d.code}** `{d.name}` ({d.severity})", "", analysis.message(d)]
            if rule is not None and rule.description:
                lines += ["", i18n.description(rule.code, rule.description, analysis.lang)]
            if d.replacement is not None:
                lines += ["", f"Fix: “{_visible(d.replacement, limit=40)}”"]
            parts.append("\n".join(lines))
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
            ),
            range=analysis.positions.range(min(d.start for d in here), max(d.end for d in here)),
        )

    # -- analysis ------------------------------------------------------------------------
    def analyse(self, uri: str) -> Analysis | None:
        """The findings for the document's current text; None for a document normtools
        does not handle (file type, exclude) or cannot (configuration error)."""
        document = self.workspace.text_documents.get(unquote(uri))  # pygls' key
        if document is None:
            return None
        source = document.source
        cached = self._analyses.get(uri)
        if cached is not None and cached.version == document.version and cached.source == source:
            return cached
        fs_path = to_fs_path(uri) if uri.startswith("file:") else None
        path = Path(fs_path) if fs_path else None
        try:
            config = load_config(start=path.parent if path else Path.cwd())
            filetype = self._filetype(path, document.language_id, config)
            if filetype is None:
                return None
            normalizer = self._normalizer(config)
        except NormtoolsError as exc:
            self._report(str(exc))
            return None
        doc = textio.from_text(source, filetype)
        name = str(path) if path else "-"
        negotiated = self.workspace.position_encoding or "utf-16"
        encoding = str(getattr(negotiated, "value", negotiated))
        analysis = Analysis(
            uri=uri,
            version=document.version,
            source=source,
            doc=doc,
            path=name,
            normalizer=normalizer,
            findings=normalizer.check_document(doc, name),
            positions=PositionMap(doc.text, encoding, bom=source.startswith("\ufeff")),
        )
        self._analyses[uri] = analysis
        return analysis

    @staticmethod
    def _filetype(path: Path | None, language: str | None, config: Config) -> str | None:
        """The CLI's choice: a file with one of the configured extensions, not excluded."""
        if path is None:
            return LANGUAGE_FILETYPES.get(language or "")
        if path.suffix.lower() not in config.extensions or config.is_excluded(path):
            return None
        return config.filetype_for(path)

    def _normalizer(self, config: Config) -> Normalizer:
        normalizer = self._normalizers.get(config)
        if normalizer is None:
            if len(self._normalizers) >= _CACHED_NORMALIZERS:
                self._normalizers.pop(next(iter(self._normalizers)))
            normalizer = self._normalizers[config] = Normalizer(config)
        return normalizer

    def _report(self, message: str) -> None:
        """A configuration error, shown once per distinct message."""
        log.error("%s", message)
        if message not in self._reported:
            self._reported.add(message)
            shown = f"normtools: {message}"
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=shown)
            )


def _title(code: str, before: str, after: str) -> str:
    if not before:
        return f"{code}: insert “{_visible(after)}”"
    if not after:
        return f"{code}: remove “{_visible(before)}”"
    return f"{code}: “{_visible(before)}” → “{_visible(after)}”"


def _function(method: Callable[[T], R]) -> Callable[[T], R]:
    """pygls marks a handler with attributes, which a bound method cannot take."""
    return lambda params: method(params)


def _filename(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def main() -> int:
    """Serve over stdin/stdout until the client says exit."""
    NormtoolsServer().start_io()
    return 0
