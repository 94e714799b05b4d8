"""Smoothing, median, enhancement and gray-morphology filters on small hand-checked images."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple, Region

RNG = np.random.default_rng(13)


def _img(values, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    dtype = {"byte": np.uint8, "int2": np.int16, "uint2": np.uint16, "int4": np.int32}.get(
        pixel_type, np.float32
    )
    arr = np.asarray(values, dtype=dtype)
    return ObjectTuple([Image(arr if arr.ndim == 3 else arr[None], pixel_type, domain)])


def _out(objs: ObjectTuple) -> np.ndarray:
    assert len(objs) == 1
    return objs[0].data[0]


def _step(height: int = 9, width: int = 12, col: int = 6, value: int = 100) -> np.ndarray:
    arr = np.zeros((height, width), np.uint8)
    arr[:, col:] = value
    return arr


# --- constant images stay constant -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("smooth_image", ("gauss", 1.5)),
        ("smooth_image", ("deriche1", 0.5)),
        ("smooth_image", ("deriche2", 0.5)),
        ("smooth_image", ("shen", 0.8)),
        ("binomial_filter", (5, 7)),
        ("median_image", ("circle", 2, "mirrored")),
        ("median_image", ("square", 3, "cyclic")),
        ("median_rect", (5, 3)),
        ("emphasize", (7, 7, 2.0)),
        ("gray_erosion_rect", (5, 5)),
        ("gray_dilation_rect", (3, 7)),
        ("gray_opening_rect", (5, 5)),
        ("gray_closing_rect", (5, 5)),
        ("gray_erosion_shape", (5, 5, "octagon")),
        ("gray_dilation_shape", (7, 5, "rhombus")),
        ("gray_opening_shape", (5, 5, "rectangle")),
        ("gray_closing_shape", (5, 5, "octagon")),
    ],
)
@pytest.mark.parametrize("pixel_type", ["byte", "real"])
def test_a_constant_image_stays_constant(call, name, args, pixel_type):
    (out,) = call(name, _img(np.full((10, 13), 77), pixel_type), *args)
    assert out[0].pixel_type == pixel_type
    assert np.all(_out(out) == 77)


def test_smooth_image_gauss_matches_a_float_reference(call):
    from scipy.ndimage import gaussian_filter

    data = RNG.integers(0, 256, (20, 25)).astype(np.uint8)
    (out,) = call("smooth_image", _img(data), "gauss", 2.0)
    ref = gaussian_filter(data.astype(float), 2.0, mode="mirror", truncate=3.0)
    assert np.abs(_out(out).astype(float) - ref).max() <= 1.0


def test_smooth_image_alpha_direction(call):
    """Gauss smooths more for larger Alpha; Deriche and Shen for smaller Alpha."""
    step = _step()

    def slope(filt, alpha):
        (out,) = call("smooth_image", _img(step), filt, alpha)
        return int(_out(out)[4, 6]) - int(_out(out)[4, 5])

    assert slope("gauss", 0.7) > slope("gauss", 2.0) > 0
    assert slope("deriche2", 2.0) > slope("deriche2", 0.3) > 0
    assert slope("shen", 2.0) > slope("shen", 0.3) > 0
    assert slope("deriche1", 2.0) > slope("deriche1", 0.3) > 0


def test_smooth_image_bad_values(call):
    assert call.code("smooth_image", _img(_step()), "gauss", 0.0) == 1302
    assert call.code("smooth_image", _img(_step()), "box", 1.0) == 1301
    assert call.code("smooth_image", _img(_step(), "int4"), "gauss", 1.0) == 9007


def test_binomial_filter_weights(call):
    impulse = np.zeros((9, 9), np.float32)
    impulse[4, 4] = 256.0
    (out,) = call("binomial_filter", _img(impulse, "real"), 5, 3)
    # rows: [1 2 1]/4, columns: [1 4 6 4 1]/16, times 256
    assert _out(out)[4, 2:7].tolist() == [8.0, 32.0, 48.0, 32.0, 8.0]
    assert _out(out)[3, 2:7].tolist() == [4.0, 16.0, 24.0, 16.0, 4.0]
    assert call.code("binomial_filter", _img(impulse, "real"), 4, 3) == 1301
    assert call.code("binomial_filter", _img(impulse, "real"), 3, 39) == 1302
    assert call.code("binomial_filter", _img(impulse.astype(np.int16), "int2"), 3, 3) == 9007


def test_median_removes_salt_and_pepper_noise(call):
    clean = np.full((15, 15), 90, np.uint8)
    noisy = clean.copy()
    noisy[3, 4] = noisy[10, 11] = 255
    noisy[7, 2] = noisy[0, 0] = 0
    for args in (("circle", 1, "mirrored"), ("square", 1, "mirrored"), ("circle", 2, 90)):
        (out,) = call("median_image", _img(noisy), *args)
        assert np.array_equal(_out(out), clean), args
    (out,) = call("median_rect", _img(noisy), 3, 3)
    assert np.array_equal(_out(out), clean)
    (out,) = call("median_image", _img(noisy.astype(np.uint16), "uint2"), "circle", 1, "mirrored")
    assert np.array_equal(_out(out), clean)


def test_median_margins(call):
    """A column ramp: the border pixel's median depends on how the image is continued."""
    ramp = np.tile(np.arange(0, 50, 10, dtype=np.uint8), (5, 1))  # columns 0, 10, ..., 40

    def first(margin):
        (out,) = call("median_image", _img(ramp), "square", 1, margin)
        return int(_out(out)[2, 0])

    assert first("mirrored") == 10  # neighbours 10 | 0 | 10
    assert first("continued") == 0  # 0 | 0 | 10
    assert first("cyclic") == 10  # 40 | 0 | 10 -> median 10
    assert first(255) == 10  # 255 | 0 | 10
    assert call.code("median_image", _img(ramp), "square", 1, "zero") == 1303
    assert call.code("median_image", _img(ramp), "circle", 0, "mirrored") == 1302
    assert call.code("median_image", _img(ramp), "ring", 1, "mirrored") == 1301


