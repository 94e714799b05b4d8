"""The parameters of the generic shape model interface (set/get_generic_shape_model_param)
and how training maps them onto create_(scaled_|aniso_)shape_model(_xld).

A generic model is an ordinary 'shape_model' handle (get_shape_model_contours,
write/read/clear_shape_model work on it) whose parameters live in ``params['generic']``.
Model parameters ('needs training': changing them after train_generic_shape_model makes
find_generic_shape_model fail with 8673 until the next training) and search parameters
(take effect at once, also on models made by the classic create operators).

Defaults [unverified: HALCON's reference lists them per parameter]: angle_start -pi,
angle_end pi, scales 1 (no scaling), steps/num_levels/contrast/min_size/min_contrast/
optimization 'auto', metric 'use_polarity'; min_score 0.5, num_matches 1, max_overlap 0.5,
subpixel 'least_squares', greediness 0.9, pyramid_level_highest 0 (all levels),
border_shape_models 'false', timeout 'infinite', max_deformation 0 (larger values are not
offered: wrong value). The iso_scale_* and scale_row_* / scale_column_* ranges choose the
kind of model at training (when both are set, the anisotropic range wins). Training
checks the pairs: 8674 contrast_high below contrast_low, 8675 a contrast below
min_contrast, 8676/8677/8678 a scale maximum below its minimum (HALCON's error texts).
"""

from __future__ import annotations

import math
from typing import Any

MODEL_DEFAULTS: dict[str, Any] = {
    "num_levels": "auto",
    "angle_start": -math.pi,
    "angle_end": math.pi,
    "angle_step": "auto",
    "iso_scale_min": 1.0,
    "iso_scale_max": 1.0,
    "iso_scale_step": "auto",
    "scale_row_min": 1.0,
    "scale_row_max": 1.0,
    "scale_row_step": "auto",
    "scale_column_min": 1.0,
    "scale_column_max": 1.0,
    "scale_column_step": "auto",
    "metric": "use_polarity",
    "optimization": "auto",
    "contrast_low": "auto",
    "contrast_high": "auto",
    "min_size": "auto",
    "min_contrast": "auto",
}
SEARCH_DEFAULTS: dict[str, Any] = {
    "min_score": 0.5,
    "num_matches": 1,
    "max_overlap": 0.5,
    "subpixel": "least_squares",
    "greediness": 0.9,
    "pyramid_level_highest": 0,
    "border_shape_models": "false",
    "timeout": "infinite",
    "max_deformation": 0,
    "model_identifier": 0,
}
_METRICS = ("use_polarity", "ignore_global_polarity", "ignore_local_polarity")
_OPT = ("auto", "none", "point_reduction_low", "point_reduction_medium", "point_reduction_high")
_SUBPIXEL: tuple[str, ...] = ("none", "interpolation", "least_squares", "least_squares_high")
_SUBPIXEL += ("least_squares_very_high",)
_AUTO_OR_POSITIVE = ("angle_step", "iso_scale_step", "scale_row_step", "scale_column_step")
_SCALES: tuple[str, ...] = ("iso_scale_min", "iso_scale_max", "scale_row_min", "scale_row_max")
_SCALES += ("scale_column_min", "scale_column_max")


def _num(v: Any) -> bool:
    return not isinstance(v, str) and math.isfinite(float(v))


def check(name: str, value: Any) -> str | None:
    """None when ``value`` suits parameter ``name``, else why not."""
    if name in ("angle_start", "angle_end"):
        return None if _num(value) else "a number"
    if name in _AUTO_OR_POSITIVE:
        return None if value == "auto" or (_num(value) and value > 0) else "'auto' or > 0"
    if name in _SCALES:
        return None if _num(value) and value > 0 else "a positive number"
    if name == "num_levels":
        ok = value == "auto" or (_num(value) and float(value).is_integer() and 1 <= value <= 10)
        return None if ok else "'auto' or 1 to 10"
    if name == "metric":
        return None if value in _METRICS else "a metric"
    if name == "optimization":
        return None if value in _OPT else "an optimization"
    if name in ("contrast_low", "contrast_high", "min_contrast", "min_size"):
        return None if value == "auto" or (_num(value) and value >= 0) else "'auto' or >= 0"
    if name in ("min_score", "max_overlap", "greediness"):
        return None if _num(value) and 0 <= value <= 1 else "0 to 1"
    if name in ("num_matches", "pyramid_level_highest", "model_identifier"):
        return None if _num(value) and float(value).is_integer() and value >= 0 else ">= 0"
    if name == "subpixel":
        return None if value in _SUBPIXEL else "a sub-pixel mode"
    if name == "border_shape_models":
        return None if value in ("true", "false") else "'true' or 'false'"
    if name == "timeout":
        return None if value == "infinite" or (_num(value) and value > 0) else "ms or 'infinite'"
    if name == "max_deformation":
        return None if _num(value) and value == 0 else "0 (deformation is not offered)"
    return "an unknown parameter"


