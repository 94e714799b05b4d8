"""MLP classifiers on generated, separable data: training, classification, files."""

from __future__ import annotations

import numpy as np
import pytest


def _blobs(seed: int = 1, n: int = 30):
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    x = np.vstack([c + rng.normal(0, 0.5, (n, 2)) for c in centres])
    y = np.repeat(np.arange(3), n)
    return x, y


def _trained(call, preprocessing="normalization"):
    (mlp,) = call("create_class_mlp", 2, 6, 3, "softmax", preprocessing, 2, 42)
    x, y = _blobs()
    for features, cls in zip(x, y, strict=True):
        call("add_sample_class_mlp", mlp, tuple(float(v) for v in features), int(cls))
    return mlp


@pytest.mark.parametrize("preprocessing", ["none", "normalization", "principal_components"])
def test_train_and_classify_three_blobs(call, preprocessing):
    mlp = _trained(call, preprocessing)
    assert call("get_sample_num_class_mlp", mlp) == ((90,),)
    (err,), log = call("train_class_mlp", mlp, 200, 1.0, 0.01)
    assert err < 0.1 and len(log) >= 1
    x, y = _blobs(seed=7, n=20)  # held-out samples
    got = [call("classify_class_mlp", mlp, tuple(map(float, f)), 1)[0][0] for f in x]
    assert np.mean(np.array(got) == y) >= 0.95
    classes, conf = call("classify_class_mlp", mlp, (4.0, 0.0), 3)
    assert classes[0] == 1 and sorted(classes) == [0, 1, 2]
    assert conf[0] > 0.8 and abs(sum(conf) - 1) < 1e-9 and conf[0] >= conf[1] >= conf[2]
    (result,) = call("evaluate_class_mlp", mlp, (0.0, 4.0))
    assert len(result) == 3 and int(np.argmax(result)) == 2


def test_training_is_deterministic_from_the_seed(call):
    a, b = _trained(call), _trained(call)
    assert call("train_class_mlp", a, 50, 1.0, 0.01) == call("train_class_mlp", b, 50, 1.0, 0.01)


def test_samples_params_and_errors(call):
    (mlp,) = call("create_class_mlp", 2, 3, 2, "softmax", "none", 2, 1)
    assert call.code("train_class_mlp", mlp, 100, 1.0, 0.01) == 1301  # no samples
    call("add_sample_class_mlp", mlp, (1.0, 2.0), 1)
    call("add_sample_class_mlp", mlp, (3.0, 4.0), (1.0, 0.0))
    assert call("get_sample_class_mlp", mlp, 0) == ((1.0, 2.0), (0.0, 1.0))
    assert call.code("add_sample_class_mlp", mlp, (1.0, 2.0), 2) == 1303
    assert call.code("add_sample_class_mlp", mlp, (1.0,), 0) == 1402
    assert call.code("get_sample_class_mlp", mlp, 2) == 1302
    assert call("get_params_class_mlp", mlp) == ((2,), (3,), (2,), ("softmax",), ("none",), (2,))
    call("clear_samples_class_mlp", mlp)
    assert call("get_sample_num_class_mlp", mlp) == ((0,),)
    code = call.code("create_class_mlp", 2, 3, 2, "softmax", "canonical_variates", 2, 1)
    assert code == 1305
    (reg,) = call("create_class_mlp", 1, 4, 1, "linear", "none", 1, 3)
    for v in np.linspace(-1, 1, 21):
        call("add_sample_class_mlp", reg, float(v), 0.5 * float(v) + 0.25)
    (err,), _ = call("train_class_mlp", reg, 300, 1e-9, 1e-12)
    assert err < 1e-3
    assert abs(call("evaluate_class_mlp", reg, 0.2)[0][0] - 0.35) < 0.02
    assert call.code("classify_class_mlp", reg, 0.2, 1) == 1301
    call("clear_class_mlp", mlp + reg)
    assert call.code("get_sample_num_class_mlp", mlp) == 2454


def test_write_and_read(call, tmp_path):
    mlp = _trained(call)
    call("train_class_mlp", mlp, 100, 1.0, 0.01)
    path = str(tmp_path / "blobs.gmc")
    call("write_class_mlp", mlp, path)
    (back,) = call("read_class_mlp", path)
    for features in ((0.1, 0.2), (3.9, 0.3), (0.5, 3.0)):
        assert call("evaluate_class_mlp", back, features) == call(
            "evaluate_class_mlp", mlp, features
        )
    assert call("get_sample_num_class_mlp", back) == ((90,),)
    (tmp_path / "junk.gmc").write_bytes(b"not a classifier")
    assert call.code("read_class_mlp", str(tmp_path / "junk.gmc")) == 5238
    assert call.code("read_class_mlp", str(tmp_path / "missing.gmc")) == 5200
