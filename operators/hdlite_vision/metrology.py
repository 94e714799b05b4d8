"""2-D metrology: the model, its objects (circles, ellipses, lines, rectangles) and parameters.

Signatures and parameter names follow HALCON's reference (create_metrology_model,
add_metrology_object_*_measure, add_metrology_object_generic, set/get/reset_metrology_
object_param, set/get_metrology_model_param, align_metrology_model, copy_metrology_model).
Measuring and results are in metrology_results.py, the model and its rules in
_metrology_model.py (which lists the [unverified] choices).

Model parameters: 'reference_system' ([Row, Column, Angle], default [0, 0, 0]) and 'scale'
(default 1.0) are kept; 'camera_param' and 'plane_pose' (results in world coordinates) are
not offered: setting them is HALCON's wrong-value error for GenParamName (1302), and reading
them gives 8579 / 8580 (camera parameters / measurement plane not set). Indices of objects
count up from 0; a cleared index is not reused while higher ones exist [unverified]. An
index that names no object is error 8572 "Invalid metrology object".
"""

from __future__ import annotations

import math
from typing import Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from ._metrology_model import (
    ARC_PARAMS,
    DEFAULTS,
    GEOMETRY_NAMES,
    SHAPES,
    MetrologyModel,
    MetrologyObject,
    ParamError,
    arc_span,
    check_param,
    measure_regions,
)

KIND = "metrology_model"
_HANDLE = ControlIn("MetrologyHandle", types="handle", count=1, sem=KIND)
_INDEX = ControlIn("Index", types=("integer", "string"), count=(1, None), default="all")


def model_of(handle: tuple) -> MetrologyModel:
    """The model behind a metrology handle."""
    m = handle[0].obj
    assert isinstance(m, MetrologyModel)
    return m


def indices(ctx: CallContext, m: MetrologyModel, index: tuple) -> list[int]:
    """The object indices an Index argument names ('all': every object, in order)."""
    if len(index) == 1 and index[0] == "all":
        return sorted(m.objects)
    out = []
    for i in index:
        if isinstance(i, str) or i not in m.objects:
            if isinstance(i, str):
                raise ctx.param_error("value", "Index", f"{i!r} (an index or 'all')")
            raise ctx.error(8572, f"Index {i}: no such metrology object")
        out.append(int(i))
    return out


@operator("create_metrology_model", ControlOut("MetrologyHandle", types="handle", count=1))
def create_metrology_model(ctx: CallContext) -> tuple:
    """A new, empty metrology model."""
    return ((ctx.new_handle(KIND, MetrologyModel()),),)


@operator(
    "set_metrology_model_image_size",
    _HANDLE,
    ControlIn("Width", types="integer", count=1, default=640),
    ControlIn("Height", types="integer", count=1, default=480),
)
def set_metrology_model_image_size(ctx: CallContext, handle: tuple, w: tuple, h: tuple) -> tuple:
    """Record the size of the images the model will measure."""
    for name, v in (("Width", w[0]), ("Height", h[0])):
        if v <= 0:
            raise ctx.param_error("value", name, f"{v!r} must be positive")
    m = model_of(handle)
    m.width, m.height = int(w[0]), int(h[0])
    return ()


_MODEL_PARAMS = ("camera_param", "plane_pose", "reference_system", "scale")


@operator(
    "set_metrology_model_param",
    _HANDLE,
    ControlIn("GenParamName", types="string", count=1, default="reference_system"),
    ControlIn("GenParamValue", types=("number", "string"), default=(0, 0, 0)),
)
def set_metrology_model_param(ctx: CallContext, handle: tuple, name: tuple, value: tuple) -> tuple:
    """Set 'reference_system' [Row, Column, Angle] (the frame align_metrology_model moves
    the objects from) or 'scale'; world coordinates ('camera_param', 'plane_pose') are not
    offered (wrong value)."""
    m = model_of(handle)
    key = name[0]
    if key not in ("reference_system", "scale"):
        detail = "needs a camera calibration, which hdlite's metrology does not offer"
        raise ctx.param_error("value", "GenParamName", f"{key!r}: {detail}")
    if any(isinstance(v, str) for v in value):
        raise ctx.param_error("type", "GenParamValue", "numbers expected")
    if key == "scale":
        if len(value) != 1 or value[0] <= 0:
            raise ctx.param_error("value", "GenParamValue", "'scale' must be one positive number")
        m.scale = float(value[0])
        return ()
    if len(value) != 3:
        raise ctx.param_error("count", "GenParamValue", "'reference_system' needs 3 values")
    m.reference = (float(value[0]), float(value[1]), float(value[2]))
    m.realign()
    return ()


