"""Point operations on gray values: type conversion, scaling, inversion, image arithmetic.

Results keep the input's pixel type; integer results are rounded (half away from zero)
and clipped to the type's range, as HALCON clips on overflow. ``convert_image_type``
truncates toward zero when it converts real to integer values [unverified: HALCON's
reference only says values are clipped].
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

from ._common import (
    DTYPES,
    INT_RANGES,
    NOT_COMPLEX,
    domain_mask,
    domain_of_masks,
    images,
    pairs,
    same_layout,
    to_pixel_type,
)


@operator(
    "convert_image_type",
    IconicIn("Image"),
    IconicOut("ImageConverted"),
    ControlIn("NewType", types="string", count=1, default="byte", values=tuple(DTYPES)),
)
def convert_image_type(ctx: CallContext, image: ObjectTuple, new_type: tuple) -> tuple:
    """Convert images to another pixel type, clipping values outside its range; of a
    complex image only the real part converts, the imaginary part is dropped (HALCON's
    reference), and a real image converted to 'complex' gets imaginary part 0."""
    target = new_type[0]
    out = []
    for img in images(ctx, image):
        data = img.data
        if img.pixel_type != target:
            data = to_pixel_type(data, target, rounding="trunc")
        out.append(Image(data, target, img.domain))
    return (ObjectTuple(out),)


def scale_values(data: np.ndarray, pixel_type: str, mult: float, add: float) -> np.ndarray:
    """``data * mult + add`` in ``pixel_type``, rounded and clipped for integer types."""
    if pixel_type == "byte":
        lut = to_pixel_type(np.arange(256, dtype=np.float64) * mult + add, "byte")
        return lut[data]
    if pixel_type == "real":
        out = np.multiply(data, np.float32(mult), dtype=np.float32)
        out += np.float32(add)
        return out
    return to_pixel_type(data.astype(np.float64) * mult + add, pixel_type)


@operator(
    "scale_image",
    IconicIn("Image"),
    IconicOut("ImageScaled"),
    ControlIn("Mult", types="number", count=1, default=0.01),
    ControlIn("Add", types="number", count=1, default=0),
)
def scale_image(ctx: CallContext, image: ObjectTuple, mult: tuple, add: tuple) -> tuple:
    """Scale gray values: ``g' = g * Mult + Add``, clipped to the pixel type's range."""
    m, a = float(mult[0]), float(add[0])
    out = [
        Image(scale_values(img.data, img.pixel_type, m, a), img.pixel_type, img.domain)
        for img in images(ctx, image)
    ]
    return (ObjectTuple(out),)


def _channel_range(plane: np.ndarray, mask: np.ndarray | None) -> tuple[float, float]:
    values = plane if mask is None else plane[mask]
    if values.size == 0:
        return 0.0, 0.0
    return float(values.min()), float(values.max())


@operator("scale_image_max", IconicIn("Image"), IconicOut("ImageScaleMax"))
def scale_image_max(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Spread each channel's gray values (inside the domain) over 0..255; output is byte."""
    out = []
    for img in images(ctx, image):
        mask = domain_mask(img)
        planes = []
        for plane in img.data:
            low, high = _channel_range(plane, mask)
            if high > low:
                if img.pixel_type == "byte":
                    lut = to_pixel_type((np.arange(256.0) - low) * 255.0 / (high - low), "byte")
                    planes.append(lut[plane])
                else:
                    scaled = (plane.astype(np.float64) - low) * 255.0 / (high - low)
                    planes.append(to_pixel_type(scaled, "byte"))
            else:
                planes.append(to_pixel_type(plane, "byte", rounding="trunc"))
        out.append(Image(np.stack(planes), "byte", img.domain))
    return (ObjectTuple(out),)


