"""Running programs: statements compiled to closures, operator and procedure calls.

The :class:`Interpreter` loads a program, resolves it (``resolver.py``), and runs ``main``.
Each procedure body is compiled once per run into a list of closures (``Compiler``);
executing a block is a loop over them. ``break``, ``continue`` and ``return`` are exceptions
private to this module. Operator calls check inputs against the signature before the call and
outputs after it; a Python exception escaping an operator becomes a :class:`PluginError`
naming the plugin. Runtime errors are :class:`HalconError` with HALCON's code, the span of the
statement, the procedure, and the chain of calls that led there.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hdlite.errors import (
    ExitRequest,
    HalconError,
    HdliteError,
    PluginError,
    ResolveError,
    RunStopped,
    StackEntry,
)
from hdlite.plugin.host import PluginHost, make_plugin_manager
from hdlite.plugin.registry import CallContext, Operator, check_inputs, check_outputs
from hdlite.resolve.procedures import ProcedureLibrary
from hdlite.resolve.resolver import ProcTarget, Resolution, Resolver
from hdlite.runtime.exception_data import error_from_tuple, exception_tuple
from hdlite.runtime.expressions import _INT_MAX, _INT_MIN, ExprCompiler, expect_control, undefined
from hdlite.runtime.frames import Frame
from hdlite.runtime.loopgen import compile_for_loop
from hdlite.runtime.session import Session
from hdlite.syntax import ast
from hdlite.syntax.program import Program, load_program
from hdlite.values import arith
from hdlite.values.control import Vector
from hdlite.values.iconic import ObjectTuple

Run = Callable[[Frame], None]
MAX_DEPTH = 1000


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    pass


def _out_of_memory(span: ast.Span, operator: str = "") -> HalconError:
    return HalconError(6001, "the result does not fit into memory", operator=operator, span=span)


def run_block(block: list[Run], frame: Frame) -> None:
    """Execute compiled statements in order."""
    for stmt in block:
        stmt(frame)


@dataclass
class CheckState:
    """HDevelop's error mode: ``dev_set_check`` and ``dev_error_var``."""

    give_error: bool = True
    error_var: tuple[Frame, Callable[[Frame, Any], None]] | None = None


