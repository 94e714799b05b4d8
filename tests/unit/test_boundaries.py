"""The boundaries of the language core, checked statically over the source files.

- ``hdlite/`` imports no heavy library and no plugin package, at any depth (inside
  functions too): plugins are reached through pluggy only.
- Built-in plugins import from the core only through the declared plugin API,
  ``hdlite.plugin``.
- The core's module import graph has no cycles (imports under ``TYPE_CHECKING`` only name
  types and are not executed; they are left out).
"""

from __future__ import annotations

import ast
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "hdlite"
PLUGINS = ROOT / "operators"
#: top-level packages the core must never import
FORBIDDEN = ("torch", "torchvision", "cv2", "scipy", "skimage", "PIL", "operators")
#: what a built-in plugin may import from the core
PLUGIN_API = ("hdlite.plugin",)


def _imports(path: Path, *, type_checking: bool = True) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in ``path``."""
    tree = ast.parse(path.read_text(), str(path))
    skip: set[int] = set()
    if not type_checking:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skip.update(id(n) for n in ast.walk(node))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base]) if base else ".".join(parts)
            out.append((node.lineno, base))
            if node.module is None or node.level:
                out += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return out


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


CORE_FILES = sorted(CORE.rglob("*.py"))
PLUGIN_FILES = sorted(p for p in PLUGINS.rglob("*.py") if "build" not in p.parts)


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_imports_no_plugin_and_no_heavy_library(path: Path) -> None:
    for line, module in _imports(path):
        top = module.split(".")[0]
        assert top not in FORBIDDEN and not top.startswith("hdlite_"), (
            f"{path.relative_to(ROOT)}:{line} imports {module}"
        )


@pytest.mark.parametrize("path", PLUGIN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_built_in_plugins_use_only_the_plugin_api(path: Path) -> None:
    for line, module in _imports(path):
        if module == "hdlite" or module.startswith("hdlite."):
            assert module in PLUGIN_API, (
                f"{path.relative_to(ROOT)}:{line} imports {module}; use hdlite.plugin"
            )


def test_the_plugin_api_declares_what_it_exports() -> None:
    import hdlite.plugin as api

    assert sorted(api.__all__) == sorted(set(api.__all__))
    for name in api.__all__:
        assert hasattr(api, name), name
    # pytest's assertion rewriting may add "@py_builtins" and "@pytest_ar" to the module
    public = {n for n in vars(api) if not n.startswith(("_", "@"))} - {"annotations"}
    submodules = {
        n
        for n, value in vars(api).items()
        if isinstance(value, ModuleType) and value.__name__.startswith("hdlite.plugin.")
    }
    assert public - submodules == set(api.__all__)


def test_the_core_import_graph_has_no_cycles() -> None:
    names = {_module_name(p): p for p in CORE_FILES}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        deps = set()
        for _line, module in _imports(path, type_checking=False):
            # `from pkg import mod` names a module: depend on the module, not the package
            while module and module not in names:
                module = module.rsplit(".", 1)[0] if "." in module else ""
            if module and module != name:
                deps.add(module)
        graph[name] = deps
    # a package's __init__ importing its own modules is not a cycle through them
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if node.startswith(dep + ".") and dep in names:
                continue  # a module importing its parent package's __init__
            if state.get(dep) == 1:
                cycle = [*stack[stack.index(dep) :], dep]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_no_core_module_is_too_long() -> None:
    lengths = {str(p.relative_to(ROOT)): len(p.read_text().splitlines()) for p in CORE_FILES}
    assert max(lengths.values()) <= 480, sorted(lengths.items(), key=lambda kv: -kv[1])[:3]
