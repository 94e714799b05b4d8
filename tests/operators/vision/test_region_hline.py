"""gen_region_hline: lines in Hessian normal form, as hough_lines reports them."""

from __future__ import annotations

import math

import pytest


def pixels(region):
    rows, cb, ce = region.runs
    return {(int(r), int(c)) for r, b, e in zip(rows, cb, ce, strict=True) for c in range(b, e + 1)}


def test_vertical_horizontal_and_diagonal_lines(call):
    call("set_system", "width", 40)
    call("set_system", "height", 30)
    (lines,) = call("gen_region_hline", (0.0, math.pi / 2, math.pi / 4), (10, 5, 0))
    vertical, horizontal, diagonal = (pixels(r) for r in lines)
    assert vertical == {(r, 10) for r in range(30)}
    assert horizontal == {(5, c) for c in range(40)}
    assert diagonal == {(r, -r) for r in range(30)} & {(r, c) for r in range(30) for c in range(40)}


@pytest.mark.parametrize(("angle", "dist"), [(0.3, 20.0), (1.2, 15.0), (-0.4, 5.0)])
def test_points_satisfy_the_normal_form(call, angle, dist):
    (lines,) = call("gen_region_hline", angle, dist)
    points = pixels(lines[0])
    assert points
    for r, c in points:
        assert abs(c * math.cos(angle) + r * math.sin(angle) - dist) <= 0.71


def test_hough_result_regenerates_the_drawn_line(call):
    call("set_system", "width", 64)
    call("set_system", "height", 64)
    (drawn,) = call("gen_region_line", 0, 20, 63, 20)
    angles, dists = call("hough_lines", drawn, 4, 30, 5, 5)
    (again,) = call("gen_region_hline", angles[0], dists[0])  # the strongest line
    assert pixels(again[0]) == pixels(drawn[0])
