"""Regression lines, joining collinear contours, closing, cropping and contour directions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hdlite_image.xld_objects import Contour

from hdlite.plugin import ObjectTuple


def _line(r0: float, c0: float, r1: float, c1: float, n: int = 21, **attrs) -> Contour:
    return Contour(np.linspace(r0, r1, n), np.linspace(c0, c1, n), attrs or None)


def test_regress_contours_stores_the_line_and_keeps_the_points(call):
    # points on row = 10 + col / 2 with one outlier
    cols = np.arange(0.0, 21)
    rows = 10 + cols / 2
    rows[10] += 6
    c = Contour(rows, cols)
    (plain,) = call("regress_contours_xld", ObjectTuple([c]), "no", 1)
    assert np.array_equal(plain[0].rows, rows)
    names = ("regr_norm_row", "regr_norm_col", "regr_dist", "regr_mean_dist", "regr_dev_dist")
    nr, nc, dist, mean, dev = call("get_contour_global_attrib_xld", plain, names)[0]
    assert math.hypot(nr, nc) == pytest.approx(1.0) and dist >= 0
    # 'drop' leaves out the outlier: the line row - col/2 = 10 exactly
    (robust,) = call("regress_contours_xld", ObjectTuple([c]), "drop", 2)
    nr, nc, dist, mean, dev = call("get_contour_global_attrib_xld", robust, names)[0]
    s = math.hypot(1, 0.5)
    assert (nr, nc, dist) == pytest.approx((1 / s, -0.5 / s, 10 / s))
    assert mean == pytest.approx(6 / s / 21) and dev > 0
    for mode in ("gauss", "median"):
        (other,) = call("regress_contours_xld", ObjectTuple([c]), mode, 3)
        got = call("get_contour_global_attrib_xld", other, names[:3])[0]
        assert got == pytest.approx((1 / s, -0.5 / s, 10 / s), abs=0.02)
    length, nx, ny, d, fpx, fpy, lpx, lpy, m, dv = call("get_regress_params_xld", robust)
    assert length == (21,) and (nx[0], ny[0], d[0]) == pytest.approx((1 / s, -0.5 / s, 10 / s))
    assert (fpx[0], fpy[0], lpx[0], lpy[0]) == pytest.approx((10.0, 0.0, 20.0, 20.0))
    assert (m[0], dv[0]) == pytest.approx((mean, dev))


def test_union_collinear_joins_across_a_gap_and_keeps_corners(call):
    # a broken top side of a rectangle (gap of 6 px), then its right side
    left = _line(10, 10, 10, 40, 31, response=np.arange(31.0))
    right = _line(10.4, 46, 10.4, 90, 45, response=np.arange(45.0))
    side = _line(10, 90, 60, 90, 51, response=np.arange(51.0))
    objs = ObjectTuple([left, right, side])
    (reg,) = call("regress_contours_xld", objs, "no", 1)
    (union,) = call("union_collinear_contours_xld", reg, 10.0, 1.0, 2.0, 0.1, "attr_keep")
    assert len(union) == 2
    assert len(union[0]) == 76 and union[0].cols[0] == 10.0 and union[0].cols[-1] == 90.0
    assert call("get_contour_attrib_xld", ObjectTuple([union[0]]), "response")[0][30:32] == (
        30.0,
        0.0,
    )
    (forget,) = call("union_collinear_contours_xld", reg, 10.0, 1.0, 2.0, 0.1, "attr_forget")
    assert call("query_contour_attribs_xld", ObjectTuple([forget[0]])) == ((),)
    # each limit on its own prevents the join
    for args in ((5.0, 1.0, 2.0, 0.1), (10.0, 0.05, 2.0, 0.1), (10.0, 1.0, 0.2, 0.1)):
        (out,) = call("union_collinear_contours_xld", reg, *args, "attr_keep")
        assert len(out) == 3
    tilted = _line(10, 46, 10 + 44 * math.tan(0.2), 90, 45)
    (out,) = call(
        "union_collinear_contours_xld",
        ObjectTuple([left, tilted]),
        10.0,
        1.0,
        20.0,
        0.1,
        "attr_keep",
    )
    assert len(out) == 2
    # contours given in opposite directions join too (the second one is reversed)
    (out,) = call(
        "union_collinear_contours_xld",
        ObjectTuple([left, _line(10, 90, 10, 46, 45)]),
        10,
        1,
        2,
        0.1,
        "attr_keep",
    )
    assert len(out) == 1 and list(out[0].cols[[0, -1]]) == [10.0, 90.0]


def test_close_contours(call):
    open_c = _line(0, 0, 0, 10, 3, angle=[1.0, 2.0, 3.0])
    (out,) = call("close_contours_xld", ObjectTuple([open_c]))
    assert list(out[0].cols) == [0.0, 5.0, 10.0, 0.0] and out[0].closed
    assert call("get_contour_attrib_xld", out, "angle") == ((1.0, 2.0, 3.0, 1.0),)
    (again,) = call("close_contours_xld", out)
    assert len(again[0]) == 4
    assert call("close_contours_xld", ObjectTuple([])) == (ObjectTuple([]),)


def test_get_contour_angle_modes(call):
    # a square traced clockwise on screen, 10 points a side, closed
    side = np.arange(10.0)
    rows = np.concatenate([np.zeros(10), side, np.full(10, 10.0), 10 - side, [0.0]])
    cols = np.concatenate([side, np.full(10, 10.0), 10 - side, np.zeros(10), [0.0]])
    sq = ObjectTuple([Contour(rows, cols)])
    for calc in ("range", "mean", "regress"):
        (a,) = call("get_contour_angle_xld", sq, "abs", calc, 2)
        assert len(a) == 41
        # mid-side directions: right 0, down -pi/2, left pi, up pi/2
        assert [a[5], a[15], abs(a[25]), a[35]] == pytest.approx(
            [0, -math.pi / 2, math.pi, math.pi / 2]
        )
    (rel,) = call("get_contour_angle_xld", sq, "rel", "range", 1)
    assert rel[0] == 0.0 and sum(rel[1:41]) == pytest.approx(-2 * math.pi)
    assert rel[5] == pytest.approx(0.0) and rel[10] == pytest.approx(-math.pi / 4)
    line = ObjectTuple([_line(0, 0, 10, 10, 11)])
    (a,) = call("get_contour_angle_xld", line, "abs", "range", 3)
    assert a == pytest.approx([-math.pi / 4] * 11)
    assert call.code("get_contour_angle_xld", line, "abs", "range", 0) == 1303
    assert call.code("get_contour_angle_xld", line, "absolute", "range", 3) == 1301
    assert call.code("get_contour_angle_xld", ObjectTuple([]), "abs", "range", 3) == 1501


def test_crop_contours(call):
    circ = call("gen_circle_contour_xld", 50.0, 50.0, 30.0, 0.0, 6.28318, "positive", 1.0)[0]
    (opened,) = call("crop_contours_xld", circ, 0.0, 0.0, 100.0, 60.0, "false")
    assert len(opened) == 1 and not opened[0].closed and opened[0].cols.max() <= 60 + 1e-9
    (closed,) = call("crop_contours_xld", circ, 0.0, 0.0, 100.0, 60.0, "true")
    assert closed[0].closed and closed[0].cols.max() == pytest.approx(60.0)
    # the closed crop is the circle segment: area by the shoelace formula
    (area, _, _, _) = call("area_center_xld", closed)
    d = 10.0
    seg = 30**2 * math.acos(d / 30) - d * math.sqrt(30**2 - d**2)
    assert area[0] == pytest.approx(math.pi * 900 - seg, rel=0.01)
    # an open line through the box is cut either way; outside: nothing
    line = ObjectTuple([_line(50, -20, 50, 120, 15)])
    for mode in ("true", "false"):
        (out,) = call("crop_contours_xld", line, 0.0, 0.0, 100.0, 100.0, mode)
        assert list(out[0].cols[[0, -1]]) == [0.0, 100.0]
    assert call("crop_contours_xld", circ, 200.0, 200.0, 300.0, 300.0, "true") == (ObjectTuple([]),)
    assert call.code("crop_contours_xld", circ, 0.0, 0.0, 10.0, 10.0, "yes") == 1305


def test_union_and_regress_empty_inputs_and_wrong_values(call):
    empty = ObjectTuple([])
    assert call("regress_contours_xld", empty, "no", 1) == (empty,)
    assert call("union_collinear_contours_xld", empty, 10.0, 1.0, 2.0, 0.1, "attr_keep") == (empty,)
    assert call("get_regress_params_xld", empty) == ((),) * 10
    c = ObjectTuple([_line(0, 0, 0, 10, 3)])
    assert call.code("regress_contours_xld", c, "tukey", 1) == 1301
    assert call.code("regress_contours_xld", c, "no", -1) == 1302
    assert call.code("union_collinear_contours_xld", c, -1.0, 1.0, 2.0, 0.1, "attr_keep") == 1301
    assert call.code("union_collinear_contours_xld", c, 1.0, 1.0, 2.0, -0.1, "attr_keep") == 1304
    assert call.code("union_collinear_contours_xld", c, 1.0, 1.0, 2.0, 0.1, "keep") == 1305
    (poly,) = call("gen_polygons_xld", c, "ramer", 1.0)
    assert call.code("regress_contours_xld", poly, "no", 1) == 9054
