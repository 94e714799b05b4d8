"""The graph behind ``dl_layer`` handles: small layer nodes and HALCON's output shape rules.

A ``create_dl_layer_*`` operator (:mod:`.dl_layer_ops`) makes one :class:`Node` that
holds the layer's kind, its unique name, its feeding layers and its parameters (plain JSON
values), and computes its output shape at once, as HALCON does. No torch here: the graph
becomes a network only in ``create_dl_model`` (:mod:`.dl_layer_net`). A handle holds a
:class:`LayerOut`, one output of a node (``create_dl_layer_depth_max`` has two).

Shapes are HALCON's ``[width, height, depth]`` (the batch size is the model's). Rules, from
the reference pages of the create_dl_layer_* operators (mvtec.com/doc/halcon/2111 ... 2605,
visionbbs.com mirrors); where a page was not read in full the rule is PyTorch's and marked:

* convolution: ``out = floor((in + pad_begin + pad_end - (dilation * (k - 1) + 1)) /
  stride) + 1``; Padding ``'none'`` (0), ``'half_kernel_size'`` (``floor(k / 2)`` on
  both sides), ``'implicit'`` (nothing on the left and top, on the right and bottom what
  makes ``out = ceil(in / stride)`` [unverified amount]), or numbers: one for all sides,
  two ``[left/right, top/bottom]``, four ``[left, right, top, bottom]`` (pooling page,
  visionbbs.com/doc/halcon/2211/create_dl_layer_pooling.html);
* pooling: the same rule with dilation 1; 'global_maximum' / 'global_average' give an
  output of KernelSize (the pooling page: "define the desired output dimensions via the
  parameter KernelSize", e.g. 1 for the mean over the whole plane);
* transposed convolution: ``out = (in - 1) * stride + k - pad_begin - pad_end``;
* dense: ``[1, 1, NumOut]``; depth_max: depth 1; concat: the sum along the axis, the other
  sizes equal; zoom_factor: ``floor(in * factor)`` [unverified rounding].
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

#: layer kinds whose node carries a loss (they define training)
LOSS_KINDS = ("loss_cross_entropy",)


@dataclass(eq=False)
class Node:
    """One layer: kind, unique name, feeding outputs, JSON parameters, output shapes."""

    kind: str
    name: str
    inputs: tuple[LayerOut, ...]
    params: dict[str, Any]
    shapes: tuple[tuple[int, int, int], ...]
    gen: dict[str, Any] = field(default_factory=dict)
    #: start weights (state dict arrays) of a layer copied by get_dl_model_layer
    weights: dict[str, Any] = field(default_factory=dict)

    def outputs(self) -> tuple[LayerOut, ...]:
        """One handle object per output of the layer."""
        return tuple(LayerOut(self, port) for port in range(len(self.shapes)))


@dataclass(frozen=True, eq=False)
class LayerOut:
    """What a ``dl_layer`` handle holds: output ``port`` of ``node``."""

    node: Node
    port: int = 0

    @property
    def shape(self) -> tuple[int, int, int]:
        """HALCON's ``[width, height, depth]`` of this output."""
        return self.node.shapes[self.port]


def graph(outputs: list[LayerOut]) -> list[Node]:
    """All nodes the outputs depend on, feeding layers first (a topological order).

    Raises:
        ValueError: two different layers with the same name.
    """
    order: list[Node] = []
    seen: set[int] = set()
    names: dict[str, Node] = {}

    def visit(node: Node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        for feed in node.inputs:
            visit(feed.node)
        other = names.setdefault(node.name, node)
        if other is not node:
            raise ValueError(f"two layers are named {node.name!r}")
        order.append(node)

    for out in outputs:
        visit(out.node)
    return order


# -- shape rules ---------------------------------------------------------------------------


def pair(values: tuple | list) -> tuple[int, int]:
    """``(width, height)`` from one value or ``[width, height]``."""
    return (int(values[0]), int(values[-1]))


def pads(
    padding: Any, size: tuple[int, int], kernel: tuple[int, int], stride: tuple[int, int], dil: int
) -> tuple[int, int, int, int]:
    """``(left, right, top, bottom)`` padding of a convolution or pooling window."""
    if padding == "none":
        return (0, 0, 0, 0)
    if padding == "half_kernel_size":
        return (kernel[0] // 2, kernel[0] // 2, kernel[1] // 2, kernel[1] // 2)
    if padding == "implicit":
        out = []
        for axis in (0, 1):
            extent = dil * (kernel[axis] - 1) + 1
            target = math.ceil(size[axis] / stride[axis])
            total = max((target - 1) * stride[axis] + extent - size[axis], 0)
            out += [0, total]
        return (out[0], out[1], out[2], out[3])
    values = [int(v) for v in padding]
    if len(values) == 1:
        return (values[0],) * 4  # type: ignore[return-value]
    if len(values) == 2:
        return (values[0], values[0], values[1], values[1])
    return (values[0], values[1], values[2], values[3])


def window_out(
    size: tuple[int, int],
    kernel: tuple[int, int],
    stride: tuple[int, int],
    pad: tuple[int, int, int, int],
    dil: int = 1,
) -> tuple[int, int]:
    """Output ``(width, height)`` of a sliding window (convolution, pooling)."""
    w = (size[0] + pad[0] + pad[1] - (dil * (kernel[0] - 1) + 1)) // stride[0] + 1
    h = (size[1] + pad[2] + pad[3] - (dil * (kernel[1] - 1) + 1)) // stride[1] + 1
    return (w, h)


def transposed_out(
    size: tuple[int, int], kernel: int, stride: int, pad: tuple[int, int, int, int]
) -> tuple[int, int]:
    """Output ``(width, height)`` of a transposed convolution."""
    w = (size[0] - 1) * stride + kernel - pad[0] - pad[1]
    h = (size[1] - 1) * stride + kernel - pad[2] - pad[3]
    return (w, h)
