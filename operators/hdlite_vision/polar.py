"""Polar transforms of images and regions: polar_trans_image, polar_trans_image_ext,
polar_trans_image_inv, polar_trans_region and polar_trans_region_inv.

Angle and radius conventions: see :mod:`._polar` (HALCON's reference pages, found with the
``search`` tool). Further facts from those pages:

* polar_trans_image (obsolete) maps the result point (x', y') to the image point
  ``x = cos(2 pi x' / Width) y' + Column``, ``y = sin(2 pi x' / Width) y' + Row``: the
  angle runs clockwise on screen over the full circle and the radius is the row.
* 'nearest_neighbor' takes the closest pixel, 'bilinear' interpolates the four closest.
* polar_trans_image_inv / polar_trans_region_inv are the inverses; the angle interval of
  the polar image is cropped to one 2 pi period; polar_trans_image_ext followed by
  polar_trans_image_inv returns the image "restricted to the circle": hdlite's result
  domain is the set of pixels whose polar coordinates round into the polar image.
* polar_trans_region_inv with 'bilinear' gives smoother region boundaries (hdlite: the polar
  region's mask interpolated bilinearly, kept where it is at least 0.5).

[unverified] Samples that fall outside the input image are 0 (the result of
polar_trans_image_ext keeps its full domain; the input domain is ignored, the whole image is
sampled); polar_trans_image samples the closest pixel; polar_trans_region accepts only
'nearest_neighbor' (a pixel of the polar region is set when the image point it maps to
rounds into the region). Pixel types: byte, int1, int2, uint2, int4, real.
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._common import images, regions, to_pixel_type

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
)

from ._polar import Arc, arc_args, check_grid, grid, size
from ._structuring import region_from_mask

_TYPES = frozenset({"byte", "int1", "int2", "uint2", "int4", "real"})
_INTERP = ("nearest_neighbor", "bilinear")


def sample(data: np.ndarray, rows: np.ndarray, cols: np.ndarray, bilinear: bool) -> np.ndarray:
    """Values of one channel at (rows, cols); 0 where the closest pixel is outside."""
    h, w = data.shape
    rr, rc = np.floor(rows + 0.5), np.floor(cols + 0.5)
    inside = (rr >= 0) & (rr < h) & (rc >= 0) & (rc < w)
    out = np.zeros(rows.shape, dtype=np.float64)
    if not inside.any():
        return out
    if not bilinear:
        out[inside] = data[rr[inside].astype(np.intp), rc[inside].astype(np.intp)]
        return out
    r = np.clip(rows[inside], 0, h - 1)
    c = np.clip(cols[inside], 0, w - 1)
    r0 = np.minimum(np.floor(r).astype(np.intp), max(h - 2, 0))
    c0 = np.minimum(np.floor(c).astype(np.intp), max(w - 2, 0))
    r1, c1 = np.minimum(r0 + 1, h - 1), np.minimum(c0 + 1, w - 1)
    fr, fc = r - r0, c - c0
    top = data[r0, c0] * (1 - fc) + data[r0, c1] * fc
    bottom = data[r1, c0] * (1 - fc) + data[r1, c1] * fc
    out[inside] = top * (1 - fr) + bottom * fr
    return out


def _remap(img: Image, rows: np.ndarray, cols: np.ndarray, bilinear: bool) -> np.ndarray:
    planes = [
        to_pixel_type(sample(np.asarray(p, np.float64), rows, cols, bilinear), img.pixel_type)
        for p in img.data
    ]
    return np.stack(planes)


_ARC = (
    ControlIn("Row", types="number", count=1, default=100),
    ControlIn("Column", types="number", count=1, default=100),
    ControlIn("AngleStart", types="number", count=1, default=0.0),
    ControlIn("AngleEnd", types="number", count=1, default=6.2831853),
    ControlIn("RadiusStart", types="number", count=1, default=0),
    ControlIn("RadiusEnd", types="number", count=1, default=100),
)
_INTERP_IN = ControlIn(
    "Interpolation", types="string", count=1, default="nearest_neighbor", values=_INTERP
)


@operator(
    "polar_trans_image",
    IconicIn("ImageXY"),
    IconicOut("ImagePolar"),
    ControlIn("Row", types="number", count=1, default=100),
    ControlIn("Column", types="number", count=1, default=100),
    ControlIn("Width", types="integer", count=1, default=314),
    ControlIn("Height", types="integer", count=1, default=200),
)
def polar_trans_image(ctx: CallContext, image: ObjectTuple, row, col, width, height) -> tuple:
    """The full circle about (Row, Column) in polar coordinates (obsolete operator):
    Width angles clockwise from the column axis, Height radii 0, 1, 2 ..."""
    arc = arc_args(ctx, (row, col, (0.0,), (0.0,), (0.0,), (0.0,)), width, height)
    w, h = arc.width, arc.height
    check_grid(ctx, h, w)
    pr, pc = grid(h, w)
    angle = 2.0 * math.pi * pc / w
    rows, cols = arc.row + np.sin(angle) * pr, arc.col + np.cos(angle) * pr
    out = [
        Image(_remap(img, rows, cols, False), img.pixel_type)
        for img in images(ctx, image, "ImageXY", _TYPES)
    ]
    return (ObjectTuple(out),)


@operator(
    "polar_trans_image_ext",
    IconicIn("Image"),
    IconicOut("PolarTransImage"),
    *_ARC,
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
    _INTERP_IN,
)
def polar_trans_image_ext(ctx: CallContext, image: ObjectTuple, *args: tuple) -> tuple:
    """The annular arc about (Row, Column) as a Width x Height image: angles along the
    columns, radii along the rows, both end values inclusive."""
    *geo, width, height, interp = args
    arc = arc_args(ctx, tuple(geo), width, height)
    check_grid(ctx, arc.height, arc.width)
    rows, cols = arc.cartesian(*grid(arc.height, arc.width))
    bilinear = interp[0] == "bilinear"
    out = [
        Image(_remap(img, rows, cols, bilinear), img.pixel_type)
        for img in images(ctx, image, "Image", _TYPES)
    ]
    return (ObjectTuple(out),)


def _inverse_map(arc: Arc, height: int, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Polar coordinates of every pixel of a height x width image, and which of them
    round into the polar image."""
    prow, pcol = arc.polar(*grid(height, width))
    with np.errstate(invalid="ignore"):
        rr, rc = np.floor(prow + 0.5), np.floor(pcol + 0.5)
        inside = (rr >= 0) & (rr < arc.height) & (rc >= 0) & (rc < arc.width)
    return prow, pcol, inside


