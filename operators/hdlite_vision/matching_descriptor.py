"""Descriptor-based matching (uncalibrated): interest points of a textured template found
again under a projective transformation.

Method (``_descriptor_model``, ``_descriptor_points``): Harris interest points
(``'harris'``, ``'harris_binomial'``); where HALCON classifies them with randomized ferns,
hdlite uses OpenCV's ORB descriptors at the points, oriented by the intensity centroid and
trained on scaled views of the template; RANSAC then fits the homography. The detector
``'lepetit'`` (HALCON's default DetectorType) is not available: it is HALCON's wrong-value
error. Observable conventions, settled from programs that use the operators (the stored
reference pages stop before the parameter lists):

* The model origin is the centre of gravity of the template's domain, moved by
  set_descriptor_model_origin (Row, Column relative to it; get_descriptor_model_origin
  returns that offset). HomMat2D maps model coordinates, relative to the origin, to the
  search image (9 values per instance, row-major, HALCON's (row, column) = (x, y)); so after
  ``set_descriptor_model_origin (ModelID, -Row, -Column)`` with the domain's centre (Row,
  Column) it maps template image coordinates, as programs use with projective_trans_region.
* get_descriptor_model_points: Set 'model' with Subset 'all' gives the model points
  relative to the origin; Set 'search' with 'all' gives every interest point of the last
  search image, with an instance index (0-based) the points matched for that instance.
* Score per instance: ScoreType 'num_points' (matched points) and/or 'inlier_ratio'
  (matched points over model points); with several types the values of an instance follow
  one another. Instances are sorted by the number of matched points [unverified].
  NumMatches 0 finds all instances [unverified, as in shape matching].
* get_descriptor_model_results (ObjectID 0-based or 'all'): 'num_points', 'inlier_ratio',
  'homography', 'point_classification' (triads search point, model point, score over all
  search points, as the reference describes; [doc: get_descriptor_model_results, HALCON
  25.11 reference]).

Accuracy measured (tests/operators/vision/test_matching_descriptor.py): template corners
projected within 1.5 pixels of the truth under rotation, scale 0.6-1.3 and perspective with
noise sigma 6. Files: hdlite's own array model format (``_model_files``), no pickle.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, operator

from . import _descriptor_params as dp
from ._matching_common import single_image
from ._model_files import read_model, write_model

_HANDLE = ControlIn("ModelID", types="handle", count=1, sem="descriptor_model")
_ANY = ("integer", "real", "string")
_SCORE_TYPES = ("num_points", "inlier_ratio")


@operator(
    "create_uncalib_descriptor_model",
    IconicIn("Template"),
    ControlIn("DetectorType", types="string", count=1, default="harris_binomial",
              values=tuple(dp.DETECTORS)),
    ControlIn("DetectorParamName", types="string", count=(0, None), default=[]),
    ControlIn("DetectorParamValue", types=_ANY, count=(0, None), default=[]),
    ControlIn("DescriptorParamName", types="string", count=(0, None), default=[]),
    ControlIn("DescriptorParamValue", types=_ANY, count=(0, None), default=[]),
    ControlIn("Seed", types="integer", count=1, default=42),
    ControlOut("ModelID", types="handle", count=1),
)  # fmt: skip
def create_uncalib_descriptor_model(
    ctx, template, detector, det_names, det_values, descr_names, descr_values, seed
) -> tuple:
    """Train a descriptor model on the interest points of the template's domain."""
    from ._descriptor_model import build

    data, mask = single_image(ctx, template, "Template")
    det = dp.parse(ctx, det_names, det_values, dp.DETECTORS[detector[0]],
                   "DetectorParamName", "DetectorParamValue")  # fmt: skip
    descr = dp.parse(ctx, descr_names, descr_values, dp.DESCRIPTOR,
                     "DescriptorParamName", "DescriptorParamValue")  # fmt: skip
    dp.check_descriptor(ctx, descr)
    if not mask.any():
        raise ctx.error(8506, "Template: the domain is empty")
    model = build(data, mask, detector[0], det, descr, int(seed[0]) & 0x7FFFFFFF)
    if model.points.shape[0] < 4:
        raise ctx.error(
            8506, f"Template: {model.points.shape[0]} interest points (at least 4 needed)"
        )
    return ((ctx.new_handle("descriptor_model", model),),)


