"""laplace, laplace_of_gauss, zero_crossing(_sub_pix) and dots_image against independent
numpy/scipy computations and hand-worked masks."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import correlate, gaussian_laplace

from hdlite.plugin import Image, ObjectTuple, Region


def _img(data: np.ndarray, pixel_type: str = "byte") -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(data)[None], pixel_type)])


RNG = np.random.default_rng(7)
NOISE = RNG.integers(0, 256, (24, 31)).astype(np.uint8)


def test_laplace_masks_and_result_types(call):
    ref4 = correlate(
        NOISE.astype(float), np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]), mode="mirror"
    )
    (signed,) = call("laplace", _img(NOISE), "signed", 3, "n_4")
    assert signed[0].pixel_type == "int2" and np.array_equal(signed[0].data[0], ref4)
    (clipped,) = call("laplace", _img(NOISE), "signed_clipped", 3, "n_4")
    assert clipped[0].pixel_type == "int1"
    assert np.array_equal(clipped[0].data[0], np.clip(ref4, -128, 127))
    (absolute,) = call("laplace", _img(NOISE), "absolute", 3, "n_4")
    assert absolute[0].pixel_type == "byte"
    assert np.array_equal(absolute[0].data[0], np.clip(np.abs(ref4), 0, 255))
    iso = np.array([[10, 22, 10], [22, -128, 22], [10, 22, 10]]) / 32.0
    ref_iso = correlate(NOISE.astype(float), iso, mode="mirror")
    (out,) = call("laplace", _img(NOISE.astype(np.float32), "real"), "signed", 3, "n_8_isotropic")
    assert out[0].pixel_type == "real"
    assert np.allclose(out[0].data[0], ref_iso, atol=1e-3)


def test_laplace_with_smoothing_equals_smoothing_then_laplace(call):
    data = NOISE.astype(np.float32)
    (direct,) = call("laplace", _img(data, "real"), "signed", 7, "n_8")
    (smooth,) = call("gauss_filter", _img(data, "real"), 5)
    (two_step,) = call("laplace", smooth, "signed", 3, "n_8")
    assert np.allclose(direct[0].data, two_step[0].data, atol=1e-3)
    (binom,) = call("laplace", _img(data, "real"), "signed_binomial", (7, 5), "n_4")
    (b,) = call("binomial_filter", _img(data, "real"), 5, 3)
    (ref,) = call("laplace", b, "signed", 3, "n_4")
    assert np.allclose(binom[0].data, ref[0].data, atol=1e-3)


def test_laplace_wrong_mask_sizes(call):
    assert call.code("laplace", _img(NOISE), "signed", 15, "n_4") == 1302
    assert call.code("laplace", _img(NOISE), "signed", (5, 5), "n_4") == 1302
    assert call.code("laplace", _img(NOISE), "signed_binomial", 41, "n_4") == 1302
    assert call.code("laplace", _img(NOISE), "sum", 3, "n_4") == 1301


def test_laplace_of_gauss_is_the_gaussian_laplacian(call):
    y, x = np.mgrid[0:40, 0:40]
    blob = (200 * np.exp(-((y - 20.0) ** 2 + (x - 18.0) ** 2) / 30.0)).astype(np.uint8)
    (log,) = call("laplace_of_gauss", _img(blob), 2.0)
    ref = gaussian_laplace(blob.astype(float), 2.0, mode="mirror")
    assert log[0].pixel_type == "int2"
    assert np.abs(log[0].data[0] - np.round(ref)).max() <= 1
    assert log[0].data[0, 20, 18] < -5  # a bright blob has a negative Laplacian
    assert call.code("laplace_of_gauss", _img(blob), 0.7) == 1301
    assert call.code("laplace_of_gauss", _img(blob), 26.0) == 1301


def test_zero_crossing_marks_zeros_and_sign_changes(call):
    values = np.array([[3, 2, -1, -4], [5, 0, 7, -2], [1, 1, 1, 1]], dtype=np.int16)
    (region,) = call("zero_crossing", _img(values, "int2"))
    mask = region[0].to_mask(3, 4)
    expected = np.array(
        [[False, True, True, False], [False, True, True, True], [False, False, False, True]]
    )
    assert np.array_equal(mask, expected)
    assert call.code("zero_crossing", _img(values.astype(np.uint8))) == 9007
    # only the domain counts: the pixel at (0, 2) is outside
    dom = Region(0, 0, np.array([[True, True, False, True]] * 3))
    (region,) = call("zero_crossing", ObjectTuple([Image(values[None], "int2", dom)]))
    assert not region[0].to_mask(3, 4)[:, 2].any() and region[0].to_mask(3, 4)[0, 1] == False  # noqa: E712
    assert call("zero_crossing", ObjectTuple()) == (ObjectTuple(),)


def test_zero_crossing_sub_pix_of_a_linear_ramp(call):
    ramp = np.tile(np.arange(10, dtype=np.float32) - 4.25, (6, 1))
    (contours,) = call("zero_crossing_sub_pix", _img(ramp, "real"))
    assert len(contours) == 1
    rows, cols = call("get_contour_xld", contours)
    assert np.allclose(cols, 4.25) and min(rows) == 0 and max(rows) == 5


def test_dots_image_mask_and_response(call):
    from hdlite_vision.filters_laplace import dots_mask

    m = dots_mask(5) * 336  # the reference's 7 x 7 mask for Diameter 5
    assert m.shape == (7, 7) and np.isclose(m.sum(), 0)
    assert np.isclose(m[3, 3], 16) and np.isclose(m[0, 3], -21) and np.isclose(m[0, 0], 0)
    assert np.isclose(m[1, 1], -21) and np.isclose(m[1, 2], 16) and (np.isclose(m, 16).sum() == 21)
    data = np.full((21, 21), 50, np.uint8)
    y, x = np.mgrid[0:21, 0:21]
    data[np.hypot(y - 10, x - 10) <= 2.5] = 150  # a light dot of diameter 5
    (light,) = call("dots_image", _img(data), 5, "light", 0)
    assert light[0].data[0, 10, 10] == 100 and light[0].data[0, 0, 0] == 0
    (dark,) = call("dots_image", _img(data), 5, "dark", 0)
    assert dark[0].data[0, 10, 10] == 0
    (both,) = call("dots_image", _img(255 - data), 5, "all", 1)
    assert both[0].data[0, 10, 10] == 200
    assert call.code("dots_image", _img(data), 4, "light", 0) == 1301
    assert call.code("dots_image", _img(data.astype(np.float32), "real"), 5, "light", 0) == 9007
