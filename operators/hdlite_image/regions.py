"""Regions: creating them, set operations and features (area, enclosing rectangles).

A region is a boolean mask placed at (row, column). Set operations work in the common
bounding frame of their operands. Features of an empty region are 0 [unverified: HALCON
also lets ``set_system ('empty_region_result', ...)`` turn that into an error].
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    Region,
    operator,
)

from ._circle import circle_runs
from ._common import (
    as_float,
    as_int,
    check_region_box,
    clip_to,
    coordinate,
    per_object,
    region_from_mask,
    regions,
)

EMPTY_REGION = Region(0, 0, np.zeros((0, 0), dtype=bool))


def _nonempty(regs: list[Region]) -> list[Region]:
    return [r for r in regs if r.mask.size and r.mask.any()]


def _frame(regs: list[Region]) -> tuple[int, int, int, int]:
    r0 = min(r.row for r in regs)
    c0 = min(r.column for r in regs)
    r1 = max(r.row + r.mask.shape[0] for r in regs)
    c1 = max(r.column + r.mask.shape[1] for r in regs)
    return r0, c0, r1 - r0, c1 - c0


def _place(region: Region, r0: int, c0: int, h: int, w: int) -> np.ndarray:
    return Region(region.row - r0, region.column - c0, region.mask).to_mask(h, w)


def union_regions(regs: list[Region]) -> Region:
    """The union of regions as one region."""
    regs = _nonempty(regs)
    if not regs:
        return EMPTY_REGION
    if len(regs) == 1:
        return regs[0]
    r0, c0, h, w = _frame(regs)
    mask = np.zeros((h, w), dtype=bool)
    for r in regs:
        mask |= _place(r, r0, c0, h, w)
    return region_from_mask(mask, r0, c0)


def combine_regions(a: Region, b: Region, how: str) -> Region:
    parts = _nonempty([a, b])
    if not parts:
        return EMPTY_REGION
    r0, c0, h, w = _frame(parts)
    ma, mb = _place(a, r0, c0, h, w), _place(b, r0, c0, h, w)
    mask = ma & mb if how == "and" else ma & ~mb
    return region_from_mask(mask, r0, c0)


@operator("gen_empty_region", IconicOut("EmptyRegion"))
def gen_empty_region(ctx: CallContext) -> tuple:
    """Create an empty region."""
    return (ObjectTuple([EMPTY_REGION]),)


@operator(
    "gen_rectangle1",
    IconicOut("Rectangle"),
    ControlIn("Row1", types="number", default=30),
    ControlIn("Column1", types="number", default=20),
    ControlIn("Row2", types="number", default=100),
    ControlIn("Column2", types="number", default=200),
)
def gen_rectangle1(ctx: CallContext, r1: tuple, c1: tuple, r2: tuple, c2: tuple) -> tuple:
    """Axis-parallel rectangles given by their corners (one per tuple element)."""
    n = max(len(r1), len(c1), len(r2), len(c2))
    cols = [
        per_object(ctx, v, n, name)
        for v, name in ((r1, "Row1"), (c1, "Column1"), (r2, "Row2"), (c2, "Column2"))
    ]
    out = []
    for a, b, c, d in zip(*cols, strict=True):
        top, left = _corner(ctx, a, "Row1"), _corner(ctx, b, "Column1")
        bottom, right = _corner(ctx, c, "Row2"), _corner(ctx, d, "Column2")
        if bottom < top:
            raise ctx.param_error("value", "Row2", f"Row2 {bottom} is above Row1 {top}")
        if right < left:
            raise ctx.param_error("value", "Column2", f"Column2 {right} is left of Column1 {left}")
        check_region_box(ctx, (top, left, bottom, right), "Row2", item=12, rows_only=True)
        out.append(Region.rectangle(top, left, bottom, right))
    return (ObjectTuple(out),)


def _corner(ctx: CallContext, value: object, name: str) -> int:
    """A corner coordinate of gen_rectangle1, rounded (see :func:`coordinate`)."""
    return as_int(ctx, coordinate(ctx, value, name), name)


def _interval(u0: np.ndarray, k: float, limit: float) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the x with ``|u0 + k x| <= limit`` as (low, high); empty rows: low > high."""
    if k == 0.0:
        hit = np.abs(u0) <= limit
        return np.where(hit, -np.inf, np.inf), np.where(hit, np.inf, -np.inf)
    a, b = (-limit - u0) / k, (limit - u0) / k
    return np.minimum(a, b), np.maximum(a, b)


