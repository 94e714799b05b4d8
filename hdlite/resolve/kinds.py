"""Iconic or control: the kind of every variable of a procedure, inferred before running.

HDevelop keeps iconic variables (images, regions, XLD) and control variables (tuples,
handles) apart, and a variable has one kind in a procedure. The kind follows from how the
variable is used:

- as an argument of an operator parameter: the parameter's kind (``threshold (Image, ...)``
  makes ``Image`` iconic and ``MinGray`` control);
- as an argument of a procedure parameter: the interface's kind;
- the procedure's own parameters: their declared kind;
- ``global object X`` / ``global tuple X``;
- control only: the target of ``X := <expression>`` (unless the value is a plain variable,
  whose kind it copies), a ``for`` index and a ``catch`` variable.

Vectors (declared with a dimension or used with ``.at()``) may hold either kind and are left
out, and so is ``_``: real programs (HALCON 24.11) pass it for outputs they do not need, of
either kind in one procedure (``area_center (R, A, _, _)`` next to ``decompose3 (I, R, _, _)``).
Whether HALCON treats ``_`` as a placeholder or as an ordinary variable is [unverified]; either
way the run only ever writes it there, so the check does not hold it to one kind.

The first use decides; a later use of the other kind is reported with both places,
e.g. ``X is iconic at 3:12 (threshold: Region) but used as a control value here``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hdlite.plugin.registry import Operator
from hdlite.resolve.walk import statement_exprs, walk_expr
from hdlite.syntax import ast

#: the throwaway output name, exempt from the one-kind rule
DISCARD = "_"

#: a problem: (span, message)
Report = Callable[[ast.Span, str], None]


@dataclass(frozen=True)
class Use:
    """One piece of evidence: a variable used as ``kind`` at ``span``, for ``reason``."""

    kind: str
    span: ast.Span
    reason: str


class KindChecker:
    """Infers the kinds of one procedure's variables and reports conflicts.

    Args:
        target_of: the resolved target of a call (operator, procedure target with ``params``,
            or None when unresolved).
        report: receives each conflict.
    """

    def __init__(self, target_of: Callable[[ast.Call], object], report: Report) -> None:
        self._target_of = target_of
        self._report = report

    def check(self, proc: ast.ProcedureDef, statements: Iterator[ast.Stmt]) -> None:
        """Check one procedure; ``statements`` walks its body in source order."""
        stmts = list(statements)
        vectors = _vector_names(proc, stmts)
        seen: dict[str, Use] = {}

        def use(name: str, kind: str, span: ast.Span, reason: str) -> None:
            if name in vectors or name == DISCARD:
                return
            first = seen.get(name)
            if first is None:
                seen[name] = Use(kind, span, reason)
            elif first.kind != kind:
                self._report(
                    span,
                    f"{name} is {_kind_text(first.kind)} ({first.reason} at "
                    f"{first.span.line}:{first.span.column}) but {reason} here needs "
                    f"{_kind_text(kind)}",
                )

        for param in proc.params:
            if param.dimension == 0:
                use(param.name, param.kind, proc.span, f"parameter {param.name} of {proc.name}")
        for stmt in stmts:
            self._statement(stmt, use)

    def _statement(self, stmt: ast.Stmt, use: Callable[[str, str, ast.Span, str], None]) -> None:
        if isinstance(stmt, ast.Call):
            for name, kind, span, reason in self._call_uses(stmt):
                use(name, kind, span, reason)
        elif isinstance(stmt, ast.Assign) and isinstance(stmt.target, ast.Var):
            if not isinstance(stmt.value, ast.Var):
                use(stmt.target.name, "control", stmt.target.span, "the assignment")
        elif isinstance(stmt, ast.For):
            use(stmt.var, "control", stmt.span, "the for loop index")
        elif isinstance(stmt, ast.Try):
            use(stmt.var, "control", stmt.span, "catch")
        elif isinstance(stmt, ast.Global) and stmt.dimension == 0:
            kind = "iconic" if stmt.kind == "object" else "control"
            use(stmt.name, kind, stmt.span, f"'global {stmt.kind}'")

    def _call_uses(self, call: ast.Call) -> Iterator[tuple[str, str, ast.Span, str]]:
        target = self._target_of(call)
        if target is None:
            return
        if isinstance(target, Operator):
            params = [(p.name, p.kind, 0) for p in target.params]
        else:
            params = [(p.name, p.kind, p.dimension) for p in getattr(target, "params", ())]
        if len(params) != len(call.args):
            return
        for arg, (name, kind, dimension) in zip(call.args, params, strict=True):
            if isinstance(arg, ast.Var) and dimension == 0:
                yield arg.name, kind, arg.span, f"{call.name}: {name}"


def _kind_text(kind: str) -> str:
    return "an iconic object" if kind == "iconic" else "a control value"


def _vector_names(proc: ast.ProcedureDef, stmts: list[ast.Stmt]) -> set[str]:
    """Variables that are vectors: declared so, or used with a vector method or literal."""
    names = {p.name for p in proc.params if p.dimension > 0}
    for stmt in stmts:
        if isinstance(stmt, ast.Global) and stmt.dimension > 0:
            names.add(stmt.name)
        if isinstance(stmt, ast.Assign):
            if isinstance(stmt.value, ast.VectorLit) and isinstance(stmt.target, ast.Var):
                names.add(stmt.target.name)
        for expr in statement_exprs(stmt):
            for sub in walk_expr(expr):
                if isinstance(sub, ast.MethodCall) and isinstance(sub.base, ast.Var):
                    names.add(sub.base.name)
    return names
