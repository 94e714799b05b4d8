"""Shape-based matching: create and find shape models (plain, scaled, anisotropically
scaled; several models at once: ``matching_multi``). NumLevels, AngleStep and ScaleStep
0 mean 'auto' ("or 0 for backwards compatibility", create_shape_model reference).

How it works (details and approximations in ``_matching_shape_model`` and
``_matching_shape_search``): the model is the set of sub-pixel edge points of the template
with their gradient directions on every pyramid level; the search scores poses by the mean
agreement of model and image gradient directions, coarse to fine, then refines position,
angle (and scale) to sub-pixel precision. Angles are radians; results are sorted by
descending score; no match gives empty tuples.

Accuracy (tests/operators/vision/test_matching_shape.py asserts these tolerances on
synthetic rotated, shifted copies, clean and with Gaussian noise of sigma 10): with
'least_squares' position within 0.25 pixel, angle within 0.25 degree, score >= 0.9 (measured
errors are about 0.1 pixel and 0.1 degree, benchmarks/bench_matching.py); 'interpolation'
0.5 pixel and 1 degree; 'none' the pixel grid and one angle step; scale within 0.01. HALCON's
own scores and positions can only be expected to agree within such tolerances (vision spec
§6).

Not offered: Metric 'ignore_color_polarity' (wrong value), the clutter and generic
parameters of newer HALCON versions, and models from XLD contours. hdlite rotates the
model during the search, so 'pregeneration' changes nothing and any angle or scale range
can be searched, also outside the range the model was created for.
"""

from __future__ import annotations

import math
from typing import Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from ._matching_common import (
    check_search,
    number_or_auto,
    quad,
    single_image,
    step_or_auto,
    suppress_overlaps,
    time_limit,
)

_METRICS = ("use_polarity", "ignore_global_polarity", "ignore_local_polarity")
_OPTIMIZATION = (
    "auto",
    "none",
    "point_reduction_low",
    "point_reduction_medium",
    "point_reduction_high",
)
_SUBPIXEL: tuple[str, ...] = ("none", "interpolation", "least_squares", "least_squares_high")
_SUBPIXEL += ("least_squares_very_high",)


def _contrast(ctx: CallContext, values: tuple, name: str = "Contrast") -> tuple:
    """(low, high, min_size); None parts are automatic."""
    nums = [v for v in values if not isinstance(v, str)]
    words = [v for v in values if isinstance(v, str)]
    auto = ("auto", "auto_contrast", "auto_contrast_hyst", "auto_min_size")
    for w in words:
        if w not in auto:
            raise ctx.param_error("value", name, f"{w!r}")
    if len(nums) > 3 or any(v < 0 for v in nums):
        raise ctx.param_error("value", name, f"{list(values)!r}")
    if not nums:
        return None, None, None if "auto_min_size" in words or "auto" in words else 0
    low = float(nums[0])
    high = float(nums[1]) if len(nums) > 1 else low
    if high < low:
        raise ctx.param_error("value", name, "the high contrast is below the low one")
    min_size = int(nums[2]) if len(nums) > 2 else (None if "auto_min_size" in words else 0)
    return low, high, min_size


def _optimization(ctx: CallContext, values: tuple) -> str:
    if not 1 <= len(values) <= 2 or values[0] not in _OPTIMIZATION:
        raise ctx.param_error("value", "Optimization", f"{list(values)!r}")
    if len(values) == 2 and values[1] not in ("pregeneration", "no_pregeneration"):
        raise ctx.param_error("value", "Optimization", f"{values[1]!r}")
    return str(values[0])


