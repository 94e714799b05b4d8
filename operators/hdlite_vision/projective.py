"""Projective transformations (homographies) of point sets, regions, contours and images.

Conventions [doc: projective_trans_pixel: it uses the coordinate system of
projective_trans_image and projective_trans_region, pixel-corner origin; projective_trans_
contour_xld and projective_trans_point_2d use the sub-pixel system, (row, column) as (x, y)]:
pixel (r, c) of a region or image covers the unit square around (r + 0.5, c + 0.5) in the
matrix's coordinates. An output pixel belongs to a transformed region when its centre maps
back (through the inverse matrix) into the region: 'nearest_neighbor' takes the source pixel
there, 'bilinear' interpolates the region's 0/1 mask there and keeps values >= 0.5
[unverified: HALCON's exact bilinear rule for regions]. Output pixels whose centre maps back
behind the horizon (w <= 0) belong to nothing. A region whose image is unbounded (it crosses
the horizon) is cut to the system image size; other regions are cut there when
'clip_region' is 'true' (G7).

projective_trans_image: 'false' for TransformDomain transforms the whole image and gives the
output a full domain; 'true' transforms the domain too. AdaptImageSize = 'true' grows the
output so that the right and bottom borders are not cut (parts mapped to negative
coordinates are still cut), as affine_trans_image does [unverified for projective].

vector_to_proj_hom_mat2d: 'dlt' and 'normalized_dlt' solve the DLT (Hartley's
normalisation); their Covariance is empty. 'gold_standard' refines the normalised DLT by
minimising the Mahalanobis distances of the points P (with covariances CovXX1, CovYY1,
CovXY1; estimated positions) and Q (CovXX2...; mapped estimates), Hartley and Zisserman's
gold standard, and returns the 9 x 9 covariance of the matrix (normalised to h22 = 1) from
the Gauss-Newton normal equations. Empty covariances mean unit variances.
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._common import check_fits, region_from_mask
from hdlite_image.resample import sample
from hdlite_image.xld_objects import Contour

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
)

from ._region_tools import region_args, system_size, system_value
from ._xld_common import contours
from .hom_mat2d import _about, dlt, to_matrix

_MAT = ControlIn("HomMat2D", types="number", count=(6, 9), limit=float("inf"))
_INTERP = ("bilinear", "nearest_neighbor")


def _pixel_matrix(ctx: CallContext, mat: tuple) -> tuple[np.ndarray, np.ndarray]:
    """The matrix in pixel-centre coordinates and its inverse (a singular one is 1302)."""
    m = to_matrix(ctx, mat)
    if not np.all(np.isfinite(m)):
        raise ctx.param_error("value", "HomMat2D", "the matrix holds a non-finite value")
    if abs(np.linalg.det(m)) < 1e-300 * max(1.0, float(np.abs(m).max()) ** 3):
        raise ctx.param_error("value", "HomMat2D", "the matrix is singular")
    centre = _about(m, -0.5, -0.5)
    return centre, np.linalg.inv(centre)


def _back(inv: np.ndarray, rows: np.ndarray, cols: np.ndarray):
    """Source positions of output pixel centres, and whether they lie in front (w > 0)."""
    w = inv[2, 0] * rows + inv[2, 1] * cols + inv[2, 2]
    front = w > 0
    safe = np.where(front, w, 1.0)
    r = (inv[0, 0] * rows + inv[0, 1] * cols + inv[0, 2]) / safe
    c = (inv[1, 0] * rows + inv[1, 1] * cols + inv[1, 2]) / safe
    return r, c, front


def _corners(m: np.ndarray, box: tuple[int, int, int, int]):
    """Rows and columns of the mapped outer corners of the pixel box (r1, c1, r2, c2), in
    pixel-centre coordinates; None where the box crosses the horizon."""
    r1, c1, r2, c2 = box
    corners = np.array(
        [
            [r1 - 0.5, r1 - 0.5, r2 + 0.5, r2 + 0.5],
            [c1 - 0.5, c2 + 0.5, c1 - 0.5, c2 + 0.5],
            [1] * 4,
        ]
    )
    q = m @ corners
    if not (np.all(q[2] > 0) or np.all(q[2] < 0)):
        return None
    rows, cols = q[0] / q[2], q[1] / q[2]
    if not (np.all(np.isfinite(rows)) and np.all(np.isfinite(cols))):
        return None
    return rows, cols


def _target_box(m: np.ndarray, box: tuple[int, int, int, int]):
    """Output pixel bounds of the source box (r1, c1, r2, c2); None where unbounded."""
    found = _corners(m, box)
    if found is None:
        return None
    rows, cols = found
    lim = 2.0**40
    return (
        math.floor(max(rows.min(), -lim)),
        math.floor(max(cols.min(), -lim)),
        math.ceil(min(rows.max(), lim)),
        math.ceil(min(cols.max(), lim)),
    )


def transform_region(
    ctx: CallContext, reg: Region, m: np.ndarray, inv: np.ndarray, interp: str
) -> Region:
    """One region under the pixel-centre matrix ``m`` (inverse ``inv``)."""
    if reg.area() == 0:
        return reg
    height, width = system_size(ctx)
    box = _target_box(m, reg.bbox())
    clip = system_value(ctx, "clip_region", "true") == "true"
    if box is None:
        box = (0, 0, height - 1, width - 1)
    elif clip:
        box = (max(box[0], 0), max(box[1], 0), min(box[2], height - 1), min(box[3], width - 1))
    top, left, bottom, right = box
    if bottom < top or right < left:
        return Region(0, 0, np.zeros((0, 0), dtype=bool))
    check_fits(ctx, bottom - top + 1, right - left + 1, what="region")
    rows, cols = np.mgrid[top : bottom + 1, left : right + 1].astype(np.float64)
    src_r, src_c, front = _back(inv, rows, cols)
    mask = reg.mask.astype(np.float64)[None]
    src_r, src_c = src_r - reg.row, src_c - reg.column
    values, inside = sample(mask, src_r, src_c, interp, "real")
    hit = values[0] >= 0.5 if interp == "bilinear" else values[0] > 0.5
    return region_from_mask(hit & inside & front, top, left)


@operator(
    "projective_trans_region",
    IconicIn("Regions"),
    IconicOut("TransRegions"),
    _MAT,
    ControlIn("Interpolation", types="string", count=1, default="bilinear", values=_INTERP),
)
def projective_trans_region(
    ctx: CallContext, objs: ObjectTuple, mat: tuple, interp: tuple
) -> tuple:
    """Apply a projective transformation to regions (pixel-corner coordinates, as
    projective_trans_pixel); each output pixel belongs to the result when its centre maps
    back into the region."""
    m, inv = _pixel_matrix(ctx, mat)
    out = [transform_region(ctx, r, m, inv, interp[0]) for r in region_args(ctx, objs)]
    return (ObjectTuple(out),)


@operator(
    "projective_trans_contour_xld",
    IconicIn("Contours"),
    IconicOut("ContoursProjTrans"),
    _MAT,
)
def projective_trans_contour_xld(ctx: CallContext, objs: ObjectTuple, mat: tuple) -> tuple:
    """Apply a projective transformation to every contour point, (row, column) as (x, y);
    a point mapped to infinity is 1302."""
    m = to_matrix(ctx, mat)
    out = []
    for c in contours(ctx, objs):
        q = m @ np.vstack([c.rows, c.cols, np.ones(len(c))])
        if np.any(q[2] == 0) or not np.all(np.isfinite(q)):
            raise ctx.param_error("value", "HomMat2D", "a contour point is mapped to infinity")
        out.append(Contour(q[0] / q[2], q[1] / q[2], dict(c.attribs), c.global_attribs))
    return (ObjectTuple(out),)


def _warp(
    ctx: CallContext,
    img: Image,
    m: np.ndarray,
    inv: np.ndarray,
    size: tuple[int, int],
    interp: str,
    domain: str,
) -> Image:
    height, width = size
    check_fits(ctx, height, width, img.channels, img.data.dtype.itemsize)
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    src_r, src_c, front = _back(inv, rows, cols)
    values, inside = sample(img.data, src_r, src_c, interp, img.pixel_type)
    inside &= front
    data = np.where(inside[None], values, np.zeros((), values.dtype)).astype(values.dtype)
    if domain == "true":
        dom = transform_region(ctx, img.domain_region(), m, inv, interp)
        dom = dom.clip(0, 0, height - 1, width - 1)
        return Image(data, img.pixel_type, dom)
    return Image(data, img.pixel_type, None)


@operator(
    "projective_trans_image",
    IconicIn("Image"),
    IconicOut("TransImage"),
    _MAT,
    ControlIn("Interpolation", types="string", count=1, default="bilinear", values=_INTERP),
    ControlIn("AdaptImageSize", types="string", count=1, default="false", values=("true", "false")),
    ControlIn(
        "TransformDomain", types="string", count=1, default="false", values=("true", "false")
    ),
)
def projective_trans_image(
    ctx: CallContext, objs: ObjectTuple, mat: tuple, interp: tuple, adapt: tuple, dom: tuple
) -> tuple:
    """Apply a projective transformation to images; AdaptImageSize = 'true' grows the output
    so nothing is cut at the right and bottom, TransformDomain = 'true' also transforms the
    domain (else the output domain is full)."""
    m, inv = _pixel_matrix(ctx, mat)
    out = []
    for img in _images(ctx, objs):
        size = (img.height, img.width)
        if adapt[0] == "true":
            found = _corners(m, (0, 0, img.height - 1, img.width - 1))
            if found is None:
                raise ctx.param_error("value", "HomMat2D", "the image is mapped to infinity")
            # the output pixels whose whole area lies left of / above the image's far edges
            bottom, right = float(found[0].max()), float(found[1].max())
            if max(bottom, right) > 2**31:
                raise ctx.param_error("value", "HomMat2D", "the transformed image is too large")
            size = (max(math.floor(bottom - 0.5) + 1, 1), max(math.floor(right - 0.5) + 1, 1))
        out.append(_warp(ctx, img, m, inv, size, interp[0], dom[0]))
    return (ObjectTuple(out),)


def _images(ctx: CallContext, objs: ObjectTuple) -> list[Image]:
    out = []
    for o in objs:
        if not isinstance(o, Image):
            raise ctx.error(9054, f"Image: expects images, got a {o.kind}")
        out.append(o)
    return out


@operator(
    "projective_trans_image_size",
    IconicIn("Image"),
    IconicOut("TransImage"),
    _MAT,
    ControlIn("Interpolation", types="string", count=1, default="bilinear", values=_INTERP),
    ControlIn("Width", types="integer", count=1, default=640),
    ControlIn("Height", types="integer", count=1, default=480),
    ControlIn(
        "TransformDomain", types="string", count=1, default="false", values=("true", "false")
    ),
)
def projective_trans_image_size(
    ctx: CallContext,
    objs: ObjectTuple,
    mat: tuple,
    interp: tuple,
    width: tuple,
    height: tuple,
    dom: tuple,
) -> tuple:
    """Apply a projective transformation to images into an output of Width x Height."""
    w, h = int(width[0]), int(height[0])
    if not 1 <= w <= 2**31 - 1:
        raise ctx.param_error("value", "Width", f"{width[0]!r} must be at least 1")
    if not 1 <= h <= 2**31 - 1:
        raise ctx.param_error("value", "Height", f"{height[0]!r} must be at least 1")
    m, inv = _pixel_matrix(ctx, mat)
    out = [_warp(ctx, img, m, inv, (h, w), interp[0], dom[0]) for img in _images(ctx, objs)]
    return (ObjectTuple(out),)


def _spread(ctx: CallContext, values: tuple, n: int, name: str, default: float) -> np.ndarray:
    if len(values) == 0:
        return np.full(n, default)
    if len(values) == 1:
        return np.full(n, float(values[0]))
    if len(values) != n:
        raise ctx.param_error("count", name, f"{len(values)} values for {n} points")
    return np.asarray(values, dtype=np.float64)


def _whitener(xx: np.ndarray, yy: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """Per point, the 2x2 matrix W with W^T W = Cov^-1 (a wrong covariance raises)."""
    cov = np.stack([np.stack([xx, xy], -1), np.stack([xy, yy], -1)], -2)
    return np.linalg.cholesky(np.linalg.inv(cov)).transpose(0, 2, 1)  # type: ignore[no-any-return]


def _gold_standard(p: np.ndarray, q: np.ndarray, w1: np.ndarray, w2: np.ndarray):
    from scipy.optimize import least_squares

    h0 = dlt(np.vstack([p, np.ones(p.shape[1])]), np.vstack([q, np.ones(q.shape[1])]), True)
    n = p.shape[1]

    def residuals(x: np.ndarray) -> np.ndarray:
        h = np.append(x[:8], 1.0).reshape(3, 3)
        est = x[8:].reshape(2, n)
        mapped = h @ np.vstack([est, np.ones(n)])
        proj = mapped[:2] / mapped[2]
        r1 = np.einsum("nij,jn->in", w1, p - est)
        r2 = np.einsum("nij,jn->in", w2, q - proj)
        return np.concatenate([r1.reshape(-1), r2.reshape(-1)])  # type: ignore[no-any-return]

    x0 = np.concatenate([(h0 / h0[2, 2]).reshape(-1)[:8], p.reshape(-1)])
    fit = least_squares(residuals, x0, method="lm")
    h = np.append(fit.x[:8], 1.0).reshape(3, 3)
    jac = fit.jac
    info = jac.T @ jac
    cov_all = np.linalg.pinv(info)
    cov = np.zeros((9, 9))
    cov[:8, :8] = cov_all[:8, :8]
    return h, cov


@operator(
    "vector_to_proj_hom_mat2d",
    *(ControlIn(n, types="number") for n in ("Px", "Py", "Qx", "Qy")),
    ControlIn(
        "Method",
        types="string",
        count=1,
        default="normalized_dlt",
        values=("normalized_dlt", "dlt", "gold_standard"),
    ),
    *(
        ControlIn(n, types="number", count=(0, None), default=[])
        for n in ("CovXX1", "CovYY1", "CovXY1", "CovXX2", "CovYY2", "CovXY2")
    ),
    ControlOut("HomMat2D", types="real", count=9),
    ControlOut("Covariance", types="real"),
)
def vector_to_proj_hom_mat2d(
    ctx: CallContext,
    px: tuple,
    py: tuple,
    qx: tuple,
    qy: tuple,
    method: tuple,
    *covs: tuple,
) -> tuple:
    """The projective transformation that maps the points P to Q best (at least 4 pairs);
    'gold_standard' also weighs the points by their covariances and returns the matrix's
    covariance."""
    n = len(px)
    for name, v in (("Py", py), ("Qx", qx), ("Qy", qy)):
        if len(v) != n:
            raise ctx.param_error("count", name, f"{len(v)} values for {n} points")
    if n < 4:
        raise ctx.param_error("count", "Px", f"at least 4 point pairs needed, got {n}")
    p = np.array([px, py], dtype=np.float64)
    q = np.array([qx, qy], dtype=np.float64)
    if not (np.all(np.isfinite(p)) and np.all(np.isfinite(q))):
        raise ctx.param_error("value", "Px", "the points must be finite")
    ones = np.ones(n)
    if np.linalg.matrix_rank(np.vstack([p, ones])) < 3:
        raise ctx.param_error("value", "Px", "the points P are collinear")
    if method[0] != "gold_standard":
        h = dlt(np.vstack([p, ones]), np.vstack([q, ones]), method[0] == "normalized_dlt")
        return tuple(float(v) for v in h.reshape(-1)), ()
    names = ("CovXX1", "CovYY1", "CovXY1", "CovXX2", "CovYY2", "CovXY2")
    defaults = (1.0, 1.0, 0.0, 1.0, 1.0, 0.0)
    c = [_spread(ctx, v, n, nm, d) for v, nm, d in zip(covs, names, defaults, strict=True)]
    try:
        w1, w2 = _whitener(c[0], c[1], c[2]), _whitener(c[3], c[4], c[5])
    except np.linalg.LinAlgError:
        raise ctx.param_error(
            "value", "CovXX1", "a covariance matrix is not positive definite"
        ) from None
    h, cov = _gold_standard(p, q, w1, w2)
    if not np.all(np.isfinite(h)):
        raise ctx.param_error("value", "Px", "no projective transformation fits the points")
    return tuple(float(v) for v in h.reshape(-1)), tuple(float(v) for v in cov.reshape(-1))
