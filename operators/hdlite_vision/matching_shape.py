"""Shape-based matching: create shape models (plain, scaled, anisotropically scaled; the
find operators: ``matching_shape_find``, several models at once: ``matching_multi``, models
from XLD contours: ``matching_shape_xld``). NumLevels, AngleStep and ScaleStep 0 mean
'auto' ("or 0 for backwards compatibility", create_shape_model reference).

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

Not offered: Metric 'ignore_color_polarity' (wrong value) and the clutter parameters of
newer HALCON versions (set/get_shape_model_clutter). hdlite rotates the
model during the search, so 'pregeneration' changes nothing and any angle or scale range
can be searched, also outside the range the model was created for.
"""

from __future__ import annotations

import math

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from ._matching_common import number_or_auto, single_image, step_or_auto

# the search plumbing moved to matching_shape_find; matching_deformable imports it from here
from .matching_shape_find import run_search as run_search
from .matching_shape_find import search_settings as search_settings

_METRICS = ("use_polarity", "ignore_global_polarity", "ignore_local_polarity")
_OPTIMIZATION = (
    "auto",
    "none",
    "point_reduction_low",
    "point_reduction_medium",
    "point_reduction_high",
)


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
