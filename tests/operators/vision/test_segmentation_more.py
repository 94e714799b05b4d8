"""Edge closing, marker watersheds, multi-channel region growing, shape histograms over all
thresholds and the longest lines, on images and regions built in the test."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region


def _img(data: np.ndarray, kind: str = "byte") -> ObjectTuple:
    return ObjectTuple([Image(data, kind)])


def _runs(region: Region) -> list[tuple[int, int, int]]:
    rows, cb, ce = region.runs
    return [(int(r), int(b), int(e)) for r, b, e in zip(rows, cb, ce, strict=True)]


def _ridge() -> np.ndarray:
    amp = np.zeros((10, 20), dtype=np.uint8)
    amp[5, 3:17] = 100  # a strong ridge from column 3 to 16
    amp[5, 9] = 10  # one weak pixel in the gap
    return amp


def test_close_edges_follows_the_amplitude_ridge_across_a_gap(call):
    edge = ObjectTuple([Region.from_runs([5, 5], [3, 12], [6, 16])])
    (closed,) = call("close_edges", edge, _img(_ridge()), 5)
    assert _runs(closed[0]) == [(5, 3, 16)]
    # the weak pixel stops the traces: one from each side, the gap pixel stays open
    (weak,) = call("close_edges", edge, _img(_ridge()), 16)
    assert _runs(weak[0]) == [(5, 3, 8), (5, 10, 16)]


def test_close_edges_length_limits_the_gap_and_bridges_single_pixels(call):
    ridge = _ridge()
    ridge[5, 9] = 100
    edge = ObjectTuple([Region.from_runs([5, 5], [3, 12], [6, 16])])
    (short,) = call("close_edges_length", edge, _img(ridge), 16, 2)
    assert _runs(short[0]) == [(5, 3, 8), (5, 10, 16)]  # 7, 8 and 11, 10: one pixel missing
    (long,) = call("close_edges_length", edge, _img(ridge), 16, 3)
    assert _runs(long[0]) == [(5, 3, 16)]
    # a one-pixel gap is closed and an isolated point removed even without extension
    flat = np.zeros((10, 20), dtype=np.uint8)
    pieces = ObjectTuple([Region.from_runs([5, 5, 1], [2, 8, 15], [6, 12, 15])])
    (bridged,) = call("close_edges_length", pieces, _img(flat), 16, 0)
    assert _runs(bridged[0]) == [(5, 2, 12)]


def test_close_edges_edge_cases(call):
    amp = _img(_ridge())
    assert len(call("close_edges", ObjectTuple(), amp, 16)[0]) == 0
    (empty,) = call("close_edges", ObjectTuple([Region.empty()]), amp, 16)
    assert empty[0].is_empty()
    real = _img(np.zeros((4, 4), dtype=np.float32), "real")
    assert call.code("close_edges", ObjectTuple([Region.empty()]), real, 16) == 9007
    edge = ObjectTuple([Region.rectangle(5, 3, 5, 6)])
    assert call.code("close_edges_length", edge, amp, 16, -1) == 1302


def test_watersheds_marker_splits_at_the_ridge(call):
    data = np.zeros((5, 9), dtype=np.uint8)
    data[:, 4] = 200  # a wall in column 4
    markers = ObjectTuple(
        [Region.rectangle(2, 1, 2, 1), Region.rectangle(2, 7, 2, 7), Region.rectangle(2, 2, 2, 2)]
    )
    basins = call("watersheds_marker", _img(data), markers)[0]
    assert len(basins) == 3
    left, right, third = basins
    assert left.area() + right.area() + third.area() == 45
    assert right.bbox()[1] >= 4 and left.bbox()[3] <= 4 and third.bbox()[3] <= 4
    # two markers in one flat basin share it; a shared pixel seeds the last marker
    same = ObjectTuple([Region.rectangle(0, 0, 0, 0), Region.rectangle(0, 0, 0, 0)])
    first, second = call("watersheds_marker", _img(np.zeros((3, 3), np.uint8)), same)[0]
    assert first.is_empty() and second.area() == 9


def test_watersheds_marker_respects_the_domain_and_empty_markers(call):
    image = Image(np.zeros((4, 4), np.uint8), "byte")
    top = ObjectTuple([Region.rectangle(0, 0, 1, 3)])
    (reduced,) = call("reduce_domain", ObjectTuple([image]), top)
    (basins,) = call("watersheds_marker", reduced, ObjectTuple([Region.rectangle(0, 0, 3, 0)]))
    assert _runs(basins[0]) == [(0, 0, 3), (1, 0, 3)]
    assert len(call("watersheds_marker", ObjectTuple([image]), ObjectTuple())[0]) == 0
    (none,) = call("watersheds_marker", ObjectTuple([image]), ObjectTuple([Region.empty()]))
    assert none[0].is_empty()


def test_regiongrowing_n_joins_similar_colour_vectors(call):
    data = np.zeros((3, 6, 8), dtype=np.uint8)
    data[0, :, 4:] = 100  # channel 0 splits left/right
    data[1, 3:, :] = 50  # channel 1 splits top/bottom
    (regions,) = call("regiongrowing_n", _img(data), "2-norm", 0.0, 10.0, 1)
    assert [r.bbox() for r in regions] == [(0, 0, 2, 3), (0, 4, 2, 7), (3, 0, 5, 3), (3, 4, 5, 7)]
    # 'max-diff' 60 joins across the 50 step but not across the 100 step
    (joined,) = call("regiongrowing_n", _img(data), "max-diff", 0.0, 60.0, 1)
    assert [r.bbox() for r in joined] == [(0, 0, 5, 3), (0, 4, 5, 7)]
    assert len(call("regiongrowing_n", _img(data), "2-norm", 0.0, 10.0, 13)[0]) == 0


def test_regiongrowing_n_edge_cases(call):
    data = np.zeros((1, 2, 2), dtype=np.uint8)
    assert len(call("regiongrowing_n", ObjectTuple(), "2-norm", 0.0, 10.0, 1)[0]) == 0
    assert call.code("regiongrowing_n", _img(data), "correlation", 0.0, 1.0, 1) == 1301
    assert call.code("regiongrowing_n", _img(data), "2-norm", 0.0, 1.0, -1) == 1304


def test_shape_histo_all_counts_components_and_holes(call):
    data = np.zeros((20, 20), dtype=np.uint8)
    data[2:6, 2:6] = 100
    data[10:15, 10:15] = 200
    data[12, 12] = 50  # a hole in the bright square above 50
    whole = ObjectTuple([Region.rectangle(0, 0, 19, 19)])
    absolute, relative = call("shape_histo_all", whole, _img(data), "connected_components")
    assert len(absolute) == 256
    assert (absolute[0], absolute[1], absolute[100], absolute[101], absolute[201]) == (
        1,
        2,
        2,
        1,
        0,
    )
    assert sum(relative) == pytest.approx(1.0)
    assert relative[1] == pytest.approx(2 / sum(absolute))
    holes = call("shape_histo_all", whole, _img(data), "holes")[0]
    assert (holes[0], holes[50], holes[51], holes[200]) == (0, 0, 1, 1)
    convexity = call("shape_histo_all", whole, _img(data), "convexity")[0]
    assert convexity[51] == pytest.approx((1.0 + 24 / 25) / 2)
    assert convexity[255] == 0.0


def test_shape_histo_point_follows_the_component_at_the_point(call):
    data = np.zeros((20, 20), dtype=np.uint8)
    data[10:15, 10:15] = 200
    data[12, 12] = 50
    whole = ObjectTuple([Region.rectangle(0, 0, 19, 19)])
    holes = call("shape_histo_point", whole, _img(data), "holes", 10, 10)[0]
    assert (holes[0], holes[51], holes[200], holes[201]) == (0, 1, 1, 0)
    outside = call("shape_histo_point", whole, _img(data), "convexity", 0, 0)[0]
    assert outside[0] == 1.0 and outside[1] == 0.0
    assert call.code("shape_histo_point", ObjectTuple(), _img(data), "holes", 1, 1) == 1501
    real = _img(np.zeros((4, 4), dtype=np.float32), "real")
    assert call.code("shape_histo_all", whole, real, "holes") == 9007


def test_select_lines_longest(call):
    lines = ((0, 0, 0), (0, 0, 0), (1, 5, 3), (0, 0, 4))
    assert call("select_lines_longest", *lines, 2) == ((0, 0), (0, 0), (5, 3), (0, 4))
    assert call("select_lines_longest", *lines, 9)[2] == (5, 3, 1)
    assert call("select_lines_longest", (), (), (), (), 2) == ((), (), (), ())
    assert call.code("select_lines_longest", *lines, -1) == 1305
    assert call.code("select_lines_longest", (0,), (0, 1), (1,), (1,), 1) == 1402
