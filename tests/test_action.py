"""The composite GitHub Action (action.yml): its shell steps, run here as a runner runs them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]


def test_inputs_reach_the_shell_only_through_the_environment() -> None:
    scripts = [step["run"] for step in STEPS if "run" in step]
    assert len(scripts) == 2
    assert all("${{" not in script for script in scripts)


def test_every_input_is_documented() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for name in ACTION["inputs"]:
        assert f"`{name}`" in docs, name


def _run_step(step: dict, context: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a ``run:`` step with its ``env:`` evaluated, as GitHub's bash shell does."""

    def value(match: re.Match[str]) -> str:
        return context[match.group(1)]

    env = dict(os.environ)
    for key, raw in step.get("env", {}).items():
        env[key] = re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", value, str(raw))
    script = cwd.parent / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_action_installs_normtools_from_its_checkout_and_checks(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "notice.txt").write_text("请XX同志参加会议,谢谢.\n", encoding="utf-8")
    (workspace / "clean.md").write_text("# 通知\n\n会议明天召开。\n", encoding="utf-8")
    context = {
        "github.action_path": str(ROOT),
        "runner.temp": str(tmp_path),
        "steps.python.outputs.python-path": sys.executable,
        **{f"inputs.{k}": str(v.get("default", "")) for k, v in ACTION["inputs"].items()},
    }
    install, check = (step for step in STEPS if "run" in step)
    installed = _run_step(install, context, workspace)
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.startswith("normtools ")

    done = _run_step(check, context, workspace)  # the defaults: every file, github format
    assert done.returncode == 1
    assert "::error file=notice.txt,line=1,col=2," in done.stdout
    assert "clean.md" not in done.stdout

    context.update(
        {
            "inputs.paths": "notice.txt\nclean.md",
            "inputs.format": "sarif",
            "inputs.args": "--select ZH5 --exit-zero",
            "inputs.output-file": "normtools.sarif",
        }
    )
    done = _run_step(check, context, workspace)
    assert done.returncode == 0, done.stderr
    results = json.loads((workspace / "normtools.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in results["runs"][0]["results"]] == ["ZH501"]


def test_the_format_input_names_every_output_format() -> None:
    """The action's own description of ``format`` and the inputs table of docs/ci.md keep
    up with the formats normtools has (rdjson and html were once missing)."""
    from normtools.output import AUTO, FORMATS

    described = " ".join(ACTION["inputs"]["format"]["description"].split())
    row = next(
        line
        for line in (ROOT / "docs" / "ci.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `format` |")
    )
    for name in [AUTO, *FORMATS]:
        assert re.search(rf"\b{name}\b", described), name
        assert f"`{name}`" in row, name
