"""Global Context Anomaly Detection models: training, local/global results, files."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import HalconError, Handle, Image, ObjectTuple

SIZE = 64


def scene(rng: np.random.Generator, kind: str = "good") -> np.ndarray:
    """A preprocessed image in [-127, 128]: noise, a dark square at the left, a bright disc
    at the right; 'scratch' adds a bright line, 'missing' leaves the disc out."""
    pixels = rng.normal(-20, 6, (SIZE, SIZE))
    pixels[24:40, 8:24] = -90
    yy, xx = np.mgrid[:SIZE, :SIZE]
    if kind != "missing":
        pixels[(yy - 32) ** 2 + (xx - 46) ** 2 <= 64] = 90
    if kind == "scratch":
        pixels[10:13, 20:50] = 120
    return np.repeat(np.clip(pixels, -127, 128)[None], 3, axis=0).astype(np.float32)


def sample(pixels: np.ndarray) -> Handle:
    return Handle("dict", {"image": ObjectTuple([Image(pixels, "real")]), "anomaly_label_id": (0,)})


@pytest.fixture
def gc_model(call):
    call("set_system", "seed_rand", 3)
    ((handle,),) = call("read_dl_model", "pretrained_dl_anomaly_global_context.hdl")
    call("set_dl_model_param", handle, "image_dimensions", (SIZE, SIZE, 3))
    call("set_dl_model_param", handle, "batch_size", 8)
    call("set_dl_model_param", handle, "runtime", "cpu")
    return handle


def test_parameters(call, gc_model):
    assert call("get_dl_model_param", gc_model, "type") == (("gc_anomaly_detection",),)
    assert call("get_dl_model_param", gc_model, "gc_anomaly_networks") == (("local", "global"),)
    call("set_dl_model_param", gc_model, "gc_anomaly_networks", "local")
    assert call("get_dl_model_param", gc_model, "gc_anomaly_networks") == (("local",),)
    call("set_dl_model_param", gc_model, "anomaly_score_tolerance", 0.01)
    assert call("get_dl_model_param", gc_model, "anomaly_score_tolerance") == ((0.01,),)
    for name, value in (("gc_anomaly_networks", "middle"), ("anomaly_score_tolerance", 1.0)):
        with pytest.raises(HalconError) as err:
            call("set_dl_model_param", gc_model, name, value)
        assert err.value.code == 1303
    with pytest.raises(HalconError) as err:
        call("set_dl_model_param", gc_model, "class_names", ("a", "b"))
    assert err.value.code == 7788


def test_training_finds_local_and_global_defects(call, gc_model, tmp_path):
    rng = np.random.default_rng(0)
    good = [sample(scene(rng)) for _ in range(16)]
    losses = []
    for step in range(40):
        batch = tuple(good[(8 * step + i) % 16] for i in range(8))
        ((result,),) = call("train_dl_model_batch", gc_model, batch)
        losses.append(result.obj["total_loss"][0])
    assert np.mean(losses[-5:]) < 0.6 * np.mean(losses[:5])
    tests = [scene(rng), scene(rng), scene(rng, "scratch"), scene(rng, "missing")]
    (results,) = call("apply_dl_model", gc_model, tuple(sample(p) for p in tests), ())
    keys = set(results[0].obj)
    assert keys == {
        "anomaly_image",
        "anomaly_score",
        "anomaly_image_local",
        "anomaly_score_local",
        "anomaly_image_global",
        "anomaly_score_global",
    }
    score = np.array([r.obj["anomaly_score"][0] for r in results])
    assert min(score[2], score[3]) > 1.5 * max(score[0], score[1]), score
    # the missing disc is a defect of the global context: the global network sees it more
    assert results[3].obj["anomaly_score_global"][0] > results[3].obj["anomaly_score_local"][0]
    scratch = results[2].obj["anomaly_image"][0].data[0]
    row, col = np.unravel_index(np.argmax(scratch), scratch.shape)
    assert 5 <= row <= 18 and 15 <= col <= 55, (row, col)
    missing = results[3].obj["anomaly_image"][0].data[0]
    row, col = np.unravel_index(np.argmax(missing), missing.shape)
    assert abs(row - 32) <= 12 and abs(col - 46) <= 12, (row, col)
    # files: the same results, without the teacher's weights file
    path = str(tmp_path / "gc.hdl")
    call("write_dl_model", gc_model, path)
    ((again,),) = call("read_dl_model", path)
    (back,) = call("apply_dl_model", again, tuple(sample(p) for p in tests), "anomaly_score")
    np.testing.assert_array_equal([r.obj["anomaly_score"][0] for r in back], score)
    # normalisation levels can be set (normalize_dl_gc_anomaly_scores does)
    call("set_dl_model_param", again, "gc_anomaly_levels", (0.0, 2.0, 0.0, 2.0))
    assert call("get_dl_model_param", again, "gc_anomaly_levels") == ((0.0, 2.0, 0.0, 2.0),)
    with pytest.raises(HalconError) as err:
        call(
            "train_dl_model_batch",
            gc_model,
            (Handle("dict", {"image": good[0].obj["image"], "anomaly_label_id": (1,)}),) * 8,
        )
    assert err.value.code == 7793
