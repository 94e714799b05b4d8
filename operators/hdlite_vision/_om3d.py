"""The 3-D object model behind an ``object_model_3d`` handle, and the helpers its operators
share (handle access, generic parameters, transformations).

A model holds any of: points (n x 3, metres or whatever unit the program uses), point
normals (n x 3), triangles (m x 3 point indices), a 2-D mapping (the image row and column
each point came from, and the image size), a primitive (type, pose, parameters, extension)
and extended attributes (``'&name'``): real values attached to the points (one per point)
or to the whole object (any number).

HALCON facts used here (get_object_model_3d_params reference page): 'bounding_box1' is
``[x1, y1, z1, x2, y2, z2]`` (the smallest axis-parallel box, minimum corner first); 'center'
is the centre of that box and 'diameter' the length of its diagonal [unverified: the page
defines the diameter by the axis-parallel bounding box; recalled, not quoted]; an attribute
that the model does not have is an error (the page: "If a requested attribute or meta data
is not available, an exception is raised"; hdlite uses 1302, wrong value of the name
parameter [unverified code]).
"""

from __future__ import annotations

import copy as _copy
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, Handle, Param

from ._geometry3d import pose_to_matrix

KIND = "object_model_3d"
#: primitive types; a primitive is ``{"type", "pose", "size", "extension"}``: the pose puts
#: the primitive's own frame in the model frame, ``size`` is (radius,) for spheres and
#: cylinders, the half lengths (x, y, z) for boxes and () for planes, ``extension`` is
#: (MinExtent, MaxExtent) along a cylinder's axis or the plane's extent polygon (xs, ys)
PRIMITIVES = ("sphere", "cylinder", "plane", "box")


@dataclass
class ObjectModel3D:
    """Points, normals, triangles, mapping, primitive and extended attributes."""

    points: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    normals: np.ndarray | None = None
    triangles: np.ndarray | None = None
    mapping: np.ndarray | None = None  # (n, 2) rows and columns
    mapping_size: tuple[int, int] = (0, 0)  # (width, height)
    primitive: dict[str, Any] | None = None  # type, pose (7), params, extension
    point_attribs: dict[str, np.ndarray] = field(default_factory=dict)
    object_attribs: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def num_points(self) -> int:
        """Number of 3-D points."""
        return int(self.points.shape[0])

    def copy(self) -> ObjectModel3D:
        """A deep copy."""
        return _copy.deepcopy(self)

    def subset(self, keep: np.ndarray) -> ObjectModel3D:
        """The points where ``keep`` (bool mask) holds, with their normals, mapping and
        point attributes; triangles keep only those whose three corners stay; no primitive."""
        idx = np.flatnonzero(keep)
        out = ObjectModel3D(
            points=self.points[idx].copy(),
            normals=None if self.normals is None else self.normals[idx].copy(),
            mapping=None if self.mapping is None else self.mapping[idx].copy(),
            mapping_size=self.mapping_size,
            point_attribs={k: v[idx].copy() for k, v in self.point_attribs.items()},
            object_attribs={k: v.copy() for k, v in self.object_attribs.items()},
        )
        if self.triangles is not None:
            new = np.full(self.num_points, -1, dtype=np.int64)
            new[idx] = np.arange(idx.size)
            tri = new[self.triangles]
            out.triangles = tri[(tri >= 0).all(axis=1)]
        return out

    def transformed(self, m: np.ndarray, projective: bool = False) -> ObjectModel3D:
        """The model with points (and normals, primitive pose) mapped by the 4x4 matrix."""
        out = self.copy()
        if self.num_points:
            h = np.hstack([self.points, np.ones((self.num_points, 1))]) @ m.T
            out.points = h[:, :3] / h[:, 3:4] if projective else h[:, :3]
        if self.normals is not None:
            if projective:
                out.normals = None
            else:
                lin = np.linalg.inv(m[:3, :3]).T
                nrm = self.normals @ lin.T
                length = np.linalg.norm(nrm, axis=1, keepdims=True)
                out.normals = np.divide(nrm, length, out=np.zeros_like(nrm), where=length > 0)
        if self.primitive is not None:
            out.primitive = transform_primitive(self.primitive, m)
        return out


