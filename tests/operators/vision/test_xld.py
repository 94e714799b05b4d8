"""XLD contours: outlines of regions, generated shapes, features, fits and the codec."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hdlite_image.xld_objects import Contour

from hdlite.plugin import ObjectTuple, Region, decode_objects, encode_objects


def _rect(r1: int, c1: int, r2: int, c2: int) -> ObjectTuple:
    return ObjectTuple([Region.rectangle(r1, c1, r2, c2)])


def test_contour_of_a_rectangle_border_and_center(call):
    (border,) = call("gen_contour_region_xld", _rect(10, 20, 29, 59), "border")
    rows, cols = call("get_contour_xld", border)
    assert rows == (9.5, 9.5, 29.5, 29.5, 9.5) and cols == (19.5, 59.5, 59.5, 19.5, 19.5)
    assert call("area_center_xld", border) == ((800.0,), (19.5,), (39.5,), ("negative",))
    assert call("length_xld", border) == ((120.0,),)
    (center,) = call("gen_contour_region_xld", _rect(10, 20, 29, 59), "center")
    area, row, col, _ = call("area_center_xld", center)
    assert area == ((19 * 39),) and (row, col) == ((19.5,), (39.5,))


def test_border_holes_and_diagonal_pixels(call):
    mask = np.ones((5, 5), dtype=bool)
    mask[2, 2] = False
    (outer,) = call("gen_contour_region_xld", ObjectTuple([Region(0, 0, mask)]), "border")
    assert len(outer) == 1
    (both,) = call("gen_contour_region_xld", ObjectTuple([Region(0, 0, mask)]), "border_holes")
    areas, *_, orders = call("area_center_xld", both)
    assert areas == (25.0, 1.0) and orders == ("negative", "positive")
    diag = np.eye(3, dtype=bool)
    (one,) = call("gen_contour_region_xld", ObjectTuple([Region(4, 7, diag)]), "border")
    assert len(one) == 1 and call("area_center_xld", one)[0] == (3.0,)
    (back,) = call("gen_region_contour_xld", ObjectTuple([both[0]]), "filled")
    assert back[0].area() == 25


def test_circle_contour_fit_and_features(call):
    (circ,) = call("gen_circle_contour_xld", 100.0, 120.0, 40.0, 0.0, 6.28318, "positive", 1.0)
    rows, cols = call("get_contour_xld", circ)
    assert rows[0] == rows[-1] and cols[0] == cols[-1]
    assert abs(rows[0] - 100.0) < 1e-9 and abs(cols[0] - 160.0) < 1e-9
    assert math.hypot(rows[1] - rows[0], cols[1] - cols[0]) <= 1.0
    assert abs(call("length_xld", circ)[0][0] - 2 * math.pi * 40) < 0.1
    area, _, _, order = call("area_center_xld", circ)
    assert abs(area[0] - math.pi * 1600) < 5 and order == ("positive",)
    rng = np.random.default_rng(3)
    t = np.linspace(0.3, 4.0, 80)
    noisy = Contour(50 - 25 * np.sin(t) + rng.normal(0, 0.05, 80), 70 + 25 * np.cos(t))
    for algo in ("algebraic", "geometric", "atukey", "geohuber"):
        r, c, rad, sp, ep, po = call(
            "fit_circle_contour_xld", ObjectTuple([noisy]), algo, -1, 0, 0, 3, 2
        )
        assert abs(r[0] - 50) < 0.1 and abs(c[0] - 70) < 0.1 and abs(rad[0] - 25) < 0.1
        assert abs(sp[0] - 0.3) < 0.02 and abs(ep[0] - 4.0) < 0.02 and po == ("positive",)
    r, c, rad, sp, ep, po = call("fit_circle_contour_xld", circ, "algebraic", -1, 0, 0, 3, 2)
    assert (sp, ep) == ((0.0,), (2 * math.pi,))
    (sel,) = call("select_shape_xld", circ, ("circularity", "area"), "and", (0.99, 5000), (1, 6000))
    assert len(sel) == 1
    assert call.code("select_shape_xld", circ, "nonsense", "and", 0, 1) == 1301


def test_outlier_robust_line_fit(call):
    cols = np.arange(0.0, 50.0)
    rows = 10 + 0.5 * cols
    rows[25] += 15.0  # one outlier
    line = ObjectTuple([Contour(rows, cols)])
    rb, _cb, re_, ce, nr, nc, dist = call("fit_line_contour_xld", line, "tukey", -1, 0, 5, 2)
    assert abs(rb[0] - 10) < 0.01 and abs(re_[0] - 34.5) < 0.01 and abs(ce[0] - 49) < 0.01
    assert abs(nr[0] * 10 + nc[0] * 0 - dist[0]) < 0.01 and abs(math.hypot(nr[0], nc[0]) - 1) < 1e-9
    plain = call("fit_line_contour_xld", line, "regression", -1, 0, 5, 2)
    assert abs(plain[0][0] - 10) > 0.05  # the outlier pulls the plain regression


def test_ellipse_fit_rectangle2_and_transforms(call):
    (ell,) = call("gen_ellipse_contour_xld", 80, 90, 0.4, 30, 12, 0, 6.28318, "positive", 1.5)
    for algo in ("fitzgibbon", "geometric", "ftukey"):
        r, c, phi, r1, r2, sp, ep, _ = call(
            "fit_ellipse_contour_xld", ell, algo, -1, 0, 0, 200, 3, 2
        )
        assert abs(r[0] - 80) < 0.05 and abs(c[0] - 90) < 0.05 and abs(phi[0] - 0.4) < 0.01
        assert abs(r1[0] - 30) < 0.05 and abs(r2[0] - 12) < 0.05
        assert (sp, ep) == ((0.0,), (2 * math.pi,))
    ra, rb, ph = (
        call("select_shape_xld", ell, f, "and", lo, hi)[0]
        for f, lo, hi in (("ra", 29.9, 30.1), ("rb", 11.9, 12.1), ("phi", 0.39, 0.41))
    )
    assert len(ra) == len(rb) == len(ph) == 1
    (rect,) = call("gen_rectangle2_contour_xld", 50, 60, 0.3, 20, 8)
    r, c, phi, l1, l2 = call("smallest_rectangle2_xld", rect)
    assert abs(r[0] - 50) < 1e-9 and abs(phi[0] - 0.3) < 1e-9 and abs(l1[0] - 20) < 1e-9
    assert abs(l2[0] - 8) < 1e-9 and abs(call("area_center_xld", rect)[0][0] - 640) < 1e-9
    (moved,) = call("affine_trans_contour_xld", rect, (1, 0, 5, 0, 1, -3))
    assert abs(call("area_center_xld", moved)[1][0] - 55) < 1e-9
    (circle,) = call("smallest_circle_xld", rect)[2:]
    assert abs(circle[0] - math.hypot(20, 8)) < 1e-3
    (short,) = call(
        "select_contours_xld", ObjectTuple([rect[0], ell[0]]), "contour_length", 0, 120, 0, 0
    )
    assert len(short) == 1 and short[0] is rect[0]
    (closed,) = call("select_contours_xld", ObjectTuple([rect[0], ell[0]]), "closed", 0, 0.5, 0, 0)
    assert len(closed) == 2


def test_attributes_survive_the_object_codec(call):
    c = Contour([1.0, 2.0], [3.0, 4.0], {"angle": [0.5, 0.25]}, {"cont_approx": -1})
    arrays: dict = {}
    records = encode_objects(ObjectTuple([c]), "o_", arrays)
    (back,) = decode_objects(json.loads(json.dumps(records)), arrays)
    assert isinstance(back, Contour) and back.rows.tolist() == [1.0, 2.0]
    assert call("get_contour_attrib_xld", ObjectTuple([back]), "angle") == ((0.5, 0.25),)
    assert call("get_contour_global_attrib_xld", ObjectTuple([back]), "cont_approx") == ((-1.0,),)
    assert call("query_contour_attribs_xld", ObjectTuple([back])) == (("angle",),)
    assert call("query_contour_global_attribs_xld", ObjectTuple([back])) == (("cont_approx",),)
    assert call.code("get_contour_attrib_xld", ObjectTuple([back]), "width_left") == 1301


def test_too_few_points_and_wrong_objects(call):
    two = ObjectTuple([Contour([0.0, 1.0], [0.0, 1.0])])
    assert call.code("fit_circle_contour_xld", two, "algebraic", -1, 0, 0, 3, 2) == 9053
    assert call.code("length_xld", _rect(0, 0, 1, 1)) == 9054
    assert call("length_xld", ObjectTuple([])) == ((),)


@pytest.mark.parametrize("mode", ["border", "center"])
def test_empty_region_gives_an_empty_contour(call, mode):
    (c,) = call("gen_contour_region_xld", ObjectTuple([Region(0, 0, np.zeros((0, 0), bool))]), mode)
    assert len(c) == 1 and len(c[0]) == 0
