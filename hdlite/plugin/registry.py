"""Operator signatures, the ``@operator`` decorator and the registry.

An operator is a Python function plus a declarative signature. The signature lists its
parameters in HALCON's order (iconic inputs, iconic outputs, control inputs, control
outputs), each with kind, direction, allowed element types and number of values. The
resolver splits a call's flat argument list with it before anything runs, and
:func:`hdlite.plugin.calls.call_operator` checks inputs against it before the call and
outputs after it, so operator functions receive clean values and never see frames.

Calling convention: ``func(ctx, *inputs)`` where ``inputs`` are the iconic inputs
(:class:`~hdlite.values.iconic.ObjectTuple`) followed by the control inputs (tuples), and the
function returns a tuple with one value per output, iconic outputs first (``None`` or
``()`` when there are none).

Finite numbers (HALCON's parameters are C doubles and 64-bit integers; a NaN compares false
with every bound an operator checks, so it must not get past the signature): a real value
in a control input whose declared types admit reals (``'real'`` or ``'number'``) must be
finite and at most :data:`MAX_MAGNITUDE` in magnitude, else the call fails with HALCON's
"wrong value" error (130N) naming the parameter. The rule applies

- to every such input of an ordinary operator;
- to the single-value inputs (``count=1``: indices, lengths, bounds, steps) of the
  ``tuple_*`` operators, whose element-wise data inputs (``tuple_log (T, ...)``,
  ``tuple_max``) legitimately see NaN and infinities and keep accepting them.

A parameter overrides the rule with ``finite=True``/``finite=False`` and the bound with
``limit`` (``limit=math.inf``: any finite value, for matrix entries and the like).
"""

from __future__ import annotations

import fnmatch
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

