"""Interest points: points_harris, points_harris_binomial, points_foerstner.

points_harris [doc: points_harris]: M = G(SigmaSmooth) * [gc^2, gc*gr; gc*gr, gr^2] with
Gaussian derivatives of SigmaGrad (summed over the channels); the points are the positive
local maxima (3x3) of det(M) - Alpha * trace(M)^2 that reach Threshold, at sub-pixel
precision (a 2-D quadratic through the 3x3 neighbourhood). points_harris_binomial [doc]:
the derivatives by a Sobel mask of MaskSizeGrad, the smoothing by a binomial mask of
MaskSizeSmooth; Subpix 'off' gives the pixel positions. Gradients are in gray values per
pixel (a ramp of slope 1 gives 1) [unverified: HALCON's scaling of the response, so
Threshold values compare only roughly].

points_foerstner [doc: points_foerstner]: first the point regions, where the inhomogeneity
trace(M) >= ThreshInhom and the isotropy 4 det(M) / trace(M)^2 >= ThreshShape, with M the
gradient matrix smoothed by a Gaussian of SigmaInt ('gauss': Gaussian derivatives of
SigmaGrad; 'mean': 3x3 Sobel derivatives, SigmaGrad ignored, SigmaInt x SigmaInt mean).
Then, inside the regions, the mean squared distance of the point to the edge lines (junction
points: lines through each window pixel perpendicular to its gradient) or to the gradient
lines (area points: lines along the gradient), weighted by a Gaussian of SigmaPoints ('mean':
a SigmaPoints x SigmaPoints window); its local minima are the points, placed at the least-
squares intersection of those lines (Förstner's estimate A^-1 b, A the window's gradient
matrix). The covariances CoRR, CoRC, CoCC are the entries of A^-1, i.e. for an image noise
of one gray value [doc: the covariances must be scaled with the estimated noise;
unverified: HALCON's exact normalisation]. EliminateDoublets 'true' keeps, of a junction and
an area point in the same point region, the one with the smaller mean distance
[unverified]. Points are ordered by row, then column.
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

from ._gray import single_image
from ._interest import (
    correlate_sep,
    gradients_gauss,
    gradients_sobel,
    local_maxima,
    products,
    quadratic_peak,
    smooth_binomial,
    smooth_gauss,
    smooth_mean,
    window_kernels,
)

_TYPES = ("byte", "uint2", "int1", "int2", "int4", "real")


def _planes(img: Image) -> tuple[np.ndarray, np.ndarray]:
    data = np.nan_to_num(np.asarray(img.data, dtype=np.float64))
    mask = (
        np.ones(data.shape[1:], bool) if img.domain is None else img.domain.to_mask(*data.shape[1:])
    )
    return data, mask


def _positive(ctx: CallContext, value: tuple, name: str, low: float = 0.0) -> float:
    v = float(value[0])
    if not math.isfinite(v) or v <= low:
        raise ctx.param_error("value", name, f"{value[0]!r} must be > {low:g}")
    if v > 1000:
        raise ctx.param_error("value", name, f"{value[0]!r} is too large")
    return v


def _harris(
    data: np.ndarray, mask: np.ndarray, grad: tuple, smooth: tuple, alpha: float, thr: float
) -> tuple[np.ndarray, np.ndarray]:
    rr, rc, cc = products(data, grad)
    rr, rc, cc = (smooth[0](p, smooth[1]) for p in (rr, rc, cc))
    resp = rr * cc - rc * rc - alpha * (rr + cc) ** 2
    return resp, local_maxima(resp, mask, thr)


@operator(
    "points_harris",
    IconicIn("Image"),
    ControlIn("SigmaGrad", types="number", count=1, default=0.7),
    ControlIn("SigmaSmooth", types="number", count=1, default=2.0),
    ControlIn("Alpha", types="number", count=1, default=0.08),
    ControlIn("Threshold", types="number", count=1, default=1000.0),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
)
def points_harris(
    ctx: CallContext,
    image: ObjectTuple,
    sigma_grad: tuple,
    sigma_smooth: tuple,
    alpha: tuple,
    threshold: tuple,
) -> tuple:
    """Harris interest points (sub-pixel) of the positive maxima of det - Alpha*trace^2."""
    sg = _positive(ctx, sigma_grad, "SigmaGrad")
    ss = _positive(ctx, sigma_smooth, "SigmaSmooth")
    a = float(alpha[0])
    if not math.isfinite(a) or a < 0:
        raise ctx.param_error("value", "Alpha", f"{alpha[0]!r} must be >= 0")
    thr = float(threshold[0])
    if math.isnan(thr):
        raise ctx.param_error("value", "Threshold", "must be a number")
    img = single_image(ctx, image, _TYPES)
    if img is None or img.height < 3 or img.width < 3:
        return (), ()
    data, mask = _planes(img)
    resp, pts = _harris(data, mask, (gradients_gauss, sg), (smooth_gauss, ss), a, thr)
    if pts.size == 0:
        return (), ()
    rows, cols = quadratic_peak(resp, pts)
    return tuple(rows.tolist()), tuple(cols.tolist())


def _odd_size(ctx: CallContext, value: tuple, name: str) -> int:
    n = int(value[0])
    if n < 1 or n % 2 == 0 or n > 201:
        raise ctx.param_error("value", name, f"{value[0]!r} must be odd, 1..201")
    return n


@operator(
    "points_harris_binomial",
    IconicIn("Image"),
    ControlIn("MaskSizeGrad", types="integer", count=1, default=5),
    ControlIn("MaskSizeSmooth", types="integer", count=1, default=15),
    ControlIn("Alpha", types="number", count=1, default=0.08),
    ControlIn("Threshold", types="number", count=1, default=1000.0),
    ControlIn("Subpix", types="string", count=1, default="on", values=("on", "off")),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
)
def points_harris_binomial(
    ctx: CallContext,
    image: ObjectTuple,
    mask_grad: tuple,
    mask_smooth: tuple,
    alpha: tuple,
    threshold: tuple,
    subpix: tuple,
) -> tuple:
    """Harris interest points with Sobel derivatives and binomial smoothing."""
    ng = _odd_size(ctx, mask_grad, "MaskSizeGrad")
    ns = _odd_size(ctx, mask_smooth, "MaskSizeSmooth")
    a = float(alpha[0])
    if not math.isfinite(a) or a < 0:
        raise ctx.param_error("value", "Alpha", f"{alpha[0]!r} must be >= 0")
    thr = float(threshold[0])
    if math.isnan(thr):
        raise ctx.param_error("value", "Threshold", "must be a number")
    img = single_image(ctx, image, _TYPES)
    if img is None or img.height < 3 or img.width < 3:
        return (), ()
    if img.pixel_type not in ("byte", "uint2"):
        raise ctx.error(9007, f"Image: pixel type {img.pixel_type!r} (byte or uint2)")
    data, mask = _planes(img)
    resp, pts = _harris(data, mask, (gradients_sobel, ng), (smooth_binomial, ns), a, thr)
    if pts.size == 0:
        return (), ()
    if subpix[0] == "on":
        rows, cols = quadratic_peak(resp, pts)
    else:
        rows, cols = pts[:, 0].astype(np.float64), pts[:, 1].astype(np.float64)
    return tuple(rows.tolist()), tuple(cols.tolist())


def _window_sums(t: tuple, kernels: tuple) -> tuple[np.ndarray, ...]:
    """A (window gradient matrix), b (its first moments) and E (second moments) of the
    per-pixel matrices ``t`` = (rr, rc, cc) over the observation window."""
    w, wr, wc, wrr, wrc, wcc = kernels
    corr = correlate_sep

    rr, rc, cc = t
    a_rr, a_rc, a_cc = corr(rr, w), corr(rc, w), corr(cc, w)
    b_r = corr(rr, wr) + corr(rc, wc)
    b_c = corr(rc, wr) + corr(cc, wc)
    e = corr(rr, wrr) + 2 * corr(rc, wrc) + corr(cc, wcc)
    return a_rr, a_rc, a_cc, b_r, b_c, e


def _minima(
    t: tuple, kernels: tuple, cand: np.ndarray, labels: np.ndarray, half: int
) -> list[tuple[float, float, float, float, float, float, int]]:
    """(row, col, cov_rr, cov_rc, cov_cc, mean distance, region) of each local minimum."""
    from scipy import ndimage as ndi

    a_rr, a_rc, a_cc, b_r, b_c, e = _window_sums(t, kernels)
    tr = a_rr + a_cc
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(cand & (tr > 0), e / np.where(tr > 0, tr, 1), np.inf)
    low = ndi.minimum_filter(score, size=2 * half + 1, mode="constant", cval=np.inf)
    hit = np.isfinite(score) & (score <= low)
    out = []
    seen: set[tuple[int, float]] = set()
    for r, c in zip(*np.nonzero(hit), strict=True):
        key = (int(labels[r, c]), round(float(score[r, c]), 9))
        if key in seen:  # a flat minimum: one point
            continue
        seen.add(key)
        m = np.array([[a_rr[r, c], a_rc[r, c]], [a_rc[r, c], a_cc[r, c]]])
        det = float(np.linalg.det(m))
        if not det > 1e-12 * max(float(np.trace(m)) ** 2, 1e-300):
            continue
        cov = np.linalg.inv(m)
        off = cov @ np.array([b_r[r, c], b_c[r, c]])
        if np.abs(off).max() > 1.0:
            off = np.zeros(2)
        out.append(
            (
                float(r) + float(off[0]),
                float(c) + float(off[1]),
                float(cov[0, 0]),
                float(cov[0, 1]),
                float(cov[1, 1]),
                float(score[r, c]),
                int(labels[r, c]),
            )
        )
    return out


@operator(
    "points_foerstner",
    IconicIn("Image"),
    ControlIn("SigmaGrad", types="number", count=1, default=1.0),
    ControlIn("SigmaInt", types="number", count=1, default=2.0),
    ControlIn("SigmaPoints", types="number", count=1, default=3.0),
    ControlIn("ThreshInhom", types="number", count=1, default=200),
    ControlIn("ThreshShape", types="number", count=1, default=0.3),
    ControlIn("Smoothing", types="string", count=1, default="gauss", values=("gauss", "mean")),
    ControlIn(
        "EliminateDoublets", types="string", count=1, default="false", values=("false", "true")
    ),
    ControlOut("RowJunctions", types="real"),
    ControlOut("ColumnJunctions", types="real"),
    ControlOut("CoRRJunctions", types="real"),
    ControlOut("CoRCJunctions", types="real"),
    ControlOut("CoCCJunctions", types="real"),
    ControlOut("RowArea", types="real"),
    ControlOut("ColumnArea", types="real"),
    ControlOut("CoRRArea", types="real"),
    ControlOut("CoRCArea", types="real"),
    ControlOut("CoCCArea", types="real"),
)
def points_foerstner(
    ctx: CallContext,
    image: ObjectTuple,
    sigma_grad: tuple,
    sigma_int: tuple,
    sigma_points: tuple,
    thresh_inhom: tuple,
    thresh_shape: tuple,
    smoothing: tuple,
    doublets: tuple,
) -> tuple:
    """Förstner junction and area points with their covariance matrices."""
    from scipy import ndimage as ndi

    gauss = smoothing[0] == "gauss"
    sg = _positive(ctx, sigma_grad, "SigmaGrad")
    si = _positive(ctx, sigma_int, "SigmaInt")
    sp = _positive(ctx, sigma_points, "SigmaPoints", 0.6)
    if sp < si:
        raise ctx.param_error("value", "SigmaPoints", "must be >= SigmaInt")
    inhom = float(thresh_inhom[0])
    if not inhom >= 0:
        raise ctx.param_error("value", "ThreshInhom", f"{thresh_inhom[0]!r} must be >= 0")
    shape = float(thresh_shape[0])
    if not 0 <= shape <= 1:
        raise ctx.param_error("value", "ThreshShape", f"{thresh_shape[0]!r} must be in [0, 1]")
    empty: tuple = ((),) * 10
    img = single_image(ctx, image, _TYPES)
    if img is None or img.height < 3 or img.width < 3:
        return empty
    data, mask = _planes(img)
    grad = (gradients_gauss, sg) if gauss else (gradients_sobel, 3)
    t = products(data, grad)
    if gauss:
        m = tuple(smooth_gauss(p, si) for p in t)
    else:
        m = tuple(smooth_mean(p, round(si)) for p in t)
    trace = m[0] + m[2]
    with np.errstate(divide="ignore", invalid="ignore"):
        iso = np.where(trace > 0, 4 * (m[0] * m[2] - m[1] ** 2) / (trace * trace), 0.0)
    cand = (trace >= inhom) & (iso >= shape) & (trace > 0) & mask
    labels, _n = ndi.label(cand, structure=np.ones((3, 3)))
    kernels = window_kernels(sp, gauss, max(img.height, img.width))
    half = max(1, math.ceil(sp))
    junctions = _minima(t, kernels, cand, labels, half)
    areas = _minima((t[2], -t[1], t[0]), kernels, cand, labels, half)
    if doublets[0] == "true":
        best: dict[int, float] = {}
        for p in junctions + areas:
            best[p[6]] = min(best.get(p[6], np.inf), p[5])
        junctions = [p for p in junctions if p[5] <= best[p[6]]]
        areas = [p for p in areas if p[5] < best[p[6]] or not any(q[6] == p[6] for q in junctions)]
    result: list[tuple] = []
    for pts in (junctions, areas):
        pts.sort(key=lambda p: (p[0], p[1]))
        result.extend(tuple(p[i] for p in pts) for i in range(5))
    return tuple(result)
