"""The virtual 'File' image acquisition interface on a folder of generated PNGs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage

from hdlite.plugin import ObjectTuple

FILE_ARGS = (1, 1, 0, 0, 0, 0, "default", -1, "default", -1, "false")


def _open(call, camera_type: str, **over: object) -> object:
    args = list(FILE_ARGS)
    names = ["hres", "vres", "width", "height", "row", "col"]
    for key, value in over.items():
        args[names.index(key)] = value
    (handle,) = call("open_framegrabber", "File", *args, camera_type, "default", -1, -1)
    return handle[0]


def _value(images: ObjectTuple) -> int:
    return int(images[0].data[0, 0, 0])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three gray PNGs whose first pixel tells which one was grabbed, plus noise files."""
    for value, name in ((30, "b.png"), (10, "a.png"), (20, "a2.png")):
        data = np.full((6, 8), value, dtype=np.uint8)
        data[5, 7] = 255
        PILImage.fromarray(data).save(tmp_path / name)
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "sub").mkdir()
    return tmp_path


def test_directory_order_and_wrap_around(call, folder):
    handle = _open(call, str(folder))
    seen = [_value(call("grab_image", handle)[0]) for _ in range(4)]
    assert seen == [10, 20, 30, 10]
    (img,) = call("grab_image", handle)
    assert img[0].pixel_type == "byte" and img[0].data.shape == (1, 6, 8)


def test_grab_and_grab_async_share_one_position(call, folder):
    handle = _open(call, str(folder))
    call("grab_image_start", handle, -1)
    assert call("get_framegrabber_param", handle, "image_available") == ((1,),)
    assert _value(call("grab_image_async", handle, -1)[0]) == 10  # the started grab
    # grab_image_async started the next grab (image 2); grab_image drops it and reads 3
    assert _value(call("grab_image", handle)[0]) == 30
    assert _value(call("grab_image_async", handle, -1)[0]) == 10
    call("set_framegrabber_param", handle, "start_async_after_grab_async", "disable")
    assert _value(call("grab_image_async", handle, -1)[0]) == 20
    assert call("get_framegrabber_param", handle, "image_available") == ((0,),)
    assert _value(call("grab_image_async", handle, -1)[0]) == 30


def test_sequence_file_and_single_file(call, folder):
    seq = folder / "list.seq"
    seq.write_text("b.png\n\na\n" + str(folder / "a2.png") + "\n")
    handle = _open(call, str(seq))
    assert [_value(call("grab_image", handle)[0]) for _ in range(4)] == [30, 10, 20, 30]
    single = _open(call, str(folder / "b"))
    assert [_value(call("grab_image", single)[0]) for _ in range(2)] == [30, 30]


def test_image_part_subsampling_and_colour(call, folder):
    handle = _open(call, str(folder / "a.png"), width=3, height=2, row=4, col=5)
    (img,) = call("grab_image", handle)
    assert img[0].data.shape == (1, 2, 3) and img[0].data[0, 1, 2] == 255
    half = _open(call, str(folder / "a.png"), hres=2, vres=2)
    assert call("grab_image", half)[0][0].data.shape == (1, 3, 4)
    call("set_framegrabber_param", half, "color_space", "rgb")
    assert call("grab_image", half)[0][0].data.shape == (3, 3, 4)
    assert call("get_framegrabber_param", half, ("color_space", "image_width")) == (("rgb", 0),)
    bad = _open(call, str(folder / "a.png"), width=9)
    assert call.code("grab_image", bad) == 5308


def test_closed_handle_and_errors(call, folder, tmp_path):
    handle = _open(call, str(folder))
    assert call("get_framegrabber_param", handle, "camera_type") == ((str(folder),),)
    assert call.code("get_framegrabber_param", handle, "exposure") == 5321
    assert call.code("set_framegrabber_param", handle, "revision", "2") == 5321
    assert call.code("set_framegrabber_param", handle, "color_space", "hsv") == 5326
    call("close_framegrabber", handle)
    assert call.code("grab_image", handle) == 5310
    assert call.code("close_framegrabber", handle) == 5310
    other = _open(call, str(folder))
    call("close_all_framegrabbers")
    assert call.code("grab_image_async", other, -1) == 5310
    empty = tmp_path / "empty"
    empty.mkdir()
    assert call.code("grab_image", _open(call, str(empty))) == 5306
    assert call.code("open_framegrabber", "GigEVision2", *FILE_ARGS, "x", "d", -1, -1) == 5305
    assert (
        call.code("open_framegrabber", "File", *FILE_ARGS, str(tmp_path / "none"), "d", -1, -1)
        == 5200
    )


def test_info_framegrabber(call):
    _info, values = call("info_framegrabber", "File", "defaults")
    assert len(values) == 15 and values[6] == "default"
    assert "color_space" in call("info_framegrabber", "File", "parameters")[1]
    assert call("info_framegrabber", "File", "color_space")[1] == ("default", "gray", "rgb")
    assert call.code("info_framegrabber", "pylon", "defaults") == 5305
    assert call.code("info_framegrabber", "File", "nonsense") == 1302