@operator(
    "find_uncalib_descriptor_model",
    IconicIn("Image"),
    _HANDLE,
    ControlIn("DetectorParamName", types="string", count=(0, None), default=[]),
    ControlIn("DetectorParamValue", types=_ANY, count=(0, None), default=[]),
    ControlIn("DescriptorParamName", types="string", count=(0, None), default=[]),
    ControlIn("DescriptorParamValue", types=_ANY, count=(0, None), default=[]),
    ControlIn("MinScore", types="number", count=1, default=0.2),
    ControlIn("NumMatches", types="integer", count=1, default=1),
    ControlIn("ScoreType", types="string", count=(1, 2), default="num_points",
              values=_SCORE_TYPES),
    ControlOut("HomMat2D", types="real"),
    ControlOut("Score", types="number"),
)  # fmt: skip
def find_uncalib_descriptor_model(
    ctx, image, handle, det_names, det_values, descr_names, descr_values, min_score, num, kind
) -> tuple:
    """The homographies (9 values each) and scores of the best NumMatches instances whose
    matched model points are at least MinScore of all model points."""
    from ._descriptor_model import search

    model = handle[0].obj
    det = dp.parse(ctx, det_names, det_values, model.det_params,
                   "DetectorParamName", "DetectorParamValue")  # fmt: skip
    opts = dp.parse(ctx, descr_names, descr_values, dp.SEARCH,
                    "DescriptorParamName", "DescriptorParamValue")  # fmt: skip
    if not 0.0 <= min_score[0] <= 1.0:
        raise ctx.param_error("value", "MinScore", f"{min_score[0]!r} (0 to 1)")
    if num[0] < 0:
        raise ctx.param_error("value", "NumMatches", f"{num[0]!r} must not be negative")
    data, mask = single_image(ctx, image, "Image")
    found = search(
        model, data, mask, det, float(opts["min_score_descr"]),
        opts["guided_matching"] == "on", float(min_score[0]), int(min(num[0], 1 << 20)),
    )  # fmt: skip
    homs: list[float] = []
    scores: list[float | int] = []
    for inst in found:
        homs += model.hom_mat2d(inst)
        for k in kind:
            scores.append(int(inst.model_idx.size) if k == "num_points" else float(inst.ratio))
    return (tuple(homs), tuple(scores))


@operator(
    "get_descriptor_model_points",
    _HANDLE,
    ControlIn("Set", types="string", count=1, default="model", values=("model", "search")),
    ControlIn("Subset", types=("integer", "string"), count=1, default="all"),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
)
def get_descriptor_model_points(ctx: CallContext, handle: tuple, which: tuple, sub: tuple) -> tuple:
    """Model points (relative to the origin) or interest points of the last search image:
    all of them, or those matched for one instance (0-based)."""
    model = handle[0].obj
    s = sub[0]
    if which[0] == "model":
        if s != "all":
            raise ctx.param_error("value", "Subset", f"{s!r} (only 'all' for the model)")
        r0, c0 = model.reference
        pts = model.points - np.array([r0, c0])
    elif s == "all":
        pts = model.search_points
    elif isinstance(s, int) and 0 <= s < len(model.instances):
        pts = model.search_points[model.instances[s].search_idx]
    else:
        raise ctx.param_error(
            "value", "Subset", f"{s!r} ('all' or an instance 0..{len(model.instances) - 1})"
        )
    return (tuple(float(v) for v in pts[:, 0]), tuple(float(v) for v in pts[:, 1]))


@operator(
    "get_descriptor_model_results",
    _HANDLE,
    ControlIn("ObjectID", types=("integer", "string"), count=1, default=0),
    ControlIn("ResultNames", types="string", count=1, default="num_points",
              values=("num_points", "inlier_ratio", "homography", "point_classification")),
    ControlOut("Results", types="number"),
)  # fmt: skip
def get_descriptor_model_results(ctx: CallContext, handle: tuple, obj: tuple, name: tuple) -> tuple:
    """Results of the last search: per instance, or for 'all' instances (single values)."""
    model = handle[0].obj
    n = name[0]
    if n == "point_classification":
        return (tuple(float(v) if i % 3 == 2 else int(v)
                      for i, v in enumerate(model.classification.ravel())),)  # fmt: skip
    o = obj[0]
    if o == "all":
        if n == "homography":
            raise ctx.param_error("value", "ObjectID", "'all' only for single-valued results")
        chosen = model.instances
    elif isinstance(o, int) and 0 <= o < len(model.instances):
        chosen = [model.instances[o]]
    else:
        raise ctx.param_error(
            "value", "ObjectID", f"{o!r} ('all' or an instance 0..{len(model.instances) - 1})"
        )
    out: list[float | int] = []
    for inst in chosen:
        if n == "num_points":
            out.append(int(inst.model_idx.size))
        elif n == "inlier_ratio":
            out.append(float(inst.ratio))
        else:
            out += model.hom_mat2d(inst)
    return (tuple(out),)


