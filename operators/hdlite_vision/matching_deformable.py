"""Local deformable matching: create_local_deformable_model, find_local_deformable_model,
get_deformable_model_contours, get_deformable_model_params, clear_deformable_model.

Method: the model is an anisotropically scaled shape model of the template (the shape
matching of ``matching_shape``) that finds each instance's position, angle and scales; the
local deformation is then estimated by dense optical flow between the template and the
image sampled back onto it, smoothed by 'deformation_smoothness' (``_deformable_local``).
Conventions settled from a program that uses the operators (the stored reference pages stop
after the signatures): Row, Column are the position of the model origin (the domain's
centre of gravity) in the image; get_deformable_model_contours gives the model edges
relative to the origin (programs move them by area_center of the template). ResultType
selects the iconic outputs ('image_rectified', 'vector_field', 'deformed_contours'; the
others stay empty): the rectified image has the template's size (grown by 'expand_border'
on each side) with the image's gray values pulled back through the deformation, domain the
template's domain; the vector field, for want of HALCON's 'vector_field' pixel type in
hdlite, is a two-channel 'real' image holding for every template pixel the image row
(channel 1) and column (channel 2) it maps to (HALCON's absolute vector field); the
deformed contours are the model edges mapped into the image. Search parameters
(GenParamName): 'deformation_smoothness' (default 25 [unverified]), 'expand_border' (pixels,
0), 'subpixel' (0 or 1; results are always sub-pixel). Creation takes no generic
parameters (any name is a wrong value).
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    operator,
)

from ._matching_common import check_search, single_image
from .matching_shape import create_model, run_search, search_settings

_HANDLE = ControlIn("ModelID", types="handle", count=1, sem="deformable_model")
_RESULTS = ("image_rectified", "vector_field", "deformed_contours")
_ANY = ("integer", "real", "string")


def _scale(prefix: str) -> tuple:
    return (
        ControlIn(f"{prefix}Min", types="number", count=1, default=1.0),
        ControlIn(f"{prefix}Max", types="number", count=1, default=1.0),
        ControlIn(f"{prefix}Step", types=("number", "string"), count=1, default="auto"),
    )


@operator(
    "create_local_deformable_model",
    IconicIn("Template"),
    ControlIn("NumLevels", types=("integer", "string"), count=1, default="auto"),
    ControlIn("AngleStart", types="number", count=1, default=-0.39),
    ControlIn("AngleExtent", types="number", count=1, default=0.79),
    ControlIn("AngleStep", types=("number", "string"), count=1, default="auto"),
    *_scale("ScaleR"),
    *_scale("ScaleC"),
    ControlIn("Optimization", types="string", count=(1, 2), default="auto"),
    ControlIn("Metric", types="string", count=1, default="use_polarity"),
    ControlIn("Contrast", types=("number", "string"), count=(1, 3), default="auto"),
    ControlIn("MinContrast", types=("number", "string"), count=1, default="auto"),
    ControlIn("GenParamName", types="string", count=(0, None), default=[]),
    ControlIn("GenParamValue", types=_ANY, count=(0, None), default=[]),
    ControlOut("ModelID", types="handle", count=1),
)
def create_local_deformable_model(
    ctx, template, levels, a0, ext, step, rmin, rmax, rstep, cmin, cmax, cstep, *rest
) -> tuple:
    """Prepare a local deformable model from the edges of the template's domain."""
    opt, metric, contrast, minc, names, values = rest
    if names or values:
        shown = names[0] if names else values[0]
        raise ctx.param_error("value", "GenParamName", f"{shown!r} (no generic parameters)")
    if metric[0] not in ("use_polarity", "ignore_global_polarity", "ignore_local_polarity"):
        raise ctx.param_error("value", "Metric", f"{metric[0]!r}")
    args = {"NumLevels": levels, "AngleStart": a0, "AngleExtent": ext, "AngleStep": step}
    args.update(Optimization=opt, Metric=metric, Contrast=contrast, MinContrast=minc)
    args.update(ScaleRMin=rmin, ScaleRMax=rmax, ScaleRStep=rstep, scaling="aniso")
    args.update(ScaleCMin=cmin, ScaleCMax=cmax, ScaleCStep=cstep)
    (shape,) = create_model(ctx, template, args)[0]
    model = shape.obj
    shape.clear()  # the shape model lives on inside the deformable model only
    return ((ctx.new_handle("deformable_model", model),),)


