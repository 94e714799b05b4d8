"""Several shape or NCC models searched in one image at once: find_shape_models,
find_scaled_shape_models, find_aniso_shape_models and find_ncc_models.

Each control input holds one value for all models or one value per model (NumLevels also
one pair for all or one pair per model); the output Model is the index of the found
instance's model in ModelIDs. Results of all models are sorted by descending score. A
single NumMatches / MaxOverlap value applies to the instances of all models together
(HALCON's reference: "if a single value is passed, it applies to all models together"
[unverified wording]), one value per model limits each model separately.
"""

from __future__ import annotations

from typing import Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from ._matching_common import check_search, single_image, suppress_overlaps
from .matching_shape_find import _FIND_NAMES, origin_of, run_search, search_settings


def _many(name: str, types: str, default: Any) -> Any:
    return ControlIn(name, types=types, count=(1, None), default=default)


def _check_counts(ctx: CallContext, values: dict, n: int) -> None:
    for name, v in values.items():
        if name not in ("n_models", "NumLevels") and len(v) not in (1, n):
            raise ctx.param_error("count", name, f"{len(v)} values for {n} models")
    if len(values["NumLevels"]) not in (1, 2, n, 2 * n):
        raise ctx.param_error("count", "NumLevels", f"{len(values['NumLevels'])} values")


def find_shape_many(
    ctx: CallContext, image: ObjectTuple, handles: tuple, values: dict, fields: str
) -> tuple:
    """Search every model; the columns named by ``fields`` (r c a s t q) and Model."""
    n = len(handles)
    _check_counts(ctx, values, n)
    if "ScaleMin" in values:  # one scale for both axes
        values["ScaleRMin"], values["ScaleRMax"] = values.pop("ScaleMin"), values.pop("ScaleMax")
    values["n_models"] = n
    check_search(ctx, values["MinScore"], values["NumMatches"], values["MaxOverlap"])
    models = [h.obj for h in handles]
    settings = [search_settings(ctx, values, i, m) for i, m in enumerate(models)]
    total = int(values["NumMatches"][0]) if len(values["NumMatches"]) == 1 else None
    overlap = float(values["MaxOverlap"][0]) if len(values["MaxOverlap"]) == 1 else None
    found = run_search(ctx, image, models, settings, total, overlap)
    pos = [origin_of(models[i], m) for m, i in found]
    cols = {
        "r": tuple(float(p[0]) for p in pos),
        "c": tuple(float(p[1]) for p in pos),
        "a": tuple(float(m.angle) for m, _ in found),
        "s": tuple(float(m.sr) for m, _ in found),
        "t": tuple(float(m.sc) for m, _ in found),
        "q": tuple(float(m.score) for m, _ in found),
    }
    return (*(cols[f] for f in fields), tuple(i for _, i in found))


_HEAD = (
    IconicIn("Image"),
    ControlIn("ModelIDs", types="handle", count=(1, None), sem="shape_model"),
    _many("AngleStart", "number", -0.39),
    _many("AngleExtent", "number", 0.78),
)
_TAIL = (
    _many("MinScore", "number", 0.5),
    _many("NumMatches", "integer", 1),
    _many("MaxOverlap", "number", 0.5),
    _many("SubPixel", "string", "least_squares"),
    _many("NumLevels", "integer", 0),
    _many("Greediness", "number", 0.9),
)


def _outs(*names: str) -> tuple:
    return (*(ControlOut(n, types="real") for n in names), ControlOut("Model", types="integer"))


@operator("find_shape_models", *_HEAD, *_TAIL, *_outs("Row", "Column", "Angle", "Score"))
def find_shape_models(ctx, image, handles, *args) -> tuple:
    """Several shape models in one image: Row, Column, Angle, Score of every instance
    and Model, the index of its model in ModelIDs, best first."""
    values = dict(zip(_FIND_NAMES, args, strict=True))
    return find_shape_many(ctx, image, handles, values, "rcaq")


