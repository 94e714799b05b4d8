"""Rendering iconic objects and primitives into a window's canvas.

Images are sampled nearest-neighbour through the window's image part; pixel types other than
byte are scaled from their minimum..maximum (within the domain) to 0..255, as HALCON's
display does. Regions are filled, or outlined along their pixel borders, in window pixels.
Lines, circles and polygons are given in image coordinates and drawn with Pillow.
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


def _outline(mask: np.ndarray, width: float) -> np.ndarray:
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


def paint_mask(window: Window, mask: np.ndarray, color: RGBA) -> None:
    """Paint ``color`` (blending by its alpha) on the window pixels in ``mask``."""
    if not mask.any():
        return
    alpha = PILImage.fromarray((mask.astype(np.uint8) * color[3]), "L")
    window.canvas.paste(color[:3], (0, 0), alpha)


def draw_region(window: Window, region: Region, color: RGBA) -> None:
    """Fill or outline a region according to the window's draw mode."""
    mask = region_window_mask(window, region)
    if window.settings.draw_mode == "margin":
        mask = _outline(mask, window.settings.line_width)
    paint_mask(window, mask, color)


def _drawer(window: Window) -> ImageDraw.ImageDraw:
    return ImageDraw.Draw(window.canvas, "RGBA")


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
    window: Window, rows: Sequence[float], cols: Sequence[float], color: RGBA, closed: bool = False
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
    if len(points) == 1:
        draw.point(points, fill=color)
        return
    style = window.settings.line_style
    pieces = _dashes(points, style) if style else [points]
    for piece in pieces:
        draw.line(piece, fill=color, width=width, joint="curve" if width > 2 else None)


def draw_polygon(window: Window, rows: Sequence[float], cols: Sequence[float], color: RGBA) -> None:
    """A closed polygon in image coordinates: filled or outlined by the draw mode."""
    if window.settings.draw_mode == "margin":
        draw_polyline(window, rows, cols, color, closed=True)
        return
    ys, xs = window.to_window(
        np.asarray(rows, dtype=np.float64), np.asarray(cols, dtype=np.float64)
    )
    points = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
    if len(points) >= 3:
        _drawer(window).polygon(points, fill=color)
    else:
        draw_polyline(window, rows, cols, color)


def draw_ellipse(
    window: Window, row: float, col: float, radius_r: float, radius_c: float, color: RGBA
) -> None:
    """An axis-parallel ellipse in image coordinates (a circle when the radii agree)."""
    y, x = window.to_window(row, col)
    sy, sx = window.scale()
    box = [x - radius_c * sx, y - radius_r * sy, x + radius_c * sx, y + radius_r * sy]
    draw = _drawer(window)
    if window.settings.draw_mode == "margin":
        width = max(round(window.settings.line_width), 1)
        draw.ellipse(box, outline=color, width=width)
    else:
        draw.ellipse(box, fill=color)
