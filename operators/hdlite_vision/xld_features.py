"""Features of XLD contours and selection by them.

Area features treat a contour as the polygon it encloses, closing open contours implicitly
(vision spec §3.10). The shape features of select_shape_xld follow the region features'
definitions applied to that polygon [unverified against HALCON output]: ra/rb/phi from the
polygon's second moments (an ellipse of half axes a, b gives a, b exactly), circularity =
area / (pi * max distance from the centre to a point ^ 2), compactness = length^2 / (4 pi
area), convexity = area / area of the convex hull, anisometry = ra / rb, bulkiness = pi ra
rb / area, struct_factor = anisometry * bulkiness - 1.
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    operator,
)

from ._xld_common import closed_polygon, contours, polygon_moments


def contour_length(c: Contour) -> float:
    """Length of the polyline (the closing segment of a closed contour included)."""
    if len(c) < 2:
        return 0.0
    return float(np.hypot(np.diff(c.rows), np.diff(c.cols)).sum())


def second_moments(rows: np.ndarray, cols: np.ndarray) -> tuple[float, float, float, float]:
    """|area| and the central second moments (mu_rr, mu_cc, mu_rc) of a polygon."""
    if len(rows) < 3:
        return 0.0, 0.0, 0.0, 0.0
    x, y = rows, cols
    x2, y2 = np.roll(x, -1), np.roll(y, -1)
    a = x * y2 - x2 * y
    area = a.sum() / 2.0
    if area == 0:
        return 0.0, 0.0, 0.0, 0.0
    cx = ((x + x2) * a).sum() / (6 * area)
    cy = ((y + y2) * a).sum() / (6 * area)
    ixx = ((x * x + x * x2 + x2 * x2) * a).sum() / 12 / area - cx * cx
    iyy = ((y * y + y * y2 + y2 * y2) * a).sum() / 12 / area - cy * cy
    ixy = ((x * y2 + 2 * x * y + 2 * x2 * y2 + x2 * y) * a).sum() / 24 / area - cx * cy
    return abs(float(area)), float(ixx), float(iyy), float(ixy)


def elliptic_axis(c: Contour) -> tuple[float, float, float]:
    """Ra, Rb and Phi of the ellipse with the same second moments as the contour's polygon."""
    _area, m20, m02, m11 = second_moments(*closed_polygon(c))
    root = math.sqrt((m20 - m02) ** 2 + 4 * m11 * m11)
    ra = math.sqrt(max(2 * (m20 + m02 + root), 0.0))
    rb = math.sqrt(max(2 * (m20 + m02 - root), 0.0))
    phi = -0.5 * math.atan2(2 * m11, m02 - m20) if (m11 or m02 != m20) else 0.0
    return ra, rb, phi


def _hull(points: np.ndarray) -> np.ndarray:
    from scipy.spatial import ConvexHull, QhullError

    uniq = np.unique(points, axis=0)
    if len(uniq) < 3:
        return uniq
    try:
        return uniq[ConvexHull(uniq).vertices]
    except QhullError:  # collinear points: the two extremes
        d = uniq - uniq[0]
        t = d @ (d[np.argmax((d * d).sum(axis=1))])
        return uniq[[int(np.argmin(t)), int(np.argmax(t))]]


def smallest_rectangle2(points: np.ndarray) -> tuple[float, float, float, float, float]:
    """Row, Column, Phi, Length1, Length2 of the smallest enclosing rotated rectangle."""
    hull = _hull(points)
    if len(hull) == 1:
        return float(hull[0, 0]), float(hull[0, 1]), 0.0, 0.0, 0.0
    best = None
    nxt = np.roll(hull, -1, axis=0)
    for p, q in zip(hull, nxt, strict=True):
        ang = math.atan2(-(q[0] - p[0]), q[1] - p[1])  # screen angle of the edge
        u = np.array([-math.sin(ang), math.cos(ang)])  # edge direction in (row, col)
        v = np.array([-math.cos(ang), -math.sin(ang)])
        pu, pv = hull @ u, hull @ v
        area = (pu.max() - pu.min()) * (pv.max() - pv.min())
        if best is None or area < best[0] - 1e-12:
            best = (area, ang, u, v, pu, pv)
    assert best is not None
    _, ang, u, v, pu, pv = best
    l1, l2 = (pu.max() - pu.min()) / 2, (pv.max() - pv.min()) / 2
    mu, mv = (pu.max() + pu.min()) / 2, (pv.max() + pv.min()) / 2
    center = mu * u + mv * v
    if l2 > l1:
        l1, l2, ang = l2, l1, ang + math.pi / 2
    ang = math.atan2(math.sin(ang), math.cos(ang))
    if ang <= -math.pi / 2:
        ang += math.pi
    elif ang > math.pi / 2:
        ang -= math.pi
    return float(center[0]), float(center[1]), float(ang), float(l1), float(l2)


