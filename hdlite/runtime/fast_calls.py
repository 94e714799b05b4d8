"""A generated fast path for one operator call statement.

``threshold (Image, Region, 128, 255)`` or ``tuple_length (T, Len)`` in a loop spends most
of its time in the general call machinery: evaluating each argument through its closure,
the call protocol's bookkeeping, storing each output through its closure. The function
generated here does the same work for the common case in straight-line Python: the
arguments are loaded inline (:class:`~hdlite.runtime.fast_exprs.FastExpr`), the operator's
generated input check runs, the operator function is called directly, its generated output
check runs, and the outputs go straight into the variables.

Anything off the common path runs the statement's ordinary closure, which gives the same
results and errors: an argument of another shape (before the call, so nothing has happened
yet), a stop request, an active ``dev_error_var``, an input the quick check is unsure of.
An exception raised by the operator is translated exactly as the call protocol does
(:func:`~hdlite.plugin.calls.translate`) and goes through the statement's error handling
(HDevelop's error mode); outputs the quick check is unsure of get the full output check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hdlite.errors import HalconError, PluginError, RunStopped
from hdlite.plugin.calls import CallContext, check_outputs, translate
from hdlite.plugin.fast_checks import checks_for
from hdlite.runtime.fast_exprs import FastExpr, Unsupported
from hdlite.syntax import ast

if TYPE_CHECKING:
    from hdlite.plugin.registry import Operator
    from hdlite.runtime.expressions import ExprCompiler
    from hdlite.runtime.frames import Frame

Run = Callable[["Frame"], None]


def compile_fast_call(
    node: ast.Call,
    op: Operator,
    ec: ExprCompiler,
    ctx: CallContext,
    slow: Run,
    on_error: Callable[[Frame, HalconError], None],
) -> Run:
    """The call statement with a generated fast path in front of ``slow`` (or ``slow``).

    ``on_error(frame, error)`` applies the error mode to a located operator error (raises
    it, or records its code).
    """
    session = ec.compiler.session
    ns: dict[str, Any] = {"G": ec.compiler.globals}
    fx = FastExpr(ec.globals, ns)
    args: list[str] = []
    stores: list[str] = []
    try:
        for param, arg in zip(op.params, node.args, strict=True):
            if param.sem == "variable" or "vector" in param.types:
                return slow
            if param.direction == "out":
                if not isinstance(arg, ast.Var):
                    return slow
                scope = "G" if arg.name in ec.globals else "local"
                stores.append(f"{scope}[{arg.name!r}] = out[{len(stores)}]")
            elif param.kind == "iconic":
                if not isinstance(arg, ast.Var):
                    return slow
                t = fx.temp()
                scope = "G" if arg.name in ec.globals else "local"
                fx.emit(f"{t} = {scope}[{arg.name!r}]")
                args.append(t)
            else:
                args.append(fx.tuple_value(arg))
    except Unsupported:
        return slow
    inputs_ok, outputs_ok = checks_for(op)
    mode = session.error_mode

    def failed(frame: Frame, exc: BaseException) -> None:
        if exc.__class__ is RunStopped:
            raise exc
        error = translate(ctx, exc)
        if isinstance(error, HalconError):
            on_error(frame, error)
            return
        if error is exc:
            raise exc
        raise error from (exc if isinstance(error, PluginError) else None)

    ns.update(
        session=session,
        mode=mode,
        slow=slow,
        INOK=inputs_ok,
        OUTOK=outputs_ok,
        F=op.func,
        CTX=ctx,
        failed=failed,
        CHECK=lambda out: check_outputs(op, out, ctx.span),
    )
    values = "(" + "".join(a + ", " for a in args) + ")"
    call = "F(" + ", ".join(["CTX", *args]) + ")"
    source = "\n".join(
        [
            "def run(frame):",
            "    local = frame.vars",
            "    try:",
            *("        " + line for line in fx.lines),
            f"        values = {values}",
            "    except Exception:",
            "        return slow(frame)",
            "    if session.stop_reason is not None or mode.error_var is not None:",
            "        return slow(frame)",
            "    if not INOK(values):",
            "        return slow(frame)",
            "    try:",
            f"        out = {call}",
            "    except BaseException as exc:",
            "        return failed(frame, exc)",
            "    if not OUTOK(out):",
            "        out = CHECK(out)",
            *("    " + line for line in stores),
        ]
    )
    exec(compile(source, f"<call of {op.name} at {node.span}>", "exec"), ns)
    run: Run = ns["run"]
    return run
