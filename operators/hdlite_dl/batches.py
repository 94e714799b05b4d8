"""Checking images against the network's input and turning them into tensors.

HALCON's classifier takes ``real`` images of exactly ``image_width`` x ``image_height``
with ``image_num_channels`` channels. Images that do not fit get HALCON's error (9001
wrong type, 2106 width, 2107 height, 3122 channels), never a shape error from PyTorch.
The domain of an image is ignored: the whole image is used.

Gray values are not checked against [``image_range_min``, ``image_range_max``]: HALCON's
reference of apply_dl_classifier and train_dl_classifier_batch asks for images
preprocessed to that range but names no check, and HALCON classifies an image outside it
as it is; so does hdlite. Values that are not finite (NaN, infinity) are refused with 9003
(hdlite's choice, unverified: one NaN in a training batch would spoil every weight).
"""

from __future__ import annotations

import contextlib
import math
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from hdlite.plugin import HalconError, Image, ObjectTuple

if TYPE_CHECKING:
    import torch

    from .handles import DLClassifier


def stack(
    images: ObjectTuple, clf: DLClassifier, start: int = 0, stop: int | None = None
) -> np.ndarray:
    """Check images ``start:stop`` and stack them into one float32 array (N, C, H, W).

    Raises:
        HalconError: 9001, 2106, 2107 or 3122 for an image that does not fit; the detail
            names the image by its 1-based index.
    """
    objects = images.objects[start:stop]
    for number, image in enumerate(objects, start + 1):
        _check_image(number, image, clf)
    if not objects:  # an empty share of a distributed batch
        shape = (0, clf.image_num_channels, clf.image_height, clf.image_width)
        return np.zeros(shape, dtype=np.float32)
    batch = np.stack([cast(Image, image).data for image in objects])  # checked above
    return batch if batch.dtype == np.float32 else batch.astype(np.float32)


def _check_image(number: int, image: Any, clf: DLClassifier) -> None:
    width, height, channels = clf.image_width, clf.image_height, clf.image_num_channels
    if not isinstance(image, Image) or image.pixel_type != "real":
        kind = image.pixel_type if isinstance(image, Image) else image.kind
        raise HalconError(9001, f"image {number} is {kind}; the network needs 'real' images")
    c, h, w = image.data.shape
    if w != width:
        raise HalconError(2106, f"image {number} is {w} pixels wide; the network needs {width}")
    if h != height:
        raise HalconError(2107, f"image {number} is {h} pixels high; the network needs {height}")
    if c != channels:
        raise HalconError(3122, f"image {number} has {c} channels; the network needs {channels}")


def check(images: ObjectTuple, clf: DLClassifier, size: int) -> None:
    """Check all images without stacking them, in chunks of ``size`` as :func:`stack` and
    :func:`to_device` would, so that the same image raises the same error.

    Used by distributed runs: every process checks the whole batch before it takes its
    share, so that all of them fail alike.

    Raises:
        HalconError: the errors of :func:`stack` and :func:`to_device`.
    """
    objects = images.objects
    for start in range(0, len(objects), size):
        chunk = objects[start : start + size]
        for number, image in enumerate(chunk, start + 1):
            _check_image(number, image, clf)
        if not all(np.isfinite(cast(Image, image).data).all() for image in chunk):
            raise _not_finite_error()


def _not_finite_error() -> HalconError:
    return HalconError(9003, "the images hold gray values that are not finite (NaN or infinity)")


def fingerprint(images: ObjectTuple, labels: tuple[Any, ...] = ()) -> list[float]:
    """Numbers that differ, with near certainty, between two different batches.

    Sums of the gray values (plain and weighted by position) and a checksum of the labels;
    processes of a distributed run compare them to make sure they hold the same batch.
    """
    total = weighted = 0.0
    for position, image in enumerate(images.objects, 1):
        if isinstance(image, Image):
            value = float(image.data.sum(dtype=np.float64)) + float(sum(image.data.shape))
        else:
            value = -1.0
        if not np.isfinite(value):
            value = 1.0e300
        total += value
        weighted += position * value
    text = "\x1f".join(f"{type(label).__name__}:{label}" for label in labels)
    return [float(len(images)), total, weighted, float(zlib.crc32(text.encode("utf-8")))]


def to_device(batch: np.ndarray, clf: DLClassifier) -> torch.Tensor:
    """Move a stacked batch to the network's device after checking that it is finite.

    Raises:
        HalconError: 9003 when a value is not finite (no range check: see the module).
    """
    import torch

    tensor = torch.from_numpy(batch)
    if clf.device.type != "cpu":
        tensor = tensor.to(clf.device)  # checked there: a tiny kernel instead of a CPU pass
    # a finite sum (in double precision: no overflow) means every value is finite
    if tensor.numel() and not math.isfinite(float(tensor.sum(dtype=torch.float64))):
        raise _not_finite_error()
    return tensor.contiguous(memory_format=torch.channels_last)  # as the network (handles.py)


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
