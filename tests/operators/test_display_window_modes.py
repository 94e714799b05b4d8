"""Region shapes, look-up tables and the stored window modes."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple


def open_window(call, width=80, height=60):
    (handle,) = call("dev_open_window", 0, 0, width, height, "black")
    return handle


def pixels(call, handle) -> np.ndarray:
    (image,) = call("dump_window_image", handle)
    return np.moveaxis(image[0].data, 0, -1)


def lit(call, handle) -> np.ndarray:
    return pixels(call, handle).any(axis=2)


def test_shapes_draw_what_shape_trans_makes(call):
    window = open_window(call)
    (blob,) = call("gen_region_polygon_filled", (10, 10, 40, 25), (10, 50, 50, 20))
    call("dev_set_shape", "rectangle1")
    call("dev_display", blob)
    (box,) = call("shape_trans", blob, "rectangle1")
    (box_mask,) = call("region_to_bin", box, 255, 0, 80, 60)
    assert np.array_equal(lit(call, window), box_mask[0].data[0] > 0)
    assert call("get_shape", window) == (("rectangle1",),)
    call("clear_window", window)
    call("set_shape", window, "original")
    call("dev_display", blob)
    (blob_mask,) = call("region_to_bin", blob, 255, 0, 80, 60)
    assert np.array_equal(lit(call, window), blob_mask[0].data[0] > 0)
    assert "ellipse" in call("query_shape")[0]
    assert call.code("set_shape", window, "icon") == 1302


def test_lut_maps_gray_images_only(call):
    window = open_window(call, 4, 1)
    gray = Image(np.array([[0, 64, 128, 255]], dtype=np.uint8), "byte")
    call("dev_set_lut", "inverse")
    call("dev_display", ObjectTuple([gray]))
    assert list(pixels(call, window)[0, :, 0]) == [255, 191, 127, 0]
    call("set_lut", window, "sqr")
    call("dev_display", ObjectTuple([gray]))
    assert list(pixels(call, window)[0, :, 1]) == [0, 16, 64, 255]
    call("set_lut", window, "temperature")
    call("dev_display", ObjectTuple([gray]))
    assert tuple(pixels(call, window)[0, 0]) == (0, 0, 0)
    assert tuple(pixels(call, window)[0, 3]) == (255, 255, 255)
    color = Image(np.array([10, 20, 30], dtype=np.uint8)[:, None, None].repeat(4, axis=2), "byte")
    call("dev_display", ObjectTuple([color]))
    assert tuple(pixels(call, window)[0, 0]) == (10, 20, 30)  # colour images bypass the table
    assert call("get_lut", window) == (("temperature",),)
    assert "rainbow" in call("query_lut", window)[0]
    assert call.code("dev_set_lut", "no_such_table") == 1301


@pytest.mark.parametrize(
    ("setter", "getter", "value", "default"),
    [
        ("set_part_style", "get_part_style", 2, 1),
        ("set_line_approx", "get_line_approx", 3, 0),
        ("set_paint", "get_paint", "histogram", "default"),
    ],
)
def test_stored_modes_come_back(call, setter, getter, value, default):
    window = open_window(call)
    assert call(getter, window) == ((default,),)
    call(setter, window, value)
    assert call(getter, window) == ((value,),)


def test_paint_modes_and_window_types(call):
    window = open_window(call)
    call("dev_set_paint", "default")
    assert "3d_plot" in call("query_paint", window)[0]
    assert call.code("set_paint", window, "sideways") == 1302
    assert call("query_window_type") == (("pixmap",),)
    assert call("get_window_type", window) == (("pixmap",),)
    call("set_window_type", "pixmap")
    assert call.code("set_window_type", "X-Window") == 1301
    assert call.code("set_part_style", window, 5) == 1302


def test_disp_channel_disp_color_and_clear_rectangle(call):
    window = open_window(call, 4, 2)
    planes = np.stack([np.full((2, 4), v, dtype=np.uint8) for v in (10, 20, 30, 40)])
    image = ObjectTuple([Image(planes, "byte")])
    call("disp_channel", image, window, 4)
    assert tuple(pixels(call, window)[0, 0]) == (40, 40, 40)
    call("disp_channel", image, window, (4, 1, 2))
    assert tuple(pixels(call, window)[0, 0]) == (40, 10, 20)
    assert call.code("disp_channel", image, window, 5) == 1302
    call("disp_color", image, window)
    assert tuple(pixels(call, window)[1, 3]) == (10, 20, 30)
    gray = ObjectTuple([Image(planes[:1], "byte")])
    assert call.code("disp_color", gray, window) == 9009
    call("clear_rectangle", window, 0, 1, 1, 2)
    assert tuple(pixels(call, window)[1, 1]) == (0, 0, 0)
    assert tuple(pixels(call, window)[1, 3]) == (10, 20, 30)
