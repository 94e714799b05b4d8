"""fill_up(_shape), shape_trans, complement, partition_rectangle and the point/chord operators."""

from __future__ import annotations

import math

import pytest

from hdlite.plugin import ObjectTuple, Region


def _ring(hole: tuple[int, int, int, int] = (3, 3, 6, 6)) -> Region:
    outer = Region.rectangle(0, 0, 9, 9)
    r1, c1, r2, c2 = hole
    keep = [(r, b, e) for r, b, e in zip(*(a.tolist() for a in outer.runs), strict=True)]
    rows, cb, ce = [], [], []
    for r, b, e in keep:
        if r1 <= r <= r2:
            rows += [r, r]
            cb += [b, c2 + 1]
            ce += [c1 - 1, e]
        else:
            rows.append(r)
            cb.append(b)
            ce.append(e)
    return Region.from_runs(rows, cb, ce)


def _l_shape() -> ObjectTuple:
    return ObjectTuple([Region.from_runs([*range(10), 7, 8, 9], [0] * 13, [2] * 10 + [9, 9, 9])])


def test_fill_up_and_fill_up_shape(call):
    ring = ObjectTuple([_ring()])
    (filled,) = call("fill_up", ring)
    assert filled[0].same_pixels(Region.rectangle(0, 0, 9, 9))
    (kept,) = call("fill_up_shape", ring, "area", 1, 10)
    assert kept[0].area() == 84
    (done,) = call("fill_up_shape", ring, "area", 1, 20)
    assert done[0].area() == 100
    (by_radius,) = call("fill_up_shape", ring, "inner_circle", 1.0, 3.0)
    assert by_radius[0].area() == 100
    # a hole touching only diagonally is open to the outside for 8-connected regions
    notch = Region.from_runs([0, 1, 1, 2], [0, 0, 2, 0], [2, 0, 2, 1])
    assert call("fill_up", ObjectTuple([notch]))[0][0].area() == notch.area() + 1
    open_c = Region.from_runs([0, 1, 2], [0, 0, 0], [2, 0, 2])
    assert call("fill_up", ObjectTuple([open_c]))[0][0].area() == open_c.area()
    assert call.code("fill_up_shape", ring, "volume", 1, 2) == 1301


def test_shape_trans_types(call):
    l_shape = _l_shape()
    (hull,) = call("shape_trans", l_shape, "convex")
    assert hull[0].area() == 72
    (box,) = call("shape_trans", l_shape, "rectangle1")
    assert box[0].same_pixels(Region.rectangle(0, 0, 9, 9))
    (inner,) = call("shape_trans", l_shape, "inner_rectangle1")
    assert inner[0].area() == 30
    (rect,) = call("gen_rectangle2", 100, 100, 0.5, 20, 8)
    (rect2,) = call("shape_trans", rect, "rectangle2")
    assert abs(rect2[0].area() - rect[0].area()) <= 4
    (disc,) = call("gen_circle", 50, 50, 10.5)
    (outer,) = call("shape_trans", disc, "outer_circle")
    assert outer[0].same_pixels(disc[0])
    (inner_c,) = call("shape_trans", disc, "inner_circle")
    (outside,) = call("difference", inner_c, disc)
    assert outside[0].is_empty() and inner_c[0].area() >= 0.8 * disc[0].area()
    (ell,) = call("gen_ellipse", 60, 70, 0.3, 25, 10)
    (ell2,) = call("shape_trans", ell, "ellipse")
    assert abs(ell2[0].area() - ell[0].area()) <= 0.03 * ell[0].area()
    (centre,) = call("shape_trans", l_shape, "inner_center")
    assert centre[0].area() == 1 and call("test_region_point", l_shape, *centre[0].bbox()[:2])
    (empty,) = call("shape_trans", ObjectTuple([Region.empty()]), "convex")
    assert empty[0].is_empty()
    assert call.code("shape_trans", l_shape, "triangle") == 1301


