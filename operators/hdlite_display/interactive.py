"""Interactive drawing of shapes (draw_rectangle1, draw_circle, ... and their ``_mod`` forms).

A headless run has no mouse: each call takes the next scripted answer for its operator name
from ``ctx.session.answers`` (``hdlite run --answers FILE``, see ``hdlite.answers`` and
docs/interactive.md). An answer is the list of the operator's output values, in signature
order, e.g. ``[Row1, Column1, Row2, Column2]`` for draw_rectangle1; the outputs are reals, as
HALCON returns them. For the ``_mod`` operators an answer may also be ``null``: the user
accepted the given shape unchanged.

Without an answer the call fails with HALCON error 5104 (H_ERR_DNA, "Device resp. operator
not available"): the interactive device is what is missing, and 5104 is HALCON's code for a
device or operator that is not available. (5143 H_ERR_NMS "Window is not suitable for the
mouse" was the other candidate; 5104 also fits the file dialog, so every interactive
operator fails the same way.) ``try ... catch`` catches it like any HALCON error.

Conventions (HALCON's reference pages of each operator): draw_rectangle1's corners come back
ordered, Row1 <= Row2 and Column1 <= Column2, as dragging in any direction gives them;
lengths and radii are not negative. After the drawing ends, the shape is no longer visible
in the window ("After terminating the procedure the circle is not visible in the window
any longer", draw_circle), so these operators leave the window unchanged.
"""

from __future__ import annotations

import math
from typing import Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, HalconError, Param, operator

from .state import window_of
from .windows import WINDOW_HANDLE

NO_INPUT = 5104  # H_ERR_DNA: device resp. operator not available
#: outputs that cannot be negative
NOT_NEGATIVE = {"Length1", "Length2", "Radius", "Radius1", "Radius2"}


def take_answer(ctx: CallContext, example: str) -> Any:
    """The next scripted answer for this operator, or HALCON error 5104 saying how to give one.

    Returns the :class:`hdlite.answers.Answer` (``.value`` is the JSON value).
    """
    answer = ctx.session.answers.take(ctx.operator.name)
    if answer is None:
        raise no_input(ctx, example)
    return answer


def no_input(ctx: CallContext, example: str, code: int = NO_INPUT) -> HalconError:
    """HALCON error ``code`` for a call without a scripted answer (the text says how to add one)."""
    return ctx.error(code, ctx.session.answers.missing(ctx.operator.name, example))


def is_number(value: Any) -> bool:
    """A finite JSON number (``true``/``false`` are not numbers)."""
    return type(value) in (int, float) and math.isfinite(value)


def numbers(ctx: CallContext, answer: Any, names: tuple[str, ...]) -> list[float]:
    """The answer as one finite number per name (lengths and radii not negative)."""
    value = answer.value
    expected = f"[{', '.join(names)}]: {len(names)} numbers"
    if not isinstance(value, list) or len(value) != len(names) or not all(map(is_number, value)):
        raise answer.wrong(expected, ctx.span)
    for name, number in zip(names, value, strict=True):
        if name in NOT_NEGATIVE and number < 0:
            raise answer.wrong(f"{expected}, {name} not negative", ctx.span)
    return [float(v) for v in value]


def _outputs(names: tuple[str, ...]) -> tuple[Param, ...]:
    return tuple(ControlOut(name, types="real", count=1) for name in names)


def _inputs(names: tuple[str, ...]) -> tuple[Param, ...]:
    return tuple(ControlIn(name + "In", types="number", count=1) for name in names)


def _drawn(ctx: CallContext, handle: tuple, names: tuple[str, ...], given: tuple = ()) -> tuple:
    """The outputs of a shape-drawing call: the answer's numbers (or ``given`` for null)."""
    window_of(ctx, handle)
    example = "[" + ", ".join(names) + "]"
    answer = take_answer(ctx, example)
    if given and answer.value is None:
        values = [float(v[0]) for v in given]
    else:
        values = numbers(ctx, answer, names)
    if names[0] == "Row1" and ctx.operator.name.startswith("draw_rectangle1"):
        r1, c1, r2, c2 = values
        values = [min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)]
    return tuple((v,) for v in values)


