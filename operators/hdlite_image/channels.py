"""Channels: composing and splitting multichannel images, and RGB to gray conversion.

Images combined into one must have the same size (3117) and pixel type (9001); the
result's domain is the intersection of the input domains. compose2..7 and decompose2..7
exist in HALCON [doc: compose7, decompose7]. An input parameter without images gives an
empty result (HALCON's 'no_object_result' rule, :func:`._common.match_counts`).
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

from ._common import domain_of_masks, images, match_counts, to_pixel_type

#: weights of red, green and blue in the gray value (ITU-R BT.601, as HALCON uses)
GRAY_WEIGHTS = (0.299, 0.587, 0.114)


def stack_images(ctx: CallContext, parts: list[Image]) -> Image:
    """One image whose channels are the channels of ``parts``, in order."""
    first = parts[0]
    for other in parts[1:]:
        if (other.height, other.width) != (first.height, first.width):
            raise ctx.error(3117, f"{first.width}x{first.height} and {other.width}x{other.height}")
        if other.pixel_type != first.pixel_type:
            raise ctx.error(9001, f"pixel types {first.pixel_type} and {other.pixel_type}")
    data = np.concatenate([p.data for p in parts], axis=0)
    return Image(data, first.pixel_type, domain_of_masks(parts))


def _compose(n: int):
    names = [f"Image{i}" for i in range(1, n + 1)]

    def run(ctx: CallContext, *inputs: ObjectTuple) -> tuple:
        lists = [images(ctx, objs, name) for objs, name in zip(inputs, names, strict=True)]
        groups = match_counts(ctx, lists, names)
        return (ObjectTuple(stack_images(ctx, list(group)) for group in groups),)

    run.__doc__ = f"Combine {n} one-channel images into one {n}-channel image."
    return operator(f"compose{n}", *(IconicIn(x) for x in names), IconicOut("MultiChannelImage"))(
        run
    )


compose2 = _compose(2)
compose3 = _compose(3)
compose4 = _compose(4)
compose5 = _compose(5)
compose6 = _compose(6)
compose7 = _compose(7)


def _decompose(n: int):
    def run(ctx: CallContext, image: ObjectTuple) -> tuple:
        outs: list[list[Image]] = [[] for _ in range(n)]
        for img in images(ctx, image, "MultiChannelImage"):
            if img.channels != n:
                raise ctx.error(3359, f"{img.channels} channels, expected {n}")
            for c in range(n):
                outs[c].append(Image(img.data[c : c + 1], img.pixel_type, img.domain))
        return tuple(ObjectTuple(items) for items in outs)

    run.__doc__ = f"Split a {n}-channel image into {n} one-channel images."
    return operator(
        f"decompose{n}",
        IconicIn("MultiChannelImage"),
        *(IconicOut(f"Image{i}") for i in range(1, n + 1)),
    )(run)


decompose2 = _decompose(2)
decompose3 = _decompose(3)
decompose4 = _decompose(4)
decompose5 = _decompose(5)
decompose6 = _decompose(6)
decompose7 = _decompose(7)


@operator(
    "access_channel",
    IconicIn("MultiChannelImage"),
    IconicOut("Image"),
    ControlIn("Channel", types="integer", count=1, default=1),
)
def access_channel(ctx: CallContext, image: ObjectTuple, channel: tuple) -> tuple:
    """One channel (1-based) of each image."""
    c = channel[0]
    out = []
    for img in images(ctx, image, "MultiChannelImage"):
        if not 1 <= c <= img.channels:
            raise ctx.error(4062, f"channel {c} of an image with {img.channels} channels")
        out.append(Image(img.data[c - 1 : c], img.pixel_type, img.domain))
    return (ObjectTuple(out),)


@operator(
    "append_channel",
    IconicIn("MultiChannelImage"),
    IconicIn("Image"),
    IconicOut("ImageExtended"),
)
def append_channel(ctx: CallContext, image: ObjectTuple, extra: ObjectTuple) -> tuple:
    """Append the channels of ``Image`` to ``MultiChannelImage`` (pairwise, or one for all)."""
    base = images(ctx, image, "MultiChannelImage")
    add = images(ctx, extra, "Image")
    if len(add) == 1:
        add = add * len(base)
    if not match_counts(ctx, [base, add], ("MultiChannelImage", "Image")):
        return (ObjectTuple(),)
    out = [stack_images(ctx, [b, a]) for b, a in zip(base, add, strict=True)]
    return (ObjectTuple(out),)


@operator("channels_to_image", IconicIn("Images"), IconicOut("MultiChannelImage"))
def channels_to_image(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Combine all images of a tuple into one multichannel image."""
    imgs = images(ctx, image, "Images")
    if not imgs:
        return (ObjectTuple(),)
    return (ObjectTuple([stack_images(ctx, imgs)]),)


@operator("image_to_channels", IconicIn("MultiChannelImage"), IconicOut("Images"))
def image_to_channels(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Split each multichannel image into one-channel images."""
    out = [
        Image(img.data[c : c + 1], img.pixel_type, img.domain)
        for img in images(ctx, image, "MultiChannelImage")
        for c in range(img.channels)
    ]
    return (ObjectTuple(out),)


def weighted_gray(
    red: np.ndarray, green: np.ndarray, blue: np.ndarray, pixel_type: str
) -> np.ndarray:
    """``0.299 R + 0.587 G + 0.114 B`` in ``pixel_type`` (rounded for integer types)."""
    work = np.float32 if pixel_type in ("byte", "int1", "real") else np.float64
    wr, wg, wb = (work(w) for w in GRAY_WEIGHTS)
    gray = red.astype(work) * wr
    gray += green.astype(work) * wg
    gray += blue.astype(work) * wb
    return to_pixel_type(gray, pixel_type)


@operator("rgb1_to_gray", IconicIn("RGBImage"), IconicOut("GrayImage"))
def rgb1_to_gray(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Convert RGB images (3 or 4 channels) to gray; one-channel images are passed on."""
    out = []
    for img in images(ctx, image, "RGBImage"):
        if img.channels == 1:
            out.append(img)
            continue
        if img.channels < 3:
            raise ctx.error(9009, f"{img.channels} channels")
        gray = weighted_gray(img.data[0], img.data[1], img.data[2], img.pixel_type)
        out.append(Image(gray[None], img.pixel_type, img.domain))
    return (ObjectTuple(out),)


@operator(
    "rgb3_to_gray",
    IconicIn("ImageRed"),
    IconicIn("ImageGreen"),
    IconicIn("ImageBlue"),
    IconicOut("ImageGray"),
)
def rgb3_to_gray(
    ctx: CallContext, red: ObjectTuple, green: ObjectTuple, blue: ObjectTuple
) -> tuple:
    """Convert three one-channel images (red, green, blue) to a gray image."""
    names = ("ImageRed", "ImageGreen", "ImageBlue")
    lists = [images(ctx, objs, n) for objs, n in zip((red, green, blue), names, strict=True)]
    out = []
    for r, g, b in match_counts(ctx, lists, names):
        rgb = stack_images(ctx, [r, g, b])
        gray = weighted_gray(rgb.data[0], rgb.data[1], rgb.data[2], rgb.pixel_type)
        out.append(Image(gray[None], rgb.pixel_type, rgb.domain))
    return (ObjectTuple(out),)
