"""1-D measuring: edges and edge pairs along a line or an arc, sub-pixel precise.

Profile geometry (vision spec §3.11): a rectangle's profile runs along its Length1 axis,
direction (dRow, dCol) = (-sin Phi, cos Phi), from the centre - Length1 to the centre +
Length1 at 1-pixel steps (floor(2 Length1) + 1 samples); each profile value is the mean of
2 round(Length2) + 1 samples across, 1 pixel apart. An arc's profile runs along the circle
of Radius from AngleStart over AngleExtent (1 pixel of arc length apart), averaging radially
over ±AnnulusRadius. 'nearest_neighbor', 'bilinear' and 'bicubic' interpolation sample the
image; samples outside it take the nearest border pixel [unverified]. Width and Height are
kept with the handle; an image of another size is measured all the same [unverified: HALCON
may adapt or reject it].

Edges: the profile is convolved with the derivative of a Gaussian of Sigma; edges are the
local extrema of that derivative whose magnitude is at least Threshold, placed by a parabola
through the extremum and its neighbours. 'positive' edges go from dark to bright along the
profile. Amplitude is the signed derivative at the edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from hdlite_image._common import check_count, coordinate

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    Image,
    ObjectTuple,
    operator,
)

_INTERP = ("nearest_neighbor", "bilinear", "bicubic")
_ORDER = {"nearest_neighbor": 0, "bilinear": 1, "bicubic": 3}


@dataclass
class MeasureObject:
    """Geometry and sampling grid of a measure handle."""

    shape: str  # 'rectangle2' or 'arc'
    geometry: tuple[float, ...]
    width: int
    height: int
    interpolation: str
    rows: np.ndarray  # (profile length, samples across)
    cols: np.ndarray
    profile_rows: np.ndarray  # image position of each profile point
    profile_cols: np.ndarray


def _rectangle(row, col, phi, l1, l2, width, height, interp) -> MeasureObject:
    n = math.floor(2 * l1) + 1
    t = -l1 + np.arange(n, dtype=np.float64)
    k = round(l2)
    s = np.arange(-k, k + 1, dtype=np.float64)
    dr, dc = -math.sin(phi), math.cos(phi)
    er, ec = math.cos(phi), math.sin(phi)  # across, perpendicular to the profile
    pr, pc = row + t * dr, col + t * dc
    rows = pr[:, None] + s[None, :] * er
    cols = pc[:, None] + s[None, :] * ec
    geo = (row, col, phi, l1, l2)
    return MeasureObject("rectangle2", geo, width, height, interp, rows, cols, pr, pc)


def _arc(row, col, radius, start, extent, annulus, width, height, interp) -> MeasureObject:
    n = math.floor(abs(extent) * radius) + 1
    theta = start + (extent * np.arange(n) / (n - 1) if n > 1 else np.zeros(1))
    k = round(annulus)
    radii = radius + np.arange(-k, k + 1, dtype=np.float64)
    rows = row - radii[None, :] * np.sin(theta)[:, None]
    cols = col + radii[None, :] * np.cos(theta)[:, None]
    pr, pc = row - radius * np.sin(theta), col + radius * np.cos(theta)
    geo = (row, col, radius, start, extent, annulus)
    return MeasureObject("arc", geo, width, height, interp, rows, cols, pr, pc)


def _size(ctx: CallContext, width: tuple, height: tuple) -> tuple[int, int]:
    if width[0] <= 0:
        raise ctx.param_error("value", "Width", f"{width[0]!r} must be positive")
    if height[0] <= 0:
        raise ctx.param_error("value", "Height", f"{height[0]!r} must be positive")
    return int(width[0]), int(height[0])


@operator(
    "gen_measure_rectangle2",
    ControlIn("Row", types="number", count=1, default=300.0),
    ControlIn("Column", types="number", count=1, default=200.0),
    ControlIn("Phi", types="number", count=1, default=0.0),
    ControlIn("Length1", types="number", count=1, default=100.0),
    ControlIn("Length2", types="number", count=1, default=20.0),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
    ControlIn("Interpolation", types="string", count=1, default="nearest_neighbor", values=_INTERP),
    ControlOut("MeasureHandle", types="handle", count=1),
)
def gen_measure_rectangle2(ctx, row, col, phi, l1, l2, width, height, interp) -> tuple:
    """A measure object for edges along the Length1 axis of a rotated rectangle."""
    if l1[0] < 0 or l2[0] < 0:
        raise ctx.param_error("value", "Length1", "half lengths must not be negative")
    w, h = _size(ctx, width, height)
    r, c = coordinate(ctx, row[0], "Row"), coordinate(ctx, col[0], "Column")
    a, b = coordinate(ctx, l1[0], "Length1"), coordinate(ctx, l2[0], "Length2")
    check_count(ctx, (2 * a + 1) * (2 * b + 3), "Length1", 32)  # the sampling grid
    obj = _rectangle(r, c, float(phi[0]), a, b, w, h, interp[0])
    return ((ctx.new_handle("measure", obj),),)


@operator(
    "gen_measure_arc",
    ControlIn("CenterRow", types="number", count=1, default=100.0),
    ControlIn("CenterCol", types="number", count=1, default=100.0),
    ControlIn("Radius", types="number", count=1, default=50.0),
    ControlIn("AngleStart", types="number", count=1, default=0.0),
    ControlIn("AngleExtent", types="number", count=1, default=6.28318),
    ControlIn("AnnulusRadius", types="number", count=1, default=10.0),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
    ControlIn("Interpolation", types="string", count=1, default="nearest_neighbor", values=_INTERP),
    ControlOut("MeasureHandle", types="handle", count=1),
)
def gen_measure_arc(ctx, row, col, radius, start, extent, annulus, width, height, interp) -> tuple:
    """A measure object for edges along a circular arc (counter-clockwise for a positive
    AngleExtent), averaged radially over ±AnnulusRadius."""
    if radius[0] <= 0:
        raise ctx.param_error("value", "Radius", f"{radius[0]!r} must be positive")
    if annulus[0] < 0 or annulus[0] > radius[0]:
        raise ctx.param_error("value", "AnnulusRadius", "must lie in [0, Radius]")
    w, h = _size(ctx, width, height)
    r, c = coordinate(ctx, row[0], "CenterRow"), coordinate(ctx, col[0], "CenterCol")
    rad, ann = coordinate(ctx, radius[0], "Radius"), float(annulus[0])
    a0, ext = float(start[0]), float(extent[0])
    for value, name in ((a0, "AngleStart"), (ext, "AngleExtent")):
        if not math.isfinite(value):
            raise ctx.param_error("value", name, f"{value!r} is not a finite number")
    check_count(ctx, (abs(ext) * rad + 1) * (2 * ann + 3), "AngleExtent", 32)  # the samples
    obj = _arc(r, c, rad, a0, ext, ann, w, h, interp[0])
    return ((ctx.new_handle("measure", obj),),)


def _measure(ctx: CallContext, handle: tuple) -> MeasureObject:
    obj = handle[0].obj
    assert isinstance(obj, MeasureObject)
    return obj


def profile(ctx: CallContext, image: ObjectTuple, m: MeasureObject) -> np.ndarray:
    """The averaged gray-value profile of the (single, single-channel) image."""
    from scipy.ndimage import map_coordinates

    imgs = list(image)
    if len(imgs) != 1 or not isinstance(imgs[0], Image):
        raise ctx.error(1501, f"Image: expects one image, got {len(imgs)} objects")
    img = imgs[0]
    if img.pixel_type not in ("byte", "uint2", "int1", "int2", "int4", "real"):
        raise ctx.error(9007, f"Image: pixel type {img.pixel_type!r}")
    data = np.asarray(img.data[0], dtype=np.float64)
    coords = np.stack([m.rows.ravel(), m.cols.ravel()])
    samples = map_coordinates(data, coords, order=_ORDER[m.interpolation], mode="nearest")
    return samples.reshape(m.rows.shape).mean(axis=1)


def find_edges(values: np.ndarray, sigma: float, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Sub-pixel positions (profile index units) and signed amplitudes of the edges."""
    from scipy.ndimage import gaussian_filter1d

    if len(values) < 3:
        return np.zeros(0), np.zeros(0)
    d = gaussian_filter1d(values, sigma, order=1, mode="nearest")
    a = np.abs(d)
    peak = (a[1:-1] >= a[:-2]) & (a[1:-1] > a[2:]) & (a[1:-1] >= threshold)
    idx = np.nonzero(peak)[0] + 1
    left, mid, right = a[idx - 1], a[idx], a[idx + 1]
    denom = left - 2 * mid + right
    off = np.where(denom != 0, 0.5 * (left - right) / np.where(denom == 0, 1, denom), 0.0)
    amp = d[idx] + 0.25 * (d[idx + 1] - d[idx - 1]) * off  # value of the parabola at its top
    return idx + off, amp


