"""Tuple operators: length, selection, search, sorting, editing, generation, sets and types.

Indices are 0-based. Where HALCON accepts an index it also accepts a real that holds an
integral value (``2.0``); other reals and strings are wrong types. Element comparisons
(``tuple_find``, ``tuple_uniq``) use the ``==`` semantics of
:mod:`hdlite.plugin.tuple_rules`; the set operators treat ``1`` and ``1.0`` as different
elements and return sorted, duplicate-free tuples (integers, then reals, then strings), as
HALCON documents for ``tuple_union``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, Handle, Operator, operator
from hdlite.plugin import tuple_rules as arith

H_TYPE_INT = 1
H_TYPE_REAL = 2
H_TYPE_STRING = 4
H_TYPE_MIXED = 8
H_TYPE_HANDLE = 16
H_TYPE_ANY = 31

_TYPE_CODES = {int: H_TYPE_INT, float: H_TYPE_REAL, str: H_TYPE_STRING}


# ----------------------------------------------------------------------------- helpers


def as_index(ctx: CallContext, param: str, value: object) -> int:
    """One index value as an int; a real must hold an integral value.

    Raises:
        HalconError: 120N (wrong type) for strings, handles and reals with a fraction.
    """
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    raise ctx.param_error("type", param, f"expected an integer, got {value!r}")


def check_length(ctx: CallContext, param: str, count: int, item_bytes: int = 32) -> None:
    """A new tuple of ``count`` values must fit into memory, else HALCON's 6001.

    Checked before building it, so that ``tuple_gen_const (2^62, 0, T)`` fails at once
    instead of running out of memory (or time) value by value; the same check as the
    in-line ranges ``[S:E]`` (``tuple_rules.fits_in_memory``).
    """
    if not arith.fits_in_memory(count, item_bytes):
        raise ctx.error(6001, f"{param}: a tuple of {count} values does not fit into memory")


def as_indices(ctx: CallContext, param: str, values: tuple) -> tuple[int, ...]:
    """All values of an index parameter as ints (see :func:`as_index`)."""
    return tuple(as_index(ctx, param, v) for v in values)


def type_code(element: object) -> int:
    """HALCON's type constant of one element (``H_TYPE_INT`` ... ``H_TYPE_HANDLE``)."""
    if isinstance(element, Handle):
        return H_TYPE_HANDLE
    return _TYPE_CODES[type(element)]


def order_key(ctx: CallContext, param: str, values: tuple) -> Callable[[Any], Any]:
    """A sort key for a tuple that holds only numbers or only strings.

    Raises:
        HalconError: 120N when numbers and strings are mixed or a handle occurs.
    """
    kinds = {type_code(v) for v in values}
    if kinds <= {H_TYPE_INT, H_TYPE_REAL} or kinds == {H_TYPE_STRING}:
        return lambda v: v
    if H_TYPE_HANDLE in kinds:
        raise ctx.param_error("type", param, "handles cannot be ordered")
    raise ctx.param_error("type", param, "numbers and strings cannot be mixed")


def _set_key(element: object) -> tuple[int, object]:
    if isinstance(element, Handle):
        return (H_TYPE_HANDLE, element.id)
    return (type_code(element), element)


def _as_set(values: tuple) -> dict[tuple[int, object], object]:
    return {_set_key(v): v for v in values}


def _sorted_set(items: dict[tuple[int, object], object]) -> tuple:
    return tuple(items[k] for k in sorted(items))


def _sub_tuple_at(t: tuple, sub: tuple) -> list[int]:
    n, k = len(t), len(sub)
    if n == 0 or k == 0:
        return []
    return [i for i in range(n - k + 1) if arith.equal(t[i : i + k], sub)]


# ----------------------------------------------------------------------------- length, selection


@operator("tuple_length", ControlIn("Tuple"), ControlOut("Length", types="integer", count=1))
def tuple_length(ctx: CallContext, t: tuple) -> tuple:
    """Number of elements of a tuple (``|Tuple|``)."""
    return ((len(t),),)


@operator("tuple_concat", ControlIn("T1"), ControlIn("T2"), ControlOut("Concat"))
def tuple_concat(ctx: CallContext, t1: tuple, t2: tuple) -> tuple:
    """Concatenate two tuples (``[T1, T2]``)."""
    return (t1 + t2,)


@operator(
    "tuple_select",
    ControlIn("Tuple"),
    ControlIn("Index", types="number"),
    ControlOut("Selected"),
)
def tuple_select(ctx: CallContext, t: tuple, index: tuple) -> tuple:
    """The elements at the 0-based positions ``Index`` (in-line ``subset(T, I)``, ``T[I]``).

    An index outside ``0..|Tuple|-1`` is error 1302.
    """
    return (arith.select(t, as_indices(ctx, "Index", index)),)


