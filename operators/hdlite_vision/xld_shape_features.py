"""Shape factors of XLD contours: one operator per feature, as for regions.

Every feature treats a contour as the polygon it encloses (an open contour is closed
implicitly, as HALCON's reference pages of these operators say) and uses the definitions of
:mod:`.xld_features` (select_shape_xld), so a value read here selects the same contours
there:

* elliptic_axis_xld: Ra, Rb, Phi of the ellipse with the polygon's second moments;
  orientation_xld: that Phi;
* eccentricity_xld: Anisometry Ra / Rb, Bulkiness pi Ra Rb / area, StructureFactor
  Anisometry * Bulkiness - 1;
* circularity_xld, compactness_xld, convexity_xld: as in select_shape_xld;
* rectangularity_xld: the rectangle with the polygon's first and second moments (half
  lengths sqrt(3 lambda) along the principal axes) is compared with the polygon; the value
  is 1 - area(polygon XOR rectangle) / area(rectangle), at least 0 (HALCON's definition:
  the area of the difference normalised by the rectangle's area); the intersection is
  computed exactly, by clipping the polygon with the (convex) rectangle;
* diameter_xld: the two contour points farthest apart and their distance;
* area_center_points_xld: the number of points and their mean position (the points are
  weighted equally; no polygon is formed; the repeated end point of a closed contour counts
  once, as the reference page says).

Contours with fewer than three points have area 0: their area-based factors are 0.
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlOut, IconicIn, ObjectTuple, Param, operator

from ._xld_common import closed_polygon, contours, polygon_moments
from .xld_features import _hull, elliptic_axis, second_moments, shape_feature

_XLD = IconicIn("XLD")


def _real(name: str) -> Param:
    return ControlOut(name, types="real")


def _each(ctx: CallContext, objects: ObjectTuple, feature: str) -> tuple:
    return (tuple(float(shape_feature(c, feature) or 0.0) for c in contours(ctx, objects, "XLD")),)


@operator("elliptic_axis_xld", _XLD, _real("Ra"), _real("Rb"), _real("Phi"))
def elliptic_axis_xld(ctx: CallContext, xld: ObjectTuple) -> tuple:
    """Half axes and orientation of the ellipse with the same second moments as each
    contour's polygon."""
    values = [elliptic_axis(c) for c in contours(ctx, xld, "XLD")]
    return tuple(tuple(v[k] for v in values) for k in range(3))


@operator("orientation_xld", _XLD, _real("Phi"))
def orientation_xld(ctx: CallContext, xld: ObjectTuple) -> tuple:
    """Orientation of each contour: the angle of its ellipse's major axis."""
    return _each(ctx, xld, "phi")


@operator(
    "eccentricity_xld", _XLD, _real("Anisometry"), _real("Bulkiness"), _real("StructureFactor")
)
def eccentricity_xld(ctx: CallContext, xld: ObjectTuple) -> tuple:
    """Anisometry, bulkiness and structure factor of each contour's polygon."""
    return (
        _each(ctx, xld, "anisometry")[0],
        _each(ctx, xld, "bulkiness")[0],
        _each(ctx, xld, "struct_factor")[0],
    )


@operator("circularity_xld", _XLD, _real("Circularity"))
def circularity_xld(ctx: CallContext, xld: ObjectTuple) -> tuple:
    """Similarity of each contour's polygon to a circle (1 for a circle)."""
    return _each(ctx, xld, "circularity")


@operator("compactness_xld", _XLD, _real("Compactness"))
def compactness_xld(ctx: CallContext, xld: ObjectTuple) -> tuple:
    """Length^2 / (4 pi area) of each contour (1 for a circle, larger otherwise)."""
    return _each(ctx, xld, "compactness")


@operator("convexity_xld", _XLD, _real("Convexity"))
def convexity_xld(ctx: CallContext, xld: ObjectTuple) -> tuple:
    """Area of each contour's polygon divided by the area of its convex hull."""
    return _each(ctx, xld, "convexity")


