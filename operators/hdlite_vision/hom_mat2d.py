"""2-D transformations beyond the basic ``hom_mat2d_*`` set of the image plugin: slant,
reflection, transposition, affine parameters, transformations fitted to point pairs and
projective (3x3) transformations.

Conventions as in the image plugin: a HomMat2D is 6 values (the first two rows of a 3x3
matrix, row-major) or 9 for projective matrices; x is the row, y the column; without
``_local`` the new transformation happens after the input one.

Settled from HALCON's reference pages: hom_mat2d_slant with Axis ``'x'`` is the matrix
``[[cos T, 0, 0], [sin T, 1, 0]]``, with ``'y'`` ``[[1, -sin T, 0], [0, cos T, 0]]``;
hom_mat2d_to_affine_par decomposes ``HomMat2D = translate(Tx, Ty) * rotate(Phi) *
slant(Theta, 'y') * scale(Sx, Sy)`` with positive scale factors (|Theta| > pi/2 means a
mirror); hom_mat2d_transpose always returns 9 values. The vector_to_* operators fit in the
least-squares sense (rigid and similarity by the closed-form Procrustes solution);
hom_vector_to_proj_hom_mat2d is the (normalised) direct linear transformation.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, Param, operator

_INF = float("inf")


def _mat_in(name: str = "HomMat2D") -> Param:
    return ControlIn(name, types="number", count=(6, 9), limit=_INF)


def _out(name: str, count: int = 6) -> Param:
    return ControlOut(name, types="real", count=count)


def _num(name: str, default: float = 0.0) -> Param:
    return ControlIn(name, types="number", count=1, default=default)


def to_matrix(ctx: CallContext, values: tuple, name: str = "HomMat2D") -> np.ndarray:
    """The 3x3 matrix of 6 or 9 values."""
    m = np.asarray(values, dtype=np.float64)
    if m.size == 6:
        return np.vstack([m.reshape(2, 3), [0.0, 0.0, 1.0]])
    if m.size == 9:
        return m.reshape(3, 3)
    raise ctx.param_error("count", name, f"{m.size} values, expected 6")


def _six(m: np.ndarray) -> tuple:
    return tuple(float(v) for v in m[:2].reshape(-1))


def _about(m: np.ndarray, px: float, py: float) -> np.ndarray:
    t, back = np.eye(3), np.eye(3)
    t[:2, 2] = (px, py)
    back[:2, 2] = (-px, -py)
    return t @ m @ back


def _slant(ctx: CallContext, theta: float, axis: str) -> np.ndarray:
    c, s = math.cos(theta), math.sin(theta)
    if axis == "x":
        return np.array([[c, 0.0, 0.0], [s, 1.0, 0.0], [0.0, 0.0, 1.0]])
    return np.array([[1.0, -s, 0.0], [0.0, c, 0.0], [0.0, 0.0, 1.0]])


_AXIS = ControlIn("Axis", types="string", count=1, default="x", values=("x", "y"))


@operator(
    "hom_mat2d_slant",
    _mat_in(),
    _num("Theta", 0.78),
    _AXIS,
    _num("Px"),
    _num("Py"),
    _out("HomMat2DSlant"),
)
def hom_mat2d_slant(
    ctx: CallContext, mat: tuple, theta: tuple, axis: tuple, px: tuple, py: tuple
) -> tuple:
    """Add a slant by Theta of the x or y axis about the fixed point (Px, Py)."""
    s = _about(_slant(ctx, theta[0], axis[0]), px[0], py[0])
    return (_six(s @ to_matrix(ctx, mat)),)


@operator("hom_mat2d_slant_local", _mat_in(), _num("Theta", 0.78), _AXIS, _out("HomMat2DSlant"))
def hom_mat2d_slant_local(ctx: CallContext, mat: tuple, theta: tuple, axis: tuple) -> tuple:
    """Add a slant in the local coordinate system (before the transformation)."""
    return (_six(to_matrix(ctx, mat) @ _slant(ctx, theta[0], axis[0])),)


def _reflection(ctx: CallContext, dx: float, dy: float, name: str) -> np.ndarray:
    n = math.hypot(dx, dy)
    if n == 0:
        raise ctx.param_error("value", name, "the two points of the axis coincide")
    ux, uy = dx / n, dy / n
    return np.array(
        [[2 * ux * ux - 1, 2 * ux * uy, 0.0], [2 * ux * uy, 2 * uy * uy - 1, 0.0], [0, 0, 1.0]]
    )


@operator(
    "hom_mat2d_reflect",
    _mat_in(),
    _num("Px", 16),
    _num("Py", 32),
    _num("Qx", 32),
    _num("Qy", 16),
    _out("HomMat2DReflect"),
)
def hom_mat2d_reflect(
    ctx: CallContext, mat: tuple, px: tuple, py: tuple, qx: tuple, qy: tuple
) -> tuple:
    """Add a reflection about the line through (Px, Py) and (Qx, Qy)."""
    r = _about(_reflection(ctx, qx[0] - px[0], qy[0] - py[0], "Qx"), px[0], py[0])
    return (_six(r @ to_matrix(ctx, mat)),)


@operator(
    "hom_mat2d_reflect_local", _mat_in(), _num("Px", 16), _num("Py", 32), _out("HomMat2DReflect")
)
def hom_mat2d_reflect_local(ctx: CallContext, mat: tuple, px: tuple, py: tuple) -> tuple:
    """Add a reflection about the local line through the origin and (Px, Py)."""
    return (_six(to_matrix(ctx, mat) @ _reflection(ctx, px[0], py[0], "Px")),)


@operator("hom_mat2d_transpose", _mat_in(), _out("HomMat2DTranspose", 9))
def hom_mat2d_transpose(ctx: CallContext, mat: tuple) -> tuple:
    """The transposed 3x3 matrix (always 9 values)."""
    return (tuple(float(v) for v in to_matrix(ctx, mat).T.reshape(-1)),)


@operator(
    "hom_mat2d_to_affine_par",
    _mat_in(),
    *(ControlOut(n, types="real", count=1) for n in ("Sx", "Sy", "Phi", "Theta", "Tx", "Ty")),
)
def hom_mat2d_to_affine_par(ctx: CallContext, mat: tuple) -> tuple:
    """Scale, rotation, slant and translation of an affine transformation (see module)."""
    m = to_matrix(ctx, mat)
    if len(mat) == 9 and not np.allclose(m[2], (0.0, 0.0, 1.0)):
        raise ctx.param_error("value", "HomMat2D", "the transformation is not affine")
    a = m[:2, :2]
    sx = math.hypot(a[0, 0], a[1, 0])
    if sx == 0:
        raise ctx.param_error("value", "HomMat2D", "the transformation is degenerate")
    phi = math.atan2(a[1, 0], a[0, 0])
    c, s = math.cos(phi), math.sin(phi)
    u = -s * a[0, 1] + c * a[1, 1]  # R^T times the second column: (-Sy sin T, Sy cos T)
    w = c * a[0, 1] + s * a[1, 1]
    sy = math.hypot(w, u)
    theta = math.atan2(-w, u)
    return (sx,), (sy,), (phi,), (theta,), (float(m[0, 2]),), (float(m[1, 2]),)


def _pairs(
    ctx: CallContext, px: tuple, py: tuple, qx: tuple, qy: tuple, least: int
) -> tuple[np.ndarray, np.ndarray]:
    n = len(px)
    for name, v in (("Py", py), ("Qx", qx), ("Qy", qy)):
        if len(v) != n:
            raise ctx.param_error("count", name, f"{len(v)} values for {n} points")
    if n < least:
        raise ctx.param_error("count", "Px", f"at least {least} point pairs needed, got {n}")
    p = np.array([px, py], dtype=np.float64)
    q = np.array([qx, qy], dtype=np.float64)
    return p, q


_VEC = tuple(ControlIn(n, types="number") for n in ("Px", "Py", "Qx", "Qy"))


@operator("vector_to_hom_mat2d", *_VEC, _out("HomMat2D"))
def vector_to_hom_mat2d(ctx: CallContext, px: tuple, py: tuple, qx: tuple, qy: tuple) -> tuple:
    """The affine transformation that maps the points P to Q best (at least 3 pairs)."""
    p, q = _pairs(ctx, px, py, qx, qy, 3)
    design = np.vstack([p, np.ones(p.shape[1])]).T
    if np.linalg.matrix_rank(design) < 3:
        raise ctx.param_error("value", "Px", "the points are collinear")
    sol, *_ = np.linalg.lstsq(design, q.T, rcond=None)
    return (tuple(float(v) for v in sol.T.reshape(-1)),)


def _procrustes(ctx: CallContext, p: np.ndarray, q: np.ndarray, scaled: bool) -> tuple:
    mp, mq = p.mean(axis=1, keepdims=True), q.mean(axis=1, keepdims=True)
    a, b = p - mp, q - mq
    var = float((a * a).sum())
    if var == 0:
        raise ctx.param_error("value", "Px", "all points P coincide")
    u, sig, vt = np.linalg.svd(b @ a.T)
    d = np.diag([1.0, float(np.sign(np.linalg.det(u @ vt)) or 1.0)])
    r = u @ d @ vt
    scale = float((sig * np.diag(d)).sum()) / var if scaled else 1.0
    t = mq - scale * r @ mp
    return _six(np.vstack([np.hstack([scale * r, t]), [0.0, 0.0, 1.0]]))


@operator("vector_to_rigid", *_VEC, _out("HomMat2D"))
def vector_to_rigid(ctx: CallContext, px: tuple, py: tuple, qx: tuple, qy: tuple) -> tuple:
    """The rigid transformation (rotation and translation) that maps P to Q best."""
    p, q = _pairs(ctx, px, py, qx, qy, 2)
    return (_procrustes(ctx, p, q, scaled=False),)


@operator("vector_to_similarity", *_VEC, _out("HomMat2D"))
def vector_to_similarity(ctx: CallContext, px: tuple, py: tuple, qx: tuple, qy: tuple) -> tuple:
    """The similarity (uniform scale, rotation, translation) that maps P to Q best."""
    p, q = _pairs(ctx, px, py, qx, qy, 2)
    return (_procrustes(ctx, p, q, scaled=True),)


@operator(
    "projective_trans_point_2d",
    _mat_in(),
    *(ControlIn(n, types="number") for n in ("Px", "Py", "Pw")),
    *(ControlOut(n, types="real") for n in ("Qx", "Qy", "Qw")),
)
def projective_trans_point_2d(
    ctx: CallContext, mat: tuple, px: tuple, py: tuple, pw: tuple
) -> tuple:
    """Transform homogeneous 2-D points (Px, Py, Pw) by a projective transformation."""
    n = len(px)
    for name, v in (("Py", py), ("Pw", pw)):
        if len(v) != n:
            raise ctx.param_error("count", name, f"{len(v)} values for {n} points")
    q = to_matrix(ctx, mat) @ np.array([px, py, pw], dtype=np.float64).reshape(3, n)
    return tuple(tuple(float(v) for v in row) for row in q)


@operator(
    "projective_trans_pixel",
    _mat_in(),
    ControlIn("Row", types="number"),
    ControlIn("Col", types="number"),
    ControlOut("RowTrans", types="real"),
    ControlOut("ColTrans", types="real"),
)
def projective_trans_pixel(ctx: CallContext, mat: tuple, row: tuple, col: tuple) -> tuple:
    """Transform pixel coordinates (pixel-corner origin, as affine_trans_pixel)."""
    if len(row) != len(col):
        raise ctx.param_error("count", "Col", f"{len(col)} values for {len(row)} points")
    m = _about(to_matrix(ctx, mat), -0.5, -0.5)
    q = m @ np.array([row, col, np.ones(len(row))], dtype=np.float64).reshape(3, len(row))
    if np.any(q[2] == 0):
        raise ctx.param_error("value", "HomMat2D", "a point is mapped to infinity")
    return tuple(float(v) for v in q[0] / q[2]), tuple(float(v) for v in q[1] / q[2])


def _normaliser(p: np.ndarray) -> np.ndarray:
    mean = p.mean(axis=1)
    dist = float(np.mean(np.hypot(p[0] - mean[0], p[1] - mean[1])))
    s = math.sqrt(2.0) / dist if dist > 0 else 1.0
    return np.array([[s, 0, -s * mean[0]], [0, s, -s * mean[1]], [0, 0, 1.0]])


def dlt(p: np.ndarray, q: np.ndarray, normalized: bool) -> np.ndarray:
    """The 3x3 homography mapping homogeneous points p (3 x n) to q, by the DLT."""
    tp = _normaliser(p[:2] / p[2]) if normalized else np.eye(3)
    tq = _normaliser(q[:2] / q[2]) if normalized else np.eye(3)
    a, b = tp @ p, tq @ q
    rows = []
    for i in range(p.shape[1]):
        x = a[:, i]
        u, v, w = b[:, i]
        rows.append(np.concatenate([np.zeros(3), -w * x, v * x]))
        rows.append(np.concatenate([w * x, np.zeros(3), -u * x]))
    _, _, vt = np.linalg.svd(np.array(rows))
    h = np.linalg.inv(tq) @ vt[-1].reshape(3, 3) @ tp
    return h / (h[2, 2] if abs(h[2, 2]) > 1e-12 else np.linalg.norm(h))


@operator(
    "hom_vector_to_proj_hom_mat2d",
    *(ControlIn(n, types="number") for n in ("Px", "Py", "Pw", "Qx", "Qy", "Qw")),
    ControlIn(
        "Method",
        types="string",
        count=1,
        default="normalized_dlt",
        values=("normalized_dlt", "dlt"),
    ),
    _out("HomMat2D", 9),
)
def hom_vector_to_proj_hom_mat2d(
    ctx: CallContext,
    px: tuple,
    py: tuple,
    pw: tuple,
    qx: tuple,
    qy: tuple,
    qw: tuple,
    method: tuple,
) -> tuple:
    """The projective transformation mapping the homogeneous points P to Q (at least 4)."""
    n = len(px)
    for name, v in (("Py", py), ("Pw", pw), ("Qx", qx), ("Qy", qy), ("Qw", qw)):
        if len(v) != n:
            raise ctx.param_error("count", name, f"{len(v)} values for {n} points")
    if n < 4:
        raise ctx.param_error("count", "Px", f"at least 4 point pairs needed, got {n}")
    p = np.array([px, py, pw], dtype=np.float64)
    q = np.array([qx, qy, qw], dtype=np.float64)
    if np.any(p[2] == 0) or np.any(q[2] == 0):
        raise ctx.param_error("value", "Pw", "points at infinity are not supported")
    h = dlt(p, q, method[0] == "normalized_dlt")
    return (tuple(float(v) for v in h.reshape(-1)),)
