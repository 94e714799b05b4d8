"""Opening, closing, selecting, sizing and configuring windows (HALCON and dev_* operators)."""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from .colors import RGBA, color_name, gray_color, parse_color
from .state import DEFAULT_SIZE, Window, active_window, display, window_of

MAX_PIXELS = 16384 * 16384
WRONG_WINDOW_SIZE = 5122  # H_ERR_WDEXT
INVALID_PARAM = 5190  # H_ERR_WP_IWP
INVALID_PARAM_VALUE = 5191  # H_ERR_WP_IWPV

WINDOW_HANDLE = ControlIn("WindowHandle", types="handle", count=1, sem="window")
OPEN_MODES = ("visible", "invisible", "transparent", "buffer")


def _background(ctx: CallContext, name: str, value: object) -> RGBA:
    if type(value) is int and 0 <= value <= 255:
        return gray_color(value)
    rgba = parse_color(str(value)) if type(value) is str else None
    if rgba is None:
        raise ctx.param_error("value", name, f"unknown color {value!r}")
    return rgba


def _extents(ctx: CallContext, row: tuple, column: tuple, width: tuple, height: tuple) -> tuple:
    w = DEFAULT_SIZE if width[0] == -1 else int(width[0])
    h = DEFAULT_SIZE if height[0] == -1 else int(height[0])
    if w <= 0:
        raise ctx.param_error("value", "Width", f"must be positive or -1, got {width[0]}")
    if h <= 0:
        raise ctx.param_error("value", "Height", f"must be positive or -1, got {height[0]}")
    if w * h > MAX_PIXELS:
        raise ctx.error(WRONG_WINDOW_SIZE, f"{w} x {h} pixels is too large")
    return int(row[0]), int(column[0]), w, h


_POSITION = (
    ControlIn("Row", types="integer", count=1, default=0),
    ControlIn("Column", types="integer", count=1, default=0),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)


@operator(
    "dev_open_window",
    *_POSITION,
    ControlIn("Background", types=("string", "integer"), count=1, default="black"),
    ControlOut("WindowHandle", types="handle", count=1, sem="window"),
)
def dev_open_window(
    ctx: CallContext, row: tuple, column: tuple, width: tuple, height: tuple, background: tuple
) -> tuple:
    """Open a graphics window; it becomes the active window. Width/Height -1 mean 512."""
    extents = _extents(ctx, row, column, width, height)
    window = display(ctx).open(
        ctx, extents, _background(ctx, "Background", background[0]), dev=True
    )
    return ((window.handle,),)


@operator(
    "open_window",
    *_POSITION,
    ControlIn("FatherWindow", types=("integer", "handle"), count=1, default=0),
    ControlIn("Mode", types="string", count=1, default="visible", values=OPEN_MODES),
    ControlIn("Machine", types="string", count=1, default=""),
    ControlOut("WindowHandle", types="handle", count=1, sem="window"),
)
def open_window(
    ctx: CallContext,
    row: tuple,
    column: tuple,
    width: tuple,
    height: tuple,
    father: tuple,
    mode: tuple,
    machine: tuple,
) -> tuple:
    """Open a window; the background color is the one set with set_window_attr."""
    extents = _extents(ctx, row, column, width, height)
    state = display(ctx)
    background = _background(ctx, "AttributeValue", state.window_attrs["background_color"])
    window = state.open(ctx, extents, background, dev=False, mode=mode[0])
    window.params["window_title"] = str(state.window_attrs.get("window_title", ""))
    return ((window.handle,),)


def _close(window: Window) -> None:
    if window.handle is not None:
        window.handle.clear()  # calls Window.close, which forgets the window
    else:
        window.close()


@operator("dev_close_window")
def dev_close_window(ctx: CallContext) -> tuple:
    """Close the active window; the most recently opened remaining one becomes active."""
    window = active_window(ctx)
    if window is not None:
        _close(window)
    return ()