class Compiler:
    """Compiles and caches procedure bodies for one run."""

    def __init__(
        self,
        resolution: Resolution,
        session: Session,
        max_depth: int = MAX_DEPTH,
        skip: frozenset[ast.Stmt] = frozenset(),
    ) -> None:
        self.resolution = resolution
        self.skip = skip
        self.session = session
        self.globals: dict[str, Any] = {}
        self.check = CheckState()
        self.max_depth = max_depth
        self._bodies: dict[int, list[Run]] = {}
        session.state["hdevelop_check"] = self.check

    # ------------------------------------------------------------------ procedures

    def body(self, proc: ast.ProcedureDef) -> list[Run]:
        """The compiled body of ``proc`` (compiled on first use)."""
        compiled = self._bodies.get(id(proc))
        if compiled is None:
            ec = ExprCompiler(self, self.resolution.globals.get(id(proc), frozenset()))
            compiled = []
            self._bodies[id(proc)] = compiled  # registered first: recursion compiles lazily
            compiled.extend(self.block(proc.body, ec))
        return compiled

    def plugin_error(self, op: Operator, exc: BaseException, span: ast.Span) -> PluginError:
        """Wrap an exception that escaped an operator function."""
        return PluginError(op.plugin or "?", op.name, f"{type(exc).__name__}: {exc}", span)

    def block(self, stmts: ast.Block, ec: ExprCompiler) -> list[Run]:
        return [self.stmt(s, ec) for s in stmts]

    def stmt(self, node: ast.Stmt, ec: ExprCompiler) -> Run:
        if node in self.skip:
            return lambda frame: None
        return getattr(self, "_" + type(node).__name__)(node, ec)

    # ------------------------------------------------------------------ simple statements

    def _Assign(self, node: ast.Assign, ec: ExprCompiler) -> Run:
        span = node.span
        fused = self._fused_assign(node, ec)
        if fused is not None:
            return fused
        value = ec.expr(node.value)
        if isinstance(node.target, ast.Var) and node.target.name not in ec.globals:
            name = node.target.name

            def assign_var(frame: Frame) -> None:
                try:
                    result = value(frame)
                except HalconError as exc:
                    raise exc.locate(span) from None
                except MemoryError:
                    raise _out_of_memory(span) from None
                frame.vars[name] = result.copy() if result.__class__ is Vector else result

            return assign_var
        store = ec.store(node.target)

        def assign(frame: Frame) -> None:
            try:
                store(frame, value(frame))
            except HalconError as exc:
                raise exc.locate(span) from None
            except MemoryError:
                raise _out_of_memory(span) from None

        return assign

    def _fused_assign(self, node: ast.Assign, ec: ExprCompiler) -> Run | None:
        """``X := A op B`` with local variables or literals: one closure, no nested calls."""
        value, target = node.value, node.target
        if not (
            isinstance(target, ast.Var)
            and target.name not in ec.globals
            and isinstance(value, ast.Binary)
        ):
            return None
        left, right = ec.simple_operand(value.left), ec.simple_operand(value.right)
        if left is None or right is None:
            return None
        combine = ec.binary_function(value)
        spans = {left[1]: value.left.span, right[1]: value.right.span}
        return _fused_closure(target.name, value.op, left, right, combine, spans)

    def _ExprStmt(self, node: ast.ExprStmt, ec: ExprCompiler) -> Run:
        expr = ec.expr(node.expr)
        return lambda frame: expr(frame) and None

    def _Break(self, node: ast.Break, ec: ExprCompiler) -> Run:
        def run(frame: Frame) -> None:
            raise _Break

        return run

    def _Continue(self, node: ast.Continue, ec: ExprCompiler) -> Run:
        def run(frame: Frame) -> None:
            raise _Continue

        return run

    def _Return(self, node: ast.Return, ec: ExprCompiler) -> Run:
        def run(frame: Frame) -> None:
            raise _Return

        return run

    def _Stop(self, node: ast.Stop, ec: ExprCompiler) -> Run:
        session, span = self.session, node.span

        def run(frame: Frame) -> None:
            try:
                session.notify_stop("stop")
            except HalconError as exc:  # e.g. the display cannot save its windows
                raise exc.locate(span, "stop") from None

        return run

    def _Exit(self, node: ast.Exit, ec: ExprCompiler) -> Run:
        def run(frame: Frame) -> None:
            raise ExitRequest(0)

        return run

    def _Global(self, node: ast.Global, ec: ExprCompiler) -> Run:
        if node.kind == "object" or node.dimension:
            default: Any = ObjectTuple() if node.kind == "object" and not node.dimension else None
            store, name = self.globals, node.name

            def declare(frame: Frame) -> None:
                if name not in store and default is not None:
                    store[name] = default

            return declare
        return lambda frame: None

    def _Import(self, node: ast.Import, ec: ExprCompiler) -> Run:
        return lambda frame: None  # imports act when procedures are resolved

    def _Throw(self, node: ast.Throw, ec: ExprCompiler) -> Run:
        value = ec.control(node.value, "throw")
        span = node.span

        def run(frame: Frame) -> None:
            try:
                error = error_from_tuple(value(frame))
            except HalconError as exc:
                raise exc.locate(span) from None
            error.span = span
            raise error

        return run

    # ------------------------------------------------------------------ control flow

    def _If(self, node: ast.If, ec: ExprCompiler) -> Run:
        branches = [(ec.control(c, "if"), self.block(b, ec), c.span) for c, b in node.branches]
        orelse = self.block(node.orelse, ec) if node.orelse is not None else None
        truth = arith.truth

        def run(frame: Frame) -> None:
            for cond, body, span in branches:
                try:
                    hit = truth(cond(frame), "if")
                except HalconError as exc:
                    raise exc.locate(span) from None
                if hit:
                    for stmt in body:
                        stmt(frame)
                    return
            if orelse is not None:
                for stmt in orelse:
                    stmt(frame)

        return run

    def _For(self, node: ast.For, ec: ExprCompiler) -> Run:
        start, end, step = (ec.control(e, "for") for e in (node.start, node.end, node.step))
        body = self.block(node.body, ec)
        name, span = node.var, node.span
        scope = ec.scope(name)

        def bounds(frame: Frame) -> tuple[Any, Any, Any, bool]:
            values = []
            for what, ev in (("start", start), ("end", end), ("step", step)):
                v = ev(frame)
                if len(v) != 1 or v[0].__class__ not in (int, float):
                    raise HalconError(
                        1401 if len(v) != 1 else 1201,
                        f"for: {what} must be one number, got {v!r:.60}",
                        span=span,
                    )
                values.append(v[0])
            s, e, d = values
            if d == 0:
                raise HalconError(1303, "for: step must not be 0", span=span)
            all_int = all(type(v) is int for v in values)
            return (s if all_int else float(s)), e, d, all_int

        up_loop, down_loop = compile_for_loop(name, node.body, body, ec, span, _Break, _Continue)
        float_loop = self._float_for(name, body, scope, span)

        def run(frame: Frame) -> None:
            try:
                s, e, d, all_int = bounds(frame)
            except HalconError as exc:
                raise exc.locate(span) from None
            if not all_int:
                float_loop(frame, s, e, d)
            elif d > 0:
                up_loop(frame, scope(frame), s, e, d, True)
            else:
                down_loop(frame, scope(frame), s, e, d, True)

        return run

    def _float_for(
        self, name: str, body: list[Run], scope: Callable[[Frame], dict], span: ast.Span
    ) -> Callable:
        """A loop with a real start, end or step (the index is a real)."""

        def run(frame: Frame, i: float, e: float, d: float) -> None:
            variables = scope(frame)
            last = (float(i),)
            variables[name] = last
            up = d > 0
            i = float(i)
            while (i <= e) if up else (i >= e):
                try:
                    for stmt in body:
                        stmt(frame)
                except _Break:
                    break
                except _Continue:
                    pass
                current = variables.get(name)
                if current is not last:
                    if (
                        current.__class__ is not tuple
                        or len(current) != 1
                        or (current[0].__class__ is not int and current[0].__class__ is not float)
                    ):
                        raise HalconError(
                            1201, f"for: loop variable {name} is no longer a number", span=span
                        )
                    i = float(current[0])
                i = i + d
                last = (i,)
                variables[name] = last

        return run

    def _While(self, node: ast.While, ec: ExprCompiler) -> Run:
        cond = ec.control(node.cond, "while")
        body = self.block(node.body, ec)
        span = node.cond.span
        truth = arith.truth

        def run(frame: Frame) -> None:
            while True:
                try:
                    go = truth(cond(frame), "while")
                except HalconError as exc:
                    raise exc.locate(span) from None
                if not go:
                    return
                try:
                    for stmt in body:
                        stmt(frame)
                except _Break:
                    return
                except _Continue:
                    continue

        return run

    def _Repeat(self, node: ast.Repeat, ec: ExprCompiler) -> Run:
        cond = ec.control(node.cond, "until")
        body = self.block(node.body, ec)
        span = node.cond.span

        def run(frame: Frame) -> None:
            while True:
                try:
                    for stmt in body:
                        stmt(frame)
                except _Break:
                    return
                except _Continue:
                    pass
                try:
                    if arith.truth(cond(frame), "until"):
                        return
                except HalconError as exc:
                    raise exc.locate(span) from None

        return run

    def _Switch(self, node: ast.Switch, ec: ExprCompiler) -> Run:
        value = ec.control(node.value, "switch")
        body = self.block(node.body, ec)
        labels: list[tuple[Any, int, ast.Span]] = [
            (ec.control(e, "case"), pos, e.span) for e, pos in node.cases
        ]
        default, span = node.default, node.span
        table: dict[int, int] | None = None

        def build(frame: Frame) -> dict[int, int]:
            out: dict[int, int] = {}
            for ev, pos, lspan in labels:
                v = ev(frame)
                if len(v) != 1 or type(v[0]) is not int:
                    raise HalconError(
                        1201, f"case label must be one integer constant, got {v!r:.40}", span=lspan
                    )
                out.setdefault(v[0], pos)
            return out

        def run(frame: Frame) -> None:
            nonlocal table
            if table is None:
                table = build(frame)
            v = value(frame)
            if len(v) != 1 or type(v[0]) is not int:
                raise HalconError(1201, f"switch needs one integer, got {v!r:.40}", span=span)
            pos = table.get(v[0], default)
            if pos is None:
                return
            try:
                for stmt in body[pos:]:
                    stmt(frame)
            except _Break:
                return

        return run

    def _Try(self, node: ast.Try, ec: ExprCompiler) -> Run:
        body = self.block(node.body, ec)
        handler = self.block(node.handler, ec)
        store = ec.store(ast.Var(node.var, node.span))

        def run(frame: Frame) -> None:
            try:
                for stmt in body:
                    stmt(frame)
            except HalconError as exc:
                if not exc.procedure:
                    exc.procedure = frame.procedure
                    exc.depth = frame.depth
                store(frame, exception_tuple(exc, frame.depth))
                for stmt in handler:
                    stmt(frame)

        return run

    def _ParStart(self, node: ast.ParStart, ec: ExprCompiler) -> Run:
        call = self._Call(node.call, ec)
        store = ec.store(node.thread)
        counter = iter(range(1, sys.maxsize))

        def run(frame: Frame) -> None:
            call(frame)
            store(frame, (next(counter),))

        return run

    # ------------------------------------------------------------------ calls

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
        if target.name == "dev_error_var":
            return self._dev_error_var(node, ec)
        return self._operator_call(node, target, ec)

    def _operator_call(self, node: ast.Call, op: Operator, ec: ExprCompiler) -> Run:
        inputs = [
            ec.expr(a) for p, a in zip(op.params, node.args, strict=True) if p.direction == "in"
        ]
        stores = [
            ec.store(a) for p, a in zip(op.params, node.args, strict=True) if p.direction == "out"
        ]
        span = node.span
        ctx = CallContext(self.session, op, span)
        func, check, session = op.func, self.check, self.session

        def run(frame: Frame) -> None:
            if session.stop_reason is not None:
                raise RunStopped(*session.stop_reason, span=span)
            try:
                values = [ev(frame) for ev in inputs]
            except HalconError as exc:
                raise exc.locate(span, op.name) from None
            try:
                check_inputs(op, values, span)
                outputs = func(ctx, *values)
            except HalconError as exc:
                exc.locate(span, op.name)
                exc.add_code = exc.add_code or 21000
                if check.give_error:
                    raise exc from None
                self._record(frame, exc.code)
                return
            except (ExitRequest, RecursionError, HdliteError):
                raise
            except MemoryError:
                raise _out_of_memory(span, op.name) from None
            except Exception as exc:
                if session.stop_reason is not None:  # a stop signal arrived inside the operator
                    raise RunStopped(*session.stop_reason, span=span) from None
                raise self.plugin_error(op, exc, span) from exc
            if stores:
                outputs = check_outputs(op, outputs, span)
                for store, value in zip(stores, outputs, strict=True):
                    store(frame, value)
            if check.error_var is not None:
                self._record(frame, 2)

        return run

    def _record(self, frame: Frame, code: int) -> None:
        if self.check.error_var is not None:
            owner, store = self.check.error_var
            if owner is frame:
                store(frame, (code,))

    def _dev_error_var(self, node: ast.Call, ec: ExprCompiler) -> Run:
        store = ec.store(node.args[0])
        mode = ec.control(node.args[1], "dev_error_var")
        span = node.span

        def run(frame: Frame) -> None:
            m = mode(frame)
            if m not in ((0,), (1,)):
                raise HalconError(
                    1302, f"Mode must be 0 or 1, got {m!r:.40}", operator="dev_error_var", span=span
                )
            self.check.error_var = (frame, store) if m == (1,) else None
            if m == (1,):
                store(frame, (2,))

        return run

    def _procedure_call(self, node: ast.Call, target: ProcTarget, ec: ExprCompiler) -> Run:
        pairs = list(zip(target.params, node.args, strict=True))
        inputs = [(p, ec.expr(a)) for p, a in pairs if p.direction == "in"]
        outputs = [(p, ec.store(a)) for p, a in pairs if p.direction == "out"]
        span, name = node.span, target.name
        compiler = self

        session = self.session

        def run(frame: Frame) -> None:
            if session.stop_reason is not None:
                raise RunStopped(*session.stop_reason, span=span)
            if frame.depth >= compiler.max_depth:
                raise HalconError(
                    21011, f"more than {compiler.max_depth} nested procedure calls", span=span
                )
            callee = Frame(name, frame.depth + 1)
            for param, ev in inputs:
                try:
                    callee.vars[param.name] = _argument(param, ev(frame), name, span)
                except HalconError as exc:
                    raise exc.locate(span) from None
            try:
                proc = target.procedure()
                body = compiler.body(proc)
                for stmt in body:
                    stmt(callee)
            except _Return:
                pass
            except (_Break, _Continue):
                raise HalconError(21012, "break/continue outside a loop", span=span) from None
            except HalconError as exc:
                if not exc.procedure:
                    exc.procedure = name
                    exc.depth = callee.depth
                exc.stack.append(StackEntry(frame.procedure, span))
                raise
            except RecursionError:
                raise HalconError(21011, "procedure calls nested too deeply", span=span) from None
            for param, store in outputs:
                value = callee.vars.get(param.name)
                if value is not None:
                    store(frame, value)

        return run


