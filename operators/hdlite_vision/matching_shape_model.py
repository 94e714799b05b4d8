"""Shape models as objects: their contours, parameters and origin, files, inspection and
clearing.

get_shape_model_contours returns the model edges of a pyramid level relative to the model
origin, in that level's pixel units (level 1: the template's) [unverified for levels above
1]. Files: hdlite's own format (see ``_matching_common``), holding the cropped template,
its domain and the resolved creation parameters; reading rebuilds the model from them.
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
    Region,
    operator,
)

from ._matching_common import single_image
from ._model_files import read_model, write_model
from .matching_shape import _contrast
from .matching_shape_find import require_trained

_HANDLE = ControlIn("ModelID", types="handle", count=1, sem="shape_model")


@operator(
    "get_shape_model_contours",
    IconicOut("ModelContours"),
    _HANDLE,
    ControlIn("Level", types="integer", count=1, default=1),
)
def get_shape_model_contours(ctx: CallContext, handle: tuple, level: tuple) -> tuple:
    """The model's edges on pyramid level Level as XLD contours relative to the model
    origin (place them with vector_angle_to_rigid and affine_trans_contour_xld)."""
    model = handle[0].obj
    require_trained(ctx, model)
    if not 1 <= level[0] <= model.num_levels:
        raise ctx.param_error("value", "Level", f"{level[0]!r} (1 to {model.num_levels})")
    k = int(level[0]) - 1
    f = float(1 << k)
    orr, oc = model.origin[0] / f, model.origin[1] / f
    out = [c.replace(c.rows - orr, c.cols - oc) for c in model.levels[k].contours]
    return (ObjectTuple(out),)


@operator(
    "get_shape_model_params",
    _HANDLE,
    ControlOut("NumLevels", types="integer", count=1),
    ControlOut("AngleStart", types="real", count=1),
    ControlOut("AngleExtent", types="real", count=1),
    ControlOut("AngleStep", types="real", count=1),
    ControlOut("ScaleMin", types="real"),
    ControlOut("ScaleMax", types="real"),
    ControlOut("ScaleStep", types="real"),
    ControlOut("Metric", types="string", count=1),
    ControlOut("MinContrast", types="number", count=1),
)
def get_shape_model_params(ctx: CallContext, handle: tuple) -> tuple:
    """The model's parameters with 'auto' values resolved; scales are 1, 1, 0 for an
    unscaled model and [row, column] pairs for an anisotropic one."""
    model = handle[0].obj
    require_trained(ctx, model)
    p = model.params
    smin: tuple[float, ...]
    smax: tuple[float, ...]
    sstep: tuple[float, ...]
    if p["scaling"] == "aniso":
        smin = (p["scale_min"], p["scale_c_min"])
        smax = (p["scale_max"], p["scale_c_max"])
        sstep = (p["scale_step"], p["scale_c_step"])
    elif p["scaling"] == "iso":
        smin, smax, sstep = (p["scale_min"],), (p["scale_max"],), (p["scale_step"],)
    else:
        smin, smax, sstep = (1.0,), (1.0,), (0.0,)
    mc = p["min_contrast"]
    return (
        (model.num_levels,),
        (float(p["angle_start"]),),
        (float(p["angle_extent"]),),
        (float(p["angle_step"]),),
        smin,
        smax,
        sstep,
        (p["metric"],),
        (int(mc) if float(mc).is_integer() else float(mc),),
    )


@operator(
    "get_shape_model_origin",
    _HANDLE,
    ControlOut("Row", types="real", count=1),
    ControlOut("Column", types="real", count=1),
)
def get_shape_model_origin(ctx: CallContext, handle: tuple) -> tuple:
    """The origin relative to the template domain's centre of gravity (0, 0 by default)."""
    orr, oc = handle[0].obj.origin
    return ((float(orr),), (float(oc),))


@operator(
    "set_shape_model_origin",
    _HANDLE,
    ControlIn("Row", types="number", count=1, default=0),
    ControlIn("Column", types="number", count=1, default=0),
)
def set_shape_model_origin(ctx: CallContext, handle: tuple, row: tuple, col: tuple) -> tuple:
    """Set the point the find operators report, relative to the domain's centre of gravity."""
    handle[0].obj.origin = (float(row[0]), float(col[0]))
    return ()


@operator("clear_shape_model", _HANDLE)
def clear_shape_model(ctx: CallContext, handle: tuple) -> tuple:
    """Free the model; any later use of the handle is error 2454."""
    handle[0].clear()
    return ()


