"""Displaying objects (dev_display, disp_obj, ...) and drawing primitives (disp_line, ...).

Regions, contours and primitives take the window's colors in turn: the first object of a
call gets the first color, the next one the next color, and so on (modulo the number of
colors). Images use no color. Coordinates of primitives are image coordinates.
"""

from __future__ import annotations

import math
from typing import Any

from hdlite_image.xld_objects import Parallel, Polygon

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    Image,
    ObjectTuple,
    Param,
    Region,
    operator,
)

from . import render
from .state import Window, active_window, window_of
from .window_modes import shaped
from .windows import WINDOW_HANDLE
from .xld import Contour

WRONG_OBJECT = 9054  # H_ERR_WR_OBJ_TYPE


def show_image(window: Window, image: Image, *, dev: bool) -> None:
    """Display an image; dev_display resets the part when the image size changes."""
    size = (image.height, image.width)
    if dev and size != window.last_image_size:
        if window.last_image_size is not None or window.part_mode == "window":
            window.part, window.part_mode = (0, 0, image.height - 1, image.width - 1), "image"
    render.draw_image(window, image)
    window.image_shown(size)


def show_objects(
    window: Window, objects: ObjectTuple, *, dev: bool = False, ctx: CallContext | None = None
) -> None:
    """Display every object of a tuple in the window (regions in the window's shape, which
    needs the calling operator's ``ctx``)."""
    colors = window.settings.colors
    index = 0
    for obj in objects:
        if isinstance(obj, Image):
            show_image(window, obj, dev=dev)
            continue
        color = colors[index % len(colors)]
        index += 1
        if isinstance(obj, Region):
            render.draw_region(window, shaped(ctx, obj, window.settings.shape), color)
        elif isinstance(obj, Contour):
            show_contour(window, obj.rows, obj.cols, color)
        elif isinstance(obj, (Polygon, Parallel)):  # XLD polygons; both parts of parallels
            for rows, cols in obj.polylines():
                render.draw_polyline(window, rows, cols, color)


def show_contour(window: Window, rows: Any, cols: Any, color: tuple) -> None:
    """Draw a contour by the window's contour style: its line, its enclosed area, or both."""
    style = window.settings.contour_style
    if style != "stroke" and len(rows) >= 3:
        render.fill_polygon(window, rows, cols, color)
    if style != "fill" or len(rows) < 3:
        render.draw_polyline(window, rows, cols, color)


def _only(ctx: CallContext, objects: ObjectTuple, kinds: tuple[type, ...], what: str) -> None:
    for obj in objects:
        if not isinstance(obj, kinds):
            raise ctx.error(WRONG_OBJECT, f"expects {what}, got a {obj.kind}")


@operator("dev_display", IconicIn("Object"))
def dev_display(ctx: CallContext, objects: ObjectTuple) -> tuple:
    """Display objects in the active window (nothing happens when no window is open)."""
    window = active_window(ctx)
    if window is not None:
        show_objects(window, objects, dev=True, ctx=ctx)
    return ()


@operator("disp_obj", IconicIn("Object"), WINDOW_HANDLE)
def disp_obj(ctx: CallContext, objects: ObjectTuple, handle: tuple) -> tuple:
    """Display images, regions and contours in a window."""
    show_objects(window_of(ctx, handle), objects, ctx=ctx)
    return ()


@operator("disp_image", IconicIn("Image"), WINDOW_HANDLE)
def disp_image(ctx: CallContext, images: ObjectTuple, handle: tuple) -> tuple:
    """Display images (their domains) in a window."""
    window = window_of(ctx, handle)
    _only(ctx, images, (Image,), "images")
    show_objects(window, images)
    return ()


