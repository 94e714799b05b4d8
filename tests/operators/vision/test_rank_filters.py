"""rank_image, dual_rank, trimmed_mean, median_separate, rank_n and mean_n against numpy."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple, Region


def _img(data: np.ndarray, pixel_type: str = "byte") -> ObjectTuple:
    return ObjectTuple([Image(np.ascontiguousarray(data)[None], pixel_type)])


def _windows(data: np.ndarray, fh: int, fw: int, mode: str = "reflect") -> np.ndarray:
    """Every fh x fw window of ``data`` (mirrored borders) as rows x cols x (fh*fw)."""
    p = np.pad(data.astype(np.float64), ((fh // 2,) * 2, (fw // 2,) * 2), mode=mode)
    h, w = data.shape
    return np.stack([p[r : r + h, c : c + w] for r in range(fh) for c in range(fw)], axis=-1)


def _salt_pepper(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    clean = np.full((24, 30), 100, np.uint8)
    noisy = clean.copy()
    spots = rng.random(clean.shape)
    noisy[spots < 0.05] = 255
    noisy[spots > 0.95] = 0
    return clean, noisy


def test_rank_image_matches_sorted_windows(call):
    rng = np.random.default_rng(0)
    data = rng.integers(0, 256, (9, 11)).astype(np.uint8)
    mask = ObjectTuple([Region.rectangle(5, 5, 7, 7)])  # a 3x3 square anywhere
    ordered = np.sort(_windows(data, 3, 3), axis=-1)
    for rank in (1, 5, 9):
        (out,) = call("rank_image", _img(data), mask, rank, "mirrored")
        assert out[0].pixel_type == "byte"
        np.testing.assert_array_equal(out[0].data[0], ordered[..., rank - 1])
    # a constant margin: the corner's window holds four image pixels and five of 0
    (out,) = call("rank_image", _img(data), mask, 5, 0)
    assert out[0].data[0, 0, 0] == 0
    # an image as the mask stands for its domain; a huge margin value is clipped to the type
    as_image = ObjectTuple([Image(data[None].copy(), "byte", Region.rectangle(0, 0, 2, 2))])
    (same,) = call("rank_image", _img(data), as_image, 5, "mirrored")
    np.testing.assert_array_equal(same[0].data[0], ordered[..., 4])
    (high,) = call("rank_image", _img(data), mask, 9, 1e9)
    assert high[0].data[0, 0, 0] == 255
    assert call.code("rank_image", _img(data), mask, 10, "mirrored") == 1301
    assert call.code("rank_image", _img(data), mask, 5, "wrapped") == 1302
    assert call("rank_image", ObjectTuple(), mask, 5, "mirrored") == (ObjectTuple(),)


def test_median_variants_remove_salt_and_pepper(call):
    clean, noisy = _salt_pepper()
    cross = ObjectTuple([Region.from_mask(np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool))])
    (med,) = call("rank_image", _img(noisy), cross, 3, "mirrored")
    assert np.count_nonzero(med[0].data[0] != 100) < np.count_nonzero(noisy != 100) // 5
    (dual,) = call("dual_rank", _img(noisy), "circle", 1, 50, "mirrored")
    # only clumps of noise (touching the mirrored border) can survive two medians
    assert np.count_nonzero(dual[0].data[0] != clean) <= 2
    (sep,) = call("median_separate", _img(noisy), 3, 3, "mirrored")
    assert np.count_nonzero(sep[0].data[0] != 100) < np.count_nonzero(noisy != 100) // 5
    (trim,) = call(
        "trimmed_mean", _img(noisy), ObjectTuple([Region.rectangle(0, 0, 2, 2)]), 3, "mirrored"
    )
    assert np.count_nonzero(trim[0].data[0] != 100) < np.count_nonzero(noisy != 100) // 5


def test_dual_rank_opening_and_closing(call):
    data = np.full((12, 12), 50, np.uint8)
    data[3, 4] = 200  # a bright speck
    data[8, 8] = 0  # a dark speck
    (opened,) = call("dual_rank", _img(data), "square", 1, 0, "mirrored")
    assert opened[0].data[0, 3, 4] == 50 and opened[0].data[0, 8, 8] == 0
    (closed,) = call("dual_rank", _img(data), "square", 1, 100, "mirrored")
    assert closed[0].data[0, 8, 8] == 50 and closed[0].data[0, 3, 4] == 200
    # the direct computation: min of 3x3 windows, then their max
    once = _windows(data, 3, 3).min(axis=-1)
    np.testing.assert_array_equal(opened[0].data[0], _windows(once, 3, 3).max(axis=-1))
    assert call.code("dual_rank", _img(data), "square", 1, 101, "mirrored") == 1303
    assert call.code("dual_rank", _img(data), "square", 0, 10, "mirrored") == 1302


def test_trimmed_mean_and_median_separate_against_numpy(call):
    rng = np.random.default_rng(5)
    data = rng.integers(0, 1000, (10, 13)).astype(np.uint16)
    mask = ObjectTuple([Region.rectangle(0, 0, 2, 4)])  # 3 rows x 5 columns
    (out,) = call("trimmed_mean", _img(data, "uint2"), mask, 5, "mirrored")
    ordered = np.sort(_windows(data, 3, 5), axis=-1)
    expected = np.floor(ordered[..., 5:10].mean(axis=-1) + 0.5)
    np.testing.assert_array_equal(out[0].data[0], expected)
    assert call.code("trimmed_mean", _img(data, "uint2"), mask, 16, "mirrored") == 1301
    (sep,) = call("median_separate", _img(data, "uint2"), 5, 3, "continued")
    rows = np.median(_windows(data, 1, 5, "edge"), axis=-1)
    both = np.median(_windows(rows, 3, 1, "edge"), axis=-1)
    np.testing.assert_array_equal(sep[0].data[0], both)


def test_rank_n_and_mean_n_over_channels(call):
    data = np.array([[[10, 200]], [[30, 100]], [[20, 0]]], np.uint8)  # 3 channels, 1x2
    img = ObjectTuple([Image(data, "byte")])
    (low,) = call("rank_n", img, 1)
    (mid,) = call("rank_n", img, 2)
    (high,) = call("rank_n", img, 3)
    assert low[0].channels == 1
    assert low[0].data[0].tolist() == [[10, 0]]
    assert mid[0].data[0].tolist() == [[20, 100]]
    assert high[0].data[0].tolist() == [[30, 200]]
    assert call.code("rank_n", img, 4) == 1301
    (mean,) = call("mean_n", img)
    assert mean[0].channels == 1 and mean[0].data[0].tolist() == [[20, 100]]
    real = ObjectTuple([Image(np.array([[[1.0]], [[2.0]]], np.float32), "real")])
    (rmean,) = call("mean_n", real)
    assert rmean[0].data[0, 0, 0] == 1.5


def test_rank_rect_against_sorted_windows(call):
    rng = np.random.default_rng(3)
    data = rng.integers(0, 256, (7, 9), dtype=np.uint8)
    image = ObjectTuple([Image(data[None], "byte")])
    padded = np.pad(data, ((1, 1), (2, 2)), mode="reflect")
    for rank in (1, 8, 15):
        (out,) = call("rank_rect", image, 5, 3, rank)
        for r, c in ((0, 0), (3, 4), (6, 8)):
            window = np.sort(padded[r : r + 3, c : c + 5].ravel())
            assert out[0].data[0, r, c] == window[rank - 1]
    (minimum,) = call("rank_rect", image, 1, 1, 1)
    assert minimum[0].data[0].tolist() == data.tolist()
    assert call.code("rank_rect", image, 3, 3, 10) == 1303


def test_midrange_image_against_window_extremes(call):
    rng = np.random.default_rng(5)
    data = rng.integers(0, 256, (6, 8), dtype=np.uint8)
    image = ObjectTuple([Image(data[None], "byte")])
    cross = ObjectTuple([Region.from_runs([0, 1, 2], [1, 0, 1], [1, 2, 1])])
    (out,) = call("midrange_image", image, cross, "mirrored")
    padded = np.pad(data, 1, mode="reflect")
    for r, c in ((0, 0), (2, 3), (5, 7)):
        values = [padded[r, c + 1], padded[r + 1, c], padded[r + 1, c + 1]]
        values += [padded[r + 1, c + 2], padded[r + 2, c + 1]]
        expected = np.floor((int(min(values)) + int(max(values))) / 2 + 0.5)
        assert out[0].data[0, r, c] == expected
    (const,) = call("midrange_image", image, cross, 255)
    low = min(int(data[0, 0]), int(data[0, 1]), int(data[1, 0]))  # the margin gives 255
    assert const[0].data[0, 0, 0] == np.floor((low + 255) / 2 + 0.5)
