"""Accumulators of the Hough transforms for lines and circles (hough.py's numerics).

Lines in Hessian normal form [doc: hough_line_trans, hough_lines, gen_region_hline]: the
normal's angle phi runs from -90 to 180 degrees in steps of 1/AngleResolution (the Hough
image has 270 * AngleResolution + 1 columns, column j is phi = -90 + j / AngleResolution),
the distance d >= 0 runs over the rows (one row per pixel of distance, up to the distance of
the lower right corner of the region's bounding box from the origin). A pixel (row, col)
lies on the line (phi, d) when d = col * cos(phi) + row * sin(phi): phi = 0 is a vertical
line (normal along the column axis), phi = 90 degrees a horizontal one (normal along the
row axis). The documented range -90..180 degrees with d >= 0 holds every line through the
image quadrant exactly once only with this orientation (the normal turning from the column
axis towards the row axis) [derived from the documented ranges; unverified against HALCON's
numbers].
"""

from __future__ import annotations

import math

import numpy as np

#: votes per chunk (points x angles or offsets): bounds the memory of one chunk
_VOTES = 1 << 21


def line_axes(angle_resolution: int, max_row: int, max_col: int) -> tuple[np.ndarray, int]:
    """The angles (radians) of the Hough image's columns and its number of rows."""
    n = 270 * angle_resolution + 1
    phis = np.deg2rad(-90.0 + np.arange(n) / angle_resolution)
    height = math.floor(math.hypot(max_row, max_col)) + 1
    return phis, height


def line_votes(
    rows: np.ndarray,
    cols: np.ndarray,
    phis: np.ndarray,
    height: int,
    normals: np.ndarray | None = None,
    uncertainty: float = 180.0,
) -> np.ndarray:
    """The accumulator (height x len(phis)) of the points; with ``normals`` (radians, one
    per point) a point votes only for angles within ``uncertainty`` degrees of its normal,
    modulo 180 degrees."""
    width = phis.size
    acc = np.zeros(height * width, np.int32)
    tol = math.radians(uncertainty)
    # with a small uncertainty a point votes only near its normal (mod 180 degrees)
    limited = normals is not None and uncertainty < 45.0
    ar = (width - 1) // 270
    half_turn = 180 * ar
    reach = math.floor(uncertainty * ar) + 1
    k = np.arange(-reach, reach + 1)
    per_point = 2 * k.size if limited else width
    cos, sin = np.cos(phis)[None, :], np.sin(phis)[None, :]
    all_j = np.arange(width)[None, :]
    chunk = max(1, _VOTES // per_point)
    for start in range(0, rows.size, chunk):
        r = rows[start : start + chunk, None].astype(np.float64)
        c = cols[start : start + chunk, None].astype(np.float64)
        if limited:
            assert normals is not None
            n = normals[start : start + chunk, None]
            centre = np.rint((np.degrees(n) + 90.0) * ar).astype(np.int64)
            base = (centre + k[None, :]) % half_turn
            j = np.concatenate([base, base + half_turn], axis=1)
            ok = j < width
            j = np.minimum(j, width - 1)
            diff = np.abs((phis[j] - n) % math.pi)
            ok &= np.minimum(diff, math.pi - diff) <= tol + 1e-9
            phi = phis[j]
            d = np.floor(c * np.cos(phi) + r * np.sin(phi) + 0.5).astype(np.int64)
        else:
            j = all_j
            phi = phis[None, :]
            ok = np.ones((r.shape[0], width), bool)
            if normals is not None and uncertainty < 90.0:
                n = normals[start : start + chunk, None]
                diff = np.abs((phi - n) % math.pi)
                ok &= np.minimum(diff, math.pi - diff) <= tol + 1e-9
            d = np.floor(c * cos + r * sin + 0.5).astype(np.int64)
        # a line through the origin is (phi, 0) and (phi + 180, 0): keep phi < 90 degrees
        ok &= (d >= 0) & (d < height) & ((d > 0) | (phi < math.pi / 2 - 1e-9))
        _add_votes(acc, (d * width + j)[ok])
    return acc.reshape(height, width)


def _add_votes(acc: np.ndarray, idx: np.ndarray) -> None:
    """acc[idx] += 1 for every index (repeated ones included)."""
    if acc.size <= 8 * max(idx.size, 1 << 16):
        acc += np.bincount(idx, minlength=acc.size).astype(np.int32, copy=False)
    else:  # a large, sparsely hit accumulator: count the hit cells only
        cells, counts = np.unique(idx, return_counts=True)
        acc[cells] += counts.astype(np.int32)


def line_peaks(
    acc: np.ndarray, threshold: float, angle_gap: int, dist_gap: int
) -> list[tuple[int, int]]:
    """(row, column) of the maxima of the accumulator that reach ``threshold``, strongest
    first; a maximum within ``angle_gap`` columns and ``dist_gap`` rows of a stronger one
    is dropped (also across the origin, where (phi, d) continues as (phi -+ 180, -d))."""
    from scipy import ndimage as ndi

    peak = ndi.maximum_filter(acc, size=3, mode="constant", cval=0)
    cand = (acc >= peak) & (acc >= threshold) & (acc > 0)
    rs, cs = np.nonzero(cand)
    order = np.lexsort((cs, rs, -acc[rs, cs]))
    half_turn = 180 * ((acc.shape[1] - 1) // 270)
    kept: list[tuple[int, int]] = []
    for i in order:
        r, c = int(rs[i]), int(cs[i])
        # near the origin (phi, d) meets (phi -+ 180, -d): compare with the mirrored peaks too
        if any(
            (abs(r - kr) <= dist_gap and abs(c - kc) <= angle_gap)
            or (r + kr <= dist_gap and abs(abs(c - kc) - half_turn) <= angle_gap)
            for kr, kc in kept
        ):
            continue
        kept.append((r, c))
    return kept


def circle_offsets(radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Integer (row, col) offsets of the thin (8-connected) digital circle of ``radius``,
    as OpenCV's midpoint rasterisation draws it (radius in quarter pixels unless whole)."""
    import cv2

    half = math.ceil(radius) + 1
    canvas = np.zeros((2 * half + 1, 2 * half + 1), np.uint8)
    if float(radius).is_integer():
        cv2.circle(canvas, (half, half), int(radius), 1, 1, cv2.LINE_8)
    else:
        cv2.circle(canvas, (half * 4, half * 4), round(radius * 4), 1, 1, cv2.LINE_8, 2)
    rows, cols = np.nonzero(canvas)
    return rows.astype(np.int64) - half, cols.astype(np.int64) - half


def circle_votes(
    rows: np.ndarray, cols: np.ndarray, radius: float, height: int, width: int
) -> tuple[np.ndarray, int]:
    """Accumulator of circle centres for points on circles of ``radius``, and the number
    of pixels of the digital circle (the votes of a complete circle)."""
    dr, dc = circle_offsets(radius)
    acc = np.zeros(height * width, np.int32)
    chunk = max(1, _VOTES // max(1, dr.size))
    for start in range(0, rows.size, chunk):
        r = rows[start : start + chunk, None] + dr[None, :]
        c = cols[start : start + chunk, None] + dc[None, :]
        ok = (r >= 0) & (r < height) & (c >= 0) & (c < width)
        _add_votes(acc, (r * width + c)[ok])
    return acc.reshape(height, width), int(dr.size)
