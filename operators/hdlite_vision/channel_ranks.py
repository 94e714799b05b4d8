"""Pixel-wise statistics over the channels of an image: rank_n, mean_n.

HALCON facts settled here [doc: rank_n, mean_n]: both reduce the channels of each input
image to one channel pixel by pixel; rank_n sorts the gray values of a pixel's channels
ascending and takes the RankIndex-th (1 = minimum, number of channels = maximum), mean_n
takes their mean. The result keeps the pixel type and the domain of its input.
[unverified] mean_n rounds integer results half away from zero; RankIndex outside
1..channels is a wrong value (1302).
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

from ._filtering import images, to_type

CHANNEL_TYPES = ("byte", "int1", "int2", "uint2", "int4", "real")


@operator(
    "rank_n",
    IconicIn("Image"),
    IconicOut("RankImage"),
    ControlIn("RankIndex", types="integer", count=1, default=1),
)
def rank_n(ctx: CallContext, image: ObjectTuple, rank_index: tuple) -> tuple:
    """The RankIndex-th smallest gray value over the channels of each pixel."""
    k = rank_index[0]
    out = []
    for img in images(ctx, image, CHANNEL_TYPES):
        if not 1 <= k <= img.channels:
            raise ctx.param_error(
                "value", "RankIndex", f"{k} is outside 1..{img.channels} (the channel count)"
            )
        data = np.partition(img.data, k - 1, axis=0)[k - 1 : k]
        out.append(Image(np.ascontiguousarray(data), img.pixel_type, img.domain))
    return (ObjectTuple(out),)


@operator("mean_n", IconicIn("Image"), IconicOut("ImageMean"))
def mean_n(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The mean gray value over the channels of each pixel (a one-channel image)."""
    out = []
    for img in images(ctx, image, CHANNEL_TYPES):
        mean = img.data.astype(np.float64).mean(axis=0, keepdims=True)
        out.append(Image(to_type(mean, img.pixel_type), img.pixel_type, img.domain))
    return (ObjectTuple(out),)
