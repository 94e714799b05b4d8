"""gen_image_gray_ramp, gen_image_surface_first_order/_second_order: exact values;
fill_interlace on an interlaced frame; expand_domain_gray; bin_threshold."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple, Region


def test_gray_ramp_values_and_clipping(call):
    (img,) = call("gen_image_gray_ramp", 2.0, -1.0, 100.0, 5, 7, 20, 12)
    plane = img[0].data[0]
    assert img[0].pixel_type == "byte" and plane.shape == (12, 20)
    assert plane[5, 7] == 100
    assert plane[0, 0] == 2 * (0 - 5) - (0 - 7) + 100  # 97
    assert plane[11, 19] == 2 * 6 - 12 + 100
    (steep,) = call("gen_image_gray_ramp", 50.0, 0.0, 128.0, 2, 0, 3, 8)
    assert steep[0].data[0, :, 0].tolist() == [28, 78, 128, 178, 228, 255, 255, 255]
    assert call.code("gen_image_gray_ramp", 1.0, 1.0, 128.0, 0, 0, 0, 5) == 1306


def test_surfaces_first_and_second_order(call):
    (first,) = call("gen_image_surface_first_order", "real", 0.5, -2.0, 10.0, 1.0, 2.0, 6, 4)
    plane = first[0].data[0]
    assert first[0].pixel_type == "real"
    r, c = np.mgrid[0:4, 0:6]
    np.testing.assert_allclose(plane, 0.5 * (r - 1) - 2.0 * (c - 2) + 10.0)
    (second,) = call(
        "gen_image_surface_second_order", "uint2", 1.0, 2.0, -1.0, 3.0, 0.5, 40.0, 2.0, 3.0, 7, 5
    )
    dr, dc = np.mgrid[0:5, 0:7] - np.array([2.0, 3.0])[:, None, None]
    expected = dr * dr + 2 * dc * dc - dr * dc + 3 * dr + 0.5 * dc + 40.0
    assert second[0].pixel_type == "uint2"
    np.testing.assert_array_equal(second[0].data[0], np.floor(np.clip(expected, 0, 65535) + 0.5))
    assert second[0].data[0, 2, 3] == 40
    (clipped,) = call("gen_image_surface_first_order", "byte", 0.0, 100.0, 0.0, 0.0, 0.0, 4, 1)
    assert clipped[0].data[0, 0].tolist() == [0, 100, 200, 255]
    assert call.code("gen_image_surface_first_order", "int4", 1.0, 1.0, 1.0, 0, 0, 4, 4) == 1301


def test_fill_interlace_on_an_interlaced_frame(call):
    # even lines from one field (a bright bar), odd lines from a later one (bar moved)
    frame = np.zeros((6, 8), np.uint8)
    frame[0::2, 1:4] = 200
    frame[1::2, 4:7] = 200
    img = ObjectTuple([Image(frame[None].copy(), "byte")])
    (odd,) = call("fill_interlace", img, "odd")
    expected = frame.astype(float).copy()
    expected[1] = (frame[0] + frame[2].astype(float)) / 2
    expected[3] = (frame[2] + frame[4].astype(float)) / 2
    expected[5] = frame[4]  # the last line has no line below
    np.testing.assert_array_equal(odd[0].data[0], expected)
    assert (odd[0].data[0][:, 4:7] == 0).all()  # the later field is gone
    (even,) = call("fill_interlace", img, "even")
    assert even[0].data[0, 0].tolist() == frame[1].tolist()  # row 0 copies row 1
    assert even[0].data[0, 2].tolist() == frame[1].tolist()  # mean of two equal lines
    (rm,) = call("fill_interlace", img, "rmodd")
    assert rm[0].data.shape == (1, 3, 8) and (rm[0].data[0] == frame[0::2]).all()
    (rme,) = call("fill_interlace", img, "rmeven")
    assert (rme[0].data[0] == frame[1::2]).all()
    (sw,) = call("fill_interlace", img, "switch")
    assert (sw[0].data[0, 0::2] == frame[1::2]).all() and (sw[0].data[0, 1::2] == frame[0::2]).all()
    assert call.code("fill_interlace", img, "both") == 1301


def test_expand_domain_gray_copies_border_values_outwards(call):
    data = np.zeros((10, 10), np.uint8)
    data[3:7, 3:7] = np.arange(16, dtype=np.uint8).reshape(4, 4) + 100
    img = ObjectTuple([Image(data[None].copy(), "byte", Region.rectangle(3, 3, 6, 6))])
    (out,) = call("expand_domain_gray", img, 2)
    plane = out[0].data[0]
    assert plane[3, 1] == plane[3, 2] == data[3, 3]  # left of the domain's first row
    assert plane[8, 5] == data[6, 5]  # below the last row
    assert plane[0, 0] == 0  # too far away: unchanged
    mask = out[0].domain.to_mask(10, 10)
    assert mask[1, 4] and mask[5, 8] and not mask[0, 0] and mask[3:7, 3:7].all()
    assert call.code("expand_domain_gray", img, 0) == 1301
    full = ObjectTuple([Image(data[None].copy(), "byte")])
    (same,) = call("expand_domain_gray", full, 3)
    assert same[0].domain is None and (same[0].data[0] == data).all()


def test_bin_threshold_selects_the_dark_mode(call):
    rng = np.random.default_rng(8)
    data = np.where(np.arange(40)[None, :] < 15, 60, 180) + rng.integers(-10, 11, (30, 40))
    img = ObjectTuple([Image(data.astype(np.uint8)[None], "byte")])
    (region,) = call("bin_threshold", img)
    mask = region[0].to_mask(30, 40)
    assert mask[:, :15].all() and not mask[:, 15:].any()
