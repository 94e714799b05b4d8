"""Colour-space transformations: trans_from_rgb and trans_to_rgb.

Scaling per pixel type [doc: trans_from_rgb, HALCON 22.11 and 24.05 reference pages]:

* real images: RGB in [0, 1]; hue in radians [0, 2pi), saturation in [0, 1], the other
  components in their natural ranges (e.g. CIE L* in [0, 100]).
* byte images: every component's value range is mapped linearly onto 0..255, so signed
  components (YIQ's I and Q, CIELab's a* and b*) have their origin off-centre; hue maps
  [0, 2pi) onto 0..255 (one turn = 255 [unverified: 255 or 256]), saturation [0, 1] onto
  0..255. Pure red in byte HSV is (0, 255, 255).
* uint2 images: hue in minutes of arc (0..21599), saturation 0..10000, the other
  components mapped onto 0..65535.

Integer results are rounded half away from zero and clipped. The result keeps the
domain of the first input. The formulas are in :mod:`._color_spaces`; the spaces are
'hsv', 'hsi', 'hls', 'ihs' (order I, H, S), 'yiq', 'yuv', 'argyb', 'i1i2i3', 'ciexyz' and
'cielab' (D65 white, linear RGB [unverified: HALCON may linearise sRGB first]).
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import match_counts

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

from ._color_spaces import RANGES, SATURATION, TWO_PI, forward, inverse
from ._filtering import images, to_type

COLOR_SPACES = tuple(RANGES)
COLOR_TYPES = ("byte", "uint2", "real")
TOP = {"byte": 255.0, "uint2": 65535.0}


def _coding(space: str, index: int, pixel_type: str) -> tuple[float, float]:
    """(offset, scale) with stored = (value - offset) * scale for an integer pixel type."""
    low, high, is_hue = RANGES[space][index]
    if pixel_type == "uint2" and is_hue:
        return 0.0, 21600.0 / TWO_PI
    if pixel_type == "uint2" and SATURATION.get(space) == index:
        return 0.0, 10000.0 / high
    return low, TOP[pixel_type] / (high - low)


def _triples(ctx: CallContext, inputs: tuple[ObjectTuple, ...], names: tuple) -> list:
    lists = [images(ctx, objs, COLOR_TYPES) for objs in inputs]
    groups = match_counts(ctx, lists, names)
    for group in groups:
        first = group[0]
        for other, name in zip(group[1:], names[1:], strict=True):
            if (other.height, other.width) != (first.height, first.width):
                raise ctx.error(3117, f"{name}: size differs from {names[0]}")
            if other.pixel_type != first.pixel_type:
                raise ctx.error(9001, f"{name}: pixel type differs from {names[0]}")
            if other.channels != first.channels:
                raise ctx.error(3122, f"{name}: number of channels differs")
    return groups


def _outputs(group: tuple[Image, ...], values: np.ndarray) -> list[Image]:
    """Three images of the first image's type and domain from (3, c, h, w) values."""
    first = group[0]
    return [
        Image(to_type(values[i], first.pixel_type), first.pixel_type, first.domain)
        for i in range(3)
    ]


@operator(
    "trans_from_rgb",
    IconicIn("ImageRed"),
    IconicIn("ImageGreen"),
    IconicIn("ImageBlue"),
    IconicOut("ImageResult1"),
    IconicOut("ImageResult2"),
    IconicOut("ImageResult3"),
    ControlIn("ColorSpace", types="string", count=1, default="hsv", values=COLOR_SPACES),
)
def trans_from_rgb(
    ctx: CallContext, red: ObjectTuple, green: ObjectTuple, blue: ObjectTuple, space: tuple
) -> tuple:
    """Transform an RGB image (three images) into another colour space (byte, uint2, real)."""
    cs = space[0]
    outs: list[list[Image]] = [[], [], []]
    for group in _triples(ctx, (red, green, blue), ("ImageRed", "ImageGreen", "ImageBlue")):
        pt = group[0].pixel_type
        rgb = np.stack([img.data.astype(np.float32) for img in group])
        if pt != "real":
            rgb /= TOP[pt]
        comps = forward(cs, rgb)
        if pt != "real":
            for i in range(3):
                offset, scale = _coding(cs, i, pt)
                comps[i] = (comps[i] - offset) * scale
                if RANGES[cs][i][2] and pt == "uint2":
                    comps[i] = np.floor(comps[i] + 0.5) % 21600
        for k, img in enumerate(_outputs(group, comps)):
            outs[k].append(img)
    return tuple(ObjectTuple(o) for o in outs)


@operator(
    "trans_to_rgb",
    IconicIn("ImageInput1"),
    IconicIn("ImageInput2"),
    IconicIn("ImageInput3"),
    IconicOut("ImageRed"),
    IconicOut("ImageGreen"),
    IconicOut("ImageBlue"),
    ControlIn("ColorSpace", types="string", count=1, default="hsv", values=COLOR_SPACES),
)
def trans_to_rgb(
    ctx: CallContext, in1: ObjectTuple, in2: ObjectTuple, in3: ObjectTuple, space: tuple
) -> tuple:
    """Transform an image from a colour space back to RGB (the inverse of trans_from_rgb)."""
    cs = space[0]
    outs: list[list[Image]] = [[], [], []]
    names = ("ImageInput1", "ImageInput2", "ImageInput3")
    for group in _triples(ctx, (in1, in2, in3), names):
        pt = group[0].pixel_type
        comps = np.stack([img.data.astype(np.float32) for img in group])
        if pt != "real":
            for i in range(3):
                offset, scale = _coding(cs, i, pt)
                comps[i] = comps[i] / scale + offset
        rgb = np.nan_to_num(inverse(cs, comps))
        if pt != "real":
            rgb = np.clip(rgb, 0.0, 1.0) * TOP[pt]
        for k, img in enumerate(_outputs(group, rgb)):
            outs[k].append(img)
    return tuple(ObjectTuple(o) for o in outs)
