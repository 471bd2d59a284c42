"""Where the findings of one ``check`` or ``fix`` run go, and how they look there.

``commands`` hands over what the driver found; this module picks the format (``text``:
full on a terminal, concise elsewhere), colour (terminal, NO_COLOR, FORCE_COLOR), the
language, the text each finding refers to (for the formats that show it), paths for CI,
the ``--output-file``, and the summary for ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import argparse
import codecs
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from normtools import textio
from normtools.api import FileResult
from normtools.config import Config
from normtools.diagnostics import Diagnostic
from normtools.errors import UsageError
from normtools.model import Rule
from normtools.output import (
    CI_FORMATS,
    SOURCE_FORMATS,
    TEXT_FORMATS,
    Report,
    render,
    resolve,
)
from normtools.output.style import diff_color, is_terminal, wants_color


def _format(args: argparse.Namespace, stream: TextIO) -> str:
    terminal = getattr(args, "output_file", None) is None and is_terminal(stream)
    return resolve(args.format, terminal=terminal)


def wants_sources(args: argparse.Namespace, stream: TextIO) -> bool:
    """Does the format need the text of each file with findings?"""
    statistics = bool(args.statistics) and args.format in TEXT_FORMATS
    return _format(args, stream) in SOURCE_FORMATS and not statistics


class Reporter:
    """The output side of one run. ``stream`` is where findings go without
    ``--output-file`` (stdout, or stderr when stdout carries a diff or fixed text)."""

    def __init__(
        self, args: argparse.Namespace, config: Config, rules: Sequence[Rule], stream: TextIO
    ) -> None:
        self.args = args
        self.rules = rules
        self.stream = stream
        self.output_file: Path | None = getattr(args, "output_file", None)
        self.format = _format(args, stream)
        self.color = self.output_file is None and wants_color(stream)
        self.lang: str = getattr(args, "lang", None) or config.lang
        # the summary lines ("Found 3 problems") go with the formats people read
        self.text = args.format in TEXT_FORMATS
        self.statistics = bool(args.statistics) and self.text
        self.sources: dict[str, str] = {}
        self.bom_paths: set[str] = set()
        self.wants_sources = self.format in SOURCE_FORMATS and not self.statistics
        self.written = False
        self._root: Path | None = None

    # -- what the findings refer to ------------------------------------------------------
    def keep_source(self, name: str, result: FileResult, data: bytes | None) -> None:
        """Remember the text of ``data`` (the bytes ``result``'s findings refer to) when
        the format shows context and the file has findings."""
        if not self.wants_sources or not (result.diagnostics or result.suppressed):
            return
        text = decoded(data, result.path)
        if text is not None:
            self.sources[name] = text
            if data is not None and data.startswith(codecs.BOM_UTF8):
                self.bom_paths.add(name)

    def on_disk(self, result: FileResult, given: bytes | None = None) -> list[Diagnostic]:
        """The findings ``fix`` left, placed in the file as it is on disk (``--diff``, or a
        fix that could not be written), rather than in the fixed text."""
        original = given if given is not None else result.original
        if not result.diagnostics or result.new is None or not original:
            return list(result.diagnostics)
        old, new = decoded(original, result.path), decoded(result.new, result.path)
        if old is None or new is None:
            return list(result.diagnostics)
        from normtools.output.positions import on_original

        return on_original(result.diagnostics, new, old)

    # -- writing -------------------------------------------------------------------------
    def report(self, diagnostics: Sequence[Diagnostic], **extra: object) -> Report:
        root = None
        if self.format in CI_FORMATS or os.environ.get("GITHUB_STEP_SUMMARY"):
            if self._root is None:  # ask git once per run
                from normtools.output.paths import repository_root

                self._root = repository_root()
            root = self._root
        return Report(
            diagnostics,
            self.rules,
            sources=self.sources,
            lang=self.lang,
            color=self.color,
            width=shutil.get_terminal_size((100, 24)).columns,
            root=root,
            extra=dict(extra),
            bom_paths=frozenset(self.bom_paths),
        )

    def findings(
        self, diagnostics: Sequence[Diagnostic], suppressed: Sequence[Diagnostic] = ()
    ) -> None:
        """Render the findings (suppressed ones in order among them, when listed)."""
        if self.statistics:
            self._write(render("statistics", self.report(diagnostics)))
            return
        files: dict[str, int] = {}
        for d in (*diagnostics, *suppressed):
            files.setdefault(d.path, len(files))
        shown = sorted([*diagnostics, *suppressed], key=lambda d: (files[d.path], d.start, d.end))
        self._write(render(self.format, self.report(shown if suppressed else diagnostics)))

    def say(self, key: str, **fields: object) -> str:
        from normtools.i18n import say

        return say(key, self.lang, **fields)

    def line(self, key: str, stream: TextIO | None = None, **fields: object) -> None:
        """One summary sentence (text formats only, not with ``--quiet``)."""
        if self.text and not self.args.quiet:
            print(self.say(key, **fields), file=stream or self.stream)

    def _write(self, text: str) -> None:
        if self.output_file is None:
            self.stream.write(text)
            return
        mode = "a" if self.written else "w"
        try:
            with open(self.output_file, mode, encoding="utf-8", newline="") as f:
                f.write(text)
        except OSError as exc:
            raise UsageError(
                f"{self.output_file}: cannot write the report: {exc.strerror or exc}"
            ) from None
        self.written = True

    def wrote(self, count: int) -> None:
        """Say where the report went (``--output-file``)."""
        if self.output_file is not None and not self.args.quiet:
            print(self.say("wrote", n=count, path=self.output_file), file=sys.stderr)

    def step_summary(self, diagnostics: Sequence[Diagnostic], **extra: object) -> None:
        """Append a Markdown summary to ``$GITHUB_STEP_SUMMARY`` when it is set."""
        target = os.environ.get("GITHUB_STEP_SUMMARY")
        if not target:
            return
        text = render_summary(self.report(diagnostics, **extra))
        try:
            with open(target, "a", encoding="utf-8") as f:
                f.write(text + "\n")
        except OSError as exc:  # the findings are out already: say so, do not fail
            print(
                f"normtools: warning: {target}: cannot write the step summary: "
                f"{exc.strerror or exc}",
                file=sys.stderr,
            )


def render_summary(report: Report) -> str:
    from normtools.output import summary

    return summary.render(report)


def show_diff(diff: str, stream: TextIO) -> None:
    """Write ``diff``: as it is when piped (``git apply`` reads it), coloured with
    invisible characters shown on a terminal. Bytes of a file not in UTF-8 (kept as
    surrogates) are written back as those bytes, so that the diff still applies."""
    escaped = _ESCAPED_BYTE.search(diff) is not None
    if diff and is_terminal(stream):
        from normtools.output import diffview

        if escaped:
            diff = diff.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        diff = diffview.render(diff, color=diff_color(stream))
    elif escaped:
        raw = diff.encode("utf-8", "surrogateescape")
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            stream.flush()
            buffer.write(raw)
            buffer.flush()
            return
        diff = raw.decode("utf-8", "replace")
    stream.write(diff)


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def decoded(data: bytes | None, path: Path) -> str | None:
    """The text the engine saw in ``data`` (LF line ends, no BOM), or None."""
    if data is None:
        return None
    try:
        return textio.decode(data, textio.filetype_for(path)).text
    except textio.UnreadableFile:
        return None