def test_filters_keep_the_domain_and_zero_outside(call):
    data = RNG.integers(0, 256, (20, 30)).astype(np.uint8)
    domain = Region.rectangle(5, 6, 12, 20)
    (full,) = call("median_image", _img(data), "circle", 2, "mirrored")
    (part,) = call("median_image", _img(data, domain=domain), "circle", 2, "mirrored")
    assert part[0].domain is domain
    inside = domain.to_mask(20, 30)
    assert np.array_equal(_out(part)[inside], _out(full)[inside])
    assert not _out(part)[~inside].any()
    (smooth,) = call("smooth_image", _img(data, domain=domain), "gauss", 1.0)
    (smooth_full,) = call("smooth_image", _img(data), "gauss", 1.0)
    assert np.array_equal(_out(smooth)[inside], _out(smooth_full)[inside])


def test_empty_inputs_and_empty_domains(call):
    (out,) = call("smooth_image", ObjectTuple(), "gauss", 1.0)
    assert len(out) == 0
    empty = Region(0, 0, np.zeros((0, 0), bool))
    (out,) = call("emphasize", _img(_step(), domain=empty), 3, 3, 1.0)
    assert out[0].domain is empty and not _out(out).any()


def test_multichannel_images_are_filtered_per_channel(call):
    data = np.stack([_step(), 255 - _step(), np.full((9, 12), 5, np.uint8)])
    (out,) = call("gray_dilation_rect", _img(data), 3, 3)
    res = out[0].data
    assert res.shape == (3, 9, 12)
    assert res[0, 4, 5] == 100 and res[1, 4, 6] == 255 and np.all(res[2] == 5)


def test_emphasize_formula(call):
    """orig + round((orig - mean) * Factor), clipped: a 3x3 mean on a column step."""
    step = _step(value=90) + 60
    (out,) = call("emphasize", _img(step), 3, 3, 1.5)
    # column 5: mean (60 + 60 + 150) / 3 = 90 -> 60 + round(-45) = 15
    # column 6: mean 120 -> 150 + round(45) = 195
    assert _out(out)[4, 5] == 15 and _out(out)[4, 6] == 195 and _out(out)[4, 0] == 60


