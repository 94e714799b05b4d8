"""distance_pl, distance_ps, distance_sl, distance_ss, projection_pl, intersection_segments
and intersection_segment_line against hand computations."""

from __future__ import annotations

import math

import pytest


def test_distance_pl_and_projection_pl(call):
    # the line through (0, 0) and (0, 10) is the row 0; point (3, 4) lies 3 away
    assert call("distance_pl", 3, 4, 0, 0, 0, 10) == ((3.0,),)
    (d,) = call("distance_pl", (0, 1), (0, 0), 0, 0, 1, 1)  # diagonal line, broadcast
    assert d == pytest.approx((0.0, math.sqrt(0.5)))
    assert call("projection_pl", 3, 4, 0, 0, 0, 10) == ((0.0,), (4.0,))
    assert call("projection_pl", 2, 0, 0, 0, 4, 4) == ((1.0,), (1.0,))
    assert call.code("distance_pl", 1, 1, 2, 2, 2, 2) == 1305
    assert call.code("distance_pl", (1, 2, 3), (1, 2), 0, 0, 0, 1) == 1402


def test_distance_ps(call):
    # segment (0, 0)-(0, 10); point (3, 4) sees it between the ends, (0, 13) beyond
    dmin, dmax = call("distance_ps", (3, 0), (4, 13), 0, 0, 0, 10)
    assert dmin == pytest.approx((3.0, 3.0))
    assert dmax == pytest.approx((math.hypot(3, 6), 13.0))


def test_distance_sl_and_ss(call):
    # segment A (1, 0)-(3, 0) and the line row 0 (B): min 1, max 3
    assert call("distance_sl", 1, 0, 3, 0, 0, 0, 0, 5) == ((1.0,), (3.0,))
    # a segment crossing the line: min 0
    assert call("distance_sl", -1, 2, 3, 2, 0, 0, 0, 5)[0] == (0.0,)
    # parallel segments 2 apart, offset along their direction
    dmin, dmax = call("distance_ss", 0, 0, 0, 4, 2, 6, 2, 8)
    assert dmin == pytest.approx((math.hypot(2, 2),))
    assert dmax == pytest.approx((math.hypot(2, 8),))
    # crossing segments: min 0
    assert call("distance_ss", 0, 0, 4, 4, 0, 4, 4, 0)[0] == (0.0,)
    # touching at an end point
    assert call("distance_ss", 0, 0, 0, 4, 0, 4, 3, 4)[0] == (0.0,)


def test_intersection_segments(call):
    assert call("intersection_segments", 0, 0, 4, 4, 0, 4, 4, 0) == ((2.0,), (2.0,), (0,))
    # the lines meet at (6, 6), outside the first segment: no point
    assert call("intersection_segments", 0, 0, 4, 4, 0, 12, 12, 0) == ((), (), (0,))
    # collinear and overlapping: no point, IsOverlapping 1
    assert call("intersection_segments", 0, 0, 0, 4, 0, 2, 0, 6) == ((), (), (1,))
    # collinear, touching in one point
    assert call("intersection_segments", 0, 0, 0, 4, 0, 4, 0, 6) == ((0.0,), (4.0,), (0,))
    # parallel, apart
    assert call("intersection_segments", 0, 0, 0, 4, 1, 0, 1, 4) == ((), (), (0,))


def test_intersection_segment_line(call):
    # the line continues beyond its two points
    assert call("intersection_segment_line", 0, 5, 4, 5, 2, 0, 2, 1) == ((2.0,), (5.0,), (0,))
    assert call("intersection_segment_line", 0, 5, 1, 5, 2, 0, 2, 1) == ((), (), (0,))
    assert call("intersection_segment_line", 2, 3, 2, 4, 2, 0, 2, 1) == ((), (), (1,))
    assert call.code("intersection_segment_line", 0, 5, 4, 5, 2, 0, 2, 0) == 1307
