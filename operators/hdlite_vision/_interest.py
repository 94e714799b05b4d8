"""Numerics of the interest-point operators (points_harris, points_harris_binomial,
points_foerstner): gradients, the smoothed gradient matrix, local extrema, sub-pixel fits.

Conventions: (row, column) of pixel centres; gradients in gray values per pixel (a ramp of
slope 1 gives 1); the gradient matrix of a multichannel image is the sum over the channels
[doc: points_harris, points_foerstner, "first derivatives of each image channel"].
"""

from __future__ import annotations

import math

import numpy as np


def binomial(size: int) -> np.ndarray:
    """The normalised binomial mask of ``size`` coefficients."""
    k = np.array([math.comb(size - 1, i) for i in range(size)], dtype=np.float64)
    return k / k.sum()


def _sep(data: np.ndarray, along_rows: np.ndarray, along_cols: np.ndarray) -> np.ndarray:
    """Separable correlation with mirrored borders (OpenCV; SciPy when a mask is longer
    than the image)."""
    h, w = data.shape
    if max(along_rows.size // 2, along_cols.size // 2) >= min(h, w):
        from scipy import ndimage as ndi

        out = ndi.correlate1d(data, along_rows, axis=0, mode="mirror")
        return ndi.correlate1d(out, along_cols, axis=1, mode="mirror")
    import cv2

    return cv2.sepFilter2D(
        np.ascontiguousarray(data, np.float64),
        cv2.CV_64F,
        along_cols,
        along_rows,
        borderType=cv2.BORDER_REFLECT_101,
    )


def _gauss(sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """The sampled Gaussian (sum 1) and its derivative mask for correlation (SciPy's
    gaussian_filter masks: truncated at 4 sigma)."""
    r = max(1, int(4.0 * sigma + 0.5))
    x = np.arange(-r, r + 1, dtype=np.float64)
    phi = np.exp(-0.5 * (x / sigma) ** 2)
    phi /= phi.sum()
    return phi, x / (sigma * sigma) * phi


def gradients_gauss(plane: np.ndarray, sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """(d/drow, d/dcol) of the plane smoothed with a Gaussian of ``sigma``."""
    phi, d1 = _gauss(sigma)
    return _sep(plane, d1, phi), _sep(plane, phi, d1)


def gradients_sobel(plane: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(d/drow, d/dcol) by a Sobel mask of odd ``size``: binomial smoothing across, the
    difference of a binomial mask of ``size - 1`` along (size 3: the 3x3 Sobel mask);
    size 1 is the central difference."""
    if size <= 1:
        diff, smooth = np.array([-0.5, 0.0, 0.5]), np.array([1.0])
    else:
        diff = np.convolve(binomial(size - 1), [1.0, -1.0])[::-1]
        smooth = binomial(size)
        # a ramp of slope 1 gives 1
        diff = diff / float(np.dot(diff, np.arange(size) - (size - 1) / 2))
    return _sep(plane, diff, smooth), _sep(plane, smooth, diff)


def smooth_gauss(data: np.ndarray, sigma: float) -> np.ndarray:
    phi, _d1 = _gauss(sigma)
    return _sep(data, phi, phi)


def smooth_binomial(data: np.ndarray, size: int) -> np.ndarray:
    k = binomial(size)
    return _sep(data, k, k)


def smooth_mean(data: np.ndarray, size: int) -> np.ndarray:
    from scipy import ndimage as ndi

    return ndi.uniform_filter(data, max(1, size), mode="mirror")


def products(planes: np.ndarray, grad: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sums over the channels of gr*gr, gr*gc, gc*gc (``grad(plane) -> (gr, gc)``)."""
    rr = np.zeros(planes.shape[1:])
    rc = np.zeros(planes.shape[1:])
    cc = np.zeros(planes.shape[1:])
    for plane in planes:
        gr, gc = grad[0](plane, *grad[1:])
        rr += gr * gr
        rc += gr * gc
        cc += gc * gc
    return rr, rc, cc


def local_maxima(resp: np.ndarray, mask: np.ndarray, threshold: float) -> np.ndarray:
    """Pixels that are maxima of their 3x3 neighbourhood (not on the image border), positive
    and at least ``threshold``: an (n, 2) array of (row, col), strongest first."""
    from scipy import ndimage as ndi

    peak = ndi.maximum_filter(resp, size=3, mode="constant", cval=-np.inf)
    hit = (resp >= peak) & (resp > 0) & (resp >= threshold) & mask
    hit[0, :] = hit[-1, :] = hit[:, 0] = hit[:, -1] = False
    rows, cols = np.nonzero(hit)
    order = np.lexsort((cols, rows))
    return np.stack([rows[order], cols[order]], axis=1)


def quadratic_peak(resp: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sub-pixel (row, col) of extrema by a 2-D quadratic through the 3x3 neighbourhood."""
    r, c = points[:, 0], points[:, 1]
    f = resp
    dr = 0.5 * (f[r + 1, c] - f[r - 1, c])
    dc = 0.5 * (f[r, c + 1] - f[r, c - 1])
    drr = f[r + 1, c] - 2 * f[r, c] + f[r - 1, c]
    dcc = f[r, c + 1] - 2 * f[r, c] + f[r, c - 1]
    drc = 0.25 * (f[r + 1, c + 1] - f[r + 1, c - 1] - f[r - 1, c + 1] + f[r - 1, c - 1])
    det = drr * dcc - drc * drc
    with np.errstate(divide="ignore", invalid="ignore"):
        orow = np.where(det != 0, -(dcc * dr - drc * dc) / det, 0.0)
        ocol = np.where(det != 0, -(drr * dc - drc * dr) / det, 0.0)
    bad = ~np.isfinite(orow) | ~np.isfinite(ocol) | (np.abs(orow) > 1) | (np.abs(ocol) > 1)
    orow, ocol = np.where(bad, 0.0, orow), np.where(bad, 0.0, ocol)
    return r + np.clip(orow, -0.5, 0.5), c + np.clip(ocol, -0.5, 0.5)


def window_kernels(
    sigma: float, gauss: bool, limit: int
) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The separable weights of the observation window, as (along rows, along columns)
    pairs: w, w*dr, w*dc, w*dr^2, w*dr*dc, w*dc^2 (d the offset from the centre); the
    window is at most ``limit`` pixels to each side."""
    if gauss:
        half = min(max(1, math.ceil(3 * sigma)), max(1, limit))
        d = np.arange(-half, half + 1, dtype=np.float64)
        g = np.exp(-0.5 * (d / sigma) ** 2)
    else:
        half = min(max(1, round(sigma)) // 2, max(1, limit))
        d = np.arange(-half, half + 1, dtype=np.float64)
        g = np.ones(d.size)
    g = g / g.sum()
    gd, gdd = g * d, g * d * d
    return (g, g), (gd, g), (g, gd), (gdd, g), (gd, gd), (g, gdd)


def correlate_sep(data: np.ndarray, kernel: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Correlation with a separable kernel (mirrored borders)."""
    return _sep(data, kernel[0], kernel[1])
