"""connection, select_shape(_std), point tests, sort_region, region_to_label."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import ObjectTuple, Region


def _pixels(*pts: tuple[int, int]) -> Region:
    return Region.from_runs([p[0] for p in pts], [p[1] for p in pts], [p[1] for p in pts])


def _runs(objects: ObjectTuple) -> list[list[tuple[int, int, int]]]:
    return [list(zip(*(a.tolist() for a in o.runs), strict=True)) for o in objects]


def _rects(*boxes: tuple[int, int, int, int]) -> ObjectTuple:
    return ObjectTuple([Region.rectangle(*b) for b in boxes])


def test_connection_order_and_neighborhood(call):
    region = ObjectTuple([_pixels((5, 1), (1, 8), (1, 2), (2, 3))])
    (parts,) = call("connection", region)
    assert _runs(parts) == [[(1, 2, 2), (2, 3, 3)], [(1, 8, 8)], [(5, 1, 1)]]
    call("set_system", "neighborhood", 4)
    (parts4,) = call("connection", region)
    assert _runs(parts4) == [[(1, 2, 2)], [(1, 8, 8)], [(2, 3, 3)], [(5, 1, 1)]]


def test_connection_orders_by_first_pixel_even_when_labels_merge_late(call):
    # a U whose arms meet only at the bottom, and a dot between the arms
    u_shape = Region.from_runs([0, 0, 1, 1, 2], [0, 4, 0, 4, 0], [0, 4, 0, 4, 4])
    dot = _pixels((0, 2))
    (parts,) = call(
        "connection",
        ObjectTuple(
            [
                Region.from_runs(
                    np.concatenate([u_shape.runs[0], dot.runs[0]]),
                    np.concatenate([u_shape.runs[1], dot.runs[1]]),
                    np.concatenate([u_shape.runs[2], dot.runs[2]]),
                )
            ]
        ),
    )
    assert [p.area() for p in parts] == [9, 1]
    assert call("area_center", parts)[0] == (9, 1)
    # components of region 1 come before those of region 2; an empty region adds nothing
    regs = ObjectTuple([_pixels((9, 9)), Region.empty(), _pixels((0, 0), (0, 5))])
    (parts,) = call("connection", regs)
    assert _runs(parts) == [[(9, 9, 9)], [(0, 0, 0)], [(0, 5, 5)]]
    assert len(call("connection", ObjectTuple())[0]) == 0


def test_select_shape_ranges_operations_and_open_bounds(call):
    regs = _rects((0, 0, 9, 9), (20, 0, 21, 4), (30, 30, 59, 59))
    (sel,) = call("select_shape", regs, "area", "and", 50, 1000)
    assert [r.area() for r in sel] == [100, 900]
    (sel,) = call("select_shape", regs, ("area", "width"), "and", (50, 20), ("max", "max"))
    assert [r.area() for r in sel] == [900]
    (sel,) = call("select_shape", regs, ("area", "width"), "or", (800, 0), ("max", 5))
    assert [r.area() for r in sel] == [10, 900]
    (sel,) = call("select_shape", regs, "row", "and", "min", 10)
    assert [r.area() for r in sel] == [100]
    assert len(call("select_shape", regs, "area", "and", 5000, 9000)[0]) == 0
    # circularity = area / (pi * max^2): 10x10 -> 100 / (pi * 40.5), 30x30 -> 900 / (pi * 420.5)
    (sel,) = call("select_shape", regs, "circularity", "and", 0.7, 1.0)
    assert [r.area() for r in sel] == [100, 10]
    assert call.code("select_shape", regs, "areaa", "and", 1, 2) == 1301
    assert call.code("select_shape", regs, "area", "xor", 1, 2) == 1302
    assert call.code("select_shape", regs, ("area", "row"), "and", 1, (2, 3)) == 1403
    assert len(call("select_shape", ObjectTuple(), "area", "and", 0, 1)[0]) == 0
    (empty_kept,) = call("select_shape", ObjectTuple([Region.empty()]), "area", "and", 0, 1)
    assert len(empty_kept) == 1


def test_select_shape_std(call):
    l_shape = Region.from_runs([*range(10), 7, 8, 9], [0] * 13, [2] * 10 + [9, 9, 9])
    regs = ObjectTuple([l_shape, Region.rectangle(50, 50, 59, 59), Region.rectangle(0, 30, 9, 39)])
    (largest,) = call("select_shape_std", regs, "max_area", 70)
    assert len(largest) == 1 and largest[0] is regs[1]
    (rect,) = call("select_shape_std", regs, "rectangle1", 70)
    assert [r.area() for r in rect] == [100, 100]
    (loose,) = call("select_shape_std", regs, "rectangle1", 50)
    assert len(loose) == 3
    (turned,) = call("gen_rectangle2", 100, 100, 0.5, 20, 8)
    (oval,) = call("gen_ellipse", 100, 100, 0.5, 20, 8)
    (rot,) = call("select_shape_std", turned + oval + regs, "rectangle2", 85)
    assert [r.area() for r in rot] == [643, 100, 100]
    assert len(call("select_shape_std", ObjectTuple(), "max_area", 70)[0]) == 0


def test_point_tests(call):
    regs = _rects((0, 0, 9, 9), (5, 5, 14, 14), (20, 20, 20, 20))
    (sel,) = call("select_region_point", regs, 7, 7)
    assert list(sel) == [regs[0], regs[1]]
    (sel,) = call("select_region_point", regs, 19.6, 20.4)
    assert list(sel) == [regs[2]]
    assert call("test_region_point", regs, (3, 12, 30), (3, 12, 30)) == ((1, 1, 0),)
    assert call("test_region_point", regs, -1, 0) == ((0,),)
    hollow = ObjectTuple([Region.from_runs([0, 0], [0, 10], [3, 12])])
    assert call("test_region_point", hollow, (0, 0, 0, 0), (3, 4, 9, 10)) == ((1, 0, 0, 1),)


def test_sort_region_modes(call):
    a = Region.from_runs([5, 6], [10, 0], [12, 20])  # first point (5, 10)
    b = Region.from_runs([2], [30], [31])  # (2, 30)
    c = Region.from_runs([5], [3], [4])  # (5, 3)
    regs = ObjectTuple([a, b, c])
    (out,) = call("sort_region", regs, "first_point", "true", "row")
    assert list(out) == [b, c, a]
    (out,) = call("sort_region", regs, "first_point", "true", "column")
    assert list(out) == [c, a, b]
    (out,) = call("sort_region", regs, "first_point", "false", "row")
    assert list(out) == [a, c, b]
    (out,) = call("sort_region", regs, "upper_left", "true", "column")
    assert list(out) == [a, c, b]
    (out,) = call("sort_region", regs, "last_point", "true", "row")
    assert list(out) == [b, c, a]
    text = _rects((0, 20, 8, 25), (1, 0, 9, 5), (2, 10, 10, 15), (20, 5, 28, 9), (19, 0, 27, 3))
    (out,) = call("sort_region", text, "character", "true", "row")
    assert [r.bbox()[:2] for r in out] == [(1, 0), (2, 10), (0, 20), (19, 0), (20, 5)]
    assert call.code("sort_region", regs, "middle", "true", "row") == 1301


def test_region_to_label(call):
    regs = _rects((0, 0, 1, 1), (1, 1, 2, 3), (-5, -5, -1, -1))
    (label,) = call("region_to_label", regs, "int2", 5, 4)
    assert label[0].pixel_type == "int2"
    assert label[0].data[0].tolist() == [
        [1, 1, 0, 0, 0],
        [1, 2, 2, 2, 0],
        [0, 2, 2, 2, 0],
        [0, 0, 0, 0, 0],
    ]
    assert call.code("region_to_label", regs, "int2", 0, 4) == 1302
