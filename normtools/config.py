"""Configuration: ``[tool.normtools]`` in pyproject.toml, or normtools.toml/.normtools.toml.

As in ruff, each file gets the configuration nearest above it (``ConfigResolver``): a
``docs/pyproject.toml`` with ``[tool.normtools]`` applies to the files under ``docs/``
even when normtools runs from the root; a file with no configuration above it gets the
one found from the current directory; ``--config`` forces one file for all. A file may
``extend`` another. Owns selection, file discovery settings, per-file ignores and the
style choices; does no matching. Every problem (unparsable TOML, an unknown key, a value
of the wrong shape, an unknown rule code) is an error that names the file and the key.
"""

from __future__ import annotations

import difflib
import fnmatch
import glob
import os
import re
import stat
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from normtools.errors import NormtoolsError
from normtools.i18n import LANGS
from normtools.settings import (
    Settings,
    declared,
    describe,
    key_of,
    option,
    parse_options,
    to_toml,
)

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
# Keys whose inherited value (``extend``) a file adds to instead of replacing.
ADDING_KEYS = ("ignore", "extend_select", "extend_rules", "extend_exclude", "per_file_ignores")
# Keys holding rule codes or prefixes, checked against the rules in use.
CODE_KEYS = ("select", "ignore", "extend_select")


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
    extend: str | None = option(
        None,
        "Another configuration file (a normtools.toml, or a pyproject.toml with "
        "[tool.normtools]) whose settings this one inherits, relative to this file, e.g. "
        '"../pyproject.toml". Keys set here replace the inherited ones, except `ignore`, '
        "`extend-select`, `extend-rules`, `extend-exclude`, `per-file-ignores` and `allow`, "
        "which add to them. Paths and globs keep meaning what they meant in the file that "
        "wrote them.",
        kind="string",
        example="../pyproject.toml",
    )
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
    changed_lines_only: bool = option(
        False,
        "The pre-commit hooks (normtools-fix, normtools-check) and the plain git hook judge "
        "and fix only the lines a commit changes (staged content against HEAD); a file new "
        "in the commit counts whole. The command line does this with `--diff-base REF`.",
        kind="bool",
    )
    lang: str = option(
        "en",
        "Language of messages and reports: English (en) or Chinese (zh); `--lang` overrides.",
        kind="choice",
        choices=LANGS,
    )
    settings: Settings = field(default_factory=Settings)
    # The files this configuration was read from: the file itself, then what it extends.
    sources: tuple[Path, ...] = ()
    # Every list of rule codes the files wrote: (file, key as written there, codes).
    code_lists: tuple[tuple[Path, str, tuple[str, ...]], ...] = ()

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
            if _glob_match(_target(path, rel, pattern), pattern):
                codes.extend(pattern_codes)
        return tuple(codes)

    def settings_for(self, path: Path) -> Settings:
        """The settings for ``path``: ``per-file-paragraphs`` may choose ``paragraphs``."""
        table = self.settings.per_file_paragraphs
        if not table:
            return self.settings
        rel = _relative(path, self.root)
        for pattern, mode in table:
            if _glob_match(_target(path, rel, pattern), pattern):
                return replace(self.settings, paragraphs=mode)
        return self.settings

    def filetype_for(self, path: str | Path) -> str:
        """``txt``, ``md``, ``mdx`` or ``rst``: the extension, through ``file-types``."""
        from normtools.textio import filetype_for

        return filetype_for(path, self.settings.file_types)

    def is_excluded(self, path: Path) -> bool:
        """Does ``exclude`` or ``extend-exclude`` match ``path`` or any directory above
        it (below the root)?"""
        rel = _relative(path, self.root)
        parts = PurePosixPath(rel).parts
        for pattern in self.exclude + self.extend_exclude:
            if _glob_match(_target(path, rel, pattern), pattern) or any(
                fnmatch.fnmatchcase(p, pattern) for p in parts
            ):
                return True
        return False

    def excludes_entry(self, path: Path) -> bool:
        """``is_excluded`` for an entry of a directory that a walk already let in: only
        the entry's own name, not every directory above it again (a deep tree would
        cost the square of its depth)."""
        rel = _relative(path, self.root)
        name = path.name
        for pattern in self.exclude + self.extend_exclude:
            if fnmatch.fnmatchcase(name, pattern) or _glob_match(
                _target(path, rel, pattern), pattern
            ):
                return True
        return False

    def check_codes(self, known: Collection[str]) -> None:
        """Raise ConfigError for the first code a file wrote that no rule in ``known``
        has (a code or a prefix of one), naming the file and the key."""
        for path, key, codes in self.code_lists:
            for code in codes:
                problem = unknown_code(code, known)
                if problem:
                    raise ConfigError(f"{path}: key '{key}': {problem}; see 'normtools rules'")

    def items(self) -> Iterator[tuple[str, str]]:
        """Every key with its value as a configuration file would write it."""
        for cls, owner in ((Config, self), (Settings, self.settings)):
            for f in declared(cls):
                value = getattr(owner, f.name)
                if f.metadata["kind"] == "codes-table":
                    value = {name: list(codes) for name, codes in value}
                elif isinstance(value, Path):
                    value = str(value)
                elif isinstance(value, tuple):
                    value = [str(v) if isinstance(v, Path) else v for v in value]
                yield key_of(f), to_toml(value)


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` ('/'-separated), or as given when outside it. The
    absolute path is tried first: resolving symbolic links costs a system call per
    directory above the file."""
    absolute, top = os.path.abspath(path), os.fspath(root)
    if absolute.startswith(top.rstrip("/") + "/"):
        return absolute[len(top.rstrip("/")) + 1 :].replace(os.sep, "/")
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _target(path: Path, rel: str, pattern: str) -> str:
    """What ``pattern`` is matched against: the absolute path for a pattern that an
    extended file wrote (anchored at its own directory), else the path relative to root."""
    return path.resolve().as_posix() if pattern.startswith("/") else rel


def _glob_match(rel: str, pattern: str) -> bool:
    pattern = pattern.rstrip("/")
    if fnmatch.fnmatchcase(rel, pattern):
        return True
    if "/" not in pattern:
        return fnmatch.fnmatchcase(PurePosixPath(rel).name, pattern)
    return fnmatch.fnmatchcase(rel, pattern.replace("**/", "")) or rel.startswith(pattern + "/")


def _anchored(pattern: str, base: Path) -> str:
    """``pattern`` as written in a file whose directory is ``base``, made to mean the same
    in a file that extends it: a pattern naming a path (it holds a '/') becomes absolute;
    a bare name (``node_modules``) or ``**/...`` matches anywhere and stays."""
    bare = pattern.rstrip("/")
    if "/" not in bare or pattern.startswith(("/", "**/")):
        return pattern
    return glob.escape(base.resolve().as_posix()) + "/" + pattern


# -- unknown codes ------------------------------------------------------------------------


_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def unknown_code(selector: str, known: Collection[str], where: str = "") -> str | None:
    """None when ``selector`` (a code or a prefix, or ALL) selects a rule in ``known``;
    else the problem (``where`` follows the code), with the nearest code or family as a
    suggestion."""
    if selector == "ALL" or any(code.startswith(selector) for code in known):
        return None
    # letters typed for digits (ZH1O1, ZHl01) first, then the nearest spelling
    guess = selector.upper().translate(_DIGIT_LOOKALIKES)
    if any(code.startswith(guess) for code in known):
        close = [guess]
    else:
        # codes and prefixes about as long as the guess (ZH9 is no misspelling of ZH109)
        spelled = {code[:n] for code in known for n in range(3, len(code) + 1)} | {"ALL"}
        candidates = sorted(c for c in spelled if abs(len(c) - len(guess)) <= 1)
        close = difflib.get_close_matches(guess, candidates, n=1, cutoff=0.75)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown rule code {selector!r}{where}{hint}"


# -- finding configuration files -----------------------------------------------------------

# A pyproject.toml that says anything about normtools: [tool.normtools], [[tool.normtools]],
# tool.normtools.x = ..., or normtools = ... / normtools.x = ... under [tool].
_MENTION = re.compile(
    r"""^[ \t]*(?:\[{1,2}[ \t]*tool[ \t]*\.[ \t]*["']?normtools\b"""
    r"""|tool[ \t]*\.[ \t]*["']?normtools\b|["']?normtools["']?[ \t]*[=.])""",
    re.MULTILINE,
)


def config_in(directory: Path) -> Path | None:
    """The configuration file of ``directory`` itself, or None. A pyproject.toml counts
    only with a ``[tool.normtools]`` table; one that mentions that table but does not
    parse is an error, not a file to skip (its settings would be silently lost)."""
    for name in CONFIG_NAMES:
        candidate = directory / name
        try:
            if not stat.S_ISREG(os.stat(candidate).st_mode):
                continue
        except OSError:  # absent, or a path too long to look up: nothing to read there
            continue
        if name != "pyproject.toml" or _configures_normtools(candidate):
            return candidate
    return None


def _configures_normtools(pyproject: Path) -> bool:
    import tomllib

    try:
        data = pyproject.read_bytes()
    except OSError:
        return False
    if b"normtools" not in data:  # most pyproject.toml files: no parse needed
        return False
    mentions = _MENTION.search(data.decode("utf-8", errors="replace")) is not None
    try:
        parsed = tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError:
        if mentions:
            raise ConfigError(f"{pyproject}: cannot read: not UTF-8") from None
        return False
    except tomllib.TOMLDecodeError as exc:
        if mentions:
            raise ConfigError(_toml_problem(pyproject, data.decode("utf-8"), exc)) from None
        return False
    tool = parsed.get("tool")
    if tool is not None and not isinstance(tool, dict):
        if mentions:
            raise ConfigError(f"{pyproject}: key 'tool': must be a table, got {describe(tool)}")
        return False
    return isinstance(tool, dict) and "normtools" in tool


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``; pyproject.toml counts only with
    a ``[tool.normtools]`` table."""
    for directory in (start.resolve(), *start.resolve().parents):
        found = config_in(directory)
        if found is not None:
            return found
    return None


# -- loading -------------------------------------------------------------------------------


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Load ``path``, or the nearest config found from ``start`` (default: the cwd)."""
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return Config(root=(start or Path.cwd()).resolve())
    return _load(Path(path), ())


def _load(path: Path, chain: tuple[Path, ...]) -> Config:
    if path.is_dir():
        raise ConfigError(f"{path}: is a directory, not a configuration file")
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    table, prefix = read_table(path)
    return parse_config(table, path, prefix, chain)


def read_table(path: Path) -> tuple[Mapping[str, Any], str]:
    """The normtools table of ``path`` and the prefix its keys are named with."""
    import tomllib

    try:
        raw = path.read_bytes().decode("utf-8").removeprefix("\ufeff")  # Notepad's BOM
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: cannot read: not UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_problem(path, raw, exc)) from None
    if path.name != "pyproject.toml":
        return data, ""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: key 'tool': must be a table, got {describe(tool)}")
    table = tool.get("normtools", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: key 'tool.normtools': must be a table, got {describe(table)}")
    return table, "tool.normtools."


def _toml_problem(path: Path, raw: str, exc: Exception) -> str:
    """``path:line:column: invalid TOML: what`` from tomllib's message."""
    message = str(exc)
    where = re.search(r" \(at line (\d+), column (\d+)\)$", message)
    if where:
        return f"{path}:{where[1]}:{where[2]}: invalid TOML: {message[: where.start()]}"
    if message.endswith("(at end of document)"):
        lines = raw.count("\n") + (not raw.endswith("\n"))
        return f"{path}:{max(lines, 1)}: invalid TOML: {message}"
    return f"{path}: invalid TOML: {message}"


def parse_config(
    table: Mapping[str, Any], path: Path, prefix: str = "", chain: tuple[Path, ...] = ()
) -> Config:
    """The configuration ``table`` of the file ``path`` (``prefix``: how its keys are
    named there), with what it ``extend``s (``chain``: the files extending it)."""

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{path}: key '{prefix}{key}': {problem}")

    known = sorted(key_of(f) for cls in (Config, Settings) for f in declared(cls))
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
            raise fail(key, f"unknown key ({hint})")
    root = path.parent.resolve()
    values = parse_options(Config, table, fail)
    parent = None
    if "extend" in values:
        target = (root / values["extend"]).resolve()
        values["extend"] = str(target)
        here = path.resolve()
        if target == here or target in chain:
            raise fail("extend", f"{target}: extends itself (a cycle of extend)")
        if not target.is_file():
            raise fail("extend", f"{target}: no such configuration file")
        parent = _load(target, (*chain, here))
    if "extend_rules" in values:
        values["extend_rules"] = tuple(root / p for p in values["extend_rules"])
        for rule_file in values["extend_rules"]:
            if rule_file.is_dir():
                raise fail(
                    "extend-rules", f"{rule_file} is a directory; list rule files (.toml or .tsv)"
                )
            if not rule_file.exists():
                raise fail("extend-rules", f"{rule_file}: no such rule file")
    if "extensions" in values:
        values["extensions"] = tuple(e.lower() for e in values["extensions"])
    lists = _code_lists(values)
    _check_code_lists(values, lists, fail)
    code_lists = [(path, f"{prefix}{key}", codes) for key, codes in lists]
    settings_values = parse_options(Settings, table, fail)
    if parent is not None:
        values, settings_values = _inherit(parent, values, settings_values)
    return Config(
        path=path,
        root=root,
        settings=replace(parent.settings if parent else Settings(), **settings_values),
        sources=(path, *(parent.sources if parent else ())),
        code_lists=(*(parent.code_lists if parent else ()), *code_lists),
        **values,
    )


def _code_lists(values: Mapping[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    """Every list of rule codes a file wrote: (key as written, without prefix; codes)."""
    lists = [(key_of_name(name), values[name]) for name in CODE_KEYS if name in values]
    lists += [(f'per-file-ignores."{g}"', codes) for g, codes in values.get("per_file_ignores", ())]
    return lists


def _check_code_lists(
    values: Mapping[str, Any],
    lists: list[tuple[str, tuple[str, ...]]],
    fail: Callable[[str, str], ConfigError],
) -> None:
    """``select = []`` would switch every rule off without a word (as ``--select ''``
    would), and an empty code selects nothing: both are mistakes, said so."""
    if values.get("select") == ():
        raise fail(
            "select",
            "no rule codes given; leave it out for the default set, or list codes or "
            "prefixes ('ALL' for every rule)",
        )
    for key, codes in lists:
        if any(not code.strip() for code in codes or ()):
            raise fail(key, "an empty rule code; write a code or prefix such as 'ZH101' or 'ZH1'")


def key_of_name(name: str) -> str:
    return name.replace("_", "-")


def _inherit(
    parent: Config, values: dict[str, Any], settings_values: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A file's own ``values`` on top of what it extends (``parent``)."""
    base = parent.root
    merged: dict[str, Any] = {}
    for f in declared(Config):
        name = f.name
        inherited = getattr(parent, name)
        if name in ("exclude", "extend_exclude"):
            inherited = tuple(_anchored(p, base) for p in inherited)
        elif name == "per_file_ignores":
            inherited = tuple((_anchored(p, base), codes) for p, codes in inherited)
        if name in ADDING_KEYS:
            merged[name] = inherited + values.get(name, ())
        elif name == "extend":
            merged[name] = values[name]
        else:
            merged[name] = values.get(name, inherited)
    settings = dict(settings_values)
    if "allow" in settings:
        settings["allow"] = parent.settings.allow + settings["allow"]
    if "per_file_paragraphs" not in settings:  # inherited: its globs keep their directory
        inherited_paragraphs = parent.settings.per_file_paragraphs
        settings["per_file_paragraphs"] = tuple(
            (_anchored(p, base), m) for p, m in inherited_paragraphs
        )
    return merged, settings


# -- one configuration per file ------------------------------------------------------------


class ConfigResolver:
    """The configuration for each file: the nearest configuration file above it, else
    the one found from the current directory (or the defaults); with ``forced`` (the
    command line's ``--config``) that one file for all. Each file is read once; ``adjust``
    applies the command line's overrides to every configuration read."""

    def __init__(
        self,
        forced: Path | None = None,
        *,
        cwd: Path | None = None,
        adjust: Callable[[Config], Config] | None = None,
    ) -> None:
        self._cwd = os.path.abspath(cwd or Path.cwd())
        self._adjust = adjust or (lambda config: config)
        self._nearest: dict[str, Path | None] = {}  # directory -> its configuration file
        self._loaded: dict[Path, Config] = {}
        self._default: Config | None = None
        self._forced = self._adjust(load_config(forced)) if forced is not None else None

    @classmethod
    def fixed(cls, config: Config) -> ConfigResolver:
        """A resolver that gives ``config`` for every file."""
        resolver = cls()
        resolver._forced = config
        return resolver

    @property
    def forced(self) -> Config | None:
        return self._forced

    @property
    def default(self) -> Config:
        """The configuration of files with none above them: the one found from the
        current directory, or the defaults rooted there."""
        if self._forced is not None:
            return self._forced
        if self._default is None:
            found = self._nearest_file(self._cwd)
            if found is not None:
                self._default = self._load(found)
            else:
                self._default = self._adjust(Config(root=Path(self._cwd).resolve()))
        return self._default

    def for_path(self, path: Path | str) -> Config:
        """The configuration that applies to the file ``path``."""
        if self._forced is not None:
            return self._forced
        return self.for_directory(os.path.dirname(os.path.abspath(path)))

    def for_directory(self, directory: Path | str) -> Config:
        """The configuration that applies to the files in ``directory``."""
        if self._forced is not None:
            return self._forced
        found = self._nearest_file(os.path.abspath(directory))
        return self.default if found is None else self._load(found)

    def loaded(self) -> list[Config]:
        """Every configuration read so far (the default first)."""
        configs = [self.default]
        configs += [c for c in self._loaded.values() if c is not configs[0]]
        return configs

    def _load(self, path: Path) -> Config:
        config = self._loaded.get(path)
        if config is None:
            config = self._loaded[path] = self._adjust(load_config(path))
        return config

    def _nearest_file(self, directory: str) -> Path | None:
        """Walk up (a loop, not recursion: directories nest deeply) until a directory
        that holds a configuration file or whose answer is known; remember the answer
        for every directory passed."""
        passed: list[str] = []
        current = directory
        found: Path | None = None
        while True:
            if current in self._nearest:
                found = self._nearest[current]
                break
            found = config_in(Path(current))
            if found is not None:
                self._nearest[current] = found
                break
            passed.append(current)
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        for name in passed:
            self._nearest[name] = found
        return found
