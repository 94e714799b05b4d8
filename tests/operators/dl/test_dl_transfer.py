"""'compact' learns what a linear probe on its pretrained features can separate.

The task: outlines of circles, squares and triangles in random colours (only the outline
tells them apart). First the pretrained features are shown to suffice: a linear probe
(logistic regression on the pooled features of the frozen network) separates the test set.
Then the network is fine-tuned through the operators with HALCON's example settings
(learning rate 0.001, momentum 0.9, batches of 8) and must classify the test set too.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from hdlite_dl import batches

from hdlite.values.iconic import Image, ObjectTuple

CLASSES = ("circle", "square", "triangle")
SIZE = 64


def _outline(rng: np.random.Generator, label: int) -> np.ndarray:
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    cy, cx = rng.uniform(0.4, 0.6, 2) * SIZE
    radius = rng.uniform(0.22, 0.32) * SIZE
    if label == 0:
        distance = np.abs(np.hypot(yy - cy, xx - cx) - radius)
    else:
        k = 4 if label == 1 else 3
        angles = rng.uniform(0, 2 * math.pi) + np.arange(k) * 2 * math.pi / k
        corners = [(cy + radius * math.sin(a), cx + radius * math.cos(a)) for a in angles]
        distance = np.full(yy.shape, np.inf, np.float32)
        for (y0, x0), (y1, x1) in zip(corners, corners[1:] + corners[:1], strict=True):
            dy, dx = y1 - y0, x1 - x0
            t = np.clip(((yy - y0) * dy + (xx - x0) * dx) / (dy * dy + dx * dx), 0, 1)
            distance = np.minimum(distance, np.hypot(yy - y0 - t * dy, xx - x0 - t * dx))
    mask = np.clip(2.0 - distance, 0, 1)
    bg, fg = rng.uniform(0, 100, 3), rng.uniform(155, 255, 3)
    if rng.random() < 0.5:
        bg, fg = fg, bg
    pixels = bg[:, None, None] * (1 - mask) + fg[:, None, None] * mask
    return (np.clip(pixels + rng.normal(0, 5, pixels.shape), 0, 255) - 127).astype(np.float32)


def _outlines(per_class: int, seed: int) -> tuple[ObjectTuple, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.repeat(np.arange(3), per_class))
    return ObjectTuple([Image(_outline(rng, int(k)), "real") for k in labels]), labels


def _features(handle, images: ObjectTuple) -> torch.Tensor:
    clf = handle.obj
    net = clf.prepare(training=False)
    with torch.no_grad():
        return net.trunk(net.adapter(batches.to_device(batches.stack(images, clf), clf)))


def _linear_probe_accuracy(train_f, train_y, test_f, test_y) -> float:
    mean, std = train_f.mean(0), train_f.std(0) + 1e-6
    x, xt = (train_f - mean) / std, (test_f - mean) / std
    probe = torch.nn.Linear(x.shape[1], 3)
    optimizer = torch.optim.LBFGS(probe.parameters(), max_iter=200)
    y = torch.from_numpy(train_y).long()

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(probe(x), y) + 1e-3 * probe.weight.square().sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return float((probe(xt).argmax(1).numpy() == test_y).mean())


def test_compact_learns_what_a_linear_probe_separates(call, session):
    session.seed(7)
    train, train_y = _outlines(16, seed=1)
    test, test_y = _outlines(10, seed=2)
    ((handle,),) = call("read_dl_classifier", "pretrained_dl_classifier_compact.hdl")
    call("set_dl_classifier_param", handle, "classes", CLASSES)
    call("set_dl_classifier_param", handle, "image_dimensions", (SIZE, SIZE, 3))
    call("set_dl_classifier_param", handle, "batch_size", 8)
    call("set_dl_classifier_param", handle, "learning_rate", 0.001)
    call("set_dl_classifier_param", handle, "momentum", 0.9)
    probe = _linear_probe_accuracy(
        _features(handle, train), train_y, _features(handle, test), test_y
    )
    assert probe >= 0.9, f"the task is not linearly separable on the features ({probe:.2f})"
    rng = np.random.default_rng(3)
    losses = []
    for _epoch in range(6):
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
    print(f"probe {probe:.2f}, loss {np.mean(losses[:6]):.3f} -> {np.mean(losses[-6:]):.3f}")
    assert np.mean(losses[-6:]) < 0.6 * np.mean(losses[:6])
    assert accuracy >= 0.8, f"test accuracy {accuracy:.2f} after fine-tuning"
