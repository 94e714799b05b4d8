"""overpaint_gray/overpaint_region (in place), region_to_mean, paint_xld, random regions,
compose5..7/decompose5..7 and the compute-device operators, on hand-made data."""

from __future__ import annotations

import numpy as np
import pytest
from hdlite_image.xld_objects import Contour

from hdlite.values.control import Handle
from hdlite.values.iconic import Image, ObjectTuple, Region


def _img(arr, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    arr = np.asarray(arr)
    return ObjectTuple([Image(arr if arr.ndim == 3 else arr[None], pixel_type, domain)])


def _rect(r1: int, c1: int, r2: int, c2: int) -> ObjectTuple:
    return ObjectTuple([Region.rectangle(r1, c1, r2, c2)])


# --- overpaint_gray / overpaint_region ---------------------------------------------------


def test_overpaint_gray_changes_the_destination_and_its_sharers(call):
    dst = _img(np.zeros((4, 5), np.uint8))
    shared = ObjectTuple([Image(dst[0].data, "byte")])  # another object on the same pixels
    src = _img(np.full((4, 5), 7, np.uint8), domain=Region.rectangle(1, 1, 2, 3))
    assert call("overpaint_gray", dst, src) == ()
    expected = np.zeros((4, 5), np.uint8)
    expected[1:3, 1:4] = 7
    assert dst[0].data[0].tolist() == expected.tolist()
    assert shared[0].data[0].tolist() == expected.tolist()
    assert call.code("overpaint_gray", dst, _img(np.zeros((3, 5), np.uint8))) == 3117
    assert call.code("overpaint_gray", dst, _img(np.zeros((4, 5), np.float32), "real")) == 9001
    assert call("overpaint_gray", ObjectTuple(), src) == ()


def test_overpaint_gray_on_a_read_only_buffer(call):
    data = np.zeros((1, 2, 2), np.uint8)
    data.setflags(write=False)
    dst = ObjectTuple([Image(data, "byte")])
    call("overpaint_gray", dst, _img(np.full((2, 2), 3, np.uint8)))
    assert dst[0].data.tolist() == [[[3, 3], [3, 3]]]
    assert data.max() == 0


def test_overpaint_region_fill_margin_and_channels(call):
    img = _img(np.zeros((2, 6, 6), np.uint8))
    call("overpaint_region", img, _rect(1, 1, 4, 4), (10, 300), "margin")
    plane0, plane1 = img[0].data[0], img[0].data[1]
    assert int(plane0.sum()) == 12 * 10  # the 12 border pixels of a 4 x 4 square
    assert plane0[2, 2] == 0 and plane0[1, 1] == 10
    assert plane1[1, 1] == 255  # 300 clipped to byte
    call("overpaint_region", img, _rect(0, 0, 0, 1), 5, "fill")
    assert img[0].data[:, 0, :2].tolist() == [[5, 5], [5, 5]]
    assert call.code("overpaint_region", img, _rect(0, 0, 1, 1), (1, 2, 3), "fill") == 1401


# --- region_to_mean -----------------------------------------------------------------------


def test_region_to_mean_paints_each_region_with_its_rounded_mean(call):
    values = np.arange(20, dtype=np.uint8).reshape(4, 5)
    regions = ObjectTuple([Region.rectangle(0, 0, 1, 1), Region.rectangle(2, 3, 3, 4)])
    (out,) = call("region_to_mean", regions, _img(values))
    data = out[0].data[0]
    assert data[:2, :2].tolist() == [[3, 3], [3, 3]]  # mean of 0, 1, 5, 6 = 3
    assert data[2:, 3:].tolist() == [[16, 16], [16, 16]]  # mean of 13, 14, 18, 19 = 16
    assert data[0, 4] == 4  # outside every region: unchanged
    assert values[0, 0] == 0  # the input is untouched
    assert call.code("region_to_mean", regions, _img(values.astype(np.float32), "real")) == 9007
    assert call("region_to_mean", regions, ObjectTuple()) == (ObjectTuple(),)


# --- paint_xld ----------------------------------------------------------------------------


def _square(r1: float, c1: float, r2: float, c2: float) -> ObjectTuple:
    return ObjectTuple([Contour([r1, r1, r2, r2, r1], [c1, c2, c2, c1, c1])])


def test_paint_xld_fills_whole_pixels_and_blends_the_rim(call):
    background = _img(np.full((7, 7), 100, np.uint8))
    (out,) = call("paint_xld", _square(1.5, 1.5, 4.5, 4.5), background, 200)
    data = out[0].data[0]
    assert data[2:5, 2:5].tolist() == [[200] * 3] * 3
    assert int((data != 100).sum()) == 9  # edges on pixel borders: no rim
    (out,) = call("paint_xld", _square(1.0, 1.0, 4.0, 4.0), background, 200)
    data = out[0].data[0]
    assert data[2, 2] == 200
    assert data[1, 2] == 150  # half of the pixel is inside: 100 * 0.5 + 200 * 0.5
    assert data[1, 1] == 125  # a quarter
    assert background[0].data.max() == 100


def test_paint_xld_gray_values_per_object_and_channel(call):
    background = _img(np.zeros((2, 6, 6), np.uint8))
    xlds = _square(0.5, 0.5, 1.5, 1.5) + _square(3.5, 3.5, 4.5, 4.5)
    (out,) = call("paint_xld", xlds, background, (1, 2, 3, 4))
    data = out[0].data
    assert data[:, 1, 1].tolist() == [1, 2] and data[:, 4, 4].tolist() == [3, 4]
    assert call.code("paint_xld", xlds, background, (1, 2, 3)) == 1401


# --- random regions -----------------------------------------------------------------------


def test_gen_random_region_is_half_full_and_seeded(call):
    call("set_system", "seed_rand", 7)
    (first,) = call("gen_random_region", 100, 80)
    call("set_system", "seed_rand", 7)
    (again,) = call("gen_random_region", 100, 80)
    assert first[0].same_pixels(again[0])
    area = first[0].area()
    assert 3600 < area < 4400  # 8000 pixels with probability 0.5
    r1, c1, r2, c2 = first[0].bbox()
    assert r1 >= 0 and c1 >= 0 and r2 <= 79 and c2 <= 99
    assert call.code("gen_random_region", 0, 5) == 1301


@pytest.mark.parametrize("kind", ["circle", "ellipse", "rectangle1", "rectangle2", "ring"])
def test_gen_random_regions_sizes_within_the_limits(call, kind):
    call("set_system", "seed_rand", 3)
    call("set_system", "clip_region", "false")
    (regs,) = call("gen_random_regions", kind, 5, 8, 3, 4, -0.5, 0.5, 20, 200, 100)
    assert len(regs) == 20
    for reg in regs:
        row, col = reg.centroid()
        assert -1 <= row <= 100 and -1 <= col <= 200
        r1, c1, r2, c2 = reg.bbox()
        extent = max(r2 - r1, c2 - c1) + 1
        if kind in ("circle", "ring"):
            assert 2 * 5 - 1 <= extent <= 2 * 8 + 1
        elif kind == "rectangle1":
            assert (r2 - r1 + 1, c2 - c1 + 1) in {(h, w) for h in (3, 4) for w in (5, 6, 7, 8)}
        else:
            assert extent <= 2 * 8 + 2
    if kind == "ring":
        assert all(reg.area() < 3.2 * 8 * 8 for reg in regs)


def test_gen_random_regions_bad_limits(call):
    assert call.code("gen_random_regions", "circle", 9, 8, 1, 2, 0, 0, 3, 10, 10) == 1303
    assert call.code("gen_random_regions", "circle", -1, 8, 1, 2, 0, 0, 3, 10, 10) == 1302
    assert call.code("gen_random_regions", "circle", 1, 8, 1, 2, 0, 0, -3, 10, 10) == 1308
    assert call("gen_random_regions", "circle", 1, 8, 1, 2, 0, 0, 0, 10, 10) == (ObjectTuple(),)


# --- channels -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "compose", "decompose"),
    [(5, "compose5", "decompose5"), (6, "compose6", "decompose6"), (7, "compose7", "decompose7")],
)
def test_compose_and_decompose_five_to_seven(call, n, compose, decompose):
    parts = [_img(np.full((2, 3), k, np.uint8)) for k in range(n)]
    (multi,) = call(compose, *parts)
    assert multi[0].channels == n
    assert multi[0].data[:, 0, 0].tolist() == list(range(n))
    outs = call(decompose, multi)
    assert [o[0].data[0, 1, 2] for o in outs] == list(range(n))
    assert call.code(decompose, _img(np.zeros((2, 3), np.uint8))) == 3359


