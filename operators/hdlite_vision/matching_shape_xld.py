"""Shape models from XLD contours: create_shape_model_xld, create_scaled_shape_model_xld,
create_aniso_shape_model_xld, and set_shape_model_metric, which takes the polarity of such
a model from an image.

The contours stand for the object's gray-value edges; there is no template image, so the
model has no Contrast parameter, only MinContrast (the least gradient amplitude of the
search image that counts). Models from contours are found with find_shape_model(s),
find_scaled_shape_model(s) and find_aniso_shape_model(s) as image-based ones. Method and
the rules for the polarity: ``_matching_xld_model``. Defaults follow HALCON's signatures:
Metric 'ignore_local_polarity', MinContrast 5 [unverified defaults].
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import check_count
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from ._matching_common import single_image, step_or_auto
from ._xld_common import contours
from .matching_shape import _METRICS, _optimization, resolve_steps


def _contours(ctx: CallContext, objs: ObjectTuple) -> list[Contour]:
    out = contours(ctx, objs)
    for o in out:
        if len(o) and not (np.isfinite(o.rows).all() and np.isfinite(o.cols).all()):
            raise ctx.error(9054, "Contours: coordinates must be finite")
    total = sum(float(np.hypot(np.diff(c.rows), np.diff(c.cols)).sum()) for c in out)
    check_count(ctx, total, "Contours")
    return out


def create_model_xld(ctx: CallContext, contours: ObjectTuple, args: dict) -> tuple:
    """Check the inputs, build the model from the contours and return its handle."""
    from . import _matching_shape_model as sm
    from ._matching_xld_model import build_xld

    conts = _contours(ctx, contours)
    levels = step_or_auto(ctx, args["NumLevels"], "NumLevels")
    if levels is not None and not 1 <= levels <= sm.MAX_LEVELS:
        raise ctx.param_error("value", "NumLevels", f"{levels!r} (1 to {sm.MAX_LEVELS} or 'auto')")
    metric = args["Metric"][0]
    if metric not in _METRICS:
        raise ctx.param_error("value", "Metric", f"{metric!r}")
    min_contrast = float(args["MinContrast"][0])
    if min_contrast < 0:
        raise ctx.param_error("value", "MinContrast", f"{min_contrast!r} must not be negative")
    if float(args["AngleExtent"][0]) < 0:
        raise ctx.param_error("value", "AngleExtent", "must not be negative")
    params = {
        "num_levels": None if levels is None else int(levels),
        "contrast_low": min_contrast,
        "contrast_high": min_contrast,
        "min_size": 0,
        "min_contrast": min_contrast,
        "optimization": _optimization(ctx, args["Optimization"]),
        "metric": metric,
        "angle_start": float(args["AngleStart"][0]),
        "angle_extent": float(args["AngleExtent"][0]),
        "scaling": args.get("scaling", "none"),
    }
    model = build_xld(conts, params) if conts else None
    if model is None:
        raise ctx.error(8510, "Number of shape model points too small")
    resolve_steps(ctx, model, args)
    return ((ctx.new_handle("shape_model", model),),)


_HEAD = (
    IconicIn("Contours"),
    ControlIn("NumLevels", types=("integer", "string"), count=1, default="auto"),
    ControlIn("AngleStart", types="number", count=1, default=-0.39),
    ControlIn("AngleExtent", types="number", count=1, default=0.79),
    ControlIn("AngleStep", types=("number", "string"), count=1, default="auto"),
)
_TAIL = (
    ControlIn("Optimization", types="string", count=(1, 2), default="auto"),
    ControlIn("Metric", types="string", count=1, default="ignore_local_polarity"),
    ControlIn("MinContrast", types="number", count=1, default=5),
    ControlOut("ModelID", types="handle", count=1),
)


def _scale(prefix: str) -> tuple:
    return (
        ControlIn(f"{prefix}Min", types="number", count=1, default=0.9),
        ControlIn(f"{prefix}Max", types="number", count=1, default=1.1),
        ControlIn(f"{prefix}Step", types=("number", "string"), count=1, default="auto"),
    )


_NAMES = ("NumLevels", "AngleStart", "AngleExtent", "AngleStep")


@operator("create_shape_model_xld", *_HEAD, *_TAIL)
def create_shape_model_xld(ctx, contours, levels, a0, ext, step, opt, metric, minc) -> tuple:
    """A shape model whose edges are the given XLD contours (no template image); the
    reference point is the centre of the contours' axis-parallel bounding box."""
    args = dict(zip(_NAMES, (levels, a0, ext, step), strict=True))
    args.update(Optimization=opt, Metric=metric, MinContrast=minc)
    return create_model_xld(ctx, contours, args)


