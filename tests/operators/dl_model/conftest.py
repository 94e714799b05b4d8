"""Fixtures for the dl_model operator tests: a small classifier and sample dicts."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Handle, Image, ObjectTuple


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread():
    """One intra-op thread: the small networks of these tests run fastest so."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def make_sample(label: int | None, seed: int, size: int = 32, channels: int = 3) -> Handle:
    """A preprocessed sample dict: class 3 dark with a bright square, class 7 bright."""
    rng = np.random.default_rng(seed)
    pixels = rng.normal(0, 12, (channels, size, size))
    if label == 3:
        pixels += -60
        pixels[:, size // 4 : size // 2, size // 4 : size // 2] += 120
    else:
        pixels += 60
    image = Image(np.clip(pixels, -127, 128).astype(np.float32), "real")
    entries: dict = {"image": ObjectTuple([image]), "image_id": (seed,)}
    if label is not None:
        entries["image_label_id"] = (label,)
    return Handle("dict", entries)


@pytest.fixture
def samples():
    """``samples(n)``: n sample dicts alternating between class ids 3 and 7."""

    def make(count: int, offset: int = 0, size: int = 32) -> tuple[Handle, ...]:
        return tuple(make_sample(3 if i % 2 else 7, offset + i, size) for i in range(count))

    return make


@pytest.fixture
def model(call):
    """A compact classifier with classes 'dark' (id 3) and 'bright' (id 7), 32x32, batch 4.

    The run is seeded first, so the new classification head starts the same every time.
    """
    call("set_system", "seed_rand", 42)
    ((handle,),) = call("read_dl_model", "pretrained_dl_classifier_compact.hdl")
    call("set_dl_model_param", handle, "class_names", ("dark", "bright"))
    call("set_dl_model_param", handle, "class_ids", (3, 7))
    call("set_dl_model_param", handle, "image_dimensions", (32, 32, 3))
    call("set_dl_model_param", handle, "batch_size", 4)
    call("set_dl_model_param", handle, "runtime", "cpu")
    return handle