@operator("length_xld", IconicIn("XLD"), ControlOut("Length", types="real"))
def length_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Length of each contour."""
    return (tuple(contour_length(c) for c in contours(ctx, objs, "XLD")),)


@operator(
    "area_center_xld",
    IconicIn("XLD"),
    ControlOut("Area", types="real"),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
    ControlOut("PointOrder", types="string"),
)
def area_center_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Area and centre of gravity of the polygon each contour encloses (closed implicitly);
    PointOrder 'positive' = counter-clockwise on screen."""
    out: list[list] = [[], [], [], []]
    for c in contours(ctx, objs, "XLD"):
        area, row, col = polygon_moments(*closed_polygon(c))
        for i, v in enumerate((abs(area), row, col, "positive" if area > 0 else "negative")):
            out[i].append(v)
    return tuple(tuple(v) for v in out)


@operator(
    "smallest_rectangle2_xld",
    IconicIn("XLD"),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
    ControlOut("Phi", types="real"),
    ControlOut("Length1", types="real"),
    ControlOut("Length2", types="real"),
)
def smallest_rectangle2_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Smallest enclosing rotated rectangle of each contour's points (Length1 >= Length2,
    Phi in (-pi/2, pi/2])."""
    found = contours(ctx, objs, "XLD")
    for c in found:
        if len(c) == 0:
            raise ctx.error(9053, "a contour has no points")
    rects = [smallest_rectangle2(c.points()) for c in found]
    return tuple(tuple(r[i] for r in rects) for i in range(5))


@operator(
    "smallest_circle_xld",
    IconicIn("XLD"),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
    ControlOut("Radius", types="real"),
)
def smallest_circle_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Smallest enclosing circle of each contour's points."""
    import cv2

    out: list[list[float]] = [[], [], []]
    for c in contours(ctx, objs, "XLD"):
        if len(c) == 0:
            raise ctx.error(9053, "a contour has no points")
        (x, y), r = cv2.minEnclosingCircle(c.points()[:, ::-1].astype(np.float32))
        for i, v in enumerate((y, x, r)):
            out[i].append(float(v))
    return tuple(tuple(v) for v in out)


def shape_feature(c: Contour, name: str) -> float | None:
    """The value of select_shape_xld feature ``name`` for ``c`` (None: unknown name)."""
    rows, cols = closed_polygon(c)
    if name in ("area", "row", "column"):
        area, row, col = polygon_moments(rows, cols)
        return {"area": abs(area), "row": row, "column": col}[name]
    if name in ("row1", "column1", "row2", "column2", "width", "height"):
        if len(c) == 0:
            return 0.0
        r1, c1, r2, c2 = c.rows.min(), c.cols.min(), c.rows.max(), c.cols.max()
        vals = {"row1": r1, "column1": c1, "row2": r2, "column2": c2}
        vals.update({"width": c2 - c1, "height": r2 - r1})
        return float(vals[name])
    if name == "contlength":
        return contour_length(c)
    if name in ("ra", "rb", "phi", "orientation", "anisometry", "bulkiness", "struct_factor"):
        ra, rb, phi = elliptic_axis(c)
        area = abs(polygon_moments(rows, cols)[0])
        aniso = ra / rb if rb > 0 else 0.0
        bulk = math.pi * ra * rb / area if area > 0 else 0.0
        return {
            "ra": ra,
            "rb": rb,
            "phi": phi,
            "orientation": phi,
            "anisometry": aniso,
            "bulkiness": bulk,
            "struct_factor": aniso * bulk - 1 if area > 0 else 0.0,
        }[name]
    if name in ("circularity", "compactness", "convexity", "outer_radius", "max_diameter"):
        return _round_features(c, rows, cols, name)
    if name.startswith("rect2_"):
        if len(c) == 0:
            return 0.0
        r = smallest_rectangle2(c.points())
        return {"rect2_phi": r[2], "rect2_len1": r[3], "rect2_len2": r[4]}.get(name)
    return None


