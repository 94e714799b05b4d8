"""HALCON's older calibration operators: find_caltab, find_marks_and_pose and
camera_calibration.

They share the plate finder (:mod:`._caltab_finder`) and the solver
(:mod:`._calibration_solver`) with the calibration data model. Settled or chosen:

* find_caltab returns the plate's inside (the bright area within the black frame, marks
  included). SizeGauss (odd, 1..31) sets the smoothing (``sigma = SizeGauss / 4``, hdlite's
  choice; 1 means none); MarkThresh and MinDiamMarks are checked (0..255, > 0), not used:
  the finder picks its thresholds itself. No plate: 8402.
* find_marks_and_pose finds the plate within CalPlateRegion and returns the mark centres in
  the order of the description file and the plate's start pose. StartThresh, DeltaThresh,
  MinThresh, Alpha, MinContLength and MaxDiamMarks are checked for sign, not used.
* camera_calibration: NX, NY, NZ are the marks (one set for all images), NRow and NCol the
  observed centres of every image one after the other, NStartPose one pose per image.
  EstimateParams: 'all' (every internal parameter but Sy, and the poses), 'camera' (internal
  parameters only), 'pose' (poses only), or a list of 'focus', 'kappa', 'k1' ... 'p2', 'sx',
  'sy', 'cx', 'cy', with 'pose' added to estimate the poses too [unverified: HALCON also
  knows single pose components ('alpha', 'transx' ...), which hdlite rejects]. Errors is the
  mean distance in pixels between observed and projected marks ("average error distance",
  reference page) [unverified: mean, not root mean square].
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    Region,
    operator,
)

from ._calib_model import gray, load_plate, pose_tuple
from ._calibration_solver import Observation, calibrate, param_names
from ._caltab_finder import NOT_FOUND, FindError, find_plate, plate_region, start_pose
from ._camera_model import project
from ._geometry3d import pose_to_matrix
from .calibration_data import MODELS
from .camera import camera
from .poses import split_poses

_DESCR = ControlIn("CalPlateDescr", types="string", count=1, default="caltab_30mm.descr")


def _one_image(ctx: CallContext, objs: ObjectTuple) -> np.ndarray:
    if len(objs) != 1:
        raise ctx.error(1501, f"Image: expects one image, got {len(objs)}")
    return gray(ctx, objs[0])


@operator(
    "find_caltab",
    IconicIn("Image"),
    IconicOut("CalPlate"),
    _DESCR,
    ControlIn("SizeGauss", types="integer", count=1, default=3),
    ControlIn("MarkThresh", types="integer", count=1, default=112),
    ControlIn("MinDiamMarks", types="integer", count=1, default=5),
)
def find_caltab(
    ctx: CallContext, image: ObjectTuple, descr: tuple, size: tuple, thresh: tuple, diam: tuple
) -> tuple:
    """The region of the calibration plate (inside its black frame) in the image."""
    from scipy import ndimage

    plate = load_plate(ctx, descr[0])
    if not (1 <= size[0] <= 31 and size[0] % 2 == 1):
        raise ctx.param_error("value", "SizeGauss", f"{size[0]!r} (odd, 1..31)")
    if not 0 <= thresh[0] <= 255:
        raise ctx.param_error("value", "MarkThresh", f"{thresh[0]!r} (0..255)")
    if diam[0] <= 0:
        raise ctx.param_error("value", "MinDiamMarks", f"{diam[0]!r} (positive)")
    g = _one_image(ctx, image)
    if size[0] > 1:
        g = ndimage.gaussian_filter(g, size[0] / 4.0)
    try:
        inside, _holes = plate_region(g, plate.rows * plate.cols)
    except FindError as exc:
        raise ctx.error(exc.code, str(exc)) from None
    return (ObjectTuple([Region.from_mask(inside, 0, 0)]),)


@operator(
    "find_marks_and_pose",
    IconicIn("Image"),
    IconicIn("CalPlateRegion"),
    _DESCR,
    ControlIn("StartCamParam", types=("string", "number"), count=(8, 13)),
    ControlIn("StartThresh", types="integer", count=1, default=128),
    ControlIn("DeltaThresh", types="integer", count=1, default=10),
    ControlIn("MinThresh", types="integer", count=1, default=18),
    ControlIn("Alpha", types="number", count=1, default=0.9),
    ControlIn("MinContLength", types="number", count=1, default=15.0),
    ControlIn("MaxDiamMarks", types="number", count=1, default=100.0),
    ControlOut("RCoord", types="real"),
    ControlOut("CCoord", types="real"),
    ControlOut("StartPose", types="number", count=7),
)
def find_marks_and_pose(
    ctx: CallContext,
    image: ObjectTuple,
    region: ObjectTuple,
    descr: tuple,
    cam_param: tuple,
    *checks: tuple,
) -> tuple:
    """The centres of the plate's marks (in description order) and the plate's start pose."""
    plate = load_plate(ctx, descr[0])
    cam = camera(ctx, cam_param, "StartCamParam")
    if cam.model not in MODELS:
        raise ctx.param_error("value", "StartCamParam", f"{cam.model} is not supported")
    names = ("StartThresh", "DeltaThresh", "MinThresh", "Alpha", "MinContLength", "MaxDiamMarks")
    for name, value in zip(names, checks, strict=True):
        if value[0] < 0:
            raise ctx.param_error("value", name, f"{value[0]!r} (not negative)")
    g = _one_image(ctx, image)
    if len(region) != 1 or not isinstance(region[0], Region):
        raise ctx.error(1502, "CalPlateRegion: expects one region")
    mask = region[0].to_mask(*g.shape)
    if not mask.any():
        raise ctx.error(NOT_FOUND, "the plate region is empty")
    try:
        found = find_plate(g, plate)
        r = found.rows.round().astype(int).clip(0, g.shape[0] - 1)
        c = found.cols.round().astype(int).clip(0, g.shape[1] - 1)
        if not mask[r, c].all():
            raise FindError(NOT_FOUND, "the plate found lies outside CalPlateRegion")
        pose = start_pose(cam, plate, found.rows, found.cols)
    except FindError as exc:
        raise ctx.error(exc.code, str(exc)) from None
    rows = tuple(float(v) for v in found.rows)
    cols = tuple(float(v) for v in found.cols)
    return rows, cols, pose_tuple(pose)


def _estimate(ctx: CallContext, names: tuple, cam_names: tuple[str, ...]) -> tuple[set[str], bool]:
    if names == ("all",):
        return {n for n in cam_names if n != "sy"}, True
    if names == ("camera",):
        return {n for n in cam_names if n != "sy"}, False
    free: set[str] = set()
    poses = False
    for n in names:
        if n == "pose":
            poses = True
        elif n in cam_names:
            free.add(n)
        else:
            raise ctx.param_error("value", "EstimateParams", f"{n!r} cannot be estimated")
    return free, poses


@operator(
    "camera_calibration",
    *(ControlIn(n, types="number") for n in ("NX", "NY", "NZ", "NRow", "NCol")),
    ControlIn("StartCamParam", types=("string", "number"), count=(8, 13)),
    ControlIn("NStartPose", types="number", count=(7, None)),
    ControlIn("EstimateParams", types="string", count=(1, None), default="all"),
    ControlOut("CameraParam", types=("string", "number")),
    ControlOut("NFinalPose", types="number"),
    ControlOut("Errors", types="real", count=1),
)
def camera_calibration(
    ctx: CallContext,
    nx: tuple,
    ny: tuple,
    nz: tuple,
    nrow: tuple,
    ncol: tuple,
    cam_param: tuple,
    poses: tuple,
    estimate: tuple,
) -> tuple:
    """Calibrate one camera from the marks observed in several images (older interface)."""
    cam = camera(ctx, cam_param, "StartCamParam")
    if cam.model not in MODELS:
        raise ctx.param_error("value", "StartCamParam", f"{cam.model} is not supported")
    n = len(nx)
    if len(ny) != n or len(nz) != n or n < 3:
        raise ctx.param_error("count", "NY", "NX, NY and NZ need the same number (>= 3)")
    starts = [pose_to_matrix(p) for p in split_poses(ctx, poses, "NStartPose")]
    if len(nrow) != len(ncol) or len(nrow) != n * len(starts):
        raise ctx.param_error("count", "NRow", f"{len(nrow)} points for {len(starts)} poses")
    if estimate == ("pose",):
        free: set[str] = set()
        fit_poses = True
    else:
        free, fit_poses = _estimate(ctx, estimate, param_names(cam))
    rows = np.array(nrow, dtype=np.float64).reshape(len(starts), n)
    cols = np.array(ncol, dtype=np.float64).reshape(len(starts), n)
    idx = np.arange(n)
    obs = [Observation(0, (0, i), rows[i], cols[i], idx, s) for i, s in enumerate(starts)]
    pts = np.array([nx, ny, nz], dtype=np.float64)
    res = calibrate([cam], [free], {0: pts}, obs, None, fix_poses=not fit_poses)
    final = tuple(v for i in range(len(starts)) for v in pose_tuple(res.object_poses[(0, i)]))
    dist = []
    for i in range(len(starts)):
        p = res.object_poses[(0, i)] @ np.vstack([pts, np.ones(n)])
        r, c = project(res.cameras[0], p[:3])
        dist.append(np.hypot(r - rows[i], c - cols[i]))
    return res.cameras[0].to_tuple(), final, (float(np.mean(np.concatenate(dist))),)
