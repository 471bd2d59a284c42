"""Invariants over random text (hypothesis): fix is a fixed point, every change it
makes is reported by check, protected tokens and English survive, nothing raises."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from normtools import Normalizer
from normtools.textio import from_text

NORMALIZER = Normalizer()
HAN = "发展做到同志们劳动竞赛工匠精神结合实际会议的了是常看目不之毕竟再接厉迫及待"
MIXED = (
    HAN
    + "ABCXxyz0123456789"
    + ",.;:!?()\"'-%/"
    + "，。；：！？（）“”‘’《》、…—·"
    + "‚‛„‟〝〞＂×ＸＧ１"
    + "  \u3000\t\n\u00a0\u200b"
)
PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

mixed_text = st.text(alphabet=MIXED, max_size=80)


def _fix(text: str, filetype: str) -> str:
    return NORMALIZER.fix_document(from_text(text, filetype)).text


@PROFILE
@given(mixed_text, st.sampled_from(["txt", "md"]))
def test_fix_is_idempotent(text: str, filetype: str) -> None:
    once = _fix(text, filetype)
    assert _fix(once, filetype) == once


@PROFILE
@given(mixed_text, st.sampled_from(["txt", "md"]))
def test_fix_converges_and_leaves_only_report_only_findings(text: str, filetype: str) -> None:
    result = NORMALIZER.fix_document(from_text(text, filetype))
    assert result.converged
    assert not [d for d in result.remaining if d.fixable]


def _outside(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The stretches of ``text`` that no span covers, in order."""
    pieces, pos = [], 0
    for start, end in sorted(spans):
        if start > pos:
            pieces.append(text[pos:start])
        pos = max(pos, end)
    pieces.append(text[pos:])
    return [p for p in pieces if p]


def _embeds_in_order(pieces: list[str], text: str) -> bool:
    """Do ``pieces`` occur in ``text`` in this order, without overlapping? (Greedy
    leftmost placement decides this exactly.)"""
    pos = 0
    for piece in pieces:
        found = text.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


@PROFILE
@given(mixed_text, st.sampled_from(["txt", "md"]))
def test_every_change_is_reported_by_check(text: str, filetype: str) -> None:
    """Every character outside the fixable findings of ``check`` survives ``fix``."""
    doc = from_text(text, filetype)
    fixed = NORMALIZER.fix_document(doc).text
    spans = [(d.start, d.end) for d in NORMALIZER.check_document(doc) if d.fixable]
    pieces = _outside(doc.text, spans)
    assert _embeds_in_order(pieces, fixed), f"unreported change: {doc.text!r} -> {fixed!r}"


def test_change_check_sees_a_real_change() -> None:
    """The property above can fail: a change outside every span breaks the embedding."""
    assert _embeds_in_order(_outside("0”0〝", [(1, 2), (3, 4)]), "0“0”")
    assert not _embeds_in_order(_outside("发展,做到", [(2, 3)]), "发扬，做到")


@PROFILE
@given(st.text(max_size=60), st.sampled_from(["txt", "md"]))
def test_any_text_is_handled(text: str, filetype: str) -> None:
    NORMALIZER.check_document(from_text(text, filetype))
    _fix(text, filetype)


english_word = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789", min_size=1, max_size=8
)
english_sentence = st.lists(
    st.tuples(english_word, st.sampled_from(["", ",", ";", ":", "!", "?", ".", "...", "--"])),
    min_size=1,
    max_size=8,
).map(lambda ws: " ".join(w + p for w, p in ws))


@PROFILE
@given(st.lists(english_sentence, min_size=1, max_size=5), st.sampled_from(["txt", "md"]))
def test_english_text_is_byte_identical(lines: list[str], filetype: str) -> None:
    text = "\n".join(lines) + "\n"
    assert _fix(text, filetype) == text


PROTECTED = st.sampled_from(
    [
        "https://example.com/a,b;c?x=1&y=中",
        "99.99%",
        "3.14",
        "10:30",
        "3,000",
        "v1.2.3",
        "3:1",
        "wang.ming@example.cn",
        "/usr/local/bin",
        "C:\\Users\\admin",
        "1,234.5",
    ]
)
han_run = st.text(alphabet=HAN + "，。", min_size=1, max_size=6)


@PROFILE
@given(st.lists(st.tuples(han_run, PROTECTED), min_size=1, max_size=4), han_run)
def test_protected_tokens_survive_inside_chinese(parts: list[tuple[str, str]], tail: str) -> None:
    text = "".join(h + " " + p + " " for h, p in parts) + tail + "\n"
    fixed = _fix(text, "txt")
    for _, token in parts:
        assert token in fixed


code_body = st.text(alphabet=HAN + ",.;:!?()\"'  \u3000", min_size=1, max_size=30)


@PROFILE
@given(code_body)
def test_markdown_code_is_byte_identical(body: str) -> None:
    assume("`" not in body)
    fenced = f"```\n{body}\n```\n"
    assert _fix(fenced, "md") == fenced
    inline = f"说明`{body.strip() or 'x'}`结束\n"
    code = f"`{body.strip() or 'x'}`"
    assert code in _fix(inline, "md")


@PROFILE
@given(mixed_text, st.sampled_from(["txt", "md"]))
def test_what_fix_leaves_is_what_check_finds_afterwards(text: str, filetype: str) -> None:
    """fix re-checks only edited lines and carries the rest forward; the result must be
    exactly a fresh check of the fixed text."""
    result = NORMALIZER.fix_document(from_text(text, filetype))
    fresh = NORMALIZER.check_document(result.doc)

    def key(d):  # type: ignore[no-untyped-def]
        return (d.code, d.start, d.end, d.line, d.column, d.message)

    assert sorted(map(key, result.remaining)) == sorted(map(key, fresh))
