"""The recipes of docs/library.md run as written: pandas, HF datasets (cache), Ray Data.

pandas, datasets and ray are heavy: they are in the ``recipes`` extra, not in ``test``,
and each test here is skipped when its package is missing
(``pip install -e '.[dev,recipes]'`` runs them all).
"""

from __future__ import annotations

import importlib.util
import math
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

RECIPES = Path(__file__).resolve().parents[1] / "docs" / "recipes"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, RECIPES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _script(name: str, *args: str, cwd: Path) -> str:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    run = subprocess.run(
        [sys.executable, str(RECIPES / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout


def test_pandas_recipe() -> None:
    pytest.importorskip("pandas")
    frame = _load("pandas_recipe").main()
    assert list(frame["fixed"][:2]) == ["发展，做到", "\u3000\u3000同志们："]
    assert math.isnan(frame["fixed"][2])  # a missing value stays missing
    assert frame["fixed"][4] == "Hello, world."
    assert frame["fixed"].equals(frame["batch"])
    assert list(frame["codes"]) == ["ZH101", "ZH103", "", "ZH107,ZH501", ""]


def test_datasets_map_is_served_from_the_cache_in_a_second_process(tmp_path: Path) -> None:
    pytest.importorskip("datasets")
    first = _script("datasets_recipe", str(tmp_path / "work"), cwd=tmp_path)
    second = _script("datasets_recipe", str(tmp_path / "work"), cwd=tmp_path)
    assert ": computed" in first, first
    assert ": served from cache" in second, second
    fingerprint = [line for line in first.splitlines() if "fingerprint" in line]
    assert fingerprint and fingerprint[0] in second
    assert "'发展，做到', '今天开会。', '我们要再接再厉，争取更大胜利！'" in second
    assert len(list((tmp_path / "work" / "speeches").glob("cache-*.arrow"))) == 1


@pytest.mark.slow
def test_ray_recipe_on_a_local_cluster(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    out = _script("ray_recipe", cwd=tmp_path)
    assert "rows: 2000" in out
    assert (
        "'我们要再接再励,争取更大胜利!' -> '我们要再接再厉，争取更大胜利！'  [ZH301,ZH101,ZH104]"
        in out
    )
    assert "every row equals normtools.fix_text of its text" in out
