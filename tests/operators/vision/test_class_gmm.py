"""GMM classifiers on generated Gaussian blobs: training, classification, probabilities,
center reduction, files, pixel classification and errors."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region

_CENTRES = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]])


def _blobs(seed: int = 1, n: int = 40):
    rng = np.random.default_rng(seed)
    x = np.vstack([c + rng.normal(0, 0.6, (n, 2)) for c in _CENTRES])
    return x, np.repeat(np.arange(3), n)


def _features(v) -> tuple:
    return tuple(float(f) for f in v)


def _trained(call, covar="spherical", preprocessing="normalization", centers=1):
    (gmm,) = call("create_class_gmm", 2, 3, centers, covar, preprocessing, 2, 42)
    x, y = _blobs()
    for features, cls in zip(x, y, strict=True):
        call("add_sample_class_gmm", gmm, _features(features), int(cls), 0.0)
    return gmm


@pytest.mark.parametrize("covar", ["spherical", "diag", "full"])
@pytest.mark.parametrize("preprocessing", ["none", "normalization", "principal_components"])
def test_train_and_classify_held_out_samples(call, covar, preprocessing):
    gmm = _trained(call, covar, preprocessing)
    centres, iters = call("train_class_gmm", gmm, 100, 0.001, "training", 0.0001)
    assert centres == (1, 1, 1) and len(iters) == 3 and all(i >= 1 for i in iters)
    x, y = _blobs(seed=7, n=25)
    got = [call("classify_class_gmm", gmm, _features(f), 1)[0][0] for f in x]
    assert np.mean(np.array(got) == y) >= 0.97


def test_probabilities_densities_and_k_sigma(call):
    gmm = _trained(call, "full", "none")
    call("train_class_gmm", gmm, 100, 0.001, "training", 0.0001)
    joint, (density,), (ksigma,) = call("evaluate_class_gmm", gmm, (5.0, 0.0))
    assert len(joint) == 3 and int(np.argmax(joint)) == 1
    assert density == pytest.approx(sum(joint))
    # a 2-D Gaussian of sigma 0.6 with priors 1/3: density at the centre about 1/3 / (2 pi 0.36)
    assert density == pytest.approx(1 / 3 / (2 * np.pi * 0.36), rel=0.3)
    assert ksigma > 0.8  # at the centre almost every sample of the class lies farther out
    ids, probs, dens, ks = call("classify_class_gmm", gmm, (5.0, 0.0), 3)
    assert ids[0] == 1 and sorted(ids) == [0, 1, 2]
    assert sum(probs) == pytest.approx(1.0) and probs[0] > 0.999
    assert probs[0] >= probs[1] >= probs[2]
    assert dens[0] == pytest.approx(joint[1]) and ks[0] == pytest.approx(ksigma)
    # the k-sigma probability falls with the distance: 2 sigma out in 2-D, exp(-2)
    (_, _, _, (far,)) = call("classify_class_gmm", gmm, (5.0 + 1.2, 0.0), 1)
    assert far == pytest.approx(np.exp(-2.0), abs=0.06)
    (_, _, _, (novel,)) = call("classify_class_gmm", gmm, (30.0, 30.0), 1)
    assert novel < 1e-6
    # uniform priors: equal class priors, so each joint value is p(x|i) / 3
    call("train_class_gmm", gmm, 100, 0.001, "uniform", 0.0001)
    joint_u, _, _ = call("evaluate_class_gmm", gmm, (5.0, 0.0))
    assert joint_u[1] == pytest.approx(joint[1], rel=1e-6)


def test_center_reduction_finds_the_true_number_of_centres(call):
    rng = np.random.default_rng(5)
    (gmm,) = call("create_class_gmm", 2, 2, (1, 6), "full", "none", 2, 42)
    for c in ((0.0, 0.0), (6.0, 0.0), (0.0, 6.0)):  # class 0: three clusters
        for f in np.array(c) + rng.normal(0, 0.5, (60, 2)):
            call("add_sample_class_gmm", gmm, _features(f), 0, 0.0)
    for f in np.array((20.0, 20.0)) + rng.normal(0, 0.5, (60, 2)):  # class 1: one cluster
        call("add_sample_class_gmm", gmm, _features(f), 1, 0.0)
    centres, _ = call("train_class_gmm", gmm, 200, 0.0001, "training", 0.0001)
    assert centres == (3, 1)
    assert call("get_params_class_gmm", gmm) == ((2,), (2,), (1,), (6,), ("full",))
    assert call("classify_class_gmm", gmm, (6.0, 0.2), 1)[0] == (0,)
    # per-class bounds: class 1 at exactly 2
    (per,) = call("create_class_gmm", 2, 2, (1, 5, 2, 2), "diag", "none", 2, 1)
    for i in range(call("get_sample_num_class_gmm", gmm)[0][0]):
        f, (c,) = call("get_sample_class_gmm", gmm, i)
        call("add_sample_class_gmm", per, f, c, 0.0)
    centres, _ = call("train_class_gmm", per, 200, 0.0001, "training", 0.0001)
    assert centres == (3, 2)
    assert call("get_params_class_gmm", per)[2:4] == ((1, 2), (5, 2))


def test_samples_params_clear_and_errors(call):
    (gmm,) = call("create_class_gmm", 2, 2, 1, "spherical", "normalization", 2, 42)
    assert call("get_params_class_gmm", gmm) == ((2,), (2,), (1,), (1,), ("spherical",))
    assert call.code("classify_class_gmm", gmm, (1.0, 2.0), 1) == 1301  # not trained
    assert call.code("train_class_gmm", gmm, 100, 0.001, "training", 0.0001) == 1301
    call("add_sample_class_gmm", gmm, (1.0, 2.0), 1, 0.0)
    call("add_sample_class_gmm", gmm, (3.0, 4.0), 0, 2.0)
    assert call("get_sample_class_gmm", gmm, 0) == ((1.0, 2.0), (1,))
    assert call("get_sample_num_class_gmm", gmm) == ((2,),)
    assert call.code("get_sample_class_gmm", gmm, 2) == 1302
    assert call.code("add_sample_class_gmm", gmm, (1.0, 2.0), 2, 0.0) == 1303
    assert call.code("add_sample_class_gmm", gmm, (1.0,), 0, 0.0) == 1402
    assert call.code("add_sample_class_gmm", gmm, (1.0, 2.0), 0, -1.0) == 1304
    assert call.code("train_class_gmm", gmm, 100, 0.001, "priors", 0.0001) == 1304
    assert call.code("train_class_gmm", gmm, 100, 0.001, "training", -1.0) == 1305
    code = call.code("create_class_gmm", 2, 2, 1, "spherical", "canonical_variates", 2, 1)
    assert code == 1305
    assert call.code("create_class_gmm", 2, 2, 1, "round", "none", 2, 1) == 1304
    assert call.code("create_class_gmm", 2, 2, (3, 1), "full", "none", 2, 1) == 1303
    assert call.code("create_class_gmm", 2, 2, (1, 2, 3), "full", "none", 2, 1) == 1403
    assert call.code("create_class_gmm", 2, 2, 1, "full", "principal_components", 3, 1) == 1306
    call("train_class_gmm", gmm, 100, 0.001, "training", 0.0001)
    assert call.code("classify_class_gmm", gmm, (1.0, 2.0), 0) == 1303
    call("clear_samples_class_gmm", gmm)
    assert call("get_sample_num_class_gmm", gmm) == ((0,),)
    assert call("classify_class_gmm", gmm, (1.0, 2.0), 1)[0] == (1,)  # the model stays
    call("clear_class_gmm", gmm)
    assert call.code("get_sample_num_class_gmm", gmm) == 2454


def test_write_and_read_give_identical_results(call, tmp_path):
    gmm = _trained(call, "full", "principal_components", (1, 3))
    call("train_class_gmm", gmm, 100, 0.001, "training", 0.0001)
    path = str(tmp_path / "blobs.ggc")
    call("write_class_gmm", gmm, path)
    (back,) = call("read_class_gmm", path)
    for f in ((0.1, 0.2), (4.9, 0.3), (0.5, 4.0), (9.0, 9.0)):
        assert call("classify_class_gmm", back, f, 3) == call("classify_class_gmm", gmm, f, 3)
        assert call("evaluate_class_gmm", back, f) == call("evaluate_class_gmm", gmm, f)
    assert call("get_sample_num_class_gmm", back) == ((120,),)
    assert call("get_params_class_gmm", back) == call("get_params_class_gmm", gmm)
    (fresh,) = call("create_class_gmm", 2, 2, 1, "diag", "none", 2, 1)  # untrained round trip
    call("write_class_gmm", fresh, path)
    (untrained,) = call("read_class_gmm", path)
    assert call.code("classify_class_gmm", untrained, (0.0, 0.0), 1) == 1301
    (tmp_path / "junk.ggc").write_bytes(b"not a classifier")
    assert call.code("read_class_gmm", str(tmp_path / "junk.ggc")) == 5238
    assert call.code("read_class_gmm", str(tmp_path / "missing.ggc")) == 5200


def _scene() -> ObjectTuple:
    """16 x 24 RGB: left half blue-ish, right half orange, with +-6 of noise."""
    rng = np.random.default_rng(3)
    data = np.empty((3, 16, 24))
    data[:, :, :12] = np.array([20, 40, 220])[:, None, None]
    data[:, :, 12:] = np.array([230, 140, 20])[:, None, None]
    data += rng.integers(-6, 7, data.shape)
    return ObjectTuple([Image(data.astype(np.uint8), "byte")])


def test_image_samples_and_pixel_classification(call):
    img = _scene()
    (gmm,) = call("create_class_gmm", 3, 2, 1, "diag", "none", 3, 42)
    classes = ObjectTuple([Region.rectangle(2, 1, 5, 4), Region.rectangle(9, 15, 12, 20)])
    call("add_samples_image_class_gmm", img, classes, gmm, 0.0)
    assert call("get_sample_num_class_gmm", gmm) == ((16 + 24,),)
    features, cls = call("get_sample_class_gmm", gmm, 16)
    assert cls == (1,) and features == tuple(float(v) for v in img[0].data[:, 9, 15])
    call("train_class_gmm", gmm, 100, 0.001, "training", 0.0001)
    (regions,) = call("classify_image_class_gmm", img, gmm, 0.0001)
    assert [r.area() for r in regions] == [16 * 12, 16 * 12]
    assert regions[0].bbox() == (0, 0, 15, 11) and regions[1].bbox() == (0, 12, 15, 23)
    # a pixel far from both colours is rejected by its k-sigma probability
    odd = img[0].data.copy()
    odd[:, 0, 0] = (128, 250, 128)
    (regions,) = call("classify_image_class_gmm", ObjectTuple([Image(odd, "byte")]), gmm, 0.01)
    assert [r.area() for r in regions] == [16 * 12 - 1, 16 * 12]
    (none,) = call("classify_image_class_gmm", img, gmm, 1.0)
    assert [r.area() for r in none] == [0, 0]
    gray = ObjectTuple([Image(np.zeros((1, 4, 4), np.uint8), "byte")])
    assert call.code("classify_image_class_gmm", gray, gmm, 0.5) == 3359
    assert call.code("classify_image_class_gmm", img, gmm, 1.5) == 1302
    three = ObjectTuple([Region.rectangle(0, 0, 1, 1)] * 3)
    assert call.code("add_samples_image_class_gmm", img, three, gmm, 0.0) == 1502
    assert call("classify_image_class_gmm", ObjectTuple([]), gmm, 0.5) == (ObjectTuple([]),)


def _rewrite(path, change) -> None:
    """Change the parameters of an array model file, keeping it well-formed (checksum)."""
    import json

    magic, header, payload = path.read_bytes().split(b"\n", 2)
    doc = json.loads(header)
    change(doc)
    path.write_bytes(magic + b"\n" + json.dumps(doc).encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["params"].update(num_dim=10**12),
        lambda d: d["params"].update(num_classes=4),
        lambda d: d["params"].update(covar_type="round"),
        lambda d: d["params"].update(preprocessing="canonical_variates"),
        lambda d: d["params"].pop("seed"),
        lambda d: d["arrays"][0].update(shape=[7, 2]),
    ],
)
def test_consistent_checksum_but_wrong_contents_is_5238(call, tmp_path, change):
    gmm = _trained(call, "diag", "normalization")
    call("train_class_gmm", gmm, 20, 0.001, "training", 0.0001)
    path = tmp_path / "model.ggc"
    call("write_class_gmm", gmm, str(path))
    _rewrite(path, change)
    assert call.code("read_class_gmm", str(path)) == 5238
