"""The public library API: a reusable Normalizer plus one-shot helpers.

Other programs import this; the CLI is a thin layer over it. A Normalizer pickles as its
configuration (normtools.portable) and rebuilds its rules where it is unpickled, so data
pipelines (HF datasets, multiprocessing, Ray, Spark) can ship and fingerprint it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from normtools import portable, textio
from normtools.changes import Lines, LineScope, as_engine_lines
from normtools.config import Config, ConfigResolver, unknown_code
from normtools.diagnostics import Diagnostic
from normtools.engine import Engine, FixResult, SuppressorFactory
from normtools.fragment import Fragment, check_document_filetype, filetype_of, text_of
from normtools.model import Document, Rule, Suppressor
from normtools.ruleset import RuleSet, load_ruleset, select_rules
from normtools.suppression import marker_codes, suppressor_for
from normtools.text import LineIndex


@dataclass
class FileResult:
    """The outcome for one file. ``skipped`` holds the reason a file was not read."""

    path: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    applied: list[Diagnostic] = field(default_factory=list)  # with keep_applied=True
    original: bytes = b""
    new: bytes | None = None  # the bytes fix would write; None when unchanged
    skipped: str | None = None  # one line: why the file was left alone
    skip_kind: str | None = None  # one of textio.SKIP_KINDS
    state: textio.FileState | None = None  # what was read; the write checks it is unchanged
    suppressed: list[Diagnostic] = field(default_factory=list)  # only when asked for
    fixes: int = 0  # how many fixes fix applied
    layout: dict[str, str] | None = None  # how the file was read (describe_layout=True)
    # One line each, naming the place: what is wrong in the file besides its findings
    # (a suppression marker naming no rule in use).
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new is not None


class Normalizer:
    """Loads rules once and applies them to many texts and files."""

    def __init__(
        self,
        config: Config | None = None,
        ruleset: RuleSet | None = None,
        *,
        keep_applied: bool = True,
        keep_original: bool = True,
        describe_layout: bool = False,
    ) -> None:
        """``keep_applied=False``: ``fix_file`` counts fixes instead of keeping each one
        (the command line does this: memory for huge files). ``keep_original=False``:
        ``check_file`` and ``fix_file`` do not keep the file's old bytes (only a diff and
        the formats that show context need them).
        ``describe_layout``: each FileResult says how the file was read (``--verbose``)."""
        self.keep_applied = keep_applied
        self.keep_original = keep_original
        self.describe_layout = describe_layout
        self.config = config or Config()
        self.ruleset = ruleset or load_ruleset(self.config.extend_rules)
        # What a pickle must carry to rebuild exactly these rules; None when they came
        # from a RuleSet object (which holds compiled code and cannot be pickled).
        self._rule_files: portable.RuleFiles | None = None
        if ruleset is None:  # after the loader: it refuses FIFOs and /proc files unread
            self._rule_files = portable.digests(self.config.extend_rules)
        self.codes = frozenset(r.code for r in self.ruleset)
        self.config.check_codes(self.codes)  # names the file and the key
        self.rules = select_rules(
            self.ruleset, self.config.select, self.config.ignore, self.config.extend_select
        )
        self._engine = Engine(self.rules, self.config.settings)
        self._engines: dict[tuple[str, ...], Engine] = {}

    # -- pickling ------------------------------------------------------------------
    def __reduce__(self) -> tuple[Callable[[str], Normalizer], tuple[str]]:
        """Pickled as one canonical string: equal configurations give equal bytes (a
        stable HF datasets fingerprint), and the rules are rebuilt where it is loaded."""
        if self._rule_files is None:
            raise TypeError(
                "cannot pickle a Normalizer made from a RuleSet object: name the rule "
                "files in Config(extend_rules=...) instead"
            )
        flags = {"keep_applied": self.keep_applied, "keep_original": self.keep_original}
        return (_unpickle, (portable.dumps(self.config, self._rule_files, flags),))

    # -- text ----------------------------------------------------------------------
    # A string is a fragment unless asked otherwise (normtools.fragment): a table cell
    # gets no final newline, and keeps its indentation, BOM and line ends.
    def check_text(
        self, text: str, filetype: str = "txt", path: str = "-", *, fragment: bool = True
    ) -> list[Diagnostic]:
        """Findings in ``text``, with offsets in ``text`` as given. ``fragment=False``:
        judge it as the whole content of a file (final newline, indentation, line ends);
        a real ``path`` brings in its per-file-ignores."""
        return self._check(text_of(text, "check_text"), filetype_of(filetype), path, fragment)

    def fix_text(self, text: str, filetype: str = "txt", *, fragment: bool = True) -> str:
        """``text`` fixed. As a fragment (the default) nothing is added or removed at its
        ends by the rules for files; ``fragment=False`` gives what ``normtools fix`` would
        write for a file of this text (with LF line ends unless configured otherwise)."""
        return self._fix(text_of(text, "fix_text"), filetype_of(filetype), fragment)

    def fix_texts(
        self, texts: Iterable[str], filetype: str = "txt", *, fragment: bool = True
    ) -> Iterator[str]:
        """``fix_text`` of each item, lazily, in order (a DataFrame column, a stream)."""
        kind = filetype_of(filetype)  # checked now, not at the first item
        return (self._fix(t, kind, fragment) for t in _strings(texts, "fix_texts"))

    def check_texts(
        self, texts: Iterable[str], filetype: str = "txt", *, fragment: bool = True
    ) -> Iterator[list[Diagnostic]]:
        """``check_text`` of each item, lazily, in order."""
        kind = filetype_of(filetype)
        return (self._check(t, kind, "-", fragment) for t in _strings(texts, "check_texts"))

    def _fix(self, text: str, filetype: str, fragment: bool) -> str:
        if not fragment:
            return textio.to_text(self.fix_document(textio.from_text(text, filetype)).doc)
        piece = Fragment.of(text, filetype)
        return piece.text(self.fix_document(piece.doc).doc)

    def _check(self, text: str, filetype: str, path: str, fragment: bool) -> list[Diagnostic]:
        if not fragment:
            return self.check_document(textio.from_text(text, filetype), path)
        piece = Fragment.of(text, filetype)
        return piece.placed(self.check_document(piece.doc, path))

    def fix_document(self, doc: Document, path: str = "-") -> FixResult:
        """Fix ``doc``; a real ``path`` brings in its per-file-ignores. A Document is a
        file unless its ``fragment`` flag is set."""
        check_document_filetype(doc)
        return self._engine_named(path).fix(doc, path, suppression=self.suppression_for)

    def check_document(self, doc: Document, path: str = "-") -> list[Diagnostic]:
        check_document_filetype(doc)
        return self._engine_named(path).check(doc, path, suppression=self.suppression_for)

    def suppressed_in(self, doc: Document, path: str = "-") -> list[Diagnostic]:
        """The findings that suppression hides in ``doc``, marked ``suppressed``."""
        engine = self._engine_named(path)
        kept = engine.check(doc, path, suppression=self.suppression_for)
        return self._hidden(engine, doc, path, kept)

    def suppression_for(self, doc: Document) -> Suppressor | None:
        """Markers in the text plus the configured ``allow`` list."""
        return suppressor_for(doc, self.config.allow)

    def _engine_named(self, path: str) -> Engine:
        return self._engine if path == "-" else self.engine_for(Path(path))

    # -- files ---------------------------------------------------------------------
    def engine_for(self, path: Path, *, part: bool = False) -> Engine:
        """The engine for ``path``: per-file-ignores may switch rules off, and
        per-file-paragraphs choose the paragraph model. ``part``: only some lines of the
        file are judged (changed-lines mode), so what would change the whole file (its
        line ends, its encoding) is kept as it is."""
        ignored = self.config.ignored_codes_for(path)
        settings = self.config.settings_for(path)
        if not ignored and settings is self.config.settings and not part:
            return self._engine
        key = (*ignored, f"paragraphs={settings.paragraphs}", f"part={part}")
        if key not in self._engines:
            rules: list[Rule] = [
                r for r in self.rules if not any(r.code.startswith(c) for c in ignored)
            ]
            if part:
                settings = replace(settings, line_ending="keep", encoding="keep")
            self._engines[key] = Engine(rules, settings)
        return self._engines[key]

    def describe(self, doc: Document, path: str = "-") -> dict[str, str]:
        """How ``doc`` is read (``--verbose``): file type, paragraph model and why."""
        from normtools import markup

        engine = self._engine_named(path)
        return markup.layout(doc.text, doc.filetype, engine.settings).describe()

    def unknown_marker_codes(
        self, doc: Document, name: str, lines: Lines | None = None
    ) -> list[str]:
        """One line for each code a suppression marker in ``doc`` names that no rule in
        use has (within ``lines``, when given)."""
        problems = []
        index: LineIndex | None = None
        for offset, code in marker_codes(doc.text, doc.filetype):
            problem = unknown_code(code, self.codes, " in a suppression marker")
            if problem is None:
                continue
            index = index or LineIndex(doc.text)
            line, column = index.position(offset)
            if lines is None or lines.touches(line, line):
                problems.append(f"{name}:{line}:{column}: {problem}")
        return problems

    def check_file(
        self,
        path: Path,
        display: str | None = None,
        *,
        show_suppressed: bool = False,
        eol: str | None = None,
        lines: Lines | None = None,
    ) -> FileResult:
        """``eol``: what ``line-ending = "auto"`` means for this file, when the caller
        already knows (``discovery.Target.eol``); otherwise git is asked. ``lines``: judge
        only these lines (changed-lines mode; normtools.changes)."""
        return self._process(path, display, False, show_suppressed, eol, lines)

    def fix_file(
        self,
        path: Path,
        display: str | None = None,
        *,
        show_suppressed: bool = False,
        eol: str | None = None,
        lines: Lines | None = None,
    ) -> FileResult:
        """Compute the fix (of ``lines`` only, when given); the caller decides whether to
        write ``result.new``."""
        return self._process(path, display, True, show_suppressed, eol, lines)

    def check_bytes(
        self,
        data: bytes,
        name: str,
        *,
        show_suppressed: bool = False,
        eol: str | None = None,
        lines: Lines | None = None,
    ) -> FileResult:
        """Like ``check_file`` for content that is not a file on disk (standard input, a
        blob staged in git); ``name`` picks the file type and per-file settings."""
        return self._process_bytes(data, name, Path(name), False, show_suppressed, eol, None, lines)

    def fix_bytes(
        self,
        data: bytes,
        name: str,
        *,
        show_suppressed: bool = False,
        eol: str | None = None,
        lines: Lines | None = None,
    ) -> FileResult:
        """Like ``fix_file`` for content that is not a file on disk; ``result.new`` holds
        the fixed bytes (None when nothing changes)."""
        return self._process_bytes(data, name, Path(name), True, show_suppressed, eol, None, lines)

    def _process(
        self,
        path: Path,
        display: str | None,
        fix: bool,
        show_suppressed: bool = False,
        eol: str | None = None,
        lines: Lines | None = None,
    ) -> FileResult:
        if lines is not None and not lines:
            return FileResult(path)  # nothing changed: nothing to read
        name = display or str(path)
        return self._process_bytes(None, name, path, fix, show_suppressed, eol, None, lines)

    def _process_bytes(
        self,
        data: bytes | None,
        name: str,
        path: Path,
        fix: bool,
        show_suppressed: bool,
        eol: str | None,
        state: textio.FileState | None,
        lines: Lines | None = None,
    ) -> FileResult:
        """``data`` None: read ``path`` here, so that no caller's frame keeps a huge
        file's bytes alive while it is judged (``del data`` below frees them)."""
        if data is None:
            try:
                data, state = textio.read_file(path)
            except textio.UnreadableFile as exc:
                return FileResult(path, skipped=exc.detail, skip_kind=exc.kind)
        if lines is not None and not lines:
            return FileResult(path, original=data)
        try:
            doc = textio.decode(data, self.config.filetype_for(path))
        except textio.UnreadableFile as exc:
            return FileResult(path, original=data, skipped=exc.detail, skip_kind=exc.kind)
        if self.config.settings.line_ending == "auto":
            if eol is None:  # one file on its own: ask git (a batch is cheaper: discovery)
                from normtools.discovery import line_endings

                eol = line_endings([path])[path]
            doc.eol = eol
        part = lines is not None and not lines.whole
        if part:
            assert lines is not None
            lines = as_engine_lines(lines, doc)
        engine = self.engine_for(path, part=part)
        layout = self.describe(doc, str(path)) if self.describe_layout else None
        suppression = self._suppression(doc, lines if part else None)
        problems = self.unknown_marker_codes(doc, name, lines if part else None)
        if not fix:
            original = data if self.keep_original else b""
            del data  # a huge file's bytes: as large as the file, not needed to judge it
            found = engine.check(doc, name, suppression=suppression)
            hidden = self._hidden(engine, doc, name, found, lines) if show_suppressed else []
            return FileResult(
                path,
                diagnostics=found,
                original=original,
                suppressed=hidden,
                layout=layout,
                problems=problems,
            )
        from normtools.digest import blake2b

        original = data if self.keep_original else b""
        size, digest = len(data), blake2b(data).digest()
        if state is not None:
            state = replace(state, digest=digest)
        del data  # a huge file's bytes need not stay alive while it is fixed
        # a restricted fix keeps its list (no chunked fix: line numbers are the file's)
        result = engine.fix(
            doc, name, suppression=suppression, keep_applied=self.keep_applied or part
        )
        hidden = (
            self._hidden(engine, result.doc, name, result.remaining, lines if part else None)
            if show_suppressed
            else []
        )
        try:
            new = textio.encode(result.doc)
        except UnicodeEncodeError as exc:
            return FileResult(
                path,
                diagnostics=result.remaining,
                original=original,
                skipped=f"fixed text cannot be encoded as {result.doc.encoding}: {exc.reason}",
                skip_kind=textio.ENCODE,
                suppressed=hidden,
                state=state,
                layout=layout,
                problems=problems,
            )
        return FileResult(
            path,
            diagnostics=result.remaining,
            applied=result.applied if self.keep_applied else [],
            fixes=result.fixes,
            original=original,
            new=None if len(new) == size and blake2b(new).digest() == digest else new,
            suppressed=hidden,
            state=state,
            layout=layout,
            problems=problems,
        )

    def _suppression(self, doc: Document, lines: Lines | None) -> SuppressorFactory:
        """Markers and ``allow``, and outside ``lines`` everything (changed-lines mode)."""
        if lines is None:
            return self.suppression_for
        scope = LineScope(lines, doc.text)

        def factory(current: Document) -> Suppressor:
            outside = scope.suppressor(current)
            marked = self.suppression_for(current)
            if marked is None:
                return outside
            return lambda rule, start, end: outside(rule, start, end) or marked(rule, start, end)

        return factory

    @staticmethod
    def _hidden(
        engine: Engine,
        doc: Document,
        name: str,
        kept: list[Diagnostic],
        lines: Lines | None = None,
    ) -> list[Diagnostic]:
        """What markers and ``allow`` hide (within ``lines``, when given)."""
        keys = {_key(d) for d in kept}
        scope = None if lines is None else LineScope(lines, doc.text).suppressor
        found = engine.check(doc, name, suppression=scope)
        return [replace(d, suppressed=True) for d in found if _key(d) not in keys]


