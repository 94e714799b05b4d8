"""Edge detection with derivative filters: edges_image and derivate_gauss.

See :mod:`.edges` for the conventions (directions, Deriche/Shen masks, NMS, hysteresis,
domains) and what is [unverified].
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._common import check_count

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
)

from ._filtering import DTYPES, correlate, filter_all, images, to_type, window, work
from .edges import direction_of, sobel_combine, sobel_parts
from .smoothing import smoothing_kernel

EDGE_FILTERS = (
    "canny",
    "deriche1",
    "lanser1",
    "deriche2",
    "lanser2",
    "shen",
    "mshen",
    "sobel_fast",
)
NMS_MODES = ("nms", "inms", "hvnms", "none")


def derivative_pair(kind: str, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """(smoothing mask, derivative mask) of an edge filter; a unit ramp gives 1."""
    base = {"lanser1": "deriche1", "lanser2": "deriche2", "mshen": "shen"}.get(kind, kind)
    smooth = smoothing_kernel("gauss" if base == "canny" else base, alpha)
    x = np.arange(len(smooth), dtype=np.float64) - len(smooth) // 2
    if base == "canny":
        deriv = x * smooth
    elif base == "deriche1":
        deriv = x * np.exp(-alpha * np.abs(x))
    elif base == "deriche2":
        deriv = np.sin(alpha * x) * np.exp(-alpha * np.abs(x))
    else:  # shen
        deriv = np.sign(x) * np.exp(-alpha * np.abs(x))
    return smooth, deriv / float(np.sum(x * deriv))


def suppress(amp: np.ndarray, g_row: np.ndarray, g_col: np.ndarray, mode: str) -> np.ndarray:
    """Non-maximum suppression: a boolean mask of the pixels kept."""
    padded = np.pad(amp, 1, mode="edge")
    h, w = amp.shape

    def at(dr: int, dc: int) -> np.ndarray:
        return padded[1 + dr : 1 + dr + h, 1 + dc : 1 + dc + w]

    def peak(dr: int, dc: int) -> np.ndarray:
        return (amp > at(-dr, -dc)) & (amp >= at(dr, dc))

    if mode == "hvnms":
        keep = peak(0, 1) | peak(1, 0)
    elif mode == "nms":
        angle = np.degrees(np.arctan2(g_row, g_col)) % 180.0
        sector = (np.floor((angle + 22.5) / 45.0).astype(np.int32)) % 4
        keep = np.zeros_like(amp, dtype=bool)
        for s, (dr, dc) in enumerate(((0, 1), (1, 1), (1, 0), (1, -1))):
            keep |= (sector == s) & peak(dr, dc)
    else:  # inms: interpolate the neighbours one pixel along the gradient
        from scipy.ndimage import map_coordinates

        norm = np.hypot(g_row, g_col)
        norm[norm == 0] = 1.0
        rr, cc = np.mgrid[0:h, 0:w].astype(np.float64)
        ur, uc = g_row / norm, g_col / norm
        ahead = map_coordinates(amp, [rr + ur, cc + uc], order=1, mode="nearest")
        behind = map_coordinates(amp, [rr - ur, cc - uc], order=1, mode="nearest")
        keep = (amp > behind) & (amp >= ahead)
    return keep & (amp > 0)


def hysteresis(amp: np.ndarray, low: float, high: float) -> np.ndarray:
    """Pixels >= low that are 8-connected to a pixel >= high."""
    import cv2

    weak = (amp >= low).astype(np.uint8)
    count, labels = cv2.connectedComponents(weak, connectivity=8)
    strong = np.zeros(count, bool)
    strong[np.unique(labels[amp >= high])] = True
    strong[0] = False
    return strong[labels]


def _threshold(ctx: CallContext, value: object, name: str) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):  # type: ignore[arg-type]
        raise ctx.param_error("type", name, f"expected a number, got {value!r}")
    return float(value)  # type: ignore[arg-type]


@operator(
    "edges_image",
    IconicIn("Image"),
    IconicOut("ImaAmp"),
    IconicOut("ImaDir"),
    ControlIn("Filter", types="string", count=1, default="lanser2", values=EDGE_FILTERS),
    ControlIn("Alpha", types="number", count=1, default=0.5),
    ControlIn("NMS", types="string", count=1, default="nms", values=NMS_MODES),
    ControlIn("Low", types="number", count=1, default=20),
    ControlIn("High", types="number", count=1, default=40),
)
def edges_image(
    ctx: CallContext,
    image: ObjectTuple,
    filt: tuple,
    alpha: tuple,
    nms: tuple,
    low: tuple,
    high: tuple,
) -> tuple:
    """Edge amplitude and direction (Canny, Deriche, Lanser, Shen or fast Sobel filters).

    Optional non-maximum suppression and hysteresis (Low, High; off when not both
    positive) reduce the domain of both results to the edge pixels. Directions are
    degrees/2 (0..179, 255 = undefined); 'sobel_fast' gives no direction image.
    """
    kind, mode = filt[0], nms[0]
    a = float(alpha[0])
    if kind != "sobel_fast" and (not a > 0 or not math.isfinite(a)):
        raise ctx.param_error("value", "Alpha", f"{alpha[0]} must be positive")
    lo, hi = _threshold(ctx, low[0], "Low"), _threshold(ctx, high[0], "High")
    use_hysteresis = lo > 0 and hi > 0
    if use_hysteresis and lo > hi:
        raise ctx.param_error("value", "Low", f"{lo} is larger than High {hi}")
    if kind == "sobel_fast":
        reach = (1, 1)
    else:
        smooth, deriv = derivative_pair(kind, a)
        reach = (len(smooth) // 2, len(smooth) // 2)
    thinned = mode != "none" or use_hysteresis

    def plane_edges(plane: np.ndarray, pixel_type: str) -> tuple:
        if kind == "sobel_fast":
            g_row, g_col = sobel_parts(plane, (1, 1), False)
            amp = sobel_combine(g_row, g_col, "sum_abs")
        else:
            g_row = correlate(plane, deriv, smooth)
            g_col = correlate(plane, smooth, deriv)
            amp = np.hypot(g_row, g_col)
        amp = to_type(amp, pixel_type).astype(np.float64)
        keep = np.ones(amp.shape, bool)
        if mode != "none":
            keep &= suppress(amp, g_row, g_col, mode)
        if use_hysteresis:
            keep &= hysteresis(np.where(keep, amp, 0.0), lo, hi)
        amp = np.where(keep, amp, 0.0)
        return amp, direction_of(g_row, g_col, amp), keep

    amps, dirs = [], []
    for img in images(ctx, image, ("byte", "uint2", "real")):
        rs, cs, mask = window(img, reach)
        shape = (img.channels, img.height, img.width)
        amp_out, dir_out = np.zeros(shape, DTYPES[img.pixel_type]), np.zeros(shape, np.uint8)
        edges = np.zeros(shape[1:], bool)
        for ch in range(img.channels if mask is None or mask.any() else 0):
            amp, direction, keep = plane_edges(img.data[ch, rs, cs], img.pixel_type)
            if mask is not None:
                keep &= mask
            amp_out[ch, rs, cs] = to_type(np.where(keep, amp, 0.0), img.pixel_type)
            dir_out[ch, rs, cs] = np.where(keep, direction, 0)
            edges[rs, cs] |= keep
        domain = region_of(edges) if thinned else img.domain
        amps.append(Image(amp_out, img.pixel_type, domain))
        dirs.append(Image(dir_out, "byte", domain))
    return ObjectTuple(amps), ObjectTuple([] if kind == "sobel_fast" else dirs)


def region_of(mask: np.ndarray) -> Region:
    """The pixels of a full-image mask as a region (cropped to their bounding box)."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return Region(0, 0, np.zeros((0, 0), bool))
    sub = mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    return Region(int(rows[0]), int(cols[0]), sub.copy())


