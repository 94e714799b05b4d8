"""Interactive operators (draw_*, mouse, file dialog) answered from scripted answers."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.answers import AnswerError, Answers
from hdlite.errors import HalconError
from hdlite.values.control import Handle

RED = (255, 0, 0)


def open_window(call, width=64, height=48) -> Handle:
    (handle,) = call("dev_open_window", 0, 0, width, height, "black")
    return handle[0]


def answer(call, **data) -> None:
    call.session.answers = Answers(data, "answers.json")


def pixels(call, handle) -> np.ndarray:
    (image,) = call("dump_window_image", handle)
    return np.moveaxis(image[0].data, 0, -1)


def error_of(call, name, *args) -> HalconError:
    with pytest.raises(HalconError) as info:
        call(name, *args)
    return info.value


SHAPES = [
    ("draw_rectangle1", [10, 20, 30, 40.5]),
    ("draw_rectangle2", [20, 30, 0.5, 10, 4]),
    ("draw_circle", [20, 30, 7]),
    ("draw_ellipse", [20, 30, -0.25, 9, 3]),
    ("draw_line", [30, 5, 2, 60]),
    ("draw_point", [12.5, 7]),
]


@pytest.mark.parametrize(("name", "values"), SHAPES, ids=[s[0] for s in SHAPES])
def test_shape_operators_return_the_answer_as_reals(call, name, values):
    handle = open_window(call)
    before = pixels(call, handle).copy()
    answer(call, **{name: [values]})
    result = call(name, handle)
    assert result == tuple((float(v),) for v in values)
    assert all(isinstance(v[0], float) for v in result)
    assert (pixels(call, handle) == before).all()  # the shape is gone when drawing ends


def test_rectangle1_corners_come_back_ordered(call):
    handle = open_window(call)
    answer(call, draw_rectangle1=[[30, 40, 10, 20]])
    assert call("draw_rectangle1", handle) == ((10.0,), (20.0,), (30.0,), (40.0,))


def test_answers_are_taken_in_order_then_5104(call):
    handle = open_window(call)
    answer(call, draw_point=[[1, 2], [3, 4]])
    assert call("draw_point", handle) == ((1.0,), (2.0,))
    assert call("draw_point", handle) == ((3.0,), (4.0,))
    error = error_of(call, "draw_point", handle)
    assert error.code == 5104
    assert "the 2 answer(s) for draw_point in answers.json are used up" in error.message


def test_without_answers_the_error_says_how_to_give_them(call):
    handle = open_window(call)
    error = error_of(call, "draw_rectangle1", handle)
    assert error.code == 5104
    assert error.operator == "draw_rectangle1"
    assert '{"draw_rectangle1": [[Row1, Column1, Row2, Column2]]}' in error.message
    assert "--answers" in error.message
    answer(call, draw_circle=[[1, 1, 1]])
    other = error_of(call, "draw_rectangle1", handle)
    assert "answers.json has no answer for draw_rectangle1" in other.message


@pytest.mark.parametrize(
    "bad", [[1, 2, 3], [1, 2, 3, "4"], [1, 2, 3, True], "10 20 30 40", [1, 2, 3, None]]
)
def test_wrong_shape_names_answers_file_and_operator(call, bad):
    handle = open_window(call)
    answer(call, draw_rectangle1=[bad])
    with pytest.raises(AnswerError) as info:
        call("draw_rectangle1", handle)
    assert "answers.json: answer 1 for draw_rectangle1" in info.value.message
    assert "[Row1, Column1, Row2, Column2]: 4 numbers" in info.value.message
    assert info.value.exit_code == 2


def test_negative_radius_is_the_wrong_shape(call):
    handle = open_window(call)
    answer(call, draw_circle=[[10, 10, -1]])
    with pytest.raises(AnswerError, match="Radius not negative"):
        call("draw_circle", handle)


MODS = [
    ("draw_rectangle1_mod", (1, 2, 3, 4)),
    ("draw_rectangle2_mod", (20, 30, 0.5, 10, 4)),
    ("draw_circle_mod", (20, 30, 7)),
    ("draw_ellipse_mod", (20, 30, 0.1, 9, 3)),
    ("draw_line_mod", (30, 5, 2, 60)),
    ("draw_point_mod", (12, 7)),
]


@pytest.mark.parametrize(("name", "given"), MODS, ids=[m[0] for m in MODS])
def test_mod_operators_take_a_new_shape_or_null_for_unchanged(call, name, given):
    handle = open_window(call)
    changed = [v + 1 for v in given]
    answer(call, **{name: [changed, None]})
    assert call(name, handle, *given) == tuple((float(v),) for v in changed)
    assert call(name, handle, *given) == tuple((float(v),) for v in given)
    assert call.code(name, handle, *given) == 5104


def test_draw_region_is_the_filled_polygon_and_is_painted(call):
    handle = open_window(call)
    call("dev_set_color", "red")
    answer(call, draw_region=[[[5, 5], [5, 25], [25, 25], [25, 5]]])
    (region,) = call("draw_region", handle)
    assert call("area_center", region) == ((441,), (15.0,), (15.0,))
    shown = pixels(call, handle)
    assert tuple(shown[5, 15]) == RED  # the outline the user drew
    assert tuple(shown[15, 15]) == (0, 0, 0)


def test_draw_polygon_is_the_open_line_through_the_points(call):
    handle = open_window(call)
    answer(call, draw_polygon=[[[2, 2], [2, 12], [12, 12]]])
    (region,) = call("draw_polygon", handle)
    area, _row, _col = call("area_center", region)
    assert area == (21,)  # two 11-pixel segments sharing a corner; not closed, not filled
    assert call("get_region_points", region)[0].count(7) == 1  # row 7: only column 12


def test_draw_region_needs_three_points(call):
    handle = open_window(call)
    answer(call, draw_region=[[[1, 1], [5, 5]]])
    with pytest.raises(AnswerError, match=r"at least 3 points as \[Row, Column\]"):
        call("draw_region", handle)


def test_draw_xld_returns_the_contour_through_the_points(call):
    handle = open_window(call)
    answer(call, draw_xld=[[[1.5, 2], [10, 20.25], [1.5, 2]]])
    (contour,) = call("draw_xld", handle, "true", "true", "true", "false")
    assert call("get_contour_xld", contour) == ((1.5, 10.0, 1.5), (2.0, 20.25, 2.0))
    assert call.code("draw_xld", handle, "yes", "true", "true", "true") == 1302


def test_file_dialog_answers(call):
    answer(
        call,
        dev_open_file_dialog=["images/part.png", ["a.png", "b.png"], [], ["x.png", "y.png"]],
    )
    assert call("dev_open_file_dialog", "read_image", "default", "default") == (
        ("images/part.png",),
    )
    assert call("dev_open_file_dialog", "read_image", "read_multi", "default") == (
        ("a.png", "b.png"),
    )
    assert call("dev_open_file_dialog", "*.png", "read", "/") == ((),)  # cancelled
    with pytest.raises(AnswerError, match="answer 4 for dev_open_file_dialog"):
        call("dev_open_file_dialog", "*.png", "read", "/")  # one file only
    assert call.code("dev_open_file_dialog", "*.png", "open", "/") == 1302
    assert call.code("dev_open_file_dialog", "*.png", "read", "/") == 5104


def test_mouse_answers_and_their_fallbacks(call):
    handle = open_window(call)
    answer(
        call,
        get_mbutton=[[10, 20, 1]],
        get_mbutton_sub_pix=[[10.5, 20.25, 4]],
        get_mposition=[[3, 4, 0], [3.5, 4, 0]],
        get_mposition_sub_pix=[[3.5, 4.5, 0]],
    )
    assert call("get_mbutton", handle) == ((10,), (20,), (1,))
    assert call("get_mbutton_sub_pix", handle) == ((10.5,), (20.25,), (4,))
    assert call("get_mposition", handle) == ((3,), (4,), (0,))
    assert call("get_mposition_sub_pix", handle) == ((3.5,), (4.5,), (0,))
    with pytest.raises(AnswerError, match="Row and Column integers"):
        call("get_mposition", handle)  # 3.5 is no pixel position
    assert call.code("get_mbutton", handle) == 5104  # would wait for ever
    assert call.code("get_mposition_sub_pix", handle) == 5  # the pointer is outside


def test_a_closed_window_is_checked_before_the_answer_is_taken(call):
    handle = open_window(call)
    call("close_window", handle)
    answer(call, draw_point=[[1, 2]])
    assert call.code("draw_point", handle) == 2454
    assert call.session.answers.unused() == {"draw_point": 1}
