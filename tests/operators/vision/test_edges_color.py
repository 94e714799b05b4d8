"""edges_color: the metric tensor's amplitude against edges_image and a hand computation."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple


def _color(*channels: np.ndarray) -> ObjectTuple:
    return ObjectTuple([Image(np.stack(channels).astype(np.uint8), "byte")])


STEP = np.tile(np.where(np.arange(30) < 15, 50, 150), (20, 1))
FLAT = np.full((20, 30), 90)


def test_one_varying_channel_gives_the_gray_amplitude(call):
    amp, direction = call("edges_color", _color(STEP, FLAT, FLAT), "canny", 1.5, "none", -1, -1)
    ref, _ = call("edges_image", _color(STEP), "canny", 1.5, "none", -1, -1)
    assert amp[0].pixel_type == "uint2" and direction[0].pixel_type == "byte"
    assert np.abs(amp[0].data[0].astype(int) - ref[0].data[0].astype(int)).max() <= 1
    assert amp[0].data[0, 10, 14] > 20
    assert direction[0].data[0, 10, 14] == 0  # gradient along the columns
    assert direction[0].data[0, 10, 2] == 255  # no edge: undefined direction


def test_opposite_channels_add_up_and_directions_are_modulo_180(call):
    # the two channels cancel in a gray sum but not in the metric tensor: sqrt(2) x
    amp, _ = call("edges_color", _color(STEP, 200 - STEP), "deriche2", 1.0, "none", -1, -1)
    one, _ = call("edges_color", _color(STEP, FLAT), "deriche2", 1.0, "none", -1, -1)
    a, b = float(amp[0].data[0, 10, 14]), float(one[0].data[0, 10, 14])
    assert b > 10 and abs(a - np.sqrt(2) * b) <= 1
    rows = STEP.T[:20, :20].copy()  # a step down the rows
    _, direction = call("edges_color", _color(rows, rows), "sobel_fast", 1.0, "none", -1, -1)
    assert direction[0].data[0, 14, 10] == 45  # 90 degrees / 2
    _, flipped = call("edges_color", _color(200 - rows, rows), "sobel_fast", 1.0, "none", -1, -1)
    assert flipped[0].data[0, 14, 10] == 45  # the sign of the gradient does not matter


def test_nms_and_hysteresis_thin_the_domain(call):
    amp, direction = call("edges_color", _color(STEP, FLAT, STEP), "canny", 1.0, "nms", 10, 20)
    cols = np.unique(np.nonzero(amp[0].domain.to_mask(20, 30))[1])
    assert cols.tolist() in ([14], [15])
    assert amp[0].domain.area() == 20 and direction[0].domain.area() == 20


def test_wrong_values_and_types(call):
    image = _color(STEP, FLAT)
    assert call.code("edges_color", image, "lanser2", 1.0, "nms", 20, 40) == 1301
    assert call.code("edges_color", image, "canny", 0.0, "nms", 20, 40) == 1302
    assert call.code("edges_color", image, "canny", 1.0, "nms", 40, 20) == 1304
    real = ObjectTuple([Image(np.zeros((3, 5, 5), np.float32), "real")])
    assert call.code("edges_color", real, "canny", 1.0, "nms", 20, 40) == 9007
    assert call("edges_color", ObjectTuple(), "canny", 1.0, "nms", 20, 40) == (
        ObjectTuple(),
        ObjectTuple(),
    )
