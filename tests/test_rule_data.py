"""Lint the rule data itself: codes, names, families and the dictionaries' form."""

from __future__ import annotations

import re
import tomllib

import pytest

from normtools.ruleset import load_ruleset
from normtools.text import shipped_rules_dir

RULES = list(load_ruleset())


def test_codes_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"ZH\d{3}", c) for c in codes)


def test_names_unique() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_code_ranges_follow_families() -> None:
    """ZH1 punctuation, ZH2 quotes, ZH3 typos/wording, ZH4 white space, ZH5 checks."""
    ranges = {
        "punctuation": "ZH1",
        "quotes": "ZH2",
        "typos": "ZH3",
        "wording": "ZH3",
        "whitespace": "ZH4",
        "checks": "ZH5",
    }
    for rule in RULES:
        if rule.family in ranges:
            assert rule.code.startswith(ranges[rule.family]), rule.code


@pytest.mark.parametrize("path", sorted(shipped_rules_dir().glob("*.toml")), ids=lambda p: p.name)
def test_dictionary_keys_sorted(path) -> None:  # type: ignore[no-untyped-def]
    """Dictionaries keep their keys in code-point order so diffs stay reviewable."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tables = [data] if "entries" in data else data.get("rule", [])
    for table in tables:
        keys = list(table.get("entries", {}))
        if path.stem in ("typos", "wording"):
            assert keys == sorted(keys), f"{path.name}: entries not sorted"


def test_every_rule_is_documented() -> None:
    """docs/rules.md is generated from the rule data; it must be current."""
    from conftest import REPO

    from normtools.docs import render_rules_markdown

    expected = render_rules_markdown(RULES)
    actual = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "run: normtools rules --format markdown > docs/rules.md"
