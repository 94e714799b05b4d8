"""3-D object model processing: sampling, normals, bounding boxes, moments, distances,
connected components, selection by features, area and maximal diameter.

Algorithms: :mod:`._om3d_geometry`. Reference pages (docs search): distance_object_model_3d
stores the distances as the extended point attribute '&distance' of ObjectModel3DFrom, picks
its target by precedence primitive, triangles, points (or 'distance_to'), applies Pose to
the 'from' points ('invert_pose' inverts it), and with MaxDistance > 0 clips distances at
MaxDistance. [unverified] area_object_model_3d and max_diameter_object_model_3d return 0
for a model without triangles or points; moments 'central_moment_2_points' returns
``[xx, yy, zz, xy, xz, yz]``; smallest_bounding_box 'axis_aligned' returns Length1..3
along x, y, z with an identity rotation.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from . import _om3d_geometry as geo
from ._geometry3d import matrix_to_pose, pose_to_matrix
from ._om3d import (
    ObjectModel3D,
    gen_params,
    handle_in,
    handle_out,
    model_of,
    models_of,
    new,
    number,
    require_points,
)
from ._om3d_params import model_bbox
from .poses import check_pose

_MANY = (1, None)
_GEN = (
    ControlIn("GenParamName", types="string", count=(0, None), default=()),
    ControlIn("GenParamValue", types=("string", "number"), count=(0, None), default=()),
)
_SAMPLE_METHODS = ("fast", "fast_compute_normals", "accurate")


@operator(
    "sample_object_model_3d",
    handle_in(count=_MANY),
    ControlIn("Method", types="string", count=1, default="fast", values=_SAMPLE_METHODS),
    ControlIn("SampleDistance", types="number", count=1, default=0.05),
    *_GEN,
    handle_out("SampledObjectModel3D", count=_MANY),
)
def sample_object_model_3d(ctx: CallContext, handles, method, dist, names, values) -> tuple:
    """Thin out the points: 'fast' keeps the mean of every occupied cube of edge
    SampleDistance ('fast_compute_normals' adds 'mls' normals), 'accurate' keeps points
    no closer to each other than SampleDistance ('min_num_points': cubes with fewer points
    are dropped, 'fast' only)."""
    step = number(ctx, dist[0], "SampleDistance", positive=True)
    opts = gen_params(ctx, names, values, {"min_num_points": 1})
    min_num = opts["min_num_points"]
    if not isinstance(min_num, int) or min_num < 1:
        raise ctx.param_error("value", "GenParamValue", f"min_num_points {min_num!r}")
    out = []
    for model in models_of(ctx, handles):
        require_points(ctx, model)
        if method[0] == "accurate":
            keep = np.zeros(model.num_points, dtype=bool)
            keep[geo.sample_accurate(model.points, step)] = True
            res = model.subset(keep)
            res.triangles, res.mapping = None, None
        else:
            res = _sample_fast(model, step, min_num)
            if method[0] == "fast_compute_normals":
                res.normals = geo.mls_normals(res.points, 60)
        out.append(new(ctx, res))
    return (tuple(out),)


def _sample_fast(model: ObjectModel3D, step: float, min_num: int) -> ObjectModel3D:
    groups = geo.sample_fast(model.points, step)
    count = np.bincount(groups)

    def mean(a: np.ndarray) -> np.ndarray:
        s = np.zeros((len(count), *a.shape[1:]))
        np.add.at(s, groups, a)
        return s / count.reshape((-1,) + (1,) * (a.ndim - 1))

    keep = count >= min_num
    res = ObjectModel3D(points=mean(model.points)[keep])
    if model.normals is not None:
        nrm = mean(model.normals)[keep]
        length = np.linalg.norm(nrm, axis=1, keepdims=True)
        res.normals = np.divide(nrm, length, out=np.zeros_like(nrm), where=length > 0)
    res.point_attribs = {k: mean(v)[keep] for k, v in model.point_attribs.items()}
    res.object_attribs = {k: v.copy() for k, v in model.object_attribs.items()}
    return res


@operator(
    "surface_normals_object_model_3d",
    handle_in(count=_MANY),
    ControlIn("Method", types="string", count=1, default="mls", values=("mls", "triangles")),
    *_GEN,
    handle_out("ObjectModel3DNormals", count=_MANY),
)
def surface_normals_object_model_3d(ctx: CallContext, handles, method, names, values) -> tuple:
    """A copy with point normals: 'mls' fits a plane to the 'mls_kNN' (default 60) nearest
    neighbours ('mls_force_inwards' 'true' flips them toward the points' centre), 'triangles'
    averages the neighbouring triangles' normals weighted by their angle at the point."""
    opts = gen_params(
        ctx, names, values, {"mls_kNN": 60, "mls_order": 2, "mls_force_inwards": "false"}
    )
    knn = opts["mls_kNN"]
    if not isinstance(knn, int) or knn < 3:
        raise ctx.param_error("value", "GenParamValue", f"mls_kNN {knn!r}")
    if opts["mls_force_inwards"] not in ("true", "false") or opts["mls_order"] not in (0, 1, 2):
        raise ctx.param_error("value", "GenParamValue", "mls_force_inwards or mls_order")
    out = []
    for model in models_of(ctx, handles):
        require_points(ctx, model)
        res = model.copy()
        if method[0] == "triangles":
            if model.triangles is None:
                raise ctx.param_error("value", "Method", "'triangles': the model has none")
            res.normals = _triangle_normals(model.points, model.triangles)
        else:
            res.normals = geo.mls_normals(model.points, knn)
            if opts["mls_force_inwards"] == "true":
                inward = (model.points.mean(axis=0) - model.points) * res.normals
                res.normals[inward.sum(axis=1) < 0] *= -1.0
        out.append(new(ctx, res))
    return (tuple(out),)


def _triangle_normals(points: np.ndarray, tri: np.ndarray) -> np.ndarray:
    normals = np.zeros_like(points)
    a, b, c = (points[tri[:, i]] for i in range(3))
    face = np.cross(b - a, c - a)
    length = np.linalg.norm(face, axis=1, keepdims=True)
    face = np.divide(face, length, out=np.zeros_like(face), where=length > 0)
    for i, (p, q, r) in enumerate(((a, b, c), (b, c, a), (c, a, b))):
        u, v = q - p, r - p
        cos = (u * v).sum(1) / np.maximum(
            np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1), 1e-300
        )
        np.add.at(normals, tri[:, i], face * np.arccos(np.clip(cos, -1, 1))[:, None])
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    return np.divide(normals, length, out=np.zeros_like(normals), where=length > 0)


