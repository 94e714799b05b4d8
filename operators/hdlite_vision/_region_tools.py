"""Helpers of the region operators: arguments, system parameters, contours, hulls, tests.

Everything works on :class:`~hdlite.plugin.Region`'s canonical chords where it can and on
its raster (padded by one pixel, so the border is background) where a neighbourhood is
needed. OpenCV and SciPy are imported inside the functions that need them.

Conventions (spec G8): pixel (r, c) is the unit square centred on (r, c); contours, hulls and
distances use pixel centres.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from hdlite.plugin import CallContext, Image, ObjectTuple, Region


def region_args(ctx: CallContext, objects: ObjectTuple, what: str = "Regions") -> list[Region]:
    """The objects as regions; an image stands for its domain (spec G5), others are 9054."""
    out: list[Region] = []
    for obj in objects:
        if isinstance(obj, Region):
            out.append(obj)
        elif isinstance(obj, Image):
            out.append(obj.domain_region())
        else:
            raise ctx.error(9054, f"{what}: expected a region, got a {obj.kind}")
    return out


def system_value(ctx: CallContext, name: str, default: object) -> object:
    """The first value of a system parameter (``set_system``), or ``default``."""
    values = ctx.session.system.get(name, (default,))
    return values[0] if values else default


def system_size(ctx: CallContext) -> tuple[int, int]:
    """(height, width) of ``get_system('height'/'width')`` (512 x 512 by default)."""
    return int(system_value(ctx, "height", 512)), int(system_value(ctx, "width", 512))  # type: ignore[call-overload]


def neighborhood(ctx: CallContext) -> int:
    """The system neighbourhood, 4 or 8 (``set_system('neighborhood', ...)``, default 8)."""
    return 4 if system_value(ctx, "neighborhood", 8) == 4 else 8


def clip_system(ctx: CallContext, region: Region) -> Region:
    """The region clipped to the system image size when ``'clip_region'`` is true (G7)."""
    if system_value(ctx, "clip_region", "true") != "true":
        return region
    height, width = system_size(ctx)
    return region.clip(0, 0, height - 1, width - 1)


def contains(region: Region, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Whether each pixel (rows[i], cols[i]) belongs to the region (vectorised, O(log runs))."""
    rr, cb, ce = region.runs
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if rr.size == 0:
        return np.zeros(rows.shape, dtype=bool)
    span = int(ce.max()) - int(cb.min()) + 2
    base = int(cb.min())
    keys = (rr.astype(np.int64) - int(rr[0])) * span + (cb.astype(np.int64) - base)
    query = (rows - int(rr[0])) * span + (np.clip(cols, base - 1, base + span - 2) - base)
    idx = np.searchsorted(keys, query, side="right") - 1
    ok = idx >= 0
    idx = np.maximum(idx, 0)
    return ok & (rr[idx] == rows) & (ce[idx] >= cols) & (cb[idx] <= cols)


def outer_contours(region: Region) -> list[np.ndarray]:
    """The outer contour of every 8-connected component: closed chains of (row, col) points.

    Each chain lists the centres of the border pixels in order (OpenCV's border following,
    ``CHAIN_APPROX_NONE``); a one-pixel component is a chain of one point. Holes are left out.
    """
    import cv2

    if region.is_empty():
        return []
    r0, c0, mask = region.raster(pad=1)
    found, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    return [np.stack([c[:, 0, 1] + r0, c[:, 0, 0] + c0], axis=1) for c in found]


def chain_length(chain: np.ndarray) -> float:
    """Length of a closed chain of 8-neighbours: 1 per straight step, sqrt(2) per diagonal."""
    if len(chain) < 2:
        return 0.0
    steps = np.abs(np.diff(np.vstack([chain, chain[:1]]), axis=0)).sum(axis=1)
    return float(np.count_nonzero(steps == 1) + math.sqrt(2.0) * np.count_nonzero(steps == 2))


def hull_points(region: Region) -> np.ndarray:
    """Vertices (row, col) of the convex hull of the pixel centres, counter-clockwise on screen.

    Empty region: an empty (0, 2) array. Collinear pixels give their two end points.
    """
    import cv2

    rows, cb, ce = region.runs
    if rows.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    pts = np.concatenate([np.stack([cb, rows], axis=1), np.stack([ce, rows], axis=1)]).astype(
        np.int32
    )
    hull = cv2.convexHull(pts)[:, 0, :]
    return np.stack([hull[:, 1], hull[:, 0]], axis=1).astype(np.int64)


