"""Image domains and cropping: full_domain, reduce_domain, crop_part, crop_domain...

A domain of ``None`` means the full image. Domains are kept clipped to the image
rectangle. Cropped images get a full domain and their own copy of the pixels.
"""

from __future__ import annotations

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

from ._common import as_int, images, normalized_domain, per_object, regions
from .regions import combine_regions


@operator("full_domain", IconicIn("Image"), IconicOut("ImageFull"))
def full_domain(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Images with their domain enlarged to the whole image."""
    return (ObjectTuple(Image(i.data, i.pixel_type) for i in images(ctx, image)),)


@operator("get_domain", IconicIn("Image"), IconicOut("Domain"))
def get_domain(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The domain of each image as a region."""
    return (ObjectTuple(i.domain_region() for i in images(ctx, image)),)


def _spread_regions(ctx: CallContext, region: ObjectTuple, count: int) -> list[Region]:
    regs = regions(ctx, region)
    if len(regs) == count or len(regs) == 1:
        return regs if len(regs) == count else regs * count
    raise ctx.error(1502, f"{len(regs)} regions for {count} images")


@operator("reduce_domain", IconicIn("Image"), IconicIn("Region"), IconicOut("ImageReduced"))
def reduce_domain(ctx: CallContext, image: ObjectTuple, region: ObjectTuple) -> tuple:
    """Restrict each image's domain to its intersection with ``Region``."""
    imgs = images(ctx, image)
    out = []
    for img, reg in zip(imgs, _spread_regions(ctx, region, len(imgs)), strict=True):
        new = reg if img.domain is None else combine_regions(img.domain, reg, "and")
        out.append(Image(img.data, img.pixel_type, _clipped(new, img)))
    return (ObjectTuple(out),)


def _clipped(region: Region, img: Image) -> Region | None:
    return normalized_domain(region, img.height, img.width)


@operator("change_domain", IconicIn("Image"), IconicIn("NewDomain"), IconicOut("ImageNew"))
def change_domain(ctx: CallContext, image: ObjectTuple, region: ObjectTuple) -> tuple:
    """Replace each image's domain by ``NewDomain`` (clipped to the image)."""
    imgs = images(ctx, image)
    out = [
        Image(img.data, img.pixel_type, _clipped(reg, img))
        for img, reg in zip(imgs, _spread_regions(ctx, region, len(imgs)), strict=True)
    ]
    return (ObjectTuple(out),)


_RECT_INPUTS = (
    ControlIn("Row1", types="number", default=100),
    ControlIn("Column1", types="number", default=100),
    ControlIn("Row2", types="number", default=200),
    ControlIn("Column2", types="number", default=200),
)


def _rectangles(ctx: CallContext, count: int, *values: tuple) -> list[tuple[int, ...]]:
    names = ("Row1", "Column1", "Row2", "Column2")
    cols = [
        [as_int(ctx, v, name) for v in per_object(ctx, vals, count, name)]
        for vals, name in zip(values, names, strict=True)
    ]
    return list(zip(*cols, strict=True))


@operator("rectangle1_domain", IconicIn("Image"), IconicOut("ImageReduced"), *_RECT_INPUTS)
def rectangle1_domain(
    ctx: CallContext, image: ObjectTuple, r1: tuple, c1: tuple, r2: tuple, c2: tuple
) -> tuple:
    """Set each image's domain to a rectangle (the old domain is ignored)."""
    imgs = images(ctx, image)
    out = []
    for img, (a, b, c, d) in zip(imgs, _rectangles(ctx, len(imgs), r1, c1, r2, c2), strict=True):
        # clipped before it is built: a rectangle may reach far beyond the image (2^63)
        inside = Region.rectangle(
            max(a, 0), max(b, 0), min(c, img.height - 1), min(d, img.width - 1)
        )
        out.append(Image(img.data, img.pixel_type, _clipped(inside, img)))
    return (ObjectTuple(out),)


def crop(ctx: CallContext, img: Image, top: int, left: int, bottom: int, right: int) -> Image:
    """The part (top, left)-(bottom, right) of an image, clipped to it; full domain.

    Raises:
        HalconError: 3010 when the rectangle lies completely outside the image or is empty.
    """
    r0, c0 = max(top, 0), max(left, 0)
    r1, c1 = min(bottom, img.height - 1), min(right, img.width - 1)
    if r1 < r0 or c1 < c0:
        raise ctx.error(3010, f"rectangle ({top}, {left})-({bottom}, {right}) outside the image")
    return Image(img.data[:, r0 : r1 + 1, c0 : c1 + 1].copy(), img.pixel_type)


@operator("crop_rectangle1", IconicIn("Image"), IconicOut("ImagePart"), *_RECT_INPUTS)
def crop_rectangle1(
    ctx: CallContext, image: ObjectTuple, r1: tuple, c1: tuple, r2: tuple, c2: tuple
) -> tuple:
    """Cut the rectangle (Row1, Column1)-(Row2, Column2) out of each image."""
    imgs = images(ctx, image)
    rects = _rectangles(ctx, len(imgs), r1, c1, r2, c2)
    return (ObjectTuple(crop(ctx, i, *rect) for i, rect in zip(imgs, rects, strict=True)),)


@operator(
    "crop_part",
    IconicIn("Image"),
    IconicOut("ImagePart"),
    ControlIn("Row", types="number", default=100),
    ControlIn("Column", types="number", default=100),
    ControlIn("Width", types="number", default=200),
    ControlIn("Height", types="number", default=200),
)
def crop_part(
    ctx: CallContext, image: ObjectTuple, row: tuple, col: tuple, width: tuple, height: tuple
) -> tuple:
    """Cut a part of ``Width`` x ``Height`` pixels at (Row, Column) out of each image."""
    imgs = images(ctx, image)
    rects = _rectangles(ctx, len(imgs), row, col, width, height)
    out = []
    for img, (r, c, w, h) in zip(imgs, rects, strict=True):
        if w < 1:
            raise ctx.param_error("value", "Width", f"{w} must be at least 1")
        if h < 1:
            raise ctx.param_error("value", "Height", f"{h} must be at least 1")
        out.append(crop(ctx, img, r, c, r + h - 1, c + w - 1))
    return (ObjectTuple(out),)


@operator("crop_domain", IconicIn("Image"), IconicOut("ImagePart"))
def crop_domain(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Cut the smallest rectangle around each image's domain out of the image."""
    out = []
    for img in images(ctx, image):
        if img.domain is None:
            out.append(Image(img.data, img.pixel_type))
            continue
        top, left, bottom, right = img.domain.bbox()
        if bottom < top:
            raise ctx.error(3013, "the image's domain is empty")
        out.append(crop(ctx, img, top, left, bottom, right))
    return (ObjectTuple(out),)
