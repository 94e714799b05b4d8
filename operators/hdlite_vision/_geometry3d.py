"""Rotation matrices, 3-D poses and homogeneous 3-D matrices (pure numpy helpers).

HALCON's pose is a tuple of 7 values ``[TransX, TransY, TransZ, RotX, RotY, RotZ, Type]``;
angles are in degrees (Rodriguez components are unitless) and the type code is the sum of
the three representation choices of create_pose:

* OrderOfTransform ``'Rp+T'`` 0 (``p' = R p + T``), ``'R(p-T)'`` 1 (``p' = R (p - T)``);
* OrderOfRotation ``'gba'`` 0 (``R = Rx(RotX) Ry(RotY) Rz(RotZ)``), ``'abg'`` 2
  (``R = Rz(RotZ) Ry(RotY) Rx(RotX)``), ``'rodriguez'`` 4 (axis times tan(angle / 2));
* ViewOfTransform ``'point'`` 0, ``'coordinate_system'`` 8.

Sources: the create_pose and convert_pose_type reference pages (signature, the gba chain
``Rx Ry Rz``, the Rodriguez vector "length = tangent of half the rotation angle", parameter
values) and public pose files written by HALCON (``f 2`` for an 'abg' pose, ``R = Rz Ry Rx``).
[unverified] the codes 1 and 8, and that 'coordinate_system' means the rotation of the
opposite direction (the same angles with the opposite sign); recalled from HALCON practice.

A ``HomMat3D`` is 12 values, the first three rows of a 4x4 matrix in row-major order.
"""

from __future__ import annotations

import math

import numpy as np

ORDER_OF_TRANSFORM = {"Rp+T": 0, "R(p-T)": 1}
ORDER_OF_ROTATION = {"gba": 0, "abg": 2, "rodriguez": 4}
VIEW_OF_TRANSFORM = {"point": 0, "coordinate_system": 8}
#: every valid pose type code
POSE_TYPES = frozenset(t + r + v for t in (0, 1) for r in (0, 2, 4) for v in (0, 8))


def rot_x(a: float) -> np.ndarray:
    """Rotation about the x axis by ``a`` radians."""
    c, s = math.cos(a), math.sin(a)
    return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])


def rot_y(a: float) -> np.ndarray:
    """Rotation about the y axis by ``a`` radians."""
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


def rot_z(a: float) -> np.ndarray:
    """Rotation about the z axis by ``a`` radians."""
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def rot_axis(phi: float, axis: np.ndarray) -> np.ndarray:
    """Rotation by ``phi`` radians about ``axis`` (right-handed, Rodrigues' formula)."""
    k = axis / np.linalg.norm(axis)
    kx = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    return np.eye(3) + math.sin(phi) * kx + (1.0 - math.cos(phi)) * (kx @ kx)


def _rotation(rot: tuple[float, float, float], order: int) -> np.ndarray:
    """The rotation matrix of three rotation values in the representation ``order``."""
    if order == 4:
        v = np.asarray(rot, dtype=np.float64)
        t = float(np.linalg.norm(v))
        if t == 0.0:
            return np.eye(3)
        return rot_axis(2.0 * math.atan(t), v)
    a, b, g = (math.radians(x) for x in rot)
    if order == 0:
        return rot_x(a) @ rot_y(b) @ rot_z(g)
    return rot_z(g) @ rot_y(b) @ rot_x(a)


def _angles(r: np.ndarray, order: int) -> tuple[float, float, float]:
    """Rotation values of ``r`` in the representation ``order``, angles in [0, 360)."""
    if order == 4:
        w = math.sqrt(max(0.0, 1.0 + float(np.trace(r)))) / 2.0  # quaternion cos(angle / 2)
        if w < 1e-9:  # a half turn: the vector is infinite; keep a huge finite one
            axis_vals, axis_vecs = np.linalg.eigh((r + r.T) / 2.0)
            v = axis_vecs[:, int(np.argmax(axis_vals))] / 1e-9
        else:  # quaternion vector part / w = axis * tan(angle / 2)
            v = np.array([r[2, 1] - r[1, 2], r[0, 2] - r[2, 0], r[1, 0] - r[0, 1]]) / (4 * w * w)
        return float(v[0]), float(v[1]), float(v[2])
    if order == 0:  # Rx(a) Ry(b) Rz(g)
        sb = float(np.clip(r[0, 2], -1.0, 1.0))
        b = math.asin(sb)
        if abs(sb) < 1.0 - 1e-12:
            a = math.atan2(-r[1, 2], r[2, 2])
            g = math.atan2(-r[0, 1], r[0, 0])
        else:
            a, g = 0.0, math.atan2(r[1, 0], r[1, 1])
    else:  # Rz(g) Ry(b) Rx(a)
        sb = float(np.clip(-r[2, 0], -1.0, 1.0))
        b = math.asin(sb)
        if abs(sb) < 1.0 - 1e-12:
            a = math.atan2(r[2, 1], r[2, 2])
            g = math.atan2(r[1, 0], r[0, 0])
        else:
            a, g = 0.0, math.atan2(-r[0, 1], r[1, 1])
    return tuple(_deg360(x) for x in (a, b, g))  # type: ignore[return-value]


def _deg360(rad: float) -> float:
    deg = math.degrees(rad) % 360.0
    return 0.0 if deg >= 360.0 - 1e-10 or abs(deg) < 1e-10 else deg


def pose_to_matrix(pose: tuple) -> np.ndarray:
    """The 4x4 matrix of a 7-value pose (any valid type code)."""
    kind = int(pose[6])
    order, view, inverse_order = kind & 6, kind & 8, kind & 1
    rot = (float(pose[3]), float(pose[4]), float(pose[5]))
    if view:
        rot = (-rot[0], -rot[1], -rot[2])
    r = _rotation(rot, order)
    t = np.array([float(pose[0]), float(pose[1]), float(pose[2])])
    m = np.eye(4)
    m[:3, :3] = r
    m[:3, 3] = -(r @ t) if inverse_order else t
    return m


def matrix_to_pose(m: np.ndarray, kind: int = 0) -> tuple:
    """The pose of type ``kind`` of a rigid 4x4 matrix."""
    r, t = m[:3, :3], m[:3, 3]
    order, view, inverse_order = kind & 6, kind & 8, kind & 1
    rot = _angles(r, order)
    if view:
        flip = (lambda x: -x) if order == 4 else (lambda x: _deg360(-math.radians(x)))
        rot = (flip(rot[0]), flip(rot[1]), flip(rot[2]))
    trans = -(r.T @ t) if inverse_order else t
    return (float(trans[0]), float(trans[1]), float(trans[2]), *rot, kind)


def is_rigid(m: np.ndarray, tol: float = 1e-6) -> bool:
    """Whether the 3x3 part of ``m`` is a rotation (orthonormal, determinant +1)."""
    r = m[:3, :3]
    return bool(np.allclose(r @ r.T, np.eye(3), atol=tol) and np.linalg.det(r) > 0)


def hom3d_to_matrix(values: tuple) -> np.ndarray:
    """The 4x4 matrix of 12 (or 16) row-major values."""
    a = np.asarray(values, dtype=np.float64)
    if a.size == 16:
        return a.reshape(4, 4)
    return np.vstack([a.reshape(3, 4), [0.0, 0.0, 0.0, 1.0]])


def matrix_to_hom3d(m: np.ndarray) -> tuple:
    """The 12 row-major values of the first three rows of a 4x4 matrix."""
    return tuple(float(v) for v in m[:3].reshape(-1))