DERIVATIVE_COMPONENTS = (
    "none",
    "x",
    "y",
    "gradient",
    "gradient_dir",
    "xx",
    "yy",
    "xy",
    "xxx",
    "yyy",
    "xxy",
    "xyy",
    "laplace",
    "det",
    "eigenvalue1",
    "eigenvalue2",
)


def gauss_derivative(plane: np.ndarray, sigma: tuple[float, float], component: str) -> np.ndarray:
    """One derivate_gauss component of a plane (sigma = (row, column))."""
    from scipy.ndimage import gaussian_filter

    data = work(plane).astype(np.float64)

    def d(order_row: int, order_col: int) -> np.ndarray:
        return gaussian_filter(
            data, sigma, order=(order_row, order_col), mode="mirror", truncate=6.0
        )

    orders = {"none": (0, 0), "x": (0, 1), "y": (1, 0), "xx": (0, 2), "yy": (2, 0)}
    orders |= {"xy": (1, 1), "xxx": (0, 3), "yyy": (3, 0), "xxy": (1, 2), "xyy": (2, 1)}
    if component in orders:
        return d(*orders[component])
    if component in ("gradient", "gradient_dir"):
        gy, gx = d(1, 0), d(0, 1)
        return np.hypot(gx, gy) if component == "gradient" else np.arctan2(-gy, gx)
    xx, yy = d(0, 2), d(2, 0)
    if component == "laplace":
        return xx + yy
    xy = d(1, 1)
    if component == "det":
        return xx * yy - xy * xy
    root = np.sqrt(((xx - yy) / 2.0) ** 2 + xy * xy)
    return (xx + yy) / 2.0 + (root if component == "eigenvalue1" else -root)


@operator(
    "derivate_gauss",
    IconicIn("Image"),
    IconicOut("DerivGauss"),
    ControlIn("Sigma", types="number", count=(1, 2), default=1.0),
    ControlIn("Component", types="string", count=1, default="x", values=DERIVATIVE_COMPONENTS),
)
def derivate_gauss(ctx: CallContext, image: ObjectTuple, sigma: tuple, component: tuple) -> tuple:
    """Convolve with derivatives of a Gaussian (real result; x = column, y = row down).

    One Sigma for both directions, or two: column direction first, then row direction.
    'eigenvalue1' is the larger eigenvalue of the Hessian, 'gradient_dir' the angle of the
    gradient in radians counter-clockwise from the column axis.
    """
    values = [float(s) for s in sigma]
    if any(not s > 0 or not math.isfinite(s) for s in values):
        raise ctx.param_error("value", "Sigma", f"{sigma} must be positive")
    s_col, s_row = values[0], values[-1]
    check_count(ctx, 12 * max(values) + 1, "Sigma", 64)  # the mask of the Gaussian
    reach = (math.ceil(6 * s_row) + 1, math.ceil(6 * s_col) + 1)
    comp = component[0]
    types = ("byte", "int1", "int2", "uint2", "int4", "real")
    return (
        filter_all(
            ctx, image, types, lambda p: gauss_derivative(p, (s_row, s_col), comp), reach, "real"
        ),
    )