@operator(
    "tuple_select_range",
    ControlIn("Tuple"),
    ControlIn("Leftindex", types="number", count=1),
    ControlIn("Rightindex", types="number", count=1),
    ControlOut("Selected"),
)
def tuple_select_range(ctx: CallContext, t: tuple, left: tuple, right: tuple) -> tuple:
    """Elements ``Leftindex..Rightindex``, both included (``T[A:B]``)."""
    a = as_index(ctx, "Leftindex", left[0])
    b = as_index(ctx, "Rightindex", right[0])
    return (arith.select_range(t, (a,), (b,)),)


@operator(
    "tuple_first_n",
    ControlIn("Tuple"),
    ControlIn("Index", types="number", count=1),
    ControlOut("Selected"),
)
def tuple_first_n(ctx: CallContext, t: tuple, index: tuple) -> tuple:
    """The elements up to and including position ``Index`` (``-1`` selects none)."""
    k = as_index(ctx, "Index", index[0])
    if not -1 <= k < len(t):
        raise ctx.param_error("value", "Index", f"{k} is out of range for {len(t)} values")
    return (t[: k + 1],)


@operator(
    "tuple_last_n",
    ControlIn("Tuple"),
    ControlIn("Index", types="number", count=1),
    ControlOut("Selected"),
)
def tuple_last_n(ctx: CallContext, t: tuple, index: tuple) -> tuple:
    """The elements from position ``Index`` to the end (``|Tuple|`` selects none)."""
    k = as_index(ctx, "Index", index[0])
    if not 0 <= k <= len(t):
        raise ctx.param_error("value", "Index", f"{k} is out of range for {len(t)} values")
    return (t[k:],)


@operator(
    "tuple_select_mask",
    ControlIn("Tuple"),
    ControlIn("Mask", types="integer"),
    ControlOut("Selected"),
)
def tuple_select_mask(ctx: CallContext, t: tuple, mask: tuple) -> tuple:
    """The elements whose mask value is greater than 0; both tuples have the same length."""
    if len(mask) != len(t):
        raise ctx.param_error("count", "Mask", f"{len(mask)} mask values for {len(t)} elements")
    return (tuple(x for x, m in zip(t, mask, strict=True) if m > 0),)


@operator(
    "tuple_select_rank",
    ControlIn("Tuple"),
    ControlIn("RankIndex", types="number", count=1),
    ControlOut("Selected", count=1),
)
def tuple_select_rank(ctx: CallContext, t: tuple, rank: tuple) -> tuple:
    """The element that would be at position ``RankIndex`` after sorting (0 = smallest)."""
    k = as_index(ctx, "RankIndex", rank[0])
    if not t:
        raise ctx.param_error("count", "Tuple", "empty tuple")
    if not 0 <= k < len(t):
        raise ctx.param_error("value", "RankIndex", f"{k} is out of range for {len(t)} values")
    return ((sorted(t, key=order_key(ctx, "Tuple", t))[k],),)


# ----------------------------------------------------------------------------- search


@operator(
    "tuple_find",
    ControlIn("Tuple"),
    ControlIn("ToFind"),
    ControlOut("Indices", types="integer"),
)
def tuple_find(ctx: CallContext, t: tuple, to_find: tuple) -> tuple:
    """Start indices of every occurrence of ``ToFind`` as a sub-tuple; ``-1`` if none."""
    found = _sub_tuple_at(t, to_find)
    return (tuple(found) if found else (-1,),)


@operator(
    "tuple_find_first",
    ControlIn("Tuple"),
    ControlIn("ToFind"),
    ControlOut("Index", types="integer", count=1),
)
def tuple_find_first(ctx: CallContext, t: tuple, to_find: tuple) -> tuple:
    """Index of the first occurrence of ``ToFind`` in ``Tuple``, or ``-1``."""
    found = _sub_tuple_at(t, to_find)
    return ((found[0] if found else -1,),)


@operator(
    "tuple_find_last",
    ControlIn("Tuple"),
    ControlIn("ToFind"),
    ControlOut("Index", types="integer", count=1),
)
def tuple_find_last(ctx: CallContext, t: tuple, to_find: tuple) -> tuple:
    """Index of the last occurrence of ``ToFind`` in ``Tuple``, or ``-1``."""
    found = _sub_tuple_at(t, to_find)
    return ((found[-1] if found else -1,),)


# ----------------------------------------------------------------------------- order


@operator("tuple_sort", ControlIn("Tuple"), ControlOut("Sorted"))
def tuple_sort(ctx: CallContext, t: tuple) -> tuple:
    """Sort ascending: numbers by value, strings by code point; no mixing of the two."""
    return (tuple(sorted(t, key=order_key(ctx, "Tuple", t))),)


