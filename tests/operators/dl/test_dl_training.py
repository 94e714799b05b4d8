"""train_dl_classifier_batch: real training on generated images, update rule, reproducibility."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from hdlite.errors import HalconError
from hdlite.values.iconic import Image, ObjectTuple


def _fine_tune(call, handle, images, labels, epochs, batch_size, seed=0):
    """HALCON's loop: shuffle each epoch, one train step per full batch; return the losses."""
    rng = np.random.default_rng(seed)
    losses = []
    for _epoch in range(epochs):
        order = rng.permutation(len(labels))
        for start in range(0, len(order) - batch_size + 1, batch_size):
            idx = order[start : start + batch_size]
            batch = ObjectTuple([images[int(i)] for i in idx])
            ((result,),) = call(
                "train_dl_classifier_batch", batch, handle, tuple(labels[int(i)] for i in idx)
            )
            ((loss,),) = call("get_dl_classifier_train_result", result, "loss")
            call("clear_dl_classifier_train_result", result)
            losses.append(loss)
    return losses


def _accuracy(call, handle, images, labels) -> float:
    ((result,),) = call("apply_dl_classifier", images, handle)
    (predicted,) = call("get_dl_classifier_result", result, "all", "predicted_classes")
    return float(np.mean([p == t for p, t in zip(predicted, labels, strict=True)]))


@pytest.mark.parametrize(("name", "epochs"), [("compact", 5), ("mobilenet_v2", 5), ("enhanced", 8)])
def test_pretrained_network_learns_three_classes(call, classifier, images, session, name, epochs):
    """HALCON's example settings: SGD, learning rate 0.001, momentum 0.9, batches of 8."""
    session.seed(42)
    handle = classifier(name, size=64, batch_size=8)
    call("set_dl_classifier_param", handle, "learning_rate", 0.001)
    call("set_dl_classifier_param", handle, "momentum", 0.9)
    train, train_labels = images(48, seed=1)
    test, test_labels = images(30, seed=2)
    losses = _fine_tune(call, handle, train, train_labels, epochs, 8)
    accuracy = _accuracy(call, handle, test, test_labels)
    first, last = np.mean(losses[:6]), np.mean(losses[-6:])
    print(f"{name}: loss {first:.3f} -> {last:.3f}, test accuracy {accuracy:.2f}")
    assert last < 0.6 * first
    assert accuracy >= 0.8  # chance is 1/3


def test_same_seed_same_losses(call, classifier, images, session):
    train, labels = images(16, size=32, seed=3)

    def run():
        session.seed(7)
        handle = classifier("compact", size=32, batch_size=4)
        return _fine_tune(call, handle, train, labels, 1, 4, seed=0)

    first, second = run(), run()
    assert first == second
    session.seed(8)
    handle = classifier("compact", size=32, batch_size=4)
    assert _fine_tune(call, handle, train, labels, 1, 4, seed=0) != first


def _smooth(handle):
    """Train without dropout and with frozen batch statistics (a smooth function).

    Comparisons of two computation paths are then stable; in train mode tiny rounding
    differences of the two paths grow from step to step.
    """
    clf = handle.obj
    clf.prepare(training=False)
    clf.prepare = lambda training: clf.net
    return clf.net


def test_update_rule_matches_halcon_across_learning_rate_changes(call, classifier, images):
    """v <- mu*v - lr*(grad + alpha*w); w <- w + v, loss = CE + alpha/2*|w|^2."""
    handle = classifier("compact", size=32, batch_size=4)
    call("set_dl_classifier_param", handle, "weight_prior", 0.01)
    net = _smooth(handle)
    reference = copy.deepcopy(net)
    params = list(reference.parameters())
    velocity = [torch.zeros_like(p) for p in params]
    batch, labels = images(4, size=32, seed=4)
    x = torch.from_numpy(np.stack([im.data for im in batch]))
    y = torch.tensor([("horizontal", "vertical", "disc").index(t) for t in labels])
    for lr in (0.01, 0.01, 0.002, 0.05):
        call("set_dl_classifier_param", handle, "learning_rate", lr)
        ((result,),) = call("train_dl_classifier_batch", batch, handle, labels)
        ((loss,),) = call("get_dl_classifier_train_result", result, "loss")
        reference.zero_grad()
        ce = F.cross_entropy(reference(x), y)
        ce.backward()
        with torch.no_grad():
            prior = 0.5 * 0.01 * sum(float(p.square().sum()) for p in params)
            for p, v in zip(params, velocity, strict=True):
                v.mul_(0.9).sub_(lr * (p.grad + 0.01 * p))
                p.add_(v)
        assert loss == pytest.approx(float(ce.detach()) + prior, rel=1e-5)
    for ours, theirs in zip(net.parameters(), params, strict=True):
        torch.testing.assert_close(ours, theirs, rtol=1e-4, atol=1e-6)


def test_batch_size_multiplier_accumulates_gradients(call, classifier, images):
    batch, labels = images(4, size=32, seed=5)
    one = classifier("compact", size=32, batch_size=4)
    two = classifier("compact", size=32, batch_size=2)
    call("set_dl_classifier_param", two, "batch_size_multiplier", 2)
    two.obj.net.load_state_dict(one.obj.net.state_dict())
    for handle in (one, two):
        _smooth(handle)
    ((r1,),) = call("train_dl_classifier_batch", batch, one, labels)
    ((r2,),) = call("train_dl_classifier_batch", batch, two, labels)
    l1 = call("get_dl_classifier_train_result", r1, "loss")[0][0]
    l2 = call("get_dl_classifier_train_result", r2, "loss")[0][0]
    assert l1 == pytest.approx(l2, rel=1e-5)
    for a, b in zip(one.obj.net.parameters(), two.obj.net.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-6)
    code = None
    try:
        call("train_dl_classifier_batch", ObjectTuple(batch[:2]), two, labels[:2])
    except Exception as exc:  # 2 images, but batch_size 2 x multiplier 2 = 4
        code = getattr(exc, "code", None)
    assert code == 1501