def fill_polygon_rows(points: np.ndarray) -> Region:
    """The pixels whose centre lies inside or on a convex polygon given as (row, col) vertices."""
    if len(points) == 0:
        return Region.empty()
    pr = points[:, 0].astype(np.float64)
    pc = points[:, 1].astype(np.float64)
    rows = np.arange(math.ceil(pr.min() - 1e-9), math.floor(pr.max() + 1e-9) + 1)
    ar, ac = pr[None, :], pc[None, :]  # edge starts
    br, bc = np.roll(pr, -1)[None, :], np.roll(pc, -1)[None, :]  # edge ends
    r = rows[:, None].astype(np.float64)
    spans = (r >= np.minimum(ar, br) - 1e-9) & (r <= np.maximum(ar, br) + 1e-9)
    flat = np.abs(br - ar) < 1e-12
    with np.errstate(divide="ignore", invalid="ignore"):
        at = np.where(flat, ac, ac + (r - ar) * (bc - ac) / np.where(flat, 1.0, br - ar))
    end = np.where(flat, bc, at)  # a horizontal edge covers both of its end columns
    lo = np.where(spans, np.minimum(at, end), np.inf).min(axis=1)
    hi = np.where(spans, np.maximum(at, end), -np.inf).max(axis=1)
    cb = np.ceil(lo - 1e-7)
    ce = np.floor(hi + 1e-7)
    ok = np.isfinite(lo) & (cb <= ce)
    return Region.from_runs(rows[ok], cb[ok], ce[ok])


def rotated_rectangle(row: float, col: float, phi: float, len1: float, len2: float) -> Region:
    """The pixels whose centre lies in the rectangle (as gen_rectangle2; lengths are halves)."""
    cos, sin = math.cos(phi), math.sin(phi)
    corners = []
    for sa, sb in ((1, 1), (-1, 1), (-1, -1), (1, -1)):
        dc = sa * len1 * cos + sb * len2 * sin
        dr = -sa * len1 * sin + sb * len2 * cos
        corners.append((row + dr, col + dc))
    return fill_polygon_rows(np.array(corners))


def ellipse_region(row: float, col: float, phi: float, ra: float, rb: float) -> Region:
    """The pixels whose centre lies in the ellipse (semi-axes ra along phi, rb across)."""
    ra, rb = abs(ra), abs(rb)
    cos, sin = math.cos(phi), math.sin(phi)
    half_h = math.sqrt((ra * sin) ** 2 + (rb * cos) ** 2)
    half_w = math.sqrt((ra * cos) ** 2 + (rb * sin) ** 2)
    r0, c0 = math.ceil(row - half_h - 1e-9), math.ceil(col - half_w - 1e-9)
    r1, c1 = math.floor(row + half_h + 1e-9), math.floor(col + half_w + 1e-9)
    if ra == 0.0 or rb == 0.0:
        rr = np.arange(r0, r1 + 1, dtype=np.float64)[:, None] - row
        cc = np.arange(c0, c1 + 1, dtype=np.float64)[None, :] - col
        along = cc * cos - rr * sin
        across = cc * sin + rr * cos
        zero_a, zero_b = ra == 0.0, rb == 0.0
        ok_a = np.abs(along) <= 0.5 if zero_a else np.abs(along) <= ra + 1e-9
        ok_b = np.abs(across) <= 0.5 if zero_b else np.abs(across) <= rb + 1e-9
        return Region.from_mask(ok_a & ok_b, r0, c0)
    return _ellipse_chords(row, col, cos, sin, ra, rb, r0, r1, c0, c1)


