"""Noise operators: statistics of the added noise for a fixed seed, repeatability with
set_system('seed_rand'), clipping per pixel type, distributions and their estimation."""

from __future__ import annotations

import numpy as np
import pytest
from hdlite_image.xld_objects import Contour

from hdlite.values.iconic import Image, ObjectTuple, Region


def _img(arr: np.ndarray, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(arr)[None], pixel_type, domain)])


def _flat(value: float, pixel_type: str = "byte", size: int = 200) -> ObjectTuple:
    dtype = {"byte": np.uint8, "int2": np.int16, "uint2": np.uint16, "real": np.float32}
    return _img(np.full((size, size), value, dtype[pixel_type]), pixel_type)


def _data(out: ObjectTuple) -> np.ndarray:
    return out[0].data[0]


def test_add_noise_white_statistics_and_repeatability(call):
    call("set_system", "seed_rand", 42)
    (first,) = call("add_noise_white", _flat(1000.0, "real"), 20.0)
    noise = _data(first).astype(np.float64) - 1000.0
    assert first[0].pixel_type == "real"
    assert np.abs(noise).max() <= 20.0 and np.abs(noise).max() > 19.9
    assert noise.mean() == pytest.approx(0.0, abs=0.2)
    assert noise.std() == pytest.approx(20.0 / np.sqrt(3.0), rel=0.02)  # uniform on [-a, a]
    call("set_system", "seed_rand", 42)
    (again,) = call("add_noise_white", _flat(1000.0, "real"), 20.0)
    np.testing.assert_array_equal(_data(first), _data(again))
    (third,) = call("add_noise_white", _flat(1000.0, "real"), 20.0)  # the generator moved on
    assert not np.array_equal(_data(first), _data(third))


@pytest.mark.parametrize(
    ("pixel_type", "value", "low", "high", "pile"),
    [
        ("byte", 250, 190, 255, 255),
        ("byte", 5, 0, 65, 0),
        ("int2", -32760, -32768, -32700, -32768),
    ],
)
def test_add_noise_white_clips_to_the_pixel_type(call, pixel_type, value, low, high, pile):
    call("set_system", "seed_rand", 1)
    (out,) = call("add_noise_white", _flat(value, pixel_type), 60.0)
    data = _data(out)
    assert out[0].pixel_type == pixel_type and data.min() >= low and data.max() <= high
    assert (data == pile).mean() > 0.05  # clipped pixels pile up


def test_add_noise_white_keeps_pixels_outside_the_domain(call):
    domain = Region.rectangle(0, 0, 49, 199)
    (out,) = call("add_noise_white", _img(np.full((200, 200), 100, np.uint8), domain=domain), 30.0)
    assert (_data(out)[50:] == 100).all() and (_data(out)[:50] != 100).mean() > 0.9
    assert out[0].domain is domain
    assert call("add_noise_white", ObjectTuple(), 30.0) == (ObjectTuple(),)
    assert call.code("add_noise_white", _flat(1), -1.0) == 1301
    assert call.code("add_noise_white", _img(np.zeros((4, 4), np.int32), "int4"), 5.0) == 9007


def test_gauss_distribution_has_the_requested_spread(call):
    (dist,) = call("gauss_distribution", 3.0)
    d = np.array(dist)
    offsets = np.arange(-256, 257)
    assert len(dist) == 513 and d.sum() == pytest.approx(1.0)
    assert (d * offsets).sum() == pytest.approx(0.0, abs=1e-12)
    assert np.sqrt((d * offsets**2).sum()) == pytest.approx(3.0, rel=0.02)
    assert call("gauss_distribution", 0.0)[0][256] == 1.0
    assert call.code("gauss_distribution", -1.0) == 1301


def test_sp_distribution_and_salt_and_pepper_noise(call):
    (dist,) = call("sp_distribution", 10.0, 20.0)
    assert dist[512] == pytest.approx(0.1) and dist[0] == pytest.approx(0.2)
    assert dist[256] == pytest.approx(0.7) and sum(dist) == pytest.approx(1.0)
    call("set_system", "seed_rand", 7)
    (out,) = call("add_noise_distribution", _flat(100, "int2"), dist)
    data = _data(out)
    assert set(np.unique(data).tolist()) == {-32768, 100, 32767}  # the type's extremes
    assert (data == 32767).mean() == pytest.approx(0.1, abs=0.01)
    assert (data == -32768).mean() == pytest.approx(0.2, abs=0.01)
    assert call.code("sp_distribution", 60.0, 40.0) == 1301
    assert call.code("sp_distribution", -1.0, 5.0) == 1301


