"""Anomaly detection models: initial models, training on good images, scores, files."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import HalconError, Handle, Image, ObjectTuple, Region

SIZE = 64


def texture(rng: np.random.Generator) -> np.ndarray:
    """A good image: a random-phase stripe texture with noise, in [-2, 2]-ish units."""
    _rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    phase = rng.uniform(0, 2 * np.pi)
    base = 0.6 * np.sin(2 * np.pi * cols / 8 + phase) + 0.1 * rng.normal(size=(SIZE, SIZE))
    return np.repeat(base[None], 3, axis=0).astype(np.float32)


def with_defect(pixels: np.ndarray, row: int, col: int) -> np.ndarray:
    """A bright 7x7 blob at (row, col)."""
    out = pixels.copy()
    out[:, row - 3 : row + 4, col - 3 : col + 4] = 2.5
    return out


def sample(pixels: np.ndarray, domain: Region | None = None) -> Handle:
    return Handle("dict", {"image": ObjectTuple([Image(pixels, "real", domain)])})


@pytest.fixture
def anomaly_model(call):
    call("set_system", "seed_rand", 5)
    ((handle,),) = call("read_dl_model", "initial_dl_anomaly_medium.hdl")
    call("set_dl_model_param", handle, "image_dimensions", (SIZE, SIZE, 3))
    call("set_dl_model_param", handle, "complexity", 8)
    call("set_dl_model_param", handle, "runtime", "cpu")
    return handle


def train(call, handle, images, epochs: int = 12, ratio: float = 0.5):
    param = Handle(
        "dict",
        {"max_num_epochs": (epochs,), "domain_ratio": (ratio,), "regularization_noise": (0.05,)},
    )
    ((result,),) = call("train_dl_model_anomaly_dataset", handle, images, param)
    return result.obj


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    good = [texture(rng) for _ in range(32)]
    test_good = [texture(rng) for _ in range(4)]
    spots = [(20, 40), (45, 15), (32, 32), (12, 12)]
    bad = [with_defect(texture(rng), r, c) for r, c in spots]
    return good, test_good, bad, spots


def test_initial_model_parameters(call):
    ((handle,),) = call("read_dl_model", "initial_dl_anomaly_large.hdl")
    assert call("get_dl_model_param", handle, "type") == (("anomaly_detection",),)
    assert call("get_dl_model_param", handle, "complexity") == ((15,),)
    assert call("get_dl_model_param", handle, "standard_deviation_factor") == ((1.0,),)
    call("set_dl_model_param", handle, "standard_deviation_factor", 2.5)
    assert call("get_dl_model_param", handle, "standard_deviation_factor") == ((2.5,),)
    for bad in (0, 2**40):
        with pytest.raises(HalconError) as err:
            call("set_dl_model_param", handle, "complexity", bad)
        assert err.value.code == 1303
    for name, value in (("class_names", ("a", "b")), ("class_ids", (0, 1))):
        with pytest.raises(HalconError) as err:
            call("set_dl_model_param", handle, name, value)
        assert err.value.code == 7788
    with pytest.raises(HalconError) as err:
        call("read_dl_model", "initial_dl_anomaly_huge.hdl")
    assert err.value.code == 5200


def test_training_separates_defects_and_files_round_trip(call, anomaly_model, data, tmp_path):
    good, test_good, bad, spots = data
    result = train(call, anomaly_model, tuple(sample(p) for p in good))
    assert result["final_epoch"] == (12,)
    assert np.isfinite(result["final_error"][0])
    batch = tuple(sample(p) for p in test_good + bad)
    (results,) = call("apply_dl_model", anomaly_model, batch, ())
    scores = np.array([r.obj["anomaly_score"][0] for r in results])
    good_scores, bad_scores = scores[:4], scores[4:]
    assert bad_scores.min() > 2 * good_scores.max(), scores
    for r, (row, col) in zip(results[4:], spots, strict=True):
        image = r.obj["anomaly_image"][0]
        assert image.pixel_type == "real" and image.data.shape == (1, SIZE, SIZE)
        peak = np.unravel_index(np.argmax(image.data[0]), (SIZE, SIZE))
        assert abs(peak[0] - row) <= 4 and abs(peak[1] - col) <= 4, (peak, row, col)
    # a larger standard deviation factor scales the values down
    call("set_dl_model_param", anomaly_model, "standard_deviation_factor", 2.0)
    (halved,) = call("apply_dl_model", anomaly_model, batch, "anomaly_score")
    assert set(halved[0].obj) == {"anomaly_score"}
    np.testing.assert_allclose([r.obj["anomaly_score"][0] for r in halved], scores / 2, rtol=1e-5)
    # file round trip: the same scores
    path = str(tmp_path / "anomaly.hdl")
    call("write_dl_model", anomaly_model, path)
    ((again,),) = call("read_dl_model", path)
    assert call("get_dl_model_param", again, "complexity") == ((8,),)
    assert call("get_dl_model_param", again, "standard_deviation_factor") == ((2.0,),)
    (back,) = call("apply_dl_model", again, batch, ())
    np.testing.assert_array_equal(
        [r.obj["anomaly_score"][0] for r in back], [r.obj["anomaly_score"][0] for r in halved]
    )
    ((item,),) = call("serialize_dl_model", again)
    ((copy,),) = call("deserialize_dl_model", item)
    assert call("get_dl_model_param", copy, "type") == (("anomaly_detection",),)


def test_domain_limits_the_anomaly_image(call, anomaly_model, data):
    good, _test_good, bad, _spots = data
    train(call, anomaly_model, tuple(sample(p) for p in good[:8]), epochs=1, ratio=1.0)
    left = Region.rectangle(0, 0, SIZE - 1, SIZE // 2 - 1)
    (results,) = call("apply_dl_model", anomaly_model, (sample(bad[0], left),), ())
    image = results[0].obj["anomaly_image"][0].data[0]
    assert np.all(image[:, SIZE // 2 :] == 0)
    assert results[0].obj["anomaly_score"][0] == pytest.approx(float(image.max()))


def test_bad_inputs(call, anomaly_model, data):
    good = data[0]
    with pytest.raises(HalconError) as err:
        call("train_dl_model_anomaly_dataset", anomaly_model, (sample(good[0][:, :32, :32]),), ())
    assert err.value.code == 2106
    for key, value in (("domain_ratio", 0.0), ("max_num_epochs", 0), ("colour", 1)):
        param = Handle("dict", {key: (value,)})
        with pytest.raises(HalconError) as err:
            call("train_dl_model_anomaly_dataset", anomaly_model, (sample(good[0]),), param)
        assert err.value.code == 1303, key
    with pytest.raises(HalconError) as err:
        call("train_dl_model_batch", anomaly_model, (sample(good[0]),))
    assert err.value.code == 1301
    with pytest.raises(HalconError) as err:
        call("apply_dl_model", anomaly_model, (sample(good[0]),), "bbox_row1")
    assert err.value.code == 1303
    assert call("apply_dl_model", anomaly_model, (), ()) == ((),)
