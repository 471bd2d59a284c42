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


@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "json"])
def test_output_validates_against_schema(
    fmt: str, speech: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(capsys, "check", "--format", fmt, "讲话.txt")
    assert code == 1
    _validate(fmt, json.loads(out))


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "gitlab"])
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
