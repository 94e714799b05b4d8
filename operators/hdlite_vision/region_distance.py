"""Distances between points, line segments or lines and regions, and between regions:
distance_pr, distance_sr, distance_lr, distance_rr_min.

Facts from MVTec's reference pages (``search`` tool, HALCON 18.11-25.05): distance_pr(Region : :
Row, Column : DistanceMin, DistanceMax) and distance_sr(Region : : Row1, Column1, Row2,
Column2 : DistanceMin, DistanceMax) take one region and any number of points or segments,
one pair of distances per point or segment; a point inside the region has minimum distance 0.

hdlite measures to the pixel centres (spec G8): DistanceMax is the largest distance to a pixel
of the region, DistanceMin the smallest, and 0 when the point's pixel (its rounded
coordinates) or a pixel the segment passes through belongs to the region [unverified: the
rounding, and whether HALCON uses the contour only, which gives the same values]. An empty
region gives 0.0 for both [unverified]. distance_lr(Region : : Row1, Column1, Row2, Column2 :
DistanceMin, DistanceMax) gives the orthogonal distances to the infinite line through the two
points [doc: distance_lr, HALCON 19.11]: DistanceMin as distance_sr's for the part of the
line over the region, DistanceMax the largest orthogonal distance of a pixel centre; a line
whose two points coincide is 1303 [unverified].

distance_rr_min(Regions1, Regions2 : : : MinDistance, Row1, Column1, Row2, Column2) [doc:
distance_rr_min, HALCON 18.11]: per pair of regions the smallest Euclidean distance between
their contour pixels (holes ignored; one region inside the other gives a distance > 0) and
the two contour pixels; both tuples must hold the same number of regions (1502) and no
region may be empty (3036). Of several closest pairs hdlite returns the first found
[unverified]. Both work on the chords, so a region of any size
costs O(chords).
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._common import coordinate

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    ObjectTuple,
    Region,
    operator,
    wrong_object_count,
)

from ._region_tools import contains, outer_contours, region_args


def _seg_dist(pr: np.ndarray, pc: np.ndarray, seg: tuple[float, float, float, float]) -> np.ndarray:
    """Distances of the points (pr, pc) to the segment (r1, c1)-(r2, c2)."""
    r1, c1, r2, c2 = seg
    dr, dc = r2 - r1, c2 - c1
    length2 = dr * dr + dc * dc
    if length2 == 0.0:
        return np.hypot(pr - r1, pc - c1)
    t = np.clip(((pr - r1) * dr + (pc - c1) * dc) / length2, 0.0, 1.0)
    return np.hypot(pr - (r1 + t * dr), pc - (c1 + t * dc))


def _hits(region: Region, seg: tuple[float, float, float, float]) -> bool:
    """Whether the segment passes through a pixel of the region (sampled every half pixel,
    inside the region's bounding box only)."""
    rows, cb, ce = region.runs
    r1, c1, r2, c2 = seg
    lo_r, hi_r = float(rows[0]) - 0.5, float(rows[-1]) + 0.5
    lo_c, hi_c = float(cb.min()) - 0.5, float(ce.max()) + 0.5
    t0, t1 = 0.0, 1.0  # Liang-Barsky clipping of the segment to the bounding box
    for p, q in (
        (-(r2 - r1), r1 - lo_r),
        (r2 - r1, hi_r - r1),
        (-(c2 - c1), c1 - lo_c),
        (c2 - c1, hi_c - c1),
    ):
        if p == 0.0:
            if q < 0.0:
                return False
            continue
        t = q / p
        if p < 0.0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    span = max(abs(r2 - r1), abs(c2 - c1)) * (t1 - t0)
    ts = np.linspace(t0, t1, math.ceil(span * 2.0) + 2)
    sr = np.floor(r1 + ts * (r2 - r1) + 0.5)
    sc = np.floor(c1 + ts * (c2 - c1) + 0.5)
    return bool(contains(region, sr, sc).any())


def segment_region_distances(
    region: Region, seg: tuple[float, float, float, float]
) -> tuple[float, float]:
    """(min, max) distance between a segment (a point when both ends agree) and a region."""
    rows, cb, ce = region.runs
    if rows.size == 0:
        return 0.0, 0.0
    r = rows.astype(np.float64)
    lo, hi = cb.astype(np.float64), ce.astype(np.float64)
    r1, c1, r2, c2 = seg
    # the distance to the segment is convex along a chord, so its maximum lies at an end and
    # its minimum next to the continuous minimiser: a chord end, the column of a segment end,
    # or where the segment crosses the chord's row
    far = np.maximum(_seg_dist(r, lo, seg), _seg_dist(r, hi, seg)).max()
    cands = [lo, hi, np.full_like(r, c1), np.full_like(r, c2)]
    if r2 != r1:
        cross = c1 + (r - r1) * (c2 - c1) / (r2 - r1)
        cands.append(np.where((r - r1) * (r - r2) <= 0, cross, c1))
    near = np.inf
    for cand in cands:
        for col in (np.floor(cand), np.ceil(cand)):
            near = min(near, float(_seg_dist(r, np.clip(col, lo, hi), seg).min()))
    if _hits(region, seg):
        near = 0.0
    return float(near), float(far)


def _coords(ctx: CallContext, values: tuple, name: str) -> list[float]:
    return [coordinate(ctx, v, name) for v in values]


def _one_region(ctx: CallContext, objs: ObjectTuple) -> Region:
    regs = region_args(ctx, objs, "Region")
    if len(regs) != 1:
        raise ctx.error(wrong_object_count(1), f"Region: expected one region, got {len(regs)}")
    return regs[0]


@operator(
    "distance_pr",
    IconicIn("Region"),
    ControlIn("Row", types="number", count=(0, None), default=100.0),
    ControlIn("Column", types="number", count=(0, None), default=100.0),
    ControlOut("DistanceMin", types="real"),
    ControlOut("DistanceMax", types="real"),
)
def distance_pr(ctx: CallContext, region: ObjectTuple, row: tuple, col: tuple) -> tuple:
    """Smallest and largest distance between each point (Row, Column) and the region's pixel
    centres; 0 as the smallest when the point lies in the region."""
    if len(row) != len(col):
        raise ctx.param_error("count", "Column", f"{len(col)} columns for {len(row)} rows")
    reg = _one_region(ctx, region)
    out = [
        segment_region_distances(reg, (r, c, r, c))
        for r, c in zip(_coords(ctx, row, "Row"), _coords(ctx, col, "Column"), strict=True)
    ]
    return tuple(o[0] for o in out), tuple(o[1] for o in out)


@operator(
    "distance_sr",
    IconicIn("Region"),
    ControlIn("Row1", types="number", count=(0, None), default=0.0),
    ControlIn("Column1", types="number", count=(0, None), default=0.0),
    ControlIn("Row2", types="number", count=(0, None), default=0.0),
    ControlIn("Column2", types="number", count=(0, None), default=0.0),
    ControlOut("DistanceMin", types="real"),
    ControlOut("DistanceMax", types="real"),
)
def distance_sr(
    ctx: CallContext, region: ObjectTuple, r1: tuple, c1: tuple, r2: tuple, c2: tuple
) -> tuple:
    """Smallest and largest distance between each line segment (Row1, Column1)-(Row2,
    Column2) and the region's pixel centres; 0 as the smallest when they intersect."""
    n = len(r1)
    for name, vals in (("Column1", c1), ("Row2", r2), ("Column2", c2)):
        if len(vals) != n:
            raise ctx.param_error("count", name, f"{len(vals)} values for {n} segments")
    reg = _one_region(ctx, region)
    segs = zip(
        _coords(ctx, r1, "Row1"),
        _coords(ctx, c1, "Column1"),
        _coords(ctx, r2, "Row2"),
        _coords(ctx, c2, "Column2"),
        strict=True,
    )
    out = [segment_region_distances(reg, s) for s in segs]
    return tuple(o[0] for o in out), tuple(o[1] for o in out)


def line_region_distances(
    region: Region, line: tuple[float, float, float, float]
) -> tuple[float, float]:
    """(min, max) orthogonal distance between the infinite line through two distinct points
    and a region's pixel centres (min 0 where the line passes through a pixel)."""
    rows, cb, ce = region.runs
    if rows.size == 0:
        return 0.0, 0.0
    r1, c1, r2, c2 = line
    dr, dc = r2 - r1, c2 - c1
    length = math.hypot(dr, dc)
    r = rows.astype(np.float64)
    ends = (cb.astype(np.float64), ce.astype(np.float64))
    far = max(float(np.abs((r - r1) * dc - (col - c1) * dr).max()) / length for col in ends)
    # the part of the line over the region's bounding box (plus a pixel) is a segment whose
    # distances to the region equal the line's: every foot of a perpendicular lies on it
    corners_r = np.array([r.min() - 1, r.min() - 1, r.max() + 1, r.max() + 1])
    corners_c = np.array([ends[0].min() - 1, ends[1].max() + 1] * 2)
    t = ((corners_r - r1) * dr + (corners_c - c1) * dc) / (length * length)
    seg = (r1 + t.min() * dr, c1 + t.min() * dc, r1 + t.max() * dr, c1 + t.max() * dc)
    near, _ = segment_region_distances(region, seg)
    return near, far


@operator(
    "distance_lr",
    IconicIn("Region"),
    ControlIn("Row1", types="number", count=(0, None), default=0.0),
    ControlIn("Column1", types="number", count=(0, None), default=0.0),
    ControlIn("Row2", types="number", count=(0, None), default=10.0),
    ControlIn("Column2", types="number", count=(0, None), default=10.0),
    ControlOut("DistanceMin", types="real"),
    ControlOut("DistanceMax", types="real"),
)
def distance_lr(
    ctx: CallContext, region: ObjectTuple, r1: tuple, c1: tuple, r2: tuple, c2: tuple
) -> tuple:
    """Smallest and largest orthogonal distance between each infinite line through (Row1,
    Column1) and (Row2, Column2) and the region's pixel centres (0 as the smallest when the
    line passes through the region)."""
    n = len(r1)
    for name, vals in (("Column1", c1), ("Row2", r2), ("Column2", c2)):
        if len(vals) != n:
            raise ctx.param_error("count", name, f"{len(vals)} values for {n} lines")
    reg = _one_region(ctx, region)
    lines = list(
        zip(
            _coords(ctx, r1, "Row1"),
            _coords(ctx, c1, "Column1"),
            _coords(ctx, r2, "Row2"),
            _coords(ctx, c2, "Column2"),
            strict=True,
        )
    )
    for line in lines:
        if line[0] == line[2] and line[1] == line[3]:
            raise ctx.param_error("value", "Row2", "a line needs two different points")
    out = [line_region_distances(reg, line) for line in lines]
    return tuple(o[0] for o in out), tuple(o[1] for o in out)


def _contour_points(region: Region) -> np.ndarray:
    chains = outer_contours(region)
    return np.concatenate(chains).astype(np.float64)


@operator(
    "distance_rr_min",
    IconicIn("Regions1"),
    IconicIn("Regions2"),
    ControlOut("MinDistance", types="real"),
    ControlOut("Row1", types="integer"),
    ControlOut("Column1", types="integer"),
    ControlOut("Row2", types="integer"),
    ControlOut("Column2", types="integer"),
)
def distance_rr_min(ctx: CallContext, regions1: ObjectTuple, regions2: ObjectTuple) -> tuple:
    """Per pair of regions: the smallest distance between their contour pixels and the two
    pixels."""
    from scipy.spatial import cKDTree

    first = region_args(ctx, regions1, "Regions1")
    second = region_args(ctx, regions2, "Regions2")
    if len(first) != len(second):
        raise ctx.error(wrong_object_count(2), f"{len(first)} and {len(second)} regions")
    out: list[list] = [[], [], [], [], []]
    for a, b in zip(first, second, strict=True):
        if a.is_empty() or b.is_empty():
            raise ctx.error(3036, "Regions1/Regions2: a region is empty")
        pa, pb = _contour_points(a), _contour_points(b)
        dist, index = cKDTree(pb).query(pa)
        k = int(np.argmin(dist))
        j = int(index[k])
        values = (float(dist[k]), int(pa[k, 0]), int(pa[k, 1]), int(pb[j, 0]), int(pb[j, 1]))
        for column, value in zip(out, values, strict=True):
            column.append(value)
    return tuple(tuple(v) for v in out)
