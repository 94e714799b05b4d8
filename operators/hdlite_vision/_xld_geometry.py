"""Polyline geometry for the XLD operators: local-regression smoothing, Ramer's polygon
approximation and point-to-polyline distances (numpy only)."""

from __future__ import annotations

import numpy as np


def smooth_polyline(rows: np.ndarray, cols: np.ndarray, num: int, closed: bool):
    """Each point projected onto the total-least-squares line through the ``num`` points
    centred on it (``num`` odd). A closed polyline (last point = first) wraps around; on an
    open one the window shrinks symmetrically near the ends, so the end points stay."""
    n = len(rows)
    half = num // 2
    if closed:
        base_r, base_c = rows[:-1], cols[:-1]
        m = len(base_r)
        half = min(half, (m - 1) // 2)
        idx = (np.arange(m)[:, None] + np.arange(-half, half + 1)[None, :]) % m
        weight = np.ones(idx.shape)
    else:
        base_r, base_c = rows, cols
        m = n
        offsets = np.arange(-half, half + 1)[None, :]
        reach = np.minimum(np.arange(m), m - 1 - np.arange(m))[:, None]
        weight = (np.abs(offsets) <= np.minimum(reach, half)).astype(np.float64)
        idx = np.clip(np.arange(m)[:, None] + offsets, 0, m - 1)
    pr, pc = base_r[idx], base_c[idx]
    count = weight.sum(axis=1)
    mr = (pr * weight).sum(axis=1) / count
    mc = (pc * weight).sum(axis=1) / count
    dr, dc = pr - mr[:, None], pc - mc[:, None]
    srr = (dr * dr * weight).sum(axis=1)
    scc = (dc * dc * weight).sum(axis=1)
    src = (dr * dc * weight).sum(axis=1)
    theta = 0.5 * np.arctan2(2 * src, srr - scc)
    ur, uc = np.cos(theta), np.sin(theta)
    t = (base_r - mr) * ur + (base_c - mc) * uc
    out_r, out_c = mr + t * ur, mc + t * uc
    if closed:
        out_r, out_c = np.append(out_r, out_r[0]), np.append(out_c, out_c[0])
    return out_r, out_c


def chord_distances(pts: np.ndarray, i: int, j: int) -> np.ndarray:
    """Distances of pts[i..j] to the straight segment pts[i] -> pts[j]."""
    seg = pts[i : j + 1]
    return segment_distances(seg, pts[i : i + 1], pts[j : j + 1])


def ramer(pts: np.ndarray, tol: float) -> list[int]:
    """Indices of the polygon vertices (first and last point included): every point lies
    within ``tol`` of its polygon side (Ramer / Douglas-Peucker)."""
    n = len(pts)
    if n <= 2:
        return list(range(n))
    keep = {0, n - 1}
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            continue
        d = chord_distances(pts, i, j)
        k = int(np.argmax(d[1:-1])) + 1
        if d[k] > tol:
            keep.add(i + k)
            stack.extend(((i, i + k), (i + k, j)))
    return sorted(keep)


def segment_distances(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each point, the smallest distance to the segments a[k] -> b[k] (shape (k, 2))."""
    out = np.full(len(points), np.inf)
    if len(a) == 0 or len(points) == 0:
        return out
    ab = b - a
    len2 = (ab * ab).sum(axis=1)
    safe = np.where(len2 > 0, len2, 1.0)
    step = max(1, 4_000_000 // max(len(a), 1))
    for s in range(0, len(points), step):
        p = points[s : s + step]
        ap = p[:, None, :] - a[None, :, :]
        t = np.clip((ap * ab[None]).sum(axis=2) / safe[None], 0.0, 1.0)
        t = np.where(len2[None] > 0, t, 0.0)
        diff = ap - t[..., None] * ab[None]
        out[s : s + step] = np.sqrt((diff * diff).sum(axis=2).min(axis=1))
    return out


def nearest_point_distances(points: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """For each point, the distance to the nearest target point (a k-d tree)."""
    if len(targets) == 0:
        return np.full(len(points), np.inf)
    from scipy.spatial import cKDTree

    d, _ = cKDTree(targets).query(points)
    return np.asarray(d, dtype=np.float64)
