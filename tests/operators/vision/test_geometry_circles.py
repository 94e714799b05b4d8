"""intersection_line_circle and intersection_segment_circle on a circle of radius 3 about
(5, 5): points in the order of the line, arcs in both directions, tangents, segments."""

from __future__ import annotations

import math

import pytest

FULL = (5, 5, 3, 0.0, 2 * math.pi, "positive")


def test_line_through_the_centre(call):
    rows, cols = call("intersection_line_circle", 5, 0, 5, 1, *FULL)
    assert rows == pytest.approx((5.0, 5.0)) and cols == pytest.approx((2.0, 8.0))
    rows, cols = call("intersection_line_circle", 5, 1, 5, 0, *FULL)  # reversed direction
    assert cols == pytest.approx((8.0, 2.0))


def test_arcs_select_points_by_angle(call):
    quarter = (5, 5, 3, 0.0, math.pi / 2, "positive")  # from the right point up to the top
    assert call("intersection_line_circle", 5, 0, 5, 1, *quarter)[1] == pytest.approx((8.0,))
    rows, _ = call("intersection_line_circle", 0, 5, 1, 5, *quarter)
    assert rows == pytest.approx((2.0,))  # the top point (row 2) has angle pi/2
    clockwise = (5, 5, 3, 0.0, -math.pi / 2, "negative")  # from the right point down
    rows, _ = call("intersection_line_circle", 0, 5, 1, 5, *clockwise)
    assert rows == pytest.approx((8.0,))
    left = (5, 5, 3, math.pi / 2, math.pi, "positive")
    assert call("intersection_line_circle", 5, 0, 5, 1, *left)[1] == pytest.approx((2.0,))


def test_tangent_miss_and_segment(call):
    assert call("intersection_line_circle", 2, 0, 2, 1, *FULL) == ((2.0,), (5.0,))
    assert call("intersection_line_circle", 0, 0, 0, 1, *FULL) == ((), ())
    assert call("intersection_segment_circle", 5, 0, 5, 4, *FULL) == ((5.0,), (2.0,))
    assert call("intersection_segment_circle", 5, 3, 5, 7, *FULL) == ((), ())
    assert call.code("intersection_line_circle", 1, 1, 1, 1, *FULL) == 1303
    assert call.code("intersection_segment_circle", 0, 0, 1, 1, 5, 5, -1, 0, 1, "positive") == 1307


def _circle(row, col, radius, start=0.0, end=2 * math.pi, order="positive"):
    return (row, col, radius, start, end, order)


def test_intersection_circles_crossing_touching_apart(call):
    # radius 5 about (0, 0) and about (0, 6): crossing at (4, 3) and (-4, 3)
    rows, cols, overlap = call("intersection_circles", *_circle(0, 0, 5), *_circle(0, 6, 5))
    assert overlap == (0,)
    points = sorted(zip(rows, cols, strict=True))
    assert [p[0] for p in points] == pytest.approx([-4.0, 4.0])
    assert [p[1] for p in points] == pytest.approx([3.0, 3.0])
    # the upper half of the first circle (angles 0..pi) keeps only the point above (row -4)
    upper = _circle(0, 0, 5, 0.0, math.pi)
    rows, cols, _ = call("intersection_circles", *upper, *_circle(0, 6, 5))
    assert rows == pytest.approx((-4.0,)) and cols == pytest.approx((3.0,))
    assert call("intersection_circles", *_circle(0, 0, 5), *_circle(0, 10, 5))[:2] == (
        pytest.approx((0.0,)),
        pytest.approx((5.0,)),
    )
    assert call("intersection_circles", *_circle(0, 0, 5), *_circle(0, 20, 5)) == ((), (), (0,))
    assert call("intersection_circles", *_circle(0, 0, 5), *_circle(0, 0, 2)) == ((), (), (0,))


def test_intersection_circles_common_arcs(call):
    first = _circle(0, 0, 2, 0.0, math.pi)  # upper half
    second = _circle(0, 0, 2, math.pi / 2, 3 * math.pi / 2)  # left half
    rows, cols, overlap = call("intersection_circles", *first, *second)
    assert overlap == (1,)
    # the common quarter runs from the top (-2, 0) to the left point (0, -2)
    assert rows == pytest.approx((-2.0, 0.0), abs=1e-9)
    assert cols == pytest.approx((0.0, -2.0), abs=1e-9)
    assert call("intersection_circles", *_circle(1, 1, 3), *_circle(1, 1, 3)) == ((), (), (1,))
