"""Rank filters: rank_image, rank_rect, midrange_image, dual_rank, trimmed_mean,
median_separate.

Borders and domains follow :mod:`._filtering`; Margin ('mirrored', 'cyclic', 'continued' or
a gray value) as median_image [doc: rank_image, trimmed_mean parameter lists].

HALCON facts settled here:

* rank_image sorts the gray values under the mask region ascending and takes the Rank-th
  (1 = minimum, area = maximum) [doc: rank_image]; rank_rect does so over a MaskWidth x
  MaskHeight rectangle, Rank from 1 to MaskWidth * MaskHeight [doc: rank_rect,
  mvtec.com/doc/halcon/1805], with median_rect's borders (mirrored) and its rule for even
  sizes (the next odd size, Rank still checked against MaskWidth * MaskHeight
  [unverified]). midrange_image averages the largest and the smallest gray value under the
  mask region [doc: midrange_image, HALCON 7.1 and 18.11], rounded for integer types
  [unverified], with rank_image's Margin. trimmed_mean skips the first
  (F - Number) / 2 of the F sorted values and averages the next Number [doc: trimmed_mean].
  dual_rank is two rank filters, ModePercent then 100 - ModePercent, over a 'circle' or
  'square' of Radius [doc: dual_rank]. median_separate is a median over MaskWidth columns
  followed by one over MaskHeight rows [doc: median_separate].
* [unverified] The mask region's reference point is the centre of its bounding box (rounded
  down); a percentage p selects 0-based rank round(p / 100 * (F - 1)); even MaskWidth and
  MaskHeight of median_separate become the next odd size.
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
    Region,
    operator,
)

from ._filtering import filter_all, pad_mirrored, positive_size, work
from .smoothing import MEDIAN_TYPES, _margin, disc_footprint, median_plane

#: largest number of (footprint x pixel) values stacked at once
STACK_LIMIT = 4_000_000


def region_footprint(ctx: CallContext, mask: ObjectTuple) -> np.ndarray:
    """The one mask region as an odd-sized boolean footprint centred on its bounding box."""
    if len(mask) != 1:
        raise ctx.param_error("count", "Mask", f"expected one region, got {len(mask)}")
    region = mask[0]
    if isinstance(region, Image):  # an image stands for its domain
        region = region.domain_region()
    if not isinstance(region, Region):
        raise ctx.error(9054, f"Mask: expected a region, got a {region.kind}")
    rows, cbs, ces = (np.asarray(a, dtype=np.int64) for a in region.runs)
    if rows.size == 0:
        raise ctx.param_error("value", "Mask", "the mask region is empty")
    r0, r1 = int(rows.min()), int(rows.max())
    c0, c1 = int(cbs.min()), int(ces.max())
    if r1 - r0 > 511 or c1 - c0 > 511:
        raise ctx.param_error("value", "Mask", "the mask region is larger than 512 x 512")
    rc, cc = (r0 + r1) // 2, (c0 + c1) // 2
    hr, hc = max(rc - r0, r1 - rc), max(cc - c0, c1 - cc)
    fp = np.zeros((2 * hr + 1, 2 * hc + 1), bool)
    for row, cb, ce in zip(rows, cbs, ces, strict=True):
        fp[row - rc + hr, cb - cc + hc : ce - cc + hc + 1] = True
    return fp


def stack_reduce(
    plane: np.ndarray,
    footprint: np.ndarray,
    reduce: Callable[[np.ndarray], np.ndarray],
    mode: str = "reflect",
    value: float = 0.0,
) -> np.ndarray:
    """Apply ``reduce(stack) -> plane`` to the values under ``footprint`` stacked on axis 0.

    The stack is built in row strips that bound the memory used.
    """
    reach = (footprint.shape[0] // 2, footprint.shape[1] // 2)
    padded = pad_mirrored(plane, reach, mode, value)
    h, w = plane.shape
    offsets = list(zip(*np.nonzero(footprint), strict=True))
    out = np.empty((h, w), np.float64)
    strip = max(1, STACK_LIMIT // max(1, w * len(offsets)))
    for r0 in range(0, h, strip):
        r1 = min(h, r0 + strip)
        stack = np.stack([padded[r0 + dr : r1 + dr, dc : dc + w] for dr, dc in offsets])
        out[r0:r1] = reduce(stack)
    return out


def margin_value(plane: np.ndarray, value: float) -> float:
    """A constant margin gray value clipped to the range of the plane's integer type."""
    if plane.dtype.kind in "iu":
        info = np.iinfo(plane.dtype)
        return float(min(max(value, info.min), info.max))
    return value


