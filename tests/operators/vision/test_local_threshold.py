"""entropy_image on constant and noise images and against a direct window computation;
local_threshold on dark text over an uneven background; char_threshold on a synthetic
histogram."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple, Region


def _img(arr: np.ndarray, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(arr)[None], pixel_type, domain)])


def _mask(region: Region, shape: tuple[int, int]) -> np.ndarray:
    return region.to_mask(*shape)


# -- entropy_image ---------------------------------------------------------------------------


def test_entropy_of_a_constant_image_is_zero(call):
    (out,) = call("entropy_image", _img(np.full((40, 50), 77, np.uint8)), 9, 9)
    assert out[0].pixel_type == "byte" and out[0].data.shape == (1, 40, 50)
    assert (out[0].data == 0).all()


def test_entropy_of_uniform_noise_is_near_eight_bits(call):
    noise = np.random.default_rng(0).integers(0, 256, (120, 120), dtype=np.uint8)
    (out,) = call("entropy_image", _img(noise), 101, 101)
    bits = out[0].data[0] / 32.0
    assert bits.min() >= 7.9  # 8 bits * 32 = 256 is clipped to 255
    (small,) = call("entropy_image", _img(noise), 9, 9)  # 81 samples: at most ld(81) bits
    assert small[0].data.max() <= round(32 * np.log2(81)) and small[0].data.mean() > 32 * 5.5


def test_entropy_matches_a_direct_window_count(call):
    img = (np.indices((12, 15)).sum(axis=0) % 4 * 60).astype(np.uint8)  # 4 stripes of grays
    img[3, 4] = 200
    (out,) = call("entropy_image", _img(img), 4, 3)  # even width: 5
    padded = np.pad(img, ((1, 1), (2, 2)), mode="reflect")
    for r, c in [(0, 0), (3, 4), (6, 7), (11, 14)]:
        win = padded[r : r + 3, c : c + 5].ravel()
        p = np.bincount(win) / win.size
        p = p[p > 0]
        assert out[0].data[0, r, c] == round(-32 * (p * np.log2(p)).sum())


def test_entropy_image_errors_and_empty(call):
    assert call("entropy_image", ObjectTuple(), 9, 9) == (ObjectTuple(),)
    assert call.code("entropy_image", _img(np.zeros((5, 5), np.float32), "real"), 9, 9) == 9007
    assert call.code("entropy_image", _img(np.zeros((5, 5), np.uint8)), 0, 9) == 1301
    # entropy_gray of the whole window agrees (same formula)
    rng = np.random.default_rng(1)
    img = rng.integers(0, 8, (9, 9), dtype=np.uint8)
    (out,) = call("entropy_image", _img(img), 9, 9)
    entropy, _aniso = call("entropy_gray", ObjectTuple([Region.rectangle(0, 0, 8, 8)]), _img(img))
    assert out[0].data[0, 4, 4] == round(32 * entropy[0])


# -- local_threshold -------------------------------------------------------------------------


def _text_on_gradient() -> tuple[np.ndarray, np.ndarray]:
    """Dark strokes (half the reflectance of the paper) under uneven light (60..230)."""
    h, w = 120, 240
    background = np.tile(np.linspace(60, 230, w), (h, 1))
    strokes = np.zeros((h, w), bool)
    for c0 in range(10, w - 10, 24):
        strokes[30:90, c0 : c0 + 3] = True  # vertical bars
        strokes[58:61, c0 : c0 + 14] = True  # cross bars
    img = np.where(strokes, background * 0.5, background)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8), strokes


def test_local_threshold_finds_dark_text_on_an_uneven_background(call):
    img, strokes = _text_on_gradient()
    (region,) = call("local_threshold", _img(img), "adapted_std_deviation", "dark", (), ())
    found = _mask(region[0], img.shape)
    assert (found & strokes).sum() / strokes.sum() > 0.97
    assert (found & ~strokes).sum() / (~strokes).sum() < 0.01
    # no global threshold separates them: the strokes on the right are brighter than the
    # background on the left
    assert img[strokes].max() > img[~strokes].min()
    fewest = min(((img <= t) != strokes).sum() for t in range(256))  # best global threshold
    assert fewest > 1000 and (found != strokes).sum() < fewest / 20


def test_local_threshold_light_is_dark_on_the_inverted_image(call):
    img, _ = _text_on_gradient()
    (dark,) = call("local_threshold", _img(img), "adapted_std_deviation", "dark", "mask_size", 21)
    (light,) = call(
        "local_threshold", _img(255 - img), "adapted_std_deviation", "light", "mask_size", 21
    )
    assert light[0].same_pixels(dark[0])


def test_local_threshold_parameters(call):
    img, strokes = _text_on_gradient()
    names = ("mask_size", "scale", "range")
    (default,) = call("local_threshold", _img(img), "adapted_std_deviation", "dark", (), ())
    (same,) = call(
        "local_threshold", _img(img), "adapted_std_deviation", "dark", names, (14, 0.2, 128)
    )
    assert same[0].same_pixels(default[0])  # the defaults; even 14 becomes 15
    (strict,) = call("local_threshold", _img(img), "adapted_std_deviation", "dark", "scale", 0.9)
    # a large scale puts the threshold far below the mean: strokes on dark paper are lost
    found = _mask(strict[0], img.shape)
    assert found.sum() < 0.9 * strokes.sum() and not (found & ~strokes).any()
    u2 = _img(img.astype(np.uint16) * 257, "uint2")
    (wide,) = call("local_threshold", u2, "adapted_std_deviation", "dark", (), ())
    assert wide[0].same_pixels(default[0])  # default range 32767.5 scales with the type
    dom = Region.rectangle(0, 0, 59, 239)
    (half,) = call(
        "local_threshold", _img(img, domain=dom), "adapted_std_deviation", "dark", (), ()
    )
    assert half[0].bbox()[2] <= 59


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("otsu", "dark", (), ()), 1301),
        (("adapted_std_deviation", "gray", (), ()), 1302),
        (("adapted_std_deviation", "dark", "size", 15), 1303),
        (("adapted_std_deviation", "dark", "scale", -1.0), 1304),
        (("adapted_std_deviation", "dark", "mask_size", 1), 1304),
        (("adapted_std_deviation", "dark", "range", 0), 1304),
        (("adapted_std_deviation", "dark", ("scale", "range"), 0.2), 1404),
    ],
)
def test_local_threshold_wrong_values_name_the_parameter(call, args, code):
    img, _ = _text_on_gradient()
    assert call.code("local_threshold", _img(img), *args) == code


def test_local_threshold_empty_and_types(call):
    assert call("local_threshold", ObjectTuple(), "adapted_std_deviation", "dark", (), ()) == (
        ObjectTuple(),
    )
    real = _img(np.zeros((5, 5), np.float32), "real")
    assert call.code("local_threshold", real, "adapted_std_deviation", "dark", (), ()) == 9007


# -- char_threshold --------------------------------------------------------------------------


def _page() -> np.ndarray:
    """Paper of gray 200 +- a few values, 5 % characters at 40 (a histogram with a tall
    background peak and a small character peak)."""
    rng = np.random.default_rng(2)
    img = np.clip(np.rint(rng.normal(200, 4, (100, 100))), 0, 255).astype(np.uint8)
    img[10:90:10, 10:90] = 40  # 8 dark text lines of 80 pixels
    return img


def test_char_threshold_on_a_synthetic_histogram(call):
    img = _page()
    full = ObjectTuple([Region.rectangle(0, 0, 99, 99)])
    chars, (level,) = call("char_threshold", _img(img), full, 2.0, 95.0)
    # the expected threshold from the condition, computed here on the smoothed histogram
    from scipy.ndimage import gaussian_filter1d

    hist = gaussian_filter1d(
        np.bincount(img.ravel(), minlength=256).astype(float), 2.0, mode="constant"
    )
    peak = int(np.argmax(hist))
    expected = max(g for g in range(peak) if hist[g] * 100 < hist[peak] * 5)
    assert level == expected and 150 < level < 200
    assert _mask(chars[0], img.shape).sum() == (img <= level).sum()
    assert (img[_mask(chars[0], img.shape)] <= level).all() and (img == 40).sum() == 640
    # a higher Percent moves the threshold away from the peak (darker)
    _, (lower,) = call("char_threshold", _img(img), full, 2.0, 99.9)
    assert lower < level


def test_char_threshold_per_image_and_errors(call):
    img = _page()
    full = ObjectTuple([Region.rectangle(0, 0, 99, 99)])
    two = ObjectTuple([*_img(img), *_img(255 - img)])
    chars, levels = call("char_threshold", two, full, 2.0, 95.0)
    assert len(chars) == 2 and len(levels) == 2
    assert call("char_threshold", ObjectTuple(), full, 2.0, 95.0) == (ObjectTuple(), ())
    assert call("char_threshold", _img(img), ObjectTuple(), 2.0, 95.0) == (ObjectTuple(), ())
    assert call.code("char_threshold", _img(img), full, -1.0, 95.0) == 1301
    assert call.code("char_threshold", _img(img), full, 2.0, 101.0) == 1302
    two_regions = ObjectTuple([Region.rectangle(0, 0, 9, 9), Region.rectangle(5, 5, 9, 9)])
    assert call.code("char_threshold", _img(img), two_regions, 2.0, 95.0) == 1502
