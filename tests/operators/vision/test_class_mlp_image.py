"""add_samples_image_class_mlp and classify_image_class_mlp: a colour image built here is
learned from two patches and classified back."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple, Region


def _scene() -> ObjectTuple:
    """16 x 24 RGB: left half blue-ish (20, 40, 220), right half orange (230, 140, 20),
    with +-6 of pixel noise."""
    rng = np.random.default_rng(3)
    data = np.empty((3, 16, 24))
    data[:, :, :12] = np.array([20, 40, 220])[:, None, None]
    data[:, :, 12:] = np.array([230, 140, 20])[:, None, None]
    data += rng.integers(-6, 7, data.shape)
    return ObjectTuple([Image(data.astype(np.uint8), "byte")])


def _mlp(call, inputs: int = 3, outputs: int = 2):
    (handle,) = call("create_class_mlp", inputs, 4, outputs, "softmax", "normalization", 3, 42)
    return handle


def test_learn_two_colours_and_classify_every_pixel(call):
    img = _scene()
    handle = _mlp(call)
    classes = ObjectTuple([Region.rectangle(2, 1, 5, 4), Region.rectangle(9, 15, 12, 20)])
    call("add_samples_image_class_mlp", img, classes, handle)
    (num,) = call("get_sample_num_class_mlp", handle)
    assert num == (16 + 24,)
    features, target = call("get_sample_class_mlp", handle, 16)
    assert target == (0.0, 1.0)
    assert features == tuple(float(v) for v in img[0].data[:, 9, 15])
    call("train_class_mlp", handle, 200, 1, 0.01)
    (regions,) = call("classify_image_class_mlp", img, handle, 0.5)
    assert len(regions) == 2
    assert regions[0].area() == 16 * 12 and regions[0].bbox() == (0, 0, 15, 11)
    assert regions[1].area() == 16 * 12 and regions[1].bbox() == (0, 12, 15, 23)
    # only the domain is classified; a threshold of 1 rejects every pixel
    part = ObjectTuple([Image(img[0].data, "byte", Region.rectangle(0, 10, 3, 13))])
    (regions,) = call("classify_image_class_mlp", part, handle, 0.5)
    assert [r.area() for r in regions] == [8, 8]
    (rejected,) = call("classify_image_class_mlp", img, handle, 1.0)
    assert [r.area() for r in rejected] == [0, 0]


def test_class_regions_beyond_outputs_channels_and_empty_inputs(call):
    img = _scene()
    handle = _mlp(call)
    three = ObjectTuple([Region.rectangle(0, 0, 1, 1)] * 3)
    assert call.code("add_samples_image_class_mlp", img, three, handle) == 1502
    gray = ObjectTuple([Image(np.zeros((1, 4, 4), np.uint8), "byte")])
    assert (
        call.code(
            "add_samples_image_class_mlp", gray, ObjectTuple([Region.rectangle(0, 0, 1, 1)]), handle
        )
        == 3359
    )
    assert call.code("classify_image_class_mlp", gray, handle, 0.5) == 3359
    assert call.code("classify_image_class_mlp", img, handle, 1.5) == 1302
    (logistic,) = call("create_class_mlp", 3, 4, 2, "logistic", "none", 3, 42)
    assert call.code("classify_image_class_mlp", img, logistic, 0.5) == 1301
    assert call("classify_image_class_mlp", ObjectTuple([]), handle, 0.5) == (ObjectTuple([]),)
    assert (
        call(
            "add_samples_image_class_mlp",
            ObjectTuple([]),
            ObjectTuple([Region.rectangle(0, 0, 1, 1)]),
            handle,
        )
        == ()
    )
    (num,) = call("get_sample_num_class_mlp", handle)
    assert num == (0,)
