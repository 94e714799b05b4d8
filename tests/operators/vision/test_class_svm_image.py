"""add_samples_image_class_svm and classify_image_class_svm: a colour image built here is
learned from patches and segmented back; novelty detection finds a stain."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple, Region


def _scene(stain: bool = False) -> ObjectTuple:
    """16 x 24 RGB: left half blue-ish (20, 40, 220), right half orange (230, 140, 20),
    +-6 of pixel noise; with ``stain`` a 3 x 3 green patch at rows 6-8, columns 4-6."""
    rng = np.random.default_rng(3)
    data = np.empty((3, 16, 24))
    data[:, :, :12] = np.array([20, 40, 220])[:, None, None]
    data[:, :, 12:] = np.array([230, 140, 20])[:, None, None]
    data += rng.integers(-6, 7, data.shape)
    if stain:
        data[:, 6:9, 4:7] = np.array([30, 230, 40])[:, None, None]
    return ObjectTuple([Image(data.astype(np.uint8), "byte")])


def _svm(call, mode: str = "one-versus-all", classes: int = 2):
    args = (3, "rbf", 0.1, 0.05, classes, mode, "normalization", 3)
    (handle,) = call("create_class_svm", *args)
    return handle


def test_learn_two_colours_and_segment_every_pixel(call):
    img = _scene()
    handle = _svm(call)
    classes = ObjectTuple([Region.rectangle(2, 1, 5, 4), Region.rectangle(9, 15, 12, 20)])
    call("add_samples_image_class_svm", img, classes, handle)
    assert call("get_sample_num_class_svm", handle) == ((16 + 24,),)
    features, target = call("get_sample_class_svm", handle, 16)
    assert target == (1,)
    assert features == tuple(float(v) for v in img[0].data[:, 9, 15])
    call("train_class_svm", handle, 0.001, "default")
    (regions,) = call("classify_image_class_svm", img, handle)
    assert len(regions) == 2
    assert regions[0].area() == 16 * 12 and regions[0].bbox() == (0, 0, 15, 11)
    assert regions[1].area() == 16 * 12 and regions[1].bbox() == (0, 12, 15, 23)
    part = ObjectTuple([Image(img[0].data, "byte", Region.rectangle(0, 10, 3, 13))])
    (regions,) = call("classify_image_class_svm", part, handle)
    assert [r.area() for r in regions] == [8, 8]


def test_novelty_detection_segments_a_stain(call):
    handle = _svm(call, "novelty-detection", 1)
    clean = _scene()
    call(
        "add_samples_image_class_svm", clean, ObjectTuple([Region.rectangle(0, 0, 15, 23)]), handle
    )
    call("train_class_svm", handle, 0.001, "default")
    (found,) = call("classify_image_class_svm", _scene(stain=True), handle)
    assert len(found) == 1
    stain = found[0]
    assert stain.bbox() == (6, 4, 8, 6) or (
        stain.to_mask(16, 24)[6:9, 4:7].all() and stain.area() <= 9 + 0.05 * 16 * 24
    )


def test_untrained_channels_regions_and_empty_inputs(call):
    img = _scene()
    handle = _svm(call)
    assert call.code("classify_image_class_svm", img, handle) == 3393
    three = ObjectTuple([Region.rectangle(0, 0, 1, 1)] * 3)
    assert call.code("add_samples_image_class_svm", img, three, handle) == 1502
    gray = ObjectTuple([Image(np.zeros((1, 4, 4), np.uint8), "byte")])
    one = ObjectTuple([Region.rectangle(0, 0, 1, 1)])
    assert call.code("add_samples_image_class_svm", gray, one, handle) == 3359
    assert call("add_samples_image_class_svm", ObjectTuple([]), one, handle) == ()
    call(
        "add_samples_image_class_svm",
        img,
        ObjectTuple([one[0], Region.rectangle(0, 20, 1, 21)]),
        handle,
    )
    call("train_class_svm", handle, 0.001, "default")
    assert call.code("classify_image_class_svm", gray, handle) == 3359
    assert call("classify_image_class_svm", ObjectTuple([]), handle) == (ObjectTuple([]),)
