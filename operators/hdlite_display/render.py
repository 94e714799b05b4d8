"""Rendering iconic objects and primitives into a window's canvas.

Images are sampled nearest-neighbour through the window's image part; pixel types other than
byte are scaled from their minimum..maximum (within the domain) to 0..255, as HALCON's
display does. Regions are filled, or outlined along their pixel borders, in window pixels.
Lines, circles and polygons are given in image coordinates and drawn with Pillow, after
clipping to the window (plus a margin for the line width): coordinates far outside the
window (1e300, the 64-bit integer limits) cost no time, and non-finite points (NaN, inf)
are left out, so a line through them is drawn up to its last finite point.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw

from hdlite.plugin import Image, Region

from .colors import RGBA
from .state import Window


def sample_indices(window: Window) -> tuple[np.ndarray, np.ndarray]:
    """The image row for every window row and the image column for every window column."""
    sy, sx = window.scale()
    ys = np.arange(window.height, dtype=np.float64)
    xs = np.arange(window.width, dtype=np.float64)
    rows = np.floor((ys + 0.5) / sy + float(window.part[0])).astype(np.int64)
    cols = np.floor((xs + 0.5) / sx + float(window.part[1])).astype(np.int64)
    return rows, cols


def _lookup(mask: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``mask[rows][:, cols]`` with False outside the mask."""
    h, w = mask.shape
    if h == 0 or w == 0:  # an empty region shows nothing
        return np.zeros((rows.size, cols.size), dtype=bool)
    r_ok = (rows >= 0) & (rows < h)
    c_ok = (cols >= 0) & (cols < w)
    out = mask[np.clip(rows, 0, max(h - 1, 0))][:, np.clip(cols, 0, max(w - 1, 0))]
    return out & r_ok[:, None] & c_ok[None, :]


def image_to_rgb(image: Image) -> np.ndarray:
    """The image as an (h, w, 3) uint8 array, scaled for display when not of type byte."""
    data = image.data
    channels = data[:3] if data.shape[0] >= 3 else data[:1]
    if image.pixel_type != "byte":
        values = channels.astype(np.float64)
        domain = image.domain.to_mask(image.height, image.width) if image.domain else None
        picked = values[:, domain] if domain is not None else values
        if picked.size:
            low, high = float(np.nanmin(picked)), float(np.nanmax(picked))
        else:
            low, high = 0.0, 0.0
        span = high - low
        scaled = (values - low) * (255.0 / span) if span > 0 else np.zeros_like(values)
        channels = np.clip(np.nan_to_num(scaled), 0, 255).round().astype(np.uint8)
    else:
        channels = channels.astype(np.uint8, copy=False)
    if channels.shape[0] == 1:
        channels = np.repeat(channels, 3, axis=0)
    return np.ascontiguousarray(np.moveaxis(channels, 0, -1))


def draw_image(window: Window, image: Image) -> None:
    """Display an image (its domain only) through the window's part."""
    rows, cols = sample_indices(window)
    rgb = image_to_rgb(image)
    if image.channels < 3 and window.settings.lut not in ("default", "linear"):
        from .window_modes import LUTS

        rgb = LUTS[window.settings.lut][rgb[..., 0]]
    full = np.ones((image.height, image.width), dtype=bool)
    domain = image.domain.to_mask(image.height, image.width) if image.domain else full
    shown = _lookup(domain, rows, cols)
    if not shown.any():
        return
    r = np.clip(rows, 0, image.height - 1)
    c = np.clip(cols, 0, image.width - 1)
    sampled = rgb[r][:, c]
    canvas = np.asarray(window.canvas).copy()
    canvas[shown] = sampled[shown]
    window.canvas.paste(PILImage.fromarray(canvas, "RGB"))


def region_window_mask(window: Window, region: Region) -> np.ndarray:
    """The window pixels that show a pixel of ``region``."""
    rows, cols = sample_indices(window)
    return _lookup(region.mask, rows - region.row, cols - region.column)


def outline(mask: np.ndarray, width: float) -> np.ndarray:
    """The border pixels of ``mask``, thickened to about ``width`` pixels."""
    padded = np.pad(mask, 1)
    inner = (
        padded[1:-1, 1:-1]
        & padded[:-2, 1:-1]
        & padded[2:, 1:-1]
        & padded[1:-1, :-2]
        & padded[1:-1, 2:]
    )
    border = mask & ~inner
    grow = max(round(width) - 1, 0)
    for step in range(grow):
        padded = np.pad(border, 1)
        if step % 2 == 0:  # grow outwards first, then inwards, alternating
            border = border | padded[:-2, 1:-1] | padded[1:-1, :-2]
        else:
            border = border | padded[2:, 1:-1] | padded[1:-1, 2:]
    return border