@operator("tuple_sort_index", ControlIn("Tuple"), ControlOut("Indices", types="integer"))
def tuple_sort_index(ctx: CallContext, t: tuple) -> tuple:
    """The indices that sort the tuple ascending (stable for equal elements)."""
    key = order_key(ctx, "Tuple", t)
    return (tuple(sorted(range(len(t)), key=lambda i: key(t[i]))),)


@operator("tuple_uniq", ControlIn("Tuple"), ControlOut("Uniq"))
def tuple_uniq(ctx: CallContext, t: tuple) -> tuple:
    """Drop elements equal to their predecessor (sort first to get distinct values)."""
    out: list = []
    for x in t:
        if not out or not arith.equal((out[-1],), (x,)):
            out.append(x)
    return (tuple(out),)


@operator("tuple_inverse", ControlIn("Tuple"), ControlOut("Inverted"))
def tuple_inverse(ctx: CallContext, t: tuple) -> tuple:
    """The elements in reverse order."""
    return (t[::-1],)


# ----------------------------------------------------------------------------- editing


@operator(
    "tuple_remove",
    ControlIn("Tuple"),
    ControlIn("Index", types="number"),
    ControlOut("Reduced"),
)
def tuple_remove(ctx: CallContext, t: tuple, index: tuple) -> tuple:
    """Remove the elements at ``Index``; duplicate and out-of-range indices are ignored."""
    drop = set(as_indices(ctx, "Index", index))
    return (tuple(x for i, x in enumerate(t) if i not in drop),)


@operator(
    "tuple_insert",
    ControlIn("Tuple"),
    ControlIn("Index", types="number", count=1),
    ControlIn("InsertTuple"),
    ControlOut("Extended"),
)
def tuple_insert(ctx: CallContext, t: tuple, index: tuple, insert: tuple) -> tuple:
    """Insert ``InsertTuple`` before position ``Index`` (``|Tuple|`` appends)."""
    k = as_index(ctx, "Index", index[0])
    if not 0 <= k <= len(t):
        raise ctx.param_error("value", "Index", f"{k} is out of range for {len(t)} values")
    return (t[:k] + insert + t[k:],)


@operator(
    "tuple_replace",
    ControlIn("Tuple"),
    ControlIn("Index", types="number"),
    ControlIn("ReplaceTuple"),
    ControlOut("Replaced"),
)
def tuple_replace(ctx: CallContext, t: tuple, index: tuple, replace: tuple) -> tuple:
    """Replace the elements at ``Index`` by ``ReplaceTuple`` (one value, or one per index)."""
    positions = as_indices(ctx, "Index", index)
    if len(replace) != 1 and len(replace) != len(positions):
        raise ctx.param_error(
            "count", "ReplaceTuple", f"{len(replace)} values for {len(positions)} indices"
        )
    out = list(t)
    for j, k in enumerate(positions):
        if not 0 <= k < len(t):
            raise ctx.param_error("value", "Index", f"{k} is out of range for {len(t)} values")
        out[k] = replace[0] if len(replace) == 1 else replace[j]
    return (tuple(out),)


# ----------------------------------------------------------------------------- generation


@operator(
    "tuple_gen_const",
    ControlIn("Length", types="number", count=1),
    ControlIn("Const", count=1),
    ControlOut("Newtuple"),
)
def tuple_gen_const(ctx: CallContext, length: tuple, const: tuple) -> tuple:
    """A tuple of ``Length`` copies of ``Const`` (in-line ``gen_tuple_const``)."""
    n = as_index(ctx, "Length", length[0])
    if n < 0:
        raise ctx.param_error("value", "Length", f"length must not be negative, got {n}")
    check_length(ctx, "Length", n, item_bytes=8)
    return (const * n,)


@operator(
    "tuple_gen_sequence",
    ControlIn("Start", types="number", count=1),
    ControlIn("End", types="number", count=1),
    ControlIn("Step", types="number", count=1),
    ControlOut("Sequence", types="number"),
)
def tuple_gen_sequence(ctx: CallContext, start: tuple, end: tuple, step: tuple) -> tuple:
    """``Start, Start+Step, ...`` up to ``End`` inclusive (``[Start:Step:End]``)."""
    bounds = (start[0], end[0], step[0])
    if all(type(v) in (int, float) for v in bounds) and bounds[2] != 0:
        try:
            count = math.floor((bounds[1] - bounds[0]) / bounds[2]) + 1
        except (OverflowError, ValueError):  # not finite: refused by the checks below
            count = 0
        check_length(ctx, "End", count)
    return (arith.sequence(start, end, step),)


