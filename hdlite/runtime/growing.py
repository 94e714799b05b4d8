"""Tuples that grow in place: amortised O(1) appends with HALCON's value semantics.

HDevelop programs collect results by appending: ``T := [T, V]``, ``T[|T|] := V``,
``tuple_concat (T, V, T)``, ``tuple_insert (T, |T|, V, T)``. With immutable tuples each
append copies the whole tuple, so ``n`` appends cost O(n²). The append statements compiled
here keep the variable's value in a :class:`Growing` buffer instead: a private Python list
that only this one variable of this one procedure activation holds. Appending extends the
list; every read of the variable (``ExprCompiler`` loads, procedure outputs, the run's
result) gets an immutable tuple through :func:`read`, cached until the next append, so a copy
that another variable holds never changes, and a tuple stored in a dict, a vector, passed to
a procedure or an operator, or returned as an output is a plain value like any other.

A :class:`Growing` never leaves the variable dictionary of its frame: every code path that
reads a frame's variables directly goes through :func:`read` (or :func:`plain_vars`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdlite.errors import HalconError


class Growing:
    """The value of a variable being appended to: a private list and its cached tuple."""

    __slots__ = ("frozen", "items")

    def __init__(self, items: list) -> None:
        self.items = items
        self.frozen: tuple | None = None

    def value(self) -> tuple:
        """The variable's value as an (immutable) control tuple."""
        frozen = self.frozen
        if frozen is None:
            frozen = self.frozen = tuple(self.items)
        return frozen


def read(value: Any) -> Any:
    """A variable's value as the rest of the interpreter sees it (a Growing as its tuple)."""
    return value.value() if value.__class__ is Growing else value


def plain_vars(variables: dict[str, Any]) -> dict[str, Any]:
    """A copy of a variable dictionary with every :class:`Growing` as its tuple."""
    return {name: read(value) for name, value in variables.items()}


def buffer(variables: dict[str, Any], name: str) -> Growing | None:
    """The growing buffer of ``name`` (made from its tuple), or None if it holds no tuple."""
    current = variables.get(name)
    if current.__class__ is Growing:
        return current  # type: ignore[return-value]
    if current.__class__ is tuple:
        grown = Growing(list(current))  # type: ignore[arg-type]
        variables[name] = grown
        return grown
    return None


Eval = Callable[[Any], Any]


def append_concat(
    name: str, parts: list[Eval], general: Callable[[Any], None], located: Callable[..., Any]
) -> Callable[[Any], None]:
    """``X := [X, A, B...]``: the parts are evaluated, then appended to ``X`` in place.

    ``general`` runs the statement the ordinary way (used when ``X`` holds no tuple, so
    that errors stay the same); ``located`` turns an error into the statement's.
    """

    def run(frame: Any) -> None:
        variables = frame.vars
        current = variables.get(name)
        if current.__class__ is not Growing and current.__class__ is not tuple:
            general(frame)
            return
        try:
            extra = [part(frame) for part in parts]
        except (HalconError, MemoryError) as exc:
            raise located(exc) from None
        grown = buffer(variables, name)
        assert grown is not None
        items = grown.items
        for value in extra:
            items += value
        grown.frozen = None

    return run


def append_at_end(
    name: str, value: Eval, general: Callable[[Any, Any], None], located: Callable[..., Any]
) -> Callable[[Any], None]:
    """``X[|X|] := V`` with one value ``V``: appended in place; anything else as ``general``."""

    def run(frame: Any) -> None:
        try:
            v = value(frame)
            if v.__class__ is tuple and len(v) == 1:
                grown = buffer(frame.vars, name)
                if grown is not None:
                    grown.items.append(v[0])
                    grown.frozen = None
                    return
            general(frame, v)
        except (HalconError, MemoryError) as exc:
            raise located(exc) from None

    return run
