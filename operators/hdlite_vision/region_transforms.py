"""Region transformations: fill_up, fill_up_shape, shape_trans, complement, partition_rectangle.

One output region per input region, in input order (G1); an empty region gives an empty
region; results that can grow are clipped to the system image size when 'clip_region' is
true (G7). Facts from MVTec's reference pages (``search`` tool): shape_trans's types are
'convex', 'ellipse' (same moments and area), 'outer_circle', 'inner_circle', 'rectangle1',
'rectangle2', 'inner_rectangle1' and 'inner_center' (the skeleton point closest to the
centre of gravity); the outer circle "can be too small by up to 1/sqrt(2) - 0.5" because it
encloses pixel centres. Holes are background components not connected to the outside,
taken with the neighbourhood complementary to the system's [unverified]. complement is
taken within the system image size [unverified whether it depends on 'clip_region'].
partition_rectangle [doc]: cells of approximately equal size, Width and Height adapted; a
region smaller than the size stays unchanged; an axis is cut only when the region is at
least 1.5 times the size along it. Cells start at the smallest_rectangle1 corner, and the
cell count is the rounded ratio of extent to size [unverified].
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    ObjectTuple,
    Region,
    operator,
)

from ._region_tools import (
    clip_system,
    ellipse_region,
    fill_polygon_rows,
    holes,
    neighborhood,
    region_args,
    rotated_rectangle,
    system_size,
)
from ._shape_features import Shape


def _union(parts: list[Region]) -> Region:
    if not parts:
        return Region.empty()
    runs = [p.runs for p in parts]
    return Region.from_runs(*(np.concatenate([r[k] for r in runs]) for k in range(3)))


def _fill(region: Region, conn: int, keep: object = None) -> Region:
    found = holes(region, conn)
    if keep is not None:
        found = [h for h in found if keep(h)]  # type: ignore[operator]
    return _union([region, *found]) if found else region


@operator("fill_up", IconicIn("Region"), IconicOut("RegionFillUp"))
def fill_up(ctx: CallContext, region: ObjectTuple) -> tuple:
    """Fill every hole of each region."""
    conn = neighborhood(ctx)
    return (ObjectTuple(_fill(r, conn) for r in region_args(ctx, region, "Region")),)


_FILL_FEATURES = {
    "area": lambda s: s.area,
    "compactness": lambda s: s.compactness,
    "convexity": lambda s: s.convexity,
    "anisometry": lambda s: s.eccentricity[0],
    "phi": lambda s: s.elliptic[2],
    "ra": lambda s: s.elliptic[0],
    "rb": lambda s: s.elliptic[1],
    "inner_circle": lambda s: s.inner_circle[2],
    "outer_circle": lambda s: s.outer_circle[2],
}


@operator(
    "fill_up_shape",
    IconicIn("Region"),
    IconicOut("RegionFillUp"),
    ControlIn("Feature", types="string", count=1, default="area", values=tuple(_FILL_FEATURES)),
    ControlIn("Min", types="number", count=1, default=1.0),
    ControlIn("Max", types="number", count=1, default=100.0),
)
def fill_up_shape(
    ctx: CallContext, region: ObjectTuple, feature: tuple, lo: tuple, hi: tuple
) -> tuple:
    """Fill the holes whose shape feature (of the hole as a region) lies in [Min, Max]."""
    conn = neighborhood(ctx)
    get = _FILL_FEATURES[feature[0]]
    low, high = float(lo[0]), float(hi[0])

    def keep(hole: Region) -> bool:
        return low <= float(get(Shape(hole, conn))) <= high

    return (ObjectTuple(_fill(r, conn, keep) for r in region_args(ctx, region, "Region")),)


def _circle(row: float, col: float, radius: float) -> Region:
    # the exact circle (pixel centres within the radius), not gen_circle's quantised one,
    # so that 'outer_circle' holds every pixel and 'inner_circle' stays inside [unverified]
    return ellipse_region(row, col, 0.0, radius, radius)


def _inner_center(region: Region, shape: Shape) -> Region:
    from skimage.morphology import skeletonize

    r0, c0, mask = region.raster(pad=1)
    rr, cc = np.nonzero(skeletonize(mask))
    if rr.size == 0:
        rr, cc = np.nonzero(mask)
    d = (rr + r0 - shape.row) ** 2 + (cc + c0 - shape.column) ** 2
    i = int(np.argmin(d))
    return Region.rectangle(rr[i] + r0, cc[i] + c0, rr[i] + r0, cc[i] + c0)


def _transform(region: Region, kind: str) -> Region:
    if region.is_empty():
        return Region.empty()
    shape = Shape(region)
    if kind == "convex":
        return fill_polygon_rows(shape.hull)
    if kind == "rectangle1":
        return Region.rectangle(*region.bbox())
    if kind == "rectangle2":
        return rotated_rectangle(*shape.rectangle2)
    if kind == "outer_circle":
        return _circle(*shape.outer_circle)
    if kind == "inner_circle":
        return _circle(*shape.inner_circle)
    if kind == "ellipse":
        ra, rb, phi = shape.elliptic
        return ellipse_region(shape.row, shape.column, phi, ra, rb)
    if kind == "inner_rectangle1":
        return Region.rectangle(*shape.inner_rectangle1)
    return _inner_center(region, shape)


_TRANS_TYPES = (
    "convex",
    "ellipse",
    "outer_circle",
    "inner_circle",
    "rectangle1",
    "rectangle2",
    "inner_rectangle1",
    "inner_center",
)


@operator(
    "shape_trans",
    IconicIn("Region"),
    IconicOut("RegionTrans"),
    ControlIn("Type", types="string", count=1, default="convex", values=_TRANS_TYPES),
)
def shape_trans(ctx: CallContext, region: ObjectTuple, kind: tuple) -> tuple:
    """Replace each region by a shape derived from it (convex hull, enclosing or inscribed
    rectangle, circle or ellipse of equal moments, or the inner centre point)."""
    out = [clip_system(ctx, _transform(r, kind[0])) for r in region_args(ctx, region, "Region")]
    return (ObjectTuple(out),)


@operator("complement", IconicIn("Region"), IconicOut("RegionComplement"))
def complement(ctx: CallContext, region: ObjectTuple) -> tuple:
    """The pixels of the system image rectangle ('width' x 'height') not in each region."""
    height, width = system_size(ctx)
    out = []
    for reg in region_args(ctx, region, "Region"):
        inside = reg.clip(0, 0, height - 1, width - 1)
        mask = ~inside.to_mask(height, width)
        out.append(Region.from_mask(mask))
    return (ObjectTuple(out),)


@operator(
    "partition_rectangle",
    IconicIn("Region"),
    IconicOut("Partitioned"),
    ControlIn("Width", types="number", count=1, default=20),
    ControlIn("Height", types="number", count=1, default=20),
)
def partition_rectangle(
    ctx: CallContext, region: ObjectTuple, width: tuple, height: tuple
) -> tuple:
    """Cut each region into rectangles of about Width x Height, equal in size.

    Along each axis the bounding box is cut only when it is at least 1.5 times the requested
    size; the cell size is then adapted so that the cells are (nearly) equal. The non-empty
    pieces come in row-major order; a region smaller than the size stays whole.
    """
    w, h = float(width[0]), float(height[0])
    if not w > 0:
        raise ctx.param_error("value", "Width", f"{w} is not positive")
    if not h > 0:
        raise ctx.param_error("value", "Height", f"{h} is not positive")
    out = []
    for reg in region_args(ctx, region, "Region"):
        if reg.is_empty():
            out.append(reg)
            continue
        r1, c1, r2, c2 = reg.bbox()
        for top, bottom in _cuts(r1, r2, h):
            for left, right in _cuts(c1, c2, w):
                piece = reg.clip(top, left, bottom, right)
                if not piece.is_empty():
                    out.append(piece)
    return (ObjectTuple(out),)


def _cuts(first: int, last: int, size: float) -> list[tuple[int, int]]:
    """Ranges of (nearly) equal cells covering first..last, about ``size`` long each."""
    extent = last - first + 1
    if extent < 1.5 * size:
        return [(first, last)]
    n = max(math.floor(extent / size + 0.5), 1)
    bounds = [first + math.floor(k * extent / n + 0.5) for k in range(n + 1)]
    return [(bounds[k], bounds[k + 1] - 1) for k in range(n)]
