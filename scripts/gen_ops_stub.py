"""Generate ``hdlite/embed/builtin_ops.pyi``: the types of ``hdlite.ops.NAME`` (built-ins).

``hdlite.ops`` builds its functions at run time from the registered signatures, so without a
stub every ``ops.NAME`` is ``(*Any, **Any) -> Any`` and a misspelled operator type-checks.
The stub declares one method per operator of hdlite's own plugins (and its ``NAME_s``
variant) with the parameter names and the types ``hdlite.ops`` accepts and returns (see
:mod:`hdlite.embed.direct`); docstrings stay with the operators (``help(ops.NAME)``), so
the stub changes only when a signature does. Operators of third-party plugins stay reachable through
``ops.call('name', ...)`` and ``ops.function('name')``.

Run it after adding or changing an operator (``tests/api/test_typing.py`` checks that the
stub is up to date)::

    .venv/bin/python scripts/gen_ops_stub.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUB = ROOT / "hdlite" / "embed" / "builtin_ops.pyi"
#: the plugins whose operators the stub lists: hdlite's own (``pyproject.toml``)
BUILTIN = ("core", "image", "display", "dl", "vision")

HEADER = '''"""Types of ``hdlite.ops`` for hdlite's built-in operators (generated, do not edit).

Regenerate with ``python scripts/gen_ops_stub.py``.
"""

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from hdlite.plugin.host import PluginHost
from hdlite.plugin.registry import Operator
from hdlite.runtime.session import Session
from hdlite.values.control import Handle
from hdlite.values.iconic import IconicObject, ObjectTuple

Scalar = int | float | str | Handle
Control = Scalar | Sequence[Scalar]
Iconic = np.ndarray | IconicObject | ObjectTuple | Sequence[np.ndarray | IconicObject | ObjectTuple]
IconicResult = np.ndarray | ObjectTuple

class BuiltinOperators:
    """``hdlite.ops``: every built-in operator as a method (see :class:`Operators`)."""

    session: Session
    numpy: bool
    @property
    def host(self) -> PluginHost: ...
    def names(self) -> list[str]: ...
    def function(self, name: str) -> Callable[..., Any]: ...
    def call(self, name: str, *args: Any, **kwargs: Any) -> Any: ...
    def invoke(self, op: Operator, values: list[Any]) -> tuple[Any, ...]: ...
'''

_SCALARS = {"integer": "int", "real": "float", "string": "str", "handle": "Handle"}


def _scalar(types: frozenset[str], output: bool) -> str:
    names: list[str] = []
    for t in sorted(types):
        if t == "number":
            names += ["int", "float"] if output else ["float"]
        elif t in _SCALARS:
            names.append(_SCALARS[t])
    if not names or "any" in types:
        return "Scalar"
    unique = list(dict.fromkeys(names))
    if "float" in unique and "int" in unique and not output:
        unique.remove("int")
    return " | ".join(unique)


def _input_type(param: object) -> str:
    kind, types = param.kind, param.types  # type: ignore[attr-defined]
    if kind == "iconic":
        return "Iconic"
    if "vector" in types:
        return "Sequence[Any]"
    scalar = _scalar(types, output=False)
    if scalar == "Scalar":
        return "Control"
    return f"{scalar} | Sequence[{scalar}]"


def _output_type(param: object, scalar_variant: bool) -> str:
    kind, types, count = param.kind, param.types, param.count  # type: ignore[attr-defined]
    if kind == "iconic":
        return "IconicResult"
    if "vector" in types:
        return "list[Any]"
    scalar = _scalar(types, output=True)
    if scalar_variant or count == 1:
        return scalar
    return f"list[{scalar}]"


def _method(op: object, scalar_variant: bool) -> list[str]:
    from hdlite.embed.direct import _unique, python_name

    inputs, outputs = op.inputs, op.outputs  # type: ignore[attr-defined]
    names = _unique([python_name(p.name) for p in inputs])
    args = ", ".join(f"{n}: {_input_type(p)}" for n, p in zip(names, inputs, strict=True))
    results = [_output_type(p, scalar_variant) for p in outputs]
    if not results:
        result = "None"
    elif len(results) == 1:
        result = results[0]
    else:
        result = f"tuple[{', '.join(results)}]"
    name = op.name + ("_s" if scalar_variant else "")  # type: ignore[attr-defined]
    signature = f"self, {args}" if args else "self"
    return [f"    def {name}({signature}) -> {result}: ..."]


def render() -> str:
    """The stub's text for the operators of the built-in plugins installed here.

    Raises:
        RuntimeError: a built-in plugin is not installed or failed to import.
    """
    from hdlite.plugin.host import make_plugin_manager

    host = make_plugin_manager(autoload=False, modules=list(BUILTIN), warn=False)
    lines = [HEADER]
    for name in host.registry.names():
        op = host.registry.get(name)
        if op is None or op.plugin not in BUILTIN:
            continue
        lines += _method(op, False)
        if any(p.kind == "control" for p in op.outputs):
            lines += _method(op, True)
    return "\n".join(lines) + "\n"


def main() -> int:
    """Write the stub; with ``--check`` only compare (exit 1 when it is out of date)."""
    text = render()
    if "--check" in sys.argv[1:]:
        current = STUB.read_text(encoding="utf-8") if STUB.exists() else ""
        if current != text:
            print(f"{STUB} is out of date: run python scripts/gen_ops_stub.py", file=sys.stderr)
            return 1
        return 0
    STUB.write_text(text, encoding="utf-8")
    print(f"wrote {STUB}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
