"""Helpers of the XLD operators: argument checks, region outlines and polygon geometry."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, IconicObject, Image, ObjectTuple, Region


def contours(ctx: CallContext, objects: ObjectTuple, what: str = "Contours") -> list[Contour]:
    """The objects as XLD contours; anything else is 9054 (object type not supported)."""
    out: list[Contour] = []
    for obj in objects:
        if not isinstance(obj, Contour):
            raise ctx.error(9054, f"{what}: expects XLD contours, got a {obj.kind}")
        out.append(obj)
    return out


def regions(ctx: CallContext, objects: ObjectTuple, what: str = "Regions") -> list[Region]:
    """The objects as regions (an image stands for its domain)."""
    out: list[Region] = []
    for obj in objects:
        if isinstance(obj, Region):
            out.append(obj)
        elif isinstance(obj, Image):
            out.append(obj.domain_region())
        else:
            raise ctx.error(9054, f"{what}: expects regions, got a {obj.kind}")
    return out


def spread(ctx: CallContext, values: tuple, count: int, name: str) -> list:
    """One value for all or one per object (HALCON's rule for per-object parameters)."""
    if len(values) == count:
        return list(values)
    if len(values) == 1:
        return [values[0]] * count
    raise ctx.param_error("count", name, f"{len(values)} values for {count} objects")


def as_tuple(objs: list[IconicObject]) -> ObjectTuple:
    """An object tuple of ``objs``."""
    return ObjectTuple(objs)


def closed_polygon(c: Contour) -> tuple[np.ndarray, np.ndarray]:
    """The points of ``c`` without the repeated closing point (area features close it)."""
    if c.closed:
        return c.rows[:-1], c.cols[:-1]
    return c.rows, c.cols


def polygon_moments(rows: np.ndarray, cols: np.ndarray) -> tuple[float, float, float]:
    """Signed area (positive = counter-clockwise on screen) and centroid of a polygon."""
    if len(rows) < 3:
        return (
            0.0,
            float(rows.mean()) if len(rows) else 0.0,
            float(cols.mean()) if len(cols) else 0.0,
        )
    # with x = col and y = -row (screen up), the shoelace formula gives CCW-positive areas
    x, y = cols, -rows
    x2, y2 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y2 - x2 * y
    a = cross.sum() / 2.0
    if a == 0:
        return 0.0, float(rows.mean()), float(cols.mean())
    cx = ((x + x2) * cross).sum() / (6.0 * a)
    cy = ((y + y2) * cross).sum() / (6.0 * a)
    return float(a), float(-cy), float(cx)


def crack_outlines(mask: np.ndarray) -> list[np.ndarray]:
    """The pixel-edge outlines of a mask as closed corner polylines (row, col) in mask
    coordinates, corners at ±0.5; 8-connected pixels stay in one outline.

    Outer outlines run clockwise on screen, holes counter-clockwise; every loop's last
    point repeats its first, and only corner points are kept.
    """
    m = np.pad(mask.astype(bool), 1)
    inside = m[1:-1, 1:-1]
    edges: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    # corner (i, j) of the padded grid is the point (i - 1.5, j - 1.5) in mask coordinates
    for dr, dc, a, b in (
        (-1, 0, (0, 0), (0, 1)),  # top edge, left to right
        (0, 1, (0, 1), (1, 1)),  # right edge, downwards
        (1, 0, (1, 1), (1, 0)),  # bottom edge, right to left
        (0, -1, (1, 0), (0, 0)),  # left edge, upwards
    ):
        outside = ~m[1 + dr : m.shape[0] - 1 + dr, 1 + dc : m.shape[1] - 1 + dc]
        rs, cs = np.nonzero(inside & outside)
        for r, c in zip(rs.tolist(), cs.tolist(), strict=True):
            edges[(r + 1 + a[0], c + 1 + a[1])].append((r + 1 + b[0], c + 1 + b[1]))
    loops: list[np.ndarray] = []
    while edges:
        start = min(edges)
        path = [start]
        prev_dir: tuple[int, int] | None = None
        current = start
        while True:
            options = edges[current]
            if len(options) == 1 or prev_dir is None:
                nxt = options.pop(0)
            else:
                # a saddle: turn left (toward the diagonal neighbour) to keep 8-connectivity
                left = (-prev_dir[1], prev_dir[0])
                pick = next(
                    (o for o in options if (o[0] - current[0], o[1] - current[1]) == left),
                    options[0],
                )
                options.remove(pick)
                nxt = pick
            if not options:
                del edges[current]
            prev_dir = (nxt[0] - current[0], nxt[1] - current[1])
            current = nxt
            path.append(current)
            if current == start:  # the smallest corner is never a saddle
                break
        pts = np.asarray(path, dtype=np.float64)
        loops.append(_corners_only(pts) - 1.5)
    return loops


def _corners_only(pts: np.ndarray) -> np.ndarray:
    """Drop points where the direction does not change (keeps the closing point)."""
    if len(pts) <= 3:
        return pts
    d_in = pts[1:-1] - pts[:-2]
    d_out = pts[2:] - pts[1:-1]
    turn = (d_in != d_out).any(axis=1)
    keep = np.concatenate([[True], turn, [True]])
    out = pts[keep]
    # the start point itself may lie in the middle of a straight run
    if len(out) > 3 and (np.sign(out[1] - out[0]) == np.sign(out[0] - out[-2])).all():
        out = np.vstack([out[1:-1], out[1:2]])
    return out
