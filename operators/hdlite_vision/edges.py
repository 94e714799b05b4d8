"""Pixel-level edge filters: sobel_amp, sobel_dir, edges_image, derivate_gauss.

Conventions (settled as noted; the rest is [unverified] and pinned by tests):

* sobel_amp masks A = [1 2 1; 0 0 0; -1 -2 -1] and B = [1 0 -1; 2 0 -2; 1 0 -1] are
  *convolved* with the image, so a = value below minus value above, b = value right minus
  value left. Types: 'sum_abs' (|a|+|b|)/4, 'sum_sqrt' sqrt(a^2+b^2)/4, 'thin_sum_abs'
  (thin(|a|)+thin(|b|))/4, 'thin_max_abs' max(thin(|a|), thin(|b|))/4, 'x' b/4, 'y' a/4,
  where thin keeps vertical (A) or horizontal (B) maxima. Size > 3 first smooths with
  gauss_image(Size-2) (Size 5..13) or, for '*_binomial', binomial_filter(Size-2) (5..39,
  one or two sizes: width, height) and doubles the amplitude. 'x'/'y' give int1 for byte
  input and int2 for int2/uint2 [doc: sobel_amp; the /4 divisor is recalled, unverified].
* Edge directions (sobel_dir, edges_image): the gradient's angle in degrees, counter-
  clockwise from the column axis (rows point down), pointing from dark to bright, stored
  as angle/2 (0..179); 255 where the amplitude is 0 [doc: edges_image]. hdlite has no
  'direction' pixel type yet, so direction images are byte images with these values.
* edges_image: 'canny' is a derivative of Gaussian with sigma Alpha; 'deriche1'/'lanser1',
  'deriche2'/'lanser2' and 'shen'/'mshen' use the derivatives of smooth_image's sampled
  Deriche and Shen masks (HALCON runs them recursively; Lanser's isotropy corrections
  are not modelled). Derivative masks are scaled so that a ramp of slope 1 gives 1.
  'sobel_fast' is sobel_amp 'sum_abs' and returns no direction image [doc]. NMS 'nms'
  (4 directions), 'inms' (interpolated), 'hvnms' (horizontal or vertical maximum),
  'none'; then hysteresis with Low/High when both are positive. After NMS or hysteresis
  the result's domain is the set of edge pixels.
* derivate_gauss: scipy's Gaussian derivatives (mirrored borders, truncated at 6 sigma);
  x is the column, y the row direction (downwards); real output.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    operator,
)

from ._filtering import DTYPES, FILTER_TYPES, apply_planes, correlate, images, to_type, window, work
from .smoothing import binomial_kernel

SOBEL_BASE = ("sum_abs", "sum_sqrt", "thin_sum_abs", "thin_max_abs", "x", "y")
SOBEL_TYPES = SOBEL_BASE + tuple(f"{t}_binomial" for t in SOBEL_BASE)
SMOOTH = np.array([1.0, 2.0, 1.0])
DERIV = np.array([-1.0, 0.0, 1.0])


def _sobel_sizes(ctx: CallContext, filter_type: str, size: tuple) -> tuple[int, int]:
    """(width, height) of the pre-smoothing mask; (1, 1) for plain 3x3 Sobel."""
    values = []
    for v in size:
        if type(v) is not int:
            raise ctx.param_error("type", "Size", f"expected an integer, got {v!r}")
        values.append(v)
    binomial = filter_type.endswith("_binomial")
    if len(values) not in ((1, 2) if binomial else (1,)):
        raise ctx.param_error("count", "Size", f"{len(values)} values")
    w, h = values[0], values[-1]
    for s in (w, h):
        ok = s == 3 or (s % 2 == 1 and (5 <= s <= 39 if binomial else 5 <= s <= 13))
        if not ok:
            raise ctx.param_error("value", "Size", f"{s} is not a valid mask size")
    if (w == 3) != (h == 3):
        raise ctx.param_error("value", "Size", "3 cannot be combined with larger sizes")
    return w - 2, h - 2


def sobel_parts(
    plane: np.ndarray, smooth: tuple[int, int], binomial: bool
) -> tuple[np.ndarray, np.ndarray]:
    """(a, b): the convolutions with masks A (rows) and B (columns), after pre-smoothing."""
    data = work(plane)
    if smooth != (1, 1):
        if binomial:
            data = correlate(data, binomial_kernel(smooth[1]), binomial_kernel(smooth[0]))
        else:
            from hdlite_image.filters import gauss_kernel

            k = gauss_kernel(smooth[0])
            data = correlate(data, k, k)
        data = data * 2.0
    a = correlate(data, DERIV, SMOOTH)
    b = correlate(data, SMOOTH, DERIV)
    return a, b


def _thin(values: np.ndarray, axis: int) -> np.ndarray:
    """Keep the values that are maxima along ``axis`` (0: vertical, 1: horizontal)."""
    padded = np.pad(values, [(1, 1) if ax == axis else (0, 0) for ax in range(2)], mode="edge")
    if axis == 0:
        before, after = padded[:-2], padded[2:]
    else:
        before, after = padded[:, :-2], padded[:, 2:]
    return np.where((values >= before) & (values >= after), values, 0.0)


def sobel_combine(a: np.ndarray, b: np.ndarray, kind: str) -> np.ndarray:
    """sobel_amp's combination of the two mask responses for filter type ``kind``."""
    if kind == "sum_abs":
        return (np.abs(a) + np.abs(b)) / 4.0
    if kind == "sum_sqrt":
        return np.hypot(a, b) / 4.0
    if kind == "thin_sum_abs":
        return (_thin(np.abs(a), 0) + _thin(np.abs(b), 1)) / 4.0
    if kind == "thin_max_abs":
        return np.maximum(_thin(np.abs(a), 0), _thin(np.abs(b), 1)) / 4.0
    return (b if kind == "x" else a) / 4.0


