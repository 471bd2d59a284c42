"""Built-in rules, one module per family, mirroring ``rules/*.toml``.

Importing the package registers every built-in (see ``registry.builtin``).
"""

from normtools.builtins import (
    checks,
    encoding,
    idioms,
    numbering,
    punctuation,
    quotes,
    script,
    whitespace,
)
from normtools.builtins.registry import REGISTRY, Builtin, builtin

__all__ = [
    "REGISTRY",
    "Builtin",
    "builtin",
    "checks",
    "encoding",
    "idioms",
    "numbering",
    "punctuation",
    "quotes",
    "script",
    "whitespace",
]
