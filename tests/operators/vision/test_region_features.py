"""Region features with HALCON's definitions, on regions built in the test."""

from __future__ import annotations

import math

import pytest

from hdlite.plugin import ObjectTuple, Region


def _rect(r1: int, c1: int, r2: int, c2: int) -> ObjectTuple:
    return ObjectTuple([Region.rectangle(r1, c1, r2, c2)])


def _l_shape() -> Region:
    # rows 0..9 x cols 0..2 plus rows 7..9 x cols 0..9: 51 pixels
    return Region.from_runs([*range(10), 7, 8, 9], [0] * 10 + [0, 0, 0], [2] * 10 + [9, 9, 9])


def _ring() -> Region:
    rows = [r for r in range(10) for _ in (0, 1)]
    cb, ce = [], []
    for r in range(10):
        if 3 <= r <= 6:
            cb += [0, 7]
            ce += [2, 9]
        else:
            cb += [0, 0]
            ce += [9, 9]
    return Region.from_runs(rows, cb, ce)


def test_elliptic_axis_and_smallest_rectangle2_of_a_rectangle(call):
    rect = _rect(10, 20, 29, 59)
    ra, rb, phi = call("elliptic_axis", rect)
    assert ra[0] == pytest.approx(math.sqrt((40**2 - 1) / 3))
    assert rb[0] == pytest.approx(math.sqrt((20**2 - 1) / 3))
    assert phi == (0.0,)
    assert call("smallest_rectangle2", rect) == ((19.5,), (39.5,), (0.0,), (19.5,), (9.5,))
    upright = call("elliptic_axis", _rect(0, 0, 29, 4))[2]
    assert upright[0] == pytest.approx(math.pi / 2)
    assert call("smallest_rectangle2", _rect(0, 0, 29, 4))[2][0] == pytest.approx(math.pi / 2)


def test_diagonal_line_angles_are_counter_clockwise(call):
    # a line going up to the right on screen: rows decrease as columns increase
    line = ObjectTuple([Region.from_runs([10 - k for k in range(11)], range(11), range(11))])
    (phi,) = call("elliptic_axis", line)[2]
    assert phi == pytest.approx(math.pi / 4)
    row, col, rphi, len1, len2 = call("smallest_rectangle2", line)
    assert rphi[0] == pytest.approx(math.pi / 4) and len2[0] == pytest.approx(0.0, abs=1e-9)
    assert len1[0] == pytest.approx(5 * math.sqrt(2))
    assert (row[0], col[0]) == pytest.approx((5.0, 5.0))


def test_moments_region_2nd_sums_over_the_pixels(call):
    m11, m20, m02, ia, ib = call("moments_region_2nd", _rect(10, 20, 29, 59))
    assert m20[0] == pytest.approx(800 * 33.25) and m02[0] == pytest.approx(800 * 133.25)
    assert m11[0] == pytest.approx(0.0) and (ia[0], ib[0]) == pytest.approx((106600, 26600))


def test_contour_length_compactness_circularity(call):
    rect = _rect(0, 0, 9, 19)
    assert call("contlength", rect) == ((56.0,),)
    (comp,) = call("compactness", rect)[0]
    assert comp == pytest.approx(56**2 / (4 * 200 * math.pi))
    (circle,) = call("gen_circle", 100, 100, 50.5)
    (circ,) = call("circularity", circle)[0]
    assert 0.98 <= circ <= 1.0
    (square_circ,) = call("circularity", rect)[0]
    assert square_circ == pytest.approx(200 / (math.pi * (9.5**2 + 4.5**2)))
    # diagonal steps weigh sqrt(2): a 3-pixel diagonal is traced out and back
    diag = ObjectTuple([Region.from_runs([0, 1, 2], [0, 1, 2], [0, 1, 2])])
    assert call("contlength", diag)[0][0] == pytest.approx(4 * math.sqrt(2))


def test_convexity_rectangularity_and_eccentricity(call):
    l_shape = ObjectTuple([_l_shape()])
    assert call("convexity", _rect(0, 0, 9, 9)) == ((1.0,),)
    assert call("convexity", l_shape)[0][0] == pytest.approx(51 / 72)
    assert call("rectangularity", _rect(3, 4, 12, 30)) == ((1.0,),)
    (rect_l,) = call("rectangularity", l_shape)[0]
    assert 0.0 < rect_l < 0.8
    anis, bulk, struct = call("eccentricity", _rect(10, 20, 29, 59))
    ra, rb = math.sqrt(1599 / 3), math.sqrt(399 / 3)
    assert anis[0] == pytest.approx(ra / rb)
    assert bulk[0] == pytest.approx(math.pi * ra * rb / 800)
    assert struct[0] == pytest.approx(anis[0] * bulk[0] - 1)


