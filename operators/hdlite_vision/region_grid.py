"""Regions drawn from parameters: gen_grid_region and gen_region_histo.

gen_grid_region( : RegionGrid : RowSteps, ColumnSteps, Type, Width, Height) [doc
signature; defaults 10, 10, 'lines', 512, 512]: 'lines' gives the horizontal lines at rows
0, RowSteps, 2 RowSteps, ... and the vertical lines at columns 0, ColumnSteps, ... of the
Width x Height rectangle, 'points' only their crossings. Steps may be reals (the page's
Python signature takes float or int); line k lies at round(k * step). A step of 0 omits
that direction's lines in 'lines' mode [unverified]; 'points' needs both steps positive.

gen_region_histo( : Region : Histogram, Row, Column, Scale) [doc]: Row and Column are the
centre of the graphic; "Scale allows scaling of the graphic, whereby 1 means displaying all
256 values, 2 means displaying 128 values" [doc, gen_region_histo]. hdlite shows every
Scale-th value as a one-pixel-wide bar standing on the graphic's bottom row; the graphic is
len(values) wide and 256 // Scale high, the largest value filling its height [unverified:
the height and how values are thinned]. Both clip to the system size like every gen_*
operator (spec G7).
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._common import MAX_COORD, check_count

from hdlite.plugin import CallContext, ControlIn, IconicOut, ObjectTuple, Region, operator

from ._region_tools import clip_system, system_size, system_value


def _positions(step: float, size: int) -> np.ndarray:
    if step <= 0:
        return np.zeros(0, dtype=np.int64)
    count = math.floor((size - 1) / step) + 1
    pos = np.floor(np.arange(count) * step + 0.5).astype(np.int64)
    return np.unique(pos[pos < size])


@operator(
    "gen_grid_region",
    IconicOut("RegionGrid"),
    ControlIn("RowSteps", types="number", count=1, default=10),
    ControlIn("ColumnSteps", types="number", count=1, default=10),
    ControlIn("Type", types="string", count=1, default="lines", values=("lines", "points")),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def gen_grid_region(
    ctx: CallContext, row_steps: tuple, col_steps: tuple, kind: tuple, width: tuple, height: tuple
) -> tuple:
    """A grid of lines (or of their crossing points) over a Width x Height rectangle."""
    rs, cs = float(row_steps[0]), float(col_steps[0])
    w, h = width[0], height[0]
    for name, value in (("Width", w), ("Height", h)):
        if value < 1:
            raise ctx.param_error("value", name, f"must be at least 1, got {value}")
    minimum = 1.0 if kind[0] == "points" else 0.0
    for name, step in (("RowSteps", rs), ("ColumnSteps", cs)):
        if step < minimum or (step > 0 and step < 1):
            raise ctx.param_error("value", name, f"step {step} not allowed")
    if rs == 0 and cs == 0:
        raise ctx.param_error("value", "RowSteps", "both steps are 0")
    if w > MAX_COORD or h > MAX_COORD:
        raise ctx.param_error("value", "Width" if w > MAX_COORD else "Height", "too large")
    if system_value(ctx, "clip_region", "true") == "true":  # only what survives clipping
        lim_h, lim_w = system_size(ctx)
        h, w = min(h, lim_h), min(w, lim_w)
    check_count(ctx, h * (w / max(cs, 1.0) + 2), "Width", 24)
    sys_h, sys_w = h, w
    rows, cols = _positions(rs, sys_h), _positions(cs, sys_w)
    if kind[0] == "points":
        rr = np.repeat(rows, len(cols))
        cc = np.tile(cols, len(rows))
        region = Region.from_runs(rr, cc, cc)
    else:
        line_rows = np.zeros(sys_h, dtype=bool)
        line_rows[rows] = True
        others = np.nonzero(~line_rows)[0]
        rr = np.concatenate([rows, np.repeat(others, len(cols))])
        cb = np.concatenate([np.zeros(len(rows), np.int64), np.tile(cols, len(others))])
        ce = np.concatenate([np.full(len(rows), sys_w - 1, np.int64), np.tile(cols, len(others))])
        region = Region.from_runs(rr, cb, ce)
    return (ObjectTuple([clip_system(ctx, region)]),)


@operator(
    "gen_region_histo",
    IconicOut("Region"),
    ControlIn("Histogram", types="number", count=(1, None)),
    ControlIn("Row", types="integer", count=1, default=255),
    ControlIn("Column", types="integer", count=1, default=255),
    ControlIn("Scale", types="integer", count=1, default=1),
)
def gen_region_histo(
    ctx: CallContext, histogram: tuple, row: tuple, column: tuple, scale: tuple
) -> tuple:
    """A histogram drawn as a region of vertical bars centred at (Row, Column)."""
    if scale[0] < 1:
        raise ctx.param_error("value", "Scale", f"must be at least 1, got {scale[0]}")
    values = np.asarray(histogram, dtype=np.float64)
    if np.any(values < 0):
        raise ctx.param_error("value", "Histogram", "histogram values must not be negative")
    for name, value in (("Row", row[0]), ("Column", column[0])):
        if abs(value) > MAX_COORD - len(values) - 256:
            raise ctx.param_error("value", name, f"{value} is outside the coordinate range")
    shown = values[:: scale[0]]
    graphic_h = max(1, 256 // scale[0])
    top = row[0] - graphic_h // 2
    bottom = top + graphic_h - 1
    left = column[0] - len(shown) // 2
    peak = shown.max()
    bars = (
        np.floor(shown / peak * graphic_h + 0.5).astype(np.int64)
        if peak > 0
        else np.zeros(len(shown), np.int64)
    )
    check_count(ctx, float(bars.sum()), "Histogram", 24)
    keep = np.nonzero(bars > 0)[0]
    rr = np.concatenate(
        [np.zeros(0, np.int64)] + [np.arange(bottom - bars[j] + 1, bottom + 1) for j in keep]
    )
    cc = np.concatenate([np.zeros(0, np.int64)] + [np.full(bars[j], left + j) for j in keep])
    region = Region.from_runs(rr, cc, cc)
    return (ObjectTuple([clip_system(ctx, region)]),)
