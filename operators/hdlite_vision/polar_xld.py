"""Polar transforms of XLD contours: polar_trans_contour_xld and
polar_trans_contour_xld_inv.

From HALCON's reference pages (found with the ``search`` tool): the contour in the annular
arc about (Row, Column) is transformed into the polar coordinates of a virtual Width x
Height image with the conventions of polar_trans_region (see :mod:`._polar`); the result is
cropped at the borders of that image; a contour may become several contours, because it is
split at AngleStart or AngleEnd or because the angle interval covers more than one 2 pi
period, so the output has no index relation to the input. polar_trans_contour_xld_inv maps
a contour of a WidthIn x HeightIn polar image back onto the arc (column WidthIn - 1 is
AngleEnd, row HeightIn - 1 is RadiusEnd) and crops it at the borders of the virtual Width x
Height output image.

hdlite: a contour's angles are followed continuously along the contour (no jump of 2 pi
between neighbouring points), and every 2 pi period that meets the angle interval gives
its part of the contour; cropping cuts a segment where it crosses the border, the cut point
interpolated linearly; contour points are transformed, segments stay straight; attributes
are dropped. [unverified] a zero angle or radius range (AngleStart = AngleEnd or
RadiusStart = RadiusEnd) with more than one column or row is a wrong value; a virtual image
of one column (row) puts every point into that column (row).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._polar import TWO_PI, Arc, arc_args
from ._xld_common import contours


def _clip_segment(p: np.ndarray, q: np.ndarray, hi: tuple[float, float]) -> tuple | None:
    """Liang-Barsky: the parameters (t0, t1) of the part of p -> q inside [0, hi]."""
    t0, t1 = 0.0, 1.0
    d = q - p
    for axis in (0, 1):
        for lo_side in (True, False):
            num = -p[axis] if lo_side else p[axis] - hi[axis]
            den = d[axis] if lo_side else -d[axis]
            if den == 0:
                if num > 0:
                    return None
                continue
            t = num / den
            if den > 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    return (t0, t1) if t0 <= t1 else None


def crop(rows: np.ndarray, cols: np.ndarray, height: int, width: int) -> list[np.ndarray]:
    """The pieces (n x 2 arrays of row, column) of a polyline inside [0, height - 1] x
    [0, width - 1]."""
    pts = np.stack([rows, cols], axis=1)
    hi = (float(height - 1), float(width - 1))
    if len(pts) == 1:
        p = pts[0]
        inside = 0 <= p[0] <= hi[0] and 0 <= p[1] <= hi[1]
        return [pts] if inside else []
    pieces: list[list[np.ndarray]] = []
    current: list[np.ndarray] = []
    for p, q in itertools.pairwise(pts):
        part = _clip_segment(p, q, hi)
        if part is None:
            if current:
                pieces.append(current)
            current = []
            continue
        t0, t1 = part
        start, end = p + t0 * (q - p), p + t1 * (q - p)
        if current and t0 > 0:
            pieces.append(current)
            current = []
        if not current:
            current = [start]
        current.append(end)
        if t1 < 1:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [np.array(piece) for piece in pieces if len(piece) >= 2]


def _scale(start: float, end: float, n: int, name: str, ctx: CallContext) -> float:
    if n == 1:
        return 0.0
    if end == start:
        raise ctx.param_error("value", name, "a zero range cannot be spread over the image")
    return (n - 1) / (end - start)


def to_polar(ctx: CallContext, c: Contour, arc: Arc) -> list[np.ndarray]:
    """The pieces of a contour in polar coordinates of the arc's virtual image."""
    if len(c) == 0:
        return []
    sa = _scale(arc.a0, arc.a1, arc.width, "AngleEnd", ctx)
    sr = _scale(arc.r0, arc.r1, arc.height, "RadiusEnd", ctx)
    dr, dc = c.rows - arc.row, c.cols - arc.col
    prow = (np.hypot(dr, dc) - arc.r0) * sr
    angle = np.unwrap(np.arctan2(-dr, dc))
    low, high = min(arc.a0, arc.a1), max(arc.a0, arc.a1)
    k0 = math.floor((low - angle.max()) / TWO_PI)
    k1 = math.ceil((high - angle.min()) / TWO_PI)
    pieces: list[np.ndarray] = []
    for k in range(k0, k1 + 1):
        pcol = (angle + k * TWO_PI - arc.a0) * sa
        pieces += crop(prow, pcol, arc.height, arc.width)
    return pieces


_ARC = (
    ControlIn("Row", types="number", count=1, default=256),
    ControlIn("Column", types="number", count=1, default=256),
    ControlIn("AngleStart", types="number", count=1, default=0.0),
    ControlIn("AngleEnd", types="number", count=1, default=6.28318),
    ControlIn("RadiusStart", types="number", count=1, default=0),
    ControlIn("RadiusEnd", types="number", count=1, default=100),
)


@operator(
    "polar_trans_contour_xld",
    IconicIn("Contour"),
    IconicOut("PolarTransContour"),
    *_ARC,
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def polar_trans_contour_xld(ctx: CallContext, contour: ObjectTuple, *args: tuple) -> tuple:
    """Contours in an annular arc in polar coordinates of a virtual Width x Height image,
    cropped at its borders (one contour may give several)."""
    *geo, width, height = args
    arc = arc_args(ctx, tuple(geo), width, height)
    out = []
    for c in contours(ctx, contour, "Contour"):
        out += [Contour(p[:, 0], p[:, 1]) for p in to_polar(ctx, c, arc)]
    return (ObjectTuple(out),)


@operator(
    "polar_trans_contour_xld_inv",
    IconicIn("PolarContour"),
    IconicOut("XYTransContour"),
    *_ARC,
    ControlIn("WidthIn", types="integer", count=1, default=512),
    ControlIn("HeightIn", types="integer", count=1, default=512),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def polar_trans_contour_xld_inv(ctx: CallContext, contour: ObjectTuple, *args: tuple) -> tuple:
    """Contours of a WidthIn x HeightIn polar image back onto the annular arc, cropped at
    the borders of a virtual Width x Height image."""
    *geo, width_in, height_in, width, height = args
    arc = arc_args(ctx, tuple(geo), width_in, height_in)
    out_size = arc_args(ctx, tuple(geo), width, height)
    out = []
    for c in contours(ctx, contour, "PolarContour"):
        if len(c) == 0:
            continue
        rows, cols = arc.cartesian(c.rows, c.cols)
        pieces = crop(rows, cols, out_size.height, out_size.width)
        out += [Contour(p[:, 0], p[:, 1]) for p in pieces]
    return (ObjectTuple(out),)