@operator(
    "get_metrology_model_param",
    _HANDLE,
    ControlIn("GenParamName", types="string", count=1, default="reference_system"),
    ControlOut("GenParamValue"),
)
def get_metrology_model_param(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Read a model parameter ('reference_system', 'scale'); 'camera_param' and
    'plane_pose' are never set (8579, 8580)."""
    m = model_of(handle)
    key = name[0]
    if key == "reference_system":
        return (m.reference,)
    if key == "scale":
        return ((m.scale,),)
    if key == "camera_param":
        raise ctx.error(8579)
    if key == "plane_pose":
        raise ctx.error(8580)
    raise ctx.param_error("value", "GenParamName", f"{key!r} is not one of {_MODEL_PARAMS}")


def _apply_params(
    ctx: CallContext, obj: MetrologyObject, names: tuple, values: tuple, at_add: bool
):
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", "one value per GenParamName")
    for n, v in zip(names, values, strict=True):
        if at_add and n in ARC_PARAMS and obj.shape in ("circle", "ellipse"):
            if n == "point_order" and v not in ("positive", "negative"):
                raise ctx.param_error("value", "GenParamValue", f"point_order {v!r}")
            if n != "point_order" and isinstance(v, str):
                raise ctx.param_error("value", "GenParamValue", f"{n} {v!r}")
            obj.arc[n] = v if n == "point_order" else float(v)
            continue
        try:
            obj.params[n] = check_param(obj.shape, n, v)
        except ParamError as err:
            which = "GenParamName" if err.which == "name" else "GenParamValue"
            raise ctx.param_error("value", which, str(err)) from None
        if n == "measure_distance":
            obj.params["num_measures"] = None


def _spread(ctx: CallContext, values: tuple, n: int, name: str) -> list:
    if len(values) == n:
        return list(values)
    if len(values) == 1:
        return list(values) * n
    raise ctx.param_error("count", name, f"needs 1 or {n} values")


def _add(
    ctx, handle, shape: str, geometry: list[tuple], measure: tuple, names, values, pname: str = ""
) -> tuple:
    m = model_of(handle)
    n = max(len(g) for g in geometry)
    geometry = [tuple(_spread(ctx, g, n, pname or "Row")) for g in geometry]
    labels = ("MeasureLength1", "MeasureLength2", "MeasureSigma", "MeasureThreshold")
    spread = [_spread(ctx, v, n, lab) for v, lab in zip(measure, labels, strict=True)]
    new: list[MetrologyObject] = []
    for k in range(n):
        g = tuple(float(p[k]) for p in geometry)
        _check_geometry(ctx, shape, g, pname)
        obj = MetrologyObject(shape, g, dict(DEFAULTS))
        keys = ("measure_length1", "measure_length2", "measure_sigma", "measure_threshold")
        _apply_params(ctx, obj, keys, tuple(s[k] for s in spread), False)
        _apply_params(ctx, obj, names, values, True)
        new.append(obj)
    return (tuple(m.add(obj) for obj in new),)


def _check_geometry(ctx: CallContext, shape: str, g: tuple, pname: str) -> None:
    bad = {
        "circle": lambda: g[2] <= 0,
        "ellipse": lambda: g[3] <= 0 or g[4] <= 0,
        "line": lambda: g[0] == g[2] and g[1] == g[3],
        "rectangle": lambda: g[3] <= 0 or g[4] <= 0,
    }[shape]()
    if bad:
        name = pname or {"circle": "Radius", "ellipse": "Radius1", "line": "RowEnd"}.get(
            shape, "Length1"
        )
        raise ctx.param_error("value", name, f"not a valid {shape}: {g}")


_MEASURE = (
    ControlIn("MeasureLength1", types="number", count=(1, None), default=20.0),
    ControlIn("MeasureLength2", types="number", count=(1, None), default=5.0),
    ControlIn("MeasureSigma", types="number", count=(1, None), default=1.0),
    ControlIn("MeasureThreshold", types="number", count=(1, None), default=30.0),
    ControlIn("GenParamName", types="string", default=()),
    ControlIn("GenParamValue", types=("number", "string"), default=()),
    ControlOut("Index", types="integer"),
)


def _num(name: str, default: float) -> Any:
    return ControlIn(name, types="number", count=(1, None), default=default)


@operator(
    "add_metrology_object_circle_measure",
    _HANDLE,
    _num("Row", 240.0),
    _num("Column", 320.0),
    _num("Radius", 100.0),
    *_MEASURE,
)
def add_metrology_object_circle_measure(ctx, h, row, col, radius, l1, l2, s, t, names, values):
    """Add circles (or arcs: 'start_phi', 'end_phi', 'point_order') to measure."""
    return _add(ctx, h, "circle", [row, col, radius], (l1, l2, s, t), names, values)


@operator(
    "add_metrology_object_ellipse_measure",
    _HANDLE,
    _num("Row", 240.0),
    _num("Column", 320.0),
    _num("Phi", 0.0),
    _num("Radius1", 100.0),
    _num("Radius2", 50.0),
    *_MEASURE,
)
def add_metrology_object_ellipse_measure(
    ctx, h, row, col, phi, r1, r2, l1, l2, s, t, names, values
):
    """Add ellipses (or elliptic arcs) to measure."""
    return _add(ctx, h, "ellipse", [row, col, phi, r1, r2], (l1, l2, s, t), names, values)


@operator(
    "add_metrology_object_line_measure",
    _HANDLE,
    _num("RowBegin", 100.0),
    _num("ColumnBegin", 100.0),
    _num("RowEnd", 100.0),
    _num("ColumnEnd", 200.0),
    *_MEASURE,
)
def add_metrology_object_line_measure(ctx, h, r0, c0, r1, c1, l1, l2, s, t, names, values):
    """Add lines (from begin to end) to measure."""
    return _add(ctx, h, "line", [r0, c0, r1, c1], (l1, l2, s, t), names, values)


@operator(
    "add_metrology_object_rectangle2_measure",
    _HANDLE,
    _num("Row", 240.0),
    _num("Column", 320.0),
    _num("Phi", 0.0),
    _num("Length1", 100.0),
    _num("Length2", 50.0),
    *_MEASURE,
)
def add_metrology_object_rectangle2_measure(ctx, h, r, c, phi, a, b, l1, l2, s, t, names, values):
    """Add rotated rectangles to measure."""
    return _add(ctx, h, "rectangle", [r, c, phi, a, b], (l1, l2, s, t), names, values)


@operator(
    "add_metrology_object_generic",
    _HANDLE,
    ControlIn("Shape", types="string", count=1, default="circle", values=SHAPES),
    ControlIn("ShapeParam", types="number", count=(1, None), default=(240, 320, 100)),
    *_MEASURE,
)
def add_metrology_object_generic(ctx, h, shape, param, l1, l2, s, t, names, values):
    """Add objects by shape name ('circle', 'ellipse', 'line', 'rectangle') with their
    shape parameters in the order of the shape's own add_metrology_object_* operator."""
    k = len(GEOMETRY_NAMES[shape[0]])
    if len(param) % k:
        raise ctx.param_error("count", "ShapeParam", f"a {shape[0]} needs {k} values per object")
    geometry = [param[i::k] for i in range(k)]
    return _add(ctx, h, shape[0], geometry, (l1, l2, s, t), names, values, "ShapeParam")


@operator(
    "set_metrology_object_param",
    _HANDLE,
    _INDEX,
    ControlIn("GenParamName", types="string", count=(1, None), default="num_instances"),
    ControlIn("GenParamValue", types=("number", "string"), count=(1, None), default=1),
)
def set_metrology_object_param(ctx, handle, index, names, values) -> tuple:
    """Set measuring and fitting parameters of metrology objects."""
    m = model_of(handle)
    for i in indices(ctx, m, index):
        _apply_params(ctx, m.objects[i], names, values, False)
    return ()


def object_param(obj: MetrologyObject, name: str, angle: float) -> tuple | None:
    """The value of ``name`` for ``obj`` (None: the name does not apply)."""
    if name in DEFAULTS and name != "num_measures":
        v = obj.params[name]
        if name == "measure_distance" and obj.params["num_measures"] is not None:
            regions, _ = measure_regions(obj, angle)
            v = _boundary_length(obj, angle) / max(len(regions), 1)
        return (v,)
    if name == "num_measures":
        return (len(measure_regions(obj, angle)[0]),)
    if name == "object_type":
        return (obj.shape,)
    if name == "object_params":
        return tuple(obj.geometry)
    if name == "center" and obj.shape != "line":
        return tuple(obj.geometry[:2])
    if obj.shape in ("circle", "ellipse") and name in ARC_PARAMS:
        start, ext, _ = arc_span(obj, angle if obj.shape == "circle" else 0.0)
        values = {"start_phi": start, "end_phi": start + ext}
        return (values[name] if name in values else obj.arc.get("point_order", "positive"),)
    names = GEOMETRY_NAMES[obj.shape]
    if name in names and name not in ("row", "column"):
        return (obj.geometry[names.index(name)],)
    return None


def _boundary_length(obj: MetrologyObject, angle: float) -> float:
    g = obj.geometry
    if obj.shape == "line":
        return math.hypot(g[2] - g[0], g[3] - g[1])
    if obj.shape == "rectangle":
        return 4 * (g[3] + g[4])
    _start, ext, _ = arc_span(obj, angle)
    if obj.shape == "circle":
        return abs(ext) * g[2]
    a, b = g[3], g[4]  # Ramanujan's approximation, scaled to the arc
    return abs(ext) / (2 * math.pi) * math.pi * (3 * (a + b) - math.sqrt((3 * a + b) * (a + 3 * b)))


@operator(
    "get_metrology_object_param",
    _HANDLE,
    _INDEX,
    ControlIn("GenParamName", types="string", count=(1, None), default="num_measures"),
    ControlOut("GenParamValue"),
)
def get_metrology_object_param(ctx, handle, index, names) -> tuple:
    """Parameters of metrology objects: everything set_metrology_object_param sets, and the
    geometry ('object_type', 'object_params', 'center', 'radius', 'phi', 'radius1',
    'radius2', 'length1', 'length2', 'row_begin', ..., 'start_phi', 'end_phi',
    'point_order'); values object by object, in the order of GenParamName."""
    m = model_of(handle)
    angle = math.atan2(m.rigid()[1, 0], m.rigid()[0, 0])
    out: list = []
    for i in indices(ctx, m, index):
        for n in names:
            v = object_param(m.objects[i], n, angle)
            if v is None:
                raise ctx.param_error("value", "GenParamName", f"{n!r} for a {m.objects[i].shape}")
            out.extend(v)
    return (tuple(out),)


@operator("reset_metrology_object_param", _HANDLE, _INDEX)
def reset_metrology_object_param(ctx: CallContext, handle: tuple, index: tuple) -> tuple:
    """Reset every settable parameter of the objects to HALCON's default."""
    m = model_of(handle)
    for i in indices(ctx, m, index):
        m.objects[i].params = dict(DEFAULTS)
    return ()


@operator("get_metrology_object_indices", _HANDLE, ControlOut("Indices", types="integer"))
def get_metrology_object_indices(ctx: CallContext, handle: tuple) -> tuple:
    """The indices of the model's objects, ascending."""
    return (tuple(sorted(model_of(handle).objects)),)


@operator("clear_metrology_object", _HANDLE, _INDEX)
def clear_metrology_object(ctx: CallContext, handle: tuple, index: tuple) -> tuple:
    """Remove objects from the model."""
    m = model_of(handle)
    for i in indices(ctx, m, index):
        del m.objects[i]
    return ()


@operator("clear_metrology_model", _HANDLE)
def clear_metrology_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free the model; any later use of the handle is error 2454."""
    handle[0].clear()
    return ()


@operator(
    "copy_metrology_model",
    _HANDLE,
    _INDEX,
    ControlOut("CopiedMetrologyHandle", types="handle", count=1),
)
def copy_metrology_model(ctx: CallContext, handle: tuple, index: tuple) -> tuple:
    """A new model with copies of the selected objects (indices kept)."""
    m = model_of(handle)
    return ((ctx.new_handle(KIND, m.copy(indices(ctx, m, index))),),)


@operator(
    "align_metrology_model",
    _HANDLE,
    ControlIn("Row", types="number", count=1, default=0),
    ControlIn("Column", types="number", count=1, default=0),
    ControlIn("Angle", types="number", count=1, default=0),
)
def align_metrology_model(ctx: CallContext, handle: tuple, row, col, angle) -> tuple:
    """Move all objects rigidly: the model's reference system goes to (Row, Column) turned
    by Angle; each alignment starts from the objects as added."""
    m = model_of(handle)
    m.alignment = (float(row[0]), float(col[0]), float(angle[0]))
    m.realign()
    return ()
