"""get_dl_layer_param, get_dl_model_layer_param and get_dl_model_layer: reading layers.

Signatures from the reference pages (get_dl_layer_param 21.05+, get_dl_model_layer_param
21.05+; 26.05 preview). Names: 'name', 'type' (the layer kind: 'convolution', 'pooling',
..., 'zoom' for the three zoom layers), 'shape' (``[width, height, depth]`` of the first
output), 'input_layer' (names of the feeding layers) [unverified: these four names and
formats], 'num_trainable_params' (listed on the create_dl_layer_* pages) and the generic
parameters the layer was created with ('is_inference_output', 'output_mode',
'weight_filler', ...). Other names are a wrong value of the parameter name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, Handle, operator

from .dl_model import KIND

if TYPE_CHECKING:
    from .dl_layers import Node


def _count(node: Node, module: Any) -> int:
    if module is not None:
        return sum(p.numel() for p in module.parameters() if p.requires_grad)
    p = node.params
    if node.kind in ("convolution", "transposed_convolution"):
        kw, kh = (p["kernel"], p["kernel"]) if isinstance(p["kernel"], int) else p["kernel"]
        weights = p["in_depth"] * p["num_kernel"] // p["groups"] * kw * kh
        bias = p["num_kernel"] if node.gen.get("bias_term") == "true" else 0
    elif node.kind == "dense":
        weights = p["in_features"] * p["num_out"]
        bias = p["num_out"] if node.gen.get("bias_term") == "true" else 0
    elif node.kind == "batch_normalization":
        weights, bias = p["depth"], p["depth"]
    else:
        return 0
    frozen = node.gen.get("learning_rate_multiplier") == 0.0
    frozen_bias = node.gen.get("learning_rate_multiplier_bias") == 0.0
    return (0 if frozen else weights) + (0 if frozen_bias else bias)


def value_of(ctx: CallContext, node: Node, name: Any, module: Any, param: str) -> tuple:
    """The value of parameter ``name`` of a layer (``module``: its torch module, if built).

    Raises:
        HalconError: a wrong value of ``param`` for a name the layer does not have.
    """
    if name == "name":
        return (node.name,)
    if name == "type":
        return (node.kind,)
    if name == "shape":
        return tuple(node.shapes[0])
    if name == "input_layer":
        return tuple(feed.node.name for feed in node.inputs)
    if name == "num_trainable_params":
        return (_count(node, module),)
    if type(name) is str and name in node.gen:
        return (node.gen[name],)
    raise ctx.param_error("value", param, f"the {node.kind} layer has no parameter {name!r}")


@operator(
    "get_dl_layer_param",
    ControlIn("DLLayer", types="handle", count=1, sem="dl_layer"),
    ControlIn("GenParamName", types="string", count=1, default="name"),
    ControlOut("GenParamValue", count=None),
)
def get_dl_layer_param(ctx: CallContext, layer: tuple, names: tuple) -> tuple:
    """A parameter of a layer handle ('name', 'type', 'shape', generic parameters...)."""
    from .dl_layer_args import Args

    out = Args(ctx).layer("DLLayer", layer)
    return (value_of(ctx, out.node, names[0], None, "GenParamName"),)


@operator(
    "get_dl_model_layer_param",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlIn("LayerName", types="string", count=1),
    ControlIn("ParamName", types="string", count=1, default="name"),
    ControlOut("ParamValue", count=None),
)
def get_dl_model_layer_param(ctx: CallContext, handle: tuple, layer: tuple, names: tuple):
    """A parameter of the layer called LayerName in a model built from layers."""
    from .dl_layered_ops import is_layered

    model = handle[0].obj
    if not is_layered(model):
        raise ctx.param_error(
            "value", "DLModelHandle", f"hdlite reads layers of models built from layers only, "
            f"not of a {model.type} model"
        )  # fmt: skip
    engine = model.clf
    for index, node in enumerate(engine.nodes):
        if node.name == layer[0]:
            module = engine.net.layers[f"l{index}"] if f"l{index}" in engine.net.layers else None
            return (value_of(ctx, node, names[0], module, "ParamName"),)
    raise ctx.param_error("value", "LayerName", f"the model has no layer {layer[0]!r}")


@operator(
    "get_dl_model_layer",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlIn("LayerNames", types="string", count=(1, None)),
    ControlOut("DLLayers", types="handle", count=(1, None), sem="dl_layer"),
)
def get_dl_model_layer(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """Deep copies of the named layers and all their ancestors, with their current weights.

    The copies feed new create_dl_layer_* calls and create_dl_model (reference page of
    get_dl_model_layer, 21.11+); layers shared by several named ones are copied once.
    hdlite copies the layers of models built from layers only.
    """
    import copy

    from .dl_layered_ops import _main_output, is_layered
    from .dl_layers import Node

    model = handle[0].obj
    if not is_layered(model):
        raise ctx.param_error(
            "value", "DLModelHandle", f"hdlite copies layers of models built from layers only, "
            f"not of a {model.type} model"
        )  # fmt: skip
    engine = model.clf
    by_name = {node.name: node for node in engine.nodes}
    copies: dict[int, Node] = {}
    for index, node in enumerate(engine.nodes):  # feeding layers come first
        key = f"l{index}"
        weights = {}
        if key in engine.net.layers:
            state = engine.net.layers[key].state_dict()
            weights = {k: v.detach().cpu().numpy().copy() for k, v in state.items()}
        feeds = tuple(copies[id(f.node)].outputs()[f.port] for f in node.inputs)
        copies[id(node)] = Node(
            node.kind, node.name, feeds, copy.deepcopy(node.params), node.shapes,
            dict(node.gen), weights,
        )  # fmt: skip
    out = []
    for name in names:
        found = by_name.get(name)
        if found is None:
            raise ctx.param_error("value", "LayerNames", f"the model has no layer {name!r}")
        out.append(Handle("dl_layer", _main_output(copies[id(found)])))
    return (tuple(out),)


#: parameters set_dl_model_layer_param changes in a built model: name -> allowed values
SETTABLE = {
    "is_inference_output": ("true", "false"),
    "output_mode": ("default", "no_log_training", "log_inference"),
    "learning_rate_multiplier": (1.0, 0.0),
    "learning_rate_multiplier_bias": (1.0, 0.0),
}


@operator(
    "set_dl_model_layer_param",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlIn("LayerName", types="string", count=1),
    ControlIn("ParamName", types="string", count=1, default="is_inference_output"),
    ControlIn("ParamValue", types=("string", "integer", "real"), count=(1, None)),
)
def set_dl_model_layer_param(
    ctx: CallContext, handle: tuple, layer: tuple, names: tuple, values: tuple
) -> tuple:
    """Change a parameter of one layer of a model built from layers.

    hdlite changes 'is_inference_output', the softmax 'output_mode' and the learning rate
    multipliers (1.0 or 0.0: frozen) of layers that have them (they are kept in files);
    other names are a wrong value of ParamName.
    """
    from .dl_layered_ops import is_layered

    model = handle[0].obj
    if not is_layered(model):
        raise ctx.param_error(
            "value", "DLModelHandle", f"hdlite sets layers of models built from layers only, "
            f"not of a {model.type} model"
        )  # fmt: skip
    engine = model.clf
    index = next((i for i, n in enumerate(engine.nodes) if n.name == layer[0]), None)
    if index is None:
        raise ctx.param_error("value", "LayerName", f"the model has no layer {layer[0]!r}")
    node, name = engine.nodes[index], names[0]
    if name not in SETTABLE or name not in node.gen:
        raise ctx.param_error("value", "ParamName", f"{name!r} cannot be set on {layer[0]!r}")
    value = values[0] if len(values) == 1 else None
    if type(value) in (int, float) and not isinstance(SETTABLE[name][0], str):
        value = float(value)  # type: ignore[arg-type]
    if value not in SETTABLE[name]:
        raise ctx.param_error("value", "ParamValue", f"{name} must be one of {SETTABLE[name]}")
    node.gen[name] = value
    if name.startswith("learning_rate_multiplier"):
        module = engine.net.layers[f"l{index}"]
        tensor = module.bias if name.endswith("_bias") else module.weight
        if tensor is not None:
            tensor.requires_grad_(value != 0.0)
    return ()
