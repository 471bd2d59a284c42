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


def test_ignoring_the_line_end_rule_keeps_mixed_line_ends(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """With ZH407 switched off nothing may change a file's line ends: fixing a comma in a
    file that mixes CRLF and LF leaves each line's end where it was (per-file-ignores,
    the configuration and standard input alike)."""
    raw = "第一行,旧。\r\n第二行,旧。\n第三行,旧。\r\n".encode()
    fixed = "第一行，旧。\r\n第二行，旧。\n第三行，旧。\r\n".encode()
    path = workdir / "a.txt"
    path.write_bytes(raw)
    assert cli("fix", "--ignore", "ZH407", "a.txt").code == 0
    assert path.read_bytes() == fixed
    write(workdir / "normtools.toml", '[per-file-ignores]\n"*.txt" = ["ZH407"]\n')
    path.write_bytes(raw)
    cli("fix", "a.txt")
    assert path.read_bytes() == fixed
    assert cli("fix", "--stdin-filename", "b.txt", "-", stdin=raw).out.encode() == fixed
    # a fix that removes lines (extra empty lines at the end) keeps the others' ends
    path.write_bytes(raw + b"\r\n\n")
    cli("fix", "a.txt")
    assert path.read_bytes() == fixed


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


# -- one configuration per file (issue 14) ---------------------------------------------------

SPEECH = "同志们,朋友们:今天开会.\n"  # ZH101, ZH103, ZH106


def codes_by_file(out: str) -> dict[str, set[str]]:
    import json

    found: dict[str, set[str]] = {}
    for d in json.loads(out):
        found.setdefault(d["path"], set()).add(d["code"])
    return found


def test_nearest_configuration_applies_to_each_file(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """A docs/pyproject.toml applies to the files under docs/ when run from the root."""
    write(workdir / "pyproject.toml", '[tool.normtools]\nignore = ["ZH106"]\n')
    write(workdir / "docs" / "pyproject.toml", '[tool.normtools]\nignore = ["ZH101"]\n')
    for name in ("a.txt", "docs/a.txt", "docs/deep/a.txt"):
        write(workdir / name, SPEECH)
    found = codes_by_file(cli("check", "--format", "json", ".").out)
    assert found == {
        "a.txt": {"ZH101", "ZH103"},
        "docs/a.txt": {"ZH103", "ZH106"},
        "docs/deep/a.txt": {"ZH103", "ZH106"},
    }
    # the same from inside docs/, and for files named one by one
    import os

    os.chdir(workdir / "docs")
    found = codes_by_file(cli("check", "--format", "json", "a.txt", "../a.txt").out)
    assert found == {"a.txt": {"ZH103", "ZH106"}, "../a.txt": {"ZH101", "ZH103"}}


def test_config_option_forces_one_file_for_all(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "docs" / "normtools.toml", 'ignore = ["ZH101"]\n')
    write(workdir / "style.toml", 'ignore = ["ZH103"]\n')
    write(workdir / "docs" / "a.txt", SPEECH)
    found = codes_by_file(cli("check", "--config", "style.toml", "--format", "json", ".").out)
    assert found == {"docs/a.txt": {"ZH101", "ZH106"}}


def test_nearest_configuration_decides_what_a_walk_picks(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "normtools.toml", 'extensions = [".txt"]\n')
    write(workdir / "docs" / "normtools.toml", 'extensions = [".md"]\nextend-exclude = ["old"]\n')
    for name in ("a.txt", "a.md", "docs/b.txt", "docs/b.md", "docs/old/c.md", "old/c.txt"):
        write(workdir / name, SPEECH)
    found = codes_by_file(cli("check", "--format", "json", ".").out)
    assert set(found) == {"a.txt", "docs/b.md", "old/c.txt"}


def test_extend_inherits_and_adds(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(
        workdir / "pyproject.toml",
        '[tool.normtools]\nignore = ["ZH106"]\nallow = ["王　明"]\n'
        '[tool.normtools.per-file-ignores]\n"docs/legacy/*.txt" = ["ZH103"]\n',
    )
    write(
        workdir / "docs" / "normtools.toml",
        'extend = "../pyproject.toml"\nignore = ["ZH101"]\nallow = ["卡尔.马克思"]\n',
    )
    write(workdir / "docs" / "a.txt", SPEECH)
    write(workdir / "docs" / "legacy" / "b.txt", SPEECH)
    found = codes_by_file(cli("check", "--format", "json", ".").out)
    # ZH106 (inherited) and ZH101 (own) ignored; the parent's glob keeps its meaning
    assert found == {"docs/a.txt": {"ZH103"}}
    config = load_config(workdir / "docs" / "normtools.toml")
    assert config.ignore == ("ZH106", "ZH101") and config.allow == ("王　明", "卡尔.马克思")
    assert config.sources == (
        workdir / "docs" / "normtools.toml",
        (workdir / "pyproject.toml").resolve(),
    )
    run = cli("check", "--show-settings", "docs/legacy/b.txt")
    assert run.code == 0
    assert "Configuration: docs/normtools.toml" in run.out.replace(str(workdir) + "/", "")
    assert f"extends {(workdir / 'pyproject.toml').resolve()}" in run.out
    assert 'ignore = ["ZH106", "ZH101"]' in run.out and "per-file-ignores here: ZH103" in run.out
    assert "ZH101" not in run.out.split("Rules in use here")[1]


@pytest.mark.parametrize(
    "files,words",
    [
        ({"normtools.toml": 'extend = "normtools.toml"\n'}, ["'extend'", "extends itself"]),
        (
            {"normtools.toml": 'extend = "b.toml"\n', "b.toml": 'extend = "normtools.toml"\n'},
            ["b.toml: key 'extend'", "extends itself"],
        ),
        ({"normtools.toml": 'extend = "nope.toml"\n'}, ["'extend'", "nope.toml: no such"]),
        ({"normtools.toml": "extend = 3\n"}, ["'extend'", "string, got 3"]),
        (
            {"normtools.toml": 'extend = "b.toml"\n', "b.toml": 'ignore = ["ZH1O1"]\n'},
            ["b.toml: key 'ignore'", "did you mean 'ZH101'?"],
        ),
    ],
)
def test_extend_errors_name_the_file_and_key(
    workdir: Path, cli, files: dict[str, str], words: list[str]
) -> None:  # type: ignore[no-untyped-def]
    for name, body in files.items():
        write(workdir / name, body)
    write(workdir / "a.txt", SPEECH)
    run = cli("check", "a.txt")
    assert run.code == 2 and "Traceback" not in run.err and len(run.err.splitlines()) == 1
    for word in words:
        assert word in run.err


# -- unknown codes (issue 14) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "body,key,hint",
    [
        ('ignore = ["ZH1O1"]\n', "'ignore'", "(did you mean 'ZH101'?)"),
        ('select = ["ZH1", "zh5"]\n', "'select'", "(did you mean 'ZH5'?)"),
        ('extend-select = ["ZH3011"]\n', "'extend-select'", "(did you mean 'ZH311'?)"),
        (
            '[per-file-ignores]\n"legacy/*.md" = ["ZH9999"]\n',
            """'per-file-ignores."legacy/*.md"'""",
            "",
        ),
    ],
)
def test_unknown_codes_in_configuration_name_file_and_key(
    workdir: Path, cli, body: str, key: str, hint: str
) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "normtools.toml", body)
    write(workdir / "a.txt", SPEECH)
    run = cli("check", "a.txt")
    assert run.code == 2
    assert f"normtools.toml: key {key}: unknown rule code" in run.err and hint in run.err


def test_unknown_codes_in_pyproject_are_named_with_their_table(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "pyproject.toml", '[tool.normtools]\nignore = ["ZH1O1"]\n')
    write(workdir / "a.txt", SPEECH)
    run = cli("check", "a.txt")
    assert (
        run.code == 2
        and "pyproject.toml: key 'tool.normtools.ignore': unknown rule code 'ZH1O1' (did you mean 'ZH101'?)"
        in run.err
    )


def test_codes_of_team_rules_are_known(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "team.tsv", "微信号推文\t微信公众号推文\n")
    write(workdir / "normtools.toml", 'extend-rules = ["team.tsv"]\nextend-select = ["ZH39"]\n')
    write(workdir / "a.txt", "请看微信号推文。\n")
    run = cli("check", "a.txt")
    assert run.code == 1 and "ZH39" in run.out


@pytest.mark.parametrize(
    "args,message",
    [
        (["--select", ""], "--select: no rule codes given"),
        (["--ignore", " , "], "--ignore: no rule codes given"),
        (["--ignore", "ZH1O1"], "unknown rule code 'ZH1O1' in --ignore (did you mean 'ZH101'?)"),
        (["--extend-select", "ZH9"], "unknown rule code 'ZH9' in --extend-select;"),
    ],
)
def test_command_line_selectors_are_checked(
    workdir: Path, cli, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "a.txt", SPEECH)
    run = cli("check", *args, "a.txt")
    assert run.code == 2 and message in run.err


# -- every shape of a wrong configuration (issue 9) ------------------------------------------


@pytest.mark.parametrize(
    "body,words",
    [
        ("[tool]\nnormtools = 5\n", ["key 'tool.normtools': must be a table, got 5"]),
        ("[[tool.normtools]]\nselect = []\n", ["key 'tool.normtools'", "an array of tables"]),
        (
            '[tool.normtools]\nselect = ["ZH1"\n',
            ["pyproject.toml:2: invalid TOML", "Unclosed array"],
        ),
        ("[tool.normtools]\nindent = = 1\n", ["pyproject.toml:2:10: invalid TOML"]),
        ("tool.normtools.ignore = [1]\n", ["key 'tool.normtools.ignore'", "got an array"]),
        ('[tool.normtools]\nselect = "ZH1"\n', ["'tool.normtools.select'", "got 'ZH1'"]),
        ("[tool.normtools]\nindent = {a = 1}\n", ["'tool.normtools.indent'", "got a table"]),
        ('[tool.normtools]\nrespect-gitignore = "no"\n', ["true or false, got 'no'"]),
        ('[tool.normtools.per-file-ignores]\n"a" = "ZH1"\n', ["per-file-ignores.a", "got 'ZH1'"]),
        (
            '[tool.normtools]\nper-file-ignores = ["a"]\n',
            ["'tool.normtools.per-file-ignores'", "table"],
        ),
        ("[tool.normtools]\nselet = []\n", ["unknown key (did you mean 'select'?)"]),
        (
            '[tool.normtools]\nextend-rules = ["."]\n',
            ["key 'tool.normtools.extend-rules'", "is a directory"],
        ),
        (
            '[tool.normtools]\nextend-rules = ["nope.toml"]\n',
            ["'tool.normtools.extend-rules'", "no such rule file"],
        ),
        # every rule off without a word, as `--select ''` was
        ("[tool.normtools]\nselect = []\n", ["'tool.normtools.select'", "no rule codes given"]),
        ('[tool.normtools]\nselect = [""]\n', ["'tool.normtools.select'", "an empty rule code"]),
        ('[tool.normtools]\nignore = [" "]\n', ["'tool.normtools.ignore'", "an empty rule code"]),
        (
            '[tool.normtools.per-file-ignores]\n"*.txt" = [""]\n',
            ["'tool.normtools.per-file-ignores.\"*.txt\"'", "an empty rule code"],
        ),
    ],
)
def test_every_wrong_shape_is_one_line_naming_file_and_key(
    workdir: Path, cli, body: str, words: list[str]
) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "pyproject.toml", body)
    write(workdir / "a.txt", SPEECH)
    run = cli("check", "a.txt")
    assert run.code == 2, run.out
    assert run.err.startswith("normtools: error: ") and len(run.err.splitlines()) == 1
    assert "pyproject.toml" in run.err and "Traceback" not in run.err
    for word in words:
        assert word in run.err


