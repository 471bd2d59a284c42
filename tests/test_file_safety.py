"""Issue 9, the file side: nothing lost, nothing hung.

A fix is written only over the file that was read (not one changed, replaced or deleted
meanwhile), never over a read-only file, a hard-linked one or one whose owner would
change; through a short private temporary file that no failure, Ctrl-C or SIGTERM leaves
behind; every I/O error names the user's file in one line. Only regular files are read.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from normtools import Normalizer, atomic, textio
from normtools.api import write_result

N = Normalizer()
BEFORE, AFTER = "发展,做到\n", "发展，做到\n"
ROOT = os.geteuid() == 0
REPO = Path(__file__).resolve().parents[1]


def _file(workdir: Path, name: str = "a.txt", text: str = BEFORE) -> Path:
    path = workdir / name
    path.write_text(text, encoding="utf-8")
    return path


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(atomic.PREFIX))


def _not_written(result, kind: str) -> textio.FileNotWritten:  # type: ignore[no-untyped-def]
    with pytest.raises(textio.FileNotWritten) as caught:
        write_result(result)
    assert caught.value.kind == kind
    assert caught.value.kind in textio.SKIP_KINDS
    assert str(caught.value).startswith(f"{result.path}: ")
    assert "\n" not in str(caught.value)
    return caught.value


# -- lost updates ------------------------------------------------------------------------


def test_a_paragraph_typed_meanwhile_is_not_lost(workdir: Path) -> None:
    path = _file(workdir)
    result = N.fix_file(path)
    with path.open("a", encoding="utf-8") as fh:  # the user types in an editor meanwhile
        fh.write("新的一段\n")
    error = _not_written(result, textio.CHANGED)
    assert "changed while fixing; run again" in str(error)
    assert path.read_text(encoding="utf-8") == BEFORE + "新的一段\n"
    assert _leftovers(workdir) == []


def test_an_edit_with_the_same_size_and_time_is_caught_by_content(workdir: Path) -> None:
    path = _file(workdir)
    result = N.fix_file(path)
    st = path.stat()
    path.write_text(BEFORE.replace("发展", "做好"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    _not_written(result, textio.CHANGED)
    assert path.read_text(encoding="utf-8") == "做好,做到\n"


def test_a_file_deleted_meanwhile_is_not_recreated(workdir: Path) -> None:
    path = _file(workdir)
    result = N.fix_file(path)
    path.unlink()
    error = _not_written(result, textio.CHANGED)
    assert "deleted while fixing; not recreated" in str(error)
    assert not path.exists() and _leftovers(workdir) == []


def test_a_file_replaced_meanwhile_is_left(workdir: Path) -> None:
    path = _file(workdir)
    result = N.fix_file(path)
    other = _file(workdir, "b.txt", BEFORE)
    os.replace(other, path)  # same bytes, another inode: what a concurrent run does
    _not_written(result, textio.CHANGED)


def test_two_runs_do_not_undo_each_other(workdir: Path) -> None:
    """Run A (default rules) and run B (only ZH3xx) read the same files; A writes first.
    B must not write its result, computed from the old text, over A's fixes."""
    from normtools.config import Config

    paths = [_file(workdir, f"{i}.txt", "要再接再励,发展\n") for i in range(20)]
    only_typos = Normalizer(Config(select=["ZH3"]))
    late = [only_typos.fix_file(p) for p in paths]
    for p in paths:
        write_result(N.fix_file(p))
    for result in late:
        _not_written(result, textio.CHANGED)
    assert {p.read_text(encoding="utf-8") for p in paths} == {"要再接再厉，发展\n"}


# -- what is refused ---------------------------------------------------------------------


def test_read_only_file_is_reported_and_left(cli, workdir: Path) -> None:
    path = _file(workdir)
    path.chmod(0o444)
    run = cli("fix", "a.txt")
    assert run.code == 1
    assert "a.txt: not written: read-only file (no write permission)" in run.err
    assert path.read_text(encoding="utf-8") == BEFORE
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert "Traceback" not in run.err and "Fixing" not in run.out


