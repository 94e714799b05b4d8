"""clip_region_rel, get_points_ellipse and abs_diff_image on hand-checked values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region


def test_clip_region_rel_cuts_margins_of_the_bounding_box(call):
    rect = ObjectTuple([Region.rectangle(10, 20, 19, 39), Region.empty()])
    (out,) = call("clip_region_rel", rect, 1, 2, 3, 4)
    assert out[0].bbox() == (11, 23, 17, 35) and out[0].area() == 7 * 13
    assert out[1].area() == 0
    (gone,) = call("clip_region_rel", ObjectTuple([rect[0]]), 5, 5, 0, 0)
    assert gone[0].area() == 0
    # a ring: the clip keeps only the pixels of the region inside the shrunk box
    mask = np.ones((5, 5), dtype=bool)
    mask[1:4, 1:4] = False
    (ring,) = call("clip_region_rel", ObjectTuple([Region(0, 0, mask)]), 1, 0, 0, 0)
    assert ring[0].area() == 16 - 5  # the top row (5 pixels) goes
    assert call("clip_region_rel", ObjectTuple([]), 1, 1, 1, 1) == (ObjectTuple([]),)
    assert call.code("clip_region_rel", rect, 1, -1, 1, 1) == 1302


def test_get_points_ellipse_uses_the_eccentric_anomaly(call):
    rows, cols = call("get_points_ellipse", (0, math.pi / 2, math.pi), 100, 200, 0, 50, 20)
    assert rows == pytest.approx((100, 80, 100)) and cols == pytest.approx((250, 200, 150))
    rows, cols = call("get_points_ellipse", 0, 100, 200, math.pi / 2, 50, 20)
    assert rows == pytest.approx((50,)) and cols == pytest.approx((200,))
    # eccentric, not polar: at 45 degrees the point is (R1 cos, R2 sin), not on the diagonal
    rows, cols = call("get_points_ellipse", math.pi / 4, 0, 0, 0, 40, 10)
    assert (-rows[0], cols[0]) == pytest.approx((10 / math.sqrt(2), 40 / math.sqrt(2)))
    assert call("get_points_ellipse", (), 0, 0, 0, 40, 10) == ((), ())
    assert call.code("get_points_ellipse", 0, 0, 0, 0, 0, 10) == 1305
    assert call.code("get_points_ellipse", 0, 0, 0, 0, 10, -1) == 1306


def test_abs_diff_image(call):
    a = ObjectTuple([Image(np.array([[[10, 200, 7]]], dtype=np.uint8), "byte")])
    b = ObjectTuple([Image(np.array([[[50, 100, 7]]], dtype=np.uint8), "byte")])
    (d,) = call("abs_diff_image", a, b, 1)
    assert d[0].pixel_type == "byte" and d[0].data.tolist() == [[[40, 100, 0]]]
    (d,) = call("abs_diff_image", a, b, 3)
    assert d[0].data.tolist() == [[[120, 255, 0]]]  # clipped to the byte range
    r1 = ObjectTuple([Image(np.array([[[1.5, -2.0]]], dtype=np.float32), "real")])
    r2 = ObjectTuple([Image(np.array([[[2.0, 1.0]]], dtype=np.float32), "real")])
    (d,) = call("abs_diff_image", r1, r2, 0.5)
    assert d[0].data.tolist() == [[[0.25, 1.5]]]
    assert call("abs_diff_image", ObjectTuple([]), ObjectTuple([]), 1) == (ObjectTuple([]),)
