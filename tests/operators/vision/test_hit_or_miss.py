"""hit_or_miss, thinning, thickening, morph_hat and morph_skeleton on small drawn regions
whose results are counted by hand."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import ObjectTuple, Region


def _region(mask: np.ndarray, row: int = 0, col: int = 0) -> ObjectTuple:
    return ObjectTuple([Region.from_mask(np.asarray(mask, bool), row, col)])


def _points(pts: list[tuple[int, int]]) -> ObjectTuple:
    rows = [p[0] for p in pts]
    cols = [p[1] for p in pts]
    mask = np.zeros((max(rows) + 1, max(cols) + 1), bool)
    mask[rows, cols] = True
    return _region(mask)


def _pixels(objs: ObjectTuple) -> set[tuple[int, int]]:
    reg = objs[0]
    rr, cc = np.nonzero(reg.mask)
    return {(int(r) + reg.row, int(c) + reg.column) for r, c in zip(rr, cc, strict=True)}


_RING8 = [(r, c) for r in (4, 5, 6) for c in (4, 5, 6) if (r, c) != (5, 5)]


def test_hit_or_miss_finds_right_ends_and_isolated_points(call):
    line = np.zeros((20, 20), bool)
    line[10, 3:13] = True
    line[2, 15] = True  # an isolated pixel
    fg, bg = _points([(5, 4), (5, 5)]), _points([(5, 6)])
    (ends,) = call("hit_or_miss", _region(line), fg, bg, 5, 5)
    assert _pixels(ends) == {(10, 12)}  # the isolated pixel has no left neighbour
    (iso,) = call("hit_or_miss", _region(line), _points([(5, 5)]), _points(_RING8), 5, 5)
    assert _pixels(iso) == {(2, 15)}
    # the reference point moves the result: referenced at the left pixel of the element
    (ends,) = call("hit_or_miss", _region(line), fg, bg, 5, 4)
    assert _pixels(ends) == {(10, 11)}


def test_thinning_and_thickening(call):
    square = np.zeros((12, 12), bool)
    square[2:7, 2:7] = True
    square[4, 4] = False  # a one-pixel hole
    square[9, 9] = True  # an isolated pixel
    (thin,) = call("thinning", _region(square), _points([(5, 5)]), _points(_RING8), 5, 5, 1)
    assert _pixels(thin) == _pixels(_region(square)) - {(9, 9)}
    (thick,) = call("thickening", _region(square), _points(_RING8), _points([(5, 5)]), 5, 5, 1)
    assert _pixels(thick) == _pixels(_region(square)) | {(4, 4)}
    # thinning with the end element, iterated, eats a line from its right end
    line = np.zeros((3, 12), bool)
    line[1, 1:11] = True
    fg, bg = _points([(5, 4), (5, 5)]), _points([(5, 6)])
    (thin,) = call("thinning", _region(line), fg, bg, 5, 5, 4)
    assert _pixels(thin) == {(1, c) for c in range(1, 7)}
    # a reference point inside StructElement1 leaves thickening without effect
    (same,) = call("thickening", _region(line), fg, bg, 5, 4, 3)
    assert _pixels(same) == _pixels(_region(line))


def test_morph_hat_is_spur_plus_notch(call):
    mask = np.zeros((20, 20), bool)
    mask[5:15, 5:15] = True
    mask[9, 15] = True  # a spur to the right
    mask[5, 9] = False  # a notch in the top edge
    se = _region(np.ones((3, 3), bool))
    (hat,) = call("morph_hat", _region(mask), se)
    assert _pixels(hat) == {(9, 15), (5, 9)}


def test_morph_skeleton_of_a_rectangle_and_a_line(call):
    rect = np.ones((5, 11), bool)
    (skel,) = call("morph_skeleton", _region(rect, 10, 20))
    assert _pixels(skel) == {(12, c) for c in range(22, 29)}
    line = np.zeros((1, 9), bool)
    line[0, :] = True
    (skel,) = call("morph_skeleton", _region(line, 3, 3))
    assert _pixels(skel) == {(3, c) for c in range(3, 12)}
    (empty,) = call("morph_skeleton", _region(np.zeros((2, 2), bool)))
    assert empty[0].area() == 0


def test_bad_inputs(call):
    reg = _region(np.ones((3, 3), bool))
    two = ObjectTuple([*reg, *reg])
    assert call.code("hit_or_miss", reg, two, reg, 1, 1) == 1502
    assert call.code("thinning", reg, reg, reg, 1, 1, -1) == 1303
    assert call.code("hit_or_miss", reg, reg, reg, 2**40, 1) == 1301


def test_empty_foreground_element_searches_the_system_size(call):
    square = np.ones((4, 4), bool)
    empty = _region(np.zeros((1, 1), bool))
    (out,) = call("hit_or_miss", _region(square, 10, 10), empty, _points([(5, 5)]), 5, 5)
    assert out[0].area() == 512 * 512 - 16  # every pixel of the image outside the square