RECT1 = ("Row1", "Column1", "Row2", "Column2")
RECT2 = ("Row", "Column", "Phi", "Length1", "Length2")
CIRCLE = ("Row", "Column", "Radius")
ELLIPSE = ("Row", "Column", "Phi", "Radius1", "Radius2")
LINE = ("Row1", "Column1", "Row2", "Column2")
POINT = ("Row", "Column")


@operator("draw_rectangle1", WINDOW_HANDLE, *_outputs(RECT1))
def draw_rectangle1(ctx: CallContext, handle: tuple) -> tuple:
    """An axis-parallel rectangle drawn by the user (answer [Row1, Column1, Row2, Column2])."""
    return _drawn(ctx, handle, RECT1)


@operator("draw_rectangle1_mod", WINDOW_HANDLE, *_inputs(RECT1), *_outputs(RECT1))
def draw_rectangle1_mod(ctx: CallContext, handle: tuple, *given: tuple) -> tuple:
    """The user modifies a given axis-parallel rectangle (answer as draw_rectangle1, or null)."""
    return _drawn(ctx, handle, RECT1, given)


@operator("draw_rectangle2", WINDOW_HANDLE, *_outputs(RECT2))
def draw_rectangle2(ctx: CallContext, handle: tuple) -> tuple:
    """An oriented rectangle drawn by the user (answer [Row, Column, Phi, Length1, Length2])."""
    return _drawn(ctx, handle, RECT2)


@operator("draw_rectangle2_mod", WINDOW_HANDLE, *_inputs(RECT2), *_outputs(RECT2))
def draw_rectangle2_mod(ctx: CallContext, handle: tuple, *given: tuple) -> tuple:
    """The user modifies a given oriented rectangle (answer as draw_rectangle2, or null)."""
    return _drawn(ctx, handle, RECT2, given)


@operator("draw_circle", WINDOW_HANDLE, *_outputs(CIRCLE))
def draw_circle(ctx: CallContext, handle: tuple) -> tuple:
    """A circle drawn by the user (answer [Row, Column, Radius])."""
    return _drawn(ctx, handle, CIRCLE)


@operator("draw_circle_mod", WINDOW_HANDLE, *_inputs(CIRCLE), *_outputs(CIRCLE))
def draw_circle_mod(ctx: CallContext, handle: tuple, *given: tuple) -> tuple:
    """The user modifies a given circle (answer as draw_circle, or null)."""
    return _drawn(ctx, handle, CIRCLE, given)


@operator("draw_ellipse", WINDOW_HANDLE, *_outputs(ELLIPSE))
def draw_ellipse(ctx: CallContext, handle: tuple) -> tuple:
    """An ellipse drawn by the user (answer [Row, Column, Phi, Radius1, Radius2])."""
    return _drawn(ctx, handle, ELLIPSE)


@operator("draw_ellipse_mod", WINDOW_HANDLE, *_inputs(ELLIPSE), *_outputs(ELLIPSE))
def draw_ellipse_mod(ctx: CallContext, handle: tuple, *given: tuple) -> tuple:
    """The user modifies a given ellipse (answer as draw_ellipse, or null)."""
    return _drawn(ctx, handle, ELLIPSE, given)


@operator("draw_line", WINDOW_HANDLE, *_outputs(LINE))
def draw_line(ctx: CallContext, handle: tuple) -> tuple:
    """A line segment drawn by the user (answer [Row1, Column1, Row2, Column2])."""
    return _drawn(ctx, handle, LINE)


@operator("draw_line_mod", WINDOW_HANDLE, *_inputs(LINE), *_outputs(LINE))
def draw_line_mod(ctx: CallContext, handle: tuple, *given: tuple) -> tuple:
    """The user modifies a given line segment (answer as draw_line, or null)."""
    return _drawn(ctx, handle, LINE, given)


@operator("draw_point", WINDOW_HANDLE, *_outputs(POINT))
def draw_point(ctx: CallContext, handle: tuple) -> tuple:
    """A point placed by the user (answer [Row, Column])."""
    return _drawn(ctx, handle, POINT)


@operator("draw_point_mod", WINDOW_HANDLE, *_inputs(POINT), *_outputs(POINT))
def draw_point_mod(ctx: CallContext, handle: tuple, *given: tuple) -> tuple:
    """The user moves a given point (answer as draw_point, or null)."""
    return _drawn(ctx, handle, POINT, given)
