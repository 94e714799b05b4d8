"""Control operators that belong to the language: exceptions, error mode, assign, vectors."""

from __future__ import annotations

from hdlite.plugin.registry import CallContext, ControlIn, ControlOut, operator
from hdlite.runtime import exception_data
from hdlite.runtime.expressions import replace_at
from hdlite.values.control import Vector


@operator(
    "dev_get_exception_data",
    ControlIn("Exception"),
    ControlIn(
        "Name", types="string", count=(1, None), default="error_code", values=exception_data.SLOTS
    ),
    ControlOut("Value"),
)
def dev_get_exception_data(ctx: CallContext, exception: tuple, name: tuple) -> tuple:
    """Read slots of a caught exception tuple ('error_code', 'error_message', 'user_data'...).

    'user_data' cannot be combined with other slots in one call (HALCON's rule).
    """
    if "user_data" in name and len(name) > 1:
        raise ctx.param_error("value", "Name", "'user_data' cannot be combined with other slots")
    out: tuple = ()
    for slot in name:
        out += exception_data.slot(exception, slot)
    return (out,)


@operator(
    "dev_set_check",
    ControlIn(
        "Mode", types="string", count=1, default="give_error", values=("give_error", "~give_error")
    ),
)
def dev_set_check(ctx: CallContext, mode: tuple) -> tuple:
    """Turn raising of operator errors on ('give_error') or off ('~give_error')."""
    state = ctx.session.state.get("hdevelop_check")
    if state is not None:
        state.give_error = mode[0] == "give_error"
    return ()


@operator(
    "dev_error_var",
    ControlIn("ErrorVar"),
    ControlIn("Mode", types="integer", count=1, default=1, values=(0, 1)),
)
def dev_error_var(ctx: CallContext, error_var: tuple, mode: tuple) -> tuple:
    """Record the result code of every following operator call in ErrorVar (Mode 1) or stop (0).

    The interpreter binds the variable itself (it is a variable, not a value); this entry
    carries the signature.
    """
    return ()


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
    return (replace_at(value, index, new, ctx.span),)  # type: ignore[arg-type]


@operator(
    "assign_at",
    ControlIn("Index", types="integer", count=(1, None)),
    ControlIn("Value"),
    ControlOut("Result"),
)
def assign_at(ctx: CallContext, index: tuple, value: tuple) -> tuple:
    """``Result[Index] := Value`` starting from an empty tuple."""
    return (replace_at((), index, value, ctx.span),)  # type: ignore[arg-type]


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