def create_model(ctx: CallContext, template: ObjectTuple, args: dict) -> tuple:
    """Resolve the 'auto' parameters, build the model and return its handle."""
    from . import _matching_shape_model as sm

    data, mask = single_image(ctx, template, "Template")
    if not mask.any():
        raise ctx.error(8510, "Template: the domain is empty")
    levels = step_or_auto(ctx, args["NumLevels"], "NumLevels")
    if levels is not None and not 1 <= levels <= sm.MAX_LEVELS:
        raise ctx.param_error("value", "NumLevels", f"{levels!r} (1 to {sm.MAX_LEVELS} or 'auto')")
    if args["Metric"][0] not in _METRICS:
        raise ctx.param_error("value", "Metric", f"{args['Metric'][0]!r}")
    low, high, min_size = _contrast(ctx, args["Contrast"])
    crop_levels = int(levels) if levels is not None else sm.AUTO_LEVELS
    data, mask, r0, c0 = sm.crop(data, mask, crop_levels)
    if low is None or high is None:
        low, high = sm.auto_contrast(data, mask)
    min_contrast = number_or_auto(ctx, args["MinContrast"], "MinContrast")
    if min_contrast is None:
        min_contrast = min(10.0, max(1.0, low / 2.0))
    if min_contrast < 0 or min_contrast > high:
        raise ctx.param_error("value", "MinContrast", f"{min_contrast!r} (0 to the contrast)")
    params = {
        "num_levels": None if levels is None else int(levels),
        "contrast_low": low,
        "contrast_high": high,
        "min_size": 3 if min_size is None else min_size,
        "min_contrast": float(min_contrast),
        "optimization": _optimization(ctx, args["Optimization"]),
        "metric": args["Metric"][0],
        "angle_start": float(args["AngleStart"][0]),
        "angle_extent": float(args["AngleExtent"][0]),
        "scaling": args.get("scaling", "none"),
    }
    if params["angle_extent"] < 0:
        raise ctx.param_error("value", "AngleExtent", "must not be negative")
    model = sm.build(data, mask, params, (r0, c0))
    if model is None:
        raise ctx.error(8510, "Number of shape model points too small")
    resolve_steps(ctx, model, args)
    return ((ctx.new_handle("shape_model", model),),)


def resolve_steps(ctx: CallContext, model, args: dict) -> None:
    """AngleStep and the scale steps ('auto' or 0: one pixel at the model's largest radius)."""
    radius = model.radius()
    step = step_or_auto(ctx, args["AngleStep"], "AngleStep")
    if step is None:
        step = math.atan(1.0 / radius)
    if not 0 < step <= math.pi / 8 + 1e-9:
        raise ctx.param_error("value", "AngleStep", f"{step!r} (0 to pi/8 or 'auto')")
    model.params["angle_step"] = step
    model.params["scale_step"] = 0.0
    for axis, key in (("", "scale"), ("R", "scale"), ("C", "scale_c")):
        lo, hi, st = f"Scale{axis}Min", f"Scale{axis}Max", f"Scale{axis}Step"
        if lo not in args:
            continue
        smin, smax = float(args[lo][0]), float(args[hi][0])
        if not 0 < smin <= smax:
            raise ctx.param_error("value", hi, f"scale range [{smin}, {smax}]")
        s_step = step_or_auto(ctx, args[st], st)
        if s_step is None:
            s_step = 1.0 / radius
        model.params[f"{key}_min"], model.params[f"{key}_max"] = smin, smax
        model.params[f"{key}_step"] = s_step


_CREATE = (
    IconicIn("Template"),
    ControlIn("NumLevels", types=("integer", "string"), count=1, default="auto"),
    ControlIn("AngleStart", types="number", count=1, default=-0.39),
    ControlIn("AngleExtent", types="number", count=1, default=0.79),
    ControlIn("AngleStep", types=("number", "string"), count=1, default="auto"),
)
_CREATE_TAIL = (
    ControlIn("Optimization", types="string", count=(1, 2), default="auto"),
    ControlIn("Metric", types="string", count=1, default="use_polarity"),
    ControlIn("Contrast", types=("number", "string"), count=(1, 3), default="auto"),
    ControlIn("MinContrast", types=("number", "string"), count=1, default="auto"),
    ControlOut("ModelID", types="handle", count=1),
)


