"""Golden files: hand-written expected output from an independent reading of
house-style.md (tests/golden/README.md), run through the real CLI on copies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO

GOLDEN = REPO / "tests" / "golden"
RAW = sorted(GOLDEN.glob("*.raw.*"))
FINDINGS = json.loads((GOLDEN / "findings.json").read_text(encoding="utf-8"))
KIND_CODES = {
    "placeholder": "ZH501",
    "unbalanced": "ZH502",
    "double": "ZH503",
    "period-between-han": "ZH107",
}
EXAMPLES = sorted((REPO / "examples").iterdir())


def _fixed_name(raw: Path) -> Path:
    return raw.with_name(raw.name.replace(".raw.", ".fixed."))


@pytest.mark.parametrize("raw", RAW, ids=lambda p: p.name)
def test_fix_gives_the_golden_output(raw: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    work = tmp_path / raw.name
    shutil.copyfile(raw, work)
    cli("fix", str(work))
    assert work.read_bytes() == _fixed_name(raw).read_bytes()
    second = cli("fix", str(work))
    assert work.read_bytes() == _fixed_name(raw).read_bytes()
    assert "Fixing" not in second.out


@pytest.mark.parametrize("raw", RAW, ids=lambda p: p.name)
def test_check_reports_report_only_findings_at_their_position(raw: Path, cli) -> None:  # type: ignore[no-untyped-def]
    key = raw.relative_to(REPO).as_posix()
    expected = {(f["line"], f["column"], KIND_CODES[f["kind"]]) for f in FINDINGS.get(key, [])}
    run = cli("check", "--format", "json", "--select", ",".join(KIND_CODES.values()), str(raw))
    found = {(d["line"], d["column"], d["code"]) for d in json.loads(run.out)}
    assert found == expected
    assert run.code == (1 if expected else 0)


def test_notice_example_findings(cli) -> None:  # type: ignore[no-untyped-def]
    path = REPO / "examples" / "notice.txt"
    expected = {
        (f["line"], f["column"], KIND_CODES[f["kind"]]) for f in FINDINGS["examples/notice.txt"]
    }
    run = cli("check", "--format", "json", str(path))
    found = {
        (d["line"], d["column"], d["code"])
        for d in json.loads(run.out)
        if d["code"] in KIND_CODES.values()
    }
    assert found == expected


def test_clean_example_is_untouched_and_clean(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    work = tmp_path / "clean.md"
    shutil.copyfile(REPO / "examples" / "clean.md", work)
    assert cli("check", str(work)).code == 0
    run = cli("fix", str(work))
    assert run.code == 0
    assert work.read_bytes() == (REPO / "examples" / "clean.md").read_bytes()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_fix_is_a_fixed_point(example: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    work = tmp_path / example.name
    shutil.copyfile(example, work)
    cli("fix", str(work))
    once = work.read_bytes()
    again = cli("fix", "--diff", str(work))
    assert again.out == ""
    assert work.read_bytes() == once
    # what remains is report-only
    leftover = json.loads(cli("check", "--format", "json", str(work)).out)
    assert all(d["fix"] is None for d in leftover)
