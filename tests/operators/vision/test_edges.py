"""Sobel, edges_image and derivate_gauss on step edges and ramps worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple, Region


def _img(values, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    dtype = {"byte": np.uint8, "int2": np.int16, "uint2": np.uint16, "int4": np.int32}.get(
        pixel_type, np.float32
    )
    arr = np.asarray(values, dtype=dtype)
    return ObjectTuple([Image(arr if arr.ndim == 3 else arr[None], pixel_type, domain)])


def _step(height: int = 9, width: int = 12, col: int = 6, value: int = 100) -> np.ndarray:
    arr = np.zeros((height, width), np.uint8)
    arr[:, col:] = value
    return arr


def _out(objs: ObjectTuple) -> np.ndarray:
    assert len(objs) == 1
    return objs[0].data[0]


@pytest.mark.parametrize(
    ("filter_type", "pixel_type", "expected"),
    [
        # b = 4 * 100 at the two columns next to the step, divided by 4
        ("sum_abs", "byte", 100),
        ("sum_sqrt", "byte", 100),
        ("thin_sum_abs", "byte", 100),
        ("thin_max_abs", "byte", 100),
        ("x", "int1", 100),
        ("y", "int1", 0),
    ],
)
def test_sobel_amp_on_a_vertical_step(call, filter_type, pixel_type, expected):
    (out,) = call("sobel_amp", _img(_step()), filter_type, 3)
    assert out[0].pixel_type == pixel_type
    row = _out(out)[4]
    assert row[5] == expected and row[6] == expected
    assert row[0] == 0 and row[3] == 0 and row[8] == 0


def test_sobel_amp_signs_types_and_clipping(call):
    (out,) = call("sobel_amp", _img(_step().T), "y", 3)  # a horizontal step: brighter below
    assert _out(out)[5, 4] == 100 and _out(out)[6, 4] == 100
    (out,) = call("sobel_amp", _img(255 - _step()), "x", 3)  # darker to the right: negative
    assert _out(out)[4, 5] == -100
    (out,) = call("sobel_amp", _img(_step(value=255)), "x", 3)
    assert _out(out)[4, 5] == 127  # int1 clips
    (out,) = call("sobel_amp", _img(_step().astype(np.uint16) * 300, "uint2"), "x", 3)
    assert out[0].pixel_type == "int2" and _out(out)[4, 5] == 30000
    corner = np.zeros((9, 9), np.uint8)
    corner[4:, 4:] = 200
    (out,) = call("sobel_amp", _img(corner), "sum_abs", 3)
    assert _out(out)[4, 4] == 255  # (600 + 600) / 4 = 300, clipped to byte


def test_sobel_amp_larger_sizes_smooth_and_double(call):
    (out,) = call("sobel_amp", _img(_step()), "sum_abs", 5)
    row = _out(out)[4].astype(int)
    assert row[5] == row[6] and 150 <= row[5] <= 200 and row[4] > 0 and row[1] == 0
    (out,) = call("sobel_amp", _img(_step()), "sum_abs_binomial", (5, 7))
    row = _out(out)[4].astype(int)
    # binomial [1 2 1]/4 across the step, doubled: 2 * (75 + 0 ... ) -> 150 at the edge
    assert row.tolist()[3:9] == [0, 50, 150, 150, 50, 0]
    assert call.code("sobel_amp", _img(_step()), "sum_abs", 15) == 1302
    assert call.code("sobel_amp", _img(_step()), "sum_abs", 4) == 1302
    assert call.code("sobel_amp", _img(_step()), "sum_abs", (5, 5)) == 1402
    assert call.code("sobel_amp", _img(_step()), "laplace", 3) == 1301
    assert call.code("sobel_amp", _img(_step(), "int4"), "sum_abs", 3) == 9007


def test_sobel_dir_directions(call):
    amp, direction = call("sobel_dir", _img(_step()), "sum_abs", 3)
    assert _out(amp)[4, 5] == 100
    d = _out(direction)
    assert direction[0].pixel_type == "byte"
    assert d[4, 5] == 0 and d[4, 0] == 255  # gradient along +column; flat: undefined
    _, direction = call("sobel_dir", _img(255 - _step()), "sum_abs", 3)
    assert _out(direction)[4, 5] == 90  # 180 degrees
    _, direction = call("sobel_dir", _img(_step().T), "sum_sqrt", 3)
    assert _out(direction)[5, 4] == 135  # brighter below: 270 degrees
    _, direction = call("sobel_dir", _img(_step()[::-1].T.copy()[::-1]), "sum_abs", 3)
    assert _out(direction)[5, 4] == 45  # brighter above: 90 degrees


def test_edges_image_canny_nms_hysteresis_and_domain(call):
    step = _step(height=12, width=16, col=8, value=200)
    amp, direction = call("edges_image", _img(step), "canny", 1.0, "nms", 20, 40)
    domain = amp[0].domain
    mask = domain.to_mask(12, 16)
    # one thin line of edge pixels, in column 7 (the last dark column), on every row
    assert mask.sum() == 12 and np.all(mask[:, 7])
    assert _out(amp)[5, 7] > 40 and _out(amp)[5, 6] == 0
    assert np.all(_out(direction)[:, 7] == 0)
    assert direction[0].domain is domain
    amp, _ = call("edges_image", _img(step), "canny", 1.0, "none", -1, -1)
    assert amp[0].domain is None and _out(amp)[5, 6] > 0  # no thinning: a wide ridge
    amp, _ = call("edges_image", _img(step), "canny", 1.0, "nms", 250, 255)
    assert amp[0].domain.area() == 0  # too weak for the thresholds


@pytest.mark.parametrize("filt", ["deriche1", "lanser1", "deriche2", "lanser2", "shen", "mshen"])
@pytest.mark.parametrize("nms", ["nms", "inms", "hvnms"])
def test_edges_image_filters_find_the_step(call, filt, nms):
    step = _step(height=12, width=16, col=8, value=200)
    amp, direction = call("edges_image", _img(step), filt, 1.0, nms, 5, 10)
    mask = amp[0].domain.to_mask(12, 16)
    cols = set(np.nonzero(mask)[1].tolist())
    assert cols <= {7, 8} and mask.sum() >= 12
    assert set(_out(direction)[mask].tolist()) == {0}


def test_edges_image_sobel_fast_and_errors(call):
    amp, direction = call("edges_image", _img(_step()), "sobel_fast", 0.5, "none", -1, -1)
    assert len(direction) == 0
    assert _out(amp)[4, 5] == 100
    assert call.code("edges_image", _img(_step()), "canny", 0.0, "nms", 20, 40) == 1302
    assert call.code("edges_image", _img(_step()), "canny", 1.0, "max", 20, 40) == 1303
    assert call.code("edges_image", _img(_step()), "prewitt", 1.0, "nms", 20, 40) == 1301
    assert call.code("edges_image", _img(_step(), "int2"), "canny", 1.0, "nms", 20, 40) == 9007


def test_edges_image_respects_the_domain(call):
    step = _step(height=12, width=16, col=8, value=200)
    roi = Region.rectangle(0, 0, 5, 15)
    amp, _ = call("edges_image", _img(step, domain=roi), "canny", 1.0, "nms", 20, 40)
    mask = amp[0].domain.to_mask(12, 16)
    assert mask.sum() == 6 and np.all(mask[:6, 7])


def test_derivate_gauss_on_a_ramp(call):
    ramp = np.tile(np.arange(30, dtype=np.float32) * 2.0, (20, 1))  # slope 2 along columns
    for component, expected in (("x", 2.0), ("y", 0.0), ("gradient", 2.0), ("xx", 0.0)):
        (out,) = call("derivate_gauss", _img(ramp, "real"), 1.5, component)
        assert out[0].pixel_type == "real"
        assert _out(out)[10, 15] == pytest.approx(expected, abs=1e-4), component
    (out,) = call("derivate_gauss", _img(ramp, "real"), 1.5, "gradient_dir")
    assert _out(out)[10, 15] == pytest.approx(0.0, abs=1e-6)
    (out,) = call("derivate_gauss", _img(ramp.T.copy(), "real"), (1.0, 2.0), "y")
    assert _out(out)[15, 10] == pytest.approx(2.0, abs=1e-4)
    (out,) = call("derivate_gauss", _img(ramp.astype(np.uint8)), 1.0, "none")
    assert _out(out)[10, 15] == pytest.approx(30.0, abs=1e-3)


def test_derivate_gauss_second_order_on_a_paraboloid(call):
    r, c = np.mgrid[0:31, 0:31].astype(np.float64)
    bowl = ((r - 15) ** 2 + 2 * (c - 15) ** 2).astype(np.float32)  # yy = 2, xx = 4
    results = {}
    for comp in ("xx", "yy", "xy", "laplace", "det", "eigenvalue1", "eigenvalue2"):
        (out,) = call("derivate_gauss", _img(bowl, "real"), 1.0, comp)
        results[comp] = float(_out(out)[15, 15])
    expected = {"xx": 4, "yy": 2, "xy": 0, "laplace": 6, "det": 8}
    expected |= {"eigenvalue1": 4, "eigenvalue2": 2}
    assert results == pytest.approx(expected, abs=1e-3)
    assert call.code("derivate_gauss", _img(bowl, "real"), 0.0, "x") == 1301
    assert call.code("derivate_gauss", _img(bowl, "real"), 1.0, "curl") == 1302
