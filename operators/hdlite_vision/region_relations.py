"""Selecting regions by their relation to a pattern: select_shape_proto.

Facts from MVTec's reference pages and a worked description of the operator (``search``
tool: HALCON 20.11 reference, blog.csdn.net "select shape proto算子的应用"): every region of
Regions is compared with the pattern (hdlite: the union of the Pattern regions) and kept when
the feature lies in [Min, Max]. Features:

* 'overlaps_abs': number of pixels the region shares with the pattern;
* 'overlaps_rel': that number in percent of the region's area (0..100);
* 'covers': 100 * area(opening(region, pattern)) / area(region): 0 when no translate of the
  pattern fits into the region, 100 when the region is a translate of the pattern;
* 'fits': whether some translate of the pattern fits into the region (Min and Max unused);
* 'distance_center': distance between the centres of gravity;
* 'distance_dilate': smallest distance between the pixels of region and pattern (0 when they
  overlap), i.e. the dilation of the pattern that first reaches the region;
* 'distance_contour': smallest distance between the border pixels (pixels with a
  4-neighbour outside) of region and pattern.

[unverified: the exact distance definitions (HALCON may use other pixel metrics), the union
of several Pattern regions, and the defaults 'overlaps_abs', 1, 1000000.] Selections keep the
input order and return the input objects; an empty region has feature 0 (distances 0 to an
empty pattern) [unverified].
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image.regions import combine_regions, union_regions

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    ObjectTuple,
    Region,
    operator,
)

from ._region_tools import region_args
from ._structuring import dilate_raster, erode_raster, offsets_about, raster, region_from_mask

_FEATURES = (
    "distance_center",
    "distance_contour",
    "distance_dilate",
    "covers",
    "fits",
    "overlaps_abs",
    "overlaps_rel",
)


def _border(region: Region) -> np.ndarray:
    """(n, 2) float array of the border pixels (a 4-neighbour outside the region)."""
    r0, c0, mask = region.raster(pad=1)
    inner = mask[1:-1, 1:-1] & mask[:-2, 1:-1] & mask[2:, 1:-1] & mask[1:-1, :-2] & mask[1:-1, 2:]
    edge = mask[1:-1, 1:-1] & ~inner
    rr, cc = np.nonzero(edge)
    return np.stack([rr + r0 + 1, cc + c0 + 1], axis=1).astype(np.float64)


def _shared(a: Region, b: Region) -> Region:
    """The pixels of both regions (computed inside the overlap of their bounding boxes)."""
    if a.is_empty() or b.is_empty():
        return Region.empty()
    ar1, ac1, ar2, ac2 = a.bbox()
    br1, bc1, br2, bc2 = b.bbox()
    r1, c1, r2, c2 = max(ar1, br1), max(ac1, bc1), min(ar2, br2), min(ac2, bc2)
    if r1 > r2 or c1 > c2:
        return Region.empty()
    return combine_regions(a.clip(r1, c1, r2, c2), b.clip(r1, c1, r2, c2), "and")


def _min_distance(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.spatial import cKDTree

    if len(a) == 0 or len(b) == 0:
        return 0.0
    dist, _ = cKDTree(b).query(a, k=1)
    return float(np.min(dist))


def _fits(region: Region, pattern: Region) -> tuple[Region, Region]:
    """The reference points at which a translate of the pattern fits into the region, and
    the union of those translates (the opening of the region with the pattern)."""
    se = offsets_about(pattern, 0, 0)
    anchors = erode_raster(*raster(region), se)
    cover = dilate_raster(*anchors, se) if anchors[2].any() else anchors
    return region_from_mask(*_reorder(anchors)), region_from_mask(*_reorder(cover))


def _reorder(res: tuple[int, int, np.ndarray]) -> tuple[np.ndarray, int, int]:
    return res[2], res[0], res[1]


def _feature(name: str, region: Region, pattern: Region) -> float:
    area = region.area()
    if name in ("overlaps_abs", "overlaps_rel"):
        shared = float(_shared(region, pattern).area())
        if name == "overlaps_abs":
            return shared
        return 100.0 * shared / area if area else 0.0
    if area == 0 or pattern.is_empty():
        return 0.0
    if name == "distance_center":
        (ra, ca), (rb, cb) = region.centroid(), pattern.centroid()
        return math.hypot(ra - rb, ca - cb)
    if name == "distance_dilate":
        if not _shared(region, pattern).is_empty():
            return 0.0
        return _min_distance(_border(region), _border(pattern))
    if name == "distance_contour":
        return _min_distance(_border(region), _border(pattern))
    anchors, cover = _fits(region, pattern)
    if name == "fits":
        return 0.0 if anchors.is_empty() else 1.0
    return 100.0 * cover.area() / area


@operator(
    "select_shape_proto",
    IconicIn("Regions"),
    IconicIn("Pattern"),
    IconicOut("SelectedRegions"),
    ControlIn("Feature", types="string", count=1, default="overlaps_abs", values=_FEATURES),
    ControlIn("Min", types="number", count=1, default=1.0),
    ControlIn("Max", types="number", count=1, default=1000000.0),
)
def select_shape_proto(
    ctx: CallContext, regs: ObjectTuple, pattern: ObjectTuple, feature: tuple, lo: tuple, hi: tuple
) -> tuple:
    """Keep the regions whose relation Feature to the pattern (overlap, covering, fitting or
    distance) lies in [Min, Max]; 'fits' keeps the regions some translate of it fits into."""
    proto = union_regions(region_args(ctx, pattern, "Pattern"))
    low, high = float(lo[0]), float(hi[0])
    kept = []
    for obj, reg in zip(regs, region_args(ctx, regs), strict=True):
        value = _feature(feature[0], reg, proto)
        if (value > 0.0) if feature[0] == "fits" else (low <= value <= high):
            kept.append(obj)
    return (ObjectTuple(kept),)