def rank_plane(
    plane: np.ndarray, footprint: np.ndarray, rank: int, mode: str = "reflect", value: float = 0.0
) -> np.ndarray:
    """The 0-based ``rank``-th smallest value under ``footprint`` at every pixel."""
    from scipy.ndimage import rank_filter

    reach = (footprint.shape[0] // 2, footprint.shape[1] // 2)
    if min(plane.shape) == 0:
        return plane
    fill = margin_value(plane, value)
    padded = pad_mirrored(plane, reach, mode, fill)
    out = rank_filter(padded, rank, footprint=footprint, mode="constant")
    return out[reach[0] : reach[0] + plane.shape[0], reach[1] : reach[1] + plane.shape[1]]


@operator(
    "rank_image",
    IconicIn("Image"),
    IconicIn("Mask"),
    IconicOut("ImageRank"),
    ControlIn("Rank", types="integer", count=1, default=5),
    ControlIn("Margin", types=("string", "number"), count=1, default="mirrored"),
)
def rank_image(
    ctx: CallContext, image: ObjectTuple, mask: ObjectTuple, rank: tuple, margin: tuple
) -> tuple:
    """Rank filter over an arbitrary mask region: the Rank-th smallest gray value under it."""
    fp = region_footprint(ctx, mask)
    area = int(fp.sum())
    k = rank[0]
    if not 1 <= k <= area:
        raise ctx.param_error("value", "Rank", f"{k} is outside 1..{area} (the mask's area)")
    mode, value = _margin(ctx, margin[0])
    reach = (fp.shape[0] // 2, fp.shape[1] // 2)
    return (
        filter_all(
            ctx, image, MEDIAN_TYPES, lambda p: rank_plane(p, fp, k - 1, mode, value), reach
        ),
    )


@operator(
    "rank_rect",
    IconicIn("Image"),
    IconicOut("ImageRank"),
    ControlIn("MaskWidth", types="integer", count=1, default=15),
    ControlIn("MaskHeight", types="integer", count=1, default=15),
    ControlIn("Rank", types="integer", count=1, default=5),
)
def rank_rect(
    ctx: CallContext, image: ObjectTuple, mask_w: tuple, mask_h: tuple, rank: tuple
) -> tuple:
    """Rank filter over a MaskWidth x MaskHeight rectangle: the Rank-th smallest gray value
    (1 = minimum, MaskWidth * MaskHeight = maximum)."""
    w = positive_size(ctx, mask_w[0], "MaskWidth")
    h = positive_size(ctx, mask_h[0], "MaskHeight")
    k = rank[0]
    if not 1 <= k <= w * h:
        raise ctx.param_error("value", "Rank", f"{k} is outside 1..{w * h}")
    fp = np.ones((h | 1, w | 1), bool)
    return (
        filter_all(ctx, image, MEDIAN_TYPES, lambda p: rank_plane(p, fp, k - 1), (h // 2, w // 2)),
    )


@operator(
    "midrange_image",
    IconicIn("Image"),
    IconicIn("Mask"),
    IconicOut("ImageMidrange"),
    ControlIn("Margin", types=("string", "number"), count=1, default="mirrored"),
)
def midrange_image(ctx: CallContext, image: ObjectTuple, mask: ObjectTuple, margin: tuple) -> tuple:
    """The mean of the largest and the smallest gray value under the mask region."""
    fp = region_footprint(ctx, mask)
    top = int(fp.sum()) - 1
    mode, value = _margin(ctx, margin[0])
    reach = (fp.shape[0] // 2, fp.shape[1] // 2)

    def midrange(plane: np.ndarray) -> np.ndarray:
        low = rank_plane(plane, fp, 0, mode, value).astype(np.float64)
        return (low + rank_plane(plane, fp, top, mode, value)) / 2.0

    return (filter_all(ctx, image, MEDIAN_TYPES, midrange, reach),)


def percent_rank(percent: int, area: int) -> int:
    """The 0-based rank that ``percent`` (0..100) selects among ``area`` sorted values."""
    return int(np.floor(percent / 100.0 * (area - 1) + 0.5))


@operator(
    "dual_rank",
    IconicIn("Image"),
    IconicOut("ImageRank"),
    ControlIn("MaskType", types="string", count=1, default="circle", values=("circle", "square")),
    ControlIn("Radius", types="integer", count=1, default=1),
    ControlIn("ModePercent", types="integer", count=1, default=10),
    ControlIn("Margin", types=("string", "number"), count=1, default="mirrored"),
)
def dual_rank(
    ctx: CallContext,
    image: ObjectTuple,
    mask_type: tuple,
    radius: tuple,
    percent: tuple,
    margin: tuple,
) -> tuple:
    """Two rank filters in a row (ModePercent, then 100 - ModePercent): 0 is an opening,
    50 two medians, 100 a closing."""
    r = positive_size(ctx, radius[0], "Radius", 101)
    p = percent[0]
    if not 0 <= p <= 100:
        raise ctx.param_error("value", "ModePercent", f"{p} is outside 0..100")
    mode, value = _margin(ctx, margin[0])
    fp = disc_footprint(r) if mask_type[0] == "circle" else np.ones((2 * r + 1,) * 2, bool)
    area = int(fp.sum())
    first, second = percent_rank(p, area), percent_rank(100 - p, area)

    def run(plane: np.ndarray) -> np.ndarray:
        once = rank_plane(plane, fp, first, mode, value)
        return rank_plane(once, fp, second, mode, value)

    return (filter_all(ctx, image, MEDIAN_TYPES, run, (2 * r, 2 * r)),)


@operator(
    "trimmed_mean",
    IconicIn("Image"),
    IconicIn("Mask"),
    IconicOut("ImageTMean"),
    ControlIn("Number", types="integer", count=1, default=5),
    ControlIn("Margin", types=("string", "number"), count=1, default="mirrored"),
)
def trimmed_mean(
    ctx: CallContext, image: ObjectTuple, mask: ObjectTuple, number: tuple, margin: tuple
) -> tuple:
    """Mean of the Number gray values around the median of the values under the mask."""
    fp = region_footprint(ctx, mask)
    area = int(fp.sum())
    n = number[0]
    if not 1 <= n <= area:
        raise ctx.param_error("value", "Number", f"{n} is outside 1..{area} (the mask's area)")
    skip = (area - n) // 2
    mode, value = _margin(ctx, margin[0])

    def run(plane: np.ndarray) -> np.ndarray:
        data = work(plane).astype(np.float64)

        def mean_of_middle(stack: np.ndarray) -> np.ndarray:
            stack.sort(axis=0)
            return stack[skip : skip + n].mean(axis=0)

        return stack_reduce(data, fp, mean_of_middle, mode, value)

    reach = (fp.shape[0] // 2, fp.shape[1] // 2)
    return (filter_all(ctx, image, MEDIAN_TYPES, run, reach),)


@operator(
    "median_separate",
    IconicIn("Image"),
    IconicOut("ImageSMedian"),
    ControlIn("MaskWidth", types="integer", count=1, default=25),
    ControlIn("MaskHeight", types="integer", count=1, default=25),
    ControlIn("Margin", types=("string", "number"), count=1, default="mirrored"),
)
def median_separate(
    ctx: CallContext, image: ObjectTuple, mask_w: tuple, mask_h: tuple, margin: tuple
) -> tuple:
    """Separable median: a median over MaskWidth columns, then over MaskHeight rows."""
    w = positive_size(ctx, mask_w[0], "MaskWidth", 4095) | 1
    h = positive_size(ctx, mask_h[0], "MaskHeight", 4095) | 1
    mode, value = _margin(ctx, margin[0])
    row_fp, col_fp = np.ones((1, w), bool), np.ones((h, 1), bool)

    def run(plane: np.ndarray) -> np.ndarray:
        fill = margin_value(plane, value)
        once = median_plane(plane, row_fp, mode, fill)
        return median_plane(once, col_fp, mode, fill)

    return (filter_all(ctx, image, MEDIAN_TYPES, run, (h // 2, w // 2)),)
