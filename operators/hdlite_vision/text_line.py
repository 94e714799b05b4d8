"""Orientation and slant of printed text: text_line_orientation, text_line_slant.

Facts from HALCON's reference (text_line_orientation, text_line_slant pages, found with the
``search`` tool): both take regions and one image, the approximate character height and the
range of angles to search (radians), and return one angle per region: the orientation of
the text line or paragraph in the region, or the slant of its characters.

hdlite's method [unverified]: the ink inside each region is the smaller of the two classes
of Otsu's threshold of its gray values (so either polarity works); the orientation is the
angle in [OrientationFrom, OrientationTo] at which the projection of the ink perpendicular
to the text direction is sharpest (the sum of squared bin counts, bins of CharHeight / 25
pixels, at least one, values split linearly between bins), searched in steps of 0.5
degrees and refined to 0.02 degrees (with at most 100,000 ink pixels, every k-th beyond);
positive angles rise to the right (HALCON's mathematically positive sense). The slant is
the dominant tilt from the vertical of the region's steep gray-value edges in [SlantFrom,
SlantTo] (see :func:`_slant`); positive slant leans to the right, as italic print. A
region without ink or edges (or no region pixel in the image) gives 0. The ranges must lie in
(-pi/2, pi/2) with From <= To.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    ObjectTuple,
    operator,
    wrong_object_count,
)

from ._gray import images, region_mask, regions
from ._text_segmentation import otsu

_LIMIT = math.pi / 2 - 1e-6
#: ink pixels used for the orientation (every k-th beyond this many)
_MAX_POINTS = 100_000


def _ink(gray: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the ink pixels inside ``mask``."""
    values = gray[mask]
    if values.size == 0 or float(values.max()) == float(values.min()):
        return np.zeros(0), np.zeros(0)
    t = otsu(values)
    dark = mask & (gray <= t)
    ink = dark if dark.sum() * 2 <= mask.sum() else mask & ~dark
    rows, cols = np.nonzero(ink)
    return rows.astype(np.float64), cols.astype(np.float64)


def _slant(gray: np.ndarray, mask: np.ndarray, lo: float, hi: float) -> float:
    """The dominant tilt of steep edges: the peak of the gradient-weighted histogram of
    atan(gy / gx) over edges at least as horizontal in gradient as vertical, refined by
    the weighted mean within 3 degrees of the peak."""
    import cv2

    gx = cv2.Sobel(gray, cv2.CV_64F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_64F, 0, 1, ksize=3)
    mag = np.hypot(gx, gy)
    inside = mask & (mag > 0)
    if not inside.any():
        return 0.0
    sel = inside & (mag > 0.3 * float(mag[inside].max())) & (np.abs(gx) >= np.abs(gy))
    phi = np.arctan(gy[sel] / gx[sel])
    weight = mag[sel]
    keep = (phi >= lo) & (phi <= hi)
    phi, weight = phi[keep], weight[keep]
    if phi.size == 0:
        return 0.0
    step = math.radians(0.25)
    edges = np.arange(lo, hi + step, step)
    if edges.size < 2:
        return lo
    hist, _ = np.histogram(phi, bins=edges, weights=weight)
    kernel = np.exp(-0.5 * (np.arange(-8, 9) / 3.0) ** 2)
    smooth = np.convolve(hist, kernel, mode="same")
    peak = float(edges[int(np.argmax(smooth))]) + step / 2
    near = np.abs(phi - peak) <= math.radians(3)
    return float(np.average(phi[near], weights=weight[near])) if near.any() else peak


def _sharpness(coord: np.ndarray, width: float) -> float:
    """Sum of squared bin counts of ``coord``, each value split linearly between its two
    nearest bins (no aliasing between angles)."""
    x = (coord - coord.min()) / width
    low = np.floor(x).astype(np.int64)
    frac = x - low
    counts = np.bincount(low, weights=1.0 - frac, minlength=int(low.max()) + 2)
    counts += np.bincount(low + 1, weights=frac, minlength=counts.size)
    return float(np.dot(counts, counts))


def _search(score, lo: float, hi: float) -> float:
    """The angle in [lo, hi] with the highest score: coarse steps, then finer ones."""
    best = lo
    for step in (math.radians(0.5), math.radians(0.1), math.radians(0.02)):
        grid = np.arange(lo, hi + step / 2, step)
        grid = grid[(grid >= lo) & (grid <= hi)]
        if grid.size == 0:
            grid = np.array([lo])
        values = [score(a) for a in grid]
        best = float(grid[int(np.argmax(values))])
        lo, hi = max(lo, best - step), min(hi, best + step)
    return best


def _angles(
    ctx: CallContext,
    region: ObjectTuple,
    image: ObjectTuple,
    params: tuple,
    names: tuple,
    shear: bool,
) -> tuple:
    height, lo, hi = params[0][0], float(params[1][0]), float(params[2][0])
    if height < 1:
        raise ctx.param_error("value", "CharHeight", f"must be at least 1, got {height}")
    for name, value in ((names[0], lo), (names[1], hi)):
        if not -_LIMIT <= value <= _LIMIT:
            raise ctx.param_error("value", name, f"must be in (-pi/2, pi/2), got {value}")
    if lo > hi:
        raise ctx.param_error("value", names[1], f"{hi} is smaller than {names[0]} {lo}")
    imgs = images(ctx, image, ("byte", "uint2"))
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(2), f"Image: {len(imgs)} images, expected one")
    img = imgs[0]
    gray = img.data[0].astype(np.float64)
    width = max(1.0, height / 25)
    out = []
    for r in regions(ctx, region, "Region"):
        mask = region_mask(img, r)
        if shear:
            out.append(_slant(gray, mask, lo, hi))
            continue
        rows, cols = _ink(gray, mask)
        if rows.size == 0:
            out.append(0.0)
            continue
        stride = max(1, rows.size // _MAX_POINTS)
        rows, cols = rows[::stride], cols[::stride]

        def score(a: float, rows=rows, cols=cols) -> float:
            return _sharpness(rows * math.cos(a) + cols * math.sin(a), width)

        out.append(_search(score, lo, hi))
    return (tuple(out),)


@operator(
    "text_line_orientation",
    IconicIn("Region"),
    IconicIn("Image"),
    ControlIn("CharHeight", types="integer", count=1, default=25),
    ControlIn("OrientationFrom", types=("integer", "real"), count=1, default=-0.523599),
    ControlIn("OrientationTo", types=("integer", "real"), count=1, default=0.523599),
    ControlOut("OrientationAngle", types="real"),
)
def text_line_orientation(
    ctx: CallContext, region: ObjectTuple, image: ObjectTuple, height: tuple, lo: tuple, hi: tuple
) -> tuple:
    """The orientation of the text line or paragraph in each region (radians)."""
    names = ("OrientationFrom", "OrientationTo")
    return _angles(ctx, region, image, (height, lo, hi), names, shear=False)


@operator(
    "text_line_slant",
    IconicIn("Region"),
    IconicIn("Image"),
    ControlIn("CharHeight", types="integer", count=1, default=25),
    ControlIn("SlantFrom", types=("integer", "real"), count=1, default=-0.523599),
    ControlIn("SlantTo", types=("integer", "real"), count=1, default=0.523599),
    ControlOut("SlantAngle", types="real"),
)
def text_line_slant(
    ctx: CallContext, region: ObjectTuple, image: ObjectTuple, height: tuple, lo: tuple, hi: tuple
) -> tuple:
    """The slant of the characters in each region (radians, positive leaning right)."""
    return _angles(ctx, region, image, (height, lo, hi), ("SlantFrom", "SlantTo"), shear=True)
