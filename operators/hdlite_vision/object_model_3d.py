"""3-D object models: creation from points and X/Y/Z images, parameters, attributes, copies,
unions, point selection and rigid, affine and projective transformations.

The model is :class:`._om3d.ObjectModel3D` (points, normals, triangles, 2-D mapping,
primitive, extended attributes). Facts from HALCON's reference pages (the pages of each
operator, found with the docs search): xyz_to_object_model_3d takes the points of the
common domain of the three images and keeps their image coordinates as the 2-D mapping;
several handles may go in at once where the page says so (get_object_model_3d_params,
clear_object_model_3d, rigid_trans/affine_trans_object_model_3d: one pose for all models or
one per model); set_object_model_3d_attrib returns a new model, the ``_mod`` variant changes
the model in place. [unverified] get_object_model_3d_params with several models and several
names returns, model by model, the values of every name.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, Image, operator

from ._geometry3d import hom3d_to_matrix, pose_to_matrix
from ._om3d import ObjectModel3D, handle_in, handle_out, model_of, models_of, new
from ._om3d_params import model_params
from .poses import split_poses

_MANY = (1, None)
_POINT_STD = ("point_coord_x", "point_coord_y", "point_coord_z")
_NORMAL_STD = ("point_normal_x", "point_normal_y", "point_normal_z")


def _image_plane(ctx: CallContext, images, name: str) -> tuple[np.ndarray, np.ndarray]:
    objs = list(images)
    if len(objs) != 1:
        raise ctx.error(9054 if not objs else 1501, f"{name}: expects one image")
    img = objs[0]
    if not isinstance(img, Image):
        raise ctx.error(9054, f"{name}: expects an image, got a {img.kind}")
    if img.pixel_type != "real" or img.channels != 1:
        raise ctx.error(9007, f"{name}: expects a one-channel real image")
    mask = (
        np.ones((img.height, img.width), dtype=bool)
        if img.domain is None
        else img.domain.to_mask(img.height, img.width).astype(bool)
    )
    return np.asarray(img.data[0], dtype=np.float64), mask


@operator(
    "xyz_to_object_model_3d",
    IconicIn("X"),
    IconicIn("Y"),
    IconicIn("Z"),
    handle_out("ObjectModel3D"),
)
def xyz_to_object_model_3d(ctx: CallContext, xi, yi, zi) -> tuple:
    """A model of the 3-D points of an X/Y/Z image triple (the common domain), with the
    pixel coordinates of each point as its 2-D mapping."""
    x, mx = _image_plane(ctx, xi, "X")
    y, my = _image_plane(ctx, yi, "Y")
    z, mz = _image_plane(ctx, zi, "Z")
    if not x.shape == y.shape == z.shape:
        raise ctx.error(9004, "X, Y and Z must have the same size")
    rows, cols = np.nonzero(mx & my & mz)
    pts = np.stack([x[rows, cols], y[rows, cols], z[rows, cols]], axis=1)
    model = ObjectModel3D(
        points=pts,
        mapping=np.stack([rows, cols], axis=1).astype(np.int64),
        mapping_size=(x.shape[1], x.shape[0]),
    )
    return ((new(ctx, model),),)


@operator(
    "gen_object_model_3d_from_points",
    ControlIn("X", types="number", count=_MANY),
    ControlIn("Y", types="number", count=_MANY),
    ControlIn("Z", types="number", count=_MANY),
    handle_out("ObjectModel3D"),
)
def gen_object_model_3d_from_points(ctx: CallContext, x: tuple, y: tuple, z: tuple) -> tuple:
    """A model of the points (X[i], Y[i], Z[i])."""
    for name, v in (("Y", y), ("Z", z)):
        if len(v) != len(x):
            raise ctx.param_error("count", name, f"{len(v)} values for {len(x)} x-coordinates")
    pts = np.array([x, y, z], dtype=np.float64).T.reshape(-1, 3)
    return ((new(ctx, ObjectModel3D(points=pts)),),)


@operator("gen_empty_object_model_3d", handle_out("EmptyObjectModel3D"))
def gen_empty_object_model_3d(ctx: CallContext) -> tuple:
    """A model without any data."""
    return ((new(ctx, ObjectModel3D()),),)


@operator(
    "get_object_model_3d_params",
    handle_in(count=_MANY),
    ControlIn("GenParamName", types="string", count=_MANY, default="num_points"),
    ControlOut("GenParamValue"),
)
def get_object_model_3d_params(ctx: CallContext, handles: tuple, names: tuple) -> tuple:
    """Attributes and meta data of models: 'num_points', 'point_coord_x/y/z',
    'point_normal_x/y/z', 'triangles', 'num_triangles', 'has_*', 'bounding_box1', 'center',
    'diameter', 'mapping_row/col', 'primitive_*', 'extended_attribute_names' and '&name'."""
    out: list = []
    for model in models_of(ctx, handles):
        for name in names:
            out.extend(model_params(ctx, model, name))
    return (tuple(out),)


def _set_attribs(
    ctx: CallContext, model: ObjectModel3D, names: tuple, attach: tuple, values: tuple
) -> None:
    if not names:
        raise ctx.param_error("count", "AttribName", "no attribute name")
    if len(values) % len(names):
        raise ctx.param_error("count", "AttribValues", "not the same number for every name")
    k = len(values) // len(names)
    target = attach[0] if attach else "points"
    if target not in ("points", "object"):
        raise ctx.param_error("value", "AttachExtAttribTo", f"{target!r}")
    cols: dict[str, np.ndarray] = {}
    for i, name in enumerate(names):
        chunk = values[i * k : (i + 1) * k]
        if not all(isinstance(v, int | float) for v in chunk):
            raise ctx.param_error("type", "AttribValues", "expects numbers")
        cols[name] = np.asarray(chunk, dtype=np.float64)
    n = model.num_points
    std = set(_POINT_STD + _NORMAL_STD + ("triangles",))
    for name in names:
        if name not in std and not (name.startswith("&") and len(name) > 1):
            raise ctx.param_error("value", "AttribName", f"{name!r}")
    new_points = [c for c in _POINT_STD if c in cols]
    if new_points:
        if n == 0 and len(new_points) < 3:
            raise ctx.param_error("value", "AttribName", "x, y and z must be set together")
        if n and k != n:
            raise ctx.param_error("count", "AttribValues", f"{k} values for {n} points")
        if n == 0:
            model.points = np.stack([cols[c] for c in _POINT_STD], axis=1)
            n = k
        else:
            for axis, c in enumerate(_POINT_STD):
                if c in cols:
                    model.points[:, axis] = cols[c]
    normals = [c for c in _NORMAL_STD if c in cols]
    if normals:
        if k != n:
            raise ctx.param_error("count", "AttribValues", f"{k} normal values for {n} points")
        if model.normals is None and len(normals) < 3:
            raise ctx.param_error("value", "AttribName", "normals must be set together")
        if model.normals is None:
            model.normals = np.zeros((n, 3))
        for axis, c in enumerate(_NORMAL_STD):
            if c in cols:
                model.normals[:, axis] = cols[c]
    if "triangles" in cols:
        tri = cols["triangles"]
        if tri.size % 3 or np.any(tri != np.round(tri)) or np.any((tri < 0) | (tri >= n)):
            raise ctx.param_error("value", "AttribValues", "triangles: 3 point indices each")
        model.triangles = tri.astype(np.int64).reshape(-1, 3)
    for name, col in cols.items():
        if not name.startswith("&"):
            continue
        if target == "points":
            if k != n:
                raise ctx.param_error("count", "AttribValues", f"{k} values for {n} points")
            model.object_attribs.pop(name, None)
            model.point_attribs[name] = col
        else:
            model.point_attribs.pop(name, None)
            model.object_attribs[name] = col


_ATTRIB_IN = (
    ControlIn("AttribName", types="string", count=_MANY),
    ControlIn("AttachExtAttribTo", types="string", count=(0, 1), default=()),
    ControlIn("AttribValues", types="number", count=_MANY),
)


@operator("set_object_model_3d_attrib", handle_in(), *_ATTRIB_IN, handle_out("ObjectModel3DOut"))
def set_object_model_3d_attrib(ctx: CallContext, handle, names, attach, values) -> tuple:
    """A copy of the model with standard attributes ('point_coord_x', 'point_normal_x', ...,
    'triangles') or extended attributes ('&name', attached to 'points' or the 'object')
    set."""
    model = model_of(ctx, handle[0]).copy()
    _set_attribs(ctx, model, names, attach, values)
    return ((new(ctx, model),),)


@operator("set_object_model_3d_attrib_mod", handle_in(), *_ATTRIB_IN)
def set_object_model_3d_attrib_mod(ctx: CallContext, handle, names, attach, values) -> tuple:
    """set_object_model_3d_attrib on the model itself (no new handle)."""
    model = model_of(ctx, handle[0])
    work = model.copy()
    _set_attribs(ctx, work, names, attach, values)
    model.__dict__.update(work.__dict__)
    return ()


_COPY_NAMES = (
    "all",
    "point_coord",
    "point_normal",
    "triangles",
    "xyz_mapping",
    "primitives_all",
    "extended_attribute",
)


@operator(
    "copy_object_model_3d",
    handle_in(),
    ControlIn("Attributes", types="string", count=_MANY, default="all"),
    handle_out("CopiedObjectModel3D"),
)
def copy_object_model_3d(ctx: CallContext, handle: tuple, attributes: tuple) -> tuple:
    """A copy with 'all' or the named attributes ('point_coord', 'point_normal',
    'triangles', 'xyz_mapping', 'primitives_all', 'extended_attribute' or '&name'; the
    point coordinates come with any point data)."""
    src = model_of(ctx, handle[0])
    for a in attributes:
        if a not in _COPY_NAMES and not (a.startswith("&") and len(a) > 1):
            raise ctx.param_error("value", "Attributes", f"{a!r}")
    if "all" in attributes:
        return ((new(ctx, src.copy()),),)
    want = set(attributes)
    out = ObjectModel3D()
    ext = {a for a in want if a.startswith("&")}
    if want - {"primitives_all"}:
        out.points = src.points.copy()
    if "point_normal" in want and src.normals is not None:
        out.normals = src.normals.copy()
    if "triangles" in want and src.triangles is not None:
        out.triangles = src.triangles.copy()
    if "xyz_mapping" in want and src.mapping is not None:
        out.mapping, out.mapping_size = src.mapping.copy(), src.mapping_size
    if "primitives_all" in want and src.primitive is not None:
        out.primitive = dict(src.primitive)
    every = "extended_attribute" in want
    out.point_attribs = {k: v.copy() for k, v in src.point_attribs.items() if every or k in ext}
    out.object_attribs = {k: v.copy() for k, v in src.object_attribs.items() if every or k in ext}
    return ((new(ctx, out),),)


@operator("clear_object_model_3d", handle_in(count=(0, None)))
def clear_object_model_3d(ctx: CallContext, handles: tuple) -> tuple:
    """Free the models; a later use of their handles is error 2454."""
    for h in handles:
        h.clear()
    return ()


@operator(
    "union_object_model_3d",
    handle_in("ObjectModels3D", count=(0, None)),
    ControlIn(
        "Method", types="string", count=1, default="points_surface", values=("points_surface",)
    ),
    handle_out("UnionObjectModel3D"),
)
def union_object_model_3d(ctx: CallContext, handles: tuple, method: tuple) -> tuple:
    """One model with the points of all models; normals, triangles and point attributes
    stay where every model with points has them; mappings and primitives are dropped."""
    models = [m for m in models_of(ctx, handles, "ObjectModels3D") if m.num_points]
    out = ObjectModel3D()
    if models:
        out.points = np.vstack([m.points for m in models])
        if all(m.normals is not None for m in models):
            out.normals = np.vstack([m.normals for m in models])
        if all(m.triangles is not None for m in models):
            offsets = np.cumsum([0] + [m.num_points for m in models[:-1]])
            out.triangles = np.vstack(
                [m.triangles + o for m, o in zip(models, offsets, strict=True)]
            )
        common = set.intersection(*(set(m.point_attribs) for m in models))
        out.point_attribs = {
            k: np.concatenate([m.point_attribs[k] for m in models]) for k in common
        }
    return ((new(ctx, out),),)


def _attrib_column(ctx: CallContext, model: ObjectModel3D, name: str) -> np.ndarray:
    if name in _POINT_STD:
        return model.points[:, _POINT_STD.index(name)]
    if name in _NORMAL_STD:
        if model.normals is None:
            raise ctx.param_error("value", "Attrib", f"{name}: the model has no normals")
        return model.normals[:, _NORMAL_STD.index(name)]
    if name in ("mapping_row", "mapping_col"):
        if model.mapping is None:
            raise ctx.param_error("value", "Attrib", f"{name}: the model has no 2D mapping")
        return model.mapping[:, 0 if name == "mapping_row" else 1].astype(np.float64)
    if name in model.point_attribs:
        return model.point_attribs[name]
    raise ctx.param_error("value", "Attrib", f"{name!r} is no point attribute of the model")


@operator(
    "select_points_object_model_3d",
    handle_in(),
    ControlIn("Attrib", types="string", count=_MANY, default="point_coord_z"),
    ControlIn("MinValue", types="number", count=_MANY, default=0.5),
    ControlIn("MaxValue", types="number", count=_MANY, default=1.0),
    handle_out("ObjectModel3DThresholded"),
)
def select_points_object_model_3d(ctx: CallContext, handle, attribs, lo, hi) -> tuple:
    """The points whose attributes ('point_coord_x', 'point_normal_z', 'mapping_row',
    '&name', ...) all lie within [MinValue, MaxValue] (one range per attribute)."""
    model = model_of(ctx, handle[0])
    for name, v in (("MinValue", lo), ("MaxValue", hi)):
        if len(v) != len(attribs):
            raise ctx.param_error("count", name, f"{len(v)} values for {len(attribs)} attributes")
    keep = np.ones(model.num_points, dtype=bool)
    for name, a, b in zip(attribs, lo, hi, strict=True):
        col = _attrib_column(ctx, model, name)
        keep &= (col >= a) & (col <= b)
    return ((new(ctx, model.subset(keep)),),)


def _per_model(ctx: CallContext, handles: tuple, mats: list, name: str) -> list:
    if len(mats) not in (1, len(handles)):
        raise ctx.param_error("count", name, f"{len(mats)} for {len(handles)} models")
    return [(model_of(ctx, h), mats[i if len(mats) > 1 else 0]) for i, h in enumerate(handles)]


@operator(
    "rigid_trans_object_model_3d",
    handle_in(count=_MANY),
    ControlIn("Pose", types="number", count=(7, None)),
    handle_out("ObjectModel3DRigidTrans", count=_MANY),
)
def rigid_trans_object_model_3d(ctx: CallContext, handles: tuple, pose: tuple) -> tuple:
    """The models moved by the pose (p' = R p + T as pose_to_hom_mat3d gives it): points,
    normals and primitives."""
    mats = [pose_to_matrix(p) for p in split_poses(ctx, pose, "Pose")]
    pairs = _per_model(ctx, handles, mats, "Pose")
    return (tuple(new(ctx, m.transformed(t)) for m, t in pairs),)


@operator(
    "affine_trans_object_model_3d",
    handle_in(count=_MANY),
    ControlIn("HomMat3D", types="number", count=(12, None), limit=float("inf")),
    handle_out("ObjectModel3DAffineTrans", count=_MANY),
)
def affine_trans_object_model_3d(ctx: CallContext, handles: tuple, mat: tuple) -> tuple:
    """The models transformed by homogeneous 3-D matrices (12 values each); normals are
    mapped by the inverse transpose; a primitive stays only under a rigid matrix."""
    if len(mat) % 12:
        raise ctx.param_error("count", "HomMat3D", f"{len(mat)} values are not whole matrices")
    mats = [hom3d_to_matrix(mat[i : i + 12]) for i in range(0, len(mat), 12)]
    for m in mats:
        if abs(np.linalg.det(m[:3, :3])) < 1e-300:
            raise ctx.param_error("value", "HomMat3D", "the matrix is singular")
    pairs = _per_model(ctx, handles, mats, "HomMat3D")
    return (tuple(new(ctx, m.transformed(t)) for m, t in pairs),)


@operator(
    "projective_trans_object_model_3d",
    handle_in(),
    ControlIn("HomMat3D", types="number", count=16, limit=float("inf")),
    handle_out("ObjectModel3DProjectiveTrans"),
)
def projective_trans_object_model_3d(ctx: CallContext, handle: tuple, mat: tuple) -> tuple:
    """The points transformed by a projective 4x4 matrix (16 values) and divided by their
    homogeneous coordinate; normals and primitives are dropped."""
    model = model_of(ctx, handle[0])
    out = model.transformed(np.asarray(mat, dtype=np.float64).reshape(4, 4), projective=True)
    out.primitive = None
    return ((new(ctx, out),),)