@operator("create_scaled_shape_model_xld", *_HEAD, *_scale("Scale"), *_TAIL)
def create_scaled_shape_model_xld(
    ctx, contours, levels, a0, ext, step, smin, smax, sstep, opt, metric, minc
) -> tuple:
    """An isotropically scaled shape model from XLD contours (find_scaled_shape_model)."""
    args = dict(zip(_NAMES, (levels, a0, ext, step), strict=True))
    args.update(Optimization=opt, Metric=metric, MinContrast=minc, scaling="iso")
    args.update(ScaleMin=smin, ScaleMax=smax, ScaleStep=sstep)
    return create_model_xld(ctx, contours, args)


@operator("create_aniso_shape_model_xld", *_HEAD, *_scale("ScaleR"), *_scale("ScaleC"), *_TAIL)
def create_aniso_shape_model_xld(
    ctx, contours, levels, a0, ext, step, rmin, rmax, rstep, cmin, cmax, cstep, *rest
) -> tuple:
    """An anisotropically scaled shape model from XLD contours (find_aniso_shape_model)."""
    opt, metric, minc = rest
    args = dict(zip(_NAMES, (levels, a0, ext, step), strict=True))
    args.update(Optimization=opt, Metric=metric, MinContrast=minc, scaling="aniso")
    args.update(ScaleRMin=rmin, ScaleRMax=rmax, ScaleRStep=rstep)
    args.update(ScaleCMin=cmin, ScaleCMax=cmax, ScaleCStep=cstep)
    return create_model_xld(ctx, contours, args)


@operator(
    "set_shape_model_metric",
    IconicIn("Image"),
    ControlIn("ModelID", types="handle", count=1, sem="shape_model"),
    ControlIn("HomMat2D", types="number", count=6),
    ControlIn("Metric", types="string", count=1, default="use_polarity"),
)
def set_shape_model_metric(ctx, image, handle, hom, metric) -> tuple:
    """Give a model created from XLD contours the polarity of the image's edges: HomMat2D
    maps the model (as get_shape_model_contours returns it, relative to the origin) onto
    the object in Image, e.g. vector_angle_to_rigid(0, 0, 0, Row, Column, Angle) of a
    match; each model point takes the direction of the image gradient there. Models from
    images are 8513."""
    from scipy import ndimage as ndi

    from ._matching_xld_model import set_polarity

    model = handle[0].obj
    if model.params.get("source") != "xld":
        raise ctx.error(8513, "ModelID: the shape model was not created from XLD contours")
    if metric[0] not in _METRICS:
        raise ctx.param_error("value", "Metric", f"{metric[0]!r}")
    mat = np.array([float(v) for v in hom], dtype=np.float64).reshape(2, 3)
    if not np.isfinite(mat).all() or abs(np.linalg.det(mat[:, :2])) < 1e-12:
        raise ctx.param_error("value", "HomMat2D", "not an invertible transformation")
    data, _ = single_image(ctx, image, "Image")
    cache: dict[float, tuple[np.ndarray, np.ndarray]] = {}

    def gradient(r: np.ndarray, c: np.ndarray, f: float) -> tuple[np.ndarray, np.ndarray]:
        if f not in cache:
            cache[f] = (
                ndi.gaussian_filter(data, f, order=(1, 0), mode="nearest"),
                ndi.gaussian_filter(data, f, order=(0, 1), mode="nearest"),
            )
        gr, gc = cache[f]
        return tuple(  # type: ignore[return-value]
            ndi.map_coordinates(g, [r, c], order=1, mode="constant", cval=0.0) for g in (gr, gc)
        )

    set_polarity(model, gradient, mat, str(metric[0]))
    return ()
