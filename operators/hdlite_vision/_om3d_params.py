"""get_object_model_3d_params: the value of one documented attribute name of one model.

Names and meanings from the get_object_model_3d_params reference page; booleans are the
strings 'true' and 'false' as HALCON returns them. A name the model has no data for (points,
normals, triangles, mapping, primitive, an extended attribute) is 1302 on GenParamName
[unverified code; the page only says "an exception is raised"].
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext

from ._geometry3d import pose_to_matrix
from ._om3d import ObjectModel3D, bounding_box, primitive_parameter, primitive_points


def _bool(flag: bool) -> tuple:
    return ("true" if flag else "false",)


def _floats(a: np.ndarray) -> tuple:
    return tuple(float(v) for v in np.asarray(a).reshape(-1))


def primitive_bbox(prim: dict) -> np.ndarray | None:
    """The axis-parallel bounding box of a primitive (None for an unbounded plane)."""
    m = pose_to_matrix(prim["pose"])
    r, t = m[:3, :3], m[:3, 3]
    kind = prim["type"]
    if kind == "sphere":
        rad = prim["size"][0]
        return np.concatenate([t - rad, t + rad])
    if kind == "box":
        half = np.abs(r) @ np.asarray(prim["size"], dtype=np.float64)
        return np.concatenate([t - half, t + half])
    if kind == "cylinder":
        rad, (lo, hi) = prim["size"][0], prim["extension"]
        axis = r[:, 2]
        spread = rad * np.sqrt(np.clip(1.0 - axis**2, 0.0, None))
        ends = np.stack([t + lo * axis, t + hi * axis])
        return np.concatenate([ends.min(axis=0) - spread, ends.max(axis=0) + spread])
    if not prim["extension"]:
        return None
    return bounding_box(primitive_points(prim))


def model_bbox(model: ObjectModel3D) -> np.ndarray | None:
    """'bounding_box1' of the points, else of the primitive; None when there is neither."""
    if model.num_points:
        return bounding_box(model.points)
    if model.primitive is not None:
        return primitive_bbox(model.primitive)
    return None


def _missing(ctx: CallContext, name: str, what: str) -> Exception:
    return ctx.param_error("value", "GenParamName", f"{name}: the model has no {what}")


def model_params(ctx: CallContext, model: ObjectModel3D, name: str) -> tuple:
    """The values of the attribute ``name`` of ``model``."""
    n = model.num_points
    simple = {
        "has_points": lambda: _bool(n > 0),
        "has_point_normals": lambda: _bool(model.normals is not None),
        "has_triangles": lambda: _bool(model.triangles is not None and len(model.triangles) > 0),
        "has_faces": lambda: _bool(model.triangles is not None and len(model.triangles) > 0),
        "has_polygons": lambda: _bool(False),
        "has_lines": lambda: _bool(False),
        "has_xyz_mapping": lambda: _bool(model.mapping is not None),
        "has_primitive_data": lambda: _bool(model.primitive is not None),
        "has_extended_attribute": lambda: _bool(bool(model.point_attribs or model.object_attribs)),
        "has_surface_based_matching_data": lambda: _bool(False),
        "has_shape_based_matching_3d_data": lambda: _bool(False),
        "has_segmentation_data": lambda: _bool(False),
        "has_distance_computation_data": lambda: _bool(False),
        "num_points": lambda: (n,),
        "num_triangles": lambda: (0 if model.triangles is None else len(model.triangles),),
        "num_polygons": lambda: (0,),
        "num_lines": lambda: (0,),
        "num_extended_attribute": lambda: (len(model.point_attribs) + len(model.object_attribs),),
        "extended_attribute_names": lambda: (*model.point_attribs, *model.object_attribs),
    }
    if name in simple:
        return simple[name]()
    axes = {"x": 0, "y": 1, "z": 2}
    if name.startswith("point_coord_") and name[-1:] in axes and len(name) == 13:
        if n == 0:
            raise _missing(ctx, name, "points")
        return _floats(model.points[:, axes[name[-1]]])
    if name.startswith("point_normal_") and name[-1:] in axes and len(name) == 14:
        if model.normals is None:
            raise _missing(ctx, name, "point normals")
        return _floats(model.normals[:, axes[name[-1]]])
    if name == "triangles":
        if model.triangles is None:
            raise _missing(ctx, name, "triangles")
        return tuple(int(v) for v in model.triangles.reshape(-1))
    if name in ("mapping_row", "mapping_col"):
        if model.mapping is None:
            raise _missing(ctx, name, "2D mapping")
        return tuple(int(v) for v in model.mapping[:, 0 if name == "mapping_row" else 1])
    if name in ("bounding_box1", "center", "diameter", "diameter_axis_aligned_bounding_box"):
        box = model_bbox(model)
        if box is None:
            raise _missing(ctx, name, "points")
        if name == "bounding_box1":
            return _floats(box)
        if name == "center":
            return _floats((box[:3] + box[3:]) / 2.0)
        return (float(np.linalg.norm(box[3:] - box[:3])),)
    if name.startswith("primitive_"):
        return _primitive(ctx, model, name)
    if name.startswith("&"):
        if name in model.point_attribs:
            return _floats(model.point_attribs[name])
        if name in model.object_attribs:
            return _floats(model.object_attribs[name])
        raise _missing(ctx, name, "such extended attribute")
    raise ctx.param_error("value", "GenParamName", f"unknown parameter {name!r}")


def _primitive(ctx: CallContext, model: ObjectModel3D, name: str) -> tuple:
    prim = model.primitive
    if prim is None:
        raise _missing(ctx, name, "primitive")
    if name == "primitive_type":
        return (prim["type"],)
    if name in ("primitive_pose", "primitive_parameter_pose"):
        return tuple(prim["pose"])
    if name == "primitive_parameter":
        return primitive_parameter(prim)
    if name == "primitive_parameter_extension":
        ext = prim["extension"]
        if prim["type"] == "plane" and ext:
            return (*map(float, ext[0]), *map(float, ext[1]))
        return tuple(float(v) for v in ext)
    raise ctx.param_error("value", "GenParamName", f"unknown parameter {name!r}")