def test_hard_links_are_not_broken(cli, workdir: Path) -> None:
    path = _file(workdir)
    twin = workdir / "twin.txt"
    os.link(path, twin)
    run = cli("fix", "a.txt")
    assert run.code == 1
    assert "a.txt: not written: has 2 hard links; replacing it would break them" in run.err
    assert path.read_text(encoding="utf-8") == twin.read_text(encoding="utf-8") == BEFORE
    assert path.stat().st_ino == twin.stat().st_ino


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another user")
def test_owner_and_group_are_kept(workdir: Path) -> None:
    path = _file(workdir)
    os.chown(path, 65534, 65534)
    path.chmod(0o664)
    write_result(N.fix_file(path))
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 65534, 0o664)
    assert path.read_text(encoding="utf-8") == AFTER


def test_a_file_of_another_user_is_refused_when_the_owner_cannot_be_kept(
    monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    path = _file(workdir)
    result = N.fix_file(path)
    monkeypatch.setattr(os, "geteuid", lambda: path.stat().st_uid + 1000)
    error = _not_written(result, textio.OWNER)
    assert "owned by another user" in str(error)
    assert path.read_text(encoding="utf-8") == BEFORE


def test_a_group_that_cannot_be_kept_is_refused(
    monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    path = _file(workdir)
    result = N.fix_file(path)
    st = path.stat()
    temp = os.stat_result((0o100600, 0, 0, 1, st.st_uid, st.st_gid + 1, 0, 0, 0, 0))
    monkeypatch.setattr(os, "fstat", lambda fd: temp)  # the temporary file got another group

    def refuse(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refuse)
    error = _not_written(result, textio.OWNER)
    assert "group" in str(error)
    assert path.read_text(encoding="utf-8") == BEFORE
    assert _leftovers(workdir) == []


# -- temporary files ---------------------------------------------------------------------


def test_temporary_file_is_short_private_and_beside_the_file(
    monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    path = _file(workdir)
    seen: list[tuple[str, int]] = []
    real_replace = atomic.replace

    def spy(name: str, target: str) -> None:
        seen.append((name, stat.S_IMODE(os.stat(name).st_mode)))
        real_replace(name, target)

    monkeypatch.setattr(atomic, "replace", spy)
    path.chmod(0o640)
    write_result(N.fix_file(path))
    ((name, mode),) = seen
    assert Path(name).parent == workdir
    assert re.fullmatch(r"\.normtools-[a-z0-9]{6}\.tmp", Path(name).name)
    assert mode == 0o640  # created 0600, given the file's mode before the rename
    assert path.read_text(encoding="utf-8") == AFTER


def test_a_planted_symlink_is_never_followed(
    monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    victim = _file(workdir, "victim.txt", "不要碰\n")
    names = iter([".normtools-aaaaaa.tmp", ".normtools-bbbbbb.tmp"])
    monkeypatch.setattr(atomic, "temp_name", lambda d: os.path.join(d, next(names)))
    (workdir / ".normtools-aaaaaa.tmp").symlink_to(victim)
    path = _file(workdir)
    write_result(N.fix_file(path))
    assert victim.read_text(encoding="utf-8") == "不要碰\n"
    assert path.read_text(encoding="utf-8") == AFTER
    assert (workdir / ".normtools-aaaaaa.tmp").is_symlink()  # someone else's: left alone


def test_an_80_character_chinese_file_name_can_be_fixed(cli, workdir: Path) -> None:
    name = "关于进一步加强和改进新时代基层治理工作的实施意见" * 4  # 96 characters
    name = name[:80] + ".txt"
    assert len(name.encode()) == 244
    path = _file(workdir, name)
    run = cli("fix", name)
    assert run.code == 0, run.err
    assert path.read_text(encoding="utf-8") == AFTER


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "no space left on device"),
        (errno.EFBIG, "file too large"),
        (errno.EROFS, "read-only file system"),
        (errno.EACCES, "permission denied"),
        (errno.ENAMETOOLONG, "file name too long"),
        (errno.EDQUOT, "disk quota exceeded"),
    ],
)
def test_io_errors_name_the_users_file_and_the_run_goes_on(
    monkeypatch: pytest.MonkeyPatch, cli, workdir: Path, code: int, words: str
) -> None:
    first, second = _file(workdir, "a.txt"), _file(workdir, "b.txt")
    real_create = atomic.create_temp

    def failing(directory: str) -> tuple[int, str]:
        fd, name = real_create(directory)
        if not failing.done:  # type: ignore[attr-defined]
            failing.done = True  # type: ignore[attr-defined]
            os.close(fd)
            atomic.discard(name)
            raise OSError(code, os.strerror(code), name)
        return fd, name

    failing.done = False  # type: ignore[attr-defined]
    monkeypatch.setattr(atomic, "create_temp", failing)
    run = cli("fix", "a.txt", "b.txt")
    assert run.code == 1
    assert f"a.txt: not written: {words}" in run.err
    assert ".normtools-" not in run.err and "Traceback" not in run.err
    assert first.read_text(encoding="utf-8") == BEFORE
    assert second.read_text(encoding="utf-8") == AFTER  # the run went on
    assert _leftovers(workdir) == []


def test_file_size_limit_for_real(workdir: Path) -> None:
    """RLIMIT_FSIZE (ulimit -f) in a child process: EFBIG, one line, file intact."""
    path = _file(workdir, "big.txt", "发展,做到\n" * 20000)
    original = path.read_bytes()
    code = textwrap.dedent(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        from normtools.cli import main
        sys.exit(main(["fix", "big.txt"]))
        """
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=workdir, capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "big.txt: not written: file too large" in run.stderr
    assert "Traceback" not in run.stderr
    assert path.read_bytes() == original
    assert _leftovers(workdir) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_no_temporary_file_is_left_on_sigterm_or_ctrl_c(workdir: Path, signum: int) -> None:
    """The child stops inside the write (fsync sleeps); the signal must not leave the
    temporary file behind, nor touch the user's file."""
    path = _file(workdir)
    code = textwrap.dedent(
        """
        import os, time
        real = os.fsync
        def slow(fd):
            os.fsync = real  # only the first write waits
            print("writing", flush=True)
            time.sleep(30)
            real(fd)
        os.fsync = slow
        from normtools.cli import main
        main(["fix", "a.txt"])
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "writing\n"
    assert len(_leftovers(workdir)) == 1
    child.send_signal(signum)
    child.communicate(timeout=60)
    assert _leftovers(workdir) == []
    assert path.read_text(encoding="utf-8") == BEFORE


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_to_the_parent_stops_the_worker_pool(workdir: Path, signum: int) -> None:
    """`kill PID` (or a CI timeout) reaches only the parent of `fix --jobs 2`: its workers
    must stop too (not go on fixing files, then print a traceback each), remove the
    temporary file they were writing, and the run ends with one line."""
    for i in range(40):
        _file(workdir, f"f{i:02}.txt")
    code = textwrap.dedent(
        """
        import os, time
        real = os.fsync
        def slow(fd):  # every worker's first write waits
            os.fsync = real
            os.write(1, b"writing\\n")
            time.sleep(30)
            real(fd)
        os.fsync = slow
        import sys
        from normtools.cli import main
        sys.exit(main(["fix", "--jobs", "2", "."]))
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "writing\n"
    child.send_signal(signum)  # the parent only, not the process group
    _out, err = child.communicate(timeout=60)
    assert child.returncode == 128 + signum
    assert err.strip().splitlines() == [f"normtools: stopped by signal {signum}"]
    deadline = time.monotonic() + 30
    while True:  # the workers are gone with it
        try:
            os.killpg(child.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "a worker outlived the run"
        time.sleep(0.1)
    assert _leftovers(workdir) == []
    texts = {p.read_text(encoding="utf-8") for p in workdir.glob("f*.txt")}
    assert texts <= {BEFORE, AFTER}


def test_ctrl_c_is_one_line(workdir: Path) -> None:
    for i in range(40):
        _file(workdir, f"f{i:02}.txt")
    code = textwrap.dedent(
        """
        import os, signal, time
        signal.signal(signal.SIGINT, signal.default_int_handler)
        real = os.fsync
        def slow(fd):
            os.fsync = real
            os.write(1, b"writing\\n")
            time.sleep(30)
            real(fd)
        os.fsync = slow
        import sys
        from normtools.cli import main
        sys.exit(main(["fix", "--jobs", "2", "."]))
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "writing\n"
    os.killpg(child.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    _out, err = child.communicate(timeout=60)
    assert child.returncode == 130
    assert err.strip().splitlines() == ["normtools: interrupted"]
    assert _leftovers(workdir) == []


def test_a_worker_killed_ends_the_run_with_one_line(workdir: Path) -> None:
    """A worker killed by SIGKILL (the kernel's out-of-memory killer) made `fix --jobs 2`
    wait forever: multiprocessing.Pool replaced the worker and never got its files."""
    for i in range(40):
        _file(workdir, f"f{i:02}.txt")
    code = textwrap.dedent(
        """
        import os, time
        real = os.fsync
        def slow(fd):  # every worker's first write waits
            os.fsync = real
            os.write(1, f"writing {os.getpid()}\\n".encode())
            time.sleep(30)
            real(fd)
        os.fsync = slow
        import sys
        from normtools.cli import main
        sys.exit(main(["fix", "--jobs", "2", "."]))
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert child.stdout is not None
    worker = int(child.stdout.readline().split()[1])
    assert worker != child.pid
    os.kill(worker, signal.SIGKILL)
    try:
        _out, err = child.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail("the run hung after a worker was killed")
    assert child.returncode == 2
    [line] = err.strip().splitlines()
    assert line.startswith("normtools: error: a worker process died")
    texts = {p.read_text(encoding="utf-8") for p in workdir.glob("f*.txt")}
    assert texts <= {BEFORE, AFTER}  # none half-written


def test_signal_handlers_are_restored_after_a_write(workdir: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    write_result(N.fix_file(_file(workdir)))
    assert signal.getsignal(signal.SIGTERM) == before


# -- only regular files are read ---------------------------------------------------------


def _run_cli(workdir: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """In a child with a timeout: a hang fails the test instead of the whole suite."""
    return subprocess.run(
        [sys.executable, "-m", "normtools", *argv],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_a_fifo_is_reported_not_opened(workdir: Path) -> None:
    os.mkfifo(workdir / "pipe.txt")
    _file(workdir)
    run = _run_cli(workdir, "fix", "pipe.txt", "a.txt")
    assert run.returncode == 1
    assert "pipe.txt: skipped: not a regular file (a FIFO)" in run.stderr
    assert (workdir / "a.txt").read_text(encoding="utf-8") == AFTER


@pytest.mark.parametrize(
    ("device", "kind"), [("/dev/zero", "a character device"), ("/dev/stdin", "")]
)
def test_devices_are_reported(workdir: Path, device: str, kind: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    run = _run_cli(workdir, "check", device)
    assert run.returncode == 1
    assert f"{device}: skipped: not a regular file ({kind}" in run.stderr
    assert "Traceback" not in run.stderr


def test_standard_input_from_an_endless_device_is_refused(workdir: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        run = subprocess.run(
            [sys.executable, "-m", "normtools", "check", "-"],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=zero,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    assert run.returncode == 2
    assert (
        run.stderr
        == "normtools: error: -: standard input is a device, not text (such as /dev/zero)\n"
    )
    # /dev/null is an empty text
    assert _run_cli(workdir, "check", "-").returncode == 0


def test_a_socket_is_reported(workdir: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(workdir / "s.txt"))
        data = N.check_file(workdir / "s.txt")
    finally:
        server.close()
    assert (data.skip_kind, data.skipped) == (textio.NOT_REGULAR, "not a regular file (a socket)")


def test_a_fifo_swapped_in_after_stat_does_not_block(
    monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    fifo = workdir / "late.txt"
    os.mkfifo(fifo)
    regular = _file(workdir).stat()
    real_stat = os.stat

    def looks_regular(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        return regular if os.fspath(path) == str(fifo) else real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", looks_regular)
    started = time.monotonic()
    with pytest.raises(textio.UnreadableFile, match=r"not a regular file \(a FIFO\)"):
        textio.read_file(fifo)
    assert time.monotonic() - started < 60  # O_NONBLOCK: the open returned at once


def test_proc_pseudo_files_are_not_read_as_text(workdir: Path) -> None:
    if not os.path.exists("/proc/self/environ"):
        pytest.skip("no /proc")
    with pytest.raises(textio.UnreadableFile, match="pseudo-file"):
        textio.read_file("/proc/self/environ")
