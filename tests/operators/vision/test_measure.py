"""1-D measuring on synthetic edges at known sub-pixel positions."""

from __future__ import annotations

import itertools
import math

import numpy as np

from hdlite.plugin import Image, ObjectTuple


def _step_image(edges: list[float], levels: list[float], width: int = 80) -> ObjectTuple:
    """Columns get the area-weighted gray value of ideal steps at the given columns."""
    cols = np.arange(width, dtype=np.float64)
    row = np.full(width, float(levels[0]))
    for pos, (lo, hi) in zip(edges, itertools.pairwise(levels), strict=True):
        cover = np.clip(cols + 0.5 - pos, 0.0, 1.0)  # fraction of pixel right of the edge
        row += (hi - lo) * cover
    data = np.tile(np.round(row), (40, 1)).astype(np.uint8)
    return ObjectTuple([Image(data[None], "byte")])


def test_edge_at_a_known_sub_pixel_position(call):
    image = _step_image([30.3], [50, 200])
    (h,) = call("gen_measure_rectangle2", 20.0, 40.0, 0.0, 35.0, 5.0, 80, 40, "bilinear")
    rows, cols, amp, dist = call("measure_pos", image, h, 1.0, 30.0, "all", "all")
    assert len(cols) == 1 and abs(cols[0] - 30.3) < 0.05  # tolerance: 0.05 px
    assert rows == (20.0,) and amp[0] > 0 and dist == ()
    assert call("measure_pos", image, h, 1.0, 30.0, "negative", "all") == ((), (), (), ())
    # the same edge seen along the opposite direction is a negative transition
    (back,) = call("gen_measure_rectangle2", 20.0, 40.0, math.pi, 35.0, 5.0, 80, 40, "bilinear")
    _, cols, amp, _ = call("measure_pos", image, back, 1.0, 30.0, "negative", "all")
    assert abs(cols[0] - 30.3) < 0.05 and amp[0] < 0


def test_pairs_distances_and_selection(call):
    image = _step_image([20.25, 32.75, 50.5, 61.0], [40, 220, 40, 220, 40])
    (h,) = call("gen_measure_rectangle2", 20.0, 40.0, 0.0, 38.0, 3.0, 80, 40, "bilinear")
    _, cols, _amp, dist = call("measure_pos", image, h, 1.0, 20.0, "all", "all")
    assert np.allclose(cols, [20.25, 32.75, 50.5, 61.0], atol=0.05)
    assert np.allclose(dist, [12.5, 17.75, 10.5], atol=0.08)
    assert call("measure_pos", image, h, 1.0, 20.0, "all", "last")[1][0] == cols[-1]
    out = call("measure_pairs", image, h, 1.0, 20.0, "positive", "all")
    _r1, c1, a1, _r2, c2, a2, intra, inter = out
    assert np.allclose(c1, [20.25, 50.5], atol=0.05) and np.allclose(c2, [32.75, 61.0], atol=0.05)
    assert all(a > 0 for a in a1) and all(a < 0 for a in a2)
    assert np.allclose(intra, [12.5, 10.5], atol=0.08) and np.allclose(inter, [17.75], atol=0.08)
    neg = call("measure_pairs", image, h, 1.0, 20.0, "negative", "first")
    assert np.allclose(neg[1], [32.75], atol=0.05) and np.allclose(neg[4], [50.5], atol=0.05)
    proj = call("measure_projection", image, h)[0]
    assert len(proj) == 77 and proj[0] == 40.0


def test_arc_translate_and_close(call):
    yy, xx = np.mgrid[0:120, 0:120]
    disk = np.where(np.hypot(yy - 60.0, xx - 60.0) <= 30.0, 200, 30).astype(np.uint8)
    image = ObjectTuple([Image(disk[None], "byte")])
    (h,) = call("gen_measure_arc", 60.0, 60.0, 30.0, 0.0, math.pi / 2, 5.0, 120, 120, "bilinear")
    rows, cols, _, _ = call("measure_pos", image, h, 1.0, 20.0, "all", "all")
    assert rows == () and cols == ()  # the arc runs along the edge: no edge across the profile
    (h,) = call("gen_measure_rectangle2", 60.0, 60.0, 0.0, 45.0, 2.0, 120, 120, "bilinear")
    _, cols, _, _ = call("measure_pos", image, h, 1.0, 20.0, "all", "all")
    assert np.allclose(cols, [30.0, 90.0], atol=0.6)
    call("translate_measure", h, 70.0, 60.0)
    _, cols2, _, _ = call("measure_pos", image, h, 1.0, 20.0, "all", "all")
    half = math.sqrt(30.0**2 - 10.0**2)
    assert np.allclose(cols2, [60 - half, 60 + half], atol=0.6)
    call("close_measure", h)
    assert call.code("measure_pos", image, h, 1.0, 20.0, "all", "all") == 2454
    assert call.code("gen_measure_rectangle2", 1.0, 1.0, 0.0, 5.0, 1.0, 0, 10, "bilinear") == 1306
    (h,) = call("gen_measure_rectangle2", 20.0, 40.0, 0.0, 10.0, 1.0, 80, 40, "nearest_neighbor")
    assert call.code("measure_pos", image, h, 0.1, 20.0, "all", "all") == 1302
