"""Label images, run-length features, zooming, dynamic partitions, point/segment distances and
pattern relations of regions, on regions built in the test."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.plugin import HalconError, Image, ObjectTuple, Region


def _rect(r1: int, c1: int, r2: int, c2: int) -> ObjectTuple:
    return ObjectTuple([Region.rectangle(r1, c1, r2, c2)])


def _runs(region: Region) -> list[tuple[int, int, int]]:
    rows, cb, ce = region.runs
    return [(int(r), int(b), int(e)) for r, b, e in zip(rows, cb, ce, strict=True)]


def test_label_to_region_one_region_per_gray_value_not_split(call):
    data = np.array([[0, 3, 3, 0], [1, 0, 0, 3], [1, 1, 0, 0]], dtype=np.uint8)
    (regions,) = call("label_to_region", ObjectTuple([Image(data, "byte")]))
    assert [_runs(r) for r in regions] == [
        [(0, 0, 0), (0, 3, 3), (1, 1, 2), (2, 2, 3)],  # value 0
        [(1, 0, 0), (2, 0, 1)],  # value 1
        [(0, 1, 2), (1, 3, 3)],  # value 3: two components, one region
    ]


def test_label_to_region_round_trips_region_to_label(call):
    regs = ObjectTuple([Region.rectangle(2, 2, 4, 6), Region.rectangle(10, 1, 12, 3)])
    (label,) = call("region_to_label", regs, "int2", 20, 20)
    (back,) = call("label_to_region", label)
    assert [_runs(r) for r in back[1:]] == [_runs(r) for r in regs]


def test_label_to_region_edge_cases(call):
    assert len(call("label_to_region", ObjectTuple())[0]) == 0
    negative = Image(np.array([[-1, 2]], dtype=np.int16), "int2")
    assert call.code("label_to_region", ObjectTuple([negative])) == 1351
    real = Image(np.zeros((2, 2), dtype=np.float32), "real")
    assert call.code("label_to_region", ObjectTuple([real])) == 9007


def test_runlength_features_of_an_l_shape_and_an_empty_region(call):
    # rows 0..3: columns 0..1; row 3 also 4..6 (a gap): 5 chords over 4 rows, 11 pixels
    reg = Region.from_runs([0, 1, 2, 3, 3], [0, 0, 0, 0, 4], [1, 1, 1, 1, 6])
    runs, k, lf, mean, size = call("runlength_features", ObjectTuple([reg, Region.empty()]))
    assert runs == (5, 0)
    assert k[0] == pytest.approx(5 / math.sqrt(11))
    assert lf == (1.25, 0.0)
    assert mean[0] == pytest.approx(11 / 5)
    assert size == (30, 0)


def test_zoom_region_doubles_and_halves_chords(call):
    call("set_system", "clip_region", "false")
    (big,) = call("zoom_region", ObjectTuple([Region.from_runs([0, 1], [0, 2], [1, 2])]), 2, 2)
    assert _runs(big[0]) == [(0, 0, 3), (1, 0, 3), (2, 4, 5), (3, 4, 5)]
    (small,) = call("zoom_region", _rect(0, 0, 9, 19), 0.5, 0.5)
    assert small[0].bbox() == (0, 0, 4, 9) and small[0].area() == 50
    (wide,) = call("zoom_region", _rect(-2, 3, -2, 3), 3, 1)
    assert _runs(wide[0]) == [(-2, 9, 11)]


def test_zoom_region_clips_and_rejects_bad_factors(call):
    (clipped,) = call("zoom_region", _rect(200, 200, 300, 300), 2, 2)
    assert clipped[0].bbox() == (400, 400, 511, 511)
    (outside,) = call("zoom_region", _rect(500, 500, 511, 511), 2, 2)
    assert outside[0].is_empty()
    (empty,) = call("zoom_region", ObjectTuple([Region.empty()]), 2, 2)
    assert empty[0].is_empty()
    assert call.code("zoom_region", _rect(0, 0, 1, 1), 0.0, 1.0) == 1301
    assert call.code("zoom_region", _rect(0, 0, 1, 1), 1.0, -2.0) == 1302


def test_partition_dynamic_cuts_at_the_narrowest_column(call):
    # a 10-row bar of 60 columns with a waist (one row) at column 33
    rows = [r for r in range(10)]
    reg = Region.from_runs(rows, [0] * 10, [59] * 10)
    waist = Region.from_runs(
        [*rows, *rows, 0], [0] * 10 + [34] * 10 + [33], [32] * 10 + [59] * 10 + [33]
    )
    (parts,) = call("partition_dynamic", ObjectTuple([waist]), 30, 20)
    assert [p.bbox()[1::2] for p in parts] == [(0, 32), (33, 59)]
    (plain,) = call("partition_dynamic", ObjectTuple([reg]), 20, 0)
    assert [p.bbox()[1::2] for p in plain] == [(0, 19), (20, 39), (40, 59)]
    (whole,) = call("partition_dynamic", ObjectTuple([reg]), 40, 20)
    assert len(whole) == 1 and whole[0].area() == 600
    assert call.code("partition_dynamic", ObjectTuple([reg]), 0, 20) == 1301
    assert len(call("partition_dynamic", ObjectTuple([Region.empty()]), 20, 20)[0]) == 1


def test_distance_pr_to_a_square(call):
    square = _rect(10, 10, 19, 19)
    lo, hi = call("distance_pr", square, (0.0, 15.0, 10.0), (0.0, 15.0, 25.0))
    assert lo == pytest.approx((math.hypot(10, 10), 0.0, 6.0))
    assert hi == pytest.approx((math.hypot(19, 19), math.hypot(5, 5), math.hypot(9, 15)))
    assert call("distance_pr", ObjectTuple([Region.empty()]), 1.0, 1.0) == ((0.0,), (0.0,))
    assert call("distance_pr", square, (), ()) == ((), ())
    assert call.code("distance_pr", square, (1.0, 2.0), 1.0) == 1402


def test_distance_sr_segment_beside_and_through_a_square(call):
    square = _rect(10, 10, 19, 19)
    lo, hi = call("distance_sr", square, (0.0, 0.0), (0.0, 15.0), (0.0, 30.0), (30.0, 15.0))
    assert lo == (10.0, 0.0)
    assert hi == (19.0, 5.0)
    # a degenerate segment is a point
    assert call("distance_sr", square, 0.0, 0.0, 0.0, 0.0)[0][0] == pytest.approx(
        math.hypot(10, 10)
    )
    assert call.code("distance_sr", ObjectTuple([]), 0.0, 0.0, 1.0, 1.0) == 1501


def test_select_shape_proto_features(call):
    regs = ObjectTuple(
        [
            Region.rectangle(0, 0, 9, 9),
            Region.rectangle(20, 20, 24, 24),
            Region.rectangle(5, 30, 7, 40),
        ]
    )
    pattern = _rect(8, 8, 12, 12)

    def boxes(feature: str, lo: float, hi: float) -> list:
        return [r.bbox() for r in call("select_shape_proto", regs, pattern, feature, lo, hi)[0]]

    assert boxes("overlaps_abs", 4, 4) == [(0, 0, 9, 9)]
    assert boxes("overlaps_rel", 4, 4) == [(0, 0, 9, 9)]
    assert boxes("fits", 0, 0) == [(0, 0, 9, 9), (20, 20, 24, 24)]
    assert boxes("covers", 100, 100) == [(0, 0, 9, 9), (20, 20, 24, 24)]
    assert boxes("distance_center", 0, 17) == [(0, 0, 9, 9), (20, 20, 24, 24)]
    assert boxes("distance_dilate", 0, 12) == [(0, 0, 9, 9), (20, 20, 24, 24)]
    assert boxes("distance_contour", 0, 0) == [(0, 0, 9, 9)]
    # an empty pattern overlaps nothing; no regions give nothing
    none = ObjectTuple([Region.empty()])
    assert len(call("select_shape_proto", regs, none, "overlaps_abs", 1, 9)[0]) == 0
    assert len(call("select_shape_proto", ObjectTuple(), pattern, "fits", 0, 0)[0]) == 0
    with pytest.raises(HalconError):
        call("select_shape_proto", regs, pattern, "area", 0, 1)


def test_distance_lr_orthogonal_distances(call):
    square = ObjectTuple([Region.rectangle(10, 10, 12, 14)])  # rows 10..12, columns 10..14
    # the horizontal line row 2 (given far to the left): 8 to the nearest, 10 to the farthest
    dmin, dmax = call("distance_lr", square, 2, -100, 2, -99)
    assert dmin == pytest.approx((8.0,)) and dmax == pytest.approx((10.0,))
    # a vertical line through column 12 crosses the region
    dmin, dmax = call("distance_lr", square, 0, 12, 1, 12)
    assert dmin == (0.0,) and dmax == pytest.approx((2.0,))
    # the diagonal line r = c + 10: r - c runs from -4 (10, 14) to 2 (12, 10) in the region
    dmin, dmax = call("distance_lr", square, 0, -10, 1, -9)
    assert dmin == pytest.approx((8 / math.sqrt(2),))
    assert dmax == pytest.approx((14 / math.sqrt(2),))
    assert call.code("distance_lr", square, 1, 1, 1, 1) == 1303


def test_distance_rr_min_between_contours(call):
    left = ObjectTuple([Region.rectangle(0, 0, 4, 4), Region.rectangle(0, 0, 9, 9)])
    right = ObjectTuple([Region.rectangle(2, 8, 3, 9), Region.rectangle(4, 4, 5, 5)])
    dist, r1, c1, r2, c2 = call("distance_rr_min", left, right)
    # the first pair: columns 4 and 8 on common rows 2..3 -> 4; the second: a square inside
    # the other is 4 away from its contour (contours only, holes and insides ignored)
    assert dist == pytest.approx((4.0, 4.0))
    assert (c1[0], c2[0]) == (4, 8) and r1[0] == r2[0] and r1[0] in (2, 3)
    assert call.code("distance_rr_min", left, ObjectTuple([right[0]])) == 1502
    empty = ObjectTuple([Region(0, 0, np.zeros((0, 0), bool))])
    assert call.code("distance_rr_min", empty, ObjectTuple([right[0]])) == 3036