def test_illuminate_and_highpass(call):
    flat = np.full((7, 7), 100, np.uint8)
    (out,) = call("illuminate", _img(flat), 3, 3, 0.5)
    assert np.all(_out(out) == 114)  # (127 - 100) * 0.5 + 100 = 113.5 -> 114
    (out,) = call("highpass_image", _img(flat), 3, 3)
    assert np.all(_out(out) == 128)
    (out,) = call("highpass_image", _img(_step(value=90)), 3, 3)
    assert _out(out)[4, 5] == 158 and _out(out)[4, 6] == 98  # mean - orig + 128
    assert call.code("illuminate", _img(flat.astype(np.float32), "real"), 3, 3, 0.5) == 9007


def test_equ_histo_image(call):
    data = np.array([[0, 0, 50, 50], [50, 50, 200, 255]], np.uint8)
    (out,) = call("equ_histo_image", _img(data))
    # cumulative fractions 2/8, 6/8, 7/8, 8/8
    assert _out(out).tolist() == [[64, 64, 191, 191], [191, 191, 223, 255]]
    domain = Region.rectangle(0, 0, 0, 3)
    (out,) = call("equ_histo_image", _img(data, domain=domain))
    assert _out(out)[0].tolist() == [128, 128, 255, 255]
    assert call.code("equ_histo_image", _img(data.astype(np.float32), "real")) == 9007


def test_gray_rect_morphology(call):
    data = np.zeros((9, 9), np.uint8)
    data[4, 4] = 200
    (out,) = call("gray_dilation_rect", _img(data), 3, 5)  # MaskHeight 3, MaskWidth 5
    rows, cols = np.nonzero(_out(out))
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (3, 5, 2, 6)
    (out,) = call("gray_opening_rect", _img(data), 3, 3)
    assert not _out(out).any()  # a single bright pixel is opened away
    (out,) = call("gray_closing_rect", _img(255 - data), 3, 3)
    assert np.all(_out(out) == 255)  # and a single dark pixel closed
    (out,) = call("gray_range_rect", _img(data), 3, 3)
    assert _out(out)[3, 3] == 200 and _out(out)[0, 0] == 0
    (out,) = call("gray_erosion_rect", _img(255 - data), 1, 1)
    assert np.array_equal(_out(out), 255 - data)


def test_gray_shape_footprints(call):
    data = np.zeros((15, 15), np.float32)
    data[7, 7] = 1.0
    counts = {}
    for shape in ("rectangle", "rhombus", "octagon"):
        (out,) = call("gray_dilation_shape", _img(data, "real"), 5, 5, shape)
        counts[shape] = int(_out(out).sum())
    assert counts == {"rectangle": 25, "rhombus": 13, "octagon": 21}
    (out,) = call("gray_dilation_shape", _img(data, "real"), 3, 7, "rectangle")
    rows, cols = np.nonzero(_out(out))
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (6, 8, 4, 10)
    (out,) = call("gray_erosion_shape", _img(1 - data, "real"), 5, 5, "rhombus")
    assert int((_out(out) == 0).sum()) == 13
    assert call.code("gray_erosion_shape", _img(data, "real"), 5, 5, "circle") == 1303


@pytest.mark.parametrize(("mask", "radius"), [("circle", 1), ("circle", 2), ("circle", 4)])
@pytest.mark.parametrize("pixel_type", ["byte", "int2", "real"])
def test_median_matches_a_reference(call, mask, radius, pixel_type):
    from scipy.ndimage import median_filter

    data = RNG.integers(0, 200, (23, 31))
    x = np.arange(-radius, radius + 1)
    disc = x[:, None] ** 2 + x[None, :] ** 2 <= radius * radius
    ref = median_filter(data, footprint=disc, mode="mirror")
    (out,) = call("median_image", _img(data, pixel_type), mask, radius, "mirrored")
    assert np.array_equal(_out(out).astype(np.int64), ref)
