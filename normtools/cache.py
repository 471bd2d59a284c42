"""The user cache directory: marshal files that save start-up work across processes.

A cache is an optimisation only: every problem (unwritable directory, corrupt or
foreign file) reads as a miss and is never an error.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """``$NORMTOOLS_CACHE_DIR``, else ``$XDG_CACHE_HOME/normtools`` or ``~/.cache/normtools``."""
    base = os.environ.get("NORMTOOLS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "normtools"
    )
    return Path(base)


def load(name: str) -> object | None:
    """The value stored under ``name``, or None."""
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        value: object = marshal.loads((cache_dir() / name).read_bytes())
        return value
    return None


def store(name: str, value: Any) -> None:
    """Store ``value`` under ``name`` atomically (concurrent runs: last writer wins)."""
    with contextlib.suppress(OSError, ValueError):
        target = cache_dir() / name
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, target)
