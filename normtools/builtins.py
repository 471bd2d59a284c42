"""Rules that data cannot express, each declared in a rule file as ``kind = "builtin"``.

Every function here has the signature of a Finder factory: it takes the rule's
``options`` table and returns ``find(text, ctx) -> Iterator[Hit]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from normtools import regexcache
from normtools.matchers import hot_lines
from normtools.model import Context, Finder, Hit
from normtools.mojibake import mojibake
from normtools.script import foreign_script, mostly_foreign_script

HAN = r"\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U000323AF"
_HAN_RE = regexcache.compile(f"[{HAN}]")
_ZH_NEIGHBOUR = regexcache.compile(
    f"[{HAN}\uff0c\u3002\uff1b\uff1a\uff01\uff1f\u3001\uff08\uff09\u300a\u300b]"
)
_LATIN = regexcache.compile(r"[A-Za-z]")

GARBLED_DOUBLE = "\u201a\u201b\u201e\u201f\u301d\u301e\u301f\uff02"  # ‚ ‛ „ ‟ 〝 〞 〟 ＂
CURLY_DOUBLE = "\u201c\u201d"  # “ ”
ASCII_DOUBLE = '"'
DOUBLE_MARKS = frozenset(GARBLED_DOUBLE + CURLY_DOUBLE + ASCII_DOUBLE)
SINGLE_MARKS = frozenset("'\u2018\u2019")
CORNER_DOUBLE = "\u300c\u300d"  # 「 」
CORNER_SINGLE = "\u300e\u300f"  # 『 』

Options = Mapping[str, object]


def _lines(text: str, trigger: re.Pattern[str]) -> Iterator[tuple[int, str]]:
    """(offset, line) for every line where ``trigger`` matches, without its newline.

    Lines without a trigger are skipped in one C-speed scan: clean text costs little.
    """
    for start, end in hot_lines(text, trigger):
        yield start, text[start:end]


_ANY_DOUBLE = regexcache.compile("[" + GARBLED_DOUBLE + CURLY_DOUBLE + ASCII_DOUBLE + "]")
_ANY_SINGLE = regexcache.compile("['\u2018\u2019]")
_ANY_DOUBLE_CORNER = regexcache.compile(
    "[" + GARBLED_DOUBLE + CURLY_DOUBLE + ASCII_DOUBLE + CORNER_DOUBLE + "]"
)
_ANY_SINGLE_CORNER = regexcache.compile("['\u2018\u2019" + CORNER_SINGLE + "]")


def _quote_lines(text: str, ctx: Context, opener: str) -> list[tuple[int, str]]:
    """Lines whose double marks may need pairing; computed once per text and shared
    by the three quote rules."""
    key = f"quote-lines:{opener}"
    cached = ctx.cache.get(key)
    if cached is None:
        lines = list(_lines(text, _ANY_DOUBLE if opener == "\u201c" else _ANY_DOUBLE_CORNER))
        if opener == "\u201c":
            lines = [(o, line) for o, line in lines if _suspicious_curly(line)]
        ctx.cache[key] = cached = lines
    return cached  # type: ignore[return-value]


def _suspicious_curly(line: str) -> bool:
    """Anything but curly marks alternating “ ” “ ”, starting with “ and ending with ”."""
    if _OTHER_DOUBLE.search(line):
        return True
    expected = "\u201c"
    for ch in _CURLY_ONLY.findall(line):
        if ch != expected:
            return True
        expected = "\u201d" if expected == "\u201c" else "\u201c"
    return expected != "\u201c"


_OTHER_DOUBLE = regexcache.compile("[" + GARBLED_DOUBLE + ASCII_DOUBLE + "]")
_CURLY_ONLY = regexcache.compile("[\u201c\u201d]")


def _protected(ctx: Context, pos: int) -> bool:
    return ctx.protected is not None and ctx.protected.contains(pos)


def quote_style(ctx: Context) -> tuple[str, str, str, str]:
    """Open/close marks for double and single quotes under the active profile."""
    style = ctx.settings.quotes
    if style == "auto":
        style = "corner" if ctx.settings.profile in ("zh-Hant", "zh-TW", "zh-HK") else "curly"
    if style == "corner":
        return "\u300c", "\u300d", "\u300e", "\u300f"
    return "\u201c", "\u201d", "\u2018", "\u2019"


def double_marks(line: str, offset: int, ctx: Context) -> list[int]:
    """Positions (in ``line``) of the double quote marks that take part in pairing.

    ASCII ``"`` take part only on lines that contain Han; marks inside protected spans
    (code, URLs) never do.
    """
    has_han = _HAN_RE.search(line) is not None
    corner = quote_style(ctx)[0] == "\u300c"
    marks = []
    for i, ch in enumerate(line):
        if ch in DOUBLE_MARKS or (corner and ch in CORNER_DOUBLE):
            if ch == ASCII_DOUBLE and not has_han:
                continue
            if _protected(ctx, offset + i):
                continue
            marks.append(i)
    return marks


def _ascii_pair_is_chinese(line: str, open_i: int, close_i: int) -> bool:
    """An ASCII pair is a Chinese quotation when it quotes Han or sits next to Chinese."""
    if _HAN_RE.search(line, open_i + 1, close_i):
        return True
    before = line[:open_i].rstrip()
    after = line[close_i + 1 :].lstrip()
    return bool(
        (before and _ZH_NEIGHBOUR.match(before[-1])) or (after and _ZH_NEIGHBOUR.match(after[0]))
    )


def paired_doubles(line: str, offset: int, ctx: Context) -> list[tuple[int, int]] | None:
    """Pairs (open, close) of double-mark positions in ``line``; None when unpairable."""
    marks = double_marks(line, offset, ctx)
    if len(marks) % 2:
        return None
    return [(marks[k], marks[k + 1]) for k in range(0, len(marks), 2)]


def double_quotes(options: Options) -> Finder:
    """Pair double marks within a paragraph: 1st, 3rd, ... open; 2nd, 4th, ... close.

    ``options.marks`` selects which marks this rule rewrites (garbled, ascii, curly), so
    one pairing serves three codes. Lines with an odd count are left to the
    unbalanced-pair check.
    """
    category = str(options.get("marks", "curly"))
    # "curly" also covers corner marks: under the corner style “ ” become 「 」 and a
    # misdirected 」…「 is turned round, by the same pairing.
    wanted = {
        "garbled": GARBLED_DOUBLE,
        "ascii": ASCII_DOUBLE,
        "curly": CURLY_DOUBLE + CORNER_DOUBLE,
    }[category]

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        opener, closer, _, _ = quote_style(ctx)
        for offset, line in _quote_lines(text, ctx, opener):
            pairs = paired_doubles(line, offset, ctx)
            if not pairs:
                continue
            for open_i, close_i in pairs:
                if (
                    line[open_i] == ASCII_DOUBLE
                    and line[close_i] == ASCII_DOUBLE
                    and not _ascii_pair_is_chinese(line, open_i, close_i)
                ):
                    continue
                for i, target in ((open_i, opener), (close_i, closer)):
                    ch = line[i]
                    if ch != target and ch in wanted:
                        yield Hit(
                            offset + i,
                            offset + i + 1,
                            target,
                            f"quote mark “{ch}” should be “{target}”",
                        )

    return find


def _is_apostrophe(line: str, i: int) -> bool:
    before = line[i - 1] if i > 0 else ""
    after = line[i + 1] if i + 1 < len(line) else ""
    return bool(before and _LATIN.match(before) and (not after or not _HAN_RE.match(after)))


def single_quotes_nested(options: Options) -> Finder:
    """Single marks inside a paired double quotation become ‘ ’ by the same parity rule."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        _, _, s_open, s_close = quote_style(ctx)
        corner = s_open == "\u300e"
        singles = SINGLE_MARKS | frozenset(CORNER_SINGLE) if corner else SINGLE_MARKS
        for offset, line in _lines(text, _ANY_SINGLE_CORNER if corner else _ANY_SINGLE):
            if (_ANY_DOUBLE_CORNER if corner else _ANY_DOUBLE).search(line) is None:
                continue
            pairs = paired_doubles(line, offset, ctx)
            for open_i, close_i in pairs or ():
                inner = [
                    i
                    for i in range(open_i + 1, close_i)
                    if line[i] in singles
                    and not _is_apostrophe(line, i)
                    and not _protected(ctx, offset + i)
                ]
                if not inner or len(inner) % 2:
                    continue
                for k, i in enumerate(inner):
                    target = s_open if k % 2 == 0 else s_close
                    if line[i] != target:
                        yield Hit(
                            offset + i,
                            offset + i + 1,
                            target,
                            f"nested quote mark “{line[i]}” should be “{target}”",
                        )

    return find


