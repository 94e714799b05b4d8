"""Creating images and asking them about size, type, channels and gray values."""

from __future__ import annotations

import numpy as np

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
)

from ._common import (
    DTYPES,
    NOT_COMPLEX,
    as_int,
    check_fits,
    extent,
    images,
    is_full,
    one_image,
    pixel_values,
    regions,
    to_pixel_type,
)

_TYPES = tuple(DTYPES)


@operator(
    "gen_image_const",
    IconicOut("Image"),
    ControlIn("Type", types="string", count=1, default="byte", values=_TYPES),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def gen_image_const(ctx: CallContext, pixel_type: tuple, width: tuple, height: tuple) -> tuple:
    """Create a one-channel image of the given type and size with all gray values 0."""
    w, h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    dtype = np.dtype(DTYPES[pixel_type[0]])
    check_fits(ctx, h, w, 1, dtype.itemsize)
    return (ObjectTuple([Image(np.zeros((1, h, w), dtype), pixel_type[0])]),)


@operator(
    "gen_image_proto",
    IconicIn("Image"),
    IconicOut("ImageCleared"),
    ControlIn("Grayval", types="number", count=1, default=0),
)
def gen_image_proto(ctx: CallContext, image: ObjectTuple, grayval: tuple) -> tuple:
    """An image like the input (size, type, channels) with every gray value ``Grayval``."""
    out = []
    for img in images(ctx, image):
        value = to_pixel_type(np.asarray([grayval[0]], dtype=np.float64), img.pixel_type)[0]
        out.append(Image(np.full(img.data.shape, value, img.data.dtype), img.pixel_type))
    return (ObjectTuple(out),)


@operator(
    "get_image_size",
    IconicIn("Image"),
    ControlOut("Width", types="integer"),
    ControlOut("Height", types="integer"),
)
def get_image_size(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Width and height of each image."""
    imgs = images(ctx, image)
    return tuple(i.width for i in imgs), tuple(i.height for i in imgs)


@operator("get_image_type", IconicIn("Image"), ControlOut("Type", types="string"))
def get_image_type(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The pixel type of each image (``'byte'``, ``'uint2'``, ``'real'``...)."""
    return (tuple(i.pixel_type for i in images(ctx, image)),)


@operator("count_channels", IconicIn("MultiChannelImage"), ControlOut("Channels", types="integer"))
def count_channels(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The number of channels of each image."""
    return (tuple(i.channels for i in images(ctx, image, "MultiChannelImage")),)


@operator(
    "get_image_pointer1",
    IconicIn("Image"),
    ControlOut("Pointer", types="integer"),
    ControlOut("Type", types="string"),
    ControlOut("Width", types="integer"),
    ControlOut("Height", types="integer"),
)
def get_image_pointer1(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Address of the first channel's pixels, pixel type and size of each image.

    The address is only an identifier: scripts cannot dereference it.
    """
    imgs = images(ctx, image)
    return (
        tuple(int(i.data.__array_interface__["data"][0]) for i in imgs),
        tuple(i.pixel_type for i in imgs),
        tuple(i.width for i in imgs),
        tuple(i.height for i in imgs),
    )


@operator(
    "get_grayval",
    IconicIn("Image"),
    ControlIn("Row", types="number", default=0),
    ControlIn("Column", types="number", default=0),
    ControlOut("Grayval", types="number"),
)
def get_grayval(ctx: CallContext, image: ObjectTuple, row: tuple, column: tuple) -> tuple:
    """Gray values at (Row, Column); multichannel images give all channels per point,
    complex images the real and the imaginary part per channel (HALCON's reference)."""
    img = one_image(ctx, image)
    if len(row) != len(column):
        raise ctx.param_error("count", "Column", f"{len(column)} columns for {len(row)} rows")
    out: list[int | float] = []
    for r, c in zip(row, column, strict=True):
        ri, ci = as_int(ctx, r, "Row"), as_int(ctx, c, "Column")
        if not 0 <= ri < img.height:
            raise ctx.param_error(
                "value", "Row", f"row {ri} outside the image (0..{img.height - 1})"
            )
        if not 0 <= ci < img.width:
            raise ctx.param_error(
                "value", "Column", f"column {ci} outside the image (0..{img.width - 1})"
            )
        out.extend(pixel_values(img.pixel_type, img.data[:, ri, ci].tolist()))
    return (tuple(out),)


def region_values(img: Image, region: Region) -> np.ndarray:
    """The first channel's gray values inside ``region`` (clipped to the image).

    The image's domain is ignored: intensity and min_max_gray "only consider the given
    Regions and ignore any previously set domain of the input image" (HALCON reference,
    intensity, "Attention").
    """
    plane = img.data[0]
    if is_full(region, img.height, img.width):
        return plane.reshape(-1)
    return plane[region.to_mask(img.height, img.width)]


def _cut_range(values: np.ndarray, percent: float) -> tuple[float, float]:
    n = values.size
    cut = int(n * percent / 100.0)
    if cut == 0:
        return float(values.min()), float(values.max())
    if values.dtype == np.uint8:
        cumulative = np.cumsum(np.bincount(values, minlength=256))
        low = int(np.searchsorted(cumulative, cut, side="right"))
        high = int(np.searchsorted(cumulative, n - cut - 1, side="right"))
        return float(low), float(high)
    ordered = np.partition(values, (cut, n - 1 - cut))
    return float(ordered[cut]), float(ordered[n - 1 - cut])


@operator(
    "min_max_gray",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlIn("Percent", types="number", count=1, default=0),
    ControlOut("Min", types="real"),
    ControlOut("Max", types="real"),
    ControlOut("Range", types="real"),
)
def min_max_gray(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple, percent: tuple) -> tuple:
    """Minimum, maximum and range of the gray values in each region.

    ``Percent`` cuts that percentage of the pixels off both ends of the histogram first.
    Only the first channel is used; an empty region gives 0 for all three values.
    """
    img = one_image(ctx, image, "Image", 2, NOT_COMPLEX)
    p = float(percent[0])
    if not 0.0 <= p <= 50.0:
        raise ctx.param_error("value", "Percent", f"{p} must be between 0 and 50")
    mins, maxs, ranges = [], [], []
    for region in regions(ctx, regs, "Regions"):
        values = region_values(img, region)
        low, high = _cut_range(values, p) if values.size else (0.0, 0.0)
        mins.append(low)
        maxs.append(high)
        ranges.append(high - low)
    return tuple(mins), tuple(maxs), tuple(ranges)


@operator(
    "intensity",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlOut("Mean", types="real"),
    ControlOut("Deviation", types="real"),
)
def intensity(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple) -> tuple:
    """Mean and standard deviation (divided by the pixel count) of the gray values per region."""
    img = one_image(ctx, image, "Image", 2, NOT_COMPLEX)
    means, devs = [], []
    for region in regions(ctx, regs, "Regions"):
        values = region_values(img, region).astype(np.float64)
        if values.size == 0:
            means.append(0.0)
            devs.append(0.0)
            continue
        means.append(float(values.mean()))
        devs.append(float(values.std()))
    return tuple(means), tuple(devs)
