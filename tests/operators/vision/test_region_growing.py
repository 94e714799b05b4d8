"""Watersheds, watersheds_threshold and regiongrowing on generated gray-value landscapes."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple


def _image(values: np.ndarray, pixel_type: str = "byte") -> ObjectTuple:
    dtype = {"byte": np.uint8, "uint2": np.uint16, "real": np.float32}[pixel_type]
    return ObjectTuple([Image(values[None].astype(dtype), pixel_type)])


def _two_valleys(right_floor: int = 0, right_slope: int = 10) -> np.ndarray:
    """20 x 31: minima in columns 5 and 25, the ridge (gray value 100) in column 15."""
    cols = np.arange(31)
    left = 10 * np.abs(cols - 5)
    right = right_floor + right_slope * np.abs(cols - 25)
    return np.tile(np.where(cols <= 15, left, right), (20, 1))


def test_watersheds_two_basins_and_the_line(call):
    basins, lines = call("watersheds", _image(_two_valleys()))
    assert len(basins) == 2 and len(lines) == 1
    first, second = basins
    assert first.bbox()[1] == 0 and first.bbox()[3] < 15
    assert second.bbox()[1] > 15 and second.bbox()[3] == 30
    assert lines[0].bbox() == (0, 15, 19, 15) and lines[0].area() == 20
    assert first.area() + second.area() + lines[0].area() == 20 * 31
    # a constant image is one basin without lines; no image gives nothing
    basins, lines = call("watersheds", _image(np.full((5, 6), 7)))
    assert [b.area() for b in basins] == [30] and lines[0].area() == 0
    assert call("watersheds", ObjectTuple([])) == (ObjectTuple([]), ObjectTuple([]))


def test_watersheds_threshold_merges_by_the_height_above_both_minima(call):
    # minima 0 and 60, saddle 100: heights 100 and 40, merged only for Threshold >= 100
    img = _image(_two_valleys(right_floor=60, right_slope=4))
    (two,) = call("watersheds_threshold", img, 99)
    assert len(two) == 2 and sum(b.area() for b in two) == 20 * 31
    (one,) = call("watersheds_threshold", img, 100)
    assert [b.area() for b in one] == [20 * 31]
    (zero,) = call("watersheds_threshold", img, 0)
    assert len(zero) == 2
    assert call.code("watersheds_threshold", img, -1) == 1301
    (uint2,) = call("watersheds_threshold", _image(_two_valleys(), "uint2"), 5)
    assert len(uint2) == 2


def test_regiongrowing_joins_similar_neighbours(call):
    values = np.tile(np.where(np.arange(30) < 15, 10 + np.arange(30), 200), (20, 1))
    values[3:5, 3:5] = 100  # a 4-pixel spot, dropped by MinSize 5
    (regions,) = call("regiongrowing", _image(values), 1, 1, 3, 5)
    assert [r.area() for r in regions] == [296, 300]
    assert regions[0].bbox() == (0, 0, 19, 14) and regions[1].bbox() == (0, 15, 19, 29)
    (regions,) = call("regiongrowing", _image(values), 1, 1, 3, 1)
    assert sorted(r.area() for r in regions) == [4, 296, 300]
    # Tolerance 0 splits the gradient into columns
    (cols,) = call("regiongrowing", _image(values), 1, 1, 0, 20)
    # columns 3 and 4 (18 pixels each, without the spot) fall under MinSize 20
    assert sorted(r.area() for r in cols) == [20] * 13 + [300]
    # 3 x 3 cells: a 10 x 10 constant image is one region with the cut border cells
    (one,) = call("regiongrowing", _image(np.full((10, 10), 50)), 3, 2, 6, 1)
    assert [r.area() for r in one] == [100]
    assert call("regiongrowing", ObjectTuple([]), 3, 3, 6, 100) == (ObjectTuple([]),)
    assert call.code("regiongrowing", _image(values), 3, 3, -1, 100) == 1303
    assert call.code("regiongrowing", _image(values), 3, 3, 6, -1) == 1304
    assert call.code("regiongrowing", _image(values, "uint2"), 3, 3, 6, 100) == 9007


def test_regiongrowing_mean_from_start_points_and_from_the_first_free_pixel(call):
    values = np.zeros((10, 20))
    values[:, 10:] = 100
    values[:, 5] = 4  # within 5 of the left mean: joined
    values[2, 15] = 106  # 6 above the right plate's mean 100: left out
    img = _image(values)
    (both,) = call("regiongrowing_mean", img, (0, 0), (0, 19), 5, 1)
    assert [r.area() for r in both] == [100, 99]
    (same,) = call("regiongrowing_mean", img, (0, 1), (0, 1), 5, 1)
    assert len(same) == 1  # the second start lies inside the first region
    (auto,) = call("regiongrowing_mean", img, (), (), 5, 1)
    assert [r.area() for r in auto] == [100, 99, 1]
    (big,) = call("regiongrowing_mean", img, (), (), 5, 50)
    assert len(big) == 2
    assert call("regiongrowing_mean", ObjectTuple([]), (), (), 5, 1) == (ObjectTuple([]),)
    assert call.code("regiongrowing_mean", img, (0, 1), (0,), 5, 1) == 1402
    assert call.code("regiongrowing_mean", img, 0, 0, -5, 1) == 1303
    assert call.code("regiongrowing_mean", img, 50, 0, 5, 1) == 1301


def test_regiongrowing_mean_takes_real_start_points_at_the_nearest_pixel(call):
    # the reference's example feeds area_center's real centres into regiongrowing_mean
    values = np.zeros((10, 20))
    values[:, 10:] = 100
    img = _image(values)
    (grown,) = call("regiongrowing_mean", img, (4.5, 4.4), (9.6, 9.4), 5, 1)
    # 9.6 rounds to column 10 (the right plate), 9.4 to column 9 (the left plate)
    assert [r.area() for r in grown] == [100, 100]
    assert grown[0].to_mask(10, 20)[4, 15] and not grown[0].to_mask(10, 20)[4, 5]
    assert call.code("regiongrowing_mean", img, float("nan"), 3.0, 5, 1) == 1301
