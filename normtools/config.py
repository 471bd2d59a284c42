"""Configuration: ``[tool.normtools]`` in pyproject.toml, or normtools.toml/.normtools.toml.

Found by walking up from the current directory (or given with ``--config``). Owns
selection, file discovery settings, per-file ignores and the style choices; does no
matching. Unknown keys and bad values are errors that name the file and the key.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from normtools.errors import NormtoolsError
from normtools.model import Settings

CONFIG_NAMES = ("normtools.toml", ".normtools.toml", "pyproject.toml")
DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown")
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "build",
    "dist",
)
CHOICES = {
    "indent": ("remove", "keep", "two-fullwidth"),
    "line-ending": ("lf", "crlf", "keep"),
    "bom": ("remove", "keep"),
    "encoding": ("utf-8", "keep"),
    "profile": ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK"),
    "quotes": ("auto", "curly", "corner"),
}
LIST_KEYS = (
    "select",
    "ignore",
    "extend-select",
    "extend-rules",
    "extensions",
    "exclude",
    "extend-exclude",
    "allow",
)
BOOL_KEYS = ("respect-gitignore",)
TABLE_KEYS = ("per-file-ignores",)
KNOWN_KEYS = (
    frozenset(LIST_KEYS) | frozenset(BOOL_KEYS) | frozenset(TABLE_KEYS) | frozenset(CHOICES)
)


class ConfigError(NormtoolsError):
    """A configuration problem; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_rules: tuple[Path, ...] = ()
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    allow: tuple[str, ...] = ()
    settings: Settings = field(default_factory=Settings)

    def with_cli(
        self,
        select: Sequence[str] | None,
        ignore: Sequence[str] | None,
        extend_select: Sequence[str] | None,
    ) -> Config:
        """Command-line selectors override the file's (select) or add to them."""
        return replace(
            self,
            select=tuple(select) if select is not None else self.select,
            ignore=self.ignore + tuple(ignore or ()),
            extend_select=self.extend_select + tuple(extend_select or ()),
        )

    def ignored_codes_for(self, path: Path) -> tuple[str, ...]:
        """Codes that ``per-file-ignores`` switches off for ``path``."""
        if not self.per_file_ignores:
            return ()
        rel = _relative(path, self.root)
        codes: list[str] = []
        for pattern, pattern_codes in self.per_file_ignores:
            if _glob_match(rel, pattern):
                codes.extend(pattern_codes)
        return tuple(codes)

    def is_excluded(self, path: Path) -> bool:
        rel = _relative(path, self.root)
        parts = PurePosixPath(rel).parts
        for pattern in self.exclude + self.extend_exclude:
            if _glob_match(rel, pattern) or any(fnmatch.fnmatchcase(p, pattern) for p in parts):
                return True
        return False


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _glob_match(rel: str, pattern: str) -> bool:
    pattern = pattern.rstrip("/")
    if fnmatch.fnmatchcase(rel, pattern):
        return True
    if "/" not in pattern:
        return fnmatch.fnmatchcase(PurePosixPath(rel).name, pattern)
    return fnmatch.fnmatchcase(rel, pattern.replace("**/", "")) or rel.startswith(pattern + "/")


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``; pyproject.toml counts only with
    a ``[tool.normtools]`` table."""
    import tomllib

    for directory in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                raw = candidate.read_text(encoding="utf-8")
                if "normtools" not in raw:  # most pyproject.toml files: no parse needed
                    continue
                data = tomllib.loads(raw)
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                continue
            if "normtools" in data.get("tool", {}):
                return candidate
    return None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Load ``path``, or the nearest config found from ``start`` (default: the cwd)."""
    import tomllib

    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return Config(root=(start or Path.cwd()).resolve())
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("normtools", {})
        prefix = "tool.normtools."
    else:
        table = data
        prefix = ""
    return parse_config(table, path, prefix)


def parse_config(table: Mapping[str, Any], path: Path, prefix: str = "") -> Config:
    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{path}: key '{prefix}{key}': {problem}")

    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key (known: {', '.join(sorted(KNOWN_KEYS))})")
    lists: dict[str, tuple[str, ...]] = {}
    for key in LIST_KEYS:
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(key, "must be a list of strings")
            lists[key] = tuple(value)
    for key in BOOL_KEYS:
        if key in table and not isinstance(table[key], bool):
            raise fail(key, "must be true or false")
    choices: dict[str, str] = {}
    for key, allowed in CHOICES.items():
        if key in table:
            if table[key] not in allowed:
                raise fail(key, f"must be one of {', '.join(repr(a) for a in allowed)}")
            choices[key] = table[key]
    pfi: list[tuple[str, tuple[str, ...]]] = []
    raw_pfi = table.get("per-file-ignores", {})
    if not isinstance(raw_pfi, dict):
        raise fail("per-file-ignores", "must be a table of glob = [codes]")
    for glob, codes in raw_pfi.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise fail(f"per-file-ignores.{glob}", "must be a list of codes")
        pfi.append((glob, tuple(codes)))
    root = path.parent.resolve()
    extensions = lists.get("extensions", DEFAULT_EXTENSIONS)
    for ext in extensions:
        if not ext.startswith("."):
            raise fail("extensions", f"{ext!r} should start with a dot, like '.txt'")
    settings = Settings(
        indent=choices.get("indent", "remove"),
        line_ending=choices.get("line-ending", "lf"),
        bom=choices.get("bom", "remove"),
        encoding=choices.get("encoding", "utf-8"),
        profile=choices.get("profile", "zh-Hans"),
        quotes=choices.get("quotes", "auto"),
        allow=lists.get("allow", ()),
    )
    return Config(
        path=path,
        root=root,
        select=lists.get("select"),
        ignore=lists.get("ignore", ()),
        extend_select=lists.get("extend-select", ()),
        extend_rules=tuple(root / p for p in lists.get("extend-rules", ())),
        extensions=tuple(e.lower() for e in extensions),
        exclude=lists.get("exclude", DEFAULT_EXCLUDE),
        extend_exclude=lists.get("extend-exclude", ()),
        respect_gitignore=table.get("respect-gitignore", True),
        per_file_ignores=tuple(pfi),
        allow=lists.get("allow", ()),
        settings=settings,
    )
