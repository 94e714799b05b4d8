"""The one operator-call protocol: check inputs, call, map exceptions, check outputs.

Every caller of an operator (statements, in-line functions, the direct Python API, tests and
benchmarks) goes through :func:`call_operator`, so a given mistake gives the same error
wherever the call comes from:

- inputs are checked against the declared signature first (kind, count, element types,
  listed values, live handles of the declared kind, finite numbers); the error points at
  the argument at fault when the call context knows the argument spans;
- finite numbers: a real value where the parameter admits reals must be finite and at most
  2^63 in magnitude (HALCON's "wrong value" error 130N naming the parameter); element-wise
  data inputs of the ``tuple_*`` operators are exempt, they compute with NaN and infinities
  like HALCON does (the rule and its overrides: :mod:`hdlite.plugin.registry`);
- a :class:`~hdlite.errors.HalconError` raised by the operator gets the call's position;
- ``MemoryError`` becomes HALCON error 6001 "Not enough memory available";
- ``RecursionError`` (data nested too deeply for an operator that recurses: a deep JSON
  document, a nested object file) also becomes 6001 at the operator's call, so ``try/catch``
  catches it: recursion exhausts the stack, which is memory, and HALCON has no other code
  for an exhausted resource (21011 is HDevelop's procedure-call depth, which this is not);
- a stop that arrives during the call (``--timeout``, Ctrl-C, SIGTERM: the session's
  ``stop_reason`` is set) is :class:`~hdlite.errors.RunStopped`, whatever the operator
  made of the exception the signal raised inside it;
- any other Python exception, ``SystemExit`` and ``GeneratorExit`` included, is a
  :class:`~hdlite.errors.PluginError` naming the plugin and the operator (a plugin bug, not
  a user mistake); it never ends hdlite silently or with a traceback;
- outputs are checked against the declared count and kinds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from math import isfinite
from typing import TYPE_CHECKING, Any

from hdlite import error_codes
from hdlite.errors import ExitRequest, HalconError, HdliteError, PluginError, RunStopped
from hdlite.plugin.fast_checks import checks_for
from hdlite.values.control import Handle, Vector, element_type
from hdlite.values.iconic import ObjectTuple

if TYPE_CHECKING:
    from hdlite.plugin.registry import Operator, Param
    from hdlite.runtime.session import Session
    from hdlite.source import Span


class VariableRef:
    """A variable passed by reference: the value of a parameter declared ``sem='variable'``.

    HDevelop passes a few control inputs as variables rather than values
    (``dev_error_var (ErrorVar, 1)`` keeps writing ``ErrorVar`` after the call). Such an
    operator receives a :class:`VariableRef`; ``set`` stores a tuple into the caller's
    variable, now or later; ``owner`` identifies the procedure activation it belongs to.
    """

    __slots__ = ("owner", "set")

    def __init__(self, owner: object, set: Callable[[Any], None]) -> None:
        self.owner = owner
        self.set = set


class CallContext:
    """What an operator function may use besides its inputs: the run's session and place."""

    __slots__ = ("arg_spans", "operator", "session", "span")

    def __init__(
        self,
        session: Session,
        operator: Operator,
        span: Span | None,
        arg_spans: Sequence[Span | None] | None = None,
    ) -> None:
        self.session = session
        self.operator = operator
        self.span = span
        #: the source span of each input argument, in signature order (None: unknown)
        self.arg_spans = arg_spans

    def input_span(self, param: str) -> Span | None:
        """Where the argument of the input parameter ``param`` was written (or the call)."""
        if self.arg_spans is not None:
            for p, span in zip(self.operator.inputs, self.arg_spans, strict=False):
                if p.name == param and span is not None:
                    return span
        return self.span

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
        return HalconError(
            code, f"{param}: {detail}", operator=self.operator.name, span=self.input_span(param)
        )


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


_INF = float("inf")
#: the element classes of control values besides handles
_PLAIN = (int, float, str)

_TYPE_ALIASES = {
    "number": frozenset({"integer", "real"}),
    "real": frozenset({"integer", "real"}),
}


@functools.cache
def _allowed(types: frozenset[str]) -> frozenset[str] | None:
    if not types or "any" in types:
        return None
    out: set[str] = set()
    for t in types:
        out |= _TYPE_ALIASES.get(t, {t})
    return frozenset(out)