def _round_features(c: Contour, rows: np.ndarray, cols: np.ndarray, name: str) -> float:
    area, row, col = polygon_moments(rows, cols)
    area = abs(area)
    if len(c) == 0:
        return 0.0
    if name == "circularity":
        dmax = float(np.hypot(c.rows - row, c.cols - col).max())
        return min(area / (math.pi * dmax * dmax), 1.0) if dmax > 0 else 0.0
    if name == "compactness":
        length = contour_length(c) + (
            0.0
            if c.closed or len(c) < 2
            else math.hypot(c.rows[-1] - c.rows[0], c.cols[-1] - c.cols[0])
        )
        return length * length / (4 * math.pi * area) if area > 0 else 0.0
    hull = _hull(c.points())
    if name == "convexity":
        hull_area = abs(polygon_moments(hull[:, 0], hull[:, 1])[0]) if len(hull) >= 3 else 0.0
        return area / hull_area if hull_area > 0 else 0.0
    if name == "max_diameter":
        d = hull[:, None, :] - hull[None, :, :]
        return float(np.sqrt((d * d).sum(axis=2)).max())
    import cv2

    return float(cv2.minEnclosingCircle(c.points()[:, ::-1].astype(np.float32))[1])


@operator(
    "select_shape_xld",
    IconicIn("XLD"),
    IconicOut("SelectedXLD"),
    ControlIn("Features", types="string", count=(1, None), default="area"),
    ControlIn("Operation", types="string", count=1, default="and", values=("and", "or")),
    ControlIn("Min", types="number", count=(1, None), default=150.0),
    ControlIn("Max", types="number", count=(1, None), default=99999.0),
)
def select_shape_xld(
    ctx: CallContext, objs: ObjectTuple, features: tuple, op: tuple, lo: tuple, hi: tuple
) -> tuple:
    """Keep the contours whose features lie in [Min, Max] (all features for 'and', one for 'or')."""
    n = len(features)
    if len(lo) not in (1, n):
        raise ctx.param_error("count", "Min", f"{len(lo)} values for {n} features")
    if len(hi) not in (1, n):
        raise ctx.param_error("count", "Max", f"{len(hi)} values for {n} features")
    los, his = (lo * n if len(lo) == 1 else lo), (hi * n if len(hi) == 1 else hi)
    kept = []
    for c in contours(ctx, objs, "XLD"):
        hits = []
        for f, a, b in zip(features, los, his, strict=True):
            value = shape_feature(c, f)
            if value is None:
                raise ctx.param_error("value", "Features", f"unknown feature {f!r}")
            hits.append(a <= value <= b)
        if all(hits) if op[0] == "and" else any(hits):
            kept.append(c)
    return (ObjectTuple(kept),)


def _direction(c: Contour) -> float:
    """Angle of the regression line through the points, in (-pi/2, pi/2]."""
    if len(c) < 2:
        return 0.0
    r, q = c.rows - c.rows.mean(), c.cols - c.cols.mean()
    ang = -0.5 * math.atan2(2 * float((r * q).sum()), float((q * q).sum() - (r * r).sum()))
    return ang if ang > -math.pi / 2 else ang + math.pi


@operator(
    "select_contours_xld",
    IconicIn("Contours"),
    IconicOut("SelectedContours"),
    ControlIn(
        "Feature",
        types="string",
        count=1,
        default="contour_length",
        values=("contour_length", "maximum_extent", "direction", "closed", "open"),
    ),
    ControlIn("Min1", types="number", count=1, default=0.5),
    ControlIn("Max1", types="number", count=1, default=200.0),
    ControlIn("Min2", types="number", count=1, default=-0.5),
    ControlIn("Max2", types="number", count=1, default=0.5),
)
def select_contours_xld(
    ctx: CallContext,
    objs: ObjectTuple,
    feature: tuple,
    min1: tuple,
    max1: tuple,
    min2: tuple,
    max2: tuple,
) -> tuple:
    """Keep contours by length, maximum extent (largest distance of two points), regression
    direction (in [Min1, Max1], radians) or whether the end points are at most Max1 apart
    ('closed') or farther ('open'); Min2/Max2 are unused by these features."""
    f, a, b = feature[0], float(min1[0]), float(max1[0])
    kept = []
    for c in contours(ctx, objs):
        if f == "contour_length":
            ok = a <= contour_length(c) <= b
        elif f == "maximum_extent":
            ok = a <= (shape_feature(c, "max_diameter") or 0.0) <= b
        elif f == "direction":
            ok = a <= _direction(c) <= b
        else:
            gap = math.hypot(c.rows[-1] - c.rows[0], c.cols[-1] - c.cols[0]) if len(c) else 0.0
            ok = (gap <= b) if f == "closed" else (gap > b)
        if ok:
            kept.append(c)
    return (ObjectTuple(kept),)
