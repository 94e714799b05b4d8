"""gen_grid_region and gen_region_histo: pixel sets worked out by hand."""

from __future__ import annotations

import numpy as np


def _mask(region, h=20, w=20) -> np.ndarray:
    return region.to_mask(h, w)


def test_grid_lines_and_points(call):
    (grid,) = call("gen_grid_region", 4, 5, "lines", 11, 9)
    m = _mask(grid[0])
    # rows 0, 4, 8 (full width 11) and columns 0, 5, 10 (full height 9)
    expected = np.zeros((20, 20), bool)
    expected[[0, 4, 8], :11] = True
    expected[:9, [0, 5, 10]] = True
    assert (m == expected).all()
    assert grid[0].area() == 3 * 11 + 3 * 9 - 9
    (points,) = call("gen_grid_region", 4, 5, "points", 11, 9)
    assert {tuple(p) for p in np.argwhere(_mask(points[0]))} == {
        (r, c) for r in (0, 4, 8) for c in (0, 5, 10)
    }
    # real steps: lines at round(k * 2.5) = 0, 3 (2.5 rounds up), 5, 8
    (real,) = call("gen_grid_region", 2.5, 100, "lines", 1, 9)
    assert sorted({int(r) for r, _ in np.argwhere(_mask(real[0]))}) == list(range(9))
    (rows_only,) = call("gen_grid_region", 2.5, 0, "lines", 4, 9)
    assert sorted({int(r) for r, _ in np.argwhere(_mask(rows_only[0]))}) == [0, 3, 5, 8]


def test_grid_clipped_to_the_system_size_and_wrong_values(call):
    (grid,) = call("gen_grid_region", 10, 10, "lines", 1000, 1000)
    assert grid[0].bbox() == (0, 0, 511, 511)
    assert call.code("gen_grid_region", 0, 5, "points", 10, 10) == 1301
    assert call.code("gen_grid_region", 0, 0, "lines", 10, 10) == 1301
    assert call.code("gen_grid_region", -2, 5, "lines", 10, 10) == 1301
    assert call.code("gen_grid_region", 5, 5, "lines", 0, 10) == 1304
    assert call.code("gen_grid_region", 5, 5, "circles", 10, 10) == 1303


def test_region_histo_bars_stand_on_the_bottom_row(call):
    (histo,) = call("gen_region_histo", (0, 2, 4, 1), 200, 50, 1)
    m = histo[0].to_mask(400, 400)
    # graphic 4 wide x 256 high centred at (200, 50): rows 72 .. 327, columns 48 .. 51
    heights = m.sum(axis=0)[48:52]
    assert list(heights) == [0, 128, 256, 64]
    assert m[327, 49] and not m[328, 49] and m[72, 50] and m[327 - 127, 49]
    assert not m[327 - 128, 49]
    # the system size clips the graphic (rows below 0 are cut)
    (clipped,) = call("gen_region_histo", (0, 2, 4, 1), 100, 50, 1)
    assert clipped[0].bbox() == (0, 49, 227, 51)
    # Scale 2 shows every second value in a graphic half as high
    (half,) = call("gen_region_histo", (0, 9, 4, 9, 2, 9), 200, 50, 2)
    m = half[0].to_mask(400, 400)
    assert list(m.sum(axis=0)[49:52]) == [0, 128, 64]  # values 0, 4, 2
    (zero,) = call("gen_region_histo", (0, 0), 10, 10, 1)
    assert zero[0].area() == 0
    assert call.code("gen_region_histo", (1, 2), 10, 10, 0) == 1304
    assert call.code("gen_region_histo", (1, -2), 10, 10, 1) == 1301
