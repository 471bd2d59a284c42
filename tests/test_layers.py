"""The package is layered: lower modules never import upper ones, and nothing imports in a
cycle (function-level imports included). A newcomer can read it bottom-up."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "normtools"

# Bottom to top. A module may import modules of its own layer or below.
LAYERS: list[set[str]] = [
    {
        "normtools",
        "text",
        "digest",
        "errors",
        "atomic",
        "cache",
        "offsets",
        "diagnostics",
        "settings",
        "i18n",
    },
    {"regexcache", "model", "wordgate"},
    {
        "markup",
        "commonmark",
        "rst",
        "hardwrap",
        "matchers",
        "mojibake",
        "detect",
        "textio",
        "docs",
        "fragment",
    },
    {"builtins", "builtins.*"},  # every built-in module: one layer
    {"engine", "suppression", "config"},
    {"ruletest", "ruleset", "portable"},
    {"output", "output.*"},  # every output format: one layer
    {"api", "discovery", "changes"},
    {"driver", "reporting"},
    {"commands", "githook", "server", "baseline"},
    {"cli", "hooks", "__main__"},
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "normtools"


def _imports(path: Path) -> set[str]:
    """normtools modules ``path`` imports, anywhere except ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "normtools":
                names = [f"normtools.{a.name}" for a in node.names]
            else:
                names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name == "normtools" or name.startswith("normtools."):
                short = name.removeprefix("normtools.").removeprefix("normtools")
                found.add(short if short and short != "__version__" else "normtools")
    return found


GRAPH = {_module_name(p): _imports(p) - {_module_name(p)} for p in PACKAGE.rglob("*.py")}


def _layer(module: str) -> int:
    for i, layer in enumerate(LAYERS):
        if module in layer:
            return i
        package = module.rsplit(".", 1)[0] + ".*"
        if "." in module and package in layer:
            return i
    raise AssertionError(f"module {module!r} is in no layer: add it to LAYERS")


def test_every_module_has_a_layer() -> None:
    for module in GRAPH:
        _layer(module)


def test_lower_layers_never_import_upper_ones() -> None:
    upward = [
        f"{m} (layer {_layer(m)}) imports {d} (layer {_layer(d)})"
        for m, deps in GRAPH.items()
        if m != "normtools"  # the package root re-exports the API lazily (PEP 562)
        for d in deps
        if _layer(d) > _layer(m)
    ]
    assert upward == []


def test_no_import_cycles() -> None:
    graph = {m: {d for d in deps if d in GRAPH} for m, deps in GRAPH.items() if m != "normtools"}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(graph.get(m, ())):
            if state.get(d) == 1:
                cycle = [*stack[stack.index(d) :], d]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
