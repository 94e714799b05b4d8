"""Walking the AST: statements in source order, the expressions they hold, sub-expressions."""

from __future__ import annotations

from collections.abc import Iterator

from hdlite.syntax import ast


def walk_statements(block: ast.Block) -> Iterator[ast.Stmt]:
    """Every statement of a block, nested ones included, in source order."""
    for stmt in block:
        yield stmt
        if isinstance(stmt, ast.If):
            for _cond, body in stmt.branches:
                yield from walk_statements(body)
            if stmt.orelse:
                yield from walk_statements(stmt.orelse)
        elif isinstance(stmt, ast.For | ast.While | ast.Repeat | ast.Switch):
            yield from walk_statements(stmt.body)
        elif isinstance(stmt, ast.Try):
            yield from walk_statements(stmt.body)
            yield from walk_statements(stmt.handler)
        elif isinstance(stmt, ast.ParStart):
            yield stmt.call


def statement_exprs(stmt: ast.Stmt) -> Iterator[ast.Expr]:
    """The expressions directly held by a statement (not those of nested statements)."""
    if isinstance(stmt, ast.Assign):
        yield stmt.target
        yield stmt.value
    elif isinstance(stmt, ast.Call):
        yield from stmt.args
    elif isinstance(stmt, ast.ExprStmt | ast.Throw):
        yield stmt.expr if isinstance(stmt, ast.ExprStmt) else stmt.value
    elif isinstance(stmt, ast.If):
        for cond, _ in stmt.branches:
            yield cond
    elif isinstance(stmt, ast.For):
        yield from (stmt.start, stmt.end, stmt.step)
    elif isinstance(stmt, ast.While | ast.Repeat):
        yield stmt.cond
    elif isinstance(stmt, ast.Switch):
        yield stmt.value
        for value, _ in stmt.cases:
            yield value


def walk_expr(expr: ast.Expr) -> Iterator[ast.Expr]:
    """An expression and all its sub-expressions (iterative: nesting depth is unbounded)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        children: list[ast.Expr] = []
        name: str
        for name in node.__slots__:  # type: ignore[attr-defined]
            if name == "span":
                continue
            child = getattr(node, name)
            if isinstance(child, ast.Expr):
                children.append(child)
            elif isinstance(child, tuple):
                for item in child:
                    if isinstance(item, ast.Expr):
                        children.append(item)
                    elif isinstance(item, tuple):
                        children.extend(sub for sub in item if isinstance(sub, ast.Expr))
        stack.extend(reversed(children))


def is_lvalue(expr: ast.Expr) -> bool:
    """Whether an expression can receive a value (an output argument, an assignment)."""
    if isinstance(expr, ast.Var):
        return True
    if isinstance(expr, ast.Index | ast.Slice):
        return is_lvalue(expr.base)
    if isinstance(expr, ast.DictAccess):
        return True
    if isinstance(expr, ast.MethodCall):
        return expr.name == "at" and len(expr.args) == 1 and is_lvalue(expr.base)
    return False
