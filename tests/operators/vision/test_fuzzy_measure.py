"""Fuzzy 1-D measuring on rendered edges at known sub-pixel positions."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple


def _steps(edges: list[float], levels: list[float], width: int = 100) -> ObjectTuple:
    """Columns get the area-weighted gray value of ideal steps at the given columns."""
    cols = np.arange(width, dtype=np.float64)
    row = np.full(width, float(levels[0]))
    for pos, (lo, hi) in zip(edges, itertools.pairwise(levels), strict=True):
        row += (hi - lo) * np.clip(cols + 0.5 - pos, 0.0, 1.0)
    return ObjectTuple([Image(np.tile(np.round(row), (20, 1)).astype(np.uint8)[None], "byte")])


# pins of width 10 at 20.25 and 60.5, a narrow bright gap of width 2 at 33.5 in between
PINS = _steps([20.25, 30.25, 33.5, 35.5, 60.5, 70.5], [40, 220, 120, 220, 40, 220, 40])


@pytest.fixture
def handle(call):
    (h,) = call("gen_measure_rectangle2", 10.0, 50.0, 0.0, 48.0, 3.0, 100, 20, "bilinear")
    return h


def _size_function(call, lo: float, mid: float, hi: float):
    (f,) = call("create_funct_1d_pairs", (lo, mid, hi), (0.0, 1.0, 0.0))
    return f


def test_without_fuzzy_functions_every_edge_scores_one(call, handle):
    rows, cols, amp, score, dist = call("fuzzy_measure_pos", PINS, handle, 1.0, 20.0, 0.5, "all")
    plain = call("measure_pos", PINS, handle, 1.0, 20.0, "all", "all")
    assert (rows, cols, amp, dist) == plain
    assert score == (1.0,) * 6
    assert abs(cols[0] - 20.25) < 0.05 and abs(cols[-1] - 70.5) < 0.05


def test_contrast_function_drops_weak_edges(call, handle):
    # amplitudes: 40->220 steps give about 72, the 100-level steps about 40 (Sigma 1)
    (f,) = call("create_funct_1d_pairs", (30.0, 60.0), (0.0, 1.0))
    call("set_fuzzy_measure", handle, "contrast", f)
    _, cols, amp, score, dist = call("fuzzy_measure_pos", PINS, handle, 1.0, 20.0, 0.5, "all")
    expected = np.interp(np.abs(amp), [30.0, 60.0], [0.0, 1.0])
    assert score == pytest.approx(tuple(expected)) and min(score) >= 0.5
    assert len(cols) == 4  # the edges of the 120-level dip are gone
    assert abs(cols[1] - 35.5) < 0.3 and abs(cols[2] - 60.5) < 0.05
    assert dist == pytest.approx(tuple(np.diff(cols)))
    call("reset_fuzzy_measure", handle, "contrast")
    assert len(call("fuzzy_measure_pos", PINS, handle, 1.0, 20.0, 0.5, "all")[1]) == 6


def test_position_function_relative_to_the_profile_start(call, handle):
    # the profile starts at column 2 (centre 50 - Length1 48): keep edges up to 40 px in
    (f,) = call("create_funct_1d_pairs", (0.0, 40.0, 40.01), (1.0, 1.0, 0.0))
    call("set_fuzzy_measure", handle, "position", f)
    cols = call("fuzzy_measure_pos", PINS, handle, 1.0, 20.0, 0.5, "positive")[1]
    assert len(cols) == 2 and abs(cols[0] - 20.25) < 0.05  # 33.5 is 31.5 px in, 60.5 is 58.5 px
    call("set_fuzzy_measure", handle, "position_end", f)  # replaces 'position'
    (g,) = call("create_funct_1d_pairs", (-30.0, -29.99, 0.0), (0.0, 1.0, 1.0))
    call("set_fuzzy_measure", handle, "position_end", g)  # within 30 px of the end (98)
    cols = call("fuzzy_measure_pos", PINS, handle, 1.0, 20.0, 0.5, "all")[1]
    assert len(cols) == 1 and abs(cols[0] - 70.5) < 0.05


def test_pairs_of_the_expected_size_ignore_the_inner_gap(call, handle):
    plain = call("measure_pairs", PINS, handle, 1.0, 20.0, "all", "all")
    assert len(plain[1]) == 3  # measure_pairs also pairs the gap 33.5 .. 35.5
    call("set_fuzzy_measure_norm_pair", handle, 10.0, "size", _size_function(call, 0.8, 1.0, 1.2))
    out = call("fuzzy_measure_pairs", PINS, handle, 1.0, 20.0, 0.5, "all")
    r1, c1, a1, r2, c2, a2, rc, cc, score, intra, inter = out
    assert len(c1) == 2
    assert c1[0] == pytest.approx(20.25, abs=0.05) and c2[0] == pytest.approx(30.25, abs=0.1)
    assert c1[1] == pytest.approx(60.5, abs=0.05) and c2[1] == pytest.approx(70.5, abs=0.05)
    assert a1[0] > 0 > a2[0] and r1 == r2 == rc == (10.0, 10.0)
    assert cc == pytest.approx(((c1[0] + c2[0]) / 2, (c1[1] + c2[1]) / 2))
    assert intra == pytest.approx((c2[0] - c1[0], c2[1] - c1[1]))
    assert inter == pytest.approx((c1[1] - c2[0],))
    # size score: 1 - |d / 10 - 1| / 0.2
    assert score == pytest.approx(tuple(1 - abs(d / 10 - 1) / 0.2 for d in intra))
    # a stricter threshold keeps only the pair whose width is 10 exactly
    strict = call("fuzzy_measure_pairs", PINS, handle, 1.0, 20.0, 0.99, "all")
    assert strict[1] == pytest.approx((60.5,), abs=0.05)


def test_pairs_may_skip_noise_edges_between_them(call, handle):
    # a pin from 40.5 to 52.5 with a small dip inside: pairs of size 12 span the dip
    image = _steps([40.5, 45.5, 47.5, 52.5], [30, 230, 180, 230, 30])
    call("set_fuzzy_measure", handle, "size", _size_function(call, 10.0, 12.0, 14.0))
    out = call("fuzzy_measure_pairs", image, handle, 1.0, 10.0, 0.5, "positive")
    assert out[1] == pytest.approx((40.5,), abs=0.05)
    assert out[4] == pytest.approx((52.5,), abs=0.05)
    assert out[9] == pytest.approx((12.0,), abs=0.1) and out[10] == ()


def test_gray_and_pair_position_sets(call, handle):
    # pair centres 25.25 and 65.5 (profile 23.25 and 63.5 from the start)
    image = _steps([20.25, 30.25, 60.5, 70.5], [40, 220, 40, 140, 40])
    (gray,) = call("create_funct_1d_pairs", (100.0, 200.0), (0.0, 1.0))
    call("set_fuzzy_measure", handle, "gray", gray)
    out = call("fuzzy_measure_pairs", image, handle, 1.0, 20.0, 0.5, "all")
    assert out[1] == pytest.approx((20.25,), abs=0.05)  # the pin of 140 scores 0.4
    low = call("fuzzy_measure_pairs", image, handle, 1.0, 20.0, 0.2, "all")
    assert len(low[1]) == 2 and low[8][0] > 0.9 and 0.3 < low[8][1] < 0.6
    call("reset_fuzzy_measure", handle, "gray")
    (pos,) = call("create_funct_1d_pairs", (-5.0, 0.0, 5.0), (0.0, 1.0, 0.0))
    call("set_fuzzy_measure", handle, "position_last_pair", pos)
    out = call("fuzzy_measure_pairs", image, handle, 1.0, 20.0, 0.5, "all")
    assert out[7] == pytest.approx((65.5,), abs=0.05)
    call("set_fuzzy_measure_norm_pair", handle, 10.0, "position_pair", pos)  # x = p / 10
    out = call("fuzzy_measure_pairs", image, handle, 1.0, 20.0, 0.5, "all")
    assert out[7] == pytest.approx((25.25,), abs=0.05)  # 2.3 from 0: score 0.54


def test_pairing_returns_the_best_pairs_first(call, handle):
    call("set_fuzzy_measure_norm_pair", handle, 10.0, "size", _size_function(call, 0.8, 1.0, 1.2))
    out = call("fuzzy_measure_pairing", PINS, handle, 1.0, 20.0, 0.5, "all", "no_restriction", 0)
    c1, c2, score, intra = out[1], out[4], out[8], out[9]
    assert c1 == pytest.approx((60.5, 20.25), abs=0.05) and c2[0] == pytest.approx(70.5, abs=0.05)
    assert list(score) == sorted(score, reverse=True)
    assert intra == pytest.approx(tuple(b - a for a, b in zip(c1, c2, strict=True)))
    one = call("fuzzy_measure_pairing", PINS, handle, 1.0, 20.0, 0.5, "all", "no_restriction", 1)
    assert one[1] == out[1][:1]
    # without restriction, nested pairs are returned too (the gap inside a wide pair)
    call("reset_fuzzy_measure", handle, "size")
    every = call(
        "fuzzy_measure_pairing", PINS, handle, 1.0, 20.0, 0.5, "positive", "no_restriction", 0
    )
    assert len(every[1]) == 6  # 3 positive edges, each with every later negative edge


def test_arc_measure_and_empty_results(call):
    image = _steps([50.5], [20, 200])
    (arc,) = call("gen_measure_arc", 10.0, 50.0, 20.0, 0.0, math.pi, 2.0, 100, 20, "bilinear")
    out = call("fuzzy_measure_pairs", image, arc, 1.0, 20.0, 0.5, "all")
    assert out == ((),) * 11  # one edge only: no pair
    flat = ObjectTuple([Image(np.full((1, 20, 100), 90, np.uint8), "byte")])
    (h,) = call("gen_measure_rectangle2", 10.0, 50.0, 0.0, 48.0, 3.0, 100, 20, "bilinear")
    assert call("fuzzy_measure_pos", flat, h, 1.0, 20.0, 0.5, "all") == ((),) * 5
    assert (
        call("fuzzy_measure_pairing", flat, h, 1.0, 20.0, 0.5, "all", "no_restriction", 3)
        == ((),) * 10
    )


def test_wrong_values(call, handle):
    (bad_y,) = call("create_funct_1d_pairs", (0.0, 1.0), (0.0, 1.5))
    assert call.code("set_fuzzy_measure", handle, "contrast", bad_y) == 1303
    (neg,) = call("create_funct_1d_pairs", (-1.0, 1.0), (0.0, 1.0))
    assert call.code("set_fuzzy_measure", handle, "size", neg) == 1303
    call("set_fuzzy_measure", handle, "position", neg)  # positions may be negative
    assert call.code("set_fuzzy_measure", handle, "size_diff", neg) == 1302
    assert call.code("set_fuzzy_measure", handle, "contrast", (1, 2, 3, 4)) == 1303
    assert call.code("set_fuzzy_measure_norm_pair", handle, 0.0, "size", neg) == 1302
    assert call.code("reset_fuzzy_measure", handle, "position_end") == 1302
    assert call.code("fuzzy_measure_pos", PINS, handle, 0.3, 20.0, 0.5, "all") == 1302
    assert call.code("fuzzy_measure_pos", PINS, handle, 1.0, -1.0, 0.5, "all") == 1303
    assert call.code("fuzzy_measure_pos", PINS, handle, 1.0, 20.0, math.nan, "all") == 1304
    args = (PINS, handle, 1.0, 20.0, 0.5, "all", "no_restriction", -1)
    assert call.code("fuzzy_measure_pairing", *args) == 1307
    assert call.code("fuzzy_measure_pairing", *args[:6], "interleaved", 1) == 1306
    call("close_measure", handle)
    assert call.code("fuzzy_measure_pairs", PINS, handle, 1.0, 20.0, 0.5, "all") == 2454
