"""power_real/byte/ln, gen_derivative_filter through the FFT, and the speed optimisers."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple


def _complex(values: np.ndarray) -> ObjectTuple:
    return ObjectTuple([Image(values.astype(np.complex64)[None], "complex")])


def test_power_spectra(call):
    z = np.array([[3 + 4j, 0], [300, -1j]])
    (real,) = call("power_real", _complex(z))
    assert real[0].pixel_type == "real" and np.allclose(real[0].data[0], [[5, 0], [300, 1]])
    (byte,) = call("power_byte", _complex(z))
    assert byte[0].pixel_type == "byte" and byte[0].data[0].tolist() == [[5, 0], [255, 1]]
    (ln,) = call("power_ln", _complex(z))
    assert np.allclose(ln[0].data[0], [[np.log(5), 0], [np.log(300), 0]])
    gray = ObjectTuple([Image(np.zeros((1, 2, 2), np.uint8), "byte")])
    assert call.code("power_real", gray) == 9007
    assert call("power_ln", ObjectTuple()) == (ObjectTuple(),)


def test_derivative_filter_differentiates_a_sinusoid(call):
    w, h = 64, 32
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    kx, ky = 2 * np.pi * 3 / w, 2 * np.pi * 2 / h
    f = 100 + 50 * np.sin(kx * x + ky * y)
    image = ObjectTuple([Image(f.astype(np.float32)[None], "real")])
    (spec,) = call("fft_generic", image, "to_freq", -1, "none", "dc_center", "complex")
    expected = {
        "x": 50 * kx * np.cos(kx * x + ky * y),
        "y": 50 * ky * np.cos(kx * x + ky * y),
        "xy": -50 * kx * ky * np.sin(kx * x + ky * y),
        "yy": -50 * ky * ky * np.sin(kx * x + ky * y),
    }
    for name, ref in expected.items():
        (filt,) = call("gen_derivative_filter", name, 1, "n", "dc_center", w, h)
        (prod,) = call("convol_fft", spec, filt)
        (back,) = call("fft_generic", prod, "from_freq", 1, "none", "dc_center", "real")
        assert np.allclose(back[0].data[0], ref, atol=1e-3), name
    # the same through the half spectrum of rft_generic
    (half,) = call("rft_generic", image, "to_freq", "none", "complex", w)
    (filt,) = call("gen_derivative_filter", "x", 1, "n", "rft", w, h)
    (back,) = call("rft_generic", call("convol_fft", half, filt)[0], "from_freq", "none", "real", w)
    assert np.allclose(back[0].data[0], expected["x"], atol=1e-3)
    (neg,) = call("gen_derivative_filter", "x", -1, "none", "dc_edge", 8, 4)
    (pos,) = call("gen_derivative_filter", "x", 1, "none", "dc_edge", 8, 4)
    assert np.allclose(neg[0].data, -pos[0].data) and neg[0].pixel_type == "complex"
    assert call.code("gen_derivative_filter", "z", 1, "none", "rft", 8, 4) == 1301
    assert call.code("gen_derivative_filter", "x", 1, "none", "rft", 0, 4) == 1305


def test_speed_optimisers_only_check_parameters(call):
    assert call("optimize_rft_speed", 512, 512, "standard") == ()
    assert call("optimize_fft_speed", 640, 480, "exhaustive") == ()
    assert call.code("optimize_rft_speed", 0, 512, "standard") == 1301
    assert call.code("optimize_fft_speed", 512, -1, "standard") == 1302
    assert call.code("optimize_rft_speed", 512, 512, "fast") == 1303
