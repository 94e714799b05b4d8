"""Assignment targets: a variable, a tuple element or range, a vector element, a dict entry.

``store(node)`` returns ``f(frame, value)`` that assigns to the target ``node``: a variable,
a tuple element (``T[I] := V``), a vector element (``V.at(I) := X``) or a dictionary entry
(``D.key := V``). Mixed into :class:`~hdlite.runtime.expressions.ExprCompiler`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hdlite.errors import HalconError
from hdlite.runtime.growing import Growing
from hdlite.runtime.vectors import copy_value, vector_index
from hdlite.syntax import ast
from hdlite.values import arith
from hdlite.values.control import Handle, Vector
from hdlite.values.dicts import dict_set
from hdlite.values.iconic import ObjectTuple

if TYPE_CHECKING:
    from hdlite.runtime.frames import Frame

Eval = Callable[["Frame"], Any]
Store = Callable[["Frame", Any], None]


def expect_control(value: Any, span: ast.Span, what: str) -> tuple:
    """``value`` if it is a control tuple; HALCON error 2460 otherwise."""
    if value.__class__ is tuple:
        return value
    kind = "an object" if isinstance(value, ObjectTuple) else "a vector"
    raise HalconError(2460, f"{what}: expected a control value, got {kind}", span=span)


def located(fn: Callable[..., Any], span: ast.Span) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        try:
            return fn(*args)
        except HalconError as exc:
            raise exc.locate(span) from None

    return run


class StoreCompiler:
    """Compiles assignment targets; the loads come from the expression compiler."""

    globals: frozenset[str]

    def scope(self, name: str) -> Callable[[Frame], dict]:
        raise NotImplementedError

    def expr(self, node: ast.Expr) -> Eval:
        raise NotImplementedError

    def control(self, node: ast.Expr, what: str = "expression") -> Eval:
        raise NotImplementedError

    def _slice_indices(self, node: ast.Slice) -> Eval:
        raise NotImplementedError

    def store(self, node: ast.Expr) -> Store:
        """A closure that assigns a value to the target ``node``."""
        if isinstance(node, ast.Var):
            name = node.name
            scope = self.scope(name)

            def assign(frame: Frame, value: Any) -> None:
                scope(frame)[name] = value.copy() if value.__class__ is Vector else value

            if name not in self.globals:

                def assign_local(frame: Frame, value: Any) -> None:
                    frame.vars[name] = value.copy() if value.__class__ is Vector else value

                return assign_local
            return assign
        if isinstance(node, ast.Index | ast.Slice):
            return self._store_index(node)
        if isinstance(node, ast.DictAccess):
            base, key = self.control(node.base, "dictionary"), self.control(node.key, "dict key")
            span = node.span

            def assign_dict(frame: Frame, value: Any) -> None:
                try:
                    dict_set(single_handle(base(frame), span), single_key(key(frame), span), value)
                except HalconError as exc:
                    raise exc.locate(span) from None

            constant = static_key(node.key)
            if constant is None:
                return assign_dict

            def set_static(frame: Frame, value: Any) -> None:
                # D.key := V with a literal key, a live dict and a tuple: one store
                handle = base(frame)
                if len(handle) == 1 and value.__class__ is tuple:
                    handle = handle[0]
                    if handle.__class__ is Handle and handle.kind == "dict" and not handle.cleared:
                        handle.obj[constant] = value
                        return
                assign_dict(frame, value)

            return set_static
        if isinstance(node, ast.MethodCall) and node.name == "at":
            return self._store_vector(node)
        raise HalconError(1301, "this expression cannot be assigned to", span=node.span)

    def _load_or_none(self, node: ast.Expr) -> Eval:
        if isinstance(node, ast.Var):
            name = node.name
            scope = self.scope(name)

            def load(frame: Frame) -> Any:
                value = scope(frame).get(name)
                return value.value() if value.__class__ is Growing else value

            return load
        return self.expr(node)

    def _store_index(self, node: ast.Index | ast.Slice) -> Store:
        """``T[I] := V``, ``T[A:B] := V`` and ``T[A:S:B] := V``."""
        current = self._load_or_none(node.base)
        put = self.store(node.base)
        if isinstance(node, ast.Index):
            index = self.control(node.index, "index")
        else:
            index = located(self._slice_indices(node), node.span)
        span = node.span

        def assign(frame: Frame, value: Any) -> None:
            old = current(frame)
            if old is None:
                old = ()
            new = arith.replace_at(
                expect_control(old, span, "indexed assignment"),
                index(frame),
                expect_control(value, span, "indexed assignment"),
                span,
            )
            put(frame, new)

        return assign

    def _store_vector(self, node: ast.MethodCall) -> Store:
        current = self._load_or_none(node.base)
        put = self.store(node.base)
        index = self.control(node.args[0], "vector index")
        span = node.span

        def assign(frame: Frame, value: Any) -> None:
            vector = current(frame)
            if vector is None:
                vector = Vector()
                put(frame, vector)
                vector = current(frame)
            if not isinstance(vector, Vector):
                raise HalconError(2410, ".at() := needs a vector", span=span)
            k = vector_index(index(frame), span)
            items = vector.items
            while len(items) < k:
                items.append(Vector() if items and isinstance(items[0], Vector) else ())
            copied = copy_value(value)
            if k == len(items):
                items.append(copied)
            else:
                items[k] = copied

        return assign


def single_handle(value: tuple, span: ast.Span) -> Handle:
    if len(value) != 1 or not isinstance(value[0], Handle):
        raise HalconError(2404, f"expected one dict handle, got {value!r:.60}", span=span)
    return value[0]


def single_key(value: tuple, span: ast.Span) -> str | int:
    if len(value) != 1 or type(value[0]) not in (str, int):
        raise HalconError(
            1302, f"a dict key must be one string or integer, got {value!r:.60}", span=span
        )
    return value[0]


def static_key(node: ast.Expr) -> str | int | None:
    """The key of ``D.key`` / ``D.['key']`` when it is a literal a dict accepts, else None."""
    if isinstance(node, ast.Const) and len(node.value) == 1:
        key = node.value[0]
        if (type(key) is str and key) or type(key) is int:
            return key  # type: ignore[no-any-return]
    return None
