"""Caches are validated before use and can never change what normtools does (issue 9).

Whoever can write the cache directory must not be able to make ``fix`` rewrite text; a
corrupt, truncated, foreign or symlinked cache file is ignored and rebuilt; a directory
that others can write is not used at all.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import stat
import tomllib
from pathlib import Path

import pytest

from normtools import Normalizer, cache, regexcache, ruleset
from normtools.ruleset import shipped_rules_dir

ROOT = os.geteuid() == 0
FIVE_BYTES = b"\xdb\xff\xff\xff\x7f"  # marshal: a list of 2**31 items (0.1: MemoryError)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    monkeypatch.setenv("NORMTOOLS_CACHE_DIR", str(directory))
    monkeypatch.setattr(regexcache, "_entries", None)
    return directory


def _fresh_fix(text: str) -> str:
    """Fix ``text`` with rules loaded anew (through the rule-file cache)."""
    ruleset._load_shipped.cache_clear()
    ruleset.load_classes.cache_clear()
    try:
        return Normalizer().fix_text(text)
    finally:
        ruleset._load_shipped.cache_clear()
        ruleset.load_classes.cache_clear()


def _punctuation_entry() -> tuple[str, bytes, dict]:  # type: ignore[type-arg]
    data = (shipped_rules_dir() / "punctuation.toml").read_bytes()
    digest = hashlib.blake2b(data, digest_size=32).digest()
    return f"toml-{digest.hex()[:40]}.marshal", digest, tomllib.loads(data.decode())


def test_a_tampered_rule_cache_cannot_change_a_rule(cache_dir: Path) -> None:
    assert _fresh_fix("发展,做到\n") == "发展，做到\n"
    name, digest, parsed = _punctuation_entry()
    honest = (cache_dir / name).read_bytes()
    assert honest.startswith(cache.MAGIC)
    (rule,) = [r for r in parsed["rule"] if r["code"] == "ZH101"]
    rule["replace"] = "、"
    payload = marshal.dumps(parsed)
    plain = hashlib.blake2b(payload, digest_size=32).digest()
    for planted in (
        payload,  # the 0.1 format: bare marshal
        cache.MAGIC + honest[4:36] + payload,  # the honest checksum over a new payload
        cache.MAGIC + plain + payload,  # an unkeyed checksum
        cache.MAGIC + cache._checksum(name, b"other source", payload) + payload,
    ):
        (cache_dir / name).write_bytes(planted)
        assert _fresh_fix("发展,做到\n") == "发展，做到\n"
    # control: the planted rule is live when the checksum is normtools' own (what only
    # the user's own account can write), so the checks above are what stopped it
    (cache_dir / name).write_bytes(cache.MAGIC + cache._checksum(name, digest, payload) + payload)
    assert _fresh_fix("发展,做到\n") == "发展、做到\n"


@pytest.mark.parametrize("damage", ["five-bytes", "truncated", "flipped", "empty"])
def test_corrupt_cache_files_are_ignored_and_rebuilt(cache_dir: Path, damage: str) -> None:
    _fresh_fix("发展,做到\n")
    regexcache.save()
    files = sorted(cache_dir.iterdir())
    assert files and all(p.read_bytes().startswith(cache.MAGIC) for p in files)
    for path in files:
        data = path.read_bytes()
        damaged = {
            "five-bytes": FIVE_BYTES,
            "truncated": data[: len(data) // 2],
            "flipped": data[:-1] + bytes([data[-1] ^ 1]),
            "empty": b"",
        }[damage]
        path.write_bytes(damaged)
    regexcache._entries = None
    assert _fresh_fix("发展,做到\n") == "发展，做到\n"
    name, _, _ = _punctuation_entry()
    rebuilt = (cache_dir / name).read_bytes()
    assert rebuilt.startswith(cache.MAGIC) and len(rebuilt) > 100


def test_a_five_byte_regex_cache_is_ignored(cache_dir: Path) -> None:
    (cache_dir / regexcache._cache_name()).write_bytes(FIVE_BYTES)
    assert regexcache.compile("[一-龥]+").findall("ab中文c") == ["中文"]


def test_a_tampered_regex_cache_is_ignored(cache_dir: Path) -> None:
    """An entry for '，' rebuilt from the code of another pattern would match elsewhere."""
    regexcache.compile("，")
    regexcache.compile("。")
    regexcache.save()
    path = cache_dir / regexcache._cache_name()
    entries = marshal.loads(path.read_bytes()[36:])
    entries[("，", 0)] = entries[("。", 0)]
    payload = marshal.dumps(entries)
    path.write_bytes(path.read_bytes()[:36] + payload)
    regexcache._entries = None
    assert regexcache.compile("，").findall("甲，乙。") == ["，"]


def test_a_symlink_in_place_of_a_cache_file_is_neither_read_nor_followed(
    cache_dir: Path, tmp_path: Path
) -> None:
    name, _, _ = _punctuation_entry()
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n", encoding="utf-8")
    (cache_dir / name).symlink_to(victim)
    assert _fresh_fix("发展,做到\n") == "发展，做到\n"
    assert victim.read_text(encoding="utf-8") == "someone else's file\n"
    assert not (cache_dir / name).is_symlink()  # replaced by a real cache file
    assert not [p for p in cache_dir.iterdir() if p.name.startswith(".normtools-")]


@pytest.mark.parametrize("mode", [0o770, 0o777, 0o1777])
def test_a_directory_others_can_write_is_not_used(cache_dir: Path, mode: int) -> None:
    _fresh_fix("发展,做到\n")
    name, _, _ = _punctuation_entry()
    valid = (cache_dir / name).read_bytes()
    cache_dir.chmod(mode)
    assert cache.load(name, hashlib.blake2b(b"", digest_size=32).digest()) is None
    (cache_dir / name).unlink()
    assert _fresh_fix("发展,做到\n") == "发展，做到\n"
    assert not (cache_dir / name).exists()  # not written there either
    assert valid.startswith(cache.MAGIC)


@pytest.mark.skipif(not ROOT, reason="only root can give files to another user")
def test_files_and_directories_of_another_user_are_not_used(cache_dir: Path) -> None:
    _fresh_fix("发展,做到\n")
    name, digest, _ = _punctuation_entry()
    path = cache_dir / name
    assert cache.load(name, digest) is not None
    os.chown(path, 65534, 65534)  # planted by another user, checksum valid
    assert cache.load(name, digest) is None
    os.chown(path, 0, 0)
    os.chown(cache_dir, 65534, 65534)
    assert cache.load(name, digest) is None


def test_cache_files_are_private_and_written_whole(cache_dir: Path) -> None:
    cache.store("x.marshal", {"a": 1}, b"src")
    path = cache_dir / "x.marshal"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert cache.load("x.marshal", b"src") == {"a": 1}
    assert cache.load("x.marshal", b"other source") is None
    assert [p.name for p in cache_dir.iterdir()] == ["x.marshal"]


def test_a_missing_cache_directory_is_created_private(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    directory = tmp_path / "new" / "normtools"
    monkeypatch.setenv("NORMTOOLS_CACHE_DIR", str(directory))
    cache.store("y.marshal", [1, 2])
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert cache.load("y.marshal") == [1, 2]
    assert re.fullmatch(r"[0-7]{3}", oct(directory.stat().st_mode)[-3:])
