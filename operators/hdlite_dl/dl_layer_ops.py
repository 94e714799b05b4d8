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
layers (create_dl_layer_identity is provided) (they are not registered).
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
    """Maximum or average pooling over windows, or to an output of KernelSize ('global_*')."""
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
    out = (*k, d) if m.startswith("global") else (*L.window_out((w, h), k, s, pad), d)
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
    """An elementwise activation ('relu', 'sigmoid', 'tanh', 'elu', ... see ACTIVATION_TYPES).

    Types of the reference (20.11: 'relu', 'sigmoid'; the 25.11 preview lists more) that
    hdlite computes; 'elu' and 'celu' take the generic parameter 'alpha' (default 1.0).
    """
    a = Args(ctx)
    src = a.layer("DLLayerInput", inp)
    params = {"type": a.choice("ActivationType", kind, ACTIVATION_TYPES)}
    table = {"alpha": (1.0, "real")} if params["type"] in ("elu", "celu") else {}
    gen = a.gen(gn, gv, table)
    return _new(a, "activation", a.name(name), [src], params, [src.shape], gen)


ACTIVATION_TYPES = (
    "relu", "sigmoid", "tanh", "abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "erf",
    "exp", "floor", "elu", "celu",
)  # fmt: skip


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
