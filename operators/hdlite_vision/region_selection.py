"""Selecting and sorting regions: select_shape, select_shape_std, point tests, sort_region.

Selections keep the input order and return the selected objects themselves; no match gives
an empty object tuple, not an empty region (spec §3.2). Facts from MVTec's reference pages
(``search`` tool): select_shape keeps a region when every ('and') or at least one ('or')
feature lies in [Min, Max]; Min and Max may be the strings 'min' and 'max' for open bounds
(HDevelopEVO page). sort_region sorts by one reference point per region ('first_point',
'last_point' or a corner of smallest_rectangle1), comparing rows first ('row') or columns
first ('column'); hdlite's sort is stable. 'character' groups regions whose row ranges
overlap into lines, sorts lines by row and each line by column [unverified details].
select_shape_std 'max_area' keeps the first region of largest area [unverified for ties];
'rectangle1'/'rectangle2' keep regions covering at least Percent % of their enclosing
rectangle (axis-parallel, or smallest_rectangle2 with (2 L1 + 1)(2 L2 + 1) pixels)
[unverified area of the rotated rectangle].
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._common import int_coordinates

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

from ._feature_table import FEATURES
from ._region_tools import contains, neighborhood, region_args
from ._shape_features import Shape


def _bound(ctx: CallContext, value: object, name: str, open_word: str) -> float:
    if isinstance(value, str):
        if value == open_word:
            return -math.inf if open_word == "min" else math.inf
        raise ctx.param_error("value", name, f"{value!r} is neither a number nor {open_word!r}")
    return float(value)  # type: ignore[arg-type]


@operator(
    "select_shape",
    IconicIn("Regions"),
    IconicOut("SelectedRegions"),
    ControlIn("Features", types="string", count=(1, None), default="area"),
    ControlIn("Operation", types="string", count=1, default="and", values=("and", "or")),
    ControlIn("Min", types=("number", "string"), count=(1, None), default=150.0),
    ControlIn("Max", types=("number", "string"), count=(1, None), default=99999.0),
)
def select_shape(
    ctx: CallContext, regs: ObjectTuple, features: tuple, operation: tuple, lo: tuple, hi: tuple
) -> tuple:
    """Keep the regions whose shape features lie in [Min, Max] (all of them, or any one)."""
    for name in features:
        if name not in FEATURES:
            raise ctx.param_error("value", "Features", f"unknown shape feature {name!r}")
    if len(lo) != len(features):
        raise ctx.param_error("count", "Min", f"{len(lo)} values for {len(features)} features")
    if len(hi) != len(features):
        raise ctx.param_error("count", "Max", f"{len(hi)} values for {len(features)} features")
    lows = [_bound(ctx, v, "Min", "min") for v in lo]
    highs = [_bound(ctx, v, "Max", "max") for v in hi]
    getters = [FEATURES[n] for n in features]
    conn = neighborhood(ctx)
    combine = all if operation[0] == "and" else any
    kept = []
    for obj, reg in zip(regs, region_args(ctx, regs), strict=True):
        shape = Shape(reg, conn)
        checks = (
            low <= float(get(shape)) <= high
            for get, low, high in zip(getters, lows, highs, strict=True)
        )
        if combine(checks):
            kept.append(obj)
    return (ObjectTuple(kept),)


@operator(
    "select_shape_std",
    IconicIn("Regions"),
    IconicOut("SelectedRegions"),
    ControlIn(
        "Shape",
        types="string",
        count=1,
        default="max_area",
        values=("max_area", "rectangle1", "rectangle2"),
    ),
    ControlIn("Percent", types="number", count=1, default=70.0),
)
def select_shape_std(ctx: CallContext, regs: ObjectTuple, shape: tuple, percent: tuple) -> tuple:
    """Keep the largest region ('max_area') or the regions that fill their enclosing
    rectangle ('rectangle1' axis-parallel, 'rectangle2' rotated) to at least Percent %."""
    regions = region_args(ctx, regs)
    if not regions:
        return (ObjectTuple(),)
    if shape[0] == "max_area":
        areas = [r.area() for r in regions]
        return (ObjectTuple([regs[int(np.argmax(areas))]]),)
    share = float(percent[0]) / 100.0
    kept = []
    for obj, reg in zip(regs, regions, strict=True):
        area = reg.area()
        if area == 0:
            continue
        if shape[0] == "rectangle1":
            r1, c1, r2, c2 = reg.bbox()
            box = float((r2 - r1 + 1) * (c2 - c1 + 1))
        else:
            _, _, _, len1, len2 = Shape(reg).rectangle2
            box = (2 * len1 + 1) * (2 * len2 + 1)
        if area >= share * box - 1e-9:
            kept.append(obj)
    return (ObjectTuple(kept),)


def _points(ctx: CallContext, row: tuple, col: tuple) -> tuple[np.ndarray, np.ndarray]:
    if len(row) != len(col):
        raise ctx.param_error("count", "Column", f"{len(col)} columns for {len(row)} rows")
    return int_coordinates(ctx, row, "Row"), int_coordinates(ctx, col, "Column")


@operator(
    "select_region_point",
    IconicIn("Regions"),
    IconicOut("DestRegions"),
    ControlIn("Row", types="number", count=1, default=100),
    ControlIn("Column", types="number", count=1, default=100),
)
def select_region_point(ctx: CallContext, regs: ObjectTuple, row: tuple, col: tuple) -> tuple:
    """The regions that contain the pixel (Row, Column) (coordinates rounded)."""
    rr, cc = _points(ctx, row, col)
    kept = [
        obj
        for obj, reg in zip(regs, region_args(ctx, regs), strict=True)
        if bool(contains(reg, rr, cc)[0])
    ]
    return (ObjectTuple(kept),)


@operator(
    "test_region_point",
    IconicIn("Regions"),
    ControlIn("Row", types="number", default=100),
    ControlIn("Column", types="number", default=100),
    ControlOut("IsInside", types="integer"),
)
def test_region_point(ctx: CallContext, regs: ObjectTuple, row: tuple, col: tuple) -> tuple:
    """1 for each point (Row[i], Column[i]) that lies in at least one of the regions, else 0.

    [unverified] HALCON 12 takes one point; newer versions accept tuples of points, which
    hdlite answers point by point.
    """
    rr, cc = _points(ctx, row, col)
    inside = np.zeros(rr.shape, dtype=bool)
    for reg in region_args(ctx, regs):
        inside |= contains(reg, rr, cc)
    return (tuple(int(v) for v in inside),)


_SORT_MODES = (
    "character",
    "first_point",
    "last_point",
    "upper_left",
    "upper_right",
    "lower_left",
    "lower_right",
)


def _reference(reg: Region, mode: str) -> tuple[int, int]:
    rows, cb, ce = reg.runs
    if rows.size == 0:
        return (0, 0)
    if mode == "first_point":
        return (int(rows[0]), int(cb[0]))
    if mode == "last_point":
        return (int(rows[-1]), int(ce[-1]))
    r1, c1, r2, c2 = reg.bbox()
    return {
        "upper_left": (r1, c1),
        "upper_right": (r1, c2),
        "lower_left": (r2, c1),
        "lower_right": (r2, c2),
    }[mode]


def _character_order(regions: list[Region]) -> list[int]:
    boxes = [r.bbox() if r.area() else (0, 0, 0, 0) for r in regions]
    by_top = sorted(range(len(regions)), key=lambda i: (boxes[i][0], boxes[i][1]))
    lines: list[list[int]] = []
    bottom = -math.inf
    for i in by_top:
        if lines and boxes[i][0] <= bottom:
            lines[-1].append(i)
            bottom = max(bottom, boxes[i][2])
        else:
            lines.append([i])
            bottom = boxes[i][2]
    return [i for line in lines for i in sorted(line, key=lambda k: boxes[k][1])]


@operator(
    "sort_region",
    IconicIn("Regions"),
    IconicOut("SortedRegions"),
    ControlIn("SortMode", types="string", count=1, default="first_point", values=_SORT_MODES),
    ControlIn("Order", types="string", count=1, default="true", values=("true", "false")),
    ControlIn("RowOrCol", types="string", count=1, default="row", values=("row", "column")),
)
def sort_region(
    ctx: CallContext, regs: ObjectTuple, mode: tuple, order: tuple, row_or_col: tuple
) -> tuple:
    """Sort regions by a reference point (or as text lines, 'character'); stable.

    Order 'true' sorts ascending, 'false' descending; RowOrCol 'row' compares rows first.
    """
    regions = region_args(ctx, regs)
    if mode[0] == "character":
        idx = _character_order(regions)
        if order[0] == "false":
            idx = idx[::-1]
    else:
        refs = [_reference(r, mode[0]) for r in regions]
        keys = refs if row_or_col[0] == "row" else [(c, r) for r, c in refs]
        idx = sorted(range(len(regions)), key=lambda i: keys[i], reverse=order[0] == "false")
    return (ObjectTuple([regs[i] for i in idx]),)
