"""One training step whose batch is shared out among the processes of a distributed run.

Each sub-batch of ``batch_size`` images (there are ``batch_size_multiplier`` of them) is
split into contiguous shares, one per process. A process runs forward and backward on its
share only; the result is the step one process would take on the whole batch:

- **Loss weighting.** A share's loss is its *sum* of cross-entropies divided by the
  sub-batch size (and by the number of sub-batches), so the gradients summed over the
  processes are the gradient of the full-batch mean, also when the shares differ in size.
- **Gradient averaging.** After the last sub-batch, all gradients (and the loss) are
  summed over the processes with one all-reduce; every process then takes the same
  optimiser step (momentum and the weight prior act on identical weights).
- **Batch normalisation.** In train mode a batch-norm layer normalises with the
  statistics of the whole sub-batch: each process sums its share's (shifted) values and
  squares, one all-reduce per layer adds them up, and the backward pass sums the
  gradients of these statistics the same way. torch's ``SyncBatchNorm`` does this only
  for CUDA tensors, so it is done here for every device.
- **Dropout.** Every process draws the dropout mask of the *whole* sub-batch from its
  generator (seeded alike by ``set_system ('seed_rand', N)``) and keeps its rows, so the
  masks, and the state of the generator afterwards, equal those of one process.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hdlite.plugin import CallContext, ObjectTuple

from . import batches, distributed

if TYPE_CHECKING:
    import torch
    from torch import nn

    from .distributed import Group
    from .handles import DLClassifier


@dataclass
class Share:
    """This process's rows of one sub-batch: the sub-batch size and where the rows start."""

    total: int = 0
    start: int = 0


@dataclass
class Chunk:
    """This process's share of one sub-batch, as tensors on the network's device."""

    images: torch.Tensor
    labels: torch.Tensor
    share: Share


def make_chunks(
    ctx: CallContext,
    group: Group,
    clf: DLClassifier,
    images: ObjectTuple,
    labels: tuple,
) -> list[Chunk]:
    """Check the whole batch like one process would, then cut out this process's shares.

    The fingerprints of batch and classifier are compared first, so that every later
    error is raised by all processes alike.

    Raises:
        HalconError: 7701 when the processes hold different batches or classifiers, and
            the errors of ``training.make_chunks``.
    """
    import torch

    from .training import check_batch

    values = batches.fingerprint(images, labels) + distributed.signature(clf)
    distributed.require_agreement(group, values, "batches or classifiers")
    indices = check_batch(ctx, clf, images, labels)
    batches.check(images, clf, clf.batch_size)
    distributed.same_weights(group, clf)
    chunks = []
    for offset in range(0, len(images), clf.batch_size):
        first, stop = group.shard(clf.batch_size)
        x = batches.to_device(batches.stack(images, clf, offset + first, offset + stop), clf)
        y = torch.tensor(indices[offset + first : offset + stop], dtype=torch.long)
        chunks.append(Chunk(x, y.to(clf.device), Share(clf.batch_size, first)))
    return chunks


def train_step(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    chunks: list[Chunk],
    weight_prior: float = 0.0,
) -> torch.Tensor:
    """One update from this process's shares; returns the full-batch loss (every process).

    Args:
        model: the network in train mode.
        optimizer: the optimiser over the network's parameters.
        chunks: this process's share of each sub-batch.
        weight_prior: the L2 factor, only to report the loss (the optimiser applies it).
    """
    import torch
    import torch.nn.functional as F

    from .training import prior_loss

    optimizer.zero_grad(set_to_none=True)
    share = Share()
    total = torch.zeros((), device=chunks[0].images.device)
    with sharded_layers(model, share):
        for chunk in chunks:
            share.total, share.start = chunk.share.total, chunk.share.start
            scale = chunk.share.total * len(chunks)
            loss = F.cross_entropy(model(chunk.images), chunk.labels, reduction="sum") / scale
            loss.backward()
            total = total + loss.detach()
    params = [p for group in optimizer.param_groups for p in group["params"]]
    grads = [p.grad for p in params if p.grad is not None]
    summed = [*grads, total.reshape(1)]
    distributed.sum_tensors(summed)
    total = summed[-1].reshape(())
    if weight_prior:
        total = total + prior_loss(optimizer, weight_prior)
    optimizer.step()
    return total


