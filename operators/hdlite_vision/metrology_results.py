"""2-D metrology: measuring (apply_metrology_model), results, result and model contours, the
measure regions with their edges, and model files.

Results (get_metrology_object_result, names from HALCON's reference): GenParamName
'result_type' with 'all_param' (circle: Row, Column, Radius; ellipse: Row, Column, Phi,
Radius1, Radius2; line: RowBegin, ColumnBegin, RowEnd, ColumnEnd; rectangle: Row, Column,
Phi, Length1, Length2), a single parameter by name ('row', 'column', 'radius', 'phi',
'radius1', 'radius2', 'length1', 'length2', 'row_begin', 'column_begin', 'row_end',
'column_end'; lines also 'nr', 'nc', 'distance' [unverified]) or 'score'; 'used_edges' with
'row', 'column' or 'amplitude' gives the edges the final fit used. 'angle_direction'
'negative' [unverified] returns Phi clockwise (negated). An object without instances gives
an empty tuple. A line's begin and end are the projections of the object's (aligned) begin
and end onto the fitted line [unverified]; a circle's arc keeps the object's 'start_phi' and
'end_phi'.

Files (write_metrology_model / read_metrology_model): a JSON document
``{"format": "hdlite-metrology-model", "version": 1, ...}`` holding the image size,
reference system, scale, alignment and each object's shape, geometry, arc and parameters
(results are not stored); written atomically. Another file is error 8575, another version
8576.
"""

from __future__ import annotations

import json
import math

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    operator,
)

from ._metrology_fit import find_object_edges, search
from ._metrology_model import (
    DEFAULTS,
    GEOMETRY_NAMES,
    SHAPES,
    Instance,
    MetrologyModel,
    MetrologyObject,
    arc_span,
    ellipse_point,
    measure_regions,
    rectangle_sides,
)
from ._model_files import read_file, write_file
from .metrology import KIND, indices, model_of

_HANDLE = ControlIn("MetrologyHandle", types="handle", count=1, sem=KIND)
_INDEX = ControlIn("Index", types=("integer", "string"), count=(1, None), default="all")
_FORMAT, _VERSION = "hdlite-metrology-model", 1


def _angle(m: MetrologyModel) -> float:
    r = m.rigid()
    return math.atan2(r[1, 0], r[0, 0])


@operator("apply_metrology_model", IconicIn("Image"), _HANDLE)
def apply_metrology_model(ctx: CallContext, image: ObjectTuple, handle: tuple) -> tuple:
    """Find the edges in every object's measure regions and fit the shapes to them."""
    imgs = list(image)
    if len(imgs) != 1 or not isinstance(imgs[0], Image):
        raise ctx.error(1501, f"Image: expects one image, got {len(imgs)} objects")
    img = imgs[0]
    if img.pixel_type not in ("byte", "uint2", "int1", "int2", "int4", "real"):
        raise ctx.error(9007, f"Image: pixel type {img.pixel_type!r}")
    data = np.asarray(img.data[0], dtype=np.float64)
    m = model_of(handle)
    angle = _angle(m)
    for obj in m.objects.values():
        regions, sides = measure_regions(obj, angle)
        edges = find_object_edges(data, obj, regions, sides)
        obj.measures = [tuple(float(v) for v in g) for g in regions]
        obj.edges = (edges.rows, edges.cols, edges.amp)
        obj.instances = search(obj, edges, regions, sides)
    return ()


def _instances(ctx: CallContext, obj: MetrologyObject, instance: tuple) -> list:
    if len(instance) == 1 and instance[0] == "all":
        return obj.instances
    out = []
    for k in instance:
        if isinstance(k, str) or k < 0:
            raise ctx.param_error("value", "Instance", f"{k!r} (an instance number or 'all')")
        if k < len(obj.instances):
            out.append(obj.instances[k])
    return out


def _result_values(obj: MetrologyObject, inst, what: str, clockwise: bool) -> tuple | None:
    p = list(inst.params)
    names = GEOMETRY_NAMES[obj.shape]
    if clockwise and obj.shape in ("ellipse", "rectangle"):
        p[2] = -p[2]
    if what == "all_param":
        return tuple(p)
    if what == "score":
        return (inst.score,)
    if what in names:
        return (p[names.index(what)],)
    if obj.shape == "line" and what in ("nr", "nc", "distance"):
        dr, dc = p[2] - p[0], p[3] - p[1]
        length = math.hypot(dr, dc)
        nr, nc = dc / length, -dr / length
        return ({"nr": nr, "nc": nc, "distance": nr * p[0] + nc * p[1]}[what],)
    return None


