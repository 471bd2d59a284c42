"""normtools: normalize and validate Chinese text.

Library use::

    import normtools
    normtools.fix_text("发展,做到")          # '发展，做到'
    normtools.check_text("请XX同志参加")      # [Diagnostic(code='ZH501', ...)]
    n = normtools.Normalizer(normtools.load_config())  # reusable for many texts/files
"""

from normtools.api import FileResult, Normalizer, check_text, fix_text
from normtools.config import Config, ConfigError, load_config
from normtools.diagnostics import Diagnostic
from normtools.ruleset import RuleFileError, RuleSet, load_ruleset

__version__ = "0.1.0"

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
    "fix_text",
    "load_config",
    "load_ruleset",
]
