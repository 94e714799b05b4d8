"""split_skeleton_lines on lines drawn here."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import ObjectTuple, Region


def _line_region(points: list[tuple[int, int]]) -> ObjectTuple:
    mask = np.zeros((30, 30), bool)
    for r, c in points:
        mask[r, c] = True
    return ObjectTuple([Region.from_mask(mask)])


def _pieces(out: tuple) -> set[frozenset]:
    return {frozenset({(b, c), (e, f)}) for b, c, e, f in zip(*out, strict=True)}


L_SHAPE = [(5, c) for c in range(2, 11)] + [(r, 10) for r in range(6, 13)]


def test_an_l_shape_splits_at_its_corner(call):
    out = call("split_skeleton_lines", _line_region(L_SHAPE), 2)
    assert _pieces(out) == {frozenset({(5, 2), (5, 10)}), frozenset({(5, 10), (12, 10)})}
    # the corner lies 5.3 from the chord between the ends: one piece for MaxDistance 6
    out = call("split_skeleton_lines", _line_region(L_SHAPE), 6)
    assert _pieces(out) == {frozenset({(5, 2), (12, 10)})}


def test_straight_and_diagonal_lines_stay_whole_and_several_regions_follow_each_other(call):
    diagonal = [(i, i) for i in range(3, 15)]
    out = call("split_skeleton_lines", _line_region(diagonal), 0)
    assert _pieces(out) == {frozenset({(3, 3), (14, 14)})}
    two = ObjectTuple([*_line_region([(1, c) for c in range(5)]), *_line_region(diagonal)])
    out = call("split_skeleton_lines", two, 1)
    assert len(out[0]) == 2 and _pieces(out) == {
        frozenset({(1, 0), (1, 4)}),
        frozenset({(3, 3), (14, 14)}),
    }
    single = call("split_skeleton_lines", _line_region([(7, 8)]), 1)
    assert single == ((7,), (8,), (7,), (8,))


def test_empty_inputs_and_wrong_values(call):
    assert call("split_skeleton_lines", ObjectTuple([]), 3) == ((), (), (), ())
    assert call("split_skeleton_lines", ObjectTuple([Region.empty()]), 3) == ((), (), (), ())
    assert call.code("split_skeleton_lines", _line_region(L_SHAPE), -1) == 1301