def test_shape_trans_clips_to_the_system_size(call):
    (disc,) = call("gen_ellipse", 2, 2, 0, 10, 10)  # clipped on creation
    assert disc[0].bbox()[:2] == (0, 0)
    call("set_system", "clip_region", "false")
    (disc,) = call("gen_ellipse", 2, 2, 0, 10, 10)
    assert disc[0].bbox() == (-8, -8, 12, 12)
    (outer,) = call("shape_trans", disc, "rectangle1")
    assert outer[0].bbox() == (-8, -8, 12, 12)
    call("set_system", "clip_region", "true")
    (clipped,) = call("shape_trans", disc, "rectangle1")
    assert clipped[0].bbox() == (0, 0, 12, 12)


def test_complement_uses_the_system_size(call):
    call("set_system", "width", 20)
    call("set_system", "height", 10)
    (comp,) = call("complement", ObjectTuple([Region.rectangle(-5, -5, 4, 4)]))
    assert comp[0].area() == 200 - 25
    (full,) = call("complement", ObjectTuple([Region.empty()]))
    assert full[0].same_pixels(Region.rectangle(0, 0, 9, 19))


def test_partition_rectangle(call):
    (parts,) = call("partition_rectangle", ObjectTuple([Region.rectangle(0, 0, 9, 39)]), 10, 10)
    assert [p.bbox() for p in parts] == [(0, 10 * k, 9, 10 * k + 9) for k in range(4)]
    (small,) = call("partition_rectangle", ObjectTuple([Region.rectangle(0, 0, 9, 13)]), 10, 10)
    assert len(small) == 1
    (uneven,) = call("partition_rectangle", ObjectTuple([Region.rectangle(0, 0, 0, 24)]), 10, 1)
    assert [p.area() for p in uneven] == [8, 9, 8]  # 25 / 10 rounds to 3 equal cells
    (pieces,) = call("partition_rectangle", _l_shape(), 5, 5)
    assert sum(p.area() for p in pieces) == 51
    assert call.code("partition_rectangle", _l_shape(), 0, 5) == 1301


def test_region_runs_and_points_round_trip(call):
    region = ObjectTuple([Region.from_runs([3, 1, 1], [0, 5, 0], [2, 6, 1])])
    assert call("get_region_runs", region) == ((1, 1, 3), (0, 5, 0), (1, 6, 2))
    rows, cols = call("get_region_points", region)
    assert list(zip(rows, cols, strict=True)) == [
        (1, 0), (1, 1), (1, 5), (1, 6), (3, 0), (3, 1), (3, 2)
    ]  # fmt: skip
    (again,) = call("gen_region_points", rows[::-1], cols[::-1])
    assert again[0].same_pixels(region[0])
    (from_runs,) = call("gen_region_runs", (3, 1, 1), (0, 0, 1), (2, 6, 2))
    assert from_runs[0].runs[2].tolist() == [6, 2]
    assert call.code("gen_region_runs", 1, 5, 3) == 1303
    assert call("get_region_runs", ObjectTuple()) == ((), (), ())
    assert call("get_region_points", ObjectTuple([Region.empty()])) == ((), ())
    assert call.code("get_region_points", region + region) == 1501


def test_gen_region_line_and_gen_ellipse(call):
    (line,) = call("gen_region_line", 0, 0, 3, 6)
    rows, cols = call("get_region_points", line)
    assert len(rows) == 7 and (rows[0], cols[0], rows[-1], cols[-1]) == (0, 0, 3, 6)
    (two,) = call("gen_region_line", (0, 5), (0, 5), (0, 5), (4, 5))
    assert [r.area() for r in two] == [5, 1]
    (ell,) = call("gen_ellipse", 50, 50, 0, 10, 5)
    area, row, col = call("area_center", ell)
    assert abs(area[0] - math.pi * 50) < 8 and (row, col) == ((50.0,), (50.0,))
    assert ell[0].bbox() == (45, 40, 55, 60)
    (turned,) = call("gen_ellipse", 50, 50, math.pi / 2, 10, 5)
    assert turned[0].bbox() == (40, 45, 60, 55)
    ra, rb, _ = call("elliptic_axis", ell)
    assert ra[0] == pytest.approx(10, abs=0.5) and rb[0] == pytest.approx(5, abs=0.5)
    assert call.code("gen_ellipse", 0, 0, 0, -1, 2) == 1304
