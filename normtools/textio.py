"""Bytes <-> Document, and the only module that reads or writes the user's files.

Decoding: strict UTF-8, else a Chinese legacy encoding only when the reading is certain
(normtools/detect.py); anything else raises UnreadableFile and is never written.
Reading: regular files only (a FIFO or a device never blocks a run), with what was read
remembered (FileState). Writing: a private temporary file in the same directory, then
``os.replace`` (normtools/atomic.py), only if the file is still what was read, is
writable, has one link and keeps its owner; otherwise FileNotWritten says why.

Why a file was left alone is one of SKIP_KINDS: ``FileResult.skip_kind`` on the read
side, ``FileNotWritten.kind`` on the write side. Both errors carry the user's file
name and a one-line ``detail``; report it and go on with the next file.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from normtools import regexcache
from normtools.model import Document
from normtools.text import LineEnds, common_han

MD_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
# Document.filetype of each name a ``file-types`` table may use, and the built-in map.
FILETYPE_OF_NAME = {"text": "txt", "markdown": "md", "mdx": "mdx", "rst": "rst"}
_BUILTIN_TYPES = {**dict.fromkeys(MD_SUFFIXES, "md"), ".mdx": "mdx", ".rst": "rst"}
_BINARY_SIGNATURES = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x7fELF",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",  # OLE: .doc, .xls
    b"MZ",
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# -- why a file was left alone -------------------------------------------------------------

BINARY = "binary"
UNDECODABLE = "undecodable"
NOT_REGULAR = "not-regular"
IO = "io"
ENCODE = "encode"
CHANGED = "changed"
READ_ONLY = "read-only"
HARD_LINK = "hard-link"
OWNER = "owner"
WRITE = "write"

SKIP_KINDS: dict[str, str] = {
    BINARY: "binary file (NUL bytes or a known signature); a directory walk skips it quietly",
    UNDECODABLE: "not UTF-8 and no certain reading: damaged UTF-8, too short, Korean or "
    "Japanese, mixed encodings",
    NOT_REGULAR: "a FIFO, socket, device or directory: never opened for reading",
    IO: "could not be read (permission, I/O error)",
    ENCODE: "the fixed text cannot be written back exactly in the file's encoding",
    CHANGED: "changed, replaced or deleted while normtools was fixing it: run again",
    READ_ONLY: "no write permission (or no write bit at all): left as it is",
    HARD_LINK: "several hard links: replacing the file would break them",
    OWNER: "its owner or group could not be kept",
    WRITE: "the write failed (disk full, file too large, read-only file system, "
    "directory not writable, name too long)",
}


class FileProblem(Exception):
    """A file left unchanged. ``kind`` is one of SKIP_KINDS, ``detail`` one line."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


class UnreadableFile(FileProblem):
    """A file normtools will not read (so never writes); ``reason`` is its kind."""

    @property
    def reason(self) -> str:
        return self.kind


class FileNotWritten(FileProblem):
    """A fix that was not written; ``str(exc)`` is ``"<user's file>: <detail>"``."""

    def __init__(self, path: str | os.PathLike[str], kind: str, detail: str) -> None:
        super().__init__(kind, detail)
        self.path = os.fspath(path)

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}"


def filetype_for(name: str | os.PathLike[str], file_types: Iterable[tuple[str, str]] = ()) -> str:
    """``txt``, ``md``, ``mdx`` or ``rst`` by extension; ``file_types`` (the setting:
    extension, type name) comes first."""
    suffix = Path(name).suffix.lower()
    for extension, type_name in file_types:
        if extension.lower() == suffix:
            return FILETYPE_OF_NAME[type_name]
    return _BUILTIN_TYPES.get(suffix, "txt")


