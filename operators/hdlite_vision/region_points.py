"""Regions as points and chords, lines and ellipses: get/gen_region_runs, get/gen_region_points,
gen_region_line, gen_ellipse.

``get_*`` take one region (an empty object tuple gives empty tuples, G2; more objects are
HALCON's 1401); points and chords come in run order (row-major). Created regions are clipped
to the system image size when 'clip_region' is true (G7). gen_region_line draws an
8-connected digital line between the two pixels, one pixel per step along the major axis,
with coordinates rounded half up [unverified algorithm]. gen_ellipse takes the pixels whose
centre lies in the ellipse (semi-axes Radius1 along Phi, Radius2 across) [unverified border
rule, as gen_circle].
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import check_count, check_region_box, coordinate, int_coordinates

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    Region,
    operator,
    wrong_object_count,
)

from ._region_tools import clip_system, ellipse_region, region_args, run_pixels, system_size


def _one(ctx: CallContext, objects: ObjectTuple) -> Region | None:
    found = region_args(ctx, objects, "Region")
    if not found:
        return None
    if len(found) != 1:
        raise ctx.error(wrong_object_count(1), f"Region: {len(found)} regions, expected one")
    return found[0]


def _ints(ctx: CallContext, values: tuple, name: str) -> np.ndarray:
    return int_coordinates(ctx, values, name)


@operator(
    "get_region_runs",
    IconicIn("Region"),
    ControlOut("Row", types="integer"),
    ControlOut("ColumnBegin", types="integer"),
    ControlOut("ColumnEnd", types="integer"),
)
def get_region_runs(ctx: CallContext, region: ObjectTuple) -> tuple:
    """The chords of a region: row, first and last column of each, sorted row-major."""
    reg = _one(ctx, region)
    if reg is None:
        return ((), (), ())
    return tuple(tuple(int(v) for v in a) for a in reg.runs)


@operator(
    "gen_region_runs",
    IconicOut("Region"),
    ControlIn("Row", types="number", default=100),
    ControlIn("ColumnBegin", types="number", default=50),
    ControlIn("ColumnEnd", types="number", default=200),
)
def gen_region_runs(ctx: CallContext, row: tuple, begin: tuple, end: tuple) -> tuple:
    """One region from chords (Row[i], ColumnBegin[i]..ColumnEnd[i]); overlaps are merged."""
    if len(begin) != len(row):
        raise ctx.param_error("count", "ColumnBegin", f"{len(begin)} values for {len(row)} rows")
    if len(end) != len(row):
        raise ctx.param_error("count", "ColumnEnd", f"{len(end)} values for {len(row)} rows")
    rr, cb, ce = (
        _ints(ctx, row, "Row"),
        _ints(ctx, begin, "ColumnBegin"),
        _ints(ctx, end, "ColumnEnd"),
    )
    bad = np.flatnonzero(ce < cb)
    if bad.size:
        i = int(bad[0])
        raise ctx.param_error("value", "ColumnEnd", f"chord {i}: end {ce[i]} before begin {cb[i]}")
    return (ObjectTuple([clip_system(ctx, Region.from_runs(rr, cb, ce))]),)


@operator(
    "get_region_points",
    IconicIn("Region"),
    ControlOut("Rows", types="integer"),
    ControlOut("Columns", types="integer"),
)
def get_region_points(ctx: CallContext, region: ObjectTuple) -> tuple:
    """Every pixel of a region, row by row from the left."""
    reg = _one(ctx, region)
    if reg is None:
        return ((), ())
    rr, cc = run_pixels(reg)
    return tuple(rr.tolist()), tuple(cc.tolist())


@operator(
    "gen_region_points",
    IconicOut("Region"),
    ControlIn("Rows", types="number", default=100),
    ControlIn("Columns", types="number", default=100),
)
def gen_region_points(ctx: CallContext, rows: tuple, cols: tuple) -> tuple:
    """One region made of the given pixels (duplicates allowed)."""
    if len(rows) != len(cols):
        raise ctx.param_error("count", "Columns", f"{len(cols)} columns for {len(rows)} rows")
    rr, cc = _ints(ctx, rows, "Rows"), _ints(ctx, cols, "Columns")
    return (ObjectTuple([clip_system(ctx, Region.from_runs(rr, cc, cc))]),)


def _line(r1: int, c1: int, r2: int, c2: int) -> Region:
    steps = max(abs(r2 - r1), abs(c2 - c1))
    if steps == 0:
        return Region.rectangle(r1, c1, r1, c1)
    t = np.arange(steps + 1, dtype=np.float64) / steps
    rr = np.floor(r1 + t * (r2 - r1) + 0.5).astype(np.int64)
    cc = np.floor(c1 + t * (c2 - c1) + 0.5).astype(np.int64)
    return Region.from_runs(rr, cc, cc)


def _spread(ctx: CallContext, values: tuple, n: int, name: str) -> list:
    if len(values) == n:
        return list(values)
    if len(values) == 1:
        return list(values) * n
    raise ctx.param_error("count", name, f"{len(values)} values for {n} objects")


@operator(
    "gen_region_line",
    IconicOut("RegionLines"),
    ControlIn("BeginRow", types="number", default=100),
    ControlIn("BeginCol", types="number", default=50),
    ControlIn("EndRow", types="number", default=150),
    ControlIn("EndCol", types="number", default=250),
)
def gen_region_line(ctx: CallContext, br: tuple, bc: tuple, er: tuple, ec: tuple) -> tuple:
    """Digital (8-connected) lines between two pixels; one region per set of end points."""
    n = max(len(br), len(bc), len(er), len(ec))
    args = [
        _ints(ctx, tuple(_spread(ctx, v, n, name)), name)
        for v, name in ((br, "BeginRow"), (bc, "BeginCol"), (er, "EndRow"), (ec, "EndCol"))
    ]
    for a, b, c, d in zip(*args, strict=True):
        check_count(ctx, max(abs(int(c) - int(a)), abs(int(d) - int(b))) + 1, "EndRow", 40)
    out = [
        clip_system(ctx, _line(int(a), int(b), int(c), int(d)))
        for a, b, c, d in zip(*args, strict=True)
    ]
    return (ObjectTuple(out),)


@operator(
    "gen_ellipse",
    IconicOut("Ellipse"),
    ControlIn("Row", types="number", default=200.0),
    ControlIn("Column", types="number", default=200.0),
    ControlIn("Phi", types="number", default=0.0),
    ControlIn("Radius1", types="number", default=100.0),
    ControlIn("Radius2", types="number", default=60.0),
)
def gen_ellipse(
    ctx: CallContext, row: tuple, col: tuple, phi: tuple, ra: tuple, rb: tuple
) -> tuple:
    """Filled ellipses: centre, angle of the first axis (radians) and the two semi-axes."""
    n = max(len(row), len(col), len(phi), len(ra), len(rb))
    named = (
        (row, "Row"),
        (col, "Column"),
        (phi, "Phi"),
        (ra, "Radius1"),
        (rb, "Radius2"),
    )
    cols = [
        [coordinate(ctx, x, name) if name != "Phi" else float(x) for x in _spread(ctx, v, n, name)]
        for v, name in named
    ]
    out = []
    for r, c, p, a, b in zip(*cols, strict=True):
        if a < 0:
            raise ctx.param_error("value", "Radius1", f"{a} is negative")
        if b < 0:
            raise ctx.param_error("value", "Radius2", f"{b} is negative")
        reach = max(a, b) + 1
        name = "Radius1" if a >= b else "Radius2"
        check_region_box(ctx, (r - reach, c - reach, r + reach, c + reach), name)
        out.append(clip_system(ctx, ellipse_region(r, c, p, a, b)))
    return (ObjectTuple(out),)


@operator(
    "gen_region_hline",
    IconicOut("Regions"),
    ControlIn("Orientation", types="number", default=0.0),
    ControlIn("Distance", types="number", default=200),
)
def gen_region_hline(ctx: CallContext, orientation: tuple, distance: tuple) -> tuple:
    """Lines in Hessian normal form across the system image (set_system 'width'/'height'):
    the pixels with column cos(Orientation) + row sin(Orientation) = Distance, so
    Orientation 0 is the vertical line at column Distance (the form hough_lines returns);
    one 8-connected line per pair, cut to the image rectangle."""
    n = max(len(orientation), len(distance))
    phis = _spread(ctx, orientation, n, "Orientation")
    dists = _spread(ctx, distance, n, "Distance")
    height, width = system_size(ctx)
    out = []
    for phi, dist in zip(phis, dists, strict=True):
        phi, dist = float(phi), float(dist)
        cos, sin = np.cos(phi), np.sin(phi)
        if abs(cos) >= abs(sin):  # steep: one column per row
            rows = np.arange(height, dtype=np.float64)
            cols = np.rint((dist - rows * sin) / cos)
        else:  # flat: one row per column
            cols = np.arange(width, dtype=np.float64)
            rows = np.rint((dist - cols * cos) / sin)
        keep = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
        rows, cols = rows[keep].astype(np.int32), cols[keep].astype(np.int32)
        out.append(Region.from_runs(rows, cols, cols))
    return (ObjectTuple(out),)
