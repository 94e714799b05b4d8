"""The camera calibration itself: one non-linear least-squares fit of all cameras' internal
parameters, the cameras' poses and the calibration objects' poses.

Unknowns: per camera the internal parameters that are not excluded (Focus, Kappa or K1, K2,
K3, P1, P2, Sx, Sy, Cx, Cy), per camera but the reference camera (index 0) its pose in the
reference camera's frame, and per observed calibration object pose its pose in the reference
camera's frame (rotation as a Rodrigues vector). Residuals: the differences between the
observed mark centres and the projected marks, in pixels (rows and columns). Solver: SciPy's
trust-region least squares with Jacobian scaling. The error is the root mean square of the
point distances, ``sqrt(sum(dr^2 + dc^2) / n)`` (calibrate_cameras: "root mean square error
(RMSE) of the back projection ... in pixels"; [unverified] that HALCON divides by the number
of points, not of coordinates). Parameter deviations are the square roots of the diagonal of
``s^2 (J^T J)^-1`` with ``s^2`` the residual variance.

Default settings: every internal parameter but Sy is estimated (Focus, Sx and Sy are not
independent for a pinhole camera, so one of them must be fixed; HALCON's calibration chapter
fixes Sy [unverified recollection]).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from ._camera_model import Camera, project

DIVISION_NAMES = ("focus", "kappa", "sx", "sy", "cx", "cy")
POLYNOMIAL_NAMES = ("focus", "k1", "k2", "k3", "p1", "p2", "sx", "sy", "cx", "cy")


def param_names(cam: Camera) -> tuple[str, ...]:
    """The names of a camera's internal parameters, in tuple order."""
    return DIVISION_NAMES if cam.division else POLYNOMIAL_NAMES


def internals(cam: Camera) -> np.ndarray:
    """The internal parameters of ``cam`` as numbers, in :func:`param_names` order."""
    return np.array([cam.focus, *cam.distortion, cam.sx, cam.sy, cam.cx, cam.cy])


def with_internals(cam: Camera, values: np.ndarray) -> Camera:
    """``cam`` with new internal parameters."""
    n = len(cam.distortion)
    v = [float(x) for x in values]
    return replace(
        cam,
        focus=v[0],
        distortion=tuple(v[1 : 1 + n]),
        sx=v[1 + n],
        sy=v[2 + n],
        cx=v[3 + n],
        cy=v[4 + n],
    )


@dataclass
class Observation:
    """The marks one camera saw of one calibration object pose."""

    camera: int
    key: tuple[int, int]  # (calibration object, pose index)
    rows: np.ndarray
    cols: np.ndarray
    index: np.ndarray  # which marks of the object
    start: np.ndarray  # start pose, 4x4 object -> camera


@dataclass
class Result:
    """What calibrate returns."""

    cameras: list[Camera]
    camera_poses: list[np.ndarray]  # camera -> reference camera
    object_poses: dict[tuple[int, int], np.ndarray]  # object -> reference camera
    error: float
    deviations: list[np.ndarray] = field(default_factory=list)


def rodrigues(v: np.ndarray) -> np.ndarray:
    """The rotation matrix of a rotation vector (axis times angle)."""
    theta = float(np.linalg.norm(v))
    if theta < 1e-15:
        return np.eye(3)
    k = v / theta
    kx = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    return np.eye(3) + math.sin(theta) * kx + (1.0 - math.cos(theta)) * (kx @ kx)


def rotation_vector(r: np.ndarray) -> np.ndarray:
    """The rotation vector of a rotation matrix."""
    import cv2

    return np.asarray(cv2.Rodrigues(np.ascontiguousarray(r))[0]).reshape(3)


def _to_matrix(p: np.ndarray) -> np.ndarray:
    m = np.eye(4)
    m[:3, :3] = rodrigues(p[:3])
    m[:3, 3] = p[3:6]
    return m


def _to_params(m: np.ndarray) -> np.ndarray:
    return np.concatenate([rotation_vector(m[:3, :3]), m[:3, 3]])


def initial_poses(
    n_cameras: int, observations: list[Observation]
) -> tuple[list[np.ndarray | None], dict[tuple[int, int], np.ndarray]]:
    """Start poses of the cameras (in the reference frame) and of the object poses."""
    cams: list[np.ndarray | None] = [np.eye(4)] + [None] * (n_cameras - 1)
    objs: dict[tuple[int, int], np.ndarray] = {}
    changed = True
    while changed:
        changed = False
        for ob in observations:
            cam = cams[ob.camera]
            if cam is not None and ob.key not in objs:
                objs[ob.key] = cam @ ob.start
                changed = True
            elif cam is None and ob.key in objs:
                cams[ob.camera] = objs[ob.key] @ np.linalg.inv(ob.start)
                changed = True
    return cams, objs