def settings(model) -> dict[str, Any]:
    """The model's generic parameters (created on first use; a classic model's model
    parameters are its creation values)."""
    g = model.params.get("generic")
    if g is None:
        p = model.params
        g = dict(MODEL_DEFAULTS, **SEARCH_DEFAULTS)
        if "angle_start" in p:
            g.update(angle_start=p["angle_start"], angle_end=p["angle_start"] + p["angle_extent"])
        if p.get("scaling") == "iso":
            g.update(iso_scale_min=p["scale_min"], iso_scale_max=p["scale_max"])
        elif p.get("scaling") == "aniso":
            g.update(scale_row_min=p["scale_min"], scale_row_max=p["scale_max"])
            g.update(scale_column_min=p["scale_c_min"], scale_column_max=p["scale_c_max"])
        if "min_contrast" in p:
            g["min_contrast"] = p["min_contrast"]
        g["metric"] = p.get("metric", "use_polarity")
        g["needs_training"] = not model.levels
        model.params["generic"] = g
    return g


def pair_errors(g: dict[str, Any]) -> tuple[int, str] | None:
    """The HALCON error of inconsistent pairs of model parameters, if any."""
    lo, hi, mc = g["contrast_low"], g["contrast_high"], g["min_contrast"]
    if _num(lo) and _num(hi) and hi < lo:
        return 8674, "contrast_high cannot be smaller than contrast_low"
    if _num(mc) and any(_num(v) and v < mc for v in (lo, hi)):
        return 8675, "Neither contrast_low nor contrast_high can be smaller than min_contrast"
    for code, what in ((8676, "iso_scale"), (8677, "scale_row"), (8678, "scale_column")):
        if g[f"{what}_max"] < g[f"{what}_min"]:
            return code, f"{what}_max cannot be smaller than {what}_min"
    return None


def creation_args(g: dict[str, Any], xld: bool) -> dict[str, Any]:
    """The arguments of create_model / create_model_xld for the generic parameters."""
    one = lambda v: (v,)  # noqa: E731
    args: dict[str, Any] = {
        "NumLevels": one(g["num_levels"]),
        "AngleStart": one(float(g["angle_start"])),
        "AngleExtent": one(float(g["angle_end"]) - float(g["angle_start"])),
        "AngleStep": one(g["angle_step"]),
        "Optimization": one(g["optimization"]),
        "Metric": one(g["metric"]),
    }
    aniso = (g["scale_row_min"], g["scale_row_max"], g["scale_column_min"]) != (1, 1, 1)
    aniso = aniso or g["scale_column_max"] != 1
    if aniso:
        args.update(scaling="aniso", ScaleRStep=one(g["scale_row_step"]))
        args.update(ScaleRMin=one(g["scale_row_min"]), ScaleRMax=one(g["scale_row_max"]))
        args.update(ScaleCMin=one(g["scale_column_min"]), ScaleCMax=one(g["scale_column_max"]))
        args.update(ScaleCStep=one(g["scale_column_step"]))
    elif (g["iso_scale_min"], g["iso_scale_max"]) != (1, 1):
        args.update(scaling="iso", ScaleStep=one(g["iso_scale_step"]))
        args.update(ScaleMin=one(g["iso_scale_min"]), ScaleMax=one(g["iso_scale_max"]))
    if xld:
        mc = g["min_contrast"]
        args["MinContrast"] = one(5 if mc == "auto" else mc)
    else:
        args["MinContrast"] = one(g["min_contrast"])
        lo, hi, size = g["contrast_low"], g["contrast_high"], g["min_size"]
        if lo == "auto" or hi == "auto":  # a numeric min_size: the trainer builds twice
            args["Contrast"] = ("auto",)
        else:
            args["Contrast"] = (lo, hi, "auto_min_size") if size == "auto" else (lo, hi, size)
    return args
