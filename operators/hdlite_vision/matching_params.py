"""Parameters of shape and NCC models after creation (set_shape_model_param,
set_ncc_model_param) and the automatic values before creation
(determine_shape_model_params, determine_ncc_model_params).

set_shape_model_param knows 'min_contrast' (the least gradient amplitude of the search
image that counts), 'timeout' (milliseconds, or 'infinite'; a longer search is error 9400)
and 'border_shape_models' ('true': instances may reach over the image border, the points
outside count as missing); set_ncc_model_param knows 'timeout'. Their values are kept in
model files.

determine_*_params build the model as create_*_model would with the same inputs and report
the automatically chosen values ('auto' rules: ``_matching_shape_model`` and
``_matching_ncc``). For 'all' the shape operator returns num_levels, angle_step, the scale
step(s) of a scaled model (scale_step, or scale_r_step and scale_c_step when ScaleMin and
ScaleMax hold row and column values), optimization, contrast_low, contrast_high, min_size
and min_contrast (HALCON's reference: 'all' determines the hysteresis thresholds as for
'contrast_hyst') [unverified: which scale names 'all' lists for an unscaled range].
"""

from __future__ import annotations

import math

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, operator

_TIMEOUT = "timeout"


def _pairs(ctx: CallContext, names: tuple, values: tuple) -> list[tuple]:
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", f"{len(values)} values, {len(names)} names")
    return list(zip(names, values, strict=True))


def _timeout(ctx: CallContext, value) -> float | None:
    if value == "infinite":
        return None
    if isinstance(value, str) or not (math.isfinite(value) and value > 0):
        raise ctx.param_error("value", "GenParamValue", f"timeout {value!r} (ms > 0 or 'infinite')")
    return float(value)


@operator(
    "set_shape_model_param",
    ControlIn("ModelID", types="handle", count=1, sem="shape_model"),
    ControlIn("GenParamName", types="string", count=(1, None)),
    ControlIn("GenParamValue", types=("number", "string"), count=(1, None)),
)
def set_shape_model_param(ctx: CallContext, handle: tuple, names: tuple, values: tuple) -> tuple:
    """Change 'min_contrast', 'timeout' or 'border_shape_models' of a shape model."""
    model = handle[0].obj
    updates: dict[str, float | bool | None] = {}
    for name, value in _pairs(ctx, names, values):
        if name == "min_contrast":
            if isinstance(value, str) or not (math.isfinite(value) and value >= 0):
                raise ctx.param_error("value", "GenParamValue", f"min_contrast {value!r}")
            updates["min_contrast"] = float(value)
        elif name == _TIMEOUT:
            updates["timeout"] = _timeout(ctx, value)
        elif name == "border_shape_models":
            if value not in ("true", "false"):
                raise ctx.param_error("value", "GenParamValue", f"{name} {value!r}")
            updates["border_shape_models"] = value == "true"
        else:
            raise ctx.param_error("value", "GenParamName", f"{name!r}")
    model.params.update(updates)
    return ()


@operator(
    "set_ncc_model_param",
    ControlIn("ModelID", types="handle", count=1, sem="ncc_model"),
    ControlIn("GenParamName", types="string", count=(1, None)),
    ControlIn("GenParamValue", types=("number", "string"), count=(1, None)),
)
def set_ncc_model_param(ctx: CallContext, handle: tuple, names: tuple, values: tuple) -> tuple:
    """Change the 'timeout' (ms or 'infinite') of an NCC model."""
    updates: dict[str, float | None] = {}
    for name, value in _pairs(ctx, names, values):
        if name != _TIMEOUT:
            raise ctx.param_error("value", "GenParamName", f"{name!r}")
        updates["timeout"] = _timeout(ctx, value)
    handle[0].obj.params.update(updates)
    return ()


_SHAPE_NAMES: tuple[str, ...] = ("num_levels", "angle_step", "scale_step", "scale_r_step")
_SHAPE_NAMES += ("scale_c_step", "optimization", "contrast", "contrast_hyst", "min_size")
_SHAPE_NAMES += ("min_contrast",)
_STEP_OF = {1: "none", 2: "point_reduction_low", 3: "point_reduction_medium"}
_STEP_OF[4] = "point_reduction_high"


def _number(v: float) -> int | float:
    return int(v) if float(v).is_integer() else float(v)