def calibrate(
    cameras: list[Camera],
    free: list[set[str]],
    objects: dict[int, np.ndarray],
    observations: list[Observation],
    radii: dict[int, np.ndarray | None] | None = None,
    fix_poses: bool = False,
) -> Result:
    """Fit everything; ``free[c]`` names camera c's internal parameters to estimate,
    ``objects[o]`` is calibration object o's marks (3 x n), ``radii[o]`` their radii (the
    observed centres are then the centroids of the projected circular marks). Raises
    ValueError when the observations do not connect every camera to the reference one."""
    from scipy.optimize import least_squares

    cam_start, obj_start = initial_poses(len(cameras), observations)
    if any(c is None for c in cam_start):
        raise ValueError("a camera shares no calibration object pose with the others")
    keys = sorted(obj_start)
    base = [internals(c) for c in cameras]
    masks = [np.array([n in free[i] for n in param_names(c)]) for i, c in enumerate(cameras)]
    pieces = [b[m] for b, m in zip(base, masks, strict=True)]
    cam_params = [_to_params(m) for m in cam_start[1:] if m is not None]
    obj_params = [_to_params(obj_start[k]) for k in keys]
    n_int = sum(len(p) for p in pieces)
    n_cam = 6 * len(cam_params)
    x0 = np.concatenate([*pieces, *cam_params, *([] if fix_poses else obj_params)])
    key_pos = {k: i for i, k in enumerate(keys)}
    shapes = {o: _mark_outlines(p, (radii or {}).get(o)) for o, p in objects.items()}

    def unpack(x: np.ndarray) -> tuple[list[Camera], list[np.ndarray], list[np.ndarray]]:
        cams, pos = [], 0
        for cam, b, m in zip(cameras, base, masks, strict=True):
            v = b.copy()
            v[m] = x[pos : pos + int(m.sum())]
            pos += int(m.sum())
            cams.append(with_internals(cam, v))
        cpose = [np.eye(4)] + [
            _to_matrix(x[n_int + 6 * i : n_int + 6 * i + 6]) for i in range(len(cam_params))
        ]
        if fix_poses:
            opose = [obj_start[k] for k in keys]
        else:
            start = n_int + n_cam
            opose = [_to_matrix(x[start + 6 * i : start + 6 * i + 6]) for i in range(len(keys))]
        return cams, cpose, opose

    def residuals(x: np.ndarray) -> np.ndarray:
        cams, cpose, opose = unpack(x)
        out = []
        for ob in observations:
            m = np.linalg.inv(cpose[ob.camera]) @ opose[key_pos[ob.key]]
            r, c = _observed(cams[ob.camera], m, shapes[ob.key[0]][:, ob.index])
            out += [r - ob.rows, c - ob.cols]
        res = np.concatenate(out)
        return np.where(np.isfinite(res), res, 1e6)

    if x0.size:
        fit = least_squares(residuals, x0, x_scale="jac", method="trf", xtol=1e-12, ftol=1e-12)
        x, jac = fit.x, fit.jac
    else:
        x, jac = x0, np.zeros((0, 0))
    res = residuals(x)
    n_points = res.size // 2
    error = math.sqrt(float(np.sum(res**2)) / max(n_points, 1))
    cams, cpose, opose = unpack(x)
    deviations = _deviations(jac, res, x.size, [int(m.sum()) for m in masks], masks)
    return Result(cams, cpose, dict(zip(keys, opose, strict=True)), error, deviations)


_OUTLINE = 16


def _mark_outlines(points: np.ndarray, radii: np.ndarray | None) -> np.ndarray:
    """Homogeneous outline points of the marks, 4 x n x k (k = 1: the centres only)."""
    n = points.shape[1]
    if radii is None:
        return np.vstack([points, np.ones((1, n))])[:, :, None]
    a = np.linspace(0.0, 2.0 * math.pi, _OUTLINE, endpoint=False)
    x = points[0][:, None] + radii[:, None] * np.cos(a)[None, :]
    y = points[1][:, None] + radii[:, None] * np.sin(a)[None, :]
    z = np.broadcast_to(points[2][:, None], x.shape)
    return np.stack([x, y, z, np.ones_like(x)])


def _observed(cam: Camera, m: np.ndarray, shape: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Image centres (rows, cols) of marks: the projected point, or the centroid of the
    projected outline polygon."""
    n, k = shape.shape[1], shape.shape[2]
    p = (m @ shape.reshape(4, -1))[:3]
    r, c = project(cam, p)
    if k == 1:
        return r, c
    r, c = r.reshape(n, k), c.reshape(n, k)
    r2, c2 = np.roll(r, -1, axis=1), np.roll(c, -1, axis=1)
    cross = c * r2 - c2 * r
    area = cross.sum(axis=1) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        cr = ((r + r2) * cross).sum(axis=1) / (6.0 * area)
        cc = ((c + c2) * cross).sum(axis=1) / (6.0 * area)
    return cr, cc


def _deviations(
    jac: np.ndarray, res: np.ndarray, n: int, counts: list[int], masks: list[np.ndarray]
) -> list[np.ndarray]:
    """Standard deviations of each camera's internal parameters (0 where fixed)."""
    out = [np.zeros(m.size) for m in masks]
    if n == 0 or res.size <= n:
        return out
    sigma2 = float(np.sum(res**2)) / (res.size - n)
    norms = np.linalg.norm(jac, axis=0)
    norms[norms == 0] = 1.0
    scaled = jac / norms
    try:
        cov = np.linalg.pinv(scaled.T @ scaled) * sigma2
    except np.linalg.LinAlgError:
        return out
    diag = np.sqrt(np.maximum(np.diag(cov), 0.0)) / norms
    pos = 0
    for i, (count, m) in enumerate(zip(counts, masks, strict=True)):
        out[i][m] = diag[pos : pos + count]
        pos += count
    return out
