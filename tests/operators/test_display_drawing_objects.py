"""Drawing objects: fixed at their parameters in a headless run, readable as shapes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.errors import HalconError


def draw_id(call, name, *values):
    (handle,) = call(name, *values)
    return handle


def region_of(call, handle):
    (objects,) = call("get_drawing_object_iconic", handle)
    assert len(objects) == 1
    return objects


def same_pixels(call, region, reference_op, *args):
    (reference,) = call(reference_op, *args)
    (equal,) = call("test_equal_obj", region, reference)
    return equal == (1,)


def test_rectangles_and_circle_are_the_gen_regions(call):
    rect1 = draw_id(call, "create_drawing_object_rectangle1", 10, 20, 30, 45)
    assert same_pixels(call, region_of(call, rect1), "gen_rectangle1", 10, 20, 30, 45)
    rect2 = draw_id(call, "create_drawing_object_rectangle2", 50.0, 60.0, 0.4, 20.0, 8.0)
    assert same_pixels(call, region_of(call, rect2), "gen_rectangle2", 50.0, 60.0, 0.4, 20.0, 8.0)
    circle = draw_id(call, "create_drawing_object_circle", 40, 40, 12.5)
    assert same_pixels(call, region_of(call, circle), "gen_circle", 40, 40, 12.5)


def test_ellipse_area_and_orientation(call):
    handle = draw_id(call, "create_drawing_object_ellipse", 100.0, 100.0, 0.5, 40.0, 10.0)
    region = region_of(call, handle)
    (area,), (row,), (col,) = call("area_center", region)
    assert area == pytest.approx(math.pi * 40 * 10, rel=0.02)
    assert (row, col) == pytest.approx((100.0, 100.0), abs=0.05)
    (_ra,), (_rb,), (phi,) = call("elliptic_axis", region)
    assert phi == pytest.approx(0.5, abs=0.01)


def test_sector_is_the_given_part_of_the_circle(call):
    quarter = region_of(
        call, draw_id(call, "create_drawing_object_circle_sector", 50, 50, 30, 0, math.pi / 2)
    )
    (area,), (row,), (col,) = call("area_center", quarter)
    assert area == pytest.approx(math.pi * 30**2 / 4, rel=0.05)
    assert row < 50 and col > 50  # counter-clockwise from the column axis: the upper right
    tilted = draw_id(
        call,
        "create_drawing_object_ellipse_sector",
        50.0,
        50.0,
        math.pi / 2,
        30.0,
        10.0,
        0,
        math.pi,
    )
    (area,), (row,), (col,) = call("area_center", region_of(call, tilted))
    assert area == pytest.approx(math.pi * 30 * 10 / 2 + 30, rel=0.05)  # + the axis pixels
    assert col < 50  # the half on the left of the upward first axis


def test_line_and_xld_are_contours(call):
    line = draw_id(call, "create_drawing_object_line", 5, 6, 25, 36)
    contour = region_of(call, line)[0]
    assert list(contour.rows) == [5.0, 25.0] and list(contour.cols) == [6.0, 36.0]
    poly = draw_id(call, "create_drawing_object_xld", (0, 10, 10), (0, 0, 10))
    assert list(region_of(call, poly)[0].cols) == [0.0, 0.0, 10.0]
    (new,) = call("gen_contour_polygon_xld", (1, 2, 3, 4), (5, 6, 7, 8))
    call("set_drawing_object_xld", new, poly)
    assert call("get_drawing_object_params", poly, "row") == ((1.0, 2.0, 3.0, 4.0),)


def test_params_read_and_change_the_shape(call):
    handle = draw_id(call, "create_drawing_object_rectangle1", 10, 20, 30, 40)
    assert call("get_drawing_object_params", handle, ("type", "row2", "color")) == (
        ("rectangle1", 30, "yellow"),
    )
    call("set_drawing_object_params", handle, ("row2", "column2"), (12, 22))
    (area,), _, _ = call("area_center", region_of(call, handle))
    assert area == 9
    call("set_drawing_object_params", handle, "color", "red")
    assert call("get_drawing_object_params", handle, "color") == (("red",),)


@pytest.mark.parametrize(
    ("name", "value"),
    [("radius", -1), ("color", "no such color"), ("unknown", 3), ("line_width", 0)],
)
def test_bad_parameters_are_wrong_values(call, name, value):
    handle = draw_id(call, "create_drawing_object_circle", 40, 40, 10)
    with pytest.raises(HalconError) as info:
        call("set_drawing_object_params", handle, name, value)
    assert 1300 < info.value.code < 1400


def test_negative_radius_and_cleared_handle(call):
    with pytest.raises(HalconError) as info:
        call("create_drawing_object_circle", 40, 40, -3)
    assert info.value.code == 1303
    handle = draw_id(call, "create_drawing_object_circle", 40, 40, 3)
    call("clear_drawing_object", handle)
    with pytest.raises(HalconError) as info:
        call("get_drawing_object_iconic", handle)
    assert info.value.code == 2454


def test_attach_paints_the_outline_and_background(call):
    (window,) = call("dev_open_window", 0, 0, 64, 48, "black")
    (image,) = call("gen_image_const", "byte", 64, 48)
    (image,) = call("paint_region", call("gen_rectangle1", 0, 0, 47, 63)[0], image, 90, "fill")
    call("attach_background_to_window", image, window)
    handle = draw_id(call, "create_drawing_object_rectangle1", 10, 10, 30, 40)
    call("set_drawing_object_params", handle, "color", "red")
    call("attach_drawing_object_to_window", window, handle)
    (dump,) = call("dump_window_image", window)
    rgb = np.moveaxis(dump[0].data, 0, -1)
    assert tuple(rgb[10, 20]) == (255, 0, 0)  # on the outline
    assert tuple(rgb[20, 20]) == (90, 90, 90)  # inside: the background image
    call("detach_drawing_object_from_window", window, handle)
    with pytest.raises(HalconError):
        call("detach_drawing_object_from_window", window, handle)
    call("detach_background_from_window", window)
    (after,) = call("dump_window_image", window)
    assert np.array_equal(after[0].data, dump[0].data)  # what was painted stays
