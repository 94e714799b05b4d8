"""isotropic_diffusion and anisotropic_diffusion: noise goes, a step edge stays."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter

from hdlite.plugin import Image, ObjectTuple


def _noisy_step(seed: int = 9) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    clean = np.where(np.arange(40)[None, :] < 20, 60.0, 160.0) * np.ones((30, 1))
    return clean, (clean + rng.normal(0, 4, clean.shape)).astype(np.float32)


def _real(data: np.ndarray) -> ObjectTuple:
    return ObjectTuple([Image(data.astype(np.float32)[None], "real")])


def test_isotropic_diffusion_is_a_gaussian(call):
    rng = np.random.default_rng(0)
    data = rng.normal(100, 20, (16, 18)).astype(np.float32)
    (conv,) = call("isotropic_diffusion", _real(data), 1.5, 0)
    expected = gaussian_filter(data.astype(np.float64), 1.5, mode="mirror", truncate=6.0)
    np.testing.assert_allclose(conv[0].data[0], expected, atol=1e-3)
    # HALCON: with a full domain the same as derivate_gauss 'none'
    (deriv,) = call("derivate_gauss", _real(data), 1.5, "none")
    np.testing.assert_allclose(conv[0].data[0], deriv[0].data[0], atol=1e-3)
    (pde,) = call("isotropic_diffusion", _real(data), 1.5, 20)
    # the iterative solution approximates the convolution and keeps the mean
    assert np.abs(pde[0].data[0] - expected)[3:-3, 3:-3].max() < 2.0
    assert abs(pde[0].data[0].mean() - data.mean()) < 1e-2
    assert pde[0].data[0].std() < data.std() / 2
    (none,) = call("isotropic_diffusion", _real(data), 0.0, 5)
    np.testing.assert_array_equal(none[0].data[0], data)
    assert call.code("isotropic_diffusion", _real(data), -1.0, 5) == 1301
    assert call.code("isotropic_diffusion", _real(data), 1.0, -1) == 1302


# 'parabolic' keeps some diffusion across edges higher than Contrast [doc]: a lower Contrast
@pytest.mark.parametrize(
    ("mode", "contrast", "min_jump"),
    [("weickert", 10.0, 70), ("perona-malik", 10.0, 70), ("parabolic", 5.0, 35)],
)
def test_anisotropic_diffusion_smooths_noise_and_keeps_the_step(call, mode, contrast, min_jump):
    _clean, noisy = _noisy_step()
    (out,) = call("anisotropic_diffusion", _real(noisy), mode, contrast, 1.0, 20)
    plane = out[0].data[0].astype(np.float64)
    left, right = plane[:, 2:8], plane[:, 32:38]
    assert left.std() < noisy[:, 2:8].std() / 2 and right.std() < noisy[:, 32:38].std() / 2
    assert abs(left.mean() - 60) < 2 and abs(right.mean() - 160) < 2
    # the edge stays sharp: a one-pixel jump of much of the step height
    jump = plane[:, 20] - plane[:, 19]
    assert jump.mean() > min_jump
    (blurred,) = call("isotropic_diffusion", _real(noisy), 3.0, 0)
    assert (blurred[0].data[0][:, 20] - blurred[0].data[0][:, 19]).mean() < 30


def test_anisotropic_diffusion_types_and_values(call):
    data = np.full((6, 7), 80, np.uint8)
    data[3, 3] = 90
    img = ObjectTuple([Image(data[None], "byte")])
    (out,) = call("anisotropic_diffusion", img, "perona-malik", 20.0, 0.25, 30)
    assert out[0].pixel_type == "byte" and out[0].data[0, 3, 3] < 85
    assert call.code("anisotropic_diffusion", img, "weickert", 0.0, 1.0, 5) == 1302
    assert call.code("anisotropic_diffusion", img, "weickert", 5.0, 0.0, 5) == 1303
    assert call.code("anisotropic_diffusion", img, "tv", 5.0, 1.0, 5) == 1301
    int2 = ObjectTuple([Image(data.astype(np.int16)[None], "int2")])
    assert call.code("anisotropic_diffusion", int2, "weickert", 5.0, 1.0, 5) == 9007
