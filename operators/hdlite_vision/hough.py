"""Hough transforms: hough_line_trans, hough_lines, hough_line_trans_dir, hough_lines_dir,
hough_circle_trans, hough_circles.

Lines are in Hessian normal form (Angle of the normal in radians, -pi/2..pi; Dist >= 0 from
the origin; d = col * cos(Angle) + row * sin(Angle)); the layout of the Hough image and the
conventions are in :mod:`._hough` [doc: hough_line_trans: int2 image, 270 * AngleResolution
+ 1 columns from -90 to 180 degrees, rows = distance up to the region's lower right
corner]. AngleResolution is 1, 2, 4 or 8 [doc]. AngleGap / DistGap are the least distance of
two maxima in Hough-image pixels (columns / rows) [doc]; maxima are reported strongest
first [unverified order].

The ``_dir`` variants read the points from the domain of a direction image (sobel_dir,
edges_image: the gradient's angle / 2 in 0..179, 255 = none) and let a point vote only for
normals within DirectionUncertainty degrees of its gradient (modulo 180) [doc]; 180
ignores the directions. hough_lines_dir smooths the Hough image with mean_image
('mean', FilterSize x FilterSize) or a Gaussian ('gauss', sigma (FilterSize - 1) / 4,
gauss_image's size rule) before the maxima search, returns that smoothed image (int2), and
with GenLines 'true' one region per line: the points that voted for it (distance to the
line < 1 pixel and a compatible direction) [unverified details].

Circles [doc: hough_circle_trans, hough_circles]: every point votes for the centres at
distance Radius (the digital circle, each offset once). Mode 0: Radius is the outer border
of the circle's pixels (pixel centres at Radius - 0.5); 1: the centres of its pixels; 2:
both. hough_circles returns, for each Radius / Percent / Mode (tuples of one value or of
equal length), the region of the centres: the local maxima (3x3) with at least Percent
percent of the votes a complete digital circle gets. The Hough images of hough_circle_trans
(int2, one per radius) cover the rows and columns 0 .. the region's lower right corner
[unverified size].

Defaults: hough_lines / hough_line_trans AngleResolution 4, Threshold 100, AngleGap 5,
DistGap 5; hough_circles Radius 12, Percent 60 [doc]. The defaults of the ``_dir`` variants
(DirectionUncertainty 2, 'mean', FilterSize 5, GenLines 'true') and hough_circles's Mode 0
are [unverified].
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._common import check_count

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

from ._hough import circle_votes, line_axes, line_peaks, line_votes

_INT2 = 32767


def _one(ctx: CallContext, objs: ObjectTuple, kind: type, name: str) -> object | None:
    if len(objs) == 0:
        return None
    if len(objs) > 1:
        raise ctx.error(wrong_object_count(1), f"{name}: {len(objs)} objects, expected one")
    obj = objs[0]
    if not isinstance(obj, kind):
        raise ctx.error(9054, f"{name}: got a {obj.kind}")
    return obj


def _region_points(region: Region) -> tuple[np.ndarray, np.ndarray]:
    rows, cb, ce = region.runs
    lengths = (np.asarray(ce) - np.asarray(cb) + 1).astype(np.int64)
    r = np.repeat(np.asarray(rows, np.int64), lengths)
    starts = np.repeat(np.asarray(cb, np.int64) - np.cumsum(lengths) + lengths, lengths)
    c = starts + np.arange(int(lengths.sum()), dtype=np.int64)
    keep = (r >= 0) & (c >= 0)
    return r[keep], c[keep]


def _dir_points(ctx: CallContext, img: Image) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points of the domain with a defined direction and the angle of their normal."""
    if img.pixel_type not in ("byte", "direction"):
        raise ctx.error(9007, f"ImageDir: pixel type {img.pixel_type!r} (a direction image)")
    data = np.asarray(img.data[0], np.int64)
    mask = data <= 179
    if img.domain is not None:
        mask &= img.domain.to_mask(*data.shape)
    rows, cols = np.nonzero(mask)
    # gradient (col, row) = (cos t, -sin t) with t = 2 * value degrees -> normal -t
    normals = -np.deg2rad(2.0 * data[rows, cols])
    return rows.astype(np.int64), cols.astype(np.int64), normals


