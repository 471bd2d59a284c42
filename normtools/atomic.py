"""The one way normtools creates a file: a private temporary file swapped in atomically.

Used for the user's files (textio.write_atomic) and for cache files (cache.py). The
temporary file is ``.normtools-XXXXXX.tmp`` in the target's directory (21 bytes, so any
legal file name can be fixed), created with O_EXCL and O_NOFOLLOW (a planted symlink or
file is never followed or reused) and mode 0600. It is removed on any failure, on
Ctrl-C (KeyboardInterrupt passes through the cleanup), on SIGTERM and SIGHUP (handlers
installed while it exists remove it, then do what the previous handler did) and at
exit. Imports nothing of normtools.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import string
import threading
from collections.abc import Iterator
from types import FrameType

PREFIX, SUFFIX = ".normtools-", ".tmp"
_ALPHABET = string.ascii_lowercase + string.digits
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
_CLEANUP_SIGNALS = tuple(
    s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s
)
_pending: set[str] = set()


def temp_name(directory: str) -> str:
    """A fresh ``.normtools-XXXXXX.tmp`` path in ``directory``."""
    token = "".join(_ALPHABET[b % len(_ALPHABET)] for b in os.urandom(6))
    return os.path.join(directory, f"{PREFIX}{token}{SUFFIX}")


def create_temp(directory: str) -> tuple[int, str]:
    """Create and register a new private temporary file in ``directory``: (fd, path).

    Signals are blocked between creating the file and registering it, so that a
    SIGTERM or Ctrl-C can never leave an unregistered temporary file behind.
    """
    for _ in range(100):
        name = temp_name(directory)
        with _signals_blocked():
            try:
                fd = os.open(name, _CREATE, 0o600)
            except FileExistsError:
                continue
            _pending.add(name)
        return fd, name
    raise FileExistsError(f"no free temporary name in {directory}")


def discard(name: str) -> None:
    """Remove a temporary file created by ``create_temp`` (no error if it is gone)."""
    with contextlib.suppress(OSError):
        os.unlink(name)
    _pending.discard(name)


def replace(name: str, target: str, *, durable: bool = True) -> None:
    """Move the temporary file ``name`` over ``target`` and forget it (``durable``: and
    make the rename survive a crash)."""
    os.replace(name, target)
    _pending.discard(name)
    if durable:
        sync_directory(os.path.dirname(target) or ".")


def sync_directory(directory: str) -> None:
    """Make a rename durable (best effort: not every system can open a directory)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC
    with contextlib.suppress(OSError):
        fd = os.open(directory, flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_all(fd: int, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``fd`` completely (``durable``: and flush it to disk)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view[: 1 << 24])
        view = view[written:]
    if durable:
        os.fsync(fd)


def remove_pending() -> None:
    """Remove every temporary file still registered (exit, SIGTERM, SIGHUP)."""
    for name in list(_pending):
        discard(name)


atexit.register(remove_pending)


@contextlib.contextmanager
def cleanup_on_signals() -> Iterator[None]:
    """While inside: SIGTERM and SIGHUP first remove pending temporary files, then act
    as the handler that was there before (the default one ends the process with that
    signal). Outside the main thread signals cannot be handled here: nothing changes."""
    if threading.current_thread() is not threading.main_thread() or not _CLEANUP_SIGNALS:
        yield
        return
    previous = {s: signal.getsignal(s) for s in _CLEANUP_SIGNALS}

    def handler(signum: int, frame: FrameType | None) -> None:
        before = previous.get(signum)
        if before == signal.SIG_IGN:
            return
        remove_pending()
        if callable(before):
            before(signum, frame)
            return
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)  # the default action, now that the files are gone

    for s in _CLEANUP_SIGNALS:
        signal.signal(s, handler)
    try:
        yield
    finally:
        for s, before in previous.items():
            signal.signal(s, before if before is not None else signal.SIG_DFL)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    blocked = {signal.SIGINT, *_CLEANUP_SIGNALS}
    old = mask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)