_PAIRS = (
    ("\uff08", "\uff09"),  # （）
    ("\u300a", "\u300b"),  # 《》
    ("\u3010", "\u3011"),  # 【】
    ("\u300c", "\u300d"),  # 「」
    ("\u300e", "\u300f"),  # 『』
    ("\u3014", "\u3015"),  # 〔〕
    ("\u2018", "\u2019"),  # ‘’
)


_PAIR_CHARS = "".join(o + c for o, c in _PAIRS)
_ANY_PAIR = regexcache.compile("[" + _PAIR_CHARS + "]")
_CLOSER_OF = {o: c for o, c in _PAIRS}


def _unbalanced_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines whose brackets do not balance, found in one pass over the bracket characters
    only (most lines with brackets are balanced; only these get the exact check, which
    also honours protected spans and apostrophes)."""
    depth: dict[str, int] = {}
    line_start = line_end = -1
    bad = False
    for m in _ANY_PAIR.finditer(text):
        pos = m.start()
        if pos > line_end:
            if bad or any(depth.values()):
                yield line_start, text[line_start:line_end]
            line_start = text.rfind("\n", 0, pos) + 1
            line_end = text.find("\n", pos)
            if line_end < 0:
                line_end = len(text)
            depth.clear()
            bad = False
        ch = text[pos]
        if ch in _CLOSER_OF:
            depth[ch] = depth.get(ch, 0) + 1
        else:
            opener = _OPENER_OF[ch]
            if depth.get(opener):
                depth[opener] -= 1
            else:
                bad = True
    if line_end >= 0 and (bad or any(depth.values())):
        yield line_start, text[line_start:line_end]


_OPENER_OF = {c: o for o, c in _PAIRS}


def unbalanced_pairs(options: Options) -> Finder:
    """Report the mark that has no partner, per paragraph and per kind of pair."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        for offset, line in _unbalanced_lines(text):
            yield from _unbalanced_brackets(line, offset, ctx)
        opener = quote_style(ctx)[0]
        # a line whose curly marks alternate “ ” “ ” is balanced: the quote rules' scan
        # already found the others
        for offset, line in _quote_lines(text, ctx, opener):
            yield from _unbalanced_doubles(line, offset, ctx)

    return find


