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
from pathlib import Path

from normtools import regexcache
from normtools.model import Document
from normtools.text import common_han

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


BINARY = "binary"
UNDECODABLE = "undecodable"


class UnreadableFile(Exception):
    """A file normtools will not touch; ``reason`` is one of SKIP_KINDS."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def filetype_for(name: str | os.PathLike[str]) -> str:
    return "md" if Path(name).suffix.lower() in MD_SUFFIXES else "txt"


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
        return from_text(data.decode("utf-8"), filetype)
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
    text = doc.text if doc.newline == "\n" else doc.text.replace("\n", doc.newline)
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
    """The text of ``doc`` with its line ends applied (for stdin/stdout use)."""
    return doc.text if doc.newline == "\n" else doc.text.replace("\n", doc.newline)


def read_document(path: Path, *, prefer_big5: bool = False) -> tuple[Document, bytes]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile("io", exc.strerror or str(exc)) from None
    return decode(data, filetype_for(path), prefer_big5=prefer_big5), data


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file."""
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    import tempfile

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


def _decoded_head(sample: bytes, encoding: str) -> str | None:
    """``sample`` decoded as ``encoding`` (a cut character at the end is allowed), or
    None when it does not decode or does not read as text."""
    try:
        head = codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return None
    return head if head and _plausible_text(head) else None