@operator(
    "smallest_bounding_box_object_model_3d",
    handle_in(),
    ControlIn(
        "Type", types="string", count=1, default="oriented", values=("oriented", "axis_aligned")
    ),
    ControlOut("Pose", types="number", count=7),
    *(ControlOut(n, types="real", count=1) for n in ("Length1", "Length2", "Length3")),
)
def smallest_bounding_box_object_model_3d(ctx: CallContext, handle, kind) -> tuple:
    """A box around the points: its pose (centre, axes) and its edge lengths along the
    pose's x, y and z axes ('oriented': principal axes, longest first)."""
    model = model_of(ctx, handle[0])
    require_points(ctx, model)
    if kind[0] == "axis_aligned":
        box = model_bbox(model)
        assert box is not None
        m = np.eye(4)
        m[:3, 3] = (box[:3] + box[3:]) / 2
        lengths = box[3:] - box[:3]
    else:
        m, lengths = geo.oriented_box(model.points)
    return (matrix_to_pose(m, 0), *((float(v),) for v in lengths))


_MOMENTS = ("mean_points", "central_moment_2_points", "principal_axes")


@operator(
    "moments_object_model_3d",
    handle_in(),
    ControlIn(
        "MomentsToCalculate", types="string", count=_MANY, default="mean_points", values=_MOMENTS
    ),
    ControlOut("Moments", types="number"),
)
def moments_object_model_3d(ctx: CallContext, handle, which) -> tuple:
    """'mean_points' (x, y, z of the centroid), 'central_moment_2_points' (xx, yy, zz, xy,
    xz, yz) and 'principal_axes' (a pose at the centroid whose x axis is the axis of the
    largest spread)."""
    model = model_of(ctx, handle[0])
    require_points(ctx, model)
    pts = model.points
    out: list = []
    for name in which:
        c = pts.mean(axis=0)
        if name == "mean_points":
            out.extend(float(v) for v in c)
        elif name == "central_moment_2_points":
            d = pts - c
            cov = d.T @ d / len(pts)
            out.extend(
                float(cov[i, j]) for i, j in ((0, 0), (1, 1), (2, 2), (0, 1), (0, 2), (1, 2))
            )
        else:
            _, _, axes = geo.principal_axes(pts)
            m = np.eye(4)
            m[:3, :3], m[:3, 3] = axes, c
            out.extend(matrix_to_pose(m, 0))
    return (tuple(out),)