@operator(
    "disp_channel",
    IconicIn("MultichannelImage"),
    WINDOW_HANDLE,
    ControlIn("Channel", types="integer", count=(1, 3)),
)
def disp_channel(ctx: CallContext, images: ObjectTuple, handle: tuple, channel: tuple) -> tuple:
    """Display one channel of each image as a gray image, or three (1-based) as red, green
    and blue."""
    window = window_of(ctx, handle)
    _only(ctx, images, (Image,), "images")
    if len(channel) == 2:
        raise ctx.param_error("count", "Channel", "one channel or three")
    for image in (obj for obj in images if isinstance(obj, Image)):
        picked = []
        for number in channel:
            if not 1 <= number <= image.channels:
                raise ctx.param_error(
                    "value", "Channel", f"{number} for an image of {image.channels} channels"
                )
            picked.append(number - 1)
        show_image(window, Image(image.data[picked], image.pixel_type, image.domain), dev=False)
    return ()


@operator("disp_color", IconicIn("ColorImage"), WINDOW_HANDLE)
def disp_color(ctx: CallContext, images: ObjectTuple, handle: tuple) -> tuple:
    """Display images of three or more channels in colour (channels 1, 2, 3 as RGB)."""
    window = window_of(ctx, handle)
    _only(ctx, images, (Image,), "images")
    for image in (obj for obj in images if isinstance(obj, Image)):
        if image.channels < 3:
            raise ctx.error(9009, f"ColorImage: an image of {image.channels} channel(s)")
        show_image(window, image, dev=False)
    return ()


@operator("disp_region", IconicIn("DervRegions"), WINDOW_HANDLE)
def disp_region(ctx: CallContext, regions: ObjectTuple, handle: tuple) -> tuple:
    """Display regions in a window (filled or as outlines, by the draw mode)."""
    window = window_of(ctx, handle)
    _only(ctx, regions, (Region,), "regions")
    show_objects(window, regions, ctx=ctx)
    return ()


@operator("disp_xld", IconicIn("XLDObject"), WINDOW_HANDLE)
def disp_xld(ctx: CallContext, contours: ObjectTuple, handle: tuple) -> tuple:
    """Display XLD contours, polygons and parallels in a window."""
    window = window_of(ctx, handle)
    _only(ctx, contours, (Contour, Polygon, Parallel), "XLD objects")
    show_objects(window, contours)
    return ()


def _columns(ctx: CallContext, names: tuple[str, ...], values: tuple[tuple, ...]) -> list[tuple]:
    """Rows of primitive parameters: each input has n values or one value (repeated)."""
    n = max(len(v) for v in values)
    for name, value in zip(names, values, strict=True):
        if len(value) not in (1, n):
            raise ctx.param_error("count", name, f"expects 1 or {n} values, got {len(value)}")
    return [tuple(float(v[i if len(v) > 1 else 0]) for v in values) for i in range(n)]


def _number_params(*names: str) -> tuple[Param, ...]:
    return tuple(ControlIn(name, types="number", count=(1, None)) for name in names)


def _color(window: Window, index: int) -> tuple:
    colors = window.settings.colors
    return colors[index % len(colors)]


@operator("disp_line", WINDOW_HANDLE, *_number_params("Row1", "Column1", "Row2", "Column2"))
def disp_line(ctx: CallContext, handle: tuple, *coords: tuple) -> tuple:
    """Draw lines from (Row1, Column1) to (Row2, Column2)."""
    window = window_of(ctx, handle)
    for i, (r1, c1, r2, c2) in enumerate(
        _columns(ctx, ("Row1", "Column1", "Row2", "Column2"), coords)
    ):
        render.draw_polyline(window, [r1, r2], [c1, c2], _color(window, i))
    return ()


@operator("disp_rectangle1", WINDOW_HANDLE, *_number_params("Row1", "Column1", "Row2", "Column2"))
def disp_rectangle1(ctx: CallContext, handle: tuple, *coords: tuple) -> tuple:
    """Draw axis-parallel rectangles (filled or outlined by the draw mode)."""
    window = window_of(ctx, handle)
    for i, (r1, c1, r2, c2) in enumerate(
        _columns(ctx, ("Row1", "Column1", "Row2", "Column2"), coords)
    ):
        render.draw_polygon(window, [r1, r1, r2, r2], [c1, c2, c2, c1], _color(window, i))
    return ()


