"""Text output: fonts, disp_text / dev_disp_text, string extents, the text cursor.

disp_text places each block of text with its upper left corner at (Row, Column), in window
or image coordinates; 'top'/'bottom'/'center' and 'left'/'right'/'center' align it to the
window. By default the text sits in a box with a shadow, as in HALCON; the box defaults
('#fce9d4' box, '#f28d26' shadow, padding 2) are [unverified] recollections of HALCON's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import ImageDraw

from hdlite.plugin import CallContext, ControlIn, ControlOut, element_to_str, operator

from .colors import RGBA, parse_color
from .fonts import family_names, load_font, metrics, parse_font, text_width
from .settings import parse_colors
from .state import Window, active_window, window_of
from .windows import WINDOW_HANDLE

WRONG_FONT = 5137  # H_ERR_WFN
EDGE = 2  # distance of aligned text boxes from the window border


@dataclass
class TextStyle:
    """The generic parameters of disp_text."""

    box: bool = True
    box_color: RGBA = (0xFC, 0xE9, 0xD4, 255)
    shadow: bool = True
    shadow_color: RGBA = (0xF2, 0x8D, 0x26, 255)
    padding: int = 2
    radius: int = 2
    shadow_dx: int = 2
    shadow_dy: int = 2


def _style(ctx: CallContext, names: tuple, values: tuple) -> TextStyle:
    if len(names) != len(values):
        raise ctx.param_error(
            "count", "GenParamValue", f"{len(values)} values for {len(names)} names"
        )
    style = TextStyle()
    for name, value in zip(names, values, strict=True):
        if name in ("box", "shadow"):
            if value not in ("true", "false"):
                raise ctx.param_error("value", "GenParamValue", f"{name} must be 'true' or 'false'")
            setattr(style, name, value == "true")
        elif name in ("box_color", "shadow_color"):
            rgba = parse_color(value) if type(value) is str else None
            if rgba is None:
                raise ctx.param_error("value", "GenParamValue", f"{name}: unknown color {value!r}")
            setattr(style, name, rgba)
        elif name in ("box_padding", "border_radius", "shadow_dx", "shadow_dy", "shadow_sigma"):
            if not isinstance(value, (int, float)) or value < 0:
                raise ctx.param_error("value", "GenParamValue", f"{name} must be a number >= 0")
            key = {"box_padding": "padding", "border_radius": "radius"}.get(name, name)
            if key != "shadow_sigma":
                setattr(style, key, round(value))
        else:
            raise ctx.param_error("value", "GenParamName", f"unknown name {name!r}")
    return style


def _blocks(ctx: CallContext, strings: tuple, rows: tuple, cols: tuple) -> list[tuple]:
    """(row, column, lines) per text block."""
    texts = [element_to_str(s) for s in strings]
    if len(rows) <= 1 and len(cols) <= 1:
        lines = [line for text in texts for line in text.split("\n")]
        return [(rows[0] if rows else 0, cols[0] if cols else 0, lines)]
    n = max(len(rows), len(cols))
    for name, values in (("Row", rows), ("Column", cols), ("String", texts)):
        if len(values) not in (1, n):
            raise ctx.param_error("count", name, f"expects 1 or {n} values, got {len(values)}")
    pick = lambda values, i: values[i if len(values) > 1 else 0]  # noqa: E731
    return [(pick(rows, i), pick(cols, i), pick(texts, i).split("\n")) for i in range(n)]


def _place(value: object, size: float, extent: float, before: str, after: str) -> float | None:
    """Window coordinate of an aligned block, or None when the value is a number."""
    if value == before:
        return EDGE
    if value == after:
        return size - extent - EDGE
    if value == "center":
        return (size - extent) / 2.0
    return None


def _on_canvas(window: Window, box: list[float]) -> bool:
    """Whether a text box (x0, y0, x1, y1) in window pixels overlaps the window.

    Non-finite or enormous coordinates (Pillow refuses those beyond 32 bits) count as off
    the canvas; a shadow reaches at most a few pixels further than the box.
    """
    margin = 64.0
    return (
        all(math.isfinite(v) for v in box)
        and box[2] >= -margin
        and box[0] <= window.width + margin
        and box[3] >= -margin
        and box[1] <= window.height + margin
    )


def draw_text(
    ctx: CallContext,
    window: Window,
    args: tuple[tuple, tuple, tuple, tuple, tuple, tuple, tuple],
) -> None:
    """disp_text's work: String, CoordSystem, Row, Column, Color, GenParamName, GenParamValue."""
    strings, coord, rows, cols, color, names, values = args
    style = _style(ctx, names, values)
    for name, values_, words in (
        ("Row", rows, ("top", "bottom")),
        ("Column", cols, ("left", "right")),
    ):
        for v in values_:
            if type(v) is str and v not in (*words, "center"):
                raise ctx.param_error("value", name, f"unknown position {v!r}")
    colors = parse_colors(ctx, tuple(c for c in color if c != "")) or window.settings.colors[:1]
    font = load_font(window.font)
    ascent, descent = metrics(font)
    line_height = ascent + descent
    draw = ImageDraw.Draw(window.canvas, "RGBA")
    pad = style.padding if style.box else 0
    line_index = 0
    for row, col, lines in _blocks(ctx, strings, rows, cols):
        width = max((text_width(font, line) for line in lines), default=0)
        height = line_height * len(lines)
        y = _place(row, window.height, height + pad, "top", "bottom")
        x = _place(col, window.width, width + pad, "left", "right")
        if y is None or x is None:
            if coord[0] == "image":
                wy, wx = window.to_window(
                    float(row) if y is None else 0.0, float(col) if x is None else 0.0
                )
            else:
                wy, wx = float(row) if y is None else 0.0, float(col) if x is None else 0.0
            y = wy if y is None else y
            x = wx if x is None else x
        box = [x - pad, y - pad, x + width + pad - 1, y + height + pad - 1]
        if not _on_canvas(window, box):  # far away or not finite: nothing to draw
            line_index += len(lines)
            continue
        if style.box:
            if style.shadow:
                shadow = [box[0] + style.shadow_dx, box[1] + style.shadow_dy]
                shadow += [box[2] + style.shadow_dx, box[3] + style.shadow_dy]
                draw.rounded_rectangle(shadow, radius=style.radius, fill=style.shadow_color)
            draw.rounded_rectangle(box, radius=style.radius, fill=style.box_color)
        for i, line in enumerate(lines):
            fill = colors[line_index % len(colors)]
            line_index += 1
            draw.text((x, y + i * line_height), line, font=font, fill=fill, anchor="la")


