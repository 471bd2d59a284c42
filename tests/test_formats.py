"""CI output formats: each validates against its schema and carries what CI reads."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from normtools.cli import main
from normtools.diagnostics import Diagnostic
from normtools.output import Report
from normtools.output.fingerprints import fingerprints
from normtools.output.github import render as format_github

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = {
    "sarif": ROOT / "tests/schemas/sarif-2.1.0-subset.schema.json",
    "gitlab": ROOT / "tests/schemas/gitlab-codequality.schema.json",
    "json": ROOT / "docs/schema/normtools-json.schema.json",
    "rdjson": ROOT / "tests/schemas/reviewdog-rdjson.schema.json",
}
SPEECH = (
    "　　同志们,朋友们:\n"
    "　　今年我市地区生产总值增长5.6%,请XX同志汇报.\n"
    "　　让“劳动光荣、创造伟大“成为全社会的共识。\n"
)


def _validate(fmt: str, data: object) -> None:
    schema = json.loads(SCHEMAS[fmt].read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(data)


@pytest.fixture
def speech(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "讲话.txt"
    path.write_text(SPEECH, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "json", "rdjson"])
def test_output_validates_against_schema(
    fmt: str, speech: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(capsys, "check", "--format", fmt, "讲话.txt")
    assert code == 1
    _validate(fmt, json.loads(out))


@pytest.mark.parametrize(
    "fmt", ["text", "full", "concise", "json", "github", "sarif", "gitlab", "rdjson", "html"]
)
def test_exit_codes_are_the_same_for_every_format(
    fmt: str, tmp_path: Path, speech: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("同志们，朋友们：\n今天我们隆重集会。\n", encoding="utf-8")
    assert _run(capsys, "check", "--format", fmt, "讲话.txt")[0] == 1
    assert _run(capsys, "check", "--format", fmt, "clean.txt")[0] == 0
    assert _run(capsys, "check", "--format", fmt, "missing.txt")[0] == 2


def test_sarif_carries_rule_metadata_and_locations(
    speech: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = _run(capsys, "check", "--format", "sarif", "讲话.txt")
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert "ZH101" in ids and "ZH501" in ids
    for result in run["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    placeholder = next(r for r in run["results"] if r["ruleId"] == "ZH501")
    location = placeholder["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "%E8%AE%B2%E8%AF%9D.txt"  # 讲话.txt
    assert location["region"] == {"startLine": 2, "startColumn": 21, "endLine": 2, "endColumn": 23}


def test_gitlab_severity_and_location(speech: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _run(capsys, "check", "--format", "gitlab", "讲话.txt")
    issues = json.loads(out)
    placeholder = next(i for i in issues if i["check_name"] == "ZH501")
    assert placeholder["severity"] == "major"  # error -> major
    assert placeholder["location"] == {"path": "讲话.txt", "lines": {"begin": 2, "end": 2}}
    assert "XX" in placeholder["description"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_survive_lines_inserted_above(
    tmp_path: Path, speech: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, before = _run(capsys, "check", "--format", "gitlab", "讲话.txt")
    speech.write_text("在全市劳动模范表彰大会上的讲话\n\n" + SPEECH, encoding="utf-8")
    _, after = _run(capsys, "check", "--format", "gitlab", "讲话.txt")
    old = {i["check_name"]: i["fingerprint"] for i in json.loads(before)}
    new = {i["check_name"]: i["fingerprint"] for i in json.loads(after)}
    assert old["ZH501"] == new["ZH501"]


def test_github_workflow_commands(speech: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "check", "--format", "github", "讲话.txt")
    assert code == 1
    lines = out.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert (
        "::error file=讲话.txt,line=2,col=21,endLine=2,endColumn=23,title=ZH501::"
        "unfilled placeholder “XX” (placeholder)"
    ) in lines


def _diag(path: str, message: str, severity: str = "info") -> Diagnostic:
    return Diagnostic(path, "ZH999", "demo", severity, message, 0, 1, 1, 1, 1, 2)


def test_github_escapes_data_and_properties() -> None:
    out = format_github(Report([_diag("a,b:c%.md", "100% done\r\nnext line")]))
    assert out == (
        "::notice file=a%2Cb%3Ac%25.md,line=1,col=1,endLine=1,endColumn=2,title=ZH999::"
        "100%25 done%0D%0Anext line (demo)\n"
    )


def test_fingerprints_are_stable_and_distinct_for_repeats() -> None:
    same = [_diag("a.txt", "unfilled placeholder “XX”")] * 2
    first, second = fingerprints(same)
    assert first != second
    assert fingerprints(same) == [first, second]


def test_fix_reports_remaining_findings_in_ci_format(
    speech: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(capsys, "fix", "--format", "sarif", "讲话.txt")
    assert code == 1  # the placeholder cannot be fixed
    results = json.loads(out)["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"ZH501"}
    assert "同志们，朋友们：" in speech.read_text(encoding="utf-8")


def test_sarif_marks_suppressed_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("请XX同志参加会议。 # normtools: ignore[ZH501]\n", encoding="utf-8")
    code, out = _run(capsys, "check", "--format", "sarif", "--show-suppressed", str(path))
    assert code == 0
    log = json.loads(out)
    _validate("sarif", log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "ZH501"
    assert result["suppressions"] == [{"kind": "inSource"}]


# -- SARIF for GitHub code scanning, rdjson for reviewdog (issue 14) ------------------------


def test_sarif_rules_carry_help_and_results_carry_fixes(
    speech: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = _run(capsys, "check", "--format", "sarif", "讲话.txt")
    log = json.loads(out)
    _validate("sarif", log)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    comma = next(r for r in driver["rules"] if r["id"] == "ZH101")
    assert (
        comma["fullDescription"]["text"] == "A half-width comma in Chinese context should be “，”."
    )
    assert "坚持高质量发展,做到稳中求进。 → 坚持高质量发展，做到稳中求进。" in comma["help"]["text"]
    assert (
        "| `坚持高质量发展,做到稳中求进。` | `坚持高质量发展，做到稳中求进。` |"
        in (comma["help"]["markdown"])
    )
    assert "--ignore ZH101" in comma["help"]["text"]
    assert comma["helpUri"].endswith("docs/rules.md#zh101")
    results = log["runs"][0]["results"]
    fixed = next(r for r in results if r["ruleId"] == "ZH101")
    (change,) = fixed["fixes"][0]["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement["insertedContent"] == {"text": "，"}
    assert replacement["deletedRegion"] == fixed["locations"][0]["physicalLocation"]["region"]
    placeholder = next(r for r in results if r["ruleId"] == "ZH501")
    assert "fixes" not in placeholder  # report only


def test_docs_rules_has_the_anchors_help_uri_points_to() -> None:
    text = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    from normtools.ruleset import load_ruleset

    for rule in load_ruleset(check_extra_examples=False):
        assert f'<a id="{rule.code.lower()}"></a>' in text, rule.code


def test_rdjson_columns_count_utf8_bytes_and_carry_suggestions(
    speech: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = _run(capsys, "check", "--format", "rdjson", "讲话.txt")
    result = json.loads(out)
    _validate("rdjson", result)
    assert result["source"]["name"] == "normtools"
    line2 = SPEECH.splitlines()[1]
    comma = next(
        d
        for d in result["diagnostics"]
        if d["code"]["value"] == "ZH101" and d["location"]["range"]["start"]["line"] == 2
    )
    start = comma["location"]["range"]["start"]["column"]
    # the byte column of the first "," of line 2, counted by hand from the UTF-8 bytes
    assert start == len(line2[: line2.index(",")].encode("utf-8")) + 1
    assert comma["location"]["range"]["end"]["column"] == start + 1
    assert comma["suggestions"] == [{"range": comma["location"]["range"], "text": "，"}]
    assert comma["severity"] == "ERROR"
    placeholder = next(d for d in result["diagnostics"] if d["code"]["value"] == "ZH501")
    assert "suggestions" not in placeholder
    assert placeholder["location"]["path"] == "讲话.txt"


def _apply_suggestions(raw: bytes, diagnostics: list[dict]) -> bytes:
    """What reviewdog's GitHub reporter does with each suggestion: it takes the line as
    git's diff shows it (a BOM is part of line 1, a CR ends it) and splices the text in
    at the byte columns."""
    lines = raw.split(b"\n")
    for d in sorted(diagnostics, key=lambda d: -d["location"]["range"]["start"]["column"]):
        for s in d.get("suggestions", ()):
            start, end = s["range"]["start"], s["range"]["end"]
            assert start["line"] == end["line"]
            line = lines[start["line"] - 1]
            lines[start["line"] - 1] = (
                line[: start["column"] - 1] + s["text"].encode() + line[end["column"] - 1 :]
            )
    return b"\n".join(lines)


def test_rdjson_suggestions_land_on_the_bytes_reviewdog_sees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file saved by Windows Notepad: a byte-order mark and CRLF. Applied as reviewdog
    applies them, the suggestions give the text ``fix`` writes (line ends and BOM, the
    file-level changes, aside)."""
    monkeypatch.chdir(tmp_path)
    raw = "\ufeff请XX同志参加,谢谢.\r\n“学习'两会'精神”,做到.\r\n".encode()
    Path("notepad.txt").write_bytes(raw)
    _, out = _run(capsys, "check", "--format", "rdjson", "notepad.txt")
    result = json.loads(out)
    _validate("rdjson", result)
    fixed = _apply_suggestions(raw, result["diagnostics"])
    assert fixed == "\ufeff请XX同志参加，谢谢。\r\n“学习‘两会’精神”，做到。\r\n".encode()


