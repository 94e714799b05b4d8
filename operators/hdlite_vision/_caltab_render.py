"""Rendering a calibration plate as a camera sees it, and the plane geometry it needs.

Each output pixel is split into ``n x n`` sub-pixels; the line of sight of each sub-pixel
centre is intersected with the plate's plane (z = 0 in plate coordinates) and the sub-pixel
takes the gray value of what lies there: the marks, the black frame and the orientation
triangle take GrayMarks, the rest of the plate (inside its rim) GrayPlate, everything else
GrayBackground. The pixel is the mean of its sub-pixels (an area-sampled, antialiased image).
"""

from __future__ import annotations

import numpy as np

from ._caltab_descr import Plate
from ._camera_model import Camera, rays


def plane_points(
    cam: Camera, pose: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Plane coordinates (x, y) where the lines of sight of pixels meet the plane z = 0 of
    the frame ``pose`` (4x4, plane -> camera); ``valid`` is False where they miss it."""
    origin, direction = rays(cam, rows.reshape(-1), cols.reshape(-1))
    r, t = pose[:3, :3], pose[:3, 3]
    normal = r[:, 2]
    denom = normal @ direction
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (normal @ t - normal @ origin) / denom
    valid = np.isfinite(s) & (s > 0) & (np.abs(denom) > 1e-15)
    p = origin + direction * np.where(valid, s, 0.0)
    local = r.T @ (p - t[:, None])
    shape = rows.shape
    return local[0].reshape(shape), local[1].reshape(shape), valid.reshape(shape)


def _inside_box(x: np.ndarray, y: np.ndarray, box: tuple[float, ...], shrink: float = 0.0):
    x0, y1, x1, y0 = box
    return (x >= x0 + shrink) & (x <= x1 - shrink) & (y >= y0 + shrink) & (y <= y1 - shrink)


def _dark(p: Plate, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Whether plate points are black (marks, frame, triangle)."""
    from scipy.spatial import cKDTree

    tree = cKDTree(np.column_stack([p.x, p.y]))
    dist, idx = tree.query(np.column_stack([x, y]))
    dark = dist <= p.radius[idx]
    if p.frame is not None:
        dark |= _inside_box(x, y, p.frame) & ~_inside_box(x, y, p.frame, p.frame_width)
        corner = p.triangle_corner()
        if corner is not None and p.triangle is not None:
            x1, y1, x2, y2 = p.triangle
            dark |= _in_triangle(x, y, (corner[0], corner[1], x1, y1, x2, y2))
    return dark


def _in_triangle(x: np.ndarray, y: np.ndarray, tri: tuple[float, ...]) -> np.ndarray:
    ax, ay, bx, by, cx, cy = tri

    def side(px: float, py: float, qx: float, qy: float) -> np.ndarray:
        return (qx - px) * (y - py) - (qy - py) * (x - px)

    s1, s2, s3 = side(ax, ay, bx, by), side(bx, by, cx, cy), side(cx, cy, ax, ay)
    return ((s1 >= 0) & (s2 >= 0) & (s3 >= 0)) | ((s1 <= 0) & (s2 <= 0) & (s3 <= 0))


def _shade(
    p: Plate, cam: Camera, pose: np.ndarray, rows: np.ndarray, cols: np.ndarray, grays: tuple
) -> np.ndarray:
    """Gray values of the plate seen at (sub-)pixel positions (any shape)."""
    background, plate_gray, marks = grays
    x, y, valid = plane_points(cam, pose, rows, cols)
    x, y, valid = x.reshape(-1), y.reshape(-1), valid.reshape(-1)
    value = np.full(x.shape, float(background))
    box = p.rim if p.rim is not None else p.frame
    on_plate = valid & (_inside_box(x, y, box) if box is not None else valid)
    value[on_plate] = plate_gray
    idx = np.flatnonzero(on_plate)
    if idx.size:
        value[idx[_dark(p, x[idx], y[idx])]] = marks
    return value.reshape(rows.shape)


def _samples(rows: np.ndarray, cols: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Sub-pixel positions (k x n x n) of the pixels (rows[i], cols[i])."""
    off = (np.arange(n) + 0.5) / n - 0.5
    rr = rows[:, None, None] + off[None, :, None] + 0.0 * off[None, None, :]
    cc = cols[:, None, None] + off[None, None, :] + 0.0 * off[None, :, None]
    return rr, cc


def render(
    p: Plate,
    cam: Camera,
    pose: np.ndarray,
    grays: tuple[float, float, float],
    supersample: int,
) -> np.ndarray:
    """The image (float, height x width) of plate ``p`` at ``pose`` (plate -> camera).

    Pixels are sampled 3 x 3 first; where the samples differ (edges) they are sampled
    again ``supersample`` x ``supersample`` times."""
    n = max(1, supersample)
    first = min(3, n)
    height, width = cam.height, cam.width
    rows, cols = np.mgrid[0:height, 0:width]
    rows, cols = rows.reshape(-1).astype(np.float64), cols.reshape(-1).astype(np.float64)
    out = np.empty(rows.size)
    mixed = np.zeros(rows.size, dtype=bool)
    step = max(1, 400000 // (first * first))
    for i in range(0, rows.size, step):
        rr, cc = _samples(rows[i : i + step], cols[i : i + step], first)
        v = _shade(p, cam, pose, rr, cc, grays).reshape(rr.shape[0], -1)
        out[i : i + step] = v.mean(axis=1)
        mixed[i : i + step] = v.min(axis=1) != v.max(axis=1)
    idx = np.flatnonzero(mixed) if n > first else np.zeros(0, dtype=np.int64)
    step = max(1, 400000 // (n * n))
    for i in range(0, idx.size, step):
        part = idx[i : i + step]
        rr, cc = _samples(rows[part], cols[part], n)
        out[part] = _shade(p, cam, pose, rr, cc, grays).reshape(part.size, -1).mean(axis=1)
    return out.reshape(height, width)