@operator(
    "get_descriptor_model_params",
    _HANDLE,
    ControlOut("DetectorType", types="string", count=1),
    ControlOut("DetectorParamName", types="string"),
    ControlOut("DetectorParamValue", types=_ANY),
    ControlOut("DescriptorParamName", types="string"),
    ControlOut("DescriptorParamValue", types=_ANY),
)
def get_descriptor_model_params(ctx: CallContext, handle: tuple) -> tuple:
    """The detector and its parameters, and the descriptor parameters of the model."""
    model = handle[0].obj
    dn, dv = dp.as_tuples(model.det_params)
    en, ev = dp.as_tuples(model.descr_params)
    return ((model.detector,), dn, dv, en, ev)


@operator(
    "get_descriptor_model_origin",
    _HANDLE,
    ControlOut("Row", types="real", count=1),
    ControlOut("Column", types="real", count=1),
)
def get_descriptor_model_origin(ctx: CallContext, handle: tuple) -> tuple:
    """The origin relative to the template domain's centre of gravity (0, 0 by default)."""
    r, c = handle[0].obj.origin
    return ((float(r),), (float(c),))


@operator(
    "set_descriptor_model_origin",
    _HANDLE,
    ControlIn("Row", types="number", count=1, default=0),
    ControlIn("Column", types="number", count=1, default=0),
)
def set_descriptor_model_origin(ctx: CallContext, handle: tuple, row: tuple, col: tuple) -> tuple:
    """Move the origin (relative to the domain's centre of gravity); later homographies and
    model points refer to it."""
    handle[0].obj.origin = (float(row[0]), float(col[0]))
    return ()


@operator("clear_descriptor_model", _HANDLE)
def clear_descriptor_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free the model; any later use of the handle is error 2454."""
    handle[0].clear()
    return ()


@operator("write_descriptor_model", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_descriptor_model(ctx: CallContext, handle: tuple, path: tuple) -> tuple:
    """Write the model to a file (hdlite's own format; no half-written file is left)."""
    m = handle[0].obj
    params = {
        "detector": m.detector, "det_params": m.det_params, "descr_params": m.descr_params,
        "seed": m.seed, "cog": list(m.cog), "origin": list(m.origin),
    }  # fmt: skip
    arrays = {"points": m.points, "desc": m.desc, "labels": m.labels, "angles": m.angles}
    write_model(ctx, str(path[0]), "descriptor_model", params, arrays)
    return ()


@operator(
    "read_descriptor_model",
    ControlIn("FileName", types="string", count=1),
    ControlOut("ModelID", types="handle", count=1),
)
def read_descriptor_model(ctx: CallContext, path: tuple) -> tuple:
    """Read a model written by write_descriptor_model; 5200 missing file, 5238 a file that
    is not a descriptor model or is damaged."""
    from ._descriptor_model import DescriptorModel

    params, arrays = read_model(ctx, str(path[0]), "descriptor_model")
    try:
        pts = np.asarray(arrays["points"], dtype=np.float64).reshape(-1, 2)
        desc = np.asarray(arrays["desc"], dtype=np.uint8).reshape(-1, 32)
        labels = np.asarray(arrays["labels"], dtype=np.int64).ravel()
        angles = np.asarray(arrays["angles"], dtype=np.float64).ravel()
        n = pts.shape[0]
        if not (labels.size == desc.shape[0] == angles.size) or n < 4:
            raise ValueError("arrays do not fit")
        if labels.min() < 0 or labels.max() >= n or np.unique(labels).size != n:
            raise ValueError("descriptor labels")
        detector = params["detector"]
        det = dict(dp.DETECTORS[detector], **params["det_params"])
        descr = dict(dp.DESCRIPTOR, **params["descr_params"])
        for key, value in [*det.items(), *descr.items()]:
            if dp.check_value(key, value) is not None:
                raise ValueError(f"parameter {key}")
        model = DescriptorModel(
            detector, det, descr, int(params["seed"]),
            (float(params["cog"][0]), float(params["cog"][1])), pts, desc, labels, angles,
            origin=(float(params["origin"][0]), float(params["origin"][1])),
        )  # fmt: skip
        if not np.all(np.isfinite(pts)) or not np.all(np.isfinite(model.reference)):
            raise ValueError("coordinates")
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise ctx.error(5238, f"{path[0]}: damaged descriptor_model file ({exc})") from None
    return ((ctx.new_handle("descriptor_model", model),),)
