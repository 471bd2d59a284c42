"""The user cache directory: marshal files that save start-up work across processes.

A cache is an optimisation only, and it must never be able to change what normtools
does. So a cache file is used only when everything about it checks out, and every
problem reads as a miss (the value is rebuilt and the file replaced), never an error:

- the directory is owned by the current user and not writable by group or others
  (otherwise no cache is used at all, neither read nor written);
- the file is a regular file (opened with O_NOFOLLOW: a symlink in its place is
  ignored), owned by the user, not group- or world-writable, at most ``MAX_SIZE``;
- it starts with ``MAGIC`` and a blake2b checksum of the payload, keyed with normtools'
  version, the Python version, the file's name and a digest of what the value was
  built from (``source``): a stale, truncated, corrupt or foreign file fails it, and
  nothing is unmarshalled before it passes.

Writes go through atomic.py: a private ``O_EXCL``/``O_NOFOLLOW`` temporary file, then
an atomic rename. Concurrent runs: the last writer wins, each file whole.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
from pathlib import Path
from typing import Any

from normtools.digest import blake2b

MAGIC = b"NTC1"
_DIGEST = 32
MAX_SIZE = 64 << 20


def cache_dir() -> Path:
    """``$NORMTOOLS_CACHE_DIR``, else ``$XDG_CACHE_HOME/normtools`` or ``~/.cache/normtools``."""
    base = os.environ.get("NORMTOOLS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "normtools"
    )
    return Path(base)


def usable_dir(*, create: bool = False) -> Path | None:
    """The cache directory if it may be trusted (created 0700 when ``create``), else None."""
    directory = cache_dir()
    if create:
        with contextlib.suppress(OSError):
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        st = os.stat(directory)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not _ours(st):
        return None
    return directory


def _ours(st: os.stat_result) -> bool:
    """Owned by the current user and writable by no one else."""
    euid = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
    return st.st_uid == euid and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _key(name: str, source: bytes) -> bytes:
    from normtools import __version__

    tag = f"normtools {__version__}|{sys.implementation.name} {sys.version}|{name}|"
    return blake2b(tag.encode() + source, digest_size=64).digest()


def _checksum(name: str, source: bytes, payload: bytes) -> bytes:
    return blake2b(payload, key=_key(name, source), digest_size=_DIGEST).digest()


def load(name: str, source: bytes = b"") -> object | None:
    """The value stored under ``name`` and built from ``source``, or None."""
    directory = usable_dir()
    if directory is None:
        return None
    flags = os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(directory / name, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _ours(st) or st.st_size > MAX_SIZE:
            return None
        with open(fd, "rb", closefd=False) as fh:
            data = fh.read(st.st_size + 1)  # (read(MAX_SIZE) would allocate 64 MB first)
    except OSError:
        return None
    finally:
        os.close(fd)
    head = len(MAGIC) + _DIGEST
    if len(data) < head or not data.startswith(MAGIC):
        return None
    payload = data[head:]
    if data[len(MAGIC) : head] != _checksum(name, source, payload):
        return None
    with contextlib.suppress(ValueError, EOFError, TypeError):
        value: object = marshal.loads(payload)
        return value
    return None


def store(name: str, value: Any, source: bytes = b"") -> None:
    """Store ``value`` under ``name`` atomically; any problem is silently a no-op."""
    directory = usable_dir(create=True)
    if directory is None:
        return
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return
    data = MAGIC + _checksum(name, source, payload) + payload
    from normtools import atomic  # only when something is written

    with atomic.cleanup_on_signals():
        temp = ""
        try:
            fd, temp = atomic.create_temp(str(directory))
            try:
                atomic.write_all(fd, data, durable=False)  # a torn file fails its checksum
            finally:
                os.close(fd)
            atomic.replace(temp, str(directory / name), durable=False)
        except OSError:
            if temp:
                atomic.discard(temp)
        except BaseException:
            if temp:
                atomic.discard(temp)
            raise
