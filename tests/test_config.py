"""Configuration files: discovery, keys, the configurable style choices, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtools.config import ConfigError, find_config, load_config

REPO = Path(__file__).resolve().parents[1]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    "name,body",
    [
        ("normtools.toml", 'ignore = ["ZH101"]\n'),
        (".normtools.toml", 'ignore = ["ZH101"]\n'),
        ("pyproject.toml", '[project]\nname = "x"\n[tool.normtools]\nignore = ["ZH101"]\n'),
    ],
)
def test_config_found_walking_up(workdir: Path, cli, name: str, body: str) -> None:  # type: ignore[no-untyped-def]
    write(workdir / name, body)
    sub = workdir / "docs" / "deep"
    sub.mkdir(parents=True)
    write(sub / "a.txt", "发展,做到\n")
    assert find_config(sub) == workdir / name
    import os

    os.chdir(sub)
    assert cli("check", "a.txt").code == 0


def test_pyproject_without_table_is_skipped(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(workdir) is None


def test_explicit_config_path(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "conf" / "style.toml", 'select = ["ZH5"]\n')
    write(workdir / "a.txt", "发展,做到\n")
    assert cli("check", "--config", "conf/style.toml", "a.txt").code == 0
    run = cli("check", "--config", "nope.toml", "a.txt")
    assert run.code == 2 and "nope.toml: no such configuration file" in run.err


@pytest.mark.parametrize(
    "body,words",
    [
        ('colour = "red"\n', ["'colour'", "unknown key"]),
        ('indent = "tabs"\n', ["'indent'", "'remove'", "'two-fullwidth'"]),
        ('select = "ZH1"\n', ["'select'", "list of strings"]),
        ('line-ending = "windows"\n', ["'line-ending'"]),
        ('extensions = ["txt"]\n', ["'extensions'", "dot"]),
        ("select = [\n", ["invalid TOML"]),
    ],
)
def test_bad_config_names_the_key(workdir: Path, cli, body: str, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "normtools.toml", body)
    write(workdir / "a.txt", "发展,做到\n")
    with pytest.raises(ConfigError) as info:
        load_config()
    for word in words:
        assert word in str(info.value)
    run = cli("check", "a.txt")
    assert run.code == 2 and "normtools.toml" in run.err and "Traceback" not in run.err


def test_pyproject_key_is_named_with_its_table(workdir: Path) -> None:
    write(workdir / "pyproject.toml", "[tool.normtools]\nselct = []\n")
    with pytest.raises(ConfigError, match=r"'tool\.normtools\.selct'"):
        load_config()


@pytest.mark.parametrize(
    "indent,expected",
    [
        ("remove", "同志们：\n大家好。\n"),
        ("keep", "　　同志们：\n  大家好。\n"),
        ("two-fullwidth", "　　同志们：\n　　大家好。\n"),
    ],
)
def test_indent_setting(workdir: Path, cli, indent: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "normtools.toml", f'indent = "{indent}"\n')
    path = write(workdir / "a.txt", "　　同志们：\n  大家好。\n")
    cli("fix", "a.txt")
    assert path.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    "setting,raw,expected",
    [
        ("lf", b"a\r\nb\r\n", b"a\nb\n"),
        ("crlf", b"a\nb\n", b"a\r\nb\r\n"),
        ("keep", b"a\r\nb\r\n", b"a\r\nb\r\n"),
        ("keep", b"a\r\nb\r\nc\n", b"a\r\nb\r\nc\r\n"),  # mixed: the dominant end wins
    ],
)
def test_line_ending_setting(workdir: Path, cli, setting: str, raw: bytes, expected: bytes) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "normtools.toml", f'line-ending = "{setting}"\n')
    path = workdir / "a.txt"
    path.write_bytes(raw)
    cli("fix", "a.txt")
    assert path.read_bytes() == expected
    assert cli("check", "a.txt").code == 0


def test_per_file_ignores_and_exclude(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "normtools.toml", '[per-file-ignores]\n"legacy/*.md" = ["ZH1"]\n')
    write(workdir / "legacy" / "old.md", "发展,做到\n")
    write(workdir / "new.md", "发展,做到\n")
    run = cli("check", ".")
    assert "new.md:1:3: ZH101" in run.out and "legacy/old.md" not in run.out
    write(workdir / "normtools.toml", 'extend-exclude = ["legacy"]\nextensions = [".md"]\n')
    write(workdir / "notes.txt", "发展,做到\n")
    run = cli("check", ".")
    assert "legacy" not in run.out and "notes.txt" not in run.out and "new.md" in run.out


def test_extend_rules_relative_to_config(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(
        workdir / "team" / "terms.toml",
        """
code = "ZH390"
name = "team-terms"
kind = "literal"
severity = "warning"
description = "Team wording."
examples = [{ text = "微信号推文", fixed = "微信公众号推文" }, { text = "公众号" }]
[entries]
"微信号推文" = "微信公众号推文"
""",
    )
    write(workdir / "normtools.toml", 'extend-rules = ["team/terms.toml"]\n')
    sub = workdir / "docs"
    path = write(sub / "a.txt", "请看微信号推文。\n")
    import os

    os.chdir(sub)
    assert cli("fix", "a.txt").code == 0
    assert path.read_text(encoding="utf-8") == "请看微信公众号推文。\n"


def test_configuration_reference_and_schema_are_generated_from_the_declarations() -> None:
    """Each key is declared once; the docs and the schema are derived from it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", REPO / "tools" / "gen_config_docs.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    for path, text in gen.generated().items():
        assert path.read_text(encoding="utf-8") == text, "run: python tools/gen_config_docs.py"


def test_every_declared_key_parses_and_a_wrong_type_names_the_key(tmp_path: Path) -> None:
    from normtools.config import parse_config
    from normtools.settings import Settings, declared, key_of

    for f in declared(Settings):
        with pytest.raises(ConfigError, match=f"key '{key_of(f)}'"):
            parse_config({key_of(f): 12}, tmp_path / "normtools.toml")
    config = parse_config({"indent": "keep", "ignore": ["ZH503"]}, tmp_path / "normtools.toml")
    assert config.settings.indent == "keep" and config.ignore == ("ZH503",)
