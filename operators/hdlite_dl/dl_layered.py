"""The engine of models built from layers (create_dl_model) and its file content.

:class:`DLLayered` reuses the classifier engine's machinery (device, SGD with HALCON's
momentum form or Adam, learning-rate and weight-prior changes, batch size and
multiplier) with a :class:`~.dl_layer_net.LayerNet` compiled from the graph. A
:class:`~.dl_model.DLModel` wraps it; its 'type' is 'generic' after create_dl_model
[unverified name] and may be set to 'classification' or 'segmentation' (the public UNet
program sets 'segmentation'): the graph defines what the model does whatever its type.

The image parameters are those of the input layer named ``'image'`` (``[1, 1, 1]`` when
there is none). Model files: the container of :mod:`.codec` with header ``'type'``
``'dl_layered'``, the graph as JSON (kinds, names, feeding layers, parameters, shapes),
the output layers, the classes and the persisted parameters, and the weights by layer
index. Nothing in a file is executed.
"""

from __future__ import annotations

from typing import Any

import torch

from hdlite.plugin import HalconError

from . import backbones, codec
from .dl_layer_net import LayerNet
from .dl_layers import LayerOut, Node, graph
from .handles import PERSISTED, DLClassifier

FILE_TYPE = "dl_layered"
#: the layer kinds a file may name
KINDS = (
    "input", "convolution", "transposed_convolution", "pooling", "dense", "activation",
    "batch_normalization", "concat", "elementwise", "depth_max", "dropout", "reshape",
    "softmax", "zoom", "class_id_conversion", "loss_cross_entropy", "identity",
)  # fmt: skip


def _cfg(nodes: list[Node]) -> backbones.BackboneCfg:
    image = next((n for n in nodes if n.kind == "input" and n.name == "image"), None)
    size = image.shapes[0] if image is not None else (1, 1, 1)
    return backbones.BackboneCfg(
        name="layered",
        architecture="a network built from layers",
        weights_arch="",
        num_features=0,
        min_size=1,
        batch_size=1,
        input_size=size,
        arch=FILE_TYPE,
    )


class DLLayered(DLClassifier):
    """A network built from layers: the graph, its compiled module and the parameters."""

    net: LayerNet  # type: ignore[assignment]
    layered = True

    def __init__(self, nodes: list[Node], outputs: list[LayerOut]) -> None:
        super().__init__(_cfg(nodes), LayerNet(nodes))  # type: ignore[arg-type]
        self.nodes = nodes
        self.outputs = outputs
        #: the model type a file recorded (read back by DLModel.from_bytes)
        self.saved_type = "generic"
        #: 'ignore_class_ids' (segmentation): class ids whose pixels do not count
        self.ignore_class_ids: tuple[int, ...] = ()

    @classmethod
    def create(cls, outputs: list[LayerOut]) -> DLLayered:
        """A new model on the graph that ends in ``outputs``.

        Raises:
            ValueError: two layers of the graph share a name.
        """
        return cls(graph(outputs), outputs)

    def set_classes(self, classes: tuple[str, ...]) -> None:
        """Class names only label the outputs: the graph does not change."""
        self.classes = classes

    def prepare(self, training: bool) -> LayerNet:  # type: ignore[override]
        """The network on its device in train or eval mode."""
        return super().prepare(training)  # type: ignore[return-value]

    def init_runtime(self) -> None:
        """``runtime_init 'immediately'``: place the network on its device now (the graph
        has no single input to run a trial batch with)."""
        from .handles import resolve_device

        device = resolve_device(self.runtime, self.gpu)
        if device != self.device:
            self._move(device)

    def losses(self) -> list[Node]:
        """The loss layers of the graph (they define training)."""
        return [node for node in self.nodes if node.kind == "loss_cross_entropy"]

    # -- files ---------------------------------------------------------------------------

    def to_bytes(self, extra: dict[str, Any] | None = None) -> bytes:
        """The content of a model file (see :mod:`.codec` for the layout)."""
        index = {id(node): i for i, node in enumerate(self.nodes)}
        layers = [
            {
                "kind": node.kind,
                "name": node.name,
                "inputs": [[index[id(feed.node)], feed.port] for feed in node.inputs],
                "params": node.params,
                "gen": node.gen,
                "shapes": [list(shape) for shape in node.shapes],
            }
            for node in self.nodes
        ]
        header = {
            "type": FILE_TYPE,
            "layers": layers,
            "outputs": [[index[id(out.node)], out.port] for out in self.outputs],
            "classes": list(self.classes),
            "params": {name: getattr(self, name) for name in PERSISTED},
            "ignore_class_ids": list(self.ignore_class_ids),
        }
        if extra:
            header.update(extra)
        tensors = {k: v.detach().cpu().numpy() for k, v in self.net.state_dict().items()}
        return codec.encode(header, tensors)

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "file") -> DLLayered:
        """Rebuild a model from the bytes :meth:`to_bytes` wrote.

        Raises:
            HalconError: 7780 for damaged content (also 5238/7782 from the container).
        """
        header, arrays = codec.decode(data, source)
        try:
            nodes, outputs = _graph_from(header)
            model = cls(nodes, outputs)  # builds the modules: bad parameters fail here
        except (KeyError, TypeError, ValueError, IndexError, RuntimeError) as exc:
            raise HalconError(7780, f"{source}: bad layer graph ({exc})") from None
        classes = header.get("classes")
        if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
            raise HalconError(7780, f"{source}: bad class list")
        model.classes = tuple(classes)
        ignored = header.get("ignore_class_ids", [])
        if not isinstance(ignored, list) or not all(type(i) is int and i >= 0 for i in ignored):
            raise HalconError(7780, f"{source}: bad ignore_class_ids")
        model.ignore_class_ids = tuple(ignored)
        model._load_params(header.get("params"), source)
        section = header.get("dl_model")
        if isinstance(section, dict) and isinstance(section.get("type"), str):
            model.saved_type = section["type"]
        state = {key: torch.from_numpy(array) for key, array in arrays.items()}
        try:
            model.net.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            first = str(exc).strip().splitlines()[0][:200]
            raise HalconError(7780, f"{source}: weights do not match the graph ({first})") from None
        return model


def _graph_from(header: dict) -> tuple[list[Node], list[LayerOut]]:
    nodes: list[Node] = []
    for entry in header["layers"]:
        if entry["kind"] not in KINDS or not isinstance(entry["name"], str):
            raise ValueError(f"unknown layer {entry['kind']!r}")
        if not isinstance(entry["params"], dict) or not isinstance(entry["gen"], dict):
            raise ValueError("layer parameters")
        feeds = tuple(LayerOut(nodes[i], int(port)) for i, port in entry["inputs"])
        shapes = tuple(tuple(int(s) for s in shape) for shape in entry["shapes"])
        node = Node(entry["kind"], entry["name"], feeds, entry["params"], shapes, entry["gen"])  # type: ignore[arg-type]
        nodes.append(node)
    outputs = [LayerOut(nodes[i], int(port)) for i, port in header["outputs"]]
    if not outputs or graph(outputs) != nodes:
        raise ValueError("the layers are not the graph of the outputs")
    return nodes, outputs