def transform_primitive(prim: dict[str, Any], m: np.ndarray) -> dict[str, Any] | None:
    """A primitive moved by a rigid matrix (None when the matrix is not rigid)."""
    from ._geometry3d import is_rigid, matrix_to_pose

    if not is_rigid(m):
        return None
    pose = matrix_to_pose(m @ pose_to_matrix(prim["pose"]), 0)
    return dict(prim, pose=pose)


def model_of(ctx: CallContext, handle: Any, name: str = "ObjectModel3D") -> ObjectModel3D:
    """The model behind one handle value (checked by the signature already)."""
    if not isinstance(handle, Handle) or not isinstance(handle.obj, ObjectModel3D):
        raise ctx.param_error("type", name, "expects a 3D object model handle")
    return handle.obj


def models_of(ctx: CallContext, handles: tuple, name: str = "ObjectModel3D") -> list:
    """The models behind a tuple of handles."""
    return [model_of(ctx, h, name) for h in handles]


def new(ctx: CallContext, model: ObjectModel3D) -> Handle:
    """A fresh handle for ``model``."""
    return ctx.new_handle(KIND, model)


def handle_in(name: str = "ObjectModel3D", count: Any = 1) -> Param:
    """An input parameter taking object_model_3d handles."""
    return ControlIn(name, types="handle", count=count, sem=KIND)


def handle_out(name: str, count: Any = 1) -> Param:
    """An output parameter returning object_model_3d handles."""
    return ControlOut(name, types="handle", count=count, sem=KIND)


def gen_params(ctx: CallContext, names: tuple, values: tuple, allowed: dict) -> dict:
    """Generic parameters as a dict; ``allowed`` maps each name to its default. Unknown names
    are 1302 (GenParamName), a count mismatch 1303 on GenParamValue."""
    if len(names) != len(values):
        raise ctx.param_error(
            "count", "GenParamValue", f"{len(values)} values for {len(names)} names"
        )
    out = dict(allowed)
    for n, v in zip(names, values, strict=True):
        if not isinstance(n, str) or n not in allowed:
            raise ctx.param_error("value", "GenParamName", f"unknown parameter {n!r}")
        out[n] = v
    return out


