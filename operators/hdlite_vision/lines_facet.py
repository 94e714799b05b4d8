"""lines_facet: curvilinear lines from the facet model, as XLD contours.

[doc: lines_facet] A least-squares fit of a quadratic polynomial in row and column over a
MaskSize x MaskSize window at every pixel gives the first and second derivatives; line
points are where the second directional derivative across the line has the sign of
LightDark and the first derivative vanishes within the pixel (sub-pixel position); points
whose second derivative reaches High are accepted, those below Low rejected, the rest kept
when connected to accepted ones; the points are linked into contours with the attributes
'angle' (of the direction perpendicular to the line) and 'response' (the magnitude of the
second derivative). MaskSize 5 corresponds roughly to lines_gauss's Sigma 1.5 [doc]. The
detection after the derivatives is lines_gauss's (:mod:`._steger`); MaskSize must be odd
and >= 3 [unverified: HALCON's allowed values].
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from hdlite_image._common import check_count
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._steger import angle_of, points_from
from .edges_xld import _gray, _link


@lru_cache(maxsize=16)
def facet_masks(size: int) -> np.ndarray:
    """Correlation masks (5, size, size) giving d/drow, d/dcol, d2/drow2, d2/drowdcol and
    d2/dcol2 at the window's centre of the least-squares quadratic."""
    half = size // 2
    r, c = np.mgrid[-half : half + 1, -half : half + 1].astype(np.float64)
    basis = np.stack([np.ones_like(r), r, c, r * r, r * c, c * c], axis=-1).reshape(-1, 6)
    coef = np.linalg.pinv(basis)  # (6, size*size): coefficients from the window's values
    scale = np.array([1.0, 1.0, 2.0, 1.0, 2.0])  # derivatives from the coefficients
    return (coef[1:] * scale[:, None]).reshape(5, size, size)


def _derivatives(data: np.ndarray, size: int) -> list[np.ndarray]:
    """The five derivative images; each mask is separable (rank one), so it is applied as
    a row and a column mask."""
    from scipy import ndimage as ndi

    out = []
    for m in facet_masks(size):
        u, s, vt = np.linalg.svd(m)
        rows, cols = u[:, 0] * s[0], vt[0]
        part = ndi.correlate1d(data, rows, axis=0, mode="nearest")
        out.append(ndi.correlate1d(part, cols, axis=1, mode="nearest"))
    return out


@operator(
    "lines_facet",
    IconicIn("Image"),
    IconicOut("Lines"),
    ControlIn("MaskSize", types="integer", count=1, default=5),
    ControlIn("Low", types="number", count=1, default=3),
    ControlIn("High", types="number", count=1, default=8),
    ControlIn("LightDark", types="string", count=1, default="light", values=("light", "dark")),
)
def lines_facet(
    ctx: CallContext,
    image: ObjectTuple,
    mask_size: tuple,
    low: tuple,
    high: tuple,
    light_dark: tuple,
) -> tuple:
    """Sub-pixel lines from the facet model as contours with 'angle' and 'response'."""
    from scipy import ndimage as ndi

    size = int(mask_size[0])
    if size < 3 or size % 2 == 0 or size > 1001:
        raise ctx.param_error("value", "MaskSize", f"{mask_size[0]!r} must be odd, 3..1001")
    check_count(ctx, float(size) * size * 6, "MaskSize", 64)
    lo, hi = float(low[0]), float(high[0])
    if not lo >= 0:
        raise ctx.param_error("value", "Low", f"{low[0]!r} must be >= 0")
    if not hi >= lo:
        raise ctx.param_error("value", "High", "needs Low <= High")
    out: list[Contour] = []
    for img, data in _gray(ctx, image):
        gr, gc, rr, rc, cc = _derivatives(data, size)
        pts = points_from(gr, gc, rr, rc, cc, light_dark[0] == "light")
        cand = pts["valid"] & (pts["response"] >= lo)
        if img.domain is not None:
            cand &= img.domain.to_mask(*data.shape)
        labels, _n = ndi.label(cand, structure=np.ones((3, 3)))
        strong = np.unique(labels[cand & (pts["response"] >= hi)])
        keep = np.isin(labels, strong[strong > 0])
        for chain in _link(keep):
            idx = tuple(np.array(chain).T)
            nr, nc = pts["nr"][idx], pts["nc"][idx]
            rows, cols = pts["row"][idx], pts["col"][idx]  # the fitted quadratic's vertex
            attribs = {"angle": angle_of(nr, nc), "response": pts["response"][idx]}
            out.append(Contour(rows, cols, attribs))
    return (ObjectTuple(out),)