@operator(
    "polar_trans_image_inv",
    IconicIn("PolarImage"),
    IconicOut("XYTransImage"),
    *_ARC,
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
    _INTERP_IN,
)
def polar_trans_image_inv(ctx: CallContext, image: ObjectTuple, *args: tuple) -> tuple:
    """A polar image back onto its annular arc in a Width x Height image; the result's
    domain is the arc."""
    *geo, width, height, interp = args
    w, h = size(ctx, width[0], "Width"), size(ctx, height[0], "Height")
    check_grid(ctx, h, w)
    bilinear = interp[0] == "bilinear"
    out = []
    for img in images(ctx, image, "PolarImage", _TYPES):
        arc = arc_args(ctx, tuple(geo), (img.width,), (img.height,))
        prow, pcol, inside = _inverse_map(arc, h, w)
        prow, pcol = np.where(inside, prow, -1.0), np.where(inside, pcol, -1.0)
        data = _remap(img, prow, pcol, bilinear)
        out.append(Image(data, img.pixel_type, region_from_mask(inside)))
    return (ObjectTuple(out),)


def _mask_of(region: Region, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Whether the closest pixel of each point belongs to the region."""
    mask = np.asarray(region.mask, dtype=bool)
    rr = np.floor(rows + 0.5) - region.row
    rc = np.floor(cols + 0.5) - region.column
    inside = (rr >= 0) & (rr < mask.shape[0]) & (rc >= 0) & (rc < mask.shape[1])
    out = np.zeros(rows.shape, dtype=bool)
    out[inside] = mask[rr[inside].astype(np.intp), rc[inside].astype(np.intp)]
    return out


@operator(
    "polar_trans_region",
    IconicIn("Region"),
    IconicOut("PolarTransRegion"),
    *_ARC,
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
    ControlIn(
        "Interpolation",
        types="string",
        count=1,
        default="nearest_neighbor",
        values=("nearest_neighbor",),
    ),
)
def polar_trans_region(ctx: CallContext, region: ObjectTuple, *args: tuple) -> tuple:
    """The part of each region in the annular arc, in polar coordinates of a virtual
    Width x Height image."""
    *geo, width, height, _interp = args
    arc = arc_args(ctx, tuple(geo), width, height)
    regs = regions(ctx, region, "Region")
    if not regs:
        return (ObjectTuple([]),)
    check_grid(ctx, arc.height, arc.width)
    rows, cols = arc.cartesian(*grid(arc.height, arc.width))
    return (ObjectTuple([region_from_mask(_mask_of(r, rows, cols)) for r in regs]),)


@operator(
    "polar_trans_region_inv",
    IconicIn("PolarRegion"),
    IconicOut("XYTransRegion"),
    *_ARC,
    ControlIn("WidthIn", types="integer", count=1, default=512),
    ControlIn("HeightIn", types="integer", count=1, default=512),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
    _INTERP_IN,
)
def polar_trans_region_inv(ctx: CallContext, region: ObjectTuple, *args: tuple) -> tuple:
    """Regions of a WidthIn x HeightIn polar image back onto the annular arc, in a virtual
    Width x Height image."""
    *geo, width_in, height_in, width, height, interp = args
    arc = arc_args(ctx, tuple(geo), width_in, height_in)
    w, h = size(ctx, width[0], "Width"), size(ctx, height[0], "Height")
    regs = regions(ctx, region, "PolarRegion")
    if not regs:
        return (ObjectTuple([]),)
    check_grid(ctx, h, w)
    prow, pcol, inside = _inverse_map(arc, h, w)
    out = []
    for reg in regs:
        if interp[0] == "bilinear":
            mask = np.asarray(reg.mask, dtype=np.float64)
            rows = np.where(inside, prow - reg.row, -1e9)
            cols = np.where(inside, pcol - reg.column, -1e9)
            values = sample(np.pad(mask, 1), rows + 1, cols + 1, True)
            hit = inside & (values >= 0.5)
        else:
            hit = inside & _mask_of(reg, np.where(inside, prow, -1e9), pcol)
        out.append(region_from_mask(hit))
    return (ObjectTuple(out),)
