"""The shape of a finding and the output formats; one model feeds every format."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding. Lines and columns are 1-based and counted in characters; the end
    position is exclusive (the character after the finding)."""

    path: str
    code: str
    name: str
    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str | None = None
    meta: tuple[tuple[str, str], ...] = ()
    suppressed: bool = False  # listed only with --show-suppressed; never counts

    @property
    def fixable(self) -> bool:
        return self.replacement is not None or bool(self.meta)

    def to_json(self) -> dict[str, object]:
        fix: dict[str, object] | None = None
        if self.fixable:
            edits = []
            if self.replacement is not None:
                edits.append(
                    {
                        "line": self.line,
                        "column": self.column,
                        "end_line": self.end_line,
                        "end_column": self.end_column,
                        "content": self.replacement,
                    }
                )
            fix = {"edits": edits, "file": dict(self.meta)}
        out: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "severity": self.severity,
            "fix": fix,
        }
        if self.suppressed:
            out["suppressed"] = True
        return out


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    """``path:line:col: CODE message`` per finding, ``[*]`` marking the fixable ones."""
    lines = []
    for d in diagnostics:
        mark = " [suppressed]" if d.suppressed else " [*]" if d.fixable else ""
        lines.append(f"{d.path}:{d.line}:{d.column}: {d.code}{mark} {d.message}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def format_statistics(diagnostics: Sequence[Diagnostic]) -> str:
    counts = Counter((d.code, d.name, d.fixable) for d in diagnostics)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    return "".join(
        f"{n:>5}  {code}  {'[*]' if fixable else '   '} {name}\n"
        for (code, name, fixable), n in rows
    )
