"""Compiled regexes kept across processes, for start-up time.

A commit hook is a fresh process each time. Compiling the shipped patterns costs ~70 ms,
nearly all of it in ``re``'s charset optimizer walking the Han ranges character by
character. ``re`` cannot pickle a compiled pattern, but what it compiles to is a list of
integers handed to ``_sre.compile``; this module stores that list (marshal) next to the
rule-file cache and rebuilds patterns from it.

That is CPython's internal interface, so the cache is keyed by the exact Python version
and ``_sre.MAGIC``, every rebuild is checked for the right type, and any failure falls
back to ``re.compile``. ``tests/test_regexcache.py`` checks that rebuilt patterns match
exactly what freshly compiled ones match.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from normtools import cache

_entries: dict[tuple[str, int], tuple[Any, ...]] | None = None
_dirty = False


def _cache_name() -> str:
    import _sre

    tag = f"{sys.implementation.name}-{sys.version_info[0]}{sys.version_info[1]}"
    return f"regex-{tag}-{sys.version_info[2]}-{_sre.MAGIC}.marshal"


def _load() -> dict[tuple[str, int], tuple[Any, ...]]:
    global _entries
    if _entries is None:
        data = cache.load(_cache_name())
        _entries = data if isinstance(data, dict) else {}
    return _entries


def compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, rebuilt from the cache when possible."""
    global _dirty
    if sys.implementation.name != "cpython":
        return re.compile(source, flags)
    flags = int(flags)  # re.MULTILINE is an IntFlag, which marshal refuses
    entries = _load()
    entry = entries.get((source, flags))
    if entry is not None:
        try:
            import _sre

            pattern = _sre.compile(source, *entry)
            if isinstance(pattern, re.Pattern):
                return pattern
        except Exception:
            pass
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(source, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = (  # plain ints: the opcodes are an int subclass marshal refuses
            int(flags | parsed.state.flags),
            [int(c) for c in code],
            int(parsed.state.groups - 1),
            {str(k): int(v) for k, v in groupindex.items()},
            tuple(indexgroup),
        )
        import _sre

        pattern = _sre.compile(source, *entry)
        if not isinstance(pattern, re.Pattern):
            raise TypeError("not a pattern")
    except Exception:
        return re.compile(source, flags)
    entries[(source, flags)] = entry
    _dirty = True
    return pattern


def save() -> None:
    """Write new entries (called once per run, at exit); problems are ignored."""
    global _dirty
    if not _dirty or _entries is None:
        return
    _dirty = False
    cache.store(_cache_name(), _entries)


import atexit  # noqa: E402

atexit.register(save)
