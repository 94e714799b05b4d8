"""train_dl_classifier_batch: one SGD-with-momentum update on one batch.

The update is HALCON's: ``v <- mu*v - lr*(grad L + alpha*w)``, ``w <- w + v`` with
``lr = learning_rate``, ``mu = momentum``, ``alpha = weight_prior`` and ``L`` the softmax
cross-entropy averaged over the batch. torch's SGD computes exactly this (see
``DLClassifier.set_learning_rate`` for changes of ``lr``). The reported loss is the
cross-entropy plus the weight prior's part ``alpha/2 * |w|^2``. With
``batch_size_multiplier`` > 1 the batch is split into sub-batches of ``batch_size`` whose
gradients are accumulated before the single update. The epoch loop lives in the program.
In a distributed run (``hdlite run --nproc-per-node N``) each process trains on its share
of every sub-batch and the gradients are summed, which gives the same step (``sharded.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    HalconError,
    IconicIn,
    ObjectTuple,
    error_codes,
    operator,
)

from . import batches, distributed, seeding, sharded

if TYPE_CHECKING:
    import torch

    from .handles import DLClassifier


def train_step(
    model: Any,
    optimizer: torch.optim.Optimizer,
    chunks: list[tuple[torch.Tensor, torch.Tensor]],
    weight_prior: float = 0.0,
) -> torch.Tensor:
    """One update: forward, loss and backward per sub-batch, then one optimiser step.

    A distributed run takes its step in :func:`.sharded.train_step` instead.

    Args:
        model: the network (in train mode), or a wrapper of it.
        optimizer: the optimiser over the network's parameters.
        chunks: (images, class indices) sub-batches of equal size.
        weight_prior: the L2 factor, only to report the loss (the optimiser applies it).

    Returns:
        The loss as a 0-d tensor on the model's device (not synchronised).
    """
    import torch.nn.functional as F

    optimizer.zero_grad(set_to_none=True)
    total = None
    for x, y in chunks:
        loss = F.cross_entropy(model(x), y)
        if len(chunks) > 1:
            loss = loss / len(chunks)
        loss.backward()
        total = loss.detach() if total is None else total + loss.detach()
    assert total is not None
    if weight_prior:
        total = total + prior_loss(optimizer, weight_prior)
    optimizer.step()
    return total


def prior_loss(optimizer: torch.optim.Optimizer, weight_prior: float) -> torch.Tensor:
    """The weight prior's part of the loss, ``alpha/2 * |w|^2``, before the update."""
    import torch

    with torch.no_grad():
        params = [p for group in optimizer.param_groups for p in group["params"]]
        norms = torch._foreach_norm(params)
        return 0.5 * weight_prior * torch.stack(norms).square().sum()


def make_chunks(
    ctx: CallContext, clf: DLClassifier, images: ObjectTuple, labels: tuple
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Check a training batch and turn it into sub-batches on the network's device.

    Raises:
        HalconError: 1501 wrong number of images, 1402 labels and images differ in number,
            7714/7793 unknown labels, and the image errors of :mod:`.batches`.
    """
    import torch

    expected = clf.batch_size * clf.batch_size_multiplier
    indices = check_batch(ctx, clf, images, labels)
    chunks = []
    for start in range(0, expected, clf.batch_size):
        stop = start + clf.batch_size
        x = batches.to_device(batches.stack(images, clf, start, stop), clf)
        y = torch.tensor(indices[start:stop], dtype=torch.long).to(clf.device)
        chunks.append((x, y))
    return chunks


def check_batch(
    ctx: CallContext, clf: DLClassifier, images: ObjectTuple, labels: tuple
) -> list[int]:
    """Check the number of images and labels; the labels as class indices.

    Raises:
        HalconError: 1501 wrong number of images, 1402 labels and images differ in number,
            7714/7793 unknown labels.
    """
    expected = clf.batch_size * clf.batch_size_multiplier
    if len(images) != expected:
        raise ctx.error(
            error_codes.wrong_object_count(1),
            f"BatchImages: {len(images)} images, but batch_size x batch_size_multiplier "
            f"= {expected}",
        )
    if len(labels) != len(images):
        raise ctx.param_error(
            "count", "BatchLabels", f"{len(labels)} labels for {len(images)} images"
        )
    return batches.label_indices(labels, clf.classes)


@operator(
    "train_dl_classifier_batch",
    IconicIn("BatchImages"),
    ControlIn("DLClassifierHandle", types="handle", count=1, sem="dl_classifier"),
    ControlIn("BatchLabels", types=("integer", "string"), count=None, default=()),
    ControlOut(
        "DLClassifierTrainResultHandle", types="handle", count=1, sem="dl_classifier_train_result"
    ),
)
def train_dl_classifier_batch(
    ctx: CallContext, images: ObjectTuple, handle: tuple, labels: tuple
) -> tuple:
    """One training step on a batch of preprocessed images with their labels."""
    from .handles import DLClassifierTrainResult

    seeding.attach(ctx.session)
    clf = handle[0].obj
    model = clf.prepare(training=True)
    group = distributed.process_group(ctx.session)
    if group is None:
        chunks = make_chunks(ctx, clf, images, labels)
    else:  # this process trains on its share of the batch (see sharded.py)
        shares = sharded.make_chunks(ctx, group, clf, images, labels)
    optimizer = clf.optimizer()
    with batches.out_of_memory(clf):
        try:
            if group is None:
                loss = train_step(model, optimizer, chunks, clf.weight_prior)
            else:
                loss = sharded.train_step(model, optimizer, shares, clf.weight_prior)
        except (RuntimeError, ValueError) as exc:
            if batches.is_out_of_memory(exc):
                raise
            first = str(exc).strip().splitlines()[0][:300]
            raise HalconError(7720, first) from None
    if not bool(loss.isfinite()):  # the program reads the loss right after: no extra wait
        raise ctx.error(7720, f"the loss is {float(loss)}; lower the learning rate")
    return ((ctx.new_handle("dl_classifier_train_result", DLClassifierTrainResult(loss)),),)