def check_inputs(
    op: Operator,
    values: Sequence[Any],
    span: Span | None,
    arg_spans: Sequence[Span | None] | None = None,
) -> None:
    """Check input values against the signature; raise HALCON's code on the first problem.

    Codes: 120N wrong type, 130N wrong value (not in the listed values), 140N wrong number
    of values (N = position among the control inputs), 2454 cleared handle, 2404 handle of
    the wrong kind, 2461 control value where an object is expected, 2460 the reverse.
    """
    call_span = span
    position = 0
    for index, (param, value) in enumerate(zip(op.inputs, values, strict=True)):
        span = call_span
        if arg_spans is not None and arg_spans[index] is not None:
            span = arg_spans[index]
        if param.kind == "iconic":
            if not isinstance(value, ObjectTuple):
                raise HalconError(
                    2461, f"{param.name} expects an object", operator=op.name, span=span
                )
            continue
        position += 1
        if param.sem == "variable":
            continue
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
        limit = op.limits[index]
        for element in value:
            if (
                limit is not None
                and element.__class__ is float
                and (not isfinite(element) or abs(element) > limit)
            ):
                bound = f" of magnitude at most {limit:g}" if limit != _INF else ""
                raise HalconError(
                    error_codes.wrong_value(position),
                    f"{param.name} must be a finite number{bound}, got {element!r}",
                    operator=op.name,
                    span=span,
                )
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
            _check_control_output(op, param, value, span)
    return outputs


def _check_control_output(op: Operator, param: Param, value: tuple, span: Span | None) -> None:
    allowed = _allowed(param.types)
    if allowed is None and param.count is None:
        for element in value:
            if element.__class__ not in _PLAIN and not isinstance(element, Handle):
                raise PluginError(
                    op.plugin,
                    op.name,
                    f"output {param.name} holds a {type(element).__name__}",
                    span,
                )
        return
    if not _count_ok(param.count, len(value)):
        raise PluginError(
            op.plugin,
            op.name,
            f"output {param.name} has {len(value)} values; the signature declares "
            f"{param.describe()}",
            span,
        )
    for element in value:
        if type(element) not in (int, float, str) and not isinstance(element, Handle):
            raise PluginError(
                op.plugin, op.name, f"output {param.name} holds a {type(element).__name__}", span
            )
        if allowed is not None and element_type(element) not in allowed:
            raise PluginError(
                op.plugin,
                op.name,
                f"output {param.name} holds the {element_type(element)} {element!r:.40}; the "
                f"signature declares {param.describe()}",
                span,
            )


def translate(ctx: CallContext, exc: BaseException) -> BaseException:
    """What an exception raised inside ``ctx.operator`` becomes at its call (see module)."""
    op, span = ctx.operator, ctx.span
    stop = ctx.session.stop_reason
    if stop is not None and not isinstance(exc, ExitRequest):
        # a stop signal arrived inside the operator, which may have caught and wrapped it
        return RunStopped(*stop, span=span)
    if isinstance(exc, HalconError):
        return exc.locate(span, op.name)
    if isinstance(exc, ExitRequest | HdliteError | KeyboardInterrupt):
        return exc
    if isinstance(exc, MemoryError):
        return HalconError(6001, "the result does not fit into memory", operator=op.name, span=span)
    if isinstance(exc, RecursionError):
        return HalconError(
            6001,
            "data nested too deeply for the operator (its recursion exceeded the stack)",
            operator=op.name,
            span=span,
        )
    return PluginError(op.plugin or "?", op.name, f"{type(exc).__name__}: {exc}", span)


def call_operator(ctx: CallContext, values: Sequence[Any]) -> tuple:
    """Call ``ctx.operator`` with input ``values``: the one protocol every caller uses.

    Args:
        ctx: the call context (operator, session, call and argument spans).
        values: the inputs in signature order (object tuples, then control tuples).

    Returns:
        The outputs in signature order, checked against the signature.

    Raises:
        HalconError: a wrong input, or an error the operator raised, located at the call
            (6001 for a MemoryError or a RecursionError).
        RunStopped: a stop (--timeout, Ctrl-C, SIGTERM) arrived during the call.
        PluginError: the operator raised another Python exception (``SystemExit`` and
            ``GeneratorExit`` included) or returned bad outputs.
    """
    op, span = ctx.operator, ctx.span
    inputs_ok, outputs_ok = checks_for(op)
    if not inputs_ok(values):
        check_inputs(op, values, span, ctx.arg_spans)
    try:
        outputs = op.func(ctx, *values)
    except RunStopped:
        raise
    except BaseException as exc:
        error = translate(ctx, exc)
        if error is exc:
            raise
        raise error from (exc if isinstance(error, PluginError) else None)
    if outputs_ok(outputs):
        return outputs  # type: ignore[no-any-return]
    return check_outputs(op, outputs, span)


__all__ = [
    "CallContext",
    "VariableRef",
    "call_operator",
    "check_inputs",
    "check_outputs",
    "translate",
]
