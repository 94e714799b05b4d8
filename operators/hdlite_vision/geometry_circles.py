"""Intersections of lines and segments with circles and circular arcs:
intersection_line_circle and intersection_segment_circle.

HALCON's reference [doc: intersection_line_circle, mvtec.com/doc/halcon/2105 and 11;
intersection_segment_circle]: the circle is given by its centre and radius; a circular arc
additionally by the angles of its start and end points and its point order, 'positive'
(counter-clockwise) or 'negative' (clockwise). The intersection points, if any, are
returned in (Row, Column). Angles follow the image convention of the other geometry
operators (spec G8): the angle of a point (r, c) on the circle is atan2(-(r - Row), c -
Column). hdlite's choices [unverified]: the points come in the order of the line (from its
first point towards its second); a tangent gives one point; an arc whose end angle is a
full turn or more from its start is the whole circle (the defaults 0, 6.28318 and
'positive' give the circle); a point counts as on the arc within 1e-9 rad.
"""

from __future__ import annotations

import math

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

TWO_PI = 2.0 * math.pi
EPS = 1e-9


def _on_arc(phi: float, start: float, end: float, order: str) -> bool:
    """Whether the angle phi lies on the arc from start to end in the given direction."""
    if order == "negative":
        phi, start, end = -phi, -start, -end
    span = end - start
    if span >= TWO_PI - EPS:
        return True
    span %= TWO_PI
    offset = (phi - start) % TWO_PI
    return offset <= span + EPS or offset >= TWO_PI - EPS


def _intersect(
    ctx: CallContext, args: tuple, clip_to_segment: bool, second_row: str
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    r1, c1, r2, c2, cr, cc, radius, start, end = (float(a[0]) for a in args[:9])
    order = args[9][0]
    if not all(math.isfinite(v) for v in (r1, c1, r2, c2, cr, cc, radius, start, end)):
        raise ctx.param_error("value", "CircleRadius", "all coordinates must be finite")
    if radius < 0:
        raise ctx.param_error("value", "CircleRadius", f"{radius} is negative")
    dr, dc = r2 - r1, c2 - c1
    length2 = dr * dr + dc * dc
    if length2 == 0:
        raise ctx.param_error("value", second_row, "a line needs two different points")
    # |p1 + t d - centre|^2 = radius^2
    wr, wc = r1 - cr, c1 - cc
    b = 2.0 * (wr * dr + wc * dc)
    c = wr * wr + wc * wc - radius * radius
    disc = b * b - 4.0 * length2 * c
    scale = max(b * b, abs(4.0 * length2 * c), 1e-300)
    if disc < -1e-12 * scale:
        return (), ()
    root = math.sqrt(max(disc, 0.0))
    ts = [(-b - root) / (2.0 * length2), (-b + root) / (2.0 * length2)]
    if root <= 1e-12 * math.sqrt(scale):
        ts = [-b / (2.0 * length2)]
    rows: list[float] = []
    cols: list[float] = []
    for t in ts:
        if clip_to_segment and not -EPS <= t <= 1.0 + EPS:
            continue
        row, col = r1 + t * dr, c1 + t * dc
        if _on_arc(math.atan2(-(row - cr), col - cc), start, end, order):
            rows.append(row)
            cols.append(col)
    return tuple(rows), tuple(cols)


def _circle_params() -> tuple:
    return (
        ControlIn("CircleRow", types="number", count=1),
        ControlIn("CircleColumn", types="number", count=1),
        ControlIn("CircleRadius", types="number", count=1),
        ControlIn("CircleStartPhi", types="number", count=1, default=0.0),
        ControlIn("CircleEndPhi", types="number", count=1, default=6.28318),
        ControlIn(
            "CirclePointOrder",
            types="string",
            count=1,
            default="positive",
            values=("positive", "negative"),
        ),
    )


@operator(
    "intersection_line_circle",
    ControlIn("LineRow1", types="number", count=1),
    ControlIn("LineColumn1", types="number", count=1),
    ControlIn("LineRow2", types="number", count=1),
    ControlIn("LineColumn2", types="number", count=1),
    *_circle_params(),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
)
def intersection_line_circle(ctx: CallContext, *args: tuple) -> tuple:
    """Intersection points of an infinite line (two points) with a circle or circular arc."""
    return _intersect(ctx, args, clip_to_segment=False, second_row="LineRow2")


@operator(
    "intersection_segment_circle",
    ControlIn("SegmentRow1", types="number", count=1),
    ControlIn("SegmentColumn1", types="number", count=1),
    ControlIn("SegmentRow2", types="number", count=1),
    ControlIn("SegmentColumn2", types="number", count=1),
    *_circle_params(),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
)
def intersection_segment_circle(ctx: CallContext, *args: tuple) -> tuple:
    """Intersection points of a line segment with a circle or circular arc."""
    return _intersect(ctx, args, clip_to_segment=True, second_row="SegmentRow2")
