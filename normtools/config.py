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
from normtools.i18n import LANGS
from normtools.settings import Settings, declared, key_of, option, parse_options

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


def _extension(value: str) -> str | None:
    return None if value.startswith(".") else f"{value!r} should start with a dot, like '.txt'"


class ConfigError(NormtoolsError):
    """A configuration problem; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    """Where the configuration came from, what it selects and walks, and the style
    settings. Each key is declared once, here or in normtools.settings.Settings."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] | None = option(
        None,
        "Rule codes or prefixes to run instead of the default set (`ALL` for every rule).",
        kind="optional-strings",
        example=["ZH1", "ZH2", "ZH3", "ZH4", "ZH5"],
    )
    ignore: tuple[str, ...] = option(
        (), "Rule codes or prefixes to switch off.", kind="strings", example=["ZH503"]
    )
    extend_select: tuple[str, ...] = option(
        (), "Rule codes or prefixes to add to the selection.", kind="strings"
    )
    extend_rules: tuple[Path, ...] = option(
        (),
        "Your own rule files (TOML or TSV), relative to the configuration file.",
        kind="strings",
        example=["style/team-terms.toml"],
    )
    extensions: tuple[str, ...] = option(
        DEFAULT_EXTENSIONS,
        "File extensions a directory walk picks.",
        kind="strings",
        check=_extension,
    )
    exclude: tuple[str, ...] = option(
        DEFAULT_EXCLUDE,
        "Paths a directory walk skips (replaces the default list); with --force-exclude, "
        "files named on the command line too.",
        kind="strings",
    )
    extend_exclude: tuple[str, ...] = option(
        (), "Paths to skip besides `exclude`.", kind="strings", example=["archive/**"]
    )
    respect_gitignore: bool = option(
        True,
        "Skip files git ignores: in a git work tree a walk takes the files `git ls-files "
        "--cached --others --exclude-standard` lists (.gitignore, .git/info/exclude, "
        "core.excludesFile); elsewhere it reads .gitignore files.",
        kind="bool",
    )
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = option(
        (),
        "Rules switched off for files matching a glob.",
        kind="codes-table",
        example={"legacy/*.md": ["ZH1"]},
    )
    lang: str = option(
        "en",
        "Language of messages and reports: English (en) or Chinese (zh); `--lang` overrides.",
        kind="choice",
        choices=LANGS,
    )
    settings: Settings = field(default_factory=Settings)

    @property
    def allow(self) -> tuple[str, ...]:
        return self.settings.allow

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

    def settings_for(self, path: Path) -> Settings:
        """The settings for ``path``: ``per-file-paragraphs`` may choose ``paragraphs``."""
        table = self.settings.per_file_paragraphs
        if not table:
            return self.settings
        rel = _relative(path, self.root)
        for pattern, mode in table:
            if _glob_match(rel, pattern):
                return replace(self.settings, paragraphs=mode)
        return self.settings

    def filetype_for(self, path: str | Path) -> str:
        """``txt``, ``md``, ``mdx`` or ``rst``: the extension, through ``file-types``."""
        from normtools.textio import filetype_for

        return filetype_for(path, self.settings.file_types)

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

    known = {key_of(f) for cls in (Config, Settings) for f in declared(cls)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise fail(unknown[0], f"unknown key (known: {', '.join(sorted(known))})")
    values = parse_options(Config, table, fail)
    root = path.parent.resolve()
    if "extend_rules" in values:
        values["extend_rules"] = tuple(root / p for p in values["extend_rules"])
    if "extensions" in values:
        values["extensions"] = tuple(e.lower() for e in values["extensions"])
    settings = Settings(**parse_options(Settings, table, fail))
    return Config(path=path, root=root, settings=settings, **values)
