"""create_dl_layer_* of the layers that combine, select, reshape, zoom and score.

The operators here follow :mod:`.dl_layer_ops` (same checks, same handles): concat,
elementwise, depth_max, dropout, reshape, softmax, the three zoom layers, class id
conversion and the cross-entropy loss.
"""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from . import dl_layers as L
from .dl_layer_args import Args
from .dl_layer_ops import _GEN, KIND, NAME, _layer, _new, _out


@operator(
    "create_dl_layer_concat",
    ControlIn("DLLayerInputs", types="handle", count=(1, None), sem=KIND),
    NAME,
    ControlIn("Axis", types="string", count=1, default="depth"),
    *_GEN,
    _out("DLLayerConcat"),
)
def create_dl_layer_concat(ctx: CallContext, inputs, name, axis, gn, gv) -> tuple:
    """Concatenate layers along 'depth', 'width' or 'height' (the other sizes equal)."""
    a = Args(ctx)
    srcs = a.layers("DLLayerInputs", inputs)
    ax = a.choice("Axis", axis, ("width", "height", "depth"))
    index = ("width", "height", "depth").index(ax)
    first = srcs[0].shape
    for src in srcs[1:]:
        if any(src.shape[i] != first[i] for i in range(3) if i != index):
            raise a.fail("DLLayerInputs", f"shapes {[list(s.shape) for s in srcs]} differ")
    out = list(first)
    out[index] = sum(src.shape[index] for src in srcs)
    params = {"axis": ax}
    return _new(a, "concat", a.name(name), srcs, params, [tuple(out)], a.gen(gn, gv, {}))


@operator(
    "create_dl_layer_elementwise",
    ControlIn("DLLayerInputs", types="handle", count=(1, None), sem=KIND),
    NAME,
    ControlIn("Operation", types="string", count=1, default="sum"),
    ControlIn("Coefficients", types=("real", "integer"), count=None, default=()),
    *_GEN,
    _out("DLLayerElementWise"),
)
def create_dl_layer_elementwise(ctx: CallContext, inputs, name, op, coefficients, gn, gv):
    """Sum (weighted by Coefficients), product, maximum, minimum or division of layers.

    The output has the shape of the first input; the other inputs may have size 1 in a
    dimension, broadcast along it (reference page, 24.11 preview; 'division' takes
    exactly two inputs). Coefficients weight the inputs of a 'sum' (one per input).
    """
    a = Args(ctx)
    srcs = a.layers("DLLayerInputs", inputs)
    operation = a.choice("Operation", op, ("sum", "product", "maximum", "minimum", "division"))
    if operation == "division" and len(srcs) != 2:
        raise a.fail("DLLayerInputs", "'division' takes exactly two layers", "count")
    full = srcs[0].shape
    if any(s.shape[i] not in (full[i], 1) for s in srcs[1:] for i in range(3)):
        raise a.fail("DLLayerInputs", f"shapes {[list(s.shape) for s in srcs]} do not match")
    coeffs = [float(c) for c in coefficients]
    if coeffs and (operation != "sum" or len(coeffs) != len(srcs)):
        raise a.fail("Coefficients", "one coefficient per input, for 'sum' only")
    params = {"operation": operation, "coefficients": coeffs}
    shapes = [srcs[0].shape]
    return _new(a, "elementwise", a.name(name), srcs, params, shapes, a.gen(gn, gv, {}))


@operator(
    "create_dl_layer_depth_max",
    _layer(),
    NAME,
    ControlIn("DepthMaxMode", types="string", count=1, default="argmax"),
    *_GEN,
    ControlOut("DLLayerDepthMaxArg", types="handle", count=(0, 1), sem=KIND),
    ControlOut("DLLayerDepthMaxValue", types="handle", count=(0, 1), sem=KIND),
)
def create_dl_layer_depth_max(ctx: CallContext, inp, name, mode, gn, gv) -> tuple:
    """The index ('argmax') and/or value ('value') of the largest depth entry per pixel."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    m = a.choice("DepthMaxMode", mode, ("argmax", "value", "both"))
    w, h, _d = src.shape
    arg, value = _new(
        a, "depth_max", a.name(name), [src], {"mode": m}, [(w, h, 1)] * 2, a.gen(gn, gv, {})
    )
    return (arg if m != "value" else (), value if m != "argmax" else ())


@operator(
    "create_dl_layer_dropout",
    _layer(),
    NAME,
    ControlIn("Probability", types="real", count=1, default=0.5),
    *_GEN,
    _out("DLLayerDropOut"),
)
def create_dl_layer_dropout(ctx: CallContext, inp, name, probability, gn, gv) -> tuple:
    """Dropout in training (inverted scaling); the identity in inference."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    p = a.real("Probability", probability, 0.0, 1.0)
    if p >= 1.0:
        raise a.fail("Probability", "must be below 1")
    params = {"probability": p}
    return _new(a, "dropout", a.name(name), [src], params, [src.shape], a.gen(gn, gv, {}))


