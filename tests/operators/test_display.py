"""The headless display: windows, images, regions, contours, text, dumps and PNGs at stop."""

from __future__ import annotations

import numpy as np
import pytest
from hdlite_display.state import Window
from PIL import Image as PILImage

from hdlite.errors import HalconError
from hdlite.plugin.calls import CallContext
from hdlite.values.control import Handle
from hdlite.values.iconic import Image, ObjectTuple, Region

RED = (255, 0, 0)
GREEN = (0, 255, 0)
BLUE = (0, 0, 255)
BLACK = (0, 0, 0)
WHITE = (255, 255, 255)


def pixels(call, handle) -> np.ndarray:
    """The window contents as an (h, w, 3) array, through dump_window_image."""
    (image,) = call("dump_window_image", handle)
    assert len(image) == 1 and image[0].pixel_type == "byte" and image[0].channels == 3
    return np.moveaxis(image[0].data, 0, -1)


def open_dev(call, width=64, height=48, background="black") -> Handle:
    (handle,) = call("dev_open_window", 0, 0, width, height, background)
    return handle[0]


def gradient(height=48, width=64) -> Image:
    data = (np.arange(height)[:, None] * 3 + np.arange(width)[None, :]).astype(np.uint8)
    return Image(data, "byte")


def objects(*items) -> ObjectTuple:
    return ObjectTuple(items)


# -- windows ------------------------------------------------------------------------------


def test_dev_open_window_gives_a_window_handle_of_the_asked_size(call):
    handle = open_dev(call, 64, 48, "white")
    assert handle.kind == "window"
    assert call("get_window_extents", handle) == ((0,), (0,), (64,), (48,))
    assert (pixels(call, handle) == 255).all()
    assert call("dev_get_window")[0][0] is handle


def test_dev_window_switching_and_closing(call):
    first = open_dev(call)
    second = open_dev(call)
    assert call("dev_get_window")[0][0] is second
    call("dev_set_window", first)
    assert call("dev_get_window")[0][0] is first
    call("dev_close_window")
    assert first.cleared
    assert call("dev_get_window")[0][0] is second
    call("dev_close_window")
    assert call.code("dev_get_window") == 5106


def test_initial_window_appears_when_dev_operators_need_one(call):
    (handle,) = call("dev_get_window")
    assert call("get_window_extents", handle[0])[2:] == ((512,), (512,))


def test_closed_window_handle_raises_2454(call, host):
    handle = open_dev(call)
    call("close_window", handle)
    assert handle.cleared
    assert call.code("clear_window", handle) == 2454
    assert call.code("dev_set_window", handle) == 2454
    op = host.registry.get("clear_window")  # the operator checks too, when called directly
    with pytest.raises(HalconError) as info:
        op.func(CallContext(call.session, op, None), (handle,))
    assert info.value.code == 2454


def test_wrong_handle_kind_raises_2404(call):
    other = Handle("dict", {})
    assert call.code("clear_window", other) == 2404


def test_open_window_uses_window_attr_background(call):
    call("set_window_attr", "background_color", "blue")
    (handle,) = call("open_window", 0, 0, 20, 10, 0, "visible", "")
    assert tuple(pixels(call, handle[0])[5, 5]) == BLUE
    assert call("get_window_attr", "background_color") == (("blue",),)
    assert call.code("open_window", 0, 0, 0, 10, 0, "visible", "") == 1303
    assert call.code("open_window", 0, 0, 10, 10, 0, "hidden", "") == 1306


def test_window_extents_and_params(call):
    handle = open_dev(call, 40, 30)
    call("set_window_extents", handle, 5, 6, 80, -1)
    assert call("get_window_extents", handle) == ((5,), (6,), (80,), (30,))
    assert pixels(call, handle).shape == (30, 80, 3)
    call("dev_set_window_extents", -1, -1, 20, 10)
    assert call("get_window_extents", handle) == ((5,), (6,), (20,), (10,))
    call("set_window_param", handle, "background_color", "red")
    assert call("get_window_param", handle, "background_color") == (("red",),)
    call("clear_window", handle)
    assert tuple(pixels(call, handle)[0, 0]) == RED
    assert call.code("set_window_param", handle, "no_such_param", 1) == 5190
    assert call.code("set_window_param", handle, "flush", "maybe") == 5191


