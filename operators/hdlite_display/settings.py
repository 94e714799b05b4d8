"""Drawing settings of a window: colors, draw mode, line width and style, image part.

The dev_* variants act on the active window and are remembered for windows opened later.
"""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from .colors import COLORED, QUERY_COLORS, RGBA, parse_color
from .state import Settings, Window, active_window, display, window_of
from .windows import WINDOW_HANDLE

UNKNOWN_COLOR = 5105  # H_ERR_UCOL
WRONG_FILL_MODE = 5107  # H_ERR_WFM
WRONG_LINE_WIDTH = 5110  # H_ERR_WLW
WRONG_RGB = 5125  # H_ERR_WRGB
WRONG_LINE_PATTERN = 5155  # H_ERR_WLPN
WRONG_PATTERN_COUNT = 5156  # H_ERR_WLPL
PART_HEIGHT = 5174  # H_ERR_WRSPART: negative height of area
PART_WIDTH = 5175  # H_ERR_WCSPART: negative width of area


def _dev_update(ctx: CallContext, change: str, value: object) -> None:
    """Apply a dev_set_* change to the active window and to later windows."""
    state = display(ctx)
    targets: list[Settings] = [state.dev_settings]
    if state.active is not None:
        targets.append(state.active.settings)
    for settings in targets:
        setattr(settings, change, list(value) if isinstance(value, list) else value)


def parse_colors(ctx: CallContext, names: tuple) -> list[RGBA]:
    """Color names to RGBA values (5105 for an unknown one)."""
    out = []
    for name in names:
        rgba = parse_color(name) if type(name) is str else None
        if rgba is None:
            raise ctx.error(UNKNOWN_COLOR, f"unknown color {name!r}")
        out.append(rgba)
    return out


def _draw_mode(ctx: CallContext, mode: object) -> str:
    if mode not in ("fill", "margin"):
        raise ctx.error(WRONG_FILL_MODE, f"draw mode must be 'fill' or 'margin', got {mode!r}")
    return str(mode)


def _line_width(ctx: CallContext, width: object) -> float:
    if not isinstance(width, (int, float)) or not 0.5 <= float(width) <= 2000:
        raise ctx.error(WRONG_LINE_WIDTH, f"line width must be between 0.5 and 2000, got {width!r}")
    return float(width)


COLOR_IN = ControlIn("Color", types="string", count=(1, None), default="white")


@operator("set_color", WINDOW_HANDLE, COLOR_IN)
def set_color(ctx: CallContext, handle: tuple, color: tuple) -> tuple:
    """Set the output color(s); several objects are drawn cycling through them."""
    window_of(ctx, handle).settings.colors = parse_colors(ctx, color)
    return ()


@operator("dev_set_color", ControlIn("ColorName", types="string", count=(1, None), default="white"))
def dev_set_color(ctx: CallContext, color: tuple) -> tuple:
    """Set the output color(s) of the active window."""
    _dev_update(ctx, "colors", parse_colors(ctx, color))
    return ()


def _colored(ctx: CallContext, count: tuple, name: str) -> list[RGBA]:
    if count[0] not in COLORED:
        raise ctx.param_error("value", name, f"must be 3, 6 or 12, got {count[0]!r}")
    return parse_colors(ctx, COLORED[count[0]])


@operator(
    "set_colored", WINDOW_HANDLE, ControlIn("NumberOfColors", types="integer", count=1, default=12)
)
def set_colored(ctx: CallContext, handle: tuple, count: tuple) -> tuple:
    """Use a cycle of 3, 6 or 12 colors."""
    window_of(ctx, handle).settings.colors = _colored(ctx, count, "NumberOfColors")
    return ()


@operator("dev_set_colored", ControlIn("NumColors", types="integer", count=1, default=6))
def dev_set_colored(ctx: CallContext, count: tuple) -> tuple:
    """Use a cycle of 3, 6 or 12 colors in the active window."""
    _dev_update(ctx, "colors", _colored(ctx, count, "NumColors"))
    return ()