def _git_repo(tmp_path: Path) -> Path:
    import subprocess

    repo = tmp_path / "repo"
    (repo / "docs" / "speeches").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "docs" / "speeches" / "a.txt").write_text("请XX同志参加,谢谢.\n", encoding="utf-8")
    return repo


@pytest.mark.parametrize("fmt", ["github", "sarif", "gitlab", "rdjson"])
def test_ci_paths_are_relative_to_the_repository_root(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo = _git_repo(tmp_path)
    monkeypatch.chdir(repo / "docs")
    _, out = _run(capsys, "check", "--format", fmt, "speeches/a.txt")
    assert "docs/speeches/a.txt" in out
    assert "../" not in out and str(repo) not in out
    monkeypatch.chdir(repo / "docs" / "speeches")
    _, again = _run(capsys, "check", "--format", fmt, "a.txt")
    assert again == out


def test_ci_paths_outside_git_are_relative_to_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("请XX同志参加。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    _, out = _run(capsys, "check", "--format", "github", str(tmp_path / "sub" / "a.txt"))
    assert out.startswith("::error file=sub/a.txt,")


def test_step_summary_is_written_whatever_the_format(
    speech: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "org/speeches")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    code, out = _run(capsys, "check", "--format", "github", "讲话.txt")
    assert code == 1 and out.startswith("::error")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## normtools\n")  # appended
    assert "9 problems in 1 file, 8 fixable with `normtools fix`." in text
    assert "| ZH101 | halfwidth-comma | 2 |" in text
    assert "| `讲话.txt` | 9 |" in text
    link = "https://github.com/org/speeches/blob/abc123/%E8%AE%B2%E8%AF%9D.txt#L2"
    assert f"[`讲话.txt:2:21`]({link}) **ZH501** unfilled placeholder “XX”" in text


def test_no_step_summary_without_the_variable(
    speech: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    _run(capsys, "check", "讲话.txt")
    assert not list(tmp_path.glob("*.md"))


def test_step_summary_after_fix_says_what_was_fixed(
    speech: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _run(capsys, "fix", "讲话.txt")
    text = summary.read_text(encoding="utf-8")
    assert "Fixed 8 problems in 1 file." in text
    assert "**ZH501** unfilled placeholder “XX”" in text


SARIF_MULTITOOL = "@microsoft/sarif-multitool@5.7.0"


def _sarif_multitool(cache: Path) -> Path | None:
    """The Multitool's executable, installed with npm into ``cache`` once; None when npm
    or the registry is not there."""
    import platform
    import shutil
    import subprocess

    if shutil.which("npm") is None or platform.system() != "Linux":
        return None
    exe = cache / "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
    try:
        if not exe.exists():
            done = subprocess.run(
                [
                    "npm",
                    "install",
                    "--prefix",
                    str(cache),
                    "--no-audit",
                    "--no-fund",
                    SARIF_MULTITOOL,
                ],
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
            if done.returncode != 0 or not exe.exists():
                return None
        exe.chmod(0o755)  # npm may skip the package's postinstall chmod
        # a self-contained .NET program: make sure it starts here
        started = subprocess.run([str(exe), "--version"], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return exe if started.returncode == 0 else None


@pytest.mark.slow
def test_sarif_passes_the_sarif_multitool_with_github_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Microsoft's SARIF Multitool: the official schema plus GitHub's ingestion rules
    (``validate --rule-kind "Sarif;Gh"``); no error and no warning on the examples."""
    import os
    import subprocess

    cache = Path(os.environ.get("NORMTOOLS_TEST_NPM_CACHE", Path.home() / ".cache/normtools-tests"))
    exe = _sarif_multitool(cache)
    if exe is None:
        pytest.skip("npm (or the npm registry) is not available")
    monkeypatch.chdir(ROOT)
    _, out = _run(capsys, "check", "--format", "sarif", "--select", "ALL", "examples")
    log = tmp_path / "examples.sarif"
    log.write_text(out, encoding="utf-8")
    checked = tmp_path / "validation.sarif"
    done = subprocess.run(
        [str(exe), "validate", "--rule-kind", "Sarif;Gh", "--output", str(checked), str(log)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(checked.read_text(encoding="utf-8"))["runs"][0]["results"]
    problems = [r for r in results if r.get("level", "warning") in ("error", "warning")]
    assert not problems, json.dumps(problems[:5], ensure_ascii=False, indent=2)
