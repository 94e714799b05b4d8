"""Intersections of lines, segments, circles and circular arcs: intersection_line_circle,
intersection_segment_circle and intersection_circles.

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

intersection_circles [doc: intersection_circles, mvtec.com/doc/halcon/1911] intersects two
circles or arcs; when they have a part in common, IsOverlapping is 1 and the end points of
the common arc(s) are returned instead. hdlite's choices [unverified]: the two points of
crossing circles come in the order of increasing angle on the first circle, starting at
its start angle; two equal full circles overlap without end points.
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


def _arc_interval(start: float, end: float, order: str) -> tuple[float, float]:
    """The arc as (first angle, length) in the positive direction."""
    span = (end - start) if order == "positive" else (start - end)
    if span >= TWO_PI - EPS:
        return 0.0, TWO_PI
    span %= TWO_PI
    return (start, span) if order == "positive" else (end % TWO_PI, span)


def _common_arcs(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    """The intervals (first angle, last angle) shared by two arcs of one circle."""
    if a[1] >= TWO_PI and b[1] >= TWO_PI:
        return [(0.0, TWO_PI)]
    offset = (b[0] - a[0]) % TWO_PI
    out = []
    for lo in (offset - TWO_PI, offset, offset + TWO_PI):
        first, last = max(0.0, lo), min(a[1], lo + b[1])
        if last >= first - EPS:
            out.append((a[0] + first, a[0] + last))
    return out


def _point(cr: float, cc: float, radius: float, phi: float) -> tuple[float, float]:
    return cr - radius * math.sin(phi), cc + radius * math.cos(phi)


def _circle(name: str) -> tuple:
    return (
        ControlIn(f"{name}Row", types="number", count=1),
        ControlIn(f"{name}Column", types="number", count=1),
        ControlIn(f"{name}Radius", types="number", count=1),
        ControlIn(f"{name}StartPhi", types="number", count=1, default=0.0),
        ControlIn(f"{name}EndPhi", types="number", count=1, default=6.28318),
        ControlIn(
            f"{name}PointOrder",
            types="string",
            count=1,
            default="positive",
            values=("positive", "negative"),
        ),
    )


@operator(
    "intersection_circles",
    *_circle("Circle1"),
    *_circle("Circle2"),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
    ControlOut("IsOverlapping", types="integer", count=1),
)
def intersection_circles(ctx: CallContext, *args: tuple) -> tuple:
    """Intersection points of two circles or circular arcs; for arcs of one circle with a
    common part, IsOverlapping = 1 and the end points of the common arc."""
    r1, c1, rad1, s1, e1 = (float(a[0]) for a in args[:5])
    r2, c2, rad2, s2, e2 = (float(a[0]) for a in args[6:11])
    order1, order2 = args[5][0], args[11][0]
    values = (r1, c1, rad1, s1, e1, r2, c2, rad2, s2, e2)
    if not all(math.isfinite(v) for v in values):
        raise ctx.param_error("value", "Circle1Radius", "all coordinates must be finite")
    for radius, name in ((rad1, "Circle1Radius"), (rad2, "Circle2Radius")):
        if radius < 0:
            raise ctx.param_error("value", name, f"{radius} is negative")
    arc1, arc2 = _arc_interval(s1, e1, order1), _arc_interval(s2, e2, order2)
    dist = math.hypot(r2 - r1, c2 - c1)
    tol = EPS * max(1.0, rad1, rad2)
    if dist <= tol and abs(rad1 - rad2) <= tol:
        common = _common_arcs(arc1, arc2)
        if not common:
            return (), (), (0,)
        if common == [(0.0, TWO_PI)]:
            return (), (), (1,)
        points = [_point(r1, c1, rad1, phi) for arc in common for phi in arc]
        return tuple(p[0] for p in points), tuple(p[1] for p in points), (1,)
    if dist <= tol or dist > rad1 + rad2 + tol or dist < abs(rad1 - rad2) - tol:
        return (), (), (0,)
    # the chord's foot along the centre line and its half length
    along = (dist * dist + rad1 * rad1 - rad2 * rad2) / (2.0 * dist)
    half = math.sqrt(max(rad1 * rad1 - along * along, 0.0))
    ur, uc = (r2 - r1) / dist, (c2 - c1) / dist
    foot = (r1 + along * ur, c1 + along * uc)
    candidates = [
        (foot[0] + half * uc, foot[1] - half * ur),
        (foot[0] - half * uc, foot[1] + half * ur),
    ]
    if half <= tol:
        candidates = candidates[:1]
    found = []
    for row, col in candidates:
        phi1 = math.atan2(-(row - r1), col - c1)
        phi2 = math.atan2(-(row - r2), col - c2)
        if _on_arc(phi1, s1, e1, order1) and _on_arc(phi2, s2, e2, order2):
            found.append(((phi1 - arc1[0]) % TWO_PI, row, col))
    found.sort()
    return tuple(f[1] for f in found), tuple(f[2] for f in found), (0,)
