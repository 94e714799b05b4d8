"""polar_trans_contour_xld and polar_trans_contour_xld_inv: a circle becomes a line at its
radius, split where the angle interval starts, and comes back as the circle."""

from __future__ import annotations

import math

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import ObjectTuple, Region

_ARC = (60.0, 70.0, 0.0, 2 * math.pi, 0.0, 40.0)


def _circle(radius: float, start: float = 0.3, n: int = 200) -> ObjectTuple:
    t = start + np.linspace(0.0, 2 * math.pi, n)
    return ObjectTuple([Contour(60.0 - radius * np.sin(t), 70.0 + radius * np.cos(t))])


def test_circle_becomes_a_line_split_at_angle_start(call):
    (polar,) = call("polar_trans_contour_xld", _circle(25.0), *_ARC, 361, 41)
    assert len(polar) == 2  # cut where the angle passes 0 = 2 pi
    for c in polar:
        assert np.allclose(c.rows, 25.0)
    cols = sorted((c.cols.min(), c.cols.max()) for c in polar)
    # the angle 0.3 lies at column 0.3 * 360 / (2 pi); both pieces end at the borders
    split = 0.3 * 360 / (2 * math.pi)
    assert np.allclose(cols, [(0.0, split), (split, 360.0)], atol=1e-6)
    # counter-clockwise: the column grows along the contour
    assert all(np.all(np.diff(c.cols) > 0) for c in polar)


def test_crop_at_radius_and_angle_borders(call):
    # a quarter of the angles: only the part of the circle from 0 to pi / 2 is kept
    arc = (60.0, 70.0, 0.0, math.pi / 2, 0.0, 40.0)
    (polar,) = call("polar_trans_contour_xld", _circle(25.0, start=-1.0), *arc, 91, 41)
    assert len(polar) == 1 and np.isclose(polar[0].cols[0], 0.0)
    assert np.isclose(polar[0].cols[-1], 90.0)
    # a circle beyond RadiusEnd vanishes
    assert call("polar_trans_contour_xld", _circle(45.0), *_ARC, 361, 41) == (ObjectTuple([]),)
    # an angle interval of two periods: every point appears twice
    arc2 = (60.0, 70.0, 0.0, 4 * math.pi, 0.0, 40.0)
    (polar,) = call("polar_trans_contour_xld", _circle(25.0), *arc2, 721, 41)
    assert len(polar) == 3 and math.isclose(sum(np.ptp(c.cols) for c in polar), 720.0)


def test_inverse_restores_the_circle(call):
    (polar,) = call("polar_trans_contour_xld", _circle(25.0), *_ARC, 361, 41)
    (back,) = call("polar_trans_contour_xld_inv", polar, *_ARC, 361, 41, 140, 120)
    assert len(back) == 2
    for c in back:
        assert np.allclose(np.hypot(c.rows - 60.0, c.cols - 70.0), 25.0)
    # a horizontal polar line at row 10 is the circle of radius 10
    line = ObjectTuple([Contour([10.0, 10.0], [0.0, 90.0])])
    (back,) = call("polar_trans_contour_xld_inv", line, *_ARC, 361, 41, 140, 120)
    assert np.allclose(back[0].rows, [60.0, 50.0]) and np.allclose(back[0].cols, [80.0, 70.0])
    # cropped at the output image: a circle of radius 35 about (20, 70) leaves the top
    arc = (20.0, 70.0, 0.0, 2 * math.pi, 0.0, 40.0)
    t = np.linspace(0, 360, 361)
    ring = ObjectTuple([Contour(np.full(361, 35.0), t)])
    (back,) = call("polar_trans_contour_xld_inv", ring, *arc, 361, 41, 140, 120)
    assert all(c.rows.min() >= 0.0 for c in back) and len(back) == 2


def test_bad_inputs(call):
    assert call.code("polar_trans_contour_xld", _circle(5.0), 1, 1, 0.0, 0.0, 0, 5, 10, 10) == 1304
    region = ObjectTuple([Region.from_mask(np.ones((3, 3), bool))])
    assert call.code("polar_trans_contour_xld", region, *_ARC, 10, 10) == 9054
    assert call("polar_trans_contour_xld", ObjectTuple([]), *_ARC, 10, 10) == (ObjectTuple([]),)
