"""Hough transforms for lines and circles on drawn lines and circles."""

from __future__ import annotations

import math

import cv2
import numpy as np

from hdlite.values.iconic import Image, ObjectTuple, Region


def _region(mask: np.ndarray) -> ObjectTuple:
    return ObjectTuple([Region.from_mask(mask.astype(bool))])


def _lines_mask() -> np.ndarray:
    m = np.zeros((200, 240), np.uint8)
    cv2.line(m, (10, 50), (230, 50), 1)  # row 50: normal along the rows, Dist 50
    cv2.line(m, (70, 5), (70, 195), 1)  # column 70: normal along the columns, Dist 70
    for c in range(240):  # col + row = 212: normal at 45 degrees, Dist 212 / sqrt(2)
        if 0 <= 212 - c < 200:
            m[212 - c, c] = 1
    return m


def test_hough_lines_finds_drawn_lines_in_hessian_normal_form(call):
    angle, dist = call("hough_lines", _region(_lines_mask()), 4, 100, 5, 5)
    found = sorted(zip(np.degrees(angle).round(2), dist, strict=True))
    assert found == [(0.0, 70.0), (45.0, 150.0), (90.0, 50.0)]
    # a falling diagonal has its normal at -45 degrees and its distance stays >= 0
    m = np.zeros((100, 100), np.uint8)
    for r in range(100):
        m[r, r] = 1
    angle, dist = call("hough_lines", _region(m), 4, 50, 5, 5)
    assert len(angle) == 1 and math.isclose(math.degrees(angle[0]), -45.0)
    assert dist == (0.0,)


def test_hough_threshold_gaps_and_empty_input(call):
    angle, _ = call("hough_lines", _region(_lines_mask()), 4, 201, 5, 5)
    assert np.degrees(angle).round(2).tolist() == [90.0]  # 221 points; the others 200 and 191
    assert call("hough_lines", ObjectTuple(), 4, 100, 5, 5) == ((), ())
    assert call.code("hough_lines", _region(_lines_mask()), 3, 100, 5, 5) == 1301


def test_hough_line_trans_layout(call):
    (hough,) = call("hough_line_trans", _region(_lines_mask()), 2)
    img = hough[0]
    assert img.pixel_type == "int2"
    # 270 * 2 + 1 angle columns; rows up to the distance of the lower right corner (195, 230)
    assert img.data.shape == (1, int(math.hypot(199, 230)) + 1, 541)
    col_90 = (90 + 90) * 2
    assert img.data[0, 50, col_90] == 221 and img.data[0].max() == 221


def test_hough_lines_dir_uses_edge_directions(call):
    arr = np.full((200, 240), 50, np.uint8)
    arr[:, 100:] = 200
    arr[120:, :] = 120
    amp, dirs = call("sobel_dir", ObjectTuple([Image(arr[None], "byte")]), "sum_abs", 3)
    (edges,) = call("threshold", amp, 20, 255)
    (dir_img,) = call("reduce_domain", dirs, edges)
    hough, lines, angle, dist = call("hough_lines_dir", dir_img, 4, 4, "mean", 3, 50, 5, 5, "true")
    found = sorted(zip(np.degrees(angle), dist, strict=True))
    assert len(found) == 2
    assert abs(found[0][0]) <= 0.5 and abs(found[0][1] - 99.5) <= 1  # the vertical step
    assert abs(found[1][0] - 90) <= 0.5 and abs(found[1][1] - 119.5) <= 1  # the horizontal one
    assert len(lines) == 2 and all(r.area() > 150 for r in lines)
    assert hough[0].pixel_type == "int2"
    (trans,) = call("hough_line_trans_dir", dir_img, 4, 4)
    assert trans[0].data.shape[2] == 1081


