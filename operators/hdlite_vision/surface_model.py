"""Surface-based 3-D matching: create_surface_model, find_surface_model,
get_surface_matching_result, get_surface_model_param, clear_surface_model,
clear_surface_matching_result, write/read_surface_model and serialize/deserialize_surface_model.

Method: :mod:`._surface_matching` (point-pair features and voting, then ICP). Signatures,
defaults and parameter names from the operators' reference pages: create_surface_model
(ObjectModel3D, RelSamplingDistance 0.03, generic 'model_invert_normals',
'feat_step_size_rel', 'feat_angle_resolution' 30); find_surface_model (RelSamplingDistance
0.05, KeyPointFraction 0.2, MinScore 0, ReturnResultHandle 'false', generic 'num_matches'
1, 'max_overlap_dist_rel' 0.5, 'sparse_pose_refinement' and 'dense_pose_refinement'
'true', 'pose_ref_num_steps' 5, 'pose_ref_dist_threshold_rel' 0.1,
'pose_ref_scoring_dist_rel' 0.005). The model needs point normals (or triangles, whose
normals are used); a model without either is 1302 on ObjectModel3D [unverified code]. Pose
maps the model into the scene (rigid_trans_object_model_3d of the model with Pose lies on
the scene). Accuracy on synthetic scenes (tests/operators/vision/test_surface_model.py):
within 1 mm and 1 degree for a 10 cm object. Files: hdlite's own array format
(:mod:`._model_files`, kind 'surface_model'); the point-pair table is rebuilt on reading.
A model that would keep more than 5000 sampled points (25 million pairs) is 6001 (not
enough memory); a coarser RelSamplingDistance avoids it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from . import _surface_matching as sm
from ._geometry3d import matrix_to_pose
from ._model_files import read_model, write_model
from ._om3d import ObjectModel3D, gen_params, handle_in, model_of, new, number
from .object_model_3d_ops import _triangle_normals

KIND = "surface_model"
RESULT = "surface_matching_result"
_MODEL_IN = ControlIn("SurfaceModelID", types="handle", count=1, sem=KIND)
_GEN = (
    ControlIn("GenParamName", types="string", count=(0, None), default=()),
    ControlIn("GenParamValue", types=("string", "number"), count=(0, None), default=()),
)
_CREATE = {"model_invert_normals": "false", "feat_step_size_rel": None, "feat_angle_resolution": 30}
_FIND = {
    "num_matches": 1,
    "max_overlap_dist_rel": 0.5,
    "sparse_pose_refinement": "true",
    "dense_pose_refinement": "true",
    "pose_ref_num_steps": 5,
    "pose_ref_sub_sampling": 2,
    "pose_ref_dist_threshold_rel": 0.1,
    "pose_ref_scoring_dist_rel": 0.005,
    "scene_normal_computation": "fast",
}


def _flag(ctx: CallContext, value: Any, name: str) -> bool:
    if value not in ("true", "false"):
        raise ctx.param_error("value", "GenParamValue", f"{name} {value!r}")
    return value == "true"


def _positive(ctx: CallContext, value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ctx.param_error("value", "GenParamValue", f"{name} {value!r}")
    if not math.isfinite(float(value)):
        raise ctx.param_error("value", "GenParamValue", f"{name} {value!r}")
    return float(value)


@operator(
    "create_surface_model",
    handle_in(),
    ControlIn("RelSamplingDistance", types="number", count=1, default=0.03),
    *_GEN,
    ControlOut("SurfaceModelID", types="handle", count=1, sem=KIND),
)
def create_surface_model(ctx: CallContext, handle, rel, names, values) -> tuple:
    """Sample the model's surface (RelSamplingDistance times its diameter) and build the
    table of its point-pair features."""
    model = model_of(ctx, handle[0])
    r = number(ctx, rel[0], "RelSamplingDistance", positive=True)
    if r >= 1:
        raise ctx.param_error("value", "RelSamplingDistance", "must be below 1")
    opts = gen_params(ctx, names, values, _CREATE)
    invert = _flag(ctx, opts["model_invert_normals"], "model_invert_normals")
    step = r if opts["feat_step_size_rel"] is None else opts["feat_step_size_rel"]
    step = _positive(ctx, step, "feat_step_size_rel")
    res = opts["feat_angle_resolution"]
    if not isinstance(res, int) or not 4 <= res <= 180:
        raise ctx.param_error("value", "GenParamValue", f"feat_angle_resolution {res!r}")
    if model.num_points < 3:
        raise ctx.error(9053, "ObjectModel3D: the model needs at least 3 points")
    normals = _model_normals(ctx, model)
    if invert:
        normals = -normals
    params = {"rel_sampling_distance": r, "feat_step_size_rel": step, "feat_angle_resolution": res}
    try:
        built = sm.build(model.points, normals, params)
    except MemoryError as exc:  # too many sampled points for the pair table
        raise ctx.error(6001, f"RelSamplingDistance {r}: {exc}") from None
    return ((ctx.new_handle(KIND, built),),)


def _model_normals(ctx: CallContext, model: ObjectModel3D) -> np.ndarray:
    if model.normals is not None:
        return model.normals
    if model.triangles is not None and len(model.triangles):
        return _triangle_normals(model.points, model.triangles)
    raise ctx.param_error("value", "ObjectModel3D", "the model needs point normals or triangles")


class MatchResult:
    """What find_surface_model found, for get_surface_matching_result."""

    def __init__(self, poses: list, scores: list, sampled: ObjectModel3D, keys: ObjectModel3D):
        self.poses, self.scores, self.sampled, self.keys = poses, scores, sampled, keys


@operator(
    "find_surface_model",
    _MODEL_IN,
    handle_in(),
    ControlIn("RelSamplingDistance", types="number", count=1, default=0.05),
    ControlIn("KeyPointFraction", types="number", count=1, default=0.2),
    ControlIn("MinScore", types="number", count=1, default=0),
    ControlIn(
        "ReturnResultHandle", types="string", count=1, default="false", values=("true", "false")
    ),
    *_GEN,
    ControlOut("Pose", types="number"),
    ControlOut("Score", types="real"),
    ControlOut("SurfaceMatchingResultID", types="handle", sem=RESULT),
)
def find_surface_model(ctx, model_h, scene_h, rel, frac, min_score, ret, names, values) -> tuple:
    """The poses (7 values each) and scores of the best model instances in the scene, best
    first, with a result handle when ReturnResultHandle is 'true'."""
    model: sm.SurfaceModel = model_h[0].obj
    scene = model_of(ctx, scene_h[0])
    r = number(ctx, rel[0], "RelSamplingDistance", positive=True)
    kf = number(ctx, frac[0], "KeyPointFraction", positive=True)
    if kf > 1:
        raise ctx.param_error("value", "KeyPointFraction", "must be at most 1")
    ms = number(ctx, min_score[0], "MinScore")
    o = gen_params(ctx, names, values, _FIND)
    num = o["num_matches"]
    if not isinstance(num, int) or num < 1:
        raise ctx.param_error("value", "GenParamValue", f"num_matches {num!r}")
    steps = o["pose_ref_num_steps"]
    if not isinstance(steps, int) or steps < 0:
        raise ctx.param_error("value", "GenParamValue", f"pose_ref_num_steps {steps!r}")
    sparse = _flag(ctx, o["sparse_pose_refinement"], "sparse_pose_refinement")
    dense = _flag(ctx, o["dense_pose_refinement"], "dense_pose_refinement")
    if o["scene_normal_computation"] not in ("fast", "mls"):
        raise ctx.param_error("value", "GenParamValue", "scene_normal_computation")
    overlap = _positive(ctx, o["max_overlap_dist_rel"], "max_overlap_dist_rel")
    ref_dist = _positive(ctx, o["pose_ref_dist_threshold_rel"], "pose_ref_dist_threshold_rel")
    score_dist = _positive(ctx, o["pose_ref_scoring_dist_rel"], "pose_ref_scoring_dist_rel")
    _positive(ctx, o["pose_ref_sub_sampling"], "pose_ref_sub_sampling")
    poses, scores, sampled, keys = _search(
        model, scene, r, kf, num, (sparse, dense, steps), (overlap, ref_dist, score_dist)
    )
    kept = [(p, s) for p, s in zip(poses, scores, strict=True) if s >= ms]
    flat = tuple(v for p, _ in kept for v in matrix_to_pose(p, 0))
    result: tuple = ()
    if ret[0] == "true":
        res = MatchResult([p for p, _ in kept], [s for _, s in kept], sampled, keys)
        result = (ctx.new_handle(RESULT, res),)
    return (flat, tuple(s for _, s in kept), result)


def _search(model, scene, rel, frac, num, refine, dists):  # type: ignore[no-untyped-def]
    from scipy.spatial import cKDTree

    sparse, dense, steps = refine
    overlap, ref_dist, score_dist = dists
    empty = ObjectModel3D()
    if scene.num_points < 3:
        return [], [], empty, empty
    d = model.diameter
    keep = sm.sample_accurate(scene.points, rel * d)
    pts = scene.points[keep]
    nrm = sm.scene_normals(pts, None if scene.normals is None else scene.normals[keep])
    sampled = ObjectModel3D(points=pts, normals=nrm)
    n_keys = max(1, round(len(pts) * frac))
    key_idx = np.unique(np.linspace(0, len(pts) - 1, n_keys).round().astype(np.int64))
    keys = ObjectModel3D(points=pts[key_idx].copy())
    votes = sm.vote(model, pts, nrm, key_idx)
    clusters = sm.cluster(votes, d / 10.0, math.radians(12.0))
    full_tree = cKDTree(scene.points)
    sampled_tree = cKDTree(pts)
    full_normals = sm.scene_normals(scene.points, scene.normals) if dense else None
    found: list[tuple[np.ndarray, float]] = []
    for _, pose in clusters[: max(5 * num, 10)]:
        if sparse and steps:
            pose = sm.icp(model, sampled_tree, pts, nrm, pose, ref_dist * d, steps)
        if dense and steps:
            pose = sm.icp(model, full_tree, scene.points, full_normals, pose, rel * d, steps)
            pose = sm.icp(
                model,
                full_tree,
                scene.points,
                full_normals,
                pose,
                2 * score_dist * d + rel * d / 4,
                steps,
            )
        found.append(
            (
                pose,
                sm.score(model.points, full_tree, pose, max(score_dist * d, 1e-12) + rel * d / 4),
            )
        )
    found.sort(key=lambda ps: -ps[1])
    out: list[tuple[np.ndarray, float]] = []
    centre = np.append(model.center, 1.0)
    for pose, s in found:
        c = (pose @ centre)[:3]
        if all(np.linalg.norm(c - (q @ centre)[:3]) >= overlap * d for q, _ in out):
            out.append((pose, s))
        if len(out) == num:
            break
    return [p for p, _ in out], [s for _, s in out], sampled, keys


@operator(
    "get_surface_matching_result",
    ControlIn("SurfaceMatchingResultID", types="handle", count=1, sem=RESULT),
    ControlIn(
        "ResultName",
        types="string",
        count=1,
        default="pose",
        values=("pose", "score", "sampled_scene", "key_points"),
    ),
    ControlIn("ResultIndex", types="integer", count=1, default=0),
    ControlOut("ResultValue"),
)
def get_surface_matching_result(ctx: CallContext, handle, name, index) -> tuple:
    """One result of find_surface_model: 'pose' or 'score' of match ResultIndex, or the
    'sampled_scene' and 'key_points' as 3D object models."""
    res: MatchResult = handle[0].obj
    if name[0] == "sampled_scene":
        return ((new(ctx, res.sampled.copy()),),)
    if name[0] == "key_points":
        return ((new(ctx, res.keys.copy()),),)
    i = index[0]
    if not 0 <= i < len(res.poses):
        raise ctx.param_error("value", "ResultIndex", f"{i} (there are {len(res.poses)} matches)")
    if name[0] == "pose":
        return (matrix_to_pose(res.poses[i], 0),)
    return ((res.scores[i],),)


@operator(
    "get_surface_model_param",
    _MODEL_IN,
    ControlIn("GenParamName", types="string", count=(1, None), default="diameter"),
    ControlOut("GenParamValue"),
)
def get_surface_model_param(ctx: CallContext, handle, names) -> tuple:
    """Model parameters: 'diameter', 'center', 'sampled_model' (a 3D object model),
    'rel_sampling_distance', 'feat_step_size_rel', 'feat_angle_resolution'."""
    model: sm.SurfaceModel = handle[0].obj
    out: list = []
    for n in names:
        if n == "diameter":
            out.append(model.diameter)
        elif n == "center":
            out.extend(float(v) for v in model.center)
        elif n == "sampled_model":
            sampled = ObjectModel3D(points=model.points.copy(), normals=model.normals.copy())
            out.append(new(ctx, sampled))
        elif n in model.params:
            out.append(model.params[n])
        else:
            raise ctx.param_error("value", "GenParamName", f"{n!r}")
    return (tuple(out),)


@operator("clear_surface_model", _MODEL_IN)
def clear_surface_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free the model; a later use of the handle is error 2454."""
    handle[0].clear()
    return ()


