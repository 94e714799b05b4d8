"""3-D primitives: gen_plane/box/sphere/cylinder_object_model_3d.

Each makes a model that holds a primitive and no points (get_object_model_3d_params:
'has_primitive_data' 'true', 'primitive_type', 'primitive_pose', 'primitive_parameter',
'primitive_parameter_extension'); the primitive's own frame is the given pose: a box is
centred on it with its edges along the axes, a cylinder's axis is its z axis (from
MinExtent to MaxExtent along it), a plane is its x-y plane, bounded by the polygon
(XExtent, YExtent) or unbounded when they are empty (the operators' reference pages).
Several poses (7 values each) make several models, sizes given once or once per pose.
"""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlIn, operator

from ._om3d import ObjectModel3D, handle_out, new
from .poses import split_poses

_MANY = (1, None)


def _num(name: str, default: float) -> ControlIn:  # type: ignore[valid-type]
    return ControlIn(name, types="number", count=_MANY, default=default)


def _pick(ctx: CallContext, values: tuple, n: int, name: str, positive: bool) -> list[float]:
    if len(values) not in (1, n):
        raise ctx.param_error("count", name, f"{len(values)} values for {n} poses")
    out = [float(values[i if len(values) > 1 else 0]) for i in range(n)]
    if positive and any(v <= 0 for v in out):
        raise ctx.param_error("value", name, "must be positive")
    return out


def _prim(ctx: CallContext, pose: tuple, kind: str, size: tuple, extension: tuple) -> object:
    model = ObjectModel3D(
        primitive={"type": kind, "pose": pose, "size": size, "extension": extension}
    )
    return new(ctx, model)


@operator(
    "gen_box_object_model_3d",
    ControlIn("Pose", types="number", count=(7, None)),
    _num("LengthX", 1.0),
    _num("LengthY", 1.0),
    _num("LengthZ", 1.0),
    handle_out("ObjectModel3D", count=_MANY),
)
def gen_box_object_model_3d(ctx: CallContext, pose: tuple, lx: tuple, ly: tuple, lz: tuple):
    """Boxes centred on the poses with edge lengths along the pose's x, y and z axes."""
    poses = split_poses(ctx, pose, "Pose")
    n = len(poses)
    sizes = zip(
        _pick(ctx, lx, n, "LengthX", True),
        _pick(ctx, ly, n, "LengthY", True),
        _pick(ctx, lz, n, "LengthZ", True),
        strict=True,
    )
    return (
        tuple(
            _prim(ctx, p, "box", (a / 2, b / 2, c / 2), ())
            for p, (a, b, c) in zip(poses, sizes, strict=True)
        ),
    )


@operator(
    "gen_sphere_object_model_3d",
    ControlIn("Pose", types="number", count=(7, None)),
    _num("Radius", 1.0),
    handle_out("ObjectModel3D", count=_MANY),
)
def gen_sphere_object_model_3d(ctx: CallContext, pose: tuple, radius: tuple) -> tuple:
    """Spheres of the given radius centred on the poses' origins."""
    poses = split_poses(ctx, pose, "Pose")
    radii = _pick(ctx, radius, len(poses), "Radius", True)
    return (tuple(_prim(ctx, p, "sphere", (r,), ()) for p, r in zip(poses, radii, strict=True)),)


@operator(
    "gen_sphere_object_model_3d_center",
    _num("X", 0.0),
    _num("Y", 0.0),
    _num("Z", 0.0),
    _num("Radius", 1.0),
    handle_out("ObjectModel3D", count=_MANY),
)
def gen_sphere_object_model_3d_center(ctx: CallContext, x, y, z, radius) -> tuple:
    """Spheres around the points (X, Y, Z)."""
    n = max(len(x), len(y), len(z), len(radius))
    cols = [_pick(ctx, v, n, name, False) for v, name in ((x, "X"), (y, "Y"), (z, "Z"))]
    radii = _pick(ctx, radius, n, "Radius", True)
    return (
        tuple(
            _prim(
                ctx,
                (cols[0][i], cols[1][i], cols[2][i], 0.0, 0.0, 0.0, 0),
                "sphere",
                (radii[i],),
                (),
            )
            for i in range(n)
        ),
    )


@operator(
    "gen_cylinder_object_model_3d",
    ControlIn("Pose", types="number", count=(7, None)),
    _num("Radius", 1.0),
    _num("MinExtent", -1.0),
    _num("MaxExtent", 1.0),
    handle_out("ObjectModel3D", count=_MANY),
)
def gen_cylinder_object_model_3d(ctx: CallContext, pose, radius, lo, hi) -> tuple:
    """Cylinders about the poses' z axes, from MinExtent to MaxExtent along them."""
    poses = split_poses(ctx, pose, "Pose")
    n = len(poses)
    radii = _pick(ctx, radius, n, "Radius", True)
    los, his = _pick(ctx, lo, n, "MinExtent", False), _pick(ctx, hi, n, "MaxExtent", False)
    if any(a >= b for a, b in zip(los, his, strict=True)):
        raise ctx.param_error("value", "MaxExtent", "must be larger than MinExtent")
    return (
        tuple(_prim(ctx, poses[i], "cylinder", (radii[i],), (los[i], his[i])) for i in range(n)),
    )


@operator(
    "gen_plane_object_model_3d",
    ControlIn("Pose", types="number", count=7),
    ControlIn("XExtent", types="number", count=(0, None), default=()),
    ControlIn("YExtent", types="number", count=(0, None), default=()),
    handle_out("ObjectModel3D"),
)
def gen_plane_object_model_3d(ctx: CallContext, pose: tuple, xs: tuple, ys: tuple) -> tuple:
    """The x-y plane of the pose, bounded by the polygon (XExtent, YExtent) in that plane,
    unbounded when both are empty."""
    (p,) = split_poses(ctx, pose, "Pose")
    if len(xs) != len(ys):
        raise ctx.param_error("count", "YExtent", f"{len(ys)} values for {len(xs)}")
    if xs and len(xs) < 3:
        raise ctx.param_error("count", "XExtent", "a polygon needs at least 3 points")
    ext = (tuple(float(v) for v in xs), tuple(float(v) for v in ys)) if xs else ()
    return ((_prim(ctx, p, "plane", (), ext),),)