@operator("close_window", ControlIn("WindowHandle", types="handle", count=(1, None), sem="window"))
def close_window(ctx: CallContext, handles: tuple) -> tuple:
    """Close windows; their handles become invalid."""
    windows = [window_of(ctx, (h,)) for h in handles]
    for window in windows:
        _close(window)
    return ()


@operator("dev_set_window", WINDOW_HANDLE)
def dev_set_window(ctx: CallContext, handle: tuple) -> tuple:
    """Make a window the active one."""
    display(ctx).active = window_of(ctx, handle)
    return ()


@operator("dev_get_window", ControlOut("WindowHandle", types="handle", count=1, sem="window"))
def dev_get_window(ctx: CallContext) -> tuple:
    """The handle of the active window (5106 when all windows are closed)."""
    window = active_window(ctx, required=True)
    assert window is not None and window.handle is not None
    return ((window.handle,),)


@operator("dev_clear_window")
def dev_clear_window(ctx: CallContext) -> tuple:
    """Clear the active window to its background color."""
    window = active_window(ctx)
    if window is not None:
        window.clear()
    return ()


@operator("clear_window", WINDOW_HANDLE)
def clear_window(ctx: CallContext, handle: tuple) -> tuple:
    """Clear a window to its background color."""
    window_of(ctx, handle).clear()
    return ()


@operator(
    "clear_rectangle",
    WINDOW_HANDLE,
    *(
        ControlIn(n, types="integer", count=(1, None))
        for n in ("Row1", "Column1", "Row2", "Column2")
    ),
)
def clear_rectangle(ctx: CallContext, handle: tuple, *corners: tuple) -> tuple:
    """Clear rectangles of a window (window coordinates, corners included) to its background."""
    window = window_of(ctx, handle)
    counts = {len(c) for c in corners}
    if len(counts) != 1:
        raise ctx.param_error("count", "Column2", "one value per rectangle in each parameter")
    for r1, c1, r2, c2 in zip(*corners, strict=True):
        if r2 < r1 or c2 < c1:
            raise ctx.param_error("value", "Row2", f"({r1}, {c1}) - ({r2}, {c2}) is not ordered")
        top, left = max(int(r1), 0), max(int(c1), 0)
        bottom, right = min(int(r2), window.height - 1), min(int(c2), window.width - 1)
        if top <= bottom and left <= right:
            window.canvas.paste(window.background[:3], (left, top, right + 1, bottom + 1))
    return ()


def _set_extents(ctx: CallContext, window: Window, values: tuple) -> None:
    row, column, width, height = (int(v[0]) for v in values)
    for name, value in (("Width", width), ("Height", height)):
        if value == 0 or value < -1:
            raise ctx.param_error("value", name, f"must be positive or -1, got {value}")
    new_w = window.width if width == -1 else width
    new_h = window.height if height == -1 else height
    if new_w * new_h > MAX_PIXELS:
        raise ctx.error(WRONG_WINDOW_SIZE, f"{new_w} x {new_h} pixels is too large")
    window.row = window.row if row == -1 else row
    window.column = window.column if column == -1 else column
    if (new_w, new_h) != (window.width, window.height):
        window.resize(new_w, new_h)


@operator("dev_set_window_extents", *_POSITION)
def dev_set_window_extents(
    ctx: CallContext, row: tuple, column: tuple, width: tuple, height: tuple
) -> tuple:
    """Move/resize the active window; -1 keeps a value. Resizing clears the window."""
    window = active_window(ctx)
    if window is not None:
        _set_extents(ctx, window, (row, column, width, height))
    return ()


@operator("set_window_extents", WINDOW_HANDLE, *_POSITION)
def set_window_extents(
    ctx: CallContext, handle: tuple, row: tuple, column: tuple, width: tuple, height: tuple
) -> tuple:
    """Move/resize a window; -1 keeps a value. Resizing clears the window."""
    _set_extents(ctx, window_of(ctx, handle), (row, column, width, height))
    return ()