def _clip(points: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The polygon ``points`` clipped to the convex polygon ``corners`` (counter-clockwise
    in (row, column) as shoelace area > 0), Sutherland-Hodgman."""
    out = points
    for a, b in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        if len(out) == 0:
            break
        edge = b - a

        def side(p: np.ndarray, a: np.ndarray = a, edge: np.ndarray = edge) -> float:
            return float(edge[0] * (p[1] - a[1]) - edge[1] * (p[0] - a[0]))

        clipped = []
        for p, q in zip(out, np.roll(out, -1, axis=0), strict=True):
            sp, sq = side(p), side(q)
            if sp >= 0:
                clipped.append(p)
            if (sp >= 0) != (sq >= 0):
                t = sp / (sp - sq)
                clipped.append(p + t * (q - p))
        out = np.array(clipped).reshape(-1, 2)
    return out


def _area(points: np.ndarray) -> float:
    if len(points) < 3:
        return 0.0
    return float(polygon_moments(points[:, 0], points[:, 1])[0])


def rectangularity(c: Contour) -> float:
    """1 - |polygon XOR equal-moment rectangle| / |rectangle| (module docstring)."""
    rows, cols = closed_polygon(c)
    area, m20, m02, m11 = second_moments(rows, cols)
    if area <= 0:
        return 0.0
    half = math.sqrt(((m20 - m02) / 2.0) ** 2 + m11 * m11)
    lam1, lam2 = (m20 + m02) / 2.0 + half, max((m20 + m02) / 2.0 - half, 0.0)
    l1, l2 = math.sqrt(3 * lam1), math.sqrt(3 * lam2)
    _ra, _rb, phi = elliptic_axis(c)
    _a, row, col = polygon_moments(rows, cols)
    u = np.array([-math.sin(phi), math.cos(phi)])  # major axis in (row, column)
    v = np.array([math.cos(phi), math.sin(phi)])
    centre = np.array([row, col])
    corners = np.array(
        [centre + su * l1 * u + sv * l2 * v for su, sv in ((1, 1), (-1, 1), (-1, -1), (1, -1))]
    )
    if _area(corners) < 0:
        corners = corners[::-1]
    polygon = np.stack([rows, cols], axis=1)
    if _area(polygon) < 0:
        polygon = polygon[::-1]
    rect_area = 4 * l1 * l2
    if rect_area <= 0:
        return 0.0
    common = abs(_area(_clip(polygon, corners)))
    return max(0.0, 1.0 - ((area - common) + (rect_area - common)) / rect_area)


@operator("rectangularity_xld", _XLD, _real("Rectangularity"))
def rectangularity_xld(ctx: CallContext, xld: ObjectTuple) -> tuple:
    """Similarity of each contour's polygon to the rectangle of equal moments (1 for a
    rectangle)."""
    return (tuple(rectangularity(c) for c in contours(ctx, xld, "XLD")),)


@operator(
    "diameter_xld",
    _XLD,
    _real("Row1"),
    _real("Column1"),
    _real("Row2"),
    _real("Column2"),
    _real("Diameter"),
)
def diameter_xld(ctx: CallContext, xld: ObjectTuple) -> tuple:
    """The two points of each contour farthest apart, and their distance."""
    out: list[tuple[float, float, float, float, float]] = []
    for c in contours(ctx, xld, "XLD"):
        points = c.points()
        if len(points) == 0:
            out.append((0.0, 0.0, 0.0, 0.0, 0.0))
            continue
        hull = _hull(points)
        d = ((hull[:, None, :] - hull[None, :, :]) ** 2).sum(axis=2)
        i, j = np.unravel_index(int(np.argmax(d)), d.shape)
        (r1, c1), (r2, c2) = hull[i], hull[j]
        out.append((float(r1), float(c1), float(r2), float(c2), math.sqrt(float(d[i, j]))))
    return tuple(tuple(v[k] for v in out) for k in range(5))


@operator("area_center_points_xld", _XLD, _real("Area"), _real("Row"), _real("Column"))
def area_center_points_xld(ctx: CallContext, xld: ObjectTuple) -> tuple:
    """Number of points of each contour and their mean row and column."""
    out: list[tuple[float, float, float]] = []
    for c in contours(ctx, xld, "XLD"):
        rows, cols = (c.rows[:-1], c.cols[:-1]) if c.closed else (c.rows, c.cols)
        if len(rows) == 0:
            out.append((0.0, 0.0, 0.0))
        else:
            out.append((float(len(rows)), float(rows.mean()), float(cols.mean())))
    return tuple(tuple(v[k] for v in out) for k in range(3))
