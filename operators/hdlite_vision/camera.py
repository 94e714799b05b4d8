"""Camera parameters of area-scan cameras: creation, files, camera matrix, projection of 3-D
points and the back-projection of image points onto a world plane.

Models and formulas: see :mod:`._camera_model`. Camera parameter files (read_cam_par,
write_cam_par) use HALCON's text format as public files show it: a ``ParGroup: Camera:
Parameter;`` header and one entry per parameter, ``Name:short:  value;`` followed by a type
line and a quoted description (short names ``foc``, ``kappa``, ``poly1`` to ``poly5``
(K1, K2, K3, P1, P2), ``sx``, ``sy``, ``cx``, ``cy``, ``imgw``, ``imgh``). hdlite writes
telecentric cameras with ``Magnification:magn:`` in place of the focus [unverified]; reading
takes ``foc`` 0 as telecentric, as the legacy tuples do. image_points_to_world_plane's Scale
is ``'m'``, ``'cm'``, ``'mm'``, ``'microns'``/``'um'`` or a number; the coordinates in metres
are divided by it. cam_par_to_cam_mat needs a camera without distortion (an area-scan
pinhole camera), else HALCON's wrong-value error [unverified which error HALCON gives].
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, Param, atomic_open, operator

from ._camera_model import Camera, parse, project, world_plane_points
from ._geometry3d import pose_to_matrix
from .poses import check_pose, read_text_file

_SCALES = {"m": 1.0, "cm": 0.01, "mm": 0.001, "microns": 1e-6, "um": 1e-6}
_CAM = ControlIn("CameraParam", types=("string", "number"), count=(8, 13))
_CAM_OUT = ControlOut("CameraParam", types=("string", "number"), count=(9, 13))


def camera(ctx: CallContext, values: tuple, name: str = "CameraParam") -> Camera:
    """The camera of a parameter tuple; HALCON's wrong-value error if it is not one."""
    cam = parse(values)
    if isinstance(cam, str):
        raise ctx.param_error("value", name, cam)
    return cam


def _num(name: str, default: float) -> Param:
    return ControlIn(name, types="number", count=1, default=default)


def _tail() -> tuple[Param, ...]:
    return (
        _num("Sx", 5e-6),
        _num("Sy", 5e-6),
        _num("Cx", 320.0),
        _num("Cy", 240.0),
        ControlIn("ImageWidth", types="integer", count=1, default=640),
        ControlIn("ImageHeight", types="integer", count=1, default=480),
    )


def _make(ctx: CallContext, model: str, values: tuple) -> tuple:
    cam = camera(ctx, (model, *(v[0] for v in values)), "Sx")
    return (cam.to_tuple(),)


@operator(
    "gen_cam_par_area_scan_division",
    _num("Focus", 0.008),
    _num("Kappa", 0.0),
    *_tail(),
    _CAM_OUT,
)
def gen_cam_par_area_scan_division(ctx: CallContext, *values: tuple) -> tuple:
    """Camera parameters of an area-scan camera with the division distortion model."""
    return _make(ctx, "area_scan_division", values)


@operator(
    "gen_cam_par_area_scan_polynomial",
    _num("Focus", 0.008),
    *(_num(n, 0.0) for n in ("K1", "K2", "K3", "P1", "P2")),
    *_tail(),
    _CAM_OUT,
)
def gen_cam_par_area_scan_polynomial(ctx: CallContext, *values: tuple) -> tuple:
    """Camera parameters of an area-scan camera with the polynomial distortion model."""
    return _make(ctx, "area_scan_polynomial", values)


@operator(
    "gen_cam_par_area_scan_telecentric_division",
    _num("Magnification", 0.1),
    _num("Kappa", 0.0),
    *_tail(),
    _CAM_OUT,
)
def gen_cam_par_area_scan_telecentric_division(ctx: CallContext, *values: tuple) -> tuple:
    """Camera parameters of a telecentric area-scan camera (division model)."""
    return _make(ctx, "area_scan_telecentric_division", values)


_NAMES: dict[str, Callable[[Camera], object]] = {
    "camera_type": lambda c: c.model,
    "focus": lambda c: c.focus,
    "magnification": lambda c: c.focus,
    "sx": lambda c: c.sx,
    "sy": lambda c: c.sy,
    "cx": lambda c: c.cx,
    "cy": lambda c: c.cy,
    "image_width": lambda c: c.width,
    "image_height": lambda c: c.height,
    "kappa": lambda c: c.distortion[0],
    "k1": lambda c: c.distortion[0],
    "k2": lambda c: c.distortion[1],
    "k3": lambda c: c.distortion[2],
    "p1": lambda c: c.distortion[3],
    "p2": lambda c: c.distortion[4],
}


