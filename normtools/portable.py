"""A Normalizer's configuration as one canonical string, for pickling.

Compiled rules cannot be pickled and need not be: a Normalizer is rebuilt from its
``Config`` wherever it is unpickled. The string is canonical JSON, so equal configurations
give equal pickle bytes in any process (HF datasets fingerprints a map function by those
bytes). It also names the rules the configuration meant: the normtools version, a digest
of the shipped rule files and of each extra rule file. A cache keyed by the pickle is
therefore invalidated when the rules change, and a worker whose rules differ from the
parent's refuses instead of quietly fixing text another way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

from normtools.config import Config
from normtools.digest import blake2b
from normtools.ruleset import RuleFileError
from normtools.settings import Settings
from normtools.text import shipped_rules_dir

FORMAT = 1  # bump when the layout of the string changes
RuleFiles = tuple[tuple[str, str], ...]  # (absolute path, digest of its bytes)


def digests(paths: Sequence[Path]) -> RuleFiles:
    """Each rule file with a digest of its bytes. Call it after the loader accepted the
    files; whatever is not a regular file by now gets no digest and is never read."""
    return tuple((str(Path(p).absolute()), _digest_of(Path(p))) for p in paths)


def _digest_of(path: Path) -> str:
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        return blake2b(fh.read(), digest_size=16).hexdigest()


@cache
def shipped_rules() -> str:
    """The normtools version and a digest of the shipped rule files (read once)."""
    from normtools import __version__

    h = blake2b(digest_size=16)
    for p in sorted(shipped_rules_dir().iterdir()):
        if p.is_file():
            h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return f"{__version__}+{h.hexdigest()}"


def dumps(config: Config, rule_files: RuleFiles, flags: Mapping[str, bool]) -> str:
    state = {
        "format": FORMAT,
        "rules": shipped_rules(),
        "rule_files": rule_files,
        "flags": dict(flags),
        # relative rule paths would name other files in a worker with another cwd
        "config": _encode(config, absolute=True),
    }
    return json.dumps(state, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def loads(state: str) -> tuple[Config, RuleFiles, dict[str, bool]]:
    data = json.loads(state)
    if data.get("format") != FORMAT:
        raise RuleFileError("cannot unpickle a Normalizer pickled by another normtools version")
    if data["rules"] != shipped_rules():
        raise RuleFileError(
            f"cannot unpickle a Normalizer: it was pickled with the rules of normtools "
            f"{data['rules']}, here they are {shipped_rules()} (install the same version)"
        )
    config = _decode(data["config"])
    if not isinstance(config, Config):
        raise RuleFileError("cannot unpickle a Normalizer: its configuration is damaged")
    rule_files = tuple((str(p), str(d)) for p, d in data["rule_files"])
    return config, rule_files, {str(k): bool(v) for k, v in data["flags"].items()}


def same_rules(pickled: RuleFiles, here: RuleFiles) -> None:
    """RuleFileError naming the first extra rule file that is not what it was."""
    for (path, was), (_, now) in zip(pickled, here, strict=True):
        if was != now:
            raise RuleFileError(
                f"{path}: rule file differs from the one the Normalizer was pickled with"
            )


# -- the JSON form: tuples as lists, Paths and the two dataclasses tagged ----------------
_CLASSES: dict[str, type] = {"Config": Config, "Settings": Settings}


def _encode(value: Any, *, absolute: bool = False) -> Any:
    if isinstance(value, Config | Settings):
        out = {}
        for f in fields(value):
            item = getattr(value, f.name)
            if absolute and f.name == "extend_rules":
                item = tuple(Path(p).absolute() for p in item)
            out[f.name] = _encode(item)
        return {type(value).__name__: out}
    if isinstance(value, Path):
        return {"Path": str(value)}
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | bool | int):
        return value
    raise TypeError(f"cannot pickle a configuration value of type {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if isinstance(value, dict):
        ((tag, inner),) = value.items()
        if tag == "Path":
            return Path(inner)
        return _CLASSES[tag](**{k: _decode(v) for k, v in inner.items()})
    return value
