"""2-D data code reading on images with real symbols drawn by zxing-cpp: symbol types,
rotation, scale, noise, polarity, several symbols, results, parameters and model files."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region

from ._code_scenes import blank, image, noisy, place, symbol

pytest.importorskip("zxingcpp")


@pytest.mark.parametrize(
    ("stype", "fmt", "text"),
    [
        ("Data Matrix ECC 200", "DataMatrix", "LOT 4711/B"),
        ("QR Code", "QRCode", "https://example.com/hdlite?id=42"),
        ("Micro QR Code", "MicroQRCode", "12345"),
        ("PDF417", "PDF417", "PDF417 sample text"),
        ("Aztec Code", "Aztec", "Aztec 2024"),
    ],
)
@pytest.mark.parametrize("angle", [0.0, 33.0, -120.0])
def test_symbol_types_rotated_and_noisy(call, stype, fmt, text, angle):
    sym = symbol(text, fmt, scale=4)
    gray, _ = place(blank(500, 700), sym, (250, 350), angle)
    gray = noisy(gray, 8.0, seed=3)
    (h,) = call("create_data_code_2d_model", stype, (), ())
    xlds, handles, strings = call("find_data_code_2d", image(gray), h, (), ())
    assert strings == (text,) and handles == (0,) and len(xlds) == 1
    cont = xlds[0]
    assert len(cont) == 5 and cont.closed
    # the outline's centre is the symbol's centre (tolerance: 3 px)
    assert math.hypot(cont.rows[:4].mean() - 250, cont.cols[:4].mean() - 350) < 3
    assert call("get_data_code_2d_results", h, 0, "status") == (("successfully decoded",),)
    assert call("get_data_code_2d_results", h, 0, "decoded_data") == (tuple(text.encode()),)
    (cands,) = call("get_data_code_2d_objects", h, "all_results", "candidate_xld")
    assert len(cands) == 1


def test_qr_results_module_size_and_version(call):
    sym = symbol("x" * 40, "QRCode", scale=5)  # version 3: 29 x 29 modules at 5 px
    gray, _ = place(blank(400, 400), sym, (200, 200), 25.0)
    (h,) = call("create_data_code_2d_model", "QR Code", (), ())
    assert call("find_data_code_2d", image(gray), h, (), ())[2] == ("x" * 40,)
    names = ("version", "symbol_size", "symbol_rows", "symbol_cols", "polarity")
    (vals,) = call("get_data_code_2d_results", h, 0, names)
    n = vals[1]
    assert vals[0] in (3, 4) and n == 17 + 4 * vals[0] and vals[2:4] == (n, n)
    assert vals[4] == "dark_on_light"
    (mw,) = call("get_data_code_2d_results", h, 0, "module_width")
    assert abs(mw[0] - 5.0) < 0.3  # tolerance: 0.3 px
    (level,) = call("get_data_code_2d_results", h, 0, "error_correction_level")
    assert level[0] in ("L", "M", "Q", "H")
    (contrast,) = call("get_data_code_2d_results", h, "all_results", "contrast")
    assert contrast[0] > 150


def test_polarity_and_default_parameters(call):
    sym = symbol("INVERTED", "DataMatrix", scale=5)
    gray, _ = place(blank(300, 300), sym, (150, 150), 10.0)
    dark = image(255 - gray)  # light modules on a dark background
    (h,) = call("create_data_code_2d_model", "Data Matrix ECC 200", (), ())
    assert call("find_data_code_2d", dark, h, (), ())[2] == ()
    call("set_data_code_2d_param", h, "polarity", "light_on_dark")
    assert call("find_data_code_2d", dark, h, (), ())[2] == ("INVERTED",)
    assert call("get_data_code_2d_results", h, 0, "polarity") == (("light_on_dark",),)
    call("set_data_code_2d_param", h, "default_parameters", "enhanced_recognition")
    assert call("get_data_code_2d_param", h, "polarity") == (("any",),)
    assert call("find_data_code_2d", dark, h, (), ())[2] == ("INVERTED",)
    assert call("find_data_code_2d", image(gray), h, (), ())[2] == ("INVERTED",)
    (h2,) = call("create_data_code_2d_model", "Data Matrix ECC 200", "polarity", "any")
    call("find_data_code_2d", dark, h2, "train", "all")
    assert call("get_data_code_2d_param", h2, "polarity") == (("light_on_dark",),)
    lo, hi = call("get_data_code_2d_param", h2, "module_size")[0]
    assert lo <= 5.0 <= hi


def test_several_symbols_stop_and_size_limits(call):
    gray = blank(400, 800)
    texts = ["FIRST-1", "SECOND-22", "THIRD-333"]
    for i, t in enumerate(texts):
        gray, _ = place(gray, symbol(t, "DataMatrix", scale=5), (200, 130 + 270 * i), 15.0 * i)
    img = image(noisy(gray, 5.0))
    (h,) = call("create_data_code_2d_model", "Data Matrix ECC 200", (), ())
    _, handles, strings = call("find_data_code_2d", img, h, (), ())
    assert sorted(strings) == texts and handles == (0, 1, 2)
    (all_strings,) = call("get_data_code_2d_results", h, "all_results", "decoded_string")
    assert all_strings == strings
    assert len(call("find_data_code_2d", img, h, "stop_after_result_num", 2)[2]) == 2
    (rows,) = call("get_data_code_2d_results", h, "all_results", "symbol_rows")
    assert all(r in (12, 14, 16) for r in rows)
    # a symbol-size window that excludes every symbol (strict_model 'yes' is the default)
    call("set_data_code_2d_param", h, "symbol_rows", 20)
    assert call("find_data_code_2d", img, h, (), ()) == (ObjectTuple(), (), ())
    call("set_data_code_2d_param", h, "strict_model", "no")
    assert len(call("find_data_code_2d", img, h, (), ())[2]) == 3


def test_domain_and_empty_inputs(call):
    gray, _ = place(blank(300, 600), symbol("LEFT", "QRCode", scale=4), (150, 150))
    (h,) = call("create_data_code_2d_model", "QR Code", (), ())
    right = Region.rectangle(0, 320, 299, 599)
    img = ObjectTuple([Image(gray[None].copy(), "byte", right)])
    assert call("find_data_code_2d", img, h, (), ()) == (ObjectTuple(), (), ())
    assert call("get_data_code_2d_results", h, "all_candidates", "status") == ((),)
    assert call("find_data_code_2d", image(blank(64, 64)), h, (), ())[2] == ()
    (imgs,) = call("get_data_code_2d_objects", h, "all_candidates", "search_image")
    assert len(imgs) == 1 and imgs[0].width == 64
    assert call.code("find_data_code_2d", ObjectTuple(), h, (), ()) == 9054


def test_gs1_and_string_encoding(call):
    (h,) = call("create_data_code_2d_model", "GS1 QR Code", (), ())
    gray, _ = place(blank(300, 300), symbol("plain text", "QRCode", scale=4), (150, 150))
    assert call("find_data_code_2d", image(gray), h, (), ())[2] == ()  # no GS1 data
    text = "Grüße"
    gray, _ = place(blank(300, 300), symbol(text, "QRCode", scale=4), (150, 150))
    (q,) = call("create_data_code_2d_model", "QR Code", (), ())
    assert call("find_data_code_2d", image(gray), q, (), ())[2] == (text,)
    call("set_data_code_2d_param", q, "string_encoding", "raw")
    raw = call("find_data_code_2d", image(gray), q, (), ())[2][0]
    data = call("get_data_code_2d_results", q, 0, "decoded_data")[0]
    assert tuple(raw.encode("latin-1")) == data
    assert bytes(raw.encode("latin-1")) in (text.encode("utf-8"), text.encode("latin-1"))


def test_parameters_errors_and_files(call, tmp_path):
    assert call.code("create_data_code_2d_model", "DotCode", (), ()) == 1301
    assert call.code("create_data_code_2d_model", "QR Code", "symbol_shape", "square") == 1302
    (h,) = call("create_data_code_2d_model", "Micro QR Code", (), ())
    assert call("get_data_code_2d_param", h, ("version_max", "polarity")) == ((4, "dark_on_light"),)
    call("set_data_code_2d_param", h, ("module_size", "contrast_min"), (4.5, 20))
    assert call("get_data_code_2d_param", h, "module_size") == ((4.5, 4.5),)
    assert call.code("set_data_code_2d_param", h, "polarity", "bright") == 1303
    assert call.code("set_data_code_2d_param", h, "version_min", 0) == 1303
    assert call.code("set_data_code_2d_param", h, "bogus", 1) == 1302
    assert call.code("find_data_code_2d", image(blank(20, 20)), h, "bogus", 1) == 1302
    assert call.code("find_data_code_2d", image(blank(20, 20)), h, "train", "x") == 1303
    assert call.code("get_data_code_2d_results", h, 5, "status") == 1302
    assert call.code("get_data_code_2d_results", h, "all_candidates", "nope") == 1303
    assert call.code("get_data_code_2d_objects", h, "all_candidates", "nope") == 1303
    path = str(tmp_path / "dc.dcm")
    call("write_data_code_2d_model", h, path)
    (h2,) = call("read_data_code_2d_model", path)
    assert call("get_data_code_2d_param", h2, ("module_size_min", "contrast_min")) == ((4.5, 20.0),)
    (tmp_path / "bad.dcm").write_text("HDLITE-DATA-CODE-2D-MODEL\n{}\n")
    assert call.code("read_data_code_2d_model", str(tmp_path / "bad.dcm")) == 5238
    call("clear_data_code_2d_model", h)
    assert call.code("get_data_code_2d_param", h, "polarity") == 2454
    np.testing.assert_equal(len(call("find_data_code_2d", image(blank(9, 9)), h2, (), ())[2]), 0)
