"""Loading rule files: a malformed file is rejected with one message naming file,
rule and key, and the CLI turns that into exit 2 without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtools.ruleset import RuleFileError, load_ruleset, select_rules

GOOD = """
[[rule]]
code = "ZH901"
name = "team-term"
kind = "regex"
severity = "warning"
description = "Our team writes 公众号 in full."
pattern = '微信号(?=推文)'
replace = '微信公众号'
examples = [{ text = "微信号推文", fixed = "微信公众号推文" }, { text = "微信号码" }]
"""

BROKEN = [
    # (what is wrong, file text, words the message must contain)
    ("invalid TOML", 'code = "ZH901\n', ["invalid TOML"]),
    (
        "unknown key",
        GOOD.replace('severity = "warning"', 'severity = "warning"\ncolour = "red"'),
        ["rule[0] (ZH901)", "'colour'", "unknown key"],
    ),
    (
        "invalid regex",
        GOOD.replace("微信号(?=推文)", "微信号(?=推文"),
        ["rule[0] (ZH901)", "'pattern'", "invalid regex"],
    ),
    (
        "unknown class",
        GOOD.replace("微信号(?=推文)", "[{hna}]微信号"),
        ["rule[0] (ZH901)", "'pattern'", "unknown character class {hna}"],
    ),
    (
        "failing example",
        GOOD.replace('fixed = "微信公众号推文"', 'fixed = "微信推文"'),
        ["ZH901", "'examples'", "example 1"],
    ),
    ("bad code", GOOD.replace('"ZH901"', '"X901"'), ["'code'", "ZH plus three digits"]),
    ("bad severity", GOOD.replace('"warning"', '"fatal"'), ["'severity'"]),
    (
        "no examples",
        GOOD.replace(
            'examples = [{ text = "微信号推文", fixed = "微信公众号推文" }, { text = "微信号码" }]',
            "",
        ),
        ["'examples'", "required"],
    ),
    (
        "bad group reference",
        GOOD.replace("replace = '微信公众号'", "replace = '\\2'"),
        ["'replace'", "invalid"],
    ),
    (
        "charmap lengths",
        """
[[rule]]
code = "ZH902"
name = "map"
kind = "charmap"
severity = "error"
description = "d"
from = "ＡＢ"
to = "A"
examples = [{ text = "Ａ", fixed = "A" }]
""",
        ["rule[0] (ZH902)", "'to'", "as many characters"],
    ),
    (
        "exception without the key",
        """
code = "ZH903"
name = "team-typos"
kind = "literal"
severity = "warning"
description = "d"
examples = [{ text = "竟赛", fixed = "竞赛" }]
[entries]
"竟赛" = { fix = "竞赛", except = ["毕竟"] }
""",
        ["ZH903", "'entries'", "does not contain"],
    ),
    ("duplicate code", GOOD.replace("ZH901", "ZH101"), ["ZH101", "already used"]),
    # a message or replacement that would fail at match time fails at load time (issue 9)
    (
        "positional placeholder",
        GOOD.replace('severity = "warning"', 'severity = "warning"\nmessage = "{0}"'),
        ["rule[0] (ZH901)", "'message'", "unknown placeholder {0}", "{{ and }}"],
    ),
    (
        "unknown placeholder",
        GOOD.replace('severity = "warning"', 'severity = "warning"\nmessage = "写了{x}"'),
        ["rule[0] (ZH901)", "'message'", "unknown placeholder {x}"],
    ),
    (
        "lone brace",
        GOOD.replace('severity = "warning"', 'severity = "warning"\nmessage = "用{代替"'),
        ["rule[0] (ZH901)", "'message'", "invalid template"],
    ),
    (
        "attribute placeholder",
        GOOD.replace('severity = "warning"', 'severity = "warning"\nmessage = "{match.__class__}"'),
        ["'message'", "unknown placeholder {match.__class__}"],
    ),
    (
        "bad escape in replace",
        GOOD.replace("replace = '微信公众号'", "replace = '\\q'"),
        ["rule[0] (ZH901)", "'replace'", "bad escape"],
    ),
    (
        "catastrophic pattern",
        GOOD.replace("微信号(?=推文)", "(微+)+号"),
        ["rule[0] (ZH901)", "'pattern'", "catastrophic backtracking"],
    ),
    # a trigger runs over every line: checked like a pattern (issue 9)
    (
        "catastrophic trigger of a regex rule",
        GOOD.replace("replace = '微信公众号'", "replace = '微信公众号'\ntrigger = '(a+)+$'"),
        ["rule[0] (ZH901)", "'trigger'", "catastrophic backtracking"],
    ),
    (
        "catastrophic trigger of a dictionary",
        """