def _reach(smooth: tuple[int, int]) -> tuple[int, int]:
    return smooth[1] // 2 + 1, smooth[0] // 2 + 1


@operator(
    "sobel_amp",
    IconicIn("Image"),
    IconicOut("EdgeAmplitude"),
    ControlIn("FilterType", types="string", count=1, default="sum_abs", values=SOBEL_TYPES),
    ControlIn("Size", types="integer", count=(1, 2), default=3),
)
def sobel_amp(ctx: CallContext, image: ObjectTuple, filter_type: tuple, size: tuple) -> tuple:
    """Edge amplitude with the Sobel operator ('sum_abs', 'sum_sqrt', 'thin_*', 'x', 'y').

    'x' and 'y' are signed (int1 for byte input, int2 for int2/uint2, real for real);
    the other types keep the input type and clip.
    """
    ft = filter_type[0]
    smooth = _sobel_sizes(ctx, ft, size)
    binomial = ft.endswith("_binomial")
    kind = ft.removesuffix("_binomial")
    allowed = ("byte", "uint2", "real") if binomial else FILTER_TYPES
    out = []
    for img in images(ctx, image, allowed):
        out_type = img.pixel_type
        if kind in ("x", "y") and img.pixel_type != "real":
            out_type = "int1" if img.pixel_type == "byte" else "int2"

        def run(p: np.ndarray) -> np.ndarray:
            a, b = sobel_parts(p, smooth, binomial)
            return sobel_combine(a, b, kind)

        out.append(apply_planes(img, run, _reach(smooth), out_type))
    return (ObjectTuple(out),)


def direction_of(g_row: np.ndarray, g_col: np.ndarray, amplitude: np.ndarray) -> np.ndarray:
    """Edge directions as stored by HALCON: degrees/2 in 0..179, 255 where amplitude is 0."""
    deg = np.degrees(np.arctan2(-g_row, g_col)) % 360.0
    half = np.floor(deg / 2.0 + 0.5).astype(np.int32) % 180
    return np.where(amplitude > 0, half, 255).astype(np.uint8)


def two_outputs(
    img: Image, planes: Callable, reach: tuple[int, int], amp_type: str
) -> tuple[Image, Image]:
    """Run ``planes(plane) -> (amplitude, direction)`` per channel inside the domain."""
    rs, cs, mask = window(img, reach)
    amp = np.zeros((img.channels, img.height, img.width), DTYPES[amp_type])
    dirs = np.zeros((img.channels, img.height, img.width), np.uint8)
    if mask is None or mask.any():
        for ch in range(img.channels):
            a, d = planes(img.data[ch, rs, cs])
            a = to_type(a, amp_type)
            if mask is not None:
                a, d = np.where(mask, a, 0), np.where(mask, d, 0)
            amp[ch, rs, cs], dirs[ch, rs, cs] = a, d
    return Image(amp, amp_type, img.domain), Image(dirs, "byte", img.domain)


@operator(
    "sobel_dir",
    IconicIn("Image"),
    IconicOut("EdgeAmplitude"),
    IconicOut("EdgeDirection"),
    ControlIn(
        "FilterType",
        types="string",
        count=1,
        default="sum_abs",
        values=("sum_abs", "sum_sqrt", "sum_abs_binomial", "sum_sqrt_binomial"),
    ),
    ControlIn("Size", types="integer", count=(1, 2), default=3),
)
def sobel_dir(ctx: CallContext, image: ObjectTuple, filter_type: tuple, size: tuple) -> tuple:
    """Sobel edge amplitude and direction (degrees/2, 255 = undefined; a byte image)."""
    ft = filter_type[0]
    smooth = _sobel_sizes(ctx, ft, size)
    binomial = ft.endswith("_binomial")
    kind = ft.removesuffix("_binomial")
    amps, dirs = [], []
    for img in images(ctx, image, ("byte", "uint2", "real") if binomial else FILTER_TYPES):

        def run(p: np.ndarray, pixel_type: str = img.pixel_type) -> tuple:
            a, b = sobel_parts(p, smooth, binomial)
            amp = sobel_combine(a, b, kind)
            return amp, direction_of(a, b, to_type(amp, pixel_type))

        amp_img, dir_img = two_outputs(img, run, _reach(smooth), img.pixel_type)
        amps.append(amp_img)
        dirs.append(dir_img)
    return ObjectTuple(amps), ObjectTuple(dirs)
