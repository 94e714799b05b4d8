"""Compiling expressions and assignment targets to Python closures.

``compile_expr(node)`` returns ``f(frame) -> value``; ``compile_store(node)`` returns
``f(frame, value)`` that assigns to a variable, a tuple element (``T[I] := V``), a vector
element (``V.at(I) := X``) or a dictionary entry (``D.key := V``). Compiling once and calling
closures avoids re-dispatching on node types at every evaluation, which is where a plain
tree-walker spends most of its time.
"""

from __future__ import annotations

import operator as _op
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from hdlite.errors import HalconError
from hdlite.plugin.calls import CallContext, call_operator
from hdlite.runtime.growing import Growing
from hdlite.runtime.stores import (
    StoreCompiler,
    expect_control,
    single_handle,
    single_key,
    static_key,
)
from hdlite.runtime.stores import located as _located
from hdlite.runtime.vectors import VECTOR_METHODS, copy_value
from hdlite.syntax import ast
from hdlite.values import arith
from hdlite.values.control import Handle, Vector
from hdlite.values.dicts import dict_get, dict_set
from hdlite.values.iconic import ObjectTuple

if TYPE_CHECKING:
    from hdlite.resolve.resolver import Resolution
    from hdlite.runtime.frames import Frame
    from hdlite.runtime.session import Session


class CompileContext(Protocol):
    """What expression compiling needs from the statement compiler."""

    globals: dict[str, Any]
    resolution: Resolution
    session: Session


Eval = Callable[["Frame"], Any]

_TRUE, _FALSE = (1,), (0,)
_INT_MIN, _INT_MAX = -0x8000000000000000, 0x7FFFFFFFFFFFFFFF
#: operators with a fast path for two one-element numeric tuples
FAST_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": _op.add,
    "-": _op.sub,
    "*": _op.mul,
    "<": _op.lt,
    ">": _op.gt,
    "<=": _op.le,
    ">=": _op.ge,
    "==": _op.eq,
    "!=": _op.ne,
}
COMPARISONS = frozenset({"<", ">", "<=", ">=", "==", "!="})
#: operators whose closures have a fast path (``fast_binary``)
FAST_BINARY = frozenset(FAST_OPS) | {"%", "/"}
#: expressions whose value is always a control tuple (no kind check needed)
_ALWAYS_CONTROL = (
    ast.Const,
    ast.Binary,
    ast.Unary,
    ast.Index,
    ast.Slice,
    ast.Length,
    ast.Seq,
    ast.CharAt,
    ast.Substr,
    ast.Format,
    ast.TupleLit,
)


