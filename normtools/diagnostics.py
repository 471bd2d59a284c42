"""The shape of a finding: one model feeds every output format (normtools.output)."""

from __future__ import annotations

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

    def __reduce__(self) -> tuple[type[Diagnostic], tuple[object, ...]]:
        """Pickled as a plain tuple of fields: worker processes send tens of thousands
        back (the default for a slotted dataclass pickles a dict per finding)."""
        return (
            Diagnostic,
            (
                self.path,
                self.code,
                self.name,
                self.severity,
                self.message,
                self.start,
                self.end,
                self.line,
                self.column,
                self.end_line,
                self.end_column,
                self.replacement,
                self.meta,
                self.suppressed,
            ),
        )

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