def _positions(m: MeasureObject, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    idx = np.arange(len(m.profile_rows), dtype=np.float64)
    return np.interp(t, idx, m.profile_rows), np.interp(t, idx, m.profile_cols)


def _edges(ctx, image, handle, sigma, threshold) -> tuple[MeasureObject, np.ndarray, np.ndarray]:
    if sigma[0] < 0.4:
        raise ctx.param_error("value", "Sigma", f"{sigma[0]!r} (at least 0.4)")
    check_count(ctx, 8 * float(sigma[0]) + 1, "Sigma", 64)  # the mask of the Gaussian
    if threshold[0] < 0:
        raise ctx.param_error("value", "Threshold", f"{threshold[0]!r} must not be negative")
    m = _measure(ctx, handle)
    t, amp = find_edges(profile(ctx, image, m), float(sigma[0]), float(threshold[0]))
    return m, t, amp


def _polarity(amp: np.ndarray, transition: str) -> np.ndarray:
    if transition == "positive":
        return amp > 0
    if transition == "negative":
        return amp < 0
    return np.ones(len(amp), dtype=bool)


def _select(n: int, select: str) -> slice:
    if n == 0 or select == "all":
        return slice(None)
    return slice(0, 1) if select == "first" else slice(n - 1, n)


def _floats(a: np.ndarray) -> tuple:
    return tuple(float(v) for v in a)


_TRANS = ("all", "positive", "negative")
_SEL = ("all", "first", "last")


@operator(
    "measure_pos",
    IconicIn("Image"),
    ControlIn("MeasureHandle", types="handle", count=1, sem="measure"),
    ControlIn("Sigma", types="number", count=1, default=1.0),
    ControlIn("Threshold", types="number", count=1, default=30.0),
    ControlIn("Transition", types="string", count=1, default="all", values=_TRANS),
    ControlIn("Select", types="string", count=1, default="all", values=_SEL),
    ControlOut("RowEdge", types="real"),
    ControlOut("ColumnEdge", types="real"),
    ControlOut("Amplitude", types="real"),
    ControlOut("Distance", types="real"),
)
def measure_pos(ctx, image, handle, sigma, threshold, transition, select) -> tuple:
    """Straight edges across the profile: positions, signed amplitudes and the distances
    between consecutive edges; no edge gives empty tuples."""
    m, t, amp = _edges(ctx, image, handle, sigma, threshold)
    keep = _polarity(amp, transition[0])
    t, amp = t[keep], amp[keep]
    sel = _select(len(t), select[0])
    t, amp = t[sel], amp[sel]
    rows, cols = _positions(m, t)
    dist = np.hypot(np.diff(rows), np.diff(cols))
    return (_floats(rows), _floats(cols), _floats(amp), _floats(dist))


def _pairs(amp: np.ndarray, transition: str) -> list[tuple[int, int]]:
    """Index pairs (first, second) of edges of opposite polarity, in profile order."""
    pairs = []
    first_sign = {"positive": 1.0, "negative": -1.0}.get(transition)
    i = 0
    while i < len(amp):
        sign = np.sign(amp[i])
        if first_sign is None:
            first_sign = float(sign)
        if sign != first_sign:
            i += 1
            continue
        j = i + 1
        while j < len(amp) and np.sign(amp[j]) == sign:
            j += 1
        if j >= len(amp):
            break
        pairs.append((i, j))
        i = j + 1
    return pairs


@operator(
    "measure_pairs",
    IconicIn("Image"),
    ControlIn("MeasureHandle", types="handle", count=1, sem="measure"),
    ControlIn("Sigma", types="number", count=1, default=1.0),
    ControlIn("Threshold", types="number", count=1, default=30.0),
    ControlIn("Transition", types="string", count=1, default="all", values=_TRANS),
    ControlIn("Select", types="string", count=1, default="all", values=_SEL),
    *(
        ControlOut(n, types="real")
        for n in (
            "RowEdgeFirst",
            "ColumnEdgeFirst",
            "AmplitudeFirst",
            "RowEdgeSecond",
            "ColumnEdgeSecond",
            "AmplitudeSecond",
            "IntraDistance",
            "InterDistance",
        )
    ),
)
def measure_pairs(ctx, image, handle, sigma, threshold, transition, select) -> tuple:
    """Edge pairs: an edge of the Transition's polarity ('all': the polarity of the first
    edge) with the next edge of the opposite polarity; IntraDistance within a pair,
    InterDistance from the second edge of a pair to the first edge of the next."""
    m, t, amp = _edges(ctx, image, handle, sigma, threshold)
    pairs = _pairs(amp, transition[0])
    pairs = pairs[_select(len(pairs), select[0])]
    a = np.array([p[0] for p in pairs], dtype=int)
    b = np.array([p[1] for p in pairs], dtype=int)
    r1, c1 = _positions(m, t[a])
    r2, c2 = _positions(m, t[b])
    intra = np.hypot(r2 - r1, c2 - c1)
    inter = np.hypot(r1[1:] - r2[:-1], c1[1:] - c2[:-1])
    return tuple(_floats(v) for v in (r1, c1, amp[a], r2, c2, amp[b], intra, inter))


@operator(
    "measure_projection",
    IconicIn("Image"),
    ControlIn("MeasureHandle", types="handle", count=1, sem="measure"),
    ControlOut("GrayValues", types="real"),
)
def measure_projection(ctx: CallContext, image: ObjectTuple, handle: tuple) -> tuple:
    """The gray-value profile: the mean across the measure object at each profile point."""
    return (_floats(profile(ctx, image, _measure(ctx, handle))),)


@operator(
    "translate_measure",
    ControlIn("MeasureHandle", types="handle", count=1, sem="measure"),
    ControlIn("Row", types="number", count=1, default=50.0),
    ControlIn("Column", types="number", count=1, default=100.0),
)
def translate_measure(ctx: CallContext, handle: tuple, row: tuple, col: tuple) -> tuple:
    """Move the measure object so that its centre lies at (Row, Column)."""
    m = _measure(ctx, handle)
    dr, dc = float(row[0]) - m.geometry[0], float(col[0]) - m.geometry[1]
    m.geometry = (float(row[0]), float(col[0]), *m.geometry[2:])
    m.rows, m.cols = m.rows + dr, m.cols + dc
    m.profile_rows, m.profile_cols = m.profile_rows + dr, m.profile_cols + dc
    return ()


@operator("close_measure", ControlIn("MeasureHandle", types="handle", count=1, sem="measure"))
def close_measure(ctx: CallContext, handle: tuple) -> tuple:
    """Delete the measure object; any later use of the handle is error 2454."""
    handle[0].clear()
    return ()