@operator(
    "clear_surface_matching_result",
    ControlIn("SurfaceMatchingResultID", types="handle", count=(1, None), sem=RESULT),
)
def clear_surface_matching_result(ctx: CallContext, handles: tuple) -> tuple:
    """Free matching results."""
    for h in handles:
        h.clear()
    return ()


@operator("write_surface_model", _MODEL_IN, ControlIn("FileName", types="string", count=1))
def write_surface_model(ctx: CallContext, handle: tuple, path: tuple) -> tuple:
    """Write the model (hdlite's own format; no half-written file is left)."""
    params, arrays = _file_parts(handle[0].obj)
    write_model(ctx, str(path[0]), KIND, params, arrays)
    return ()


@operator(
    "read_surface_model",
    ControlIn("FileName", types="string", count=1),
    ControlOut("SurfaceModelID", types="handle", count=1, sem=KIND),
)
def read_surface_model(ctx: CallContext, path: tuple) -> tuple:
    """Read a model written by write_surface_model (5200 missing, 5238 damaged)."""
    params, arrays = read_model(ctx, str(path[0]), KIND)
    model = _rebuild(params, arrays)
    if model is None:
        raise ctx.error(5238, f"{path[0]}: damaged surface model file")
    return ((ctx.new_handle(KIND, model),),)