def fast_binary(op: str, slow: Callable[[tuple, tuple], tuple]) -> Callable[[Any, Any], Any]:
    """``f(a, b)`` computing ``a op b``: inline for single numbers, else ``slow(a, b)``.

    ``slow`` gets the operands unchanged; it checks their kinds and types.
    """
    py = FAST_OPS.get(op, _op.mod)
    if op in COMPARISONS:

        def compare(a: Any, b: Any) -> Any:
            if a.__class__ is tuple and b.__class__ is tuple and len(a) == 1 and len(b) == 1:
                x, y = a[0], b[0]
                cx, cy = x.__class__, y.__class__
                if (cx is int or cx is float) and (cy is int or cy is float):
                    return _TRUE if py(x, y) else _FALSE
            return slow(a, b)

        return compare

    if op == "%":

        def remainder(a: Any, b: Any) -> Any:
            # C's remainder: the sign of the dividend (never overflows)
            if a.__class__ is tuple and b.__class__ is tuple and len(a) == 1 and len(b) == 1:
                x, y = a[0], b[0]
                if x.__class__ is int and y.__class__ is int and y:
                    r = abs(x) % abs(y)
                    return (-r if x < 0 else r,)
            return slow(a, b)

        return remainder
    if op == "/":

        def divide(a: Any, b: Any) -> Any:
            # integers divide toward zero (as C); reals as C doubles
            if a.__class__ is tuple and b.__class__ is tuple and len(a) == 1 and len(b) == 1:
                x, y = a[0], b[0]
                cx, cy = x.__class__, y.__class__
                if cx is int and cy is int:
                    if y and x != _INT_MIN:
                        q = abs(x) // abs(y)
                        return (q if (x >= 0) == (y >= 0) else -q,)
                elif (cx is float or cx is int) and (cy is float or cy is int) and y:
                    return (float(x) / float(y),)
            return slow(a, b)

        return divide

    def arithmetic(a: Any, b: Any) -> Any:
        if a.__class__ is tuple and b.__class__ is tuple and len(a) == 1 and len(b) == 1:
            x, y = a[0], b[0]
            cx, cy = x.__class__, y.__class__
            if cx is int and cy is int:
                r = py(x, y)
                if _INT_MIN <= r <= _INT_MAX:
                    return (r,)
            elif (cx is float or cx is int) and (cy is float or cy is int):
                return (float(py(x, y)),)
        return slow(a, b)

    if op != "+":
        return arithmetic

    def add(a: Any, b: Any) -> Any:
        # numbers as arithmetic(); a string and a string or an integer concatenate
        if a.__class__ is tuple and b.__class__ is tuple and len(a) == 1 and len(b) == 1:
            x, y = a[0], b[0]
            cx, cy = x.__class__, y.__class__
            if cx is int and cy is int:
                r = x + y
                if _INT_MIN <= r <= _INT_MAX:
                    return (r,)
            elif cx is str:
                if cy is str:
                    return (x + y,)
                if cy is int:
                    return (x + str(y),)
            elif cy is str and cx is int:
                return (str(x) + y,)
        return arithmetic(a, b)

    return add


Store = Callable[["Frame", Any], None]


def undefined(name: str, span: ast.Span) -> HalconError:
    """The error for reading a variable that has no value."""
    return HalconError(21010, f"variable '{name}' has no value", span=span)


