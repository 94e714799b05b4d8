"""Correlation-based matching (normalised cross-correlation): create, find, parameters,
origin, files and clearing of NCC models.

Method and approximations: ``_matching_ncc``. Accuracy measured on synthetic scenes
(tests/operators/vision/test_matching_ncc.py): position within 0.3 pixel and angle within
0.5 degree with SubPixel 'true' on rotated, shifted and noisy copies; scores of clean copies
above 0.95. Files use hdlite's own format (``_matching_common``): the template, its domain
and the resolved parameters.
"""

from __future__ import annotations

import math

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

from ._matching_common import (
    check_search,
    quad,
    single_image,
    step_or_auto,
    suppress_overlaps,
    time_limit,
)
from ._model_files import read_model, write_model

_HANDLE = ControlIn("ModelID", types="handle", count=1, sem="ncc_model")
_METRICS = ("use_polarity", "ignore_polarity")


@operator(
    "create_ncc_model",
    IconicIn("Template"),
    ControlIn("NumLevels", types=("integer", "string"), count=1, default="auto"),
    ControlIn("AngleStart", types="number", count=1, default=-0.39),
    ControlIn("AngleExtent", types="number", count=1, default=0.79),
    ControlIn("AngleStep", types=("number", "string"), count=1, default="auto"),
    ControlIn("Metric", types="string", count=1, default="use_polarity", values=_METRICS),
    ControlOut("ModelID", types="handle", count=1),
)
def create_ncc_model(ctx, template, levels, a0, ext, step, metric) -> tuple:
    """Prepare an NCC model from the gray values of the template's domain; the reference
    point is the domain's centre of gravity."""
    return create_ncc(ctx, template, levels, a0, ext, step, metric)


def create_ncc(ctx: CallContext, template, levels, a0, ext, step, metric) -> tuple:
    """Check the inputs of create_ncc_model and build the model's handle."""
    from ._matching_ncc import build
    from ._matching_shape_model import crop

    data, mask = single_image(ctx, template, "Template")
    if mask.sum() < 4:
        raise ctx.error(8506, "Template: the domain has fewer than 4 pixels")
    n = step_or_auto(ctx, levels, "NumLevels")
    if n is not None and not 1 <= n <= 10:
        raise ctx.param_error("value", "NumLevels", f"{n!r} (1 to 10 or 'auto')")
    s = step_or_auto(ctx, step, "AngleStep")
    if s is not None and not 0 < s <= math.pi / 8 + 1e-9:
        raise ctx.param_error("value", "AngleStep", f"{s!r} (0 to pi/8 or 'auto')")
    if ext[0] < 0:
        raise ctx.param_error("value", "AngleExtent", "must not be negative")
    data, mask, _, _ = crop(data, mask, int(n) if n is not None else 6)
    params = {
        "num_levels": None if n is None else int(n),
        "angle_start": float(a0[0]),
        "angle_extent": float(ext[0]),
        "angle_step": s,
        "metric": metric[0],
    }
    return ((ctx.new_handle("ncc_model", build(data, mask, params)),),)


@operator(
    "find_ncc_model",
    IconicIn("Image"),
    _HANDLE,
    ControlIn("AngleStart", types="number", count=1, default=-0.39),
    ControlIn("AngleExtent", types="number", count=1, default=0.79),
    ControlIn("MinScore", types="number", count=1, default=0.8),
    ControlIn("NumMatches", types="integer", count=1, default=1),
    ControlIn("MaxOverlap", types="number", count=1, default=0.5),
    ControlIn("SubPixel", types="string", count=1, default="true", values=("true", "false")),
    ControlIn("NumLevels", types="integer", count=(1, 2), default=0),
    *(ControlOut(n, types="real") for n in ("Row", "Column", "Angle", "Score")),
)
def find_ncc_model(ctx, image, handle, a0, ext, min_score, num, overlap, sub, levels) -> tuple:
    """The best NumMatches instances (0: all) with a correlation of at least MinScore:
    position of the model origin, angle and score, best first; instances overlapping a
    better one by more than MaxOverlap are dropped."""
    check_search(ctx, min_score, num, overlap)
    settings = ncc_settings(ctx, handle[0].obj, (a0, ext, min_score, num, overlap, sub, levels), 0)
    data, domain = single_image(ctx, image, "Image")
    found = ncc_search(ctx, handle[0].obj, data, domain, settings)
    return tuple(tuple(float(m[i]) for m in found) for i in range(4))