def test_flush_off_shows_drawing_only_after_flush_buffer(call):
    handle = open_dev(call, 20, 20)
    call("set_window_param", handle, "flush", "false")
    assert call("get_window_param", handle, "flush") == (("false",),)
    call("set_color", handle, "red")
    call("disp_rectangle1", handle, 0, 0, 19, 19)
    assert tuple(pixels(call, handle)[10, 10]) == BLACK
    call("flush_buffer", handle)
    assert tuple(pixels(call, handle)[10, 10]) == RED
    call("set_window_param", handle, "flush", "true")
    assert call("get_window_param", handle, "flush") == (("true",),)


# -- images and regions ---------------------------------------------------------------------


def test_display_byte_image_pixel_for_pixel(call):
    handle = open_dev(call, 64, 48)
    image = gradient()
    call("dev_display", objects(image))
    shown = pixels(call, handle)
    assert (shown[..., 0] == image.data[0]).all() and (shown[..., 2] == image.data[0]).all()
    assert call("get_part", handle) == ((0,), (0,), (47,), (63,))


def test_dev_display_zooms_to_a_new_image_size(call):
    handle = open_dev(call, 64, 48)
    small = gradient(24, 32)
    call("dev_display", objects(small))
    assert call("get_part", handle) == ((0,), (0,), (23,), (31,))
    shown = pixels(call, handle)[..., 1]
    assert (shown[::2, ::2] == small.data[0]).all() and (shown[1::2, 1::2] == small.data[0]).all()


def test_set_part_zooms_into_the_image(call):
    (handle,) = call("open_window", 0, 0, 40, 40, 0, "visible", "")
    handle = handle[0]
    call("set_part", handle, 10, 20, 19, 29)
    image = gradient(48, 64)
    call("disp_obj", objects(image), handle)
    shown = pixels(call, handle)[..., 0]
    assert shown[0, 0] == image.data[0, 10, 20]
    assert shown[39, 39] == image.data[0, 19, 29]
    assert shown[4, 4] == image.data[0, 11, 21]
    assert call.code("set_part", handle, 10, 0, 5, 10) == 5174


def test_dev_set_part_with_row1_above_row2_resets_to_the_image(call):
    handle = open_dev(call, 64, 48)
    call("dev_display", objects(gradient()))
    call("dev_set_part", 10, 10, 20, 20)
    assert call("get_part", handle) == ((10,), (10,), (20,), (20,))
    call("dev_set_part", 1, 1, -1, -1)
    assert call("get_part", handle) == ((1,), (1,), (48,), (64,))
    call("dev_set_part", 5, 5, 0, 0)
    assert call("get_part", handle) == ((0,), (0,), (47,), (63,))


def test_real_image_is_scaled_to_the_byte_range(call):
    handle = open_dev(call, 4, 2)
    data = np.array([[10.0, 12.5, 15.0, 20.0], [20.0, 10.0, 10.0, 10.0]], dtype=np.float32)
    call("dev_display", objects(Image(data, "real")))
    shown = pixels(call, handle)[..., 0]
    assert shown[0].tolist() == [0, 64, 128, 255]


def test_rgb_image_and_domain(call):
    handle = open_dev(call, 8, 8, "white")
    data = np.zeros((3, 8, 8), dtype=np.uint8)
    data[0] = 200
    data[2] = 50
    domain = Region.rectangle(0, 0, 3, 7)
    call("dev_display", objects(Image(data, "byte", domain)))
    shown = pixels(call, handle)
    assert tuple(shown[1, 1]) == (200, 0, 50)
    assert tuple(shown[6, 1]) == WHITE  # outside the domain: untouched


def test_region_fill_and_margin(call):
    handle = open_dev(call, 64, 48)
    call("dev_display", objects(gradient()))
    call("dev_set_color", "red")
    call("dev_display", objects(Region.rectangle(10, 10, 20, 30)))
    shown = pixels(call, handle)
    assert tuple(shown[15, 20]) == RED and tuple(shown[9, 20]) != RED
    call("dev_set_draw", "margin")
    call("dev_set_color", "green")
    call("dev_display", objects(Region.rectangle(30, 5, 40, 25)))
    shown = pixels(call, handle)
    assert tuple(shown[30, 15]) == GREEN and tuple(shown[35, 5]) == GREEN
    assert tuple(shown[35, 15]) == (35 * 3 + 15,) * 3  # inside: the image still shows


