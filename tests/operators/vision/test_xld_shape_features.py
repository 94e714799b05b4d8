"""Shape factors of XLD contours against hand computations."""

from __future__ import annotations

import math

import pytest


def contour(call, rows, cols):
    (xld,) = call("gen_contour_polygon_xld", tuple(rows), tuple(cols))
    return xld


def rotated_rectangle(call, row, col, phi, l1, l2):
    (xld,) = call("gen_rectangle2_contour_xld", row, col, phi, l1, l2)
    return xld


def test_rectangle_features(call):
    rect = rotated_rectangle(call, 100.0, 120.0, 0.3, 40.0, 10.0)
    (ra,), (rb,), (phi,) = call("elliptic_axis_xld", rect)
    # a rectangle of half lengths a, b has the moment ellipse of half axes 2a/sqrt(3), 2b/sqrt(3)
    assert ra == pytest.approx(2 * 40 / math.sqrt(3), rel=1e-6)
    assert rb == pytest.approx(2 * 10 / math.sqrt(3), rel=1e-6)
    assert phi == pytest.approx(0.3, abs=1e-6)
    assert call("orientation_xld", rect) == ((pytest.approx(0.3, abs=1e-6),),)
    (rect_value,) = call("rectangularity_xld", rect)
    assert rect_value[0] == pytest.approx(1.0, abs=1e-6)
    (convexity,) = call("convexity_xld", rect)
    assert convexity[0] == pytest.approx(1.0, abs=1e-9)
    (aniso,), (bulk,), (struct,) = call("eccentricity_xld", rect)
    assert aniso == pytest.approx(4.0, rel=1e-6)
    assert bulk == pytest.approx(math.pi * ra * rb / (80 * 20), rel=1e-6)
    assert struct == pytest.approx(aniso * bulk - 1, rel=1e-6)
    (r1,), (c1,), (r2,), (c2,), (diameter,) = call("diameter_xld", rect)
    assert diameter == pytest.approx(2 * math.hypot(40, 10), rel=1e-9)
    assert math.hypot(r2 - r1, c2 - c1) == pytest.approx(diameter)


def test_circle_and_l_shape(call):
    (circle,) = call("gen_circle_contour_xld", 50.0, 50.0, 20.0, 0.0, 6.28318, "positive", 0.5)
    (circ,) = call("circularity_xld", circle)
    (comp,) = call("compactness_xld", circle)
    assert circ[0] == pytest.approx(1.0, abs=0.01)
    assert comp[0] == pytest.approx(1.0, abs=0.01)
    # an L: a 20 x 20 square missing its 10 x 10 lower right quarter
    ell = contour(call, (0, 0, 10, 10, 20, 20, 0), (0, 20, 20, 10, 10, 0, 0))
    (convexity,) = call("convexity_xld", ell)
    assert convexity[0] == pytest.approx(300 / 350, rel=1e-9)  # hull cuts the corner diagonally
    (rect_value,) = call("rectangularity_xld", ell)
    assert 0.5 < rect_value[0] < 0.95


def test_points_and_empty_input(call):
    xld = contour(call, (0, 0, 3), (0, 6, 6))
    assert call("area_center_points_xld", xld) == ((3.0,), (1.0,), (4.0,))
    closed = contour(call, (0, 0, 3, 0), (0, 6, 6, 0))  # the first point repeated at the end
    assert call("area_center_points_xld", closed) == ((3.0,), (1.0,), (4.0,))
    (empty,) = call("gen_empty_obj")
    assert call("circularity_xld", empty) == ((),)
    assert call("diameter_xld", empty) == ((),) * 5
    (region,) = call("gen_rectangle1", 0, 0, 5, 5)
    assert call.code("compactness_xld", region) == 9054