@operator(
    "tuple_rand",
    ControlIn("Length", types="number", count=1),
    ControlOut("Rand", types="real"),
)
def tuple_rand(ctx: CallContext, length: tuple) -> tuple:
    """``Length`` uniform random reals in ``[0, 1)``, from the run's seeded generator."""
    n = as_index(ctx, "Length", length[0])
    if n < 0:
        raise ctx.param_error("value", "Length", f"length must not be negative, got {n}")
    check_length(ctx, "Length", n)
    rng = ctx.session.random
    return (tuple(rng.random() for _ in range(n)),)


# ----------------------------------------------------------------------------- sets


def _set_operator(name: str, combine: Callable[[dict, dict], dict], doc: str) -> Operator:
    def run(ctx: CallContext, set1: tuple, set2: tuple) -> tuple:
        return (_sorted_set(combine(_as_set(set1), _as_set(set2))),)

    run.__doc__ = doc
    output = {"tuple_symmdiff": "SymmDiff"}.get(name, name[6:].capitalize())
    return operator(name, ControlIn("Set1"), ControlIn("Set2"), ControlOut(output))(run)


tuple_union = _set_operator(
    "tuple_union", lambda a, b: {**a, **b}, "Sorted distinct elements of either set."
)
tuple_intersection = _set_operator(
    "tuple_intersection",
    lambda a, b: {k: v for k, v in a.items() if k in b},
    "Sorted distinct elements found in both sets.",
)
tuple_difference = _set_operator(
    "tuple_difference",
    lambda a, b: {k: v for k, v in a.items() if k not in b},
    "Sorted distinct elements of ``Set1`` that are not in ``Set2``.",
)
tuple_symmdiff = _set_operator(
    "tuple_symmdiff",
    lambda a, b: {k: v for k, v in {**a, **b}.items() if (k in a) != (k in b)},
    "Sorted distinct elements found in exactly one of the sets.",
)


# ----------------------------------------------------------------------------- types


def _whole_type(t: tuple) -> int:
    codes = {type_code(x) for x in t}
    if not codes:
        return H_TYPE_ANY
    return codes.pop() if len(codes) == 1 else H_TYPE_MIXED


@operator("tuple_type", ControlIn("T"), ControlOut("Type", types="integer", count=1))
def tuple_type(ctx: CallContext, t: tuple) -> tuple:
    """``H_TYPE_INT`` (1), ``_REAL`` (2), ``_STRING`` (4), ``_MIXED`` (8), ``_HANDLE`` (16);
    ``H_TYPE_ANY`` (31) for the empty tuple."""
    return ((_whole_type(t),),)


@operator("tuple_type_elem", ControlIn("T"), ControlOut("Types", types="integer"))
def tuple_type_elem(ctx: CallContext, t: tuple) -> tuple:
    """The type constant of every element."""
    return (tuple(type_code(x) for x in t),)


def _is_type(name: str, output: str, code: int) -> Operator:
    def run(ctx: CallContext, t: tuple) -> tuple:
        return ((1 if _whole_type(t) in (code, H_TYPE_ANY) else 0,),)

    run.__doc__ = f"1 if the tuple is of type {code} (or empty), else 0."
    return operator(name, ControlIn("T"), ControlOut(output, types="integer", count=1))(run)


def _is_type_elem(name: str, output: str, code: int) -> Operator:
    def run(ctx: CallContext, t: tuple) -> tuple:
        return (tuple(1 if type_code(x) == code else 0 for x in t),)

    run.__doc__ = f"1 for every element of type {code}, else 0."
    return operator(name, ControlIn("T"), ControlOut(output, types="integer"))(run)


tuple_is_int = _is_type("tuple_is_int", "IsInt", H_TYPE_INT)
tuple_is_real = _is_type("tuple_is_real", "IsReal", H_TYPE_REAL)
tuple_is_string = _is_type("tuple_is_string", "IsString", H_TYPE_STRING)
tuple_is_handle = _is_type("tuple_is_handle", "IsHandle", H_TYPE_HANDLE)
tuple_is_mixed = _is_type("tuple_is_mixed", "IsMixed", H_TYPE_MIXED)
tuple_is_int_elem = _is_type_elem("tuple_is_int_elem", "IsInt", H_TYPE_INT)
tuple_is_real_elem = _is_type_elem("tuple_is_real_elem", "IsReal", H_TYPE_REAL)
tuple_is_string_elem = _is_type_elem("tuple_is_string_elem", "IsString", H_TYPE_STRING)
tuple_is_handle_elem = _is_type_elem("tuple_is_handle_elem", "IsHandle", H_TYPE_HANDLE)


@operator(
    "tuple_is_valid_handle",
    ControlIn("Handle"),
    ControlOut("IsValid", types="integer"),
)
def tuple_is_valid_handle(ctx: CallContext, handles: tuple) -> tuple:
    """1 for every element that is a handle not yet cleared, 0 otherwise."""
    return (tuple(1 if isinstance(h, Handle) and not h.cleared else 0 for h in handles),)