def number(ctx: CallContext, value: Any, name: str, *, positive: bool = False) -> float:
    """A finite number (positive where asked); HALCON's wrong-type/value errors otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ctx.param_error("type", name, f"expects a number, got {value!r}")
    v = float(value)
    if not np.isfinite(v) or (positive and v <= 0):
        raise ctx.param_error("value", name, f"{value!r}")
    return v


def require_points(ctx: CallContext, model: ObjectModel3D, what: str = "ObjectModel3D") -> None:
    """9053 (no data points) for a model without points [unverified code for 3-D models]."""
    if model.num_points == 0:
        raise ctx.error(9053, f"{what}: the 3D object model has no points")


def bounding_box(points: np.ndarray) -> np.ndarray:
    """``[x1, y1, z1, x2, y2, z2]`` of the points."""
    return np.concatenate([points.min(axis=0), points.max(axis=0)])


def primitive_points(prim: dict[str, Any], step: float | None = None) -> np.ndarray:
    """Points on a primitive's surface (for display and bounding values); about ``step``
    apart, else a fixed number per primitive."""
    kind = prim["type"]
    m = pose_to_matrix(prim["pose"])
    p = prim["size"]
    if kind == "sphere":
        r = p[0]
        n = 24 if step is None else max(8, int(np.pi * r / step))
        th, ph = np.meshgrid(np.linspace(0, np.pi, n), np.linspace(0, 2 * np.pi, 2 * n))
        local = np.stack(
            [r * np.sin(th) * np.cos(ph), r * np.sin(th) * np.sin(ph), r * np.cos(th)], -1
        ).reshape(-1, 3)
    elif kind == "box":
        hx, hy, hz = p
        n = 6 if step is None else max(2, int(2 * max(hx, hy, hz) / step) + 1)
        g = np.linspace(-1.0, 1.0, n)
        ga, gb = np.meshgrid(g, g)
        a, b = ga.ravel(), gb.ravel()
        one = np.ones_like(a)
        faces = []
        for s in (-1.0, 1.0):
            faces += [
                np.stack([s * one * hx, a * hy, b * hz], -1),
                np.stack([a * hx, s * one * hy, b * hz], -1),
                np.stack([a * hx, b * hy, s * one * hz], -1),
            ]
        local = np.unique(np.vstack(faces), axis=0)
    elif kind == "cylinder":
        r = p[0]
        lo, hi = prim["extension"]
        n = 24 if step is None else max(8, int(2 * np.pi * r / step))
        k = 6 if step is None else max(2, int((hi - lo) / step) + 1)
        ang, z = np.meshgrid(np.linspace(0, 2 * np.pi, n, endpoint=False), np.linspace(lo, hi, k))
        local = np.stack([r * np.cos(ang), r * np.sin(ang), z], -1).reshape(-1, 3)
    else:  # plane: its extent polygon (x, y in the plane), or a unit square
        ext = prim["extension"]
        if ext:
            xs, ys = ext
            local = np.stack([np.asarray(xs), np.asarray(ys), np.zeros(len(xs))], -1)
        else:
            local = np.array([[-0.5, -0.5, 0], [0.5, -0.5, 0], [0.5, 0.5, 0], [-0.5, 0.5, 0.0]])
    return (np.hstack([local, np.ones((len(local), 1))]) @ m.T)[:, :3]


def primitive_parameter(prim: dict[str, Any]) -> tuple[float, ...]:
    """'primitive_parameter': sphere ``[x, y, z, r]``, cylinder ``[x, y, z, dx, dy, dz, r]``
    (centre and unit axis), plane ``[nx, ny, nz, d]`` (Hessian normal form ``n . p = d``;
    fit_primitives_object_model_3d's reference page), box the half lengths [unverified]."""
    m = pose_to_matrix(prim["pose"])
    t, axis = m[:3, 3], m[:3, 2]
    kind, size = prim["type"], tuple(float(v) for v in prim["size"])
    if kind == "sphere":
        return (*map(float, t), *size)
    if kind == "cylinder":
        return (*map(float, t), *map(float, axis), *size)
    if kind == "plane":
        return (*map(float, axis), float(axis @ t))
    return size


def surface_points(model: ObjectModel3D) -> np.ndarray:
    """The model's points, else points on its primitive, else none."""
    if model.num_points:
        return model.points
    if model.primitive is not None:
        return primitive_points(model.primitive)
    return np.zeros((0, 3))


def primitive_wireframe(prim: dict[str, Any]) -> list[np.ndarray]:
    """Polylines (k x 3, model frame) that outline a primitive: a box's 12 edges, a
    cylinder's end circles and 4 mantle lines, a sphere's 3 great circles, a plane's extent
    polygon (or a unit square around its origin)."""
    m = pose_to_matrix(prim["pose"])
    kind, size = prim["type"], prim["size"]
    ang = np.linspace(0.0, 2 * np.pi, 49)
    circle = np.stack([np.cos(ang), np.sin(ang), np.zeros_like(ang)], axis=1)
    lines: list[np.ndarray] = []
    if kind == "box":
        h = np.asarray(size, dtype=np.float64)
        corners = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)]) * h
        for i in range(8):
            for j in range(i + 1, 8):
                if np.count_nonzero(corners[i] != corners[j]) == 1:
                    lines.append(corners[[i, j]])
    elif kind == "cylinder":
        lo, hi = prim["extension"]
        r = size[0]
        lines += [circle * r + (0, 0, lo), circle * r + (0, 0, hi)]
        for a in (0.0, 0.5 * np.pi, np.pi, 1.5 * np.pi):
            p = (r * np.cos(a), r * np.sin(a))
            lines.append(np.array([[*p, lo], [*p, hi]]))
    elif kind == "sphere":
        r = size[0]
        lines += [circle * r, circle[:, [0, 2, 1]] * r, circle[:, [2, 0, 1]] * r]
    else:
        ext = prim["extension"]
        xs, ys = ext if ext else ((-0.5, 0.5, 0.5, -0.5), (-0.5, -0.5, 0.5, 0.5))
        poly = np.stack([np.asarray(xs), np.asarray(ys), np.zeros(len(xs))], axis=1)
        lines.append(np.vstack([poly, poly[:1]]))
    return [ln @ m[:3, :3].T + m[:3, 3] for ln in lines]
