"""Drawing arcs, ellipses and polygons in a window (disp_arc, disp_ellipse, disp_polygon).

disp_arc [doc: disp_arc, HDevelopEVO 24.11 reference]: the arc around (CenterRow,
CenterCol) starts at (BeginRow, BeginCol) and runs Angle radians clockwise on screen
(MVTec's measure_arc example starts it at AngleStart + AngleExtent to cover AngleStart ..
AngleStart + AngleExtent); Angle must be > 0. The arc is always drawn as a line, whatever the
draw mode [unverified for 'fill']. disp_ellipse draws the ellipse of centre, main-axis angle
Phi (counter-clockwise from the column axis) and half axes Radius1, Radius2, filled or
outlined by the draw mode. disp_polygon draws one open polyline through all points.
Each arc or ellipse of a call takes the next window colour, as disp_circle does.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import CallContext, ControlIn, Param, operator

from . import render
from .state import Window, window_of
from .windows import WINDOW_HANDLE


def _columns(ctx: CallContext, names: tuple[str, ...], values: tuple[tuple, ...]) -> list[tuple]:
    n = max(len(v) for v in values)
    for name, value in zip(names, values, strict=True):
        if len(value) not in (1, n):
            raise ctx.param_error("count", name, f"expects 1 or {n} values, got {len(value)}")
    return [tuple(float(v[i if len(v) > 1 else 0]) for v in values) for i in range(n)]


def _numbers(*names: str) -> tuple[Param, ...]:
    return tuple(ControlIn(name, types="number", count=(1, None)) for name in names)


def _color(window: Window, index: int) -> tuple:
    colors = window.settings.colors
    return colors[index % len(colors)]


def _steps(extent: float, radius: float) -> int:
    return max(8, min(4096, math.ceil(abs(extent) * max(radius, 1.0) / 2.0)))


_ARC = ("CenterRow", "CenterCol", "Angle", "BeginRow", "BeginCol")


@operator("disp_arc", WINDOW_HANDLE, *_numbers(*_ARC))
def disp_arc(ctx: CallContext, handle: tuple, *params: tuple) -> tuple:
    """Draw circular arcs: from (BeginRow, BeginCol) around the centre, Angle radians
    clockwise on screen."""
    window = window_of(ctx, handle)
    for i, (cr, cc, angle, br, bc) in enumerate(_columns(ctx, _ARC, params)):
        if not angle > 0:
            raise ctx.param_error("value", "Angle", f"{angle} must be greater than 0")
        radius = math.hypot(br - cr, bc - cc)
        start = math.atan2(-(br - cr), bc - cc)
        t = start - np.linspace(0.0, angle, _steps(angle, radius) + 1)
        rows, cols = cr - radius * np.sin(t), cc + radius * np.cos(t)
        render.draw_polyline(window, rows, cols, _color(window, i))
    return ()


_ELLIPSE = ("CenterRow", "CenterCol", "Phi", "Radius1", "Radius2")


@operator("disp_ellipse", WINDOW_HANDLE, *_numbers(*_ELLIPSE))
def disp_ellipse(ctx: CallContext, handle: tuple, *params: tuple) -> tuple:
    """Draw ellipses (filled or outlined by the draw mode); Phi turns the Radius1 axis
    counter-clockwise from the column axis."""
    window = window_of(ctx, handle)
    for i, (r, c, phi, r1, r2) in enumerate(_columns(ctx, _ELLIPSE, params)):
        if not (r1 >= 0 and r2 >= 0):
            raise ctx.param_error("value", "Radius1", f"radii {r1}, {r2} must not be negative")
        t = np.linspace(0.0, 2 * math.pi, _steps(2 * math.pi, max(r1, r2)), endpoint=False)
        x, y = r1 * np.cos(t), r2 * np.sin(t)
        rows = r - (x * math.sin(phi) + y * math.cos(phi))
        cols = c + (x * math.cos(phi) - y * math.sin(phi))
        render.draw_polygon(window, rows.tolist(), cols.tolist(), _color(window, i))
    return ()


@operator(
    "disp_polygon",
    WINDOW_HANDLE,
    ControlIn("Row", types="number", count=(1, None)),
    ControlIn("Column", types="number", count=(1, None)),
)
def disp_polygon(ctx: CallContext, handle: tuple, rows: tuple, cols: tuple) -> tuple:
    """Draw one polyline through the points (Row[i], Column[i]), not closed."""
    window = window_of(ctx, handle)
    if len(rows) != len(cols):
        raise ctx.param_error("count", "Column", f"{len(cols)} columns for {len(rows)} rows")
    render.draw_polyline(
        window, [float(v) for v in rows], [float(v) for v in cols], _color(window, 0)
    )
    return ()