@operator(
    "find_scaled_shape_models",
    *_HEAD,
    _many("ScaleMin", "number", 0.9),
    _many("ScaleMax", "number", 1.1),
    *_TAIL,
    *_outs("Row", "Column", "Angle", "Scale", "Score"),
)
def find_scaled_shape_models(ctx, image, handles, a0, ext, smin, smax, *args) -> tuple:
    """Several isotropically scaled shape models in one image (as find_scaled_shape_model
    per model); Model is the index of the instance's model in ModelIDs."""
    values = dict(zip(_FIND_NAMES, (a0, ext, *args), strict=True))
    values.update(ScaleMin=smin, ScaleMax=smax)
    return find_shape_many(ctx, image, handles, values, "rcasq")


@operator(
    "find_aniso_shape_models",
    *_HEAD,
    _many("ScaleRMin", "number", 0.9),
    _many("ScaleRMax", "number", 1.1),
    _many("ScaleCMin", "number", 0.9),
    _many("ScaleCMax", "number", 1.1),
    *_TAIL,
    *_outs("Row", "Column", "Angle", "ScaleR", "ScaleC", "Score"),
)
def find_aniso_shape_models(ctx, image, handles, a0, ext, rmin, rmax, cmin, cmax, *args) -> tuple:
    """Several anisotropically scaled shape models in one image (as find_aniso_shape_model
    per model); Model is the index of the instance's model in ModelIDs."""
    values = dict(zip(_FIND_NAMES, (a0, ext, *args), strict=True))
    values.update(ScaleRMin=rmin, ScaleRMax=rmax, ScaleCMin=cmin, ScaleCMax=cmax)
    return find_shape_many(ctx, image, handles, values, "rcastq")


_NCC_NAMES = ("AngleStart", "AngleExtent", "MinScore", "NumMatches", "MaxOverlap", "SubPixel")


@operator(
    "find_ncc_models",
    IconicIn("Image"),
    ControlIn("ModelIDs", types="handle", count=(1, None), sem="ncc_model"),
    _many("AngleStart", "number", -0.39),
    _many("AngleExtent", "number", 0.79),
    _many("MinScore", "number", 0.8),
    _many("NumMatches", "integer", 1),
    _many("MaxOverlap", "number", 0.5),
    _many("SubPixel", "string", "true"),
    _many("NumLevels", "integer", 0),
    *_outs("Row", "Column", "Angle", "Score"),
)
def find_ncc_models(ctx, image, handles, *args) -> tuple:
    """Several NCC models in one image (as find_ncc_model per model): Row, Column, Angle,
    Score and Model, the index of the instance's model in ModelIDs, best first."""
    from .matching_ncc import ncc_quad, ncc_search, ncc_settings

    n = len(handles)
    values = dict(zip((*_NCC_NAMES, "NumLevels"), args, strict=True))
    _check_counts(ctx, values, n)
    check_search(ctx, values["MinScore"], values["NumMatches"], values["MaxOverlap"])
    models = [h.obj for h in handles]
    ordered = tuple(values[k] for k in (*_NCC_NAMES, "NumLevels"))
    settings = [ncc_settings(ctx, m, ordered, i, n) for i, m in enumerate(models)]
    data, domain = single_image(ctx, image, "Image")
    found: list[tuple[tuple, int]] = []
    for i, (model, s) in enumerate(zip(models, settings, strict=True)):
        found.extend((m, i) for m in ncc_search(ctx, model, data, domain, s))
    found.sort(key=lambda x: -x[0][3])
    if len(values["MaxOverlap"]) == 1 and n > 1:
        quads = [ncc_quad(models[i], m[4]) for m, i in found]
        found = [found[k] for k in suppress_overlaps(quads, float(values["MaxOverlap"][0]))]
    if len(values["NumMatches"]) == 1 and values["NumMatches"][0]:
        found = found[: int(values["NumMatches"][0])]
    cols = tuple(tuple(float(m[k]) for m, _ in found) for k in range(4))
    return (*cols, tuple(i for _, i in found))
