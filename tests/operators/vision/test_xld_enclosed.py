"""Rectangle fits, moments and point selection of XLD contours, on contours built in the test."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hdlite_image.xld_objects import Contour, Polygon

from hdlite.plugin import ObjectTuple, Region


def _contour(rows: list[float], cols: list[float]) -> ObjectTuple:
    return ObjectTuple([Contour(rows, cols)])


def _rectangle(row: float, col: float, phi: float, l1: float, l2: float, n: int) -> Contour:
    """A closed contour with n points on each side of the rectangle (counter-clockwise)."""
    corners = []
    for su, sv in ((1, -1), (1, 1), (-1, 1), (-1, -1)):  # on screen: counter-clockwise
        u, v = su * l1, sv * l2
        corners.append(
            (
                row - u * math.sin(phi) + v * math.cos(phi),
                col + u * math.cos(phi) + v * math.sin(phi),
            )
        )
    pts = []
    for k in range(4):
        a, b = np.array(corners[k]), np.array(corners[(k + 1) % 4])
        for t in np.arange(n) / n:
            pts.append(a + t * (b - a))
    pts.append(pts[0])
    arr = np.array(pts)
    return Contour(arr[:, 0], arr[:, 1])


def test_fit_rectangle2_recovers_a_rotated_rectangle(call):
    rect = ObjectTuple([_rectangle(50.0, 60.0, 0.3, 20.0, 8.0, 25)])
    row, col, phi, l1, l2, order = call(
        "fit_rectangle2_contour_xld", rect, "regression", -1, 0.0, 0, 3, 2.0
    )
    assert (row[0], col[0], phi[0], l1[0], l2[0]) == pytest.approx((50, 60, 0.3, 20, 8), abs=1e-6)
    assert order == call("area_center_xld", rect)[3]


def test_fit_rectangle2_robust_fit_ignores_an_outlier(call):
    c = _rectangle(30.0, 40.0, -0.2, 15.0, 10.0, 30)
    rows, cols = c.rows.copy(), c.cols.copy()
    rows[5] += 6.0  # one point far off its side
    bent = _contour(rows.tolist(), cols.tolist())
    plain = call("fit_rectangle2_contour_xld", bent, "regression", -1, 0.0, 0, 3, 2.0)
    robust = call("fit_rectangle2_contour_xld", bent, "tukey", -1, 0.0, 0, 5, 2.0)
    truth = (30.0, 40.0, -0.2, 15.0, 10.0)
    err_plain = max(abs(plain[i][0] - truth[i]) for i in range(5))
    err_robust = max(abs(robust[i][0] - truth[i]) for i in range(5))
    assert err_robust < 1e-3 < err_plain


def test_fit_rectangle2_degenerate_contours(call):
    assert (
        call("fit_rectangle2_contour_xld", ObjectTuple(), "regression", -1, 0.0, 0, 3, 2.0)
        == ((),) * 6
    )
    two = _contour([0.0, 5.0], [0.0, 5.0])
    assert call.code("fit_rectangle2_contour_xld", two, "regression", -1, 0.0, 0, 3, 2.0) == 9053
    rect = ObjectTuple([_rectangle(0, 0, 0, 5, 3, 4)])
    assert call.code("fit_rectangle2_contour_xld", rect, "voss", -1, 0.0, 0, 3, 2.0) == 1301


def test_moments_xld_of_a_rectangle_and_a_polygon(call):
    # axis-parallel 10 (rows) x 4 (columns) rectangle: variances 100/12 and 16/12
    rect = _contour([0.0, 0.0, 10.0, 10.0, 0.0], [0.0, 4.0, 4.0, 0.0, 0.0])
    m11, m20, m02 = call("moments_xld", rect)
    assert m11[0] == pytest.approx(0.0, abs=1e-12)
    assert m20[0] == pytest.approx(100 / 12)
    assert m02[0] == pytest.approx(16 / 12)
    # the same rectangle as an open polygon, sheared: the mixed moment appears
    poly = ObjectTuple([Polygon([0.0, 0.0, 10.0, 10.0], [0.0, 4.0, 14.0, 10.0])])
    m11, m20, m02 = call("moments_xld", poly)
    assert m20[0] == pytest.approx(100 / 12)
    assert m11[0] == pytest.approx(100 / 12)  # c = r + u: cov(r, c) = var(r)
    assert m02[0] == pytest.approx(16 / 12 + 100 / 12)


def test_moments_xld_degenerate_and_wrong_objects(call):
    line = _contour([0.0, 5.0], [0.0, 5.0])
    assert call("moments_xld", line) == ((0.0,), (0.0,), (0.0,))
    assert call("moments_xld", ObjectTuple()) == ((), (), ())
    assert call.code("moments_xld", ObjectTuple([Region.rectangle(0, 0, 2, 2)])) == 9054


def test_select_xld_point_keeps_the_enclosing_contours(call):
    square = Contour([0.0, 0.0, 10.0, 10.0, 0.0], [0.0, 10.0, 10.0, 0.0, 0.0])
    open_triangle = Contour([0.0, 20.0, 20.0], [0.0, 0.0, 20.0])  # closed implicitly
    far = Contour([50.0, 50.0, 60.0], [50.0, 60.0, 60.0])
    objs = ObjectTuple([square, open_triangle, far])
    (kept,) = call("select_xld_point", objs, 5.0, 2.0)
    assert list(kept) == [square, open_triangle]
    (kept,) = call("select_xld_point", objs, 15.0, 5.0)
    assert list(kept) == [open_triangle]
    assert len(call("select_xld_point", objs, -1.0, -1.0)[0]) == 0
    assert len(call("select_xld_point", ObjectTuple(), 1.0, 1.0)[0]) == 0


def _square(r1: float, c1: float, r2: float, c2: float) -> Contour:
    return Contour([r1, r1, r2, r2, r1], [c1, c2, c2, c1, c1])


def _holes(out: ObjectTuple) -> list[float]:
    return [x.global_attribs["is_hole"] for x in out if isinstance(x, Contour)]


def _loops(out: ObjectTuple) -> list[tuple[list[tuple[float, float]], float]]:
    found = [x for x in out if isinstance(x, Contour)]
    assert len(found) == len(out)
    return [
        ([(float(r), float(c)) for r, c in zip(x.rows, x.cols, strict=True)], hole)
        for x, hole in zip(found, _holes(out), strict=True)
    ]


def test_symm_difference_of_nested_and_adjacent_squares(call):
    ring = call(
        "symm_difference_closed_contours_xld",
        ObjectTuple([_square(0, 0, 10, 10)]),
        ObjectTuple([_square(2, 2, 4, 4)]),
    )[0]
    assert _loops(ring) == [
        ([(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)], 0.0),
        ([(2, 2), (2, 4), (4, 4), (4, 2), (2, 2)], 1.0),
    ]
    # a shared edge is covered twice and drops out: one rectangle remains
    joined = call(
        "symm_difference_closed_contours_xld",
        ObjectTuple([_square(0, 0, 10, 10)]),
        ObjectTuple([_square(0, 10, 10, 20)]),
    )[0]
    assert _loops(joined) == [([(0, 0), (0, 20), (10, 20), (10, 0), (0, 0)], 0.0)]


def test_symm_difference_of_overlapping_squares_has_the_right_area(call):
    out = call(
        "symm_difference_closed_contours_xld",
        ObjectTuple([_square(0, 0, 10, 10)]),
        ObjectTuple([Contour([5.0, 5.0, 15.0, 15.0], [5.0, 15.0, 15.0, 5.0])]),  # open: closed
    )[0]
    areas = call("area_center_xld", out)[0]
    signed = [a if hole == 0.0 else -a for a, hole in zip(areas, _holes(out), strict=True)]
    assert sum(signed) == pytest.approx(100 + 100 - 2 * 25)


def test_symm_difference_edge_cases(call):
    square = ObjectTuple([_square(0, 0, 10, 10)])
    assert len(call("symm_difference_closed_contours_xld", square, square)[0]) == 0
    assert len(call("symm_difference_closed_contours_xld", ObjectTuple(), ObjectTuple())[0]) == 0
    (alone,) = call("symm_difference_closed_contours_xld", square, ObjectTuple())
    assert _loops(alone) == [([(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)], 0.0)]
    line = ObjectTuple([Contour([0.0, 5.0], [0.0, 5.0])])  # encloses nothing
    assert len(call("symm_difference_closed_contours_xld", line, ObjectTuple())[0]) == 0
    region = ObjectTuple([Region.rectangle(0, 0, 2, 2)])
    assert call.code("symm_difference_closed_contours_xld", region, square) == 9054