@operator(
    "distance_object_model_3d",
    handle_in("ObjectModel3DFrom"),
    handle_in("ObjectModel3DTo"),
    ControlIn("Pose", types="number", count=(0, 7), default=()),
    ControlIn("MaxDistance", types="number", count=1, default=0),
    *_GEN,
)
def distance_object_model_3d(ctx: CallContext, src, dst, pose, max_dist, names, values) -> tuple:
    """Store the distance of every point of ObjectModel3DFrom (moved by Pose) to the
    primitive, triangles or points of ObjectModel3DTo as its attribute '&distance'."""
    model_from = model_of(ctx, src[0], "ObjectModel3DFrom")
    model_to = model_of(ctx, dst[0], "ObjectModel3DTo")
    opts = gen_params(ctx, names, values, {"distance_to": "auto", "invert_pose": "false"})
    target = opts["distance_to"]
    if target not in ("auto", "points", "triangles", "primitive"):
        raise ctx.param_error("value", "GenParamValue", f"distance_to {target!r}")
    if opts["invert_pose"] not in ("true", "false"):
        raise ctx.param_error("value", "GenParamValue", "invert_pose")
    limit = number(ctx, max_dist[0], "MaxDistance")
    if limit < 0:
        raise ctx.param_error("value", "MaxDistance", "must not be negative")
    pts = model_from.points
    if pose:
        m = pose_to_matrix(check_pose(ctx, pose))
        if opts["invert_pose"] == "true":
            m = np.linalg.inv(m)
        pts = pts @ m[:3, :3].T + m[:3, 3]
    if target == "auto":
        target = (
            "primitive"
            if model_to.primitive is not None
            else "triangles"
            if model_to.triangles is not None and len(model_to.triangles)
            else "points"
        )
    d = _distances(ctx, pts, model_to, target)
    if limit > 0:
        d = np.minimum(d, limit)
    model_from.object_attribs.pop("&distance", None)
    model_from.point_attribs["&distance"] = d
    return ()


def _distances(ctx: CallContext, pts: np.ndarray, to: ObjectModel3D, target: str) -> np.ndarray:
    if len(pts) == 0:
        return np.zeros(0)
    if target == "primitive":
        if to.primitive is None:
            raise ctx.param_error("value", "GenParamValue", "ObjectModel3DTo has no primitive")
        return primitive_distance(pts, to.primitive)
    if target == "triangles":
        if to.triangles is None or not len(to.triangles):
            raise ctx.param_error("value", "GenParamValue", "ObjectModel3DTo has no triangles")
        return geo.point_triangle_distance(pts, to.points[to.triangles])
    require_points(ctx, to, "ObjectModel3DTo")
    from scipy.spatial import cKDTree

    return np.asarray(cKDTree(to.points).query(pts)[0], dtype=np.float64)


def primitive_distance(pts: np.ndarray, prim: dict) -> np.ndarray:
    """Unsigned distances of points to a primitive's surface."""
    m = pose_to_matrix(prim["pose"])
    local = (pts - m[:3, 3]) @ m[:3, :3]
    kind, size = prim["type"], prim["size"]
    if kind == "sphere":
        return np.abs(np.linalg.norm(local, axis=1) - size[0])
    if kind == "plane":
        if not prim["extension"]:
            return np.abs(local[:, 2])
        xs, ys = prim["extension"]
        poly = np.stack([xs, ys, np.zeros(len(xs))], axis=1)
        tris = np.array([[poly[0], poly[i], poly[i + 1]] for i in range(1, len(poly) - 1)])
        return geo.point_triangle_distance(local, tris)
    if kind == "box":
        half = np.asarray(size)
        q = np.abs(local) - half
        outside = np.linalg.norm(np.maximum(q, 0.0), axis=1)
        inside = np.minimum(q.max(axis=1), 0.0)
        return np.abs(outside + inside)
    lo, hi = prim["extension"]  # cylinder: the closed surface (mantle and caps)
    radial = np.linalg.norm(local[:, :2], axis=1) - size[0]
    mid, half = (lo + hi) / 2.0, (hi - lo) / 2.0
    axial = np.abs(local[:, 2] - mid) - half
    q = np.stack([radial, axial], axis=1)
    return np.abs(np.linalg.norm(np.maximum(q, 0.0), axis=1) + np.minimum(q.max(axis=1), 0.0))
