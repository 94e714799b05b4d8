"""Sub-pixel precise critical points of the gray-value surface: local_max_sub_pix,
local_min_sub_pix, saddle_points_sub_pix and critical_points_sub_pix.

From HALCON's reference pages (local_max_sub_pix, critical_points_sub_pix, found with the
``search`` tool): in each point the image is approximated by a quadratic polynomial in x and
y whose partial derivatives come from Gaussian derivatives of Sigma (Filter 'gauss') or from
the facet model after smoothing the image with a Gaussian of Sigma (Filter 'facet'; Sigma 0.0
skips the smoothing). A point is a maximum when both eigenvalues of the Hessian are smaller
than -Threshold, a minimum when both are larger than Threshold, a saddle point when both
absolute values exceed Threshold and the signs differ. Default Filter 'facet', Threshold 5.0;
restriction Sigma >= 0.0.

hdlite's reading of "examined for extrema": at every pixel of the domain, the stationary
point of the Taylor polynomial ``f + g·d + ½ dᵀ H d`` is ``d = -H⁻¹ g``; it is reported
(at pixel + d) when it lies near the pixel, ``|d_row|, |d_col| <= 0.6``; of points closer
than 0.5 px to each other only the one nearest to its pixel's centre is kept (a point on a
pixel border is found once); points come in the order of their pixels, row by row. The
facet model is the least-squares quadratic on the 3x3 neighbourhood (the masks of
lines_facet). [unverified] the window size of 'facet', the in-pixel test, the default Sigma
(1.5), a Sigma of 0.0 with 'gauss' and a negative Threshold (hdlite: wrong value). Pixels
outside the domain are not examined; the derivatives are taken on the whole image with the
border pixels repeated.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    Image,
    ObjectTuple,
    operator,
)

from ._gray import domain_mask, single_image
from .lines_facet import facet_masks

_TYPES = ("byte", "int1", "int2", "uint2", "int4", "real")
_FILTERS = ("facet", "gauss")
#: how far from its pixel's centre a stationary point is still taken (a little more than
#: half a pixel, so that a point on a pixel border is found from one of its two pixels)
_REACH = 0.6


def _number(ctx: CallContext, value: object, name: str) -> float:
    if type(value) not in (int, float) or not math.isfinite(float(value)):  # type: ignore[arg-type]
        raise ctx.param_error("value", name, f"{value!r} is not a finite number")
    number = float(value)  # type: ignore[arg-type]
    if number < 0:
        raise ctx.param_error("value", name, f"{number} must not be negative")
    return number


def derivatives(data: np.ndarray, method: str, sigma: float) -> list[np.ndarray]:
    """First and second derivatives (d/drow, d/dcol, d2/drow2, d2/drowdcol, d2/dcol2)."""
    from scipy import ndimage as ndi

    # the mask reaches 4 sigma, but never further than twice the image size (beyond, the
    # border repeats anyway): a huge Sigma costs no more than the image
    truncate = min(4.0, 2.0 * max(data.shape) / sigma) if sigma > 0 else 4.0
    if method == "gauss":
        orders = ((1, 0), (0, 1), (2, 0), (1, 1), (0, 2))
        return [
            ndi.gaussian_filter(data, sigma, order=o, mode="nearest", truncate=truncate)
            for o in orders
        ]
    if sigma > 0:
        data = ndi.gaussian_filter(data, sigma, mode="nearest", truncate=truncate)
    smooth = data
    return [ndi.correlate(smooth, m, mode="nearest") for m in facet_masks(3)]


def critical_points(
    image: Image, method: str, sigma: float, threshold: float
) -> tuple[np.ndarray, ...]:
    """Rows, columns, distances from the pixel centre (the larger coordinate) and the two
    Hessian eigenvalues (smaller first) of every stationary point near its pixel whose
    eigenvalues both exceed ``threshold`` in absolute value (then ``|det H| > threshold²``,
    which selects the pixels to examine), in the order of the pixels."""
    data = np.nan_to_num(np.asarray(image.data[0], dtype=np.float64))
    gr, gc, rr, rc, cc = derivatives(data, method, sigma)
    det = rr * cc
    det -= rc * rc
    examine = np.abs(det) > threshold * threshold
    examine &= det != 0
    examine &= domain_mask(image)
    rows, cols = np.nonzero(examine)
    gr, gc, rr, rc, cc, det = (a[examine] for a in (gr, gc, rr, rc, cc, det))
    dr = -(cc * gr - rc * gc) / det
    dc = -(rr * gc - rc * gr) / det
    reach = np.maximum(np.abs(dr), np.abs(dc))
    near = reach <= _REACH
    a, b, c = rr[near], rc[near], cc[near]
    mean, root = (a + c) / 2.0, np.hypot((a - c) / 2.0, b)
    return rows[near] + dr[near], cols[near] + dc[near], reach[near], mean - root, mean + root


def _pick(points: tuple[np.ndarray, ...], keep: np.ndarray) -> tuple[tuple, tuple]:
    """Row and column tuples of the kept points, one per sub-pixel position."""
    rows, cols, reach = points[0][keep], points[1][keep], points[2][keep]
    index = _distinct(rows, cols, reach)
    return _floats(rows[index]), _floats(cols[index])


def _distinct(rows: np.ndarray, cols: np.ndarray, reach: np.ndarray) -> np.ndarray:
    """Indices (ascending) of the points kept: of points closer than 0.5 px to each other,
    the one nearest to the centre of its pixel."""
    from scipy.spatial import cKDTree

    if rows.size < 2:
        return np.arange(rows.size)
    pts = np.stack([rows, cols], axis=1)
    pairs = cKDTree(pts).query_pairs(0.5, output_type="ndarray")
    if not len(pairs):
        return np.arange(rows.size)
    dropped = np.zeros(rows.size, dtype=bool)
    partners: dict[int, list[int]] = {}
    for i, j in pairs.tolist():
        partners.setdefault(i, []).append(j)
        partners.setdefault(j, []).append(i)
    involved = np.array(sorted(partners))
    for i in involved[np.argsort(reach[involved], kind="stable")].tolist():
        if not dropped[i]:
            for j in partners.get(i, ()):
                if reach[j] >= reach[i]:
                    dropped[j] = True
    return np.flatnonzero(~dropped)


def _floats(values: np.ndarray) -> tuple:
    return tuple(float(v) for v in values)


def _points(ctx: CallContext, image: ObjectTuple, filt: tuple, sigma: tuple, thr: tuple) -> tuple:
    """The candidates of :func:`critical_points` (all empty without an image) and the
    threshold."""
    img = single_image(ctx, image, _TYPES)
    method = filt[0]
    s = _number(ctx, sigma[0], "Sigma")
    t = _number(ctx, thr[0], "Threshold")
    if method == "gauss" and s <= 0:
        raise ctx.param_error("value", "Sigma", "must be positive for Filter 'gauss'")
    if img is None:
        empty = np.zeros(0)
        return (empty,) * 5, t
    return critical_points(img, method, s, t), t


_OUT = (ControlOut("Row", types="real"), ControlOut("Column", types="real"))
_IN = (
    IconicIn("Image"),
    ControlIn("Filter", types="string", count=1, default="facet", values=_FILTERS),
    ControlIn("Sigma", types="number", count=1, default=1.5),
    ControlIn("Threshold", types="number", count=1, default=5.0),
)


@operator("local_max_sub_pix", *_IN, *_OUT)
def local_max_sub_pix(ctx: CallContext, image, filt, sigma, thr) -> tuple:
    """Sub-pixel local maxima: both Hessian eigenvalues below -Threshold."""
    points, t = _points(ctx, image, filt, sigma, thr)
    return _pick(points, points[4] < -t)


@operator("local_min_sub_pix", *_IN, *_OUT)
def local_min_sub_pix(ctx: CallContext, image, filt, sigma, thr) -> tuple:
    """Sub-pixel local minima: both Hessian eigenvalues above Threshold."""
    points, t = _points(ctx, image, filt, sigma, thr)
    return _pick(points, points[3] > t)


@operator("saddle_points_sub_pix", *_IN, *_OUT)
def saddle_points_sub_pix(ctx: CallContext, image, filt, sigma, thr) -> tuple:
    """Sub-pixel saddle points: Hessian eigenvalues of different signs, both larger than
    Threshold in absolute value."""
    points, t = _points(ctx, image, filt, sigma, thr)
    return _pick(points, (points[3] < -t) & (points[4] > t))


@operator(
    "critical_points_sub_pix",
    *_IN,
    ControlOut("RowMin", types="real"),
    ControlOut("ColumnMin", types="real"),
    ControlOut("RowMax", types="real"),
    ControlOut("ColumnMax", types="real"),
    ControlOut("RowSaddle", types="real"),
    ControlOut("ColumnSaddle", types="real"),
)
def critical_points_sub_pix(ctx: CallContext, image, filt, sigma, thr) -> tuple:
    """Sub-pixel minima, maxima and saddle points in one pass (the three classes of
    local_min_sub_pix, local_max_sub_pix and saddle_points_sub_pix)."""
    points, t = _points(ctx, image, filt, sigma, thr)
    lo, hi = points[3], points[4]
    out: list[tuple] = []
    for keep in (lo > t, hi < -t, (lo < -t) & (hi > t)):
        out += list(_pick(points, keep))
    return tuple(out)
