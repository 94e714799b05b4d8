"""XLD polygons: Ramer approximation, reading vertices and sides, splitting, conversion."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hdlite_image.xld_objects import Contour, Polygon

from hdlite.plugin import ObjectTuple, decode_objects, encode_objects


def _rect_contour(r1: float, c1: float, r2: float, c2: float, start: int = 0) -> Contour:
    """A closed contour sampled every pixel along a rectangle (clockwise on screen), starting
    ``start`` points after the top-left corner, with noise of +-0.3 px across the sides."""
    top = [(r1, c) for c in np.arange(c1, c2)]
    right = [(r, c2) for r in np.arange(r1, r2)]
    bottom = [(r2, c) for c in np.arange(c2, c1, -1)]
    left = [(r, c1) for r in np.arange(r2, r1, -1)]
    pts = np.array(top + right + bottom + left, dtype=np.float64)
    pts = np.roll(pts, -start, axis=0)
    rng = np.random.default_rng(3)
    noise = rng.uniform(-0.3, 0.3, len(pts))
    # move each point across its side only (the corners stay exact)
    on_row_side = np.isin(pts[:, 0], (r1, r2)) & ~np.isin(pts[:, 1], (c1, c2))
    on_col_side = np.isin(pts[:, 1], (c1, c2)) & ~np.isin(pts[:, 0], (r1, r2))
    pts[on_row_side, 0] += noise[on_row_side]
    pts[on_col_side, 1] += noise[on_col_side]
    pts = np.vstack([pts, pts[:1]])
    return Contour(pts[:, 0], pts[:, 1])


CORNERS = {(10.0, 20.0), (10.0, 80.0), (50.0, 80.0), (50.0, 20.0)}


@pytest.mark.parametrize("start", [0, 17, 75])
def test_gen_polygons_on_a_sampled_rectangle_gives_its_four_corners(call, start):
    (polys,) = call(
        "gen_polygons_xld", ObjectTuple([_rect_contour(10, 20, 50, 80, start)]), "ramer", 2.0
    )
    assert call("get_obj_class", polys) == (("xld_poly",),)
    rows, cols, length, phi = call("get_polygon_xld", polys)
    assert len(rows) == 5 and (rows[0], cols[0]) == (rows[-1], cols[-1])  # closed
    assert {(round(r, 6), round(c, 6)) for r, c in zip(rows[:4], cols[:4], strict=True)} == CORNERS
    # side lengths 60 and 40 alternate; each side's direction: right 0, down -pi/2, ...
    assert sorted(np.round(length[:4], 6)) == [40.0, 40.0, 60.0, 60.0]
    assert length[4] == 0.0 and phi[4] == 0.0
    for r, c, ln, ph, r2, c2 in zip(rows, cols, length, phi, rows[1:], cols[1:], strict=False):
        assert ln == pytest.approx(math.hypot(r2 - r, c2 - c))
        assert ph == pytest.approx(math.atan2(r - r2, c2 - c))  # in (-pi, pi]


def test_gen_polygons_alpha_controls_the_tolerance(call):
    # a circle of radius 50: a polygon with tolerance a has sides of about 2 sqrt(2 R a)
    (circ,) = call("gen_circle_contour_xld", 100.0, 100.0, 50.0, 0.0, 6.28318, "positive", 0.5)
    counts = []
    for alpha in (0.5, 2.0, 8.0):
        (poly,) = call("gen_polygons_xld", circ, "ramer", alpha)
        rows, _, _, _ = call("get_polygon_xld", poly)
        counts.append(len(rows))
        # every contour point lies within alpha of the polygon
        (cont,) = call("gen_contours_polygon_xld", poly)
        (with_d,) = call("distance_contours_xld", circ, cont, "point_to_segment")
        (dist,) = call("get_contour_attrib_xld", with_d, "distance")
        assert max(dist) <= alpha + 1e-9
    assert counts[0] > counts[1] > counts[2] >= 4
    # an open line stays two points; its end points stay
    line = Contour([0.0, 1, 2, 3, 4], [0.0, 10, 20, 30, 40.2])
    (poly,) = call("gen_polygons_xld", ObjectTuple([line]), "ramer", 1.0)
    assert call("get_polygon_xld", poly)[:2] == ((0.0, 4.0), (0.0, 40.2))


def test_get_lines_and_split_contours(call):
    # an L: 30 px down, then 40 px right, sampled every pixel, with attributes
    rows = np.concatenate([np.arange(0.0, 30), np.full(41, 30.0)])
    cols = np.concatenate([np.zeros(30), np.arange(0.0, 41)])
    resp = np.arange(len(rows), dtype=np.float64)
    ell = Contour(rows, cols, {"response": resp})
    (poly,) = call("gen_polygons_xld", ObjectTuple([ell]), "ramer", 1.0)
    br, bc, er, ec, length, phi = call("get_lines_xld", poly)
    assert (br, bc, er, ec) == ((0.0, 30.0), (0.0, 0.0), (30.0, 30.0), (0.0, 40.0))
    assert length == (30.0, 40.0)
    assert phi == pytest.approx((-math.pi / 2, 0.0))
    (parts,) = call("split_contours_xld", poly, "polygon", 1.0, 5)
    assert len(parts) == 2
    assert len(parts[0]) == 31 and len(parts[1]) == 41  # they share the corner point
    corner = (30.0, 0.0)
    assert (parts[0].rows[-1], parts[0].cols[-1]) == corner == (parts[1].rows[0], parts[1].cols[0])
    (att,) = call("get_contour_attrib_xld", ObjectTuple([parts[1]]), "response")
    assert att == tuple(float(v) for v in range(30, 71))
    # 'dominant' finds the same corner (the sharpest turn near the vertex)
    (dom,) = call("split_contours_xld", poly, "dominant", 1.0, 3)
    assert [len(p) for p in dom] == [31, 41]


def test_split_a_closed_polygon_and_polygons_without_contour(call):
    (polys,) = call(
        "gen_polygons_xld", ObjectTuple([_rect_contour(10, 20, 50, 80, 17)]), "ramer", 2.0
    )
    (parts,) = call("split_contours_xld", polys, "polygon", 1.0, 5)
    assert sorted(len(p) for p in parts) == [41, 41, 61, 61]
    # the pieces run corner to corner around the rectangle
    ends = {(p.rows[0], p.cols[0]) for p in parts}
    assert ends == CORNERS
    # a polygon made from vertices only splits into its sides
    bare = Polygon([0.0, 0, 10], [0.0, 10, 10])
    (sides,) = call("split_contours_xld", ObjectTuple([bare]), "polygon", 1.0, 5)
    assert [(list(s.rows), list(s.cols)) for s in sides] == [([0, 0], [0, 10]), ([0, 10], [10, 10])]


def test_gen_region_polygon_and_contours_from_polygons(call):
    (polys,) = call("gen_polygons_xld", ObjectTuple([_rect_contour(10, 20, 50, 80)]), "ramer", 2.0)
    (reg,) = call("gen_region_polygon_xld", polys, "filled")
    assert call("area_center", reg) == ((41 * 61,), (30.0,), (50.0,))
    (margin,) = call("gen_region_polygon_xld", polys, "margin")
    assert call("area_center", margin)[0] == (2 * 61 + 2 * 39,)
    (conts,) = call("gen_contours_polygon_xld", polys)
    assert call("get_obj_class", conts) == (("xld_cont",),)
    assert call("get_contour_xld", conts)[0] == call("get_polygon_xld", polys)[0]


def test_polygons_are_objects_count_select_store_and_compare(call, tmp_path):
    c = ObjectTuple([_rect_contour(10, 20, 50, 80), Contour([0.0, 5], [0.0, 5])])
    (polys,) = call("gen_polygons_xld", c, "ramer", 2.0)
    assert call("count_obj", polys) == ((2,),)
    (second,) = call("select_obj", polys, 2)
    assert call("get_polygon_xld", second)[:2] == ((0.0, 5.0), (0.0, 5.0))
    arrays: dict[str, np.ndarray] = {}
    record = encode_objects(polys, "", arrays)
    back = decode_objects(record, arrays)
    assert call("test_equal_obj", polys, back) == ((1,),)
    (parts,) = call("split_contours_xld", back, "polygon", 1.0, 5)
    assert len(parts) == 5
    path = str(tmp_path / "polys.hobj")
    call("write_object", polys, path)
    (read,) = call("read_object", path)
    assert call("get_obj_class", read) == (("xld_poly", "xld_poly"),)
    assert call("test_equal_obj", polys, read) == ((1,),)


def test_polygon_operators_empty_inputs_and_wrong_values(call):
    empty = ObjectTuple([])
    assert call("gen_polygons_xld", empty, "ramer", 2.0) == (empty,)
    assert call("split_contours_xld", empty, "polygon", 1.0, 5) == (empty,)
    assert call("gen_contours_polygon_xld", empty) == (empty,)
    assert call("gen_region_polygon_xld", empty, "filled") == (empty,)
    (poly,) = call("gen_polygons_xld", ObjectTuple([Contour([], [])]), "ramer", 2.0)
    assert call("get_polygon_xld", poly) == ((), (), (), ())
    assert call("get_lines_xld", poly) == ((), (), (), (), (), ())
    c = ObjectTuple([Contour([0.0, 1], [0.0, 1])])
    assert call.code("gen_polygons_xld", c, "douglas", 2.0) == 1301
    assert call.code("gen_polygons_xld", c, "ramer", -1.0) == 1302
    assert call.code("split_contours_xld", poly, "corner", 1.0, 5) == 1301
    assert call.code("split_contours_xld", poly, "polygon", -1.0, 5) == 1302
    assert call.code("split_contours_xld", poly, "polygon", 1.0, 0) == 1303
    assert call.code("get_polygon_xld", c) == 9054  # a contour is no polygon
    assert call.code("gen_contours_polygon_xld", c) == 9054
    assert call.code("get_polygon_xld", empty) == 1501
    two = ObjectTuple([poly[0], poly[0]])
    assert call.code("get_lines_xld", two) == 1501
