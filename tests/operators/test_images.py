"""Image files (read_image, write_image, write_object, read_object) and gray-value operators."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage

from hdlite.errors import HalconError
from hdlite.values.iconic import Image, ObjectTuple, Region


def _one(objs: ObjectTuple) -> Image:
    assert len(objs) == 1
    return objs[0]


def _byte(values) -> ObjectTuple:
    arr = np.asarray(values, dtype=np.uint8)
    return ObjectTuple([Image(arr if arr.ndim == 3 else arr[None], "byte")])


def _real(values) -> ObjectTuple:
    arr = np.asarray(values, dtype=np.float32)
    return ObjectTuple([Image(arr if arr.ndim == 3 else arr[None], "real")])


RNG = np.random.default_rng(7)
GRAY = RNG.integers(0, 256, (12, 17), dtype=np.uint8)
RGB = RNG.integers(0, 256, (12, 17, 3), dtype=np.uint8)


# --- read_image ---------------------------------------------------------------------------


def test_read_gray_and_rgb_png(call, tmp_path):
    PILImage.fromarray(GRAY).save(tmp_path / "g.png")
    PILImage.fromarray(RGB).save(tmp_path / "c.png")
    gray = _one(call("read_image", (str(tmp_path / "g.png"),))[0])
    assert (gray.pixel_type, gray.channels, gray.width, gray.height) == ("byte", 1, 17, 12)
    assert np.array_equal(gray.data[0], GRAY)
    color = _one(call("read_image", (str(tmp_path / "c.png"),))[0])
    assert (color.pixel_type, color.channels) == ("byte", 3)
    assert np.array_equal(color.data, RGB.transpose(2, 0, 1))


def test_read_16_bit_and_alpha_png(call, tmp_path):
    deep = (RNG.integers(0, 65536, (5, 6))).astype(np.uint16)
    PILImage.fromarray(deep).save(tmp_path / "d.png")
    img = _one(call("read_image", (str(tmp_path / "d.png"),))[0])
    assert img.pixel_type == "uint2" and img.data.dtype == np.uint16
    assert np.array_equal(img.data[0], deep)
    rgba = RNG.integers(0, 256, (4, 5, 4), dtype=np.uint8)
    PILImage.fromarray(rgba, "RGBA").save(tmp_path / "a.png")
    img = _one(call("read_image", (str(tmp_path / "a.png"),))[0])
    assert img.channels == 4 and np.array_equal(img.data, rgba.transpose(2, 0, 1))


def test_read_jpeg(call, tmp_path):
    smooth = np.tile(np.arange(0, 160, 10, dtype=np.uint8), (8, 1))
    PILImage.fromarray(smooth).save(tmp_path / "s.jpg", quality=95)
    PILImage.fromarray(np.stack([smooth] * 3, -1)).save(tmp_path / "c.jpeg", quality=95)
    gray = _one(call("read_image", (str(tmp_path / "s.jpg"),))[0])
    assert gray.channels == 1 and np.abs(gray.data[0].astype(int) - smooth).max() <= 4
    color = _one(call("read_image", (str(tmp_path / "c.jpeg"),))[0])
    assert color.channels == 3 and color.pixel_type == "byte"


def test_read_tuple_of_names_and_missing_extension(call, tmp_path):
    PILImage.fromarray(GRAY).save(tmp_path / "one.png")
    PILImage.fromarray(RGB).save(tmp_path / "two.jpg")
    (imgs,) = call("read_image", (str(tmp_path / "one"), str(tmp_path / "two")))
    assert [i.channels for i in imgs] == [1, 3]


def test_read_searches_cwd_image_dir_and_halconimages(call, tmp_path, monkeypatch):
    session = call.session
    for sub in ("cwd", "a", "b", "env"):
        (tmp_path / sub).mkdir()
    PILImage.fromarray(GRAY).save(tmp_path / "b" / "in_b.png")
    PILImage.fromarray(GRAY[:3]).save(tmp_path / "env" / "in_env.bmp")
    PILImage.fromarray(GRAY[:2]).save(tmp_path / "cwd" / "in_b.png")
    monkeypatch.chdir(tmp_path / "cwd")
    session.system["image_dir"] = (f"{tmp_path / 'a'};{tmp_path / 'b'}",)
    monkeypatch.setenv("HALCONIMAGES", str(tmp_path / "env"))
    assert _one(call("read_image", ("in_b",))[0]).height == 2  # the current directory first
    os.remove(tmp_path / "cwd" / "in_b.png")
    assert _one(call("read_image", ("in_b",))[0]).height == 12
    assert _one(call("read_image", ("in_env",))[0]).height == 3
    session.system["image_dir"] = (f"{tmp_path / 'a'}:{tmp_path / 'b'}",)
    assert _one(call("read_image", ("in_b.png",))[0]).height == 12


def test_read_errors(call, tmp_path):
    assert call.code("read_image", (str(tmp_path / "nothing"),)) == 5200
    (tmp_path / "bad.png").write_bytes(b"this is not an image at all" * 4)
    assert call.code("read_image", (str(tmp_path / "bad.png"),)) == 5506
    PILImage.fromarray(RGB).save(tmp_path / "full.png")
    data = (tmp_path / "full.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    assert call.code("read_image", (str(tmp_path / "cut.png"),)) == 5502
    PILImage.fromarray(RGB).save(tmp_path / "full.jpg")
    data = (tmp_path / "full.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) * 2 // 3])
    assert call.code("read_image", (str(tmp_path / "cut.jpg"),)) == 5502


# --- write_image --------------------------------------------------------------------------


def test_write_png_round_trip_and_extension(call, tmp_path):
    call("write_image", _byte(RGB.transpose(2, 0, 1)), ("png",), (0,), (str(tmp_path / "out"),))
    assert np.array_equal(np.asarray(PILImage.open(tmp_path / "out.png")), RGB)
    assert [p.name for p in tmp_path.iterdir()] == ["out.png"]  # no temporary files left
    back = _one(call("read_image", (str(tmp_path / "out.png"),))[0])
    assert np.array_equal(back.data, RGB.transpose(2, 0, 1))


def test_write_jpeg_quality_and_kept_extension(call, tmp_path):
    img = _byte(GRAY)
    call("write_image", img, ("jpeg 100",), (0,), (str(tmp_path / "x.jpeg"),))
    call("write_image", img, ("jpeg 10",), (0,), (str(tmp_path / "y"),))
    assert (tmp_path / "x.jpeg").exists() and (tmp_path / "y.jpg").exists()
    best = np.asarray(PILImage.open(tmp_path / "x.jpeg")).astype(int)
    worst = np.asarray(PILImage.open(tmp_path / "y.jpg")).astype(int)
    assert np.abs(best - GRAY).mean() < np.abs(worst - GRAY).mean()


def test_write_other_formats(call, tmp_path):
    deep = np.arange(12, dtype=np.uint16).reshape(1, 3, 4) * 5000
    call("write_image", ObjectTuple([Image(deep, "uint2")]), ("png",), (0,), (str(tmp_path / "d"),))
    back = _one(call("read_image", (str(tmp_path / "d.png"),))[0])
    assert back.pixel_type == "uint2" and np.array_equal(back.data, deep)
    real = _real([[0.5, -1.25], [3.0, 1e6]])
    call("write_image", real, ("tiff",), (0,), (str(tmp_path / "r"),))
    back = _one(call("read_image", (str(tmp_path / "r.tif"),))[0])
    assert back.pixel_type == "real" and np.array_equal(back.data, real[0].data)
    call("write_image", _byte(GRAY), ("bmp",), (0,), (str(tmp_path / "b"),))
    assert np.array_equal(np.asarray(PILImage.open(tmp_path / "b.bmp")), GRAY)


def test_write_fill_color_outside_domain(call, tmp_path):
    img = Image(np.full((1, 3, 4), 50, np.uint8), "byte", Region.rectangle(0, 0, 1, 1))
    call("write_image", ObjectTuple([img]), ("png",), (7,), (str(tmp_path / "f"),))
    written = np.asarray(PILImage.open(tmp_path / "f.png"))
    assert written[0, 0] == 50 and written[2, 3] == 7 and written[0, 2] == 7
    rgb = Image(np.full((3, 2, 2), 9, np.uint8), "byte", Region.rectangle(0, 0, 0, 0))
    call("write_image", ObjectTuple([rgb]), ("png",), (0xFF8000,), (str(tmp_path / "c"),))
    assert list(np.asarray(PILImage.open(tmp_path / "c.png"))[1, 1]) == [255, 128, 0]


def test_write_errors(call, tmp_path):
    deep = ObjectTuple([Image(np.zeros((1, 2, 2), np.uint16), "uint2")])
    assert call.code("write_image", deep, ("jpeg",), (0,), (str(tmp_path / "a"),)) == 5217
    two = ObjectTuple([Image(np.zeros((2, 2, 2), np.uint8), "byte")])
    assert call.code("write_image", two, ("jpeg",), (0,), (str(tmp_path / "a"),)) == 3359
    assert call.code("write_image", _byte(GRAY), ("gif",), (0,), (str(tmp_path / "a"),)) == 1301
    missing_dir = str(tmp_path / "no" / "such" / "dir" / "x")
    assert call.code("write_image", _byte(GRAY), ("png",), (0,), (missing_dir,)) == 5215
    assert list(tmp_path.iterdir()) == []


# --- write_object / read_object ----------------------------------------------------------


def test_object_file_round_trip_with_domains(call, tmp_path):
    domain = Region(1, 2, np.array([[1, 0, 1], [1, 1, 0]], bool))
    rgb = Image(RGB.transpose(2, 0, 1), "byte", domain)
    real = Image(RNG.random((1, 3, 5)).astype(np.float32), "real")
    region = Region(-3, 4, np.eye(4, dtype=bool))
    objs = ObjectTuple([rgb, real, region])
    call("write_object", objs, (str(tmp_path / "objs"),))
    path = tmp_path / "objs.hobj"
    assert path.exists()
    with np.load(path, allow_pickle=False) as archive:
        manifest = json.loads(archive["manifest"].tobytes())
    assert manifest["format"] == "hdlite-hobj" and len(manifest["objects"]) == 3
    (back,) = call("read_object", (str(tmp_path / "objs"),))
    assert call("test_equal_obj", objs, back) == ((1,),)
    assert back[0].domain.row == 1 and back[0].domain.column == 2
    assert np.array_equal(back[0].domain.mask, domain.mask)
    assert np.array_equal(back[1].data, real.data) and back[1].domain is None
    (via_read_image,) = call("read_image", (str(path),))
    assert len(via_read_image) == 2 and np.array_equal(via_read_image[0].data, rgb.data)
    call("write_image", ObjectTuple([real]), ("hobj",), (0,), (str(tmp_path / "single"),))
    assert np.array_equal(
        _one(call("read_object", (str(tmp_path / "single.hobj"),))[0]).data, real.data
    )


def test_read_object_errors(call, tmp_path):
    assert call.code("read_object", (str(tmp_path / "missing"),)) == 5200
    (tmp_path / "junk.hobj").write_bytes(b"junk" * 10)
    assert call.code("read_object", (str(tmp_path / "junk.hobj"),)) == 5238
    with zipfile.ZipFile(tmp_path / "other.hobj", "w") as archive:
        archive.writestr("x.npy", b"nonsense")
    assert call.code("read_object", (str(tmp_path / "other.hobj"),)) == 5238
    np.savez(tmp_path / "pickled.npz", manifest=np.array([{"a": 1}], dtype=object))
    assert call.code("read_object", (str(tmp_path / "pickled.npz"),)) == 5238
    manifest = {"format": "hdlite-hobj", "version": 99, "objects": []}
    raw = np.frombuffer(json.dumps(manifest).encode(), np.uint8)
    with open(tmp_path / "new.hobj", "wb") as handle:
        np.savez(handle, manifest=raw)
    assert call.code("read_object", (str(tmp_path / "new.hobj"),)) == 2403


# --- creating and inspecting images ---------------------------------------------------------


def test_gen_image_const_and_proto(call):
    (img,) = call("gen_image_const", ("uint2",), (5,), (3,))
    assert _one(img).data.shape == (1, 3, 5) and _one(img).data.dtype == np.uint16
    assert call("get_image_size", img) == ((5,), (3,))
    assert call("get_image_type", img) == (("uint2",),)
    (proto,) = call("gen_image_proto", _byte(np.zeros((3, 2, 2))), (300,))
    assert _one(proto).data.shape == (3, 2, 2) and (_one(proto).data == 255).all()
    assert call("count_channels", proto) == ((3,),)
    (cplx,) = call("gen_image_const", ("complex",), (5,), (3,))  # zeros, two parts each
    assert _one(cplx).data.dtype == np.complex64 and not _one(cplx).data.any()
    assert call.code("gen_image_const", ("float",), (5,), (3,)) == 1301
    assert call.code("gen_image_const", ("byte",), (0,), (3,)) == 1302


def test_get_grayval(call):
    img = _byte([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    assert call("get_grayval", img, (1, 0), (0, 1)) == ((3, 7, 2, 6),)
    assert call("get_grayval", _real([[0.5]]), (0,), (0,)) == ((0.5,),)
    assert call.code("get_grayval", img, (2,), (0,)) == 1301


def test_min_max_gray_and_intensity(call):
    values = np.arange(100, dtype=np.uint8).reshape(10, 10)
    img = _byte(values)
    assert call("min_max_gray", img, img, (0,)) == ((0.0,), (99.0,), (99.0,))
    assert call("min_max_gray", img, img, (5,)) == ((5.0,), (94.0,), (89.0,))
    region = ObjectTuple([Region.rectangle(0, 0, 0, 3)])
    assert call("min_max_gray", region, img, (0,)) == ((0.0,), (3.0,), (3.0,))
    mean, dev = call("intensity", region, img)
    assert mean == (1.5,) and dev[0] == pytest.approx(np.std([0, 1, 2, 3]))
    real = _real(values.astype(float) / 10)
    assert call("min_max_gray", real, real, (5,))[0][0] == pytest.approx(0.5)
    reduced = ObjectTuple([Image(img[0].data, "byte", Region.rectangle(5, 0, 9, 9))])
    assert call("min_max_gray", reduced, reduced, (0,))[0] == (50.0,)
    assert call.code("min_max_gray", img, img, (60,)) == 1301


# --- gray value operators ----------------------------------------------------------------


def test_convert_image_type_clips_and_truncates(call):
    (out,) = call("convert_image_type", _real([[-5.5, 3.7, 300.2, 255.9]]), ("byte",))
    assert _one(out).pixel_type == "byte" and _one(out).data.tolist() == [[[0, 3, 255, 255]]]
    (out,) = call("convert_image_type", _byte([[1, 200]]), ("int1",))
    assert _one(out).data.tolist() == [[[1, 127]]]
    (out,) = call("convert_image_type", _byte([[1, 200]]), ("real",))
    assert _one(out).data.dtype == np.float32 and _one(out).data.tolist() == [[[1.0, 200.0]]]


def test_scale_image(call):
    (out,) = call("scale_image", _byte([[0, 3, 100, 200]]), (2,), (-10,))
    assert _one(out).data.tolist() == [[[0, 0, 190, 255]]]
    (out,) = call("scale_image", _byte([[3, 5]]), (0.5,), (0,))
    assert _one(out).data.tolist() == [[[2, 3]]]
    (out,) = call("scale_image", _real([[1.0, -2.0]]), (1.5,), (0.25,))
    assert _one(out).data.tolist() == [[[1.75, -2.75]]] and _one(out).pixel_type == "real"
    deep = ObjectTuple([Image(np.array([[[60000, 10]]], np.uint16), "uint2")])
    assert _one(call("scale_image", deep, (2,), (-30,))[0]).data.tolist() == [[[65535, 0]]]


def test_scale_image_max(call):
    (out,) = call("scale_image_max", _byte([[50, 100, 150]]))
    assert _one(out).data.tolist() == [[[0, 128, 255]]]
    (out,) = call("scale_image_max", _real([[-1.0, 0.0, 1.0]]))
    assert _one(out).pixel_type == "byte" and _one(out).data.tolist() == [[[0, 128, 255]]]


def test_invert_and_arithmetic(call):
    assert _one(call("invert_image", _byte([[0, 55]]))[0]).data.tolist() == [[[255, 200]]]
    assert _one(call("invert_image", _real([[1.5]]))[0]).data.tolist() == [[[-1.5]]]
    a, b = _byte([[100, 200, 10]]), _byte([[100, 100, 20]])
    assert _one(call("add_image", a, b, (1,), (0,))[0]).data.tolist() == [[[200, 255, 30]]]
    assert _one(call("add_image", a, b, (0.5,), (0,))[0]).data.tolist() == [[[100, 150, 15]]]
    assert _one(call("sub_image", a, b, (1,), (0,))[0]).data.tolist() == [[[0, 100, 0]]]
    assert _one(call("sub_image", a, b, (1,), (128,))[0]).data.tolist() == [[[128, 228, 118]]]
    assert _one(call("mult_image", a, b, (0.01,), (0,))[0]).data.tolist() == [[[100, 200, 2]]]
    assert call.code("add_image", a, _byte([[1, 2]]), (1,), (0,)) == 3117
    assert call.code("add_image", a, _real([[1, 2, 3]]), (1,), (0,)) == 9001
    assert call("add_image", a, ObjectTuple(), (1,), (0,)) == (ObjectTuple(),)  # no_object_result
    assert call.code("add_image", a, ObjectTuple([*a, *a]), (1,), (0,)) == 3017


def test_rgb_to_gray_and_channels(call):
    rgb = _byte([[[255, 0]], [[0, 255]], [[0, 0]]])
    (gray,) = call("rgb1_to_gray", rgb)
    assert _one(gray).data.tolist() == [[[76, 150]]]
    r, g, b = (ObjectTuple([Image(rgb[0].data[c : c + 1], "byte")]) for c in range(3))
    assert _one(call("rgb3_to_gray", r, g, b)[0]).data.tolist() == [[[76, 150]]]
    (composed,) = call("compose3", r, g, b)
    assert np.array_equal(_one(composed).data, rgb[0].data)
    parts = call("decompose3", composed)
    assert [_one(p).data.tolist() for p in parts] == [[[[255, 0]]], [[[0, 255]]], [[[0, 0]]]]
    assert _one(call("access_channel", composed, (2,))[0]).data.tolist() == [[[0, 255]]]
    assert _one(call("append_channel", composed, r)[0]).channels == 4
    assert _one(call("rgb1_to_gray", r)[0]) is r[0]
    assert call.code("access_channel", composed, (4,)) == 4062
    assert call.code("decompose3", r) == 3359
    assert call.code("compose2", r, _byte([[1]])) == 3117


def test_preprocessing_chain_in_a_program(run_script, tmp_path):
    PILImage.fromarray(RGB).save(tmp_path / "pic.png")
    result = run_script(
        f"read_image (Image, '{tmp_path / 'pic'}')\n"
        "zoom_image_size (Image, Zoomed, 8, 6, 'constant')\n"
        "convert_image_type (Zoomed, Real, 'real')\n"
        "scale_image (Real, Scaled, 2.0 / 255, -1)\n"
        "get_image_type (Scaled, Type)\n"
        "get_image_size (Scaled, W, H)\n"
        "min_max_gray (Scaled, Scaled, 0, Min, Max, Range)\n"
        "count_channels (Scaled, C)\n"
        f"write_object (Scaled, '{tmp_path / 'pre'}')\n"
        f"read_object (Back, '{tmp_path / 'pre.hobj'}')\n"
        "test_equal_obj (Scaled, Back, Equal)\n"
    )
    assert result.error is None, result.error
    assert result["Type"] == ("real",) and result["W"] == (8,) and result["H"] == (6,)
    assert -1.0 <= result["Min"][0] <= result["Max"][0] <= 1.0
    assert result["C"] == (3,) and result["Equal"] == (1,)


def test_missing_file_in_a_program_reports_5200(run_script, tmp_path):
    result = run_script(f"read_image (Image, '{tmp_path / 'absent'}')\n")
    assert isinstance(result.error, HalconError) and result.error.code == 5200
    assert Path(str(tmp_path / "absent")).name in result.error.render()


def test_more_two_image_operators(call):
    a, b = _byte([[10, 200, 7]]), _byte([[20, 100, 0]])
    assert _one(call("max_image", a, b)[0]).data.tolist() == [[[20, 200, 7]]]
    assert _one(call("min_image", a, b)[0]).data.tolist() == [[[10, 100, 0]]]
    assert _one(call("div_image", a, b, (10,), (0,))[0]).data.tolist() == [[[5, 20, 0]]]
    signed = ObjectTuple([Image(np.array([[[-128, -3, 4]]], np.int8), "int1")])
    assert _one(call("abs_image", signed)[0]).data.tolist() == [[[127, 3, 4]]]
    assert _one(call("abs_image", _real([[-1.5]]))[0]).data.tolist() == [[[1.5]]]


def test_channel_tuples(call):
    planes = ObjectTuple([Image(np.full((1, 2, 2), v, np.uint8), "byte") for v in (1, 2, 3, 4)])
    (four,) = call("channels_to_image", planes)
    assert _one(four).channels == 4 and _one(four).data[:, 0, 0].tolist() == [1, 2, 3, 4]
    (split,) = call("image_to_channels", four)
    assert [int(p.data[0, 0, 0]) for p in split] == [1, 2, 3, 4]
    parts = call("decompose4", four)
    assert [int(p[0].data[0, 0, 0]) for p in parts] == [1, 2, 3, 4]
    (again,) = call("compose4", *(ObjectTuple([p]) for p in split))
    assert np.array_equal(_one(again).data, _one(four).data)
    (two,) = call("compose2", ObjectTuple([split[0]]), ObjectTuple([split[1]]))
    _first, second = call("decompose2", two)
    assert _one(second).data.tolist() == [[[2, 2], [2, 2]]]


def test_get_image_pointer1(call):
    img = _byte(GRAY)
    pointer, kind, width, height = call("get_image_pointer1", img)
    assert isinstance(pointer[0], int) and pointer[0] != 0
    assert (kind, width, height) == (("byte",), (17,), (12,))