@operator(
    "get_cam_par_data",
    _CAM,
    ControlIn("ParamName", types="string", default="focus"),
    ControlOut("ParamValue", types=("string", "number")),
)
def get_cam_par_data(ctx: CallContext, values: tuple, names: tuple) -> tuple:
    """Values of named camera parameters ('camera_type', 'focus', 'kappa', 'k1', 'sx', ...)."""
    cam = camera(ctx, values)
    out = []
    for name in names:
        getter = _NAMES.get(name)
        valid = getter is not None and not (
            (name == "focus" and cam.telecentric)
            or (name == "magnification" and not cam.telecentric)
            or (name == "kappa" and not cam.division)
            or (name in ("k1", "k2", "k3", "p1", "p2") and cam.division)
        )
        if not valid or getter is None:
            raise ctx.param_error(
                "value", "ParamName", f"{name!r} is not a parameter of {cam.model}"
            )
        out.append(getter(cam))
    return (tuple(out),)


@operator(
    "cam_par_to_cam_mat",
    _CAM,
    ControlOut("CameraMatrix", types="real", count=9),
    ControlOut("ImageWidth", types="integer", count=1),
    ControlOut("ImageHeight", types="integer", count=1),
)
def cam_par_to_cam_mat(ctx: CallContext, values: tuple) -> tuple:
    """The 3x3 camera matrix ``[[Focus/Sx, 0, Cx], [0, Focus/Sy, Cy], [0, 0, 1]]`` of a
    pinhole camera without distortion."""
    cam = camera(ctx, values)
    if cam.telecentric or any(cam.distortion):
        raise ctx.param_error("value", "CameraParam", "only a pinhole camera without distortion")
    mat = (cam.focus / cam.sx, 0.0, cam.cx, 0.0, cam.focus / cam.sy, cam.cy, 0.0, 0.0, 1.0)
    return mat, (cam.width,), (cam.height,)


def _coords(ctx: CallContext, names: tuple[str, ...], values: tuple[tuple, ...]) -> np.ndarray:
    n = len(values[0])
    for name, v in zip(names[1:], values[1:], strict=True):
        if len(v) != n:
            raise ctx.param_error("count", name, f"{len(v)} values for {n} points")
    return np.array(values, dtype=np.float64).reshape(len(values), n)


@operator(
    "project_3d_point",
    *(ControlIn(n, types="number") for n in ("X", "Y", "Z")),
    _CAM,
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
)
def project_3d_point(ctx: CallContext, x: tuple, y: tuple, z: tuple, values: tuple) -> tuple:
    """Image coordinates of 3-D points given in the camera coordinate system."""
    cam = camera(ctx, values)
    p = _coords(ctx, ("X", "Y", "Z"), (x, y, z))
    if not cam.telecentric and np.any(p[2] == 0):
        raise ctx.param_error("value", "Z", "a point lies in the plane of the projection centre")
    rows, cols = project(cam, p)
    return tuple(float(v) for v in rows), tuple(float(v) for v in cols)


@operator(
    "image_points_to_world_plane",
    _CAM,
    ControlIn("WorldPose", types="number", count=7),
    ControlIn("Rows", types="number"),
    ControlIn("Cols", types="number"),
    ControlIn("Scale", types=("string", "number"), count=1, default="m"),
    ControlOut("X", types="real"),
    ControlOut("Y", types="real"),
)
def image_points_to_world_plane(
    ctx: CallContext, values: tuple, pose: tuple, rows: tuple, cols: tuple, scale: tuple
) -> tuple:
    """Intersect the lines of sight of image points with the plane z = 0 of the world
    coordinate system whose pose in the camera frame is WorldPose."""
    cam = camera(ctx, values)
    m = pose_to_matrix(check_pose(ctx, pose, "WorldPose"))
    rc = _coords(ctx, ("Rows", "Cols"), (rows, cols))
    s = scale[0]
    factor = _SCALES.get(s) if isinstance(s, str) else float(s)
    if factor is None or not factor > 0:
        raise ctx.param_error(
            "value", "Scale", f"'m', 'cm', 'mm', 'um' or a positive number, got {s!r}"
        )
    xs, ys = world_plane_points(cam, m, rc[0], rc[1])
    if np.any(np.isnan(xs)):
        raise ctx.param_error("value", "WorldPose", "a line of sight is parallel to the plane")
    return tuple(float(v) / factor for v in xs), tuple(float(v) / factor for v in ys)


