"""Steger's curvilinear line detector: line points from the Hessian of the Gaussian-smoothed
image, sub-pixel positions and the edges that give the line widths (the bias correction
of the line models: :mod:`._line_models`).

Conventions (spec §0 G8): (row, column) coordinates of pixel centres; angles are radians
from the column axis, counter-clockwise on screen. 'response' is the magnitude of the
second derivative across the line (the largest Hessian eigenvalue of the image smoothed
with a Gaussian of sigma Sigma, scipy's unnormalised-by-area Gaussian derivative), the value
that Low and High threshold - as MVTec's calculate_lines_gauss_parameters derives them
from a bar's contrast. [unverified]: HALCON's exact response scaling and 'angle'
orientation; here 'angle' is the direction of the line normal that points to the right
of the contour's direction of travel.
"""

from __future__ import annotations

import math

import numpy as np


def line_points(data: np.ndarray, sigma: float, light: bool) -> dict[str, np.ndarray]:
    """Per-pixel candidate data: response, sub-pixel position, unit normal, validity."""
    from scipy import ndimage as ndi

    def d(order: tuple[int, int]) -> np.ndarray:
        return ndi.gaussian_filter(data, sigma, order=order, mode="nearest")

    return points_from(d((1, 0)), d((0, 1)), d((2, 0)), d((1, 1)), d((0, 2)), light)


def points_from(
    gr: np.ndarray, gc: np.ndarray, rr: np.ndarray, rc: np.ndarray, cc: np.ndarray, light: bool
) -> dict[str, np.ndarray]:
    """:func:`line_points` from given first and second derivatives (rows, columns)."""
    from scipy import ndimage as ndi

    # eigenvalue with the largest magnitude of [[rr, rc], [rc, cc]] and its eigenvector
    half_tr = 0.5 * (rr + cc)
    root = np.sqrt(0.25 * (rr - cc) ** 2 + rc**2)
    lam1, lam2 = half_tr + root, half_tr - root
    lam = np.where(np.abs(lam1) >= np.abs(lam2), lam1, lam2)
    nr = np.where(np.abs(rc) > 1e-12, lam - cc, np.where(np.abs(rr) >= np.abs(cc), 1.0, 0.0))
    nc = np.where(np.abs(rc) > 1e-12, rc, np.where(np.abs(rr) >= np.abs(cc), 0.0, 1.0))
    norm = np.hypot(nr, nc)
    nr, nc = nr / np.where(norm > 0, norm, 1), nc / np.where(norm > 0, norm, 1)
    flip = (nc < 0) | ((nc == 0) & (nr < 0))  # one orientation per pixel for the NMS below
    nr, nc = np.where(flip, -nr, nr), np.where(flip, -nc, nc)
    denom = nr * nr * rr + 2 * nr * nc * rc + nc * nc * cc
    t = -(nr * gr + nc * gc) / np.where(denom != 0, denom, 1)
    pr, pc = t * nr, t * nc
    sign_ok = lam < 0 if light else lam > 0
    # the NMS below keeps one pixel per crossing, the one of the strongest response, which on
    # an asymmetric line need not be the nearest: a step up to one pixel, refined later
    # (longer steps let step edges pass as lines)
    lim = 1.0
    valid = sign_ok & (denom != 0) & (np.abs(pr) <= lim) & (np.abs(pc) <= lim)
    h, w = gr.shape
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    # keep the pixel nearest the line centre: a strict maximum of the response towards
    # -normal and at least as large towards +normal (a centre between two pixels -> one)
    resp = np.abs(lam)
    plus = ndi.map_coordinates(resp, [rows + nr, cols + nc], order=1, mode="nearest")
    minus = ndi.map_coordinates(resp, [rows - nr, cols - nc], order=1, mode="nearest")
    valid &= (resp >= plus) & (resp > minus)
    return {
        "response": resp,
        "valid": valid,
        "row": rows + pr,
        "col": cols + pc,
        "nr": nr,
        "nc": nc,
        "grad": np.hypot(gr, gc),
        "derivs": np.stack([gr, gc, rr, rc, cc]),
    }


def refine(
    derivs: np.ndarray, rows: np.ndarray, cols: np.ndarray, nr: np.ndarray, nc: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Newton steps along the normal to the zero of the first derivative, with the
    derivatives interpolated at the current sub-pixel positions (two steps, each at most
    one pixel)."""
    from scipy.ndimage import map_coordinates

    for _ in range(2):
        at = [rows, cols]
        gr, gc, rr, rc, cc = (map_coordinates(d, at, order=1, mode="nearest") for d in derivs)
        denom = nr * nr * rr + 2 * nr * nc * rc + nc * nc * cc
        t = -(nr * gr + nc * gc) / np.where(denom != 0, denom, 1)
        t = np.clip(np.where(denom != 0, t, 0.0), -1.0, 1.0)
        rows, cols = rows + t * nr, cols + t * nc
    return rows, cols


def edges_along(
    grad: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    nr: np.ndarray,
    nc: np.ndarray,
    reach: float,
) -> tuple[np.ndarray, np.ndarray]:
    """For each point, the distance along (nr, nc) to the first maximum of the gradient
    magnitude (sub-pixel by a parabola; ``reach`` when there is none) and the magnitude
    there (0 when there is none). Sampled in quarter pixels from a cubic spline; ``grad``
    holds its coefficients (``scipy.ndimage.spline_filter(..., order=3, mode='nearest')``)."""
    from scipy.ndimage import map_coordinates

    steps = np.arange(0.0, reach + 0.25, 0.25)
    n = np.asarray(rows).size
    if n == 0 or steps.size < 3:
        return np.full(n, float(reach)), np.zeros(n)
    at_r = rows[:, None] + steps[None, :] * nr[:, None]
    at_c = cols[:, None] + steps[None, :] * nc[:, None]
    vals = map_coordinates(grad, [at_r, at_c], order=3, mode="nearest", prefilter=False)
    mid = vals[:, 1:-1]
    peak = (mid >= vals[:, :-2]) & (mid > vals[:, 2:])
    has = peak.any(axis=1)
    i = np.argmax(peak, axis=1) + 1
    k = np.arange(n)
    a, b, c = vals[k, i - 1], vals[k, i], vals[k, np.minimum(i + 1, steps.size - 1)]
    den = a - 2 * b + c
    with np.errstate(divide="ignore", invalid="ignore"):
        off = np.where(den != 0, 0.5 * (a - c) / den, 0.0)
    top = b - 0.25 * (a - c) * off
    dist = np.where(has, (i + off) * 0.25, float(reach))
    return dist, np.where(has, top, 0.0)


def angle_of(nr: np.ndarray, nc: np.ndarray) -> np.ndarray:
    """Angle of direction (nr, nc) from the column axis, counter-clockwise on screen."""
    return np.arctan2(0.0 - nr, nc)


def response_of_bar(contrast: float, half_width: float, sigma: float) -> float:
    """The response (|second derivative| at the centre) of a bar of this contrast."""
    return (
        2.0
        * contrast
        * half_width
        / (sigma**3 * math.sqrt(2 * math.pi))
        * math.exp(-(half_width**2) / (2 * sigma**2))
    )
