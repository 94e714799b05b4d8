"""XLD contours: made from regions and shapes, turned back into regions, transformed, and
their attributes read.

Conventions (vision spec §3.10, G8): rows point down, angles are counter-clockwise on
screen from the column axis, so a point at angle phi on a circle is (row - R sin phi,
col + R cos phi). Closed contours repeat their first point at the end.

Settled points [unverified against HALCON output]: gen_contour_region_xld gives one contour
per 8-connected component (outer outlines first, in raster order of their top-left corner,
then, for 'border_holes', the hole outlines); 'border' outlines keep only the corner points
and run clockwise on screen; gen_rectangle2_contour_xld starts at the corner (-Length1,
+Length2) of the rectangle's own frame and runs clockwise on screen; an empty region gives a
contour without points.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hdlite_image._common import check_count
from hdlite_image.xld_objects import Contour

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    Region,
    operator,
)

from ._xld_common import contours, crack_outlines, regions, spread


def _center_outlines(mask: np.ndarray) -> list[np.ndarray]:
    import cv2

    found, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    out = []
    for cnt in found:
        pts = cnt[:, 0, ::-1].astype(np.float64)  # (col, row) -> (row, col)
        if len(pts) > 1:
            pts = np.vstack([pts, pts[:1]])
        out.append(pts)
    out.sort(key=lambda p: (p[:, 0].min(), p[p[:, 0] == p[:, 0].min(), 1].min()))
    return out


@operator(
    "gen_contour_region_xld",
    IconicIn("Regions"),
    IconicOut("Contours"),
    ControlIn(
        "Mode",
        types="string",
        count=1,
        default="border",
        values=("border", "center", "border_holes"),
    ),
)
def gen_contour_region_xld(ctx: CallContext, objs: ObjectTuple, mode: tuple) -> tuple:
    """Outlines of regions: 'border' runs along the pixel edges (corners at ±0.5),
    'border_holes' adds the hole outlines, 'center' joins the centres of the border pixels."""
    out: list[Contour] = []
    for reg in regions(ctx, objs):
        mask = np.asarray(reg.mask, dtype=bool)
        if not mask.any():
            out.append(Contour([], []))
            continue
        if mode[0] == "center":
            loops = _center_outlines(mask)
        else:
            loops = crack_outlines(mask)
            outer = [p for p in loops if _clockwise(p)]
            holes = [p for p in loops if not _clockwise(p)] if mode[0] == "border_holes" else []
            loops = outer + holes
        for p in loops:
            out.append(Contour(p[:, 0] + reg.row, p[:, 1] + reg.column))
    return (ObjectTuple(out),)


def _clockwise(p: np.ndarray) -> bool:
    r, c = p[:, 0], p[:, 1]
    return float((c * np.roll(r, -1) - np.roll(c, -1) * r).sum()) > 0


@operator(
    "gen_region_contour_xld",
    IconicIn("Contour"),
    IconicOut("Region"),
    ControlIn("Mode", types="string", count=1, default="filled", values=("filled", "margin")),
)
def gen_region_contour_xld(ctx: CallContext, objs: ObjectTuple, mode: tuple) -> tuple:
    """Regions from contours: 'filled' holds the pixels whose centres lie inside the
    (implicitly closed) contour, 'margin' the pixels the polyline passes through."""
    from skimage.draw import line, polygon

    out = []
    for c in contours(ctx, objs, "Contour"):
        if len(c) == 0:
            out.append(Region(0, 0, np.zeros((0, 0), dtype=bool)))
            continue
        rows, cols = np.round(c.rows).astype(np.int64), np.round(c.cols).astype(np.int64)
        r0, c0 = math.floor(c.rows.min()), math.floor(c.cols.min())
        h = math.ceil(c.rows.max()) - r0 + 2
        w = math.ceil(c.cols.max()) - c0 + 2
        mask = np.zeros((h, w), dtype=bool)
        if mode[0] == "filled" and len(c) >= 3:
            pr, pc = polygon(c.rows - r0, c.cols - c0, shape=(h, w))
            mask[pr, pc] = True
        pts = list(zip((rows - r0).tolist(), (cols - c0).tolist(), strict=True))
        mask[pts[0]] = True
        for (ra, ca), (rb, cb) in itertools.pairwise(pts):
            lr, lc = line(ra, ca, rb, cb)
            mask[lr, lc] = True
        out.append(Region(r0, c0, mask))
    return (ObjectTuple(out),)


def _arc_angles(
    ctx: CallContext, start: float, end: float, order: str, length_per_rad: float, res: float
):
    for value, name in ((start, "StartPhi"), (end, "EndPhi"), (length_per_rad, "Radius")):
        if not math.isfinite(value):
            raise ctx.param_error("value", name, f"{value!r} is not a finite number")
    turn = 2 * math.pi
    extent = end - start
    if max(abs(start), abs(end)) > 2**40 or abs(extent) > 100 * turn:
        # whole turns at once: a turn at a time would take forever (or, where a turn is
        # below the precision of the angles, never end)
        if order == "positive" and extent <= 0:
            extent = math.fmod(extent, turn) + turn
        elif order != "positive" and extent >= 0:
            extent = math.fmod(extent, turn) - turn
    else:
        if order == "positive":
            while end <= start:
                end += turn
        else:
            while end >= start:
                end -= turn
        extent = end - start
    full = abs(extent) >= 2 * math.pi - 1e-4
    if full:
        extent = math.copysign(2 * math.pi, extent)
    points = abs(extent) * length_per_rad / res
    check_count(ctx, points, "Resolution", 16)
    n = max(math.ceil(points), 1)
    if full:
        n = max(n, 3)
    t = start + extent * np.arange(n + 1) / n
    return t, full


@operator(
    "gen_circle_contour_xld",
    IconicOut("ContCircle"),
    ControlIn("Row", types="number", default=200),
    ControlIn("Column", types="number", default=200),
    ControlIn("Radius", types="number", default=100),
    ControlIn("StartPhi", types="number", default=0),
    ControlIn("EndPhi", types="number", default=6.28318),
    ControlIn("PointOrder", types="string", default="positive", values=("positive", "negative")),
    ControlIn("Resolution", types="number", default=1),
)
def gen_circle_contour_xld(ctx: CallContext, *args: tuple) -> tuple:
    """Circles or arcs, points at most Resolution apart; a full circle is closed."""
    n = max(len(a) for a in args)
    row, col, rad, sp, ep, order, res = (spread(ctx, a, n, "Row") for a in args)
    out = []
    for i in range(n):
        if rad[i] < 0:
            raise ctx.param_error("value", "Radius", f"{rad[i]!r} is negative")
        if res[i] <= 0:
            raise ctx.param_error("value", "Resolution", f"{res[i]!r} must be positive")
        t, full = _arc_angles(
            ctx, float(sp[i]), float(ep[i]), order[i], float(rad[i]), float(res[i])
        )
        rows = row[i] - rad[i] * np.sin(t)
        cols = col[i] + rad[i] * np.cos(t)
        if full:
            rows[-1], cols[-1] = rows[0], cols[0]
        out.append(Contour(rows, cols))
    return (ObjectTuple(out),)


@operator(
    "gen_ellipse_contour_xld",
    IconicOut("ContEllipse"),
    ControlIn("Row", types="number", default=200),
    ControlIn("Column", types="number", default=200),
    ControlIn("Phi", types="number", default=0),
    ControlIn("Radius1", types="number", default=100),
    ControlIn("Radius2", types="number", default=50),
    ControlIn("StartPhi", types="number", default=0),
    ControlIn("EndPhi", types="number", default=6.28318),
    ControlIn("PointOrder", types="string", default="positive", values=("positive", "negative")),
    ControlIn("Resolution", types="number", default=1.5),
)
def gen_ellipse_contour_xld(ctx: CallContext, *args: tuple) -> tuple:
    """Ellipses or elliptic arcs (StartPhi/EndPhi measured from the Radius1 axis)."""
    n = max(len(a) for a in args)
    row, col, phi, r1, r2, sp, ep, order, res = (spread(ctx, a, n, "Row") for a in args)
    out = []
    for i in range(n):
        if r1[i] < 0 or r2[i] < 0:
            raise ctx.param_error("value", "Radius1", "radii must not be negative")
        if res[i] <= 0:
            raise ctx.param_error("value", "Resolution", f"{res[i]!r} must be positive")
        t, full = _arc_angles(
            ctx, float(sp[i]), float(ep[i]), order[i], float(max(r1[i], r2[i])), float(res[i])
        )
        x, y = r1[i] * np.cos(t), r2[i] * np.sin(t)
        cp, sn = math.cos(phi[i]), math.sin(phi[i])
        rows = row[i] - (x * sn + y * cp)
        cols = col[i] + (x * cp - y * sn)
        if full:
            rows[-1], cols[-1] = rows[0], cols[0]
        out.append(Contour(rows, cols))
    return (ObjectTuple(out),)


@operator(
    "gen_rectangle2_contour_xld",
    IconicOut("Rectangle"),
    ControlIn("Row", types="number", default=300),
    ControlIn("Column", types="number", default=200),
    ControlIn("Phi", types="number", default=0),
    ControlIn("Length1", types="number", default=100),
    ControlIn("Length2", types="number", default=20),
)
def gen_rectangle2_contour_xld(ctx: CallContext, *args: tuple) -> tuple:
    """Closed 5-point contours of rotated rectangles (half edge lengths Length1, Length2)."""
    n = max(len(a) for a in args)
    row, col, phi, l1, l2 = (spread(ctx, a, n, "Row") for a in args)
    out = []
    for i in range(n):
        cp, sn = math.cos(phi[i]), math.sin(phi[i])
        local = [
            (-l1[i], l2[i]),
            (l1[i], l2[i]),
            (l1[i], -l2[i]),
            (-l1[i], -l2[i]),
            (-l1[i], l2[i]),
        ]
        rows = [row[i] - (x * sn + y * cp) for x, y in local]
        cols = [col[i] + (x * cp - y * sn) for x, y in local]
        out.append(Contour(rows, cols))
    return (ObjectTuple(out),)


@operator(
    "affine_trans_contour_xld",
    IconicIn("Contours"),
    IconicOut("ContoursAffineTrans"),
    ControlIn("HomMat2D", types="number", count=6),
)
def affine_trans_contour_xld(ctx: CallContext, objs: ObjectTuple, mat: tuple) -> tuple:
    """Apply a 2-D homogeneous matrix to every point, (row, column) taken as (x, y)."""
    a = [float(v) for v in mat]
    out = []
    for c in contours(ctx, objs):
        rows = a[0] * c.rows + a[1] * c.cols + a[2]
        cols = a[3] * c.rows + a[4] * c.cols + a[5]
        out.append(Contour(rows, cols, dict(c.attribs), c.global_attribs))
    return (ObjectTuple(out),)


def _one(ctx: CallContext, objs: ObjectTuple) -> Contour:
    found = contours(ctx, objs, "Contour")
    if len(found) != 1:
        raise ctx.error(1501, f"Contour: expects one contour, got {len(found)} objects")
    return found[0]


@operator(
    "get_contour_attrib_xld",
    IconicIn("Contour"),
    ControlIn("Name", types="string", count=1, default="angle"),
    ControlOut("Attrib", types="real"),
)
def get_contour_attrib_xld(ctx: CallContext, objs: ObjectTuple, name: tuple) -> tuple:
    """The values of a per-point attribute of one contour, one per point."""
    c = _one(ctx, objs)
    if name[0] not in c.attribs:
        raise ctx.param_error("value", "Name", f"the contour has no attribute {name[0]!r}")
    return (tuple(float(v) for v in c.attribs[name[0]]),)


@operator(
    "get_contour_global_attrib_xld",
    IconicIn("Contour"),
    ControlIn("Name", types="string", count=(1, None), default="regr_norm_row"),
    ControlOut("Attrib", types="real"),
)
def get_contour_global_attrib_xld(ctx: CallContext, objs: ObjectTuple, name: tuple) -> tuple:
    """Global attributes of contours: one value per contour and name."""
    out = []
    for c in contours(ctx, objs, "Contour"):
        for n in name:
            if n not in c.global_attribs:
                raise ctx.param_error("value", "Name", f"the contour has no attribute {n!r}")
            out.append(c.global_attribs[n])
    return (tuple(out),)


@operator(
    "query_contour_attribs_xld",
    IconicIn("Contour"),
    ControlOut("Attribs", types="string"),
)
def query_contour_attribs_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Names of the per-point attributes of one contour."""
    return (tuple(sorted(_one(ctx, objs).attribs)),)


@operator(
    "query_contour_global_attribs_xld",
    IconicIn("Contour"),
    ControlOut("Attribs", types="string"),
)
def query_contour_global_attribs_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Names of the global attributes of one contour."""
    return (tuple(sorted(_one(ctx, objs).global_attribs)),)
