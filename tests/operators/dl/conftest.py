"""Fixtures for the deep-learning classifier tests: operator calls and generated images."""

from __future__ import annotations

import io

import numpy as np
import pytest

from hdlite.errors import HalconError
from hdlite.plugin.calls import CallContext, call_operator
from hdlite.runtime.session import Session
from hdlite.values.iconic import Image, ObjectTuple

CLASSES = ("horizontal", "vertical", "disc")


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread():
    """One intra-op thread: small networks run fastest so, and busy machines do not stall."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def pytest_runtest_setup(item):
    """Skip tests marked ``cuda`` when no CUDA device is present."""
    if "cuda" in item.keywords:
        import torch

        if not torch.cuda.is_available():
            pytest.skip("needs a CUDA device")


@pytest.fixture
def session() -> Session:
    """A fresh run session."""
    return Session(out=io.StringIO())


@pytest.fixture
def call(host, session):
    """Call an operator by name with the interpreter's signature checks.

    Non-tuple arguments become 1-tuples; object tuples pass as they are.
    """

    def run(name: str, *inputs):
        op = host.registry.get(name)
        assert op is not None, name
        values = [v if isinstance(v, tuple | ObjectTuple) else (v,) for v in inputs]
        return call_operator(CallContext(session, op, None), values)

    return run


@pytest.fixture
def code_of(call):
    """The HALCON error code an operator call raises."""

    def run(*args) -> int:
        with pytest.raises(HalconError) as info:
            call(*args)
        return info.value.code

    return run


def make_images(
    count: int, size: int = 64, seed: int = 0, channels: int = 3
) -> tuple[ObjectTuple, tuple[str, ...]]:
    """Preprocessed 'real' images of three classes, cycling through them.

    Horizontal stripes, vertical stripes and a disc, each with random colors, period,
    phase, position and noise; gray values in HALCON's range [-127, 128].
    """
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size]
    images, labels = [], []
    for i in range(count):
        label = i % 3
        fg, bg = rng.uniform(0, 255, channels), rng.uniform(0, 255, channels)
        period = rng.uniform(size / 10, size / 4)
        phase = rng.uniform(0, period)
        if label == 0:
            mask = (yy + phase) % period < period / 2
        elif label == 1:
            mask = (xx + phase) % period < period / 2
        else:
            cy, cx = rng.uniform(size * 0.3, size * 0.7, 2)
            radius = rng.uniform(size * 0.15, size * 0.3)
            mask = (yy - cy) ** 2 + (xx - cx) ** 2 < radius**2
        pixels = np.where(mask[None], fg[:, None, None], bg[:, None, None])
        pixels = np.clip(pixels + rng.normal(0, 10, pixels.shape), 0, 255) - 127
        images.append(Image(pixels.astype(np.float32), "real"))
        labels.append(CLASSES[label])
    return ObjectTuple(images), tuple(labels)


@pytest.fixture
def classifier(call):
    """Read a pretrained network and set classes, input size and batch size."""

    def make(name: str = "compact", size: int = 64, batch_size: int = 8, classes=CLASSES):
        ((handle,),) = call("read_dl_classifier", f"pretrained_dl_classifier_{name}.hdl")
        call("set_dl_classifier_param", handle, "classes", tuple(classes))
        call("set_dl_classifier_param", handle, "image_dimensions", (size, size, 3))
        call("set_dl_classifier_param", handle, "batch_size", batch_size)
        return handle

    return make


@pytest.fixture
def images():
    """The generator of three-class images (:func:`make_images`)."""
    return make_images