def _ellipse_chords(
    row: float,
    col: float,
    cos: float,
    sin: float,
    ra: float,
    rb: float,
    r0: int,
    r1: int,
    c0: int,
    c1: int,
) -> Region:
    """The pixels of a non-degenerate ellipse row by row, in O(rows): each row's interval
    comes from the quadratic in the column offset and is then corrected with the exact
    test of the raster ((along/ra)^2 + (across/rb)^2 <= 1 + 1e-9), so the pixels are the
    same as those of the full raster."""
    rows = np.arange(r0, r1 + 1, dtype=np.float64)
    dy = rows - row
    inv_a, inv_b = 1.0 / (ra * ra), 1.0 / (rb * rb)
    qa = cos * cos * inv_a + sin * sin * inv_b
    qb = 2.0 * sin * cos * (inv_b - inv_a) * dy
    qc = (sin * sin * inv_a + cos * cos * inv_b) * dy * dy - (1.0 + 1e-9)
    disc = np.sqrt(np.maximum(qb * qb - 4.0 * qa * qc, 0.0))
    lo = np.clip(np.ceil(col + (-qb - disc) / (2.0 * qa)), c0, c1)
    hi = np.clip(np.floor(col + (-qb + disc) / (2.0 * qa)), c0, c1)

    def inside(cols: np.ndarray) -> np.ndarray:
        dx = cols - col
        along = dx * cos - dy * sin
        across = dx * sin + dy * cos
        ok = (along / ra) ** 2 + (across / rb) ** 2 <= 1.0 + 1e-9
        return ok & (cols >= c0) & (cols <= c1)

    lo = np.where(inside(lo - 1.0), lo - 1.0, lo)
    lo = np.where(inside(lo), lo, lo + 1.0)
    hi = np.where(inside(hi + 1.0), hi + 1.0, hi)
    hi = np.where(inside(hi), hi, hi - 1.0)
    keep = lo <= hi
    return Region.from_runs(rows[keep].astype(np.int64), lo[keep], hi[keep])


def components(region: Region, connectivity: int) -> list[Region]:
    """The connected components in raster order of their first pixel (topmost, then leftmost)."""
    import cv2

    rows, cb, ce = region.runs
    if rows.size == 0:
        return []
    r0, c0, mask = region.raster()
    count, labels = cv2.connectedComponents(mask.view(np.uint8), connectivity=connectivity)
    if count <= 2:
        return [Region.from_runs(rows, cb, ce)] if count == 2 else []
    run_label = labels[rows - r0, cb - c0]
    # relabel by first appearance in run (raster) order, whatever order OpenCV numbered them
    first = np.full(count, rows.size, dtype=np.int64)
    np.minimum.at(first, run_label, np.arange(rows.size))
    rank = np.empty(count, dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(count)
    order = np.argsort(rank[run_label], kind="stable")
    keys = rank[run_label][order]
    bounds = [0, *(np.flatnonzero(np.diff(keys)) + 1).tolist(), rows.size]
    # within a component the chords keep their raster order, so they stay canonical
    rs, bs, es = rows[order], cb[order], ce[order]
    return [
        Region.from_runs(rs[a:b], bs[a:b], es[a:b], canonical=True)
        for a, b in itertools.pairwise(bounds)
    ]


def holes(region: Region, connectivity: int) -> list[Region]:
    """The holes: background components not connected to the outside.

    The background uses the neighbourhood complementary to the region's (4 for 8 and 8
    for 4), as usual in digital topology.
    """
    import cv2

    if region.is_empty():
        return []
    r0, c0, mask = region.raster(pad=1)
    background = (~mask).astype(np.uint8)
    back_conn = 4 if connectivity == 8 else 8
    _, labels = cv2.connectedComponents(background, connectivity=back_conn)
    outside = labels[0, 0]
    out = []
    hole_mask = (labels != outside) & (labels > 0)
    if not hole_mask.any():
        return []
    hole_region = Region.from_mask(hole_mask, r0, c0)
    for part in components(hole_region, back_conn):
        out.append(part)
    return out


def max_pairwise(points: np.ndarray) -> tuple[int, int, float]:
    """Indices of the two points farthest apart and their distance (first pair in order)."""
    if len(points) < 2:
        return 0, 0, 0.0
    p = points.astype(np.float64)
    d2 = ((p[:, None, :] - p[None, :, :]) ** 2).sum(axis=2)
    i, j = np.unravel_index(int(np.argmax(d2)), d2.shape)
    return int(i), int(j), float(math.sqrt(d2[i, j]))


def run_pixels(region: Region) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of every pixel, in run order (row-major), as int64 arrays."""
    rows, cb, ce = region.runs
    n = (ce.astype(np.int64) - cb) + 1
    total = int(n.sum())
    rr = np.repeat(rows.astype(np.int64), n)
    starts = np.cumsum(n) - n
    cc = np.arange(total, dtype=np.int64) - np.repeat(starts - cb.astype(np.int64), n)
    return rr, cc
