"""The text model reader (create_text_model_reader, set_text_model_param,
get_text_model_param, find_text, get_text_result, get_text_object, clear_text_result,
clear_text_model) on synthetic print: two lines, both polarities, rotation, touching
characters, line structures, manual mode and HALCON's errors."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple

from ._text_scenes import render_page

FONT = "Industrial_0-9A-Z_NoRej.omc"
#: two lines without the characters this font draws alike ('0'/'O', '1'/'I')
LINES = ["AB12CD", "XY7895"]


@pytest.fixture
def model(call):
    (handle,) = call("create_text_model_reader", "auto", FONT)
    return handle


def _read(call, model, image: Image) -> tuple:
    (result,) = call("find_text", ObjectTuple([image]), model)
    return result


def _lines(call, result) -> list[str]:
    ((n,),) = call("get_text_result", result, "num_lines")
    return ["".join(call("get_text_result", result, ("class_line", i))[0]) for i in range(n)]


def test_reads_two_dark_lines_in_reading_order(call, model):
    result = _read(call, model, render_page(LINES))
    assert call("get_text_result", result, "num_lines") == ((2,),)
    assert _lines(call, result) == LINES
    (classes,) = call("get_text_result", result, "class")
    assert "".join(classes) == "".join(LINES)
    (confidence,) = call("get_text_result", result, "confidence")
    assert len(confidence) == 12 and min(confidence) > 0.5 and max(confidence) <= 1.0
    assert call("get_text_result", result, "num_classes") == ((3,),)
    (second,) = call("get_text_result", result, ("class", 1))
    assert len(second) == 12 and all(a != b for a, b in zip(second, classes, strict=True))
    (best3,) = call("get_text_result", result, ("class_element", 0))
    assert best3[0] == "A" and len(best3) == 3
    (conf3,) = call("get_text_result", result, ("confidence_element", 0))
    assert list(conf3) == sorted(conf3, reverse=True)
    assert set(call("get_text_result", result, "polarity")[0]) == {"dark_on_light"}
    (chars,) = call("get_text_object", result, "all_lines")
    assert len(chars) == 12
    (second_line,) = call("get_text_object", result, ("line", 1))
    (first,) = call("get_text_object", result, ("element", 0))
    rows = [r.bbox()[0] for r in second_line]
    assert min(rows) > max(r.bbox()[2] for r in chars[:6]) - 5  # below the first line
    cols = [r.bbox()[1] for r in second_line]
    assert cols == sorted(cols)  # left to right
    assert first[0].bbox() == chars[0].bbox()


def test_light_print_and_the_polarity_parameter(call, model):
    light = render_page(LINES, dark=230, light=30, seed=3)
    result = _read(call, model, light)
    assert _lines(call, result) == LINES
    assert call("get_text_result", result, ("polarity_line", 0)) == (("light_on_dark",),)
    call("set_text_model_param", model, "polarity", "dark_on_light")
    assert call("get_text_model_param", model, "polarity") == (("dark_on_light",),)
    assert _lines(call, _read(call, model, light)) == []
    call("set_text_model_param", model, "polarity", "light_on_dark")
    assert _lines(call, _read(call, model, light)) == LINES
    assert _lines(call, _read(call, model, render_page(LINES))) == []


def test_both_polarities_in_one_image_dark_lines_first(call, model):
    dark = render_page(["CD34"], dark=230, light=30, seed=1)
    light = render_page(["AB12"], seed=2)
    image = Image(np.concatenate([dark.data, light.data], axis=2), "byte")
    result = _read(call, model, image)
    assert _lines(call, result) == ["AB12", "CD34"]
    assert call("get_text_result", result, ("polarity_element", 0)) == (("dark_on_light",),)
    assert call("get_text_result", result, ("polarity_element", 7)) == (("light_on_dark",),)


@pytest.mark.parametrize("angle", [-5.0, 4.0])
def test_slightly_rotated_lines(call, model, angle):
    result = _read(call, model, render_page(LINES, angle=angle, seed=5))
    assert _lines(call, result) == LINES


def test_touching_characters_are_separated(call, model):
    image = render_page(LINES, gap=-2, seed=7)
    call("set_text_model_param", model, "separate_touching_chars", "false")
    joined = _lines(call, _read(call, model, image))
    assert sum(len(t) for t in joined) < 12
    for method in ("standard", "enhanced"):
        call("set_text_model_param", model, "separate_touching_chars", method)
        assert _lines(call, _read(call, model, image)) == LINES


def test_sizes_structure_and_border_blobs(call, model):
    image = render_page(["AB 123", "XY7895"], seed=8)
    call("set_text_model_param", model, "text_line_structure", "2 3")
    assert _lines(call, _read(call, model, image)) == ["AB123"]
    call("set_text_model_param", model, ("text_line_structure", "text_line_structure_1"), ("", "6"))
    assert _lines(call, _read(call, model, image)) == ["XY7895"]
    call("set_text_model_param", model, "text_line_structure_1", "")
    small = render_page(["AB12"], size=18, seed=9)
    big = render_page(["CD34"], size=36, seed=10)
    width = max(small.width, big.width)
    pad = [
        np.pad(i.data, ((0, 0), (0, 0), (0, width - i.width)), constant_values=225)
        for i in (small, big)
    ]
    both = Image(np.concatenate(pad, axis=1), "byte")
    assert _lines(call, _read(call, model, both)) == ["AB12", "CD34"]
    call("set_text_model_param", model, "min_char_height", 20)
    assert _lines(call, _read(call, model, both)) == ["CD34"]
    call("set_text_model_param", model, ("min_char_height", "max_char_height"), ("default", 20))
    assert _lines(call, _read(call, model, both)) == ["AB12"]
    call("set_text_model_param", model, "max_char_height", "default")
    cropped = Image(np.ascontiguousarray(render_page(["AB12"], seed=11).data[:, :, 25:]), "byte")
    assert _lines(call, _read(call, model, cropped))[0].endswith("B12")
    call("set_text_model_param", model, "eliminate_border_blobs", "true")
    assert _lines(call, _read(call, model, cropped)) == ["B12"]


def test_stroke_width_limits(call, model):
    image = render_page(LINES, seed=12)
    call("set_text_model_param", model, "max_stroke_width", 2)
    assert _lines(call, _read(call, model, image)) == []
    call("set_text_model_param", model, ("max_stroke_width", "min_stroke_width"), (30, 2))
    assert _lines(call, _read(call, model, image)) == LINES


def test_domain_uint2_and_empty_images(call, model):
    page = render_page(LINES, seed=13)
    wide = Image(page.data.astype(np.uint16) * 257, "uint2")
    assert _lines(call, _read(call, model, wide)) == LINES
    (top,) = call("gen_rectangle1", 0, 0, page.height // 2 - 2, page.width - 1)
    (reduced,) = call("reduce_domain", ObjectTuple([page]), top)
    assert _lines(call, _read(call, model, reduced[0])) == ["AB12CD"]
    flat = Image(np.full((40, 60), 128, dtype=np.uint8), "byte")
    result = _read(call, model, flat)
    assert call("get_text_result", result, "num_lines") == ((0,),)
    assert call("get_text_result", result, "class") == ((),)
    (chars,) = call("get_text_object", result, "all_lines")
    assert len(chars) == 0


def test_manual_mode(call):
    image = render_page(LINES, seed=14)
    (manual,) = call("create_text_model_reader", "manual", ())
    result = _read(call, manual, image)
    assert call("get_text_result", result, "manual_num_lines") == ((2,),)
    (chars,) = call("get_text_object", result, "manual_all_lines")
    assert len(chars) == 12
    (line,) = call("get_text_object", result, ("manual_line", 1))
    assert len(line) == 6
    assert call.code("get_text_result", result, "class") == 1302  # no classifier
    assert call.code("get_text_object", result, "all_lines") == 1302  # an auto result name
    (ocr,) = call("read_ocr_class_mlp", FONT)
    (manual,) = call("create_text_model_reader", "manual", ocr)
    call("clear_ocr_class_mlp", ocr)  # the model keeps its own copy
    call(
        "set_text_model_param",
        manual,
        ("manual_char_height", "manual_char_width", "manual_max_line_num"),
        (20, 16, 1),
    )
    call("set_text_model_param", manual, "manual_persistence", "true")
    result = _read(call, manual, image)
    assert _lines_manual(call, result) == ["AB12CD"]
    ((threshold,),) = call("get_text_result", result, "manual_thresholds")
    assert 25 < threshold < 225
    (compensated,) = call("get_text_object", result, "manual_compensated_image")
    assert compensated[0].width == image.width
    call("set_text_model_param", manual, "manual_polarity", "light_on_dark")
    assert call("get_text_result", _read(call, manual, image), "manual_num_lines") == ((0,),)


def _lines_manual(call, result) -> list[str]:
    ((n,),) = call("get_text_result", result, "manual_num_lines")
    return ["".join(call("get_text_result", result, ("class_line", i))[0]) for i in range(n)]


def test_parameters_and_errors(call, model):
    defaults = {
        "min_contrast": 15,
        "polarity": "both",
        "eliminate_border_blobs": "false",
        "add_fragments": "true",
        "separate_touching_chars": "standard",
        "min_char_height": "default",
        "max_stroke_width": "default",
        "text_line_structure": "",
        "return_punctuation": "true",
        "return_separators": "true",
        "uppercase_only": "false",
    }
    for name, value in defaults.items():
        assert call("get_text_model_param", model, name) == ((value,),)
    call("set_text_model_param", model, ("min_contrast", "uppercase_only"), (40, "true"))
    assert call("get_text_model_param", model, "min_contrast") == ((40,),)
    call("set_text_model_param", model, "text_line_structure_0", "3 4")
    assert call("get_text_model_param", model, "text_line_structure") == (("3 4",),)
    assert call.code("set_text_model_param", model, "no_such_param", 1) == 1302
    assert call.code("set_text_model_param", model, "manual_char_width", 20) == 1302
    assert call.code("set_text_model_param", model, "polarity", "upside_down") == 1303
    assert call.code("set_text_model_param", model, "min_contrast", 0) == 1303
    assert call.code("set_text_model_param", model, "min_char_height", "big") == 1303
    assert call.code("set_text_model_param", model, "text_line_structure", "two") == 1303
    assert call.code("set_text_model_param", model, ("polarity", "min_contrast"), 5) == 1403
    assert call.code("get_text_model_param", model, "ocr_classifier") == 1302
    assert call.code("get_text_model_param", model, "manual_polarity") == 1302
    (ocr,) = call("read_ocr_class_mlp", FONT)
    call("set_text_model_param", model, "ocr_classifier", ocr)
    assert call.code("create_text_model_reader", "auto", ()) == 1302
    assert call.code("create_text_model_reader", "guess", FONT) == 1301
    assert call.code("create_text_model_reader", "auto", "Universal_Rej.occ") == 5200
    result = _read(call, model, render_page(LINES, seed=15))
    assert call.code("get_text_result", result, ("class_line", 2)) == 1302
    assert call.code("get_text_result", result, ("class", 3)) == 1302
    assert call.code("get_text_result", result, "class_line") == 1302
    assert call.code("get_text_result", result, "manual_num_lines") == 1302
    assert call.code("get_text_object", result, ("element", 99)) == 1302
    assert call.code("get_text_object", result, "manual_all_lines") == 1302
    call("clear_text_result", result)
    assert call.code("get_text_result", result, "num_lines") == 2454
    call("clear_text_model", model)
    assert call.code("find_text", ObjectTuple([render_page(LINES)]), model) == 2454


def test_punctuation_and_separators_with_a_classifier_that_knows_them(call, tmp_path):
    chars = ("A", "B", "-", ".")
    trf = str(tmp_path / "marks.trf")
    for k, size in enumerate((24, 28, 32)):
        page = render_page(["AB-AB.B"], size=size, seed=20 + k)
        (dark,) = call("threshold", ObjectTuple([page]), 0, 128)
        (parts,) = call("connection", dark)
        (sorted_parts,) = call("sort_region", parts, "character", "true", "row")
        assert len(sorted_parts) == 7
        call("append_ocr_trainf", sorted_parts, ObjectTuple([page]), tuple("AB-AB.B"), trf)
    (ocr,) = call(
        "create_ocr_class_mlp", 8, 10, "constant", "default", chars, 20, "normalization", 10, 42
    )
    call("trainf_ocr_class_mlp", ocr, trf, 200, 1.0, 0.01)
    (model,) = call("create_text_model_reader", "auto", ocr)
    image = render_page(["BA.AB-A"], size=30, seed=30)
    assert _lines(call, _read(call, model, image)) == ["BA.AB-A"]
    call("set_text_model_param", model, "return_separators", "false")
    assert _lines(call, _read(call, model, image)) == ["BA.ABA"]
    call("set_text_model_param", model, "return_punctuation", "false")
    assert _lines(call, _read(call, model, image)) == ["BAABA"]
