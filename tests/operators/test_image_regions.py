"""Region operators: creation, set operations, features, threshold and painting."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.errors import HalconError
from hdlite.values.iconic import Image, ObjectTuple, Region


def _regions(*regs: Region) -> ObjectTuple:
    return ObjectTuple(regs)


def _mask(region: Region, height: int, width: int) -> list[list[int]]:
    return region.to_mask(height, width).astype(int).tolist()


def test_gen_rectangle1_and_area_center(call):
    (rects,) = call("gen_rectangle1", (1, 0), (2, 0), (3, 0.4), (5, 3))
    assert call("area_center", rects) == ((12, 4), (2.0, 0.0), (3.5, 1.5))
    assert call("smallest_rectangle1", rects) == ((1, 0), (2, 0), (3, 0), (5, 3))
    with pytest.raises(HalconError) as info:
        call("gen_rectangle1", (5,), (0,), (4,), (3,))
    assert info.value.code == 1303


def test_gen_circle_and_rectangle2(call):
    (circle,) = call("gen_circle", (5,), (5,), (1.5,))
    assert call("area_center", circle) == ((9,), (5.0,), (5.0,))
    # an integer radius gives an even diameter around a centre moved to x.5 (HALCON 12 doc)
    (square,) = call("gen_circle", (5,), (5,), (1,))
    assert call("area_center", square) == ((4,), (4.5,), (4.5,))
    (dot,) = call("gen_circle", (2,), (3,), (0,))
    assert call("area_center", dot)[0] == (1,)
    (big,) = call("gen_circle", (50,), (50,), (10,))
    assert abs(call("area_center", big)[0][0] - np.pi * 100) < 15
    (rect,) = call("gen_rectangle2", (10,), (20,), (0.0,), (2,), (1,))
    assert call("area_center", rect) == ((15,), (10.0,), (20.0,))
    assert call("smallest_rectangle1", rect) == ((9,), (18,), (11,), (22,))
    (turned,) = call("gen_rectangle2", (10,), (20,), (np.pi / 2,), (2,), (1,))
    assert call("smallest_rectangle1", turned) == ((8,), (19,), (12,), (21,))


def test_polygon_and_empty_region(call):
    (tri,) = call("gen_region_polygon_filled", (0, 0, 4), (0, 4, 0))
    area = call("area_center", tri)[0][0]
    assert 8 <= area <= 15
    (empty,) = call("gen_empty_region")
    assert call("area_center", empty) == ((0,), (0.0,), (0.0,))
    assert call("smallest_rectangle1", empty) == ((0,), (0,), (0,), (0,))


def test_set_operations(call):
    a = Region.rectangle(0, 0, 1, 3)
    b = Region.rectangle(1, 2, 2, 4)
    (union,) = call("union1", _regions(a, b))
    assert _mask(union[0], 3, 5) == [[1, 1, 1, 1, 0], [1, 1, 1, 1, 1], [0, 0, 1, 1, 1]]
    (union,) = call("union2", _regions(a), _regions(b))
    assert union[0].area() == 12
    (inter,) = call("intersection", _regions(a), _regions(b))
    assert _mask(inter[0], 3, 5) == [[0, 0, 0, 0, 0], [0, 0, 1, 1, 0], [0, 0, 0, 0, 0]]
    (diff,) = call("difference", _regions(a), _regions(b))
    assert diff[0].area() == 6
    (clipped,) = call("clip_region", _regions(a), (1,), (1,), (5,), (2,))
    assert clipped[0].bbox() == (1, 1, 1, 2)
    (moved,) = call("move_region", _regions(a), (10,), (-1,))
    assert moved[0].bbox() == (10, -1, 11, 2)


def test_inner_rectangle1(call):
    mask = np.array(
        [
            [1, 1, 0, 0, 0],
            [1, 1, 1, 1, 1],
            [1, 1, 1, 1, 1],
            [0, 1, 1, 1, 0],
        ],
        bool,
    )
    assert call("inner_rectangle1", _regions(Region(10, 20, mask))) == ((11,), (20,), (12,), (24,))
    (circle,) = call("gen_circle", (20,), (20,), (10,))
    r1, c1, r2, c2 = (v[0] for v in call("inner_rectangle1", circle))
    assert (r2 - r1 + 1) * (c2 - c1 + 1) >= 180
    inside = circle[0].to_mask(40, 40)[r1 : r2 + 1, c1 : c2 + 1]
    assert inside.all()


def test_threshold_uses_domain_and_first_channel(call):
    data = np.array([[[10, 100, 200], [150, 90, 255]], [[0, 0, 0], [0, 0, 0]]], np.uint8)
    img = Image(data, "byte", Region.rectangle(0, 0, 1, 1))
    (region,) = call("threshold", ObjectTuple([img]), (90,), (160,))
    assert _mask(region[0], 2, 3) == [[0, 1, 0], [1, 1, 0]]
    (none,) = call("threshold", ObjectTuple([img]), (250,), (255,))
    assert none[0].area() == 0


def test_area_center_of_an_image_is_its_domain(call):
    img = Image(np.zeros((1, 4, 6), np.uint8), "byte")
    assert call("area_center", ObjectTuple([img])) == ((24,), (1.5,), (2.5,))


def test_region_to_bin_and_paint_region(call):
    (bin_img,) = call(
        "region_to_bin", _regions(Region.rectangle(0, 1, 0, 2)), (255,), (7,), (4,), (2,)
    )
    assert bin_img[0].data.tolist() == [[[7, 255, 255, 7], [7, 7, 7, 7]]]
    img = ObjectTuple([Image(np.zeros((3, 4, 4), np.uint8), "byte")])
    (painted,) = call(
        "paint_region", _regions(Region.rectangle(1, 1, 2, 2)), img, (1, 2, 3), ("fill",)
    )
    assert painted[0].data[:, 1, 1].tolist() == [1, 2, 3] and painted[0].data[:, 0, 0].tolist() == [
        0,
        0,
        0,
    ]
    assert img[0].data.max() == 0  # the input is unchanged
    gray = ObjectTuple([Image(np.zeros((1, 5, 5), np.uint8), "byte")])
    (margin,) = call(
        "paint_region", _regions(Region.rectangle(0, 0, 4, 4)), gray, (9,), ("margin",)
    )
    assert int(margin[0].data.sum()) == 9 * 16 and margin[0].data[0, 2, 2] == 0
    with pytest.raises(HalconError) as info:
        call("paint_region", _regions(Region.rectangle(0, 0, 1, 1)), img, (1, 2), ("fill",))
    assert info.value.code == 1401


def test_paint_region_into_a_complex_image(call):
    # a frequency image (fft_generic 'complex') masked with paint_region, as user programs do
    spectrum = np.full((1, 4, 4), 3 + 4j, np.complex64)
    img = ObjectTuple([Image(spectrum, "complex")])
    (painted,) = call("paint_region", _regions(Region.rectangle(0, 0, 1, 3)), img, (0,), ("fill",))
    assert painted[0].pixel_type == "complex"
    assert painted[0].data[0, :2].tolist() == [[0j] * 4] * 2
    assert painted[0].data[0, 2:].tolist() == [[3 + 4j] * 4] * 2


def test_paint_gray_copies_the_source_domain_into_the_destination(call):
    source = Image(np.full((1, 4, 5), 9, np.uint8), "byte", Region.rectangle(1, 1, 2, 3))
    dest = Image(np.arange(20, dtype=np.uint8).reshape(1, 4, 5), "byte")
    (mixed,) = call("paint_gray", ObjectTuple([source]), ObjectTuple([dest]))
    expected = np.arange(20).reshape(4, 5)
    expected[1:3, 1:4] = 9
    assert mixed[0].data[0].tolist() == expected.tolist()
    assert dest.data.max() == 19  # the destination itself is unchanged
    other = Image(np.zeros((1, 4, 5), np.uint16), "uint2")
    assert call.code("paint_gray", ObjectTuple([source]), ObjectTuple([other])) == 9001
    small = Image(np.zeros((1, 3, 5), np.uint8), "byte")
    assert call.code("paint_gray", ObjectTuple([source]), ObjectTuple([small])) == 3117
    (whole,) = call("paint_gray", ObjectTuple([Image(source.data, "byte")]), ObjectTuple([dest]))
    assert whole[0].data.min() == 9 and whole[0].domain is None
