"""Region transformations: fill_up, fill_up_shape, shape_trans, complement, partition_rectangle,
partition_dynamic, zoom_region.

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
partition_dynamic [doc: HALCON 12/21.05 reference]: n = round(width / Distance) parts, initial
cuts equally spaced (width / n), each moved by at most Distance * Percent * 0.01 to the column
of least vertical extent; no cut when the width is at most 1.5 * Distance. hdlite measures the
vertical extent as last minus first row of the column plus one, breaks ties toward the initial
cut, and a cut column starts the next part [unverified]. Distance's default is unverified.
zoom_region [doc]: scales by ScaleWidth / ScaleHeight; hdlite maps pixel centres back
(corner-anchored, as zoom_image_factor: factor 2 gives 2 x 2 blocks, (0,0)-(9,9) becomes
(0,0)-(19,19)) [unverified for factors below 1]; the result is clipped (G7).
"""

from __future__ import annotations

import itertools
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
    system_value,
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


def _zoom_axis(first: np.ndarray, last: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Zoomed index ranges: pixel k covers [k - 0.5, k + 0.5], so the zoomed pixels of the
    range first..last are those whose centre maps back into it (x = (x' + 0.5) / s - 0.5)."""
    lo = np.ceil(scale * first.astype(np.float64) - 0.5 - 1e-9)
    hi = np.ceil(scale * (last.astype(np.float64) + 1.0) - 0.5 - 1e-9) - 1.0
    return lo, hi


@operator(
    "zoom_region",
    IconicIn("Region"),
    IconicOut("RegionZoom"),
    ControlIn("ScaleWidth", types="number", count=1, default=2.0),
    ControlIn("ScaleHeight", types="number", count=1, default=2.0),
)
def zoom_region(ctx: CallContext, region: ObjectTuple, sw: tuple, sh: tuple) -> tuple:
    """Scale each region by ScaleWidth along the columns and ScaleHeight along the rows
    (about the origin): a zoomed pixel belongs to the result when its centre maps back into a
    pixel of the region (factor 2 turns each pixel into a 2 x 2 block)."""
    sx, sy = float(sw[0]), float(sh[0])
    for name, value in (("ScaleWidth", sx), ("ScaleHeight", sy)):
        if not (math.isfinite(value) and value > 0):
            raise ctx.param_error("value", name, f"{value} is not a positive number")
    clip = system_value(ctx, "clip_region", "true") == "true"
    height, width = system_size(ctx)
    out = []
    for reg in region_args(ctx, region, "Region"):
        rows, cb, ce = reg.runs
        if rows.size == 0:
            out.append(reg)
            continue
        r_lo, r_hi = _zoom_axis(rows, rows, sy)
        c_lo, c_hi = _zoom_axis(cb, ce, sx)
        if clip:
            r_lo, r_hi = np.maximum(r_lo, 0), np.minimum(r_hi, height - 1)
            c_lo, c_hi = np.maximum(c_lo, 0), np.minimum(c_hi, width - 1)
        elif max(abs(r_lo.min()), abs(r_hi.max()), abs(c_lo.min()), abs(c_hi.max())) >= 2**31:
            raise ctx.param_error("value", "ScaleWidth", "the zoomed region leaves the plane")
        count = np.maximum(r_hi - r_lo + 1, 0).astype(np.int64)
        ok = (count > 0) & (c_lo <= c_hi)
        count = np.where(ok, count, 0)
        r_lo, c_lo, c_hi = (np.where(ok, v, 0.0) for v in (r_lo, c_lo, c_hi))
        total = int(count.sum())
        if total > 50_000_000:
            raise ctx.error(6001, f"the zoomed region would have {total} chords")
        starts = np.repeat(r_lo.astype(np.int64), count)
        offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
        out.append(
            Region.from_runs(
                starts + offset,
                np.repeat(c_lo.astype(np.int64), count),
                np.repeat(c_hi.astype(np.int64), count),
            )
        )
    return (ObjectTuple(out),)


@operator(
    "partition_dynamic",
    IconicIn("Region"),
    IconicOut("Partitioned"),
    ControlIn("Distance", types="number", count=1, default=20),
    ControlIn("Percent", types="number", count=1, default=20),
)
def partition_dynamic(
    ctx: CallContext, region: ObjectTuple, distance: tuple, percent: tuple
) -> tuple:
    """Cut each region by vertical lines into parts about Distance columns wide, moving each
    cut by up to Distance * Percent / 100 columns to where the region is thinnest.

    A region no wider than 1.5 * Distance stays whole; the parts come left to right.
    """
    dist, pct = float(distance[0]), float(percent[0])
    if not (math.isfinite(dist) and dist > 0):
        raise ctx.param_error("value", "Distance", f"{dist} is not positive")
    if not (math.isfinite(pct) and 0 <= pct <= 100):
        raise ctx.param_error("value", "Percent", f"{pct} is not within 0..100")
    out = []
    for reg in region_args(ctx, region, "Region"):
        if reg.is_empty():
            out.append(reg)
            continue
        r1, c1, r2, c2 = reg.bbox()
        extent = c2 - c1 + 1
        if extent <= 1.5 * dist:
            out.append(reg)
            continue
        _, _, mask = reg.raster()
        filled = mask.any(axis=0)
        top = np.where(filled, mask.argmax(axis=0), 0)
        bottom = np.where(filled, mask.shape[0] - mask[::-1].argmax(axis=0), 0)
        thickness = bottom - top  # vertical extent of each column (0 where it is empty)
        n = max(math.floor(extent / dist + 0.5), 1)
        shift = math.floor(dist * pct * 0.01)
        cuts = [c1]
        for k in range(1, n):
            start = c1 + math.floor(k * extent / n + 0.5)
            lo, hi = max(start - shift, cuts[-1] + 1), min(start + shift, c2)
            if lo > hi:
                continue
            window = np.arange(lo, hi + 1)
            best = thickness[window - c1]
            pick = np.flatnonzero(best == best.min())
            cuts.append(int(window[pick[np.argmin(np.abs(window[pick] - start))]]))
        cuts.append(c2 + 1)
        for left, right in itertools.pairwise(cuts):
            piece = reg.clip(r1, left, r2, right - 1)
            if not piece.is_empty():
                out.append(piece)
    return (ObjectTuple(out),)
