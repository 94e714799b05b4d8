"""Calibrating and querying the calibration data model: calibrate_cameras, get_calib_data,
set_calib_data.

The fit itself is in :mod:`._calibration_solver`. Items (names from the get_calib_data and
set_calib_data reference pages; hdlite offers the common ones, other names are HALCON's
wrong-value error for DataName):

* 'model', 'general': 'type' ('calibration_object'), 'num_cameras', 'num_calib_objs',
  'reference_camera' (0), 'camera_calib_error' (the RMS error of the last calibration).
* 'camera', CameraIdx: 'type', 'params' (calibrated, else the start values), 'init_params',
  'params_deviations' (one value per internal parameter, 0 for fixed ones), 'params_labels',
  'pose' (the camera in the reference camera's frame), 'calib_settings',
  'excluded_settings'. set_calib_data sets 'calib_settings' or 'excluded_settings' of
  CameraIdx or of 'general' (every camera): 'params' (every internal parameter), 'focus',
  'kappa', 'poly' (K1, K2, K3), 'poly_tan_2' (P1, P2), 'k1' ... 'p2', 'principal_point'
  (Cx, Cy), 'sx', 'sy', 'cx', 'cy', 'all'; 'init_params' sets new start values.
* 'calib_obj', CalibObjIdx: 'x', 'y', 'z' (the marks), 'num_marks'.
* 'calib_obj_pose', [CalibObjIdx, CalibObjPoseIdx]: 'pose' (calibrated, else the start pose
  of its first observation), in the reference camera's frame, type 0.

calibrate_cameras needs start parameters for every camera, an object and at least one
observation per camera; otherwise HALCON's wrong-value error for CalibDataID [unverified
number]. Before calibration, 'camera_calib_error' and 'params_deviations' are that error too.
"""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from ._calib_model import KIND, CalibData, index_of, model_of, pose_tuple
from ._calibration_solver import Observation, calibrate, param_names
from .calibration_data import MODELS
from .camera import camera

_HANDLE = ControlIn("CalibDataID", types="handle", count=1, sem=KIND)
_GROUPS = {
    "params": ("focus", "kappa", "k1", "k2", "k3", "p1", "p2", "sx", "sy", "cx", "cy"),
    "all": ("focus", "kappa", "k1", "k2", "k3", "p1", "p2", "sx", "sy", "cx", "cy"),
    "poly": ("k1", "k2", "k3"),
    "poly_tan_2": ("p1", "p2"),
    "principal_point": ("cx", "cy"),
}
_SINGLE = ("focus", "kappa", "k1", "k2", "k3", "p1", "p2", "sx", "sy", "cx", "cy")


@operator("calibrate_cameras", _HANDLE, ControlOut("Error", types="real", count=1))
def calibrate_cameras(ctx: CallContext, handle: tuple) -> tuple:
    """Estimate the cameras' internal parameters and all poses by minimising the back
    projection error; Error is its root mean square in pixels."""
    model = model_of(handle)
    if any(c is None for c in model.cameras):
        raise ctx.param_error("value", "CalibDataID", "a camera has no start parameters")
    objects = {}
    radii = {}
    for o, obj in enumerate(model.objects):
        if obj is not None:
            objects[o], radii[o] = obj.points, obj.radii
    obs = [
        Observation(c, (o, p), ob.rows, ob.cols, ob.index, ob.pose)
        for (c, o, p), ob in sorted(model.observations.items())
        if o in objects
    ]
    seen = {ob.camera for ob in obs}
    if len(seen) != len(model.cameras):
        raise ctx.param_error("value", "CalibDataID", "a camera has no observation")
    cams = [c for c in model.cameras if c is not None]
    free = [{n for n in param_names(c) if n not in model.excluded[i]} for i, c in enumerate(cams)]
    try:
        model.result = calibrate(cams, free, objects, obs, radii)
    except ValueError as exc:
        raise ctx.param_error("value", "CalibDataID", str(exc)) from None
    return ((model.result.error,),)


def _settings(ctx: CallContext, values: tuple) -> set[str]:
    out: set[str] = set()
    for v in values:
        if v in _GROUPS:
            out.update(_GROUPS[v])
        elif v in _SINGLE:
            out.add(v)
        else:
            raise ctx.param_error("value", "DataValue", f"{v!r} is not a camera setting")
    return out


def _cameras(ctx: CallContext, model: CalibData, idx: tuple) -> list[int]:
    if len(idx) == 1 and idx[0] == "general":
        return list(range(len(model.cameras)))
    return [index_of(ctx, v, len(model.cameras), "ItemIdx") for v in idx]