_TEXT_PARAMS = (
    ControlIn("String", count=(1, None), default="hello"),
    ControlIn("CoordSystem", types="string", count=1, default="window", values=("window", "image")),
    ControlIn("Row", types=("number", "string"), count=(1, None), default=12),
    ControlIn("Column", types=("number", "string"), count=(1, None), default=12),
    ControlIn("Color", types="string", default="black"),
    ControlIn("GenParamName", types="string", default=()),
    ControlIn("GenParamValue", default=()),
)


@operator("disp_text", WINDOW_HANDLE, *_TEXT_PARAMS)
def disp_text(ctx: CallContext, handle: tuple, *args: tuple) -> tuple:
    """Display text in a window."""
    draw_text(ctx, window_of(ctx, handle), args)  # type: ignore[arg-type]
    return ()


@operator("dev_disp_text", *_TEXT_PARAMS)
def dev_disp_text(ctx: CallContext, *args: tuple) -> tuple:
    """Display text in the active window."""
    window = active_window(ctx)
    if window is not None:
        draw_text(ctx, window, args)  # type: ignore[arg-type]
    return ()


@operator("set_font", WINDOW_HANDLE, ControlIn("Font", types="string", count=1))
def set_font(ctx: CallContext, handle: tuple, font: tuple) -> tuple:
    """Set the window's font, e.g. 'mono-Bold-16' or 'Courier New-Normal-12'."""
    window = window_of(ctx, handle)
    spec = parse_font(font[0])
    if spec is None:
        raise ctx.error(WRONG_FONT, f"unknown font {font[0]!r}; query_font lists the families")
    window.font = spec
    return ()


