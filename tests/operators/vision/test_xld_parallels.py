"""XLD parallels: finding parallel polygon sides, gray-value tests, extension, roads."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hdlite_image.xld_objects import Contour, Polygon

from hdlite.plugin import Image, ObjectTuple


def _polys(*pts: list[tuple[float, float]]) -> ObjectTuple:
    return ObjectTuple([Polygon([p[0] for p in v], [p[1] for p in v]) for v in pts])


def _road_image(top: int = 40, bottom: int = 60, value: int = 200) -> ObjectTuple:
    img = np.full((100, 200), 50, np.uint8)
    img[top : bottom + 1, :] = value
    return ObjectTuple([Image(img, "byte")])


def test_gen_parallels_pairs_parallel_sides_within_len_dist_alpha(call):
    road = _polys([(39.5, 10), (39.5, 190)], [(60.5, 190), (60.5, 10)])
    (par,) = call("gen_parallels_xld", road, 10.0, 30.0, 0.15, "true")
    assert call("get_obj_class", par) == (("xld_para",),)
    r1, c1, l1, p1, r2, c2, l2, p2 = call("get_parallels_xld", par)
    assert (r1, c1, l1, p1) == ((39.5, 39.5), (10.0, 190.0), (180.0, 0.0), (0.0, 0.0))
    assert (r2, c2, l2) == ((60.5, 60.5), (190.0, 10.0), (180.0, 0.0))
    assert p2 == pytest.approx((math.pi, 0.0))
    # too far apart (21 > Dist), too short (180 < Len), too steep (angle 0.2 > Alpha)
    assert len(call("gen_parallels_xld", road, 10.0, 20.0, 0.15, "true")[0]) == 0
    assert len(call("gen_parallels_xld", road, 200.0, 30.0, 0.15, "true")[0]) == 0
    steep = _polys([(39.5, 10), (39.5, 190)], [(60.5, 190), (60.5 + 180 * math.tan(0.2), 10)])
    assert len(call("gen_parallels_xld", steep, 10.0, 100.0, 0.15, "true")[0]) == 0
    assert len(call("gen_parallels_xld", steep, 10.0, 100.0, 0.25, "true")[0]) == 1
    # no overlap along the sides: no parallel
    apart = _polys([(0, 0), (0, 50)], [(10, 60), (10, 120)])
    assert len(call("gen_parallels_xld", apart, 10.0, 30.0, 0.15, "true")[0]) == 0


def test_merge_joins_neighbouring_side_pairs(call):
    # both edges bend at column 100 by 0.3 rad (more than Alpha): two side pairs
    bend = 100 * math.tan(0.3)
    a = [(40.0, 0), (40.0, 100), (40.0 + bend, 200)]
    b = [(60.0, 0), (60.0, 100), (60.0 + bend, 200)]
    polys = _polys(a, b)
    (merged,) = call("gen_parallels_xld", polys, 10.0, 30.0, 0.15, "true")
    (single,) = call("gen_parallels_xld", polys, 10.0, 30.0, 0.15, "false")
    assert len(merged) == 1 and len(single) == 2
    r1, c1, *_ = call("get_parallels_xld", merged)
    assert c1 == (0.0, 100.0, 200.0)
    # sides of one polygon pair up too (a U shape), but never neighbouring sides
    u = _polys([(10, 100), (10, 10), (40, 10), (40, 100)])
    (par,) = call("gen_parallels_xld", u, 10.0, 40.0, 0.15, "true")
    r1, c1, _, _, r2, c2, _, _ = call("get_parallels_xld", par)
    assert (r1, r2) == ((10.0, 10.0), (40.0, 40.0)) and (c1, c2) == ((100.0, 10.0), (10.0, 100.0))


def test_mod_parallels_filters_by_quality_and_gray_values_and_extends(call):
    # sides overlapping by half: quality 2 * 90 / (180 + 180) = 0.5
    half = _polys([(39.5, 10), (39.5, 190)], [(60.5, 280), (60.5, 100)])
    (par,) = call("gen_parallels_xld", half, 10.0, 30.0, 0.15, "true")
    q = call("info_parallels_xld", par, _road_image())
    assert q[0] == pytest.approx((0.5,)) and q[1] == pytest.approx((0.5,))
    for quality, kept in ((0.4, 1), (0.6, 0)):
        mod, ext = call("mod_parallels_xld", par, _road_image(), quality, 160, 220, 10.0)
        assert (len(mod), len(ext)) == (kept, kept)
    road = _polys([(39.5, 10), (39.5, 190)], [(60.5, 190), (60.5, 10)])
    (par,) = call("gen_parallels_xld", road, 10.0, 30.0, 0.15, "true")
    assert call("info_parallels_xld", par, _road_image())[2:] == ((200,), (200,), (0.0,), (0.0,))
    # mean gray 200: outside [100, 150] -> dropped; a noisy road -> dropped by MaxStandard
    assert len(call("mod_parallels_xld", par, _road_image(), 0.3, 100, 150, 10.0)[0]) == 0
    noisy = _road_image()[0].data.copy()
    noisy[0, 40:61:2, :] = 170
    (mod, _) = call(
        "mod_parallels_xld", par, ObjectTuple([Image(noisy[0], "byte")]), 0.3, 160, 220, 5.0
    )
    assert len(mod) == 0
    mod, ext = call("mod_parallels_xld", par, _road_image(), 0.3, 160, 220, 10.0)
    assert call("get_obj_class", mod) == (("xld_mod_para",),)
    assert call("get_obj_class", ext) == (("xld_ext_para",),)


def test_ext_parallels_grow_along_a_bent_side_while_homogeneous(call):
    # the lower edge turns by 0.24 rad at column 100 (more than Alpha 0.15): gen_parallels
    # pairs only the straight part; the extension takes the bent side, the area stays bright
    bent = _polys([(39.5, 10), (39.5, 190)], [(60.5, 190), (60.5, 100), (75.5, 40)])
    (par,) = call("gen_parallels_xld", bent, 10.0, 30.0, 0.15, "true")
    assert call("get_parallels_xld", par)[5] == (190.0, 100.0)
    mod, ext = call("mod_parallels_xld", par, _road_image(30, 90), 0.3, 160, 220, 10.0)
    assert call("get_parallels_xld", mod)[5] == (190.0, 100.0)
    assert call("get_parallels_xld", ext)[5] == (190.0, 100.0, 40.0)
    # where the bent part would enclose dark pixels the extension stops
    mod, ext = call("mod_parallels_xld", par, _road_image(39, 61), 0.3, 160, 220, 10.0)
    assert call("get_parallels_xld", ext)[5] == (190.0, 100.0)


def test_combine_roads_takes_parallels_along_centre_lines(call):
    edges = _polys([(39.5, 10), (39.5, 190)], [(60.5, 190), (60.5, 10)], [(70, 30), (98, 30)])
    (par,) = call("gen_parallels_xld", edges, 10.0, 30.0, 0.15, "true")
    mod, ext = call("mod_parallels_xld", par, _road_image(), 0.3, 160, 220, 10.0)
    centre = _polys([(50.0, 20), (50.0, 170)])
    (sides,) = call("combine_roads_xld", edges, mod, ext, centre, 0.5, 0.3, 40.0, 40.0)
    assert call("get_obj_class", sides) == (("xld_poly", "xld_poly"),)
    rows = sorted(call("get_polygon_xld", ObjectTuple([s]))[0] for s in sides)
    assert rows == [(39.5, 39.5), (60.5, 60.5)]
    # a centre line across the road (90 degrees off) or far away finds no sides
    across = _polys([(10.0, 100), (90.0, 100)])
    assert len(call("combine_roads_xld", edges, mod, ext, across, 0.5, 0.3, 40.0, 40.0)[0]) == 0
    far = _polys([(150.0, 20), (150.0, 170)])
    assert len(call("combine_roads_xld", edges, mod, ext, far, 0.5, 0.3, 40.0, 40.0)[0]) == 0
    # a gap in an edge is bridged by a collinear edge-polygon side near the centre line
    gap_edges = _polys(
        [(39.5, 10), (39.5, 190)], [(60.5, 190), (60.5, 100)], [(60.5, 90), (60.5, 20)]
    )
    (par,) = call("gen_parallels_xld", gap_edges, 10.0, 30.0, 0.15, "false")
    mod, ext = call("mod_parallels_xld", par, _road_image(), 0.3, 160, 220, 10.0)
    (sides,) = call("combine_roads_xld", gap_edges, mod, ext, centre, 0.5, 0.3, 40.0, 40.0)
    cols = sorted(call("get_polygon_xld", ObjectTuple([s]))[1] for s in sides)
    assert (90.0, 20.0) in cols


def test_parallels_store_and_display(call, tmp_path):
    road = _polys([(39.5, 10), (39.5, 190)], [(60.5, 190), (60.5, 10)])
    (par,) = call("gen_parallels_xld", road, 10.0, 30.0, 0.15, "true")
    mod, ext = call("mod_parallels_xld", par, _road_image(), 0.3, 160, 220, 10.0)
    path = str(tmp_path / "para.hobj")
    both = ObjectTuple([par[0], mod[0], ext[0]])
    call("write_object", both, path)
    (back,) = call("read_object", path)
    assert call("get_obj_class", back) == (("xld_para", "xld_mod_para", "xld_ext_para"),)
    assert call("test_equal_obj", both, back) == ((1,),)
    assert call("get_parallels_xld", ObjectTuple([back[2]])) == call("get_parallels_xld", ext)


def test_parallel_operators_empty_inputs_and_wrong_values(call):
    empty = ObjectTuple([])
    assert call("gen_parallels_xld", empty, 10.0, 30.0, 0.15, "true") == (empty,)
    assert call("mod_parallels_xld", empty, _road_image(), 0.3, 160, 220, 10.0) == (empty, empty)
    assert call("combine_roads_xld", empty, empty, empty, empty, 0.5, 0.3, 40.0, 40.0) == (empty,)
    road = _polys([(39.5, 10), (39.5, 190)], [(60.5, 190), (60.5, 10)])
    assert call.code("gen_parallels_xld", road, -1.0, 30.0, 0.15, "true") == 1301
    assert call.code("gen_parallels_xld", road, 10.0, 30.0, 0.15, "yes") == 1304
    (par,) = call("gen_parallels_xld", road, 10.0, 30.0, 0.15, "true")
    assert call.code("mod_parallels_xld", par, _road_image(), 1.5, 160, 220, 10.0) == 1301
    assert call.code("mod_parallels_xld", par, _road_image(), 0.3, 220, 160, 10.0) == 1303
    assert call.code("mod_parallels_xld", par, _road_image(), 0.3, 160, 220, -1.0) == 1304
    assert call.code("mod_parallels_xld", road, _road_image(), 0.3, 160, 220, 10.0) == 9054
    assert (
        call.code("gen_parallels_xld", ObjectTuple([Contour([0.0], [0.0])]), 1, 1, 1, "true")
        == 9054
    )
    assert call.code("get_parallels_xld", empty) == 1501
    assert call.code("info_parallels_xld", empty, _road_image()) == 9053
