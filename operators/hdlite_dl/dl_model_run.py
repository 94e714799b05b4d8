"""train_dl_model_batch and apply_dl_model on tuples of sample dictionaries.

Training takes exactly ``batch_size * batch_size_multiplier`` samples (HALCON 19.05+
reference of train_dl_model_batch: "the number of DLSample dictionaries ... needs to be
equal to 'batch_size' times 'batch_size_multiplier'"); other counts raise 7784. The
``batch_size_multiplier`` sub-batches of ``batch_size`` samples accumulate their gradients
before the single update. The loss is the softmax cross-entropy averaged over the batch
(weighted by 'class_weights' when set: torch's weighted mean), and the reported
``total_loss`` adds the weight prior's ``alpha/2 * |w|^2`` as the legacy engine does. The
SGD update is the legacy engine's (HALCON's momentum form, see :mod:`.training`); Adam is
torch's. ``DLTrainResult`` holds ``'total_loss'`` only: the reference pages say it holds
"the total loss ... as well as the values for all other losses included in your model",
and a classifier has no other.

Inference takes any number of samples, in chunks of ``batch_size``; a short last chunk is
not padded (padding changes the time HALCON takes, not the results: batch norm runs in
inference mode). Results come best class first over all classes. These operators run in
one process; a distributed run (``--nproc-per-node``) uses the legacy operators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hdlite.plugin import CallContext, ControlIn, ControlOut, HalconError, operator

from . import batches, dl_samples, seeding, training
from .dl_model import KIND

if TYPE_CHECKING:
    import torch

    from .dl_model import DLModel


def _chunks(model: DLModel, images, labels: list[int]) -> list[tuple[torch.Tensor, torch.Tensor]]:
    import torch

    clf = model.clf
    out = []
    for start in range(0, len(labels), clf.batch_size):
        stop = start + clf.batch_size
        try:
            x = batches.to_device(batches.stack(images, clf, start, stop), clf)
        except HalconError as exc:
            raise dl_samples.located("DLSampleBatch", exc) from None
        y = torch.tensor(labels[start:stop], dtype=torch.long).to(clf.device)
        out.append((x, y))
    return out


def train_step(model: DLModel, chunks: list[tuple[torch.Tensor, torch.Tensor]]) -> torch.Tensor:
    """One update over the accumulated sub-batches; the loss as a 0-d tensor."""
    import torch
    import torch.nn.functional as F

    clf = model.clf
    net = clf.prepare(training=True)
    optimizer = model.optimizer()
    weight = None
    if model.class_weights is not None:
        weight = torch.tensor(model.class_weights, dtype=torch.float32, device=clf.device)
    optimizer.zero_grad(set_to_none=True)
    total = None
    for x, y in chunks:
        loss = F.cross_entropy(net(x), y, weight=weight) / len(chunks)
        loss.backward()
        total = loss.detach() if total is None else total + loss.detach()
    assert total is not None
    if clf.weight_prior:
        total = total + training.prior_loss(optimizer, clf.weight_prior)
    optimizer.step()
    return total


@operator(
    "train_dl_model_batch",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlIn("DLSampleBatch", types="handle", count=(1, None), sem="dict"),
    ControlOut("DLTrainResult", types="handle", count=1, sem="dict"),
)
def train_dl_model_batch(ctx: CallContext, handle: tuple, batch: tuple) -> tuple:
    """One training step on a batch of preprocessed sample dicts; returns the loss dict."""
    from hdlite.plugin import Handle

    seeding.attach(ctx.session)
    model: DLModel = handle[0].obj
    if model.type == "anomaly_detection":
        raise ctx.param_error(
            "value", "DLModelHandle", "anomaly models are trained by train_dl_model_anomaly_dataset"
        )
    clf = model.clf
    expected = clf.batch_size * clf.batch_size_multiplier
    if len(batch) != expected:
        raise ctx.error(
            7784,
            f"DLSampleBatch: {len(batch)} samples, but batch_size x batch_size_multiplier "
            f"= {expected}",
        )
    from . import dl_layered_ops

    if dl_layered_ops.is_layered(model):
        return dl_layered_ops.train_batch(ctx, model, batch)
    if model.type == "detection":
        from . import dl_detection_ops

        return dl_detection_ops.train_batch(ctx, model, batch)
    if model.type == "gc_anomaly_detection":
        from . import dl_anomaly_ops

        return dl_anomaly_ops.gc_train_batch(ctx, model, batch)
    if model.type == "segmentation":
        from . import dl_segmentation_ops

        return dl_segmentation_ops.train_batch(ctx, model, batch)
    samples = dl_samples.entries(batch)
    images = dl_samples.images(samples)
    labels = dl_samples.label_indices(model, samples)
    clf.prepare(training=True)
    chunks = _chunks(model, images, labels)
    with batches.out_of_memory(clf):
        try:
            loss = train_step(model, chunks)
        except (RuntimeError, ValueError) as exc:
            if batches.is_out_of_memory(exc):
                raise
            first = str(exc).strip().splitlines()[0][:300]
            raise ctx.error(7720, first) from None
    value = float(loss)
    if value != value or value in (float("inf"), float("-inf")):
        raise ctx.error(7720, f"the loss is {value}; lower the learning rate")
    return ((Handle("dict", {"total_loss": (value,)}),),)


@operator(
    "apply_dl_model",
    ControlIn("DLModelHandle", types="handle", count=1, sem=KIND),
    ControlIn("DLSampleBatch", types="handle", count=None, sem="dict"),
    ControlIn("Outputs", types="string", count=None, default=()),
    ControlOut("DLResultBatch", types="handle", count=None, sem="dict"),
)
def apply_dl_model(ctx: CallContext, handle: tuple, batch: tuple, outputs: tuple) -> tuple:
    """Classify preprocessed sample dicts; one result dict per sample, best class first."""
    from . import inference

    seeding.attach(ctx.session)
    model: DLModel = handle[0].obj
    from . import dl_layered_ops

    if dl_layered_ops.is_layered(model):
        return dl_layered_ops.apply(ctx, model, batch, outputs)
    if model.type == "detection":
        from . import dl_detection_ops

        return dl_detection_ops.apply(ctx, model, batch, outputs)
    if model.type == "segmentation":
        from . import dl_segmentation_ops

        return dl_segmentation_ops.apply(ctx, model, batch, outputs)
    if model.type == "anomaly_detection":
        from . import dl_anomaly_ops

        return dl_anomaly_ops.apply(ctx, model, batch, outputs)
    if model.type == "gc_anomaly_detection":
        from . import dl_anomaly_ops

        return dl_anomaly_ops.gc_apply(ctx, model, batch, outputs)
    for name in outputs:
        if name not in dl_samples.CLASSIFICATION_KEYS:
            raise ctx.param_error(
                "value",
                "Outputs",
                f"unknown output {name!r}; a classifier has {list(dl_samples.CLASSIFICATION_KEYS)}",
            )
    keys = tuple(k for k in dl_samples.CLASSIFICATION_KEYS if not outputs or k in outputs)
    samples = dl_samples.entries(batch)
    images = dl_samples.images(samples)
    if model.clf.net.head is None:
        raise ctx.error(7788, "the model has no classes yet: set 'class_names'")
    try:
        confidences = inference.predict(model.clf, images)
    except HalconError as exc:
        if exc.code in (4104, 6001, 7709, 7788):
            raise
        raise dl_samples.located("DLSampleBatch", exc) from None
    return (dl_samples.classification_results(model, confidences, keys),)
