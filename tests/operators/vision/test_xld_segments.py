"""XLD smoothing, segmentation into lines and arcs, attribute parts, distances, union, sort."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hdlite_image.xld_objects import Contour

from hdlite.plugin import ObjectTuple


def _one(c: Contour) -> ObjectTuple:
    return ObjectTuple([c])


def _slot() -> Contour:
    """A 50-px line along row 100, a half circle of radius 30 around (130, 150), a line back."""
    t = np.arange(51.0)
    top = np.stack([np.full(51, 100.0), 100 + t], 1)
    a = np.linspace(math.pi / 2, -math.pi / 2, 95)
    arc = np.stack([130 - 30 * np.sin(a), 150 + 30 * np.cos(a)], 1)
    bottom = np.stack([np.full(51, 160.0), 150 - t], 1)
    pts = np.vstack([top, arc[1:], bottom[1:]])
    return Contour(pts[:, 0], pts[:, 1])


def test_smooth_contours_keeps_lines_and_ends_and_flattens_a_zigzag(call):
    line = Contour([0.0, 1, 2, 3, 4, 5], [0.0, 2, 4, 6, 8, 10], {"response": [1, 2, 3, 4, 5, 6]})
    (out,) = call("smooth_contours_xld", _one(line), 5)
    assert np.allclose(out[0].rows, line.rows) and np.allclose(out[0].cols, line.cols)
    assert call("get_contour_attrib_xld", out, "response") == ((1.0, 2.0, 3.0, 4.0, 5.0, 6.0),)
    # rows alternate 0/1: inner points move to the regression line through 3 or 5 points
    zig = Contour([0.0, 1, 0, 1, 0, 1, 0], [0.0, 1, 2, 3, 4, 5, 6])
    (out,) = call("smooth_contours_xld", _one(zig), 3)
    rows = out[0].rows
    assert rows[0] == 0.0 and rows[-1] == 0.0  # end points stay
    # window (0,0) (1,1) (2,0): the regression line is row = 1/3, the point projects onto it
    assert rows[1] == pytest.approx(1 / 3) and rows[2] == pytest.approx(2 / 3)
    # a closed circle stays closed and keeps its radius within a fraction of a pixel
    (circ,) = call("gen_circle_contour_xld", 50.0, 50.0, 20.0, 0.0, 6.28318, "positive", 1.0)
    (sm,) = call("smooth_contours_xld", circ, 7)
    r = np.hypot(sm[0].rows - 50, sm[0].cols - 50)
    assert sm[0].closed and np.all(np.abs(r - 20) < 0.2)


def test_smooth_and_segment_empty_and_wrong_values(call):
    assert call("smooth_contours_xld", ObjectTuple([]), 5) == (ObjectTuple([]),)
    assert call("segment_contours_xld", ObjectTuple([]), "lines", 5, 4.0, 2.0) == (ObjectTuple([]),)
    c = _one(Contour([0.0, 1], [0.0, 1]))
    assert call.code("smooth_contours_xld", c, 4) == 1301
    assert call.code("smooth_contours_xld", c, 1) == 1301
    assert call.code("segment_contours_xld", c, "lines", 4, 4.0, 2.0) == 1302
    assert call.code("segment_contours_xld", c, "circles", 5, 4.0, 2.0) == 1301
    assert call.code("segment_contours_xld", c, "lines", 5, -1.0, 2.0) == 1303


def test_segment_contours_lines_and_arcs_with_cont_approx(call):
    slot = _one(_slot())
    (lines,) = call("segment_contours_xld", slot, "lines", 0, 4.0, 2.0)
    approx = [
        call("get_contour_global_attrib_xld", ObjectTuple([p]), "cont_approx")[0][0] for p in lines
    ]
    assert set(approx) == {-1.0} and len(lines) >= 4
    # consecutive parts share their end points, the first and last points are the input's
    assert all(
        a.rows[-1] == b.rows[0] and a.cols[-1] == b.cols[0] for a, b in itertools.pairwise(lines)
    )
    assert (lines[0].rows[0], lines[0].cols[0]) == (100.0, 100.0)
    for mode, arc_code in (("lines_circles", 1.0), ("lines_ellipses", 0.0)):
        (parts,) = call("segment_contours_xld", slot, mode, 0, 4.0, 2.0)
        kinds = [p.global_attribs["cont_approx"] for p in parts]
        assert kinds == [-1.0, arc_code, -1.0], mode
        (arc,) = [p for p in parts if p.global_attribs["cont_approx"] == arc_code]
        r, c, rad, *_ = call(
            "fit_circle_contour_xld", ObjectTuple([arc]), "algebraic", -1, 0, 0, 3, 2
        )
        assert (r[0], c[0], rad[0]) == pytest.approx((130.0, 150.0, 30.0), abs=1e-6)
    # a full circle is one circular arc
    (circ,) = call("gen_circle_contour_xld", 100.0, 100.0, 50.0, 0.0, 6.28318, "positive", 1.0)
    (parts,) = call("segment_contours_xld", circ, "lines_circles", 5, 4.0, 2.0)
    assert len(parts) == 1 and parts[0].global_attribs["cont_approx"] == 1.0


def test_segment_contour_attrib_parts(call):
    d = [5.0, 40.0, 41.0, 3.0, 50.0, 50.0, 2.0]
    w = [0.0, 0.0, 9.0, 9.0, 9.0, 0.0, 0.0]
    c = Contour(np.zeros(7), np.arange(7.0), {"distance": d, "width_left": w})
    (parts,) = call("segment_contour_attrib_xld", _one(c), "distance", "and", 30, 100)
    assert [p.cols.tolist() for p in parts] == [[1.0, 2.0], [4.0, 5.0]]
    assert parts[0].attribs["distance"].tolist() == [40.0, 41.0]
    names = ("distance", "width_left")
    (both,) = call("segment_contour_attrib_xld", _one(c), names, "and", (30, 5), (100, 10))
    assert [p.cols.tolist() for p in both] == [[2.0], [4.0]]
    (either,) = call("segment_contour_attrib_xld", _one(c), names, "or", (30, 5), (100, 10))
    assert [p.cols.tolist() for p in either] == [[1.0, 2.0, 3.0, 4.0, 5.0]]
    (none,) = call("segment_contour_attrib_xld", _one(c), "distance", "and", 100, 200)
    assert len(none) == 0
    # on a closed contour a run through the start point is one part
    closed = Contour([0.0, 0, 1, 1, 0], [0.0, 1, 1, 0, 0], {"distance": [1, 9, 9, 1, 1]})
    (ring,) = call("segment_contour_attrib_xld", _one(closed), "distance", "and", 0, 2)
    assert [list(zip(p.rows, p.cols, strict=True)) for p in ring] == [[(1.0, 0.0), (0.0, 0.0)]]
    assert call.code("segment_contour_attrib_xld", _one(c), "angle", "and", 0, 1) == 1301
    assert call.code("segment_contour_attrib_xld", _one(c), names, "and", (1, 2, 3), 5) == 1403


def test_distance_contours_point_to_point_and_segment(call):
    src = _one(Contour([0.0, 5, 10], [0.0, 0, 0], {"response": [1, 2, 3]}))
    dst = ObjectTuple([Contour([0.0, 10], [3.0, 3]), Contour([5.0], [1.5])])
    (seg,) = call("distance_contours_xld", src, dst, "point_to_segment")
    assert call("get_contour_attrib_xld", seg, "distance") == ((3.0, 1.5, 3.0),)
    assert call("get_contour_attrib_xld", seg, "response") == ((1.0, 2.0, 3.0),)
    (pts,) = call("distance_contours_xld", src, ObjectTuple([dst[0]]), "point_to_point")
    assert call("get_contour_attrib_xld", pts, "distance")[0] == pytest.approx(
        (3.0, math.hypot(5, 3), 3.0)
    )
    assert call("distance_contours_xld", ObjectTuple([]), dst, "point_to_point") == (
        ObjectTuple([]),
    )
    assert call.code("distance_contours_xld", src, ObjectTuple([]), "point_to_point") == 9053
    assert call.code("distance_contours_xld", src, dst, "segment") == 1301


def test_union_adjacent_contours_uses_both_limits(call):
    # lengths 500 and 705.7, gap sqrt(2): joined exactly at MaxDistRel = sqrt(2) / 705.7
    a, b = Contour([500.0, 1000], [1.0, 1]), Contour([1001.0, 1500], [2.0, 501])
    (u,) = call(
        "union_adjacent_contours_xld", ObjectTuple([a, b]), math.sqrt(2), 0.0020041, "attr_keep"
    )
    assert len(u) == 1 and u[0].rows.tolist() == [500.0, 1000.0, 1001.0, 1500.0]
    (u,) = call(
        "union_adjacent_contours_xld", ObjectTuple([a, b]), math.sqrt(2), 0.002, "attr_keep"
    )
    assert len(u) == 2
    (u,) = call("union_adjacent_contours_xld", ObjectTuple([a, b]), 1.4, 1.0, "attr_keep")
    assert len(u) == 2


def test_union_adjacent_contours_reverses_and_keeps_attributes(call):
    c1 = Contour([0.0, 0], [0.0, 10], {"response": [1, 2], "angle": [0, 0]})
    c2 = Contour([0.0, 0], [30.0, 12], {"response": [4, 3]})
    far = Contour([50.0, 50], [0.0, 5])
    (u,) = call("union_adjacent_contours_xld", ObjectTuple([c1, c2, far]), 5, 1, "attr_keep")
    assert len(u) == 2
    assert u[0].cols.tolist() == [0.0, 10.0, 12.0, 30.0]
    assert sorted(u[0].attribs) == ["response"]
    assert u[0].attribs["response"].tolist() == [1.0, 2.0, 3.0, 4.0]
    assert u[1].cols.tolist() == [0.0, 5.0]
    (u,) = call("union_adjacent_contours_xld", ObjectTuple([c1, c2]), 5, 1, "attr_forget")
    assert len(u) == 1 and u[0].attribs == {}
    assert call("union_adjacent_contours_xld", ObjectTuple([]), 10, 1, "attr_keep") == (
        ObjectTuple([]),
    )
    assert call.code("union_adjacent_contours_xld", ObjectTuple([c1]), -1, 1, "attr_keep") == 1301
    assert call.code("union_adjacent_contours_xld", ObjectTuple([c1]), 1, 1, "keep") == 1303


def test_sort_contours_by_corner_and_as_characters(call):
    a = Contour([10.0, 20], [50.0, 60])
    b = Contour([0.0, 30], [80.0, 70])
    c = Contour([40.0, 45], [0.0, 5])
    objs = ObjectTuple([a, b, c])
    (s,) = call("sort_contours_xld", objs, "upper_left", "true", "row")
    assert list(s) == [b, a, c]
    (s,) = call("sort_contours_xld", objs, "upper_left", "true", "column")
    assert list(s) == [c, a, b]
    (s,) = call("sort_contours_xld", objs, "lower_right", "false", "row")
    assert list(s) == [c, b, a]
    (s,) = call("sort_contours_xld", objs, "character", "true", "row")
    assert list(s) == [a, b, c]  # a and b overlap in rows: one line, sorted by column
    assert call("sort_contours_xld", ObjectTuple([]), "upper_left", "true", "row") == (
        ObjectTuple([]),
    )
    assert call.code("sort_contours_xld", objs, "first_point", "true", "row") == 1301
