"""Drawing objects: shapes a user could move in a window, here fixed at their parameters.

HALCON's drawing objects (``create_drawing_object_*``) are ROIs that the user edits with
the mouse while the program runs; the program reads their current shape with
``get_drawing_object_iconic`` and ``get_drawing_object_params``. A headless run has no
mouse, so an object keeps the shape it was created with or last given by
``set_drawing_object_params`` / ``set_drawing_object_xld``, and a program reading it gets
exactly that shape: the same result as in HALCON when the user does not touch it.

Shapes and their parameters (HALCON's reference pages of set_drawing_object_params):

* rectangle1: 'row1', 'column1', 'row2', 'column2' -> a region (gen_rectangle1);
* rectangle2: 'row', 'column', 'phi', 'length1', 'length2' -> a region (gen_rectangle2);
* circle: 'row', 'column', 'radius' -> a region (gen_circle);
* ellipse: 'row', 'column', 'phi', 'radius1', 'radius2' -> a region;
* circle_sector: 'row', 'column', 'radius', 'start_angle', 'end_angle' -> a region;
* ellipse_sector: the ellipse's and 'start_angle', 'end_angle' -> a region;
* line: 'row1', 'column1', 'row2', 'column2' -> an XLD contour of two points;
* xld: 'row', 'column' (the points) -> an XLD contour.

Every object also has 'color' (default 'yellow' [unverified: HALCON's default colour is not
documented in the pages hdlite has]), 'line_width' (1), 'line_style' ([] = solid) and the
read-only 'type' (the shape's name). Ellipses and sectors hold the pixels whose centres lie
inside the shape (the rule of gen_rectangle2's chords); sector angles are measured from the
shape's first axis, counter-clockwise as the image is shown, from 'start_angle' to
'end_angle'.

``attach_drawing_object_to_window`` paints the object's outline into the window at once (a
headless window keeps no display list to redraw later); ``attach_background_to_window``
shows the image in the window. Event callbacks (``set_drawing_object_callback``) need a
mouse and are not offered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hdlite_image import regions as image_regions
from hdlite_image.xld_objects import Contour

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    Handle,
    IconicIn,
    IconicOut,
    ObjectTuple,
    Param,
    Region,
    operator,
)

from .colors import parse_color

KIND = "drawing_object"
HANDLE = ControlIn("DrawID", types="handle", count=1, sem=KIND)
#: geometry parameters of each shape, in the order of its create operator
SHAPES: dict[str, tuple[str, ...]] = {
    "rectangle1": ("row1", "column1", "row2", "column2"),
    "rectangle2": ("row", "column", "phi", "length1", "length2"),
    "circle": ("row", "column", "radius"),
    "ellipse": ("row", "column", "phi", "radius1", "radius2"),
    "circle_sector": ("row", "column", "radius", "start_angle", "end_angle"),
    "ellipse_sector": ("row", "column", "phi", "radius1", "radius2", "start_angle", "end_angle"),
    "line": ("row1", "column1", "row2", "column2"),
    "xld": ("row", "column"),
}
STYLE = ("color", "line_width", "line_style")
#: values that must not be negative
_LENGTHS = frozenset({"length1", "length2", "radius", "radius1", "radius2"})


@dataclass
class DrawingObject:
    """A drawing object: its shape, geometry and line style, and where it is attached."""

    shape: str
    geometry: dict[str, tuple]
    style: dict[str, tuple] = field(
        default_factory=lambda: {"color": ("yellow",), "line_width": (1,), "line_style": ()}
    )
    windows: list[Handle] = field(default_factory=list)

    def value(self, name: str) -> float:
        """A one-number geometry parameter as a float."""
        return float(self.geometry[name][0])


def _number(ctx: CallContext, value: tuple, name: str) -> float:
    if len(value) != 1 or not isinstance(value[0], int | float) or isinstance(value[0], bool):
        raise ctx.param_error("type", name, "expects one number")
    number = float(value[0])
    if not math.isfinite(number):
        raise ctx.param_error("value", name, f"{number} is not a finite number")
    return number


def _create(ctx: CallContext, shape: str, values: tuple[tuple, ...], params: tuple) -> tuple:
    geometry: dict[str, tuple] = {}
    for param, name, value in zip(params, SHAPES[shape], values, strict=True):
        number = _number(ctx, value, param)
        if name in _LENGTHS and number < 0:
            raise ctx.param_error("value", param, f"{number} is negative")
        geometry[name] = (value[0],)
    return (ctx.new_handle(KIND, DrawingObject(shape, geometry)),)


def _inputs(*names: str) -> tuple[Param, ...]:
    return (
        *(ControlIn(n, types="number", count=1) for n in names),
        ControlOut("DrawID", types="handle", count=1, sem=KIND),
    )


@operator("create_drawing_object_rectangle1", *_inputs("Row1", "Column1", "Row2", "Column2"))
def create_drawing_object_rectangle1(ctx: CallContext, *values: tuple) -> tuple:
    """An axis-parallel rectangle drawing object."""
    return (
        _create(
            ctx,
            "rectangle1",
            values,
            (
                "Row1",
                "Column1",
                "Row2",
                "Column2",
            ),
        ),
    )


@operator(
    "create_drawing_object_rectangle2", *_inputs("Row", "Column", "Phi", "Length1", "Length2")
)
def create_drawing_object_rectangle2(ctx: CallContext, *values: tuple) -> tuple:
    """A rotated rectangle (half lengths) drawing object."""
    return (
        _create(
            ctx,
            "rectangle2",
            values,
            (
                "Row",
                "Column",
                "Phi",
                "Length1",
                "Length2",
            ),
        ),
    )


@operator("create_drawing_object_circle", *_inputs("Row", "Column", "Radius"))
def create_drawing_object_circle(ctx: CallContext, *values: tuple) -> tuple:
    """A circle drawing object."""
    return (
        _create(
            ctx,
            "circle",
            values,
            (
                "Row",
                "Column",
                "Radius",
            ),
        ),
    )


@operator("create_drawing_object_ellipse", *_inputs("Row", "Column", "Phi", "Radius1", "Radius2"))
def create_drawing_object_ellipse(ctx: CallContext, *values: tuple) -> tuple:
    """An ellipse drawing object."""
    return (
        _create(
            ctx,
            "ellipse",
            values,
            (
                "Row",
                "Column",
                "Phi",
                "Radius1",
                "Radius2",
            ),
        ),
    )


@operator(
    "create_drawing_object_circle_sector",
    *_inputs("Row", "Column", "Radius", "StartAngle", "EndAngle"),
)
def create_drawing_object_circle_sector(ctx: CallContext, *values: tuple) -> tuple:
    """A circle sector drawing object."""
    return (
        _create(
            ctx,
            "circle_sector",
            values,
            (
                "Row",
                "Column",
                "Radius",
                "StartAngle",
                "EndAngle",
            ),
        ),
    )


@operator(
    "create_drawing_object_ellipse_sector",
    *_inputs("Row", "Column", "Phi", "Radius1", "Radius2", "StartAngle", "EndAngle"),
)
def create_drawing_object_ellipse_sector(ctx: CallContext, *values: tuple) -> tuple:
    """An ellipse sector drawing object."""
    return (
        _create(
            ctx,
            "ellipse_sector",
            values,
            (
                "Row",
                "Column",
                "Phi",
                "Radius1",
                "Radius2",
                "StartAngle",
                "EndAngle",
            ),
        ),
    )


@operator("create_drawing_object_line", *_inputs("Row1", "Column1", "Row2", "Column2"))
def create_drawing_object_line(ctx: CallContext, *values: tuple) -> tuple:
    """A line segment drawing object."""
    return (
        _create(
            ctx,
            "line",
            values,
            (
                "Row1",
                "Column1",
                "Row2",
                "Column2",
            ),
        ),
    )


@operator(
    "create_drawing_object_xld",
    ControlIn("Row", types="number", count=(1, None)),
    ControlIn("Column", types="number", count=(1, None)),
    ControlOut("DrawID", types="handle", count=1, sem=KIND),
)
def create_drawing_object_xld(ctx: CallContext, rows: tuple, cols: tuple) -> tuple:
    """A polygon drawing object through the given points."""
    if len(rows) != len(cols):
        raise ctx.param_error("value", "Column", f"{len(cols)} columns for {len(rows)} rows")
    for value, name in ((rows, "Row"), (cols, "Column")):
        if not all(math.isfinite(v) for v in value):
            raise ctx.param_error("value", name, "holds a value that is not finite")
    obj = DrawingObject("xld", {"row": tuple(rows), "column": tuple(cols)})
    return ((ctx.new_handle(KIND, obj),),)


def object_of(handle: tuple) -> DrawingObject:
    """The drawing object behind a handle."""
    obj: DrawingObject = handle[0].obj
    return obj


def _ellipse_region(obj: DrawingObject, sector: bool) -> Region:
    r, c = obj.value("row"), obj.value("column")
    if obj.shape.startswith("circle"):
        phi, a = 0.0, obj.value("radius")
        b = a
    else:
        phi, a, b = obj.value("phi"), obj.value("radius1"), obj.value("radius2")
    reach = max(a, b) + 1
    rows = np.arange(math.floor(r - reach), math.ceil(r + reach) + 1)
    cols = np.arange(math.floor(c - reach), math.ceil(c + reach) + 1)
    dr, dc = np.meshgrid(rows - r, cols - c, indexing="ij")
    along = dc * math.cos(phi) - dr * math.sin(phi)
    across = dc * math.sin(phi) + dr * math.cos(phi)
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = (along / max(a, 1e-12)) ** 2 + (across / max(b, 1e-12)) ** 2 <= 1.0 + 1e-9
    if sector:
        start, end = obj.value("start_angle"), obj.value("end_angle")
        angle = np.arctan2(-across, along)
        span = (end - start) % (2 * math.pi) or 2 * math.pi
        inside &= (angle - start) % (2 * math.pi) <= span + 1e-12
    return Region.from_mask(inside, int(rows[0]), int(cols[0]))


def iconic(ctx: CallContext, obj: DrawingObject) -> ObjectTuple:
    """The region or contour the drawing object stands for."""
    g, shape = obj.geometry, obj.shape
    if shape == "rectangle1":
        r1, c1, r2, c2 = (round(obj.value(n)) for n in SHAPES["rectangle1"])
        return ObjectTuple([Region.rectangle(r1, c1, r2, c2)])
    if shape == "rectangle2":
        out: ObjectTuple = image_regions.gen_rectangle2.func(ctx, *(g[n] for n in SHAPES[shape]))[0]
        return out
    if shape == "circle":
        circle: ObjectTuple = image_regions.gen_circle.func(
            ctx, g["row"], g["column"], g["radius"]
        )[0]
        return circle
    if shape in ("ellipse", "circle_sector", "ellipse_sector"):
        return ObjectTuple([_ellipse_region(obj, sector=shape.endswith("sector"))])
    if shape == "line":
        rows = (obj.value("row1"), obj.value("row2"))
        return ObjectTuple([Contour(rows, (obj.value("column1"), obj.value("column2")))])
    return ObjectTuple([Contour(g["row"], g["column"])])


@operator("get_drawing_object_iconic", IconicOut("Object"), HANDLE)
def get_drawing_object_iconic(ctx: CallContext, handle: tuple) -> tuple:
    """The object's current shape: a region, or an XLD contour for 'line' and 'xld'."""
    return (iconic(ctx, object_of(handle)),)