@operator("get_font", WINDOW_HANDLE, ControlOut("Font", types="string", count=1))
def get_font(ctx: CallContext, handle: tuple) -> tuple:
    """The window's font as 'Family-Style-Size'."""
    return ((window_of(ctx, handle).font.name,),)


@operator("query_font", WINDOW_HANDLE, ControlOut("Font", types="string"))
def query_font(ctx: CallContext, handle: tuple) -> tuple:
    """The font families set_font accepts."""
    window_of(ctx, handle)
    return (tuple(family_names()),)


@operator(
    "get_string_extents",
    WINDOW_HANDLE,
    ControlIn("Values", count=(1, None), default="test_string"),
    ControlOut("Ascent", types="integer"),
    ControlOut("Descent", types="integer"),
    ControlOut("Width", types="integer"),
    ControlOut("Height", types="integer"),
)
def get_string_extents(ctx: CallContext, handle: tuple, values: tuple) -> tuple:
    """Ascent, descent, width and height in pixels of each value as it would be written."""
    font = load_font(window_of(ctx, handle).font)
    ascent, descent = metrics(font)
    widths = tuple(text_width(font, element_to_str(v)) for v in values)
    n = len(values)
    return ((ascent,) * n, (descent,) * n, widths, (ascent + descent,) * n)


@operator(
    "get_font_extents",
    WINDOW_HANDLE,
    ControlOut("MaxAscent", types="integer", count=1),
    ControlOut("MaxDescent", types="integer", count=1),
    ControlOut("MaxWidth", types="integer", count=1),
    ControlOut("MaxHeight", types="integer", count=1),
)
def get_font_extents(ctx: CallContext, handle: tuple) -> tuple:
    """The largest ascent, descent, character width and height of the window's font."""
    font = load_font(window_of(ctx, handle).font)
    ascent, descent = metrics(font)
    widest = max(text_width(font, chr(c)) for c in range(32, 127))
    return ((ascent,), (descent,), (widest,), (ascent + descent,))


@operator(
    "set_tposition",
    WINDOW_HANDLE,
    ControlIn("Row", types="number", count=1, default=24),
    ControlIn("Column", types="number", count=1, default=12),
)
def set_tposition(ctx: CallContext, handle: tuple, row: tuple, column: tuple) -> tuple:
    """Put the text cursor at (Row, Column), in image coordinates."""
    window = window_of(ctx, handle)
    window.tposition = (float(row[0]), float(column[0]))
    window.tline_start = float(column[0])
    return ()


@operator(
    "get_tposition",
    WINDOW_HANDLE,
    ControlOut("Row", types="integer", count=1),
    ControlOut("Column", types="integer", count=1),
)
def get_tposition(ctx: CallContext, handle: tuple) -> tuple:
    """The text cursor position."""
    row, column = window_of(ctx, handle).tposition
    return ((round(row),), (round(column),))


@operator("write_string", WINDOW_HANDLE, ControlIn("String", default="hello"))
def write_string(ctx: CallContext, handle: tuple, string: tuple) -> tuple:
    """Write the values (concatenated) at the text cursor in the first output color."""
    window = window_of(ctx, handle)
    text = "".join(element_to_str(v) for v in string)
    font = load_font(window.font)
    row, column = window.tposition
    y, x = window.to_window(row, column)
    ascent, descent = metrics(font)
    if _on_canvas(window, [x, y, x + text_width(font, text), y + ascent + descent]):
        draw = ImageDraw.Draw(window.canvas, "RGBA")
        draw.text((x, y), text, font=font, fill=window.settings.colors[0], anchor="la")
    _sy, sx = window.scale()
    window.tposition = (row, column + text_width(font, text) / sx)
    return ()


@operator("new_line", WINDOW_HANDLE)
def new_line(ctx: CallContext, handle: tuple) -> tuple:
    """Move the text cursor to the start of the next line."""
    window = window_of(ctx, handle)
    ascent, descent = metrics(load_font(window.font))
    sy, _sx = window.scale()
    window.tposition = (window.tposition[0] + (ascent + descent) / sy, window.tline_start)
    return ()
