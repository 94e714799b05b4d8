"""create_dl_layer_*: building a network layer by layer (HALCON 20.11+).

Every operator checks its arguments (:mod:`.dl_layer_args`), computes the output shape
(:mod:`.dl_layers`) and returns a ``dl_layer`` handle; nothing is computed and torch is not
imported until ``create_dl_model`` (:mod:`.dl_layered`). Signatures and parameter names
are the reference pages' (mvtec.com/doc/halcon/2105 ... 2605 and the hdevelopevo 26.05
preview, create_dl_layer_<name>.html). Values hdlite supports (others: wrong value):

* convolution Activation 'none'/'relu'; activation ActivationType 'relu'/'sigmoid';
  pooling Mode 'maximum'/'average'/'global_maximum'/'global_average'; batch normalization
  Momentum a number in [0, 1] or 'auto', Activation 'none'/'relu'; concat Axis
  'depth'/'width'/'height'; elementwise Operation 'sum' (optional Coefficients, one per
  input), 'product', 'maximum'; depth_max DepthMaxMode 'argmax'/'value'/'both';
  zoom Interpolation 'bilinear'/'nearest_neighbor', AlignCorners 'true'/'false';
  class_id_conversion ConversionMode 'from_class_id'/'to_class_id'.

Not provided: create_dl_layer_loss_focal, _loss_huber, _loss_distance, _lrn and the later
layers (they are not registered).
"""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlIn, ControlOut, Handle, operator

from . import dl_layers as L
from .dl_layer_args import WEIGHTS, Args

KIND = "dl_layer"
_GEN = (
    ControlIn("GenParamName", types="string", count=None, default=()),
    ControlIn("GenParamValue", types=("string", "integer", "real"), count=None, default=()),
)


def _layer(param: str = "DLLayerInput") -> ControlIn:  # type: ignore[valid-type]
    return ControlIn(param, types="handle", count=1, sem=KIND)


def _out(name: str) -> ControlOut:  # type: ignore[valid-type]
    return ControlOut(name, types="handle", count=1, sem=KIND)


def _new(
    a: Args, kind: str, name: str, inputs: list, params: dict, shapes: list, gen: dict
) -> tuple:
    for number, shape in enumerate(shapes):
        if min(shape) < 1:
            raise a.fail("DLLayerInput", f"the output of {name!r} would be empty: {list(shape)}")
        shapes[number] = tuple(int(s) for s in shape)
    node = L.Node(kind, name, tuple(inputs), params, tuple(shapes), gen)
    return tuple((Handle(KIND, out),) for out in node.outputs())


NAME = ControlIn("LayerName", types="string", count=1)


@operator(
    "create_dl_layer_input",
    NAME,
    ControlIn("Shape", types="integer", count=(3, 4), default=(224, 224, 3)),
    *_GEN,
    _out("DLLayerInput"),
)
def create_dl_layer_input(ctx: CallContext, name, shape, gp_names, gp_values) -> tuple:
    """An input layer [width, height, depth(, batch)]; the samples' key of its name feeds it."""
    a = Args(ctx)
    w, h, d = a.ints("Shape", shape, (3, 4))[:3]
    return _new(a, "input", a.name(name), [], {}, [(w, h, d)], a.gen(gp_names, gp_values, {}))


