"""Checking images against the network's input and turning them into tensors.

HALCON's classifier takes ``real`` images of exactly ``image_width`` x ``image_height``
with ``image_num_channels`` channels and gray values in [``image_range_min``,
``image_range_max``]. Images that do not fit get HALCON's error (9001 wrong type, 2106
width, 2107 height, 3122 channels, 9003 values outside the range or not finite), never a
shape error from PyTorch. The domain of an image is ignored: the whole image is used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from hdlite.errors import HalconError
from hdlite.iconic import Image, ObjectTuple

if TYPE_CHECKING:
    import torch

    from .handles import DLClassifier

#: tolerance on the value range, for rounding in the preprocessing
RANGE_TOLERANCE = 1e-3


def stack(
    images: ObjectTuple, clf: DLClassifier, start: int = 0, stop: int | None = None
) -> np.ndarray:
    """Check images ``start:stop`` and stack them into one float32 array (N, C, H, W).

    Raises:
        HalconError: 9001, 2106, 2107 or 3122 for an image that does not fit; the detail
            names the image by its 1-based index.
    """
    width, height, channels = clf.image_width, clf.image_height, clf.image_num_channels
    objects = images.objects[start:stop]
    for number, image in enumerate(objects, start + 1):
        if not isinstance(image, Image) or image.pixel_type != "real":
            kind = image.pixel_type if isinstance(image, Image) else image.kind
            raise HalconError(9001, f"image {number} is {kind}; the network needs 'real' images")
        c, h, w = image.data.shape
        if w != width:
            raise HalconError(2106, f"image {number} is {w} pixels wide; the network needs {width}")
        if h != height:
            raise HalconError(
                2107, f"image {number} is {h} pixels high; the network needs {height}"
            )
        if c != channels:
            raise HalconError(
                3122, f"image {number} has {c} channels; the network needs {channels}"
            )
    batch = np.stack([image.data for image in objects])
    return batch if batch.dtype == np.float32 else batch.astype(np.float32)


def to_device(batch: np.ndarray, clf: DLClassifier) -> torch.Tensor:
    """Move a stacked batch to the network's device after checking its value range.

    Raises:
        HalconError: 9003 when a value lies outside [-127, 128] or is not finite.
    """
    import torch

    from .handles import RANGE_MAX, RANGE_MIN

    tensor = torch.from_numpy(batch)
    if clf.device.type != "cpu":
        tensor = tensor.to(clf.device)  # checked there: a tiny kernel instead of a CPU pass
    low, high = torch.aminmax(tensor)
    if not (low >= RANGE_MIN - RANGE_TOLERANCE and high <= RANGE_MAX + RANGE_TOLERANCE):
        raise HalconError(
            9003,
            f"gray values from {float(low):g} to {float(high):g}; the network needs values in "
            f"[{RANGE_MIN:g}, {RANGE_MAX:g}] (preprocess the images)",
        )
    if clf.channels_last:
        tensor = tensor.contiguous(memory_format=torch.channels_last)
    return tensor


def label_indices(labels: tuple[Any, ...], classes: tuple[str, ...]) -> list[int]:
    """Class indices for labels given as class names or as indices into ``classes``.

    Raises:
        HalconError: 7714 for an unknown class name, 7793 for an index out of range.
    """
    lookup = {name: index for index, name in enumerate(classes)}
    out = []
    for label in labels:
        if type(label) is str:
            index = lookup.get(label)
            if index is None:
                raise HalconError(7714, f"label {label!r} is not one of the classes")
        else:
            index = label
            if not 0 <= index < len(classes):
                raise HalconError(7793, f"label index {index} is outside 0..{len(classes) - 1}")
        out.append(index)
    return out


@contextlib.contextmanager
def out_of_memory(clf: DLClassifier) -> Iterator[None]:
    """Turn running out of memory into HALCON's 4104 (device) or 6001 (host memory)."""
    import torch

    device_oom = getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError)
    try:
        yield
    except device_oom:
        raise HalconError(
            4104, f"batch_size {clf.batch_size} does not fit into device memory"
        ) from None
    except RuntimeError as exc:
        if is_out_of_memory(exc):
            raise HalconError(6001, f"batch_size {clf.batch_size}: {exc}") from None
        raise


def is_out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` reports exhausted device or host memory."""
    import torch

    text = str(exc)
    device_oom = getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError)
    return isinstance(exc, device_oom) or any(
        marker in text for marker in ("out of memory", "can't allocate memory", "not enough memory")
    )
