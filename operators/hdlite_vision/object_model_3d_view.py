"""Seeing 3-D object models through a camera: object_model_3d_to_xyz,
project_object_model_3d and disp_object_model_3d.

Pose is the model's pose in the camera frame (camera coordinates ``p_c = R p + T``), as
everywhere in HALCON's 3-D operators. Without CamParam (an empty tuple) disp_object_model_3d
uses a default camera for the window: an area-scan division camera with focus 0.06 m and
square pixels that see the window's width at 1:1 [unverified: HALCON's default camera is
not documented], and without Pose it places the model's bounding-box centre on the optical
axis at a distance where its diameter fills about 80 % of the view.

object_model_3d_to_xyz 'cartesian' writes the camera-frame coordinates of the nearest point
that projects into each pixel ('from_xyz_map': the model's own coordinates at its 2-D
mapping, CamParam and Pose unused); the images' domain is the pixels that got a point
[unverified: whether HALCON's 'cartesian' images hold camera or model coordinates; hdlite
uses the camera frame, as the reference page's name "cartesian" in camera view suggests].
project_object_model_3d returns, for a mesh, one two-point contour per edge on the model's
border or between faces meeting at more than 'min_face_angle' (default 0.5236 rad)
[unverified default]; for a point cloud one one-point contour per point; for a primitive
its outline (:func:`._om3d.primitive_wireframe`).
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
)

from ._camera_model import Camera, project
from ._geometry3d import pose_to_matrix
from ._om3d import (
    ObjectModel3D,
    gen_params,
    handle_in,
    model_of,
    primitive_wireframe,
    surface_points,
)
from ._om3d_params import model_bbox
from .camera import camera
from .poses import check_pose, split_poses

_GEN = (
    ControlIn("GenParamName", types="string", count=(0, None), default=()),
    ControlIn("GenParamValue", types=("string", "number"), count=(0, None), default=()),
)
_CAM = ControlIn("CamParam", types=("string", "number"), count=(0, 13))


def to_camera(model_points: np.ndarray, pose: tuple) -> np.ndarray:
    """Points (n x 3) in the camera frame."""
    m = pose_to_matrix(pose)
    return model_points @ m[:3, :3].T + m[:3, 3]


def image_coords(cam: Camera, pc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of camera-frame points (NaN behind a pinhole camera)."""
    if len(pc) == 0:
        return np.zeros(0), np.zeros(0)
    rows, cols = project(cam, pc.T)
    if not cam.telecentric:
        behind = pc[:, 2] <= 0
        rows, cols = np.where(behind, np.nan, rows), np.where(behind, np.nan, cols)
    return rows, cols


@operator(
    "object_model_3d_to_xyz",
    IconicOut("X"),
    IconicOut("Y"),
    IconicOut("Z"),
    handle_in(),
    ControlIn(
        "Type",
        types="string",
        count=1,
        default="cartesian",
        values=("cartesian", "from_xyz_map"),
    ),
    _CAM,
    ControlIn("Pose", types="number", count=(0, 7)),
)
def object_model_3d_to_xyz(ctx: CallContext, handle, kind, cam_values, pose) -> tuple:
    """X, Y and Z images of the model: 'cartesian' projects the points with the camera and
    pose (nearest point per pixel, camera coordinates), 'from_xyz_map' writes the points at
    their 2-D mapping."""
    model = model_of(ctx, handle[0])
    if kind[0] == "from_xyz_map":
        if model.mapping is None:
            raise ctx.param_error("value", "Type", "'from_xyz_map': the model has no 2D mapping")
        w, h = model.mapping_size
        rows, cols = model.mapping[:, 0], model.mapping[:, 1]
        values = model.points
    else:
        cam = camera(ctx, cam_values, "CamParam")
        pc = to_camera(surface_points(model), check_pose(ctx, pose))
        r, c = image_coords(cam, pc)
        w, h = cam.width, cam.height
        ok = np.isfinite(r) & np.isfinite(c)
        ri, ci = np.round(r[ok]).astype(np.int64), np.round(c[ok]).astype(np.int64)
        inside = (ri >= 0) & (ri < h) & (ci >= 0) & (ci < w)
        pc = pc[ok][inside]
        ri, ci = ri[inside], ci[inside]
        order = np.argsort(-pc[:, 2])  # far first: the nearest point is written last
        rows, cols, values = ri[order], ci[order], pc[order]
    planes = np.zeros((3, h, w))
    mask = np.zeros((h, w), dtype=bool)
    planes[:, rows, cols] = values.T
    mask[rows, cols] = True
    domain = Region.from_mask(mask)
    return tuple(ObjectTuple([Image(planes[i].copy(), "real", domain)]) for i in range(3))


def _mesh_edges(model: ObjectModel3D, min_angle: float) -> np.ndarray:
    tri = model.triangles
    assert tri is not None
    a, b, c = (model.points[tri[:, i]] for i in range(3))
    normal = np.cross(b - a, c - a)
    length = np.linalg.norm(normal, axis=1, keepdims=True)
    normal = np.divide(normal, length, out=np.zeros_like(normal), where=length > 0)
    edges: dict[tuple[int, int], list[int]] = {}
    for f, (i, j, k) in enumerate(tri.tolist()):
        for e in ((i, j), (j, k), (k, i)):
            edges.setdefault((min(e), max(e)), []).append(f)
    keep = []
    for e, faces in edges.items():
        if len(faces) != 2:
            keep.append(e)
            continue
        cos = float(np.clip(normal[faces[0]] @ normal[faces[1]], -1.0, 1.0))
        if math.acos(cos) >= min_angle:
            keep.append(e)
    return np.asarray(keep, dtype=np.int64).reshape(-1, 2)