# --- compute devices ----------------------------------------------------------------------


def test_no_compute_devices(call):
    assert call("query_available_compute_devices") == ((),)
    assert call.code("open_compute_device", 0) == 4106
    assert call.code("get_compute_device_info", 0, "name") == 4106
    other = Handle("dict", {})
    for name, extra in [
        ("activate_compute_device", ()),
        ("deactivate_compute_device", ()),
        ("release_compute_device", ()),
        ("init_compute_device", ("all",)),
        ("get_compute_device_param", ("buffer_cache_capacity",)),
        ("set_compute_device_param", ("buffer_cache_capacity", 1)),
    ]:
        assert call.code(name, other, *extra) == 2404
        assert call.code(name, 0, *extra) == 1201
    assert call("deactivate_all_compute_devices") == ()
    assert call("release_all_compute_devices") == ()


def test_gen_checker_region_fields(call):
    (board,) = call("gen_checker_region", 7, 5, 2, 3)
    mask = board[0].to_mask(6, 8)
    expected = np.array(
        [[(r // 3 + c // 2) % 2 == 0 for c in range(8)] for r in range(6)], dtype=bool
    )
    assert mask.tolist() == expected.tolist()
    assert board[0].area() == int(expected.sum())
    assert call.code("gen_checker_region", 7, 5, 7, 3) == 1303
    assert call.code("gen_checker_region", 7, 5, 2, 5) == 1304
