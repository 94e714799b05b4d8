"""What the dl_model operators do for ``'segmentation'`` models (engine: :mod:`.dl_segmentation`).

Samples for training carry ``'image'`` (preprocessed, ``real``, the model's size) and
``'segmentation_image'``: one single-channel image of the model's size whose gray values
are class ids (any pixel type; values must be integers). Pixels whose id is one of
'ignore_class_ids' do not count; any other id that is not one of 'class_ids' is 7793. An
optional ``'weight_image'`` (``real``, same size, values >= 0) weights every pixel's loss,
as HALCON's segmentation samples do (gen_dl_segmentation_weight_images writes it).
DLTrainResult holds ``'total_loss'`` (plus the weight prior's term, as for classification).

Results of apply_dl_model hold, per sample, ``'segmentation_image'`` (the class id of
every pixel; pixel type 'byte' when all class ids fit, else 'uint2' or 'int4' [unverified:
HALCON's pixel type]) and ``'segmentation_confidence'`` (``real``: the softmax score of
that class), both of the preprocessed image's size, as the reference of apply_dl_model
lists for 'segmentation' models. ``Outputs`` ``[]`` gives both; a list selects.

Parameters: 'ignore_class_ids' (settable, a tuple of ids >= 0, may be empty) on top of the
generic ones; 'class_weights' is a classification parameter (HALCON's segmentation weights
pixels by weight images), so a segmentation model answers it with 7788.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hdlite.plugin import CallContext, HalconError, Handle, Image, ObjectTuple

from . import batches, dl_samples, params, training

if TYPE_CHECKING:
    import torch

    from .dl_model import DLModel
    from .dl_segmentation import DLSegmenter

Values = params.Values
RESULT_KEYS = ("segmentation_image", "segmentation_confidence")


def _segmenter(m: DLModel) -> DLSegmenter:
    return m.clf  # type: ignore[return-value]


def _set_ignore(v: Values, m: DLModel) -> None:
    ids = v.values
    for value in ids:
        if type(value) is not int or value < 0:
            raise v.fail("value", f"class ids are integers >= 0, got {value!r}")
    _segmenter(m).ignore_class_ids = tuple(dict.fromkeys(ids))


def _not_available(name: str) -> tuple[Any, Any]:
    def get(ctx: CallContext, m: DLModel) -> tuple:
        raise ctx.error(7788, f"{name!r} is not a parameter of a segmentation model")

    def put(v: Values, m: DLModel) -> None:
        raise v.ctx.error(7788, f"{name!r} is not a parameter of a segmentation model")

    return (get, put)


#: segmentation parameters: name -> (getter, setter or None); see dl_model_params
PARAMS: dict[str, tuple[Any, Any]] = {
    "ignore_class_ids": (lambda ctx, m: _segmenter(m).ignore_class_ids, _set_ignore),
    "class_weights": _not_available("class_weights"),
}


def new_model(ctx: CallContext, path: str, name: str) -> DLModel:
    """The model read_dl_model gives for 'pretrained_dl_segmentation_<name>.hdl'.

    Raises:
        HalconError: 5200 for a name hdlite does not provide.
    """
    from .dl_model import DLModel
    from .dl_segmentation import PRETRAINED, PRETRAINED_PREFIX, DLSegmenter

    if name not in PRETRAINED:
        known = ", ".join(f"{PRETRAINED_PREFIX}{n}.hdl" for n in PRETRAINED)
        raise ctx.error(5200, f"{path}: no such pretrained network (available: {known})")
    return DLModel(DLSegmenter.build(PRETRAINED[name]), "segmentation")


# -- samples ---------------------------------------------------------------------------------


def _one_image(sample: dict, index: int, key: str) -> Image:
    if key not in sample:
        raise HalconError(7783, f"DLSampleBatch[{index}] has no key {key!r}")
    value = sample[key]
    if not isinstance(value, ObjectTuple) or len(value) != 1:
        raise HalconError(7790, f"DLSampleBatch[{index}].{key} must hold exactly one image")
    image = value.objects[0]
    if not isinstance(image, Image):
        raise HalconError(7790, f"DLSampleBatch[{index}].{key} must hold an image")
    return image


def _check_size(image: Image, index: int, key: str, seg: DLSegmenter) -> None:
    c, h, w = image.data.shape
    if w != seg.image_width:
        raise HalconError(2106, f"DLSampleBatch[{index}].{key} is {w} wide, not {seg.image_width}")
    if h != seg.image_height:
        raise HalconError(2107, f"DLSampleBatch[{index}].{key} is {h} high, not {seg.image_height}")
    if c != 1:
        raise HalconError(3122, f"DLSampleBatch[{index}].{key} has {c} channels, not 1")


def targets(model: DLModel, samples: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Output indices and pixel weights (N, H, W) of the samples' segmentation images.

    Raises:
        HalconError: 7783 missing key, 7790 not one image, 2106/2107/3122 wrong size,
            7793 a label that is neither a class id nor ignored, 1303 bad weights.
    """
    seg = _segmenter(model)
    lookup = {class_id: index for index, class_id in enumerate(model.class_ids)}
    indices, weights = [], []
    for index, sample in enumerate(samples):
        image = _one_image(sample, index, "segmentation_image")
        _check_size(image, index, "segmentation_image", seg)
        labels = image.data[0]
        if labels.dtype.kind == "f":
            if not np.all(np.isfinite(labels)) or not np.all(labels == np.round(labels)):
                raise HalconError(7793, f"DLSampleBatch[{index}].segmentation_image: not ids")
        labels = labels.astype(np.int64)
        ignored = np.isin(labels, np.array(seg.ignore_class_ids, dtype=np.int64))
        known = np.isin(labels, np.array(model.class_ids, dtype=np.int64))
        unknown = ~(ignored | known)
        if unknown.any():
            bad = sorted(set(labels[unknown].tolist()))[:5]
            raise HalconError(
                7793,
                f"DLSampleBatch[{index}].segmentation_image holds ids {bad} that are neither "
                f"class ids {list(model.class_ids)} nor ignore_class_ids",
            )
        target = np.zeros(labels.shape, dtype=np.int64)
        for class_id, out in lookup.items():
            target[labels == class_id] = out
        weight = np.where(ignored, 0.0, 1.0).astype(np.float32)
        if "weight_image" in sample:
            pixel_weights = _one_image(sample, index, "weight_image")
            _check_size(pixel_weights, index, "weight_image", seg)
            values = pixel_weights.data[0].astype(np.float32)
            if not np.all(np.isfinite(values)) or (values < 0).any():
                raise HalconError(1303, f"DLSampleBatch[{index}].weight_image: values < 0")
            weight = weight * values
        indices.append(target)
        weights.append(weight)
    return np.stack(indices), np.stack(weights)


