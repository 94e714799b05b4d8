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
import importlib
import inspect
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from hdlite.plugin import declared

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
        if isinstance(default, list):
            default = tuple(default)  # a tuple default, however it was written
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

    def add_modules(self, package: str, names: Iterable[str]) -> None:
        """Register every :class:`Operator` of the modules ``package.NAME``, importing each
        module only when one of its operators is first called.

        The names, docstrings and signatures come from a file written the last time the
        modules were imported (:mod:`hdlite.plugin.declared`); without a file that matches
        the package's sources, the modules are imported now, as :meth:`add_all` does. A
        module whose declarations do not survive the file (a default value that is no
        literal) is always imported now. Listing, checking and resolving programs need no
        import; a module's import errors then surface at the first call of its operators.
        """
        folder = declared.package_folder(package)
        key = declared.fingerprint(folder, __file__) if folder else ""
        known = declared.load(package, folder, key) if folder else None
        fresh: declared.Records = {}
        for name in names:
            module_name = f"{package}.{name}"
            records = (known or {}).get(name)
            ops = _declared_operators(records, module_name) if records else None
            if ops is None:
                module = importlib.import_module(module_name)
                ops = [v for v in vars(module).values() if isinstance(v, Operator)]
                records = _records(ops)
            for op in ops:
                self.add(op)
            fresh[name] = records
        if folder and fresh != known:
            declared.store(package, folder, key, fresh)

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


# ------------------------------------------------------------- declarations kept in files


def _literal(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_literal(v) for v in value]
    return value


def _unliteral(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_unliteral(v) for v in value)
    return value


def _param_record(p: Param) -> list[Any]:
    count, default, values = _literal(p.count), _literal(p.default), _literal(p.values)
    return [
        p.name,
        p.kind,
        p.direction,
        sorted(p.types),
        count,
        default,
        p.sem,
        values,
        p.finite,
        p.limit,
    ]


def _records(ops: list[Operator]) -> list[Any] | None:
    """The operators of one module as JSON records, or None if one would not come back equal."""
    records = []
    for op in ops:
        params = [_param_record(p) for p in op.params]
        records.append([op.name, op.doc, params])
    try:
        records = json.loads(json.dumps(records))
        back = _declared_operators(records, "")
    except (TypeError, ValueError):
        return None
    if back is None or any(
        a.name != b.name or a.doc != b.doc or a.params != b.params
        for a, b in zip(ops, back, strict=True)
    ):
        return None
    return records


def _declared_operators(records: list[Any], module_name: str) -> list[Operator] | None:
    """Operators rebuilt from records, calling into ``module_name`` on first use; None if the
    records are malformed."""
    try:
        ops = []
        for name, doc, params in records:
            signature = tuple(
                Param(
                    n, k, d, frozenset(t), _unliteral(c), _unliteral(df), s, _unliteral(v), f, lim
                )
                for n, k, d, t, c, df, s, v, f, lim in params
            )
            op = Operator(str(name), signature, _deferred_function, str(doc))
            op.func = _deferred(op, module_name)
            ops.append(op)
    except (TypeError, ValueError):
        return None
    return ops


def _deferred_function(*args: Any) -> Any:  # replaced in every declared operator
    raise AssertionError("unreachable")


def _deferred(op: Operator, module_name: str) -> Callable[..., Any]:
    """The function of a declared operator: imports its module on the first call and puts
    the real function in its place."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return _load(op, module_name)(*args, **kwargs)

    call.__module__ = module_name
    call.__qualname__ = call.__name__ = op.name
    call.__doc__ = op.doc
    return call


def _load(op: Operator, module_name: str) -> Callable[..., Any]:
    module = importlib.import_module(module_name)
    for value in vars(module).values():
        if isinstance(value, Operator) and value.name == op.name:
            if value.params != op.params:
                break
            op.func = value.func
            return value.func
    raise RuntimeError(
        f"{module_name} no longer declares {op.name} as recorded in "
        f"{declared.cache_dir()}: delete that folder and run again"
    )
