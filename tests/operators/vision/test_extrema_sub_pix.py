"""local_max_sub_pix, local_min_sub_pix, saddle_points_sub_pix and critical_points_sub_pix on
Gaussian blobs and a saddle surface with known sub-pixel positions."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region


def _blob(r0: float, c0: float, sign: float = 1.0, size: tuple[int, int] = (60, 70)) -> np.ndarray:
    r, c = np.mgrid[0 : size[0], 0 : size[1]].astype(np.float64)
    return 100.0 + sign * 120.0 * np.exp(-((r - r0) ** 2 + (c - c0) ** 2) / (2 * 4.0**2))


def _img(arr: np.ndarray, pixel_type: str = "real", domain: Region | None = None) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(arr)[None], pixel_type, domain)])


@pytest.mark.parametrize("filt,sigma", [("facet", 0.0), ("facet", 1.0), ("gauss", 1.0)])
def test_blob_maximum_within_five_hundredths_of_a_pixel(call, filt, sigma):
    rows, cols = call("local_max_sub_pix", _img(_blob(27.3, 40.64)), filt, sigma, 1.0)
    assert len(rows) == 1
    assert abs(rows[0] - 27.3) < 0.05 and abs(cols[0] - 40.64) < 0.05
    # the curvature at the top is 120 / 16 = 7.5 (less after smoothing): a higher threshold
    # rejects it
    assert call("local_max_sub_pix", _img(_blob(27.3, 40.64)), filt, sigma, 8.0) == ((), ())
    assert call("local_min_sub_pix", _img(_blob(27.3, 40.64)), filt, sigma, 1.0) == ((), ())


def test_byte_image_dark_blob_is_a_minimum(call):
    arr = np.round(_blob(20.5, 30.25, sign=-0.8)).astype(np.uint8)
    rows, cols = call("local_min_sub_pix", _img(arr, "byte"), "gauss", 1.0, 1.0)
    assert len(rows) == 1 and abs(rows[0] - 20.5) < 0.05 and abs(cols[0] - 30.25) < 0.05


def test_saddle_between_two_blobs_and_critical_points(call):
    arr = _blob(30.0, 20.2) + _blob(30.0, 45.2) - 100.0
    rows, cols = call("saddle_points_sub_pix", _img(arr), "gauss", 1.0, 0.01)
    # by symmetry the saddle lies half-way between the two maxima
    assert len(rows) == 1 and abs(rows[0] - 30.0) < 0.05 and abs(cols[0] - 32.7) < 0.05
    rmin, cmin, rmax, cmax, rs, cs = call("critical_points_sub_pix", _img(arr), "gauss", 1.0, 0.01)
    assert rmin == () and cmin == ()
    assert sorted(round(c, 1) for c in cmax) == [20.2, 45.2] and all(
        abs(r - 30.0) < 0.05 for r in rmax
    )
    assert (rs, cs) == (rows, cols)


def test_domain_restricts_the_search(call):
    arr = _blob(15.0, 15.0) + _blob(40.0, 50.0) - 100.0
    domain = Region(0, 0, np.ones((30, 30), dtype=bool))
    rows, _ = call("local_max_sub_pix", _img(arr, domain=domain), "facet", 1.0, 1.0)
    assert len(rows) == 1 and abs(rows[0] - 15.0) < 0.05


def test_bad_inputs(call):
    img = _img(_blob(20.0, 20.0))
    assert call.code("local_max_sub_pix", img, "gauss", 0.0, 5.0) == 1302
    assert call.code("local_max_sub_pix", img, "facet", -1.0, 5.0) == 1302
    assert call.code("local_max_sub_pix", img, "facet", 1.0, -5.0) == 1303
    assert call.code("local_max_sub_pix", img, "median", 1.0, 5.0) == 1301
    two = ObjectTuple([*img, *img])
    assert call.code("local_max_sub_pix", two, "facet", 1.0, 5.0) != 0
    assert call("local_max_sub_pix", ObjectTuple([]), "facet", 1.0, 5.0) == ((), ())