def _rebuild(params: dict, arrays: dict) -> sm.SurfaceModel | None:
    """The model of a file's parameters and arrays, None when they do not make one."""
    try:
        pts = np.array(arrays["points"], dtype=np.float64).reshape(-1, 3)
        nrm = np.array(arrays["normals"], dtype=np.float64).reshape(len(pts), 3)
        params = dict(params)
        model = sm.SurfaceModel(
            pts,
            nrm,
            float(params.pop("diameter")),
            np.asarray(params.pop("center"), dtype=np.float64).reshape(3),
            params,
        )
        if not (model.diameter > 0 and 4 <= int(params["feat_angle_resolution"]) <= 180):
            return None
        if not float(params["feat_step_size_rel"]) > 0 or len(pts) > sm.MAX_MODEL_POINTS:
            return None
        sm.fill_table(model)
    except (KeyError, ValueError, TypeError):
        return None
    return model


def _file_parts(model: sm.SurfaceModel) -> tuple[dict, dict]:
    params = dict(model.params, diameter=model.diameter, center=[float(v) for v in model.center])
    return params, {"points": model.points, "normals": model.normals}


@operator(
    "serialize_surface_model",
    _MODEL_IN,
    ControlOut("SerializedItemHandle", types="handle", count=1, sem="serialized_item"),
)
def serialize_surface_model(ctx: CallContext, handle: tuple) -> tuple:
    """The model as a serialized item (the bytes of its file)."""
    from hdlite_dl.serialized import SerializedItem

    from ._om3d_io import encode_arrays

    data = encode_arrays(KIND, *_file_parts(handle[0].obj))
    return ((ctx.new_handle("serialized_item", SerializedItem(data, KIND)),),)


@operator(
    "deserialize_surface_model",
    ControlIn("SerializedItemHandle", types="handle", count=1, sem="serialized_item"),
    ControlOut("SurfaceModelID", types="handle", count=1, sem=KIND),
)
def deserialize_surface_model(ctx: CallContext, item: tuple) -> tuple:
    """A model from a serialized item of serialize_surface_model; any other item is 9580."""
    from ._model_files import _parse

    try:
        model = _rebuild(*_parse(bytes(getattr(item[0].obj, "data", b"")), KIND))
    except Exception:
        model = None
    if model is None:
        raise ctx.error(9580, "the item holds no surface model")
    return ((ctx.new_handle(KIND, model),),)
