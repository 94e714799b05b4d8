"""Semantic segmentation models: read_dl_model of the pretrained segmenters, parameters,
train_dl_model_batch with segmentation images, apply_dl_model results, model files."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Handle, Image, ObjectTuple

SIZE = 48


def seg_sample(seed: int, size: int = SIZE, ignore_border: int | None = None) -> Handle:
    """A preprocessed sample: noise with a bright disc (class 1) on background (class 0)."""
    rng = np.random.default_rng(seed)
    pixels = rng.normal(-40, 15, (size, size))
    labels = np.zeros((size, size), np.uint8)
    yy, xx = np.mgrid[:size, :size]
    radius = int(rng.integers(6, 10))
    cy, cx = rng.integers(radius, size - radius, 2)
    disc = (yy - cy) ** 2 + (xx - cx) ** 2 <= radius * radius
    pixels[disc] += 120
    labels[disc] = 1
    if ignore_border is not None:
        labels[:2, :] = ignore_border
    image = np.clip(pixels, -127, 128).astype(np.float32)[None].repeat(3, 0)
    return Handle(
        "dict",
        {
            "image": ObjectTuple([Image(image, "real")]),
            "segmentation_image": ObjectTuple([Image(labels[None], "byte")]),
        },
    )


def labels_of(sample: Handle) -> np.ndarray:
    return sample.obj["segmentation_image"].objects[0].data[0]


@pytest.fixture
def seg_model(call):
    """A compact segmenter with classes 0 and 1, 48x48, batch 4, on the CPU."""
    call("set_system", "seed_rand", 42)
    ((handle,),) = call("read_dl_model", "pretrained_dl_segmentation_compact.hdl")
    call("set_dl_model_param", handle, "class_ids", (0, 1))
    call("set_dl_model_param", handle, "image_dimensions", (SIZE, SIZE, 3))
    call("set_dl_model_param", handle, "batch_size", 4)
    call("set_dl_model_param", handle, "runtime", "cpu")
    return handle


def pixel_accuracy(call, handle, samples) -> float:
    (results,) = call("apply_dl_model", handle, tuple(samples), ())
    hits = [
        np.mean(r.obj["segmentation_image"].objects[0].data[0] == labels_of(s))
        for r, s in zip(results, samples, strict=True)
    ]
    return float(np.mean(hits))


def test_pretrained_segmentation_models(call):
    for name in ("pretrained_dl_segmentation_compact.hdl", "pretrained_dl_segmentation_enhanced"):
        ((handle,),) = call("read_dl_model", name)
        assert call("get_dl_model_param", handle, "type") == (("segmentation",),)
        assert call("get_dl_model_param", handle, "ignore_class_ids") == ((),)
    assert call.code("read_dl_model", "pretrained_dl_segmentation_huge.hdl") == 5200


def test_segmentation_parameters(call, seg_model):
    assert call("get_dl_model_param", seg_model, "class_ids") == ((0, 1),)
    assert call("get_dl_model_param", seg_model, "num_classes") == ((2,),)
    call("set_dl_model_param", seg_model, "ignore_class_ids", (255, 7))
    assert call("get_dl_model_param", seg_model, "ignore_class_ids") == ((255, 7),)
    call("set_dl_model_param", seg_model, "ignore_class_ids", ())
    assert call("get_dl_model_param", seg_model, "ignore_class_ids") == ((),)
    assert call.code("set_dl_model_param", seg_model, "ignore_class_ids", -1) == 1303
    # parameters of other model types
    assert call.code("get_dl_model_param", seg_model, "class_weights") == 7788
    assert call.code("set_dl_model_param", seg_model, "class_weights", 1.0) == 7788
    assert call.code("get_dl_model_param", seg_model, "min_confidence") == 7788
    ((clf,),) = call("read_dl_model", "pretrained_dl_classifier_compact.hdl")
    assert call.code("get_dl_model_param", clf, "ignore_class_ids") == 7788
    # Grad-CAM heat maps are for classifiers only
    assert call.code("gen_dl_model_heatmap", seg_model, seg_sample(0), "grad_cam", (), ()) == 1301


def test_training_lowers_the_loss_and_beats_the_trivial_answer(call, seg_model):
    call("set_dl_model_param", seg_model, "learning_rate", 0.05)
    train = [seg_sample(i) for i in range(24)]
    test = [seg_sample(100 + i) for i in range(8)]
    trivial = 1.0 - float(np.mean([labels_of(s).mean() for s in test]))  # all background
    losses = []
    for step in range(45):
        start = (step * 4) % 24
        ((result,),) = call("train_dl_model_batch", seg_model, tuple(train[start : start + 4]))
        losses.append(result.obj["total_loss"][0])
    assert np.mean(losses[-6:]) < 0.5 * np.mean(losses[:6])
    accuracy = pixel_accuracy(call, seg_model, test)
    assert accuracy > trivial + 0.04, (accuracy, trivial)


def test_apply_results(call, seg_model):
    samples = tuple(seg_sample(i) for i in range(5))  # more than one batch
    (results,) = call("apply_dl_model", seg_model, samples, ())
    assert len(results) == 5
    for result in results:
        assert set(result.obj) == {"segmentation_image", "segmentation_confidence"}
        ids = result.obj["segmentation_image"].objects[0]
        confidence = result.obj["segmentation_confidence"].objects[0]
        assert ids.pixel_type == "byte" and ids.data.shape == (1, SIZE, SIZE)
        assert set(np.unique(ids.data)) <= {0, 1}
        assert confidence.pixel_type == "real" and confidence.data.shape == (1, SIZE, SIZE)
        assert 0.5 <= confidence.data.min() and confidence.data.max() <= 1.0
    (only,) = call("apply_dl_model", seg_model, samples[:1], ("segmentation_confidence",))
    assert set(only[0].obj) == {"segmentation_confidence"}
    assert call.code("apply_dl_model", seg_model, samples[:1], "bbox_row1") == 1303
    assert call("apply_dl_model", seg_model, (), ()) == ((),)


def test_result_ids_are_the_class_ids(call, seg_model):
    call("set_dl_model_param", seg_model, "class_ids", (3, 300))
    (results,) = call("apply_dl_model", seg_model, (seg_sample(1),), ())
    ids = results[0].obj["segmentation_image"].objects[0]
    assert ids.pixel_type == "uint2"
    assert set(np.unique(ids.data)) <= {3, 300}


def test_ignored_and_weighted_pixels_do_not_count(call, seg_model):
    batch = tuple(seg_sample(i, ignore_border=9) for i in range(4))
    assert call.code("train_dl_model_batch", seg_model, batch) == 7793  # 9 is no class id
    call("set_dl_model_param", seg_model, "ignore_class_ids", 9)
    ((result,),) = call("train_dl_model_batch", seg_model, batch)
    assert result.obj["total_loss"][0] > 0
    everything_ignored = []
    for i in range(4):
        sample = seg_sample(i)
        sample.obj["segmentation_image"] = ObjectTuple(
            [Image(np.full((1, SIZE, SIZE), 9, np.uint8), "byte")]
        )
        everything_ignored.append(sample)
    ((result,),) = call("train_dl_model_batch", seg_model, tuple(everything_ignored))
    assert result.obj["total_loss"][0] == 0.0
    zero_weights = []
    for i in range(4):
        sample = seg_sample(i)
        sample.obj["weight_image"] = ObjectTuple(
            [Image(np.zeros((1, SIZE, SIZE), np.float32), "real")]
        )
        zero_weights.append(sample)
    ((result,),) = call("train_dl_model_batch", seg_model, tuple(zero_weights))
    assert result.obj["total_loss"][0] == 0.0


def test_bad_samples(call, seg_model):
    good = [seg_sample(i) for i in range(4)]
    missing = Handle("dict", {"image": good[0].obj["image"]})
    assert call.code("train_dl_model_batch", seg_model, (missing, *good[1:])) == 7783
    small = seg_sample(0, size=32)
    small.obj["image"] = good[0].obj["image"]
    assert call.code("train_dl_model_batch", seg_model, (small, *good[1:])) == 2106
    assert call.code("train_dl_model_batch", seg_model, tuple(good[:3])) == 7784


def test_file_and_serialized_round_trip(call, seg_model, tmp_path):
    call("set_dl_model_param", seg_model, "learning_rate", 0.05)
    call("set_dl_model_param", seg_model, "ignore_class_ids", 255)
    train = tuple(seg_sample(i) for i in range(4))
    call("train_dl_model_batch", seg_model, train)
    samples = tuple(seg_sample(50 + i) for i in range(3))
    (before,) = call("apply_dl_model", seg_model, samples, ())
    path = str(tmp_path / "seg.hdl")
    call("write_dl_model", seg_model, path)
    ((read,),) = call("read_dl_model", path)
    ((item,),) = call("serialize_dl_model", seg_model)
    ((copy,),) = call("deserialize_dl_model", item)
    for other in (read, copy):
        assert call("get_dl_model_param", other, "type") == (("segmentation",),)
        assert call("get_dl_model_param", other, "ignore_class_ids") == ((255,),)
        assert call("get_dl_model_param", other, "learning_rate") == ((0.05,),)
        call("set_dl_model_param", other, "runtime", "cpu")
        (after,) = call("apply_dl_model", other, samples, ())
        for a, b in zip(before, after, strict=True):
            for key in ("segmentation_image", "segmentation_confidence"):
                np.testing.assert_array_equal(
                    a.obj[key].objects[0].data, b.obj[key].objects[0].data
                )
    assert call.code("read_dl_classifier", path) == 7780
