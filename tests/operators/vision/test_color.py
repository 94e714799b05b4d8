"""trans_from_rgb / trans_to_rgb: known colours, scaling per pixel type, round trips."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple, Region

COLORS = np.array(
    [[255, 0, 0], [0, 255, 0], [0, 0, 255], [128, 128, 128], [255, 255, 0], [10, 200, 90]],
    np.uint8,
)
SPACES = ("hsv", "hsi", "hls", "ihs", "yiq", "yuv", "argyb", "i1i2i3", "ciexyz", "cielab")


def _channels(rgb: np.ndarray, pixel_type: str = "byte", domain=None) -> list[ObjectTuple]:
    """Three one-row images (red, green, blue) holding the colours of ``rgb`` (n x 3)."""
    return [
        ObjectTuple([Image(np.ascontiguousarray(rgb[:, i])[None, None, :], pixel_type, domain)])
        for i in range(3)
    ]


def _values(outputs: tuple) -> np.ndarray:
    """(n, 3) array of the three result images' values."""
    return np.stack([o[0].data[0, 0] for o in outputs], axis=1)


def test_byte_hsv_of_known_colours(call):
    out = call("trans_from_rgb", *_channels(COLORS), "hsv")
    assert all(o[0].pixel_type == "byte" for o in out)
    got = _values(out).tolist()
    assert got[0] == [0, 255, 255]  # pure red
    assert got[1] == [85, 255, 255]  # green: 120 degrees = 255 / 3
    assert got[2] == [170, 255, 255]  # blue: 240 degrees
    assert got[3] == [0, 0, 128]  # gray: hue 0, saturation 0
    assert got[4] == [43, 255, 255] or got[4] == [42, 255, 255]  # yellow: 60 degrees


def test_real_hsv_uses_radians_and_unit_ranges(call):
    out = call("trans_from_rgb", *_channels(COLORS.astype(np.float32) / 255, "real"), "hsv")
    got = _values(out)
    assert got[1] == pytest.approx([2 * math.pi / 3, 1.0, 1.0], abs=1e-6)
    assert got[5, 0] == pytest.approx(math.radians(145.2631579), abs=1e-5)
    assert got[5, 1] == pytest.approx(0.95, abs=1e-6)


def test_uint2_codes_hue_in_minutes_of_arc_and_saturation_in_ten_thousandths(call):
    rgb = COLORS.astype(np.uint16) * 257
    out = call("trans_from_rgb", *_channels(rgb, "uint2"), "hsv")
    got = _values(out)
    assert got[1].tolist() == [7200, 10000, 65535]
    assert got[2, 0] == 14400


def test_other_spaces_on_known_colours(call):
    white_black = np.array([[255, 255, 255], [0, 0, 0]], np.uint8)
    out = call("trans_from_rgb", *_channels(white_black.astype(np.float32) / 255, "real"), "yiq")
    assert _values(out)[0] == pytest.approx([1.0, 0.0, 0.0], abs=1e-5)
    out = call("trans_from_rgb", *_channels(COLORS.astype(np.float32) / 255, "real"), "cielab")
    assert _values(out)[0] == pytest.approx([53.24, 80.09, 67.20], abs=0.05)  # red
    out = call("trans_from_rgb", *_channels(COLORS.astype(np.float32) / 255, "real"), "ihs")
    assert _values(out)[1] == pytest.approx([1 / 3, 2 * math.pi / 3, 1.0], abs=1e-6)
    out = call("trans_from_rgb", *_channels(COLORS, "byte"), "yiq")
    assert _values(out)[3].tolist() == [128, 128, 128]  # gray: I = Q = 0 at mid-range
    out = call("trans_from_rgb", *_channels(COLORS, "byte"), "hls")
    assert _values(out)[0].tolist() == [0, 128, 255]


@pytest.mark.parametrize("space", SPACES)
def test_round_trips(call, space):
    rng = np.random.default_rng(5)
    rgb = np.concatenate([COLORS, rng.integers(0, 256, (40, 3)).astype(np.uint8)])
    real = rgb.astype(np.float32) / 255
    back = call("trans_to_rgb", *call("trans_from_rgb", *_channels(real, "real"), space), space)
    assert np.abs(_values(back) - real).max() < 1e-5
    back = call("trans_to_rgb", *call("trans_from_rgb", *_channels(rgb), space), space)
    assert all(o[0].pixel_type == "byte" for o in back)
    assert np.abs(_values(back).astype(int) - rgb).max() <= 4  # byte quantisation of hue etc.


def test_domain_empty_input_and_errors(call):
    domain = Region.rectangle(0, 0, 0, 2)
    out = call("trans_from_rgb", *_channels(COLORS, domain=domain), "hsv")
    assert out[0][0].domain is domain
    empty = call("trans_from_rgb", ObjectTuple(), ObjectTuple(), ObjectTuple(), "hsv")
    assert [len(o) for o in empty] == [0, 0, 0]
    r, g, b = _channels(COLORS)
    assert call.code("trans_from_rgb", r, g, b, "cmyk") == 1301
    bad = ObjectTuple([Image(np.zeros((1, 1, 5), np.uint8), "byte")])
    assert call.code("trans_from_rgb", r, bad, b, "hsv") == 3117
    as_int2 = ObjectTuple([Image(np.zeros((1, 1, 6), np.int16), "int2")])
    assert call.code("trans_from_rgb", r, as_int2, b, "hsv") == 9007
    assert [len(o) for o in call("trans_from_rgb", r, ObjectTuple(), b, "hsv")] == [0, 0, 0]
    assert call.code("trans_from_rgb", r, ObjectTuple([*g, *g]), b, "hsv") == 3017


def test_channel_operators_compose_and_decompose(call):
    """decompose3/compose3 bracket a colour transformation as in HDevelop programs."""
    rgb = ObjectTuple([Image(COLORS.T[:, None, :].copy(), "byte")])
    r, g, b = call("decompose3", rgb)
    h, s, v = call("trans_from_rgb", r, g, b, "hsv")
    (hsv,) = call("compose3", h, s, v)
    assert hsv[0].channels == 3 and hsv[0].data[:, 0, 0].tolist() == [0, 255, 255]
