"""Local extrema, plateaus and lowlands on small hand-made images."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple

GRID = np.array(
    [
        [1, 1, 1, 1, 1, 1],
        [1, 5, 1, 1, 3, 3],
        [1, 1, 1, 1, 3, 3],
        [1, 1, 2, 1, 1, 1],
        [0, 1, 1, 1, 1, 1],
    ],
    dtype=np.uint8,
)


def image(values=GRID):
    return ObjectTuple([Image(values.copy(), "byte")])


def pixels(region):
    rows, cb, ce = region.runs
    return sorted(
        (int(r), int(c)) for r, b, e in zip(rows, cb, ce, strict=True) for c in range(b, e + 1)
    )


def test_local_max_and_min_are_strict(call):
    (maxima,) = call("local_max", image())
    assert len(maxima) == 1
    assert pixels(maxima[0]) == [(1, 1), (3, 2)]  # the 3-plateau has equal neighbours
    (minima,) = call("local_min", image())
    assert pixels(minima[0]) == [(4, 0)]
    call("set_system", "neighborhood", 4)
    (maxima4,) = call("local_max", image(np.array([[0, 0, 0], [0, 2, 0], [0, 0, 3]], np.uint8)))
    assert pixels(maxima4[0]) == [(1, 1), (2, 2)]  # diagonal neighbours do not count


def test_plateaus_are_separate_regions_with_centres(call):
    block = np.array([[0, 0, 0, 0], [0, 2, 2, 0], [0, 2, 2, 0], [0, 0, 0, 0]], np.uint8)
    two = np.concatenate([block, block + np.uint8(1)], axis=1)  # 1s beside the first block
    (found,) = call("plateaus", image(two))
    assert [pixels(r) for r in found] == [
        [(1, 1), (1, 2), (2, 1), (2, 2)],
        [(1, 5), (1, 6), (2, 5), (2, 6)],
    ]
    (centres,) = call("plateaus_center", image(two))
    assert [pixels(r) for r in centres] == [[(2, 2)], [(2, 6)]]  # 1.5 and 5.5 round to even
    # flat ground counts wherever no neighbour is brighter (HALCON's per-pixel definition)
    (flat,) = call("plateaus", image(np.ones((2, 3), np.uint8)))
    assert [pixels(r) for r in flat] == [[(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]]


def test_lowlands_and_domain(call):
    (low,) = call("lowlands", image(np.array([[3, 3, 3], [3, 1, 1], [3, 3, 0]], np.uint8)))
    assert [pixels(r) for r in low] == [[(2, 2)]]
    (rect,) = call("gen_rectangle1", 0, 0, 2, 3)
    (reduced,) = call("reduce_domain", image(), rect)
    (maxima,) = call("local_max", reduced)
    assert pixels(maxima[0]) == [(1, 1)]  # (1, 4) is a plateau edge, row 3 is outside
    (empty,) = call("gen_empty_obj")
    assert call("lowlands_center", empty) == (ObjectTuple(),)