@operator(
    "set_calib_data",
    _HANDLE,
    ControlIn("ItemType", types="string", count=1, default="model"),
    ControlIn("ItemIdx", types=("integer", "string"), count=(1, None), default="general"),
    ControlIn("DataName", types="string", count=1),
    ControlIn("DataValue", types=("string", "number")),
)
def set_calib_data(
    ctx: CallContext, handle: tuple, item: tuple, idx: tuple, name: tuple, value: tuple
) -> tuple:
    """Set data of the model: which camera parameters are calibrated, or start values."""
    model = model_of(handle)
    if item[0] != "camera":
        raise ctx.param_error("value", "ItemType", f"{item[0]!r} (hdlite sets 'camera' data)")
    cams = _cameras(ctx, model, idx)
    if name[0] in ("calib_settings", "excluded_settings"):
        chosen = _settings(ctx, value)
        for i in cams:
            model.excluded[i] = chosen if name[0] == "excluded_settings" else set(_SINGLE) - chosen
    elif name[0] == "init_params":
        cam = camera(ctx, value, "DataValue")
        if cam.model not in MODELS:
            raise ctx.param_error("value", "DataValue", f"{cam.model} cannot be calibrated")
        for i in cams:
            model.cameras[i] = cam
    else:
        raise ctx.param_error("value", "DataName", f"{name[0]!r} cannot be set")
    model.result = None
    return ()


def _camera_item(ctx: CallContext, model: CalibData, i: int, name: str) -> tuple:
    start = model.cameras[i]
    if start is None:
        raise ctx.param_error("value", "ItemIdx", f"camera {i} has no parameters")
    res = model.result
    cam = res.cameras[i] if res is not None else start
    if name == "type":
        return (cam.model,)
    if name in ("params", "init_params"):
        return (cam if name == "params" else start).to_tuple()
    if name == "params_labels":
        return (*param_names(cam), "image_width", "image_height")
    if name == "params_deviations":
        if res is None:
            raise ctx.param_error("value", "DataName", "the model is not calibrated")
        return tuple(float(v) for v in res.deviations[i])
    if name == "pose":
        if res is None:
            raise ctx.param_error("value", "DataName", "the model is not calibrated")
        return pose_tuple(res.camera_poses[i])
    if name in ("calib_settings", "excluded_settings"):
        names = param_names(cam)
        excl = model.excluded[i]
        keep = [n for n in names if (n in excl) == (name == "excluded_settings")]
        return tuple(keep)
    raise ctx.param_error("value", "DataName", f"{name!r} is not camera data")


def _object_pose(ctx: CallContext, model: CalibData, idx: tuple) -> tuple:
    if len(idx) != 2:
        raise ctx.param_error("count", "ItemIdx", "[CalibObjIdx, CalibObjPoseIdx]")
    o = index_of(ctx, idx[0], len(model.objects), "ItemIdx")
    p = idx[1]
    if model.result is not None and (o, p) in model.result.object_poses:
        return pose_tuple(model.result.object_poses[(o, p)])
    for (c, oo, pp), ob in sorted(model.observations.items()):
        if (oo, pp) == (o, p) and c == 0:
            return pose_tuple(ob.pose)
    raise ctx.param_error("value", "ItemIdx", f"no calibration object pose {[o, p]}")


@operator(
    "get_calib_data",
    _HANDLE,
    ControlIn("ItemType", types="string", count=1, default="camera"),
    ControlIn("ItemIdx", types=("integer", "string"), count=(1, None), default=0),
    ControlIn("DataName", types="string", count=1, default="params"),
    ControlOut("DataValue", types=("string", "number")),
)
def get_calib_data(ctx: CallContext, handle: tuple, item: tuple, idx: tuple, name: tuple) -> tuple:
    """Query data of the model: camera parameters, poses, calibration object points."""
    model = model_of(handle)
    kind, data = item[0], name[0]
    if kind == "model":
        res = model.result
        values: dict[str, tuple] = {
            "type": (model.setup,),
            "num_cameras": (len(model.cameras),),
            "num_calib_objs": (len(model.objects),),
            "reference_camera": (0,),
        }
        if data == "camera_calib_error" and res is not None:
            return ((res.error,),)
        if data not in values:
            raise ctx.param_error("value", "DataName", f"{data!r} is not model data")
        return (values[data],)
    if kind == "camera":
        out: tuple = ()
        for i in _cameras(ctx, model, idx):
            out += _camera_item(ctx, model, i, data)
        return (out,)
    if kind == "calib_obj":
        o = index_of(ctx, idx[0], len(model.objects), "ItemIdx")
        obj = model.objects[o]
        if obj is None:
            raise ctx.param_error("value", "ItemIdx", f"calibration object {o} is not set")
        if data in ("x", "y", "z"):
            return (tuple(float(v) for v in obj.points["xyz".index(data)]),)
        if data == "num_marks":
            return ((obj.points.shape[1],),)
        raise ctx.param_error("value", "DataName", f"{data!r} is not calibration object data")
    if kind == "calib_obj_pose":
        if data != "pose":
            raise ctx.param_error("value", "DataName", f"{data!r} ('pose')")
        return (_object_pose(ctx, model, idx),)
    raise ctx.param_error("value", "ItemType", f"{kind!r} is not supported")