def _resolution(ctx: CallContext, value: tuple) -> int:
    ar = int(value[0])
    if ar not in (1, 2, 4, 8):
        raise ctx.param_error("value", "AngleResolution", f"{value[0]!r} (1, 2, 4 or 8)")
    return ar


def _uncertainty(ctx: CallContext, value: tuple) -> float:
    u = float(value[0])
    if not 0 <= u <= 180:
        raise ctx.param_error("value", "DirectionUncertainty", f"{value[0]!r} (0..180)")
    return u


def _gaps(ctx: CallContext, threshold: tuple, angle_gap: tuple, dist_gap: tuple) -> None:
    if int(threshold[0]) < 0:
        raise ctx.param_error("value", "Threshold", f"{threshold[0]!r} must be >= 0")
    for v, name in ((angle_gap, "AngleGap"), (dist_gap, "DistGap")):
        if not 0 <= int(v[0]) <= 100000:
            raise ctx.param_error("value", name, f"{v[0]!r} must be >= 0")


def _accumulate(
    ctx: CallContext,
    rows: np.ndarray,
    cols: np.ndarray,
    ar: int,
    normals: np.ndarray | None,
    unc: float,
) -> tuple[np.ndarray, np.ndarray]:
    max_r = int(rows.max()) if rows.size else 0
    max_c = int(cols.max()) if cols.size else 0
    phis, height = line_axes(ar, max_r, max_c)
    check_count(ctx, 4.0 * height * phis.size, "Hough image", 4)
    return line_votes(rows, cols, phis, height, normals, unc), phis


def _int2(acc: np.ndarray) -> Image:
    return Image(np.clip(np.rint(acc), -_INT2 - 1, _INT2).astype(np.int16)[None], "int2")


def _hnf(peaks: list[tuple[int, int]], phis: np.ndarray) -> tuple[tuple, tuple]:
    return tuple(float(phis[c]) for _r, c in peaks), tuple(float(r) for r, _c in peaks)


@operator(
    "hough_line_trans",
    IconicIn("Region"),
    IconicOut("HoughImage"),
    ControlIn("AngleResolution", types="integer", count=1, default=4, values=(1, 2, 4, 8)),
)
def hough_line_trans(ctx: CallContext, region: ObjectTuple, resolution: tuple) -> tuple:
    """The Hough transform for lines of each region (int2 accumulator, angle x distance)."""
    ar = _resolution(ctx, resolution)
    out = []
    for reg in region:
        if not isinstance(reg, Region):
            raise ctx.error(9054, f"Region: expects regions, got a {reg.kind}")
        rows, cols = _region_points(reg)
        acc, _phis = _accumulate(ctx, rows, cols, ar, None, 180.0)
        out.append(_int2(acc))
    return (ObjectTuple(out),)


@operator(
    "hough_lines",
    IconicIn("RegionIn"),
    ControlIn("AngleResolution", types="integer", count=1, default=4, values=(1, 2, 4, 8)),
    ControlIn("Threshold", types="integer", count=1, default=100),
    ControlIn("AngleGap", types="integer", count=1, default=5),
    ControlIn("DistGap", types="integer", count=1, default=5),
    ControlOut("Angle", types="real"),
    ControlOut("Dist", types="real"),
)
def hough_lines(
    ctx: CallContext,
    region: ObjectTuple,
    resolution: tuple,
    threshold: tuple,
    angle_gap: tuple,
    dist_gap: tuple,
) -> tuple:
    """Lines (Hessian normal form) supported by at least Threshold points of the region."""
    ar = _resolution(ctx, resolution)
    _gaps(ctx, threshold, angle_gap, dist_gap)
    reg = _one(ctx, region, Region, "RegionIn")
    if not isinstance(reg, Region) or reg.is_empty():
        return (), ()
    rows, cols = _region_points(reg)
    acc, phis = _accumulate(ctx, rows, cols, ar, None, 180.0)
    peaks = line_peaks(acc, int(threshold[0]), int(angle_gap[0]), int(dist_gap[0]))
    return _hnf(peaks, phis)


