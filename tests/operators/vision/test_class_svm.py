"""SVM classifiers on generated data: linear and ring-shaped classes, both multi-class
modes, novelty detection, reduction, files and HALCON's errors."""

from __future__ import annotations

import numpy as np
import pytest


def _line(seed: int = 1, n: int = 40):
    """Two classes either side of the line x + y = 0 (margin 0.6)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, (4 * n, 2))
    s = x.sum(axis=1)
    x = x[np.abs(s) > 0.6][: 2 * n]
    return x, (x.sum(axis=1) < 0).astype(int)


def _ring(seed: int = 2, n: int = 60):
    """Class 0 inside the unit disc, class 1 on a ring of radius 2 ... 3."""
    rng = np.random.default_rng(seed)
    r = np.r_[rng.uniform(0, 1, n), rng.uniform(2, 3, n)]
    t = rng.uniform(0, 2 * np.pi, 2 * n)
    return np.c_[r * np.cos(t), r * np.sin(t)], np.repeat([0, 1], n)


def _blobs(seed: int = 3, n: int = 30):
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0], [4.0, 4.0]])
    return np.vstack([c + rng.normal(0, 0.5, (n, 2)) for c in centres]), np.repeat(range(4), n)


def _svm(call, x, y, kernel="rbf", param=0.5, nu=0.05, mode="one-versus-one", prep="normalization"):
    classes = 1 if mode == "novelty-detection" else int(max(y)) + 1
    (svm,) = call("create_class_svm", x.shape[1], kernel, param, nu, classes, mode, prep, 2)
    for features, cls in zip(x, y, strict=True):
        call("add_sample_class_svm", svm, tuple(float(v) for v in features), int(cls))
    call("train_class_svm", svm, 0.001, "default")
    return svm


def _accuracy(call, svm, x, y) -> float:
    got = [call("classify_class_svm", svm, tuple(map(float, f)), 1)[0][0] for f in x]
    return float(np.mean(np.array(got) == y))


@pytest.mark.parametrize("prep", ["none", "normalization", "principal_components"])
def test_linear_kernel_separates_a_line_but_not_a_ring(call, prep):
    x, y = _line()
    svm = _svm(call, x, y, "linear", 0.0, 0.05, prep=prep)
    assert _accuracy(call, svm, *_line(seed=9)) >= 0.97
    ring = _svm(call, *_ring(), "linear", 0.0, 0.05)
    assert _accuracy(call, ring, *_ring(seed=8)) < 0.8


@pytest.mark.parametrize("kernel,param", [("rbf", 0.5), ("polynomial_inhomogeneous", 2)])
def test_nonlinear_kernels_separate_the_ring(call, kernel, param):
    svm = _svm(call, *_ring(), kernel, param, 0.05)
    assert _accuracy(call, svm, *_ring(seed=8)) >= 0.97
    (n,), per = call("get_support_vector_num_class_svm", svm)
    assert len(per) == 1 and 0 < per[0] == n < 120
    (index,) = call("get_support_vector_class_svm", svm, 0)
    _, target = call("get_sample_class_svm", svm, int(index[0]))
    assert isinstance(index[0], float) and target[0] in (0, 1)


@pytest.mark.parametrize("mode", ["one-versus-one", "one-versus-all"])
def test_four_classes_in_both_modes(call, mode):
    svm = _svm(call, *_blobs(), mode=mode)
    assert _accuracy(call, svm, *_blobs(seed=11)) >= 0.95
    (classes,) = call("classify_class_svm", svm, (4.0, 0.2), 4)
    assert classes[0] == 1 and sorted(classes) == [0, 1, 2, 3]
    _, per = call("get_support_vector_num_class_svm", svm)
    assert len(per) == (6 if mode == "one-versus-one" else 4)
    assert call("get_params_class_svm", svm) == (
        (2,),
        ("rbf",),
        (0.5,),
        (0.05,),
        (4,),
        (mode,),
        ("normalization",),
        (2,),
    )


def test_canonical_variates_keep_the_discriminating_axis(call):
    rng = np.random.default_rng(5)
    noise = rng.normal(0, 5, (120, 2))  # two wide noise features, one informative
    y = np.repeat([0, 1], 60)
    x = np.c_[noise, y * 2.0 + rng.normal(0, 0.3, 120)]
    (svm,) = call(
        "create_class_svm", 3, "linear", 0.0, 0.05, 2, "one-versus-one", "canonical_variates", 1
    )
    for f, c in zip(x, y, strict=True):
        call("add_sample_class_svm", svm, tuple(map(float, f)), int(c))
    call("train_class_svm", svm, 0.001, "default")
    assert call("classify_class_svm", svm, (9.0, -9.0, 2.0), 1) == ((1,),)
    assert call("classify_class_svm", svm, (-9.0, 9.0, 0.1), 1) == ((0,),)


def test_novelty_detection_flags_outliers(call):
    rng = np.random.default_rng(4)
    x = rng.normal(0, 1, (150, 2))
    svm = _svm(call, x, np.zeros(150, int), "rbf", 0.5, 0.05, "novelty-detection")
    assert call("classify_class_svm", svm, (0.1, -0.2), 1) == ((1,),)
    assert call("classify_class_svm", svm, (6.0, 6.0), 1) == ((0,),)
    (inside,) = call("evaluate_class_svm", svm, (0.1, -0.2))
    (outside,) = call("evaluate_class_svm", svm, (6.0, 6.0))
    assert inside[0] > 1.0 > outside[0]
    assert call.code("classify_class_svm", svm, (0.0, 0.0), 2) == 1303
    two = _svm(call, *_ring())
    assert call.code("evaluate_class_svm", two, (0.0, 0.0)) == 1301


def test_reduce_keeps_accuracy_with_fewer_support_vectors(call):
    svm = _svm(call, *_ring(n=150), "rbf", 0.5, 0.2)
    (before,), _ = call("get_support_vector_num_class_svm", svm)
    (small,) = call("reduce_class_svm", svm, "bottom_up", 2, 0.01)
    (after,), _ = call("get_support_vector_num_class_svm", small)
    assert after < before / 2
    test = _ring(seed=8, n=100)
    assert _accuracy(call, small, *test) >= _accuracy(call, svm, *test) - 0.02 >= 0.95
    assert call("get_sample_num_class_svm", small) == ((0,),)
    # a linear machine merges exactly down to MinRemainingSV
    lin = _svm(call, *_line(), "linear", 0.0, 0.3)
    (exact,) = call("reduce_class_svm", lin, "bottom_up", 2, 0.001)
    assert call("get_support_vector_num_class_svm", exact) == ((2,), (2,))
    assert call("get_support_vector_class_svm", exact, 0) == ((-1.0,),)  # a merged vector
    x, _ = _line(seed=9)
    for f in x[:20]:
        f = tuple(map(float, f))
        assert call("classify_class_svm", exact, f, 1) == call("classify_class_svm", lin, f, 1)
    assert call.code("reduce_class_svm", svm, "bottom_up", 1, 0.01) == 1303
    assert call.code("reduce_class_svm", svm, "top_down", 2, 0.01) == 1302


def test_add_sv_to_train_set_and_sample_queries(call):
    x, y = _blobs(n=20)
    svm = _svm(call, x[:40], y[:40].clip(0, 1))
    (nsv,), _ = call("get_support_vector_num_class_svm", svm)
    call("clear_samples_class_svm", svm)
    assert call("get_sample_num_class_svm", svm) == ((0,),)
    assert call("classify_class_svm", svm, (4.0, 0.0), 1) == ((1,),)  # the machines stay
    call("add_sample_class_svm", svm, (0.1, 0.1), 0)
    call("train_class_svm", svm, 0.001, "add_sv_to_train_set")
    assert call("get_sample_num_class_svm", svm) == ((1 + nsv,),)
    assert call("classify_class_svm", svm, (4.0, 0.0), 1) == ((1,),)
    assert call("get_sample_class_svm", svm, 0) == ((0.1, 0.1), (0,))


def test_errors(call):
    create = ("create_class_svm", 2, "rbf", 0.5, 0.05, 2, "one-versus-one", "normalization", 2)
    (svm,) = call(*create)
    assert call.code("train_class_svm", svm, 0.001, "default") == 3380
    assert call.code("train_class_svm", svm, 0.001, "add_sv_to_train_set") == 3390
    assert call.code("classify_class_svm", svm, (0.0, 0.0), 1) == 3393
    assert call.code("get_support_vector_num_class_svm", svm) == 3393
    call("add_sample_class_svm", svm, (0.0, 0.0), 0)
    assert call.code("train_class_svm", svm, 0.001, "default") == 3392
    assert call.code("add_sample_class_svm", svm, (0.0, 0.0), 2) == 1303
    assert call.code("add_sample_class_svm", svm, (0.0,), 1) == 1402
    assert call.code("get_sample_class_svm", svm, 1) == 1302
    assert call.code("train_class_svm", svm, 0.0, "default") == 1302
    assert call.code("train_class_svm", svm, 0.001, "fast") == 1303
    # nu too big for one sample of class 1 against ten of class 0
    (big,) = call(*create[:4], 0.9, *create[5:])
    for k in range(10):
        call("add_sample_class_svm", big, (float(k), 0.0), 0)
    call("add_sample_class_svm", big, (20.0, 0.0), 1)
    assert call.code("train_class_svm", big, 0.001, "default") == 3387
    bad = {1: 0, 2: "sigmoid", 4: 1.0, 5: 1, 6: "all", 7: "canonical"}
    for position, value in bad.items():
        args = list(create)
        args[position] = value
        assert call.code(*args) == 1300 + position, args
    pca = (*create[:7], "principal_components", 3)
    assert call.code(*pca) == 1308
    assert (
        call.code("create_class_svm", 2, "rbf", 0.0, 0.05, 2, "one-versus-one", "none", 2) == 1303
    )
    assert (
        call.code(
            "create_class_svm",
            2,
            "polynomial_homogeneous",
            1.5,
            0.05,
            2,
            "one-versus-one",
            "none",
            2,
        )
        == 1303
    )
    assert (
        call.code("create_class_svm", 2, "rbf", 0.5, 0.05, 2, "novelty-detection", "none", 2)
        == 1305
    )
    assert (
        call.code("create_class_svm", 2**62, "rbf", 0.5, 0.05, 2, "one-versus-one", "none", 2)
        == 6001
    )
    call("clear_class_svm", svm + big)
    assert call.code("get_sample_num_class_svm", svm) == 2454


def test_write_and_read(call, tmp_path):
    svm = _svm(call, *_blobs(), mode="one-versus-all")
    path = str(tmp_path / "blobs.gsc")
    call("write_class_svm", svm, path)
    (back,) = call("read_class_svm", path)
    for f in _blobs(seed=12, n=5)[0]:
        f = tuple(map(float, f))
        assert call("classify_class_svm", back, f, 4) == call("classify_class_svm", svm, f, 4)
    for op in (
        "get_params_class_svm",
        "get_support_vector_num_class_svm",
        "get_sample_num_class_svm",
    ):
        assert call(op, back) == call(op, svm)
    assert call("get_sample_class_svm", back, 7) == call("get_sample_class_svm", svm, 7)
    (fresh,) = call("create_class_svm", 3, "linear", 0.0, 0.1, 2, "one-versus-one", "none", 3)
    call("write_class_svm", fresh, path)
    (back,) = call("read_class_svm", path)
    assert call.code("classify_class_svm", back, (0.0, 0.0, 0.0), 1) == 3393
    (tmp_path / "junk.gsc").write_bytes(b"not a classifier")
    assert call.code("read_class_svm", str(tmp_path / "junk.gsc")) == 5238
    data = bytearray((tmp_path / "blobs.gsc").read_bytes())
    data[-3] ^= 0xFF
    (tmp_path / "flipped.gsc").write_bytes(bytes(data))
    assert call.code("read_class_svm", str(tmp_path / "flipped.gsc")) == 5238
    assert call.code("read_class_svm", str(tmp_path / "missing.gsc")) == 5200