@operator(
    "get_drawing_object_params",
    HANDLE,
    ControlIn("GenParamName", types="string", count=(1, None)),
    ControlOut("GenParamValue"),
)
def get_drawing_object_params(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """The values of the named parameters, concatenated in the order asked."""
    obj = object_of(handle)
    out: list[Any] = []
    for name in names:
        if name == "type":
            out.append(obj.shape)
        elif name in obj.geometry:
            out.extend(obj.geometry[name])
        elif name in obj.style:
            out.extend(obj.style[name])
        else:
            known = ", ".join((*SHAPES[obj.shape], *STYLE, "type"))
            raise ctx.param_error("value", "GenParamName", f"{name!r} (a {obj.shape}: {known})")
    return (tuple(out),)


def _set_style(ctx: CallContext, obj: DrawingObject, name: str, value: tuple) -> None:
    if name == "color":
        if len(value) != 1 or not isinstance(value[0], str) or parse_color(value[0]) is None:
            raise ctx.param_error("value", "GenParamValue", f"color {value!r}")
    elif name == "line_width":
        if _number(ctx, value, "GenParamValue") < 1:
            raise ctx.param_error("value", "GenParamValue", f"line_width {value[0]} < 1")
    elif not all(isinstance(v, int) and v > 0 for v in value):
        raise ctx.param_error("value", "GenParamValue", f"line_style {value!r}")
    obj.style[name] = tuple(value)


@operator(
    "set_drawing_object_params",
    HANDLE,
    ControlIn("GenParamName", types="string", count=(1, None)),
    ControlIn("GenParamValue", count=(1, None)),
)
def set_drawing_object_params(
    ctx: CallContext, handle: tuple, names: tuple, values: tuple
) -> tuple:
    """Set geometry and line-style parameters; one value per name ('xld' points and
    'line_style' take the remaining values when they are the only name)."""
    obj = object_of(handle)
    if len(names) == 1:
        pairs = [(names[0], tuple(values))]
    elif len(names) == len(values):
        pairs = [(n, (v,)) for n, v in zip(names, values, strict=True)]
    else:
        raise ctx.param_error("value", "GenParamValue", f"{len(values)} values for {len(names)}")
    geometry = dict(obj.geometry)
    for name, value in pairs:
        if name in STYLE:
            _set_style(ctx, obj, name, value)
        elif name in geometry and obj.shape == "xld":
            geometry[name] = value
        elif name in geometry:
            number = _number(ctx, value, "GenParamValue")
            if name in _LENGTHS and number < 0:
                raise ctx.param_error("value", "GenParamValue", f"{name} {number} is negative")
            geometry[name] = (value[0],)
        else:
            known = ", ".join((*SHAPES[obj.shape], *STYLE))
            raise ctx.param_error("value", "GenParamName", f"{name!r} (a {obj.shape}: {known})")
    if obj.shape == "xld" and len(geometry["row"]) != len(geometry["column"]):
        raise ctx.param_error("value", "GenParamValue", "as many rows as columns are needed")
    obj.geometry = geometry
    return ()


@operator("set_drawing_object_xld", IconicIn("Contour"), HANDLE)
def set_drawing_object_xld(ctx: CallContext, contour: ObjectTuple, handle: tuple) -> tuple:
    """Replace the points of an 'xld' drawing object by those of one contour."""
    obj = object_of(handle)
    if obj.shape != "xld":
        raise ctx.param_error("value", "DrawID", f"a {obj.shape} drawing object, not 'xld'")
    if len(contour) != 1 or not isinstance(contour[0], Contour):
        raise ctx.error(9054, "Contour: expects exactly one XLD contour")
    obj.geometry = {
        "row": tuple(float(v) for v in contour[0].rows),
        "column": tuple(float(v) for v in contour[0].cols),
    }
    return ()


@operator("clear_drawing_object", ControlIn("DrawID", types="handle", sem=KIND))
def clear_drawing_object(ctx: CallContext, handle: tuple) -> tuple:
    """Delete drawing objects; any later use of their handles is error 2454."""
    for h in handle:
        h.clear()
    return ()
