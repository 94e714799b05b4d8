"""Generated signature checks: the common, valid call checked in a few hundred nanoseconds.

For every operator, two small Python functions are generated once, from its declared
signature: ``inputs_ok(values)`` and ``outputs_ok(outputs)``. They answer only "certainly
valid" (True) or "not sure" (False); on False, :func:`~hdlite.plugin.calls.call_operator`
runs the full checks of ``calls.py``, which raise HALCON's error (or pass, for the rare
value the fast check is too strict for). So error codes and messages come from one place,
and the fast path can never accept what the full check would refuse.

Only the shape of the code is generated (one block per parameter); the allowed classes,
counts, limits, listed values and handle kinds go in through the namespace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hdlite.values.control import Handle, Vector
from hdlite.values.iconic import ObjectTuple

if TYPE_CHECKING:
    from hdlite.plugin.registry import Operator, Param

Check = Callable[[Any], bool]

_CLASSES = {"integer": (int,), "real": (int, float), "number": (int, float), "string": (str,)}
_ANY = frozenset({int, float, str, Handle})
_CACHE: dict[Operator, tuple[Check, Check]] = {}


def checks_for(op: Operator) -> tuple[Check, Check]:
    """The generated ``(inputs_ok, outputs_ok)`` of ``op`` (built on first use)."""
    found = _CACHE.get(op)
    if found is None:
        found = _CACHE[op] = (_build(op, "in"), _build(op, "out"))
    return found


def _classes(param: Param) -> frozenset[type]:
    if not param.types or "any" in param.types:
        return _ANY
    out: set[type] = set()
    for name in param.types:
        out.update(_CLASSES.get(name, (Handle,) if name == "handle" else ()))
    return frozenset(out)


def _count_test(var: str, count: int | tuple[int, int | None] | None) -> list[str]:
    if count is None:
        return []
    if isinstance(count, int):
        return [f"if len({var}) != {count}: return False"]
    low, high = count
    lines = [f"if len({var}) < {low}: return False"]
    if high is not None:
        lines.append(f"if len({var}) > {high}: return False")
    return lines


def _control_block(i: int, param: Param, limit: float | None, ns: dict[str, Any]) -> list[str]:
    var = f"v{i}"
    lines = [f"if {var}.__class__ is not tuple: return False", *_count_test(var, param.count)]
    classes = _classes(param)
    wants_handle = Handle in classes and classes is not _ANY
    if classes is _ANY and limit is None and not param.values:
        return lines
    ns[f"A{i}"] = classes
    body = ["c = e.__class__", f"if c not in A{i}: return False"]
    if limit is not None and float in classes:
        ns[f"L{i}"] = limit
        # a finite bound also refuses inf and NaN (every comparison with NaN is false)
        test = "e - e != 0.0" if limit == float("inf") else f"not (-L{i} <= e <= L{i})"
        body.append(f"if c is float and {test}: return False")
    if wants_handle:
        ns[f"S{i}"] = param.sem
        test = f"e.cleared or (S{i} and e.kind != S{i})"
        body.append(f"if c is Handle and ({test}): return False")
    if param.values:
        ns[f"V{i}"] = frozenset(param.values)
        body.append(f"if e not in V{i}: return False")
    return [*lines, f"for e in {var}:", *("    " + line for line in body)]


def _build(op: Operator, direction: str) -> Check:
    params = op.inputs if direction == "in" else op.outputs
    ns: dict[str, Any] = {"Handle": Handle, "ObjectTuple": ObjectTuple, "Vector": Vector}
    n = len(params)
    lines = (
        [f"if values.__class__ is not tuple or len(values) != {n}: return False"]
        if direction == "out"
        else [f"if len(values) != {n}: return False"]
    )
    if n:
        lines.append(
            ", ".join(f"v{i}" for i in range(n)) + (", = values" if n == 1 else " = values")
        )
    for i, param in enumerate(params):
        if param.kind == "iconic":
            lines.append(f"if not isinstance(v{i}, ObjectTuple): return False")
        elif param.sem == "variable" and direction == "in":
            continue
        elif "vector" in param.types:
            lines.append(f"if not isinstance(v{i}, Vector): return False")
        else:
            limit = op.limits[i] if direction == "in" else None
            lines.extend(_control_block(i, param, limit, ns))
    source = "def ok(values):\n" + "".join(f"    {line}\n" for line in lines) + "    return True\n"
    exec(compile(source, f"<checks of {op.name} {direction}puts>", "exec"), ns)
    check: Check = ns["ok"]
    return check