def paint_mask(
    window: Window, mask: np.ndarray, color: RGBA, origin: tuple[int, int] = (0, 0)
) -> None:
    """Paint ``color`` (blending by its alpha) on the window pixels in ``mask``, whose top
    left corner lies at window pixel ``origin`` (row, column)."""
    if not mask.any():
        return
    alpha = PILImage.fromarray((mask.astype(np.uint8) * color[3]), "L")
    top, left = origin
    box = (left, top, left + mask.shape[1], top + mask.shape[0])
    window.canvas.paste(color[:3], box, alpha)


def _span(indices: np.ndarray, low: int, high: int, pad: int, size: int) -> tuple[int, int]:
    """The window index range [a, b) whose (non-decreasing) image ``indices`` fall in
    [low, high), widened by ``pad`` window pixels on each side and clipped to the window."""
    a = int(np.searchsorted(indices, low, side="left"))
    b = int(np.searchsorted(indices, high, side="left"))
    if a >= b:
        return 0, 0
    return max(a - pad, 0), min(b + pad, size)


def draw_region(window: Window, region: Region, color: RGBA) -> None:
    """Fill or outline a region according to the window's draw mode.

    Only the window pixels around the region's bounding box are computed and painted (plus
    the outline's growth in margin mode), so thousands of small regions display quickly;
    the pixels painted are the same as for a whole-window mask."""
    rows, cols = sample_indices(window)
    mask = region.mask
    margin = window.settings.draw_mode == "margin"
    pad = max(round(window.settings.line_width), 1) + 1 if margin else 0
    r0, r1 = _span(rows, region.row, region.row + mask.shape[0], pad, rows.size)
    c0, c1 = _span(cols, region.column, region.column + mask.shape[1], pad, cols.size)
    if r0 >= r1 or c0 >= c1:
        return
    sub = _lookup(mask, rows[r0:r1] - region.row, cols[c0:c1] - region.column)
    if margin:
        # the box is padded with pixels outside the region wherever it is not cut by the
        # window's edge, so the outline and its growth match the whole-window outline
        sub = outline(sub, window.settings.line_width)
    paint_mask(window, sub, color, (r0, c0))


def _drawer(window: Window) -> ImageDraw.ImageDraw:
    return ImageDraw.Draw(window.canvas, "RGBA")


Point = tuple[float, float]


def _bounds(window: Window) -> tuple[float, float, float, float]:
    """The window rectangle (x0, y0, x1, y1) plus a margin for thick lines."""
    margin = 4.0 + 2.0 * max(window.settings.line_width, 1.0)
    return (-margin, -margin, window.width + margin, window.height + margin)


def _clip_segment(a: Point, b: Point, box: tuple[float, ...]) -> tuple[Point, Point] | None:
    """The part of segment a-b inside ``box`` (Liang-Barsky), or None.

    A clipped end is computed on the boundary that clipped it (its coordinate exact there),
    so that lines given by coordinates near 2^63 keep their direction.
    """
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    if not all(math.isfinite(v) for v in (x0, y0, dx, dy)):
        return None
    t0, t1 = 0.0, 1.0
    edge0: tuple[int, float] | None = None
    edge1: tuple[int, float] | None = None
    limits: list[tuple[float, float, int, float]] = [
        (-dx, x0 - box[0], 0, box[0]),
        (dx, box[2] - x0, 0, box[2]),
        (-dy, y0 - box[1], 1, box[1]),
        (dy, box[3] - y0, 1, box[3]),
    ]
    for p, q, axis, value in limits:
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0 and t > t0:
            t0, edge0 = t, (axis, value)
        elif p > 0 and t < t1:
            t1, edge1 = t, (axis, value)
        if t0 > t1:
            return None

    def point(edge: tuple[int, float] | None, end: Point) -> Point:
        if edge is None:
            return end
        axis, value = edge
        if axis == 0:
            return (value, y0 + (value - x0) * (dy / dx))
        return (x0 + (value - y0) * (dx / dy), value)

    return point(edge0, a), point(edge1, b)


def _visible_pieces(points: list[Point], box: tuple[float, ...]) -> list[list[Point]]:
    """The parts of a polyline inside ``box``, as polylines."""
    pieces: list[list[Point]] = []
    for a, b in itertools.pairwise(points):
        clipped = _clip_segment(a, b, box)
        if clipped is None:
            continue
        start, end = clipped
        if pieces and pieces[-1][-1] == start:
            pieces[-1].append(end)
        else:
            pieces.append([start, end])
    return pieces


def _clip_polygon(points: list[Point], box: tuple[float, ...]) -> list[Point]:
    """A polygon clipped to ``box`` (Sutherland-Hodgman); non-finite points are left out."""
    out = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
    edges = (
        (lambda p: p[0] >= box[0], 0, box[0]),
        (lambda p: p[0] <= box[2], 0, box[2]),
        (lambda p: p[1] >= box[1], 1, box[1]),
        (lambda p: p[1] <= box[3], 1, box[3]),
    )
    for inside, axis, limit in edges:
        source, out = out, []
        for k, current in enumerate(source):
            previous = source[k - 1]
            if inside(current) != inside(previous):
                span = current[axis] - previous[axis]
                t = (limit - previous[axis]) / span
                out.append(
                    (
                        previous[0] + t * (current[0] - previous[0]),
                        previous[1] + t * (current[1] - previous[1]),
                    )
                )
            if inside(current):
                out.append(current)
    return out