def decode(data: bytes, filetype: str = "txt", *, prefer_big5: bool = False) -> Document:
    """Decode bytes into a Document, recording encoding, BOM and line ends.

    Order: a UTF-8 or UTF-16 BOM decides; NUL bytes in the alternating pattern of
    UTF-16 mean UTF-16, any other NUL (or a known signature) means binary; then strict
    UTF-8; then damaged UTF-8 (reported); then GB18030 or Big5, only when the reading is
    certain (normtools/detect.py). Anything else raises UnreadableFile: a file is never
    rewritten from a guess. ``prefer_big5`` is accepted for compatibility and ignored:
    a tie between GB18030 and Big5 is not certain.
    """
    del prefer_big5
    if data.startswith(codecs.BOM_UTF8):
        try:
            return from_text(data[3:].decode("utf-8"), filetype, bom=True)
        except UnicodeDecodeError:
            from normtools import detect

            damage = detect.utf8_damage(data[3:], offset=3)
            raise UnreadableFile(
                UNDECODABLE, damage or "starts with a UTF-8 BOM but is not UTF-8"
            ) from None
    for bom_bytes, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom_bytes):
            text = _strict(data[2:], name)
            if text is None or not _plausible_text(text):
                raise UnreadableFile(UNDECODABLE, f"starts with a {name} BOM but is not {name}")
            return from_text(text, filetype, bom=True, encoding=name)
    if data.startswith(_BINARY_SIGNATURES):
        raise UnreadableFile(BINARY, "binary file (a known binary signature)")
    if b"\x00" in data[:_SAMPLE]:
        order = _utf16_by_nuls(data)
        wide = _strict(data, order) if order is not None else None
        if order is None or wide is None or not _plausible_text(wide):
            raise UnreadableFile(BINARY, "binary file (NUL bytes)")
        return from_text(wide, filetype, encoding=order)
    try:
        return from_text(_utf8(data), filetype)
    except UnicodeDecodeError:
        pass
    from normtools import detect  # only for files that are not UTF-8

    damage = detect.utf8_damage(data)
    if damage:
        raise UnreadableFile(UNDECODABLE, damage)
    try:
        encoding = detect.chinese(data)
        text = _strict(data, encoding)
        if text is None or not _plausible_text(text):
            raise detect.Undecided(
                f"not UTF-8; reads as {detect.NAMES[encoding]} at first but not to the end; "
                "convert it to UTF-8 first"
            )
        detect.check_whole(text, encoding)
    except detect.Undecided as exc:
        raise UnreadableFile(UNDECODABLE, str(exc)) from None
    return from_text(text, filetype, encoding=encoding)


_SAMPLE = 1 << 16
_CONTROL = regexcache.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HAN_CHARS = regexcache.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]")
# What Chinese prose is made of: Han, ASCII, CJK and general punctuation, full-width forms.
_PLAUSIBLE = regexcache.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
    "\t\n\r\x0c\x20-\x7e\u00a0-\u00ff\u2010-\u2027\u2030-\u203b\u3000-\u303f"
    "\uff00-\uffef\u2460-\u24ff\u2160-\u217f\u00b7\u25a0-\u25ff\u2190-\u21ff]"
)


_DECODE_PIECE = 1 << 22


def _utf8(data: bytes) -> str:
    """``data.decode("utf-8")`` in pieces: decoding Chinese at once takes a buffer of
    twice the bytes on top of the result (a 200 MB file: 400 MB for a moment)."""
    if len(data) <= _DECODE_PIECE:
        return data.decode("utf-8")
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(data)
    end = len(data)
    pieces = [
        decoder.decode(view[i : i + _DECODE_PIECE], final=i + _DECODE_PIECE >= end)
        for i in range(0, end, _DECODE_PIECE)
    ]
    return "".join(pieces)