_PROBE = {
    shape: Instance((0.0, 0.0, 1.0, 1.0, 1.0)[: len(names)], 0.0, *(np.zeros(0),) * 3)
    for shape, names in GEOMETRY_NAMES.items()
}


@operator(
    "get_metrology_object_result",
    _HANDLE,
    _INDEX,
    ControlIn("Instance", types=("integer", "string"), count=(1, None), default="all"),
    ControlIn("GenParamName", types="string", count=(1, None), default="result_type"),
    ControlIn("GenParamValue", types=("string", "number"), count=(1, None), default="all_param"),
    ControlOut("Parameter"),
)
def get_metrology_object_result(ctx, handle, index, instance, names, values) -> tuple:
    """Results of the last apply_metrology_model per object and instance ('result_type'
    or 'used_edges' with the value wanted; 'angle_direction' 'positive'/'negative')."""
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", "one value per GenParamName")
    settings = dict(zip(names, values, strict=True))
    unknown = set(settings) - {"result_type", "used_edges", "angle_direction"}
    if unknown or ("result_type" in settings) == ("used_edges" in settings):
        raise ctx.param_error("value", "GenParamName", f"{tuple(names)!r}")
    direction = settings.get("angle_direction", "positive")
    if direction not in ("positive", "negative"):
        raise ctx.param_error("value", "GenParamValue", f"angle_direction {direction!r}")
    m = model_of(handle)
    out: list = []
    for i in indices(ctx, m, index):
        obj = m.objects[i]
        if (
            "result_type" in settings
            and _result_values(obj, _PROBE[obj.shape], str(settings["result_type"]), False) is None
        ):
            detail = f"result_type {settings['result_type']!r} for a {obj.shape}"
            raise ctx.param_error("value", "GenParamValue", detail)
        for inst in _instances(ctx, obj, instance):
            if "used_edges" in settings:
                which = settings["used_edges"]
                arrays = {"row": inst.rows, "column": inst.cols, "amplitude": inst.amplitudes}
                if which not in arrays:
                    raise ctx.param_error("value", "GenParamValue", f"used_edges {which!r}")
                out.extend(float(v) for v in arrays[which])
                continue
            v = _result_values(obj, inst, str(settings["result_type"]), direction == "negative")
            out.extend(float(x) for x in v or ())
    return (tuple(out),)


def shape_contour(obj: MetrologyObject, params: tuple, angle: float, res: float) -> Contour:
    """The outline of a shape with ``params`` as an XLD contour, points about ``res`` apart."""
    if obj.shape == "line":
        return Contour([params[0], params[2]], [params[1], params[3]])
    if obj.shape == "rectangle":
        corners = []
        sides = rectangle_sides(params)
        for k in range(4):
            row, col, normal, half = sides[k]
            tr, tc = -math.cos(normal), -math.sin(normal)
            corners.append((row - half * tr, col - half * tc))
        corners.append(corners[0])
        return Contour([c[0] for c in corners], [c[1] for c in corners])
    start, ext, full = arc_span(obj, angle if obj.shape == "circle" else 0.0)
    length = abs(ext) * max(params[-2:]) if obj.shape == "ellipse" else abs(ext) * params[2]
    n = max(math.ceil(length / res), 8)
    t = start + ext * np.arange(n + 1) / n
    if obj.shape == "circle":
        rows, cols = params[0] - params[2] * np.sin(t), params[1] + params[2] * np.cos(t)
    else:
        rows, cols = ellipse_point(params, t)
    if full:
        rows[-1], cols[-1] = rows[0], cols[0]
    return Contour(rows, cols)


def _resolution(ctx: CallContext, res: tuple) -> float:
    if res[0] <= 0:
        raise ctx.param_error("value", "Resolution", f"{res[0]!r} must be positive")
    return float(res[0])


@operator(
    "get_metrology_object_result_contour",
    IconicOut("Contour"),
    _HANDLE,
    _INDEX,
    ControlIn("Instance", types=("integer", "string"), count=(1, None), default="all"),
    ControlIn("Resolution", types="number", count=1, default=1.5),
)
def get_metrology_object_result_contour(ctx, handle, index, instance, res) -> tuple:
    """The fitted shapes as XLD contours (none for objects without instances)."""
    m = model_of(handle)
    step, angle = _resolution(ctx, res), _angle(m)
    out = []
    for i in indices(ctx, m, index):
        obj = m.objects[i]
        for inst in _instances(ctx, obj, instance):
            out.append(shape_contour(obj, inst.params, angle, step))
    return (ObjectTuple(out),)


