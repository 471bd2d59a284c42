"""Bytes <-> Document. The only module that reads or writes files.

Decoding: strict UTF-8 first, then charset-normalizer. A file that looks binary or
cannot be decoded with confidence raises UnreadableFile and is never written.
Writes are atomic: a temporary file in the same directory, then ``os.replace``.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from pathlib import Path

from normtools.model import Document

MD_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
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


class UnreadableFile(Exception):
    """A file normtools will not touch; ``reason`` is 'binary', 'undecodable' or 'io'."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def filetype_for(name: str | os.PathLike[str]) -> str:
    return "md" if Path(name).suffix.lower() in MD_SUFFIXES else "txt"


def decode(data: bytes, filetype: str = "txt") -> Document:
    """Decode bytes into a Document, recording encoding, BOM and line ends."""
    bom = data.startswith(codecs.BOM_UTF8)
    if not data.startswith(_UTF16_BOMS) and looks_binary(data):
        raise UnreadableFile("binary", "binary file (NUL bytes or a known binary signature)")
    try:
        text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _detect(data)
        bom = False
    return from_text(text, filetype, bom=bom, encoding=encoding)


def from_text(
    text: str, filetype: str = "txt", *, bom: bool = False, encoding: str = "utf-8"
) -> Document:
    """A Document from text that may contain CRLF or CR line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
        bom = True
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    if not crlf and not cr:
        return Document(text=text, filetype=filetype, bom=bom, encoding=encoding)
    counts = {"\n": lf, "\r\n": crlf, "\r": cr}
    dominant = max(counts, key=lambda k: (counts[k], k == "\n"))
    mixed = sum(1 for v in counts.values() if v) > 1
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    first = _first_foreign(text)
    return Document(
        text=normalized,
        filetype=filetype,
        newline=dominant,
        mixed_newlines=mixed,
        first_foreign_newline=first,
        bom=bom,
        encoding=encoding,
    )


def _first_foreign(text: str) -> int:
    """Offset, in the LF-normalized text, of the first line end that is not LF."""
    pos = text.find("\r")
    if pos < 0:
        return -1
    before = text[:pos]
    return pos - before.count("\r\n")


def looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_SIGNATURES):
        return True
    return b"\x00" in data[:8192]


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("undecodable", "not valid UTF-8 and no encoding fits with confidence")
    encoding = codecs.lookup(best.encoding).name
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise UnreadableFile("undecodable", f"cannot decode as {encoding}") from None
    if encoding.startswith("utf-16") or encoding.startswith("utf_16"):
        text = text.lstrip("\ufeff")
    return text, encoding


def encode(doc: Document) -> bytes:
    """The bytes ``doc`` stands for: its newline style, BOM and encoding applied."""
    text = doc.text if doc.newline == "\n" else doc.text.replace("\n", doc.newline)
    if doc.encoding in ("utf-8", "utf_8"):
        return (codecs.BOM_UTF8 if doc.bom else b"") + text.encode("utf-8")
    return text.encode(doc.encoding)


def to_text(doc: Document) -> str:
    """The text of ``doc`` with its line ends applied (for stdin/stdout use)."""
    return doc.text if doc.newline == "\n" else doc.text.replace("\n", doc.newline)


def read_document(path: Path) -> tuple[Document, bytes]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile("io", exc.strerror or str(exc)) from None
    return decode(data, filetype_for(path)), data


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file."""
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".normtools", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