def test_regions_are_painted_only_around_themselves(call):
    """Thousands of small regions (connection of a noisy threshold) display through boxes
    around each region: the pixels match the region, zoomed, clipped and outlined."""
    handle = open_dev(call, 64, 48)
    call("dev_set_color", "red")
    dots = [Region.rectangle(r, c, r, c) for r in range(0, 24, 2) for c in range(0, 32, 2)]
    call("dev_set_part", 0, 0, 23, 31)  # 2 x 2 window pixels per image pixel
    call("dev_display", objects(*dots))
    shown = np.all(pixels(call, handle) == RED, axis=-1)
    expected = np.zeros((48, 64), bool)
    for r in range(0, 48, 4):
        for c in range(0, 64, 4):
            expected[r : r + 2, c : c + 2] = True
    assert np.array_equal(shown, expected)
    # a margin region cut by the window's edge is outlined along that edge, 3 pixels wide
    call("dev_clear_window")
    call("dev_set_part", 0, 0, 47, 63)
    call("dev_set_draw", "margin")
    call("dev_set_line_width", 3)
    call("dev_display", objects(Region.rectangle(-10, 20, 20, 40)))
    shown = np.all(pixels(call, handle) == RED, axis=-1)
    assert shown[0, 30] and shown[20, 30] and shown[10, 20] and not shown[10, 30]
    assert not shown[25, 30] and not shown[10, 45]


def test_colors_cycle_over_objects_and_set_rgb(call):
    handle = open_dev(call, 30, 10)
    call("set_color", handle, ("red", "green"))
    regions = [Region.rectangle(0, c, 9, c + 9) for c in (0, 10, 20)]
    call("disp_region", objects(*regions), handle)
    shown = pixels(call, handle)
    assert [tuple(shown[5, c]) for c in (5, 15, 25)] == [RED, GREEN, RED]
    call("set_rgb", handle, (1, 2), (3, 4), (5, 6))
    assert call("get_rgb", handle) == ((1, 2), (3, 4), (5, 6))
    call("set_colored", handle, 12)
    assert len(call("get_rgb", handle)[0]) == 12
    assert call.code("set_color", handle, "no such color") == 5105
    assert call.code("set_rgb", handle, 300, 0, 0) == 5125
    assert call.code("set_rgb", handle, (1, 2), 0, 0) == 1403
    call("set_color", handle, "#00ff0080")
    call("disp_region", objects(Region.rectangle(0, 0, 9, 29)), handle)
    assert tuple(pixels(call, handle)[5, 5]) == (127, 128, 0)  # half-transparent over red


def test_draw_settings_are_read_back_and_checked(call):
    handle = open_dev(call)
    call("set_draw", handle, "margin")
    assert call("get_draw", handle) == (("margin",),)
    call("set_line_width", handle, 3)
    assert call("get_line_width", handle) == ((3,),)
    call("set_line_style", handle, (4, 2))
    assert call("get_line_style", handle) == ((4, 2),)
    assert call.code("set_draw", handle, "hollow") == 5107
    assert call.code("set_line_width", handle, 0) == 5110
    assert call.code("set_line_style", handle, (4, 2, 1)) == 5156


def test_dev_settings_carry_over_to_new_windows(call):
    call("dev_set_color", "blue")
    call("dev_set_draw", "margin")
    handle = open_dev(call)
    assert call("get_rgb", handle) == ((0,), (0,), (255,))
    assert call("get_draw", handle) == (("margin",),)


# -- primitives and contours ----------------------------------------------------------------


def test_primitives_draw_in_image_coordinates(call):
    (handle,) = call("open_window", 0, 0, 100, 100, 0, "visible", "")
    handle = handle[0]
    call("set_color", handle, "red")
    call("disp_line", handle, 10, 0, 10, 99)
    call("disp_circle", handle, 50, 50, 10)
    call("set_color", handle, "green")
    call("disp_cross", handle, 80, 20, 11, 0)
    call("disp_arrow", handle, 90, 50, 90, 90, 6)
    call("set_draw", handle, "margin")
    call("disp_rectangle2", handle, 30, 80, 0, 8, 4)
    shown = pixels(call, handle)
    assert tuple(shown[10, 40]) == RED and tuple(shown[11, 40]) == BLACK
    assert tuple(shown[50, 50]) == RED and tuple(shown[50, 62]) == BLACK
    assert tuple(shown[80, 15]) == GREEN and tuple(shown[75, 20]) == GREEN
    assert tuple(shown[90, 70]) == GREEN and tuple(shown[88, 85]) == GREEN
    assert tuple(shown[26, 80]) == GREEN and tuple(shown[30, 80]) == BLACK
    assert call.code("disp_line", handle, (1, 2), (1, 2, 3), 5, 5) == 1402


