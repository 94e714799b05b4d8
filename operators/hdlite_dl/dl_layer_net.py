"""The compiler from a layer graph (:mod:`.dl_layers`) to a torch module.

:class:`LayerNet` holds one torch module per layer with weights (keyed ``l<index>`` in
the graph's topological order, so the state dict of a graph read back from a file has the
same keys) and runs the graph: ``forward(feeds, wanted)`` takes tensors for the input
layers (by layer name, ``(N, depth, height, width)``) and returns the tensors of the
wanted layer outputs, computing only the layers they depend on.

Initial weights (reference pages of create_dl_layer_convolution, 'weight_filler'):
'xavier' draws uniformly from ``[-a, a]`` with ``a = sqrt(3 / n)``, 'msra' from a normal
distribution with standard deviation ``sqrt(2 / n)``, 'const' sets the constant value;
``n`` is the fan-in ('norm_in'), the fan-out ('norm_out') or their mean ('norm_average').
Biases are filled the same way by 'bias_filler' (default 'const' with
'bias_filler_const_val' 0). A learning rate multiplier of 0 freezes the weights or bias.

Softmax (reference of create_dl_layer_softmax, 22.11+): probabilities in inference and
their logarithm in training, for the cross-entropy loss; 'output_mode' 'no_log_training'
and 'log_inference' change that. The cross-entropy loss takes the value of its input at
the target index (a log-probability in training).

Batch normalization: HALCON's running mean is ``momentum * mean + (1 - momentum) *
batch_mean``, so torch's momentum is ``1 - Momentum``; 'auto' is the cumulative average
(torch's ``momentum=None``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from .dl_layers import LayerOut, Node


def _fill(weight: torch.Tensor, gen: dict, fan_in: int, fan_out: int, what: str = "weight") -> None:
    kind = gen[f"{what}_filler"]
    if kind == "const":
        nn.init.constant_(weight, gen[f"{what}_filler_const_val"])
        return
    norm = gen[f"{what}_filler_variance_norm"]
    n = {"norm_in": fan_in, "norm_out": fan_out}.get(norm, (fan_in + fan_out) / 2)
    with torch.no_grad():
        if kind == "xavier":
            bound = math.sqrt(3.0 / n)
            weight.uniform_(-bound, bound)
        else:
            weight.normal_(0.0, math.sqrt(2.0 / n))


def _init(module: nn.Module, gen: dict, fan_in: int, fan_out: int) -> nn.Module:
    _fill(module.weight, gen, fan_in, fan_out)  # type: ignore[arg-type]
    bias = module.bias  # type: ignore[union-attr]
    if bias is not None:
        _fill(bias, gen, fan_in, fan_out, "bias")  # type: ignore[arg-type]
        if gen["learning_rate_multiplier_bias"] == 0.0:
            bias.requires_grad_(False)  # type: ignore[union-attr]
    if gen["learning_rate_multiplier"] == 0.0:  # "the layer is skipped during training"
        module.weight.requires_grad_(False)  # type: ignore[operator]
    return module


def build_module(node: Node) -> nn.Module | None:
    """The torch module of a layer with state; None for layers without."""
    p, gen = node.params, node.gen
    bias = gen.get("bias_term") == "true"
    if node.kind == "convolution":
        kw, kh = p["kernel"]
        conv = nn.Conv2d(
            p["in_depth"],
            p["num_kernel"],
            (kh, kw),
            (p["stride"][1], p["stride"][0]),
            0,
            p["dilation"],
            p["groups"],
            bias,
        )
        area = kw * kh
        return _init(conv, gen, p["in_depth"] // p["groups"] * area, p["num_kernel"] * area)
    if node.kind == "transposed_convolution":
        k = p["kernel"]
        conv_t = nn.ConvTranspose2d(
            p["in_depth"],
            p["num_kernel"],
            k,
            p["stride"],
            (p["pad"][2], p["pad"][0]),
            groups=p["groups"],
            bias=bias,
        )
        area = k * k
        return _init(conv_t, gen, p["in_depth"] * area, p["num_kernel"] // p["groups"] * area)
    if node.kind == "dense":
        dense = nn.Linear(p["in_features"], p["num_out"], bias)
        return _init(dense, gen, p["in_features"], p["num_out"])
    if node.kind == "batch_normalization":
        m = p["momentum"]
        return nn.BatchNorm2d(p["depth"], p["epsilon"], None if m == "auto" else 1.0 - m)
    if node.kind == "dropout":
        return nn.Dropout(p["probability"])
    return None


def _pool(x: torch.Tensor, p: dict) -> torch.Tensor:
    mode = p["mode"]
    if mode == "global_maximum":
        return F.adaptive_max_pool2d(x, (p["kernel"][1], p["kernel"][0]))
    if mode == "global_average":
        return F.adaptive_avg_pool2d(x, (p["kernel"][1], p["kernel"][0]))
    left, right, top, bottom = p["pad"]
    kernel = (p["kernel"][1], p["kernel"][0])
    stride = (p["stride"][1], p["stride"][0])
    if mode == "maximum":
        x = F.pad(x, (left, right, top, bottom), value=-math.inf)
        return F.max_pool2d(x, kernel, stride)
    x = F.pad(x, (left, right, top, bottom))
    return F.avg_pool2d(x, kernel, stride)


def _zoom(x: torch.Tensor, p: dict) -> torch.Tensor:
    size = (p["height"], p["width"])
    if p["interpolation"] == "nearest_neighbor":
        return F.interpolate(x, size=size, mode="nearest")
    return F.interpolate(x, size=size, mode="bilinear", align_corners=p["align_corners"] == "true")


class LayerNet(nn.Module):
    """A network compiled from a layer graph; runs only the layers an output needs."""

    def __init__(self, nodes: list[Node]) -> None:
        super().__init__()
        self.nodes = nodes
        self.index = {id(node): i for i, node in enumerate(nodes)}
        self.layers = nn.ModuleDict()
        for i, node in enumerate(nodes):
            module = build_module(node)
            if module is not None:
                if node.weights:  # a copied layer starts from the weights it had
                    state = {k: torch.from_numpy(v) for k, v in node.weights.items()}
                    module.load_state_dict(state)
                self.layers[f"l{i}"] = module
        self.head = True  # the model always has its outputs (DLClassifier checks a head)
        #: the model's class ids, for the class id conversion layers
        self.class_ids: tuple[int, ...] = ()

    def node(self, name: str) -> Node | None:
        """The layer called ``name``."""
        return next((n for n in self.nodes if n.name == name), None)

    def forward(  # type: ignore[override]
        self, feeds: dict[str, torch.Tensor], wanted: list[LayerOut]
    ) -> list[torch.Tensor]:
        values: dict[int, list[torch.Tensor]] = {}

        def run(node: Node) -> list[torch.Tensor]:
            key = id(node)
            if key not in values:
                args = [run(feed.node)[feed.port] for feed in node.inputs]
                values[key] = self._layer(node, args, feeds)
            return values[key]

        return [run(out.node)[out.port] for out in wanted]

    def _layer(
        self, node: Node, args: list[torch.Tensor], feeds: dict[str, torch.Tensor]
    ) -> list[torch.Tensor]:
        p, kind = node.params, node.kind
        module: Any = (
            self.layers[f"l{self.index[id(node)]}"]
            if f"l{self.index[id(node)]}" in (self.layers)
            else None
        )
        x = args[0] if args else None
        if kind == "input":
            return [feeds[node.name]]
        assert x is not None
        if kind == "convolution":
            left, right, top, bottom = p["pad"]
            y = module(F.pad(x, (left, right, top, bottom)))
            return [F.relu(y) if p["activation"] == "relu" else y]
        if kind in ("transposed_convolution", "dropout"):
            return [module(x)]
        if kind == "batch_normalization":
            y = module(x)
            return [F.relu(y) if p["activation"] == "relu" else y]
        if kind == "dense":
            return [module(x.flatten(1))[:, :, None, None]]
        if kind == "pooling":
            return [_pool(x, p)]
        if kind == "activation":
            return [_activate(x, p["type"], node.gen)]
        if kind == "concat":
            dim = {"depth": 1, "height": 2, "width": 3}[p["axis"]]
            return [torch.cat(args, dim=dim)]
        if kind == "elementwise":
            return [_elementwise(args, p)]
        if kind == "depth_max":
            value, arg = torch.max(x, dim=1, keepdim=True)
            return [arg.to(x.dtype), value]
        if kind == "reshape":
            w, h, d = node.shapes[0]
            return [x.reshape(x.shape[0], d, h, w)]
        if kind == "identity":
            return [x]
        if kind == "softmax":
            mode = node.gen.get("output_mode", "default")
            log = mode == "log_inference" or (self.training and mode == "default")
            return [torch.log_softmax(x, dim=1) if log else torch.softmax(x, dim=1)]
        if kind == "zoom":
            return [_zoom(x, p)]
        if kind == "class_id_conversion":
            return [self._convert(x, p["mode"])]
        if kind == "loss_cross_entropy":
            return [_cross_entropy(args, p["loss_weight"])]
        raise AssertionError(f"no rule for layer kind {kind!r}")

    def _convert(self, x: torch.Tensor, mode: str) -> torch.Tensor:
        if not self.class_ids:
            return x
        ids = torch.tensor(self.class_ids, dtype=x.dtype, device=x.device)
        if mode == "to_class_id":
            index = x.round().long().clamp(0, len(self.class_ids) - 1)
            return ids[index]
        # from_class_id: the index of each id; ids that are not class ids become -1
        match = x.unsqueeze(-1) == ids
        return torch.where(match.any(-1), match.float().argmax(-1).to(x.dtype), -1.0)


#: activations without parameters: ActivationType -> function
ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "relu": F.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "abs": torch.abs,
    "acos": torch.acos,
    "asin": torch.asin,
    "atan": torch.atan,
    "ceil": torch.ceil,
    "cos": torch.cos,
    "cosh": torch.cosh,
    "erf": torch.erf,
    "exp": torch.exp,
    "floor": torch.floor,
}


def _activate(x: torch.Tensor, kind: str, gen: dict) -> torch.Tensor:
    if kind == "elu":
        return F.elu(x, gen["alpha"])
    if kind == "celu":
        return F.celu(x, gen["alpha"])
    return ACTIVATIONS[kind](x)


def _elementwise(args: list[torch.Tensor], p: dict) -> torch.Tensor:
    op = p["operation"]
    full = args[0].shape
    if op == "sum":
        coeffs = p["coefficients"] or [1.0] * len(args)
        out = args[0] * coeffs[0]
        for arg, c in zip(args[1:], coeffs[1:], strict=True):
            out = out + arg * c
        return out
    out = args[0]
    for arg in args[1:]:
        if op == "product":
            out = out * arg
        elif op == "maximum":
            out = torch.maximum(out, arg)
        elif op == "minimum":
            out = torch.minimum(out, arg)
        else:
            out = out / arg
    return out.expand(full)


def _cross_entropy(args: list[torch.Tensor], loss_weight: float) -> torch.Tensor:
    probs, target = args[0], args[1]
    weight = args[2][:, 0] if len(args) > 2 else torch.ones_like(target[:, 0])
    index = target[:, 0].round().long()
    valid = (index >= 0) & (index < probs.shape[1])
    weight = torch.where(valid, weight, torch.zeros_like(weight))
    safe = torch.where(valid, index, torch.zeros_like(index))
    picked = probs.gather(1, safe[:, None]).squeeze(1)  # log-probabilities in training
    total = weight.sum().clamp(min=1e-12)  # W: the sum of the weights (N without weights)
    loss = -(weight * picked).sum() / total
    return (loss_weight * loss).reshape(1, 1, 1, 1)
