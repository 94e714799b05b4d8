"""MVTec standard procedures of the vision work: calculate_lines_gauss_parameters and
scale_image_range, against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from hdlite.errors import HalconError


def _response(half_width: float, sigma: float) -> float:
    return (
        2 * half_width / (math.sqrt(2 * math.pi) * sigma**3)
        * math.exp(-0.5 * (half_width / sigma) ** 2)
    )  # fmt: skip


def test_lines_gauss_parameters_two_contrasts(run):
    v = run("calculate_lines_gauss_parameters (6, [40, 10], Sigma, Low, High)")
    assert v["Sigma"] == pytest.approx(3 / math.sqrt(3))
    h = _response(3.0, math.sqrt(3))
    assert v["High"] == pytest.approx(40 * h) and v["Low"] == pytest.approx(10 * h)
    assert v["High"] == pytest.approx(4.1115, abs=1e-4)


def test_lines_gauss_parameters_default_low_and_thin_lines(run):
    v = run("calculate_lines_gauss_parameters (10, 30, Sigma, Low, High)")
    assert v["Low"] == pytest.approx(v["High"] / 3)
    thin = run("calculate_lines_gauss_parameters (1, 30, Sigma, Low, High)")
    assert thin["Sigma"] == pytest.approx(0.5)  # the width is raised to sqrt(3)
    h = _response(math.sqrt(3) / 2, 0.5)
    assert thin["High"] == pytest.approx(30 / math.sqrt(3) * h)


@pytest.mark.parametrize("args", ["0, 30", "5, [10, 20]", "5, [1, 2, 3]", "'a', 3"])
def test_lines_gauss_parameters_wrong_input(run, args):
    with pytest.raises(HalconError):
        run(f"calculate_lines_gauss_parameters ({args}, Sigma, Low, High)")


def test_scale_image_range(run):
    v = run(
        """
gen_image_const (Byte, 'byte', 4, 4)
gen_rectangle1 (All, 0, 0, 3, 3)
paint_region (All, Byte, Byte, 100, 'fill')
gen_rectangle1 (Top, 0, 0, 0, 3)
paint_region (Top, Byte, Byte, 20, 'fill')
gen_rectangle1 (Bottom, 3, 0, 3, 3)
paint_region (Bottom, Byte, Byte, 250, 'fill')
scale_image_range (Byte, Scaled, 50, 150)
get_grayval (Scaled, [0, 1, 3], [0, 0, 0], Values)
convert_image_type (Byte, Real, 'real')
scale_image_range (Real, ScaledReal, [50, 10], [150, 20])
get_grayval (ScaledReal, [0, 1, 3], [0, 0, 0], RealValues)
get_image_type (ScaledReal, Type)
"""
    )
    assert v.tuple("Values") == (0, 127, 255)  # 100 -> 127.5, truncated like scale_image
    assert v.tuple("RealValues") == (10.0, 15.0, 20.0) and v["Type"] == "real"
    with pytest.raises(HalconError):
        run("gen_image_const (I, 'byte', 2, 2)\nscale_image_range (I, S, 5, 5)")
