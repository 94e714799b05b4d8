"""Steger's curvilinear line detector: line points from the Hessian of the Gaussian-smoothed
image, sub-pixel positions, hysteresis, linking and line widths with bias correction.

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
from functools import lru_cache

import numpy as np


def line_points(data: np.ndarray, sigma: float, light: bool) -> dict[str, np.ndarray]:
    """Per-pixel candidate data: response, sub-pixel position, unit normal, validity."""
    from scipy import ndimage as ndi

    def d(order: tuple[int, int]) -> np.ndarray:
        return ndi.gaussian_filter(data, sigma, order=order, mode="nearest")

    gr, gc = d((1, 0)), d((0, 1))
    rr, rc, cc = d((2, 0)), d((1, 1)), d((0, 2))
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
    lim = 1.0  # the NMS below keeps one pixel per crossing; the Taylor step may overshoot 0.5
    valid = sign_ok & (denom != 0) & (np.abs(pr) <= lim) & (np.abs(pc) <= lim)
    h, w = data.shape
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
    }


@lru_cache(maxsize=8)
def _bar_bias(sigma_steps: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """For a symmetric bar of half width w (in units of sigma), the distance v of the
    maxima of the smoothed gradient from the centre: the table (v, w), v increasing."""
    ws = np.linspace(0.02, 6.0, sigma_steps)
    xs = np.linspace(0.0, 9.0, 4000)
    vs = []
    for w in ws:
        # gradient of a unit bar smoothed with a unit Gaussian: g(x + w) - g(x - w)
        grad = np.exp(-0.5 * (xs + w) ** 2) - np.exp(-0.5 * (xs - w) ** 2)
        vs.append(xs[int(np.argmax(np.abs(grad)))])
    return np.asarray(vs), ws


def correct_width(measured: np.ndarray, sigma: float) -> np.ndarray:
    """The true half width of a symmetric bar whose smoothed edges lie ``measured`` apart
    from its centre (Steger's bias removal for bar-shaped lines)."""
    vs, ws = _bar_bias()
    v = np.asarray(measured) / sigma
    v_min = float(vs[0])
    # v is monotonic for w >~ sigma; below, the edges stay near sigma: clamp to the table
    return np.interp(np.maximum(v, v_min), vs, ws) * sigma


def edge_distance(
    grad: np.ndarray, row: float, col: float, nr: float, nc: float, reach: float
) -> float:
    """Distance along (nr, nc) from (row, col) to the first maximum of the gradient
    magnitude (sub-pixel by a parabola); ``reach`` when none is found."""
    from scipy.ndimage import map_coordinates

    steps = np.arange(0.0, reach + 0.25, 0.25)
    vals = map_coordinates(grad, [row + steps * nr, col + steps * nc], order=3, mode="nearest")
    for i in range(1, len(vals) - 1):
        if vals[i] >= vals[i - 1] and vals[i] > vals[i + 1]:
            den = vals[i - 1] - 2 * vals[i] + vals[i + 1]
            off = 0.5 * (vals[i - 1] - vals[i + 1]) / den if den != 0 else 0.0
            return float((i + off) * 0.25)
    return float(reach)


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
