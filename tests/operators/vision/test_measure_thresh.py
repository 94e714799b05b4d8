"""measure_thresh on rendered ramps whose crossing points are known exactly."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple


def _image(row: np.ndarray, height: int = 20) -> ObjectTuple:
    return ObjectTuple([Image(np.tile(row, (height, 1))[None].astype(np.float32), "real")])


# a rising ramp 0 -> 200 over columns 20..40 and a falling one 200 -> 0 over 60..70
COLS = np.arange(100, dtype=np.float64)
RAMPS = np.interp(COLS, [20, 40, 60, 70], [0, 200, 200, 0])


def test_crossings_of_a_ramp(call):
    (h,) = call("gen_measure_rectangle2", 10.0, 50.0, 0.0, 45.0, 2.0, 100, 20, "nearest_neighbor")
    rows, cols, dist = call("measure_thresh", _image(RAMPS), h, 0.0, 128.0, "all")
    # 128 is reached at 20 + 20 * 128/200 = 32.8 and at 60 + 10 * 72/200 = 63.6
    assert rows == (10.0, 10.0)
    assert cols == pytest.approx((32.8, 63.6))
    assert dist == pytest.approx((30.8,))
    # smoothing a linear ramp does not move its crossing (far from the ramp's ends)
    cols = call("measure_thresh", _image(RAMPS), h, 1.0, 100.0, "all")[1]
    assert cols == pytest.approx((30.0, 65.0), abs=0.01)


def test_select(call):
    (h,) = call("gen_measure_rectangle2", 10.0, 50.0, 0.0, 45.0, 2.0, 100, 20, "bilinear")
    image = _image(RAMPS)
    assert call("measure_thresh", image, h, 0.0, 128.0, "first")[1:] == (
        pytest.approx((32.8,)),
        (),
    )
    assert call("measure_thresh", image, h, 0.0, 128.0, "last")[1] == pytest.approx((63.6,))
    # three crossings: first_last keeps the outer two and their distance
    row = np.interp(COLS, [10, 20, 30, 40, 50], [0, 200, 0, 200, 0])
    out = call("measure_thresh", _image(row), h, 0.0, 100.0, "first_last")
    assert out[1] == pytest.approx((15.0, 45.0)) and out[2] == pytest.approx((30.0,))
    out = call("measure_thresh", _image(row), h, 0.0, 100.0, "all")
    assert out[1] == pytest.approx((15.0, 25.0, 35.0, 45.0)) and len(out[2]) == 3


def test_rotated_measure_maps_back_to_the_image(call):
    # a ramp along the rows; the measure runs downwards (Phi = -pi/2)
    rows = np.arange(60, dtype=np.float64)
    values = np.interp(rows, [10, 30], [0, 100])
    image = ObjectTuple([Image(np.tile(values[:, None], (1, 30))[None].astype(np.uint8), "byte")])
    (h,) = call("gen_measure_rectangle2", 30.0, 15.0, -math.pi / 2, 25.0, 3.0, 30, 60, "bilinear")
    r, c, d = call("measure_thresh", image, h, 0.0, 50.0, "all")
    assert r == pytest.approx((20.0,), abs=0.01) and c == pytest.approx((15.0,)) and d == ()


def test_no_crossing_and_wrong_values(call):
    (h,) = call("gen_measure_rectangle2", 10.0, 50.0, 0.0, 45.0, 2.0, 100, 20, "bilinear")
    flat = _image(np.full(100, 90.0))
    assert call("measure_thresh", flat, h, 1.0, 128.0, "all") == ((), (), ())
    assert call("measure_thresh", flat, h, 1.0, 90.0, "all") == ((), (), ())
    assert call.code("measure_thresh", flat, h, -1.0, 128.0, "all") == 1302
    assert call.code("measure_thresh", flat, h, 1.0, math.inf, "all") == 1303
    assert call.code("measure_thresh", flat, h, 1.0, 128.0, "middle") == 1304
    assert call.code("measure_thresh", flat + flat, h, 1.0, 128.0, "all") == 1501
    call("close_measure", h)
    assert call.code("measure_thresh", flat, h, 1.0, 128.0, "all") == 2454