def rectangle2_runs(
    r: float, c: float, phi: float, a: float, b: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chords of the rotated rectangle: the pixels whose centres lie within half lengths
    ``a`` (along ``phi``) and ``b`` (across) of the centre, found row by row."""
    cos, sin = math.cos(phi), math.sin(phi)
    half_h = abs(a * sin) + abs(b * cos)
    half_w = abs(a * cos) + abs(b * sin)
    r0, c0 = math.floor(r - half_h), math.floor(c - half_w)
    r1, c1 = math.ceil(r + half_h), math.ceil(c + half_w)
    rows = np.arange(r0, r1 + 1, dtype=np.float64)
    dr = rows - r
    la, lb = a + 1e-9, b + 1e-9

    def inside(col: np.ndarray) -> np.ndarray:
        along = (col - c) * cos - dr * sin
        across = (col - c) * sin + dr * cos
        return (np.abs(along) <= la) & (np.abs(across) <= lb) & (col >= c0) & (col <= c1)

    with np.errstate(invalid="ignore", over="ignore"):
        lo1, hi1 = _interval(-dr * sin, cos, la)
        lo2, hi2 = _interval(dr * cos, sin, lb)
        lo, hi = np.maximum(lo1, lo2), np.minimum(hi1, hi2)
        cb = np.clip(np.ceil(c + lo), c0, c1 + 1)
        ce = np.clip(np.floor(c + hi), c0 - 1, c1)
    cb = np.where(inside(cb - 1.0), cb - 1.0, cb)
    cb = np.where(inside(cb), cb, cb + 1.0)
    ce = np.where(inside(ce + 1.0), ce + 1.0, ce)
    ce = np.where(inside(ce), ce, ce - 1.0)
    keep = cb <= ce
    return rows[keep].astype(np.int32), cb[keep].astype(np.int32), ce[keep].astype(np.int32)


@operator(
    "gen_rectangle2",
    IconicOut("Rectangle"),
    ControlIn("Row", types="number", default=300),
    ControlIn("Column", types="number", default=200),
    ControlIn("Phi", types="number", default=0.0),
    ControlIn("Length1", types="number", default=100),
    ControlIn("Length2", types="number", default=20),
)
def gen_rectangle2(
    ctx: CallContext, row: tuple, col: tuple, phi: tuple, len1: tuple, len2: tuple
) -> tuple:
    """Rotated rectangles: center, angle of the first axis (radians) and half lengths."""
    n = max(len(row), len(col), len(phi), len(len1), len(len2))
    args = [
        per_object(ctx, v, n, name)
        for v, name in (
            (row, "Row"),
            (col, "Column"),
            (phi, "Phi"),
            (len1, "Length1"),
            (len2, "Length2"),
        )
    ]
    out = []
    for r, c, p, a, b in zip(*args, strict=True):
        r, c = coordinate(ctx, r, "Row"), coordinate(ctx, c, "Column")
        p = as_float(ctx, p, "Phi")
        a, b = abs(coordinate(ctx, a, "Length1")), abs(coordinate(ctx, b, "Length2"))
        reach = math.hypot(a, b) + 1
        name = "Length1" if a >= b else "Length2"
        check_region_box(ctx, (r - reach, c - reach, r + reach, c + reach), name, 64, True)
        if not math.isfinite(p):  # no direction: no pixel lies within the half lengths
            out.append(EMPTY_REGION)
            continue
        out.append(Region.from_runs(*rectangle2_runs(r, c, p, a, b), canonical=True))
    return (ObjectTuple(out),)


@operator(
    "gen_circle",
    IconicOut("Circle"),
    ControlIn("Row", types="number", default=200),
    ControlIn("Column", types="number", default=200),
    ControlIn("Radius", types="number", default=100.5),
)
def gen_circle(ctx: CallContext, row: tuple, col: tuple, radius: tuple) -> tuple:
    """Circles, made symmetric as HALCON does (see ``_circle.py`` for the rounding rule)."""
    n = max(len(row), len(col), len(radius))
    args = [
        per_object(ctx, v, n, name)
        for v, name in ((row, "Row"), (col, "Column"), (radius, "Radius"))
    ]
    out = []
    for r, c, rad in zip(*args, strict=True):
        r, c = coordinate(ctx, r, "Row"), coordinate(ctx, c, "Column")
        rad = coordinate(ctx, rad, "Radius")
        if rad < 0:
            raise ctx.param_error("value", "Radius", f"{rad} is negative")
        box = (r - rad - 1, c - rad - 1, r + rad + 1, c + rad + 1)
        check_region_box(ctx, box, "Radius", 64, rows_only=True)
        out.append(Region.from_runs(*circle_runs(r, c, rad), canonical=True))
    return (ObjectTuple(out),)


@operator(
    "gen_region_polygon_filled",
    IconicOut("Region"),
    ControlIn("Rows", types="number"),
    ControlIn("Columns", types="number"),
)
def gen_region_polygon_filled(ctx: CallContext, rows: tuple, cols: tuple) -> tuple:
    """The filled polygon with the given corner points."""
    if len(rows) != len(cols):
        raise ctx.param_error("count", "Columns", f"{len(cols)} columns for {len(rows)} rows")
    if not rows:
        return (ObjectTuple([EMPTY_REGION]),)
    rr = [as_float(ctx, v, "Rows") for v in rows]
    cc = [as_float(ctx, v, "Columns") for v in cols]
    r0, c0 = math.floor(min(rr)), math.floor(min(cc))
    h, w = math.ceil(max(rr)) - r0 + 1, math.ceil(max(cc)) - c0 + 1
    canvas = PILImage.new("1", (w, h), 0)
    ImageDraw.Draw(canvas).polygon([(c - c0, r - r0) for r, c in zip(rr, cc, strict=True)], 1, 1)
    return (ObjectTuple([region_from_mask(np.asarray(canvas, dtype=bool), r0, c0)]),)


@operator("union1", IconicIn("Region"), IconicOut("RegionUnion"))
def union1(ctx: CallContext, region: ObjectTuple) -> tuple:
    """The union of all input regions, as one region."""
    return (ObjectTuple([union_regions(regions(ctx, region))]),)


@operator("union2", IconicIn("Region1"), IconicIn("Region2"), IconicOut("RegionUnion"))
def union2(ctx: CallContext, first: ObjectTuple, second: ObjectTuple) -> tuple:
    """Each region of ``Region1`` united with all regions of ``Region2``."""
    other = union_regions(regions(ctx, second, "Region2"))
    return (ObjectTuple(union_regions([r, other]) for r in regions(ctx, first, "Region1")),)


@operator("intersection", IconicIn("Region1"), IconicIn("Region2"), IconicOut("RegionIntersection"))
def intersection(ctx: CallContext, first: ObjectTuple, second: ObjectTuple) -> tuple:
    """Each region of ``Region1`` intersected with the regions of ``Region2``."""
    other = union_regions(regions(ctx, second, "Region2"))
    return (ObjectTuple(combine_regions(r, other, "and") for r in regions(ctx, first, "Region1")),)


@operator("difference", IconicIn("Region"), IconicIn("Sub"), IconicOut("RegionDifference"))
def difference(ctx: CallContext, region: ObjectTuple, sub: ObjectTuple) -> tuple:
    """Each region minus all regions of ``Sub``."""
    other = union_regions(regions(ctx, sub, "Sub"))
    return (ObjectTuple(combine_regions(r, other, "minus") for r in regions(ctx, region)),)


@operator(
    "clip_region",
    IconicIn("Region"),
    IconicOut("RegionClipped"),
    ControlIn("Row1", types="integer", count=1, default=0),
    ControlIn("Column1", types="integer", count=1, default=0),
    ControlIn("Row2", types="integer", count=1, default=256),
    ControlIn("Column2", types="integer", count=1, default=256),
)
def clip_region(
    ctx: CallContext, region: ObjectTuple, r1: tuple, c1: tuple, r2: tuple, c2: tuple
) -> tuple:
    """Clip regions to the rectangle (Row1, Column1)-(Row2, Column2)."""
    box = (r1[0], c1[0], r2[0], c2[0])
    return (ObjectTuple(clip_to(r, *box) for r in regions(ctx, region)),)


@operator(
    "move_region",
    IconicIn("Region"),
    IconicOut("RegionMoved"),
    ControlIn("Row", types="integer", count=1, default=30),
    ControlIn("Column", types="integer", count=1, default=30),
)
def move_region(ctx: CallContext, region: ObjectTuple, row: tuple, col: tuple) -> tuple:
    """Translate regions by (Row, Column)."""
    out = [Region(r.row + row[0], r.column + col[0], r.mask) for r in regions(ctx, region)]
    return (ObjectTuple(out),)


@operator(
    "area_center",
    IconicIn("Regions"),
    ControlOut("Area", types="integer"),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
)
def area_center(ctx: CallContext, regs: ObjectTuple) -> tuple:
    """Area and center of gravity of each region (of each image's domain)."""
    areas, rows, cols = [], [], []
    for r in regions(ctx, regs, "Regions"):
        row, col = r.centroid()  # from the run-length chords, O(runs)
        areas.append(r.area())
        rows.append(row)
        cols.append(col)
    return tuple(areas), tuple(rows), tuple(cols)


def _rect_outputs(rects: list[tuple[int, int, int, int]]) -> tuple:
    return tuple(tuple(r[k] for r in rects) for k in range(4))


_RECT_OUTPUTS = (
    ControlOut("Row1", types="integer"),
    ControlOut("Column1", types="integer"),
    ControlOut("Row2", types="integer"),
    ControlOut("Column2", types="integer"),
)


@operator("smallest_rectangle1", IconicIn("Regions"), *_RECT_OUTPUTS)
def smallest_rectangle1(ctx: CallContext, regs: ObjectTuple) -> tuple:
    """Smallest enclosing axis-parallel rectangle of each region (zeros when empty)."""
    rects = []
    for r in regions(ctx, regs, "Regions"):
        box = r.bbox()
        rects.append(box if box[2] >= box[0] else (0, 0, 0, 0))
    return _rect_outputs(rects)


def largest_inner_rectangle(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(row1, col1, row2, col2) of the largest axis-parallel rectangle inside ``mask``."""
    h, w = mask.shape
    heights = np.zeros(w, dtype=np.int64)
    best_area, best = 0, None
    for row in range(h):
        heights = np.where(mask[row], heights + 1, 0)
        if int(heights.max(initial=0)) * w <= best_area:
            continue
        stack: list[tuple[int, int]] = []
        for i, cur in enumerate([*heights.tolist(), 0]):
            start = i
            while stack and stack[-1][1] >= cur:
                s, height = stack.pop()
                area = height * (i - s)
                if area > best_area:
                    best_area, best = area, (row - height + 1, s, row, i - 1)
                start = s
            stack.append((start, cur))
    return best


@operator("inner_rectangle1", IconicIn("Regions"), *_RECT_OUTPUTS)
def inner_rectangle1(ctx: CallContext, regs: ObjectTuple) -> tuple:
    """Largest axis-parallel rectangle inside each region (zeros when empty)."""
    rects = []
    for r in regions(ctx, regs, "Regions"):
        best = largest_inner_rectangle(r.mask) if r.mask.size else None
        if best is None:
            rects.append((0, 0, 0, 0))
        else:
            rects.append((best[0] + r.row, best[1] + r.column, best[2] + r.row, best[3] + r.column))
    return _rect_outputs(rects)
