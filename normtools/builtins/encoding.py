"""What the file looks like on disk (rules/encoding.toml): BOM, encoding, mojibake.

A fragment (``Document.fragment``) is not a file: the BOM and encoding rules skip it.
"""

from __future__ import annotations

from collections.abc import Iterator

from normtools import mojibake as garbled
from normtools.builtins.registry import Options, builtin
from normtools.model import Context, Finder, Hit


@builtin(fix="always", locality="document")
def byte_order_mark(options: Options) -> Finder:
    """A byte-order mark at the start is removed unless ``bom = "keep"``.

    A UTF-16 file kept in UTF-16 (``encoding = "keep"``) keeps its BOM: there it is
    what tells readers the byte order.
    """

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        doc = ctx.doc
        if not doc.bom or doc.fragment or ctx.settings.bom != "remove":
            return
        if doc.encoding.startswith("utf-16") and ctx.settings.encoding == "keep":
            return
        yield Hit(0, 0, None, "byte-order mark at the start of the file", meta=(("bom", ""),))

    return find


@builtin(fix="always", locality="document")
def non_utf8_encoding(options: Options) -> Finder:
    """A file not in UTF-8 is written back as UTF-8 unless ``encoding = "keep"``."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        encoding = ctx.doc.encoding
        if encoding in ("utf-8", "utf_8") or ctx.doc.fragment or ctx.settings.encoding == "keep":
            return
        yield Hit(
            0,
            0,
            None,
            f"file is encoded as {encoding.upper()}: `normtools fix` rewrites it as UTF-8 "
            '(set encoding = "keep" to keep it)',
            meta=(("encoding", "utf-8"),),
        )

    return find


@builtin(fix="sometimes", locality="line")
def mojibake(options: Options) -> Finder:
    """Text that was UTF-8 but got decoded as cp1252/Latin-1 or GBK: repaired where the
    round trip is exact, otherwise reported."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        for start, end in ctx.windows(text):
            yield from garbled.find(text, start, end)

    return find
