"""Load and validate rule files (TOML) into frozen Rule objects.

This module never sees user text: it turns data into matchers and rejects malformed
data with one message that names the file, the rule and the key.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from normtools import matchers, regexcache
from normtools.builtins import REGISTRY
from normtools.errors import NormtoolsError
from normtools.model import (
    FILETYPES,
    SEVERITIES,
    Entry,
    Example,
    Finder,
    FixAvailability,
    Locality,
    Rule,
)
from normtools.text import shipped_rules_dir


class RuleFileError(NormtoolsError):
    """A rule file cannot be used. The message names file, rule and key."""


CODE_RE = regexcache.compile(r"^ZH\d{3}$")
NAME_RE = regexcache.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
CLASS_REF = regexcache.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
KINDS = ("regex", "literal", "charmap", "builtin")
COMMON_KEYS = {
    "code",
    "name",
    "kind",
    "severity",
    "description",
    "scope",
    "examples",
    "enabled",
    "filetypes",
    "message",
}
KIND_KEYS = {
    "regex": {"pattern", "replace", "trigger"},
    "literal": {"entries", "sources", "trigger"},
    "charmap": {"from", "to"},
    "builtin": {"function", "options"},
}
EXAMPLE_KEYS = {"text", "fixed", "hits", "filetype", "encoding"}
CLASSES_FILE = "classes.toml"


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


def load_ruleset(
    extra_files: Sequence[str | Path] = (),
    *,
    rules_dir: Path | None = None,
    check_extra_examples: bool = True,
) -> RuleSet:
    """The shipped rules plus ``extra_files`` (a team's own rule files)."""
    base = rules_dir or shipped_rules_dir()
    files = sorted(p for p in base.glob("*.toml") if p.name != CLASSES_FILE)
    rules = list(_load_shipped(tuple(str(p) for p in files), str(base / CLASSES_FILE)))
    classes = load_classes(str(base / CLASSES_FILE))
    seen = {r.code: r.source for r in rules}
    for extra in extra_files:
        loaded = load_rule_file(Path(extra), classes)
        if Path(extra).suffix == ".tsv" and loaded[0].code == TSV_AUTO_CODE:
            loaded = [_with_free_code(loaded[0], seen, extra)]
        for rule in loaded:
            if rule.code in seen:
                raise RuleFileError(
                    f"{extra}: rule {rule.code}: code already used in {seen[rule.code]}"
                )
            seen[rule.code] = rule.source
        if check_extra_examples:
            from normtools.ruletest import dictionary_problems, failing_examples

            for rule in loaded:
                # A TSV's generated examples are one per entry: 'rules test' runs those.
                problems = dictionary_problems(rule)
                if not problems and Path(extra).suffix != ".tsv":
                    problems = failing_examples(rule)
                if problems:
                    raise RuleFileError(problems[0])
        rules.extend(loaded)
    return RuleSet(tuple(rules))


@cache
def _load_shipped(files: tuple[str, ...], classes_file: str) -> tuple[Rule, ...]:
    classes = load_classes(classes_file)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for f in files:
        for rule in load_rule_file(Path(f), classes, trusted=True):
            if rule.code in seen:
                raise RuleFileError(
                    f"{f}: rule {rule.code}: code already used in {seen[rule.code]}"
                )
            seen[rule.code] = f
            rules.append(rule)
    return tuple(sorted(rules, key=lambda r: r.code))


@cache
def load_classes(path: str) -> Mapping[str, str]:
    data = _read_toml_cached(Path(path))
    classes: dict[str, str] = {}
    for name, value in data.items():
        if not isinstance(value, str):
            raise RuleFileError(f"{path}: class {name!r}: value must be a string")
        classes[name] = _expand(value, classes, f"{path}: class {name!r}")
    return classes


def _read_toml_cached(path: Path) -> dict[str, Any]:
    """``_read_toml`` through the user cache. The entry is named and keyed by a digest of
    the file's bytes (see cache.py), so it can only ever stand for exactly these bytes."""
    from normtools import cache
    from normtools.digest import blake2b

    try:
        data = path.read_bytes()
    except OSError:
        return _read_toml(path)
    digest = blake2b(data, digest_size=32).digest()
    name = f"toml-{digest.hex()[:40]}.marshal"
    cached = cache.load(name, source=digest)
    if isinstance(cached, dict):
        return cached
    parsed = _parse_toml(path, data)
    cache.store(name, parsed, source=digest)
    return parsed


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise RuleFileError(f"{path}: no such rule file") from None
    except IsADirectoryError:
        raise RuleFileError(f"{path}: is a directory, not a rule file") from None
    except OSError as exc:
        raise RuleFileError(f"{path}: cannot read: {exc.strerror or type(exc).__name__}") from None
    return _parse_toml(path, data)


def _parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    """Parse rule-file bytes. Errors name the file, line and column, never its content."""
    import tomllib

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RuleFileError(f"{path}: line {line}: rule files must be UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{path}: invalid TOML: {_position_only(str(exc))}") from None


# tomllib's messages that quote nothing from the file; the others name a key or a
# character from it and are replaced by what kind of problem they describe.
_TOML_PLAIN = frozenset(
    {
        "Expected '=' after a key in a key/value pair",
        "Invalid initial character for a key part",
        "Unclosed inline table",
        "Expected newline or end of document after a statement",
        "Unterminated string",
        "Invalid date or datetime",
        "Expected ']]' at the end of an array declaration",
        "Expected ']' at the end of a table declaration",
        "Cannot overwrite a value",
        "Invalid statement",
        "Unclosed array",
        "Invalid value",
        "Invalid hex value",
        "Escaped character is not a Unicode scalar value",
        "Unescaped '\\' in a string",
    }
)


def _position_only(message: str) -> str:
    """tomllib's message, keeping its position but nothing quoted from the file."""
    what, _, where = message.partition(" (at ")
    if what not in _TOML_PLAIN:
        declared = what.startswith(
            ("Cannot declare", "Duplicate", "Cannot redefine", "Cannot mutate")
        )
        what = "a key or table is defined twice" if declared else "invalid character or syntax"
    return f"{what} (at {where}" if where else what


def load_rule_file(path: Path, classes: Mapping[str, str], *, trusted: bool = False) -> list[Rule]:
    """One file: ``[[rule]]`` tables, or a dictionary (header keys plus ``[entries]``).

    A ``.tsv`` file is a plain ``wrong<TAB>right`` dictionary. ``trusted`` (the shipped
    rules, which the test suite validates) defers regex compilation to first use and
    reads a cached parse of the file: start-up time for every commit hook. Other rule
    files have their regexes checked for catastrophic backtracking and matched with a
    time budget.
    """
    family = path.stem
    if not trusted:
        _check_rule_path(path)
    if path.suffix == ".tsv":
        return [_tsv_dictionary(path)]
    data = _read_toml_cached(path) if trusted else _read_toml(path)
    if "rule" in data:
        extra = set(data) - {"rule"}
        if extra:
            raise RuleFileError(
                f"{path}: unknown top-level key {sorted(extra)[0]!r} (rules go in [[rule]])"
            )
        tables = data["rule"]
        if not isinstance(tables, list):
            raise RuleFileError(f"{path}: 'rule' must be an array of tables ([[rule]])")
        return [_build_rule(path, i, t, classes, family, trusted) for i, t in enumerate(tables)]
    if "entries" in data:
        return [_build_rule(path, 0, data, classes, family, trusted)]
    raise RuleFileError(f"{path}: no [[rule]] tables and no [entries]: nothing to load")


def _check_rule_path(path: Path) -> None:
    """A user rule file must be a regular ``.toml`` or ``.tsv`` file: anything else (a
    directory, ``/proc/self/environ``, a FIFO) is refused before a byte is read, so no
    error can echo what it holds and nothing can block."""
    import os
    import stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise RuleFileError(f"{path}: no such rule file") from None
    except OSError as exc:
        raise RuleFileError(f"{path}: cannot read: {exc.strerror or type(exc).__name__}") from None
    if stat.S_ISDIR(st.st_mode):
        raise RuleFileError(f"{path}: is a directory; list rule files (.toml or .tsv)")
    if not stat.S_ISREG(st.st_mode):
        raise RuleFileError(f"{path}: not a regular file")
    if path.suffix.lower() not in (".toml", ".tsv"):
        raise RuleFileError(f"{path}: not a rule file: rule files end in .toml or .tsv")


TSV_AUTO_CODE = "ZH390"
TSV_CODES = tuple(f"ZH{n}" for n in range(390, 400))


def _with_free_code(rule: Rule, seen: Mapping[str, str], path: str | Path) -> Rule:
    """A TSV dictionary without a ``# code:`` line takes the next free code ZH390-ZH399."""
    from dataclasses import replace

    for code in TSV_CODES:
        if code not in seen:
            return replace(rule, code=code)
    raise RuleFileError(f"{path}: no free code in ZH390-ZH399; add a '# code: ZH3xx' line")


def _tsv_dictionary(path: Path) -> Rule:
    """``wrong<TAB>right[<TAB>exception|exception]``; ``right`` may be ``a|b`` (suggestions).

    Lines starting with ``#`` are comments; ``# code: ZH3xx`` names the rule's code.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RuleFileError(f"{path}: cannot read: {exc.strerror or type(exc).__name__}") from None
    try:
        lines = data.decode("utf-8-sig").splitlines()  # a BOM (Excel, Notepad) is not the first key
    except UnicodeDecodeError as exc:
        bad_line = data.count(b"\n", 0, exc.start) + 1
        raise RuleFileError(f"{path}: line {bad_line}: dictionaries must be UTF-8") from None
    entries: dict[str, object] = {}
    first_line: dict[str, int] = {}
    code = TSV_AUTO_CODE
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if line.startswith("# code:"):
            code = line.split(":", 1)[1].strip()
            continue
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split("\t")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise RuleFileError(
                f"{path}:{n}: expected 'wrong<TAB>right' "
                f"(found {len(parts)} tab-separated field{'s' if len(parts) != 1 else ''})"
            )
        if parts[0] in entries:
            raise RuleFileError(
                f"{path}:{n}: duplicate entry (its wrong form is already on line "
                f"{first_line[parts[0]]})"
            )
        first_line[parts[0]] = n
        candidates = [c.strip() for c in parts[1].split("|") if c.strip()]
        exceptions = [e.strip() for e in parts[2].split("|") if e.strip()] if len(parts) > 2 else []
        if exceptions:
            key = "fix" if len(candidates) == 1 else "suggest"
            value = candidates[0] if len(candidates) == 1 else candidates
            entries[parts[0]] = {key: value, "except": exceptions}
        else:
            entries[parts[0]] = candidates[0] if len(candidates) == 1 else candidates
    table = {
        "code": code,
        "name": _kebab(path.stem),
        "kind": "literal",
        "severity": "warning",
        "description": f"Team dictionary {path.name}.",
        "entries": entries,
        "examples": _tsv_examples(entries),
    }
    return _build_rule(path, 0, table, {}, path.stem)


def _tsv_examples(entries: Mapping[str, object]) -> list[dict[str, object]]:
    """A TSV has no examples of its own: each certain entry must fix its own key."""
    examples: list[dict[str, object]] = []
    for wrong, value in entries.items():
        fix = value if isinstance(value, str) else None
        if isinstance(value, dict) and isinstance(value.get("fix"), str):
            fix = value["fix"]
        examples.append({"text": wrong, "fixed": fix} if fix else {"text": wrong, "hits": 1})
    return examples or [{"text": ""}]


def _kebab(stem: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return name if name and name[0].isalpha() else f"dict-{name or 'user'}"


def _build_rule(
    path: Path,
    index: int,
    table: object,
    classes: Mapping[str, str],
    family: str,
    trusted: bool = False,
) -> Rule:
    if not isinstance(table, dict):
        raise RuleFileError(f"{path}: rule[{index}]: must be a table")
    code = table.get("code")
    where = f"{path}: rule[{index}]" + (f" ({code})" if isinstance(code, str) else "")

    def fail(key: str, problem: str) -> RuleFileError:
        return RuleFileError(f"{where}: key {key!r}: {problem}")

    kind = table.get("kind")
    if kind not in KINDS:
        raise fail("kind", f"must be one of {', '.join(KINDS)}")
    unknown = set(table) - COMMON_KEYS - KIND_KEYS[kind]
    if unknown:
        raise fail(sorted(unknown)[0], f"unknown key for a {kind} rule")
    for key in ("code", "name", "severity", "description"):
        if not isinstance(table.get(key), str) or not table[key]:
            raise fail(key, "required, a non-empty string")
    if not CODE_RE.match(table["code"]):
        raise fail("code", "must be ZH plus three digits")
    if not NAME_RE.match(table["name"]):
        raise fail("name", "must be kebab-case (lower-case words joined by '-')")
    if table["severity"] not in SEVERITIES:
        raise fail("severity", f"must be one of {', '.join(SEVERITIES)}")
    scope = table.get("scope", "text")
    if scope not in ("text", "raw"):
        raise fail("scope", "must be 'text' or 'raw'")
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("enabled", "must be true or false")
    filetypes = table.get("filetypes", [])
    if not isinstance(filetypes, list) or any(f not in FILETYPES for f in filetypes):
        raise fail("filetypes", f"must be a list drawn from {', '.join(FILETYPES)}")
    message = table.get("message")
    if message is not None and not isinstance(message, str):
        raise fail("message", "must be a string")
    if message is not None:
        _check_message(message, fail)
    examples = _examples(table.get("examples"), fail)

    finder, entries = _finder(kind, table, classes, message, fail, trusted)
    fix, locality = _declared(kind, table, classes, entries, fail)
    options = table.get("options", {})
    if not isinstance(options, dict):
        raise fail("options", "must be a table")
    return Rule(
        code=table["code"],
        name=table["name"],
        family=family,
        kind=kind,
        severity=table["severity"],
        description=table["description"],
        enabled=enabled,
        scope=scope,
        filetypes=tuple(filetypes),
        examples=examples,
        source=str(path),
        find=finder,
        options=options,
        entries=entries,
        fix=fix,
        locality=locality,
    )


_CLASS = regexcache.compile(r"\[(\^?)((?:\\.|[^\]\\])*)\]")
_CROSS_LINE_ESCAPES = regexcache.compile(r"\\[nrsWDZA]|\(\?[a-z]*s")


def _line_local_pattern(source: str) -> bool:
    """Can no match of ``source`` span a newline? Conservative: unsure means no."""
    for m in _CLASS.finditer(source):
        negated, body = m.group(1), m.group(2)
        if negated and "\\n" not in body and "\\s" not in body:
            return False
        if not negated and re.search(r"\\[nrsWD]", body):
            return False
    return _CROSS_LINE_ESCAPES.search(_CLASS.sub("", source)) is None


def _declared(
    kind: str,
    table: dict[str, Any],
    classes: Mapping[str, str],
    entries: tuple[Entry, ...],
    fail: Any,
) -> tuple[FixAvailability, Locality]:
    """What a rule can fix and how much text it needs: built-ins declare it beside their
    function; for data rules it follows from the data."""
    if kind == "regex":
        source = _expand(table["pattern"], classes, None, fail)
        locality: Locality = "line" if _line_local_pattern(source) else "document"
        return ("always" if table.get("replace") is not None else "never"), locality
    if kind == "charmap":
        return "always", "line" if "\n" not in table["from"] else "document"
    if kind == "literal":
        fixes = sum(e.fix is not None for e in entries)
        fix: FixAvailability = (
            "always" if fixes == len(entries) else "never" if fixes == 0 else "sometimes"
        )
        return fix, "line" if all("\n" not in e.wrong for e in entries) else "document"
    declared = REGISTRY[table["function"]]
    return declared.fix, declared.locality


def _examples(value: object, fail: Any) -> tuple[Example, ...]:
    if value is None or not isinstance(value, list) or not value:
        raise fail("examples", "required: a list of {text, fixed} / {text} / {text, hits}")
    out = []
    for i, ex in enumerate(value):
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str):
            raise fail("examples", f"example {i + 1} needs a 'text' string")
        unknown = set(ex) - EXAMPLE_KEYS
        if unknown:
            raise fail("examples", f"example {i + 1}: unknown key {sorted(unknown)[0]!r}")
        fixed, hits, filetype = ex.get("fixed"), ex.get("hits"), ex.get("filetype", "txt")
        if fixed is not None and not isinstance(fixed, str):
            raise fail("examples", f"example {i + 1}: 'fixed' must be a string")
        if hits is not None and (not isinstance(hits, int) or hits < 0):
            raise fail("examples", f"example {i + 1}: 'hits' must be a whole number")
        if filetype not in FILETYPES:
            known = ", ".join(FILETYPES)
            raise fail("examples", f"example {i + 1}: filetype must be one of {known}")
        encoding = ex.get("encoding", "utf-8")
        try:
            encoding = codecs.lookup(encoding).name
        except (LookupError, TypeError):
            raise fail("examples", f"example {i + 1}: unknown encoding {encoding!r}") from None
        out.append(Example(ex["text"], fixed, hits, filetype, encoding))
    return tuple(out)


def _finder(
    kind: str,
    table: dict[str, Any],
    classes: Mapping[str, str],
    message: str | None,
    fail: Any,
    trusted: bool = False,
) -> tuple[Finder, tuple[Entry, ...]]:
    if kind == "regex":
        pattern = table.get("pattern")
        replace = table.get("replace")
        if not isinstance(pattern, str) or not pattern:
            raise fail("pattern", "required, a non-empty string")
        if replace is not None and not isinstance(replace, str):
            raise fail("replace", "must be a string")
        trigger_re = _trigger(table, classes, fail, trusted)
        if trusted and trigger_re is not None:
            # compiled when the trigger first fires: big Han classes cost ~2 ms each
            lazy = matchers.LazyPattern(_expand(pattern, classes, None, fail), re.MULTILINE)
            return matchers.regex_matcher(lazy, replace, message, trigger_re), ()
        compiled = compile_pattern(pattern, classes, fail)
        if replace is not None:
            try:
                _check_template(compiled, replace)
            except (re.error, IndexError) as exc:
                raise fail("replace", f"invalid replacement: {exc}") from None
        if not trusted:
            _refuse_catastrophic(compiled, fail, "pattern")
            return matchers.timed_regex_matcher(compiled.pattern, replace, message), ()
        return matchers.regex_matcher(compiled, replace, message, trigger_re), ()
    if kind == "charmap":
        src, dst = table.get("from"), table.get("to")
        if not isinstance(src, str) or not isinstance(dst, str) or not src:
            raise fail("from", "'from' and 'to' must be non-empty strings")
        if len(src) != len(dst):
            raise fail("to", f"must have as many characters as 'from' ({len(src)}), has {len(dst)}")
        return matchers.charmap_matcher(src, dst, message), ()
    if kind == "literal":
        entries = table.get("entries")
        if not isinstance(entries, dict) or not entries:
            raise fail("entries", "required: a table of wrong = right entries")
        parsed = []
        for wrong, value in entries.items():
            try:
                parsed.append(matchers.parse_entry(wrong, value))
            except ValueError as exc:
                raise fail("entries", f"entry {wrong!r}: {exc}") from None
        trigger_re = _trigger(table, classes, fail, trusted)
        if trigger_re is not None and not trusted:
            # a user's trigger is a user's regex: matched with the same time budget
            timed = matchers.TimedTrigger(trigger_re.pattern)
            return matchers.literal_matcher(parsed, message, timed), tuple(parsed)
        return matchers.literal_matcher(parsed, message, trigger_re), tuple(parsed)
    function = table.get("function")
    if function not in REGISTRY:
        raise fail("function", f"unknown built-in {function!r}; known: {', '.join(REGISTRY)}")
    options = table.get("options", {})
    if not isinstance(options, dict):
        raise fail("options", "must be a table")
    try:
        return REGISTRY[function].build(options), ()
    except ValueError as exc:
        raise fail("options", str(exc)) from None


def _trigger(
    table: Mapping[str, Any], classes: Mapping[str, str], fail: Any, trusted: bool
) -> re.Pattern[str] | None:
    """The rule's ``trigger``, compiled; a user's is refused where it can take exponential
    time, as a pattern is (it runs over every line)."""
    trigger = table.get("trigger")
    if trigger is None:
        return None
    if not isinstance(trigger, str) or not trigger:
        raise fail("trigger", "must be a non-empty regex")
    compiled = compile_pattern(trigger, classes, fail, "trigger")
    if not trusted:
        _refuse_catastrophic(compiled, fail, "trigger")
    return compiled


def _refuse_catastrophic(compiled: re.Pattern[str], fail: Any, key: str) -> None:
    nested = catastrophic(compiled.pattern)
    if nested:
        raise fail(
            key,
            f"{nested} can take exponential time (catastrophic backtracking); "
            "rewrite it without a repeat inside a repeat, e.g. '(a+)+' as 'a+'",
        )


def compile_pattern(
    pattern: str, classes: Mapping[str, str], fail: Any, key: str = "pattern"
) -> re.Pattern[str]:
    expanded = _expand(pattern, classes, None, fail, key)
    try:
        return regexcache.compile(expanded, re.MULTILINE)
    except re.error as exc:
        raise fail(key, f"invalid regex: {exc}") from None


def catastrophic(pattern: str) -> str | None:
    """Describe a repeat nested in an unbounded repeat (``(a+)+``, ``(a*b?)*``), or None."""
    from re import _constants as sc  # type: ignore[attr-defined]
    from re import _parser as sp  # type: ignore[attr-defined]

    repeats = (sc.MAX_REPEAT, sc.MIN_REPEAT, getattr(sc, "POSSESSIVE_REPEAT", sc.MAX_REPEAT))

    def unbounded_inside(items: Any) -> bool:
        for op, av in items:
            if op in repeats:
                _low, high, sub = av
                if high == sc.MAXREPEAT or high > 100 or unbounded_inside(sub):
                    return True
            elif op == sc.SUBPATTERN:
                if unbounded_inside(av[-1]):
                    return True
            elif op == sc.BRANCH:
                if any(unbounded_inside(b) for b in av[1]):
                    return True
            elif op in (sc.ASSERT, sc.ASSERT_NOT) and unbounded_inside(av[1]):
                return True
        return False

    def walk(items: Any) -> bool:
        for op, av in items:
            if op in repeats:
                _low, high, sub = av
                if high == sc.MAXREPEAT and unbounded_inside(sub):
                    return True
                if walk(sub):
                    return True
            elif op == sc.SUBPATTERN:
                if walk(av[-1]):
                    return True
            elif op == sc.BRANCH:
                if any(walk(b) for b in av[1]):
                    return True
            elif op in (sc.ASSERT, sc.ASSERT_NOT) and walk(av[1]):
                return True
        return False

    try:
        tree = sp.parse(pattern)
    except re.error:
        return None
    return "a repeat inside an unbounded repeat" if walk(tree) else None


def _check_template(compiled: re.Pattern[str], replace: str) -> None:
    """Raise re.error or IndexError for a template that would fail at match time:
    ``re`` parses the whole template before it substitutes anything (bad escapes such
    as ``\\q``, unknown groups)."""
    compiled.sub(replace, "")


MESSAGE_FIELDS = ("match", "fix")


def _check_message(message: str, fail: Any) -> None:
    """A message may use only ``{match}`` and ``{fix}``; ``{{`` and ``}}`` for braces."""
    import string

    hint = "only {match} and {fix} may appear; write {{ and }} for literal braces"
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(message) if f is not None]
    except ValueError as exc:
        raise fail("message", f"invalid template ({exc}); {hint}") from None
    for field in fields:
        if field not in MESSAGE_FIELDS:
            raise fail("message", f"unknown placeholder {{{field}}}; {hint}")
    try:
        message.format(match="", fix="")
    except (ValueError, TypeError) as exc:
        raise fail("message", f"invalid template ({exc}); {hint}") from None


def _expand(
    value: str,
    classes: Mapping[str, str],
    where: str | None,
    fail: Any = None,
    key: str = "pattern",
) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in classes:
            if fail is not None:
                raise fail(key, f"unknown character class {{{name}}}")
            raise RuleFileError(f"{where}: unknown character class {{{name}}}")
        return classes[name]

    return CLASS_REF.sub(sub, value)


def select_rules(
    ruleset: Iterable[Rule],
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
) -> tuple[Rule, ...]:
    """Rules enabled by code prefix: ``select`` replaces the default set, ``extend_select``
    adds to it, ``ignore`` removes (the longest matching prefix wins, as in ruff)."""
    chosen = []
    for rule in ruleset:
        base = _longest(rule.code, select) if select is not None else (0 if rule.enabled else -1)
        on = max(base, _longest(rule.code, extend_select))
        off = _longest(rule.code, ignore)
        if on >= 0 and on > off:
            chosen.append(rule)
    return tuple(chosen)


def _longest(code: str, prefixes: Sequence[str] | None) -> int:
    best = -1
    for p in prefixes or ():
        if p == "ALL" or code.startswith(p):
            best = max(best, 0 if p == "ALL" else len(p))
    return best


def unknown_selectors(ruleset: Iterable[Rule], selectors: Iterable[str]) -> list[str]:
    codes = [r.code for r in ruleset]
    return [s for s in selectors if s != "ALL" and not any(c.startswith(s) for c in codes)]