def _gen(ctx: CallContext, names: tuple, values: tuple) -> dict:
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", f"{len(values)} values, {len(names)} names")
    out = {"deformation_smoothness": 25.0, "expand_border": 0, "subpixel": 1}
    for n, v in zip(names, values, strict=True):
        ok = {
            "deformation_smoothness": isinstance(v, (int, float)) and 0 < v <= 1000,
            "expand_border": isinstance(v, int) and 0 <= v <= 1000,
            "subpixel": v in (0, 1),
        }.get(n)
        if ok is None:
            raise ctx.param_error("value", "GenParamName", f"{n!r}")
        if not ok:
            raise ctx.param_error("value", "GenParamValue", f"{n} = {v!r}")
        out[n] = v
    return out


@operator(
    "find_local_deformable_model",
    IconicIn("Image"),
    IconicOut("ImageRectified"),
    IconicOut("VectorField"),
    IconicOut("DeformedContours"),
    _HANDLE,
    ControlIn("AngleStart", types="number", count=1, default=-0.39),
    ControlIn("AngleExtent", types="number", count=1, default=0.79),
    ControlIn("ScaleRMin", types="number", count=1, default=1.0),
    ControlIn("ScaleRMax", types="number", count=1, default=1.0),
    ControlIn("ScaleCMin", types="number", count=1, default=1.0),
    ControlIn("ScaleCMax", types="number", count=1, default=1.0),
    ControlIn("MinScore", types="number", count=1, default=0.5),
    ControlIn("NumMatches", types="integer", count=1, default=1),
    ControlIn("MaxOverlap", types="number", count=1, default=1.0),
    ControlIn("NumLevels", types="integer", count=(1, 2), default=0),
    ControlIn("Greediness", types="number", count=1, default=0.9),
    ControlIn("ResultType", types="string", count=(0, 3), default=[], values=_RESULTS),
    ControlIn("GenParamName", types="string", count=(0, None), default=[]),
    ControlIn("GenParamValue", types=_ANY, count=(0, None), default=[]),
    ControlOut("Score", types="real"),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
)
def find_local_deformable_model(ctx, image, handle, *args) -> tuple:
    """The best NumMatches instances (0: all) scoring at least MinScore: their scores, the
    positions of the model origin and the outputs ResultType asks for."""
    from ._deformable_local import apply, deform

    (
        a0,
        ext,
        rmin,
        rmax,
        cmin,
        cmax,
        min_score,
        num,
        overlap,
        levels,
        greed,
        kinds,
        names,
        values,
    ) = args
    gen = _gen(ctx, names, values)
    check_search(ctx, min_score, num, overlap)
    model = handle[0].obj
    settings = {"AngleStart": a0, "AngleExtent": ext, "MinScore": min_score, "NumMatches": num}
    settings.update(MaxOverlap=overlap, SubPixel=("least_squares",), NumLevels=levels)
    settings.update(
        Greediness=greed, ScaleRMin=rmin, ScaleRMax=rmax, ScaleCMin=cmin, ScaleCMax=cmax
    )
    s = search_settings(ctx, settings, 0, model)
    found = [mm for mm, _ in run_search(ctx, image, [model], [s], None, None)]
    data, _ = single_image(ctx, image, "Image")
    border = int(gen["expand_border"])
    rect, field, conts = [], [], []
    scores, rows, cols = [], [], []
    for m in found:
        d = deform(model, m, data, float(gen["deformation_smoothness"]), border)
        o_r = np.array([[model.ref[0] + model.origin[0]]])
        o_c = np.array([[model.ref[1] + model.origin[1]]])
        qr, qc = apply(d, o_r, o_c)
        scores.append(max(float(m.score), d.score))
        rows.append(float(qr[0, 0]))
        cols.append(float(qc[0, 0]))
        if "image_rectified" in kinds:
            rect.append(_rectified(model, d, data, border))
        if "vector_field" in kinds:
            field.append(Image(np.stack([d.map_r, d.map_c]).astype(np.float32), "real", None))
        if "deformed_contours" in kinds:
            for c in model.levels[0].contours:
                pr = (np.asarray(c.rows) + model.ref[0]).reshape(1, -1)
                pc = (np.asarray(c.cols) + model.ref[1]).reshape(1, -1)
                ir, ic = apply(d, pr, pc)
                conts.append(c.replace(ir.ravel(), ic.ravel()))
    return (
        ObjectTuple(rect),
        ObjectTuple(field),
        ObjectTuple(conts),
        tuple(scores),
        tuple(rows),
        tuple(cols),
    )


