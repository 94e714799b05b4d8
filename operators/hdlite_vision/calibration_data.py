"""The calibration data model: create_calib_data, its cameras and calibration objects, the
observations (find_calib_object, set/get_calib_data_observ_points,
get_calib_data_observ_contours) and clear_calib_data.

Settled (signatures and parameter values from HALCON's reference pages):

* create_calib_data: CalibSetup 'calibration_object' (the camera calibration; the hand-eye
  setups are not offered: HALCON's wrong-value error), NumCameras >= 1, NumCalibObjects >= 1;
  a model too large for the machine's memory (NumCameras 2^63) is 6001.
* set_calib_data_cam_param: CameraType [] takes the model from the parameter tuple; a legacy
  tuple without the model name needs CameraType 'area_scan_division' or
  'area_scan_polynomial'. hdlite calibrates these two models; telecentric and line-scan
  cameras are HALCON's wrong-value error for CameraParam.
* set_calib_data_calib_object: a description file (see :mod:`._calib_model` for the standard
  names) or a tuple ``[X..., Y..., Z...]`` of 3-D points (metres).
* find_calib_object finds the classic plate (:mod:`._caltab_finder`) and stores the mark
  centres and a start pose computed with the camera's current parameters. GenParamName
  accepts 'alpha', 'gap_tolerance', 'max_diam_marks', 'skip_find_caltab' (checked, not used:
  hdlite's finder needs none of them) and 'sigma' (the smoothing before the threshold,
  default 1.0) [unverified which names HALCON accepts besides these]. An image whose size
  differs from the camera's is 8428 (H_ERR_CAL_WIMSZ).
* get_calib_data_observ_points returns the centres, the mark indices (0-based) and the start
  pose; get_calib_data_observ_contours 'marks' gives the marks' ellipses, 'caltab' the inner
  border of the black frame as the plate's homography maps it; observations without image
  (set_calib_data_observ_points) have none (HALCON's wrong-value error for ContourName).
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._common import check_count
from hdlite_image.xld_objects import Contour

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    operator,
)

from ._calib_model import (
    DEFAULT_EXCLUDED,
    KIND,
    CalibData,
    CalibObject,
    Observed,
    gray,
    index_of,
    load_plate,
    model_of,
    pose_tuple,
)
from ._caltab_finder import FindError, find_plate, start_pose
from ._geometry3d import pose_to_matrix
from .camera import camera
from .poses import check_pose

_HANDLE = ControlIn("CalibDataID", types="handle", count=1, sem=KIND)
_CAM_IDX = ControlIn("CameraIdx", types="integer", count=1, default=0)
_OBJ_IDX = ControlIn("CalibObjIdx", types="integer", count=1, default=0)
_POSE_IDX = ControlIn("CalibObjPoseIdx", types="integer", count=1, default=0)
_FIND_PARAMS = ("alpha", "gap_tolerance", "max_diam_marks", "skip_find_caltab", "sigma")
MODELS = ("area_scan_division", "area_scan_polynomial")


@operator(
    "create_calib_data",
    ControlIn("CalibSetup", types="string", count=1, default="calibration_object"),
    ControlIn("NumCameras", types="integer", count=1, default=1),
    ControlIn("NumCalibObjects", types="integer", count=1, default=1),
    ControlOut("CalibDataID", types="handle", count=1),
)
def create_calib_data(ctx: CallContext, setup: tuple, cams: tuple, objs: tuple) -> tuple:
    """A new calibration data model for NumCameras cameras and NumCalibObjects objects."""
    if setup[0] != "calibration_object":
        raise ctx.param_error("value", "CalibSetup", f"{setup[0]!r} ('calibration_object')")
    if cams[0] < 1:
        raise ctx.param_error("value", "NumCameras", f"{cams[0]!r} (at least 1)")
    if objs[0] < 1:
        raise ctx.param_error("value", "NumCalibObjects", f"{objs[0]!r} (at least 1)")
    n, m = int(cams[0]), int(objs[0])
    check_count(ctx, n, "NumCameras", item=16)  # 6001 for a model that cannot fit
    check_count(ctx, m, "NumCalibObjects", item=8)
    model = CalibData(setup[0], [None] * n, [None] * m, excluded=[DEFAULT_EXCLUDED] * n)
    return ((ctx.new_handle(KIND, model),),)


def _indices(ctx: CallContext, value: tuple, count: int, name: str) -> list[int]:
    if len(value) == 1 and value[0] == "all":
        return list(range(count))
    return [index_of(ctx, v, count, name) for v in value]


@operator(
    "set_calib_data_cam_param",
    _HANDLE,
    ControlIn("CameraIdx", types=("integer", "string"), count=(1, None), default=0),
    ControlIn("CameraType", types="string", count=(0, 1), default=()),
    ControlIn("CameraParam", types=("string", "number"), count=(8, 13)),
)
def set_calib_data_cam_param(
    ctx: CallContext, handle: tuple, idx: tuple, cam_type: tuple, params: tuple
) -> tuple:
    """Set the type and the start values of the internal parameters of cameras."""
    model = model_of(handle)
    values = params
    if cam_type:
        if cam_type[0] not in MODELS:
            raise ctx.param_error("value", "CameraType", f"{cam_type[0]!r} is not supported")
        if not isinstance(params[0], str):
            values = (cam_type[0], *params)
        elif params[0] != cam_type[0]:
            raise ctx.param_error("value", "CameraType", "differs from the CameraParam model")
    cam = camera(ctx, values)
    if cam.model not in MODELS:
        raise ctx.param_error("value", "CameraParam", f"{cam.model} cannot be calibrated")
    for i in _indices(ctx, idx, len(model.cameras), "CameraIdx"):
        model.cameras[i] = cam
    model.result = None
    return ()


@operator(
    "set_calib_data_calib_object",
    _HANDLE,
    _OBJ_IDX,
    ControlIn("CalibObjDescr", types=("string", "number"), count=(1, None)),
)
def set_calib_data_calib_object(ctx: CallContext, handle: tuple, idx: tuple, descr: tuple) -> tuple:
    """Set a calibration object: a plate description file or the 3-D points [X, Y, Z]."""
    model = model_of(handle)
    i = index_of(ctx, idx[0], len(model.objects), "CalibObjIdx")
    if len(descr) == 1 and isinstance(descr[0], str):
        plate = load_plate(ctx, descr[0])
        model.objects[i] = CalibObject(plate.points(), plate.radius.copy(), plate)
    else:
        if any(isinstance(v, str) for v in descr) or len(descr) % 3 or len(descr) < 12:
            raise ctx.param_error("value", "CalibObjDescr", "a file name or [X, Y, Z] points")
        pts = np.array(descr, dtype=np.float64).reshape(3, -1)
        model.objects[i] = CalibObject(pts)
    model.result = None
    return ()


def _camera_and_object(ctx: CallContext, model: CalibData, cam_idx: tuple, obj_idx: tuple):
    c = index_of(ctx, cam_idx[0], len(model.cameras), "CameraIdx")
    o = index_of(ctx, obj_idx[0], len(model.objects), "CalibObjIdx")
    cam, obj = model.cameras[c], model.objects[o]
    if cam is None:
        raise ctx.param_error("value", "CameraIdx", f"camera {c} has no parameters yet")
    if obj is None:
        raise ctx.param_error("value", "CalibObjIdx", f"calibration object {o} is not set")
    return c, o, cam, obj


def _pose_index(ctx: CallContext, value: tuple) -> int:
    v = value[0]
    if not isinstance(v, int) or v < 0:
        raise ctx.param_error("value", "CalibObjPoseIdx", f"{v!r} (a non-negative index)")
    return v


@operator(
    "find_calib_object",
    IconicIn("Image"),
    _HANDLE,
    _CAM_IDX,
    _OBJ_IDX,
    _POSE_IDX,
    ControlIn("GenParamName", types="string", default=()),
    ControlIn("GenParamValue", types=("string", "number"), default=()),
)
def find_calib_object(
    ctx: CallContext,
    image: ObjectTuple,
    handle: tuple,
    cam_idx: tuple,
    obj_idx: tuple,
    pose_idx: tuple,
    names: tuple,
    values: tuple,
) -> tuple:
    """Find the calibration plate in the image; store its marks and its start pose."""
    model = model_of(handle)
    c, o, cam, obj = _camera_and_object(ctx, model, cam_idx, obj_idx)
    p = _pose_index(ctx, pose_idx)
    if len(image) != 1:
        raise ctx.error(1501, f"Image: expects one image, got {len(image)}")
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", "one value per GenParamName")
    sigma = 1.0
    for name, value in zip(names, values, strict=True):
        if name not in _FIND_PARAMS:
            raise ctx.param_error("value", "GenParamName", f"{name!r} is not supported")
        if name == "sigma":
            if isinstance(value, str) or value < 0:
                raise ctx.param_error("value", "GenParamValue", f"sigma {value!r}")
            sigma = float(value)
    if obj.plate is None:
        raise ctx.param_error("value", "CalibObjIdx", "the object is not a calibration plate")
    g = gray(ctx, image[0])
    if g.shape != (cam.height, cam.width):
        raise ctx.error(8428, "the image size differs from the camera's")
    try:
        found = find_plate(g, obj.plate, sigma)
        pose = start_pose(cam, obj.plate, found.rows, found.cols)
    except FindError as exc:
        raise ctx.error(exc.code, str(exc)) from None
    n = found.rows.size
    model.observations[(c, o, p)] = Observed(
        found.rows, found.cols, np.arange(n), pose, found.ellipses, found.homography
    )
    model.result = None
    return ()


@operator(
    "set_calib_data_observ_points",
    _HANDLE,
    _CAM_IDX,
    _OBJ_IDX,
    _POSE_IDX,
    ControlIn("Row", types="number"),
    ControlIn("Column", types="number"),
    ControlIn("Index", types=("integer", "string"), default="all"),
    ControlIn("Pose", types="number", count=7),
)
def set_calib_data_observ_points(
    ctx: CallContext,
    handle: tuple,
    cam_idx: tuple,
    obj_idx: tuple,
    pose_idx: tuple,
    rows: tuple,
    cols: tuple,
    index: tuple,
    pose: tuple,
) -> tuple:
    """Store observed mark positions (and a start pose) of a calibration object pose."""
    model = model_of(handle)
    c, o, _cam, obj = _camera_and_object(ctx, model, cam_idx, obj_idx)
    p = _pose_index(ctx, pose_idx)
    n_marks = obj.points.shape[1]
    if len(rows) != len(cols):
        raise ctx.param_error("count", "Column", f"{len(cols)} columns for {len(rows)} rows")
    if len(index) == 1 and index[0] == "all":
        idx = np.arange(n_marks)
    else:
        idx = np.array([index_of(ctx, v, n_marks, "Index") for v in index], dtype=np.int64)
    if idx.size != len(rows) or len(set(idx.tolist())) != idx.size:
        raise ctx.param_error("count", "Index", f"{idx.size} indices for {len(rows)} points")
    m = pose_to_matrix(check_pose(ctx, pose, "Pose"))
    r = np.array(rows, dtype=np.float64)
    col = np.array(cols, dtype=np.float64)
    model.observations[(c, o, p)] = Observed(r, col, idx, m)
    model.result = None
    return ()


def _observed(ctx: CallContext, model: CalibData, c: tuple, o: tuple, p: tuple) -> Observed:
    key = (
        index_of(ctx, c[0], len(model.cameras), "CameraIdx"),
        index_of(ctx, o[0], len(model.objects), "CalibObjIdx"),
        _pose_index(ctx, p),
    )
    ob = model.observations.get(key)
    if ob is None:
        raise ctx.param_error("value", "CalibObjPoseIdx", f"no observation {list(key)}")
    return ob


@operator(
    "get_calib_data_observ_points",
    _HANDLE,
    _CAM_IDX,
    _OBJ_IDX,
    _POSE_IDX,
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
    ControlOut("Index", types="integer"),
    ControlOut("Pose", types="number", count=7),
)
def get_calib_data_observ_points(
    ctx: CallContext, handle: tuple, c: tuple, o: tuple, p: tuple
) -> tuple:
    """The observed mark centres, their mark indices and the start pose of an observation."""
    ob = _observed(ctx, model_of(handle), c, o, p)
    return (
        tuple(float(v) for v in ob.rows),
        tuple(float(v) for v in ob.cols),
        tuple(int(v) for v in ob.index),
        pose_tuple(ob.pose),
    )


def _ellipse_contour(e: np.ndarray) -> Contour:
    row, col, phi, ra, rb = (float(v) for v in e)
    t = np.linspace(0.0, 2.0 * math.pi, 49)
    x, y = ra * np.cos(t), rb * np.sin(t)
    return Contour(
        row - x * math.sin(phi) - y * math.cos(phi), col + x * math.cos(phi) - y * math.sin(phi)
    )


@operator(
    "get_calib_data_observ_contours",
    IconicOut("Contours"),
    _HANDLE,
    ControlIn("ContourName", types="string", count=1, default="marks"),
    _CAM_IDX,
    _OBJ_IDX,
    _POSE_IDX,
)
def get_calib_data_observ_contours(
    ctx: CallContext, handle: tuple, name: tuple, c: tuple, o: tuple, p: tuple
) -> tuple:
    """XLD contours of an observation: 'marks' (the marks' ellipses) or 'caltab' (the
    inner border of the plate's black frame)."""
    model = model_of(handle)
    ob = _observed(ctx, model, c, o, p)
    if name[0] not in ("marks", "caltab"):
        raise ctx.param_error("value", "ContourName", f"{name[0]!r} ('marks' or 'caltab')")
    if ob.ellipses is None or ob.homography is None:
        raise ctx.param_error("value", "ContourName", "the observation has no contours")
    if name[0] == "marks":
        return (ObjectTuple([_ellipse_contour(e) for e in ob.ellipses]),)
    obj = model.objects[index_of(ctx, o[0], len(model.objects), "CalibObjIdx")]
    assert obj is not None and obj.plate is not None and obj.plate.frame is not None
    x0, y1, x1, y0 = obj.plate.frame
    w = obj.plate.frame_width
    t = np.linspace(0.0, 1.0, 25)
    xs = np.concatenate([x0 + w + (x1 - x0 - 2 * w) * t, np.full(25, x1 - w)])
    ys = np.concatenate([np.full(25, y0 + w), y0 + w + (y1 - y0 - 2 * w) * t])
    xs = np.concatenate([xs, (x0 + x1) - xs, [xs[0]]])
    ys = np.concatenate([ys, (y0 + y1) - ys, [ys[0]]])
    h = ob.homography
    q = h @ np.vstack([xs, ys, np.ones(xs.size)])
    return (ObjectTuple([Contour(q[1] / q[2], q[0] / q[2])]),)


@operator("clear_calib_data", _HANDLE)
def clear_calib_data(ctx: CallContext, handle: tuple) -> tuple:
    """Free the calibration data model; later use of the handle is error 2454."""
    handle[0].clear()
    return ()