def test_hough_circles_find_centres_of_drawn_circles(call):
    m = np.zeros((200, 200), np.uint8)
    cv2.circle(m, (120, 80), 30, 1)
    cv2.circle(m, (50, 150), 20, 1)
    for mode in (0, 1, 2):
        (centres,) = call("hough_circles", _region(m), 30, 60, mode)
        assert len(centres) == 1 and centres[0].area() == 1
        assert centres[0].centroid() == (80.0, 120.0)
    (centres,) = call("hough_circles", _region(m), (30, 20), 60, 1)
    assert [c.centroid() for c in centres] == [(80.0, 120.0), (150.0, 50.0)]
    # the border of a filled disc: radius 25 is its outer border
    disc = np.zeros((120, 120), np.uint8)
    cv2.circle(disc, (60, 55), 25, 1, -1)
    (boundary,) = call("boundary", _region(disc), "inner")
    (centres,) = call("hough_circles", boundary, 25, 60, 2)
    r, c = centres[0].centroid()
    assert abs(r - 55) <= 1 and abs(c - 60) <= 1
    (trans,) = call("hough_circle_trans", _region(m), (30, 20))
    assert len(trans) == 2 and trans[0].pixel_type == "int2"
    assert np.unravel_index(trans[0].data[0].argmax(), trans[0].data.shape[1:]) == (80, 120)
    assert call.code("hough_circles", _region(m), 30, 160, 1) == 1302


def test_select_matching_lines_takes_the_best_covering_lines_first(call):
    m = _lines_mask()
    candidates = (math.pi / 2, 0.0, math.pi / 4, math.pi / 2)
    dists = (50.0, 70.0, 150.0, 120.0)  # the last line has no points
    lines, angle, dist = call("select_matching_lines", _region(m), candidates, dists, 3, 100)
    assert dist == (50.0, 150.0, 70.0)  # by the number of points they cover
    assert np.degrees(angle).round(2).tolist() == [90.0, 45.0, 0.0]
    # a band of width 3 also takes the other lines' pixels within 1.5 of it at the crossings
    assert [r.area() for r in lines] == [225, 200, 184]
    assert sum(r.area() for r in lines) == int(m.sum())  # every point is used once
    lines, angle, dist = call("select_matching_lines", _region(m), candidates, dists, 3, 195)
    assert dist == (50.0, 150.0)
    assert call("select_matching_lines", ObjectTuple(), 0.0, 1.0, 7, 100) == (ObjectTuple(), (), ())
    assert call.code("select_matching_lines", _region(m), (0.0, 1.0), 1.0, 7, 100) == 1402
    assert call.code("select_matching_lines", _region(m), 0.0, 1.0, 0, 100) == 1303


def test_hough_line_trans_dir_votes_only_within_the_direction_uncertainty(call):
    rng = np.random.default_rng(3)
    values = rng.integers(0, 180, (30, 40)).astype(np.uint8)
    values[rng.random((30, 40)) < 0.7] = 255  # no direction: no vote
    image = ObjectTuple([Image(values[None], "byte")])
    rows, cols = np.nonzero(values != 255)
    normals = -np.radians(2.0 * values[rows, cols])  # gradient angle t -> normal -t
    for uncertainty in (3, 30, 60, 180):
        (hough,) = call("hough_line_trans_dir", image, uncertainty, 2)
        acc = hough[0].data[0]
        phis = np.radians(-90 + np.arange(acc.shape[1]) / 2)
        expected = np.zeros(acc.shape, np.int64)
        for r, c, n in zip(rows, cols, normals, strict=True):
            diff = np.abs((phis - n) % math.pi)
            d = np.floor(c * np.cos(phis) + r * np.sin(phis) + 0.5).astype(int)
            ok = np.minimum(diff, math.pi - diff) <= math.radians(uncertainty) + 1e-9
            ok &= (d >= 0) & (d < acc.shape[0]) & ((d > 0) | (phis < math.pi / 2 - 1e-9))
            np.add.at(expected, (d[ok], np.nonzero(ok)[0]), 1)
        assert np.array_equal(acc, expected), uncertainty