@operator(
    "determine_shape_model_params",
    IconicIn("Template"),
    ControlIn("NumLevels", types=("integer", "string"), count=1, default="auto"),
    ControlIn("AngleStart", types="number", count=1, default=-0.39),
    ControlIn("AngleExtent", types="number", count=1, default=0.79),
    ControlIn("ScaleMin", types="number", count=(1, 2), default=0.9),
    ControlIn("ScaleMax", types="number", count=(1, 2), default=1.1),
    ControlIn("Optimization", types="string", count=1, default="auto"),
    ControlIn("Metric", types="string", count=1, default="use_polarity"),
    ControlIn("Contrast", types=("number", "string"), count=(1, 3), default="auto"),
    ControlIn("MinContrast", types=("number", "string"), count=1, default="auto"),
    ControlIn("Parameters", types="string", count=(1, None), default="all"),
    ControlOut("ParameterName", types="string"),
    ControlOut("ParameterValue", types=("number", "string")),
)
def determine_shape_model_params(
    ctx, template, levels, a0, ext, smin, smax, opt, metric, contrast, minc, wanted
) -> tuple:
    """The values create_shape_model (or its scaled / anisotropic forms) would choose for
    the 'auto' parameters named in Parameters ('all': all of them)."""
    from ._matching_shape_model import reduction_step
    from .matching_shape import create_model

    for w in wanted:
        if w != "all" and w not in _SHAPE_NAMES:
            raise ctx.param_error("value", "Parameters", f"{w!r}")
    if len(smin) != len(smax):
        raise ctx.param_error("count", "ScaleMax", "as many values as ScaleMin")
    for lo, hi in zip(smin, smax, strict=True):
        if not 0 < lo <= hi:
            raise ctx.param_error("value", "ScaleMax", f"scale range [{lo}, {hi}]")
    aniso = len(smin) == 2
    args = {"NumLevels": levels, "AngleStart": a0, "AngleExtent": ext, "AngleStep": ("auto",)}
    args.update(Optimization=opt, Metric=metric, Contrast=contrast, MinContrast=minc)
    if aniso:
        args.update(ScaleRMin=(smin[0],), ScaleRMax=(smax[0],), ScaleRStep=("auto",))
        args.update(ScaleCMin=(smin[1],), ScaleCMax=(smax[1],), ScaleCStep=("auto",))
        args["scaling"] = "aniso"
    else:
        args.update(ScaleMin=smin, ScaleMax=smax, ScaleStep=("auto",), scaling="iso")
    (handle,) = create_model(ctx, template, args)[0]
    model = handle.obj
    handle.clear()
    p = model.params
    scaled = aniso and (smin[0] != smax[0] or smin[1] != smax[1])
    steps: list[tuple[str, float]] = []
    if aniso and scaled:
        steps = [("scale_r_step", p["scale_step"]), ("scale_c_step", p["scale_c_step"])]
    elif not aniso and smin[0] != smax[0]:
        steps = [("scale_step", p["scale_step"])]
    n1 = sum(1 for _ in model.levels[0].rows)
    optimization = p["optimization"]
    if optimization == "auto":
        optimization = _STEP_OF[reduction_step("auto", n1)]
    table: dict[str, list] = {
        "num_levels": [("num_levels", model.num_levels)],
        "angle_step": [("angle_step", float(p["angle_step"]))],
        "scale_step": [("scale_step", float(p.get("scale_step") or 0.0))],
        "scale_r_step": [("scale_r_step", float(p.get("scale_step") or 0.0))],
        "scale_c_step": [("scale_c_step", float(p.get("scale_c_step", p.get("scale_step")) or 0))],
        "optimization": [("optimization", optimization)],
        "contrast": [("contrast", _number(round(p["contrast_high"])))],
        "contrast_hyst": [
            ("contrast_low", _number(round(p["contrast_low"]))),
            ("contrast_high", _number(round(p["contrast_high"]))),
        ],
        "min_size": [("min_size", int(p["min_size"]))],
        "min_contrast": [("min_contrast", _number(round(p["min_contrast"])))],
    }
    if "all" in wanted:
        order = ["num_levels", "angle_step", *(s for s, _ in steps), "optimization"]
        names = [*order, "contrast_hyst", "min_size", "min_contrast"]
    else:
        names = list(dict.fromkeys(wanted))
    rows = [row for n in names for row in table[n]]
    return tuple(r[0] for r in rows), tuple(r[1] for r in rows)


@operator(
    "determine_ncc_model_params",
    IconicIn("Template"),
    ControlIn("NumLevels", types=("integer", "string"), count=1, default="auto"),
    ControlIn("AngleStart", types="number", count=1, default=-0.39),
    ControlIn("AngleExtent", types="number", count=1, default=0.79),
    ControlIn("Metric", types="string", count=1, default="use_polarity"),
    ControlIn("Parameters", types="string", count=(1, None), default="all"),
    ControlOut("ParameterName", types="string"),
    ControlOut("ParameterValue", types="number"),
)
def determine_ncc_model_params(ctx, template, levels, a0, ext, metric, wanted) -> tuple:
    """The number of pyramid levels and the angle step create_ncc_model would choose
    ('num_levels', 'angle_step' or 'all')."""
    from .matching_ncc import create_ncc

    for w in wanted:
        if w not in ("all", "num_levels", "angle_step"):
            raise ctx.param_error("value", "Parameters", f"{w!r}")
    if metric[0] not in ("use_polarity", "ignore_polarity"):
        raise ctx.param_error("value", "Metric", f"{metric[0]!r}")
    (handle,) = create_ncc(ctx, template, levels, a0, ext, ("auto",), metric)[0]
    p = handle.obj.params
    handle.clear()
    names = ["num_levels", "angle_step"] if "all" in wanted else list(dict.fromkeys(wanted))
    values = {"num_levels": int(p["num_levels"]), "angle_step": float(p["angle_step"])}
    return tuple(names), tuple(values[n] for n in names)
