"""Statements: the compiler from procedure bodies to closures, and simple statements.

Each procedure body is compiled once per run into a list of closures; executing a block is
a loop over them. The compiler is assembled from one class per statement family: simple
statements here, control flow in ``control_flow.py``, calls in ``calls.py``; ``X := A op B``
loops, conditions and assignments get generated fast paths in ``fast_blocks.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdlite.errors import ExitRequest, HalconError
from hdlite.resolve.resolver import Resolution
from hdlite.runtime.calls import CallStatements
from hdlite.runtime.control_flow import ControlFlowStatements
from hdlite.runtime.exception_data import error_from_tuple
from hdlite.runtime.expressions import ExprCompiler
from hdlite.runtime.fast_blocks import compile_fast_assign
from hdlite.runtime.frames import Frame
from hdlite.runtime.growing import append_at_end, append_concat
from hdlite.runtime.jumps import BreakLoop, ContinueLoop, ReturnFromProcedure
from hdlite.runtime.session import Session
from hdlite.syntax import ast
from hdlite.values.control import Vector
from hdlite.values.iconic import ObjectTuple

Run = Callable[[Frame], None]
MAX_DEPTH = 1000


def out_of_memory(span: ast.Span, operator: str = "") -> HalconError:
    """HALCON error 6001 for a MemoryError at ``span``."""
    return HalconError(6001, "the result does not fit into memory", operator=operator, span=span)


class Compiler(ControlFlowStatements, CallStatements):
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
        self.max_depth = max_depth
        self._bodies: dict[int, list[Run]] = {}

    def body(self, proc: ast.ProcedureDef) -> list[Run]:
        """The compiled body of ``proc`` (compiled on first use)."""
        compiled = self._bodies.get(id(proc))
        if compiled is None:
            ec = ExprCompiler(self, self.resolution.globals.get(id(proc), frozenset()))
            compiled = []
            self._bodies[id(proc)] = compiled  # registered first: recursion compiles lazily
            compiled.extend(self.block(proc.body, ec))
        return compiled

    def block(self, stmts: ast.Block, ec: ExprCompiler) -> list[Run]:
        """Compile the statements of a block."""
        return [self.stmt(s, ec) for s in stmts]

    def stmt(self, node: ast.Stmt, ec: ExprCompiler) -> Run:
        """Compile one statement (a skipped one does nothing)."""
        if node in self.skip:
            return lambda frame: None
        method: Callable[[Any, ExprCompiler], Run] = getattr(self, "_" + type(node).__name__)
        return method(node, ec)

    def _Assign(self, node: ast.Assign, ec: ExprCompiler) -> Run:
        span = node.span
        value = ec.expr(node.value)
        if isinstance(node.target, ast.Var) and node.target.name not in ec.globals:
            name = node.target.name

            def assign_var(frame: Frame) -> None:
                try:
                    result = value(frame)
                except HalconError as exc:
                    raise exc.locate(span) from None
                except MemoryError:
                    raise out_of_memory(span) from None
                frame.vars[name] = result.copy() if result.__class__ is Vector else result

            items = node.value.items if isinstance(node.value, ast.TupleLit) else ()
            if len(items) >= 2 and isinstance(items[0], ast.Var) and items[0].name == name:
                # X := [X, A...]: appended in place (growing.py)
                parts = [ec.control(i, "tuple element") for i in items[1:]]
                return append_concat(name, parts, assign_var, self._locator(span))
            return compile_fast_assign(node, ec, assign_var)
        store = ec.store(node.target)
        target = node.target
        if (
            isinstance(target, ast.Index)
            and isinstance(target.base, ast.Var)
            and target.base.name not in ec.globals
            and isinstance(target.index, ast.Length)
            and isinstance(target.index.operand, ast.Var)
            and target.index.operand.name == target.base.name
        ):
            # X[|X|] := V: appended in place (growing.py)
            return append_at_end(target.base.name, value, store, self._locator(span))

        def assign(frame: Frame) -> None:
            try:
                store(frame, value(frame))
            except HalconError as exc:
                raise exc.locate(span) from None
            except MemoryError:
                raise out_of_memory(span) from None

        return compile_fast_assign(node, ec, assign)

    @staticmethod
    def _locator(span: ast.Span) -> Callable[[BaseException], BaseException]:
        """The error a statement at ``span`` raises for an error inside it."""

        def locate(exc: BaseException) -> BaseException:
            if isinstance(exc, HalconError):
                return exc.locate(span)
            return out_of_memory(span)

        return locate

    def _ExprStmt(self, node: ast.ExprStmt, ec: ExprCompiler) -> Run:
        expr = ec.expr(node.expr)
        return lambda frame: expr(frame) and None

    def _Break(self, node: ast.Break, ec: ExprCompiler) -> Run:
        def run(frame: Frame) -> None:
            raise BreakLoop

        return run

    def _Continue(self, node: ast.Continue, ec: ExprCompiler) -> Run:
        def run(frame: Frame) -> None:
            raise ContinueLoop

        return run

    def _Return(self, node: ast.Return, ec: ExprCompiler) -> Run:
        def run(frame: Frame) -> None:
            raise ReturnFromProcedure

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