_FUSED_TEMPLATE = """
def run(frame):
    variables = frame.vars
    try:
        a = {load_a}
        b = {load_b}
    except KeyError as exc:
        missing = exc.args[0]
        raise undefined(missing, spans[missing]) from None
    if a.__class__ is tuple and b.__class__ is tuple and len(a) == 1 and len(b) == 1:
        x = a[0]
        y = b[0]
        if x.__class__ is int and y.__class__ is int:
            r = x {op} y
            if {min} <= r <= {max}:
                variables[name] = (r,)
                return
    variables[name] = combine(a, b)
"""


def _fused_closure(
    name: str, op: str, left: tuple[str, Any], right: tuple[str, Any], combine: Any, spans: dict
) -> Run:
    """A closure for ``name := left op right`` specialised by code generation.

    Only the shape is generated (variable or literal operands, the operator symbol); names and
    values are passed in the namespace, never spliced into the source.
    """
    if op not in ("+", "-", "*"):
        lk, lv = left
        rk, rv = right

        def run(frame: Frame) -> None:
            variables = frame.vars
            try:
                a = variables[lv] if lk == "var" else lv
                b = variables[rv] if rk == "var" else rv
            except KeyError as exc:
                raise undefined(exc.args[0], spans[exc.args[0]]) from None
            variables[name] = combine(a, b)

        return run
    namespace: dict[str, Any] = {
        "name": name,
        "combine": combine,
        "spans": spans,
        "undefined": undefined,
        "left": left[1],
        "right": right[1],
    }
    source = _FUSED_TEMPLATE.format(
        load_a="variables[left]" if left[0] == "var" else "left",
        load_b="variables[right]" if right[0] == "var" else "right",
        op=op,
        min=_INT_MIN,
        max=_INT_MAX,
    )
    exec(compile(source, f"<fused {op}>", "exec"), namespace)
    return namespace["run"]


