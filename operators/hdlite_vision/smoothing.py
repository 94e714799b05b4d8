"""Smoothing filters: smooth_image, binomial_filter, median_image, median_rect.

Borders, domains and rounding follow :mod:`._filtering` (mirrored borders without repeating
the border pixel, as ``mean_image``; the result keeps the input domain).

HALCON facts settled here:

* ``smooth_image`` 'gauss': Alpha is the standard deviation of the Gaussian; for the
  Deriche and Shen filters a larger Alpha smooths less [doc: smooth_image, en/ja pages].
  HALCON runs Deriche and Shen as recursive (IIR) filters; hdlite samples their continuous
  impulse responses into separable masks, normalised to sum 1, truncated where the
  response falls below 0.1 % of its peak. The kernels are Deriche's smoothing filters whose
  derivatives are edges_image's 'deriche1' (``(a|x|+1) e^(-a|x|)``) and 'deriche2'
  (``(sin a|x| + cos ax) e^(-a|x|)``), and Shen's ``e^(-a|x|)``: an approximation, equal
  on constant images and close elsewhere [unverified against HALCON's exact recursion].
* ``binomial_filter``: masks are rows of Pascal's triangle; sizes odd, 1..37; byte, uint2
  and real images [doc: binomial filter restrictions quoted on the sobel_amp page].
* ``median_image``: the 'circle' mask is the disc of pixels whose centre is at most Radius
  from the centre (gen_circle's raster); 'square' has side 2 Radius + 1. Margin
  'mirrored' mirrors without repeating the border pixel (as every hdlite filter),
  'cyclic' wraps around, 'continued' repeats the border pixel, a number fills with that
  gray value [doc: median_image parameter list; the mirroring variant is unverified].
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._filtering import FILTER_TYPES, correlate, filter_all, pad_mirrored, positive_size

#: largest reach of a sampled recursive filter (pixels)
MAX_REACH = 2048
MEDIAN_TYPES = ("byte", "int2", "uint2", "int4", "real")


def smoothing_kernel(kind: str, alpha: float) -> np.ndarray:
    """The sampled, normalised 1-D mask of smooth_image's ``kind`` for ``alpha``."""
    if kind == "gauss":
        reach = min(MAX_REACH, max(1, math.ceil(3.0 * alpha)))
        x = np.arange(-reach, reach + 1, dtype=np.float64)
        k = np.exp(-(x * x) / (2.0 * alpha * alpha))
        return k / k.sum()
    # reach where the envelope e^(-a|x|)(a|x|+1) drops below 1e-3 of its peak
    reach = 1
    while reach < MAX_REACH and math.exp(-alpha * reach) * (alpha * reach + 1.0) > 1e-3:
        reach += 1
    x = np.abs(np.arange(-reach, reach + 1, dtype=np.float64))
    if kind == "deriche1":
        k = (alpha * x + 1.0) * np.exp(-alpha * x)
    elif kind == "deriche2":
        k = (np.sin(alpha * x) + np.cos(alpha * x)) * np.exp(-alpha * x)
    else:  # shen
        k = np.exp(-alpha * x)
    return k / k.sum()


@operator(
    "smooth_image",
    IconicIn("Image"),
    IconicOut("ImageSmooth"),
    ControlIn(
        "Filter",
        types="string",
        count=1,
        default="deriche2",
        values=("deriche1", "deriche2", "shen", "gauss"),
    ),
    ControlIn("Alpha", types="number", count=1, default=0.5),
)
def smooth_image(ctx: CallContext, image: ObjectTuple, filt: tuple, alpha: tuple) -> tuple:
    """Smooth images with a Deriche, Shen or Gaussian filter of any width.

    For 'gauss' Alpha is the standard deviation (larger smooths more); for 'deriche1',
    'deriche2' and 'shen' a smaller Alpha smooths more. Recursive filters are sampled
    into masks (an approximation of HALCON's recursion; see the module notes).
    """
    a = float(alpha[0])
    if not a > 0 or not math.isfinite(a):
        raise ctx.param_error("value", "Alpha", f"{alpha[0]} must be positive")
    k = smoothing_kernel(filt[0], a)
    reach = len(k) // 2
    return (filter_all(ctx, image, FILTER_TYPES, lambda p: correlate(p, k, k), (reach, reach)),)


def binomial_kernel(size: int) -> np.ndarray:
    """Row ``size - 1`` of Pascal's triangle, normalised to sum 1."""
    k = np.array([math.comb(size - 1, i) for i in range(size)], dtype=np.float64)
    return k / k.sum()


def _binomial_size(ctx: CallContext, value: object, name: str) -> int:
    size = positive_size(ctx, value, name, 37)
    if size % 2 == 0:
        raise ctx.param_error("value", name, f"{size} must be odd")
    return size