@operator(
    "create_dl_layer_reshape",
    _layer(),
    NAME,
    ControlIn("Shape", types="integer", count=(3, 4), default=(1, 1, 1)),
    *_GEN,
    _out("DLLayerReshape"),
)
def create_dl_layer_reshape(ctx: CallContext, inp, name, shape, gn, gv) -> tuple:
    """A new [width, height, depth(, batch)] with the same number of values.

    As the reference says: 0 keeps the input's size of that dimension, one -1 is computed
    so that the number of values stays the same. hdlite keeps the batch: a batch entry
    must be 0 (or -1 when the other sizes hold all values of a sample).
    """
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    values = a.ints("Shape", shape, (3, 4), low=-1)
    if values.count(-1) > 1:
        raise a.fail("Shape", "at most one size may be -1")
    if len(values) == 4 and values[3] not in (0, -1):
        raise a.fail("Shape", "hdlite keeps the batch size: its entry must be 0 or -1")
    dims = [src.shape[i] if v == 0 else v for i, v in enumerate(values[:3])]
    total = src.shape[0] * src.shape[1] * src.shape[2]
    known = 1
    for v in dims:
        known *= v if v != -1 else 1
    if (-1 in dims and total % known) or (-1 not in dims and known != total):
        raise a.fail("Shape", f"{values} does not hold the {total} values of the input")
    out = tuple(total // known if v == -1 else v for v in dims)
    return _new(a, "reshape", a.name(name), [src], {}, [out], a.gen(gn, gv, {}))


@operator("create_dl_layer_identity", _layer(), NAME, *_GEN, _out("DLLayerIdentity"))
def create_dl_layer_identity(ctx: CallContext, inp, name, gn, gv) -> tuple:
    """A copy of its input (reference page 23.11+), e.g. to give an output its own name."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    return _new(a, "identity", a.name(name), [src], {}, [src.shape], a.gen(gn, gv, {}))


@operator("create_dl_layer_softmax", _layer(), NAME, *_GEN, _out("DLLayerSoftMax"))
def create_dl_layer_softmax(ctx: CallContext, inp, name, gn, gv) -> tuple:
    """Softmax over the depth of every pixel; its logarithm in training ('output_mode')."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    gen = a.gen(gn, gv, {"output_mode": ("default", SOFTMAX_MODES)})
    return _new(a, "softmax", a.name(name), [src], {}, [src.shape], gen)


#: 'output_mode' of the softmax layer (reference page, 22.11+)
SOFTMAX_MODES = ("default", "no_log_training", "log_inference")
INTERPOLATIONS = ("bilinear", "nearest_neighbor")
_ZOOM = (
    ControlIn("Interpolation", types="string", count=1, default="bilinear"),
    ControlIn("AlignCorners", types="string", count=1, default="false"),
)


def _zoom(a: Args, src: L.LayerOut, name: tuple, size, interp, align, gn, gv) -> tuple:
    params = {
        "width": size[0],
        "height": size[1],
        "interpolation": a.choice("Interpolation", interp, INTERPOLATIONS),
        "align_corners": a.choice("AlignCorners", align, ("true", "false")),
    }
    out = [(size[0], size[1], src.shape[2])]
    return _new(a, "zoom", a.name(name), [src], params, out, a.gen(gn, gv, {}))


@operator(
    "create_dl_layer_zoom_size",
    _layer(),
    NAME,
    ControlIn("Width", types="integer", count=1, default=100),
    ControlIn("Height", types="integer", count=1, default=100),
    *_ZOOM,
    *_GEN,
    _out("DLLayerZoom"),
)
def create_dl_layer_zoom_size(ctx: CallContext, inp, name, width, height, interp, align, gn, gv):
    """Zoom every depth channel to Width x Height."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    size = (a.ints("Width", width, (1,))[0], a.ints("Height", height, (1,))[0])
    return _zoom(a, src, name, size, interp, align, gn, gv)


@operator(
    "create_dl_layer_zoom_factor",
    _layer(),
    NAME,
    ControlIn("ScaleWidth", types=("real", "integer"), count=1, default=2.0),
    ControlIn("ScaleHeight", types=("real", "integer"), count=1, default=2.0),
    *_ZOOM,
    *_GEN,
    _out("DLLayerZoom"),
)
def create_dl_layer_zoom_factor(ctx: CallContext, inp, name, sw, sh, interp, align, gn, gv):
    """Zoom every depth channel by ScaleWidth x ScaleHeight (sizes rounded down)."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    fw = a.real("ScaleWidth", sw, 1e-6)
    fh = a.real("ScaleHeight", sh, 1e-6)
    size = (int(src.shape[0] * fw), int(src.shape[1] * fh))
    return _zoom(a, src, name, size, interp, align, gn, gv)


@operator(
    "create_dl_layer_zoom_to_layer_size",
    _layer(),
    _layer("DLLayerReference"),
    NAME,
    *_ZOOM,
    *_GEN,
    _out("DLLayerZoom"),
)
def create_dl_layer_zoom_to_layer_size(ctx: CallContext, inp, ref, name, interp, align, gn, gv):
    """Zoom every depth channel to the width and height of DLLayerReference."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    size = a.layer("DLLayerReference", ref).shape[:2]
    return _zoom(a, src, name, size, interp, align, gn, gv)


@operator(
    "create_dl_layer_class_id_conversion",
    _layer(),
    NAME,
    ControlIn("ConversionMode", types="string", count=1, default="from_class_id"),
    *_GEN,
    _out("DLLayerClassIdConversion"),
)
def create_dl_layer_class_id_conversion(ctx: CallContext, inp, name, mode, gn, gv) -> tuple:
    """Map class ids to the network's indices 0..n-1 ('from_class_id') or back
    ('to_class_id') with the model's 'class_ids'; a copy while none are set."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    params = {"mode": a.choice("ConversionMode", mode, ("from_class_id", "to_class_id"))}
    gen = a.gen(gn, gv, {})
    return _new(a, "class_id_conversion", a.name(name), [src], params, [src.shape], gen)


@operator(
    "create_dl_layer_loss_cross_entropy",
    _layer(),
    _layer("DLLayerTarget"),
    ControlIn("DLLayerWeights", types="handle", count=(0, 1), sem=KIND),
    NAME,
    ControlIn("LossWeight", types=("real", "integer"), count=1, default=1.0),
    *_GEN,
    _out("DLLayerLossCrossEntropy"),
)
def create_dl_layer_loss_cross_entropy(ctx: CallContext, inp, target, weights, name, lw, gn, gv):
    """The cross-entropy of log-probabilities against target indices, weighted.

    ``loss = -LossWeight / W * sum_i w_i * x_i[t_i]`` over the pixels ``i`` of the batch:
    ``x`` the input (a softmax layer, which gives log-probabilities in training), ``t``
    the target indices, ``w`` the pixel weights of DLLayerWeights (optional: ``[]`` weights
    every pixel 1) and ``W`` their sum (reference page, 22.11 ... 24.05: "N is the number
    of pixels and W is the sum over all weights"). Targets that are not network indices
    (-1 after a class id conversion) do not count (hdlite's choice).
    """
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    tgt = a.layer("DLLayerTarget", target)
    feeds = [src, tgt]
    if weights:
        feeds.append(a.layer("DLLayerWeights", weights))
    w, h, _d = src.shape
    for feed, param in zip(feeds[1:], ("DLLayerTarget", "DLLayerWeights"), strict=False):
        if feed.shape != (w, h, 1):
            raise a.fail(param, f"must be [{w}, {h}, 1], got {list(feed.shape)}")
    params = {"loss_weight": a.real("LossWeight", lw, 0.0)}
    gen = a.gen(gn, gv, {})
    return _new(a, "loss_cross_entropy", a.name(name), feeds, params, [(1, 1, 1)], gen)
