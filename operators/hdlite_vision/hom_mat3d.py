"""Homogeneous 3-D transformation matrices (``hom_mat3d_*``) and 3-D points.

A ``HomMat3D`` is 12 reals, the first three rows of a 4x4 matrix, row-major (HALCON's
layout); inputs also take the full 16 values. As with ``hom_mat2d_*``, an operator without
``_local`` applies its new transformation after the input one (multiplied from the left), a
``_local`` one before it, in the local coordinate system (from the right). Rotations are in
radians about the axis ``'x'``, ``'y'``, ``'z'`` or a 3-vector, right-handed.
hom_mat3d_transpose returns the full 4x4 matrix (16 values), as its reference page says.
project_point_hom_mat3d / project_hom_point_hom_mat3d read HomMat3D as a 3x4 projection
matrix.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, Param, operator

from ._geometry3d import hom3d_to_matrix, matrix_to_hom3d, rot_axis

_INF = float("inf")
_AXES = {"x": (1.0, 0.0, 0.0), "y": (0.0, 1.0, 0.0), "z": (0.0, 0.0, 1.0)}


def _mat_in(name: str = "HomMat3D") -> Param:
    return ControlIn(name, types="number", count=(12, 16), limit=_INF)


def _out(name: str, count: int = 12) -> Param:
    return ControlOut(name, types="real", count=count)


def _num(name: str, default: float = 0.0) -> Param:
    return ControlIn(name, types="number", count=1, default=default)


def to_matrix(ctx: CallContext, values: tuple, name: str = "HomMat3D") -> np.ndarray:
    """The 4x4 matrix of 12 or 16 values; HALCON's wrong-count error otherwise."""
    if len(values) not in (12, 16):
        raise ctx.param_error("count", name, f"{len(values)} values, expected 12")
    return hom3d_to_matrix(values)


def _translation(x: float, y: float, z: float) -> np.ndarray:
    m = np.eye(4)
    m[:3, 3] = (x, y, z)
    return m


def _about(m: np.ndarray, px: float, py: float, pz: float) -> np.ndarray:
    return _translation(px, py, pz) @ m @ _translation(-px, -py, -pz)


def _rotation(ctx: CallContext, phi: tuple, axis: tuple) -> np.ndarray:
    if len(axis) == 1 and isinstance(axis[0], str):
        if axis[0] not in _AXES:
            raise ctx.param_error("value", "Axis", f"'x', 'y', 'z' or a vector, got {axis[0]!r}")
        vec = np.array(_AXES[axis[0]])
    elif len(axis) == 3 and all(isinstance(a, int | float) for a in axis):
        vec = np.asarray(axis, dtype=np.float64)
        if not np.linalg.norm(vec) > 0:
            raise ctx.param_error("value", "Axis", "the rotation axis is the zero vector")
    else:
        raise ctx.param_error("value", "Axis", f"'x', 'y', 'z' or 3 numbers, got {axis!r}")
    m = np.eye(4)
    m[:3, :3] = rot_axis(float(phi[0]), vec)
    return m


@operator("hom_mat3d_identity", _out("HomMat3DIdentity"))
def hom_mat3d_identity(ctx: CallContext) -> tuple:
    """The identity transformation."""
    return (matrix_to_hom3d(np.eye(4)),)


_T = (_num("Tx", 64.0), _num("Ty", 64.0), _num("Tz", 64.0))


@operator("hom_mat3d_translate", _mat_in(), *_T, _out("HomMat3DTranslate"))
def hom_mat3d_translate(ctx: CallContext, mat: tuple, tx: tuple, ty: tuple, tz: tuple) -> tuple:
    """Add a translation by (Tx, Ty, Tz) after the transformation."""
    return (matrix_to_hom3d(_translation(tx[0], ty[0], tz[0]) @ to_matrix(ctx, mat)),)


@operator("hom_mat3d_translate_local", _mat_in(), *_T, _out("HomMat3DTranslate"))
def hom_mat3d_translate_local(
    ctx: CallContext, mat: tuple, tx: tuple, ty: tuple, tz: tuple
) -> tuple:
    """Add a translation by (Tx, Ty, Tz) in the local coordinate system (before it)."""
    return (matrix_to_hom3d(to_matrix(ctx, mat) @ _translation(tx[0], ty[0], tz[0])),)