@operator(
    "hough_line_trans_dir",
    IconicIn("ImageDir"),
    IconicOut("HoughImage"),
    ControlIn("DirectionUncertainty", types="integer", count=1, default=2),
    ControlIn("AngleResolution", types="integer", count=1, default=4, values=(1, 2, 4, 8)),
)
def hough_line_trans_dir(
    ctx: CallContext, image: ObjectTuple, uncertainty: tuple, resolution: tuple
) -> tuple:
    """The Hough transform for lines of a direction image's domain, using the directions."""
    unc = _uncertainty(ctx, uncertainty)
    ar = _resolution(ctx, resolution)
    out = []
    for img in image:
        if not isinstance(img, Image):
            raise ctx.error(9054, f"ImageDir: expects images, got a {img.kind}")
        rows, cols, normals = _dir_points(ctx, img)
        acc, _phis = _accumulate(ctx, rows, cols, ar, normals, unc)
        out.append(_int2(acc))
    return (ObjectTuple(out),)


def _smooth(ctx: CallContext, acc: np.ndarray, smoothing: str, size: int) -> np.ndarray:
    from scipy import ndimage as ndi

    if size < 1 or size > 201:
        raise ctx.param_error("value", "FilterSize", f"{size} (1..201)")
    f = acc.astype(np.float64)
    if size == 1:
        return f
    if smoothing == "mean":
        return ndi.uniform_filter(f, size, mode="nearest")
    return ndi.gaussian_filter(f, (size - 1) / 4.0, mode="nearest", truncate=2.0)


@operator(
    "hough_lines_dir",
    IconicIn("ImageDir"),
    IconicOut("HoughImage"),
    IconicOut("Lines"),
    ControlIn("DirectionUncertainty", types="integer", count=1, default=2),
    ControlIn("AngleResolution", types="integer", count=1, default=4, values=(1, 2, 4, 8)),
    ControlIn("Smoothing", types="string", count=1, default="mean", values=("mean", "gauss")),
    ControlIn("FilterSize", types="integer", count=1, default=5),
    ControlIn("Threshold", types="integer", count=1, default=100),
    ControlIn("AngleGap", types="integer", count=1, default=5),
    ControlIn("DistGap", types="integer", count=1, default=5),
    ControlIn("GenLines", types="string", count=1, default="true", values=("true", "false")),
    ControlOut("Angle", types="real"),
    ControlOut("Dist", types="real"),
)
def hough_lines_dir(
    ctx: CallContext,
    image: ObjectTuple,
    uncertainty: tuple,
    resolution: tuple,
    smoothing: tuple,
    filter_size: tuple,
    threshold: tuple,
    angle_gap: tuple,
    dist_gap: tuple,
    gen_lines: tuple,
) -> tuple:
    """Lines (Hessian normal form) from a direction image, the smoothed Hough image and,
    with GenLines 'true', the points of each line as regions."""
    unc = _uncertainty(ctx, uncertainty)
    ar = _resolution(ctx, resolution)
    _gaps(ctx, threshold, angle_gap, dist_gap)
    img = _one(ctx, image, Image, "ImageDir")
    if not isinstance(img, Image):
        return ObjectTuple(), ObjectTuple(), (), ()
    rows, cols, normals = _dir_points(ctx, img)
    acc, phis = _accumulate(ctx, rows, cols, ar, normals, unc)
    acc_s = _smooth(ctx, acc, smoothing[0], int(filter_size[0]))
    peaks = line_peaks(acc_s, int(threshold[0]), int(angle_gap[0]), int(dist_gap[0]))
    angles, dists = _hnf(peaks, phis)
    lines = []
    if gen_lines[0] == "true":
        tol = math.radians(unc)
        for phi, dist in zip(angles, dists, strict=True):
            resid = np.abs(cols * math.cos(phi) + rows * math.sin(phi) - dist)
            diff = np.abs((normals - phi) % math.pi)
            ok = (resid < 1.0) & (np.minimum(diff, math.pi - diff) <= tol + 1e-9)
            mask = np.zeros((img.height, img.width), bool)
            mask[rows[ok], cols[ok]] = True
            lines.append(Region.from_mask(mask))
    return ObjectTuple([_int2(acc_s)]), ObjectTuple(lines), angles, dists


