"""The process group of a distributed run, and the collectives the classifier operators use.

``hdlite run --nproc-per-node N`` starts the same program in N processes through torchrun,
which sets ``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK`` and the rendezvous variables; the CLI
copies rank and world size into the session. The process group is created here, lazily,
by the first operator that needs it (training, inference, writing a model file), with
gloo for CPU tensors and, where CUDA is usable, NCCL for CUDA tensors. It is destroyed
when the process exits.

Every process runs the same program on the same data; the operators check that with a
cheap fingerprint of their inputs (:func:`agree`), so that a program that feeds different
batches to different processes fails with HALCON's 7701 instead of training on a mix.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hdlite.plugin import HalconError

if TYPE_CHECKING:
    import torch

    from .handles import DLClassifier

_KEY = "dl"


class Group:
    """This process's place in the distributed run: rank, world size, control device."""

    def __init__(self, rank: int, world_size: int, control_device: torch.device) -> None:
        self.rank = rank
        self.world_size = world_size
        #: where small control tensors live (CPU with gloo; CUDA for an NCCL-only group)
        self.control_device = control_device

    def shard(self, total: int) -> tuple[int, int]:
        """This process's share ``[start, stop)`` of ``total`` items (see :func:`shard_range`)."""
        return shard_range(total, self.rank, self.world_size)

    def sizes(self, total: int) -> list[int]:
        """The share sizes of all processes, by rank."""
        shares = (shard_range(total, r, self.world_size) for r in range(self.world_size))
        return [stop - start for start, stop in shares]


def shard_range(total: int, rank: int, world_size: int) -> tuple[int, int]:
    """A contiguous share of ``total`` items; shares differ in size by at most one.

    >>> [shard_range(5, r, 2) for r in range(2)]
    [(0, 2), (2, 5)]
    """
    return total * rank // world_size, total * (rank + 1) // world_size


def local_rank() -> int:
    """The process's index on its machine (torchrun's ``LOCAL_RANK``; 0 when alone)."""
    try:
        if int(os.environ.get("WORLD_SIZE", "1")) <= 1:
            return 0
        return max(0, int(os.environ.get("LOCAL_RANK", "0")))
    except ValueError:
        return 0


def process_group(session: Any) -> Group | None:
    """The distributed run this process belongs to, joined on first use; None when alone.

    Raises:
        HalconError: 7701 when the process group cannot be set up (for example without
            torchrun's rendezvous variables).
    """
    if session.world_size <= 1:
        return None
    state = session.state.setdefault(_KEY, {})
    group = state.get("group")
    if group is not None:
        return group
    import torch
    import torch.distributed as dist

    if not dist.is_available():
        raise HalconError(7701, "this PyTorch build has no torch.distributed")
    if not dist.is_initialized():
        cuda = torch.cuda.is_available() and dist.is_nccl_available()
        if cuda:
            torch.cuda.set_device(local_rank() % torch.cuda.device_count())
        backend = "cpu:gloo,cuda:nccl" if cuda else "gloo"
        try:
            dist.init_process_group(backend, rank=session.rank, world_size=session.world_size)
        except (RuntimeError, ValueError) as exc:
            text = str(exc).strip()
            first = text.splitlines()[0][:300] if text else type(exc).__name__
            raise HalconError(
                7701,
                f"cannot join the distributed run as rank {session.rank} of "
                f"{session.world_size} ({first}); start it with hdlite run --nproc-per-node",
            ) from None
        atexit.register(_destroy)
    backend_name = str(dist.get_backend())
    control = (
        torch.device("cpu")
        if "gloo" in backend_name
        else torch.device("cuda", torch.cuda.current_device())
    )
    group = Group(dist.get_rank(), dist.get_world_size(), control)
    state["group"] = group
    return group


def _destroy() -> None:
    import torch.distributed as dist

    if dist.is_initialized():
        dist.destroy_process_group()


# -- agreement --------------------------------------------------------------------------


def agree(group: Group, values: Sequence[float]) -> bool:
    """Whether every process passed the same ``values`` (one small all-reduce)."""
    import torch
    import torch.distributed as dist

    local = torch.tensor(list(values), dtype=torch.float64)
    both = torch.cat([local, -local]).to(group.control_device)
    dist.all_reduce(both, op=dist.ReduceOp.MAX)
    both = both.cpu()
    count = len(values)
    return bool(torch.equal(both[:count], local) and torch.equal(-both[count:], local))


