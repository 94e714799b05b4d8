"""k-NN classifiers on generated Gaussian blobs: every method, parameters, normalisation,
files, pixel classification and errors."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region

_CENTRES = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]])


def _blobs(seed: int = 1, n: int = 30):
    rng = np.random.default_rng(seed)
    x = np.vstack([c + rng.normal(0, 0.6, (n, 2)) for c in _CENTRES])
    return x, np.repeat(np.arange(3), n)


def _trained(call, *train):
    (knn,) = call("create_class_knn", 2)
    x, y = _blobs()
    call("add_sample_class_knn", knn, tuple(float(v) for v in x.ravel()), tuple(int(c) for c in y))
    call("train_class_knn", knn, *(train or ((), ())))
    return knn, x, y


def test_classifies_held_out_samples(call):
    knn, _, _ = _trained(call)
    assert call("get_params_class_knn", knn, ("k", "method", "max_num_classes")) == (
        (5, "classes_distance", 1),
    )
    x, y = _blobs(seed=7, n=20)
    got = [call("classify_class_knn", knn, tuple(map(float, f)))[0][0] for f in x]
    assert np.mean(np.array(got) == y) >= 0.97


def test_every_method_against_a_brute_force_search(call):
    knn, x, y = _trained(call)
    query = (2.4, 0.3)  # between class 0 and class 1
    d = np.hypot(*(x - query).T)
    near = np.argsort(d, kind="stable")[:7]
    call("set_params_class_knn", knn, ("k", "max_num_classes"), (7, 3))
    call("set_params_class_knn", knn, "method", "neighbors_distance")
    result, rating = call("classify_class_knn", knn, query)
    assert result == tuple(int(i) for i in near)
    assert rating == pytest.approx(d[near])
    classes = [int(y[i]) for i in near]
    call("set_params_class_knn", knn, "method", "classes_distance")
    result, rating = call("classify_class_knn", knn, query)
    first = list(dict.fromkeys(classes))
    assert result == tuple(first)
    assert rating == pytest.approx([d[near][classes.index(c)] for c in first])
    call("set_params_class_knn", knn, "method", "classes_frequency")
    result, rating = call("classify_class_knn", knn, query)
    counts = {c: classes.count(c) / 7 for c in first}
    assert dict(zip(result, rating, strict=True)) == pytest.approx(counts)
    assert list(rating) == sorted(rating, reverse=True)
    call("set_params_class_knn", knn, "method", "classes_weighted_frequencies")
    result, rating = call("classify_class_knn", knn, query)
    assert sum(rating) == pytest.approx(1.0) and list(rating) == sorted(rating, reverse=True)
    assert set(result) == set(first)
    call("set_params_class_knn", knn, ("max_num_classes", "method"), (1, "classes_frequency"))
    result, rating = call("classify_class_knn", knn, (5.0, 0.1))
    assert result == (1,) and rating == (1.0,)
    # 'epsilon', 'num_checks' keep the exact search's answer on these data
    call("set_params_class_knn", knn, ("num_checks", "epsilon"), (0, 0.0))
    assert call("get_params_class_knn", knn, ("num_checks", "epsilon")) == ((0, 0.0),)
    assert call("classify_class_knn", knn, (5.0, 0.1)) == (result, rating)


def test_normalization_samples_and_late_samples(call):
    (knn,) = call("create_class_knn", 2)
    # feature 2 is 1000 times larger: without normalisation it decides alone
    call("add_sample_class_knn", knn, (0.0, 0.0, 1.0, 1000.0), (0, 1))
    call("add_sample_class_knn", knn, (0.0, 1000.0), 1)
    call("train_class_knn", knn, (), ())
    call("set_params_class_knn", knn, "k", 1)
    assert call("classify_class_knn", knn, (0.9, 100.0))[0] == (0,)
    call("train_class_knn", knn, ("normalization", "num_trees"), ("true", 8))
    assert call("classify_class_knn", knn, (0.9, 100.0))[0] == (1,)
    features, cls = call("get_sample_class_knn", knn, 1)
    assert cls == (1,) and features[0] == pytest.approx(np.sqrt(2)) and features[1] > 0
    call("train_class_knn", knn, "normalization", "false")  # the stored data come back
    assert call("get_sample_class_knn", knn, 1) == ((1.0, 1000.0), (1,))
    call("add_sample_class_knn", knn, (50.0, 50.0), 2)  # counts only after training
    assert call("classify_class_knn", knn, (50.0, 50.0))[0] != (2,)
    call("train_class_knn", knn, (), ())
    assert call("classify_class_knn", knn, (50.0, 50.0))[0] == (2,)
    assert call("get_sample_num_class_knn", knn) == ((4,),)


def test_errors(call):
    (knn,) = call("create_class_knn", 3)
    assert call.code("create_class_knn", 0) == 1301
    assert call.code("train_class_knn", knn, (), ()) == 1301  # no samples
    assert call.code("add_sample_class_knn", knn, (1.0, 2.0), 0) == 1402
    assert call.code("add_sample_class_knn", knn, (1.0, 2.0, 3.0) * 2, (0, 1, 2)) == 1403
    assert call.code("add_sample_class_knn", knn, (1.0, 2.0, 3.0), -1) == 1303
    call("add_sample_class_knn", knn, (1.0, 2.0, 3.0), 0)
    assert call.code("classify_class_knn", knn, (1.0, 2.0, 3.0)) == 1301  # not trained
    assert call.code("train_class_knn", knn, "num_trees", 0) == 1303
    assert call.code("train_class_knn", knn, "depth", 3) == 1302
    assert call.code("set_params_class_knn", knn, "k", 0) == 1303
    assert call.code("set_params_class_knn", knn, "method", "vote") == 1303
    assert call.code("set_params_class_knn", knn, "colour", 1) == 1302
    assert call.code("set_params_class_knn", knn, ("k", "method"), 3) == 1403
    assert call.code("get_params_class_knn", knn, "colour") == 1302
    assert call.code("get_sample_class_knn", knn, 1) == 1302
    call("train_class_knn", knn, (), ())
    assert call.code("classify_class_knn", knn, (1.0, 2.0)) == 1402
    call("clear_class_knn", knn)
    assert call.code("get_sample_num_class_knn", knn) == 2454


def test_write_and_read_give_identical_results(call, tmp_path):
    knn, _, _ = _trained(call, "normalization", "true")
    call(
        "set_params_class_knn", knn, ("k", "method", "max_num_classes"), (6, "classes_frequency", 3)
    )
    path = str(tmp_path / "blobs.knn")
    call("write_class_knn", knn, path)
    (back,) = call("read_class_knn", path)
    for f in ((0.1, 0.2), (2.5, 0.3), (0.5, 4.0), (9.0, 9.0)):
        assert call("classify_class_knn", back, f) == call("classify_class_knn", knn, f)
    assert call("get_sample_num_class_knn", back) == ((90,),)
    assert call("get_sample_class_knn", back, 40) == call("get_sample_class_knn", knn, 40)
    (tmp_path / "junk.knn").write_bytes(b"not a classifier")
    assert call.code("read_class_knn", str(tmp_path / "junk.knn")) == 5238
    assert call.code("read_class_knn", str(tmp_path / "missing.knn")) == 5200


def test_image_samples_and_pixel_classification(call):
    rng = np.random.default_rng(3)
    data = np.empty((3, 16, 24))
    data[:, :, :12] = np.array([20, 40, 220])[:, None, None]
    data[:, :, 12:] = np.array([230, 140, 20])[:, None, None]
    data += rng.integers(-6, 7, data.shape)
    data[:, 0, 0] = (128, 250, 128)  # an odd pixel, far from both colours
    img = ObjectTuple([Image(data.astype(np.uint8), "byte")])
    (knn,) = call("create_class_knn", 3)
    classes = ObjectTuple([Region.rectangle(2, 1, 5, 4), Region.rectangle(9, 15, 12, 20)])
    call("add_samples_image_class_knn", img, classes, knn)
    assert call("get_sample_num_class_knn", knn) == ((40,),)
    assert call("get_sample_class_knn", knn, 16) == (
        tuple(float(v) for v in img[0].data[:, 9, 15]),
        (1,),
    )
    call("train_class_knn", knn, (), ())
    regions, (distance,) = call("classify_image_class_knn", img, knn, 30.0)
    assert [r.area() for r in regions] == [16 * 12 - 1, 16 * 12]
    assert regions[1].bbox() == (0, 12, 15, 23)
    assert distance.pixel_type == "real" and distance.data[0, 0, 0] > 100
    assert distance.data[0, 3, 2] == 0.0  # a training pixel is its own neighbour
    regions, _ = call("classify_image_class_knn", img, knn, 1000.0)
    # not rejected now, the odd pixel goes to the nearer colour (orange)
    assert [r.area() for r in regions] == [16 * 12 - 1, 16 * 12 + 1]
    gray = ObjectTuple([Image(np.zeros((1, 4, 4), np.uint8), "byte")])
    assert call.code("classify_image_class_knn", gray, knn, 5.0) == 3359
    assert call.code("classify_image_class_knn", img, knn, -1.0) == 1302
    empty = call("classify_image_class_knn", ObjectTuple([]), knn, 5.0)
    assert empty == (ObjectTuple([]), ObjectTuple([]))


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["params"].update(num_dim=10**12),
        lambda d: d["params"].update(trained_count=10**6),
        lambda d: d["params"]["params"].update(method="vote"),
        lambda d: d["params"]["params"].update(k=0),
        lambda d: d["params"].pop("normalization"),
        lambda d: d["arrays"][0].update(shape=[7, 2]),
    ],
)
def test_consistent_checksum_but_wrong_contents_is_5238(call, tmp_path, change):
    import json

    knn, _, _ = _trained(call)
    path = tmp_path / "model.gnc"
    call("write_class_knn", knn, str(path))
    magic, header, payload = path.read_bytes().split(b"\n", 2)
    doc = json.loads(header)
    change(doc)
    path.write_bytes(magic + b"\n" + json.dumps(doc).encode() + b"\n" + payload)
    assert call.code("read_class_knn", str(path)) == 5238
