"""Generated fast paths: an expression as straight-line Python on plain values.

:class:`FastExpr` writes Python source lines that compute an expression the way the common
case needs it: single numbers and strings as plain Python values ("scalars"), other tuples
as Python tuples. Every line either computes exactly what the expression's compiled closure
(``expressions.py``) would, or raises: ``DEOPT`` where a value is not of the shape the line
handles (a tuple of several values, a string where a number was expected, an integer
overflow, a division by zero, a missing variable, ...). The lines have no side effect, so
the statement that uses them wraps them in ``try``/``except Exception`` and runs its
ordinary closure on any exception: results and errors (codes, messages, positions) always
come from one place, the closures, and the generated lines only make the common case fast.

Only the *shape* of the code is generated: variable names are identifiers the grammar has
checked, written with ``repr``; constants and helper functions go into the namespace.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from hdlite.runtime.growing import Growing
from hdlite.syntax import ast
from hdlite.values import arith
from hdlite.values.control import Handle

#: scalar kinds: a Python int in HALCON's 64-bit range, a float, either, a str, a Python
#: bool standing for 1/0, or an element of unknown class (checked where it is used)
INT, FLOAT, NUM, STR, BOOL, ANY = "int", "float", "num", "str", "bool", "any"
_NUMERIC = (INT, FLOAT, NUM, BOOL)
_ARITH = frozenset({"+", "-", "*"})
_COMPARE = frozenset({"<", ">", "<=", ">=", "==", "!="})
_LOGIC = frozenset({"and", "or", "xor"})
_FAST_BINARY = _ARITH | _COMPARE | _LOGIC | {"/", "%"}
_INT_MIN, _INT_MAX = -0x8000000000000000, 0x7FFFFFFFFFFFFFFF


class Unsupported(Exception):
    """The expression has a shape no fast path is written for (compile time)."""


class Deopt(Exception):
    """A value is not of the shape the fast path handles (run time)."""


DEOPT = Deopt()


def _tuple_of(value: Any) -> tuple:
    """A variable's value as a tuple (a growing one frozen), or DEOPT."""
    if value.__class__ is Growing:
        return value.value()  # type: ignore[no-any-return]
    raise DEOPT


def _dict_entry(value: Any, key: Any) -> Any:
    """``D.key`` on a one-element tuple holding a live dict with that key, or DEOPT."""
    if value.__class__ is tuple and len(value) == 1:
        handle = value[0]
        if handle.__class__ is Handle and handle.kind == "dict" and not handle.cleared:
            entry = handle.obj.get(key)
            if entry.__class__ is tuple:
                return entry
    raise DEOPT


BASE_NAMESPACE: dict[str, Any] = {
    "DEOPT": DEOPT,
    "MIN": _INT_MIN,
    "MAX": _INT_MAX,
    "TRUE": (1,),
    "FALSE": (0,),
    "TUPLE": _tuple_of,
    "ENTRY": _dict_entry,
    "Growing": Growing,
}


