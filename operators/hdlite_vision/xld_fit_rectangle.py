"""Fitting rotated rectangles to XLD contours: fit_rectangle2_contour_xld.

Signature and defaults from MVTec's reference pages (``search`` tool: HALCON 19.05-26.11):
fit_rectangle2_contour_xld(Contours : : Algorithm, MaxNumPoints, MaxClosureDist,
ClippingEndPoints, Iterations, ClippingFactor : Row, Column, Phi, Length1, Length2,
PointOrder), one rectangle per contour. Algorithms 'regression', 'huber' and 'tukey'
(defaults 'regression', -1, 0.0, 0, 3, 2.0 [unverified defaults]).

hdlite minimises the squared distances of the points to the rectangle's outline over (Row,
Column, Phi, Length1, Length2), started from the smallest enclosing rectangle of the points
(scipy.optimize.least_squares); 'huber' and 'tukey' repeat the fit Iterations times with the
Huber or Tukey weights of the distances (clipping distance ClippingFactor times the larger of
the robust standard deviation and the mean distance) [unverified scale]. The result is
normalised as smallest_rectangle2 reports rectangles: Length1 >= Length2 and Phi in (-pi/2,
pi/2]. A contour whose end points lie farther apart than MaxClosureDist is open:
ClippingEndPoints points are left out at each end; MaxNumPoints > 0 uses that many points,
evenly spread. PointOrder is 'positive' when the points run counter-clockwise on screen. Fewer
than 3 usable points is error 9053 [unverified, as the other contour fits].
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from ._xld_common import contours, polygon_moments
from .xld_features import smallest_rectangle2

_ALGORITHMS = ("regression", "huber", "tukey")


def _weights(d: np.ndarray, kind: str, factor: float) -> np.ndarray:
    """Huber or Tukey weights; the clipping distance is ClippingFactor times the larger of the
    robust standard deviation and the mean distance (so that an almost perfect fit, whose
    median distance is 0, does not cut off the points of a side that a gross outlier pulled
    away by a fraction of a pixel)."""
    a = np.abs(d)
    scale = max(float(np.median(a)) / 0.6745, float(a.mean()))
    sigma = max(factor * scale, 1e-9)
    if kind == "huber":
        return np.where(a <= sigma, 1.0, sigma / np.maximum(a, 1e-12))
    return np.where(a <= sigma, (1 - (a / sigma) ** 2) ** 2, 0.0)


def outline_distances(params: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Distances of the points (row, col) to the outline of the rectangle ``params``."""
    row, col, phi, l1, l2 = params
    dr, dc = pts[:, 0] - row, pts[:, 1] - col
    u = dc * math.cos(phi) - dr * math.sin(phi)  # along Phi (G8: rows point down)
    v = dc * math.sin(phi) + dr * math.cos(phi)
    eu, ev = np.abs(u) - abs(l1), np.abs(v) - abs(l2)
    outside = np.hypot(np.maximum(eu, 0.0), np.maximum(ev, 0.0))
    inside = np.minimum(np.maximum(eu, ev), 0.0)
    return outside + np.abs(inside)


def _normalised(row: float, col: float, phi: float, l1: float, l2: float) -> tuple:
    l1, l2 = abs(l1), abs(l2)
    if l2 > l1:
        l1, l2, phi = l2, l1, phi + math.pi / 2
    phi = math.remainder(phi, math.pi)  # (-pi/2, pi/2]
    if phi <= -math.pi / 2 + 1e-12:
        phi += math.pi
    return row, col, phi, l1, l2


def fit_rectangle(pts: np.ndarray, algo: str, iterations: int, factor: float) -> tuple:
    """(Row, Column, Phi, Length1, Length2) of the rectangle fitted to the points."""
    from scipy.optimize import least_squares

    start = np.array(smallest_rectangle2(pts), dtype=np.float64)
    weights = np.ones(len(pts))
    params = start
    scale = max(float(np.ptp(pts, axis=0).max()), 1.0)
    for k in range(1 if algo == "regression" else max(iterations, 0) + 1):
        if k > 0:
            weights = _weights(outline_distances(params, pts), algo, factor)
            if weights.sum() <= 0:
                break
        root = np.sqrt(weights)
        fit = least_squares(
            lambda p, w=root: w * outline_distances(p, pts),
            params,
            x_scale=np.array([scale, scale, 1.0, scale, scale]),
            xtol=1e-12,
            ftol=1e-12,
        )
        params = fit.x
    return _normalised(*(float(v) for v in params))


def _usable(c: Contour, max_num: int, closure: float, clip: int) -> np.ndarray:
    pts = c.points()
    if len(pts) >= 2 and np.array_equal(pts[0], pts[-1]):
        pts = pts[:-1]
    elif len(pts) >= 2 and math.dist(pts[0], pts[-1]) > closure and clip > 0:
        pts = pts[clip : len(pts) - clip]
    if max_num > 0 and len(pts) > max_num:
        pts = pts[np.linspace(0, len(pts) - 1, max_num).round().astype(int)]
    return pts


@operator(
    "fit_rectangle2_contour_xld",
    IconicIn("Contours"),
    ControlIn("Algorithm", types="string", count=1, default="regression", values=_ALGORITHMS),
    ControlIn("MaxNumPoints", types="integer", count=1, default=-1),
    ControlIn("MaxClosureDist", types="number", count=1, default=0.0),
    ControlIn("ClippingEndPoints", types="integer", count=1, default=0),
    ControlIn("Iterations", types="integer", count=1, default=3),
    ControlIn("ClippingFactor", types="number", count=1, default=2.0),
    *(ControlOut(n, types="real") for n in ("Row", "Column", "Phi", "Length1", "Length2")),
    ControlOut("PointOrder", types="string"),
)
def fit_rectangle2_contour_xld(
    ctx: CallContext, objs: ObjectTuple, algo, max_num, closure, clip, iters, factor
) -> tuple:
    """Fit a rotated rectangle to each contour: centre, angle of the longer side, half side
    lengths (Length1 >= Length2) and the contour's point order."""
    for name, value in (("MaxClosureDist", closure[0]), ("ClippingFactor", factor[0])):
        if not (math.isfinite(float(value)) and float(value) >= 0):
            raise ctx.param_error("value", name, f"{value!r} is not a non-negative number")
    if clip[0] < 0:
        raise ctx.param_error("value", "ClippingEndPoints", f"{clip[0]} is negative")
    out: list[list] = [[] for _ in range(6)]
    for c in contours(ctx, objs):
        pts = _usable(c, max_num[0], float(closure[0]), clip[0])
        if len(pts) < 3:
            raise ctx.error(9053, f"a contour has {len(pts)} usable points, the fit needs 3")
        rect = fit_rectangle(pts, algo[0], iters[0], float(factor[0]))
        area = polygon_moments(pts[:, 0], pts[:, 1])[0]
        for i, v in enumerate((*rect, "positive" if area > 0 else "negative")):
            out[i].append(v)
    return tuple(tuple(v) for v in out)
