"""Stable ids for findings, shared by the formats that track findings across runs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from normtools.diagnostics import Diagnostic
from normtools.digest import blake2b


def fingerprints(
    diagnostics: Sequence[Diagnostic], path_of: Callable[[str], str] = str
) -> list[str]:
    """A stable id per finding: path, code, message and which occurrence of that triple.

    Leaving the line number out keeps the id when text above the finding moves, so
    GitLab and code scanning do not report a moved finding as new plus fixed. The path
    is taken through ``path_of`` (the repository-relative path: the same id from any
    directory); the message is the English one (the same id in any language).
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for d in diagnostics:
        key = (path_of(d.path), d.code, d.message)
        seen[key] += 1
        raw = "\x1f".join((*key, str(seen[key]))).encode("utf-8")
        out.append(blake2b(raw, digest_size=16).hexdigest())
    return out
