"""Built-in rules, one module per family, mirroring ``rules/*.toml``.

Importing the package imports every module in it, and each registers its built-ins
with ``@builtin`` (normtools/builtins/registry.py): a new built-in is a function in a
module here plus its ``[[rule]]`` entry in a rule file, nothing else.
"""

import importlib
import pkgutil

from normtools.builtins.registry import REGISTRY, Builtin, builtin

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module != "registry":
        importlib.import_module(f"{__name__}.{_module}")

__all__ = ["REGISTRY", "Builtin", "builtin"]