def _radii(ctx: CallContext, radius: tuple) -> list[int]:
    out = []
    for v in radius:
        r = int(v)
        if not 1 <= r <= 5000:
            raise ctx.param_error("value", "Radius", f"{v!r} (1..5000)")
        out.append(r)
    return out


def _circle_acc(
    rows: np.ndarray, cols: np.ndarray, radius: int, mode: int, shape: tuple[int, int]
) -> tuple[np.ndarray, int]:
    radii = {0: (radius - 0.5,), 1: (float(radius),), 2: (radius - 0.5, float(radius))}[mode]
    acc = np.zeros(shape, np.int32)
    total = 0
    for rad in radii:
        a, n = circle_votes(rows, cols, rad, *shape)
        acc += a
        total += n
    return acc, total


def _shape_of(ctx: CallContext, rows: np.ndarray, cols: np.ndarray) -> tuple[int, int]:
    shape = (int(rows.max()) + 1, int(cols.max()) + 1) if rows.size else (1, 1)
    check_count(ctx, 4.0 * shape[0] * shape[1], "Hough image", 4)
    return shape


@operator(
    "hough_circle_trans",
    IconicIn("Region"),
    IconicOut("HoughImage"),
    ControlIn("Radius", types="integer", count=(1, None), default=12),
)
def hough_circle_trans(ctx: CallContext, region: ObjectTuple, radius: tuple) -> tuple:
    """Hough transform for circles of the given radii: one int2 image per region and radius."""
    radii = _radii(ctx, radius)
    out = []
    for reg in region:
        if not isinstance(reg, Region):
            raise ctx.error(9054, f"Region: expects regions, got a {reg.kind}")
        rows, cols = _region_points(reg)
        for r in radii:
            acc, _n = _circle_acc(rows, cols, r, 1, _shape_of(ctx, rows, cols))
            out.append(_int2(acc))
    return (ObjectTuple(out),)


@operator(
    "hough_circles",
    IconicIn("RegionIn"),
    IconicOut("RegionOut"),
    ControlIn("Radius", types="integer", count=(1, None), default=12),
    ControlIn("Percent", types="integer", count=(1, None), default=60),
    ControlIn("Mode", types="integer", count=(1, None), default=0, values=(0, 1, 2)),
)
def hough_circles(
    ctx: CallContext, region: ObjectTuple, radius: tuple, percent: tuple, mode: tuple
) -> tuple:
    """Centres of circles of the given radii that are at least Percent percent present."""
    from scipy import ndimage as ndi

    radii = _radii(ctx, radius)
    n = max(len(radius), len(percent), len(mode))
    for values, name in ((radius, "Radius"), (percent, "Percent"), (mode, "Mode")):
        if len(values) not in (1, n):
            raise ctx.param_error("count", name, f"{len(values)} values for {n}")
    for v in percent:
        if not 1 <= int(v) <= 100:
            raise ctx.param_error("value", "Percent", f"{v!r} (1..100)")
    reg = _one(ctx, region, Region, "RegionIn")
    if not isinstance(reg, Region):
        return (ObjectTuple(),)
    rows, cols = _region_points(reg)
    shape = _shape_of(ctx, rows, cols)
    out = []
    for i in range(n):
        r = radii[i if len(radii) > 1 else 0]
        p = int(percent[i if len(percent) > 1 else 0])
        m = int(mode[i if len(mode) > 1 else 0])
        if rows.size == 0:
            out.append(Region.empty())
            continue
        acc, total = _circle_acc(rows, cols, r, m, shape)
        peak = ndi.maximum_filter(acc, size=3, mode="constant", cval=0)
        hit = (acc >= peak) & (acc > 0) & (acc * 100 >= p * total)
        out.append(Region.from_mask(hit))
    return (ObjectTuple(out),)
