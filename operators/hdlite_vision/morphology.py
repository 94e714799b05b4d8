"""Region morphology: circles, rectangles, any structuring element, boundary, skeleton.

One output region per input region, in input order; an empty region gives an empty region
and an empty object tuple gives an empty tuple (spec §3.5, G2/G3). Results are clipped to
the system image size only at the end (``'clip_region'``, spec §2.5-2 and G7); closings
are computed on one padded raster, so a region at the image border is not cut in between.

Facts settled from MVTec's reference pages (found with the ``search`` tool):

* ``*_circle`` use the disc ``gen_circle(0, 0, Radius)`` (see ``hdlite_image/_circle.py``);
  ``dilation_circle`` is a Minkowski addition and ``erosion_circle`` a Minkowski
  subtraction with it; "integer radii result in a circle having a non-integer center of
  gravity which is rounded to the next integer" (erosion_circle), so they shift the region.
  Radius range 0.5 .. 511.5 (erosion_circle, "Value range").
* ``*_rectangle1`` with even Width or Height change the region more at the right and at
  the bottom (dilation_rectangle1 / erosion_rectangle1, "Attention").
* ``dilation1``/``erosion1`` mirror the structuring element, ``minkowski_add1``/``sub1`` do
  not; displacements are taken from the element's centre of gravity (``*1``) or from the
  given point (``*2``); an empty element gives an empty region (additions) or the maximum
  region (subtractions; hdlite: the rectangle of the system image size).

[unverified] ``opening_*``/``closing_*`` are the translation-invariant opening and closing
(an opening never adds pixels), also for the asymmetric discs of integer radii.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hdlite_image._circle import circle_raster
from hdlite_image._common import (
    check_fits,
    check_region_box,
    coordinate,
    extent,
    repeat_count,
)

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Param,
    Region,
    operator,
    wrong_object_count,
)

from ._structuring import (
    DISC_DISTANCE_RADIUS,
    Offsets,
    clip_to_system,
    closing,
    dilate,
    disc_dilate_raster,
    disc_erode_raster,
    erode,
    full_region,
    is_empty,
    offsets_about,
    offsets_about_center,
    opening,
    raster,
    rectangle_offsets,
    region_from_mask,
)

_MAX_RADIUS = 511.5


def _regions(ctx: CallContext, objects: ObjectTuple, what: str = "Region") -> list[Region]:
    out: list[Region] = []
    for obj in objects:
        if isinstance(obj, Region):
            out.append(obj)
        elif isinstance(obj, Image):
            out.append(obj.domain_region())
        else:
            raise ctx.error(9054, f"{what}: expected a region, got a {obj.kind}")
    return out


def _struct_element(ctx: CallContext, objects: ObjectTuple) -> Region:
    regs = _regions(ctx, objects, "StructElement")
    if len(regs) != 1:
        raise ctx.error(wrong_object_count(2), f"StructElement: {len(regs)} regions, expected one")
    return regs[0]


def _each(ctx: CallContext, objects: ObjectTuple, fn: Callable[[Region], Region]) -> tuple:
    out = []
    for region in _regions(ctx, objects):
        result = region if is_empty(region) else fn(region)
        out.append(clip_to_system(ctx, result))
    return (ObjectTuple(out),)


# -- circles ---------------------------------------------------------------------------


def _radius(ctx: CallContext, radius: tuple) -> float:
    value = radius[0]
    if type(value) not in (int, float):
        raise ctx.param_error("type", "Radius", f"expected a number, got {value!r}")
    if not 0.5 <= float(value) <= _MAX_RADIUS:
        raise ctx.param_error("value", "Radius", f"{value} is outside 0.5 .. {_MAX_RADIUS}")
    return float(value)


def disc_offsets(radius: float) -> Offsets:
    """The displacements of ``gen_circle(0, 0, radius)`` about its rounded centre of gravity."""
    r0, c0, mask = circle_raster(0.0, 0.0, radius)
    return offsets_about_center(Region(r0, c0, mask))


def _symmetric_large(radius: float) -> float | None:
    """The radius when the distance transform computes the disc exactly and faster."""
    rad = np.floor(radius * 2.0 + 1e-9) / 2.0
    if rad >= DISC_DISTANCE_RADIUS and rad != np.floor(rad):
        return float(rad)
    return None


def disc_dilation(region: Region, radius: float) -> Region:
    """Minkowski addition of a region with the disc of ``gen_circle(0, 0, radius)``."""
    fast = _symmetric_large(radius)
    if fast is not None:
        r0, c0, mask = disc_dilate_raster(*raster(region), fast)
        return region_from_mask(mask, r0, c0)
    return dilate(region, disc_offsets(radius))


def disc_erosion(region: Region, radius: float, full: Region) -> Region:
    """Minkowski subtraction of the disc of ``gen_circle(0, 0, radius)`` from a region."""
    fast = _symmetric_large(radius)
    if fast is not None:
        r0, c0, mask = disc_erode_raster(*raster(region), fast)
        return region_from_mask(mask, r0, c0)
    return erode(region, disc_offsets(radius).mirrored(), full)


_CIRCLE_IN = (IconicIn("Region"),)


def _radius_param() -> Param:
    return ControlIn("Radius", types="number", count=1, default=3.5)


@operator("dilation_circle", *_CIRCLE_IN, IconicOut("RegionDilation"), _radius_param())
def dilation_circle(ctx: CallContext, region: ObjectTuple, radius: tuple) -> tuple:
    """Dilate regions with the disc of ``gen_circle(0, 0, Radius)`` (Minkowski addition)."""
    rad = _radius(ctx, radius)
    return _each(ctx, region, lambda r: disc_dilation(r, rad))


@operator("erosion_circle", *_CIRCLE_IN, IconicOut("RegionErosion"), _radius_param())
def erosion_circle(ctx: CallContext, region: ObjectTuple, radius: tuple) -> tuple:
    """Erode regions with the disc of ``gen_circle(0, 0, Radius)`` (Minkowski subtraction)."""
    rad = _radius(ctx, radius)
    full = full_region(ctx)
    return _each(ctx, region, lambda r: disc_erosion(r, rad, full))


@operator("opening_circle", *_CIRCLE_IN, IconicOut("RegionOpening"), _radius_param())
def opening_circle(ctx: CallContext, region: ObjectTuple, radius: tuple) -> tuple:
    """Open regions with a disc: the union of all discs that fit into the region."""
    rad = _radius(ctx, radius)
    se = disc_offsets(rad)
    return _each(ctx, region, lambda r: opening(r, se))


@operator("closing_circle", *_CIRCLE_IN, IconicOut("RegionClosing"), _radius_param())
def closing_circle(ctx: CallContext, region: ObjectTuple, radius: tuple) -> tuple:
    """Close regions with a disc (dilation then erosion; fills gaps narrower than it)."""
    rad = _radius(ctx, radius)
    se = disc_offsets(rad)
    return _each(ctx, region, lambda r: closing(r, se))


# -- rectangles ------------------------------------------------------------------------


def _rect_params() -> tuple[Param, Param]:
    return (
        ControlIn("Width", types="number", count=1, default=11),
        ControlIn("Height", types="number", count=1, default=11),
    )


def _rect(ctx: CallContext, width: tuple, height: tuple) -> Offsets:
    sizes = []
    for value, name in ((width[0], "Width"), (height[0], "Height")):
        if type(value) not in (int, float):
            raise ctx.param_error("type", name, f"expected a number, got {value!r}")
        if type(value) is float and not np.isfinite(value):
            raise ctx.param_error("value", name, f"{value!r} is not a finite number")
        size = int(np.floor(float(value) + 0.5))
        if size < 1:
            raise ctx.param_error("value", name, f"{value} must be at least 1")
        sizes.append(extent(ctx, size, name))
    check_fits(ctx, sizes[1], sizes[0], what="structuring element")
    return rectangle_offsets(sizes[0], sizes[1])


@operator("dilation_rectangle1", IconicIn("Region"), IconicOut("RegionDilation"), *_rect_params())
def dilation_rectangle1(
    ctx: CallContext, region: ObjectTuple, width: tuple, height: tuple
) -> tuple:
    """Dilate regions with a Width x Height rectangle."""
    se = _rect(ctx, width, height)
    return _each(ctx, region, lambda r: dilate(r, se))


@operator("erosion_rectangle1", IconicIn("Region"), IconicOut("RegionErosion"), *_rect_params())
def erosion_rectangle1(ctx: CallContext, region: ObjectTuple, width: tuple, height: tuple) -> tuple:
    """Erode regions with a Width x Height rectangle."""
    se = _rect(ctx, width, height)
    full = full_region(ctx)
    return _each(ctx, region, lambda r: erode(r, se, full))


@operator("opening_rectangle1", IconicIn("Region"), IconicOut("RegionOpening"), *_rect_params())
def opening_rectangle1(ctx: CallContext, region: ObjectTuple, width: tuple, height: tuple) -> tuple:
    """Open regions with a Width x Height rectangle (erosion then dilation)."""
    se = _rect(ctx, width, height)
    return _each(ctx, region, lambda r: opening(r, se))


@operator("closing_rectangle1", IconicIn("Region"), IconicOut("RegionClosing"), *_rect_params())
def closing_rectangle1(ctx: CallContext, region: ObjectTuple, width: tuple, height: tuple) -> tuple:
    """Close regions with a Width x Height rectangle (dilation then erosion)."""
    se = _rect(ctx, width, height)
    return _each(ctx, region, lambda r: closing(r, se))


# -- any structuring element -----------------------------------------------------------


def _iterations(ctx: CallContext, iterations: tuple) -> int:
    return repeat_count(ctx, iterations[0], "Iterations")


def _repeat(fn: Callable[[Region], Region], times: int) -> Callable[[Region], Region]:
    """``fn`` applied ``times`` times; stops early at an empty region or a fixed point
    (the remaining iterations would not change it), so a huge count costs nothing."""

    def run(region: Region) -> Region:
        for _ in range(times):
            if is_empty(region):
                break
            result = fn(region)
            if result.same_pixels(region):
                break
            region = result
        return region

    return run


def _check_growth(ctx: CallContext, regions: ObjectTuple, se: Offsets, times: int) -> None:
    """Iterated dilations grow the region's raster by the element's size minus one per
    iteration: refuse at once (6001) what cannot fit, instead of iterating towards it."""
    sh, sw = se.mask.shape
    for region in _regions(ctx, regions):
        if not is_empty(region):
            r1, c1, r2, c2 = region.bbox()
            height, width = r2 - r1 + 1 + times * (sh - 1), c2 - c1 + 1 + times * (sw - 1)
            check_fits(ctx, height, width, what="dilated region")


def _translate_all(ctx: CallContext, regions: ObjectTuple, se: Offsets, times: int) -> tuple:
    """Dilations with a one-pixel element: one translation by ``times`` offsets."""
    dr, dc = se.r0 * times, se.c0 * times
    out = []
    for region in _regions(ctx, regions):
        if not is_empty(region):
            r1, c1, r2, c2 = region.bbox()
            check_region_box(ctx, (r1 + dr, c1 + dc, r2 + dr, c2 + dc), "Iterations", 0)
            region = region.translate(dr, dc)
        out.append(clip_to_system(ctx, region))
    return (ObjectTuple(out),)


def _apply(ctx: CallContext, region: ObjectTuple, se: Offsets, kind: str, times: int) -> tuple:
    """kind: 'add' (R ⊕ S) or 'sub' (R ⊖ S), repeated ``times`` times."""
    if kind == "add":
        if se.empty:
            return (ObjectTuple(Region(0, 0, np.zeros((0, 0), bool)) for _ in region),)
        if se.mask.shape == (1, 1):
            return _translate_all(ctx, region, se, times)
        _check_growth(ctx, region, se, times)
        return _each(ctx, region, _repeat(lambda r: dilate(r, se), times))
    full = full_region(ctx)
    return _each(ctx, region, _repeat(lambda r: erode(r, se, full), times))


def _reference(ctx: CallContext, row: tuple, col: tuple) -> tuple[int, int]:
    """The reference point (Row, Column) of a structuring element, in the coordinate range."""
    return int(coordinate(ctx, row[0], "Row")), int(coordinate(ctx, col[0], "Column"))


_ITER = ControlIn("Iterations", types="integer", count=1, default=1)
_ROW = ControlIn("Row", types="integer", count=1, default=11)
_COL = ControlIn("Column", types="integer", count=1, default=11)
_SE_IN = (IconicIn("Region"), IconicIn("StructElement"))


@operator("dilation1", *_SE_IN, IconicOut("RegionDilation"), _ITER)
def dilation1(ctx: CallContext, region: ObjectTuple, se: ObjectTuple, iterations: tuple) -> tuple:
    """Dilate with the mirrored structuring element, centred on its centre of gravity."""
    offsets = offsets_about_center(_struct_element(ctx, se)).mirrored()
    return _apply(ctx, region, offsets, "add", _iterations(ctx, iterations))


@operator("erosion1", *_SE_IN, IconicOut("RegionErosion"), _ITER)
def erosion1(ctx: CallContext, region: ObjectTuple, se: ObjectTuple, iterations: tuple) -> tuple:
    """Erode: keep p when the element, centred on its centre of gravity at p, fits."""
    offsets = offsets_about_center(_struct_element(ctx, se))
    return _apply(ctx, region, offsets, "sub", _iterations(ctx, iterations))


@operator("minkowski_add1", *_SE_IN, IconicOut("RegionMinkAdd"), _ITER)
def minkowski_add1(
    ctx: CallContext, region: ObjectTuple, se: ObjectTuple, iterations: tuple
) -> tuple:
    """Minkowski addition with the element, centred on its centre of gravity."""
    offsets = offsets_about_center(_struct_element(ctx, se))
    return _apply(ctx, region, offsets, "add", _iterations(ctx, iterations))


@operator("minkowski_sub1", *_SE_IN, IconicOut("RegionMinkSub"), _ITER)
def minkowski_sub1(
    ctx: CallContext, region: ObjectTuple, se: ObjectTuple, iterations: tuple
) -> tuple:
    """Minkowski subtraction: the intersection of the region moved by every displacement."""
    offsets = offsets_about_center(_struct_element(ctx, se)).mirrored()
    return _apply(ctx, region, offsets, "sub", _iterations(ctx, iterations))


@operator("dilation2", *_SE_IN, IconicOut("RegionDilation"), _ROW, _COL, _ITER)
def dilation2(
    ctx: CallContext, region: ObjectTuple, se: ObjectTuple, row: tuple, col: tuple, it: tuple
) -> tuple:
    """Dilate with the mirrored element, displacements taken from (Row, Column)."""
    offsets = offsets_about(_struct_element(ctx, se), *_reference(ctx, row, col)).mirrored()
    return _apply(ctx, region, offsets, "add", _iterations(ctx, it))


@operator("erosion2", *_SE_IN, IconicOut("RegionErosion"), _ROW, _COL, _ITER)
def erosion2(
    ctx: CallContext, region: ObjectTuple, se: ObjectTuple, row: tuple, col: tuple, it: tuple
) -> tuple:
    """Erode with the element referenced at (Row, Column)."""
    offsets = offsets_about(_struct_element(ctx, se), *_reference(ctx, row, col))
    return _apply(ctx, region, offsets, "sub", _iterations(ctx, it))


@operator("minkowski_add2", *_SE_IN, IconicOut("RegionMinkAdd"), _ROW, _COL, _ITER)
def minkowski_add2(
    ctx: CallContext, region: ObjectTuple, se: ObjectTuple, row: tuple, col: tuple, it: tuple
) -> tuple:
    """Minkowski addition with the element referenced at (Row, Column)."""
    offsets = offsets_about(_struct_element(ctx, se), *_reference(ctx, row, col))
    return _apply(ctx, region, offsets, "add", _iterations(ctx, it))


@operator("minkowski_sub2", *_SE_IN, IconicOut("RegionMinkSub"), _ROW, _COL, _ITER)
def minkowski_sub2(
    ctx: CallContext, region: ObjectTuple, se: ObjectTuple, row: tuple, col: tuple, it: tuple
) -> tuple:
    """Minkowski subtraction with the element referenced at (Row, Column)."""
    offsets = offsets_about(_struct_element(ctx, se), *_reference(ctx, row, col)).mirrored()
    return _apply(ctx, region, offsets, "sub", _iterations(ctx, it))


@operator("opening", *_SE_IN, IconicOut("RegionOpening"))
def opening_op(ctx: CallContext, region: ObjectTuple, se: ObjectTuple) -> tuple:
    """Open with any element: the union of its translates that fit into the region."""
    offsets = offsets_about_center(_struct_element(ctx, se))
    return _each(ctx, region, lambda r: opening(r, offsets))


@operator("closing", *_SE_IN, IconicOut("RegionClosing"))
def closing_op(ctx: CallContext, region: ObjectTuple, se: ObjectTuple) -> tuple:
    """Close with any element (dilation then erosion; independent of its position)."""
    offsets = offsets_about_center(_struct_element(ctx, se))
    return _each(ctx, region, lambda r: closing(r, offsets))


def _minus(a: Region, b: Region) -> Region:
    if is_empty(b):
        return a
    ar, ac, am = raster(a)
    br, bc, bm = raster(b)
    inside = np.zeros_like(am)
    top, left = max(ar, br), max(ac, bc)
    bottom = min(ar + am.shape[0], br + bm.shape[0])
    right = min(ac + am.shape[1], bc + bm.shape[1])
    if bottom > top and right > left:
        inside[top - ar : bottom - ar, left - ac : right - ac] = bm[
            top - br : bottom - br, left - bc : right - bc
        ]
    return region_from_mask(am & ~inside, ar, ac)


@operator("top_hat", *_SE_IN, IconicOut("RegionTopHat"))
def top_hat(ctx: CallContext, region: ObjectTuple, se: ObjectTuple) -> tuple:
    """The region minus its opening with the element."""
    offsets = offsets_about_center(_struct_element(ctx, se))
    return _each(ctx, region, lambda r: _minus(r, opening(r, offsets)))


@operator("bottom_hat", *_SE_IN, IconicOut("RegionBottomHat"))
def bottom_hat(ctx: CallContext, region: ObjectTuple, se: ObjectTuple) -> tuple:
    """The closing with the element minus the region."""
    offsets = offsets_about_center(_struct_element(ctx, se))
    return _each(ctx, region, lambda r: _minus(closing(r, offsets), r))
