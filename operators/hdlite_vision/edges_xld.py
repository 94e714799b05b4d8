"""Sub-pixel edges and iso-lines as XLD contours: edges_sub_pix and threshold_sub_pix.

edges_sub_pix computes the gradient with the filter of ``Filter``, as edges_image does (see
:mod:`.edges` and :func:`.derivatives.derivative_pair`): 'canny' is the derivative of a
Gaussian of sigma Alpha (scipy, border pixels replicated); 'deriche1'/'lanser1',
'deriche2'/'lanser2' and 'shen'/'mshen' the derivatives of the Deriche and Shen masks (a
smaller Alpha smooths more); 'deriche1_int4' and 'deriche2_int4' are HALCON's integer
implementations of 'deriche1'/'deriche2' and compute the same here; 'sobel_fast' the 3x3
Sobel masks (Alpha is not used), amplitude ``sqrt(a^2 + b^2) / 4``. Every filter is scaled
so that a ramp of slope 1 gives an amplitude of 1, as in edges_image [unverified: HALCON's
scaling of edges_sub_pix; a step of height h gives h / (sqrt(2 pi) Alpha) with 'canny'].
Then: non-maximum suppression across the edge (the amplitude sampled bilinearly one pixel
either side along the gradient), sub-pixel placement by a parabola through those three
amplitudes, hysteresis with Low/High on 8-connected candidate pixels, and linking of
8-neighbouring edge pixels into contours (chains start at end points; closed loops repeat
their first point). Contours carry 'response' (gradient amplitude), 'angle' (direction of
the gradient, counter-clockwise on screen from the column axis) and 'edge_direction' (angle
+ pi/2, the direction along the edge), all per point. Only the pixels of the image's domain
produce edges.
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import check_count
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

from ._filtering import correlate
from .derivatives import derivative_pair
from .edges import sobel_parts

SUB_PIX_FILTERS = (
    "canny",
    "deriche1",
    "deriche1_int4",
    "deriche2",
    "deriche2_int4",
    "lanser1",
    "lanser2",
    "shen",
    "mshen",
    "sobel_fast",
)
_NEIGHBOURS = ((0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1))


def _gray(ctx: CallContext, image: ObjectTuple) -> list[tuple[Image, np.ndarray]]:
    out = []
    for img in image:
        if not isinstance(img, Image):
            raise ctx.error(9054, f"Image: expects images, got a {img.kind}")
        if img.pixel_type not in ("byte", "uint2", "int1", "int2", "int4", "real"):
            raise ctx.error(9007, f"Image: pixel type {img.pixel_type!r}")
        out.append((img, np.asarray(img.data[0], dtype=np.float64)))
    return out


def _link(mask: np.ndarray) -> list[list[tuple[int, int]]]:
    """Chains of 8-connected pixels of ``mask`` (4-neighbours preferred when following)."""
    pixels = set(zip(*(a.tolist() for a in np.nonzero(mask)), strict=True))

    def neighbours(p: tuple[int, int]) -> list[tuple[int, int]]:
        return [
            (p[0] + dr, p[1] + dc) for dr, dc in _NEIGHBOURS if (p[0] + dr, p[1] + dc) in pixels
        ]

    chains = []
    visited: set[tuple[int, int]] = set()
    ends = sorted(p for p in pixels if len(neighbours(p)) == 1)
    for start in ends + sorted(pixels):
        if start in visited:
            continue
        chain = [start]
        visited.add(start)
        current = start
        while True:
            nxt = [q for q in neighbours(current) if q not in visited]
            if not nxt:
                break
            current = nxt[0]
            visited.add(current)
            chain.append(current)
        if len(chain) > 2 and start in neighbours(chain[-1]) and start not in ends:
            chain.append(start)
        chains.append(chain)
    return chains


def canny_edges(
    data: np.ndarray, sigma: float, low: float, high: float, domain: np.ndarray | None = None
) -> list[Contour]:
    """Sub-pixel Canny edges of a 2-D array as contours."""
    return subpixel_edges(*gradient(data, "canny", sigma), low, high, domain)


def gradient(data: np.ndarray, kind: str, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) derivatives of a 2-D array with the edge filter ``kind``."""
    if kind == "canny":
        from scipy import ndimage as ndi

        gr = ndi.gaussian_filter(data, alpha, order=(1, 0), mode="nearest")
        gc = ndi.gaussian_filter(data, alpha, order=(0, 1), mode="nearest")
        return gr, gc
    if kind == "sobel_fast":
        a, b = sobel_parts(data, (1, 1), False)
        return a / 4.0, b / 4.0
    smooth, deriv = derivative_pair(kind.removesuffix("_int4"), alpha)
    return correlate(data, deriv, smooth), correlate(data, smooth, deriv)