def ncc_settings(ctx: CallContext, model, values: tuple, i: int, n: int = 1) -> dict:
    """Model i's search settings (of n); every input holds one value or one per model,
    NumLevels one or two values for all models, or one or two per model."""
    a0, ext, min_score, num, overlap, sub, levels = values

    def pick(v: tuple):
        return v[i] if len(v) > 1 else v[0]

    if pick(ext) < 0:
        raise ctx.param_error("value", "AngleExtent", "must not be negative")
    if pick(sub) not in ("true", "false"):
        raise ctx.param_error("value", "SubPixel", f"{pick(sub)!r}")
    lv: tuple
    if n > 1 and len(levels) == 2 * n:
        lv = (levels[2 * i], levels[2 * i + 1])
    elif n > 1 and len(levels) == n:
        lv = (levels[i],)
    else:
        lv = tuple(levels[:2])
    top = int(lv[0]) or model.params["num_levels"]
    low = int(lv[1]) if len(lv) > 1 else 1
    if lv[0] < 0 or low < 1 or low > max(top, 1):
        raise ctx.param_error("value", "NumLevels", f"{list(levels)!r}")
    top = min(top, model.params["num_levels"])
    return {
        "a0": float(pick(a0)),
        "ext": float(pick(ext)),
        "min_score": float(pick(min_score)),
        "num": int(pick(num)),
        "overlap": float(pick(overlap)),
        "sub": pick(sub) == "true",
        "top": top,
        "low": min(low, top),
    }


def ncc_search(ctx: CallContext, model, data: np.ndarray, domain: np.ndarray, s: dict) -> list:
    """(row, column, angle, score) of the origin of each instance, best first, after
    MaxOverlap and NumMatches."""
    from ._matching_ncc import search

    limit = 8 * s["num"] + 10 if s["num"] else 400
    with time_limit(ctx, model.params.get("timeout")):
        found = search(
            model, data, domain, s["a0"], s["ext"], s["min_score"], s["sub"], s["top"],
            s["low"], limit,
        )  # fmt: skip
    keep = suppress_overlaps([ncc_quad(model, m) for m in found], s["overlap"])
    found = [found[i] for i in keep]
    if s["num"]:
        found = found[: s["num"]]
    orr, oc = model.origin
    out = []
    for m in found:
        cos, sin = math.cos(m.angle), math.sin(m.angle)
        row, col = m.row + cos * orr - sin * oc, m.col + sin * orr + cos * oc
        out.append((float(row), float(col), float(m.angle), float(m.score), m))
    return out


def ncc_quad(model, m) -> np.ndarray:
    """The rotated box of an instance (for MaxOverlap)."""
    return quad(model.box(), m.row, m.col, m.angle, 1.0, 1.0)


@operator(
    "get_ncc_model_params",
    _HANDLE,
    ControlOut("NumLevels", types="integer", count=1),
    ControlOut("AngleStart", types="real", count=1),
    ControlOut("AngleExtent", types="real", count=1),
    ControlOut("AngleStep", types="real", count=1),
    ControlOut("Metric", types="string", count=1),
)
def get_ncc_model_params(ctx: CallContext, handle: tuple) -> tuple:
    """The model's parameters with 'auto' values resolved."""
    p = handle[0].obj.params
    return (
        (int(p["num_levels"]),),
        (float(p["angle_start"]),),
        (float(p["angle_extent"]),),
        (float(p["angle_step"]),),
        (p["metric"],),
    )


