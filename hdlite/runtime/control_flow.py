"""Control flow: if, for, while, repeat, switch, try.

``break``, ``continue`` and ``return`` are the exceptions of ``jumps.py``. ``for`` and
``while`` loops run as generated Python (``fast_blocks.py``); the rest run as closures here.

Every loop checks the session's stop request at its back edge (one attribute read per
iteration), so the first Ctrl-C, or a ``--timeout`` whose signal a plugin swallowed, also
stops a loop that contains assignments only and never reaches an operator call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdlite.errors import HalconError, RunStopped
from hdlite.runtime.exception_data import exception_tuple
from hdlite.runtime.expressions import ExprCompiler
from hdlite.runtime.fast_blocks import ForLoop, compile_test, compile_while
from hdlite.runtime.frames import Frame
from hdlite.runtime.jumps import BreakLoop, ContinueLoop
from hdlite.runtime.session import Session
from hdlite.syntax import ast
from hdlite.values import arith

Run = Callable[[Frame], None]


class ControlFlowStatements:
    """Compiles control-flow statements; mixed into :class:`~hdlite.runtime.statements.Compiler`."""

    session: Session

    def block(self, stmts: ast.Block, ec: ExprCompiler) -> list[Run]:
        """Compile the statements of a block (provided by the compiler)."""
        raise NotImplementedError

    def stmt(self, node: ast.Stmt, ec: ExprCompiler) -> Run:
        """Compile one statement (provided by the compiler)."""
        raise NotImplementedError

    def _If(self, node: ast.If, ec: ExprCompiler) -> Run:
        branches = [
            (compile_test(c, ec, "if"), self.block(b, ec), c.span) for c, b in node.branches
        ]
        orelse = self.block(node.orelse, ec) if node.orelse is not None else None

        def run(frame: Frame) -> None:
            for cond, body, span in branches:
                try:
                    hit = cond(frame)
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
        span = node.span

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

        loop = ForLoop(node, ec, lambda stmt: self.stmt(stmt, ec))

        def run(frame: Frame) -> None:
            try:
                s, e, d, all_int = bounds(frame)
            except HalconError as exc:
                raise exc.locate(span) from None
            loop.runner(d > 0, all_int)(frame, s, e, d, all_int)

        return run

    def _While(self, node: ast.While, ec: ExprCompiler) -> Run:
        return compile_while(node, ec, lambda stmt: self.stmt(stmt, ec))

    def _Repeat(self, node: ast.Repeat, ec: ExprCompiler) -> Run:
        cond = ec.control(node.cond, "until")
        body = self.block(node.body, ec)
        span = node.cond.span
        session = self.session

        def run(frame: Frame) -> None:
            while True:
                try:
                    for stmt in body:
                        stmt(frame)
                except BreakLoop:
                    return
                except ContinueLoop:
                    pass
                try:
                    if arith.truth(cond(frame), "until"):
                        return
                except HalconError as exc:
                    raise exc.locate(span) from None
                if session.stop_reason is not None:
                    raise RunStopped(*session.stop_reason, span=span)

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
            except BreakLoop:
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