def _rectified(model, d, data: np.ndarray, border: int) -> Image:
    """The image pulled back onto the (grown) template grid, domain the template's domain."""
    import cv2

    from hdlite.plugin import Region

    pulled = cv2.remap(
        data.astype(np.float32), d.map_c.astype(np.float32), d.map_r.astype(np.float32),
        cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0,
    )  # fmt: skip
    dom = Region.from_mask(model.mask, border, border)
    return Image(np.clip(np.rint(pulled), 0, 255).astype(np.uint8)[None], "byte", dom)


@operator(
    "get_deformable_model_contours",
    IconicOut("Contours"),
    _HANDLE,
    ControlIn("Level", types="integer", count=1, default=1),
)
def get_deformable_model_contours(ctx: CallContext, handle: tuple, level: tuple) -> tuple:
    """The model edges of pyramid level Level relative to the model origin."""
    model = handle[0].obj
    if not 1 <= level[0] <= model.num_levels:
        raise ctx.param_error("value", "Level", f"{level[0]!r} (1 to {model.num_levels})")
    f = float(1 << (int(level[0]) - 1))
    orr, oc = model.origin[0] / f, model.origin[1] / f
    return (
        ObjectTuple(
            [c.replace(c.rows - orr, c.cols - oc) for c in model.levels[int(level[0]) - 1].contours]
        ),
    )


_PARAMS = {
    "num_levels": "num_levels", "angle_start": "angle_start", "angle_extent": "angle_extent",
    "angle_step": "angle_step", "scale_row_min": "scale_min", "scale_row_max": "scale_max",
    "scale_row_step": "scale_step", "scale_column_min": "scale_c_min",
    "scale_column_max": "scale_c_max", "scale_column_step": "scale_c_step",
    "metric": "metric", "min_contrast": "min_contrast", "optimization": "optimization",
}  # fmt: skip


@operator(
    "get_deformable_model_params",
    _HANDLE,
    ControlIn("GenParamName", types="string", count=(1, None), default="angle_start"),
    ControlOut("GenParamValue", types=_ANY),
)
def get_deformable_model_params(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """Creation parameters with 'auto' resolved ('model_type' is 'local'); one value per name."""
    p = handle[0].obj.params
    out: list = []
    for n in names:
        if n == "model_type":
            out.append("local")
        elif n in _PARAMS and _PARAMS[n] in p:
            v = p[_PARAMS[n]]
            out.append(v if isinstance(v, (int, str)) else float(v))
        else:
            raise ctx.param_error("value", "GenParamName", f"{n!r}")
    return (tuple(out),)


@operator("clear_deformable_model", _HANDLE)
def clear_deformable_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free the model; any later use of the handle is error 2454."""
    handle[0].clear()
    return ()
