"""2-D line geometry on control values: angle_lx, angle_ll, intersection_lines and
select_lines_longest.

Angles follow HALCON's image convention (spec §0 G8): radians from the column axis,
counter-clockwise on screen (the row axis points down), so the angle of a direction
(dRow, dCol) is atan2(-dRow, dCol), in [-pi, pi] [doc: angle_lx, "mathematically
positive direction"]. angle_ll is the angle from the first line to the second, in
[-pi, pi] [doc: angle_ll]. intersection_lines intersects the two infinite lines; when
they are identical, IsOverlapping is 1 and no point is returned, parallel distinct lines
return no point and IsOverlapping 0 [doc: intersection_lines]. All parameters take one
value per line pair or a single value for all (tuple-wise, as HALCON's geometry
operators do). select_lines_longest [doc: HALCON 19.05-26.05, obsolete operator] returns the
Num longest input lines; hdlite orders them longest first, stable for ties, and returns the
input values unchanged [unverified order].
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator


def _columns(ctx: CallContext, names: tuple[str, ...], values: tuple[tuple, ...]) -> np.ndarray:
    """The parameters as float arrays of one common length (a single value is repeated)."""
    n = max(len(v) for v in values)
    out = []
    for name, v in zip(names, values, strict=True):
        if len(v) not in (1, n):
            raise ctx.param_error("count", name, f"{len(v)} values where {n} are expected")
        try:
            arr = np.array([float(x) for x in v], dtype=np.float64)
        except (TypeError, ValueError):
            raise ctx.param_error("type", name, "expects numbers") from None
        out.append(np.broadcast_to(arr, (n,)) if len(v) else arr)
    if any(len(v) == 0 for v in values):
        return np.zeros((len(values), 0))
    return np.stack(out)


def _angle(d_row: np.ndarray, d_col: np.ndarray) -> np.ndarray:
    return np.arctan2(0.0 - d_row, d_col)


def _wrap(angle: np.ndarray) -> np.ndarray:
    """Angles to [-pi, pi]."""
    out = (angle + math.pi) % (2 * math.pi) - math.pi
    return np.where((out == -math.pi) & (angle > 0), math.pi, out)


_POINT = ("Row1", "Column1", "Row2", "Column2")
_TWO_LINES = ("RowA1", "ColumnA1", "RowA2", "ColumnA2", "RowB1", "ColumnB1", "RowB2", "ColumnB2")
_LINES = (
    "Line1Row1",
    "Line1Column1",
    "Line1Row2",
    "Line1Column2",
    "Line2Row1",
    "Line2Column1",
    "Line2Row2",
    "Line2Column2",
)


@operator(
    "angle_lx",
    *(ControlIn(n, types="number") for n in _POINT),
    ControlOut("Angle", types="real"),
)
def angle_lx(ctx: CallContext, *args: tuple) -> tuple:
    """Angle between the line through (Row1, Column1) and (Row2, Column2) and the column
    axis, counter-clockwise on screen, in [-pi, pi]."""
    r1, c1, r2, c2 = _columns(ctx, _POINT, args)
    return (tuple(float(a) for a in _angle(r2 - r1, c2 - c1)),)


@operator(
    "angle_ll",
    *(ControlIn(n, types="number") for n in _TWO_LINES),
    ControlOut("Angle", types="real"),
)
def angle_ll(ctx: CallContext, *args: tuple) -> tuple:
    """Angle from line A to line B (each given by two points), counter-clockwise on
    screen, in [-pi, pi]."""
    ra1, ca1, ra2, ca2, rb1, cb1, rb2, cb2 = _columns(ctx, _TWO_LINES, args)
    diff = _angle(rb2 - rb1, cb2 - cb1) - _angle(ra2 - ra1, ca2 - ca1)
    return (tuple(float(a) for a in _wrap(diff)),)


@operator(
    "intersection_lines",
    *(ControlIn(n, types="number") for n in _LINES),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
    ControlOut("IsOverlapping", types="integer"),
)
def intersection_lines(ctx: CallContext, *args: tuple) -> tuple:
    """Intersection point of two infinite lines given by two points each; identical
    lines give IsOverlapping = 1 and no point, parallel lines no point."""
    r1, c1, r2, c2, s1, d1, s2, d2 = _columns(ctx, _LINES, args)
    rows: list[float] = []
    cols: list[float] = []
    overlap: list[int] = []
    for i in range(r1.shape[0]):
        ar, ac = r2[i] - r1[i], c2[i] - c1[i]
        br, bc = s2[i] - s1[i], d2[i] - d1[i]
        if (ar == 0 and ac == 0) or (br == 0 and bc == 0):
            raise ctx.param_error("value", "Line1Row2", "a line needs two different points")
        den = ar * bc - ac * br
        scale = math.hypot(ar, ac) * math.hypot(br, bc)
        wr, wc = s1[i] - r1[i], d1[i] - c1[i]
        if abs(den) <= 1e-12 * scale:
            on_line = abs(wr * ac - wc * ar) <= 1e-9 * math.hypot(ar, ac) * max(
                1.0, math.hypot(wr, wc)
            )
            overlap.append(1 if on_line else 0)
            continue
        t = (wr * bc - wc * br) / den
        rows.append(float(r1[i] + t * ar))
        cols.append(float(c1[i] + t * ac))
        overlap.append(0)
    return (tuple(rows), tuple(cols), tuple(overlap))


_LINES_IN = ("RowBeginIn", "ColBeginIn", "RowEndIn", "ColEndIn")


@operator(
    "select_lines_longest",
    *(ControlIn(n, types="number", count=(0, None)) for n in _LINES_IN),
    ControlIn("Num", types="integer", count=1, default=10),
    *(ControlOut(n) for n in ("RowBeginOut", "ColBeginOut", "RowEndOut", "ColEndOut")),
)
def select_lines_longest(
    ctx: CallContext, rb: tuple, cb: tuple, re: tuple, ce: tuple, num: tuple
) -> tuple:
    """The Num longest of the lines (RowBeginIn, ColBeginIn)-(RowEndIn, ColEndIn), longest
    first (equal lengths keep their input order); all lines when there are fewer."""
    n = len(rb)
    for name, values in zip(_LINES_IN[1:], (cb, re, ce), strict=True):
        if len(values) != n:
            raise ctx.param_error("count", name, f"{len(values)} values for {n} lines")
    if num[0] < 0:
        raise ctx.param_error("value", "Num", f"{num[0]} is negative")
    cols = _columns(ctx, _LINES_IN, (rb, cb, re, ce)) if n else np.zeros((4, 0))
    length = np.hypot(cols[2] - cols[0], cols[3] - cols[1])
    order = np.argsort(-length, kind="stable")[: num[0]]
    return tuple(tuple(values[i] for i in order.tolist()) for values in (rb, cb, re, ce))
