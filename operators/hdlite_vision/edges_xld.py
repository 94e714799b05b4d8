"""Sub-pixel edges and iso-lines as XLD contours: edges_sub_pix ('canny') and
threshold_sub_pix.

edges_sub_pix 'canny' (Alpha = sigma of the Gaussian): Gaussian derivatives (scipy, border
pixels replicated), non-maximum suppression across the edge (the amplitude sampled bilinearly
one pixel either side along the gradient), sub-pixel placement by a parabola through those
three amplitudes, hysteresis with Low/High on 8-connected candidate pixels, and linking of
8-neighbouring edge pixels into contours (chains start at end points; closed loops repeat
their first point). Contours carry 'response' (gradient amplitude), 'angle' (direction of
the gradient, counter-clockwise on screen from the column axis) and 'edge_direction' (angle
+ pi/2, the direction along the edge), all per point [unverified: HALCON's amplitude scaling;
a step of height h gives an amplitude of h / (sqrt(2 pi) Alpha) here]. Other filters
('deriche1', 'lanser2', 'sobel_fast', ...) are not offered (wrong value). Only the pixels
of the image's domain produce edges.
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import check_count
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

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
    from scipy import ndimage as ndi

    gr = ndi.gaussian_filter(data, sigma, order=(1, 0), mode="nearest")
    gc = ndi.gaussian_filter(data, sigma, order=(0, 1), mode="nearest")
    amp = np.hypot(gr, gc)
    h, w = data.shape
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
    ControlIn("Filter", types="string", count=1, default="canny", values=("canny",)),
    ControlIn("Alpha", types="number", count=1, default=1.0),
    ControlIn("Low", types="number", count=1, default=20),
    ControlIn("High", types="number", count=1, default=40),
)
def edges_sub_pix(
    ctx: CallContext, image: ObjectTuple, filt: tuple, alpha: tuple, low: tuple, high: tuple
) -> tuple:
    """Sub-pixel precise edges (Canny: Gaussian of sigma Alpha, hysteresis Low/High) as
    contours with the attributes 'response', 'angle' and 'edge_direction'."""
    if alpha[0] <= 0:
        raise ctx.param_error("value", "Alpha", f"{alpha[0]!r} must be positive")
    if not np.isfinite(float(alpha[0])):
        raise ctx.param_error("value", "Alpha", f"{alpha[0]!r} is not a finite number")
    check_count(ctx, 8 * float(alpha[0]) + 1, "Alpha", 64)  # the mask of the Gaussian
    if low[0] < 0 or high[0] < low[0]:
        raise ctx.param_error("value", "High", "needs 0 <= Low <= High")
    out: list[Contour] = []
    for img, data in _gray(ctx, image):
        domain = None if img.domain is None else img.domain.to_mask(*data.shape)
        out.extend(canny_edges(data, float(alpha[0]), float(low[0]), float(high[0]), domain))
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