def _dashes(points: list[tuple[float, float]], pattern: Sequence[float]) -> list[list[tuple]]:
    """Split a polyline into the visible pieces of a dash pattern (on, off, on, off...)."""
    pieces: list[list[tuple]] = []
    index, left, on = 0, float(pattern[0]), True
    current: list[tuple] = [points[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while length - pos > left:
            pos += left
            t = pos / length
            point = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
            if on:
                current.append(point)
                pieces.append(current)
            current = [point]
            on = not on
            index = (index + 1) % len(pattern)
            left = float(pattern[index])
        left -= length - pos
        if on:
            current.append((x1, y1))
    if on and len(current) > 1:
        pieces.append(current)
    return pieces


def draw_polyline(
    window: Window,
    rows: Sequence[float] | np.ndarray,
    cols: Sequence[float] | np.ndarray,
    color: RGBA,
    closed: bool = False,
) -> None:
    """Draw a polyline given in image coordinates with the window's line width and style."""
    if len(rows) == 0:
        return
    ys, xs = window.to_window(
        np.asarray(rows, dtype=np.float64), np.asarray(cols, dtype=np.float64)
    )
    points = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
    if closed and len(points) > 2:
        points.append(points[0])
    width = max(round(window.settings.line_width), 1)
    draw = _drawer(window)
    box = _bounds(window)
    if len(points) == 1:
        x, y = points[0]
        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            draw.point(points, fill=color)
        return
    style = window.settings.line_style
    for visible in _visible_pieces(points, box):
        pieces = _dashes(visible, style) if style else [visible]
        for piece in pieces:
            draw.line(piece, fill=color, width=width, joint="curve" if width > 2 else None)


def draw_polygon(window: Window, rows: Sequence[float], cols: Sequence[float], color: RGBA) -> None:
    """A closed polygon in image coordinates: filled or outlined by the draw mode."""
    if window.settings.draw_mode == "margin":
        draw_polyline(window, rows, cols, color, closed=True)
        return
    fill_polygon(window, rows, cols, color)


def fill_polygon(window: Window, rows: Sequence[float], cols: Sequence[float], color: RGBA) -> None:
    """The area enclosed by a polygon in image coordinates, filled (a line when it has fewer
    than three points)."""
    ys, xs = window.to_window(
        np.asarray(rows, dtype=np.float64), np.asarray(cols, dtype=np.float64)
    )
    points = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
    if len(points) >= 3:
        clipped = _clip_polygon(points, _bounds(window))
        if len(clipped) >= 3:
            _drawer(window).polygon(clipped, fill=color)
    else:
        draw_polyline(window, rows, cols, color)


def draw_ellipse(
    window: Window, row: float, col: float, radius_r: float, radius_c: float, color: RGBA
) -> None:
    """An axis-parallel ellipse in image coordinates (a circle when the radii agree).

    The radii must not be negative. An ellipse that lies outside the window draws nothing;
    one much larger than the window is rasterised directly (Pillow would walk its whole
    outline).
    """
    y, x = window.to_window(row, col)
    sy, sx = window.scale()
    ry, rx = radius_r * sy, radius_c * sx
    box = [x - rx, y - ry, x + rx, y + ry]
    if not all(math.isfinite(v) for v in box):
        return
    limit = _bounds(window)
    if box[2] < limit[0] or box[0] > limit[2] or box[3] < limit[1] or box[1] > limit[3]:
        return
    if rx > 4 * (window.width + window.height) or ry > 4 * (window.width + window.height):
        _large_ellipse(window, x, y, rx, ry, color)
        return
    draw = _drawer(window)
    if window.settings.draw_mode == "margin":
        width = max(round(window.settings.line_width), 1)
        draw.ellipse(box, outline=color, width=width)
    else:
        draw.ellipse(box, fill=color)


def _large_ellipse(window: Window, x: float, y: float, rx: float, ry: float, color: RGBA) -> None:
    """An ellipse much larger than the window, rasterised over the window's pixels."""
    ys = np.arange(window.height, dtype=np.float64)[:, None] + 0.5
    xs = np.arange(window.width, dtype=np.float64)[None, :] + 0.5
    with np.errstate(over="ignore", invalid="ignore"):
        inside = ((xs - x) / rx) ** 2 + ((ys - y) / ry) ** 2 <= 1.0
        if window.settings.draw_mode == "margin":
            half = max(window.settings.line_width, 1.0) / 2.0
            grown = ((xs - x) / (rx + half)) ** 2 + ((ys - y) / (ry + half)) ** 2 <= 1.0
            shrunk = ((xs - x) / max(rx - half, 1e-9)) ** 2 + (
                (ys - y) / max(ry - half, 1e-9)
            ) ** 2 <= 1.0
            inside = grown & ~shrunk
    paint_mask(window, inside, color)