@operator(
    "binomial_filter",
    IconicIn("Image"),
    IconicOut("ImageBinomial"),
    ControlIn("MaskWidth", types="integer", count=1, default=5),
    ControlIn("MaskHeight", types="integer", count=1, default=5),
)
def binomial_filter(ctx: CallContext, image: ObjectTuple, mask_w: tuple, mask_h: tuple) -> tuple:
    """Smooth images with a binomial mask (odd sizes 1 to 37; byte, uint2, real)."""
    w = _binomial_size(ctx, mask_w[0], "MaskWidth")
    h = _binomial_size(ctx, mask_h[0], "MaskHeight")
    kr, kc = binomial_kernel(h), binomial_kernel(w)
    return (
        filter_all(
            ctx,
            image,
            ("byte", "uint2", "real"),
            lambda p: correlate(p, kr, kc),
            (h // 2, w // 2),
        ),
    )


def disc_footprint(radius: int) -> np.ndarray:
    """The disc of pixels at most ``radius`` from the centre (gen_circle's raster)."""
    x = np.arange(-radius, radius + 1)
    return (x[:, None] ** 2 + x[None, :] ** 2) <= radius * radius + 1e-9


def _margin(ctx: CallContext, value: object) -> tuple[str, float]:
    modes = {"mirrored": "reflect", "cyclic": "wrap", "continued": "edge"}
    if isinstance(value, str):
        if value not in modes:
            raise ctx.param_error(
                "value",
                "Margin",
                f"{value!r} is not 'mirrored', 'cyclic', 'continued' or a gray value",
            )
        return modes[value], 0.0
    if isinstance(value, int | float) and math.isfinite(value):
        return "constant", float(value)
    raise ctx.param_error("type", "Margin", f"expected a string or a number, got {value!r}")


def median_plane(
    plane: np.ndarray, footprint: np.ndarray, mode: str = "reflect", value: float = 0.0
) -> np.ndarray:
    """The median of ``plane`` over ``footprint`` (odd shape) with the given border mode."""
    import cv2

    reach = (footprint.shape[0] // 2, footprint.shape[1] // 2)
    padded = pad_mirrored(plane, reach, mode, value)
    h, w = plane.shape
    if plane.dtype == np.uint8 and footprint.all() and footprint.shape[0] == footprint.shape[1]:
        out = cv2.medianBlur(np.ascontiguousarray(padded), footprint.shape[0])
    elif footprint.sum() <= 25:
        out = _small_median(padded, footprint)
    elif plane.dtype == np.uint8:
        from skimage.filters.rank import median

        out = median(np.ascontiguousarray(padded), footprint=footprint.astype(np.uint8))
    else:
        from scipy.ndimage import median_filter

        out = median_filter(padded, footprint=footprint, mode="constant")
    return out[reach[0] : reach[0] + h, reach[1] : reach[1] + w]


def _small_median(padded: np.ndarray, footprint: np.ndarray) -> np.ndarray:
    """Median over a small footprint: partition the stacked shifted planes, in row strips."""
    fh, fw = footprint.shape
    h, w = padded.shape[0] - fh + 1, padded.shape[1] - fw + 1
    offsets = list(zip(*np.nonzero(footprint), strict=True))
    mid = len(offsets) // 2
    out = np.empty((padded.shape[0], padded.shape[1]), padded.dtype)
    strip = max(1, 2_000_000 // max(1, w * len(offsets)))
    for r0 in range(0, h, strip):
        r1 = min(h, r0 + strip)
        stack = np.stack([padded[r0 + dr : r1 + dr, dc : dc + w] for dr, dc in offsets])
        row = fh // 2 + r0
        out[row : row + r1 - r0, fw // 2 : fw // 2 + w] = np.partition(stack, mid, axis=0)[mid]
    return out


@operator(
    "median_image",
    IconicIn("Image"),
    IconicOut("ImageMedian"),
    ControlIn("MaskType", types="string", count=1, default="circle", values=("circle", "square")),
    ControlIn("Radius", types="integer", count=1, default=1),
    ControlIn("Margin", types=("string", "number"), count=1, default="mirrored"),
)
def median_image(
    ctx: CallContext, image: ObjectTuple, mask_type: tuple, radius: tuple, margin: tuple
) -> tuple:
    """Median filter over a disc or a square of the given radius.

    Margin: 'mirrored' (default), 'cyclic', 'continued', or a gray value for the pixels
    beyond the image border.
    """
    r = positive_size(ctx, radius[0], "Radius", 4095)
    mode, value = _margin(ctx, margin[0])
    fp = disc_footprint(r) if mask_type[0] == "circle" else np.ones((2 * r + 1,) * 2, bool)
    return (
        filter_all(ctx, image, MEDIAN_TYPES, lambda p: median_plane(p, fp, mode, value), (r, r)),
    )


@operator(
    "median_rect",
    IconicIn("Image"),
    IconicOut("ImageMedian"),
    ControlIn("MaskWidth", types="integer", count=1, default=15),
    ControlIn("MaskHeight", types="integer", count=1, default=15),
)
def median_rect(ctx: CallContext, image: ObjectTuple, mask_w: tuple, mask_h: tuple) -> tuple:
    """Median filter over a MaskWidth x MaskHeight rectangle (even sizes: the next odd one)."""
    w = positive_size(ctx, mask_w[0], "MaskWidth") | 1
    h = positive_size(ctx, mask_h[0], "MaskHeight") | 1
    fp = np.ones((h, w), bool)
    return (filter_all(ctx, image, MEDIAN_TYPES, lambda p: median_plane(p, fp), (h // 2, w // 2)),)
