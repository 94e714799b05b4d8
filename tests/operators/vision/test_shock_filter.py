"""shock_filter sharpens a blurred step into a step and leaves flat images alone."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter1d

from hdlite.plugin import Image, ObjectTuple


def _ramp() -> np.ndarray:
    step = np.where(np.arange(40) < 20, 40.0, 200.0)
    return np.tile(gaussian_filter1d(step, 3.0, mode="nearest"), (12, 1)).astype(np.float32)


def test_blurred_step_becomes_steeper(call):
    data = _ramp()
    (out,) = call("shock_filter", ObjectTuple([Image(data[None], "real")]), 0.5, 40, "laplace", 1.0)
    row = out[0].data[0, 6]
    # the values far from the edge keep their levels, the transition gets much shorter
    assert abs(row[2] - data[6, 2]) < 1 and abs(row[37] - data[6, 37]) < 1
    before = np.count_nonzero((data[6] > 50) & (data[6] < 190))
    after = np.count_nonzero((row > 50) & (row < 190))
    assert after <= 2 < before
    assert row.min() >= 39.9 and row.max() <= 200.1  # no overshoot (a morphological flow)
    (canny,) = call("shock_filter", ObjectTuple([Image(data[None], "real")]), 0.5, 40, "canny", 1.0)
    assert np.count_nonzero((canny[0].data[0, 6] > 50) & (canny[0].data[0, 6] < 190)) <= 2


def test_flat_image_and_wrong_values(call):
    flat = ObjectTuple([Image(np.full((1, 8, 9), 77, np.uint8), "byte")])
    (out,) = call("shock_filter", flat, 0.7, 5, "canny", 1.0)
    assert out[0].pixel_type == "byte" and (out[0].data == 77).all()
    assert call.code("shock_filter", flat, 0.8, 5, "canny", 1.0) == 1301
    assert call.code("shock_filter", flat, 0.5, 0, "canny", 1.0) == 1302
    assert call.code("shock_filter", flat, 0.5, 5, "canny", -1.0) == 1304
    assert call("shock_filter", ObjectTuple(), 0.5, 5, "canny", 1.0) == (ObjectTuple(),)
