"""How a built-in rule declares itself: the ``@builtin`` decorator and the registry.

A built-in is logic that rule data cannot express (quote pairing, indentation). Its
function is a Finder factory: it takes the rule's ``options`` table and returns
``find(text, ctx) -> Iterator[Hit]``. What the engine needs to know about it (can it
fix always, sometimes or never; does it decide from a line, a paragraph or the whole
document; which options it takes) is declared right beside the function, and
``tests/test_builtins.py`` checks each declaration against the rule's examples.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from normtools.model import Finder, FixAvailability, Locality

Options = Mapping[str, object]
Factory = Callable[[Options], Finder]


@dataclass(frozen=True)
class Builtin:
    name: str
    factory: Factory
    fix: FixAvailability
    locality: Locality
    # option name -> the values it may take (an empty tuple: any string)
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def build(self, options: Options) -> Finder:
        """The rule's finder; raises ValueError naming a bad option."""
        for key, value in options.items():
            if key not in self.options:
                known = ", ".join(self.options) or "none"
                raise ValueError(f"unknown option {key!r} (known: {known})")
            allowed = self.options[key]
            if allowed and value not in allowed:
                raise ValueError(f"option {key!r} must be one of {', '.join(allowed)}")
        return self.factory(options)


REGISTRY: dict[str, Builtin] = {}


def builtin(
    *,
    fix: FixAvailability,
    locality: Locality,
    options: Mapping[str, tuple[str, ...]] | None = None,
) -> Callable[[Factory], Factory]:
    """Register the decorated Finder factory under its function name."""

    def register(factory: Factory) -> Factory:
        name = factory.__name__
        if name in REGISTRY:
            raise RuntimeError(f"built-in {name!r} registered twice")
        REGISTRY[name] = Builtin(name, factory, fix, locality, dict(options or {}))
        return factory

    return register
