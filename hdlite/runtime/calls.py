"""Calls: operator calls through the one call protocol, and procedure calls.

An operator call evaluates its inputs, runs :func:`~hdlite.plugin.calls.call_operator`
(check inputs, call, map exceptions, check outputs) and stores the outputs; HDevelop's error
mode (``error_mode.py``) decides whether an operator error raises or is recorded. A procedure
call binds the arguments in a new frame, runs the compiled body and copies the outputs back;
errors inside it gain a call-stack entry.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from hdlite.errors import HalconError, RunStopped, StackEntry
from hdlite.plugin.calls import CallContext, VariableRef, call_operator, check_inputs
from hdlite.plugin.registry import Operator
from hdlite.resolve.resolver import ProcTarget, Resolution
from hdlite.runtime.error_mode import SUCCESS
from hdlite.runtime.expressions import ExprCompiler, expect_control
from hdlite.runtime.fast_calls import compile_fast_call
from hdlite.runtime.frames import Frame
from hdlite.runtime.growing import Growing, buffer
from hdlite.runtime.jumps import BreakLoop, ContinueLoop, ReturnFromProcedure
from hdlite.runtime.session import Session
from hdlite.syntax import ast
from hdlite.values.control import Vector
from hdlite.values.iconic import ObjectTuple

Run = Callable[[Frame], None]
#: operators that append in place when their first input is also their output
IN_PLACE = {"tuple_concat": "concat", "tuple_insert": "insert"}


def _reference(store: Callable[[Frame, Any], None]) -> Callable[[Frame], VariableRef]:
    """An input evaluator that passes the argument variable itself (``sem='variable'``)."""

    def load(frame: Frame) -> VariableRef:
        return VariableRef(frame, lambda value: store(frame, value))

    return load


class CallStatements:
    """Compiles call statements; mixed into :class:`~hdlite.runtime.statements.Compiler`."""

    resolution: Resolution
    session: Session
    max_depth: int

    def body(self, proc: ast.ProcedureDef) -> list[Run]:
        """The compiled body of a procedure (provided by the compiler)."""
        raise NotImplementedError

    def _Call(self, node: ast.Call, ec: ExprCompiler) -> Run:
        target = self.resolution.calls.get(node)
        if target is None:
            span = node.span

            def unresolved(frame: Frame) -> None:
                raise HalconError(
                    21012, f"'{node.name}' is not an operator or procedure", span=span
                )

            return unresolved
        if isinstance(target, ProcTarget):
            return self._procedure_call(node, target, ec)
        return self._operator_call(node, target, ec)

    def _operator_call(self, node: ast.Call, op: Operator, ec: ExprCompiler) -> Run:
        inputs: list[Callable[[Frame], Any]] = []
        arg_spans = []
        stores = []
        for param, arg in zip(op.params, node.args, strict=True):
            if param.direction == "out":
                stores.append(ec.store(arg))
                continue
            arg_spans.append(arg.span)
            inputs.append(_reference(ec.store(arg)) if param.sem == "variable" else ec.expr(arg))
        span = node.span
        session = self.session
        ctx = CallContext(session, op, span, tuple(arg_spans))
        mode = session.error_mode

        def on_error(frame: Frame, exc: HalconError) -> None:
            exc.add_code = exc.add_code or 21000
            if mode.give_error:
                raise exc
            mode.record(frame, exc.code)

        def finish(frame: Frame, values: list[Any]) -> None:
            try:
                outputs = call_operator(ctx, values)
            except HalconError as exc:
                on_error(frame, exc)
                return
            for store, value in zip(stores, outputs, strict=True):
                store(frame, value)
            if mode.error_var is not None:
                mode.record(frame, SUCCESS)

        def run(frame: Frame) -> None:
            if session.stop_reason is not None:
                raise RunStopped(*session.stop_reason, span=span)
            try:
                values = [ev(frame) for ev in inputs]
            except HalconError as exc:
                raise exc.locate(span, op.name) from None
            finish(frame, values)

        in_place = self._in_place_append(node, op, ec, inputs, ctx, finish)
        return in_place or compile_fast_call(node, op, ec, ctx, run, on_error)

    def _in_place_append(
        self,
        node: ast.Call,
        op: Operator,
        ec: ExprCompiler,
        inputs: list[Callable[[Frame], Any]],
        ctx: CallContext,
        finish: Callable[[Frame, list[Any]], None],
    ) -> Run | None:
        """``tuple_concat (T, V, T)`` and ``tuple_insert (T, I, V, T)`` appending in place.

        Only for hdlite's own operators (their results are ``T + V`` and ``T[:I] + V +
        T[I:]``) and a local ``T`` as first input and output; ``T``'s parameter must take
        any tuple, so checking the other inputs is the whole input check. Anything else
        (``T`` holding no tuple, an index that is not one integer in range) runs the
        ordinary call with the values already computed.
        """
        kind = IN_PLACE.get(op.name)
        if (
            kind is None
            or not getattr(op.func, "__module__", "").startswith("hdlite_core")
            or len(node.args) != len(op.params)
        ):
            return None
        first, out = node.args[0], node.args[-1]
        if (
            not (isinstance(first, ast.Var) and isinstance(out, ast.Var))
            or first.name != out.name
            or first.name in ec.globals
        ):
            return None
        param = op.inputs[0]
        if param.types or param.count is not None or param.values or op.limits[0] is not None:
            return None
        name, span, session, mode = first.name, node.span, self.session, self.session.error_mode
        rest = inputs[1:]
        insert = kind == "insert"

        def run(frame: Frame) -> None:
            if session.stop_reason is not None:
                raise RunStopped(*session.stop_reason, span=span)
            variables = frame.vars
            current = variables.get(name)
            if current.__class__ is not Growing and current.__class__ is not tuple:
                current = None
            try:
                values = [ev(frame) for ev in rest]
            except HalconError as exc:
                raise exc.locate(span, op.name) from None
            if current is None:
                try:
                    head = inputs[0](frame)
                except HalconError as exc:
                    raise exc.locate(span, op.name) from None
                finish(frame, [head, *values])
                return
            try:
                check_inputs(op, [(), *values], span, ctx.arg_spans)
            except HalconError as exc:
                exc.add_code = exc.add_code or 21000
                if mode.give_error:
                    raise
                mode.record(frame, exc.code)
                return
            grown = buffer(variables, name)
            assert grown is not None
            if insert:
                index = values[0][0]
                if index.__class__ is not int or not 0 <= index <= len(grown.items):
                    finish(frame, [grown.value(), *values])
                    return
                grown.items[index:index] = values[1]
            else:
                grown.items += values[0]
            grown.frozen = None
            if mode.error_var is not None:
                mode.record(frame, SUCCESS)

        return run

    def _procedure_call(self, node: ast.Call, target: ProcTarget, ec: ExprCompiler) -> Run:
        pairs = list(zip(target.params, node.args, strict=True))
        inputs = [(p, ec.expr(a)) for p, a in pairs if p.direction == "in"]
        outputs = [(p.name, ec.store(a)) for p, a in pairs if p.direction == "out"]
        span, name = node.span, target.name
        compiler = self
        # control parameters take any control tuple as it is (procedure_argument checks the rest)
        plain = [(p.name, ev, p.kind != "iconic" and p.dimension == 0, p) for p, ev in inputs]
        session = self.session
        body: list[Run] | None = None  # compiled on the first call (procedures load lazily)

        def run(frame: Frame) -> None:
            nonlocal body
            if session.stop_reason is not None:
                raise RunStopped(*session.stop_reason, span=span)
            if frame.depth >= compiler.max_depth:
                raise HalconError(
                    21011, f"more than {compiler.max_depth} nested procedure calls", span=span
                )
            callee = Frame(name, frame.depth + 1)
            variables = callee.vars
            try:
                for pname, ev, control, param in plain:
                    value = ev(frame)
                    if not control or value.__class__ is not tuple:
                        value = procedure_argument(param, value, name, span)
                    variables[pname] = value
            except HalconError as exc:
                raise exc.locate(span) from None
            try:
                if body is None:
                    body = compiler.body(target.procedure())
                for stmt in body:
                    stmt(callee)
            except ReturnFromProcedure:
                pass
            except (BreakLoop, ContinueLoop):
                raise HalconError(21012, "break/continue outside a loop", span=span) from None
            except HalconError as exc:
                if not exc.procedure:
                    exc.procedure = name
                    exc.depth = callee.depth
                exc.stack.append(StackEntry(frame.procedure, span))
                raise
            except RecursionError:
                raise HalconError(21011, "procedure calls nested too deeply", span=span) from None
            for pname, store in outputs:
                value = variables.get(pname)
                if value is not None:
                    store(frame, value.value() if value.__class__ is Growing else value)

        return run

    def _ParStart(self, node: ast.ParStart, ec: ExprCompiler) -> Run:
        call = self._Call(node.call, ec)
        store = ec.store(node.thread)
        counter = iter(range(1, sys.maxsize))

        def run(frame: Frame) -> None:
            call(frame)
            store(frame, (next(counter),))

        return run


def procedure_argument(param: ast.ParamDecl, value: Any, procedure: str, span: ast.Span) -> Any:
    """Check a value passed to a procedure parameter (vector, object or control)."""
    if param.dimension > 0:
        if not isinstance(value, Vector):
            raise HalconError(
                2410, f"{procedure}: parameter {param.name} expects a vector", span=span
            )
        return value.copy()
    if param.kind == "iconic":
        if not isinstance(value, ObjectTuple):
            raise HalconError(
                2461, f"{procedure}: parameter {param.name} expects an object", span=span
            )
        return value
    return expect_control(value, span, f"{procedure}: parameter {param.name}")
