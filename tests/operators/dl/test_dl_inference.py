"""apply_dl_classifier and get_dl_classifier_result: chunking, result layout, errors."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple, Region

CLASSES = ("horizontal", "vertical", "disc")


def test_results_for_all_images_and_per_image(call, classifier, images):
    handle = classifier("compact", size=32, batch_size=3)
    batch, _labels = images(7, size=32)  # two full chunks and a partial one
    ((result,),) = call("apply_dl_classifier", batch, handle)
    (classes,) = call("get_dl_classifier_result", result, "all", "predicted_classes")
    (indices,) = call("get_dl_classifier_result", result, "all", "predicted_class_indices")
    (top1,) = call("get_dl_classifier_result", result, "all", "confidences")
    assert len(classes) == len(indices) == len(top1) == 7
    assert all(CLASSES[i] == c for i, c in zip(indices, classes, strict=True))
    for image in range(7):
        (conf,) = call("get_dl_classifier_result", result, image, "confidences")
        (names,) = call("get_dl_classifier_result", result, image, "predicted_classes")
        (idx,) = call("get_dl_classifier_result", result, image, "predicted_class_indices")
        assert len(conf) == 3 and list(conf) == sorted(conf, reverse=True)
        assert sum(conf) == pytest.approx(1.0, abs=1e-5)
        assert names[0] == classes[image] and conf[0] == top1[image]
        assert sorted(idx) == [0, 1, 2] and all(type(v) is int for v in idx)
        assert all(type(v) is float for v in conf)
    both = call("get_dl_classifier_result", result, 0, ("predicted_classes", "confidences"))[0]
    assert len(both) == 6 and type(both[0]) is str and type(both[3]) is float


def test_chunking_does_not_change_results(call, classifier, images):
    batch, _labels = images(5, size=32)
    one = classifier("compact", size=32, batch_size=1)
    five = classifier("compact", size=32, batch_size=5)
    five.obj.net.load_state_dict(one.obj.net.state_dict())
    ((a,),) = call("apply_dl_classifier", batch, one)
    ((b,),) = call("apply_dl_classifier", batch, five)
    np.testing.assert_allclose(a.obj.confidences, b.obj.confidences, rtol=1e-4, atol=1e-6)


def test_no_images_give_an_empty_result(call, classifier):
    handle = classifier("compact", size=32)
    ((result,),) = call("apply_dl_classifier", ObjectTuple(), handle)
    assert call("get_dl_classifier_result", result, "all", "predicted_classes") == ((),)


def test_image_errors(call, code_of, classifier):
    handle = classifier("compact", size=32)

    def one(data, pixel_type="real"):
        return ObjectTuple([Image(data, pixel_type)])

    good = np.zeros((3, 32, 32), np.float32)
    assert code_of("apply_dl_classifier", one(np.zeros((3, 32, 40), np.float32)), handle) == 2106
    assert code_of("apply_dl_classifier", one(np.zeros((3, 40, 32), np.float32)), handle) == 2107
    assert code_of("apply_dl_classifier", one(np.zeros((1, 32, 32), np.float32)), handle) == 3122
    assert code_of("apply_dl_classifier", one(good.astype(np.uint8), "byte"), handle) == 9001
    assert code_of("apply_dl_classifier", one(np.full_like(good, np.inf)), handle) == 9003
    region = ObjectTuple([Region.rectangle(0, 0, 5, 5)])
    assert code_of("apply_dl_classifier", region, handle) == 9001
    # the 3rd image is wrong: the message names it
    mixed = ObjectTuple([Image(good, "real")] * 2 + [Image(good[:, :, :30], "real")])
    with pytest.raises(Exception, match="image 3"):
        call("apply_dl_classifier", mixed, handle)


def test_images_outside_the_gray_value_range_are_classified_as_they_are(call, classifier):
    """HALCON does not check the range [-127, 128]: a real image outside it is classified."""
    handle = classifier("compact", size=32, batch_size=2)
    rng = np.random.default_rng(3)
    data = [rng.uniform(0, 255, (3, 32, 32)).astype(np.float32) for _ in range(2)]
    ((result,),) = call(
        "apply_dl_classifier", ObjectTuple([Image(d, "real") for d in data]), handle
    )
    assert result.obj.confidences.shape == (2, 3)
    np.testing.assert_allclose(result.obj.confidences.sum(axis=1), 1.0, rtol=1e-5)
    # the values reach the network unchanged: scaled inputs give other confidences
    scaled = [Image(d / 2, "real") for d in data]
    ((other,),) = call("apply_dl_classifier", ObjectTuple(scaled), handle)
    assert not np.allclose(result.obj.confidences, other.obj.confidences)


def test_classes_must_be_set(call, code_of):
    ((handle,),) = call("read_dl_classifier", "pretrained_dl_classifier_compact.hdl")
    image = ObjectTuple([Image(np.zeros((3, 224, 224), np.float32), "real")])
    assert code_of("apply_dl_classifier", image, handle) == 7788


def test_result_errors(call, code_of, classifier, images):
    handle = classifier("compact", size=32)
    batch, _labels = images(2, size=32)
    ((result,),) = call("apply_dl_classifier", batch, handle)
    assert code_of("get_dl_classifier_result", result, 2, "confidences") == 1302
    assert code_of("get_dl_classifier_result", result, -1, "confidences") == 1302
    assert code_of("get_dl_classifier_result", result, "first", "confidences") == 1302
    assert code_of("get_dl_classifier_result", result, "all", "scores") == 1303
    assert code_of("get_dl_classifier_result", result, 0.5, "confidences") == 1202
    assert code_of("get_dl_classifier_result", handle, "all", "confidences") == 2404
    call("clear_dl_classifier_result", result)
    assert code_of("get_dl_classifier_result", result, "all", "confidences") == 2454


def test_train_result_errors_and_clearing(call, code_of, classifier, images):
    handle = classifier("compact", size=32, batch_size=2)
    batch, labels = images(2, size=32)
    ((train,),) = call("train_dl_classifier_batch", batch, handle, labels)
    assert code_of("get_dl_classifier_train_result", train, "top1_error") == 1302
    ((loss, again),) = call("get_dl_classifier_train_result", train, ("loss", "loss"))
    assert loss == again and loss > 0
    call("clear_dl_classifier_train_result", train)
    assert code_of("get_dl_classifier_train_result", train, "loss") == 2454
    call("clear_dl_classifier", handle)
    assert code_of("apply_dl_classifier", batch, handle) == 2454
