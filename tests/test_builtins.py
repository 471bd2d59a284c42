"""Each rule's declared fix availability and locality agree with its own examples.

Built-ins declare both beside their function (``@builtin``); a wrong declaration would
silently change what ``fix`` does or reports, so every declaration is checked here.
"""

from __future__ import annotations

import pytest

from normtools import textio
from normtools.builtins import REGISTRY
from normtools.engine import Engine
from normtools.model import Example, Rule
from normtools.ruleset import load_ruleset
from normtools.settings import Settings
from normtools.text import shipped_rules_dir

RULES = list(load_ruleset())


def _hits(rule: Rule, text: str, ex: Example) -> list[tuple[int, int, bool]]:
    doc = textio.from_text(text, ex.filetype, encoding=ex.encoding)
    # as normtools.ruletest runs examples: suggestions reported (they are off by default)
    engine = Engine([rule], Settings(suggestions=True))
    return [(d.start, d.end, d.fixable) for d in engine.diagnose(doc, "-", [rule])]


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_fix_availability_matches_examples(rule: Rule) -> None:
    fixable = [f for ex in rule.examples for *_, f in _hits(rule, ex.text, ex)]
    assert fixable, f"{rule.code}: no example fires"
    if rule.fix == "always":
        assert all(fixable), f"{rule.code} declares fix='always' but reports without a fix"
    elif rule.fix == "never":
        assert not any(fixable), f"{rule.code} declares fix='never' but fixes"
    else:
        assert any(fixable) and not all(fixable), (
            f"{rule.code} declares fix='sometimes': its examples must show both"
        )


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.local and r.scope == "text"], ids=lambda r: r.code
)
def test_local_rules_ignore_neighbouring_paragraphs(rule: Rule) -> None:
    """A line- or paragraph-local rule finds the same in a text with other paragraphs
    around it (that is what lets fix re-check only the edited paragraphs)."""
    before = "同志们：\n\n" if rule.locality == "paragraph" else "同志们：\n"
    after = "\n\n谢谢大家。" if rule.locality == "paragraph" else "\n谢谢大家。"
    for ex in rule.examples:
        if "\n" in ex.text.rstrip("\n"):
            continue
        alone = _hits(rule, ex.text.rstrip("\n"), ex)
        shifted = [
            (s - len(before), e - len(before), f)
            for s, e, f in _hits(rule, before + ex.text.rstrip("\n") + after, ex)
        ]
        assert shifted == alone, f"{rule.code} on {ex.text!r}"


def test_every_registered_builtin_is_used_by_a_rule_file() -> None:
    declared = "\n".join(p.read_text("utf-8") for p in shipped_rules_dir().glob("*.toml"))
    unused = [name for name in REGISTRY if f'function = "{name}"' not in declared]
    assert REGISTRY and unused == []


def test_bad_builtin_option_is_rejected_with_its_name() -> None:
    with pytest.raises(ValueError, match="option 'marks' must be one of"):
        REGISTRY["double_quotes"].build({"marks": "fancy"})
    with pytest.raises(ValueError, match="unknown option 'colour'"):
        REGISTRY["indent"].build({"colour": "red"})
