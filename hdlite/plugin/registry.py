"""Operator signatures, the ``@operator`` decorator, the registry, and argument checking.

An operator is a Python function plus a declarative signature. The signature lists its
parameters in HALCON's order (iconic inputs, iconic outputs, control inputs, control
outputs), each with kind, direction, allowed element types and number of values. The
resolver splits a call's flat argument list with it before anything runs, and the
interpreter checks inputs against it before the call and outputs after it, so operator
functions receive clean values and never see frames.

Calling convention: ``func(ctx, *inputs)`` where ``inputs`` are the iconic inputs
(:class:`~hdlite.values.iconic.ObjectTuple`) followed by the control inputs (tuples), and the
function returns a tuple with one value per output, iconic outputs first (``None`` or
``()`` when there are none).
"""

from __future__ import annotations

import fnmatch
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from hdlite import error_codes
from hdlite.errors import HalconError, PluginError
from hdlite.values.control import Handle, Vector, element_type
from hdlite.values.iconic import ObjectTuple

if TYPE_CHECKING:
    from hdlite.runtime.session import Session
    from hdlite.source import Span

ANY_COUNT = None
#: element types a control parameter may declare; 'number' is integer or real
TYPE_NAMES = frozenset({"integer", "real", "string", "handle", "number", "any", "vector"})


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
    """

    name: str
    kind: str
    direction: str
    types: frozenset[str] = frozenset()
    count: int | tuple[int, int | None] | None = None
    default: Any = None
    sem: str = ""
    values: tuple = ()

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
    ) -> Param:
        type_set = frozenset([types] if isinstance(types, str) else types)
        unknown = type_set - TYPE_NAMES
        if unknown:
            raise ValueError(f"parameter {name}: unknown types {sorted(unknown)}")
        if kind == "iconic" and count is None:
            count = None
        return Param(name, kind, direction, type_set, count, default, sem, tuple(values))

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

    def __post_init__(self) -> None:
        orders = [_ORDER[(p.kind, p.direction)] for p in self.params]
        if orders != sorted(orders):
            raise ValueError(
                f"operator {self.name}: parameters must be ordered iconic in, iconic out, "
                "control in, control out"
            )
        self.inputs = tuple(p for p in self.params if p.direction == "in")
        self.outputs = tuple(p for p in self.params if p.direction == "out")

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


class CallContext:
    """What an operator function may use besides its inputs: the run's session and place."""

    __slots__ = ("operator", "session", "span")

    def __init__(self, session: Session, operator: Operator, span: Span | None) -> None:
        self.session = session
        self.operator = operator
        self.span = span

    def new_handle(self, kind: str, obj: Any) -> Handle:
        """Create a handle of ``kind`` for ``obj``."""
        return Handle(kind, obj)

    def error(self, code: int, detail: str = "") -> HalconError:
        """Build a :class:`HalconError` for this operator (raise it)."""
        return HalconError(code, detail, operator=self.operator.name, span=self.span)

    def param_error(self, kind: str, param: str, detail: str) -> HalconError:
        """Error for a control input named ``param``: kind is 'type', 'value' or 'count'."""
        position = _control_position(self.operator, param)
        code = {
            "type": error_codes.wrong_type,
            "value": error_codes.wrong_value,
            "count": error_codes.wrong_count,
        }[kind](position)
        return self.error(code, f"{param}: {detail}")


def _control_position(op: Operator, name: str) -> int:
    position = 0
    for p in op.params:
        if p.kind == "control" and p.direction == "in":
            position += 1
            if p.name == name:
                return position
    return 1


def _count_ok(count: int | tuple[int, int | None] | None, n: int) -> bool:
    if count is None:
        return True
    if isinstance(count, int):
        return n == count
    low, high = count
    return n >= low and (high is None or n <= high)


_TYPE_ALIASES = {
    "number": frozenset({"integer", "real"}),
    "real": frozenset({"integer", "real"}),
}


