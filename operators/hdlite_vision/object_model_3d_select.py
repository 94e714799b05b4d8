"""Splitting and selecting 3-D object models: connection_object_model_3d,
select_object_model_3d, area_object_model_3d and max_diameter_object_model_3d.

connection_object_model_3d ('distance_3d': points at most Value apart are connected;
'mesh': points that share a triangle) returns one model per component, ordered by the
lowest point index in each [unverified order]. select_object_model_3d keeps the models
whose features lie within [MinValue, MaxValue], all features ('and') or any ('or').
max_diameter_object_model_3d: the largest distance of two points on the convex hull
(its reference page, HALCON 11 to 26.05).
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from . import _om3d_geometry as geo
from ._om3d import ObjectModel3D, handle_in, handle_out, model_of, models_of, new, number
from ._om3d_params import model_bbox

_MANY = (1, None)


@operator(
    "connection_object_model_3d",
    handle_in(),
    ControlIn(
        "Feature", types="string", count=1, default="distance_3d", values=("distance_3d", "mesh")
    ),
    ControlIn("Value", types="number", count=1, default=1.0),
    handle_out("ObjectModel3DConnected", count=(0, None)),
)
def connection_object_model_3d(ctx: CallContext, handle, feature, value) -> tuple:
    """The connected components of the points, one model each."""
    model = model_of(ctx, handle[0])
    n = model.num_points
    if n == 0:
        return ((),)
    if feature[0] == "distance_3d":
        dist = number(ctx, value[0], "Value")
        if dist < 0:
            raise ctx.param_error("value", "Value", "must not be negative")
        labels = geo.components(model.points, dist)
    else:
        if model.triangles is None:
            raise ctx.param_error("value", "Feature", "'mesh': the model has no triangles")
        labels = _mesh_labels(n, model.triangles)
    order = sorted(set(labels.tolist()), key=lambda lab: int(np.argmax(labels == lab)))
    return (tuple(new(ctx, model.subset(labels == lab)) for lab in order),)


def _mesh_labels(n: int, tri: np.ndarray) -> np.ndarray:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rows = np.concatenate([tri[:, 0], tri[:, 1], tri[:, 2]])
    cols = np.concatenate([tri[:, 1], tri[:, 2], tri[:, 0]])
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _area(model: ObjectModel3D) -> float:
    if model.triangles is None or not len(model.triangles):
        return 0.0
    return float(geo.triangle_areas(model.points, model.triangles).sum())


def _diameter(model: ObjectModel3D) -> float:
    return geo.max_diameter(model.points)


_FEATURES = {
    "num_points": lambda m: float(m.num_points),
    "num_triangles": lambda m: float(0 if m.triangles is None else len(m.triangles)),
    "mean_points_x": lambda m: float(m.points[:, 0].mean()) if m.num_points else np.nan,
    "mean_points_y": lambda m: float(m.points[:, 1].mean()) if m.num_points else np.nan,
    "mean_points_z": lambda m: float(m.points[:, 2].mean()) if m.num_points else np.nan,
    "area": _area,
    "diameter_object": _diameter,
    "diameter_axis_aligned_bounding_box": lambda m: (
        np.nan if (b := model_bbox(m)) is None else float(np.linalg.norm(b[3:] - b[:3]))
    ),
}


@operator(
    "select_object_model_3d",
    handle_in(count=(0, None)),
    ControlIn(
        "Feature", types="string", count=_MANY, default="num_points", values=tuple(_FEATURES)
    ),
    ControlIn("Operation", types="string", count=1, default="and", values=("and", "or")),
    ControlIn("MinValue", types="number", count=_MANY, default=1),
    ControlIn("MaxValue", types="number", count=_MANY, default=1000000),
    handle_out("ObjectModel3DSelected", count=(0, None)),
)
def select_object_model_3d(ctx: CallContext, handles, features, op, lo, hi) -> tuple:
    """The input handles whose features ('num_points', 'num_triangles', 'mean_points_x/y/z',
    'area', 'diameter_object', 'diameter_axis_aligned_bounding_box') lie within
    [MinValue, MaxValue]; the handles themselves are returned, not copies."""
    for name, v in (("MinValue", lo), ("MaxValue", hi)):
        if len(v) != len(features):
            raise ctx.param_error("count", name, f"{len(v)} values for {len(features)} features")
    out = []
    for h, model in zip(handles, models_of(ctx, handles), strict=True):
        hits = [
            bool(a <= _FEATURES[f](model) <= b) for f, a, b in zip(features, lo, hi, strict=True)
        ]
        if all(hits) if op[0] == "and" else any(hits):
            out.append(h)
    return (tuple(out),)


@operator("area_object_model_3d", handle_in(count=_MANY), ControlOut("Area", types="real"))
def area_object_model_3d(ctx: CallContext, handles: tuple) -> tuple:
    """The surface area of each model's triangles (0 without triangles)."""
    return (tuple(_area(m) for m in models_of(ctx, handles)),)


@operator(
    "max_diameter_object_model_3d", handle_in(count=_MANY), ControlOut("Diameter", types="real")
)
def max_diameter_object_model_3d(ctx: CallContext, handles: tuple) -> tuple:
    """The largest distance between two points of each model (0 with fewer than two)."""
    return (tuple(_diameter(m) for m in models_of(ctx, handles)),)
