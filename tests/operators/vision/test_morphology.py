"""Region morphology: discs from gen_circle, rectangles, any structuring element, borders."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.values.iconic import ObjectTuple, Region


def _point(row: int, col: int) -> ObjectTuple:
    return ObjectTuple([Region(row, col, np.ones((1, 1), dtype=bool))])


def _points(*pts: tuple[int, int]) -> ObjectTuple:
    rows = [p[0] for p in pts]
    cols = [p[1] for p in pts]
    r0, c0 = min(rows), min(cols)
    mask = np.zeros((max(rows) - r0 + 1, max(cols) - c0 + 1), dtype=bool)
    for r, c in pts:
        mask[r - r0, c - c0] = True
    return ObjectTuple([Region(r0, c0, mask)])


def _pixels(objects: ObjectTuple) -> set[tuple[int, int]]:
    region = objects[0]
    rr, cc = np.nonzero(region.mask)
    return {(int(r) + region.row, int(c) + region.column) for r, c in zip(rr, cc, strict=True)}


@pytest.mark.parametrize(
    ("radius", "area", "center"),
    [
        (1.5, 9, 20.0),
        (2.5, 21, 20.0),
        (3.5, 37, 20.0),
        (5.5, 97, 20.0),
        (1, 4, 19.5),
        (2, 12, 19.5),
    ],
)
def test_disc_areas_agree_with_gen_circle(call, radius, area, center):
    (circle,) = call("gen_circle", (20,), (20,), (radius,))
    assert call("area_center", circle) == ((area,), (center,), (center,))
    (dilated,) = call("dilation_circle", _point(20, 20), radius)
    assert call("area_center", dilated)[0] == (area,)
    assert _pixels(dilated) == _pixels(circle)


def test_gen_circle_rounds_radius_down_to_half_multiples(call):
    (a,) = call("gen_circle", (30,), (30,), (3.9,))
    assert call("area_center", a)[0] == (37,)
    (b,) = call("gen_circle", (30.4,), (29.6,), (2.5,))
    assert call("area_center", b) == ((21,), (30.0,), (30.0,))


def test_large_discs_match_the_structuring_element(call):
    for radius in (6.5, 12.5, 20.5, 24.5):
        (circle,) = call("gen_circle", (100,), (100,), (radius,))
        (dilated,) = call("dilation_circle", _point(100, 100), radius)
        assert _pixels(dilated) == _pixels(circle)
        (eroded,) = call("erosion_circle", circle, radius)
        assert _pixels(eroded) == {(100, 100)}


def test_erosion_and_opening_circle(call):
    (square,) = call("gen_rectangle1", (10,), (10,), (19,), (19,))
    (eroded,) = call("erosion_circle", square, 1.5)
    assert call("smallest_rectangle1", eroded) == ((11,), (11,), (18,), (18,))
    assert call("area_center", eroded)[0] == (64,)
    (gone,) = call("erosion_circle", square, 5.5)
    assert call("area_center", gone)[0] == (0,)
    (opened,) = call("opening_circle", square, 3.5)
    # each corner loses the 3 pixels a 7x7 disc of area 37 cannot reach
    assert call("area_center", opened) == ((88,), (14.5,), (14.5,))
    (bar,) = call("gen_rectangle1", (40,), (0,), (41,), (30,))
    (both,) = call("union2", square, bar)
    (cleaned,) = call("opening_circle", both, 1.5)
    assert call("area_center", cleaned)[0] == (100,)


def test_nothing_beyond_the_image_counts_as_foreground(call):
    (corner,) = call("gen_rectangle1", (0,), (0,), (7,), (7,))
    (eroded,) = call("erosion_rectangle1", corner, 3, 3)
    assert call("area_center", eroded)[0] == (36,)


def test_closing_at_the_border_is_clipped_only_at_the_end(call):
    (top,) = call("gen_rectangle1", (0,), (0,), (5,), (9,))
    (closed,) = call("closing_circle", top, 2.5)
    assert _pixels(closed) == _pixels(top)
    (closed,) = call("closing_rectangle1", top, 5, 5)
    assert _pixels(closed) == _pixels(top)


def test_closing_fills_gaps(call):
    (pair,) = call("gen_rectangle1", (10, 10), (10, 14), (20, 20), (12, 20))
    (united,) = call("union1", pair)
    (closed,) = call("closing_rectangle1", united, 3, 1)
    assert call("area_center", closed)[0] == (11 * 11,)
    (closed,) = call("closing_circle", united, 1.5)
    assert call("area_center", closed)[0] == (11 * 11,)


def test_dilation_is_clipped_to_the_system_size(call):
    (clipped,) = call("dilation_circle", _point(0, 0), 2.5)
    assert _pixels(clipped) == {(r, c) for r in range(3) for c in range(3) if r * r + c * c <= 6}
    call("set_system", "clip_region", "false")
    (free,) = call("dilation_circle", _point(0, 0), 2.5)
    assert call("area_center", free) == ((21,), (0.0,), (0.0,))
    assert call("smallest_rectangle1", free) == ((-2,), (-2,), (2,), (2,))
    call("set_system", "clip_region", "true")
    call("set_system", "width", 100)
    call("set_system", "height", 50)
    (edge,) = call("dilation_rectangle1", _point(49, 99), 5, 5)
    assert call("smallest_rectangle1", edge) == ((47,), (97,), (49,), (99,))


def test_even_rectangles_reach_further_right_and_down(call):
    (grown,) = call("dilation_rectangle1", _point(10, 10), 4, 2)
    assert call("smallest_rectangle1", grown) == ((10,), (9,), (11,), (12,))
    (square,) = call("gen_rectangle1", (0,), (0,), (9,), (9,))
    (shrunk,) = call("erosion_rectangle1", square, 4, 4)
    assert call("smallest_rectangle1", shrunk) == ((1,), (1,), (7,), (7,))
    (opened,) = call("opening_rectangle1", square, 4, 4)
    assert _pixels(opened) == _pixels(square)
    (thin,) = call("opening_rectangle1", square, 11, 1)
    assert call("area_center", thin)[0] == (0,)


def test_dilation1_mirrors_the_element_and_minkowski_add1_does_not(call):
    element = _points((0, 0), (0, 1), (1, 0))  # centre of gravity (1/3, 1/3) -> (0, 0)
    (added,) = call("minkowski_add1", _point(10, 10), element, 1)
    assert _pixels(added) == {(10, 10), (10, 11), (11, 10)}
    (dilated,) = call("dilation1", _point(10, 10), element, 1)
    assert _pixels(dilated) == {(10, 10), (10, 9), (9, 10)}
    (moved,) = call("minkowski_add1", _point(10, 10), _points((50, 50), (50, 51), (51, 50)), 1)
    assert _pixels(moved) == _pixels(added)
    (block,) = call("gen_rectangle1", (0,), (0,), (4,), (4,))
    (eroded,) = call("erosion1", block, element, 1)
    assert _pixels(eroded) == {(r, c) for r in range(4) for c in range(4)}
    (sub,) = call("minkowski_sub1", block, element, 1)
    assert _pixels(sub) == {(r, c) for r in range(1, 5) for c in range(1, 5)}


def test_reference_point_and_iterations(call):
    element = _points((5, 5), (5, 6))
    (added,) = call("minkowski_add2", _point(10, 10), element, 5, 5, 1)
    assert _pixels(added) == {(10, 10), (10, 11)}
    (dilated,) = call("dilation2", _point(10, 10), element, 5, 5, 1)
    assert _pixels(dilated) == {(10, 10), (10, 9)}
    (block,) = call("gen_rectangle1", (0,), (0,), (2,), (2,))
    (eroded,) = call("erosion2", block, element, 5, 5, 1)
    assert _pixels(eroded) == {(r, c) for r in range(3) for c in range(2)}
    (sub,) = call("minkowski_sub2", block, element, 5, 5, 1)
    assert _pixels(sub) == {(r, c) for r in range(3) for c in range(1, 3)}
    (cross,) = call("gen_rectangle1", (0,), (0,), (2,), (2,))
    (twice,) = call("dilation1", _point(20, 20), cross, 2)
    assert call("smallest_rectangle1", twice) == ((18,), (18,), (22,), (22,))
    assert call("area_center", twice)[0] == (25,)


def test_opening_closing_and_hats_with_any_element(call):
    (block,) = call("gen_rectangle1", (0,), (0,), (9,), (9,))
    (spur,) = call("gen_rectangle1", (4,), (10,), (4,), (15,))
    (shape,) = call("union2", block, spur)
    (element,) = call("gen_rectangle1", (100,), (100,), (102,), (102,))
    (opened,) = call("opening", shape, element)
    assert _pixels(opened) == _pixels(block)
    (hat,) = call("top_hat", shape, element)
    assert _pixels(hat) == _pixels(spur)
    (holed,) = call("difference", block, _point(5, 5))
    (closed,) = call("closing", holed, element)
    assert _pixels(closed) == _pixels(block)
    (bottom,) = call("bottom_hat", holed, element)
    assert _pixels(bottom) == {(5, 5)}


def test_empty_inputs(call):
    (empty,) = call("gen_empty_region")
    for name, args in [
        ("dilation_circle", (3.5,)),
        ("erosion_circle", (3.5,)),
        ("opening_circle", (3.5,)),
        ("closing_circle", (3.5,)),
        ("dilation_rectangle1", (3, 3)),
        ("erosion_rectangle1", (3, 3)),
        ("opening_rectangle1", (3, 3)),
        ("closing_rectangle1", (3, 3)),
    ]:
        (out,) = call(name, empty, *args)
        assert len(out) == 1 and call("area_center", out)[0] == (0,), name
        (none,) = call(name, ObjectTuple(), *args)
        assert len(none) == 0, name
    (out,) = call("dilation1", empty, _point(0, 0), 1)
    assert call("area_center", out)[0] == (0,)
    (nothing,) = call("minkowski_add1", _point(3, 3), empty, 1)
    assert call("area_center", nothing)[0] == (0,)
    (everything,) = call("erosion1", _point(3, 3), empty, 1)
    assert call("area_center", everything)[0] == (512 * 512,)


def test_wrong_values(call):
    # 130N: wrong value of control parameter N
    assert call.code("dilation_circle", _point(1, 1), 0.2) == 1301
    assert call.code("erosion_circle", _point(1, 1), 600) == 1301
    assert call.code("dilation_rectangle1", _point(1, 1), 0, 3) == 1301
    assert call.code("erosion_rectangle1", _point(1, 1), 3, 0) == 1302
    assert call.code("dilation1", _point(1, 1), _point(0, 0), 0) == 1301
    two = _point(0, 0) + _point(1, 1)
    assert call.code("opening", _point(1, 1), two) == 1502


def test_boundary(call):
    (square,) = call("gen_rectangle1", (2,), (2,), (6,), (6,))
    (inner,) = call("boundary", square, "inner")
    assert call("area_center", inner) == ((16,), (4.0,), (4.0,))
    (outer,) = call("boundary", square, "outer")
    assert call("area_center", outer)[0] == (20,)
    (holed,) = call("difference", square, _point(4, 4))
    (with_hole,) = call("boundary", holed, "inner")
    assert call("area_center", with_hole)[0] == (20,)
    (filled,) = call("boundary", holed, "inner_filled")
    assert _pixels(filled) == _pixels(inner)
    (clipped,) = call("boundary", _point(0, 0), "outer")
    assert _pixels(clipped) == {(0, 1), (1, 0)}


def test_skeleton(call):
    (bar,) = call("gen_rectangle1", (10,), (5,), (14,), (40,))
    (skel,) = call("skeleton", bar)
    pixels = _pixels(skel)
    assert {r for r, c in pixels if 12 <= c <= 33} == {12}
    assert {r for r, _ in pixels} <= {10, 11, 12, 13, 14}
    assert 28 <= len(pixels) <= 36
    (empty,) = call("gen_empty_region")
    (out,) = call("skeleton", empty)
    assert call("area_center", out)[0] == (0,)
