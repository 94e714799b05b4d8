"""How a window shows regions and gray images: region shapes, look-up tables, paint modes.

* Shapes (set_shape, dev_set_shape; HALCON's list 'original', 'outer_circle',
  'inner_circle', 'rectangle1', 'rectangle2', 'ellipse', 'convex', 'icon'): a region is
  drawn as the shape shape_trans makes of it ('outer_circle', 'inner_circle',
  'rectangle1', 'rectangle2', 'ellipse', 'convex'), in the window's draw mode and colour.
  'icon' draws the icon set with set_icon, which hdlite does not have: it is the wrong
  value of Shape.
* Look-up tables (set_lut, dev_set_lut; query_lut lists them) map the gray values of
  one-channel images on the way to the window; colour images are shown unchanged, as in
  HALCON. The gray curves are exact ('inverse' 255 - g, 'sqr' g^2 / 255, 'sqrt'
  sqrt(255 g), 'cube', 'cubic_root' and their 'inv_' forms); the colour tables are
  hdlite's own renderings of HALCON's named tables [unverified: HALCON's colour values are
  not published]: 'rainbow' (blue through green to red by hue), 'temperature' (black, red,
  yellow, white), 'cyclic_gray' and 'cyclic_temperature' (the gray / temperature ramp
  twice over the range).
* Paint modes (set_paint, dev_set_paint): 'default' is the only mode that shows an image
  as an image; the plot modes ('histogram', 'row', 'column', 'contourline', '3d_plot',
  'vector_field') are accepted and stored, and images are still painted as images.
* set_part_style (0, 1, 2: the zoom interpolation), set_window_type and set_line_approx
  are stored and reported back; the headless window always samples the nearest pixel.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, ObjectTuple, Region, operator

from .settings import _dev_update
from .state import Settings, window_of
from .windows import WINDOW_HANDLE

SHAPES = (
    "original",
    "outer_circle",
    "inner_circle",
    "rectangle1",
    "rectangle2",
    "ellipse",
    "convex",
)
PAINT_MODES = ("default", "histogram", "row", "column", "contourline", "3d_plot", "vector_field")
WINDOW_TYPES = ("pixmap",)


def _gray(f: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    g = np.clip(f(np.arange(256, dtype=np.float64) / 255.0), 0.0, 1.0)
    v = np.round(g * 255).astype(np.uint8)
    return np.stack([v, v, v], axis=1)


def _hue_ramp() -> np.ndarray:
    """Full-saturation colours by hue, from blue (gray 0) to red (gray 255)."""
    sixths = np.linspace(4.0, 0.0, 256)  # hue in sixths of the circle: 4 = blue, 0 = red

    def channel(n: float) -> np.ndarray:
        k = (n + sixths) % 6.0
        return 1.0 - np.clip(np.minimum(k, 4.0 - k), 0.0, 1.0)

    rgb = np.stack([channel(5.0), channel(3.0), channel(1.0)], axis=1)
    return np.round(rgb * 255).astype(np.uint8)


def _temperature(t: np.ndarray) -> np.ndarray:
    r = np.clip(3 * t, 0, 1)
    g = np.clip(3 * t - 1, 0, 1)
    b = np.clip(3 * t - 2, 0, 1)
    return np.round(np.stack([r, g, b], axis=1) * 255).astype(np.uint8)


def _tables() -> dict[str, np.ndarray]:
    t = np.arange(256, dtype=np.float64) / 255.0
    cyclic = (2 * t) % 1.0
    return {
        "default": _gray(lambda x: x),
        "linear": _gray(lambda x: x),
        "inverse": _gray(lambda x: 1 - x),
        "sqr": _gray(lambda x: x**2),
        "inv_sqr": _gray(lambda x: 1 - x**2),
        "sqrt": _gray(np.sqrt),
        "inv_sqrt": _gray(lambda x: 1 - np.sqrt(x)),
        "cube": _gray(lambda x: x**3),
        "inv_cube": _gray(lambda x: 1 - x**3),
        "cubic_root": _gray(np.cbrt),
        "inv_cubic_root": _gray(lambda x: 1 - np.cbrt(x)),
        "rainbow": _hue_ramp(),
        "temperature": _temperature(t),
        "cyclic_gray": _gray(lambda x: (2 * x) % 1.0),
        "cyclic_temperature": _temperature(cyclic),
    }


LUTS: dict[str, np.ndarray] = _tables()


def lut_table(settings: Settings) -> np.ndarray | None:
    """The (256, 3) table of the window's look-up table, or None for the identity."""
    return None if settings.lut in ("default", "linear") else LUTS[settings.lut]


