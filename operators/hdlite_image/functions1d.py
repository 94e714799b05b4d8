"""One-dimensional functions (``function_1d``): control tuples of (x, y) points.

HALCON passes a function as a control tuple whose layout it does not document; scripts
use the ``*_funct_1d`` operators to read it. hdlite's layout is
``[1, N, x1, ..., xN, y1, ..., yN]`` with real values; x values are ascending.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

_MARK = 1


def _function(
    ctx: CallContext, function: tuple, name: str = "Function"
) -> tuple[np.ndarray, np.ndarray]:
    try:
        if function[0] != _MARK:
            raise ValueError
        n = int(function[1])
        if len(function) != 2 + 2 * n or n < 1:
            raise ValueError
        x = np.asarray(function[2 : 2 + n], dtype=np.float64)
        y = np.asarray(function[2 + n :], dtype=np.float64)
    except (IndexError, ValueError, TypeError):
        raise ctx.param_error(
            "value", name, "not a function created by create_funct_1d_*"
        ) from None
    return x, y


def _make(x: np.ndarray, y: np.ndarray) -> tuple:
    return (_MARK, len(x), *(float(v) for v in x), *(float(v) for v in y))


_FUNCTION = ControlIn("Function", types="number", count=(4, None))


@operator(
    "create_funct_1d_pairs",
    ControlIn("XValues", types="number", count=(1, None)),
    ControlIn("YValues", types="number", count=(1, None)),
    ControlOut("Function", types="number"),
)
def create_funct_1d_pairs(ctx: CallContext, xs: tuple, ys: tuple) -> tuple:
    """A function through the points (XValues[i], YValues[i]); x values must ascend."""
    if len(xs) != len(ys):
        raise ctx.param_error("count", "YValues", f"{len(ys)} y values for {len(xs)} x values")
    x = np.asarray(xs, dtype=np.float64)
    if (np.diff(x) <= 0).any():
        raise ctx.param_error("value", "XValues", "x values must be strictly ascending")
    return (_make(x, np.asarray(ys, dtype=np.float64)),)


@operator(
    "create_funct_1d_array",
    ControlIn("YValues", types="number", count=(1, None)),
    ControlOut("Function", types="number"),
)
def create_funct_1d_array(ctx: CallContext, ys: tuple) -> tuple:
    """A function with the y values at x = 0, 1, 2, ..."""
    return (_make(np.arange(len(ys), dtype=np.float64), np.asarray(ys, dtype=np.float64)),)


@operator(
    "funct_1d_to_pairs",
    _FUNCTION,
    ControlOut("XValues", types="number"),
    ControlOut("YValues", types="number"),
)
def funct_1d_to_pairs(ctx: CallContext, function: tuple) -> tuple:
    """The x and y values of a function."""
    x, y = _function(ctx, function)
    return tuple(float(v) for v in x), tuple(float(v) for v in y)


@operator("num_points_funct_1d", _FUNCTION, ControlOut("Length", types="integer", count=1))
def num_points_funct_1d(ctx: CallContext, function: tuple) -> tuple:
    """Number of points of a function."""
    return ((len(_function(ctx, function)[0]),),)


@operator(
    "get_pair_funct_1d",
    _FUNCTION,
    ControlIn("Index", types="integer"),
    ControlOut("X", types="real"),
    ControlOut("Y", types="real"),
)
def get_pair_funct_1d(ctx: CallContext, function: tuple, index: tuple) -> tuple:
    """The points with the given 0-based indices."""
    x, y = _function(ctx, function)
    for i in index:
        if not 0 <= i < len(x):
            raise ctx.param_error("value", "Index", f"index {i} outside 0..{len(x) - 1}")
    return tuple(float(x[i]) for i in index), tuple(float(y[i]) for i in index)


@operator(
    "get_y_value_funct_1d",
    _FUNCTION,
    ControlIn("X", types="number"),
    ControlIn(
        "BorderMode",
        types="string",
        count=1,
        default="constant",
        values=("constant", "mirror", "cyclic", "zero", "error"),
    ),
    ControlOut("Y", types="real"),
)
def get_y_value_funct_1d(ctx: CallContext, function: tuple, xs: tuple, border: tuple) -> tuple:
    """Linearly interpolated y values at the given x positions."""
    x, y = _function(ctx, function)
    q = np.asarray(xs, dtype=np.float64)
    lo, hi = x[0], x[-1]
    if border[0] == "error" and ((q < lo) | (q > hi)).any():
        raise ctx.param_error("value", "X", "x outside the function's range")
    if border[0] == "cyclic" and hi > lo:
        q = lo + np.mod(q - lo, hi - lo)
    elif border[0] == "mirror" and hi > lo:
        period = 2 * (hi - lo)
        t = np.mod(q - lo, period)
        q = lo + np.where(t > hi - lo, period - t, t)
    values = np.interp(q, x, y)
    if border[0] == "zero":
        values = np.where((q < lo) | (q > hi), 0.0, values)
    return (tuple(float(v) for v in values),)


@operator(
    "x_range_funct_1d",
    _FUNCTION,
    ControlOut("XMin", types="real", count=1),
    ControlOut("XMax", types="real", count=1),
)
def x_range_funct_1d(ctx: CallContext, function: tuple) -> tuple:
    """Smallest and largest x value."""
    x, _ = _function(ctx, function)
    return (float(x.min()),), (float(x.max()),)


@operator(
    "y_range_funct_1d",
    _FUNCTION,
    ControlOut("YMin", types="real", count=1),
    ControlOut("YMax", types="real", count=1),
)
def y_range_funct_1d(ctx: CallContext, function: tuple) -> tuple:
    """Smallest and largest y value."""
    _, y = _function(ctx, function)
    return (float(y.min()),), (float(y.max()),)


@operator(
    "scale_y_funct_1d",
    _FUNCTION,
    ControlIn("Mult", types="number", count=1, default=2.0),
    ControlIn("Add", types="number", count=1, default=0.0),
    ControlOut("FunctionScaled", types="number"),
)
def scale_y_funct_1d(ctx: CallContext, function: tuple, mult: tuple, add: tuple) -> tuple:
    """The function with ``y' = y * Mult + Add``."""
    x, y = _function(ctx, function)
    return (_make(x, y * float(mult[0]) + float(add[0])),)
