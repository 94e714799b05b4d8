"""lines_gauss on rendered lines of known position and width."""

from __future__ import annotations

import math

import numpy as np

from hdlite.values.iconic import Image, ObjectTuple


def _img(arr: np.ndarray) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(arr, np.uint8)[None], "byte")])


def _bar(first: int, width: int, light: bool = True) -> np.ndarray:
    arr = np.full((40, 40), 50 if light else 200, np.uint8)
    arr[:, first : first + width] = 200 if light else 50
    return arr


def _inner(c, key: str | None = None) -> np.ndarray:
    values = c.cols if key is None else c.attribs[key]
    return values[6:-6]  # away from the image border


def test_a_vertical_bar_gives_one_line_at_its_centre_with_its_width(call):
    for first, width, sigma in ((17, 5, 1.5), (18, 4, 1.5), (18, 3, 1.0)):
        (lines,) = call(
            "lines_gauss",
            _img(_bar(first, width)),
            sigma,
            3,
            8,
            "light",
            "true",
            "bar-shaped",
            "true",
        )
        assert len(lines) == 1
        c = lines[0]
        centre = first + (width - 1) / 2
        assert len(c) == 40
        assert np.abs(_inner(c) - centre).max() < 0.06
        total = _inner(c, "width_left") + _inner(c, "width_right")
        assert np.abs(total - width).max() < 0.3
        assert np.abs(_inner(c, "width_left") - _inner(c, "width_right")).max() < 0.1
        assert set(c.attribs) == {"angle", "response", "width_left", "width_right"}
        # the normal is horizontal (angle 0 or pi) for a vertical line
        assert np.allclose(np.abs(np.cos(_inner(c, "angle"))), 1.0)


def test_response_matches_a_bar_second_derivative(call):
    # a bar of contrast h, half width w, smoothed with sigma s:
    # 2 h w exp(-w^2 / (2 s^2)) / (s^3 sqrt(2 pi))
    (lines,) = call("lines_gauss", _img(_bar(17, 5)), 1.5, 3, 8, "light", "false", "none", "false")
    expected = (
        2 * 150 * 2.5 * math.exp(-(2.5**2) / (2 * 1.5**2)) / (1.5**3 * math.sqrt(2 * math.pi))
    )
    assert abs(_inner(lines[0], "response").mean() - expected) / expected < 0.05
    assert "width_left" not in lines[0].attribs


def test_light_dark_and_thresholds(call):
    dark = _img(_bar(17, 5, light=False))
    assert len(call("lines_gauss", dark, 1.5, 3, 8, "light", "true", "bar-shaped", "true")[0]) == 0
    (lines,) = call("lines_gauss", dark, 1.5, 3, 8, "dark", "true", "bar-shaped", "true")
    assert len(lines) == 1 and np.abs(_inner(lines[0]) - 19).max() < 0.06
    # the bar's response is about 22: High above it finds nothing
    assert (
        len(call("lines_gauss", _img(_bar(17, 5)), 1.5, 3, 30, "light", "true", "none", "true")[0])
        == 0
    )
    flat = _img(np.full((20, 20), 90))
    assert len(call("lines_gauss", flat, 1.5, 3, 8, "light", "true", "none", "true")[0]) == 0


def test_a_diagonal_line(call):
    rr, cc = np.mgrid[0:60, 0:60]
    dist = np.abs(rr - cc) / math.sqrt(2)  # distance to the line row == column
    arr = np.where(dist <= 1.6, 200, 40)
    (lines,) = call("lines_gauss", _img(arr), 1.5, 3, 8, "light", "true", "bar-shaped", "false")
    longest = max(lines, key=len)
    assert len(longest) > 50
    m = slice(8, -8)
    assert np.abs(longest.rows[m] - longest.cols[m]).max() < 0.2
    ang = _inner(longest, "angle")  # the line runs at -pi/4: its normal at pi/4 or -3pi/4
    assert np.allclose(np.sin(ang - math.pi / 4), 0.0, atol=0.05)


def test_empty_input_and_wrong_values(call):
    assert (
        len(call("lines_gauss", ObjectTuple(), 1.5, 3, 8, "light", "true", "bar-shaped", "true")[0])
        == 0
    )
    img = _img(_bar(17, 5))
    assert call.code("lines_gauss", img, 0, 3, 8, "light", "true", "bar-shaped", "true") == 1301
    assert call.code("lines_gauss", img, 1.5, 9, 8, "light", "true", "bar-shaped", "true") == 1303
    assert call.code("lines_gauss", img, 1.5, 3, 8, "bright", "true", "bar-shaped", "true") == 1304
    assert call.code("lines_gauss", img, 1.5, 3, 8, "light", "true", "triangle", "true") == 1306


def _profile_lines(call, profile: np.ndarray, model: str, sigma: float = 1.5):
    arr = np.tile(profile, (40, 1)).astype(np.float32)
    image = ObjectTuple([Image(arr[None], "real")])
    (lines,) = call("lines_gauss", image, sigma, 1, 2, "light", "true", model, "false")
    c = max(lines, key=len)
    return _inner(c).mean(), _inner(c, "width_left").mean(), _inner(c, "width_right").mean()


def test_gaussian_and_parabolic_line_models_give_the_profile_widths(call):
    x = np.arange(60, dtype=np.float64)
    gauss = 40 + 160 * np.exp(-((x - 30.3) ** 2) / (2 * 2.0**2))  # inflection points at +-2
    pos, left, right = _profile_lines(call, gauss, "gaussian")
    assert abs(pos - 30.3) < 0.05 and abs(left - 2.0) < 0.1 and abs(right - 2.0) < 0.1
    parabola = 40 + 160 * np.clip(1 - ((x - 30.3) / 3.0) ** 2, 0, None)  # edges at +-3
    pos, left, right = _profile_lines(call, parabola, "parabolic")
    assert abs(pos - 30.3) < 0.05 and abs(left - 3.0) < 0.1 and abs(right - 3.0) < 0.1
    # the other models measure the same profiles differently
    assert abs(_profile_lines(call, gauss, "bar-shaped")[1] - 2.0) > 0.3
    assert abs(_profile_lines(call, parabola, "none")[1] - 3.0) > 0.5


def test_bar_model_corrects_the_position_of_an_asymmetric_bar(call):
    x = np.arange(60, dtype=np.float64)
    # a bar over columns 28..32 (centre 30, half width 2.5), background 50 left, 120 right
    bar = np.where(x < 27.5, 50, np.where(x <= 32.5, 200, 120))
    pos, left, right = _profile_lines(call, bar, "none", 1.2)
    assert pos - 30 > 0.1 and right - left > 0.2  # biased towards the weaker side
    pos, left, right = _profile_lines(call, bar, "bar-shaped", 1.2)
    assert abs(pos - 30) < 0.05 and abs(left - 2.5) < 0.1 and abs(right - 2.5) < 0.1