def test_integer_labels_equal_class_names(call, classifier, images):
    batch, labels = images(4, size=32, seed=6)
    by_name = classifier("compact", size=32, batch_size=4)
    by_index = classifier("compact", size=32, batch_size=4)
    by_index.obj.net.load_state_dict(by_name.obj.net.state_dict())
    indices = tuple(("horizontal", "vertical", "disc").index(t) for t in labels)
    torch.manual_seed(0)
    ((a,),) = call("train_dl_classifier_batch", batch, by_name, labels)
    torch.manual_seed(0)
    ((b,),) = call("train_dl_classifier_batch", batch, by_index, indices)
    assert call("get_dl_classifier_train_result", a, "loss") == call(
        "get_dl_classifier_train_result", b, "loss"
    )


def test_training_errors(call, code_of, classifier, images):
    handle = classifier("compact", size=32, batch_size=2)
    batch, labels = images(2, size=32)
    assert code_of("train_dl_classifier_batch", batch, handle, labels[:1]) == 1402
    assert code_of("train_dl_classifier_batch", batch, handle, ("horizontal", "cat")) == 7714
    assert code_of("train_dl_classifier_batch", batch, handle, (0, 3)) == 7793
    assert code_of("train_dl_classifier_batch", batch, handle, (0, -1)) == 7793
    assert code_of("train_dl_classifier_batch", ObjectTuple(), handle, ()) == 1501
    assert code_of("train_dl_classifier_batch", batch, handle, (0.5, 1)) == 1202
    wide = ObjectTuple([Image(np.zeros((3, 32, 33), np.float32), "real")] * 2)
    assert code_of("train_dl_classifier_batch", wide, handle, (0, 1)) == 2106
    high = ObjectTuple([Image(np.zeros((3, 31, 32), np.float32), "real")] * 2)
    assert code_of("train_dl_classifier_batch", high, handle, (0, 1)) == 2107
    gray = ObjectTuple([Image(np.zeros((1, 32, 32), np.float32), "real")] * 2)
    assert code_of("train_dl_classifier_batch", gray, handle, (0, 1)) == 3122
    byte = ObjectTuple([Image(np.zeros((3, 32, 32), np.uint8), "byte")] * 2)
    assert code_of("train_dl_classifier_batch", byte, handle, (0, 1)) == 9001
    bright = ObjectTuple([Image(np.full((3, 32, 32), 200, np.float32), "real")] * 2)
    ((step,),) = call("train_dl_classifier_batch", bright, handle, (0, 1))  # no range check
    assert np.isfinite(call("get_dl_classifier_train_result", step, "loss")[0][0])
    nan = np.zeros((3, 32, 32), np.float32)
    nan[0, 0, 0] = np.nan
    assert (
        code_of("train_dl_classifier_batch", ObjectTuple([Image(nan, "real")] * 2), handle, (0, 1))
        == 9003
    )
    ((bare,),) = call("read_dl_classifier", "pretrained_dl_classifier_compact.hdl")
    call("set_dl_classifier_param", bare, "image_dimensions", (32, 32, 3))
    call("set_dl_classifier_param", bare, "batch_size", 2)
    assert code_of("train_dl_classifier_batch", batch, bare, (0, 1)) == 7788


def test_training_step_failure_is_a_halcon_error(call, code_of, classifier):
    """Batch normalisation cannot train on one value per channel: 7720, not a traceback."""
    handle = classifier("compact", size=15, batch_size=1)
    image = ObjectTuple([Image(np.zeros((3, 15, 15), np.float32), "real")])
    assert code_of("train_dl_classifier_batch", image, handle, (0,)) == 7720


def test_one_channel_network_trains_and_applies(call, classifier, images):
    handle = classifier("compact", size=32, batch_size=3)
    call("set_dl_classifier_param", handle, "image_num_channels", 1)
    batch, labels = images(3, size=32, channels=1)
    ((result,),) = call("train_dl_classifier_batch", batch, handle, labels)
    assert np.isfinite(call("get_dl_classifier_train_result", result, "loss")[0][0])
    ((applied,),) = call("apply_dl_classifier", batch, handle)
    assert len(call("get_dl_classifier_result", applied, "all", "confidences")[0]) == 3


@pytest.mark.cuda
def test_training_and_inference_on_the_gpu(call, classifier, images):
    handle = classifier("compact", size=32, batch_size=4)
    call("set_dl_classifier_param", handle, "runtime", "gpu")
    call("set_dl_classifier_param", handle, "runtime_init", "immediately")
    batch, labels = images(4, size=32)
    ((result,),) = call("train_dl_classifier_batch", batch, handle, labels)
    assert np.isfinite(call("get_dl_classifier_train_result", result, "loss")[0][0])
    ((applied,),) = call("apply_dl_classifier", batch, handle)
    assert len(call("get_dl_classifier_result", applied, "all", "predicted_classes")[0]) == 4
    assert handle.obj.device.type == "cuda"


def test_diverging_training_is_reported(call, classifier, images):
    handle = classifier("compact", size=32, batch_size=4)
    call("set_dl_classifier_param", handle, "learning_rate", 1e18)
    batch, labels = images(4, size=32)
    with pytest.raises(HalconError) as info:
        for _ in range(10):
            call("train_dl_classifier_batch", batch, handle, labels)
    assert info.value.code == 7720
