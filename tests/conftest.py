"""Shared fixtures: run the CLI in-process and capture what a user would see."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from normtools.cli import main

REPO = Path(__file__).resolve().parents[1]

# The rule and regex caches go to a temporary directory, not the user's ~/.cache.
os.environ.setdefault("NORMTOOLS_CACHE_DIR", tempfile.mkdtemp(prefix="normtools-test-cache-"))


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``cli("check", "a.txt", stdin="...")`` -> Run(exit code, stdout, stderr)."""

    def run(*argv: str, stdin: str | bytes | None = None) -> Run:
        if stdin is not None:
            data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
            fake = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
            monkeypatch.setattr(sys, "stdin", fake)
        code = main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current directory with no configuration above it that matters."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
