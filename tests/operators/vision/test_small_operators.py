"""set_grayval/copy_image, line geometry, region polygons and skeleton contours on
hand-made data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple, Region


def _img(arr: np.ndarray, pixel_type: str = "byte") -> ObjectTuple:
    arr = np.asarray(arr)
    return ObjectTuple([Image(arr if arr.ndim == 3 else arr[None], pixel_type)])


# --- set_grayval and copy_image -----------------------------------------------------------


def test_set_grayval_then_get_grayval(call):
    img = _img(np.zeros((5, 6), np.uint8))
    assert call("set_grayval", img, (1, 4), (2, 5), (7, 300)) == ()
    assert call("get_grayval", img, (1, 4, 0), (2, 5, 0))[0] == (7, 255, 0)  # clipped
    call("set_grayval", img, 2, 3, 12.6)
    assert call("get_grayval", img, 2, 3)[0] == (13,)


def test_set_grayval_per_channel_and_read_only_pixels(call):
    data = np.zeros((3, 4, 4), np.uint8)
    data.setflags(write=False)  # as read_image delivers them
    img = _img(data)
    call("set_grayval", img, (0, 3), (0, 3), (1, 2, 3, 4, 5, 6))
    assert call("get_grayval", img, (0, 3), (0, 3))[0] == (1, 2, 3, 4, 5, 6)
    assert data.max() == 0  # the read-only buffer itself is untouched


def test_copy_image_is_independent(call):
    img = _img(np.full((4, 4), 9, np.uint8))
    (dup,) = call("copy_image", img)
    call("set_grayval", img, 0, 0, 100)
    assert call("get_grayval", dup, 0, 0)[0] == (9,)
    assert call("get_grayval", img, 0, 0)[0] == (100,)
    assert len(call("copy_image", ObjectTuple())[0]) == 0


def test_set_grayval_errors(call):
    img = _img(np.zeros((5, 6), np.uint8))
    assert call.code("set_grayval", img, 5, 0, 1) == 1301
    assert call.code("set_grayval", img, 0, -1, 1) == 1302
    assert call.code("set_grayval", img, (0, 1), (0, 1), (1, 2, 3)) == 1403
    assert call.code("set_grayval", img, (0, 1), 0, 1) == 1402


# --- angle_lx, angle_ll, intersection_lines ---------------------------------------------


def test_angles_are_counter_clockwise_on_screen(call):
    # up on screen (row decreasing) is +pi/2; to the right is 0; left is pi
    assert call("angle_lx", 10, 10, 0, 10)[0] == pytest.approx((math.pi / 2,))
    assert call("angle_lx", (0, 0), (0, 0), (0, 5), (5, 5))[0] == pytest.approx((0.0, -math.pi / 4))
    assert call("angle_lx", 0, 0, 0, -3)[0] == pytest.approx((math.pi,))
    (a,) = call("angle_ll", 0, 0, 0, 10, 0, 0, -10, 10)
    assert a == pytest.approx((math.pi / 4,))
    (a,) = call("angle_ll", 0, 0, 0, -10, 0, 0, 10, 10)  # from pi to -pi/4: +3/4 pi
    assert a == pytest.approx((3 * math.pi / 4,))


def test_intersection_of_lines(call):
    row, col, over = call("intersection_lines", 0, 0, 10, 10, 0, 10, 10, 0)
    assert row == pytest.approx((5.0,)) and col == pytest.approx((5.0,)) and over == (0,)
    assert call("intersection_lines", 0, 0, 0, 10, 5, 0, 5, 10) == ((), (), (0,))
    assert call("intersection_lines", 0, 0, 1, 1, 3, 3, 7, 7) == ((), (), (1,))
    # tuple-wise: two line pairs at once
    row, col, over = call("intersection_lines", (0, 0), 0, (10, 10), (0, 10), 5, 0, 5, (3, 1))
    assert row == pytest.approx((5.0, 5.0)) and col == pytest.approx((0.0, 5.0))


# --- get_region_polygon -----------------------------------------------------------------


def test_region_polygon_of_a_rectangle_is_its_corners(call):
    (rows, cols) = call("get_region_polygon", ObjectTuple([Region.rectangle(2, 3, 10, 20)]), 1.0)
    assert sorted(zip(rows, cols, strict=True)) == [(2, 3), (2, 20), (10, 3), (10, 20)]
    assert call.code("get_region_polygon", ObjectTuple(), 1.0) == 1501


# --- gen_contours_skeleton_xld ----------------------------------------------------------


def _cross() -> Region:
    mask = np.zeros((21, 21), bool)
    mask[10, 0:21] = True  # horizontal line through a vertical one: one junction
    mask[0:21, 10] = True
    mask[10, 17:21] = True
    return Region.from_mask(mask)


def test_skeleton_splits_at_the_junction(call):
    (conts,) = call("gen_contours_skeleton_xld", ObjectTuple([_cross()]), 1, "filter")
    assert len(conts) == 4
    for c in conts:
        assert len(c) == 11  # 10 own pixels and the junction (10, 10)
        ends = {(c.rows[0], c.cols[0]), (c.rows[-1], c.cols[-1])}
        assert (10.0, 10.0) in ends
    (long,) = call("gen_contours_skeleton_xld", ObjectTuple([_cross()]), 12, "filter")
    assert len(long) == 0


def test_skeleton_loop_is_closed_and_short_branches_drop(call):
    mask = np.zeros((12, 12), bool)
    mask[2, 2:10] = mask[9, 2:10] = True
    mask[2:10, 2] = mask[2:10, 9] = True
    (conts,) = call("gen_contours_skeleton_xld", ObjectTuple([Region.from_mask(mask)]), 1, "filter")
    assert len(conts) == 1 and conts[0].closed and len(conts[0]) == 29
    mask2 = np.zeros((12, 30), bool)
    mask2[5, 0:30] = True
    mask2[2:5, 10] = True  # a 3-pixel spur splits the line in 'filter' mode
    reg = ObjectTuple([Region.from_mask(mask2)])
    (filt,) = call("gen_contours_skeleton_xld", reg, 8, "filter")
    (gen,) = call("gen_contours_skeleton_xld", reg, 8, "generalize1")
    assert sorted(len(c) for c in filt) == [11, 20]
    assert [len(c) for c in gen] == [30]
    assert call.code("gen_contours_skeleton_xld", reg, 1, "smooth") == 1302
