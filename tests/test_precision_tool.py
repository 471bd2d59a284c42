"""tools/precision.py keeps reviewers' verdicts across reruns and reports stale ones."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("precision", REPO / "tools" / "precision.py")
assert spec is not None and spec.loader is not None
precision = importlib.util.module_from_spec(spec)
sys.modules["precision"] = precision
spec.loader.exec_module(precision)

REPORT = "各地要坚持稳中求进工作总基调,推动经济实现质的有效提升。\n"
OTHER = "\n全年粮食产量保持稳定。\n"


def run(corpus: Path, out: Path) -> Any:
    code = precision.main([str(corpus), "--name", "t", "--out", str(out), "--jobs", "1"])
    assert code == 0
    return json.loads((out / "t" / "summary.json").read_text(encoding="utf-8"))


def review(out: Path, code: str, verdict: str) -> None:
    path = out / "t" / f"{code}.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    cells = lines[1].split("\t")
    cells[header.index("verdict")] = verdict
    cells[header.index("note")] = "reviewed in a test"
    path.write_text("\n".join([lines[0], "\t".join(cells), *lines[2:]]) + "\n", encoding="utf-8")


def test_key_ignores_offsets_but_not_context() -> None:
    key = precision.finding_key
    same = key("gov/a.md", "ZH101", ",", "，", "坚持稳中求进工作总基调", "推动经济实现质的有效提升")
    # more text further before and after: the same 10 characters around, the same key
    longer = key(
        "gov/a.md", "ZH101", ",", "，", "全面坚持稳中求进工作总基调", "推动经济实现质的有效提升。"
    )
    assert same == longer
    assert same != key(
        "gov/a.md", "ZH101", ",", "，", "坚持稳中求进工作总思路", "推动经济实现质的有效提升"
    )
    assert same != key(
        "gov/b.md", "ZH101", ",", "，", "坚持稳中求进工作总基调", "推动经济实现质的有效提升"
    )


def test_source_relative_path_drops_the_part() -> None:
    assert precision.source_relative("dev/lawtext+gov/a.md") == "lawtext+gov/a.md"
    assert precision.source_relative("holdout/lawtext+gov/a.md") == "lawtext+gov/a.md"
    assert precision.source_relative("lawtext+gov/a.md") == "lawtext+gov/a.md"


def test_verdict_survives_unrelated_changes_and_goes_stale_with_its_finding(
    tmp_path: Path,
) -> None:
    corpus, out = tmp_path / "corpus" / "dev", tmp_path / "precision"
    (corpus / "src").mkdir(parents=True)
    doc = corpus / "src" / "report.txt"
    doc.write_text(REPORT, encoding="utf-8")
    first = run(corpus, out)
    assert first["codes"]["ZH101"]["findings"] == 1
    assert first["codes"]["ZH101"]["precision"] is None
    review(out, "ZH101", "ok")

    # an unrelated paragraph and an unrelated file: the verdict is found again
    doc.write_text(REPORT + OTHER, encoding="utf-8")
    (corpus / "src" / "other.txt").write_text("会议强调,要抓好落实。\n", encoding="utf-8")
    second = run(corpus, out)
    assert second["codes"]["ZH101"]["findings"] == 2
    assert second["codes"]["ZH101"]["ok"] == 1
    assert second["codes"]["ZH101"]["precision"] == 1.0
    assert second["stale"] == 0
    assert "reviewed in a test" in (out / "t" / "ZH101.tsv").read_text(encoding="utf-8")

    # the reviewed finding itself is gone: its verdict is kept as stale, not lost
    doc.write_text(REPORT.replace(",", "，") + OTHER, encoding="utf-8")
    third = run(corpus, out)
    assert third["stale"] == 1
    assert third["codes"]["ZH101"]["reviewed"] == 0
    assert "reviewed in a test" in (out / "t" / "stale.tsv").read_text(encoding="utf-8")

    # ... and comes back when the finding does
    doc.write_text(REPORT, encoding="utf-8")
    fourth = run(corpus, out)
    assert fourth["stale"] == 0
    assert fourth["codes"]["ZH101"]["ok"] == 1


def test_a_verdict_outside_ok_wrong_unsure_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "precision"
    corpus.mkdir()
    (corpus / "a.txt").write_text(REPORT, encoding="utf-8")
    run(corpus, out)
    review(out, "ZH101", "maybe")
    assert precision.main([str(corpus), "--name", "t", "--out", str(out), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "ZH101.tsv:2: verdict must be ok, wrong or unsure" in err
