"""One file driver for the command line, the pre-commit hooks, the plain git hook and the
editor server: judge (and fix, and write) a list of sources, in order, in worker
processes when there are enough of them to pay for the start.

A source is a file on disk or bytes that are not one (standard input, a blob staged in
git). The driver never prints: it yields one ``Outcome`` per source, with the reason in
one line when a file was skipped or its fix could not be written, so every caller
reports problems the same way and goes on with the next file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from normtools import textio
from normtools.api import FileResult, Normalizer, Normalizers, write_result
from normtools.changes import Lines
from normtools.errors import NormtoolsError, Terminated

# Below these, forking workers costs more than it saves (a commit of a few files).
PARALLEL_MIN_FILES = 16
PARALLEL_MIN_BYTES = 1 << 20


@dataclass(frozen=True)
class Source:
    """Something to judge: ``path`` on disk, or ``data`` under the name ``name``."""

    name: str  # as shown to the user
    path: Path | None = None
    data: bytes | None = None
    explicit: bool = True  # named by the user (not found by a directory walk)
    eol: str | None = None  # what line-ending = "auto" means here, when already known
    lines: Lines | None = None  # judge only these lines (changed-lines mode); None: all

    @property
    def where(self) -> Path:
        """The path whose configuration applies (standard input: its --stdin-filename)."""
        return self.path if self.path is not None else Path(self.name)


@dataclass
class Outcome:
    source: Source
    result: FileResult
    written: bool = False
    problem: str | None = None  # one line: why the file was skipped or left unwritten

    @property
    def quiet(self) -> bool:
        """A binary file met in a directory walk is skipped without a word."""
        return self.result.skip_kind == textio.BINARY and not self.source.explicit


@dataclass(frozen=True)
class Job:
    fix: bool = False
    write: bool = False  # fix mode: write changed files (not for --diff or bytes sources)
    show_suppressed: bool = False


def run(
    normalizers: Normalizer | Normalizers, sources: Sequence[Source], job: Job, jobs: int = 0
) -> Iterator[Outcome]:
    """Outcomes in the order of ``sources``; ``jobs`` processes (0: one per core) when
    there are enough files. With ``Normalizers`` each source gets the one of its own
    configuration; all are built here first, so forked workers inherit the loaded rules
    (and a configuration error stops the run before any file is judged)."""
    global _worker
    if isinstance(normalizers, Normalizers):
        for source in sources:
            normalizers.for_path(source.where)
    _worker = (normalizers, job)
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(sources) < 2 or not _worth_forking(sources):
        yield from map(_work, sources)
        return
    import multiprocessing as mp  # only now: importing it costs a commit hook ~10 ms

    if "fork" not in mp.get_all_start_methods():
        yield from map(_work, sources)
        return
    with _stop_on_signals():
        context = mp.get_context("fork")
        with context.Pool(min(jobs, len(sources)), initializer=_quiet_workers) as pool:
            size = max(1, len(sources) // (jobs * 8))
            batches = [sources[i : i + size] for i in range(0, len(sources), size)]
            results = pool.imap(_work_batch, batches)  # an IMapIterator: next(timeout)
            workers = {process.pid for process in pool._pool}  # type: ignore[attr-defined]
            for _ in batches:
                while True:
                    try:
                        yield from results.next(timeout=0.5)
                        break
                    except mp.TimeoutError:
                        # without maxtasksperchild a worker is replaced only when it died,
                        # and the files it had are never done: Pool would wait forever
                        now = {process.pid for process in pool._pool}  # type: ignore[attr-defined]
                        if now != workers:
                            raise WorkerDied(
                                "a worker process died (killed, or out of memory); the run "
                                "stopped: files not reported above may not have been judged; "
                                "none is half-written"
                            ) from None


_worker: tuple[Normalizer | Normalizers, Job] | None = None


class WorkerDied(NormtoolsError):
    """A worker process ended without its results (SIGKILL, the kernel's out-of-memory
    killer): multiprocessing.Pool replaced it and waited forever for its files."""


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """While a pool runs, SIGTERM and SIGHUP raise Terminated in the parent, so that
    leaving the pool terminates its workers: otherwise they would outlive the parent,
    go on fixing files and print tracebacks when they find it gone."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signums = [s for s in (getattr(signal, n, None) for n in ("SIGTERM", "SIGHUP")) if s]
    previous = {s: signal.getsignal(s) for s in signums}

    def handler(signum: int, frame: object) -> None:
        raise Terminated(signum)

    for s in signums:
        if previous[s] != signal.SIG_IGN:
            signal.signal(s, handler)
    try:
        yield
    finally:
        for s, before in previous.items():
            signal.signal(s, before)


def _quiet_workers() -> None:
    """Ctrl-C reaches every process of the group: workers leave it to the parent, which
    stops the pool and prints one line. SIGTERM and SIGHUP (the parent stopping the
    pool) end a worker, after removing the temporary file it may be writing."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) != signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)


def _work_batch(sources: Sequence[Source]) -> list[Outcome]:
    return [_work(source) for source in sources]


def _work(source: Source) -> Outcome:
    assert _worker is not None
    normalizers, job = _worker
    normalizer = (
        normalizers.for_path(source.where) if isinstance(normalizers, Normalizers) else normalizers
    )
    shown, eol, lines = job.show_suppressed, source.eol, source.lines
    if source.path is not None:
        on_disk = normalizer.fix_file if job.fix else normalizer.check_file
        result = on_disk(source.path, source.name, show_suppressed=shown, eol=eol, lines=lines)
    else:
        in_memory = normalizer.fix_bytes if job.fix else normalizer.check_bytes
        data = source.data or b""
        result = in_memory(data, source.name, show_suppressed=shown, eol=eol, lines=lines)
    outcome = Outcome(source, result)
    if result.skipped:
        outcome.problem = f"skipped: {result.skipped}; the file was left unchanged"
        if result.skip_kind != textio.ENCODE:
            return outcome
    if job.write and result.changed and source.path is not None and not result.skipped:
        try:
            write_result(result)
        except textio.FileNotWritten as exc:  # this file only: say why, go on
            outcome.problem = f"not written: {exc.detail}; the file was left unchanged"
        else:
            outcome.written = True
    return outcome


def _worth_forking(sources: Sequence[Source]) -> bool:
    if len(sources) >= PARALLEL_MIN_FILES:
        return True
    total = 0
    for s in sources:
        if s.data is not None:
            total += len(s.data)
        elif s.path is not None:
            with contextlib.suppress(OSError):
                total += s.path.stat().st_size
    return total >= PARALLEL_MIN_BYTES
