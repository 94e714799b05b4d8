"""Calibration plates: gen_caltab (description and PostScript files), caltab_points (the
marks of a description) and sim_caltab (a synthetic image of the plate).

The description format and the plate's geometry: :mod:`._caltab_descr`. gen_caltab's
restrictions are the reference page's: XNum > 1, YNum > 1, 0 < MarkDist, 0 < DiameterRatio
< 1 (else HALCON's wrong-value error for the parameter); a plate whose marks cannot fit into
memory (XNum 2^63) is 6001. sim_caltab renders with
:mod:`._caltab_render`; ScaleFac sets the sub-sampling of edge pixels, ``max(1, round(16
ScaleFac))`` per axis (the reference page calls it a "scaling factor to reduce oversampling",
suggested values 1.0 and 0.5; [unverified] how HALCON uses it). GrayBackground, GrayPlate and
GrayMarks are 0..255, the result a byte image of the camera's size; the pose must put the
plate in front of the camera.
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import check_count

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicOut,
    Image,
    ObjectTuple,
    atomic_open,
    operator,
)

from ._calib_model import load_plate
from ._caltab_descr import OPEN_ERROR, PS_ERROR, classic_plate, descr_text, postscript_text
from ._caltab_render import render
from ._geometry3d import pose_to_matrix
from .camera import camera
from .poses import check_pose

_DESCR = ControlIn("CalPlateDescr", types="string", count=1, default="caltab.descr")


def _write(ctx: CallContext, name: str, text: str, code: int) -> None:
    try:
        with atomic_open(name, "w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError:
        raise ctx.error(code, f"cannot write {name!r}") from None


@operator(
    "gen_caltab",
    ControlIn("XNum", types="integer", count=1, default=7),
    ControlIn("YNum", types="integer", count=1, default=7),
    ControlIn("MarkDist", types="number", count=1, default=0.0125),
    ControlIn("DiameterRatio", types="number", count=1, default=0.5),
    ControlIn("CalPlateDescr", types="string", count=1, default="caltab.descr"),
    ControlIn("CalPlatePSFile", types="string", count=1, default="caltab.ps"),
)
def gen_caltab(
    ctx: CallContext,
    xnum: tuple,
    ynum: tuple,
    dist: tuple,
    ratio: tuple,
    descr: tuple,
    ps: tuple,
) -> tuple:
    """Write the description file and a PostScript file of a calibration plate with
    XNum x YNum circular marks in a black frame (HALCON's classic plate)."""
    for name, v in (("XNum", xnum[0]), ("YNum", ynum[0])):
        if v < 2:
            raise ctx.param_error("value", name, f"{v!r} (must be greater than 1)")
    if not dist[0] > 0:
        raise ctx.param_error("value", "MarkDist", f"{dist[0]!r} (must be positive)")
    if not 0 < ratio[0] < 1:
        raise ctx.param_error("value", "DiameterRatio", f"{ratio[0]!r} (between 0 and 1)")
    x, y = int(xnum[0]), int(ynum[0])
    # a mark costs its coordinates and a line of each file: 6001 for plates that cannot fit
    check_count(ctx, x * y, "XNum" if x >= y else "YNum", item=256)
    plate = classic_plate(x, y, float(dist[0]), float(ratio[0]))
    _write(ctx, descr[0], descr_text(plate), OPEN_ERROR)
    _write(ctx, ps[0], postscript_text(plate), PS_ERROR)
    return ()


@operator(
    "caltab_points",
    _DESCR,
    ControlOut("X", types="real"),
    ControlOut("Y", types="real"),
    ControlOut("Z", types="real"),
)
def caltab_points(ctx: CallContext, descr: tuple) -> tuple:
    """The 3-D coordinates (metres, plate coordinates) of the marks of a description file."""
    plate = load_plate(ctx, descr[0])
    pts = plate.points()
    return tuple(tuple(float(v) for v in row) for row in pts)


@operator(
    "sim_caltab",
    IconicOut("SimCaltab"),
    _DESCR,
    ControlIn("CameraParam", types=("string", "number"), count=(8, 13)),
    ControlIn("CalPlatePose", types="number", count=7),
    ControlIn("GrayBackground", types="integer", count=1, default=128),
    ControlIn("GrayPlate", types="integer", count=1, default=80),
    ControlIn("GrayMarks", types="integer", count=1, default=224),
    ControlIn("ScaleFac", types="number", count=1, default=1.0),
)
def sim_caltab(
    ctx: CallContext,
    descr: tuple,
    cam_param: tuple,
    pose: tuple,
    background: tuple,
    plate_gray: tuple,
    marks: tuple,
    scale: tuple,
) -> tuple:
    """A byte image of the calibration plate as the camera sees it at CalPlatePose."""
    plate = load_plate(ctx, descr[0])
    cam = camera(ctx, cam_param)
    m = pose_to_matrix(check_pose(ctx, pose, "CalPlatePose"))
    for name, v in (
        ("GrayBackground", background),
        ("GrayPlate", plate_gray),
        ("GrayMarks", marks),
    ):
        if not 0 <= v[0] <= 255:
            raise ctx.param_error("value", name, f"{v[0]!r} (0..255)")
    if not 0 < scale[0] <= 1:
        raise ctx.param_error("value", "ScaleFac", f"{scale[0]!r} (0 < ScaleFac <= 1)")
    if m[2, 3] <= 0:
        raise ctx.param_error("value", "CalPlatePose", "the plate is not in front of the camera")
    grays = (float(background[0]), float(plate_gray[0]), float(marks[0]))
    img = render(plate, cam, m, grays, max(1, round(16 * float(scale[0]))))
    data = np.clip(np.rint(img), 0, 255).astype(np.uint8)
    return (ObjectTuple([Image(data, "byte")]),)
