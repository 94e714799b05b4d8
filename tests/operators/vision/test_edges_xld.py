"""Sub-pixel edges and iso-lines of synthetic images."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple


def _disk(
    radius: float, center: tuple[float, float] = (40.3, 50.6), size: int = 100
) -> ObjectTuple:
    """A bright disk, anti-aliased by 8x8 supersampling."""
    sub = (np.arange(size * 8) + 0.5) / 8 - 0.5
    rr, cc = np.meshgrid(sub, sub, indexing="ij")
    inside = np.hypot(rr - center[0], cc - center[1]) <= radius
    frac = inside.reshape(size, 8, size, 8).mean(axis=(1, 3))
    return ObjectTuple([Image(np.round(40 + 160 * frac).astype(np.uint8)[None], "byte")])


def test_canny_edges_of_a_disk_fit_its_circle(call):
    (edges,) = call("edges_sub_pix", _disk(20.0), "canny", 1.5, 10, 30)
    assert len(edges) == 1 and len(edges[0]) > 100
    r, c, rad, sp, ep, _ = call("fit_circle_contour_xld", edges, "geometric", -1, 2, 0, 3, 2)
    # tolerance: 0.1 px for the centre, 0.15 px for the radius (blur shifts curved edges)
    assert abs(r[0] - 40.3) < 0.1 and abs(c[0] - 50.6) < 0.1 and abs(rad[0] - 20.0) < 0.15
    assert (sp, ep) == ((0.0,), (2 * math.pi,))
    names = call("query_contour_attribs_xld", edges)[0]
    assert names == ("angle", "edge_direction", "response")
    response = call("get_contour_attrib_xld", edges, "response")[0]
    assert min(response) > 30
    (none,) = call("edges_sub_pix", _disk(20.0), "canny", 1.5, 200, 300)
    assert len(none) == 0
    assert call.code("edges_sub_pix", _disk(20.0), "lanser3", 1.5, 10, 30) == 1301
    assert call.code("edges_sub_pix", _disk(20.0), "canny", 1.5, 30, 10) == 1304


@pytest.mark.parametrize(
    ("kind", "alpha"),
    [
        ("deriche1", 1.0),
        ("deriche1_int4", 1.0),
        ("deriche2", 0.7),
        ("deriche2_int4", 0.7),
        ("lanser1", 1.0),
        ("lanser2", 0.7),
        ("shen", 1.0),
        ("mshen", 1.0),
        ("sobel_fast", 0.0),
    ],
)
def test_every_filter_finds_the_circle_of_a_disk(call, kind, alpha):
    (edges,) = call("edges_sub_pix", _disk(20.0), kind, alpha, 10, 30)
    assert len(edges) == 1 and len(edges[0]) > 100
    r, c, rad, *_ = call("fit_circle_contour_xld", edges, "geometric", -1, 2, 0, 3, 2)
    assert abs(r[0] - 40.3) < 0.1 and abs(c[0] - 50.6) < 0.1 and abs(rad[0] - 20.0) < 0.3
    # the amplitude of an edge of height 160 lies within the filter's smoothing of it
    response = call("get_contour_attrib_xld", edges, "response")[0]
    assert 10 < float(np.median(response)) < 200


def test_deriche_alpha_smooths_more_when_smaller(call):
    noisy = np.random.default_rng(3).normal(0, 12, (100, 100))
    image = _disk(20.0)[0].data[0].astype(np.float64) + noisy
    obj = ObjectTuple([Image(image.astype(np.float32)[None], "real")])
    counts = [len(call("edges_sub_pix", obj, "lanser2", a, 10, 20)[0]) for a in (2.0, 0.5)]
    assert counts[1] < counts[0]  # fewer noise fragments with the smoother filter
    assert call.code("edges_sub_pix", obj, "deriche2", 0.0, 10, 20) == 1302


def test_threshold_sub_pix_closed_and_open_lines(call):
    (lines,) = call("threshold_sub_pix", _disk(15.0), 120)
    assert len(lines) == 1
    rows, cols = call("get_contour_xld", lines)
    assert rows[0] == rows[-1] and cols[0] == cols[-1]
    r, c, rad, *_ = call("fit_circle_contour_xld", lines, "algebraic", -1, 0, 0, 3, 2)
    assert abs(r[0] - 40.3) < 0.1 and abs(c[0] - 50.6) < 0.1 and abs(rad[0] - 15.0) < 0.1
    ramp = np.tile(np.arange(20, dtype=np.float32) * 10, (10, 1))
    (open_,) = call("threshold_sub_pix", ObjectTuple([Image(ramp[None], "real")]), 95.0)
    rows, cols = call("get_contour_xld", open_)
    assert set(np.round(cols, 6)) == {9.5} and (rows[0], rows[-1]) in ((0.0, 9.0), (9.0, 0.0))
