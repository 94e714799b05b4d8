"""Control operators in operator form: assign, insert, assign_at, vector conversions.

The error-mode and exception operators (``dev_set_check``, ``dev_error_var``,
``dev_get_exception_data``) act on interpreter state and live in the core
(``hdlite/runtime/intrinsics.py``).
"""

from __future__ import annotations

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    HalconError,
    Vector,
    operator,
    tuple_rules,
)


@operator("assign", ControlIn("Input"), ControlOut("Result"))
def assign(ctx: CallContext, value: tuple) -> tuple:
    """The operator form of ``Result := Input``."""
    return (value,)


@operator(
    "insert",
    ControlIn("Input"),
    ControlIn("Value"),
    ControlIn("Index", types="integer", count=(1, None)),
    ControlOut("Result"),
)
def insert(ctx: CallContext, value: tuple, new: tuple, index: tuple) -> tuple:
    """The legacy operator form of ``Result := Input; Result[Index] := Value``."""
    try:
        return (tuple_rules.replace_at(value, index, new, ctx.span),)
    except HalconError as exc:  # the shared rule names the assignment; this is insert
        exc.operator = ctx.operator.name
        raise


@operator(
    "assign_at",
    ControlIn("Index", types="integer", count=(1, None)),
    ControlIn("Value"),
    ControlOut("Result"),
)
def assign_at(ctx: CallContext, index: tuple, value: tuple) -> tuple:
    """``Result[Index] := Value`` starting from an empty tuple."""
    return (tuple_rules.replace_at((), index, value, ctx.span),)


@operator(
    "convert_vector_to_tuple",
    ControlIn("InputVector", types="vector"),
    ControlOut("ConvertedTuple"),
)
def convert_vector_to_tuple(ctx: CallContext, vector: Vector) -> tuple:
    """Concatenate every tuple of a (nested) vector into one tuple."""
    out: list = []

    def flatten(v: Vector) -> None:
        for item in v.items:
            if isinstance(item, Vector):
                flatten(item)
            elif isinstance(item, tuple):
                out.extend(item)
            else:
                raise ctx.error(2410, "the vector holds objects, not tuples")

    flatten(vector)
    return (tuple(out),)


@operator(
    "convert_tuple_to_vector_1d",
    ControlIn("InputTuple"),
    ControlIn("SubTupleLength", types="integer", count=1, default=1),
    ControlOut("ResultVector", types="vector"),
)
def convert_tuple_to_vector_1d(ctx: CallContext, values: tuple, length: tuple) -> tuple:
    """Cut a tuple into pieces of SubTupleLength values, one vector element each."""
    n = length[0]
    if n <= 0:
        raise ctx.param_error("value", "SubTupleLength", f"must be > 0, got {n}")
    if len(values) % n:
        raise ctx.param_error(
            "value", "SubTupleLength", f"{len(values)} values do not divide into pieces of {n}"
        )
    return (Vector([values[i : i + n] for i in range(0, len(values), n)]),)


@operator("par_join", ControlIn("ThreadID", types="integer"))
def par_join(ctx: CallContext, thread_ids: tuple) -> tuple:
    """Wait for calls started with ``par_start``; hdlite runs them synchronously."""
    return ()