code = "ZH903"
name = "team-typos"
kind = "literal"
severity = "warning"
description = "d"
trigger = '(a+)+$'
examples = [{ text = "竟赛", fixed = "竞赛" }]
[entries]
"区块连" = "区块链"
""",
        ["ZH903", "'trigger'", "catastrophic backtracking"],
    ),
]


@pytest.mark.parametrize("what,text,words", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_rule_file_is_rejected(
    tmp_path: Path, what: str, text: str, words: list[str]
) -> None:
    path = tmp_path / "team.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_ruleset([path])
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message, f"{what}: {word!r} missing from {message!r}"
    assert "\n" not in message.strip()


def test_good_extra_rule_file_loads_and_fixes(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    path.write_text(GOOD, encoding="utf-8")
    rules = load_ruleset([path])
    assert "ZH901" in rules.by_code()
    from normtools import Config, Normalizer

    n = Normalizer(Config(extend_rules=(path,)))
    assert n.fix_text("请关注微信号推文。") == "请关注微信公众号推文。"


@pytest.mark.parametrize("what,text,words", BROKEN[:6], ids=[b[0] for b in BROKEN[:6]])
def test_cli_exit_2_on_broken_extend_rules(workdir: Path, cli, what, text, words) -> None:  # type: ignore[no-untyped-def]
    (workdir / "team.toml").write_text(text, encoding="utf-8")
    (workdir / "normtools.toml").write_text('extend-rules = ["team.toml"]\n', encoding="utf-8")
    (workdir / "a.txt").write_text("发展,做到\n", encoding="utf-8")
    for command in ("check", "fix"):
        run = cli(command, "a.txt")
        assert run.code == 2
        assert "Traceback" not in run.err
        assert run.err.startswith("normtools: error: ") and "team.toml" in run.err
    assert (workdir / "a.txt").read_text(encoding="utf-8") == "发展,做到\n"


def test_rules_test_command(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (workdir / "good.toml").write_text(GOOD, encoding="utf-8")
    run = cli("rules", "test", "good.toml")
    assert run.code == 0 and "1 rule, 2 examples: all passed." in run.out
    bad = GOOD.replace('fixed = "微信公众号推文"', 'fixed = "微信推文"')
    (workdir / "bad.toml").write_text(bad, encoding="utf-8")
    run = cli("rules", "test", "bad.toml")
    assert run.code == 2 and "example 1" in run.err


def test_rules_test_all_shipped(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("rules", "test")
    assert run.code == 0, run.err
    assert "all passed" in run.out


SELECT_CASES = [
    # (select, ignore, extend_select, code, expected)
    (None, [], [], "ZH101", True),
    (["ZH1"], [], [], "ZH101", True),
    (["ZH1"], [], [], "ZH501", False),
    (None, ["ZH1"], [], "ZH101", False),
    (["ZH1"], ["ZH101"], [], "ZH101", False),
    (["ZH1"], ["ZH101"], [], "ZH102", True),
    (["ZH101"], ["ZH1"], [], "ZH101", True),  # the more specific selector wins
    (["ZH1"], [], ["ZH5"], "ZH501", True),
    (["ALL"], ["ZH5"], [], "ZH501", False),
]


@pytest.mark.parametrize("select,ignore,extend,code,expected", SELECT_CASES)
def test_selection_by_prefix(select, ignore, extend, code, expected) -> None:  # type: ignore[no-untyped-def]
    chosen = {r.code for r in select_rules(load_ruleset(), select, ignore, extend)}
    assert (code in chosen) is expected


# -- rule files that are not what they claim (issue 9) -----------------------------------


def test_messages_with_match_and_fix_still_load(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    path.write_text(
        GOOD.replace(
            'severity = "warning"', 'severity = "warning"\nmessage = "“{match}”应为“{fix}” {{注}}"'
        ),
        encoding="utf-8",
    )
    from normtools import Config, Normalizer

    (found,) = Normalizer(Config(extend_rules=(path,), select=["ZH901"])).check_text("看微信号推文")
    assert found.message == "“微信号”应为“微信公众号” {注}"


def test_tsv_saved_with_a_bom_keeps_its_first_entry(tmp_path: Path) -> None:
    path = tmp_path / "team.tsv"
    path.write_bytes("\ufeff登陆账号\t登录账号\n按装\t安装\n".encode())
    (rule,) = [r for r in load_ruleset([path]) if r.source == str(path)]
    assert [e.wrong for e in rule.entries] == ["登陆账号", "按装"]


SECRET = "hunter2-s3cr3t"


@pytest.mark.parametrize(
    ("name", "body", "words"),
    [
        ("env.tsv", f"API_TOKEN={SECRET}\n", ["env.tsv:1:", "wrong<TAB>right", "found 1"]),
        ("env.toml", f"API_TOKEN = {SECRET}\n", ["env.toml", "invalid TOML", "line 1"]),
        (
            "env.toml",
            f"[[rule]]\nx = 1\n[[rule]]\n{SECRET} = 1\n{SECRET} = 2\n",
            ["Cannot overwrite a value", "line 5"],
        ),
        ("env.tsv", f"{SECRET}\tx\n{SECRET}\ty\n", ["env.tsv:2:", "duplicate entry", "line 1"]),
        ("env.toml", f'[[rule]]\nkind = "{SECRET}"\n', ["rule[0]", "'kind'", "must be one of"]),
        ("env.toml", f'[x]\n"{SECRET}" = 1\n[x]\n', ["defined twice", "line 3"]),
        ("env.toml", b"a = 1\n\xff" + SECRET.encode(), ["line 2", "must be UTF-8"]),
        ("environ", f"PATH=/usr/bin\0API_TOKEN={SECRET}\0", ["environ", "not a rule file"]),
    ],
)
def test_errors_never_echo_what_a_file_holds(
    workdir: Path,
    cli,
    name: str,
    body: str | bytes,
    words: list[str],  # type: ignore[no-untyped-def]
) -> None:
    path = workdir / name
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    (workdir / "normtools.toml").write_text(f'extend-rules = ["{name}"]\n', encoding="utf-8")
    (workdir / "a.txt").write_text("发展,做到\n", encoding="utf-8")
    run = cli("check", "a.txt")
    assert run.code == 2
    line = run.err.strip()
    assert line.startswith("normtools: error: ") and "\n" not in line
    assert SECRET not in run.err and SECRET not in run.out
    for word in words:
        assert word in line, line


def test_proc_self_environ_is_not_read(workdir: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if not Path("/proc/self/environ").exists():
        pytest.skip("no /proc")
    monkeypatch.setenv("NORMTOOLS_TEST_SECRET", SECRET)
    (workdir / "normtools.toml").write_text(
        'extend-rules = ["/proc/self/environ"]\n', encoding="utf-8"
    )
    (workdir / "a.txt").write_text("发展,做到\n", encoding="utf-8")
    run = cli("check", "a.txt")
    assert run.code == 2
    assert (
        run.err
        == "normtools: error: /proc/self/environ: not a rule file: rule files end in .toml or .tsv\n"
    )


@pytest.mark.parametrize(
    ("target", "words"), [(".", "is a directory"), ("fifo.toml", "not a regular file")]
)
def test_extend_rules_naming_a_directory_or_fifo(
    workdir: Path, cli, target: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    import os

    os.mkfifo(workdir / "fifo.toml")
    (workdir / "normtools.toml").write_text(f'extend-rules = ["{target}"]\n', encoding="utf-8")
    (workdir / "a.txt").write_text("发展,做到\n", encoding="utf-8")
    run = cli("check", "a.txt")
    assert run.code == 2 and words in run.err and "internal error" not in run.err


# A trigger that the load-time check cannot see through ((x|xx)+ backtracks
# exponentially without a repeat inside a repeat) on a line built to make it explode.
SLOW_TRIGGER_DICTIONARY = """
code = "ZH903"
name = "team-typos"
kind = "literal"
severity = "warning"
description = "d"
trigger = '(?:x|xx)+y'
examples = [{ text = "区块连xy", fixed = "区块链xy" }]
[entries]
"区块连" = "区块链"
"""


def test_slow_dictionary_trigger_is_skipped_within_the_budget(
    workdir: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from normtools import matchers

    monkeypatch.setattr(matchers, "REGEX_TIME_BUDGET", 0.2)
    (workdir / "team.toml").write_text(SLOW_TRIGGER_DICTIONARY, encoding="utf-8")
    (workdir / "normtools.toml").write_text('extend-rules = ["team.toml"]\n', encoding="utf-8")
    (workdir / "a.txt").write_text("区块连" + "x" * 60 + "，发展,做到\n", encoding="utf-8")
    run = cli("fix", "a.txt")
    assert "Traceback" not in run.err
    assert "ZH903 rule skipped for this file: its regex took longer than" in run.out
    # the other rules still fixed the file; the skipped dictionary changed nothing
    assert (workdir / "a.txt").read_text(encoding="utf-8") == "区块连" + "x" * 60 + "，发展，做到\n"


def test_user_dictionary_trigger_still_selects_lines(workdir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # the dictionary looks only at lines its trigger matches, as before the budget
    (workdir / "team.toml").write_text(
        SLOW_TRIGGER_DICTIONARY.replace("(?:x|xx)+y", "平台").replace("xy", "平台"),
        encoding="utf-8",
    )
    (workdir / "normtools.toml").write_text('extend-rules = ["team.toml"]\n', encoding="utf-8")
    (workdir / "a.txt").write_text("建设区块连平台。\n区块连技术。\n", encoding="utf-8")
    assert cli("fix", "a.txt").code == 0
    assert (workdir / "a.txt").read_text(encoding="utf-8") == "建设区块链平台。\n区块连技术。\n"
