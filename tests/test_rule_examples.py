"""Every shipped rule's inline examples pass (the same check as `normtools rules test`)."""

from __future__ import annotations

import pytest

from normtools.model import Rule
from normtools.ruleset import load_ruleset
from normtools.ruletest import dictionary_problems, failing_examples

RULES = list(load_ruleset())


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_examples_pass(rule: Rule) -> None:
    assert failing_examples(rule) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_has_positive_and_negative_examples(rule: Rule) -> None:
    """A rule shows what it does and what it leaves alone (prh-style specs)."""
    fires = [e for e in rule.examples if e.fixed is not None or e.hits]
    quiet = [e for e in rule.examples if e.fixed is None and not e.hits]
    assert fires, f"{rule.code} has no example where it fires"
    if rule.kind in ("regex", "literal", "builtin") and rule.scope == "text":
        assert quiet, f"{rule.code} has no example it must leave alone"


@pytest.mark.parametrize("rule", [r for r in RULES if r.entries], ids=lambda r: r.code)
def test_dictionaries_are_consistent(rule: Rule) -> None:
    assert dictionary_problems(rule) == []


def test_ruletest_reports_a_broken_example() -> None:
    """The example runner itself can fail: feed it a rule whose example is wrong."""
    from dataclasses import replace

    from normtools.model import Example

    rule = next(r for r in RULES if r.code == "ZH101")
    broken = replace(rule, examples=(Example("发展,做到", fixed="发展,做到"),))
    problems = failing_examples(broken)
    assert len(problems) == 1
    assert "ZH101" in problems[0] and "example 1" in problems[0]
    quiet_wrong = replace(rule, examples=(Example("发展,做到"),))
    assert "must not fire" in failing_examples(quiet_wrong)[0]