def test_pyproject_that_does_not_mention_normtools_may_be_broken(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """Other tools' broken pyproject.toml is theirs: normtools goes on with its defaults;
    a 'tool' that is no table is skipped alike unless normtools is named."""
    write(workdir / "pyproject.toml", '[project]\nname = "x\n# normtools is nowhere a table\n')
    write(workdir / "a.txt", SPEECH)
    assert cli("check", "a.txt").code == 1
    write(workdir / "pyproject.toml", "tool = 3\n")
    assert cli("check", "a.txt").code == 1
    run = cli("check", "--config", "pyproject.toml", "a.txt")
    assert run.code == 2 and "key 'tool': must be a table, got 3" in run.err


def test_broken_pyproject_keeps_the_team_setting_from_being_lost(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """Issue 9: a syntax error elsewhere in pyproject.toml used to drop [tool.normtools]
    silently (a GBK archive converted despite encoding = "keep")."""
    write(
        workdir / "pyproject.toml", '[project\nname = "x"\n\n[tool.normtools]\nencoding = "keep"\n'
    )
    gbk = workdir / "archive.txt"
    gbk.write_bytes("同志们，朋友们：\n今天我们在这里召开大会，总结去年的工作。\n".encode("gbk"))
    before = gbk.read_bytes()
    run = cli("fix", "archive.txt")
    assert run.code == 2 and "pyproject.toml:1:" in run.err and "invalid TOML" in run.err
    assert gbk.read_bytes() == before


def test_configuration_saved_with_a_bom_is_read(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (workdir / "normtools.toml").write_bytes(b'\xef\xbb\xbfignore = ["ZH1"]\n')
    (workdir / "pyproject.toml").write_bytes(b'\xef\xbb\xbf[tool.normtools]\nignore = ["ZH1"]\n')
    write(workdir / "a.txt", "发展,做到\n")
    assert cli("check", "a.txt").code == 0
    (workdir / "normtools.toml").unlink()
    assert cli("check", "a.txt").code == 0


def test_config_given_as_a_directory(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "a.txt", SPEECH)
    run = cli("check", "--config", ".", "a.txt")
    assert run.code == 2 and "is a directory, not a configuration file" in run.err


def test_nested_configuration_errors_stop_the_run_before_any_file(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(workdir / "a.txt", SPEECH)
    path = write(workdir / "docs" / "b.txt", SPEECH)
    write(workdir / "docs" / "normtools.toml", 'ignore = ["ZH1O1"]\n')
    run = cli("fix", ".")
    assert run.code == 2 and "docs/normtools.toml: key 'ignore'" in run.err
    assert (workdir / "a.txt").read_text(encoding="utf-8") == SPEECH
    assert path.read_text(encoding="utf-8") == SPEECH
