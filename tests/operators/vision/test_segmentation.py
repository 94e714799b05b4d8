"""Thresholds and segmentation on images built in the test, with hand-computed results."""

from __future__ import annotations

import numpy as np

from hdlite.values.iconic import Image, ObjectTuple, Region


def _image(data: np.ndarray, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    return ObjectTuple([Image(data, pixel_type, domain)])


def _scene() -> np.ndarray:
    """40 background, a 5x10 blob of 200 and a 3x5 blob of 120."""
    img = np.full((20, 30), 40, dtype=np.uint8)
    img[5:10, 5:15] = 200
    img[12:15, 20:25] = 120
    return img


def test_threshold_intervals_domain_and_empty_results(call):
    (regs,) = call("threshold", _image(_scene()), (0, 100, 250), (50, 255, 255))
    assert call("area_center", regs)[0] == (600 - 65, 65, 0)
    domain = Region.rectangle(0, 0, 9, 29)
    (inside,) = call("threshold", _image(_scene(), domain=domain), 100, 255)
    assert call("area_center", inside)[0] == (50,)
    call("set_system", "store_empty_region", "false")
    (none,) = call("threshold", _image(_scene()), 250, 255)
    assert len(none) == 0
    assert call.code("threshold", _image(_scene()), (0, 1), 5) == 1402


def test_dyn_threshold_modes(call):
    orig = np.array([[10, 20, 30, 40]], dtype=np.uint8)
    ref = np.array([[20, 20, 20, 20]], dtype=np.uint8)
    expected = {
        "light": {(0, 2), (0, 3)},
        "dark": {(0, 0)},
        "equal": {(0, 0), (0, 1), (0, 2)},
        "not_equal": {(0, 3)},
    }
    for mode, pixels in expected.items():
        (reg,) = call("dyn_threshold", _image(orig), _image(ref), 10, mode)
        rr, cc = np.nonzero(reg[0].to_mask(1, 4))
        assert set(zip(rr.tolist(), cc.tolist(), strict=True)) == pixels, mode
    half = Region.rectangle(0, 0, 0, 1)
    (reg,) = call("dyn_threshold", _image(orig, domain=half), _image(ref), 0, "light")
    assert call("area_center", reg)[0] == (1,)
    assert call.code("dyn_threshold", _image(orig), _image(ref) + _image(ref), 5, "light") == 3017


def test_dyn_threshold_after_mean_image_finds_small_dark_spots(call):
    img = np.full((30, 30), 100, dtype=np.uint8)
    img[10:13, 10:13] = 30
    (smooth,) = call("mean_image", _image(img), 15, 15)
    (spots,) = call("dyn_threshold", _image(img), smooth, 20, "dark")
    assert call("area_center", spots) == ((9,), (11.0,), (11.0,))


def test_binary_threshold(call):
    img = _scene()
    (reg, used) = call("binary_threshold", _image(img), "max_separability", "light")
    assert 40 <= used[0] < 120
    assert call("area_center", reg)[0] == (65,)
    (reg, used) = call("binary_threshold", _image(img), "max_separability", "dark")
    assert call("area_center", reg)[0] == (535,)
    two = np.zeros((10, 10), dtype=np.uint8)
    two[:, :4] = 50
    two[:, 4:] = 180
    noisy = (two.astype(int) + np.tile([-3, 0, 3, 1, -1], 20).reshape(10, 10)).astype(np.uint8)
    (reg, used) = call("binary_threshold", _image(noisy), "smooth_histo", "dark")
    assert 53 <= used[0] < 177
    assert call("area_center", reg)[0] == (40,)


def test_auto_threshold_and_histo_to_thresh(call):
    (regs,) = call("auto_threshold", _image(_scene()), 2.0)
    assert call("area_center", regs)[0] == (535, 15, 50)
    histo = [0] * 256
    histo[40], histo[120], histo[200] = 535, 15, 50
    low, high = call("histo_to_thresh", tuple(histo), 2.0)
    assert len(low) == 3 and low[0] == 0 and high[-1] == 255
    assert 40 < high[0] < 120 < high[1] < 200
    assert low[1] == high[0] + 1 and low[2] == high[1] + 1


def test_fast_threshold_matches_threshold(call):
    (fast,) = call("fast_threshold", _image(_scene()), 100, 255, 20)
    (exact,) = call("threshold", _image(_scene()), 100, 255)
    assert np.array_equal(fast[0].to_mask(20, 30), exact[0].to_mask(20, 30))


def test_var_threshold(call):
    img = np.full((21, 21), 100, dtype=np.uint8)
    img[10, 10] = 20
    (dark,) = call("var_threshold", _image(img), 5, 5, 0.2, 10, "dark")
    assert call("area_center", dark) == ((1,), (10.0,), (10.0,))
    (light,) = call("var_threshold", _image(img), 5, 5, 0.2, 10, "light")
    assert call("area_center", light)[0] == (0,)


def test_hysteresis_threshold(call):
    row = np.array([[90, 50, 50, 50, 0, 50, 50, 50, 50, 50, 50]], dtype=np.uint8)
    (reg,) = call("hysteresis_threshold", _image(row), 40, 80, 3)
    _rows, cc = np.nonzero(reg[0].to_mask(1, 11))
    assert cc.tolist() == [0, 1, 2, 3]
    (reg,) = call("hysteresis_threshold", _image(row), 40, 80, 2)
    assert call("area_center", reg)[0] == (3,)
    assert call.code("hysteresis_threshold", _image(row), 80, 40, 3) == 1302


def test_empty_inputs(call):
    (none,) = call("dyn_threshold", ObjectTuple(), ObjectTuple(), 5, "light")
    assert len(none) == 0
    regs, used = call("binary_threshold", ObjectTuple(), "max_separability", "dark")
    assert len(regs) == 0 and used == ()
    (flat,) = call("var_threshold", _image(np.full((5, 5), 7, np.uint8)), 3, 3, 0.2, 2, "dark")
    assert len(flat) == 1 and call("area_center", flat)[0] == (0,)
    assert call.code("auto_threshold", _image(np.zeros((2, 2), np.float32), "real"), 2.0) == 9007