@operator(
    "create_dl_layer_convolution",
    _layer(),
    NAME,
    ControlIn("KernelSize", types="integer", count=(1, 2), default=3),
    ControlIn("Dilation", types="integer", count=(1, 2), default=1),
    ControlIn("Stride", types="integer", count=(1, 2), default=1),
    ControlIn("NumKernel", types="integer", count=1, default=64),
    ControlIn("Groups", types="integer", count=1, default=1),
    ControlIn("Padding", types=("string", "integer"), count=(1, 4), default="none"),
    ControlIn("Activation", types="string", count=1, default="none"),
    *_GEN,
    _out("DLLayerConvolution"),
)
def create_dl_layer_convolution(
    ctx: CallContext, inp, name, kernel, dilation, stride, num, groups, padding, act, gn, gv
) -> tuple:
    """A 2D convolution (optionally with a ReLU); weights filled by 'weight_filler'."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    k = L.pair(a.ints("KernelSize", kernel, (1, 2)))
    dil = a.ints("Dilation", dilation, (1, 2))
    if len(set(dil)) != 1:
        raise a.fail("Dilation", "hdlite needs the same dilation in both directions")
    s = L.pair(a.ints("Stride", stride, (1, 2)))
    n = a.ints("NumKernel", num, (1,))[0]
    g = a.ints("Groups", groups, (1,))[0]
    w, h, d = src.shape
    if d % g or n % g:
        raise a.fail("Groups", f"must divide the input depth {d} and NumKernel {n}")
    pad_mode = a.padding(padding, ("none", "half_kernel_size", "implicit"))
    pad = L.pads(pad_mode, (w, h), k, s, dil[0])
    params = {
        "kernel": list(k),
        "dilation": dil[0],
        "stride": list(s),
        "num_kernel": n,
        "groups": g,
        "pad": list(pad),
        "padding": pad_mode,
        "activation": a.choice("Activation", act, ("none", "relu")),
        "in_depth": d,
    }
    out = (*L.window_out((w, h), k, s, pad, dil[0]), n)
    return _new(a, "convolution", a.name(name), [src], params, [out], a.gen(gn, gv, WEIGHTS))


@operator(
    "create_dl_layer_transposed_convolution",
    _layer(),
    NAME,
    ControlIn("KernelSize", types="integer", count=1, default=3),
    ControlIn("Stride", types="integer", count=1, default=1),
    ControlIn("KernelDepth", types="integer", count=1, default=64),
    ControlIn("Groups", types="integer", count=1, default=1),
    ControlIn("Padding", types=("string", "integer"), count=(1, 4), default="none"),
    *_GEN,
    _out("DLLayerTransposedConvolution"),
)
def create_dl_layer_transposed_convolution(
    ctx: CallContext, inp, name, kernel, stride, depth, groups, padding, gn, gv
) -> tuple:
    """A transposed convolution (learned upsampling)."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    k = a.ints("KernelSize", kernel, (1,))[0]
    s = a.ints("Stride", stride, (1,))[0]
    n = a.ints("KernelDepth", depth, (1,))[0]
    g = a.ints("Groups", groups, (1,))[0]
    w, h, d = src.shape
    if d % g or n % g:
        raise a.fail("Groups", f"must divide the input depth {d} and KernelDepth {n}")
    pad_mode = a.padding(padding, ("none",))
    pad = L.pads(pad_mode, (w, h), (k, k), (s, s), 1)
    if pad[0] != pad[1] or pad[2] != pad[3]:
        raise a.fail("Padding", "hdlite needs the same padding on both sides")
    params = {"kernel": k, "stride": s, "num_kernel": n, "groups": g, "pad": list(pad)}
    params["in_depth"] = d
    out = (*L.transposed_out((w, h), k, s, pad), n)
    gen = a.gen(gn, gv, WEIGHTS)
    return _new(a, "transposed_convolution", a.name(name), [src], params, [out], gen)


POOL_MODES = ("maximum", "average", "global_maximum", "global_average")


@operator(
    "create_dl_layer_pooling",
    _layer(),
    NAME,
    ControlIn("KernelSize", types="integer", count=(1, 2), default=2),
    ControlIn("Stride", types="integer", count=(1, 2), default=2),
    ControlIn("Padding", types=("string", "integer"), count=(1, 4), default="none"),
    ControlIn("Mode", types="string", count=1, default="maximum"),
    *_GEN,
    _out("DLLayerPooling"),
)
def create_dl_layer_pooling(ctx: CallContext, inp, name, kernel, stride, padding, mode, gn, gv):
    """Maximum or average pooling over windows, or over the whole plane ('global_*')."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    k = L.pair(a.ints("KernelSize", kernel, (1, 2)))
    s = L.pair(a.ints("Stride", stride, (1, 2)))
    m = a.choice("Mode", mode, POOL_MODES)
    w, h, d = src.shape
    pad_mode = a.padding(padding, ("none", "half_kernel_size", "implicit"))
    pad = L.pads(pad_mode, (w, h), k, s, 1)
    if max(pad[0], pad[1]) * 2 > k[0] or max(pad[2], pad[3]) * 2 > k[1]:
        raise a.fail("Padding", "the padding must not exceed half the kernel size")
    out = (1, 1, d) if m.startswith("global") else (*L.window_out((w, h), k, s, pad), d)
    params = {"kernel": list(k), "stride": list(s), "pad": list(pad), "mode": m}
    return _new(a, "pooling", a.name(name), [src], params, [out], a.gen(gn, gv, {}))


@operator(
    "create_dl_layer_dense",
    _layer(),
    NAME,
    ControlIn("NumOut", types="integer", count=1, default=100),
    *_GEN,
    _out("DLLayerDense"),
)
def create_dl_layer_dense(ctx: CallContext, inp, name, num_out, gn, gv) -> tuple:
    """A fully connected layer over the whole input; output [1, 1, NumOut]."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    n = a.ints("NumOut", num_out, (1,))[0]
    w, h, d = src.shape
    params = {"num_out": n, "in_features": w * h * d}
    return _new(a, "dense", a.name(name), [src], params, [(1, 1, n)], a.gen(gn, gv, WEIGHTS))


