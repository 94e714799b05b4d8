"""The generic shape model interface: create_generic_shape_model,
set/get_generic_shape_model_param, train_generic_shape_model (from an image's domain or
from XLD contours), find_generic_shape_model (one or several models), and the results
get_generic_shape_model_result, get_generic_shape_model_result_object,
get_generic_shape_model_object.

Models are 'shape_model' handles of the classic engine (write/read/clear_shape_model and
get_shape_model_contours apply; HALCON has no separate clear operator for them), so
find_generic_shape_model also searches classic models with their creation ranges. A
result is a 'generic_shape_model_result' handle. Parameters and their defaults:
``_matching_generic``. Result names: 'row', 'column', 'angle', 'score', 'scale_row',
'scale_column', 'hom_mat_2d' (6 values per match: the model, as get_shape_model_contours
returns it, onto the match), 'model_identifier', 'model_id' (the handle); objects:
'contours' [unverified: HALCON's full list of result names].
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    operator,
)

from . import _matching_generic as gen

_MODEL = ControlIn("ModelID", types="handle", count=1, sem="shape_model")
_RESULT = ControlIn("MatchResultID", types="handle", count=1, sem="generic_shape_model_result")


@dataclasses.dataclass
class GenericResult:
    """Matches of find_generic_shape_model: (model handle, search model, match) best first."""

    found: list[tuple[Any, Any, Any]]


@operator(
    "create_generic_shape_model", ControlOut("ModelID", types="handle", count=1, sem="shape_model")
)
def create_generic_shape_model(ctx: CallContext) -> tuple:
    """A new, untrained shape model with default parameters; set them with
    set_generic_shape_model_param, then train it with train_generic_shape_model."""
    from ._matching_shape_model import ShapeModel

    blank = np.zeros((1, 1))
    model = ShapeModel(
        {"metric": "use_polarity"}, [], blank, blank.astype(bool), (0.0, 0.0), (0, 0)
    )
    g = gen.settings(model)
    g["model_identifier"] = 0
    return ((ctx.new_handle("shape_model", model),),)


@operator(
    "set_generic_shape_model_param",
    _MODEL,
    ControlIn("GenParamName", types="string", count=(1, None)),
    ControlIn("GenParamValue", types=("number", "string"), count=(1, None)),
)
def set_generic_shape_model_param(ctx: CallContext, handle: tuple, names: tuple, values) -> tuple:
    """Set model parameters (effective at the next training) and search parameters
    (effective at once) by name."""
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", f"{len(values)} values for {len(names)}")
    model = handle[0].obj
    g = gen.settings(model)
    for name, value in zip(names, values, strict=True):
        why = gen.check(name, value)
        if why is not None:
            field = "GenParamName" if why == "an unknown parameter" else "GenParamValue"
            raise ctx.param_error("value", field, f"{name}: {value!r} ({why})")
    for name, value in zip(names, values, strict=True):
        if name in gen.MODEL_DEFAULTS and g.get(name) != value:
            g["needs_training"] = True
        g[name] = value
    return ()


@operator(
    "get_generic_shape_model_param",
    _MODEL,
    ControlIn("GenParamName", types="string", count=(1, None)),
    ControlOut("GenParamValue", types=("number", "string")),
)
def get_generic_shape_model_param(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """The values of the named parameters ('needs_training': 'true' or 'false'; after
    training, 'auto' model parameters give the values chosen)."""
    model = handle[0].obj
    g = gen.settings(model)
    p = model.params
    resolved = {}
    if model.levels and not g.get("needs_training"):
        resolved = {"num_levels": model.num_levels, "angle_step": p.get("angle_step")}
        resolved["min_contrast"] = p.get("min_contrast")
        if p.get("scaling") == "iso":
            resolved["iso_scale_step"] = p.get("scale_step")
        if p.get("scaling") == "aniso":
            resolved["scale_row_step"] = p.get("scale_step")
            resolved["scale_column_step"] = p.get("scale_c_step")
        if p.get("source") != "xld":
            resolved.update(contrast_low=p["contrast_low"], contrast_high=p["contrast_high"])
            resolved["min_size"] = p["min_size"]
    out: list = []
    for name in names:
        if name == "needs_training":
            out.append("true" if g.get("needs_training") else "false")
            continue
        if name not in gen.MODEL_DEFAULTS and name not in gen.SEARCH_DEFAULTS:
            raise ctx.param_error("value", "GenParamName", f"{name!r}")
        v = g[name]
        if v == "auto" and resolved.get(name) is not None:
            v = resolved[name]
        integral = isinstance(v, float) and v.is_integer() and name in _INTEGRAL
        out.append(int(v) if integral else v)
    return (tuple(out),)


_INTEGRAL: tuple[str, ...] = ("num_levels", "num_matches", "pyramid_level_highest")
_INTEGRAL += ("model_identifier",)
_INTEGRAL += ("min_size", "contrast_low", "contrast_high", "min_contrast", "max_deformation")


@operator("train_generic_shape_model", IconicIn("Template"), _MODEL)
def train_generic_shape_model(ctx: CallContext, template: ObjectTuple, handle: tuple) -> tuple:
    """Build the model from an image (its domain is the region of interest) or from XLD
    contours, with the model parameters set so far."""
    from hdlite_image.xld_objects import Contour

    from .matching_shape import create_model
    from .matching_shape_xld import create_model_xld

    model = handle[0].obj
    g = gen.settings(model)
    err = gen.pair_errors(g)
    if err is not None:
        raise ctx.error(*err)
    if float(g["angle_end"]) < float(g["angle_start"]):
        raise ctx.param_error("value", "ModelID", "angle_end is smaller than angle_start")
    objs = list(template)
    xld = bool(objs) and all(isinstance(o, Contour) for o in objs)
    args = gen.creation_args(g, xld)
    if xld:
        (new,) = create_model_xld(ctx, template, args)[0]
    else:
        (new,) = create_model(ctx, template, args)[0]
        if g["min_size"] != "auto" and args["Contrast"] == ("auto",):
            lo, hi = new.obj.params["contrast_low"], new.obj.params["contrast_high"]
            args["Contrast"] = (lo, hi, g["min_size"])
            new.clear()
            (new,) = create_model(ctx, template, args)[0]
    trained = new.obj
    new.clear()
    origin = model.origin
    for f in dataclasses.fields(trained):
        setattr(model, f.name, getattr(trained, f.name))
    model.origin = origin
    g["needs_training"] = False
    model.params["generic"] = g
    return ()


@operator(
    "find_generic_shape_model",
    IconicIn("SearchImage"),
    ControlIn("ModelID", types="handle", count=(1, None), sem="shape_model"),
    ControlOut("MatchResultID", types="handle", count=1, sem="generic_shape_model_result"),
    ControlOut("NumMatchResult", types="integer", count=1),
)
def find_generic_shape_model(ctx: CallContext, image: ObjectTuple, handles: tuple) -> tuple:
    """Search every model with its own search parameters (in its own image when
    SearchImage holds one per model); the matches of all models, best first, in a result
    handle, and their number."""
    from .matching_shape_find import run_search

    models, settings = [], []
    for h in handles:
        model = h.obj
        g = gen.settings(model)
        if not model.levels or g.get("needs_training"):
            raise ctx.error(8673, "Shape model needs training")
        p = model.params
        sr = (p["scale_min"], p["scale_max"]) if p.get("scaling") in ("iso", "aniso") else (1, 1)
        sc = (p["scale_c_min"], p["scale_c_max"]) if p.get("scaling") == "aniso" else sr
        top = int(g["pyramid_level_highest"])
        settings.append(
            {
                "a0": float(p["angle_start"]),
                "ext": float(p["angle_extent"]),
                "sr": (float(sr[0]), float(sr[1])),
                "sc": (float(sc[0]), float(sc[1])),
                "min_score": float(g["min_score"]),
                "num": int(g["num_matches"]),
                "overlap": float(g["max_overlap"]),
                "subpixel": g["subpixel"],
                "levels": (min(top, model.num_levels), 1),
                "greed": float(g["greediness"]),
            }
        )
        models.append(model)
    saved = [(m.params.get("timeout"), m.params.get("border_shape_models")) for m in models]
    # HALCON's reference: with several models, 'border_shape_models' counts as 'true' for
    # all of them when one of them has it
    border = any(m.params["generic"]["border_shape_models"] == "true" for m in models)
    for m in models:
        g = m.params["generic"]
        m.params["timeout"] = None if g["timeout"] == "infinite" else float(g["timeout"])
        m.params["border_shape_models"] = border
    try:
        found = run_search(ctx, image, models, settings, None, None)
    finally:
        for m, (t, b) in zip(models, saved, strict=True):
            m.params["timeout"], m.params["border_shape_models"] = t, b
    result = GenericResult([(handles[i], models[i], m) for m, i in found])
    return ((ctx.new_handle("generic_shape_model_result", result),), (len(found),))


def _selected(ctx: CallContext, result: GenericResult, selector: tuple) -> list:
    if len(selector) == 1 and selector[0] == "all":
        return result.found
    out = []
    for s in selector:
        if isinstance(s, str) or not float(s).is_integer() or not 0 <= s < len(result.found):
            raise ctx.param_error("value", "MatchSelector", f"{s!r} (0 to {len(result.found) - 1})")
        out.append(result.found[int(s)])
    return out


def hom_mat(model, m) -> tuple[float, ...]:
    """HomMat2D from origin-relative model coordinates onto the match."""
    from .matching_shape_find import origin_of

    r, c = origin_of(model, m)
    cos, sin = math.cos(m.angle), math.sin(m.angle)
    return (cos * m.sr, -sin * m.sc, r, sin * m.sr, cos * m.sc, c)


_NAMES: tuple[str, ...] = ("row", "column", "angle", "score", "scale_row", "scale_column")
_NAMES += ("hom_mat_2d",)
_NAMES += ("model_identifier", "model_id")


@operator(
    "get_generic_shape_model_result",
    _RESULT,
    ControlIn("MatchSelector", types=("integer", "string"), count=(1, None), default="all"),
    ControlIn("GenParamName", types="string", count=1),
    ControlOut("GenParamValue", types=("number", "handle")),
)
def get_generic_shape_model_result(ctx: CallContext, handle: tuple, selector, name) -> tuple:
    """A value of the selected matches ('all' or indices from 0, best first)."""
    from .matching_shape_find import origin_of

    what = name[0]
    if what not in _NAMES:
        raise ctx.param_error("value", "GenParamName", f"{what!r}")
    out: list = []
    for h, model, m in _selected(ctx, handle[0].obj, selector):
        if what in ("row", "column"):
            out.append(float(origin_of(model, m)[0 if what == "row" else 1]))
        elif what == "hom_mat_2d":
            out.extend(float(v) for v in hom_mat(model, m))
        elif what == "model_id":
            out.append(h)
        elif what == "model_identifier":
            out.append(int(model.params["generic"].get("model_identifier", 0)))
        else:
            attr = {"angle": "angle", "score": "score", "scale_row": "sr", "scale_column": "sc"}
            out.append(float(getattr(m, attr[what])))
    return (tuple(out),)


def _placed(model, m) -> list:
    from hdlite_image.xld_objects import Contour

    h = hom_mat(model, m)
    orr, oc = model.origin
    out = []
    for c in model.levels[0].contours:
        r, cc = c.rows - orr, c.cols - oc
        out.append(Contour(h[0] * r + h[1] * cc + h[2], h[3] * r + h[4] * cc + h[5]))
    return out


@operator(
    "get_generic_shape_model_result_object",
    IconicOut("Objects"),
    _RESULT,
    ControlIn("MatchSelector", types=("integer", "string"), count=(1, None), default="all"),
    ControlIn("GenParamName", types="string", count=1, default="contours"),
)
def get_generic_shape_model_result_object(ctx: CallContext, handle, selector, name) -> tuple:
    """'contours': the model contours of the selected matches, placed on them."""
    if name[0] != "contours":
        raise ctx.param_error("value", "GenParamName", f"{name[0]!r}")
    objs = [c for _, model, m in _selected(ctx, handle[0].obj, selector) for c in _placed(model, m)]
    return (ObjectTuple(objs),)


@operator(
    "get_generic_shape_model_object",
    IconicOut("Object"),
    _MODEL,
    ControlIn("GenParamName", types="string", count=1, default="contours"),
)
def get_generic_shape_model_object(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """'contours': the trained model's level-1 contours relative to its origin (as
    get_shape_model_contours(..., 1)); an untrained model is 8673."""
    from hdlite_image.xld_objects import Contour

    if name[0] != "contours":
        raise ctx.param_error("value", "GenParamName", f"{name[0]!r}")
    model = handle[0].obj
    if not model.levels:
        raise ctx.error(8673, "Shape model needs training")
    orr, oc = model.origin
    return (ObjectTuple([Contour(c.rows - orr, c.cols - oc) for c in model.levels[0].contours]),)
