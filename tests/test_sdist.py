"""The source distribution is complete: the test suite passes from the unpacked sdist.

Slow (a build, a fresh virtual environment and an install). By hand, the same check:
``python -m build --sdist``, unpack it, ``pip install '.[test]'`` inside, ``pytest``.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (ROOT / ".git").exists(), reason="not a git checkout (this already is the sdist)"
    ),
    pytest.mark.skipif(importlib.util.find_spec("build") is None, reason="needs 'build'"),
]


def test_tests_pass_from_the_unpacked_sdist(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    built = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (sdist,) = (tmp_path / "dist").glob("normtools-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (source,) = (tmp_path / "unpacked").iterdir()
    for name in ("LICENSE", "CHANGELOG.md", "action.yml", ".pre-commit-hooks.yaml", "tools"):
        assert (source / name).exists(), name

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", ".[test]"],
        cwd=source,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    # the fast tests; the slow ones (pre-commit, the action) were run once by hand
    tested = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-x", "-m", "not slow", "-p", "no:cacheprovider"],
        cwd=source,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert tested.returncode == 0, tested.stdout[-3000:]
