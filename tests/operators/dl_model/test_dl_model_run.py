"""train_dl_model_batch, apply_dl_model and gen_dl_model_heatmap on sample dicts."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from hdlite.plugin import Handle, Image, ObjectTuple


def train(call, model, batches, steps):
    losses = []
    for step in range(steps):
        ((result,),) = call("train_dl_model_batch", model, batches[step % len(batches)])
        losses.append(result.obj["total_loss"][0])
    return losses


def test_training_lowers_the_loss_and_classifies(call, model, samples):
    # 64 x 64: at 32 x 32 the complete MobileNetV2 behind 'compact' ends in a 1 x 1 feature
    # map, and four-image batch-norm statistics make evaluation mode unreliable
    call("set_dl_model_param", model, "image_dimensions", (64, 64, 3))
    batches = [samples(4, offset=4 * k, size=64) for k in range(4)]
    losses = train(call, model, batches, 40)
    assert set(call("train_dl_model_batch", model, batches[0])[0][0].obj) == {"total_loss"}
    assert np.mean(losses[-8:]) < 0.5 * np.mean(losses[:8])
    # let batch norm statistics settle in eval mode: inference on fresh samples
    test = samples(10, offset=500, size=64)
    (results,) = call("apply_dl_model", model, test, ())
    assert len(results) == 10
    predicted = [r.obj["classification_class_ids"][0] for r in results]
    truth = [s.obj["image_label_id"][0] for s in test]
    assert sum(p == t for p, t in zip(predicted, truth, strict=True)) >= 8


def test_results_are_sorted_over_all_classes(call, model, samples):
    (results,) = call("apply_dl_model", model, samples(3), ())
    for r in results:
        ids = r.obj["classification_class_ids"]
        names = r.obj["classification_class_names"]
        conf = r.obj["classification_confidences"]
        assert sorted(ids) == [3, 7] and len(names) == 2
        assert dict(zip(ids, names, strict=True)) == {3: "dark", 7: "bright"}
        assert conf[0] >= conf[1] and abs(sum(conf) - 1.0) < 1e-5


def test_apply_chunks_and_outputs(call, model, samples):
    batch = samples(9)
    (all_at_once,) = call("apply_dl_model", model, batch, ())
    (one_by_one,) = call("apply_dl_model", model, batch[4:5], ("classification_confidences",))
    assert set(one_by_one[0].obj) == {"classification_confidences"}
    np.testing.assert_allclose(
        one_by_one[0].obj["classification_confidences"],
        all_at_once[4].obj["classification_confidences"],
        rtol=1e-4,
    )
    assert call("apply_dl_model", model, (), ()) == ((),)


def test_batch_size_multiplier_accumulates(call, model, samples):
    call("set_dl_model_param", model, "batch_size", 2)
    call("set_dl_model_param", model, "batch_size_multiplier", 2)
    ((result,),) = call("train_dl_model_batch", model, samples(4))
    assert np.isfinite(result.obj["total_loss"][0])
    assert call.code("train_dl_model_batch", model, samples(2)) == 7784


def test_adam_step_matches_torch(call, model, samples):
    call("set_dl_model_param", model, "solver_type", "adam")
    call("set_dl_model_param", model, "learning_rate", 0.01)
    net = model.obj.clf.net
    net.train()
    before = {k: v.clone() for k, v in net.state_dict().items()}
    batch = samples(4)
    torch.manual_seed(0)  # the same dropout masks in both steps
    call("train_dl_model_batch", model, batch)
    after = {k: v.clone() for k, v in net.state_dict().items()}
    net.load_state_dict(before)
    reference = torch.optim.Adam(net.parameters(), lr=0.01, betas=(0.9, 0.999), eps=1e-8)
    x = torch.from_numpy(np.stack([s.obj["image"].objects[0].data for s in batch]))
    y = torch.tensor([0 if s.obj["image_label_id"][0] == 3 else 1 for s in batch])
    reference.zero_grad()
    torch.manual_seed(0)
    torch.nn.functional.cross_entropy(net(x), y).backward()
    reference.step()
    for key, value in net.state_dict().items():
        if value.dtype.is_floating_point:
            torch.testing.assert_close(value, after[key], rtol=1e-4, atol=1e-5)


def test_class_weights_change_the_loss(call, model, samples):
    batch = samples(4)
    net = model.obj.clf.net
    state = {k: v.clone() for k, v in net.state_dict().items()}
    ((plain,),) = call("train_dl_model_batch", model, batch)
    net.load_state_dict(state)
    model.obj.clf._optimizer = None
    call("set_dl_model_param", model, "class_weights", (10.0, 1.0))
    ((weighted,),) = call("train_dl_model_batch", model, batch)
    assert plain.obj["total_loss"] != weighted.obj["total_loss"]


def bad_sample(entries):
    return Handle("dict", entries)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"image_label_id": None}, 7783),  # missing key
        ({"image": None}, 7783),
        ({"image_label_id": (5,)}, 7793),  # not a class id
        ({"image_label_id": ("dark",)}, 7790),
        ({"image_label_id": (3, 7)}, 7790),
        ({"image": ObjectTuple([Image(np.zeros((3, 32, 32), np.uint8), "byte")])}, 9001),
        ({"image": ObjectTuple([Image(np.zeros((3, 32, 30), np.float32), "real")])}, 2106),
        ({"image": ObjectTuple([Image(np.zeros((1, 32, 32), np.float32), "real")])}, 3122),
        ({"image": ObjectTuple([Image(np.full((3, 32, 32), np.inf, np.float32), "real")])}, 9003),
    ],
)
def test_bad_samples(call, model, samples, change, code):
    batch = list(samples(4))
    entries = dict(batch[2].obj)
    for key, value in change.items():
        if value is None:
            del entries[key]
        else:
            entries[key] = value
    batch[2] = bad_sample(entries)
    assert call.code("train_dl_model_batch", model, tuple(batch)) == code


def test_apply_errors(call, model, samples):
    assert call.code("apply_dl_model", model, samples(2), ("bbox_row1",)) == 1303
    assert call.code("apply_dl_model", model, (bad_sample({}),), ()) == 7783
    ((fresh,),) = call("read_dl_model", "pretrained_dl_classifier_compact.hdl")
    assert call.code("apply_dl_model", fresh, samples(1), ()) == 7788


def test_grad_cam_heatmap(call, model, samples):
    sample = samples(1)[0]
    ((result,),) = call("gen_dl_model_heatmap", model, sample, "grad_cam", (3, 7), ())
    heatmaps = result.obj["heatmap_grad_cam"][0].obj
    assert set(heatmaps) == {"heatmap_image_class_3", "heatmap_image_class_7"}
    image = heatmaps["heatmap_image_class_3"].objects[0]
    assert image.pixel_type == "real" and image.data.shape == (1, 32, 32)
    assert image.data.min() >= 0 and image.data.max() <= 1.0 + 1e-6
    ((top,),) = call("gen_dl_model_heatmap", model, sample, "grad_cam", (), ())
    top_id = top.obj["classification_class_ids"][0]
    assert set(top.obj["heatmap_grad_cam"][0].obj) == {f"heatmap_image_class_{top_id}"}
    assert call.code("gen_dl_model_heatmap", model, sample, "guided", (), ()) == 1303
    assert call.code("gen_dl_model_heatmap", model, sample, "grad_cam", (4,), ()) == 7793
    bad = Handle("dict", {"nonsense": ("x",)})
    assert call.code("gen_dl_model_heatmap", model, sample, "grad_cam", (), bad) == 1305
