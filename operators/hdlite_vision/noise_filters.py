"""Edge-preserving noise filters: sigma_image, eliminate_min_max.

Domains and rounding follow :mod:`._filtering`.

HALCON facts settled here:

* sigma_image [doc: sigma_image]: in a MaskHeight x MaskWidth window the standard deviation
  of all gray values is computed; the result is the mean of the window's gray values that
  differ from the centre's by less than Sigma times it; if there is none (a flat window)
  the centre keeps its value. Even mask sizes become the next odd one; sizes from 3;
  types byte, int1, int2, uint2, int4, real (and cyclic, which hdlite has not).
* eliminate_min_max [doc: eliminate_min_max]: with E the MaskWidth x MaskHeight window
  without the pixel itself, a pixel g is replaced if g >= Gap + max(E) or g + Gap <= min(E);
  Mode 1 replaces a maximum by max(E) and a minimum by min(E) (the next value), Mode 2 by
  the mean and any other Mode by the median of the window including the pixel. Pixels
  outside the image are not considered (no mirroring). Even sizes become the next odd one.
* [unverified] sigma_image's standard deviation is the population one (divided by n) over
  the mirrored window; the median of an even number of values is the lower middle one;
  eliminate_min_max accepts byte, int2, uint2, int4 and real images.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._filtering import filter_all, pad_mirrored, positive_size, work

SIGMA_TYPES = ("byte", "int1", "int2", "uint2", "int4", "real")
ELIMINATE_TYPES = ("byte", "int2", "uint2", "int4", "real")
#: largest number of (window x pixel) values stacked at once
STACK_LIMIT = 4_000_000


def _mask_size(ctx: CallContext, value: object, name: str) -> int:
    size = positive_size(ctx, value, name, 511) | 1
    if size < 3:
        raise ctx.param_error("value", name, f"{value} is smaller than 3")
    return size


def _offsets(height: int, width: int) -> list[tuple[int, int]]:
    return [(r, c) for r in range(height) for c in range(width)]


def sigma_plane(plane: np.ndarray, height: int, width: int, sigma: float) -> np.ndarray:
    """The sigma filter of one plane (mirrored borders)."""
    data = work(plane).astype(np.float64)
    h, w = data.shape
    reach = (height // 2, width // 2)
    padded = pad_mirrored(data, reach)
    shifts = [padded[r : r + h, c : c + w] for r, c in _offsets(height, width)]
    n = len(shifts)
    total = np.zeros_like(data)
    squares = np.zeros_like(data)
    for s in shifts:
        total += s
        squares += s * s
    mean = total / n
    std = np.sqrt(np.maximum(squares / n - mean * mean, 0.0))
    limit = sigma * std
    acc = np.zeros_like(data)
    count = np.zeros_like(data)
    for s in shifts:
        take = np.abs(s - data) < limit
        acc += np.where(take, s, 0.0)
        count += take
    return np.where(count > 0, acc / np.maximum(count, 1), data)


@operator(
    "sigma_image",
    IconicIn("Image"),
    IconicOut("ImageSigma"),
    ControlIn("MaskHeight", types="integer", count=1, default=5),
    ControlIn("MaskWidth", types="integer", count=1, default=5),
    ControlIn("Sigma", types="integer", count=1, default=3),
)
def sigma_image(
    ctx: CallContext, image: ObjectTuple, mask_h: tuple, mask_w: tuple, sigma: tuple
) -> tuple:
    """Sigma filter: the mean of the window's gray values within Sigma standard deviations
    of the centre's gray value."""
    h = _mask_size(ctx, mask_h[0], "MaskHeight")
    w = _mask_size(ctx, mask_w[0], "MaskWidth")
    s = sigma[0]
    if s < 0 or s > 1 << 20:
        raise ctx.param_error("value", "Sigma", f"{s} must not be negative")
    return (
        filter_all(
            ctx, image, SIGMA_TYPES, lambda p: sigma_plane(p, h, w, float(s)), (h // 2, w // 2)
        ),
    )


def eliminate_plane(
    plane: np.ndarray, height: int, width: int, gap: float, mode: int
) -> np.ndarray:
    """eliminate_min_max on one plane; the window is cut at the image border."""
    data = work(plane).astype(np.float64)
    h, w = data.shape
    rr, rc = height // 2, width // 2
    padded = np.pad(data, ((rr, rr), (rc, rc)), mode="constant", constant_values=np.nan)
    out = data.copy()
    centre = (rr, rc)
    others = [o for o in _offsets(height, width) if o != centre]
    strip = max(1, STACK_LIMIT // max(1, w * height * width))
    for r0 in range(0, h, strip):
        r1 = min(h, r0 + strip)
        g = data[r0:r1]
        stack = np.stack([padded[r0 + dr : r1 + dr, dc : dc + w] for dr, dc in others])
        valid = ~np.isnan(stack)
        has = valid.any(axis=0)
        high = np.where(has, np.nanmax(np.where(valid, stack, -np.inf), axis=0), np.inf)
        low = np.where(has, np.nanmin(np.where(valid, stack, np.inf), axis=0), -np.inf)
        is_max = g >= gap + high
        is_min = ~is_max & (g + gap <= low)
        replace = is_max | is_min
        if not replace.any():
            continue
        if mode == 1:
            new = np.where(is_max, high, low)
        else:
            full = np.concatenate([stack, g[None]], axis=0)
            if mode == 2:
                new = np.nanmean(full, axis=0)
            else:
                ordered = np.sort(full, axis=0)  # NaNs sort last
                counts = (~np.isnan(full)).sum(axis=0)
                idx = (counts - 1) // 2
                new = np.take_along_axis(ordered, idx[None], axis=0)[0]
        out[r0:r1] = np.where(replace, new, g)
    return out


@operator(
    "eliminate_min_max",
    IconicIn("Image"),
    IconicOut("FilteredImage"),
    ControlIn("MaskWidth", types="integer", count=1, default=3),
    ControlIn("MaskHeight", types="integer", count=1, default=3),
    ControlIn("Gap", types="number", count=1, default=1.0),
    ControlIn("Mode", types="integer", count=1, default=3),
)
def eliminate_min_max(
    ctx: CallContext, image: ObjectTuple, mask_w: tuple, mask_h: tuple, gap: tuple, mode: tuple
) -> tuple:
    """Replace isolated local extrema (more than Gap beyond every neighbour) by the next
    extremum (Mode 1), the mean (2) or the median (3, any other) of the window."""
    w = _mask_size(ctx, mask_w[0], "MaskWidth")
    h = _mask_size(ctx, mask_h[0], "MaskHeight")
    g = float(gap[0])
    if not math.isfinite(g):
        raise ctx.param_error("value", "Gap", f"{gap[0]!r} is not a finite number")
    m = mode[0]
    return (
        filter_all(
            ctx,
            image,
            ELIMINATE_TYPES,
            lambda p: eliminate_plane(p, h, w, g, m),
            (h // 2, w // 2),
        ),
    )
