"""2-D homogeneous transformations (``hom_mat2d_*``) and applying them to points and images.

A ``HomMat2D`` is a tuple of 6 reals: the first two rows of a 3x3 matrix in row-major
order, ``[h00, h01, h02, h10, h11, h12]``. Points are (row, column), i.e. HALCON's
``x`` is the row and ``y`` the column; ``Qx = h00 Px + h01 Py + h02``. Operators without
``_local`` multiply the new transformation from the left (it happens after the input
transformation); ``_local`` variants multiply from the right.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Param,
    operator,
)

from ._common import (
    INTERPOLATIONS,
    domain_mask,
    images,
    normalized_domain,
    region_from_mask,
    regions,
)
from .resample import sample

_MAT_IN = ControlIn("HomMat2D", types="real", count=(6, 9))


def to_matrix(ctx: CallContext, values: tuple, name: str = "HomMat2D") -> np.ndarray:
    """The 3x3 matrix of a HomMat2D tuple (6 values, or 9 with last row 0 0 1)."""
    m = np.asarray(values, dtype=np.float64)
    if m.size == 6:
        return np.vstack([m.reshape(2, 3), [0.0, 0.0, 1.0]])
    if m.size == 9:
        return m.reshape(3, 3)
    raise ctx.param_error("count", name, f"{m.size} values, expected 6")


def from_matrix(m: np.ndarray) -> tuple:
    """The HomMat2D tuple of a 3x3 matrix."""
    return tuple(float(v) for v in m[:2].reshape(-1))


def _rotation(phi: float) -> np.ndarray:
    c, s = math.cos(phi), math.sin(phi)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def _translation(tx: float, ty: float) -> np.ndarray:
    return np.array([[1.0, 0.0, tx], [0.0, 1.0, ty], [0.0, 0.0, 1.0]])


def _scaling(sx: float, sy: float) -> np.ndarray:
    return np.diag([sx, sy, 1.0])


def _about(m: np.ndarray, px: float, py: float) -> np.ndarray:
    return _translation(px, py) @ m @ _translation(-px, -py)


def _out(name: str) -> Param:
    return ControlOut(name, types="real", count=6)


def _num(name: str, default: float = 0.0) -> Param:
    return ControlIn(name, types="real", count=1, default=default)


@operator("hom_mat2d_identity", _out("HomMat2DIdentity"))
def hom_mat2d_identity(ctx: CallContext) -> tuple:
    """The identity transformation."""
    return ((1.0, 0.0, 0.0, 0.0, 1.0, 0.0),)


@operator("hom_mat2d_translate", _MAT_IN, _num("Tx", 64), _num("Ty", 64), _out("HomMat2DTranslate"))
def hom_mat2d_translate(ctx: CallContext, mat: tuple, tx: tuple, ty: tuple) -> tuple:
    """Add a translation by (Tx, Ty) after the transformation."""
    return (from_matrix(_translation(tx[0], ty[0]) @ to_matrix(ctx, mat)),)


@operator(
    "hom_mat2d_translate_local", _MAT_IN, _num("Tx", 64), _num("Ty", 64), _out("HomMat2DTranslate")
)
def hom_mat2d_translate_local(ctx: CallContext, mat: tuple, tx: tuple, ty: tuple) -> tuple:
    """Add a translation by (Tx, Ty) before the transformation (in its local frame)."""
    return (from_matrix(to_matrix(ctx, mat) @ _translation(tx[0], ty[0])),)


@operator(
    "hom_mat2d_rotate", _MAT_IN, _num("Phi", 0.78), _num("Px"), _num("Py"), _out("HomMat2DRotate")
)
def hom_mat2d_rotate(ctx: CallContext, mat: tuple, phi: tuple, px: tuple, py: tuple) -> tuple:
    """Add a rotation by ``Phi`` (radians, counterclockwise on screen) about (Px, Py)."""
    return (from_matrix(_about(_rotation(phi[0]), px[0], py[0]) @ to_matrix(ctx, mat)),)


@operator("hom_mat2d_rotate_local", _MAT_IN, _num("Phi", 0.78), _out("HomMat2DRotate"))
def hom_mat2d_rotate_local(ctx: CallContext, mat: tuple, phi: tuple) -> tuple:
    """Add a rotation about the local origin before the transformation."""
    return (from_matrix(to_matrix(ctx, mat) @ _rotation(phi[0])),)


@operator(
    "hom_mat2d_scale",
    _MAT_IN,
    _num("Sx", 2),
    _num("Sy", 2),
    _num("Px"),
    _num("Py"),
    _out("HomMat2DScale"),
)
def hom_mat2d_scale(
    ctx: CallContext, mat: tuple, sx: tuple, sy: tuple, px: tuple, py: tuple
) -> tuple:
    """Add a scaling by (Sx, Sy) about the fixed point (Px, Py)."""
    return (from_matrix(_about(_scaling(sx[0], sy[0]), px[0], py[0]) @ to_matrix(ctx, mat)),)


@operator("hom_mat2d_scale_local", _MAT_IN, _num("Sx", 2), _num("Sy", 2), _out("HomMat2DScale"))
def hom_mat2d_scale_local(ctx: CallContext, mat: tuple, sx: tuple, sy: tuple) -> tuple:
    """Add a scaling about the local origin before the transformation."""
    return (from_matrix(to_matrix(ctx, mat) @ _scaling(sx[0], sy[0])),)


@operator(
    "hom_mat2d_compose",
    ControlIn("HomMat2DLeft", types="real", count=(6, 9)),
    ControlIn("HomMat2DRight", types="real", count=(6, 9)),
    _out("HomMat2DCompose"),
)
def hom_mat2d_compose(ctx: CallContext, left: tuple, right: tuple) -> tuple:
    """The product ``HomMat2DLeft * HomMat2DRight`` (right is applied first)."""
    return (
        from_matrix(to_matrix(ctx, left, "HomMat2DLeft") @ to_matrix(ctx, right, "HomMat2DRight")),
    )


def invert(ctx: CallContext, mat: tuple) -> np.ndarray:
    """The inverse of a HomMat2D as a 3x3 matrix (130N when it is singular)."""
    m = to_matrix(ctx, mat)
    if abs(np.linalg.det(m)) < 1e-15:
        raise ctx.param_error("value", "HomMat2D", "the transformation is singular")
    return np.linalg.inv(m)


@operator("hom_mat2d_invert", _MAT_IN, _out("HomMat2DInvert"))
def hom_mat2d_invert(ctx: CallContext, mat: tuple) -> tuple:
    """The inverse transformation."""
    return (from_matrix(invert(ctx, mat)),)


@operator("hom_mat2d_determinant", _MAT_IN, ControlOut("Determinant", types="real", count=1))
def hom_mat2d_determinant(ctx: CallContext, mat: tuple) -> tuple:
    """The determinant of the transformation's 3x3 matrix."""
    return ((float(np.linalg.det(to_matrix(ctx, mat))),),)


