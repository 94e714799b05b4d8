"""Frequency domain: transforms against numpy's DFT, convolution against direct sums,
the ideal filters by counting, and the errors of wrong parameters."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple

RNG = np.random.default_rng(5)


def _img(arr: np.ndarray, pixel_type: str = "byte") -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(arr)[None], pixel_type)])


def _dft(x: np.ndarray, sign: int) -> np.ndarray:
    """The 2-D DFT by its definition (sum over exp(sign*2*pi*i*(k*m/M + l*n/N)))."""
    m, n = x.shape
    em = np.exp(sign * 2j * np.pi * np.outer(np.arange(m), np.arange(m)) / m)
    en = np.exp(sign * 2j * np.pi * np.outer(np.arange(n), np.arange(n)) / n)
    return em @ x @ en


def test_fft_generic_follows_the_definition(call):
    x = RNG.integers(0, 255, (6, 10)).astype(np.uint8)
    (out,) = call("fft_generic", _img(x), "to_freq", -1, "none", "dc_edge", "complex")
    assert out[0].pixel_type == "complex"
    np.testing.assert_allclose(out[0].data[0], _dft(x.astype(float), -1), rtol=1e-5, atol=1e-2)
    (out,) = call("fft_generic", _img(x), "to_freq", 1, "n", "dc_edge", "complex")
    np.testing.assert_allclose(out[0].data[0], _dft(x.astype(float), 1) / 60, atol=1e-4)


def test_dc_center_puts_the_mean_in_the_middle(call):
    x = np.full((8, 6), 10, np.uint8)
    (out,) = call("fft_image", _img(x))
    spec = out[0].data[0]
    assert abs(spec[4, 3] - 10 * np.sqrt(48)) < 1e-3  # 'sqrt' norm: sum / sqrt(M*N)
    spec[4, 3] = 0
    assert np.abs(spec).max() < 1e-4


def test_fft_image_and_its_inverse_give_the_image_back(call):
    x = RNG.integers(0, 255, (9, 7)).astype(np.uint8)  # odd sizes too
    (spec,) = call("fft_image", _img(x))
    (back,) = call("fft_image_inv", spec)
    assert back[0].pixel_type == "byte"
    np.testing.assert_array_equal(back[0].data[0], x)
    (back,) = call("fft_generic", spec, "from_freq", 1, "sqrt", "dc_center", "real")
    np.testing.assert_allclose(back[0].data[0], x, atol=1e-3)


@pytest.mark.parametrize("width", [8, 9])
def test_rft_keeps_the_left_half_and_inverts(call, width):
    x = RNG.normal(0, 50, (5, width)).astype(np.float32)
    (spec,) = call("rft_generic", _img(x, "real"), "to_freq", "none", "complex", width)
    assert (spec[0].height, spec[0].width) == (5, width // 2 + 1)
    np.testing.assert_allclose(
        spec[0].data[0], _dft(x.astype(float), -1)[:, : width // 2 + 1], atol=1e-2
    )
    (back,) = call("rft_generic", spec, "from_freq", "n", "real", width)
    assert back[0].pixel_type == "real" and back[0].width == width
    np.testing.assert_allclose(back[0].data[0], x, atol=1e-3)


def test_convol_fft_equals_a_direct_cyclic_convolution(call):
    h, w = 12, 16
    x = RNG.integers(0, 200, (h, w)).astype(np.float32)
    kernel = np.zeros((h, w), np.float32)
    kernel[0, 0], kernel[0, 1], kernel[1, 0], kernel[h - 1, w - 1] = 0.5, 0.25, 0.125, 0.125
    (fx,) = call("rft_generic", _img(x, "real"), "to_freq", "none", "complex", w)
    (fk,) = call("rft_generic", _img(kernel, "real"), "to_freq", "none", "complex", w)
    (prod,) = call("convol_fft", fx, fk)
    (res,) = call("rft_generic", prod, "from_freq", "n", "real", w)
    direct = (
        0.5 * x
        + 0.25 * np.roll(x, 1, axis=1)
        + 0.125 * np.roll(x, 1, axis=0)
        + 0.125 * np.roll(x, (-1, -1), axis=(0, 1))
    )
    np.testing.assert_allclose(res[0].data[0], direct, atol=1e-3)


def test_gauss_filter_in_the_frequency_domain_smooths_like_a_gaussian(call):
    from scipy.ndimage import gaussian_filter

    h, w = 32, 40
    x = np.zeros((h, w), np.float32)
    x[10:20, 12:30] = 100
    (filt,) = call("gen_gauss_filter", 2.0, 2.0, 0.0, "n", "rft", w, h)
    (spec,) = call("rft_generic", _img(x, "real"), "to_freq", "none", "complex", w)
    (prod,) = call("convol_fft", spec, filt)
    (res,) = call("rft_generic", prod, "from_freq", "none", "real", w)
    expected = gaussian_filter(x.astype(float), 2.0, mode="wrap")
    assert np.abs(res[0].data[0] - expected).max() < 0.5


def test_ideal_filters_count_their_pass_band(call):
    (low,) = call("gen_lowpass", 0.5, "none", "dc_center", 16, 16)
    v = low[0].data[0]
    assert low[0].pixel_type == "real" and v.shape == (16, 16)
    # frequencies (u, v) with u^2 + v^2 <= 4^2 around the centre (8, 8)
    uu, vv = np.meshgrid(np.arange(16) - 8, np.arange(16) - 8)
    assert v.sum() == np.count_nonzero(uu**2 + vv**2 <= 16)
    assert v[8, 8] == 1 and v[0, 0] == 0
    (high,) = call("gen_highpass", 0.5, "none", "dc_center", 16, 16)
    np.testing.assert_array_equal(high[0].data[0], 1 - v)
    (edge,) = call("gen_lowpass", 0.5, "n", "dc_edge", 16, 16)
    np.testing.assert_allclose(edge[0].data[0], np.fft.ifftshift(v) / 256)
    (rft,) = call("gen_lowpass", 0.5, "none", "rft", 16, 16)
    assert rft[0].width == 9
    np.testing.assert_array_equal(rft[0].data[0], np.fft.ifftshift(v)[:, :9])
    (band,) = call("gen_bandpass", 0.25, 0.5, "none", "dc_center", 16, 16)
    ring = (uu**2 + vv**2 >= 4) & (uu**2 + vv**2 <= 16)
    np.testing.assert_array_equal(band[0].data[0], ring.astype(np.float32))


def test_a_lowpass_removes_a_fine_stripe_pattern(call):
    h, w = 16, 32
    cols = np.arange(w)
    x = (100 + 50 * np.cos(2 * np.pi * cols * 8 / w))[None, :].repeat(h, 0).astype(np.uint8)
    (filt,) = call("gen_lowpass", 0.3, "none", "dc_center", w, h)
    (spec,) = call("fft_image", _img(x))
    (prod,) = call("convol_fft", spec, filt)
    (back,) = call("fft_image_inv", prod)
    assert np.abs(back[0].data[0].astype(int) - 100).max() <= 1


def test_empty_inputs_give_empty_outputs(call):
    assert len(call("fft_image", ObjectTuple())[0]) == 0
    assert len(call("rft_generic", ObjectTuple(), "to_freq", "sqrt", "complex", 512)[0]) == 0
    (filt,) = call("gen_lowpass", 0.1, "none", "dc_center", 8, 8)
    assert len(call("convol_fft", ObjectTuple(), filt)[0]) == 0


def test_wrong_values_and_types(call):
    x = _img(np.zeros((4, 6), np.uint8))
    assert call.code("rft_generic", x, "to_freq", "sqrt", "byte", 6) == 1303
    (spec,) = call("rft_generic", x, "to_freq", "sqrt", "complex", 6)
    assert call.code("rft_generic", spec, "from_freq", "sqrt", "real", 8) == 1304
    assert call("rft_generic", spec, "from_freq", "sqrt", "real", 7)[0][0].width == 7
    assert call.code("rft_generic", spec, "to_freq", "sqrt", "complex", 6) == 9007
    assert call.code("fft_image_inv", x) == 9007
    assert call.code("fft_generic", x, "to_freq", 2, "sqrt", "dc_center", "complex") == 1302
    assert call.code("fft_generic", x, "sideways", -1, "sqrt", "dc_center", "complex") == 1301
    assert call.code("gen_lowpass", -0.1, "none", "dc_center", 8, 8) == 1301
    assert call.code("gen_bandpass", 0.3, 0.2, "none", "dc_center", 8, 8) == 1302
    assert call.code("gen_highpass", 0.1, "none", "dc_middle", 8, 8) == 1303
    (filt,) = call("gen_lowpass", 0.1, "none", "dc_center", 8, 8)
    (full,) = call("fft_image", x)
    assert call.code("convol_fft", full, filt) == 3117
    assert call.code("convol_fft", x, filt) == 9007
