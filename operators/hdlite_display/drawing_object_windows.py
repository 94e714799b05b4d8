"""Drawing objects in windows: attaching them (their outline is painted at once) and
window backgrounds. The objects themselves: :mod:`.drawing_objects`."""

from __future__ import annotations

from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, IconicIn, ObjectTuple, Region, operator

from . import render
from .colors import parse_color
from .drawing import show_image
from .drawing_objects import HANDLE, DrawingObject, iconic, object_of
from .state import window_of
from .windows import WINDOW_HANDLE


def _paint(ctx: CallContext, obj: DrawingObject, window_handle: tuple) -> None:
    window = window_of(ctx, window_handle)
    color = parse_color(str(obj.style["color"][0])) or (255, 255, 0, 255)
    width = float(obj.style["line_width"][0])
    for item in iconic(ctx, obj):
        if isinstance(item, Region):
            mask = render.region_window_mask(window, item)
            render.paint_mask(window, render.outline(mask, width), color)
        elif isinstance(item, Contour):
            render.draw_polyline(window, item.rows, item.cols, color)


@operator("attach_drawing_object_to_window", WINDOW_HANDLE, HANDLE)
def attach_drawing_object_to_window(ctx: CallContext, window: tuple, handle: tuple) -> tuple:
    """Attach the object to a window and paint its outline there in its color."""
    obj = object_of(handle)
    _paint(ctx, obj, window)
    if window[0] not in obj.windows:
        obj.windows.append(window[0])
    return ()


@operator("detach_drawing_object_from_window", WINDOW_HANDLE, HANDLE)
def detach_drawing_object_from_window(ctx: CallContext, window: tuple, handle: tuple) -> tuple:
    """Detach the object from a window it is attached to (error 1302 otherwise)."""
    window_of(ctx, window)
    obj = object_of(handle)
    if window[0] not in obj.windows:
        raise ctx.param_error("value", "DrawID", "the object is not attached to this window")
    obj.windows.remove(window[0])
    return ()


@operator("attach_background_to_window", IconicIn("Image"), WINDOW_HANDLE)
def attach_background_to_window(ctx: CallContext, image: ObjectTuple, window: tuple) -> tuple:
    """Show an image as the window's background (the first image of the tuple)."""
    target = window_of(ctx, window)
    if len(image) == 0:
        return ()
    first = image[0]
    if not hasattr(first, "pixel_type"):
        raise ctx.error(9054, f"Image: expects an image, got a {first.kind}")
    show_image(target, first, dev=False)
    return ()


@operator("detach_background_from_window", WINDOW_HANDLE)
def detach_background_from_window(ctx: CallContext, window: tuple) -> tuple:
    """Stop showing a background image; what was painted stays until the window is cleared."""
    window_of(ctx, window)
    return ()