@operator(
    "get_ncc_model_origin",
    _HANDLE,
    ControlOut("Row", types="real", count=1),
    ControlOut("Column", types="real", count=1),
)
def get_ncc_model_origin(ctx: CallContext, handle: tuple) -> tuple:
    """The origin relative to the template domain's centre of gravity (0, 0 by default)."""
    orr, oc = handle[0].obj.origin
    return ((float(orr),), (float(oc),))


@operator(
    "set_ncc_model_origin",
    _HANDLE,
    ControlIn("Row", types="number", count=1, default=0),
    ControlIn("Column", types="number", count=1, default=0),
)
def set_ncc_model_origin(ctx: CallContext, handle: tuple, row: tuple, col: tuple) -> tuple:
    """Set the point find_ncc_model reports, relative to the domain's centre of gravity."""
    handle[0].obj.origin = (float(row[0]), float(col[0]))
    return ()


@operator("get_ncc_model_region", IconicOut("ModelRegion"), _HANDLE)
def get_ncc_model_region(ctx: CallContext, handle: tuple) -> tuple:
    """The region the model was created from, moved so that the model's reference point
    (the domain's centre of gravity plus the origin of set_ncc_model_origin, rounded to a
    pixel) lies at pixel (0, 0); HALCON's reference: "normalized such that the reference
    point of the model lies at the pixel position (0,0)"."""
    model = handle[0].obj
    dr = math.floor(model.ref[0] + model.origin[0] + 0.5)
    dc = math.floor(model.ref[1] + model.origin[1] + 0.5)
    return (ObjectTuple([Region.from_mask(model.mask, -dr, -dc)]),)


@operator("clear_ncc_model", _HANDLE)
def clear_ncc_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free the model; any later use of the handle is error 2454."""
    handle[0].clear()
    return ()


@operator("write_ncc_model", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_ncc_model(ctx: CallContext, handle: tuple, path: tuple) -> tuple:
    """Write the model to a file (hdlite's own format; no half-written file is left)."""
    write_model(ctx, str(path[0]), "ncc_model", *ncc_model_payload(handle[0].obj))
    return ()


def ncc_model_payload(model) -> tuple[dict, dict]:
    """The parameters and arrays a model file (or serialized item) keeps of a model."""
    params = dict(model.params, origin=list(model.origin))
    arrays = {"template": model.template, "mask": model.mask.astype(np.uint8)}
    return params, arrays


@operator(
    "read_ncc_model",
    ControlIn("FileName", types="string", count=1),
    ControlOut("ModelID", types="handle", count=1),
)
def read_ncc_model(ctx: CallContext, path: tuple) -> tuple:
    """Read a model written by write_ncc_model; 5200 missing file, 5238 a file that is not
    an NCC model or is damaged."""
    params, arrays = read_model(ctx, str(path[0]), "ncc_model")
    try:
        model = ncc_model_from(params, arrays)
    except (KeyError, ValueError, TypeError) as exc:
        raise ctx.error(5238, f"{path[0]}: damaged ncc_model file ({exc})") from None
    return ((ctx.new_handle("ncc_model", model),),)


def ncc_model_from(params: dict, arrays: dict):
    """The model :func:`ncc_model_payload` kept (KeyError/ValueError/TypeError when the
    parameters and arrays do not make one)."""
    from ._matching_ncc import build

    template = np.asarray(arrays["template"], dtype=np.float64)
    mask = np.asarray(arrays["mask"]) != 0
    if template.ndim != 2 or template.shape != mask.shape or mask.sum() < 4:
        raise ValueError("template and domain do not fit")
    origin = tuple(float(v) for v in params.pop("origin"))
    if params.get("metric") not in _METRICS:
        raise ValueError("metric")
    model = build(template, mask, params)
    model.origin = origin  # type: ignore[assignment]
    return model
