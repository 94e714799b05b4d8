"""Handles and tuple types: clear_handle, tuple_sem_type, tuple_sem_type_elem, and the tuple
operators tuple_repeat, tuple_repeat_elem and tuple_is_nan_elem.

HALCON's reference:

* clear_handle(Handle) [doc: clear_handle, mvtec.com/doc/halcon/2405]: clears the content of
  the handles of any type (instead of clear_matrix, clear_shape_model, ...); the handles are
  left cleared and "attempts to use [them] in any other operator will raise an error" (2454
  in hdlite, also for clearing a handle twice [unverified]). Every copy of a handle refers
  to the same object, so all are cleared. A value that is no handle is a wrong type (1201).
* tuple_sem_type(T) [doc: tuple_sem_type, 2211]: the semantic type of valid handles of one
  type (their kind, e.g. 'dict'), 'handle' for handles of several types or invalid ones,
  'any' for elements of different types and for the empty tuple; a tuple of one element
  type gives 'integer', 'real' or 'string'. tuple_sem_type_elem [doc: 2311] gives it per
  element ('handle' for an invalid or cleared handle).
* tuple_repeat(Tuple, Num) repeats the whole tuple Num times, tuple_repeat_elem(Tuple, Num)
  each element Num times [doc: tuple_repeat, tuple_repeat_elem, docs.mvtec.com 26.05]; Num
  must be a whole number >= 0, also as a real (1302 otherwise); 0 gives the empty tuple.
* tuple_is_nan_elem(T) gives 1 for every element that is a real NaN, else 0.
"""

from __future__ import annotations

import math

from hdlite.plugin import CallContext, ControlIn, ControlOut, Handle, operator

#: the largest number of elements a repeated tuple may have (beyond it HALCON's 6001)
MAX_ELEMENTS = 100_000_000


@operator("clear_handle", ControlIn("Handle", types="handle"))
def clear_handle(ctx: CallContext, handles: tuple) -> tuple:
    """Clear the content of handles of any type; every copy of them becomes invalid."""
    for value in handles:
        if not isinstance(value, Handle):
            raise ctx.param_error("type", "Handle", f"expects handles, got {value!r}")
        if value.cleared:
            raise ctx.error(2454, f"Handle: the {value.kind} handle was cleared already")
    for value in handles:
        if not value.cleared:  # the same handle may occur twice in the tuple
            value.clear()
    return ()


def _elem_type(value: object) -> str:
    if isinstance(value, Handle):
        return "handle" if value.cleared else value.kind
    if isinstance(value, bool) or isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "real"
    if isinstance(value, str):
        return "string"
    return "any"


@operator("tuple_sem_type", ControlIn("T"), ControlOut("SemType", types="string", count=1))
def tuple_sem_type(ctx: CallContext, t: tuple) -> tuple:
    """The semantic type of a tuple: a handle kind, 'handle', 'integer', 'real', 'string'
    or 'any' (mixed element types, or the empty tuple)."""
    if not t:
        return (("any",),)
    if all(isinstance(v, Handle) for v in t):
        kinds = {_elem_type(v) for v in t}
        return ((kinds.pop() if len(kinds) == 1 and "handle" not in kinds else "handle",),)
    kinds = {_elem_type(v) for v in t}
    return ((kinds.pop() if len(kinds) == 1 else "any",),)


@operator("tuple_sem_type_elem", ControlIn("T"), ControlOut("SemTypes", types="string"))
def tuple_sem_type_elem(ctx: CallContext, t: tuple) -> tuple:
    """The semantic type of every element ('handle' for a cleared handle)."""
    return (tuple(_elem_type(v) for v in t),)


def _count(ctx: CallContext, num: tuple, size: int) -> int:
    n = num[0]
    if n < 0 or n != int(n):
        raise ctx.param_error("value", "Num", f"{n} is no integer >= 0")
    n = int(n)
    if n * size > MAX_ELEMENTS:
        raise ctx.error(6001, f"Num: {n} x {size} elements do not fit into memory")
    return int(n)


@operator(
    "tuple_repeat",
    ControlIn("Tuple"),
    ControlIn("Num", types="number", count=1, default=2),
    ControlOut("Result"),
)
def tuple_repeat(ctx: CallContext, t: tuple, num: tuple) -> tuple:
    """The whole tuple repeated Num times."""
    return (t * _count(ctx, num, len(t)),)


@operator(
    "tuple_repeat_elem",
    ControlIn("Tuple"),
    ControlIn("Num", types="number", count=1, default=2),
    ControlOut("Result"),
)
def tuple_repeat_elem(ctx: CallContext, t: tuple, num: tuple) -> tuple:
    """Every element repeated Num times, in order."""
    n = _count(ctx, num, len(t))
    return (tuple(v for v in t for _ in range(n)),)


@operator("tuple_is_nan_elem", ControlIn("T"), ControlOut("IsNaN", types="integer"))
def tuple_is_nan_elem(ctx: CallContext, t: tuple) -> tuple:
    """1 for every element that is a real NaN, 0 otherwise."""
    return (tuple(1 if isinstance(v, float) and math.isnan(v) else 0 for v in t),)