@contextlib.contextmanager
def sharded_layers(model: nn.Module, share: Share) -> Iterator[None]:
    """Make batch-norm and dropout layers of ``model`` act on the whole sub-batch."""
    from torch import nn

    patched = []
    for module in model.modules():
        if isinstance(module, nn.BatchNorm1d | nn.BatchNorm2d | nn.BatchNorm3d):
            module.forward = functools.partial(_synced_batch_norm, module)  # type: ignore[method-assign]
        elif type(module) is nn.Dropout:
            module.forward = functools.partial(_shared_dropout, module, share)  # type: ignore[method-assign]
        else:
            continue
        patched.append(module)
    try:
        yield
    finally:
        for module in patched:
            del module.forward


class _SumOverProcesses:
    """An all-reduce (sum) that autograd differentiates: the backward sums the gradients."""

    _function: Any = None

    @classmethod
    def apply(cls, tensor: torch.Tensor) -> torch.Tensor:
        if cls._function is None:
            cls._function = _make_sum_function()
        return cls._function.apply(tensor)


def _make_sum_function() -> Any:
    import torch
    import torch.distributed as dist

    class SumOverProcesses(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, tensor: torch.Tensor) -> torch.Tensor:
            out = tensor.clone(memory_format=torch.contiguous_format)
            dist.all_reduce(out, op=dist.ReduceOp.SUM)
            return out

        @staticmethod
        def backward(ctx: Any, grad: torch.Tensor) -> torch.Tensor:
            out = grad.clone(memory_format=torch.contiguous_format)
            dist.all_reduce(out, op=dist.ReduceOp.SUM)
            return out

    return SumOverProcesses


def _synced_batch_norm(module: Any, x: torch.Tensor) -> torch.Tensor:
    """Batch normalisation over the sub-batch of all processes (train mode).

    The statistics are per-channel sums of ``x - K`` and of its square, with ``K`` the
    running mean (equal on every process): shifting keeps the variance accurate in single
    precision. The output is one fused ``x * scale + bias`` per element.
    """
    import torch

    if not module.training:
        return type(module).forward(module, x)
    channels = x.shape[1]
    dims = [0, *range(2, x.dim())]
    shape = [1, channels] + [1] * (x.dim() - 2)
    shift = (
        module.running_mean.detach().to(x.dtype)
        if module.running_mean is not None
        else x.new_zeros(channels)
    )
    centered = x - shift.view(shape)
    count = x.new_full((1,), x.numel() // channels if channels else 0)
    stats = torch.cat([centered.sum(dims), centered.square().sum(dims), count])
    stats = _SumOverProcesses.apply(stats)
    n = float(stats[-1].detach())
    if n <= 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got {n:g}")
    mean_shifted = stats[:channels] / n
    var = (stats[channels : 2 * channels] / n - mean_shifted.square()).clamp_min(0)
    mean = shift + mean_shifted
    scale = torch.rsqrt(var + module.eps)
    if module.weight is not None:
        scale = scale * module.weight
    bias = -mean * scale
    if module.bias is not None:
        bias = bias + module.bias
    y = torch.addcmul(bias.view(shape), x, scale.view(shape))
    if module.track_running_stats and module.running_mean is not None:
        with torch.no_grad():
            module.num_batches_tracked.add_(1)
            factor = (
                1.0 / float(module.num_batches_tracked)
                if module.momentum is None
                else module.momentum
            )
            module.running_mean.mul_(1 - factor).add_(mean.detach(), alpha=factor)
            unbiased = var.detach() * (n / (n - 1))
            module.running_var.mul_(1 - factor).add_(unbiased, alpha=factor)
    return y


def _shared_dropout(module: Any, share: Share, x: torch.Tensor) -> torch.Tensor:
    """Dropout with this process's rows of the mask one process would draw for the sub-batch."""
    import torch.nn.functional as F

    if not module.training or module.p == 0:
        return x
    scale = F.dropout(x.new_ones((share.total, *x.shape[1:])), module.p, True)
    return x * scale[share.start : share.start + x.shape[0]]