class ExprCompiler(StoreCompiler):
    """Turns expression nodes into closures, for one procedure."""

    def __init__(self, compiler: CompileContext, globals_: frozenset[str]) -> None:
        self.compiler = compiler
        self.globals = globals_

    def scope(self, name: str) -> Callable[[Frame], dict]:
        """The variable dictionary that holds ``name`` (the frame's, or the globals')."""
        if name in self.globals:
            store = self.compiler.globals
            return lambda frame: store
        return lambda frame: frame.vars

    # ------------------------------------------------------------------ loads

    def expr(self, node: ast.Expr) -> Eval:
        method = getattr(self, "_" + type(node).__name__)
        return method(node)

    def control(self, node: ast.Expr, what: str = "expression") -> Eval:
        """Like :meth:`expr` but the value must be a control tuple."""
        inner = self.expr(node)
        if isinstance(node, _ALWAYS_CONTROL):
            return inner
        span = node.span
        if isinstance(node, ast.Var) and node.name not in self.globals:
            name = node.name

            def load_control(frame: Frame) -> tuple:
                value = frame.vars.get(name)
                if value.__class__ is tuple:
                    return value  # type: ignore[return-value]
                value = inner(frame)  # undefined, growing, or no control value
                if value.__class__ is tuple:
                    return value
                return expect_control(value, span, what)

            return load_control

        def run(frame: Frame) -> tuple:
            value = inner(frame)
            if value.__class__ is tuple:
                return value
            return expect_control(value, span, what)

        return run

    def _Const(self, node: ast.Const) -> Eval:
        value = node.value
        return lambda frame: value

    def _Var(self, node: ast.Var) -> Eval:
        name, span = node.name, node.span
        if name in self.globals:
            store = self.compiler.globals

            def load_global(frame: Frame) -> Any:
                try:
                    return store[name]
                except KeyError:
                    raise undefined(name, span) from None

            return load_global

        def load(frame: Frame) -> Any:
            try:
                value = frame.vars[name]
            except KeyError:
                raise undefined(name, span) from None
            if value.__class__ is Growing:
                return value.value()
            return value

        return load

    def _TupleLit(self, node: ast.TupleLit) -> Eval:
        if all(isinstance(i, ast.Const) for i in node.items):
            value = tuple(v for i in node.items for v in i.value)  # type: ignore[attr-defined]
            return lambda frame: value
        parts = [self.control(i, "tuple element") for i in node.items]
        if len(parts) == 2:
            a, b = parts
            return lambda frame: a(frame) + b(frame)

        def run(frame: Frame) -> tuple:
            out: tuple = ()
            for part in parts:
                out += part(frame)
            return out

        return run

    def _Seq(self, node: ast.Seq) -> Eval:
        start, end = self.control(node.start), self.control(node.end)
        step = self.control(node.step) if node.step is not None else None
        if step is None:
            return _located(lambda f: arith.sequence(start(f), end(f), None), node.span)
        return _located(lambda f: arith.sequence(start(f), end(f), step(f)), node.span)

    def _Length(self, node: ast.Length) -> Eval:
        inner = self.expr(node.operand)
        span = node.span

        def run(frame: Frame) -> tuple:
            value = inner(frame)
            if isinstance(value, tuple | ObjectTuple):
                return (len(value),)
            raise HalconError(2460, "|V| needs a tuple; use V.length() for a vector", span=span)

        operand = node.operand
        if isinstance(operand, ast.Var) and operand.name not in self.globals:
            name = operand.name

            def length_of_var(frame: Frame) -> tuple:
                value = frame.vars.get(name)
                if value.__class__ is tuple:
                    return (len(value),)
                if value.__class__ is Growing:
                    return (len(value.items),)
                return run(frame)

            return length_of_var
        return run

    def _Index(self, node: ast.Index) -> Eval:
        base, index = self.control(node.base), self.control(node.index, "index")
        span = node.span

        def run(frame: Frame) -> tuple:
            t, i = base(frame), index(frame)
            if len(i) == 1 and i[0].__class__ is int and 0 <= i[0] < len(t):
                return (t[i[0]],)
            try:
                return arith.select(t, i)
            except HalconError as exc:
                raise exc.locate(span) from None

        return run

    def _Slice(self, node: ast.Slice) -> Eval:
        base = self.control(node.base)
        if node.step is None:
            low, high = self.control(node.low), self.control(node.high)
            return _located(lambda f: arith.select_range(base(f), low(f), high(f)), node.span)
        indices = self._slice_indices(node)
        return _located(lambda f: arith.select(base(f), indices(f)), node.span)

    def _slice_indices(self, node: ast.Slice) -> Eval:
        """The indices ``A, A+S, ... <= B`` of ``T[A:S:B]`` (``A..B`` without a step)."""
        low, high = self.control(node.low), self.control(node.high)
        step = self.control(node.step) if node.step is not None else None
        return lambda f: arith.sequence(low(f), high(f), step(f) if step else None)

    def _CharAt(self, node: ast.CharAt) -> Eval:
        base, index = self.control(node.base), self.control(node.index)
        return _located(lambda f: arith.char_at(base(f), index(f)), node.span)

    def _Substr(self, node: ast.Substr) -> Eval:
        base, low, high = self.control(node.base), self.control(node.low), self.control(node.high)
        return _located(lambda f: arith.substr(base(f), low(f), high(f)), node.span)

    def binary_function(self, node: ast.Binary) -> Callable[[Any, Any], Any]:
        """``f(a, b)`` for the operator of ``node``: checks kinds, locates errors at ``node``."""
        fn = arith.BINARY[node.op]
        span = node.span
        equality = {"==": True, "!=": False}.get(node.op)

        def slow(a: Any, b: Any) -> tuple:
            if equality is not None and a.__class__ is ObjectTuple is b.__class__:
                # two object tuples compare as test_equal_obj does (numpy: imported late)
                from hdlite.values.object_equality import tuples_equal

                return _TRUE if tuples_equal(a, b) is equality else _FALSE
            a = expect_control(a, node.left.span, f"left operand of {node.op}")
            b = expect_control(b, node.right.span, f"right operand of {node.op}")
            try:
                return fn(a, b)
            except HalconError as exc:
                raise exc.locate(span) from None

        return fast_binary(node.op, slow) if node.op in FAST_BINARY else slow

    def _Binary(self, node: ast.Binary) -> Eval:
        combine = self.binary_function(node)
        left, right = self.expr(node.left), self.expr(node.right)
        if isinstance(node.right, ast.Const):
            constant = node.right.value
            if isinstance(node.left, ast.Var) and node.left.name not in self.globals:
                name = node.left.name

                def var_const(frame: Frame) -> Any:
                    value = frame.vars.get(name)
                    if value.__class__ is not tuple:
                        value = left(frame)
                    return combine(value, constant)

                return var_const
            return lambda frame: combine(left(frame), constant)
        return lambda frame: combine(left(frame), right(frame))

    def _Unary(self, node: ast.Unary) -> Eval:
        fn = arith.UNARY[node.op]
        operand = self.control(node.operand)
        return _located(lambda f: fn(operand(f)), node.span)

    def _Format(self, node: ast.Format) -> Eval:
        from hdlite.values.formatting import format_tuple

        value, fmt = self.control(node.value), self.control(node.format)
        return _located(lambda f: format_tuple(value(f), fmt(f)), node.span)

    def _FuncCall(self, node: ast.FuncCall) -> Eval:
        op = self.compiler.resolution.functions[node]
        args = [self.expr(a) for a in node.args]
        ctx = CallContext(self.compiler.session, op, node.span, tuple(a.span for a in node.args))

        def run(frame: Frame) -> tuple:
            return call_operator(ctx, [a(frame) for a in args])[0]

        return run

    def _VectorLit(self, node: ast.VectorLit) -> Eval:
        items = [self.expr(i) for i in node.items]

        def run(frame: Frame) -> Vector:
            return Vector([copy_value(i(frame)) for i in items])

        return run

    def _DictLit(self, node: ast.DictLit) -> Eval:
        items = [(self.control(k, "dict key"), self.expr(v)) for k, v in node.items]
        span = node.span

        def run(frame: Frame) -> tuple:
            handle = Handle("dict", {})
            for key, value in items:
                try:
                    dict_set(handle, single_key(key(frame), span), value(frame))
                except HalconError as exc:
                    raise exc.locate(span) from None
            return (handle,)

        return run

    def _DictAccess(self, node: ast.DictAccess) -> Eval:
        base, key = self.control(node.base, "dictionary"), self.control(node.key, "dict key")
        span = node.span

        def run(frame: Frame) -> Any:
            try:
                return dict_get(single_handle(base(frame), span), single_key(key(frame), span))
            except HalconError as exc:
                raise exc.locate(span) from None

        constant = static_key(node.key)
        if constant is None:
            return run

        def get_static(frame: Frame) -> Any:
            # D.key with a literal key on a live dict: one lookup; anything else as run()
            value = base(frame)
            if len(value) == 1:
                handle = value[0]
                if handle.__class__ is Handle and handle.kind == "dict" and not handle.cleared:
                    entry = handle.obj.get(constant)
                    if entry is not None:
                        return entry
            return run(frame)

        return get_static

    def _MethodCall(self, node: ast.MethodCall) -> Eval:
        base = self.expr(node.base)
        indexed = node.name in ("at", "insert", "remove")
        args = [
            self.control(a, f"index of .{node.name}()") if n == 0 and indexed else self.expr(a)
            for n, a in enumerate(node.args)
        ]
        name, span = node.name, node.span
        method = VECTOR_METHODS.get(name)
        if method is None:
            raise HalconError(2410, f"vectors have no method '{name}'", span=span)

        def run(frame: Frame) -> Any:
            vector = base(frame)
            if not isinstance(vector, Vector):
                raise HalconError(2410, f".{name}() needs a vector", span=span)
            try:
                return method(vector, *[a(frame) for a in args])
            except TypeError:
                raise HalconError(1401, f".{name}() got {len(args)} arguments", span=span) from None
            except HalconError as exc:
                raise exc.locate(span) from None

        return run