def _scale_inputs(prefix: str, lo: float, hi: float) -> tuple:
    return (
        ControlIn(f"{prefix}Min", types="number", count=1, default=lo),
        ControlIn(f"{prefix}Max", types="number", count=1, default=hi),
        ControlIn(f"{prefix}Step", types=("number", "string"), count=1, default="auto"),
    )


@operator("create_shape_model", *_CREATE, *_CREATE_TAIL)
def create_shape_model(ctx, template, levels, a0, ext, step, opt, metric, contrast, minc) -> tuple:
    """Prepare a shape model: edge points and gradient directions of the template's domain
    on several pyramid levels; the reference point is the domain's centre of gravity."""
    names = ("NumLevels", "AngleStart", "AngleExtent", "AngleStep", "Optimization")
    args = dict(zip(names, (levels, a0, ext, step, opt), strict=True))
    args.update(Metric=metric, Contrast=contrast, MinContrast=minc)
    return create_model(ctx, template, args)


@operator("create_scaled_shape_model", *_CREATE, *_scale_inputs("Scale", 0.9, 1.1), *_CREATE_TAIL)
def create_scaled_shape_model(
    ctx, template, levels, a0, ext, step, smin, smax, sstep, opt, metric, contrast, minc
) -> tuple:
    """A shape model that find_scaled_shape_model searches over rotations and isotropic
    scales (ScaleStep 'auto': one pixel at the model's largest radius)."""
    names = ("NumLevels", "AngleStart", "AngleExtent", "AngleStep", "Optimization")
    args = dict(zip(names, (levels, a0, ext, step, opt), strict=True))
    args.update(Metric=metric, Contrast=contrast, MinContrast=minc, scaling="iso")
    args.update(ScaleMin=smin, ScaleMax=smax, ScaleStep=sstep)
    return create_model(ctx, template, args)


@operator(
    "create_aniso_shape_model",
    *_CREATE,
    *_scale_inputs("ScaleR", 0.9, 1.1),
    *_scale_inputs("ScaleC", 0.9, 1.1),
    *_CREATE_TAIL,
)
def create_aniso_shape_model(
    ctx, template, levels, a0, ext, step, rmin, rmax, rstep, cmin, cmax, cstep, *rest
) -> tuple:
    """A shape model searched over rotations and separate row and column scales."""
    opt, metric, contrast, minc = rest
    names = ("NumLevels", "AngleStart", "AngleExtent", "AngleStep", "Optimization")
    args = dict(zip(names, (levels, a0, ext, step, opt), strict=True))
    args.update(Metric=metric, Contrast=contrast, MinContrast=minc, scaling="aniso")
    args.update(ScaleRMin=rmin, ScaleRMax=rmax, ScaleRStep=rstep)
    args.update(ScaleCMin=cmin, ScaleCMax=cmax, ScaleCStep=cstep)
    return create_model(ctx, template, args)


def run_search(ctx, image, models: list, per_model: list[dict], total: int | None, overlap) -> list:
    """Search each model; (match, model index) pairs best first after MaxOverlap/NumMatches.

    ``per_model`` holds each model's search settings (angle/scale ranges, MinScore,
    NumMatches, MaxOverlap, SubPixel, NumLevels, Greediness); ``total``/``overlap`` apply
    across all models when the operator got single values (None: per model only).
    """
    from ._matching_shape_search import SearchParams, search

    for model in models:
        require_trained(ctx, model)
    data, domain = single_image(ctx, image, "Image")
    found: list[tuple[Any, int]] = []
    for index, (model, s) in enumerate(zip(models, per_model, strict=True)):
        top, low = s["levels"]
        sp = SearchParams(
            s["a0"],
            s["ext"],
            s["sr"],
            s["sc"],
            s["min_score"],
            s["greed"],
            s["subpixel"],
            top if top > 0 else model.num_levels,
            max(low, 1),
            8 * s["num"] + 10 if s["num"] else 400,
            border_models(ctx, model),
        )
        with time_limit(ctx, model.params.get("timeout")):
            matches = search(model, data, domain, sp)
        quads = [_quad(model, m) for m in matches]
        keep = suppress_overlaps(quads, s["overlap"])
        matches = [matches[i] for i in keep]
        if s["num"]:
            matches = matches[: s["num"]]
        found.extend((m, index) for m in matches)
    found.sort(key=lambda x: -x[0].score)
    if overlap is not None and len(models) > 1:
        keep = suppress_overlaps([_quad(models[i], m) for m, i in found], overlap)
        found = [found[i] for i in keep]
    if total:
        found = found[:total]
    return found