def test_contours_are_drawn_and_stored(call, tmp_path):
    from hdlite.values.iconic_io import decode_objects, encode_objects

    handle = open_dev(call, 50, 50)
    (contour,) = call("gen_contour_polygon_xld", (5, 5, 40), (5, 40, 40))
    assert contour[0].kind == "xld_cont"
    call("dev_set_color", "green")
    call("dev_display", contour)
    shown = pixels(call, handle)
    assert tuple(shown[5, 20]) == GREEN and tuple(shown[20, 40]) == GREEN
    assert tuple(shown[20, 20]) == BLACK
    arrays: dict = {}
    records = encode_objects(contour, "o", arrays)
    np.savez(tmp_path / "c.npz", **arrays)
    with np.load(tmp_path / "c.npz", allow_pickle=False) as loaded:
        back = decode_objects(records, dict(loaded))
    rows, cols = call("get_contour_xld", back)
    assert rows == (5.0, 5.0, 40.0) and cols == (5.0, 40.0, 40.0)


def test_cross_contours_and_clipping(call):
    (crosses,) = call("gen_cross_contour_xld", (10, 20), (10, 30), 6, 0)
    assert len(crosses) == 2
    rows, cols = call("get_contour_xld", ObjectTuple([crosses[0]]))
    assert min(cols) == 7 and max(cols) == 13 and min(rows) == 7 and max(rows) == 13
    (line,) = call("gen_contour_polygon_xld", (0, 0, 0, 0), (-10, 10, 20, 40))
    (clipped,) = call("clip_contours_xld", line, -5, 0, 5, 30)
    assert len(clipped) == 1
    assert call("get_contour_xld", clipped)[1] == (0.0, 10.0, 20.0, 30.0)
    (zigzag,) = call("gen_contour_polygon_xld", (0, 20, 0), (0, 10, 20))
    (parts,) = call("clip_contours_xld", zigzag, -1, -1, 10, 30)
    assert len(parts) == 2


# -- text -----------------------------------------------------------------------------------


def test_disp_text_draws_the_text_and_its_box(call):
    handle = open_dev(call, 120, 60)
    call("disp_text", handle, "Hello", "window", 10, 10, "white", ("box",), ("false",))
    shown = pixels(call, handle)
    _ascent, _descent, width, height = call("get_string_extents", handle, "Hello")
    inside = shown[10 : 10 + height[0], 10 : 10 + width[0]]
    assert (inside == 255).all(axis=-1).sum() > 10
    assert (shown[:, 10 + width[0] + 2 :] == 0).all() and (shown[:8] == 0).all()
    call("disp_text", handle, "X", "window", "bottom", "right", "black", (), ())
    shown = pixels(call, handle)
    assert tuple(shown[59, 119]) == BLACK  # the shadow keeps clear of the corner...
    assert tuple(shown[55, 112]) in {(0xFC, 0xE9, 0xD4), (0xF2, 0x8D, 0x26), BLACK}
    assert (shown[40:, 90:] == (0xFC, 0xE9, 0xD4)).all(axis=-1).any()  # ...the box shows


def test_disp_text_lines_colors_and_errors(call):
    handle = open_dev(call, 100, 80)
    call("disp_text", handle, ("ab", "cd"), "window", 0, 0, ("red", "green"), "box", "false")
    shown = pixels(call, handle)
    _a, _d, _w, height = call("get_string_extents", handle, "ab")
    line1, line2 = shown[: height[0]], shown[height[0] : 2 * height[0]]
    assert (line1 == RED).all(axis=-1).any() and not (line1 == GREEN).all(axis=-1).any()
    assert (line2 == GREEN).all(axis=-1).any()
    assert call.code("disp_text", handle, "a", "window", 0, 0, "red", "frame", "true") == 1307
    assert call.code("disp_text", handle, "a", "window", "up", 0, "red", (), ()) == 1304
    assert call.code("disp_text", handle, "a", "screen", 0, 0, "red", (), ()) == 1303


