"""The cross-process regex cache rebuilds patterns that match exactly like re.compile."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normtools import regexcache
from normtools.ruleset import _expand, load_classes
from normtools.text import shipped_rules_dir

SAMPLES = [
    '坚持高质量发展,做到稳中求进。他说:"你好"',
    "　　同志们：\n今天开会...明天(园区)继续--完成。",
    "Hello, world. 3,000 元 10:30 v1.2.3 https://example.com/a,b",
    "的的确确是是非非 XX同志 ＧＤＰ１２％ 𠀀𪚥 字",
]


def _shipped_patterns() -> list[str]:
    import tomllib

    classes = load_classes(str(shipped_rules_dir() / "classes.toml"))
    out = []
    for path in sorted(shipped_rules_dir().glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for table in data.get("rule", []):
            for key in ("pattern", "trigger"):
                if key in table:
                    out.append(_expand(table[key], classes, None))
    return out


@pytest.mark.parametrize("source", _shipped_patterns())
def test_rebuilt_pattern_matches_like_re(source: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NORMTOOLS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexcache, "_entries", None)
    first = regexcache.compile(source, re.MULTILINE)  # compiled, entry recorded
    regexcache.save()
    monkeypatch.setattr(regexcache, "_entries", None)
    rebuilt = regexcache.compile(source, re.MULTILINE)  # rebuilt from the cache file
    fresh = re.compile(source, re.MULTILINE)
    for text in SAMPLES:
        expected = [(m.span(), m.groups()) for m in fresh.finditer(text)]
        assert [(m.span(), m.groups()) for m in first.finditer(text)] == expected
        assert [(m.span(), m.groups()) for m in rebuilt.finditer(text)] == expected


def test_corrupt_cache_falls_back(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NORMTOOLS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexcache, "_entries", None)
    (tmp_path / regexcache._cache_name()).write_bytes(b"not marshal data")
    assert regexcache.compile("[一-龥]+").findall("ab中文c") == ["中文"]
