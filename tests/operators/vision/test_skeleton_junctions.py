"""junctions_skeleton, pruning and split_skeleton_region on drawn skeletons."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import ObjectTuple, Region


def _region(mask: np.ndarray, row: int = 0, col: int = 0) -> ObjectTuple:
    return ObjectTuple([Region.from_mask(np.asarray(mask, bool), row, col)])


def _pixels(reg: Region) -> set[tuple[int, int]]:
    rr, cc = np.nonzero(reg.mask)
    return {(int(r) + reg.row, int(c) + reg.column) for r, c in zip(rr, cc, strict=True)}


def _cross() -> np.ndarray:
    mask = np.zeros((21, 21), bool)
    mask[10, 2:19] = True
    mask[3:18, 10] = True
    return mask


def test_cross_has_one_junction_and_four_ends(call):
    ends, juncs = call("junctions_skeleton", _region(_cross(), 5, 7))
    assert _pixels(ends[0]) == {(15, 9), (15, 25), (8, 17), (22, 17)}
    assert _pixels(juncs[0]) == {(15, 17)}
    # a diagonal X and a staircase line: steps are not junctions
    x = np.eye(9, dtype=bool) | np.eye(9, dtype=bool)[::-1]
    ends, juncs = call("junctions_skeleton", _region(x))
    assert _pixels(juncs[0]) == {(4, 4)} and len(_pixels(ends[0])) == 4
    stairs = np.zeros((6, 6), bool)
    for i in range(5):
        stairs[i, i] = stairs[i, i + 1] = True
    ends, juncs = call("junctions_skeleton", _region(stairs))
    assert _pixels(juncs[0]) == set() and _pixels(ends[0]) == {(0, 0), (4, 5)}


def test_pruning_removes_short_spurs_only(call):
    mask = np.zeros((20, 30), bool)
    mask[10, 2:28] = True  # a long line
    mask[7:10, 12] = True  # a spur of 3 pixels above (12 is on the line: the junction)
    mask[11:18, 20] = True  # a branch of 7 pixels below
    (pruned,) = call("pruning", _region(mask), 5)
    expected = _pixels(_region(mask)[0]) - {(7, 12), (8, 12), (9, 12)}
    assert _pixels(pruned[0]) == expected
    # Length 8: the 7-pixel branch below goes, and so does the line's right arm (columns
    # 21..27 up to the junction at column 20); the left arm has 10 pixels
    (pruned,) = call("pruning", _region(mask), 8)
    gone = {(r, 20) for r in range(11, 18)} | {(10, c) for c in range(21, 28)}
    assert _pixels(pruned[0]) == expected - gone
    (same,) = call("pruning", _region(mask), 0)
    assert _pixels(same[0]) == _pixels(_region(mask)[0])


def test_split_an_l_shaped_line_at_its_corner(call):
    mask = np.zeros((30, 30), bool)
    mask[5, 5:20] = True
    mask[6:20, 19] = True
    (lines,) = call("split_skeleton_region", _region(mask), 2)
    parts = sorted(_pixels(r) for r in lines)
    assert len(lines) == 2
    assert {(5, c) for c in range(5, 20)} in parts  # the corner ends the first part
    assert {(r, 19) for r in range(6, 20)} in parts
    # a straight line within MaxDistance stays one part; two lines give two parts at least
    (lines,) = call("split_skeleton_region", _region(mask), 20)
    assert len(lines) == 1 and _pixels(lines[0]) == _pixels(_region(mask)[0])


def test_bad_inputs(call):
    assert call.code("pruning", _region(_cross()), -1) == 1301
    assert call.code("split_skeleton_region", _region(_cross()), -3) == 1301
    empty = _region(np.zeros((2, 2), bool))
    ends, juncs = call("junctions_skeleton", empty)
    assert ends[0].area() == 0 and juncs[0].area() == 0
    assert call("split_skeleton_region", empty, 3) == (ObjectTuple([]),)
