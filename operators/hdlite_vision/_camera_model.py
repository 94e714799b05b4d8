"""HALCON's area-scan camera models: parameter tuples, distortion and projection (numpy).

Camera parameter tuples (HALCON 12 and later): a model name, then the values;
``['area_scan_division', Focus, Kappa, Sx, Sy, Cx, Cy, ImageWidth, ImageHeight]``,
``['area_scan_polynomial', Focus, K1, K2, K3, P1, P2, Sx, Sy, Cx, Cy, ImageWidth,
ImageHeight]`` and the telecentric variants with Magnification in place of Focus. The legacy
form without the name (8 values: division, 12 values: polynomial, Focus 0: telecentric) is
read too. Units: metres (Focus, Sx, Sy), 1/m^2 (Kappa), pixels (Cx = column, Cy = row of
the principal point).

Projection of a camera-frame point (x, y, z): ``u = Focus x / z, v = Focus y / z``
(telecentric: ``u = Magnification x``), then distortion, then ``column = u / Sx + Cx``,
``row = v / Sy + Cy``. The division model maps distorted (u, v) to undistorted by
``u~ = u / (1 + Kappa r^2)``, so distorting is ``u = 2 u~ / (1 + sqrt(1 - 4 Kappa r~^2))``.
The polynomial model maps distorted to undistorted by ``u~ = u (1 + K1 r^2 + K2 r^4 + K3
r^6) + P1 (r^2 + 2 u^2) + 2 P2 u v``, ``v~ = v (...) + 2 P1 u v + P2 (r^2 + 2 v^2)``
(calibrate_cameras' model description; [unverified] which of P1/P2 goes with which term,
taken from public code that writes HALCON camera files); distorting inverts it iteratively.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MODELS = {
    "area_scan_division": 8,
    "area_scan_polynomial": 12,
    "area_scan_telecentric_division": 8,
    "area_scan_telecentric_polynomial": 12,
}


@dataclass(frozen=True)
class Camera:
    """One camera's parameters, whatever form they were given in."""

    model: str
    focus: float  # Magnification for telecentric models
    distortion: tuple[float, ...]  # (Kappa,) or (K1, K2, K3, P1, P2)
    sx: float
    sy: float
    cx: float
    cy: float
    width: int
    height: int

    @property
    def telecentric(self) -> bool:
        """Whether the lens is telecentric (parallel projection)."""
        return "telecentric" in self.model

    @property
    def division(self) -> bool:
        """Whether the division distortion model applies."""
        return self.model.endswith("division")

    def to_tuple(self) -> tuple:
        """The camera parameter tuple (with the model name)."""
        return (
            self.model,
            self.focus,
            *self.distortion,
            self.sx,
            self.sy,
            self.cx,
            self.cy,
            self.width,
            self.height,
        )


def parse(values: tuple) -> Camera | str:
    """A :class:`Camera` from a parameter tuple, or a message saying what is wrong."""
    if values and isinstance(values[0], str):
        model, nums = values[0], values[1:]
        if model not in MODELS:
            return f"unsupported camera model {model!r}"
        if len(nums) != MODELS[model]:
            return f"{model} takes {MODELS[model]} values, got {len(nums)}"
    else:
        nums = values
        if len(nums) not in (8, 12):
            return f"{len(nums)} camera parameters"
        poly = len(nums) == 12
        tele = isinstance(nums[0], int | float) and nums[0] == 0
        model = (
            "area_scan_" + ("telecentric_" if tele else "") + ("polynomial" if poly else "division")
        )
        if tele:
            nums = (1.0, *nums[1:])  # the legacy form has no magnification: 1
    if not all(isinstance(v, int | float) for v in nums):
        return "camera parameters must be numbers"
    n = 1 if model.endswith("division") else 5
    f = [float(v) for v in nums]
    sx, sy, cx, cy = f[1 + n : 5 + n]
    cam = Camera(model, f[0], tuple(f[1 : 1 + n]), sx, sy, cx, cy, int(f[5 + n]), int(f[6 + n]))
    if cam.sx <= 0 or cam.sy <= 0 or (cam.focus <= 0):
        return "Focus (or Magnification), Sx and Sy must be positive"
    return cam


def undistort(cam: Camera, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Undistorted image-plane coordinates of distorted ones (metres)."""
    r2 = u * u + v * v
    if cam.division:
        f = 1.0 / (1.0 + cam.distortion[0] * r2)
        return u * f, v * f
    k1, k2, k3, p1, p2 = cam.distortion
    radial = 1.0 + k1 * r2 + k2 * r2 * r2 + k3 * r2 * r2 * r2
    uu = u * radial + p1 * (r2 + 2 * u * u) + 2 * p2 * u * v
    vv = v * radial + 2 * p1 * u * v + p2 * (r2 + 2 * v * v)
    return uu, vv


def distort(cam: Camera, uu: np.ndarray, vv: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distorted image-plane coordinates of undistorted ones (metres)."""
    if cam.division:
        kappa = cam.distortion[0]
        if kappa == 0:
            return uu, vv
        disc = np.maximum(1.0 - 4.0 * kappa * (uu * uu + vv * vv), 0.0)
        f = 2.0 / (1.0 + np.sqrt(disc))
        return uu * f, vv * f
    u, v = uu.copy(), vv.copy()
    for _ in range(100):  # fixed point: u = u~ - (undistort(u) - u)
        fu, fv = undistort(cam, u, v)
        du, dv = uu - fu, vv - fv
        u, v = u + du, v + dv
        if float(np.max(np.abs(du), initial=0.0) + np.max(np.abs(dv), initial=0.0)) < 1e-15:
            break
    return u, v


def project(cam: Camera, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Image (row, column) of camera-frame points ``p`` (3 x n)."""
    if cam.telecentric:
        uu, vv = cam.focus * p[0], cam.focus * p[1]
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            uu, vv = cam.focus * p[0] / p[2], cam.focus * p[1] / p[2]
    u, v = distort(cam, uu, vv)
    return v / cam.sy + cam.cy, u / cam.sx + cam.cx


def rays(cam: Camera, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lines of sight of pixels: a point on each (3 x n) and its direction (3 x n)."""
    u, v = undistort(cam, (cols - cam.cx) * cam.sx, (rows - cam.cy) * cam.sy)
    n = u.size
    if cam.telecentric:
        origin = np.vstack([u / cam.focus, v / cam.focus, np.zeros(n)])
        return origin, np.vstack([np.zeros(n), np.zeros(n), np.ones(n)])
    return np.zeros((3, n)), np.vstack([u, v, np.full(n, cam.focus)])


def world_plane_points(
    cam: Camera, pose_matrix: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(X, Y) in the plane z = 0 of the world frame (pose_matrix: world -> camera)."""
    origin, direction = rays(cam, rows, cols)
    r, t = pose_matrix[:3, :3], pose_matrix[:3, 3]
    xs, ys = np.empty(rows.size), np.empty(rows.size)
    for i in range(rows.size):
        a = np.column_stack([r[:, 0], r[:, 1], -direction[:, i]])
        b = origin[:, i] - t
        if abs(np.linalg.det(a)) < 1e-15:
            xs[i] = ys[i] = math.nan
            continue
        xs[i], ys[i], _ = np.linalg.solve(a, b)
    return xs, ys
