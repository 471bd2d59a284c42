"""normtools: normalize and validate Chinese text.

Library use (docs/library.md)::

    import normtools
    normtools.fix_text("发展,做到")          # '发展，做到' (a fragment: nothing added at its ends)
    normtools.check_text("请XX同志参加")      # [Diagnostic(code='ZH501', ...)]
    n = normtools.Normalizer(normtools.load_config())  # reusable, picklable
    list(n.fix_texts(["发展,做到", "好的!"]))  # batches, lazily
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

# The public API is imported on first use (PEP 562), so `normtools --version` and the
# hooks' start-up do not pay for modules they do not need.
_EXPORTS = {
    "FileResult": "normtools.api",
    "Normalizer": "normtools.api",
    "check_text": "normtools.api",
    "check_texts": "normtools.api",
    "fix_text": "normtools.api",
    "fix_texts": "normtools.api",
    "Config": "normtools.config",
    "ConfigError": "normtools.config",
    "load_config": "normtools.config",
    "Diagnostic": "normtools.diagnostics",
    "RuleFileError": "normtools.ruleset",
    "RuleSet": "normtools.ruleset",
    "load_ruleset": "normtools.ruleset",
}

if TYPE_CHECKING:
    from normtools.api import (
        FileResult,
        Normalizer,
        check_text,
        check_texts,
        fix_text,
        fix_texts,
    )
    from normtools.config import Config, ConfigError, load_config
    from normtools.diagnostics import Diagnostic
    from normtools.ruleset import RuleFileError, RuleSet, load_ruleset


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'normtools' has no attribute {name!r}")


__all__ = [
    "Config",
    "ConfigError",
    "Diagnostic",
    "FileResult",
    "Normalizer",
    "RuleFileError",
    "RuleSet",
    "__version__",
    "check_text",
    "check_texts",
    "fix_text",
    "fix_texts",
    "load_config",
    "load_ruleset",
]