def subpixel_edges(
    gr: np.ndarray, gc: np.ndarray, low: float, high: float, domain: np.ndarray | None = None
) -> list[Contour]:
    """Edges of a gradient field (row and column parts) as sub-pixel contours."""
    from scipy import ndimage as ndi

    amp = np.hypot(gr, gc)
    h, w = amp.shape
    rr, cc = np.mgrid[0:h, 0:w].astype(np.float64)
    safe = np.where(amp > 0, amp, 1.0)
    ur, uc = gr / safe, gc / safe
    plus = ndi.map_coordinates(amp, [rr + ur, cc + uc], order=1, mode="nearest")
    minus = ndi.map_coordinates(amp, [rr - ur, cc - uc], order=1, mode="nearest")
    cand = (amp >= low) & (amp > 0) & (amp >= plus) & (amp > minus)
    if domain is not None:
        cand &= domain
    labels, _n = ndi.label(cand, structure=np.ones((3, 3)))
    strong = np.unique(labels[cand & (amp >= high)])
    edges = np.isin(labels, strong[strong > 0])
    denom = minus - 2 * amp + plus
    off = np.where(denom != 0, 0.5 * (minus - plus) / np.where(denom == 0, 1, denom), 0.0)
    off = np.clip(off, -0.5, 0.5)
    sub_r, sub_c = rr + off * ur, cc + off * uc
    angle = np.arctan2(-gr, gc)
    out = []
    for chain in _link(edges):
        idx = tuple(np.array(chain).T)
        ang = angle[idx]
        attribs = {"response": amp[idx], "angle": ang, "edge_direction": ang + np.pi / 2}
        out.append(Contour(sub_r[idx], sub_c[idx], attribs))
    return out


@operator(
    "edges_sub_pix",
    IconicIn("Image"),
    IconicOut("Edges"),
    ControlIn("Filter", types="string", count=1, default="canny", values=SUB_PIX_FILTERS),
    ControlIn("Alpha", types="number", count=1, default=1.0),
    ControlIn("Low", types="number", count=1, default=20),
    ControlIn("High", types="number", count=1, default=40),
)
def edges_sub_pix(
    ctx: CallContext, image: ObjectTuple, filt: tuple, alpha: tuple, low: tuple, high: tuple
) -> tuple:
    """Sub-pixel precise edges (Canny, Deriche, Lanser, Shen or fast Sobel filters,
    hysteresis Low/High) as contours with the attributes 'response', 'angle' and
    'edge_direction'."""
    kind, a = filt[0], float(alpha[0])
    if kind != "sobel_fast":
        if not np.isfinite(a):
            raise ctx.param_error("value", "Alpha", f"{alpha[0]!r} is not a finite number")
        if a <= 0:
            raise ctx.param_error("value", "Alpha", f"{alpha[0]!r} must be positive")
    if kind == "canny":
        check_count(ctx, 8 * a + 1, "Alpha", 64)  # the mask of the Gaussian
    if low[0] < 0 or high[0] < low[0]:
        raise ctx.param_error("value", "High", "needs 0 <= Low <= High")
    out: list[Contour] = []
    for img, data in _gray(ctx, image):
        domain = None if img.domain is None else img.domain.to_mask(*data.shape)
        grads = gradient(data, kind, a)
        out.extend(subpixel_edges(*grads, float(low[0]), float(high[0]), domain))
    return (ObjectTuple(out),)


@operator(
    "threshold_sub_pix",
    IconicIn("Image"),
    IconicOut("Border"),
    ControlIn("Threshold", types="number", count=1, default=128),
)
def threshold_sub_pix(ctx: CallContext, image: ObjectTuple, threshold: tuple) -> tuple:
    """Lines where the bilinearly interpolated gray values equal Threshold; closed lines
    repeat their first point, lines that reach the image border stay open."""
    from skimage.measure import find_contours

    out: list[Contour] = []
    for _img, data in _gray(ctx, image):
        if min(data.shape) < 2:  # no pair of neighbouring pixels: no contour to follow
            continue
        for pts in find_contours(data, float(threshold[0])):
            out.append(Contour(pts[:, 0], pts[:, 1]))
    return (ObjectTuple(out),)
