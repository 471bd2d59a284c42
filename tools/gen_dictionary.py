#!/usr/bin/env python3
"""Write the shipped dictionaries (rules/typos.toml, rules/wording.toml) in canonical form,
with the decisions of tools/dictionary_decisions.tsv applied.

The dictionaries are data edited by hand and by this script; the script is their writer.
Every entry is read through the package's own parser (``normtools.matchers.parse_entry``)
and written back in one form: keys in code-point order, a certain fix as ``"wrong" =
"right"``, a suggestion as ``"wrong" = ["a", "b"]``, anything with exceptions as an inline
table ``{ fix = ..., except = [...] }`` (or ``suggest``), exceptions in code-point order.
The header comment is kept, except its entry-count line, which is recomputed.

Decisions (``tools/dictionary_decisions.tsv``; ``file<TAB>entry<TAB>decision<TAB>detail
<TAB>reason``, the reason required) are what the review of real text decided; applying
them is idempotent:

- ``drop``: the entry is not in the dictionary (re-adding it needs the decision removed);
- ``suggest``: the entry is suggestion-only (a variant form, an established phrase, a
  doubtful wrong form): reported only when the ``suggestions`` setting is on;
- ``except``: ``detail`` (a text holding the wrong form) is one of the entry's exceptions.

A test (tests/test_dictionary.py) rewrites both files and compares them byte for byte
with the committed ones, as typos' ``verify.rs`` does for its word list.

    python tools/gen_dictionary.py            # rewrite the files
    python tools/gen_dictionary.py --check    # exit 1 if a file is not what this writes
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normtools.matchers import parse_entry  # noqa: E402
from normtools.model import Entry  # noqa: E402

FILES = ("rules/typos.toml", "rules/wording.toml")
DECISIONS = ROOT / "tools" / "dictionary_decisions.tsv"
HEADER_KEYS = ("code", "name", "kind", "severity", "description", "trigger", "message")
EXAMPLE_KEYS = ("text", "fixed", "hits", "filetype", "encoding")
COUNT_LINE = re.compile(r"^# \d+ entries: .*$", re.MULTILINE)
ACTIONS = ("drop", "suggest", "except")


class DictionaryError(Exception):
    """A dictionary or decision that cannot be written (names file, line or entry)."""


@dataclass(frozen=True)
class Decision:
    file: str
    entry: str
    action: str
    detail: str
    reason: str
    line: int


def read_decisions(path: Path = DECISIONS) -> list[Decision]:
    """The decisions file; every line needs an action the writer knows and a reason."""
    decisions = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 5 or not all(p.strip() for p in (parts[0], parts[1], parts[2], parts[4])):
            raise DictionaryError(
                f"{path.name}:{n}: expected file<TAB>entry<TAB>decision<TAB>detail<TAB>reason"
            )
        file, entry, action, detail, reason = (p.strip() for p in parts)
        if action not in ACTIONS:
            raise DictionaryError(f"{path.name}:{n}: unknown decision {action!r} ({ACTIONS})")
        if action == "except" and entry not in detail:
            raise DictionaryError(f"{path.name}:{n}: exception {detail!r} lacks {entry!r}")
        decisions.append(Decision(file, entry, action, detail, reason, n))
    return decisions


def apply(
    file: str, entries: Mapping[str, Entry], decisions: Sequence[Decision]
) -> dict[str, Entry]:
    """``entries`` with the decisions about ``file`` applied (idempotent)."""
    out = dict(entries)
    for d in decisions:
        if d.file != file:
            continue
        entry = out.get(d.entry)
        if d.action == "drop":
            out.pop(d.entry, None)
        elif entry is None:
            raise DictionaryError(
                f"{DECISIONS.name}:{d.line}: {d.action} {d.entry!r}: no such entry in {file}"
            )
        elif d.action == "suggest" and entry.fix is not None:
            out[d.entry] = replace(entry, fix=None, suggest=(entry.fix,))
        elif d.action == "except" and d.detail not in entry.exceptions:
            out[d.entry] = replace(entry, exceptions=(*entry.exceptions, d.detail))
    return out


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _strings(values: Sequence[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def render_value(entry: Entry) -> str:
    if not entry.exceptions:
        return toml_string(entry.fix) if entry.fix is not None else _strings(entry.suggest)
    head = (
        f"fix = {toml_string(entry.fix)}"
        if entry.fix is not None
        else f"suggest = {_strings(entry.suggest)}"
    )
    return f"{{ {head}, except = {_strings(sorted(set(entry.exceptions)))} }}"


def _example(example: Mapping[str, Any]) -> str:
    unknown = set(example) - set(EXAMPLE_KEYS)
    if unknown:
        raise DictionaryError(f"example {example!r}: unknown key {sorted(unknown)[0]!r}")
    items = []
    for key in EXAMPLE_KEYS:
        if key in example:
            value = example[key]
            items.append(
                f"{key} = {value}" if isinstance(value, int) else f"{key} = {toml_string(value)}"
            )
    return "  { " + ", ".join(items) + " },"


def render(comment: str, table: Mapping[str, Any], entries: Mapping[str, Entry]) -> str:
    """The canonical text of a dictionary file."""
    fixes = sum(1 for e in entries.values() if e.fix is not None)
    count = (
        f"# {len(entries)} entries: {fixes} certain fixes, {len(entries) - fixes} suggestion-only."
    )
    comment = COUNT_LINE.sub(count, comment)
    unknown = set(table) - {*HEADER_KEYS, "examples", "entries"}
    if unknown:
        raise DictionaryError(f"unknown header key {sorted(unknown)[0]!r}")
    lines = [comment.rstrip("\n"), ""] if comment else []
    lines += [f"{key} = {toml_string(table[key])}" for key in HEADER_KEYS if key in table]
    lines += ["examples = ["]
    lines += [_example(ex) for ex in table.get("examples", [])]
    lines += ["]", "", "[entries]"]
    lines += [f"{toml_string(k)} = {render_value(entries[k])}" for k in sorted(entries)]
    return "\n".join(lines) + "\n"


def read(path: Path) -> tuple[str, dict[str, Any], dict[str, Entry]]:
    """The header comment, the parsed table and the entries (through ``parse_entry``)."""
    text = path.read_text(encoding="utf-8")
    comment_lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comment_lines.append(line)
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DictionaryError(f"{path}: invalid TOML: {exc}") from None
    entries = {}
    for wrong, value in table.get("entries", {}).items():
        try:
            entries[wrong] = parse_entry(wrong, value)
        except ValueError as exc:
            raise DictionaryError(f"{path}: entry {wrong!r}: {exc}") from None
    return "\n".join(comment_lines), table, entries


def canonical(rel: str, decisions: Sequence[Decision], root: Path = ROOT) -> str:
    """What the writer makes of ``rel`` (a path relative to the repository)."""
    comment, table, entries = read(root / rel)
    return render(comment, table, apply(rel, entries, decisions))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a file is not canonical")
    args = ap.parse_args(argv)
    try:
        decisions = read_decisions()
        known = set(FILES)
        for d in decisions:
            if d.file not in known:
                raise DictionaryError(f"{DECISIONS.name}:{d.line}: unknown file {d.file!r}")
        stale = []
        for rel in FILES:
            text = canonical(rel, decisions)
            if (ROOT / rel).read_text(encoding="utf-8") == text:
                continue
            if args.check:
                stale.append(rel)
            else:
                (ROOT / rel).write_text(text, encoding="utf-8")
                print(f"wrote {rel}")
    except DictionaryError as exc:
        print(f"gen_dictionary: {exc}", file=sys.stderr)
        return 2
    for rel in stale:
        print(f"{rel} is not canonical: run python tools/gen_dictionary.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
