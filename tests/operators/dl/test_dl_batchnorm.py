"""'enhanced' (EfficientNet-Lite0) fine-tunes with the ImageNet batch-norm statistics.

With the statistics of each batch of 8, EfficientNet-Lite's weights learn badly at HALCON's
settings (see ``operators/hdlite_dl/efficientnet_lite.py``); the network keeps its batch
normalisation in inference mode while training. The tests check that the statistics stay
those of the checkpoint while scale and offset are trained, and that a hue difference a
batch-statistics network does not learn in a few epochs is learnt.
"""

from __future__ import annotations

import colorsys

import numpy as np
import torch
from hdlite_dl import weights

from hdlite.values.iconic import Image, ObjectTuple

CLASSES = ("red", "vermilion", "orange")
SIZE = 64


def _disc(rng: np.random.Generator, label: int) -> np.ndarray:
    """A disc whose hue is 0, 20 or 40 degrees (+-4) on a gray background, as g - 127."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    hue = (20 * label + rng.uniform(-4, 4)) / 360
    rgb = np.array(colorsys.hsv_to_rgb(hue, rng.uniform(0.6, 1), rng.uniform(0.55, 1))) * 255
    cy, cx = rng.uniform(0.35, 0.65, 2) * SIZE
    mask = np.clip(rng.uniform(0.15, 0.3) * SIZE - np.hypot(yy - cy, xx - cx) + 0.5, 0, 1)
    background = rng.uniform(40, 220) + rng.uniform(-15, 15, 3)
    pixels = background[:, None, None] * (1 - mask) + rgb[:, None, None] * mask
    return (np.clip(pixels + rng.normal(0, 5, pixels.shape), 0, 255) - 127).astype(np.float32)


def _discs(per_class: int, seed: int) -> tuple[ObjectTuple, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.repeat(np.arange(3), per_class))
    return ObjectTuple([Image(_disc(rng, int(k)), "real") for k in labels]), labels


def _enhanced(call):
    ((handle,),) = call("read_dl_classifier", "pretrained_dl_classifier_enhanced.hdl")
    call("set_dl_classifier_param", handle, "classes", CLASSES)
    call("set_dl_classifier_param", handle, "image_dimensions", (SIZE, SIZE, 3))
    call("set_dl_classifier_param", handle, "batch_size", 8)
    call("set_dl_classifier_param", handle, "learning_rate", 0.001)
    call("set_dl_classifier_param", handle, "momentum", 0.9)
    return handle


def _batch_norms(handle) -> dict[str, torch.nn.BatchNorm2d]:
    features = handle.obj.net.trunk.features
    return {n: m for n, m in features.named_modules() if isinstance(m, torch.nn.BatchNorm2d)}


def test_statistics_stay_those_of_the_checkpoint_while_scale_and_offset_train(call, session):
    session.seed(3)
    handle = _enhanced(call)
    images, labels = _discs(3, seed=4)
    batch_norms = _batch_norms(handle)
    assert len(batch_norms) == 49
    before = {n: m.weight.detach().clone() for n, m in batch_norms.items()}
    for start in (0, 1):
        chunk = ObjectTuple(images.objects[start : start + 8])
        labels_chunk = tuple(int(k) for k in labels[start : start + 8])
        call("train_dl_classifier_batch", chunk, handle, labels_chunk)
    stored = weights.load_state_dict(weights.find_weights("efficientnet_lite0"))
    for name, module in batch_norms.items():
        assert not module.training, name
        assert torch.equal(module.running_mean, stored[f"{name}.running_mean"]), name
        assert torch.equal(module.running_var, stored[f"{name}.running_var"]), name
    changed = [n for n, m in batch_norms.items() if not torch.equal(m.weight, before[n])]
    assert len(changed) == len(batch_norms)  # scale (and offset) are trained
    dropout = handle.obj.net.trunk.dropout
    assert dropout.training  # the rest of the network is in training mode


def test_enhanced_learns_a_hue_difference(call, session):
    session.seed(5)
    handle = _enhanced(call)
    train, train_y = _discs(16, seed=6)
    test, test_y = _discs(10, seed=7)
    rng = np.random.default_rng(8)
    losses = []
    for _epoch in range(4):
        order = rng.permutation(len(train_y))
        for start in range(0, len(order), 8):
            chunk = order[start : start + 8]
            images = ObjectTuple([train.objects[i] for i in chunk])
            ((step,),) = call(
                "train_dl_classifier_batch", images, handle, tuple(int(train_y[i]) for i in chunk)
            )
            losses.append(call("get_dl_classifier_train_result", step, "loss")[0][0])
    ((result,),) = call("apply_dl_classifier", test, handle)
    (predicted,) = call("get_dl_classifier_result", result, "all", "predicted_class_indices")
    accuracy = float(np.mean(np.asarray(predicted) == test_y))
    print(f"loss {np.mean(losses[:6]):.3f} -> {np.mean(losses[-6:]):.3f}, accuracy {accuracy:.2f}")
    assert np.mean(losses[-6:]) < 0.4 * np.mean(losses[:6])
    assert accuracy >= 0.85, f"test accuracy {accuracy:.2f} after fine-tuning"
