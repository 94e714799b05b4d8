"""Regions and images: threshold, region_to_bin, paint_region and paint_gray.

paint_gray [doc: paint_gray, HALCON 23.11 reference]: the gray values of ImageSource's
domain are copied into a copy of ImageDestination. Both images must have the same size,
channel count and pixel type here (3117, 3122, 9001 as for the other two-image operators)
[unverified: HALCON's behaviour for differing sizes]; the result keeps the destination's
domain [unverified].
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

from ._common import (
    NOT_COMPLEX,
    check_fits,
    domain_mask,
    extent,
    images,
    no_input_objects,
    one_image,
    per_object,
    region_from_mask,
    regions,
    same_layout,
    to_pixel_type,
)


@operator(
    "threshold",
    IconicIn("Image"),
    IconicOut("Region"),
    ControlIn("MinGray", types="number", count=(1, None), default=128.0),
    ControlIn("MaxGray", types="number", count=(1, None), default=255.0),
)
def threshold(ctx: CallContext, image: ObjectTuple, low: tuple, high: tuple) -> tuple:
    """The pixels of the domain with ``MinGray <= g <= MaxGray`` (first channel).

    Tuples of bounds give one region per interval (HALCON's threshold page), per image.
    A result without pixels is an empty region, or nothing when ``'store_empty_region'``
    is ``'false'``. Complex images are HALCON's 9007 (the reference lists every other type).
    """
    if len(low) != len(high):
        raise ctx.param_error("count", "MaxGray", f"{len(high)} upper for {len(low)} lower bounds")
    keep_empty = ctx.session.system.get("store_empty_region", ("true",))[0] != "false"
    out = []
    for img in images(ctx, image, types=NOT_COMPLEX):
        plane = img.data[0]
        dmask = domain_mask(img)
        for lo, hi in zip(low, high, strict=True):
            mask = (plane >= lo) & (plane <= hi)
            if dmask is not None:
                mask &= dmask
            region = region_from_mask(mask)
            if keep_empty or region.mask.size:
                out.append(region)
    return (ObjectTuple(out),)


@operator(
    "region_to_bin",
    IconicIn("Region"),
    IconicOut("BinImage"),
    ControlIn("ForegroundGray", types="integer", count=1, default=255),
    ControlIn("BackgroundGray", types="integer", count=1, default=0),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def region_to_bin(
    ctx: CallContext, region: ObjectTuple, fg: tuple, bg: tuple, width: tuple, height: tuple
) -> tuple:
    """A byte image per region: ``ForegroundGray`` inside, ``BackgroundGray`` outside."""
    w, h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    check_fits(ctx, h, w)
    colors = to_pixel_type(np.asarray([fg[0], bg[0]], dtype=np.float64), "byte")
    out = []
    for r in regions(ctx, region):
        mask = r.to_mask(h, w)
        out.append(Image(np.where(mask, colors[0], colors[1])[None].astype(np.uint8), "byte"))
    return (ObjectTuple(out),)


def _margin(mask: np.ndarray) -> np.ndarray:
    padded = np.pad(mask, 1)
    inner = padded[1:-1, 1:-1] & padded[:-2, 1:-1] & padded[2:, 1:-1]
    inner &= padded[1:-1, :-2] & padded[1:-1, 2:]
    return mask & ~inner


@operator(
    "paint_region",
    IconicIn("Region"),
    IconicIn("Image"),
    IconicOut("ImageResult"),
    ControlIn("Grayval", types="number", default=255.0),
    ControlIn("Type", types="string", count=1, default="fill", values=("fill", "margin")),
)
def paint_region(
    ctx: CallContext, region: ObjectTuple, image: ObjectTuple, grayval: tuple, kind: tuple
) -> tuple:
    """Paint regions into a copy of the image with ``Grayval`` (one per channel or one)."""
    img = one_image(ctx, image, "Image", 2)
    values = per_object(ctx, grayval, img.channels, "Grayval")
    colors = to_pixel_type(np.asarray(values, dtype=np.float64), img.pixel_type)
    data = img.data.copy()
    for r in regions(ctx, region):
        mask = r.to_mask(img.height, img.width)
        if kind[0] == "margin":
            mask = _margin(mask)
        for c in range(img.channels):
            data[c][mask] = colors[c]
    return (ObjectTuple([Image(data, img.pixel_type, img.domain)]),)


@operator(
    "paint_gray",
    IconicIn("ImageSource"),
    IconicIn("ImageDestination"),
    IconicOut("MixedImage"),
)
def paint_gray(ctx: CallContext, source: ObjectTuple, destination: ObjectTuple) -> tuple:
    """A copy of ``ImageDestination`` with the gray values of ``ImageSource`` inside the
    source's domain (all channels)."""
    if not len(source) or not len(destination):
        no_input_objects(ctx, "ImageSource" if not len(source) else "ImageDestination")
        return (ObjectTuple(),)
    src = one_image(ctx, source, "ImageSource", 1)
    dst = one_image(ctx, destination, "ImageDestination", 2)
    same_layout(ctx, src, dst)
    mask = domain_mask(src)
    data = src.data.copy() if mask is None else dst.data.copy()
    if mask is not None:
        data[:, mask] = src.data[:, mask]
    return (ObjectTuple([Image(data, dst.pixel_type, dst.domain)]),)