_AXIS = ControlIn("Axis", types=("string", "number"), count=(1, 3), default="x")
_P = (_num("Px"), _num("Py"), _num("Pz"))


@operator("hom_mat3d_rotate", _mat_in(), _num("Phi", 0.78), _AXIS, *_P, _out("HomMat3DRotate"))
def hom_mat3d_rotate(
    ctx: CallContext, mat: tuple, phi: tuple, axis: tuple, px: tuple, py: tuple, pz: tuple
) -> tuple:
    """Add a rotation by Phi (radians) about the axis through (Px, Py, Pz)."""
    m = _about(_rotation(ctx, phi, axis), px[0], py[0], pz[0])
    return (matrix_to_hom3d(m @ to_matrix(ctx, mat)),)


@operator("hom_mat3d_rotate_local", _mat_in(), _num("Phi", 0.78), _AXIS, _out("HomMat3DRotate"))
def hom_mat3d_rotate_local(ctx: CallContext, mat: tuple, phi: tuple, axis: tuple) -> tuple:
    """Add a rotation about a local axis through the local origin (before the transformation)."""
    return (matrix_to_hom3d(to_matrix(ctx, mat) @ _rotation(ctx, phi, axis)),)


_S = (_num("Sx", 2.0), _num("Sy", 2.0), _num("Sz", 2.0))


@operator("hom_mat3d_scale", _mat_in(), *_S, *_P, _out("HomMat3DScale"))
def hom_mat3d_scale(
    ctx: CallContext,
    mat: tuple,
    sx: tuple,
    sy: tuple,
    sz: tuple,
    px: tuple,
    py: tuple,
    pz: tuple,
) -> tuple:
    """Add a scaling by (Sx, Sy, Sz) about the fixed point (Px, Py, Pz)."""
    m = _about(np.diag([sx[0], sy[0], sz[0], 1.0]), px[0], py[0], pz[0])
    return (matrix_to_hom3d(m @ to_matrix(ctx, mat)),)


@operator("hom_mat3d_scale_local", _mat_in(), *_S, _out("HomMat3DScale"))
def hom_mat3d_scale_local(ctx: CallContext, mat: tuple, sx: tuple, sy: tuple, sz: tuple) -> tuple:
    """Add a scaling about the local origin (before the transformation)."""
    return (matrix_to_hom3d(to_matrix(ctx, mat) @ np.diag([sx[0], sy[0], sz[0], 1.0])),)


@operator(
    "hom_mat3d_compose",
    _mat_in("HomMat3DLeft"),
    _mat_in("HomMat3DRight"),
    _out("HomMat3DCompose"),
)
def hom_mat3d_compose(ctx: CallContext, left: tuple, right: tuple) -> tuple:
    """The product ``HomMat3DLeft * HomMat3DRight`` (right is applied first)."""
    m = to_matrix(ctx, left, "HomMat3DLeft") @ to_matrix(ctx, right, "HomMat3DRight")
    return (matrix_to_hom3d(m),)


@operator("hom_mat3d_invert", _mat_in(), _out("HomMat3DInvert"))
def hom_mat3d_invert(ctx: CallContext, mat: tuple) -> tuple:
    """The inverse transformation (a singular matrix is HALCON's wrong-value error)."""
    m = to_matrix(ctx, mat)
    if abs(np.linalg.det(m)) < 1e-15:
        raise ctx.param_error("value", "HomMat3D", "the transformation is singular")
    return (matrix_to_hom3d(np.linalg.inv(m)),)


@operator("hom_mat3d_transpose", _mat_in(), _out("HomMat3DTranspose", 16))
def hom_mat3d_transpose(ctx: CallContext, mat: tuple) -> tuple:
    """The transposed 4x4 matrix (always 16 values)."""
    return (tuple(float(v) for v in to_matrix(ctx, mat).T.reshape(-1)),)


@operator("hom_mat3d_determinant", _mat_in(), ControlOut("Determinant", types="real", count=1))
def hom_mat3d_determinant(ctx: CallContext, mat: tuple) -> tuple:
    """The determinant of the 4x4 matrix."""
    return ((float(np.linalg.det(to_matrix(ctx, mat))),),)