def projected_lines(model: ObjectModel3D, cam: Camera, pose: tuple, min_angle: float) -> list:
    """Polylines (rows, cols) of the model's projection (see module docstring)."""
    if model.triangles is not None and len(model.triangles):
        edges = _mesh_edges(model, min_angle)
        r, c = image_coords(cam, to_camera(model.points, pose))
        return [(r[e], c[e]) for e in edges if np.isfinite(r[e]).all()]
    if model.num_points:
        r, c = image_coords(cam, to_camera(model.points, pose))
        ok = np.isfinite(r)
        return [(r[i : i + 1], c[i : i + 1]) for i in np.flatnonzero(ok)]
    if model.primitive is not None:
        out = []
        for line in primitive_wireframe(model.primitive):
            r, c = image_coords(cam, to_camera(line, pose))
            if np.isfinite(r).all():
                out.append((r, c))
        return out
    return []


@operator(
    "project_object_model_3d",
    IconicOut("ModelContours"),
    handle_in(),
    _CAM,
    ControlIn("Pose", types="number", count=7),
    *_GEN,
)
def project_object_model_3d(ctx: CallContext, handle, cam_values, pose, names, values) -> tuple:
    """XLD contours of the model as the camera sees it in the pose: mesh edges on the
    border or at creases ('min_face_angle'), points, or a primitive's outline."""
    from hdlite_image.xld_objects import Contour

    opts = gen_params(
        ctx,
        names,
        values,
        {"min_face_angle": math.radians(30.0), "hidden_surface_removal": "false", "data": "auto"},
    )
    angle = opts["min_face_angle"]
    if not isinstance(angle, int | float) or not 0 <= angle <= math.pi:
        raise ctx.param_error("value", "GenParamValue", f"min_face_angle {angle!r}")
    if opts["hidden_surface_removal"] not in ("true", "false"):
        raise ctx.param_error("value", "GenParamValue", "hidden_surface_removal")
    if opts["data"] not in ("auto", "faces", "points", "lines"):
        raise ctx.param_error("value", "GenParamValue", "data")
    cam = camera(ctx, cam_values, "CamParam")
    model = model_of(ctx, handle[0])
    lines = projected_lines(model, cam, check_pose(ctx, pose), float(angle))
    return (ObjectTuple([Contour(r, c) for r, c in lines]),)


def default_camera(width: int, height: int) -> Camera:
    """The camera used when CamParam is empty (module docstring)."""
    pixel = 0.06 / max(width, 1)  # the focal length equals the window width in pixels
    return Camera(
        "area_scan_division", 0.06, (0.0,), pixel, pixel, width / 2, height / 2, width, height
    )


def auto_pose(models: list, cam: Camera) -> tuple:
    """A pose that shows the models' common bounding box in the middle of the view."""
    boxes = [b for b in (model_bbox(m) for m in models) if b is not None]
    if not boxes:
        return (0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0)
    lo = np.min([b[:3] for b in boxes], axis=0)
    hi = np.max([b[3:] for b in boxes], axis=0)
    centre, diameter = (lo + hi) / 2.0, float(np.linalg.norm(hi - lo)) or 1.0
    view = min(cam.width * cam.sx, cam.height * cam.sy) / cam.focus  # tan-ish field of view
    dist = diameter / (0.8 * view) + diameter / 2.0
    return (-float(centre[0]), -float(centre[1]), dist - float(centre[2]), 0.0, 0.0, 0.0, 0)


@operator(
    "disp_object_model_3d",
    ControlIn("WindowHandle", types="handle", count=1, sem="window"),
    handle_in(count=(1, None)),
    _CAM,
    ControlIn("Pose", types="number", count=(0, None)),
    *_GEN,
)
def disp_object_model_3d(ctx: CallContext, window_h, handles, cam_values, pose, names, values):
    """Draw the models into the window as the camera sees them in their poses (one pose for
    all or one per model): points as dots, meshes as their edges, primitives as their
    outlines; 'color' or 'color_<i>' set the colours (default: the window's colour)."""
    from hdlite_display.colors import parse_color
    from hdlite_display.render import draw_polyline
    from hdlite_display.state import window_of

    window = window_of(ctx, window_h)
    models = [model_of(ctx, h) for h in handles]
    allowed = {"color": None, "disp_pose": "false", "point_size": 1, "alpha": 1.0}
    allowed.update({f"color_{i}": None for i in range(len(models))})
    opts = gen_params(ctx, names, values, allowed)
    cam = (
        camera(ctx, cam_values, "CamParam")
        if cam_values
        else default_camera(window.width, window.height)
    )
    poses = split_poses(ctx, pose, "Pose") if pose else [auto_pose(models, cam)]
    if len(poses) not in (1, len(models)):
        raise ctx.param_error("count", "Pose", f"{len(poses)} poses for {len(models)} models")
    base = window.settings.colors
    for i, model in enumerate(models):
        name = opts.get(f"color_{i}") or opts.get("color")
        color = base[i % len(base)]
        if name is not None:
            parsed = parse_color(str(name))
            if parsed is None:
                raise ctx.param_error("value", "GenParamValue", f"color {name!r}")
            color = parsed
        for r, c in projected_lines(model, cam, poses[i if len(poses) > 1 else 0], 0.5236):
            draw_polyline(window, r, c, color)
    return ()