def _allowed(types: frozenset[str]) -> frozenset[str] | None:
    if not types or "any" in types:
        return None
    out: set[str] = set()
    for t in types:
        out |= _TYPE_ALIASES.get(t, {t})
    return frozenset(out)


def check_inputs(op: Operator, values: list[Any], span: Span | None) -> None:
    """Check input values against the signature; raise HALCON's code on the first problem.

    Codes: 120N wrong type, 130N wrong value (not in the listed values), 140N wrong number
    of values (N = position among the control inputs), 2454 cleared handle, 2404 handle of
    the wrong kind, 2461 control value where an object is expected, 2460 the reverse.
    """
    position = 0
    for param, value in zip(op.inputs, values, strict=True):
        if param.kind == "iconic":
            if not isinstance(value, ObjectTuple):
                raise HalconError(
                    2461, f"{param.name} expects an object", operator=op.name, span=span
                )
            continue
        position += 1
        if "vector" in param.types:
            if not isinstance(value, Vector):
                raise HalconError(
                    2410, f"{param.name} expects a vector", operator=op.name, span=span
                )
            continue
        if not isinstance(value, tuple):
            raise HalconError(
                2460, f"{param.name} expects a control value", operator=op.name, span=span
            )
        if not _count_ok(param.count, len(value)):
            raise HalconError(
                error_codes.wrong_count(position),
                f"{param.name} got {len(value)} values",
                operator=op.name,
                span=span,
            )
        allowed = _allowed(param.types)
        wants_handle = allowed is not None and "handle" in allowed
        for element in value:
            if wants_handle and isinstance(element, Handle):
                # only parameters that declare handles need live ones: tuple_length or
                # tuple_is_valid_handle must see cleared handles as plain values
                if element.cleared:
                    raise HalconError(2454, f"{param.name}", operator=op.name, span=span)
                if param.sem and element.kind != param.sem:
                    raise HalconError(
                        2404,
                        f"{param.name} expects a {param.sem} handle, got a {element.kind} handle",
                        operator=op.name,
                        span=span,
                    )
            if allowed is not None and element_type(element) not in allowed:
                raise HalconError(
                    error_codes.wrong_type(position),
                    f"{param.name} expects {'/'.join(sorted(param.types))}, "
                    f"got {element_type(element)} {element!r}",
                    operator=op.name,
                    span=span,
                )
            if param.values and element not in param.values:
                raise HalconError(
                    error_codes.wrong_value(position),
                    f"{param.name} must be one of {list(param.values)}, got {element!r}",
                    operator=op.name,
                    span=span,
                )


def check_outputs(op: Operator, outputs: Any, span: Span | None) -> tuple:
    """Check what an operator returned against its signature; normalise it to a tuple.

    Raises:
        PluginError: the function returned the wrong number or kind of outputs.
    """
    if outputs is None:
        outputs = ()
    if not isinstance(outputs, tuple) or len(outputs) != len(op.outputs):
        raise PluginError(
            op.plugin,
            op.name,
            f"returned {type(outputs).__name__} {outputs!r:.80}; expected a tuple of "
            f"{len(op.outputs)} output(s)",
            span,
        )
    for param, value in zip(op.outputs, outputs, strict=True):
        if param.kind == "iconic":
            if not isinstance(value, ObjectTuple):
                raise PluginError(
                    op.plugin, op.name, f"output {param.name} is not an ObjectTuple", span
                )
        elif "vector" in param.types:
            if not isinstance(value, Vector):
                raise PluginError(op.plugin, op.name, f"output {param.name} is not a Vector", span)
        elif not isinstance(value, tuple):
            raise PluginError(op.plugin, op.name, f"output {param.name} is not a tuple", span)
        else:
            for element in value:
                if type(element) not in (int, float, str) and not isinstance(element, Handle):
                    raise PluginError(
                        op.plugin,
                        op.name,
                        f"output {param.name} holds a {type(element).__name__}",
                        span,
                    )
    return outputs
