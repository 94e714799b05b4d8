"""3-D poses: create_pose, pose types, conversion to and from homogeneous matrices,
composition, inversion and HALCON's text pose files.

See :mod:`._geometry3d` for the pose layout, the type codes and their sources. Facts
settled here:

* pose_compose and pose_invert take several poses at once (7 values each); pose_compose
  pairs them, a single pose on one side goes with every pose of the other. The result keeps
  the representation type when both inputs share it, else it is the standard type 0
  ('Rp+T', 'gba', 'point'); pose_invert keeps the type (public annotated HALCON bindings;
  [unverified] against the reference page).
* hom_mat3d_to_pose returns a type-0 pose with angles in [0, 360) (HALCON prints poses such
  as ``[..., 358.1, 1.69, 179.8, 0]``); create_pose keeps the angles as given [unverified].
* Pose files (write_pose/read_pose), as HALCON writes them: comment lines starting with
  ``#``, ``f <type>``, ``r <RotX> <RotY> <RotZ>`` and ``t <TransX> <TransY> <TransZ>``
  (public pose files written by HALCON). read_pose tries the name as given, then with
  ``.dat`` appended [unverified]; a missing file is 5200, an unreadable one 5238.
"""

from __future__ import annotations

import os

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, Param, atomic_open, operator

from ._geometry3d import (
    ORDER_OF_ROTATION,
    ORDER_OF_TRANSFORM,
    POSE_TYPES,
    VIEW_OF_TRANSFORM,
    hom3d_to_matrix,
    is_rigid,
    matrix_to_hom3d,
    matrix_to_pose,
    pose_to_matrix,
)

_KINDS = ("Rp+T", "R(p-T)"), ("gba", "abg", "rodriguez"), ("point", "coordinate_system")


def _pose_in(name: str, count: int | tuple[int, int | None] = 7) -> Param:
    return ControlIn(name, types="number", count=count)


def _pose_out(name: str, count: int | None = 7) -> Param:
    return ControlOut(name, types="number", count=count)


def _kind_params() -> tuple[Param, Param, Param]:
    return (
        ControlIn("OrderOfTransform", types="string", count=1, default="Rp+T", values=_KINDS[0]),
        ControlIn("OrderOfRotation", types="string", count=1, default="gba", values=_KINDS[1]),
        ControlIn("ViewOfTransform", types="string", count=1, default="point", values=_KINDS[2]),
    )


def check_pose(ctx: CallContext, pose: tuple, name: str = "Pose") -> tuple:
    """``pose`` as floats plus an int type code; HALCON's wrong-value error if it is none."""
    if len(pose) != 7:
        raise ctx.param_error("count", name, f"a pose has 7 values, got {len(pose)}")
    kind = pose[6]
    if not isinstance(kind, int) and not (isinstance(kind, float) and kind.is_integer()):
        raise ctx.param_error("value", name, f"invalid pose type {kind!r}")
    if int(kind) not in POSE_TYPES:
        raise ctx.param_error("value", name, f"invalid pose type {kind!r}")
    return (*(float(v) for v in pose[:6]), int(kind))


def split_poses(ctx: CallContext, values: tuple, name: str) -> list[tuple]:
    """Several poses of 7 values each."""
    if len(values) % 7:
        raise ctx.param_error("count", name, f"{len(values)} values are not whole poses")
    return [check_pose(ctx, values[i : i + 7], name) for i in range(0, len(values), 7)]


def _type_code(transform: str, rotation: str, view: str) -> int:
    return ORDER_OF_TRANSFORM[transform] + ORDER_OF_ROTATION[rotation] + VIEW_OF_TRANSFORM[view]


@operator(
    "create_pose",
    *(ControlIn(n, types="number", count=1, default=0.1) for n in ("TransX", "TransY", "TransZ")),
    *(ControlIn(n, types="number", count=1, default=90.0) for n in ("RotX", "RotY", "RotZ")),
    *_kind_params(),
    _pose_out("Pose"),
)
def create_pose(
    ctx: CallContext,
    tx: tuple,
    ty: tuple,
    tz: tuple,
    rx: tuple,
    ry: tuple,
    rz: tuple,
    transform: tuple,
    rotation: tuple,
    view: tuple,
) -> tuple:
    """A 3-D pose from a translation, three rotation values (degrees, or a Rodriguez vector)
    and its representation type."""
    code = _type_code(transform[0], rotation[0], view[0])
    values = (tx[0], ty[0], tz[0], rx[0], ry[0], rz[0])
    return ((*(float(v) for v in values), code),)