def _points(ctx: CallContext, names: tuple[str, ...], values: tuple[tuple, ...]) -> np.ndarray:
    n = max(len(v) for v in values)
    for name, v in zip(names, values, strict=True):
        if len(v) not in (1, n):
            raise ctx.param_error("count", name, f"{len(v)} values for {n} points")
    return np.stack([np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)) for v in values])


def _reals(a: np.ndarray) -> tuple:
    return tuple(float(v) for v in a)


@operator(
    "affine_trans_point_3d",
    _mat_in(),
    *(ControlIn(n, types="number") for n in ("Px", "Py", "Pz")),
    *(ControlOut(n, types="real") for n in ("Qx", "Qy", "Qz")),
)
def affine_trans_point_3d(ctx: CallContext, mat: tuple, px: tuple, py: tuple, pz: tuple) -> tuple:
    """Transform 3-D points by an affine transformation."""
    m = to_matrix(ctx, mat)
    p = _points(ctx, ("Px", "Py", "Pz"), (px, py, pz))
    q = m[:3, :3] @ p + m[:3, 3:4]
    return _reals(q[0]), _reals(q[1]), _reals(q[2])


@operator(
    "projective_trans_point_3d",
    ControlIn("HomMat3D", types="number", count=16, limit=_INF),
    *(ControlIn(n, types="number") for n in ("Px", "Py", "Pz")),
    *(ControlOut(n, types="real") for n in ("Qx", "Qy", "Qz")),
)
def projective_trans_point_3d(
    ctx: CallContext, mat: tuple, px: tuple, py: tuple, pz: tuple
) -> tuple:
    """Transform 3-D points by a projective 4x4 matrix (division by the fourth coordinate)."""
    m = hom3d_to_matrix(mat)
    p = _points(ctx, ("Px", "Py", "Pz"), (px, py, pz))
    q = m @ np.vstack([p, np.ones((1, p.shape[1]))])
    if np.any(q[3] == 0):
        raise ctx.param_error("value", "HomMat3D", "a point is mapped to infinity")
    return _reals(q[0] / q[3]), _reals(q[1] / q[3]), _reals(q[2] / q[3])


@operator(
    "project_point_hom_mat3d",
    ControlIn("HomMat3D", types="number", count=12, limit=_INF),
    *(ControlIn(n, types="number") for n in ("Px", "Py", "Pz")),
    ControlOut("Qx", types="real"),
    ControlOut("Qy", types="real"),
)
def project_point_hom_mat3d(ctx: CallContext, mat: tuple, px: tuple, py: tuple, pz: tuple) -> tuple:
    """Project 3-D points with a 3x4 projection matrix to 2-D points (division by the third
    coordinate)."""
    m = np.asarray(mat, dtype=np.float64).reshape(3, 4)
    p = _points(ctx, ("Px", "Py", "Pz"), (px, py, pz))
    q = m @ np.vstack([p, np.ones((1, p.shape[1]))])
    if np.any(q[2] == 0):
        raise ctx.param_error("value", "HomMat3D", "a point is mapped to infinity")
    return _reals(q[0] / q[2]), _reals(q[1] / q[2])


@operator(
    "project_hom_point_hom_mat3d",
    ControlIn("HomMat3D", types="number", count=12, limit=_INF),
    *(ControlIn(n, types="number") for n in ("Px", "Py", "Pz", "Pw")),
    *(ControlOut(n, types="real") for n in ("Qx", "Qy", "Qw")),
)
def project_hom_point_hom_mat3d(
    ctx: CallContext, mat: tuple, px: tuple, py: tuple, pz: tuple, pw: tuple
) -> tuple:
    """Project homogeneous 3-D points with a 3x4 projection matrix to homogeneous 2-D points."""
    m = np.asarray(mat, dtype=np.float64).reshape(3, 4)
    q = m @ _points(ctx, ("Px", "Py", "Pz", "Pw"), (px, py, pz, pw))
    return _reals(q[0]), _reals(q[1]), _reals(q[2])