def test_circles_and_diameter(call):
    square = _rect(0, 0, 10, 10)
    assert call("inner_circle", square) == ((5.0,), (5.0,), (5.5,))
    row, col, radius = call("smallest_circle", square)
    assert (row[0], col[0], radius[0]) == pytest.approx((5.0, 5.0, math.sqrt(50)))
    r1, c1, r2, c2, d = call("diameter_region", ObjectTuple([_l_shape()]))
    assert (r1, c1, r2, c2) == ((0,), (0,), (9,), (9,)) and d[0] == pytest.approx(math.sqrt(162))


def test_roundness_of_a_disc_and_a_square(call):
    (disc,) = call("gen_circle", 50, 50, 20.5)
    distance, sigma, roundness, _ = call("roundness", disc)
    assert sigma[0] < 0.5
    assert distance[0] == pytest.approx(20.0, abs=0.6) and roundness[0] > 0.97
    _, _, square_round, sides = call("roundness", _rect(0, 0, 20, 20))
    assert square_round[0] < roundness[0] and sides[0] > 0


def test_orientation_region_points_to_the_farthest_contour_point(call):
    right = Region.from_runs([0, 1], [0, 0], [20, 0])  # bar with a foot at its left end
    left = Region.from_runs([0, 1], [0, 20], [20, 20])  # foot at the right end
    (phi_r,) = call("orientation_region", ObjectTuple([right]))[0]
    (phi_l,) = call("orientation_region", ObjectTuple([left]))[0]
    assert abs(phi_r) < 0.1
    assert abs(abs(phi_l) - math.pi) < 0.1


def test_topology_holes_and_euler_number(call):
    ring = ObjectTuple([_ring()])
    assert call("connect_and_holes", ring) == ((1,), (1,))
    assert call("area_holes", ring) == ((16,),)
    assert call("euler_number", ring) == ((0,),)
    two = ObjectTuple([Region.from_runs([0, 0, 5], [0, 5, 0], [1, 6, 0])])
    assert call("connect_and_holes", two) == ((3,), (0,))


def test_region_features_order_and_names(call):
    regs = _rect(0, 0, 9, 19) + _rect(5, 5, 5, 5)
    (values,) = call("region_features", regs, ("area", "width", "height", "ratio", "row1"))
    assert values == (200.0, 20.0, 10.0, 0.5, 0.0, 1.0, 1.0, 1.0, 1.0, 5.0)
    (more,) = call("region_features", _rect(0, 0, 9, 19), ("inner_width", "inner_height"))
    assert more == (20.0, 10.0)
    assert call.code("region_features", regs, "no_such_feature") == 1301


def test_empty_region_gives_zeros_and_empty_tuple_gives_nothing(call):
    empty = ObjectTuple([Region.empty()])
    for name, outputs in (
        ("elliptic_axis", 3),
        ("smallest_rectangle2", 5),
        ("smallest_circle", 3),
        ("inner_circle", 3),
        ("circularity", 1),
        ("compactness", 1),
        ("convexity", 1),
        ("rectangularity", 1),
        ("contlength", 1),
        ("roundness", 4),
        ("orientation_region", 1),
        ("moments_region_2nd", 5),
        ("eccentricity", 3),
        ("diameter_region", 5),
        ("connect_and_holes", 2),
    ):
        result = call(name, empty)
        assert len(result) == outputs and all(v == (0,) or v == (0.0,) for v in result), name
        assert call(name, ObjectTuple()) == ((),) * outputs, name
    assert call("region_features", empty, ("area", "circularity")) == ((0.0, 0.0),)


def test_get_region_convex_lists_the_hull_corners(call):
    rows, cols = call("get_region_convex", ObjectTuple([_l_shape()]))
    assert set(zip(rows, cols, strict=True)) == {(0, 0), (0, 2), (7, 9), (9, 9), (9, 0)}
    assert call("get_region_convex", ObjectTuple()) == ((), ())