def _strict(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without a BOM: its NULs (high bytes of ASCII, low bytes of U+xx00) are
    not binary when the bytes decode, in one byte order, to plausible Chinese text."""
    if len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    best: tuple[float, float, str] | None = None
    for name in ("utf-16-le", "utf-16-be"):
        head = _decoded_head(sample, name)
        if head is None:
            continue
        plausible, common = _scores(head)
        if plausible >= 0.9 and common >= 0.6 and (best is None or (plausible, common) > best[:2]):
            best = (plausible, common, name)
    return best[2] if best else None


def _plausible_text(text: str) -> bool:
    """Text, not bytes in disguise: no stray control characters."""
    return _CONTROL.search(text) is None


def _scores(text: str) -> tuple[float, float]:
    """(share of characters found in Chinese prose, share of Han that are common).

    "Common" is GB2312 level 1 or Big5 level 1: the right decoding of real text
    scores near 1.0; a wrong one lands on rare characters, kana or private use.
    """
    if not text:
        return 0.0, 0.0
    plausible = len(_PLAUSIBLE.findall(text)) / len(text)
    han = _HAN_CHARS.findall(text)
    if not han:
        return plausible, 1.0
    return plausible, sum(1 for ch in han if common_han(ch)) / len(han)


# CR CR LF is one line end: a CRLF converted twice (an LF-to-CRLF step run on CRLF text);
# read as CR + CRLF it would put a blank line after every line.
_LINE_END = re.compile(r"\r\r\n|\r\n|\r|\n")


def from_text(
    text: str, filetype: str = "txt", *, bom: bool = False, encoding: str = "utf-8"
) -> Document:
    """A Document from text that may contain CRLF or CR line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
        bom = True
    if "\r" not in text:
        return Document(text=text, filetype=filetype, bom=bom, encoding=encoding)
    crcrlf = text.count("\r\r\n")
    crlf = text.count("\r\n") - crcrlf
    cr = text.count("\r") - crlf - 2 * crcrlf
    lf = text.count("\n") - crlf - crcrlf
    counts = {"\n": lf, "\r\n": crlf + crcrlf, "\r": cr}
    dominant = max(counts, key=lambda k: (counts[k], k == "\n"))
    # a doubled CRLF is reported as a mixed line end, so that no fix rewrites it unsaid
    mixed = sum(1 for v in counts.values() if v) > 1 or crcrlf > 0
    normalized = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    # the first line end that is not LF: before the first CR every line end is LF, so its
    # offset is the same in the LF-normalized text
    first = text.find("\r")
    ends = LineEnds(normalized, _LINE_END.findall(text)) if mixed else None
    return Document(
        text=normalized,
        filetype=filetype,
        newline=dominant,
        mixed_newlines=mixed,
        first_foreign_newline=first,
        bom=bom,
        encoding=encoding,
        line_ends=ends,
    )


def looks_binary(data: bytes) -> bool:
    """Known signatures, or NUL bytes that are not the pattern of UTF-16 text."""
    if data.startswith(_BINARY_SIGNATURES):
        return True
    if data.startswith(_UTF16_BOMS):
        return False
    return b"\x00" in data[:_SAMPLE] and _utf16_by_nuls(data) is None


def encode(doc: Document) -> bytes:
    """The bytes ``doc`` stands for: its newline style, BOM and encoding applied.

    Raises UnicodeEncodeError when the text does not encode in ``doc.encoding``, or
    does not decode back to exactly the same text (then nothing may be written)."""
    text = to_text(doc)
    if doc.encoding in ("utf-8", "utf_8"):
        return (codecs.BOM_UTF8 if doc.bom else b"") + text.encode("utf-8")
    data = text.encode(doc.encoding)
    if _decode_bytes(data, doc.encoding) != text:  # never write what would read back changed
        raise UnicodeEncodeError(
            doc.encoding, text, 0, len(text), "the encoded text does not read back as the same text"
        )
    if doc.bom and doc.encoding == "utf-16-le":
        return codecs.BOM_UTF16_LE + data
    if doc.bom and doc.encoding == "utf-16-be":
        return codecs.BOM_UTF16_BE + data
    return data


_decode_bytes = bytes.decode  # a seam for the round-trip test


def to_text(doc: Document) -> str:
    """The text of ``doc`` with its line ends applied: the file's own, line by line, while
    it still mixes them (nothing set them); otherwise its one line end."""
    if doc.mixed_newlines and doc.line_ends is not None:
        return doc.line_ends.apply(doc.text, doc.newline)
    return doc.text if doc.newline == "\n" else doc.text.replace("\n", doc.newline)


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileState:
    """What a file was when it was read: the write is refused if it is no longer that.

    ``digest`` (blake2b of the bytes, filled in by whoever hashed them) also catches an
    edit within the file system's timestamp resolution."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    digest: bytes = b""

    def matches(self, st: os.stat_result) -> bool:
        return (self.dev, self.ino, self.size, self.mtime_ns) == (
            st.st_dev,
            st.st_ino,
            st.st_size,
            st.st_mtime_ns,
        )


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | os.O_CLOEXEC


def read_file(path: str | os.PathLike[str]) -> tuple[bytes, FileState]:
    """The bytes of a regular file and its FileState, or UnreadableFile.

    ``stat`` first, so that a FIFO, socket or device is never opened; then open with
    O_NONBLOCK (a FIFO swapped in meanwhile cannot block) and ``fstat`` the descriptor.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        raise UnreadableFile(IO, _reason(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        try:  # a directory a walk could not list
            os.scandir(path).close()
        except OSError as exc:
            raise UnreadableFile(IO, f"a directory that cannot be read: {_reason(exc)}") from None
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFile(NOT_REGULAR, f"not a regular file ({_file_kind(st.st_mode)})")
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        raise UnreadableFile(IO, _reason(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableFile(NOT_REGULAR, f"not a regular file ({_file_kind(st.st_mode)})")
        with open(fd, "rb", closefd=False) as fh:
            data = fh.read()
        after = os.fstat(fd)
    except OSError as exc:
        raise UnreadableFile(IO, _reason(exc)) from None
    finally:
        os.close(fd)
    if not st.st_size and data:
        raise UnreadableFile(NOT_REGULAR, "not a regular file (a pseudo-file such as /proc)")
    if len(data) != st.st_size or not FileState(
        st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns
    ).matches(after):
        raise UnreadableFile(CHANGED, "changed while being read; run again")
    return data, FileState(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def read_document(path: Path, *, prefer_big5: bool = False) -> tuple[Document, bytes]:
    """``read_file`` then ``decode`` (both raise UnreadableFile)."""
    data, _ = read_file(path)
    return decode(data, filetype_for(path), prefer_big5=prefer_big5), data


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a file")


# -- writing -------------------------------------------------------------------------------


def write_atomic(
    path: str | os.PathLike[str], data: bytes, *, expected: FileState | None = None
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file.

    A symlink named here is resolved: its target is replaced and the link stays. With
    ``expected`` (what was read), the file must still be exactly that: a file changed,
    replaced or deleted meanwhile is left alone (a deleted one is never recreated).
    Refused, with FileNotWritten naming ``path``: a file without write permission (or,
    for root, without any write bit), a file with several hard links (replacing it
    would break them), a file whose owner or group cannot be kept. Every I/O error is
    a FileNotWritten too; the temporary file never outlives the call.
    """
    target = os.path.realpath(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if expected is not None:
            raise FileNotWritten(path, CHANGED, "deleted while fixing; not recreated") from None
        st = None
    except OSError as exc:
        raise FileNotWritten(path, WRITE, _reason(exc)) from None
    if st is not None:
        _check_replaceable(path, target, st, expected)
    from normtools import atomic  # only when something is written

    with atomic.cleanup_on_signals():
        name = ""
        try:
            fd, name = atomic.create_temp(os.path.dirname(target))
            try:
                atomic.write_all(fd, data)
                if st is not None:
                    _keep_owner_and_mode(path, fd, st)
                else:
                    os.fchmod(fd, 0o666 & ~_umask())
            finally:
                os.close(fd)
            if expected is not None:
                _check_unchanged(path, target, expected)
            atomic.replace(name, target)
        except FileNotWritten:
            atomic.discard(name)
            raise
        except OSError as exc:
            if name:
                atomic.discard(name)
            raise FileNotWritten(path, WRITE, _reason(exc)) from None
        except BaseException:
            if name:
                atomic.discard(name)
            raise


def _check_replaceable(
    path: str | os.PathLike[str], target: str, st: os.stat_result, expected: FileState | None
) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise FileNotWritten(path, NOT_REGULAR, f"not a regular file ({_file_kind(st.st_mode)})")
    if expected is not None and not expected.matches(st):
        raise FileNotWritten(path, CHANGED, "changed while fixing; run again")
    if not os.access(target, os.W_OK) or not st.st_mode & 0o222:
        raise FileNotWritten(path, READ_ONLY, "read-only file (no write permission)")
    if st.st_nlink > 1:
        raise FileNotWritten(
            path,
            HARD_LINK,
            f"has {st.st_nlink} hard links; replacing it would break them",
        )
    euid = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
    if euid != 0 and st.st_uid != euid:
        raise FileNotWritten(
            path,
            OWNER,
            f"owned by another user (uid {st.st_uid}); fixing it would change its owner",
        )


def _keep_owner_and_mode(path: str | os.PathLike[str], fd: int, st: os.stat_result) -> None:
    """Give the temporary file the old file's owner, group and mode (chown first: it
    clears set-user-ID bits that chmod then restores)."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except PermissionError:
            raise FileNotWritten(
                path, OWNER, f"its group (gid {st.st_gid}) cannot be kept"
            ) from None
    os.fchmod(fd, stat.S_IMODE(st.st_mode))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check_unchanged(path: str | os.PathLike[str], target: str, expected: FileState) -> None:
    """Just before the replace: is the file still what was read (stat, then content)?"""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        raise FileNotWritten(path, CHANGED, "deleted while fixing; not recreated") from None
    if not expected.matches(st) or (expected.digest and _digest(target) != expected.digest):
        raise FileNotWritten(path, CHANGED, "changed while fixing; run again")


def _digest(target: str) -> bytes:
    from normtools.digest import blake2b

    h = blake2b()
    with open(target, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.digest()


_ERRNO_TEXT = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large (file system or ulimit -f limit)",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied (the file and its directory must be writable)",
    errno.EPERM: "operation not permitted",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOENT: "no such file or directory",
    errno.EISDIR: "is a directory",
}


def _reason(exc: OSError) -> str:
    """An OSError as a few words, without the file names it carries (a temporary name
    would mislead; the caller names the user's file)."""
    if exc.errno in _ERRNO_TEXT:
        return _ERRNO_TEXT[exc.errno]
    return exc.strerror or type(exc).__name__


def _decoded_head(sample: bytes, encoding: str) -> str | None:
    """``sample`` decoded as ``encoding`` (a cut character at the end is allowed), or
    None when it does not decode or does not read as text."""
    try:
        head = codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return None
    return head if head and _plausible_text(head) else None