def test_image_coordinates_follow_the_part(call):
    handle = open_dev(call, 100, 100)
    call("set_part", handle, 0, 0, 49, 49)
    call("disp_text", handle, "W", "image", 25, 25, "white", "box", "false")
    shown = pixels(call, handle)
    assert (shown[50:80, 50:80] == 255).all(axis=-1).any()
    assert not (shown[:45, :] == 255).all(axis=-1).any()


def test_fonts(call):
    handle = open_dev(call)
    families = call("query_font", handle)[0]
    assert {"mono", "sans", "serif", "default", "Courier New", "Arial"} <= set(families)
    small = call("get_string_extents", handle, ("Hello", "Hello world"))
    assert small[2][0] < small[2][1]
    call("set_font", handle, "Courier New-Bold-32")
    assert call("get_font", handle) == (("Courier New-Bold-32",),)
    big = call("get_string_extents", handle, "Hello")
    assert big[3][0] > small[3][0] and big[2][0] > small[2][0]
    call("set_font", handle, "-mono-12-")
    assert call("get_font", handle) == (("mono-Normal-12",),)
    ascent, descent, width, height = call("get_font_extents", handle)
    assert height[0] == ascent[0] + descent[0] and width[0] > 0
    assert call.code("set_font", handle, "Comic Sans-12") == 5137


def test_write_string_and_text_cursor(call):
    handle = open_dev(call, 100, 40)
    call("set_color", handle, "yellow")
    call("set_tposition", handle, 5, 5)
    call("write_string", handle, ("x=", 5))
    row, column = call("get_tposition", handle)
    assert row == (5,) and column[0] > 5
    call("new_line", handle)
    assert call("get_tposition", handle)[1] == (5,)
    assert (pixels(call, handle) == (255, 255, 0)).all(axis=-1).any()


# -- dumps and saving -----------------------------------------------------------------------


def test_dump_window_writes_a_png(call, tmp_path):
    handle = open_dev(call, 32, 16)
    call("dev_set_color", "red")
    call("dev_display", objects(Region.rectangle(0, 0, 7, 7)))
    call("dump_window", handle, "png", str(tmp_path / "shot"))
    with PILImage.open(tmp_path / "shot.png") as png:
        assert png.format == "PNG" and png.size == (32, 16)
        assert (np.asarray(png.convert("RGB")) == pixels(call, handle)).all()
    call("dump_window", handle, "jpeg 90", str(tmp_path / "shot.jpg"))
    with PILImage.open(tmp_path / "shot.jpg") as jpg:
        assert jpg.format == "JPEG"
    assert call.code("dump_window", handle, "postscript", str(tmp_path / "x")) == 5131
    assert call.code("dump_window", handle, "png", str(tmp_path / "no" / "x")) == 5215
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shot.jpg", "shot.png"]


def test_stop_and_end_save_every_window(call, tmp_path):
    session = call.session
    session.display_dir = str(tmp_path / "shots")
    first = open_dev(call, 20, 10, "white")
    open_dev(call, 8, 8, "black")
    session.notify_stop("stop")
    call("clear_window", first)
    call("set_color", first, "red")
    call("disp_rectangle1", first, 0, 0, 9, 19)
    session.notify_stop("end")
    names = sorted(p.name for p in (tmp_path / "shots").iterdir())
    assert names == [
        "window_1_0001.png",
        "window_1_0002.png",
        "window_2_0001.png",
        "window_2_0002.png",
    ]
    with PILImage.open(tmp_path / "shots" / "window_1_0001.png") as png:
        assert png.getpixel((3, 3)) == WHITE
    with PILImage.open(tmp_path / "shots" / "window_1_0002.png") as png:
        assert png.getpixel((3, 3)) == RED and png.size == (20, 10)


def test_nothing_is_saved_without_display_dir_or_off_rank_0(call, tmp_path):
    session = call.session
    open_dev(call)
    session.notify_stop("stop")
    assert list(tmp_path.iterdir()) == []
    session.display_dir = str(tmp_path)
    session.rank = 1
    session.notify_stop("end")
    call("dump_window", call("dev_get_window")[0], "png", str(tmp_path / "x"))
    assert list(tmp_path.iterdir()) == []


def test_listener_is_registered_once(call, tmp_path):
    session = call.session
    session.display_dir = str(tmp_path)
    open_dev(call)
    open_dev(call)
    session.notify_stop("stop")
    assert len(list(tmp_path.iterdir())) == 2


# -- mouse and no-ops -----------------------------------------------------------------------