@operator(
    "disp_rectangle2",
    WINDOW_HANDLE,
    *_number_params("CenterRow", "CenterCol", "Phi", "Length1", "Length2"),
)
def disp_rectangle2(ctx: CallContext, handle: tuple, *params: tuple) -> tuple:
    """Draw rotated rectangles given by centre, angle and half side lengths."""
    window = window_of(ctx, handle)
    names = ("CenterRow", "CenterCol", "Phi", "Length1", "Length2")
    for i, (r, c, phi, l1, l2) in enumerate(_columns(ctx, names, params)):
        cos, sin = math.cos(phi), math.sin(phi)
        corners = [(l1, l2), (-l1, l2), (-l1, -l2), (l1, -l2)]
        rows = [r - a * sin - b * cos for a, b in corners]
        cols = [c + a * cos - b * sin for a, b in corners]
        render.draw_polygon(window, rows, cols, _color(window, i))
    return ()


@operator("disp_circle", WINDOW_HANDLE, *_number_params("Row", "Column", "Radius"))
def disp_circle(ctx: CallContext, handle: tuple, *params: tuple) -> tuple:
    """Draw circles (filled or outlined by the draw mode)."""
    window = window_of(ctx, handle)
    for i, (r, c, radius) in enumerate(_columns(ctx, ("Row", "Column", "Radius"), params)):
        if not radius >= 0:  # NaN included; HALCON needs a radius >= 0 [unverified]
            raise ctx.param_error("value", "Radius", f"{radius} is not a radius")
        render.draw_ellipse(window, r, c, radius, radius, _color(window, i))
    return ()


@operator("disp_cross", WINDOW_HANDLE, *_number_params("Row", "Column", "Size", "Angle"))
def disp_cross(ctx: CallContext, handle: tuple, *params: tuple) -> tuple:
    """Draw crosses; Size is the length of each bar, Angle turns the cross (radians)."""
    window = window_of(ctx, handle)
    for i, (r, c, size, angle) in enumerate(
        _columns(ctx, ("Row", "Column", "Size", "Angle"), params)
    ):
        half = size / 2.0
        ur, uc = -math.sin(angle), math.cos(angle)
        color = _color(window, i)
        render.draw_polyline(
            window, [r - half * ur, r + half * ur], [c - half * uc, c + half * uc], color
        )
        render.draw_polyline(
            window, [r + half * uc, r - half * uc], [c - half * ur, c + half * ur], color
        )
    return ()


@operator(
    "disp_arrow", WINDOW_HANDLE, *_number_params("Row1", "Column1", "Row2", "Column2", "Size")
)
def disp_arrow(ctx: CallContext, handle: tuple, *params: tuple) -> tuple:
    """Draw arrows from (Row1, Column1) to (Row2, Column2) with a head of the given size."""
    window = window_of(ctx, handle)
    names = ("Row1", "Column1", "Row2", "Column2", "Size")
    for i, (r1, c1, r2, c2, size) in enumerate(_columns(ctx, names, params)):
        color = _color(window, i)
        length = math.hypot(r2 - r1, c2 - c1)
        if length == 0:
            render.draw_polyline(window, [r1], [c1], color)
            continue
        dr, dc = (r2 - r1) / length, (c2 - c1) / length
        head = min(size, length)
        br, bc = r2 - dr * head, c2 - dc * head
        render.draw_polyline(window, [r1, br], [c1, bc], color)
        half = head / 2.0
        render.draw_polygon(
            window,
            [r2, br - dc * half, br + dc * half],
            [c2, bc + dr * half, bc - dr * half],
            color,
        )
    return ()