def require_trained(ctx: CallContext, model) -> None:
    """A generic model before train_generic_shape_model is HALCON's 8673."""
    if not model.levels:
        raise ctx.error(8673, "Shape model needs training")


def border_models(ctx: CallContext, model) -> bool:
    """Whether instances may reach over the image border: the model's own
    'border_shape_models' (set_shape_model_param), else set_system's [unverified: HALCON
    may fix the system value when the model is created]."""
    own = model.params.get("border_shape_models")
    if own is not None:
        return bool(own)
    return ctx.session.system.get("border_shape_models", ("false",))[0] == "true"


def _quad(model, m):
    return quad(model.box(), m.row, m.col, m.angle, m.sr, m.sc)


def origin_of(model, m) -> tuple[float, float]:
    """The reported position: the model origin moved with the match's pose."""
    orr, oc = model.origin
    cos, sin = math.cos(m.angle), math.sin(m.angle)
    pr, pc = orr * m.sr, oc * m.sc
    return m.row + cos * pr - sin * pc, m.col + sin * pr + cos * pc


def search_settings(ctx, values: dict, i: int, model) -> dict:
    """One model's search settings from the operator's inputs (one value or one per model)."""

    def pick(name):
        v = values[name]
        return v[i] if len(v) > 1 else v[0]

    levels = [int(v) for v in values["NumLevels"]]
    n = values.get("n_models", 1)
    if len(levels) == 1:
        top, low = levels[0], 1
    elif len(levels) == 2 * n and n > 1:
        top, low = levels[2 * i], levels[2 * i + 1]
    elif len(levels) == n and n > 1:
        top, low = levels[i], 1
    else:
        top, low = levels[0], levels[1]
    if top < 0 or low < 0 or (top and low > top):
        raise ctx.param_error("value", "NumLevels", f"{list(levels)!r}")
    sub = pick("SubPixel")
    if sub not in _SUBPIXEL:
        raise ctx.param_error("value", "SubPixel", f"{sub!r}")
    greed = float(pick("Greediness"))
    if not 0 <= greed <= 1:
        raise ctx.param_error("value", "Greediness", f"{greed!r} (0 to 1)")
    ext = float(pick("AngleExtent"))
    if ext < 0:
        raise ctx.param_error("value", "AngleExtent", "must not be negative")
    one = (1.0, 1.0)
    sr = (float(pick("ScaleRMin")), float(pick("ScaleRMax"))) if "ScaleRMin" in values else one
    sc = (float(pick("ScaleCMin")), float(pick("ScaleCMax"))) if "ScaleCMin" in values else sr
    for lo, hi in (sr, sc):
        if not 0 < lo <= hi:
            raise ctx.param_error("value", "ScaleMax", f"scale range [{lo}, {hi}]")
    return {
        "a0": float(pick("AngleStart")),
        "ext": ext,
        "sr": sr,
        "sc": sc,
        "min_score": float(pick("MinScore")),
        "num": int(pick("NumMatches")),
        "overlap": float(pick("MaxOverlap")),
        "subpixel": sub,
        "levels": (top, low),
        "greed": greed,
    }


_FIND_HEAD = (
    IconicIn("Image"),
    ControlIn("ModelID", types="handle", count=1, sem="shape_model"),
    ControlIn("AngleStart", types="number", count=1, default=-0.39),
    ControlIn("AngleExtent", types="number", count=1, default=0.78),
)
_FIND_TAIL = (
    ControlIn("MinScore", types="number", count=1, default=0.5),
    ControlIn("NumMatches", types="integer", count=1, default=1),
    ControlIn("MaxOverlap", types="number", count=1, default=0.5),
    ControlIn("SubPixel", types="string", count=1, default="least_squares"),
    ControlIn("NumLevels", types="integer", count=(1, 2), default=0),
    ControlIn("Greediness", types="number", count=1, default=0.9),
)