_FILE_KEYS = {
    "foc": "focus",
    "focus": "focus",
    "magn": "magnification",
    "magnification": "magnification",
    "kappa": "kappa",
    "poly1": "k1",
    "poly2": "k2",
    "poly3": "k3",
    "poly4": "p1",
    "poly5": "p2",
    "sx": "sx",
    "sy": "sy",
    "cx": "cx",
    "cy": "cy",
    "imgw": "width",
    "imgh": "height",
}
_ENTRY = re.compile(r"^\s*[A-Za-z0-9_]+:([A-Za-z0-9_]+):\s*([^;\s]+)\s*;")


@operator("read_cam_par", ControlIn("CamParFile", types="string", count=1), _CAM_OUT)
def read_cam_par(ctx: CallContext, name: tuple) -> tuple:
    """Read camera parameters from a text file written by write_cam_par (or by HALCON)."""
    found: dict[str, float] = {}
    for line in read_text_file(ctx, name[0], ".dat").splitlines():
        match = _ENTRY.match(line)
        if match and match.group(1).lower() in _FILE_KEYS:
            try:
                found[_FILE_KEYS[match.group(1).lower()]] = float(match.group(2))
            except ValueError:
                raise ctx.error(5238, f"{name[0]}: bad value {match.group(2)!r}") from None
    poly = "k1" in found
    tele = "magnification" in found or found.get("focus", 1.0) == 0.0
    model = "area_scan_" + ("telecentric_" if tele else "") + ("polynomial" if poly else "division")
    dist = ("k1", "k2", "k3", "p1", "p2") if poly else ("kappa",)
    lead = found.get("magnification", 1.0) if tele else found.get("focus")
    try:
        values = (lead, *(found[k] for k in (*dist, "sx", "sy", "cx", "cy")))
        values += (int(found["width"]), int(found["height"]))
    except KeyError as missing:
        raise ctx.error(5238, f"{name[0]}: no camera parameter {missing}") from None
    cam = parse((model, *values))
    if isinstance(cam, str):
        raise ctx.error(5238, f"{name[0]}: {cam}")
    return (cam.to_tuple(),)


def _entry(long: str, short: str, value: object, kind: str, text: str) -> str:
    return f'{long}:{short}:\t{value!r};\n\t{kind};\n\t"{text}";\n\n'


@operator("write_cam_par", _CAM, ControlIn("CamParFile", types="string", count=1))
def write_cam_par(ctx: CallContext, values: tuple, name: tuple) -> tuple:
    """Write camera parameters as a text file in HALCON's format."""
    cam = camera(ctx, values)
    header = "# INTERNAL CAMERA PARAMETERS\n\nParGroup: Camera: Parameter;\n"
    parts = [header + '\t"Internal camera parameters";\n\n']
    if cam.telecentric:
        parts.append(
            _entry("Magnification", "magn", cam.focus, "DOUBLE:0.0:", "Magnification of the lens")
        )
    else:
        parts.append(
            _entry("Focus", "foc", cam.focus, "DOUBLE:0.0:", "Focal length of the lens [meter]")
        )
    if cam.division:
        parts.append(
            _entry(
                "Kappa",
                "kappa",
                cam.distortion[0],
                "DOUBLE::",
                "Radial distortion coefficient [1/(meter*meter)]",
            )
        )
    else:
        for i, value in enumerate(cam.distortion, 1):
            parts.append(
                _entry(
                    f"Poly{i}",
                    f"poly{i}",
                    value,
                    "DOUBLE::",
                    f"Polynomial distortion coefficient {i}",
                )
            )
    parts += [
        _entry("Sx", "sx", cam.sx, "DOUBLE:0.0:", "Width of a cell on the sensor [meter]"),
        _entry("Sy", "sy", cam.sy, "DOUBLE:0.0:", "Height of a cell on the sensor [meter]"),
        _entry("Cx", "cx", cam.cx, "DOUBLE::", "X-coordinate of the image center [pixel]"),
        _entry("Cy", "cy", cam.cy, "DOUBLE::", "Y-coordinate of the image center [pixel]"),
        _entry("ImageWidth", "imgw", cam.width, "INT:1:32768", "Width of the images [pixel]"),
        _entry("ImageHeight", "imgh", cam.height, "INT:1:32768", "Height of the images [pixel]"),
    ]
    try:
        with atomic_open(name[0], "w", encoding="utf-8") as stream:
            stream.write("".join(parts))
    except OSError:
        raise ctx.error(5215, name[0]) from None
    return ()