def shaped(ctx: CallContext | None, region: Region, shape: str) -> Region:
    """``region`` as the window shows it with ``shape`` (shape_trans of the vision plugin)."""
    if shape == "original" or ctx is None:
        return region
    from hdlite_vision import region_transforms

    out: ObjectTuple = region_transforms.shape_trans.func(ctx, ObjectTuple([region]), (shape,))[0]
    return out[0] if len(out) else region


def _shape_value(ctx: CallContext, name: str, value: str) -> str:
    if value == "icon":
        raise ctx.param_error("value", name, "'icon' needs set_icon, which hdlite does not have")
    return value


@operator("set_shape", WINDOW_HANDLE, ControlIn("Shape", types="string", count=1, values=SHAPES))
def set_shape(ctx: CallContext, handle: tuple, shape: tuple) -> tuple:
    """Show regions as they are ('original') or as a shape derived from each region."""
    window_of(ctx, handle).settings.shape = _shape_value(ctx, "Shape", shape[0])
    return ()


@operator(
    "dev_set_shape",
    ControlIn("Shape", types="string", count=1, default="original", values=(*SHAPES, "icon")),
)
def dev_set_shape(ctx: CallContext, shape: tuple) -> tuple:
    """Set the region shape of the active window and of later windows."""
    _dev_update(ctx, "shape", _shape_value(ctx, "Shape", shape[0]))
    return ()


@operator("get_shape", WINDOW_HANDLE, ControlOut("DisplayShape", types="string", count=1))
def get_shape(ctx: CallContext, handle: tuple) -> tuple:
    """The shape regions are shown as."""
    return ((window_of(ctx, handle).settings.shape,),)


@operator("query_shape", ControlOut("DisplayShape", types="string"))
def query_shape(ctx: CallContext) -> tuple:
    """The region shapes set_shape accepts."""
    return (SHAPES,)


