"""Random and patterned regions: gen_random_region, gen_random_regions and
gen_checker_region.

HALCON's reference [doc: gen_random_region, gen_random_regions; mvtec.com/doc/halcon/2605,
visionbbs.com/doc/halcon/2411]:

* gen_random_region(: RegionRandom : Width, Height) takes every pixel of [0, Height-1] x
  [0, Width-1] into the region with probability 0.5.
* gen_random_regions(: Regions : Type, WidthMin, WidthMax, HeightMin, HeightMax, PhiMin,
  PhiMax, NumRegions, Width, Height) makes NumRegions regions whose parameters are drawn
  within the limits and whose centres lie in [0, Height-1] x [0, Width-1]. 'circle': radius
  in [WidthMin, WidthMax] (Height/Phi limits unused); 'ellipse': half-radii from the width
  and height ranges, the larger one is Radius1, angle in [PhiMin, PhiMax] (as gen_ellipse);
  'rectangle1': width and height; 'rectangle2': half edge lengths (the larger is Length1)
  and angle (as gen_rectangle2); 'ring': two radii, the larger the outer circle, the
  smaller the hole. Defaults 'circle', 10, 20, 10, 30, -0.7854, 0.7854, Width = Height =
  512; NumRegions 100 [unverified default].

gen_checker_region(: RegionChecker : WidthRegion, HeightRegion, WidthPattern, HeightPattern)
[doc: gen_checker_region, HALCON 7.1, 20.05 and 23.05]: the black fields of a checkerboard
of WidthPattern x HeightPattern fields; WidthRegion and HeightRegion are the largest column
and row of the region (defaults 511, 511, 64, 64); the pattern must be smaller than the
region (1303/1304 otherwise). hdlite makes the field at the origin black [unverified].

HALCON draws with ``nrand48`` seeded by ``set_system('seed_rand')``; hdlite draws from the
run's generator, which the same call seeds (as the noise operators do, see :mod:`.noise`),
so a seed repeats hdlite's regions, not HALCON's. hdlite's choices [unverified]: centres
are integer pixel positions, rectangle1's corners are the centre -/+ half the size rounded
down, a minimum above its maximum is a wrong value (1302 on the maximum). Regions are
clipped to the system image size when 'clip_region' is true (spec G7).
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._circle import circle_runs
from hdlite_image._common import check_count, extent

from hdlite.plugin import CallContext, ControlIn, IconicOut, ObjectTuple, Region, operator

from ._region_tools import clip_system, ellipse_region, rotated_rectangle
from .noise import session_rng

TYPES = ("circle", "ellipse", "rectangle1", "rectangle2", "ring")


@operator(
    "gen_random_region",
    IconicOut("RegionRandom"),
    ControlIn("Width", types="integer", count=1, default=128),
    ControlIn("Height", types="integer", count=1, default=128),
)
def gen_random_region(ctx: CallContext, width: tuple, height: tuple) -> tuple:
    """A region holding each pixel of the Width x Height rectangle with probability 0.5
    (seeded by ``set_system('seed_rand')``)."""
    w, h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    check_count(ctx, float(w) * float(h), "Width", item=1)
    mask = session_rng(ctx).random((h, w)) < 0.5
    return (ObjectTuple([clip_system(ctx, Region.from_mask(mask))]),)


def _range(ctx: CallContext, low: tuple, high: tuple, names: tuple[str, str]) -> tuple:
    lo, hi = float(low[0]), float(high[0])
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ctx.param_error("value", names[0], "limits must be finite")
    if lo > hi:
        raise ctx.param_error("value", names[1], f"{hi} is below {names[0]} {lo}")
    return lo, hi


def _size_range(ctx: CallContext, low: tuple, high: tuple, names: tuple[str, str]) -> tuple:
    lo, hi = _range(ctx, low, high, names)
    if lo < 0:
        raise ctx.param_error("value", names[0], f"{lo} must not be negative")
    return lo, hi


def _circle(row: float, col: float, radius: float) -> Region:
    return Region.from_runs(*circle_runs(row, col, radius))


def _ring(row: float, col: float, r1: float, r2: float) -> Region:
    outer, hole = _circle(row, col, max(r1, r2)), _circle(row, col, min(r1, r2))
    mask = outer.mask & ~hole.translate(-outer.row, -outer.column).to_mask(*outer.mask.shape)
    return Region.from_mask(mask, outer.row, outer.column)


def _one(kind: str, rng: np.random.Generator, limits: tuple, size: tuple[int, int]) -> Region:
    (w0, w1), (h0, h1), (p0, p1) = limits
    row, col = float(rng.integers(0, size[0])), float(rng.integers(0, size[1]))
    a, b, phi = rng.uniform(w0, w1), rng.uniform(h0, h1), rng.uniform(p0, p1)
    if kind == "circle":
        return _circle(row, col, a)
    if kind == "ellipse":
        return ellipse_region(row, col, phi, max(a, b), min(a, b))
    if kind == "rectangle2":
        return rotated_rectangle(row, col, phi, max(a, b), min(a, b))
    if kind == "ring":
        return _ring(row, col, a, b)
    half_w, half_h = max(a, 1.0) / 2.0, max(b, 1.0) / 2.0  # rectangle1: at least one pixel
    r1, c1 = math.floor(row - half_h + 0.5), math.floor(col - half_w + 0.5)
    return Region.rectangle(r1, c1, r1 + max(round(b), 1) - 1, c1 + max(round(a), 1) - 1)


@operator(
    "gen_random_regions",
    IconicOut("Regions"),
    ControlIn("Type", types="string", count=1, default="circle", values=TYPES),
    ControlIn("WidthMin", types="number", count=1, default=10.0),
    ControlIn("WidthMax", types="number", count=1, default=20.0),
    ControlIn("HeightMin", types="number", count=1, default=10.0),
    ControlIn("HeightMax", types="number", count=1, default=30.0),
    ControlIn("PhiMin", types="number", count=1, default=-0.7854),
    ControlIn("PhiMax", types="number", count=1, default=0.7854),
    ControlIn("NumRegions", types="integer", count=1, default=100),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def gen_random_regions(
    ctx: CallContext,
    kind: tuple,
    wmin: tuple,
    wmax: tuple,
    hmin: tuple,
    hmax: tuple,
    pmin: tuple,
    pmax: tuple,
    num: tuple,
    width: tuple,
    height: tuple,
) -> tuple:
    """NumRegions circles, ellipses, rectangles or rings with random size, angle and centre
    within the given limits (seeded by ``set_system('seed_rand')``)."""
    limits = (
        _size_range(ctx, wmin, wmax, ("WidthMin", "WidthMax")),
        _size_range(ctx, hmin, hmax, ("HeightMin", "HeightMax")),
        _range(ctx, pmin, pmax, ("PhiMin", "PhiMax")),
    )
    count = num[0]
    if count < 0:
        raise ctx.param_error("value", "NumRegions", f"{count} must not be negative")
    check_count(ctx, float(count), "NumRegions", item=64)
    size = (extent(ctx, height[0], "Height"), extent(ctx, width[0], "Width"))
    biggest = max(limits[0][1], limits[1][1])
    check_count(ctx, (2 * biggest + 1) ** 2, "WidthMax", item=1)
    rng = session_rng(ctx)
    out = [clip_system(ctx, _one(kind[0], rng, limits, size)) for _ in range(count)]
    return (ObjectTuple(out),)


@operator(
    "gen_checker_region",
    IconicOut("RegionChecker"),
    ControlIn("WidthRegion", types="integer", count=1, default=511),
    ControlIn("HeightRegion", types="integer", count=1, default=511),
    ControlIn("WidthPattern", types="integer", count=1, default=64),
    ControlIn("HeightPattern", types="integer", count=1, default=64),
)
def gen_checker_region(
    ctx: CallContext, width: tuple, height: tuple, width_p: tuple, height_p: tuple
) -> tuple:
    """The black fields of a checkerboard with WidthPattern x HeightPattern fields covering
    columns 0..WidthRegion and rows 0..HeightRegion (the field at the origin is black)."""
    w, h = extent(ctx, width[0], "WidthRegion"), extent(ctx, height[0], "HeightRegion")
    wp, hp = extent(ctx, width_p[0], "WidthPattern"), extent(ctx, height_p[0], "HeightPattern")
    if wp >= w:
        raise ctx.param_error("value", "WidthPattern", f"{wp} must be below WidthRegion {w}")
    if hp >= h:
        raise ctx.param_error("value", "HeightPattern", f"{hp} must be below HeightRegion {h}")
    # one chord per field and row: the runs of every row, alternating by the field row
    fields = (w + 1 + wp - 1) // wp
    check_count(ctx, float(h + 1) * (fields // 2 + 1), "WidthRegion", item=24)
    starts = np.arange(0, w + 1, wp, dtype=np.int64)
    ends = np.minimum(starts + wp - 1, w)
    rows = np.arange(0, h + 1, dtype=np.int64)
    parity = (rows // hp) % 2
    run_rows, run_cb, run_ce = [], [], []
    for p in (0, 1):
        chosen = rows[parity == p]
        cb, ce = starts[p::2], ends[p::2]
        run_rows.append(np.repeat(chosen, len(cb)))
        run_cb.append(np.tile(cb, len(chosen)))
        run_ce.append(np.tile(ce, len(chosen)))
    region = Region.from_runs(
        np.concatenate(run_rows), np.concatenate(run_cb), np.concatenate(run_ce)
    )
    return (ObjectTuple([clip_system(ctx, region)]),)