# -- training and inference ------------------------------------------------------------------


def _step(model: DLModel, chunks: list[tuple[Any, Any, Any]]) -> torch.Tensor:
    seg = _segmenter(model)
    seg.prepare(training=True)
    optimizer = model.optimizer()
    optimizer.zero_grad(set_to_none=True)
    total = None
    for x, y, w in chunks:
        loss = seg.loss(x, y, w) / len(chunks)
        loss.backward()
        total = loss.detach() if total is None else total + loss.detach()
    assert total is not None
    if seg.weight_prior:
        total = total + training.prior_loss(optimizer, seg.weight_prior)
    optimizer.step()
    return total


def train_batch(ctx: CallContext, model: DLModel, batch: tuple) -> tuple:
    """train_dl_model_batch for a segmentation model (the batch size is checked already)."""
    import torch

    seg = _segmenter(model)
    samples = dl_samples.entries(batch)
    images = dl_samples.images(samples)
    seg.prepare(training=True)
    target, weight = targets(model, samples)
    chunks = []
    for start in range(0, len(samples), seg.batch_size):
        stop = start + seg.batch_size
        try:
            x = batches.to_device(batches.stack(images, seg, start, stop), seg)
        except HalconError as exc:
            raise dl_samples.located("DLSampleBatch", exc) from None
        y = torch.from_numpy(target[start:stop]).to(seg.device)
        w = torch.from_numpy(weight[start:stop]).to(seg.device)
        chunks.append((x, y, w))
    with batches.out_of_memory(seg):
        try:
            loss = _step(model, chunks)
        except (RuntimeError, ValueError) as exc:
            if batches.is_out_of_memory(exc):
                raise
            raise ctx.error(7720, str(exc).strip().splitlines()[0][:300]) from None
    value = float(loss)
    if value != value or value in (float("inf"), float("-inf")):
        raise ctx.error(7720, f"the loss is {value}; lower the learning rate")
    return ((Handle("dict", {"total_loss": (value,)}),),)


def _id_image(ids: np.ndarray, class_ids: tuple[int, ...]) -> Image:
    top = max(class_ids, default=0)
    if top <= 255:
        return Image(ids.astype(np.uint8)[None], "byte")
    if top <= 65535:
        return Image(ids.astype(np.uint16)[None], "uint2")
    return Image(ids.astype(np.int32)[None], "int4")


def apply(ctx: CallContext, model: DLModel, batch: tuple, outputs: tuple) -> tuple:
    """apply_dl_model for a segmentation model: one result dict per sample."""
    for name in outputs:
        if name not in RESULT_KEYS:
            raise ctx.param_error(
                "value",
                "Outputs",
                f"unknown output {name!r}; a segmentation model has {list(RESULT_KEYS)}",
            )
    keys = tuple(k for k in RESULT_KEYS if not outputs or k in outputs)
    seg = _segmenter(model)
    if seg.net.head is None:
        raise ctx.error(7788, "the model has no classes yet: set 'class_ids'")
    samples = dl_samples.entries(batch)
    images = dl_samples.images(samples)
    net_ids = np.array(model.class_ids, dtype=np.int64)
    seg.prepare(training=False)
    results = []
    for start in range(0, len(samples), seg.batch_size):
        try:
            x = batches.to_device(batches.stack(images, seg, start, start + seg.batch_size), seg)
        except HalconError as exc:
            raise dl_samples.located("DLSampleBatch", exc) from None
        with batches.out_of_memory(seg):
            index, confidence = seg.segment(x)
        for i in range(len(index)):
            values = {
                "segmentation_image": ObjectTuple([_id_image(net_ids[index[i]], model.class_ids)]),
                "segmentation_confidence": ObjectTuple(
                    [Image(confidence[i][None].astype(np.float32), "real")]
                ),
            }
            results.append(Handle("dict", {key: values[key] for key in keys}))
    return (tuple(results),)
