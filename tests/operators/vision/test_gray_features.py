"""Gray values of regions: features, selection, histograms, weighted centres."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple, Region


def _image(data: np.ndarray, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    return ObjectTuple([Image(data, pixel_type, domain)])


def _ramp() -> np.ndarray:
    """g = 2 * column + row on a 10x10 image."""
    rows, cols = np.mgrid[0:10, 0:10]
    return (2 * cols + rows).astype(np.uint8)


def test_gray_features_basic_statistics(call):
    (square,) = call("gen_rectangle1", (0,), (0,), (1,), (1,))  # values 0, 2, 1, 3
    names = ("mean", "deviation", "min", "max", "median", "area")
    (values,) = call("gray_features", square, _image(_ramp()), names)
    assert values == pytest.approx((1.5, math.sqrt(1.25), 0.0, 3.0, 2.0, 6.0))


def test_gray_features_ignore_the_domain_and_order_region_by_region(call):
    (regs,) = call("gen_rectangle1", (0, 5), (0, 5), (1, 5), (1, 5))
    domain = Region.rectangle(8, 8, 9, 9)
    (values,) = call("gray_features", regs, _image(_ramp(), domain=domain), ("min", "max"))
    assert values == (0.0, 3.0, 15.0, 15.0)
    assert call("intensity", regs, _image(_ramp(), domain=domain)) == (
        (1.5, 15.0),
        (1.118033988749895, 0.0),
    )


def test_gray_plane_and_weighted_centre(call):
    (square,) = call("gen_rectangle1", (2,), (2,), (6,), (6,))
    names = ("alpha", "beta", "plane_deviation", "mean")
    (values,) = call("gray_features", square, _image(_ramp()), names)
    assert values == pytest.approx((1.0, 2.0, 0.0, 3 * 4.0))
    mrow, mcol, alpha, beta, mean = call("moments_gray_plane", square, _image(_ramp()))
    assert alpha + beta + mean == pytest.approx((1.0, 2.0, 12.0))
    assert mrow == pytest.approx((2.0,)) and mcol == pytest.approx((4.0,))
    img = np.zeros((5, 5), dtype=np.uint8)
    img[1, 1], img[1, 3] = 10, 30
    (whole,) = call("gen_rectangle1", (0,), (0,), (4,), (4,))
    assert call("area_center_gray", whole, _image(img)) == ((40.0,), (1.0,), (2.5,))
    ra, rb, phi = call("elliptic_axis_gray", whole, _image(img))
    assert phi == (0.0,) and rb == (0.0,) and ra[0] == pytest.approx(2 * math.sqrt(0.75))


def test_entropy_gray(call):
    img = np.array([[0, 0, 255, 255]], dtype=np.uint8)
    (line,) = call("gen_rectangle1", (0,), (0,), (0,), (3,))
    entropy, anisotropy = call("entropy_gray", line, _image(img))
    assert entropy == (1.0,) and anisotropy == (0.5,)


def test_select_gray(call):
    img = np.zeros((10, 10), dtype=np.uint8)
    img[:5] = 200
    (regs,) = call("gen_rectangle1", (0, 5, 3), (0, 0, 0), (4, 9, 6), (9, 9, 9))
    (bright,) = call("select_gray", regs, _image(img), "mean", "and", 150, 255)
    assert [r is regs[0] for r in bright] == [True]
    (mixed,) = call("select_gray", regs, _image(img), ("mean", "max"), "or", (150, 0), (255, 100))
    assert len(mixed) == 2 and mixed[0] is regs[0] and mixed[1] is regs[1]
    (open_ended,) = call("select_gray", regs, _image(img), "mean", "and", "min", 100)
    assert len(open_ended) == 2
    assert call.code("select_gray", regs, _image(img), "fuzzy_entropy", "and", 0, 1) == 1301


def test_gray_histo(call):
    img = np.array([[0, 1, 1, 255]], dtype=np.uint8)
    (line,) = call("gen_rectangle1", (0,), (0,), (0,), (3,))
    absolute, relative = call("gray_histo", line, _image(img))
    assert len(absolute) == 256 and absolute[1] == 2 and absolute[255] == 1 and sum(absolute) == 4
    assert relative[1] == 0.5
    (coarse,) = call("gray_histo_abs", line, _image(img), 128)
    assert coarse == (3, 1)
    two = ObjectTuple([line[0], line[0]])
    assert call.code("gray_histo", two, _image(img)) == 1501
    assert call.code("gray_histo", line, _image(np.zeros((1, 4), np.float32), "real")) == 9007


def test_empty_region_and_empty_tuple(call):
    (empty,) = call("gen_empty_region")
    (values,) = call("gray_features", empty, _image(_ramp()), ("mean", "area", "max"))
    assert values == (0.0, 0.0, 0.0)
    assert call("area_center_gray", ObjectTuple(), _image(_ramp())) == ((), (), ())
    (none,) = call("select_gray", ObjectTuple(), _image(_ramp()), "mean", "and", 0, 255)
    assert len(none) == 0
    assert call("plane_deviation", empty, _image(_ramp())) == ((0.0,),)
