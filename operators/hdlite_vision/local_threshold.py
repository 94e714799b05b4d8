"""Local and character thresholds: local_threshold (Sauvola's adaptive threshold) and
char_threshold (a threshold relative to the background peak of the histogram).

local_threshold [doc: local_threshold, mvtec.com/doc/halcon/2105; parameter names and
defaults from the reference's GenParamName list]: Method 'adapted_std_deviation' only.
For LightDark 'dark' a pixel is selected when its gray value is below

    T(r, c) = m(r, c) * (1 + k * (s(r, c) / R - 1))

with m and s the mean and standard deviation in a mask_size x mask_size window,
k = 'scale' (>= 0, default 0.2) and R = 'range' (default 128 for byte, 32767.5 for uint2
images). An even 'mask_size' (default 15) becomes the next odd one. 'light' gives what
'dark' gives on the inverted image. hdlite's choices [unverified]: byte and uint2 images;
the inverted image is (largest value of the type) - g; windows are mirrored at the image
border as every filter (:mod:`._filtering`); 'mask_size' must be >= 3; the result is
clipped to the domain.

char_threshold [doc: char_threshold, reference 7.1 and 24.05]: the histogram of the byte
Image inside HistoRegion is smoothed with a Gaussian of Sigma; from its maximum (the
bright paper) the threshold is searched towards darker gray values as the first gray value
with ``histogram[t] * 100 < histogram[max] * (100 - Percent)``. Characters are the pixels
of each image (in its domain) with gray value <= Threshold [unverified: inclusive]; when
no gray value meets the condition the threshold is 0 [unverified]. The histogram is taken
inside HistoRegion and the image domain [unverified].
"""

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
    wrong_object_count,
)

from ._filtering import correlate, images, odd
from ._gray import domain_mask, regions, result_region, smooth

_DEFAULT_RANGE = {"byte": 128.0, "uint2": 32767.5}
_TYPE_MAX = {"byte": 255.0, "uint2": 65535.0}
_MAX_MASK = 4095


def _params(ctx: CallContext, names: tuple, values: tuple, pixel_type: str) -> tuple:
    """(mask_size, scale, range) from GenParamName/GenParamValue."""
    if len(names) != len(values):
        raise ctx.param_error(
            "count", "GenParamValue", f"{len(values)} values for {len(names)} names"
        )
    size, scale, rng = 15, 0.2, _DEFAULT_RANGE[pixel_type]
    for name, value in zip(names, values, strict=True):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ctx.param_error("type", "GenParamValue", f"{name}: {value!r} is not a number")
        if name == "mask_size":
            if not 3 <= value <= _MAX_MASK:
                raise ctx.param_error("value", "GenParamValue", f"mask_size {value} not in 3..")
            size = odd(int(np.floor(value + 0.5)) if isinstance(value, float) else value)
        elif name == "scale":
            if not 0 <= value < 1e6:
                raise ctx.param_error("value", "GenParamValue", f"scale {value} must be >= 0")
            scale = float(value)
        elif name == "range":
            if not 0 < value < 1e12:
                raise ctx.param_error("value", "GenParamValue", f"range {value} must be > 0")
            rng = float(value)
        else:
            raise ctx.param_error("value", "GenParamName", f"unknown parameter {name!r}")
    return size, scale, rng


def sauvola_dark(plane: np.ndarray, size: int, scale: float, rng: float) -> np.ndarray:
    """Pixels darker than Sauvola's local threshold (a boolean mask)."""
    x = plane.astype(np.float64)
    k = np.full(size, 1.0 / size)
    mean = correlate(x, k, k)
    dev = np.sqrt(np.maximum(correlate(x * x, k, k) - mean * mean, 0.0))
    return x < mean * (1.0 + scale * (dev / rng - 1.0))


@operator(
    "local_threshold",
    IconicIn("Image"),
    IconicOut("Region"),
    ControlIn(
        "Method",
        types="string",
        count=1,
        default="adapted_std_deviation",
        values=("adapted_std_deviation",),
    ),
    ControlIn("LightDark", types="string", count=1, default="dark", values=("dark", "light")),
    ControlIn("GenParamName", types="string", default=()),
    ControlIn("GenParamValue", types="number", default=()),
)
def local_threshold(
    ctx: CallContext,
    image: ObjectTuple,
    method: tuple,
    light_dark: tuple,
    names: tuple,
    values: tuple,
) -> tuple:
    """Segment dark (or light) structures with Sauvola's local threshold from the mean
    and standard deviation in a 'mask_size' window ('scale', 'range' tune it)."""
    out: list[Region] = []
    for img in images(ctx, image, tuple(_DEFAULT_RANGE)):
        size, scale, rng = _params(ctx, names, values, img.pixel_type)
        plane = img.data[0].astype(np.float64)
        if light_dark[0] == "light":
            plane = _TYPE_MAX[img.pixel_type] - plane
        out += result_region(ctx, sauvola_dark(plane, size, scale, rng) & domain_mask(img))
    return (ObjectTuple(out),)


def char_level(hist: np.ndarray, sigma: float, percent: float) -> int:
    """The gray value left of the histogram's maximum whose smoothed frequency falls below
    (100 - percent) % of the maximum (0 when none does)."""
    smoothed = smooth(hist, sigma)
    peak = int(np.argmax(smoothed))
    limit = smoothed[peak] * (100.0 - percent)
    below = np.flatnonzero(smoothed[: peak + 1] * 100.0 < limit)
    return int(below[-1]) if below.size else 0


@operator(
    "char_threshold",
    IconicIn("Image"),
    IconicIn("HistoRegion"),
    IconicOut("Characters"),
    ControlIn("Sigma", types="real", count=1, default=2.0),
    ControlIn("Percent", types="real", count=1, default=95.0),
    ControlOut("Threshold", types="integer"),
)
def char_threshold(
    ctx: CallContext, image: ObjectTuple, histo_region: ObjectTuple, sigma: tuple, percent: tuple
) -> tuple:
    """Segment dark characters on bright paper: the threshold lies where the smoothed
    histogram falls below (100 - Percent) % of the background peak."""
    s, p = float(sigma[0]), float(percent[0])
    if not 0 <= s <= 1e6:
        raise ctx.param_error("value", "Sigma", f"{s} must be >= 0")
    if not 0 <= p <= 100:
        raise ctx.param_error("value", "Percent", f"{p} is outside 0..100")
    imgs: list[Image] = images(ctx, image, ("byte",))
    hist_regions = regions(ctx, histo_region, "HistoRegion")
    if not imgs or not hist_regions:  # no input objects (spec G2)
        return ObjectTuple(), ()
    if len(hist_regions) != 1:
        raise ctx.error(wrong_object_count(2), "HistoRegion: expects one region")
    out: list[Region] = []
    levels: list[int] = []
    for img in imgs:
        plane, dmask = img.data[0], domain_mask(img)
        inside = hist_regions[0].to_mask(img.height, img.width) & dmask
        level = char_level(np.bincount(plane[inside], minlength=256), s, p)
        out += result_region(ctx, (plane <= level) & dmask)
        levels.append(level)
    return ObjectTuple(out), tuple(levels)
