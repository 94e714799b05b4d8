"""lines_facet on rendered lines of known position."""

from __future__ import annotations

import math

import numpy as np

from hdlite.values.iconic import Image, ObjectTuple


def _img(arr: np.ndarray) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(arr, np.uint8)[None], "byte")])


def _bar(first: int, width: int, light: bool = True) -> np.ndarray:
    arr = np.full((40, 40), 50 if light else 200, np.uint8)
    arr[:, first : first + width] = 200 if light else 50
    return arr


def test_narrow_bars_give_one_line_at_their_centre(call):
    for first, width, tol in ((18, 3, 0.02), (18, 1, 0.02), (18, 2, 0.3)):
        (lines,) = call("lines_facet", _img(_bar(first, width)), 5, 3, 8, "light")
        assert len(lines) == 1
        c = lines[0]
        assert len(c) == 40 and set(c.attribs) == {"angle", "response"}
        assert np.abs(c.cols[6:-6] - (first + (width - 1) / 2)).max() < tol
        assert np.allclose(np.abs(np.cos(c.attribs["angle"][6:-6])), 1.0)


def test_a_bar_wider_than_the_mask_splits_into_its_two_sides(call):
    # the quadratic fit is flat over the bar's middle: the facet model sees two lines
    (lines,) = call("lines_facet", _img(_bar(17, 5)), 5, 3, 8, "light")
    assert len(lines) == 2
    (lines,) = call("lines_facet", _img(_bar(17, 5)), 9, 3, 8, "light")
    assert len(lines) == 1 and abs(float(np.mean(lines[0].cols[6:-6])) - 19) < 0.05


def test_diagonal_polarity_thresholds_and_errors(call):
    rr, cc = np.mgrid[0:60, 0:60]
    arr = np.where(np.abs(rr - cc) / math.sqrt(2) <= 1.0, 200, 40)
    (lines,) = call("lines_facet", _img(arr), 5, 3, 8, "light")
    longest = max(lines, key=len)
    assert len(longest) == 60 and np.abs(longest.rows[8:-8] - longest.cols[8:-8]).max() < 0.05
    dark = _img(_bar(18, 3, light=False))
    (lines,) = call("lines_facet", dark, 5, 3, 8, "dark")
    assert len(lines) == 1 and np.abs(lines[0].cols - 19).max() < 0.02
    strong = float(lines[0].attribs["response"][10])
    # as light lines, the quadratic fit sees only the weaker bends beside the bar
    (lines,) = call("lines_facet", dark, 5, 3, 8, "light")
    assert all(np.abs(c.cols - 19).min() > 3 for c in lines)
    assert all(c.attribs["response"].max() < 0.6 * strong for c in lines)
    assert len(call("lines_facet", dark, 5, 3, 0.6 * strong, "light")[0]) == 0
    assert len(call("lines_facet", _img(_bar(18, 3)), 5, 3, 1000, "light")[0]) == 0
    assert len(call("lines_facet", ObjectTuple(), 5, 3, 8, "light")[0]) == 0
    img = _img(_bar(18, 3))
    assert call.code("lines_facet", img, 4, 3, 8, "light") == 1301
    assert call.code("lines_facet", img, 5, 9, 8, "light") == 1303
    assert call.code("lines_facet", img, 5, -1, 8, "light") == 1302