class FastExpr:
    """Writes the fast lines of expressions into ``lines``, with names from ``ns``.

    ``local`` (the frame's variable dict) and ``G`` (the globals dict, put in ``ns`` by the
    caller) must be in scope where the lines run; ``loop_var`` is a HALCON variable whose
    current value is the Python number ``i`` of kind ``loop_kind``.
    """

    def __init__(
        self,
        globals_: frozenset[str],
        ns: dict[str, Any],
        loop_var: str | None = None,
        loop_kind: str = INT,
    ) -> None:
        self.globals = globals_
        self.ns = ns
        for key, value in BASE_NAMESPACE.items():
            ns.setdefault(key, value)
        self.loop_var = loop_var
        self.loop_kind = loop_kind
        self.lines: list[str] = []

    # ------------------------------------------------------------------ helpers

    def temp(self) -> str:
        """A fresh local name for the generated code."""
        n = self.ns.get("#temps", 0)
        self.ns["#temps"] = n + 1
        return f"t{n}"

    def constant(self, value: Any) -> str:
        """A namespace name bound to ``value``."""
        n = self.ns.get("#consts", 0)
        self.ns["#consts"] = n + 1
        self.ns[f"K{n}"] = value
        return f"K{n}"

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def _scope(self, name: str) -> str:
        return "G" if name in self.globals else "local"

    # ------------------------------------------------------------------ boxed values

    def element(self, value: str, kind: str) -> str:
        """An expression for a scalar as a tuple element (a bool as 1/0, classes checked)."""
        if kind == BOOL:
            return f"(1 if {value} else 0)"
        if kind == ANY:
            self.emit(
                f"if {value}.__class__ is not int and {value}.__class__ is not float "
                f"and {value}.__class__ is not str: raise DEOPT"
            )
        return value

    def box(self, value: str, kind: str) -> str:
        """An expression for the one-element tuple of a scalar."""
        if kind == BOOL:
            return f"(TRUE if {value} else FALSE)"
        return f"({self.element(value, kind)},)"

    def tuple_value(self, node: ast.Expr) -> str:
        """A name or expression for the control tuple ``node`` evaluates to."""
        if isinstance(node, ast.Const):
            return self.constant(node.value)
        if isinstance(node, ast.Var):
            if node.name == self.loop_var:
                return "(i,)"
            t = self.temp()
            self.emit(
                f"{t} = {self._scope(node.name)}[{node.name!r}]",
                f"if {t}.__class__ is not tuple: {t} = TUPLE({t})",
            )
            return t
        if isinstance(node, ast.TupleLit):
            parts: list[str] = []
            for item in node.items:
                if isinstance(item, ast.Const):
                    parts.extend(self.scalar_literal(v) for v in item.value)
                elif isinstance(item, ast.Var) and item.name != self.loop_var:
                    parts.append("*" + self.tuple_value(item))
                else:
                    try:
                        value, kind = self.scalar(item)
                    except Unsupported:
                        parts.append("*" + self.tuple_value(item))
                        continue
                    parts.append(self.element(value, kind))
            t = self.temp()
            self.emit(f"{t} = (" + "".join(p + ", " for p in parts) + ")")
            return t
        if isinstance(node, ast.Binary | ast.Unary) and node.op in _FAST_BINARY | {"not"}:
            mark = len(self.lines)
            try:
                return self.box(*self.scalar(node))
            except Unsupported:
                del self.lines[mark:]
        if self._pure_function(node) is None:
            return self.box(*self.scalar(node))
        return self._pure_call(node)

    def _pure_call(self, node: ast.Expr) -> str:
        """A name for the result of the tuple function computing ``node``."""
        pure = self._pure_function(node)
        if pure is None:
            raise Unsupported(type(node).__name__)
        function, operands = pure
        args = ", ".join(self.tuple_value(o) for o in operands)
        t = self.temp()
        self.emit(f"{t} = {self.constant(function)}({args})")
        return t

    def _pure_function(self, node: ast.Expr) -> tuple[Callable[..., Any], list[ast.Expr]] | None:
        """The side-effect-free tuple function computing ``node`` and its operands."""
        if isinstance(node, ast.Binary) and node.op in arith.BINARY:
            return arith.BINARY[node.op], [node.left, node.right]
        if isinstance(node, ast.Unary):
            return arith.UNARY[node.op], [node.operand]
        if isinstance(node, ast.Format):
            from hdlite.values.formatting import format_tuple  # imports numpy: on first use

            return format_tuple, [node.value, node.format]
        if isinstance(node, ast.Seq):
            if node.step is None:
                return (lambda a, b: arith.sequence(a, b, None)), [node.start, node.end]
            return arith.sequence, [node.start, node.end, node.step]
        if isinstance(node, ast.Slice) and node.step is None:
            return arith.select_range, [node.base, node.low, node.high]
        if isinstance(node, ast.CharAt):
            return arith.char_at, [node.base, node.index]
        if isinstance(node, ast.Substr):
            return arith.substr, [node.base, node.low, node.high]
        return None

    def scalar_literal(self, value: Any) -> str:
        """Source for one constant element."""
        if value.__class__ is int or (value.__class__ is float and math.isfinite(value)):
            return repr(value)
        if value.__class__ is float or value.__class__ is str:
            return self.constant(value)
        raise Unsupported("literal")

    # ------------------------------------------------------------------ scalars

    def scalar(self, node: ast.Expr) -> tuple[str, str]:
        """``(source, kind)`` of ``node``'s value as one plain element (DEOPT otherwise)."""
        if isinstance(node, ast.Const):
            if len(node.value) != 1:
                raise Unsupported("tuple constant")
            v = node.value[0]
            kind = {int: INT, float: FLOAT, str: STR}.get(v.__class__)
            if kind is None:
                raise Unsupported("constant")
            return self.scalar_literal(v), kind
        if isinstance(node, ast.Var):
            if node.name == self.loop_var:
                return "i", self.loop_kind
            t = self.temp()
            self.emit(f"({t},) = {self._scope(node.name)}[{node.name!r}]")
            return t, ANY
        if isinstance(node, ast.Binary) and node.op in _FAST_BINARY:
            mark = len(self.lines)
            try:
                return self._binary(node)
            except Unsupported:
                del self.lines[mark:]  # e.g. a real in text: the tuple function below
        if isinstance(node, ast.Unary) and node.op in ("-", "not"):
            return self._unary(node)
        if isinstance(node, ast.Length) and isinstance(node.operand, ast.Var):
            v = self.temp()
            t = self.temp()
            scope = self._scope(node.operand.name)
            self.emit(
                f"{v} = {scope}[{node.operand.name!r}]",
                f"if {v}.__class__ is tuple: {t} = len({v})",
                f"elif {v}.__class__ is Growing: {t} = len({v}.items)",
                "else: raise DEOPT",
            )
            return t, INT
        if isinstance(node, ast.Index):
            base = self.tuple_value(node.base)
            index, kind = self.scalar(node.index)
            t = self.temp()
            if kind != INT:
                self.emit(f"if {index}.__class__ is not int: raise DEOPT")
            self.emit(
                f"if {index} < 0 or {index} >= len({base}): raise DEOPT",
                f"{t} = {base}[{index}]",
            )
            return t, ANY
        if isinstance(node, ast.DictAccess):
            from hdlite.runtime.stores import static_key

            key = static_key(node.key)
            if key is None:
                raise Unsupported("dict key")
            base = self.tuple_value(node.base)
            t = self.temp()
            self.emit(f"({t},) = ENTRY({base}, {key!r})")
            return t, ANY
        if self._pure_function(node) is not None:
            boxed = self._pure_call(node)
            t = self.temp()
            self.emit(f"({t},) = {boxed}")
            return t, ANY
        raise Unsupported(type(node).__name__)

    def _numbers(self, *operands: tuple[str, str]) -> None:
        """Lines that DEOPT unless every operand is an int or a float."""
        for value, kind in operands:
            if kind in (STR,):
                raise Unsupported("string operand")
            if kind == ANY:
                self.emit(
                    f"if {value}.__class__ is not int and {value}.__class__ is not float: "
                    "raise DEOPT"
                )

    def _binary(self, node: ast.Binary) -> tuple[str, str]:
        op = node.op
        if op not in _FAST_BINARY:
            raise Unsupported(op)
        a, ka = self.scalar(node.left)
        b, kb = self.scalar(node.right)
        t = self.temp()
        if op == "+" and (STR in (ka, kb) or (ka == ANY and kb == ANY)):
            return self._add_text(t, (a, ka), (b, kb))
        if op in _COMPARE:
            return self._compare(t, op, (a, ka), (b, kb))
        if op in _LOGIC:
            for value, kind in ((a, ka), (b, kb)):
                if kind == ANY or kind == NUM:
                    self.emit(f"if {value}.__class__ is not int: raise DEOPT")
                elif kind not in (INT, BOOL):
                    raise Unsupported("logic operand")
            test = {"and": f"{a} and {b}", "or": f"{a} or {b}"}.get(op, f"(not {a}) != (not {b})")
            self.emit(f"{t} = True if ({test}) else False")
            return t, BOOL
        if op == "%":
            for value, kind in ((a, ka), (b, kb)):
                if kind in (ANY, NUM):
                    self.emit(f"if {value}.__class__ is not int: raise DEOPT")
                elif kind not in (INT, BOOL):
                    raise Unsupported("% operand")
            self.emit(
                f"if not {b}: raise DEOPT",
                f"{t} = abs({a}) % abs({b})",
                f"if {a} < 0: {t} = -{t}",
            )
            return t, INT
        self._numbers((a, ka), (b, kb))
        ints = [k in (INT, BOOL) for k in (ka, kb)]
        if op == "/":
            return self._divide(t, (a, ka), (b, kb))
        if all(ints):
            self.emit(f"{t} = {a} {op} {b}", f"if {t} > MAX or {t} < MIN: raise DEOPT")
            return t, INT
        if FLOAT in (ka, kb):
            self.emit(f"{t} = {a} {op} {b}")
            return t, FLOAT
        # at least one operand of unknown numeric class
        int_test = " and ".join(
            f"{v}.__class__ is int" for v, k in ((a, ka), (b, kb)) if k not in (INT, BOOL)
        )
        self.emit(
            f"{t} = {a} {op} {b}",
            f"if {int_test}:",
            f"    if {t} > MAX or {t} < MIN: raise DEOPT",
        )
        return t, NUM

    def _divide(self, t: str, left: tuple[str, str], right: tuple[str, str]) -> tuple[str, str]:
        (a, ka), (b, kb) = left, right
        self.emit(f"if not {b}: raise DEOPT")
        int_div = [
            f"if {a} == MIN: raise DEOPT",
            f"{t} = abs({a}) // abs({b})",
            f"if ({a} < 0) != ({b} < 0): {t} = -{t}",
        ]
        if ka in (INT, BOOL) and kb in (INT, BOOL):
            self.emit(*int_div)
            return t, INT
        if FLOAT in (ka, kb):
            self.emit(f"{t} = float({a}) / float({b})")
            return t, FLOAT
        int_test = " and ".join(
            f"{v}.__class__ is int" for v, k in (left, right) if k not in (INT, BOOL)
        )
        self.emit(
            f"if {int_test}:",
            *("    " + line for line in int_div),
            "else:",
            f"    {t} = float({a}) / float({b})",
        )
        return t, NUM

    def _add_text(self, t: str, left: tuple[str, str], right: tuple[str, str]) -> tuple[str, str]:
        """``+`` with a string operand: concatenation (integers written in decimal)."""
        (a, ka), (b, kb) = left, right
        if ka == ANY and kb == ANY:
            # unknown classes on both sides: numbers add, strings concatenate
            self.emit(
                f"if {a}.__class__ is str and {b}.__class__ is str: {t} = {a} + {b}",
                f"elif {a}.__class__ is int and {b}.__class__ is int:",
                f"    {t} = {a} + {b}",
                f"    if {t} > MAX or {t} < MIN: raise DEOPT",
                f"elif {a}.__class__ is float and {b}.__class__ is float: {t} = {a} + {b}",
                "else: raise DEOPT",
            )
            return t, ANY
        parts = []
        for value, kind in left, right:
            if kind == STR:
                parts.append(value)
            elif kind in (INT, BOOL):
                parts.append(f"str(int({value}))" if kind == BOOL else f"str({value})")
            elif kind == ANY or kind == NUM:
                s = self.temp()
                self.emit(
                    f"if {value}.__class__ is str: {s} = {value}",
                    f"elif {value}.__class__ is int: {s} = str({value})",
                    "else: raise DEOPT",
                )
                parts.append(s)
            else:
                raise Unsupported("real in text")
        self.emit(f"{t} = {parts[0]} + {parts[1]}")
        return t, STR

    def _compare(
        self, t: str, op: str, left: tuple[str, str], right: tuple[str, str]
    ) -> tuple[str, str]:
        (a, ka), (b, kb) = left, right
        kinds = {ka, kb}
        if kinds <= set(_NUMERIC) or kinds == {STR}:
            pass
        elif STR in kinds:
            other, kind = (b, kb) if ka == STR else (a, ka)
            if kind != ANY:
                raise Unsupported("string compared with a number")
            self.emit(f"if {other}.__class__ is not str: raise DEOPT")
        else:
            tests = []
            for value, kind in left, right:
                if kind == ANY:
                    tests.append(f"({value}.__class__ is int or {value}.__class__ is float)")
            test = " and ".join(tests)
            if ka == ANY and kb == ANY:
                test = f"{test} or ({a}.__class__ is str and {b}.__class__ is str)"
            self.emit(f"if not ({test}): raise DEOPT")
        self.emit(f"{t} = {a} {op} {b}")
        return t, BOOL

    def _unary(self, node: ast.Unary) -> tuple[str, str]:
        a, kind = self.scalar(node.operand)
        t = self.temp()
        if node.op == "not":
            if kind in (ANY, NUM):
                self.emit(f"if {a}.__class__ is not int: raise DEOPT")
            elif kind not in (INT, BOOL):
                raise Unsupported("not operand")
            self.emit(f"{t} = not {a}")
            return t, BOOL
        self._numbers((a, kind))
        if kind in (INT, BOOL):
            self.emit(f"if {a} == MIN: raise DEOPT", f"{t} = -{a}")
            return t, INT
        self.emit(f"if {a} == MIN and {a}.__class__ is int: raise DEOPT", f"{t} = -{a}")
        return t, (FLOAT if kind == FLOAT else NUM)