@operator(
    "set_rgb",
    WINDOW_HANDLE,
    ControlIn("Red", types="integer", count=(1, None), default=255),
    ControlIn("Green", types="integer", count=(1, None), default=0),
    ControlIn("Blue", types="integer", count=(1, None), default=0),
)
def set_rgb(ctx: CallContext, handle: tuple, red: tuple, green: tuple, blue: tuple) -> tuple:
    """Set the output color(s) from red, green and blue components (0..255)."""
    window = window_of(ctx, handle)
    for name, values in (("Green", green), ("Blue", blue)):
        if len(values) != len(red):
            raise ctx.param_error("count", name, f"{len(values)} values for {len(red)} red values")
    colors = []
    for r, g, b in zip(red, green, blue, strict=True):
        if not all(0 <= v <= 255 for v in (r, g, b)):
            raise ctx.error(WRONG_RGB, f"({r}, {g}, {b}) is outside 0..255")
        colors.append((r, g, b, 255))
    window.settings.colors = colors
    return ()


@operator(
    "get_rgb",
    WINDOW_HANDLE,
    ControlOut("Red", types="integer"),
    ControlOut("Green", types="integer"),
    ControlOut("Blue", types="integer"),
)
def get_rgb(ctx: CallContext, handle: tuple) -> tuple:
    """The red, green and blue components of the output color(s)."""
    colors = window_of(ctx, handle).settings.colors
    return tuple(tuple(c[i] for c in colors) for i in range(3))


@operator("query_color", WINDOW_HANDLE, ControlOut("Colors", types="string"))
def query_color(ctx: CallContext, handle: tuple) -> tuple:
    """The color names every window can display."""
    window_of(ctx, handle)
    return (tuple(QUERY_COLORS),)


@operator("set_draw", WINDOW_HANDLE, ControlIn("Mode", types="string", count=1, default="margin"))
def set_draw(ctx: CallContext, handle: tuple, mode: tuple) -> tuple:
    """Fill regions and shapes ('fill') or draw their outlines ('margin')."""
    window_of(ctx, handle).settings.draw_mode = _draw_mode(ctx, mode[0])
    return ()


@operator("dev_set_draw", ControlIn("DrawMode", types="string", count=1, default="fill"))
def dev_set_draw(ctx: CallContext, mode: tuple) -> tuple:
    """Set the draw mode of the active window."""
    _dev_update(ctx, "draw_mode", _draw_mode(ctx, mode[0]))
    return ()


@operator("get_draw", WINDOW_HANDLE, ControlOut("Mode", types="string", count=1))
def get_draw(ctx: CallContext, handle: tuple) -> tuple:
    """The draw mode: 'fill' or 'margin'."""
    return ((window_of(ctx, handle).settings.draw_mode,),)


CONTOUR_STYLES = ("stroke", "fill", "stroke_and_fill")


@operator(
    "set_contour_style",
    WINDOW_HANDLE,
    ControlIn("Style", types="string", count=1, default="stroke", values=CONTOUR_STYLES),
)
def set_contour_style(ctx: CallContext, handle: tuple, style: tuple) -> tuple:
    """Draw XLD contours as lines ('stroke'), filled ('fill') or both ('stroke_and_fill')."""
    window_of(ctx, handle).settings.contour_style = style[0]
    return ()


@operator(
    "dev_set_contour_style",
    ControlIn("Style", types="string", count=1, default="stroke", values=CONTOUR_STYLES),
)
def dev_set_contour_style(ctx: CallContext, style: tuple) -> tuple:
    """Set the contour fill style of the active window and of later windows."""
    _dev_update(ctx, "contour_style", style[0])
    return ()


@operator("get_contour_style", WINDOW_HANDLE, ControlOut("Style", types="string", count=1))
def get_contour_style(ctx: CallContext, handle: tuple) -> tuple:
    """The contour fill style: 'stroke', 'fill' or 'stroke_and_fill'."""
    return ((window_of(ctx, handle).settings.contour_style,),)


@operator("set_line_width", WINDOW_HANDLE, ControlIn("Width", types="number", count=1, default=1.0))
def set_line_width(ctx: CallContext, handle: tuple, width: tuple) -> tuple:
    """Set the width of lines and outlines in window pixels."""
    window_of(ctx, handle).settings.line_width = _line_width(ctx, width[0])
    return ()


@operator("dev_set_line_width", ControlIn("LineWidth", types="number", count=1, default=1))
def dev_set_line_width(ctx: CallContext, width: tuple) -> tuple:
    """Set the line width of the active window."""
    _dev_update(ctx, "line_width", _line_width(ctx, width[0]))
    return ()


@operator("get_line_width", WINDOW_HANDLE, ControlOut("Width", types="number", count=1))
def get_line_width(ctx: CallContext, handle: tuple) -> tuple:
    """The line width."""
    width = window_of(ctx, handle).settings.line_width
    return ((int(width) if width.is_integer() else width,),)