def test_mouse_queries_without_answers_fail(call):
    handle = open_dev(call)
    assert call.code("get_mposition", handle) == 5  # H_MSG_FAIL: the pointer is outside
    assert call.code("get_mbutton", handle) == 5104  # no click can come: H_ERR_DNA


def test_dev_noops_accept_their_arguments(call):
    call("dev_update_off")
    call("dev_update_on")
    for name in ("dev_update_window", "dev_update_pc", "dev_update_var", "dev_update_time"):
        call(name, "off")
    assert call.code("dev_update_window", "sometimes") == 1301
    call("dev_set_shape", "rectangle1")
    call("dev_set_lut", "default")
    call("dev_set_paint", "default")
    call("dev_inspect_ctrl", (1, 2))
    call("dev_close_inspect_ctrl", (1, 2))
    call("dev_set_tool_geometry", "x", "default", "default", 100, 100)
    call("dev_show_tool", "x", "hide")
    (tool,) = call("dev_open_tool", "matching_assistant", 0, 0, "default", "default")
    call("dev_close_tool", tool)
    for name in ("dev_map_par", "dev_unmap_par", "dev_map_prog", "dev_unmap_prog"):
        call(name)
    call("dev_map_var")
    call("dev_unmap_var")
    (empty,) = call("gen_empty_obj")
    call("dev_clear_obj", empty)
    call("dev_set_preferences", "suppress_handle_access_warning", "true")
    assert call("dev_get_preferences", "suppress_handle_access_warning") == (("true",),)
    assert call.code("dev_get_preferences", "never_set") == 1301
    assert call("dev_get_system", "engine_environment") == (("HDevelop",),)


def test_window_object_is_not_kept_after_close(call):
    session = call.session
    handle = open_dev(call)
    window = handle.obj
    assert isinstance(window, Window)
    call("dev_close_window")
    assert window.number not in session.state["display"].windows


def test_dev_operators_on_the_active_window(call):
    handle = open_dev(call, 60, 40)
    call("dev_set_colored", 3)
    assert call("get_rgb", handle) == ((255, 0, 255), (0, 255, 255), (0, 0, 0))
    assert call.code("dev_set_colored", 5) == 1301
    call("dev_set_line_width", 4)
    assert call("get_line_width", handle) == ((4,),)
    call("dev_disp_text", "Hi", "window", 0, 0, "black", (), ())
    assert tuple(pixels(call, handle)[1, 1]) == (0xFC, 0xE9, 0xD4)
    call("dev_clear_window")
    assert (pixels(call, handle) == 0).all()
    assert "medium slate blue" in call("query_color", handle)[0]


def test_disp_image_and_disp_xld_check_object_kinds(call):
    handle = open_dev(call, 64, 48)
    (contour,) = call("gen_contour_polygon_xld", (1, 1), (0, 63))
    call("set_color", handle, "blue")
    call("disp_image", objects(gradient()), handle)
    call("disp_xld", contour, handle)
    assert tuple(pixels(call, handle)[1, 30]) == BLUE
    assert tuple(pixels(call, handle)[2, 30]) == (36,) * 3
    assert call.code("disp_image", contour, handle) == 9054
    assert call.code("disp_xld", objects(gradient()), handle) == 9054


def test_subpixel_mouse_queries_fail_too(call):
    handle = open_dev(call)
    assert call.code("get_mposition_sub_pix", handle) == 5
    assert call.code("get_mbutton_sub_pix", handle) == 5104


def test_contour_style_fills_closed_contours(call):
    handle = open_dev(call)
    (square,) = call("gen_contour_polygon_xld", (10, 10, 30, 30, 10), (10, 30, 30, 10, 10))
    call("dev_set_color", "red")
    call("dev_display", square)
    assert tuple(pixels(call, handle)[20, 20]) == (0, 0, 0)  # 'stroke': the inside stays
    assert tuple(pixels(call, handle)[10, 20]) == (255, 0, 0)
    call("dev_set_contour_style", "fill")
    assert call("get_contour_style", handle) == (("fill",),)
    call("dev_display", square)
    assert tuple(pixels(call, handle)[20, 20]) == (255, 0, 0)
    call("set_contour_style", handle, "stroke_and_fill")
    assert call("get_contour_style", handle) == (("stroke_and_fill",),)
    assert call.code("dev_set_contour_style", "hatched") == 1301
