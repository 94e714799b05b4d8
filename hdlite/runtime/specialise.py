"""Specialisation: generated Python for ``X := A op B`` and for integer ``for`` loops.

One code generator serves both. ``X := A op B`` with local variables or literals (an
arithmetic or comparison operator) becomes a few lines with a fast path for single integers
(:func:`inline_assign`). Such a statement on its own compiles to one generated closure
(:func:`compile_fused_assign`). A ``for`` loop compiles to one generated function per
direction (counting up or down) with those statements written inline and every other
statement called as its compiled closure; its back edge checks the session's stop request
(a local attribute read), so Ctrl-C stops a loop of assignments. Only the *shape* of the
code is generated: variable names are identifiers checked by the grammar and are written as
string literals with ``repr``; constants, closures and spans are passed in through the
namespace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdlite.errors import HalconError, RunStopped
from hdlite.runtime.expressions import (
    _FALSE,
    _INT_MAX,
    _INT_MIN,
    _TRUE,
    COMPARISONS,
    ExprCompiler,
    undefined,
)
from hdlite.runtime.frames import Frame
from hdlite.runtime.growing import read
from hdlite.runtime.jumps import BreakLoop, ContinueLoop
from hdlite.syntax import ast
from hdlite.values.arith import truth

INLINE_OPS = frozenset({"+", "-", "*", "<", ">", "<=", ">=", "==", "!="})

_LOOP = """
def run(frame, variables, i, e, d, all_int, session=SESSION):
    local = frame.vars
    last = (i,)
    variables[NAME] = last
    while i {test} e:
        try:
{body}
        except Break:
            break
        except Continue:
            pass
{check}
        if session.stop_reason is not None:
            stopped()
        i = i + d
        last = (i,)
        variables[NAME] = last
