"""symm_difference, mirror_region, transpose_region, add_channels, crop_domain_rel and
gray_projections on hand-made regions and images."""

from __future__ import annotations

import numpy as np

from hdlite.values.iconic import Image, ObjectTuple, Region


def _rects(*boxes) -> ObjectTuple:
    return ObjectTuple([Region.rectangle(*b) for b in boxes])


def _points(region: Region) -> set[tuple[int, int]]:
    rows, cb, ce = region.runs
    return {
        (int(r), c) for r, b, e in zip(rows, cb, ce, strict=True) for c in range(int(b), int(e) + 1)
    }


def test_symm_difference_against_the_union_of_region2(call):
    (out,) = call("symm_difference", _rects((0, 0, 1, 3)), _rects((0, 2, 0, 5), (1, 3, 1, 3)))
    assert _points(out[0]) == {(0, 0), (0, 1), (0, 4), (0, 5), (1, 0), (1, 1), (1, 2)}
    (same,) = call("symm_difference", _rects((0, 0, 1, 1)), _rects((0, 0, 1, 1)))
    assert len(same) == 1 and same[0].area() == 0  # store_empty_region 'true'
    call("set_system", "store_empty_region", "false")
    assert call("symm_difference", _rects((0, 0, 1, 1)), _rects((0, 0, 1, 1))) == (ObjectTuple(),)
    (alone,) = call("symm_difference", _rects((2, 2, 3, 3)), ObjectTuple())
    assert alone[0].area() == 4


def test_mirror_region_modes(call):
    reg = _rects((1, 2, 1, 4))
    (rows,) = call("mirror_region", reg, "row", 10)
    assert _points(rows[0]) == {(8, 2), (8, 3), (8, 4)}  # 10 - 1 - 1
    (cols,) = call("mirror_region", reg, "column", 10)
    assert _points(cols[0]) == {(1, 5), (1, 6), (1, 7)}
    (diag,) = call("mirror_region", reg, "diagonal", 10)
    assert _points(diag[0]) == {(2, 1), (3, 1), (4, 1)}
    assert call.code("mirror_region", reg, "row", 0) == 1302


def test_transpose_region_is_a_point_reflection(call):
    call("set_system", "clip_region", "false")
    (out,) = call("transpose_region", _rects((1, 2, 1, 3)), 0, 0)
    assert _points(out[0]) == {(-1, -2), (-1, -3)}
    (out,) = call("transpose_region", _rects((1, 2, 1, 3)), 5, 5)
    assert _points(out[0]) == {(9, 8), (9, 7)}


def test_add_channels_gives_each_region_the_image(call):
    data = np.arange(12, dtype=np.uint8).reshape(1, 3, 4)
    image = ObjectTuple([Image(data, "byte")])
    (out,) = call("add_channels", _rects((0, 0, 0, 1), (1, 2, 5, 9)), image)
    assert len(out) == 2
    assert out[0].data is data  # the gray values are shared, not copied
    assert _points(out[0].domain) == {(0, 0), (0, 1)}
    assert out[1].domain.bbox() == (1, 2, 2, 3)  # clipped to the image
    (means,) = call("intensity", ObjectTuple([out[0].domain]), image)[:1]
    assert means == (0.5,)


def test_crop_domain_rel(call):
    data = np.arange(100, dtype=np.uint8).reshape(1, 10, 10)
    image = ObjectTuple([Image(data, "byte", Region.rectangle(3, 4, 5, 6))])
    (out,) = call("crop_domain_rel", image, -1, -1, -1, -1)
    assert out[0].data.shape == (1, 5, 5)
    assert int(out[0].data[0, 0, 0]) == 23  # row 2, column 3
    (out,) = call("crop_domain_rel", image, 1, 0, 0, 1)
    assert out[0].data[0].tolist() == [[44, 45], [54, 55]]
    (out,) = call("crop_domain_rel", image, -10, -10, 0, 0)  # clipped to the image
    assert out[0].data.shape == (1, 6, 7)


def test_gray_projections_simple(call):
    data = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]], dtype=np.uint8)[None]
    image = ObjectTuple([Image(data, "byte")])
    region = ObjectTuple([Region.from_runs([0, 0, 2], [0, 2, 0], [0, 2, 2])])
    hor, vert = call("gray_projections", region, image, "simple")
    assert hor == (2.0, -1.0, 8.0)  # row 0: (1 + 3) / 2; row 1 holds no region pixel
    assert vert == (4.0, 8.0, 6.0)  # columns: (1 + 7) / 2, 8, (3 + 9) / 2
    assert call.code("gray_projections", region, image, "rectangle") == 1301
    assert call("gray_projections", ObjectTuple(), image, "simple") == ((), ())


def test_hamming_distance(call):
    dist, sim = call(
        "hamming_distance", _rects((0, 0, 1, 1), (0, 0, 0, 0)), _rects((0, 1, 1, 2), (5, 5, 5, 5))
    )
    # 2x2 squares sharing one column: 2 + 2 pixels differ, 1 - 4 / 8; disjoint single pixels
    assert dist == (4, 2)
    assert sim == (0.5, 0.0)
    assert call.code("hamming_distance", _rects((0, 0, 1, 1)), ObjectTuple()) == 1502
