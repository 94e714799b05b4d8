"""Bar code reading on images with real symbols drawn by zxing-cpp: types, rotation,
noise, several symbols, domains, parameters and model files."""

from __future__ import annotations

import math

import pytest

from hdlite.plugin import Image, ObjectTuple, Region

from ._code_scenes import blank, image, noisy, place, symbol

pytest.importorskip("zxingcpp")


@pytest.mark.parametrize(
    ("text", "fmt", "ctype"),
    [
        ("4006381333931", "EAN13", "EAN-13"),
        ("96385074", "EAN8", "EAN-8"),
        ("HELLO-128", "Code128", "Code 128"),
        ("ABC-123", "Code39", "Code 39"),
        ("12345678", "ITF", "2/5 Interleaved"),
        ("CODE93", "Code93", "Code 93"),
    ],
)
def test_each_type_reads_upright(call, text, fmt, ctype):
    gray, _ = place(blank(300, 500), symbol(text, fmt), (150, 250))
    (h,) = call("create_bar_code_model", (), ())
    regions, strings = call("find_bar_code", image(gray), h, ctype)
    assert strings == (text,) and len(regions) == 1
    assert call("get_bar_code_result", h, 0, "decoded_types") == ((ctype,),)
    (orient,) = call("get_bar_code_result", h, "all", "orientation")
    assert abs(orient[0]) < 1.0  # tolerance: 1 degree
    # the same image through 'auto'
    assert call("find_bar_code", image(gray), h, "auto")[1] == (text,)


@pytest.mark.parametrize("angle", [0.0, 23.0, 45.0, 90.0, 145.0, -60.0, 180.0])
def test_rotated_noisy_ean13(call, angle):
    sym = symbol("4006381333931", "EAN13", scale=3)
    gray, _ = place(blank(520, 620), sym, (260, 310), angle)
    gray = noisy(gray, 12.0, seed=int(angle) % 7)
    (h,) = call("create_bar_code_model", (), ())
    regions, strings = call("find_bar_code", image(gray), h, "EAN-13")
    assert strings == ("4006381333931",)
    (orient,) = call("get_bar_code_result", h, 0, "orientation")
    diff = (orient[0] - angle + 180.0) % 360.0 - 180.0
    assert abs(diff) < 1.5  # tolerance: 1.5 degrees (reading direction, not only the axis)
    region = regions[0]
    assert isinstance(region, Region)
    r, c = region.centroid()
    assert math.hypot(r - 260, c - 310) < 15  # the bars' centre, the quiet zone aside
    (cands,) = call("get_bar_code_object", h, "all", "candidate_regions")
    assert len(cands) >= 1


def test_two_codes_types_and_result_limit(call):
    gray, _ = place(blank(600, 700), symbol("4006381333931", "EAN13"), (150, 250), 20.0)
    gray, _ = place(gray, symbol("LOT-42", "Code128"), (430, 420), -35.0)
    img = image(noisy(gray, 6.0))
    (h,) = call("create_bar_code_model", (), ())
    regions, strings = call("find_bar_code", img, h, "auto")
    assert sorted(strings) == ["4006381333931", "LOT-42"] and len(regions) == 2
    types = call("get_bar_code_result", h, "all", "decoded_types")[0]
    assert dict(zip(strings, types, strict=True)) == {
        "4006381333931": "EAN-13",
        "LOT-42": "Code 128",
    }
    assert call("find_bar_code", img, h, ("Code 128", "Code 39"))[1] == ("LOT-42",)
    assert call("find_bar_code", img, h, "Code 39") == (ObjectTuple(), ())
    call("set_bar_code_param", h, "stop_after_result_num", 1)
    assert len(call("find_bar_code", img, h, "auto")[1]) == 1
    # an orientation window that excludes the Code 128 (read at -35 degrees)
    call(
        "set_bar_code_param",
        h,
        ("stop_after_result_num", "orientation", "orientation_tol"),
        (0, 20.0, 5.0),
    )
    assert call("find_bar_code", img, h, "auto")[1] == ("4006381333931",)
    call("set_bar_code_param", h, "min_code_length", 8)
    assert call("find_bar_code", img, h, "Code 128")[1] == ()


def test_upc_strings(call):
    gray, _ = place(blank(300, 500), symbol("036000291452", "UPCA"), (150, 250))
    (h,) = call("create_bar_code_model", (), ())
    assert call("find_bar_code", image(gray), h, "UPC-A")[1] == ("036000291452",)
    gray, _ = place(blank(300, 400), symbol("01234565", "UPCE"), (150, 200))
    assert call("find_bar_code", image(gray), h, "UPC-E")[1] == ("012345000065",)
    call("set_bar_code_param", h, "upce_encodation", "zero-suppressed")
    assert call("find_bar_code", image(gray), h, "UPC-E")[1] == ("01234565",)


def test_domain_empty_image_and_data(call):
    gray, _ = place(blank(300, 600), symbol("HELLO", "Code128"), (150, 180))
    (h,) = call("create_bar_code_model", (), ())
    right = Region.rectangle(0, 340, 299, 599)
    img = ObjectTuple([Image(gray[None].copy(), "byte", right)])
    assert call("find_bar_code", img, h, "auto") == (ObjectTuple(), ())
    assert call("get_bar_code_result", h, "all", "decoded_strings") == ((),)
    assert call("find_bar_code", image(blank(100, 100)), h, "auto")[1] == ()
    assert call("find_bar_code", image(gray), h, "auto")[1] == ("HELLO",)
    assert call("get_bar_code_result", h, 0, "decoded_data") == ((72, 69, 76, 76, 79),)
    (sym,) = call("get_bar_code_object", h, 0, "symbol_regions")
    assert len(sym) == 1 and sym[0].area() > 1000


def test_parameters_errors_and_files(call, tmp_path):
    (h,) = call("create_bar_code_model", "element_size_min", 1.5)
    assert call("get_bar_code_param", h, ("element_size_min", "check_char")) == ((1.5, "absent"),)
    call("set_bar_code_param", h, ("check_char", "num_scanlines"), ("present", 20))
    assert call("get_bar_code_param", h, "num_scanlines") == ((20,),)
    assert call.code("set_bar_code_param", h, "check_char", "maybe") == 1303
    assert call.code("set_bar_code_param", h, "no_such_param", 1) == 1302
    assert call.code("set_bar_code_param", h, "meas_thresh", 2.0) == 1303
    assert call("get_bar_code_param", h, "check_char") == (("present",),)  # unchanged
    assert call.code("create_bar_code_model", "orientation_tol", 120.0) == 1302
    img = image(blank(50, 50))
    assert call.code("find_bar_code", img, h, "MSI") == 1302
    assert call.code("get_bar_code_result", h, "all", "no_result") == 1303
    assert call.code("get_bar_code_result", h, 3, "decoded_strings") == 1302
    path = str(tmp_path / "model.bcm")
    call("write_bar_code_model", h, path)
    (h2,) = call("read_bar_code_model", path)
    assert call("get_bar_code_param", h2, ("num_scanlines", "element_size_min")) == ((20, 1.5),)
    (tmp_path / "bad.bcm").write_bytes(b"not a model\n{}")
    assert call.code("read_bar_code_model", str(tmp_path / "bad.bcm")) == 5238
    assert call.code("read_bar_code_model", str(tmp_path / "missing.bcm")) == 5200
    call("clear_bar_code_model", h)
    assert call.code("find_bar_code", img, h, "auto") == 2454
