"""Checks that report and never fix (rules/checks.toml): unbalanced pairs per paragraph."""

from __future__ import annotations

from collections.abc import Iterator

from normtools import regexcache
from normtools.builtins.quotes import (
    CORNER_DOUBLE,
    double_marks,
    is_apostrophe,
    quote_paragraphs,
    quote_style,
)
from normtools.builtins.registry import Options, builtin
from normtools.model import Context, Finder, Hit
from normtools.text import HAN

_HAN_RE = regexcache.compile(f"[{HAN}]")
_PAIRS = (
    ("\uff08", "\uff09"),  # （）
    ("\u300a", "\u300b"),  # 《》
    ("\u3010", "\u3011"),  # 【】
    ("\u300c", "\u300d"),  # 「」
    ("\u300e", "\u300f"),  # 『』
    ("\u3014", "\u3015"),  # 〔〕
    ("\u2018", "\u2019"),  # ‘’
)
_ANY_PAIR = regexcache.compile("[" + "".join(o + c for o, c in _PAIRS) + "]")
_CLOSER_OF = {o: c for o, c in _PAIRS}
_OPENER_OF = {c: o for o, c in _PAIRS}


def _balanced(marks: list[str]) -> bool:
    """A quick test on the marks alone (most paragraphs with brackets pass it); only the
    others get the exact check, which also honours protected spans and apostrophes."""
    depth: dict[str, int] = {}
    for ch in marks:
        if ch in _CLOSER_OF:
            depth[ch] = depth.get(ch, 0) + 1
        else:
            opener = _OPENER_OF[ch]
            if not depth.get(opener):
                return False
            depth[opener] -= 1
    return not any(depth.values())


@builtin(fix="never", locality="paragraph")
def unbalanced_pairs(options: Options) -> Finder:
    """Report the mark that has no partner, per paragraph and per kind of pair."""

    def find(text: str, ctx: Context) -> Iterator[Hit]:
        for start, end in ctx.hot_paragraphs(text, _ANY_PAIR):
            paragraph = text[start:end]
            if not _balanced(_ANY_PAIR.findall(paragraph)):
                yield from _unbalanced_brackets(paragraph, start, ctx)
        # a paragraph whose curly marks alternate “ ” “ ” is balanced: the quote rules'
        # scan already found the others
        for offset, paragraph in quote_paragraphs(text, ctx):
            yield from _unbalanced_doubles(paragraph, offset, ctx)

    return find


def _unbalanced_brackets(paragraph: str, offset: int, ctx: Context) -> Iterator[Hit]:
    """One stack per kind of pair, so one stray mark does not mismatch the others."""
    stacks: dict[str, list[int]] = {}
    han = None
    corner = quote_style(ctx)[0] == "\u300c"
    protected = ctx.protected
    for m in _ANY_PAIR.finditer(paragraph):
        i = m.start()
        ch = paragraph[i]
        if corner and ch in CORNER_DOUBLE:
            continue  # under the corner style 「 」 are double quotes: paired below
        if ch in "\u2018\u2019":
            if han is None:
                han = _HAN_RE.search(paragraph) is not None
            if not han or (ch == "\u2019" and is_apostrophe(paragraph, i)):
                continue  # English text uses ’ as an apostrophe
        if protected.contains(offset + i):
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


def _unbalanced_doubles(paragraph: str, offset: int, ctx: Context) -> Iterator[Hit]:
    marks = double_marks(paragraph, offset, ctx)
    if len(marks) % 2 == 0:
        return
    opener, closer, _, _ = quote_style(ctx)
    culprit = marks[-1]
    if all(paragraph[i] in (opener, closer) for i in marks):
        depth_stack: list[int] = []
        for i in marks:
            if paragraph[i] == opener:
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
        f"odd number of double quote marks in this paragraph: “{paragraph[culprit]}” is unmatched",
    )