@operator(
    "vector_angle_to_rigid",
    *(_num(n) for n in ("Row1", "Column1", "Angle1", "Row2", "Column2", "Angle2")),
    _out("HomMat2D"),
)
def vector_angle_to_rigid(
    ctx: CallContext, r1: tuple, c1: tuple, a1: tuple, r2: tuple, c2: tuple, a2: tuple
) -> tuple:
    """The rigid transformation moving point 1 to point 2 and rotating by Angle2 - Angle1."""
    m = _translation(r2[0], c2[0]) @ _rotation(a2[0] - a1[0]) @ _translation(-r1[0], -c1[0])
    return (from_matrix(m),)


def _points(ctx: CallContext, px: tuple, py: tuple) -> tuple[np.ndarray, np.ndarray]:
    if len(px) != len(py) and len(py) != 1 and len(px) != 1:
        raise ctx.param_error("count", "Py", f"{len(py)} values for {len(px)} values of Px")
    n = max(len(px), len(py))
    x = np.broadcast_to(np.asarray(px, dtype=np.float64), (n,))
    y = np.broadcast_to(np.asarray(py, dtype=np.float64), (n,))
    return x, y


def _apply(m: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[tuple, tuple]:
    qx = m[0, 0] * x + m[0, 1] * y + m[0, 2]
    qy = m[1, 0] * x + m[1, 1] * y + m[1, 2]
    return tuple(float(v) for v in qx), tuple(float(v) for v in qy)


@operator(
    "affine_trans_point_2d",
    _MAT_IN,
    ControlIn("Px", types="real"),
    ControlIn("Py", types="real"),
    ControlOut("Qx", types="real"),
    ControlOut("Qy", types="real"),
)
def affine_trans_point_2d(ctx: CallContext, mat: tuple, px: tuple, py: tuple) -> tuple:
    """Transform points (Px = row, Py = column)."""
    return _apply(to_matrix(ctx, mat), *_points(ctx, px, py))


@operator(
    "affine_trans_pixel",
    _MAT_IN,
    ControlIn("Row", types="real"),
    ControlIn("Col", types="real"),
    ControlOut("RowTrans", types="real"),
    ControlOut("ColTrans", types="real"),
)
def affine_trans_pixel(ctx: CallContext, mat: tuple, row: tuple, col: tuple) -> tuple:
    """Transform pixel coordinates: like affine_trans_point_2d with pixel-corner origin."""
    m = _about(to_matrix(ctx, mat), -0.5, -0.5)
    return _apply(m, *_points(ctx, row, col))


def warp_image(img: Image, inverse: np.ndarray, height: int, width: int, method: str) -> Image:
    """Resample ``img`` into a ``height`` x ``width`` image: output pixel p shows ``inverse @ p``.

    The result's domain holds the output pixels whose source lies in the input domain.
    """
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    src_r = inverse[0, 0] * rows + inverse[0, 1] * cols + inverse[0, 2]
    src_c = inverse[1, 0] * rows + inverse[1, 1] * cols + inverse[1, 2]
    values, inside = sample(img.data, src_r, src_c, method, img.pixel_type)
    mask = domain_mask(img)
    if mask is not None:
        ri = np.clip(np.floor(src_r + 0.5).astype(np.intp), 0, img.height - 1)
        ci = np.clip(np.floor(src_c + 0.5).astype(np.intp), 0, img.width - 1)
        inside &= mask[ri, ci]
    data = np.where(inside[None], values, np.zeros((), values.dtype))
    domain = normalized_domain(region_from_mask(inside), height, width)
    return Image(data.astype(values.dtype, copy=False), img.pixel_type, domain)


@operator(
    "affine_trans_image",
    IconicIn("Image"),
    IconicOut("ImageAffineTrans"),
    _MAT_IN,
    ControlIn("Interpolation", types="string", count=1, default="constant", values=INTERPOLATIONS),
    ControlIn("AdaptImageSize", types="string", count=1, default="false", values=("true", "false")),
)
def affine_trans_image(
    ctx: CallContext, image: ObjectTuple, mat: tuple, interp: tuple, adapt: tuple
) -> tuple:
    """Apply an affine transformation to images (modes other than nearest_neighbor sample
    bilinearly); ``AdaptImageSize='true'`` grows the output so that nothing is cut off at
    the right and bottom."""
    m = to_matrix(ctx, mat)
    inverse = invert(ctx, mat)
    out = []
    for img in images(ctx, image):
        height, width = img.height, img.width
        if adapt[0] == "true":
            corners = np.array(
                [[0, 0, 1], [0, width - 1, 1], [height - 1, 0, 1], [height - 1, width - 1, 1]],
                dtype=np.float64,
            ).T
            moved = m @ corners
            height = max(math.floor(moved[0].max() + 0.5) + 1, 1)
            width = max(math.floor(moved[1].max() + 0.5) + 1, 1)
        out.append(warp_image(img, inverse, height, width, interp[0]))
    return (ObjectTuple(out),)


@operator(
    "affine_trans_region",
    IconicIn("Region"),
    IconicOut("RegionAffineTrans"),
    _MAT_IN,
    ControlIn(
        "Interpolate",
        types="string",
        count=1,
        default="nearest_neighbor",
        values=("nearest_neighbor", "constant"),
    ),
)
def affine_trans_region(ctx: CallContext, region: ObjectTuple, mat: tuple, interp: tuple) -> tuple:
    """Transform regions (each output pixel belongs to the result if its source does)."""
    m = to_matrix(ctx, mat)
    inverse = invert(ctx, mat)
    out = []
    for reg in regions(ctx, region):
        if not reg.mask.any():
            out.append(reg)
            continue
        r1, c1, r2, c2 = reg.bbox()
        corners = m @ np.array([[r1, r1, r2, r2], [c1, c2, c1, c2], [1, 1, 1, 1]], dtype=float)
        top, left = math.floor(corners[0].min()) - 1, math.floor(corners[1].min()) - 1
        bottom, right = math.ceil(corners[0].max()) + 1, math.ceil(corners[1].max()) + 1
        rows, cols = np.mgrid[top : bottom + 1, left : right + 1].astype(np.float64)
        src_r = inverse[0, 0] * rows + inverse[0, 1] * cols + inverse[0, 2]
        src_c = inverse[1, 0] * rows + inverse[1, 1] * cols + inverse[1, 2]
        ri = np.floor(src_r + 0.5).astype(np.intp) - reg.row
        ci = np.floor(src_c + 0.5).astype(np.intp) - reg.column
        h, w = reg.mask.shape
        ok = (ri >= 0) & (ri < h) & (ci >= 0) & (ci < w)
        mask = np.zeros(rows.shape, dtype=bool)
        mask[ok] = reg.mask[ri[ok], ci[ok]]
        out.append(region_from_mask(mask, top, left))
    return (ObjectTuple(out),)


@operator(
    "distance_pp",
    ControlIn("Row1", types="real"),
    ControlIn("Column1", types="real"),
    ControlIn("Row2", types="real"),
    ControlIn("Column2", types="real"),
    ControlOut("Distance", types="real"),
)
def distance_pp(ctx: CallContext, r1: tuple, c1: tuple, r2: tuple, c2: tuple) -> tuple:
    """Euclidean distance between the points (Row1, Column1) and (Row2, Column2), pairwise."""
    n = len(r1)
    for values, name in ((c1, "Column1"), (r2, "Row2"), (c2, "Column2")):
        if len(values) != n:
            raise ctx.param_error("count", name, f"{len(values)} values for {n} points")
    return (tuple(math.hypot(a - c, b - d) for a, b, c, d in zip(r1, c1, r2, c2, strict=True)),)
