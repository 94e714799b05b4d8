"""edges_color: edges of multichannel images from the metric tensor of the channels.

[doc: edges_color] The image is a map f: R^2 -> R^n (n channels); the metric tensor
G = sum_k grad f_k grad f_k^T gives the rate of change v^T G v in direction v. The partial
derivatives come from the edge filters of edges_image ('canny': Gaussian derivatives,
'deriche1', 'deriche2', 'shen', 'sobel_fast'). The amplitude is the square root of the
largest eigenvalue of G, stored in the next larger type (uint2 for byte, int4 for uint2
images); the direction is its eigenvector, defined only modulo 180 degrees, in 2-degree
steps (0..89, 255 where the amplitude is 0). For one channel this is edges_image's
amplitude. NMS and Low/High hysteresis work as in edges_image (see :mod:`.derivatives`).

[unverified]: direction values count counter-clockwise from the column axis like
edges_image's; the fast Sobel derivatives are scaled so that a unit ramp gives 1.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    operator,
)

from ._filtering import DTYPES, correlate, images, to_type, window
from .derivatives import NMS_MODES, derivative_pair, hysteresis, region_of, suppress
from .edges import sobel_parts

_FILTERS = ("canny", "deriche1", "deriche2", "shen", "sobel_fast")
_AMP_TYPE = {"byte": "uint2", "uint2": "int4"}


def color_gradient(
    planes: list[np.ndarray], kind: str, alpha: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(amplitude, row component, column component) of the dominant eigenvector of the
    metric tensor of ``planes``, scaled by the amplitude."""
    a: np.ndarray | float = 0.0
    b: np.ndarray | float = 0.0
    c: np.ndarray | float = 0.0
    for plane in planes:
        if kind == "sobel_fast":
            pa, pb = sobel_parts(plane, (1, 1), False)
            gr, gc = -pa / 8.0, -pb / 8.0
        else:
            smooth, deriv = derivative_pair(kind, alpha)
            gr = correlate(plane, deriv, smooth).astype(np.float64)
            gc = correlate(plane, smooth, deriv).astype(np.float64)
        a = a + gc * gc
        b = b + gc * gr
        c = c + gr * gr
    ta, tb, tc = (np.asarray(v, dtype=np.float64) for v in (a, b, c))
    lam = (ta + tc) / 2.0 + np.sqrt(((ta - tc) / 2.0) ** 2 + tb * tb)
    amp = np.sqrt(np.maximum(lam, 0.0))
    theta = 0.5 * np.arctan2(2.0 * tb, ta - tc)  # angle of v in (column, row) coordinates
    return amp, amp * np.sin(theta), amp * np.cos(theta)


def half_direction(g_row: np.ndarray, g_col: np.ndarray, amp: np.ndarray) -> np.ndarray:
    """Directions modulo 180 degrees in 2-degree steps (0..89), 255 where amp is 0."""
    deg = np.degrees(np.arctan2(-g_row, g_col)) % 180.0
    half = np.floor(deg / 2.0 + 0.5).astype(np.int32) % 90
    return np.where(amp > 0, half, 255).astype(np.uint8)


@operator(
    "edges_color",
    IconicIn("Image"),
    IconicOut("ImaAmp"),
    IconicOut("ImaDir"),
    ControlIn("Filter", types="string", count=1, default="canny", values=_FILTERS),
    ControlIn("Alpha", types="number", count=1, default=1.0),
    ControlIn("NMS", types="string", count=1, default="nms", values=NMS_MODES),
    ControlIn("Low", types="number", count=1, default=20),
    ControlIn("High", types="number", count=1, default=40),
)
def edges_color(
    ctx: CallContext,
    image: ObjectTuple,
    filt: tuple,
    alpha: tuple,
    nms: tuple,
    low: tuple,
    high: tuple,
) -> tuple:
    """Color edges: amplitude (square root of the largest eigenvalue of the channels'
    metric tensor, uint2 for byte images) and direction modulo 180 degrees (0..89)."""
    kind, mode = filt[0], nms[0]
    a = float(alpha[0])
    if kind != "sobel_fast" and not (math.isfinite(a) and 0 < a <= 1000):
        raise ctx.param_error("value", "Alpha", f"{alpha[0]!r} must be positive")
    lo, hi = float(low[0]), float(high[0])
    for v, name in ((lo, "Low"), (hi, "High")):
        if not math.isfinite(v):
            raise ctx.param_error("value", name, f"{v!r} is not a finite number")
    use_hysteresis = lo > 0 and hi > 0
    if use_hysteresis and lo > hi:
        raise ctx.param_error("value", "Low", f"{lo} is larger than High {hi}")
    if kind == "sobel_fast":
        reach = 1
    else:
        reach = len(derivative_pair(kind, a)[0]) // 2
    thinned = mode != "none" or use_hysteresis
    amps, dirs = [], []
    for img in images(ctx, image, ("byte", "uint2")):
        amp_type = _AMP_TYPE[img.pixel_type]
        rs, cs, mask = window(img, (reach, reach))
        amp_out = np.zeros((1, img.height, img.width), DTYPES[amp_type])
        dir_out = np.zeros((1, img.height, img.width), np.uint8)
        edges = np.zeros((img.height, img.width), bool)
        if mask is None or mask.any():
            planes = [img.data[ch, rs, cs] for ch in range(img.channels)]
            amp, g_row, g_col = color_gradient(planes, kind, a)
            amp = to_type(amp, amp_type).astype(np.float64)
            keep = np.ones(amp.shape, bool) if mask is None else mask.copy()
            if mode != "none":
                keep &= suppress(amp, g_row, g_col, mode)
            if use_hysteresis:
                keep &= hysteresis(np.where(keep, amp, 0.0), lo, hi)
            amp_out[0, rs, cs] = to_type(np.where(keep, amp, 0.0), amp_type)
            dir_out[0, rs, cs] = np.where(keep, half_direction(g_row, g_col, amp), 0)
            edges[rs, cs] = keep
        domain = region_of(edges) if thinned else img.domain
        amps.append(Image(amp_out, amp_type, domain))
        dirs.append(Image(dir_out, "byte", domain))
    return ObjectTuple(amps), ObjectTuple(dirs)