ANY_COUNT = None
#: element types a control parameter may declare; 'number' is integer or real
TYPE_NAMES = frozenset({"integer", "real", "string", "handle", "number", "any", "vector"})
#: the largest magnitude a real argument may have where the finite-number rule applies: what
#: a 64-bit integer holds, so coordinates, sizes and counts always convert
MAX_MAGNITUDE = float(2**63)
_REAL_TYPES = frozenset({"real", "number"})


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of an operator signature.

    Attributes:
        name: HALCON's parameter name (``DLClassifierHandle``).
        kind: ``'iconic'`` or ``'control'``.
        direction: ``'in'`` or ``'out'``.
        types: allowed element types of a control parameter (empty: any).
        count: exact number of values, ``(min, max)`` with ``max=None`` for unbounded, or
            ``None`` for any number.
        default: HALCON's default/suggested value, for documentation.
        sem: semantic type; for handles the handle kind that is required (``'dict'``).
        values: allowed values of a control input (checked element-wise), if listed.
        finite: whether real values must be finite (None: the module's rule decides).
        limit: the largest magnitude of a real value where ``finite`` applies.
    """

    name: str
    kind: str
    direction: str
    types: frozenset[str] = frozenset()
    count: int | tuple[int, int | None] | None = None
    default: Any = None
    sem: str = ""
    values: tuple = ()
    finite: bool | None = None
    limit: float = MAX_MAGNITUDE

    def describe(self) -> str:
        """A short human-readable form, e.g. ``BatchSize: integer (1)``."""
        types = "/".join(sorted(self.types)) or ("object" if self.kind == "iconic" else "any")
        if self.count is None:
            count = "-array"
        elif isinstance(self.count, int):
            count = "" if self.count == 1 else f"[{self.count}]"
        else:
            low, high = self.count
            count = f"[{low}..{'' if high is None else high}]"
        sem = f" {self.sem}" if self.sem else ""
        return f"{self.name}:{sem} {types}{count}"


def _param(kind: str, direction: str) -> Callable[..., Param]:
    def make(
        name: str,
        types: Iterable[str] | str = (),
        count: int | tuple[int, int | None] | None = None,
        default: Any = None,
        sem: str = "",
        values: Iterable = (),
        finite: bool | None = None,
        limit: float = MAX_MAGNITUDE,
    ) -> Param:
        type_set = frozenset([types] if isinstance(types, str) else types)
        unknown = type_set - TYPE_NAMES
        if unknown:
            raise ValueError(f"parameter {name}: unknown types {sorted(unknown)}")
        if kind == "iconic" and count is None:
            count = None
        if not (limit > 0):
            raise ValueError(f"parameter {name}: limit must be positive, got {limit!r}")
        return Param(
            name, kind, direction, type_set, count, default, sem, tuple(values), finite, limit
        )

    make.__name__ = f"{kind.capitalize()}{direction.capitalize()}"
    make.__doc__ = f"Declare a {kind} {direction}put parameter."
    return make


IconicIn = _param("iconic", "in")
IconicOut = _param("iconic", "out")
ControlIn = _param("control", "in")
ControlOut = _param("control", "out")

_ORDER = {("iconic", "in"): 0, ("iconic", "out"): 1, ("control", "in"): 2, ("control", "out"): 3}


@dataclass(eq=False)
class Operator:
    """An operator: name, signature and implementation; ``plugin`` is set on registration."""

    name: str
    params: tuple[Param, ...]
    func: Callable[..., Any]
    doc: str = ""
    plugin: str = ""
    inputs: tuple[Param, ...] = field(init=False)
    outputs: tuple[Param, ...] = field(init=False)
    #: per input: the magnitude bound of the finite-number rule, or None where it does not apply
    limits: tuple[float | None, ...] = field(init=False)

    def __post_init__(self) -> None:
        orders = [_ORDER[(p.kind, p.direction)] for p in self.params]
        if orders != sorted(orders):
            raise ValueError(
                f"operator {self.name}: parameters must be ordered iconic in, iconic out, "
                "control in, control out"
            )
        self.inputs = tuple(p for p in self.params if p.direction == "in")
        self.outputs = tuple(p for p in self.params if p.direction == "out")
        self.limits = tuple(_finite_limit(self.name, p) for p in self.inputs)

    @property
    def signature(self) -> str:
        """HALCON's notation: ``name(IconicIn : IconicOut : ControlIn : ControlOut)``."""
        groups = [
            ", ".join(p.name for p in self.params if _ORDER[(p.kind, p.direction)] == g)
            for g in range(4)
        ]
        text = " : ".join(groups)
        while ":  :" in text:
            text = text.replace(":  :", ": :")
        return f"{self.name}({text})"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.func(*args, **kwargs)


def _finite_limit(operator: str, param: Param) -> float | None:
    """The bound the finite-number rule sets on ``param``'s real values, or None (see module)."""
    if param.kind != "control" or not param.types & _REAL_TYPES:
        return None
    applies = param.finite
    if applies is None:
        applies = not operator.startswith("tuple_") or param.count == 1
    return param.limit if applies else None


def operator(name: str, *params: Param) -> Callable[[Callable[..., Any]], Operator]:
    """Build an :class:`Operator` from a function; registers nothing.

    Args:
        name: the operator name as scripts write it.
        *params: the signature, in HALCON's parameter order.

    Returns:
        A decorator that turns ``func(ctx, *inputs)`` into an :class:`Operator`.
    """

    def wrap(func: Callable[..., Any]) -> Operator:
        return Operator(name, tuple(params), func, inspect.getdoc(func) or "")

    return wrap


class DuplicateOperatorError(Exception):
    """Two plugins registered the same operator name."""


class OperatorRegistry:
    """All operators of one plugin manager, each recorded with the plugin that added it."""

    def __init__(self) -> None:
        self._ops: dict[str, Operator] = {}
        self.current_plugin = ""

    def add(self, op: Operator) -> None:
        """Register ``op`` for the plugin being loaded.

        Raises:
            DuplicateOperatorError: if another plugin already registered the name.
        """
        if not isinstance(op, Operator):
            raise TypeError(f"registry.add expects an Operator, got {type(op).__name__}")
        existing = self._ops.get(op.name)
        if existing is not None:
            raise DuplicateOperatorError(
                f"operator {op.name!r} registered twice: by plugin {existing.plugin!r} "
                f"and by plugin {self.current_plugin!r}"
            )
        op.plugin = self.current_plugin
        self._ops[op.name] = op

    def add_all(self, module: ModuleType) -> None:
        """Register every :class:`Operator` defined at the top level of ``module``."""
        for value in vars(module).values():
            if isinstance(value, Operator):
                self.add(value)

    def get(self, name: str) -> Operator | None:
        """The operator called ``name``, or None."""
        return self._ops.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._ops

    def names(self) -> list[str]:
        """All registered names, sorted."""
        return sorted(self._ops)

    def match(self, pattern: str = "*") -> list[Operator]:
        """Operators whose name matches a glob pattern, sorted by name."""
        return [self._ops[n] for n in self.names() if fnmatch.fnmatchcase(n, pattern)]