@operator(
    "create_dl_layer_activation",
    _layer(),
    NAME,
    ControlIn("ActivationType", types="string", count=1, default="relu"),
    *_GEN,
    _out("DLLayerActivation"),
)
def create_dl_layer_activation(ctx: CallContext, inp, name, kind, gn, gv) -> tuple:
    """An elementwise activation: 'relu' or 'sigmoid'."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    params = {"type": a.choice("ActivationType", kind, ("relu", "sigmoid"))}
    return _new(a, "activation", a.name(name), [src], params, [src.shape], a.gen(gn, gv, {}))


@operator(
    "create_dl_layer_batch_normalization",
    _layer(),
    NAME,
    ControlIn("Momentum", types=("real", "string"), count=1, default=0.9),
    ControlIn("Epsilon", types="real", count=1, default=0.0001),
    ControlIn("Activation", types="string", count=1, default="none"),
    *_GEN,
    _out("DLLayerBatchNorm"),
)
def create_dl_layer_batch_normalization(
    ctx: CallContext, inp, name, momentum, epsilon, act, gn, gv
) -> tuple:
    """Batch normalization per depth channel; running statistics with HALCON's momentum."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    if momentum == ("auto",):
        m: float | str = "auto"
    else:
        m = a.real("Momentum", momentum, 0.0, 1.0)
    params = {
        "momentum": m,
        "epsilon": a.real("Epsilon", epsilon, 1e-12),
        "activation": a.choice("Activation", act, ("none", "relu")),
        "depth": src.shape[2],
    }
    gen = a.gen(gn, gv, {})
    return _new(a, "batch_normalization", a.name(name), [src], params, [src.shape], gen)


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
    """Sum (weighted by Coefficients), product or maximum of layers of equal shape."""
    a = Args(ctx)
    srcs = a.layers("DLLayerInputs", inputs)
    operation = a.choice("Operation", op, ("sum", "product", "maximum"))
    if any(src.shape != srcs[0].shape for src in srcs):
        raise a.fail("DLLayerInputs", f"shapes {[list(s.shape) for s in srcs]} differ")
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
    """A new [width, height, depth] with the same number of values (-1: computed, once)."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    dims = a.ints("Shape", shape, (3, 4), low=-1)[:3]
    if 0 in dims or dims.count(-1) > 1:
        raise a.fail("Shape", "sizes are >= 1, one of them may be -1")
    total = src.shape[0] * src.shape[1] * src.shape[2]
    known = -math_prod(dims) if -1 in dims else math_prod(dims)
    if (-1 in dims and total % known) or (-1 not in dims and known != total):
        raise a.fail("Shape", f"{dims} does not hold the {total} values of the input")
    out = tuple(total // known if v == -1 else v for v in dims)
    return _new(a, "reshape", a.name(name), [src], {}, [out], a.gen(gn, gv, {}))


def math_prod(values: list[int]) -> int:
    """The product of ``values``."""
    result = 1
    for v in values:
        result *= v
    return result


@operator("create_dl_layer_softmax", _layer(), NAME, *_GEN, _out("DLLayerSoftMax"))
def create_dl_layer_softmax(ctx: CallContext, inp, name, gn, gv) -> tuple:
    """Softmax over the depth of every pixel."""
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    return _new(a, "softmax", a.name(name), [src], {}, [src.shape], a.gen(gn, gv, {}))


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
    """The cross-entropy of probabilities (a softmax) against target indices, weighted.

    The loss is ``LossWeight * sum(w * -log p[target]) / count(w > 0)`` over all pixels of
    the batch, with the pixel weights ``w`` of DLLayerWeights (1 where it is ``[]``)
    (hdlite's normalization; the reference's exact normalization was not read).
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