"""
_CHECK = """        if variables[NAME] is not last:
            i = changed(read(variables[NAME]), all_int)"""


def assigns_name(body: ast.Block, name: str) -> bool:
    """Whether the body may assign ``name`` (conservative: any call that mentions it counts)."""
    from hdlite.resolve.walk import statement_exprs, walk_expr, walk_statements

    for stmt in walk_statements(body):
        if isinstance(stmt, ast.Assign):
            root = stmt.target
            while isinstance(root, ast.Index | ast.MethodCall | ast.DictAccess):
                root = root.base
            if isinstance(root, ast.Var) and root.name == name:
                return True
        elif isinstance(stmt, ast.For | ast.Try) and name in (getattr(stmt, "var", None),):
            return True
        if isinstance(stmt, ast.ParStart) and _mentions(stmt.thread, name):
            return True
        if isinstance(stmt, ast.Call | ast.ExprStmt | ast.ParStart):
            for expr in statement_exprs(stmt):
                if any(isinstance(e, ast.Var) and e.name == name for e in walk_expr(expr)):
                    return True
    return False


def _mentions(expr: ast.Expr, name: str) -> bool:
    from hdlite.resolve.walk import walk_expr

    return any(isinstance(e, ast.Var) and e.name == name for e in walk_expr(expr))


def inline_assign(
    index: int, node: ast.Assign, ec: ExprCompiler, ns: dict[str, Any], loop_var: str | None
) -> list[str] | None:
    """Source lines for ``X := A op B`` on ``local`` (the frame's variables), or None.

    The lines need ``slow{index}`` (added to ``ns``), ``TRUE``, ``FALSE``, ``MIN``, ``MAX``
    and ``undefined`` in the namespace; ``loop_var`` is read as the Python int ``i``.
    """
    value, target = node.value, node.target
    if not (isinstance(target, ast.Var) and target.name not in ec.globals):
        return None
    if not (isinstance(value, ast.Binary) and value.op in INLINE_OPS):
        return None
    left, right = ec.simple_operand(value.left), ec.simple_operand(value.right)
    if left is None or right is None:
        return None
    combine = ec.binary_function(value)
    spans = {left[1]: value.left.span, right[1]: value.right.span}
    name = target.name

    def slow(local: dict) -> None:
        try:
            a = read(local[left[1]]) if left[0] == "var" else left[1]
            b = read(local[right[1]]) if right[0] == "var" else right[1]
        except KeyError as exc:
            raise undefined(exc.args[0], spans[exc.args[0]]) from None
        local[name] = combine(a, b)

    ns[f"slow{index}"] = slow
    loads = []
    for side, (kind, payload) in (("x", left), ("y", right)):
        if kind == "var" and payload == loop_var and name != loop_var:
            loads.append(f"{side} = i")
        elif kind == "var":
            loads.append(f"({side},) = local[{payload!r}]")
        elif len(payload) == 1 and type(payload[0]) is int:
            loads.append(f"{side} = {int(payload[0])!r}")
        else:
            return None
    store = f"local[{name!r}]"
    if value.op in COMPARISONS:
        fast = [f"{store} = TRUE if x {value.op} y else FALSE"]
    else:
        fast = [
            f"r = x {value.op} y",
            "if MIN <= r <= MAX:",
            f"    {store} = (r,)",
            "else:",
            f"    slow{index}(local)",
        ]
    return [
        "try:",
        *("    " + load for load in loads),
        "except Exception:",
        f"    slow{index}(local)",
        "else:",
        "    if x.__class__ is int and y.__class__ is int:",
        *("        " + line for line in fast),
        "    else:",
        f"        slow{index}(local)",
    ]


def compile_for_loop(
    name: str,
    body: ast.Block,
    closures: list[Callable[[Any], None]],
    ec: ExprCompiler,
    span: ast.Span,
) -> tuple[Callable[..., None], Callable[..., None]]:
    """Generated loop runners ``(up, down)``.

    Each is called as ``run(frame, variables, start, end, step, all_int)``.
    """

    def changed(current: Any, all_int: bool) -> Any:
        if (
            current.__class__ is not tuple
            or len(current) != 1
            or (current[0].__class__ is not int and current[0].__class__ is not float)
        ):
            raise HalconError(1201, f"for: loop variable {name} is no longer a number", span=span)
        return current[0] if all_int else float(current[0])

    session = ec.compiler.session

    def stopped() -> None:
        reason, code = session.stop_reason or ("stopped", 130)
        raise RunStopped(reason, code, span=span)

    ns: dict[str, Any] = {
        "SESSION": session,
        "stopped": stopped,
        "NAME": name,
        "Break": BreakLoop,
        "Continue": ContinueLoop,
        "changed": changed,
        "read": read,
        "undefined": undefined,
        "TRUE": _TRUE,
        "FALSE": _FALSE,
        "MIN": _INT_MIN,
        "MAX": _INT_MAX,
    }
    # When nothing in the body can assign the loop variable, its value is the Python int `i`
    fixed = name if name not in ec.globals and not assigns_name(body, name) else None
    lines: list[str] = []
    for index, (node, closure) in enumerate(zip(body, closures, strict=True)):
        inline = inline_assign(index, node, ec, ns, fixed) if isinstance(node, ast.Assign) else None
        if inline is None:
            ns[f"stmt{index}"] = closure
            inline = [f"stmt{index}(frame)"]
        lines.extend(inline)
    if not lines:
        lines = ["pass"]
    body_source = "\n".join("            " + line for line in lines)
    runners = []
    for test in ("<=", ">="):
        scope = dict(ns)
        source = _LOOP.format(test=test, body=body_source, check="" if fixed else _CHECK)
        exec(compile(source, f"<for {name} at {span}>", "exec"), scope)
        runners.append(scope["run"])
    return runners[0], runners[1]


_FUSED = """
def run(frame):
    local = frame.vars
{body}
"""


def compile_fused_assign(node: ast.Assign, ec: ExprCompiler) -> Callable[[Frame], None] | None:
    """One generated closure for ``X := A op B`` (local variables or literals), or None."""
    value, target = node.value, node.target
    if not (
        isinstance(target, ast.Var)
        and target.name not in ec.globals
        and isinstance(value, ast.Binary)
    ):
        return None
    ns: dict[str, Any] = {
        "undefined": undefined,
        "TRUE": _TRUE,
        "FALSE": _FALSE,
        "MIN": _INT_MIN,
        "MAX": _INT_MAX,
    }
    lines = inline_assign(0, node, ec, ns, None)
    if lines is None:
        left, right = ec.simple_operand(value.left), ec.simple_operand(value.right)
        if left is None or right is None:
            return None
        return _plain_assign(target.name, left, right, ec.binary_function(value), value)
    source = _FUSED.format(body="\n".join("    " + line for line in lines))
    exec(compile(source, f"<fused {value.op}>", "exec"), ns)
    run: Callable[[Frame], None] = ns["run"]
    return run


def _plain_assign(
    name: str,
    left: tuple[str, Any],
    right: tuple[str, Any],
    combine: Callable[[Any, Any], Any],
    value: ast.Binary,
) -> Callable[[Frame], None]:
    spans = {left[1]: value.left.span, right[1]: value.right.span}
    (lk, lv), (rk, rv) = left, right

    def run(frame: Frame) -> None:
        variables = frame.vars
        try:
            a = read(variables[lv]) if lk == "var" else lv
            b = read(variables[rv]) if rk == "var" else rv
        except KeyError as exc:
            raise undefined(exc.args[0], spans[exc.args[0]]) from None
        variables[name] = combine(a, b)

    return run


_TEST = """
def test(frame):
    local = frame.vars
    try:
{loads}
    except Exception:
        return slow(frame)
    cx, cy = x.__class__, y.__class__
    if (cx is int or cx is float) and (cy is int or cy is float):
        return x {op} y
    return slow(frame)
"""


def compile_test(node: ast.Expr, ec: ExprCompiler, what: str) -> Callable[[Frame], bool]:
    """The truth of the condition ``node`` as a Python bool (``if``, ``while``).

    ``A cmp B`` on local variables or single-number literals is generated Python with a
    fast path for two single numbers; any other condition (and the slow path) evaluates the
    expression and applies HALCON's rule: one integer, non-zero is true.
    """
    value = ec.control(node, what)

    def slow(frame: Frame) -> bool:
        result = value(frame)
        if result is _TRUE:
            return True
        if result is _FALSE:
            return False
        return truth(result, what)

    if not (isinstance(node, ast.Binary) and node.op in COMPARISONS):
        return slow
    loads = []
    for side, operand in (("x", node.left), ("y", node.right)):
        simple = ec.simple_operand(operand)
        if simple is None:
            return slow
        kind, payload = simple
        if kind == "var":
            loads.append(f"({side},) = local[{payload!r}]")
        elif len(payload) == 1 and type(payload[0]) in (int, float):
            loads.append(f"{side} = {payload[0]!r}")
        else:
            return slow
    ns: dict[str, Any] = {"slow": slow}
    source = _TEST.format(loads="\n".join("        " + line for line in loads), op=node.op)
    exec(compile(source, f"<condition {node.op}>", "exec"), ns)
    test: Callable[[Frame], bool] = ns["test"]
    return test