def _argument(param: ast.ParamDecl, value: Any, procedure: str, span: ast.Span) -> Any:
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


def _first_assignments(program: Program, inputs: Mapping[str, Any]) -> frozenset[ast.Stmt]:
    """The first assignment in main to each variable given as an input: skipped, so that
    ``--set NAME=VALUE`` overrides the value the program would give it."""
    from hdlite.resolve.resolver import walk_statements

    skip: dict[str, ast.Stmt] = {}
    for stmt in walk_statements(program.main.body):
        if isinstance(stmt, ast.Assign) and isinstance(stmt.target, ast.Var):
            name = stmt.target.name
            if name in inputs and name not in skip:
                skip[name] = stmt
    return frozenset(skip.values())


@dataclass
class RunResult:
    """What a finished run leaves: main's variables, the globals, the exit status."""

    variables: dict[str, Any]
    globals: dict[str, Any] = field(default_factory=dict)
    status: int = 0


class Interpreter:
    """Loads, checks and runs HDevelop programs.

    Args:
        host: the plugin host (operators and procedure folders); a default one loads every
            installed ``hdlite`` plugin.
        procedure_path: extra procedure directories, searched before the program's own.
        session: per-run state; a fresh one per run if not given.
        max_depth: the deepest procedure nesting allowed before HALCON error 21011.
    """

    def __init__(
        self,
        host: PluginHost | None = None,
        *,
        procedure_path: list[str] | tuple[str, ...] = (),
        session: Session | None = None,
        max_depth: int = MAX_DEPTH,
    ) -> None:
        self.host = host or make_plugin_manager()
        self.procedure_path = list(procedure_path)
        self.session = session
        self.max_depth = max_depth

    def library(self, program: Program | None) -> ProcedureLibrary:
        """The procedure library a program sees."""
        return ProcedureLibrary.for_program(
            program.directory if program else None, self.procedure_path, self.host.procedure_dirs()
        )

    def resolve(self, program: Program, *, follow: bool = True) -> Resolution:
        """Resolve every call of the program (see ``resolver.py``)."""
        return Resolver(self.host.registry, self.library(program)).resolve_program(
            program, follow=follow
        )

    def run(self, program: Program, inputs: Mapping[str, Any] | None = None) -> RunResult:
        """Run ``main``; ``inputs`` give initial values of main's variables.

        Raises:
            ResolveError: unknown operators/procedures or wrong argument counts.
            HalconError: an uncaught runtime error.
            PluginError: an operator broke its contract.
        """
        resolution = self.resolve(program)
        if resolution.errors:
            raise ResolveError(resolution.errors)
        session = self.session or Session()
        compiler = Compiler(
            resolution, session, self.max_depth, _first_assignments(program, inputs or {})
        )
        frame = Frame("main", 1, dict(inputs or {}))
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 40 * self.max_depth + 1000))
        status = 0
        try:
            for stmt in compiler.body(program.main):
                stmt(frame)
        except _Return:
            pass
        except ExitRequest as request:
            status = request.status
        except HalconError as exc:
            if not exc.procedure:
                exc.procedure = "main"
                exc.depth = 1
            raise
        except (_Break, _Continue):
            raise HalconError(21012, "break/continue outside a loop") from None
        except RecursionError:
            raise HalconError(21011, "procedure calls nested too deeply") from None
        except MemoryError:
            raise HalconError(6001, "the program ran out of memory") from None
        finally:
            sys.setrecursionlimit(limit)
            session.notify_stop("end")
        return RunResult(frame.vars, compiler.globals, status)

    def run_file(self, path: str, inputs: Mapping[str, Any] | None = None) -> RunResult:
        """Load and run a program file."""
        return self.run(load_program(path), inputs)

    def call_procedure(
        self, program: Program | None, name: str, inputs: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Run one procedure without a main program and return the outputs it set.

        Args:
            program: the program whose local procedures (and folder) are searched first, or
                None for an external procedure found on the procedure path only.
            name: the procedure name.
            inputs: a value for every input parameter, by parameter name.

        Returns:
            Output parameter name -> value, for the outputs the procedure set.

        Raises:
            ReadError: no procedure of that name can be found.
            ResolveError: unknown operators/procedures or wrong argument counts.
            HalconError: an input is missing or of the wrong kind (21010, 2461, 2460, 2410),
                or an uncaught runtime error in the procedure.
            PluginError: an operator broke its contract.
        """
        from hdlite.errors import ReadError
        from hdlite.source import Span

        library = self.library(program)
        proc = program.procedures.get(name) if program is not None else None
        if proc is None:
            entry = library.find(name)
            if entry is None:
                where = f" in {program.path} or" if program is not None else ""
                raise ReadError(f"no procedure {name!r}{where} on the procedure path")
            proc = entry.procedure()
        path = program.path if program is not None else proc.span.file
        stub = Program(
            path,
            ast.ProcedureDef("main", (), (), Span(path, 1, 1)),
            dict(program.procedures) if program is not None else {},
        )
        resolver = Resolver(self.host.registry, library)
        resolver.resolve_program(stub)
        resolver.resolve_procedure(proc)
        if resolver.result.errors:
            raise ResolveError(resolver.result.errors)
        given = dict(inputs or {})
        frame = Frame(name, 1)
        for param in proc.params:
            if param.direction != "in":
                continue
            if param.name not in given:
                raise HalconError(
                    21010, f"{name}: input parameter {param.name} was not set", span=proc.span
                )
            frame.vars[param.name] = _argument(param, given[param.name], name, proc.span)
        session = self.session or Session()
        compiler = Compiler(resolver.result, session, self.max_depth)
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 40 * self.max_depth + 1000))
        try:
            for stmt in compiler.body(proc):
                stmt(frame)
        except (_Return, ExitRequest):
            pass
        except HalconError as exc:
            if not exc.procedure:
                exc.procedure = name
                exc.depth = 1
            raise
        except (_Break, _Continue):
            raise HalconError(21012, "break/continue outside a loop") from None
        except RecursionError:
            raise HalconError(21011, "procedure calls nested too deeply") from None
        finally:
            sys.setrecursionlimit(limit)
            session.notify_stop("end")
        return {
            p.name: frame.vars[p.name]
            for p in proc.params
            if p.direction == "out" and p.name in frame.vars
        }


def run_file(path: str, inputs: Mapping[str, Any] | None = None, **options: Any) -> RunResult:
    """Run a program file with a default interpreter; see :class:`Interpreter`."""
    return Interpreter(**options).run_file(path, inputs)
