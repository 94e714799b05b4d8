"""Shape-based matching: find_shape_model, find_scaled_shape_model and
find_aniso_shape_model, and the search plumbing the multi-model and generic operators share
(per-model settings, overlap suppression, the reported origin, 'timeout' and
'border_shape_models'). Method and accuracy: ``matching_shape`` and
``_matching_shape_search``.
"""

from __future__ import annotations

import math
from typing import Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from ._matching_common import check_search, quad, single_image, suppress_overlaps, time_limit

_SUBPIXEL: tuple[str, ...] = ("none", "interpolation", "least_squares", "least_squares_high")
_SUBPIXEL += ("least_squares_very_high",)


def run_search(ctx, image, models: list, per_model: list[dict], total: int | None, overlap) -> list:
    """Search each model; (match, model index) pairs best first after MaxOverlap/NumMatches.

    ``per_model`` holds each model's search settings (angle/scale ranges, MinScore,
    NumMatches, MaxOverlap, SubPixel, NumLevels, Greediness); ``total``/``overlap`` apply
    across all models when the operator got single values (None: per model only). Several
    models may come with as many images, one per model: each model is searched in its own
    image (and domain); HALCON's reference (find_generic_shape_model): "the search space
    can be restricted for each model individually by passing an object containing multiple
    image objects, one for each model".
    """
    from ._matching_shape_search import SearchParams, search

    for model in models:
        require_trained(ctx, model)
    objs = list(image)
    if len(models) > 1 and len(objs) == len(models):
        scenes = [single_image(ctx, ObjectTuple([o]), "Image") for o in objs]
    else:
        scenes = [single_image(ctx, image, "Image")] * len(models)
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
            matches = search(model, *scenes[index], sp)
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
