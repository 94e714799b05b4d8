"""Small region and image operators: symm_difference, hamming_distance, mirror_region,
transpose_region, add_channels, crop_domain_rel and gray_projections.

HALCON's reference:

* symm_difference(Region1, Region2) [doc: symm_difference, docs.mvtec.com 26.05]: all
  regions of Region2 are united first; each region of Region1 gives its symmetric
  difference (exclusive or) with that union; empty results follow 'store_empty_region'.
* hamming_distance(Regions1, Regions2) [doc: hamming_distance, docs.mvtec.com 26.05]: per
  pair of regions the number of pixels in one but not the other (Distance), and Similarity
  = 1 - Distance / (area1 + area2) [recalled from the reference's formula; two empty
  regions give 0, unverified]; unequal numbers of regions are 1502.
* mirror_region(Region, Mode, WidthHeight) [doc: mirror_region, 24.11]: 'row' reflects
  about the horizontal axis, 'column' about the vertical one, 'diagonal' about the main
  diagonal; WidthHeight is twice the coordinate of the axis, chosen so that a region of an
  image of that height (width) lands where it would lie in the mirrored image: row r goes to
  WidthHeight - 1 - r [unverified: the half-pixel of the axis]. Default 'row', 512.
* transpose_region(Region, Row, Column) [doc: transpose_region, 23.05]: the point
  reflection about (Row, Column): (r, c) goes to (2 Row - r, 2 Column - c).
* add_channels(Regions, Image) gives each region the gray values of the image: an image
  whose domain is the region (inside the image) [doc: add_channels].
* crop_domain_rel(Image, Top, Left, Bottom, Right) [doc: crop_domain_rel, 24.11]: the
  smallest rectangle around the domain, made smaller by positive and larger by negative
  values on each side (defaults -1), cut out of the image; the part is clipped to the image
  as crop_rectangle1 does, and an empty domain is 3013 as for crop_domain.
* gray_projections(Region, Image, Mode) [doc: gray_projections, 2311]: 'simple' gives the
  mean gray value of the region's pixels in each row (HorProjection) and each column
  (VertProjection) of the region's bounding box, -1 where a row or column holds none; the
  image's domain is ignored. 'rectangle' (projections along a rotated rectangle) is not
  offered by hdlite: HALCON's wrong value (1302).

Regions an operator moves (mirror_region, transpose_region) are clipped to the system image
size when 'clip_region' is true (spec G7).
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import (
    check_region_box,
    coordinate,
    images,
    no_input_objects,
    one_image,
    region_from_mask,
)
from hdlite_image.domains import crop
from hdlite_image.regions import combine_regions, union_regions

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
    wrong_object_count,
)

from ._region_tools import clip_system, region_args


def _xor(a: Region, b: Region) -> Region:
    return union_regions([combine_regions(a, b, "minus"), combine_regions(b, a, "minus")])


@operator(
    "symm_difference", IconicIn("Region1"), IconicIn("Region2"), IconicOut("RegionDifference")
)
def symm_difference(ctx: CallContext, region1: ObjectTuple, region2: ObjectTuple) -> tuple:
    """Each region of Region1 exclusive-or the union of all regions of Region2."""
    other = union_regions(region_args(ctx, region2, "Region2"))
    keep_empty = ctx.session.system.get("store_empty_region", ("true",))[0] != "false"
    out = []
    for reg in region_args(ctx, region1, "Region1"):
        result = _xor(reg, other)
        if keep_empty or result.area() > 0:
            out.append(result)
    return (ObjectTuple(out),)


@operator(
    "hamming_distance",
    IconicIn("Regions1"),
    IconicIn("Regions2"),
    ControlOut("Distance", types="integer"),
    ControlOut("Similarity", types="real"),
)
def hamming_distance(ctx: CallContext, regions1: ObjectTuple, regions2: ObjectTuple) -> tuple:
    """Per pair of regions: the number of pixels in exactly one of them, and the similarity
    1 - Distance / (area1 + area2)."""
    first = region_args(ctx, regions1, "Regions1")
    second = region_args(ctx, regions2, "Regions2")
    if len(first) != len(second):
        raise ctx.error(wrong_object_count(2), f"{len(first)} and {len(second)} regions")
    distances: list[int] = []
    similarities: list[float] = []
    for a, b in zip(first, second, strict=True):
        total = a.area() + b.area()
        distance = _xor(a, b).area()
        distances.append(int(distance))
        similarities.append(1.0 - distance / total if total else 0.0)
    return (tuple(distances), tuple(similarities))


@operator(
    "mirror_region",
    IconicIn("Region"),
    IconicOut("RegionMirror"),
    ControlIn("Mode", types="string", count=1, default="row", values=("row", "column", "diagonal")),
    ControlIn("WidthHeight", types="integer", count=1, default=512),
)
def mirror_region(ctx: CallContext, region: ObjectTuple, mode: tuple, size: tuple) -> tuple:
    """Reflect regions about the horizontal ('row') or vertical ('column') axis at half of
    WidthHeight, or about the main diagonal ('diagonal')."""
    extent = int(coordinate(ctx, size[0], "WidthHeight"))
    if mode[0] != "diagonal" and extent <= 0:
        raise ctx.param_error("value", "WidthHeight", f"{extent} must be positive")
    out = []
    for reg in region_args(ctx, region):
        rows, cb, ce = (np.asarray(a, dtype=np.int64) for a in reg.runs)
        if mode[0] == "diagonal" or not rows.size:
            moved = region_from_mask(reg.mask.T.copy(), reg.column, reg.row)
        elif mode[0] == "row":
            box = (extent - 1 - rows.max(), cb.min(), extent - 1 - rows.min(), ce.max())
            check_region_box(ctx, box, "WidthHeight", rows_only=True)
            moved = Region.from_runs(extent - 1 - rows, cb, ce)
        else:
            box = (rows.min(), extent - 1 - ce.max(), rows.max(), extent - 1 - cb.min())
            check_region_box(ctx, box, "WidthHeight", rows_only=True)
            moved = Region.from_runs(rows, extent - 1 - ce, extent - 1 - cb)
        out.append(clip_system(ctx, moved))
    return (ObjectTuple(out),)


@operator(
    "transpose_region",
    IconicIn("Region"),
    IconicOut("Transposed"),
    ControlIn("Row", types="integer", count=1, default=0),
    ControlIn("Column", types="integer", count=1, default=0),
)
def transpose_region(ctx: CallContext, region: ObjectTuple, row: tuple, col: tuple) -> tuple:
    """Reflect regions about the point (Row, Column)."""
    r0 = 2 * int(coordinate(ctx, row[0], "Row"))
    c0 = 2 * int(coordinate(ctx, col[0], "Column"))
    out = []
    for reg in region_args(ctx, region):
        rows, cb, ce = (np.asarray(a, dtype=np.int64) for a in reg.runs)
        if rows.size:
            box = (r0 - rows.max(), c0 - ce.max(), r0 - rows.min(), c0 - cb.min())
            check_region_box(ctx, box, "Row", rows_only=True)
        out.append(clip_system(ctx, Region.from_runs(r0 - rows, c0 - ce, c0 - cb)))
    return (ObjectTuple(out),)


@operator("add_channels", IconicIn("Regions"), IconicIn("Image"), IconicOut("GrayRegions"))
def add_channels(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple) -> tuple:
    """An image per region: the image's gray values with the region (inside the image) as
    domain."""
    found = region_args(ctx, regs, "Regions")
    if not len(image):
        no_input_objects(ctx, "Image")
        return (ObjectTuple(),)
    img = one_image(ctx, image, "Image", 2)
    out = [
        Image(img.data, img.pixel_type, reg.clip(0, 0, img.height - 1, img.width - 1))
        for reg in found
    ]
    return (ObjectTuple(out),)


@operator(
    "crop_domain_rel",
    IconicIn("Image"),
    IconicOut("ImagePart"),
    ControlIn("Top", types="integer", count=1, default=-1),
    ControlIn("Left", types="integer", count=1, default=-1),
    ControlIn("Bottom", types="integer", count=1, default=-1),
    ControlIn("Right", types="integer", count=1, default=-1),
)
def crop_domain_rel(
    ctx: CallContext, image: ObjectTuple, top: tuple, left: tuple, bottom: tuple, right: tuple
) -> tuple:
    """Cut the rectangle around each image's domain, shrunk (positive) or grown (negative)
    by Top, Left, Bottom and Right, out of the image."""
    out = []
    for img in images(ctx, image):
        if img.domain is None:
            r1, c1, r2, c2 = 0, 0, img.height - 1, img.width - 1
        else:
            r1, c1, r2, c2 = img.domain.bbox()
            if r2 < r1:
                raise ctx.error(3013, "the image's domain is empty")
        box = (r1 + top[0], c1 + left[0], r2 - bottom[0], c2 - right[0])
        out.append(crop(ctx, img, *box))
    return (ObjectTuple(out),)


@operator(
    "gray_projections",
    IconicIn("Region"),
    IconicIn("Image"),
    ControlIn("Mode", types="string", count=1, default="simple", values=("simple", "rectangle")),
    ControlOut("HorProjection", types="real"),
    ControlOut("VertProjection", types="real"),
)
def gray_projections(
    ctx: CallContext, region: ObjectTuple, image: ObjectTuple, mode: tuple
) -> tuple:
    """Mean gray value of the region's pixels per row and per column of its bounding box
    (-1 for a row or column without region pixels)."""
    if mode[0] != "simple":
        raise ctx.param_error("value", "Mode", "hdlite computes only 'simple' projections")
    found = region_args(ctx, region, "Region")
    if not found or not len(image):
        no_input_objects(ctx, "Region" if not found else "Image")
        return ((), ())
    if len(found) != 1:
        raise ctx.error(wrong_object_count(1), f"Region: {len(found)} regions, expected one")
    img = one_image(ctx, image, "Image", 2)
    reg = found[0].clip(0, 0, img.height - 1, img.width - 1)
    if reg.area() == 0:
        return ((), ())
    r1, c1, r2, c2 = reg.bbox()
    mask = reg.to_mask(img.height, img.width)[r1 : r2 + 1, c1 : c2 + 1]
    values = img.data[0, r1 : r2 + 1, c1 : c2 + 1].astype(np.float64) * mask
    n_rows, n_cols = mask.sum(axis=1), mask.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        hor = np.where(n_rows > 0, values.sum(axis=1) / np.maximum(n_rows, 1), -1.0)
        vert = np.where(n_cols > 0, values.sum(axis=0) / np.maximum(n_cols, 1), -1.0)
    return (tuple(hor.tolist()), tuple(vert.tolist()))