def _unbalanced_brackets(line: str, offset: int, ctx: Context) -> Iterator[Hit]:
    """One stack per kind of pair, so one stray mark does not mismatch the others."""
    stacks: dict[str, list[int]] = {}
    han = None
    corner = quote_style(ctx)[0] == "\u300c"
    for m in _ANY_PAIR.finditer(line):
        i = m.start()
        ch = line[i]
        if corner and ch in CORNER_DOUBLE:
            continue  # under the corner style 「 」 are double quotes: paired below
        if ch in "\u2018\u2019":
            if han is None:
                han = _HAN_RE.search(line) is not None
            if not han or (ch == "\u2019" and _is_apostrophe(line, i)):
                continue  # English text uses ’ as an apostrophe
        if _protected(ctx, offset + i):
            continue
        if ch in _CLOSER_OF:
            stacks.setdefault(ch, []).append(i)
            continue
        stack = stacks.get(_OPENER_OF[ch])
        if stack:
            stack.pop()
        else:
            yield Hit(
                offset + i, offset + i + 1, None, f"“{ch}” has no matching “{_OPENER_OF[ch]}”"
            )
    for opener, stack in stacks.items():
        for i in stack:
            yield Hit(
                offset + i,
                offset + i + 1,
                None,
                f"“{opener}” has no matching “{_CLOSER_OF[opener]}”",
            )


def _unbalanced_doubles(line: str, offset: int, ctx: Context) -> Iterator[Hit]:
    marks = double_marks(line, offset, ctx)
    if len(marks) % 2 == 0:
        return
    opener, closer, _, _ = quote_style(ctx)
    culprit = marks[-1]
    if all(line[i] in (opener, closer) for i in marks):
        depth_stack: list[int] = []
        for i in marks:
            if line[i] == opener:
                depth_stack.append(i)
            elif depth_stack:
                depth_stack.pop()
            else:
                culprit = i
                break
        else:
            if depth_stack:
                culprit = depth_stack[-1]
    yield Hit(
        offset + culprit,
        offset + culprit + 1,
        None,
        f"odd number of double quote marks in this paragraph: “{line[culprit]}” is unmatched",
    )


def indent(options: Options) -> Finder:
    """Paragraph indentation: full-width spaces (and, in .txt, any blanks) at a line start."""
    txt_indent = regexcache.compile(r"^[ \t\u3000]+(?=\S)", re.M)
    md_indent = regexcache.compile(r"^\u3000[ \t\u3000]*(?=\S)", re.M)

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        mode = ctx.settings.indent
        if mode == "keep":
            return
        target = "" if mode == "remove" else "\u3000\u3000"
        regex = md_indent if ctx.filetype == "md" else txt_indent
        for m in regex.finditer(text):
            if m.group(0) != target:
                yield Hit(m.start(), m.end(), target, _indent_message(m.group(0), mode))

    return find


