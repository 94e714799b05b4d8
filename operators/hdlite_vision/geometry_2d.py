"""2-D distances, projections and segment intersections on control values: distance_pl,
distance_ps, distance_sl, distance_ss, projection_pl, intersection_segments and
intersection_segment_line.

HALCON's reference [doc: distance_ps, mvtec.com/doc/halcon/2311; distance_pl, distance_sl,
distance_ss, projection_pl, intersection_segments, intersection_segment_line]:

* Every parameter takes one value per computation or a single value for all ("parameter
  broadcasting"); unequal longer tuples are a wrong count.
* distance_pl: distance of a point to the infinite line through two points.
* distance_ps: DistanceMin is distance_pl when the foot of the perpendicular lies between
  the end points, else the distance to the nearer end point; DistanceMax the distance to
  the farther end point.
* distance_sl: DistanceMin 0 when the segment meets the line, else the smaller distance of
  its end points to the line; DistanceMax the larger one.
* distance_ss: DistanceMin 0 when the segments meet, else the smallest end-point-to-segment
  distance; DistanceMax the largest distance between end points.
* projection_pl: the foot of the perpendicular from the point on the line.
* intersection_segments / intersection_segment_line: the intersection point and
  IsOverlapping 0; segments on a common line that share more than a point give no point and
  IsOverlapping 1; no intersection gives no point and IsOverlapping 0 (hdlite returns one
  IsOverlapping per pair and the points of the pairs that have one, as intersection_lines).

A "line" whose two points coincide is HALCON's wrong value (1302 naming its second row)
[unverified: the reference does not say]. Tolerance for "meets": 1e-9 relative.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from .line_geometry import _columns

EPS = 1e-9
_POINT_LINE = ("Row", "Column", "Row1", "Column1", "Row2", "Column2")
_TWO = ("RowA1", "ColumnA1", "RowA2", "ColumnA2", "RowB1", "ColumnB1", "RowB2", "ColumnB2")
_SEGMENTS = (
    "Segment1Row1",
    "Segment1Column1",
    "Segment1Row2",
    "Segment1Column2",
    "Segment2Row1",
    "Segment2Column1",
    "Segment2Row2",
    "Segment2Column2",
)
_SEGMENT_LINE = (
    "SegmentRow1",
    "SegmentColumn1",
    "SegmentRow2",
    "SegmentColumn2",
    "LineRow1",
    "LineColumn1",
    "LineRow2",
    "LineColumn2",
)


def _check_line(ctx: CallContext, dr: np.ndarray, dc: np.ndarray, name: str) -> None:
    if np.any((dr == 0) & (dc == 0)):
        raise ctx.param_error("value", name, "a line needs two different points")


def _line_distance(pr, pc, r1, c1, r2, c2) -> np.ndarray:
    """Distance of points to the infinite lines through (r1, c1) and (r2, c2)."""
    dr, dc = r2 - r1, c2 - c1
    return np.abs((pr - r1) * dc - (pc - c1) * dr) / np.hypot(dr, dc)


def _segment_distance(pr, pc, r1, c1, r2, c2) -> np.ndarray:
    """Distance of points to segments (a degenerate segment is its point)."""
    dr, dc = r2 - r1, c2 - c1
    length2 = dr * dr + dc * dc
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(length2 > 0, ((pr - r1) * dr + (pc - c1) * dc) / length2, 0.0)
    t = np.clip(t, 0.0, 1.0)
    return np.hypot(pr - (r1 + t * dr), pc - (c1 + t * dc))


def _cross(ar, ac, br, bc):
    return ar * bc - ac * br


@operator(
    "distance_pl",
    *(ControlIn(n, types="number") for n in _POINT_LINE),
    ControlOut("Distance", types="real"),
)
def distance_pl(ctx: CallContext, *args: tuple) -> tuple:
    """Distance between points and infinite lines given by two points each."""
    pr, pc, r1, c1, r2, c2 = _columns(ctx, _POINT_LINE, args)
    _check_line(ctx, r2 - r1, c2 - c1, "Row2")
    return (tuple(_line_distance(pr, pc, r1, c1, r2, c2).tolist()),)


@operator(
    "distance_ps",
    *(ControlIn(n, types="number") for n in _POINT_LINE),
    ControlOut("DistanceMin", types="real"),
    ControlOut("DistanceMax", types="real"),
)
def distance_ps(ctx: CallContext, *args: tuple) -> tuple:
    """Smallest and largest distance between points and line segments."""
    pr, pc, r1, c1, r2, c2 = _columns(ctx, _POINT_LINE, args)
    low = _segment_distance(pr, pc, r1, c1, r2, c2)
    high = np.maximum(np.hypot(pr - r1, pc - c1), np.hypot(pr - r2, pc - c2))
    return (tuple(low.tolist()), tuple(high.tolist()))


def _meets(ar1, ac1, ar2, ac2, br1, bc1, br2, bc2, b_is_line: bool) -> np.ndarray:
    """Whether segment A meets segment B (or the infinite line B)."""
    dbr, dbc = br2 - br1, bc2 - bc1
    scale = np.maximum(np.hypot(dbr, dbc), 1.0) * np.maximum(np.hypot(ar2 - ar1, ac2 - ac1), 1.0)
    s1 = _cross(dbr, dbc, ar1 - br1, ac1 - bc1) / scale
    s2 = _cross(dbr, dbc, ar2 - br1, ac2 - bc1) / scale
    a_crosses_b = (s1 * s2 <= 0) | (np.abs(s1) <= EPS) | (np.abs(s2) <= EPS)
    if b_is_line:
        return a_crosses_b
    dar, dac = ar2 - ar1, ac2 - ac1
    t1 = _cross(dar, dac, br1 - ar1, bc1 - ac1) / scale
    t2 = _cross(dar, dac, br2 - ar1, bc2 - ac1) / scale
    b_crosses_a = (t1 * t2 <= 0) | (np.abs(t1) <= EPS) | (np.abs(t2) <= EPS)
    collinear = (np.abs(s1) <= EPS) & (np.abs(s2) <= EPS)
    touching = np.minimum(
        np.minimum(
            _segment_distance(ar1, ac1, br1, bc1, br2, bc2),
            _segment_distance(ar2, ac2, br1, bc1, br2, bc2),
        ),
        np.minimum(
            _segment_distance(br1, bc1, ar1, ac1, ar2, ac2),
            _segment_distance(br2, bc2, ar1, ac1, ar2, ac2),
        ),
    ) <= EPS * np.maximum(1.0, np.abs(ar1) + np.abs(ac1))
    return (a_crosses_b & b_crosses_a & ~collinear) | touching


@operator(
    "distance_sl",
    *(ControlIn(n, types="number") for n in _TWO),
    ControlOut("DistanceMin", types="real"),
    ControlOut("DistanceMax", types="real"),
)
def distance_sl(ctx: CallContext, *args: tuple) -> tuple:
    """Smallest and largest distance between line segments (A) and infinite lines (B)."""
    ar1, ac1, ar2, ac2, br1, bc1, br2, bc2 = _columns(ctx, _TWO, args)
    _check_line(ctx, br2 - br1, bc2 - bc1, "RowB2")
    d1 = _line_distance(ar1, ac1, br1, bc1, br2, bc2)
    d2 = _line_distance(ar2, ac2, br1, bc1, br2, bc2)
    meets = _meets(ar1, ac1, ar2, ac2, br1, bc1, br2, bc2, b_is_line=True)
    low = np.where(meets, 0.0, np.minimum(d1, d2))
    return (tuple(low.tolist()), tuple(np.maximum(d1, d2).tolist()))


@operator(
    "distance_ss",
    *(ControlIn(n, types="number") for n in _TWO),
    ControlOut("DistanceMin", types="real"),
    ControlOut("DistanceMax", types="real"),
)
def distance_ss(ctx: CallContext, *args: tuple) -> tuple:
    """Smallest and largest distance between two line segments."""
    ar1, ac1, ar2, ac2, br1, bc1, br2, bc2 = _columns(ctx, _TWO, args)
    ends = np.minimum(
        np.minimum(
            _segment_distance(ar1, ac1, br1, bc1, br2, bc2),
            _segment_distance(ar2, ac2, br1, bc1, br2, bc2),
        ),
        np.minimum(
            _segment_distance(br1, bc1, ar1, ac1, ar2, ac2),
            _segment_distance(br2, bc2, ar1, ac1, ar2, ac2),
        ),
    )
    meets = _meets(ar1, ac1, ar2, ac2, br1, bc1, br2, bc2, b_is_line=False)
    low = np.where(meets, 0.0, ends)
    high = np.maximum.reduce(
        [
            np.hypot(ar1 - br1, ac1 - bc1),
            np.hypot(ar1 - br2, ac1 - bc2),
            np.hypot(ar2 - br1, ac2 - bc1),
            np.hypot(ar2 - br2, ac2 - bc2),
        ]
    )
    return (tuple(low.tolist()), tuple(high.tolist()))


@operator(
    "projection_pl",
    *(ControlIn(n, types="number") for n in _POINT_LINE),
    ControlOut("RowProj", types="real"),
    ControlOut("ColProj", types="real"),
)
def projection_pl(ctx: CallContext, *args: tuple) -> tuple:
    """The perpendicular projection of points onto infinite lines."""
    pr, pc, r1, c1, r2, c2 = _columns(ctx, _POINT_LINE, args)
    dr, dc = r2 - r1, c2 - c1
    _check_line(ctx, dr, dc, "Row2")
    t = ((pr - r1) * dr + (pc - c1) * dc) / (dr * dr + dc * dc)
    return (tuple((r1 + t * dr).tolist()), tuple((c1 + t * dc).tolist()))


def _intersections(ctx: CallContext, cols: np.ndarray, second_is_line: bool) -> tuple:
    ar1, ac1, ar2, ac2, br1, bc1, br2, bc2 = cols
    rows: list[float] = []
    columns: list[float] = []
    overlap: list[int] = []
    for i in range(ar1.shape[0]):
        pa = np.array([ar1[i], ac1[i]])
        da = np.array([ar2[i] - ar1[i], ac2[i] - ac1[i]])
        pb = np.array([br1[i], bc1[i]])
        db = np.array([br2[i] - br1[i], bc2[i] - bc1[i]])
        scale = max(float(np.hypot(*da)) * float(np.hypot(*db)), 1e-300)
        den = float(_cross(da[0], da[1], db[0], db[1]))
        w = pb - pa
        if abs(den) <= EPS * scale:
            on_line = abs(float(_cross(w[0], w[1], db[0], db[1]))) <= EPS * max(
                float(np.hypot(*db)) * max(1.0, float(np.hypot(*w))), 1e-300
            )
            if not on_line:
                overlap.append(0)
                continue
            if second_is_line:
                overlap.append(1)
                continue
            # collinear segments: parameters of B's ends along A
            length2 = float(da @ da) or 1.0
            t0, t1 = sorted((float(w @ da) / length2, float((w + db) @ da) / length2))
            lo, hi = max(t0, 0.0), min(t1, 1.0)
            if hi - lo > EPS:
                overlap.append(1)
            elif hi - lo >= -EPS:
                point = pa + lo * da
                rows.append(float(point[0]))
                columns.append(float(point[1]))
                overlap.append(0)
            else:
                overlap.append(0)
            continue
        t = float(_cross(w[0], w[1], db[0], db[1])) / den
        u = float(_cross(w[0], w[1], da[0], da[1])) / den
        inside_b = second_is_line or -EPS <= u <= 1 + EPS
        if -EPS <= t <= 1 + EPS and inside_b:
            point = pa + t * da
            rows.append(float(point[0]))
            columns.append(float(point[1]))
        overlap.append(0)
    return (tuple(rows), tuple(columns), tuple(overlap))


@operator(
    "intersection_segments",
    *(ControlIn(n, types="number") for n in _SEGMENTS),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
    ControlOut("IsOverlapping", types="integer"),
)
def intersection_segments(ctx: CallContext, *args: tuple) -> tuple:
    """Intersection points of pairs of line segments (collinear overlaps: IsOverlapping 1)."""
    return _intersections(ctx, _columns(ctx, _SEGMENTS, args), second_is_line=False)


@operator(
    "intersection_segment_line",
    *(ControlIn(n, types="number") for n in _SEGMENT_LINE),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
    ControlOut("IsOverlapping", types="integer"),
)
def intersection_segment_line(ctx: CallContext, *args: tuple) -> tuple:
    """Intersection points of line segments with infinite lines (a segment on the line:
    IsOverlapping 1)."""
    cols = _columns(ctx, _SEGMENT_LINE, args)
    _check_line(ctx, cols[6] - cols[4], cols[7] - cols[5], "LineRow2")
    return _intersections(ctx, cols, second_is_line=True)