class Normalizers:
    """One Normalizer per configuration, each built when a file first needs it: the
    files of a run may each have their own configuration (normtools.config.ConfigResolver).
    A run's driver builds them all before it forks workers, which then share them."""

    def __init__(
        self,
        resolver: ConfigResolver,
        *,
        keep_applied: bool = True,
        keep_original: bool = True,
        describe_layout: bool = False,
    ) -> None:
        """``keep_applied``, ``keep_original``, ``describe_layout``: as for every Normalizer."""
        self.resolver = resolver
        self._options = (keep_applied, keep_original, describe_layout)
        self._built: dict[Config, Normalizer] = {}

    def for_config(self, config: Config) -> Normalizer:
        normalizer = self._built.get(config)
        if normalizer is None:
            keep_applied, keep_original, describe_layout = self._options
            normalizer = Normalizer(
                config,
                keep_applied=keep_applied,
                keep_original=keep_original,
                describe_layout=describe_layout,
            )
            self._built[config] = normalizer
        return normalizer

    def for_path(self, path: Path | str) -> Normalizer:
        """The Normalizer for the file ``path`` (standard input: its ``--stdin-filename``)."""
        return self.for_config(self.resolver.for_path(path))

    @property
    def default(self) -> Normalizer:
        return self.for_config(self.resolver.default)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules any configuration built so far selects, each once."""
        seen: dict[str, Rule] = {}
        for normalizer in self._built.values():
            for rule in normalizer.rules:
                seen.setdefault(rule.code, rule)
        return tuple(seen.values())

    def codes(self) -> frozenset[str]:
        """Every rule code some configuration built so far knows."""
        return frozenset[str]().union(*(n.codes for n in self._built.values()))


def _key(d: Diagnostic) -> tuple[str, int, int]:
    return (d.code, d.start, d.end)


def write_result(result: FileResult) -> None:
    """Atomically write the fixed bytes of ``result``, if any, provided the file is still
    what was read. Raises ``textio.FileNotWritten`` (kind in ``textio.SKIP_KINDS``,
    ``str(exc)`` one line naming the file) for that file only: report it, go on."""
    if result.new is not None:
        textio.write_atomic(result.path, result.new, expected=result.state)


_default: Normalizer | None = None


def _shared() -> Normalizer:
    global _default
    if _default is None:
        _default = Normalizer()
    return _default


def fix_text(text: str, filetype: str = "txt", *, fragment: bool = True) -> str:
    """Fix ``text`` with the default house style (no configuration); see
    ``Normalizer.fix_text``."""
    return _shared().fix_text(text, filetype, fragment=fragment)


def check_text(text: str, filetype: str = "txt", *, fragment: bool = True) -> list[Diagnostic]:
    """Findings in ``text`` under the default house style; see ``Normalizer.check_text``."""
    return _shared().check_text(text, filetype, fragment=fragment)


def fix_texts(
    texts: Iterable[str], filetype: str = "txt", *, fragment: bool = True
) -> Iterator[str]:
    """``fix_text`` of each item, lazily, in order."""
    return _shared().fix_texts(texts, filetype, fragment=fragment)


def check_texts(
    texts: Iterable[str], filetype: str = "txt", *, fragment: bool = True
) -> Iterator[list[Diagnostic]]:
    """``check_text`` of each item, lazily, in order."""
    return _shared().check_texts(texts, filetype, fragment=fragment)


def _strings(texts: Iterable[str], caller: str) -> Iterator[str]:
    for n, text in enumerate(texts):
        yield text_of(text, f"{caller}: item {n}")


def _unpickle(state: str) -> Normalizer:
    """Rebuild a pickled Normalizer; RuleFileError when the rules here differ from the
    ones it was pickled with (another normtools version, an edited rule file)."""
    config, rule_files, flags = portable.loads(state)
    normalizer = Normalizer(
        config, keep_applied=flags["keep_applied"], keep_original=flags["keep_original"]
    )
    portable.same_rules(rule_files, normalizer._rule_files or ())
    return normalizer