def test_add_noise_distribution_gauss_and_repeatability(call):
    (dist,) = call("gauss_distribution", 5.0)
    call("set_system", "seed_rand", 3)
    (out,) = call("add_noise_distribution", _flat(128), dist)
    noise = _data(out).astype(np.float64) - 128
    assert noise.mean() == pytest.approx(0.0, abs=0.1)
    assert noise.std() == pytest.approx(5.0, rel=0.03)
    call("set_system", "seed_rand", 3)
    np.testing.assert_array_equal(
        _data(call("add_noise_distribution", _flat(128), dist)[0]), _data(out)
    )
    assert call.code("add_noise_distribution", _flat(128), dist[:100]) == 1401
    assert call.code("add_noise_distribution", _flat(128), (0.0,) * 513) == 1301
    assert call.code("add_noise_distribution", _flat(128, "real"), dist) == 9007


def test_noise_distribution_mean_recovers_added_noise(call):
    (dist,) = call("gauss_distribution", 4.0)
    call("set_system", "seed_rand", 11)
    (noisy,) = call("add_noise_distribution", _flat(120, size=300), dist)
    inner = ObjectTuple([Region.rectangle(40, 40, 259, 259)])
    (est,) = call("noise_distribution_mean", inner, noisy, 21)
    e = np.array(est)
    offsets = np.arange(-256, 257)
    assert len(est) == 513 and e.sum() == pytest.approx(1.0)
    assert (e * offsets).sum() == pytest.approx(0.0, abs=0.1)
    assert np.sqrt((e * offsets**2).sum()) == pytest.approx(4.0, rel=0.05)
    # a flat image without noise: every difference is 0
    (clean,) = call("noise_distribution_mean", inner, _flat(120, size=300), 21)
    assert clean[256] == 1.0
    empty = ObjectTuple([Region.empty()])
    assert call("noise_distribution_mean", empty, noisy, 21) == ((0.0,) * 513,)
    assert call("noise_distribution_mean", ObjectTuple(), noisy, 21) == ((),)
    assert call("noise_distribution_mean", inner, ObjectTuple(), 21) == ((),)
    assert call.code("noise_distribution_mean", inner, noisy, 1) == 1301
    assert call.code("noise_distribution_mean", inner, _flat(1, "real"), 21) == 9007


def test_add_noise_white_contour_xld_moves_points_across_the_line(call):
    cols = np.arange(0.0, 200.0)
    line = ObjectTuple([Contour(np.full(200, 50.0), cols)])
    call("set_system", "seed_rand", 5)
    (out,) = call("add_noise_white_contour_xld", line, 5, 2.0)
    c = out[0]
    np.testing.assert_allclose(c.cols, cols, atol=1e-9)  # perpendicular to a row line
    shift = c.rows - 50.0
    assert np.abs(shift).max() <= 2.0 and shift.std() == pytest.approx(2 / np.sqrt(3), rel=0.15)
    call("set_system", "seed_rand", 5)
    np.testing.assert_array_equal(
        call("add_noise_white_contour_xld", line, 5, 2.0)[0][0].rows, c.rows
    )


def test_add_noise_white_contour_xld_on_a_closed_circle(call):
    t = np.append(np.linspace(0, 2 * np.pi, 100, endpoint=False), 0.0)  # closed
    circle = ObjectTuple([Contour(100 + 30 * np.sin(t), 100 + 30 * np.cos(t))])
    (out,) = call("add_noise_white_contour_xld", circle, 3, 1.0)
    c = out[0]
    radius = np.hypot(c.rows - 100, c.cols - 100)
    assert c.closed and np.abs(radius - 30).max() <= 1.0 + 1e-6  # radial shifts only
    assert np.abs(radius - 30).max() > 0.5
    assert call.code("add_noise_white_contour_xld", circle, 4, 1.0) == 1301
    assert call.code("add_noise_white_contour_xld", circle, 5, 0.0) == 1302
    assert call("add_noise_white_contour_xld", ObjectTuple(), 5, 1.0) == (ObjectTuple(),)