def _indent_message(found: str, mode: str) -> str:
    what = "full-width spaces" if "\u3000" in found else "spaces"
    if mode == "remove":
        return f"paragraph indented with {what}: remove the indentation"
    return f"paragraph indented with {what}: indent with exactly two U+3000"


def trailing_whitespace(options: Options) -> Finder:
    """Blanks at a line end; in Markdown ASCII spaces there are hard breaks and stay."""
    trailing = regexcache.compile(r"[ \t\u3000]+$", re.M)

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        markdown = ctx.filetype == "md"
        for m in trailing.finditer(text):
            run = m.group(0)
            fix = run.replace("\t", "").replace("\u3000", "") if markdown else ""
            if fix != run:
                yield Hit(m.start(), m.end(), fix, "trailing white space")

    return find


def final_newline(options: Options) -> Finder:
    """A non-empty file ends with exactly one newline; one of only newlines becomes empty."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        if not text:
            return
        body = text.rstrip("\n")
        if not body:
            yield Hit(0, len(text), "", "file holds only empty lines")
        elif len(text) - len(body) == 0:
            yield Hit(len(text), len(text), "\n", "no newline at end of file")
        elif len(text) - len(body) > 1:
            yield Hit(len(body) + 1, len(text), "", "extra empty lines at end of file")

    return find


_NEWLINE_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


def line_endings(options: Options) -> Finder:
    """Line ends are LF by default; ``line-ending = "crlf" | "keep"`` changes the target."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        doc = ctx.doc
        if "\n" not in text and doc.first_foreign_newline < 0:
            return
        mode = ctx.settings.line_ending
        target = {"lf": "\n", "crlf": "\r\n"}.get(mode, doc.newline)
        if doc.newline == target and not doc.mixed_newlines:
            return
        pos = doc.first_foreign_newline if doc.first_foreign_newline >= 0 else text.find("\n")
        if doc.mixed_newlines:
            msg = f"mixed line ends: use {_NEWLINE_NAMES[target]} throughout"
        else:
            msg = f"{_NEWLINE_NAMES[doc.newline]} line ends: use {_NEWLINE_NAMES[target]}"
        yield Hit(max(pos, 0), max(pos, 0), None, msg, meta=(("newline", target),))

    return find


def byte_order_mark(options: Options) -> Finder:
    """A byte-order mark at the start is removed unless ``bom = "keep"``.

    A UTF-16 file kept in UTF-16 (``encoding = "keep"``) keeps its BOM: there it is
    what tells readers the byte order.
    """

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        doc = ctx.doc
        if not doc.bom or ctx.settings.bom != "remove":
            return
        if doc.encoding.startswith("utf-16") and ctx.settings.encoding == "keep":
            return
        yield Hit(0, 0, None, "byte-order mark at the start of the file", meta=(("bom", ""),))

    return find


def non_utf8_encoding(options: Options) -> Finder:
    """A file not in UTF-8 is written back as UTF-8 unless ``encoding = "keep"``."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        encoding = ctx.doc.encoding
        if encoding in ("utf-8", "utf_8") or ctx.settings.encoding == "keep":
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


REPORT_ONLY = frozenset({"unbalanced_pairs", "mostly_foreign_script"})
# Built-ins whose every hit is a fix, and those that look at one line at a time.
ALWAYS_FIXES = frozenset(
    {
        "double_quotes",
        "single_quotes_nested",
        "indent",
        "trailing_whitespace",
        "final_newline",
        "line_endings",
        "byte_order_mark",
        "non_utf8_encoding",
    }
)
LINE_LOCAL = frozenset(
    {
        "double_quotes",
        "single_quotes_nested",
        "unbalanced_pairs",
        "indent",
        "trailing_whitespace",
        "mojibake",
    }
)

BUILTINS: dict[str, Callable[[Options], Finder]] = {
    "double_quotes": double_quotes,
    "single_quotes_nested": single_quotes_nested,
    "unbalanced_pairs": unbalanced_pairs,
    "indent": indent,
    "trailing_whitespace": trailing_whitespace,
    "final_newline": final_newline,
    "line_endings": line_endings,
    "byte_order_mark": byte_order_mark,
    "non_utf8_encoding": non_utf8_encoding,
    "foreign_script": foreign_script,
    "mostly_foreign_script": mostly_foreign_script,
    "mojibake": mojibake,
}