@operator("set_lut", WINDOW_HANDLE, ControlIn("LookUpTable", types="string", count=1))
def set_lut(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Set the look-up table gray images are shown through."""
    if name[0] not in LUTS:
        raise ctx.param_error("value", "LookUpTable", f"{name[0]!r} is not one of query_lut")
    window_of(ctx, handle).settings.lut = name[0]
    return ()


@operator("dev_set_lut", ControlIn("LutName", types="string", count=1, default="default"))
def dev_set_lut(ctx: CallContext, name: tuple) -> tuple:
    """Set the look-up table of the active window and of later windows."""
    if name[0] not in LUTS:
        raise ctx.param_error("value", "LutName", f"{name[0]!r} is not one of query_lut")
    _dev_update(ctx, "lut", name[0])
    return ()


@operator("get_lut", WINDOW_HANDLE, ControlOut("LookUpTable", types="string", count=1))
def get_lut(ctx: CallContext, handle: tuple) -> tuple:
    """The name of the window's look-up table."""
    return ((window_of(ctx, handle).settings.lut,),)


@operator("query_lut", WINDOW_HANDLE, ControlOut("LookUpTable", types="string"))
def query_lut(ctx: CallContext, handle: tuple) -> tuple:
    """The names of the look-up tables a window can use."""
    window_of(ctx, handle)
    return (tuple(LUTS),)


def _paint_mode(ctx: CallContext, name: str, mode: tuple) -> tuple:
    if not mode or mode[0] not in PAINT_MODES:
        raise ctx.param_error("value", name, f"{mode[:1]!r} is not one of {PAINT_MODES}")
    return tuple(mode)


@operator("set_paint", WINDOW_HANDLE, ControlIn("Mode", count=(1, None), default="default"))
def set_paint(ctx: CallContext, handle: tuple, mode: tuple) -> tuple:
    """Set the gray-value display mode (stored; images are always painted as images)."""
    window_of(ctx, handle).settings.paint = _paint_mode(ctx, "Mode", mode)
    return ()


@operator("dev_set_paint", ControlIn("Mode", count=(1, None), default="default"))
def dev_set_paint(ctx: CallContext, mode: tuple) -> tuple:
    """Set the gray-value display mode of the active and later windows (stored only)."""
    _dev_update(ctx, "paint", _paint_mode(ctx, "Mode", mode))
    return ()


@operator("get_paint", WINDOW_HANDLE, ControlOut("Mode"))
def get_paint(ctx: CallContext, handle: tuple) -> tuple:
    """The gray-value display mode and its parameters, as set."""
    return (window_of(ctx, handle).settings.paint,)


@operator("query_paint", WINDOW_HANDLE, ControlOut("Mode", types="string"))
def query_paint(ctx: CallContext, handle: tuple) -> tuple:
    """The gray-value display modes."""
    window_of(ctx, handle)
    return (PAINT_MODES,)


def _window_param(ctx: CallContext, handle: tuple, name: str, default: object) -> tuple:
    """A stored window setting as the operator's output, ``default`` until set."""
    return (window_of(ctx, handle).params.get(name, (default,)),)


@operator(
    "set_part_style", WINDOW_HANDLE, ControlIn("Style", types="integer", count=1, values=(0, 1, 2))
)
def set_part_style(ctx: CallContext, handle: tuple, style: tuple) -> tuple:
    """Set the interpolation used when an image part is zoomed (stored)."""
    window_of(ctx, handle).params["part_style"] = tuple(style)
    return ()


@operator("get_part_style", WINDOW_HANDLE, ControlOut("Style", types="integer", count=1))
def get_part_style(ctx: CallContext, handle: tuple) -> tuple:
    """The zoom interpolation set with set_part_style (1 until set)."""
    return _window_param(ctx, handle, "part_style", 1)


@operator("set_line_approx", WINDOW_HANDLE, ControlIn("Approximation", types="integer", count=1))
def set_line_approx(ctx: CallContext, handle: tuple, value: tuple) -> tuple:
    """Set the polygon approximation of region outlines (stored; outlines are exact)."""
    if value[0] < 0:
        raise ctx.param_error("value", "Approximation", f"{value[0]} is negative")
    window_of(ctx, handle).params["line_approx"] = tuple(value)
    return ()


@operator("get_line_approx", WINDOW_HANDLE, ControlOut("Approximation", types="integer", count=1))
def get_line_approx(ctx: CallContext, handle: tuple) -> tuple:
    """The approximation set with set_line_approx (0 until set)."""
    return _window_param(ctx, handle, "line_approx", 0)


@operator("set_window_type", ControlIn("WindowType", types="string", count=1))
def set_window_type(ctx: CallContext, kind: tuple) -> tuple:
    """Choose the kind of later windows: hdlite's windows are off-screen ('pixmap')."""
    if kind[0] not in WINDOW_TYPES:
        raise ctx.param_error("value", "WindowType", f"{kind[0]!r}: only 'pixmap' (headless)")
    return ()


@operator("get_window_type", WINDOW_HANDLE, ControlOut("WindowType", types="string", count=1))
def get_window_type(ctx: CallContext, handle: tuple) -> tuple:
    """The kind of a window: 'pixmap' (an off-screen image)."""
    window_of(ctx, handle)
    return (WINDOW_TYPES,)


@operator("query_window_type", ControlOut("WindowTypes", types="string"))
def query_window_type(ctx: CallContext) -> tuple:
    """The kinds of windows this system can open: 'pixmap'."""
    return (WINDOW_TYPES,)