def _find_one(ctx, image, handle, values: dict) -> list:
    check_search(ctx, values["MinScore"], values["NumMatches"], values["MaxOverlap"])
    model = handle[0].obj
    s = search_settings(ctx, values, 0, model)
    return [m for m, _ in run_search(ctx, image, [model], [s], None, None)]


def _columns(model, matches: list, fields: str) -> tuple:
    pos = [origin_of(model, m) for m in matches]
    out = {
        "r": tuple(float(p[0]) for p in pos),
        "c": tuple(float(p[1]) for p in pos),
        "a": tuple(float(m.angle) for m in matches),
        "s": tuple(float(m.sr) for m in matches),
        "t": tuple(float(m.sc) for m in matches),
        "q": tuple(float(m.score) for m in matches),
    }
    return tuple(out[f] for f in fields)


_FIND_NAMES: tuple[str, ...] = (
    "AngleStart",
    "AngleExtent",
    "MinScore",
    "NumMatches",
    "MaxOverlap",
    "SubPixel",
)
_FIND_NAMES += ("NumLevels", "Greediness")


@operator(
    "find_shape_model",
    *_FIND_HEAD,
    *_FIND_TAIL,
    *(ControlOut(n, types="real") for n in ("Row", "Column", "Angle", "Score")),
)
def find_shape_model(ctx, image, handle, *args) -> tuple:
    """The best NumMatches instances (0: all) of the model scoring at least MinScore,
    with position of the model origin, angle and score; instances overlapping a better one
    by more than MaxOverlap (of their rotated boxes) are dropped."""
    values = dict(zip(_FIND_NAMES, args, strict=True))
    model = handle[0].obj
    return _columns(model, _find_one(ctx, image, handle, values), "rcaq")


@operator(
    "find_scaled_shape_model",
    *_FIND_HEAD,
    ControlIn("ScaleMin", types="number", count=1, default=0.9),
    ControlIn("ScaleMax", types="number", count=1, default=1.1),
    *_FIND_TAIL,
    *(ControlOut(n, types="real") for n in ("Row", "Column", "Angle", "Scale", "Score")),
)
def find_scaled_shape_model(ctx, image, handle, a0, ext, smin, smax, *args) -> tuple:
    """Like find_shape_model over isotropic scales from ScaleMin to ScaleMax."""
    values = dict(zip(_FIND_NAMES, (a0, ext, *args), strict=True))
    values.update(ScaleRMin=smin, ScaleRMax=smax)
    model = handle[0].obj
    return _columns(model, _find_one(ctx, image, handle, values), "rcasq")


@operator(
    "find_aniso_shape_model",
    *_FIND_HEAD,
    ControlIn("ScaleRMin", types="number", count=1, default=0.9),
    ControlIn("ScaleRMax", types="number", count=1, default=1.1),
    ControlIn("ScaleCMin", types="number", count=1, default=0.9),
    ControlIn("ScaleCMax", types="number", count=1, default=1.1),
    *_FIND_TAIL,
    *(ControlOut(n, types="real") for n in ("Row", "Column", "Angle", "ScaleR", "ScaleC", "Score")),
)
def find_aniso_shape_model(ctx, image, handle, a0, ext, rmin, rmax, cmin, cmax, *args) -> tuple:
    """Like find_shape_model over separate row and column scales."""
    values = dict(zip(_FIND_NAMES, (a0, ext, *args), strict=True))
    values.update(ScaleRMin=rmin, ScaleRMax=rmax, ScaleCMin=cmin, ScaleCMax=cmax)
    model = handle[0].obj
    return _columns(model, _find_one(ctx, image, handle, values), "rcastq")
