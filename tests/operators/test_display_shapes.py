"""disp_arc, disp_ellipse and disp_polygon draw in image coordinates."""

from __future__ import annotations

import math

import numpy as np

RED = (255, 0, 0)
BLACK = (0, 0, 0)


def _pixels(call, handle) -> np.ndarray:
    (image,) = call("dump_window_image", handle)
    return np.moveaxis(image[0].data, 0, -1)


def test_arc_ellipse_and_polygon(call):
    (handle,) = call("open_window", 0, 0, 100, 100, 0, "visible", "")
    handle = handle[0]
    call("set_color", handle, "red")
    # begin at the right of (50, 50), radius 30, a quarter turn clockwise on screen: downwards
    call("disp_arc", handle, 50, 50, math.pi / 2, 50, 80)
    shown = _pixels(call, handle)
    a = 50 + 30 * math.sin(math.pi / 4)
    assert tuple(shown[round(a), round(a)]) == RED  # the arc passes the lower right diagonal
    assert tuple(shown[50 - 21, 50 + 21]) == BLACK  # not the upper right one
    assert tuple(shown[80, 50]) == RED and tuple(shown[20, 50]) == BLACK
    call("clear_window", handle)
    call("set_draw", handle, "fill")
    call("disp_ellipse", handle, 50, 50, 0, 30, 10)
    shown = _pixels(call, handle)
    assert tuple(shown[50, 75]) == RED and tuple(shown[50, 50]) == RED
    assert tuple(shown[65, 50]) == BLACK and tuple(shown[50, 85]) == BLACK
    call("clear_window", handle)
    call("disp_polygon", handle, (10, 10, 40), (10, 60, 60))
    shown = _pixels(call, handle)
    assert tuple(shown[10, 30]) == RED and tuple(shown[25, 60]) == RED
    assert tuple(shown[25, 35]) == BLACK  # open: no closing side
    assert call.code("disp_arc", handle, 50, 50, 0, 50, 80) == 1304
    assert call.code("disp_ellipse", handle, 50, 50, 0, -1, 10) == 1305
    assert call.code("disp_polygon", handle, (1, 2), (1,)) == 1403
