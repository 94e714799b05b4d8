"""Features of the area an XLD contour or polygon encloses: moments_xld, select_xld_point.

Facts from MVTec's reference pages (``search`` tool: moments_xld, HALCON 6.1 and 19.11;
select_xld_point, HALCON 10): both treat each contour or polygon as closed, joining its last
point to its first where it is open. moments_xld computes M11, M20, M02 of the enclosed
region from the points alone (Green's theorem), "see moments_region_2nd for the definition";
select_xld_point keeps every contour or polygon that contains the point (Row, Column) and
returns nothing when none does; a point on the border may go either way.

hdlite's moments are the central moments normalised by the enclosed area, M20 =
(1/A) * integral of (r - r0)^2 (a variance: a disc of radius R gives R^2 / 4, and
sqrt(2 (M20 + M02 + sqrt((M20 - M02)^2 + 4 M11^2))) is its radius R, the relation HALCON's
pages give between moments and axes) [unverified normalisation]. A polygon enclosing no area
(fewer than three points, collinear points) gives 0.0 for all three [unverified].
Containment uses the even-odd rule.
"""

from __future__ import annotations

import numpy as np
from hdlite_image.xld_objects import Contour, Polygon

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    operator,
)


def outline(ctx: CallContext, obj: object, what: str = "XLD") -> tuple[np.ndarray, np.ndarray]:
    """The vertices (rows, cols) of a contour or polygon, without a repeated closing point."""
    if not isinstance(obj, Contour | Polygon):
        kind = getattr(obj, "kind", type(obj).__name__)
        raise ctx.error(9054, f"{what}: expects XLD contours or polygons, got a {kind}")
    rows, cols = obj.rows, obj.cols
    if len(rows) >= 2 and rows[0] == rows[-1] and cols[0] == cols[-1]:
        return rows[:-1], cols[:-1]
    return rows, cols


def polygon_second_moments(rows: np.ndarray, cols: np.ndarray) -> tuple[float, float, float]:
    """(M11, M20, M02): central second moments of the enclosed area, normalised by it."""
    if len(rows) < 3:
        return 0.0, 0.0, 0.0
    y = rows - rows.mean()  # shifted for precision; central moments do not change
    x = cols - cols.mean()
    y2, x2 = np.roll(y, -1), np.roll(x, -1)
    cross = x * y2 - x2 * y
    area = cross.sum() / 2.0
    if abs(area) < 1e-12:
        return 0.0, 0.0, 0.0
    sy = (cross * (y + y2)).sum() / (6.0 * area)
    sx = (cross * (x + x2)).sum() / (6.0 * area)
    syy = (cross * (y * y + y * y2 + y2 * y2)).sum() / (12.0 * area)
    sxx = (cross * (x * x + x * x2 + x2 * x2)).sum() / (12.0 * area)
    sxy = (cross * (x * y2 + 2.0 * x * y + 2.0 * x2 * y2 + x2 * y)).sum() / (24.0 * area)
    return float(sxy - sx * sy), float(syy - sy * sy), float(sxx - sx * sx)


def encloses(rows: np.ndarray, cols: np.ndarray, row: float, col: float) -> bool:
    """Whether the closed polygon encloses the point (even-odd rule)."""
    if len(rows) < 3:
        return False
    r2, c2 = np.roll(rows, -1), np.roll(cols, -1)
    spans = (rows > row) != (r2 > row)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = cols + (row - rows) * (c2 - cols) / (r2 - rows)
    return bool(np.count_nonzero(spans & (at > col)) % 2)


@operator(
    "moments_xld",
    IconicIn("XLD"),
    ControlOut("M11", types="real"),
    ControlOut("M20", types="real"),
    ControlOut("M02", types="real"),
)
def moments_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Second moments M11, M20 (rows) and M02 (columns) of the area each contour or polygon
    encloses (closed implicitly), central and normalised by the area."""
    found = [polygon_second_moments(*outline(ctx, obj)) for obj in objs]
    return tuple(tuple(m[k] for m in found) for k in range(3))


@operator(
    "select_xld_point",
    IconicIn("XLDs"),
    IconicOut("DestXLDs"),
    ControlIn("Row", types="number", count=1, default=100.0),
    ControlIn("Column", types="number", count=1, default=100.0),
)
def select_xld_point(ctx: CallContext, objs: ObjectTuple, row: tuple, col: tuple) -> tuple:
    """Keep the contours or polygons that enclose the point (Row, Column), closing open ones."""
    r, c = float(row[0]), float(col[0])
    kept = [obj for obj in objs if encloses(*outline(ctx, obj, "XLDs"), r, c)]
    return (ObjectTuple(kept),)