@operator(
    "get_metrology_object_model_contour",
    IconicOut("Contour"),
    _HANDLE,
    _INDEX,
    ControlIn("Resolution", types="number", count=1, default=1.5),
)
def get_metrology_object_model_contour(ctx, handle, index, res) -> tuple:
    """The objects' own (aligned) shapes as XLD contours."""
    m = model_of(handle)
    step, angle = _resolution(ctx, res), _angle(m)
    out = [
        shape_contour(m.objects[i], m.objects[i].geometry, angle, step)
        for i in indices(ctx, m, index)
    ]
    return (ObjectTuple(out),)


def _rect_contour(g: tuple) -> Contour:
    row, col, phi, l1, l2 = g
    ur, uc = -math.sin(phi), math.cos(phi)
    vr, vc = math.cos(phi), math.sin(phi)
    signs = ((1, 1), (-1, 1), (-1, -1), (1, -1), (1, 1))
    rows = [row + a * l1 * ur + b * l2 * vr for a, b in signs]
    cols = [col + a * l1 * uc + b * l2 * vc for a, b in signs]
    return Contour(rows, cols)


@operator(
    "get_metrology_object_measures",
    IconicOut("Contours"),
    _HANDLE,
    _INDEX,
    ControlIn(
        "Transition", types="string", count=1, default="all", values=("all", "negative", "positive")
    ),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
)
def get_metrology_object_measures(ctx, handle, index, transition) -> tuple:
    """The measure regions as rectangular XLD contours and the edges found in them by the
    last apply_metrology_model (of the given Transition)."""
    m = model_of(handle)
    angle = _angle(m)
    contours: list[Contour] = []
    rows: list[float] = []
    cols: list[float] = []
    for i in indices(ctx, m, index):
        obj = m.objects[i]
        regions = obj.measures or measure_regions(obj, angle)[0]
        contours.extend(_rect_contour(g) for g in regions)
        if obj.edges is not None:
            r, c, amp = obj.edges
            keep = {"all": amp != 0, "positive": amp > 0, "negative": amp < 0}[transition[0]]
            rows.extend(float(v) for v in r[keep])
            cols.extend(float(v) for v in c[keep])
    return (ObjectTuple(contours), tuple(rows), tuple(cols))


@operator("write_metrology_model", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_metrology_model(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Save the model (objects, parameters, reference system, alignment) to a file."""
    m = model_of(handle)
    doc = {
        "format": _FORMAT,
        "version": _VERSION,
        "width": m.width,
        "height": m.height,
        "reference": list(m.reference),
        "scale": m.scale,
        "alignment": None if m.alignment is None else list(m.alignment),
        "objects": [
            {
                "index": i,
                "shape": o.shape,
                "geometry": list(o.base),
                "arc": o.arc,
                "params": o.params,
            }
            for i, o in sorted(m.objects.items())
        ],
    }
    write_file(ctx, name[0], json.dumps(doc, indent=1).encode(), reason=False)
    return ()


@operator(
    "read_metrology_model",
    ControlIn("FileName", types="string", count=1),
    ControlOut("MetrologyHandle", types="handle", count=1),
)
def read_metrology_model(ctx: CallContext, name: tuple) -> tuple:
    """Load a model written by write_metrology_model."""
    data = read_file(ctx, name[0], reason=False)
    try:
        doc = json.loads(data.decode())
        if not isinstance(doc, dict) or doc.get("format") != _FORMAT:
            raise ValueError("not a metrology model file")
    except (ValueError, UnicodeDecodeError):
        raise ctx.error(8575, name[0]) from None
    if doc.get("version") != _VERSION:
        raise ctx.error(8576, f"{name[0]}: version {doc.get('version')!r}")
    try:
        m = _decode(doc)
    except (KeyError, TypeError, ValueError, IndexError):
        raise ctx.error(8575, name[0]) from None
    return ((ctx.new_handle(KIND, m),),)


def _decode(doc: dict) -> MetrologyModel:
    m = MetrologyModel()
    m.width, m.height = doc["width"], doc["height"]
    m.reference = tuple(float(v) for v in doc["reference"])  # type: ignore[assignment]
    m.scale = float(doc["scale"])
    if doc["alignment"] is not None:
        m.alignment = tuple(float(v) for v in doc["alignment"])  # type: ignore[assignment]
    for o in doc["objects"]:
        shape = o["shape"]
        if shape not in SHAPES or len(o["geometry"]) != len(GEOMETRY_NAMES[shape]):
            raise ValueError(f"bad object {o!r}")
        params = dict(DEFAULTS)
        params.update({k: v for k, v in o["params"].items() if k in DEFAULTS})
        obj = MetrologyObject(shape, tuple(float(v) for v in o["geometry"]), params, dict(o["arc"]))
        m.objects[int(o["index"])] = obj
    m.realign()
    return m
