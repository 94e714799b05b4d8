"""expand_region, expand_gray and expand_gray_ref on small scenes worked out by hand."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple, Region

NONE = ObjectTuple([])


def _rects(*boxes: tuple[int, int, int, int]) -> ObjectTuple:
    return ObjectTuple([Region.rectangle(*b) for b in boxes])


def _byte(values: np.ndarray) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(values, np.uint8)[None], "byte")])


def test_expand_region_shares_a_gap_evenly_and_stops_at_forbidden_pixels(call):
    call("set_system", "width", 11)
    call("set_system", "height", 3)
    # two one-column regions at columns 0 and 10 of an 11 x 3 plane: gap of 9 columns
    (grown,) = call("expand_region", _rects((0, 0, 2, 0), (0, 10, 2, 10)), NONE, "maximal", "image")
    assert [g.bbox() for g in grown] == [(0, 0, 2, 5), (0, 6, 2, 10)]  # middle column to the first
    (two,) = call("expand_region", _rects((0, 0, 2, 0), (0, 10, 2, 10)), NONE, 2, "image")
    assert [g.bbox() for g in two] == [(0, 0, 2, 2), (0, 8, 2, 10)]
    wall = _rects((0, 3, 2, 3))
    (blocked,) = call("expand_region", _rects((0, 0, 2, 0)), wall, "maximal", "image")
    assert blocked[0].bbox() == (0, 0, 2, 2) and blocked[0].area() == 9
    (same,) = call("expand_region", _rects((0, 0, 2, 0)), NONE, 0, "image")
    assert same[0].area() == 3


def test_expand_region_mode_region_splits_only_the_overlap(call):
    # columns 0-6 and 4-10 overlap in 4-6: split, nothing grows outside the inputs
    (split,) = call("expand_region", _rects((0, 0, 0, 6), (0, 4, 0, 10)), NONE, "maximal", "region")
    assert [s.bbox() for s in split] == [(0, 0, 0, 5), (0, 6, 0, 10)]
    # the same in 'image' mode also fills the free space beyond
    (filled,) = call("expand_region", _rects((0, 0, 0, 6), (0, 4, 0, 10)), NONE, "maximal", "image")
    assert filled[0].bbox()[:3] == (0, 0, 511) and filled[0].area() + filled[1].area() == 512 * 512


def test_expand_gray_follows_similar_gray_values(call):
    # a ramp 0, 10, 20, ... along the columns with a step of 100 at column 6
    img = np.tile(np.array([0, 10, 20, 30, 40, 50, 150, 160, 170, 180]), (3, 1))
    seed = _rects((0, 0, 2, 0))
    (grown,) = call("expand_gray", seed, _byte(img), NONE, "maximal", "image", 32)
    assert grown[0].bbox() == (0, 0, 2, 5)
    (tight,) = call("expand_gray", seed, _byte(img), NONE, "maximal", "image", 9)
    assert tight[0].area() == 3  # neighbours differ by 10
    (other,) = call("expand_gray", _rects((0, 9, 0, 9)), _byte(img), NONE, "maximal", "image", 10)
    assert other[0].bbox() == (0, 6, 2, 9)
    # the image domain bounds the growth
    dom = ObjectTuple([Image(img[None].astype(np.uint8), "byte", Region.rectangle(0, 0, 0, 9))])
    (row0,) = call("expand_gray", seed, dom, NONE, "maximal", "image", 32)
    assert row0[0].bbox() == (0, 0, 2, 5) and row0[0].area() == 3 + 5


def test_expand_gray_ref_compares_with_the_reference(call):
    img = np.tile(np.array([0, 100, 110, 120, 200, 125]), (2, 1))
    seed = _rects((0, 0, 1, 0))
    (grown,) = call("expand_gray_ref", seed, _byte(img), NONE, "maximal", "image", 110, 10)
    assert grown[0].bbox() == (0, 0, 1, 3)  # 200 stops it; 125 is never reached
    (none,) = call("expand_gray_ref", seed, _byte(img), NONE, "maximal", "image", 50, 10)
    assert none[0].area() == 2


def test_expand_wrong_values_and_empty_inputs(call):
    img = _byte(np.zeros((4, 4)))
    seed = _rects((0, 0, 0, 0))
    assert call.code("expand_gray", seed, img, NONE, "often", "image", 5) == 1301
    assert call.code("expand_gray", seed, img, NONE, -1, "image", 5) == 1301
    assert call.code("expand_gray", seed, img, NONE, 3, "both", 5) == 1302
    assert call.code("expand_gray", seed, img, NONE, 3, "image", -5) == 1303
    assert call.code("expand_region", seed, NONE, "x", "image") == 1301
    assert call("expand_gray", NONE, img, NONE, 3, "image", 5) == (NONE,)
    assert call("expand_region", NONE, NONE, 3, "image") == (NONE,)
    real = ObjectTuple([Image(np.zeros((1, 4, 4), np.complex64), "complex")])
    assert call.code("expand_gray", seed, real, NONE, 3, "image", 5) == 9007