@operator("invert_image", IconicIn("Image"), IconicOut("ImageInvert"))
def invert_image(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Invert gray values: ``255 - g`` (byte), ``65535 - g`` (uint2), ``-g`` otherwise
    (complex images: HALCON's 9007)."""
    out = []
    for img in images(ctx, image, types=NOT_COMPLEX):
        if img.pixel_type in ("byte", "uint2"):
            data = INT_RANGES[img.pixel_type][1] - img.data
        elif img.pixel_type == "real":
            data = -img.data
        else:
            data = to_pixel_type(-img.data.astype(np.int64), img.pixel_type)
        out.append(Image(data.astype(img.data.dtype, copy=False), img.pixel_type, img.domain))
    return (ObjectTuple(out),)


def _binary(
    ctx: CallContext,
    first: ObjectTuple,
    second: ObjectTuple,
    combine: Callable[[np.ndarray, np.ndarray], np.ndarray],
    mult: float = 1.0,
    add: float = 0.0,
) -> ObjectTuple:
    out = []
    for a, b in pairs(ctx, first, second):
        same_layout(ctx, a, b)
        work = np.float32 if a.pixel_type in ("byte", "int1", "real") else np.float64
        values = combine(a.data.astype(work), b.data.astype(work))
        if mult != 1.0 or add != 0.0:
            values = values * work(mult) + work(add)
        out.append(
            Image(to_pixel_type(values, a.pixel_type), a.pixel_type, domain_of_masks([a, b]))
        )
    return ObjectTuple(out)


def _arith_op(name: str, first: str, second: str, result: str, combine, doc: str):
    def run(ctx: CallContext, a: ObjectTuple, b: ObjectTuple, mult: tuple, add: tuple) -> tuple:
        return (_binary(ctx, a, b, combine, float(mult[0]), float(add[0])),)

    run.__doc__ = doc
    return operator(
        name,
        IconicIn(first),
        IconicIn(second),
        IconicOut(result),
        ControlIn("Mult", types="number", count=1, default=1.0),
        ControlIn("Add", types="number", count=1, default=0),
    )(run)


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b == 0, 0, a / np.where(b == 0, 1, b)).astype(a.dtype, copy=False)


add_image = _arith_op(
    "add_image",
    "Image1",
    "Image2",
    "ImageResult",
    np.add,
    "Add two images: ``g' = (g1 + g2) * Mult + Add``.",
)
sub_image = _arith_op(
    "sub_image",
    "ImageMinuend",
    "ImageSubtrahend",
    "ImageSub",
    np.subtract,
    "Subtract two images: ``g' = (g1 - g2) * Mult + Add``.",
)
mult_image = _arith_op(
    "mult_image",
    "Image1",
    "Image2",
    "ImageResult",
    np.multiply,
    "Multiply two images: ``g' = g1 * g2 * Mult + Add``.",
)
div_image = _arith_op(
    "div_image",
    "Image1",
    "Image2",
    "ImageResult",
    _divide,
    "Divide two images: ``g' = g1 / g2 * Mult + Add`` (0 where ``g2`` is 0).",
)


@operator(
    "abs_diff_image",
    IconicIn("Image1"),
    IconicIn("Image2"),
    IconicOut("ImageAbsDiff"),
    ControlIn("Mult", types="number", count=1, default=1.0),
)
def abs_diff_image(ctx: CallContext, a: ObjectTuple, b: ObjectTuple, mult: tuple) -> tuple:
    """Absolute difference of two images: ``g' = |g1 - g2| * Mult``, clipped to the type."""
    return (_binary(ctx, a, b, lambda x, y: np.abs(x - y), float(mult[0])),)


def _two_image_op(name: str, result: str, combine, doc: str):
    def run(ctx: CallContext, a: ObjectTuple, b: ObjectTuple) -> tuple:
        return (_binary(ctx, a, b, combine),)

    run.__doc__ = doc
    return operator(name, IconicIn("Image1"), IconicIn("Image2"), IconicOut(result))(run)


max_image = _two_image_op("max_image", "ImageMax", np.maximum, "Pixel-wise maximum of two images.")
min_image = _two_image_op("min_image", "ImageMin", np.minimum, "Pixel-wise minimum of two images.")


@operator("abs_image", IconicIn("Image"), IconicOut("ImageAbs"))
def abs_image(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Absolute gray values (clipped for the most negative integer value)."""
    out = []
    for img in images(ctx, image):
        data = img.data
        if data.dtype.kind == "i":
            data = to_pixel_type(np.abs(data.astype(np.int64)), img.pixel_type)
        elif data.dtype.kind == "f":
            data = np.abs(data)
        out.append(Image(data, img.pixel_type, img.domain))
    return (ObjectTuple(out),)