@operator(
    "write_shape_model",
    _HANDLE,
    ControlIn("FileName", types="string", count=1),
)
def write_shape_model(ctx: CallContext, handle: tuple, path: tuple) -> tuple:
    """Write the model to a file (hdlite's own format; no half-written file is left)."""
    model = handle[0].obj
    require_trained(ctx, model)
    write_model(ctx, str(path[0]), "shape_model", *shape_model_payload(model))
    return ()


def shape_model_payload(model) -> tuple[dict, dict]:
    """The parameters and arrays a model file (or serialized item) keeps of a model."""
    from ._matching_xld_model import to_arrays

    params = dict(model.params, origin=list(model.origin), offset=list(model.offset))
    arrays = {"template": model.template, "mask": model.mask.astype(np.uint8)}
    if model.params.get("source") == "xld":
        arrays = to_arrays(model)
        params["ref"] = list(model.ref)
    return params, arrays


@operator(
    "read_shape_model",
    ControlIn("FileName", types="string", count=1),
    ControlOut("ModelID", types="handle", count=1),
)
def read_shape_model(ctx: CallContext, path: tuple) -> tuple:
    """Read a model written by write_shape_model; 5200 missing file, 5238 a file that is
    not a shape model or is damaged."""
    params, arrays = read_model(ctx, str(path[0]), "shape_model")
    try:
        model = shape_model_from(params, arrays)
    except (KeyError, ValueError, TypeError) as exc:
        raise ctx.error(5238, f"{path[0]}: damaged shape_model file ({exc})") from None
    return ((ctx.new_handle("shape_model", model),),)


def shape_model_from(params: dict, arrays: dict):
    """The model :func:`shape_model_payload` kept (KeyError/ValueError/TypeError when the
    parameters and arrays do not make one)."""
    from ._matching_shape_model import build

    if params.get("source") == "xld":
        return _read_xld(params, arrays)
    template = np.asarray(arrays["template"], dtype=np.float64)
    mask = np.asarray(arrays["mask"]) != 0
    if template.ndim != 2 or template.shape != mask.shape or not mask.any():
        raise ValueError("template and domain do not fit")
    origin = tuple(float(v) for v in params.pop("origin"))
    offset = tuple(int(v) for v in params.pop("offset"))
    model = build(template, mask, params, offset)  # type: ignore[arg-type]
    if model is None:
        raise ValueError("no model points")
    model.params = dict(params, num_levels=model.num_levels)
    model.origin = origin  # type: ignore[assignment]
    return model


def _read_xld(params: dict, arrays: dict):
    """A model from contours as write_shape_model kept it."""
    from ._matching_xld_model import from_arrays

    origin = tuple(float(v) for v in params.pop("origin"))
    params.pop("offset", None)
    ref = tuple(float(v) for v in params.pop("ref"))
    model = from_arrays(params, arrays, ref)
    model.origin = origin  # type: ignore[assignment]
    return model


@operator(
    "inspect_shape_model",
    IconicIn("Image"),
    IconicOut("ModelImages"),
    IconicOut("ModelRegions"),
    ControlIn("NumLevels", types="integer", count=1, default=4),
    ControlIn("Contrast", types=("number", "string"), count=(1, 3), default=30),
)
def inspect_shape_model(ctx: CallContext, image: ObjectTuple, levels: tuple, contrast: tuple):
    """The pyramid images (each level half the size, 'real' pixels) and the regions of the
    model points that create_shape_model would use with this Contrast on every level."""
    from ._matching_shape_model import auto_contrast, edge_contours, pyramid

    data, mask = single_image(ctx, image, "Image")
    if not 1 <= levels[0] <= 10:
        raise ctx.param_error("value", "NumLevels", f"{levels[0]!r} (1 to 10)")
    low, high, min_size = _contrast(ctx, contrast)
    if low is None or high is None:
        low, high = auto_contrast(data, mask)
    images, regions = [], []
    for k, (img, m) in enumerate(pyramid(data, mask, int(levels[0]))):
        size = 3 if min_size is None else min_size
        conts = edge_contours(img, m, low, high, size if k == 0 else 0)
        pts = np.zeros(img.shape, dtype=bool)
        for c in conts:
            rr = np.clip(np.rint(c.rows).astype(int), 0, img.shape[0] - 1)
            cc = np.clip(np.rint(c.cols).astype(int), 0, img.shape[1] - 1)
            pts[rr, cc] = True
        dom = Region.from_mask(m)
        images.append(Image(img[None].astype(np.float32), "real", dom))
        regions.append(Region.from_mask(pts))
    return (ObjectTuple(images), ObjectTuple(regions))