@operator(
    "get_window_extents",
    WINDOW_HANDLE,
    ControlOut("Row", types="integer", count=1),
    ControlOut("Column", types="integer", count=1),
    ControlOut("Width", types="integer", count=1),
    ControlOut("Height", types="integer", count=1),
)
def get_window_extents(ctx: CallContext, handle: tuple) -> tuple:
    """Position and size of a window."""
    w = window_of(ctx, handle)
    return ((w.row,), (w.column,), (w.width,), (w.height,))


def _flag(ctx: CallContext, name: str, value: object) -> str:
    if value not in ("true", "false"):
        raise ctx.error(INVALID_PARAM_VALUE, f"{name} must be 'true' or 'false', got {value!r}")
    return str(value)


@operator(
    "set_window_param",
    WINDOW_HANDLE,
    ControlIn("ParamName", types="string", count=1),
    ControlIn("ParamValue", count=(1, None)),
)
def set_window_param(ctx: CallContext, handle: tuple, name: tuple, value: tuple) -> tuple:
    """Set 'flush', 'background_color', 'window_title', 'graphics_stack', ... of a window."""
    window, key, first = window_of(ctx, handle), name[0], value[0]
    if key == "flush":
        window.set_flush(_flag(ctx, key, first) == "true")
    elif key == "background_color":
        rgba = parse_color(first) if type(first) is str else None
        if rgba is None:
            raise ctx.error(INVALID_PARAM_VALUE, f"background_color: unknown color {first!r}")
        window.background = rgba
    elif key in ("graphics_stack", "anti_aliasing"):
        window.params[key] = _flag(ctx, key, first)
    elif key == "graphics_stack_max_element_num":
        if type(first) is not int or first < 0:
            raise ctx.error(INVALID_PARAM_VALUE, f"{key} must be a non-negative integer")
        window.params[key] = first
    elif key == "window_title":
        window.params[key] = str(first)
    else:
        raise ctx.error(INVALID_PARAM, f"unknown window parameter {key!r}")
    return ()


@operator(
    "get_window_param",
    WINDOW_HANDLE,
    ControlIn("Param", types="string", count=1),
    ControlOut("Value"),
)
def get_window_param(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Read a window parameter (the names set_window_param accepts)."""
    window, key = window_of(ctx, handle), name[0]
    if key == "flush":
        return (("true" if window.flush else "false",),)
    if key == "background_color":
        return ((color_name(window.background),),)
    if key in window.params:
        return ((window.params[key],),)
    raise ctx.error(INVALID_PARAM, f"unknown window parameter {key!r}")


_ATTRS = ("background_color", "border_color", "border_width", "window_title")


@operator(
    "set_window_attr",
    ControlIn("AttributeName", types="string", count=1, values=_ATTRS),
    ControlIn("AttributeValue", types=("string", "integer"), count=1),
)
def set_window_attr(ctx: CallContext, name: tuple, value: tuple) -> tuple:
    """Set an attribute that windows opened later with open_window get."""
    if name[0] == "background_color":
        _background(ctx, "AttributeValue", value[0])
    display(ctx).window_attrs[name[0]] = value[0]
    return ()


@operator(
    "get_window_attr",
    ControlIn("AttributeName", types="string", count=1, values=_ATTRS),
    ControlOut("AttributeValue", count=1),
)
def get_window_attr(ctx: CallContext, name: tuple) -> tuple:
    """Read an attribute set with set_window_attr."""
    defaults = {"border_color": "white", "border_width": 2}
    attrs = display(ctx).window_attrs
    return ((attrs.get(name[0], defaults.get(name[0], "")),),)


@operator("flush_buffer", WINDOW_HANDLE)
def flush_buffer(ctx: CallContext, handle: tuple) -> tuple:
    """Show everything drawn since 'flush' was set to 'false'."""
    window_of(ctx, handle).flush_buffer()
    return ()