@operator("set_line_style", WINDOW_HANDLE, ControlIn("Style", types="integer", default=()))
def set_line_style(ctx: CallContext, handle: tuple, style: tuple) -> tuple:
    """Dash pattern: pairs of (line length, gap length) in pixels; [] draws solid lines."""
    window = window_of(ctx, handle)
    if len(style) % 2 or len(style) > 10:
        raise ctx.error(
            WRONG_PATTERN_COUNT, f"Style needs up to 5 pairs of values, got {len(style)}"
        )
    if any(v <= 0 for v in style):
        raise ctx.error(WRONG_LINE_PATTERN, f"Style values must be positive, got {list(style)}")
    window.settings.line_style = tuple(style)
    return ()


@operator("get_line_style", WINDOW_HANDLE, ControlOut("Style", types="integer"))
def get_line_style(ctx: CallContext, handle: tuple) -> tuple:
    """The dash pattern ([] for solid lines)."""
    return (window_of(ctx, handle).settings.line_style,)


def _image_size(window: Window) -> tuple[int, int]:
    return window.last_image_size or (window.height, window.width)


def _fit_part(window: Window) -> tuple:
    """The part that shows the last image completely, keeping its aspect ratio."""
    ih, iw = _image_size(window)
    scale = min(window.height / ih, window.width / iw)
    ph, pw = window.height / scale, window.width / scale
    r1, c1 = (ih - ph) / 2.0, (iw - pw) / 2.0
    return (r1, c1, r1 + ph - 1.0, c1 + pw - 1.0)


def apply_part(ctx: CallContext, window: Window, values: tuple, *, dev: bool) -> None:
    """Set a window's image part, with HALCON's special values (-1, -2) and dev resets."""
    r1, c1, r2, c2 = values
    ih, iw = _image_size(window)
    if (r1, c1, r2, c2) == (-1, -1, -1, -1):
        window.part, window.part_mode = (0, 0, window.height - 1, window.width - 1), "window"
        return
    if r2 == -1 and c2 == -1 and r1 > -1 and c1 > -1:
        window.part, window.part_mode = (r1, c1, r1 + ih - 1, c1 + iw - 1), "set"
        return
    if (r1, c1, r2, c2) == (0, 0, -2, -2):
        window.part, window.part_mode = _fit_part(window), "set"
        return
    if dev and r1 > r2:
        r1, r2 = 0, ih - 1
    if dev and c1 > c2:
        c1, c2 = 0, iw - 1
    if r2 < r1:
        raise ctx.error(PART_HEIGHT, f"Row2 ({r2}) is smaller than Row1 ({r1})")
    if c2 < c1:
        raise ctx.error(PART_WIDTH, f"Column2 ({c2}) is smaller than Column1 ({c1})")
    window.part, window.part_mode = (r1, c1, r2, c2), "set"


_PART = (
    ControlIn("Row1", types="number", count=1, default=0),
    ControlIn("Column1", types="number", count=1, default=0),
    ControlIn("Row2", types="number", count=1, default=-1),
    ControlIn("Column2", types="number", count=1, default=-1),
)


@operator("set_part", WINDOW_HANDLE, *_PART)
def set_part(ctx: CallContext, handle: tuple, r1: tuple, c1: tuple, r2: tuple, c2: tuple) -> tuple:
    """Choose the image part shown in the window (zoomed to fill it)."""
    apply_part(ctx, window_of(ctx, handle), (r1[0], c1[0], r2[0], c2[0]), dev=False)
    return ()


@operator("dev_set_part", *_PART)
def dev_set_part(ctx: CallContext, r1: tuple, c1: tuple, r2: tuple, c2: tuple) -> tuple:
    """Choose the image part of the active window; Row1 > Row2 resets to the full height."""
    window = active_window(ctx)
    if window is not None:
        apply_part(ctx, window, (r1[0], c1[0], r2[0], c2[0]), dev=True)
    return ()


@operator(
    "get_part",
    WINDOW_HANDLE,
    ControlOut("Row1", types="number", count=1),
    ControlOut("Column1", types="number", count=1),
    ControlOut("Row2", types="number", count=1),
    ControlOut("Column2", types="number", count=1),
)
def get_part(ctx: CallContext, handle: tuple) -> tuple:
    """The image part shown in the window."""
    part = window_of(ctx, handle).part
    return tuple((int(v) if float(v).is_integer() else float(v),) for v in part)