@operator(
    "get_pose_type",
    _pose_in("Pose"),
    ControlOut("OrderOfTransform", types="string", count=1),
    ControlOut("OrderOfRotation", types="string", count=1),
    ControlOut("ViewOfTransform", types="string", count=1),
)
def get_pose_type(ctx: CallContext, pose: tuple) -> tuple:
    """The three representation choices of a pose's type code."""
    kind = check_pose(ctx, pose)[6]
    return (
        (_KINDS[0][kind & 1],),
        (_KINDS[1][(kind & 6) // 2],),
        (_KINDS[2][(kind & 8) // 8],),
    )


@operator("convert_pose_type", _pose_in("PoseIn"), *_kind_params(), _pose_out("PoseOut"))
def convert_pose_type(
    ctx: CallContext, pose: tuple, transform: tuple, rotation: tuple, view: tuple
) -> tuple:
    """The same rigid transformation in another representation type."""
    m = pose_to_matrix(check_pose(ctx, pose, "PoseIn"))
    return (matrix_to_pose(m, _type_code(transform[0], rotation[0], view[0])),)


@operator("pose_to_hom_mat3d", _pose_in("Pose"), ControlOut("HomMat3D", types="real", count=12))
def pose_to_hom_mat3d(ctx: CallContext, pose: tuple) -> tuple:
    """The homogeneous 3-D matrix (12 values, rows of [R | T]) of a pose."""
    return (matrix_to_hom3d(pose_to_matrix(check_pose(ctx, pose))),)


@operator(
    "hom_mat3d_to_pose",
    ControlIn("HomMat3D", types="number", count=(12, 16), limit=float("inf")),
    _pose_out("Pose"),
)
def hom_mat3d_to_pose(ctx: CallContext, mat: tuple) -> tuple:
    """The standard pose (type 0, angles in [0, 360)) of a rigid homogeneous matrix; a matrix
    with scaling, slant or mirroring is HALCON's wrong-value error."""
    if len(mat) not in (12, 16):
        raise ctx.param_error("count", "HomMat3D", f"{len(mat)} values, expected 12")
    m = hom3d_to_matrix(mat)
    if not is_rigid(m):
        raise ctx.param_error("value", "HomMat3D", "the matrix is not a rigid transformation")
    return (matrix_to_pose(m, 0),)


def _pairs(ctx: CallContext, left: list, right: list) -> list[tuple]:
    if len(left) == 1:
        return [(left[0], r) for r in right]
    if len(right) == 1:
        return [(lp, right[0]) for lp in left]
    if len(left) != len(right):
        raise ctx.param_error("count", "PoseRight", f"{len(right)} poses for {len(left)}")
    return list(zip(left, right, strict=True))


@operator(
    "pose_compose",
    _pose_in("PoseLeft", (7, None)),
    _pose_in("PoseRight", (7, None)),
    _pose_out("PoseCompose", None),
)
def pose_compose(ctx: CallContext, left: tuple, right: tuple) -> tuple:
    """The poses ``PoseLeft * PoseRight`` (PoseRight's transformation happens first)."""
    out: list = []
    pairs = _pairs(ctx, split_poses(ctx, left, "PoseLeft"), split_poses(ctx, right, "PoseRight"))
    for a, b in pairs:
        kind = a[6] if a[6] == b[6] else 0
        out.extend(matrix_to_pose(pose_to_matrix(a) @ pose_to_matrix(b), kind))
    return (tuple(out),)


@operator("pose_invert", _pose_in("Pose", (7, None)), _pose_out("PoseInvert", None))
def pose_invert(ctx: CallContext, pose: tuple) -> tuple:
    """The inverse of each pose, in the same representation type."""
    out: list = []
    for p in split_poses(ctx, pose, "Pose"):
        out.extend(matrix_to_pose(np.linalg.inv(pose_to_matrix(p)), p[6]))
    return (tuple(out),)


@operator(
    "set_origin_pose",
    _pose_in("PoseIn"),
    *(ControlIn(n, types="number", count=1, default=0.0) for n in ("DX", "DY", "DZ")),
    _pose_out("PoseNewOrigin"),
)
def set_origin_pose(ctx: CallContext, pose: tuple, dx: tuple, dy: tuple, dz: tuple) -> tuple:
    """Move the origin of the pose's coordinate system by (DX, DY, DZ), given in that
    coordinate system; the representation type is kept."""
    p = check_pose(ctx, pose, "PoseIn")
    shift = np.eye(4)
    shift[:3, 3] = (dx[0], dy[0], dz[0])
    return (matrix_to_pose(pose_to_matrix(p) @ shift, p[6]),)


def read_text_file(ctx: CallContext, name: str, extension: str) -> str:
    """The text of ``name`` (or ``name`` + ``extension``); 5200 if neither exists."""
    for path in (name, name + extension):
        if os.path.isfile(path):
            try:
                with open(path, encoding="utf-8", errors="replace") as stream:
                    return stream.read()
            except OSError:
                raise ctx.error(5215, path) from None
    raise ctx.error(5200, name)


@operator("read_pose", ControlIn("PoseFile", types="string", count=1), _pose_out("Pose"))
def read_pose(ctx: CallContext, name: tuple) -> tuple:
    """Read a pose from a text file written by write_pose (or by HALCON)."""
    fields: dict[str, list[str]] = {}
    for line in read_text_file(ctx, name[0], ".dat").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#") and parts[0] in ("f", "r", "t"):
            fields[parts[0]] = parts[1:]
    try:
        kind = int(fields["f"][0])
        rot = [float(v) for v in fields["r"][:3]]
        trans = [float(v) for v in fields["t"][:3]]
    except (KeyError, IndexError, ValueError):
        raise ctx.error(5238, f"{name[0]}: not a pose file") from None
    if len(rot) != 3 or len(trans) != 3 or kind not in POSE_TYPES:
        raise ctx.error(5238, f"{name[0]}: not a pose file")
    return ((*trans, *rot, kind),)


@operator(
    "write_pose", _pose_in("Pose"), ControlIn("PoseFile", types="string", count=1, default="")
)
def write_pose(ctx: CallContext, pose: tuple, name: tuple) -> tuple:
    """Write a pose as a text file in HALCON's format (read back with read_pose)."""
    p = check_pose(ctx, pose)
    text = (
        "#\n# 3D POSE PARAMETERS: rotation and translation\n#\n\n"
        f"# Used representation type:\nf {p[6]}\n\n"
        f"# Rotation angles [deg] or Rodriguez vector:\nr {p[3]!r} {p[4]!r} {p[5]!r}\n\n"
        f"# Translational vector (x y z [m]):\nt {p[0]!r} {p[1]!r} {p[2]!r}\n"
    )
    try:
        with atomic_open(name[0], "w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError:
        raise ctx.error(5215, name[0]) from None
    return ()
