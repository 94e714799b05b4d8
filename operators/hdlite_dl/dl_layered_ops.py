"""create_dl_model, and what the dl_model operators do for models built from layers.

``create_dl_model(OutputLayers : DLModelHandle)`` builds the network of every layer the
output layers depend on; each layer name must be unique (reference page of
create_dl_model, 21.05+). Torch is imported here, not when layers are created.

Samples: every input layer on the way to the layers that are needed is fed by the sample
key of its name (``'image'``, ``'segmentation_image'``, ``'weight_image'``,
``'image_label_id'``...): one image of the layer's width, height and depth (any pixel
type), or as many numbers as the layer holds. A missing key is 7783, a wrong size
2106/2107/3122 (7789 for a tuple of the wrong length, 7790 for one that is not numbers).

Training (train_dl_model_batch) runs the loss layers: ``total_loss`` is their sum (plus
the weight prior's term, as for the other types) and DLTrainResult also holds every loss
layer's value under its name, as the reference of train_dl_model_batch describes ("the
total loss ... as well as the values for all other losses included in your model").

Inference (apply_dl_model): ``Outputs`` names layers; ``[]`` gives the layers created
with 'is_inference_output' 'true' and the output layers of create_dl_model that are not
losses (hdlite's choice for the latter). Each result dict holds one key per layer name:
a 1x1 layer gives a tuple of its depth values, a larger one an image with one channel per
depth value ('real'; the index of depth_max and class id conversions are 'byte' when their
values fit, else 'int4'). Models of type 'segmentation' or 'classification' also give the
standard result keys of their type (:mod:`.dl_layered_types`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    HalconError,
    Handle,
    Image,
    ObjectTuple,
    operator,
)

from . import batches, dl_samples, params, seeding, training
from .dl_model import KIND

if TYPE_CHECKING:
    import torch

    from .dl_layered import DLLayered
    from .dl_layers import LayerOut, Node
    from .dl_model import DLModel

Values = params.Values
#: the types a layer-built model may be given ('generic' is the type create_dl_model gives)
TYPES = ("generic", "classification", "segmentation")


def is_layered(model: DLModel) -> bool:
    """Whether the model was built from layers."""
    return getattr(model.clf, "layered", False) is True


@operator(
    "create_dl_model",
    ControlIn("OutputLayers", types="handle", count=(1, None), sem="dl_layer"),
    ControlOut("DLModelHandle", types="handle", count=1, sem=KIND),
)
def create_dl_model(ctx: CallContext, layers: tuple) -> tuple:
    """A deep-learning model from the graph that ends in the given layers."""
    from .dl_layer_args import Args
    from .dl_layered import DLLayered
    from .dl_model import DLModel

    seeding.attach(ctx.session)
    outputs = Args(ctx).layers("OutputLayers", layers)
    try:
        engine = DLLayered.create(outputs)
    except ValueError as exc:
        raise ctx.param_error("value", "OutputLayers", str(exc)) from None
    return ((ctx.new_handle(KIND, DLModel(engine, "generic")),),)


# -- parameters ------------------------------------------------------------------------------


def _engine(m: DLModel) -> DLLayered:
    return m.clf  # type: ignore[return-value]


def _set_type(v: Values, m: DLModel) -> None:
    m.type = v.choice(TYPES)


def _set_ignore(v: Values, m: DLModel) -> None:
    """'ignore_class_ids' of a segmentation model: read by the preprocessing procedures;
    their pixels are not class ids, so a 'from_class_id' conversion makes them -1 and the
    cross-entropy loss does not count them."""
    for value in v.values:
        if type(value) is not int or value < 0:
            raise v.fail("value", f"class ids are integers >= 0, got {value!r}")
    _engine(m).ignore_class_ids = tuple(dict.fromkeys(v.values))


def _summary(ctx: CallContext, m: DLModel) -> tuple:
    return tuple(f"{n.name}: {n.kind} {[list(s) for s in n.shapes]}" for n in _engine(m).nodes)


def _input_size(name: str) -> tuple[Any, Any]:
    """An image size parameter that must keep the shape of the input layer 'image'.

    HALCON recomputes the layers' shapes for a new input size; hdlite computes them once,
    when the layers are created, so a different size is a wrong value (the same size is
    accepted, as preprocessing procedures set it).
    """

    def put(v: Values, m: DLModel) -> None:
        e = _engine(m)
        before = (e.image_width, e.image_height, e.image_num_channels)
        if name == "image_size":
            if len(v.values) != 2:
                raise v.fail("count", f"expects [width, height], got {len(v.values)} values")
            params.PARAMS["image_dimensions"].set(Values(v.ctx, name, (*v.values, before[2])), e)  # type: ignore[misc]
        else:
            params.PARAMS[name].set(v, e)  # type: ignore[misc]
        if (e.image_width, e.image_height, e.image_num_channels) != before:
            e.image_width, e.image_height, e.image_num_channels = before
            raise v.fail(
                "value", f"the input layer 'image' of this model is {list(before)}; hdlite "
                "cannot change the input size of a model built from layers"
            )  # fmt: skip

    def get(ctx: CallContext, m: DLModel) -> tuple:
        e = _engine(m)
        size = (e.image_width, e.image_height, e.image_num_channels)
        return {"image_width": size[:1], "image_height": size[1:2],
                "image_num_channels": size[2:], "image_size": size[:2]}.get(name, size)  # fmt: skip

    return (get, put)


#: parameters of a layer-built model on top of the generic ones: name -> (getter, setter)
PARAMS: dict[str, tuple[Any, Any]] = {
    **{
        name: _input_size(name)
        for name in (
            "image_width",
            "image_height",
            "image_num_channels",
            "image_dimensions",
            "image_size",
        )
    },
    "type": (lambda ctx, m: (m.type,), _set_type),
    "ignore_class_ids": (lambda ctx, m: _engine(m).ignore_class_ids, _set_ignore),
    "layer_names": (lambda ctx, m: tuple(n.name for n in _engine(m).nodes), None),
    "summary": (_summary, None),
}


# -- samples -----------------------------------------------------------------------------------


def _needed_inputs(outs: list[LayerOut]) -> list[Node]:
    from .dl_layers import graph

    return [node for node in graph(outs) if node.kind == "input"]


def _feed(node: Node, samples: list[dict], start: int, stop: int) -> np.ndarray:
    w, h, d = node.shapes[0]
    rows = []
    for index in range(start, min(stop, len(samples))):
        sample = samples[index]
        if node.name not in sample:
            raise HalconError(7783, f"DLSampleBatch[{index}] has no key {node.name!r}")
        value = sample[node.name]
        if isinstance(value, ObjectTuple):
            if len(value) != 1 or not isinstance(value.objects[0], Image):
                raise HalconError(7790, f"DLSampleBatch[{index}].{node.name}: not one image")
            data = value.objects[0].data
            c, ih, iw = data.shape
            where = f"DLSampleBatch[{index}].{node.name}"
            if iw != w:
                raise HalconError(2106, f"{where} is {iw} wide, the layer {w}")
            if ih != h:
                raise HalconError(2107, f"{where} is {ih} high, the layer {h}")
            if c != d:
                raise HalconError(3122, f"{where} has {c} channels, the layer {d}")
            array = data.astype(np.float32)
        else:
            numbers = [v for v in value if type(v) in (int, float)]
            if len(numbers) != len(value):
                raise HalconError(7790, f"DLSampleBatch[{index}].{node.name}: not numbers")
            if len(numbers) != w * h * d:
                raise HalconError(
                    7789, f"DLSampleBatch[{index}].{node.name}: expects {w * h * d} numbers"
                )
            array = np.asarray(numbers, dtype=np.float32).reshape(d, h, w)
        if not np.all(np.isfinite(array)):
            raise HalconError(9003, f"DLSampleBatch[{index}].{node.name}: values not finite")
        rows.append(array)
    return np.stack(rows)


def _feeds(
    engine: DLLayered, inputs: list[Node], samples: list[dict], start: int, stop: int
) -> dict[str, torch.Tensor]:
    import torch

    return {
        node.name: torch.from_numpy(_feed(node, samples, start, stop)).to(engine.device)
        for node in inputs
    }


# -- training and inference ------------------------------------------------------------------


def train_batch(ctx: CallContext, model: DLModel, batch: tuple) -> tuple:
    """train_dl_model_batch for a layer-built model (the batch size is checked already)."""
    import torch

    engine = _engine(model)
    losses = engine.losses()
    if not losses:
        raise ctx.error(7788, "the model has no loss layer to train")
    wanted = [node.outputs()[0] for node in losses]
    inputs = _needed_inputs(wanted)
    samples = dl_samples.entries(batch)
    net = engine.prepare(training=True)
    net.class_ids = model.class_ids
    optimizer = model.optimizer()
    optimizer.zero_grad(set_to_none=True)
    chunks = range(0, len(samples), engine.batch_size)
    totals = torch.zeros(len(losses))
    with batches.out_of_memory(engine):
        for start in chunks:
            feeds = _feeds(engine, inputs, samples, start, start + engine.batch_size)
            try:
                values = [v.reshape(()) for v in net(feeds, wanted)]
                loss = torch.stack(values).sum() / len(chunks)
                if loss.requires_grad:  # not when every weight before the loss is frozen
                    loss.backward()
            except (RuntimeError, ValueError) as exc:
                if batches.is_out_of_memory(exc):
                    raise
                raise ctx.error(7720, str(exc).strip().splitlines()[0][:300]) from None
            totals += torch.stack([v.detach().cpu() for v in values]) / len(chunks)
        total = totals.sum()
        if engine.weight_prior:
            total = total + training.prior_loss(optimizer, engine.weight_prior).cpu()
        optimizer.step()
    value = float(total)
    if value != value or value in (float("inf"), float("-inf")):
        raise ctx.error(7720, f"the loss is {value}; lower the learning rate")
    result: dict[str, tuple] = {"total_loss": (value,)}
    for node, part in zip(losses, totals.tolist(), strict=True):
        result[node.name] = (part,)
    return ((Handle("dict", result),),)


def _outputs(ctx: CallContext, engine: DLLayered, names: tuple) -> list[LayerOut]:
    by_name = {node.name: node for node in engine.nodes}
    chosen: list[LayerOut] = []
    if not names:
        for node in engine.nodes:
            if node.gen.get("is_inference_output") == "true":
                chosen.append(_main_output(node))
        for out in engine.outputs:
            if out.node.kind != "loss_cross_entropy" and out not in chosen:
                chosen.append(out)
        return list({id(o.node): o for o in chosen}.values())
    for name in names:
        found = by_name.get(name) if type(name) is str else None
        if found is None:
            raise ctx.param_error("value", "Outputs", f"the model has no layer {name!r}")
        chosen.append(_main_output(found))
    return chosen


def _main_output(node: Node) -> LayerOut:
    outs = node.outputs()
    return outs[1] if node.kind == "depth_max" and node.params["mode"] == "value" else outs[0]


def _is_integer(out: LayerOut) -> bool:
    return (out.node.kind == "depth_max" and out.port == 0) or (
        out.node.kind == "class_id_conversion"
    )


def _result(out: LayerOut, value: np.ndarray) -> Any:
    integer = _is_integer(out)
    if value.shape[1] == 1 and value.shape[2] == 1:
        flat = value.reshape(-1)
        return tuple(int(np.rint(v)) for v in flat) if integer else tuple(float(v) for v in flat)
    if integer:
        ids = np.rint(value)
        if ids.min(initial=0) >= 0 and ids.max(initial=0) <= 255:
            return ObjectTuple([Image(ids.astype(np.uint8), "byte")])
        return ObjectTuple([Image(ids.astype(np.int32), "int4")])
    return ObjectTuple([Image(value.astype(np.float32), "real")])


def apply(ctx: CallContext, model: DLModel, batch: tuple, names: tuple) -> tuple:
    """apply_dl_model for a layer-built model: one result dict per sample."""
    import torch

    from . import dl_layered_types

    engine = _engine(model)
    typed = dl_layered_types.probabilities(model, engine)
    standard = dl_layered_types.keys(model) if typed is not None else ()
    # the standard keys of the type come before layers of the same name ('segmentation_image'
    # is also the name of the label input layer)
    keep = tuple(k for k in standard if not names or k in names)
    layer_names = tuple(n for n in names if n not in standard)
    shown = _outputs(ctx, engine, layer_names) if layer_names or not names else []
    if not keep:
        typed = None
    wanted = shown + ([typed] if typed is not None else [])
    samples = dl_samples.entries(batch)
    if not wanted:
        return (tuple(Handle("dict", {}) for _ in samples),)
    inputs = _needed_inputs(wanted)
    net = engine.prepare(training=False)
    net.class_ids = model.class_ids
    results = []
    for start in range(0, len(samples), engine.batch_size):
        feeds = _feeds(engine, inputs, samples, start, start + engine.batch_size)
        with batches.out_of_memory(engine), torch.inference_mode():
            try:
                values = [v.float().cpu().numpy() for v in net(feeds, wanted)]
            except (RuntimeError, ValueError) as exc:
                if batches.is_out_of_memory(exc):
                    raise
                raise ctx.error(7720, str(exc).strip().splitlines()[0][:300]) from None
        for i in range(len(values[0])):
            entry = {
                out.node.name: _result(out, v[i])
                for out, v in zip(shown, values[: len(shown)], strict=True)
            }
            if typed is not None:
                extra = dl_layered_types.entries(model, typed, values[-1][i])
                entry.update({key: extra[key] for key in keep})
            results.append(Handle("dict", entry))
    return (tuple(results),)
