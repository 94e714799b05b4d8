"""XLD contours (subpixel polylines) and the operators that make them for plots and overlays.

The :class:`Contour` class (object kind ``'xld_cont'``) lives in ``hdlite_image.xld_objects``,
shared with the vision plugin's XLD operators.
"""

from __future__ import annotations

import itertools
import math

from hdlite_image.xld_objects import Contour

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicObject,
    IconicOut,
    ObjectTuple,
    operator,
)


def _numbers(ctx: CallContext, name: str, values: tuple, count: int) -> list[float]:
    """``values`` as floats, one value repeated to ``count`` or exactly ``count`` values."""
    if len(values) == 1:
        return [float(values[0])] * count
    if len(values) != count:
        raise ctx.param_error("count", name, f"expects 1 or {count} values, got {len(values)}")
    return [float(v) for v in values]


@operator(
    "gen_contour_polygon_xld",
    IconicOut("Contour"),
    ControlIn("Row", types="number"),
    ControlIn("Col", types="number"),
)
def gen_contour_polygon_xld(ctx: CallContext, row: tuple, col: tuple) -> tuple:
    """A contour through the given points, in order."""
    if len(row) != len(col):
        raise ctx.param_error("count", "Col", f"{len(col)} columns for {len(row)} rows")
    return (ObjectTuple([Contour(row, col)]),)


@operator(
    "gen_cross_contour_xld",
    IconicOut("Cross"),
    ControlIn("Row", types="number"),
    ControlIn("Col", types="number"),
    ControlIn("Size", types="number", count=(1, None), default=6.0),
    ControlIn("Angle", types="number", count=(1, None), default=0.785398),
)
def gen_cross_contour_xld(
    ctx: CallContext, row: tuple, col: tuple, size: tuple, angle: tuple
) -> tuple:
    """One cross-shaped contour per point; Size is the length of each bar.

    Each cross is one contour that runs along the first bar, back to the centre, then along
    the second bar [unverified: the order of HALCON's points].
    """
    if len(row) != len(col):
        raise ctx.param_error("count", "Col", f"{len(col)} columns for {len(row)} rows")
    sizes = _numbers(ctx, "Size", size, len(row))
    angles = _numbers(ctx, "Angle", angle, len(row))
    crosses = []
    for r, c, s, a in zip(row, col, sizes, angles, strict=True):
        half = s / 2.0
        ur, uc = -math.sin(a), math.cos(a)  # direction of the first bar
        vr, vc = -uc, ur  # perpendicular
        rows = [r + half * ur, r - half * ur, r, r + half * vr, r - half * vr]
        cols = [c + half * uc, c - half * uc, c, c + half * vc, c - half * vc]
        crosses.append(Contour(rows, cols))
    return (ObjectTuple(crosses),)


@operator(
    "get_contour_xld",
    IconicIn("Contour"),
    ControlOut("Row", types="real"),
    ControlOut("Col", types="real"),
)
def get_contour_xld(ctx: CallContext, contour: ObjectTuple) -> tuple:
    """The points of one contour."""
    if len(contour) != 1:
        raise ctx.error(1501, f"Contour: expects one contour, got {len(contour)} objects")
    obj = contour[0]
    if not isinstance(obj, Contour):
        raise ctx.error(9054, f"Contour: expects an XLD contour, got a {obj.kind}")
    return (tuple(float(v) for v in obj.rows), tuple(float(v) for v in obj.cols))


def _clip_segment(
    p: tuple[float, float], q: tuple[float, float], box: tuple[float, float, float, float]
) -> tuple[float, float] | None:
    """Liang-Barsky: the parameter range [t0, t1] of segment p->q inside ``box``, or None."""
    r1, c1, r2, c2 = box
    dr, dc = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for denom, num in ((-dr, p[0] - r1), (dr, r2 - p[0]), (-dc, p[1] - c1), (dc, c2 - p[1])):
        if denom == 0:
            if num < 0:
                return None
            continue
        t = num / denom
        if denom < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return t0, t1


def clip_polyline(contour: Contour, box: tuple[float, float, float, float]) -> list[Contour]:
    """The pieces of ``contour`` inside the rectangle ``box`` = (row1, col1, row2, col2)."""
    pts = list(zip(contour.rows.tolist(), contour.cols.tolist(), strict=True))
    if len(pts) == 1:
        r, c = pts[0]
        inside = box[0] <= r <= box[2] and box[1] <= c <= box[3]
        return [Contour([r], [c])] if inside else []
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for p, q in itertools.pairwise(pts):
        span = _clip_segment(p, q, box)
        if span is None:
            if len(current) > 1:
                pieces.append(current)
            current = []
            continue
        t0, t1 = span
        a = (p[0] + (q[0] - p[0]) * t0, p[1] + (q[1] - p[1]) * t0)
        b = (p[0] + (q[0] - p[0]) * t1, p[1] + (q[1] - p[1]) * t1)
        if not current:
            current = [a]
        elif t0 > 0:
            if len(current) > 1:
                pieces.append(current)
            current = [a]
        current.append(b)
        if t1 < 1:
            pieces.append(current)
            current = []
    if len(current) > 1:
        pieces.append(current)
    return [Contour([r for r, _ in piece], [c for _, c in piece]) for piece in pieces]


@operator(
    "clip_contours_xld",
    IconicIn("Contours"),
    IconicOut("ClippedContours"),
    ControlIn("Row1", types="number", count=1),
    ControlIn("Column1", types="number", count=1),
    ControlIn("Row2", types="number", count=1),
    ControlIn("Column2", types="number", count=1),
)
def clip_contours_xld(
    ctx: CallContext,
    contours: ObjectTuple,
    row1: tuple,
    column1: tuple,
    row2: tuple,
    column2: tuple,
) -> tuple:
    """Keep the parts of the contours inside a rectangle; a contour may split into several."""
    box = (float(row1[0]), float(column1[0]), float(row2[0]), float(column2[0]))
    out: list[IconicObject] = []
    for obj in contours:
        if not isinstance(obj, Contour):
            raise ctx.error(9054, f"Contours: expects XLD contours, got a {obj.kind}")
        out.extend(clip_polyline(obj, box))
    return (ObjectTuple(out),)