def require_agreement(group: Group, values: Sequence[float], what: str) -> None:
    """Raise HALCON's 7701 on every process unless all passed the same ``values``.

    Raises:
        HalconError: 7701 naming ``what`` differed.
    """
    if not agree(group, values):
        raise HalconError(
            7701,
            f"the processes of the distributed run hold different {what}; every process "
            "must run the same program on the same data",
        )


def signature(clf: DLClassifier) -> list[float]:
    """What must be equal on every process for the classifier: shapes and settings."""
    numel = sum(p.numel() for p in clf.net.parameters())
    return [
        float(len(clf.classes)),
        float(numel),
        float(clf.batch_size),
        float(clf.batch_size_multiplier),
        clf.learning_rate,
        clf.momentum,
        clf.weight_prior,
        float(clf.image_width),
        float(clf.image_height),
        float(clf.image_num_channels),
    ]


# -- weights ----------------------------------------------------------------------------


def same_weights(group: Group, clf: DLClassifier) -> None:
    """Give every process rank 0's weights and statistics, once per network head.

    The first distributed use of a classifier (and the first after ``classes`` gave it a
    new head) copies rank 0's parameters and buffers to the other processes; from then
    on every process applies the same averaged update, so they stay equal.
    """
    import torch.distributed as dist

    head = clf.net.head
    if getattr(clf, "synced_head", None) is head:
        return
    tensors = [t.data for t in (*clf.net.parameters(), *clf.net.buffers())]
    for bucket in _buckets(tensors):
        flat = _flatten(bucket)
        dist.broadcast(flat, src=0)
        _unflatten_into(flat, bucket)
    clf.synced_head = head


def sum_tensors(tensors: list[torch.Tensor]) -> None:
    """Sum each tensor over the processes, in place, with one all-reduce per dtype/device."""
    import torch.distributed as dist

    for bucket in _buckets(tensors):
        flat = _flatten(bucket)
        dist.all_reduce(flat, op=dist.ReduceOp.SUM)
        _unflatten_into(flat, bucket)


def _buckets(tensors: Iterable[torch.Tensor]) -> list[list[torch.Tensor]]:
    groups: dict[tuple[Any, Any], list[torch.Tensor]] = {}
    for tensor in tensors:
        groups.setdefault((tensor.dtype, tensor.device), []).append(tensor)
    return list(groups.values())


def _flatten(tensors: list[torch.Tensor]) -> torch.Tensor:
    import torch

    return torch.cat([t.reshape(-1) for t in tensors])


def _unflatten_into(flat: torch.Tensor, tensors: list[torch.Tensor]) -> None:
    offset = 0
    for tensor in tensors:
        count = tensor.numel()
        tensor.copy_(flat[offset : offset + count].view(tensor.shape))
        offset += count


# -- results ----------------------------------------------------------------------------


def gather_rows(group: Group, local: np.ndarray, total: int) -> np.ndarray:
    """Concatenate every process's rows (its share of ``total``) in rank order."""
    import torch
    import torch.distributed as dist

    sizes = group.sizes(total)
    most = max(sizes)
    width = local.shape[1] if local.ndim == 2 else 0
    if most == 0:
        return np.zeros((0, width), dtype=np.float32)
    padded = torch.zeros((most, width), dtype=torch.float32)
    padded[: len(local)] = torch.from_numpy(np.ascontiguousarray(local, dtype=np.float32))
    padded = padded.to(group.control_device)
    parts = [torch.empty_like(padded) for _ in range(group.world_size)]
    dist.all_gather(parts, padded)
    rows = [part[:size].cpu() for part, size in zip(parts, sizes, strict=True)]
    return torch.cat(rows).numpy()


def share_code(group: Group, code: int) -> int:
    """Rank 0's ``code`` (an error number or 0), made known to every process."""
    import torch
    import torch.distributed as dist

    value = torch.tensor([code], dtype=torch.int64, device=group.control_device)
    dist.broadcast(value, src=0)
    return int(value.item())
