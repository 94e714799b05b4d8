"""The raster of ``gen_circle``, shared with the circular morphology operators.

HALCON's rule (operator reference of gen_circle, HALCON 12 "Description", found through
the ``search`` tool): circles are always symmetric. The radius is rounded down to a multiple
of 0.5. An integer radius gives an even diameter, so the centre is moved to the closest
coordinates with fractional part 0.5 (integer coordinates go down to ``x - 0.5``); a radius
``n + 0.5`` gives an odd diameter and the centre is rounded to the nearest integer. Which
pixels belong to the circle is not documented ("the resulting region may contain additional
pixels at the border"); hdlite takes the pixels whose centre lies at most the radius from
the centre, which gives the areas 9, 21 and 37 for radii 1.5, 2.5 and 3.5 and a 2x2 square
for radius 1. A radius below 0.5 gives the single pixel at the rounded centre.
"""

from __future__ import annotations

import math

import numpy as np


def _half_center(value: float) -> float:
    """The closest coordinate with fractional part 0.5; integers go down."""
    frac = value - math.floor(value)
    if frac == 0.0:
        return value - 0.5
    return math.floor(value) + 0.5


def circle_raster(row: float, column: float, radius: float) -> tuple[int, int, np.ndarray]:
    """``(row0, column0, mask)`` of ``gen_circle(row, column, radius)`` (unclipped).

    Args:
        row: centre row.
        column: centre column.
        radius: the radius, at least 0.
    """
    rad = math.floor(radius * 2.0 + 1e-9) / 2.0
    if rad < 0.5:
        return math.floor(row + 0.5), math.floor(column + 0.5), np.ones((1, 1), dtype=bool)
    r: float
    c: float
    if rad == math.floor(rad):
        r, c = _half_center(row), _half_center(column)
    else:
        r, c = float(math.floor(row + 0.5)), float(math.floor(column + 0.5))
    r0, c0 = math.ceil(r - rad), math.ceil(c - rad)
    size_r, size_c = math.floor(r + rad) - r0 + 1, math.floor(c + rad) - c0 + 1
    rows = np.arange(r0, r0 + size_r, dtype=np.float64)[:, None] - r
    cols = np.arange(c0, c0 + size_c, dtype=np.float64)[None, :] - c
    mask = rows * rows + cols * cols <= rad * rad + 1e-9
    return r0, c0, mask


def circle_runs(row: float, column: float, radius: float) -> tuple[np.ndarray, ...]:
    """The chords ``(rows, cb, ce)`` of :func:`circle_raster`, computed row by row.

    The same pixels as the raster (the boundary of each row is found from the square root
    and then checked with the raster's own test), in O(rows) instead of O(rows x columns),
    so that a thousand large circles take milliseconds.
    """
    rad = math.floor(radius * 2.0 + 1e-9) / 2.0
    if rad < 0.5:
        r0, c0 = math.floor(row + 0.5), math.floor(column + 0.5)
        one = np.ones(1, dtype=np.int32)
        return one * r0, one * c0, one * c0
    if rad == math.floor(rad):
        r, c = _half_center(row), _half_center(column)
    else:
        r, c = float(math.floor(row + 0.5)), float(math.floor(column + 0.5))
    r0, c0 = math.ceil(r - rad), math.ceil(c - rad)
    r1, c1 = math.floor(r + rad), math.floor(c + rad)
    rows = np.arange(r0, r1 + 1, dtype=np.float64)
    dr2 = (rows - r) * (rows - r)
    limit = rad * rad + 1e-9

    def inside(col: np.ndarray) -> np.ndarray:
        dc = col - c
        return (dr2 + dc * dc <= limit) & (col >= c0) & (col <= c1)

    half = np.sqrt(np.maximum(limit - dr2, 0.0))
    cb = np.clip(np.ceil(c - half), c0, c1)
    ce = np.clip(np.floor(c + half), c0, c1)
    cb = np.where(inside(cb - 1.0), cb - 1.0, cb)
    cb = np.where(inside(cb), cb, cb + 1.0)
    ce = np.where(inside(ce + 1.0), ce + 1.0, ce)
    ce = np.where(inside(ce), ce, ce - 1.0)
    keep = cb <= ce
    return (
        rows[keep].astype(np.int32),
        cb[keep].astype(np.int32),
        ce[keep].astype(np.int32),
    )
