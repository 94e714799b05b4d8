"""One test per failure the bad-input sweep found and hdlite fixed (each fails without its fix).

The sweep (test_sweep.py) samples its hostile values in CI; these pin the findings down.
"""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.errors import HalconError
from hdlite.values.iconic import Image, ObjectTuple, Region

BIG = 2**63 - 1
EMPTY_REGION = ObjectTuple([Region(0, 0, np.zeros((0, 0), dtype=bool))])


def _canvas(call, window) -> np.ndarray:
    (image,) = call("dump_window_image", window)
    return image[0].data.copy()


@pytest.mark.parametrize("operator", ["dev_display", "disp_region", "disp_obj"])
def test_displaying_an_empty_region_draws_nothing(call, operator):
    (window,) = call("open_window", 0, 0, 40, 30, 0, "visible", "")
    before = _canvas(call, window)
    args = (EMPTY_REGION,) if operator == "dev_display" else (EMPTY_REGION, window)
    if operator == "dev_display":
        call("dev_set_window", window)
    call(operator, *args)
    assert np.array_equal(_canvas(call, window), before)


def test_lines_far_outside_the_window_are_clipped(call):
    (window,) = call("open_window", 0, 0, 40, 30, 0, "visible", "")
    call("set_color", window, "white")
    call("disp_line", window, 5, -BIG, 5, BIG)  # a horizontal line through the window
    row = _canvas(call, window)[:, 5, :]
    assert row.min() == 255
    call("disp_arrow", window, 0, 0, BIG, BIG, 2)


def test_text_at_huge_coordinates_is_off_the_canvas(call):
    (window,) = call("open_window", 0, 0, 40, 30, 0, "visible", "")
    before = _canvas(call, window)
    call("disp_text", window, "far", "window", BIG, -BIG, "white", (), ())
    assert np.array_equal(_canvas(call, window), before)


def test_disp_circle_refuses_a_negative_radius(call):
    (window,) = call("open_window", 0, 0, 40, 30, 0, "visible", "")
    assert call.code("disp_circle", window, 10, 10, -1) == 1304
    call("disp_circle", window, 10, 10, 1e18)  # covers the window: drawn without walking it


def test_insert_names_itself_in_its_errors(call):
    with pytest.raises(HalconError) as info:
        call("insert", (1, 2), (3, 4, 5), 0)
    assert info.value.operator == "insert"


@pytest.mark.parametrize(
    ("operator", "args"),
    [
        ("tuple_gen_const", (2**62, 0)),
        ("tuple_rand", (BIG,)),
        ("tuple_gen_sequence", (0, BIG, 1)),
        ("tuple_histo_range", ((1.0,), 0, 1, BIG)),
        ("create_matrix", (BIG, 3, 0)),
    ],
)
def test_results_beyond_memory_are_error_6001(call, operator, args):
    assert call.code(operator, *args) == 6001


def test_image_sizes_beyond_the_limit_are_wrong_values(call):
    assert call.code("gen_image_const", "byte", BIG, 4) == 1302
    image = ObjectTuple([Image(np.zeros((1, 4, 4), np.uint8), "byte")])
    assert call.code("zoom_image_size", image, 4, BIG, "constant") == 1302
    assert call.code("zoom_image_factor", image, 1e300, 1.0, "constant") == 1301
    assert call.code("tile_images_offset", image, 0, 0, -1, -1, -1, -1, BIG, 4) == 1307


def test_rectangle1_domain_far_beyond_the_image(call):
    image = ObjectTuple([Image(np.zeros((1, 4, 5), np.uint8), "byte")])
    (reduced,) = call("rectangle1_domain", image, -(2**63), 1, BIG, BIG)
    assert reduced[0].domain_region().area() == 16


def test_wait_seconds_beyond_the_sleep_limit_waits(call, monkeypatch):
    import time

    naps: list[float] = []

    def fake_sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 3:
            raise KeyboardInterrupt  # the user gives up

    monkeypatch.setattr(time, "sleep", fake_sleep)
    with pytest.raises(KeyboardInterrupt):
        call("wait_seconds", 9e18)  # beyond what time.sleep takes
    assert naps == [86400.0] * 3


def test_read_object_refuses_an_image_without_pixels(call, tmp_path):
    call(
        "write_object",
        ObjectTuple([Image(np.zeros((1, 2, 3), np.uint8), "byte")]),
        str(tmp_path / "one"),
    )
    import io
    import zipfile

    path = tmp_path / "one.hobj"
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    data = io.BytesIO()
    np.save(data, np.zeros((1, 0, 3), np.uint8))
    members[next(n for n in members if n.endswith("data.npy"))] = data.getvalue()
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    assert call.code("read_object", str(path)) == 5238
