"""points_harris, points_harris_binomial and points_foerstner on drawn polygons and blobs."""

from __future__ import annotations

import cv2
import numpy as np

from hdlite.values.iconic import Image, ObjectTuple, Region

# (col, row) vertices of a convex quadrilateral; corners between 60 and 120 degrees
_POLY = np.array([[20, 30], [110, 25], [100, 95], [25, 100]])


def _img(arr: np.ndarray, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(arr)[None], pixel_type, domain)])


def _polygon() -> np.ndarray:
    arr = np.full((120, 140), 40, np.uint8)
    cv2.fillPoly(arr, [_POLY.astype(np.int32)], 200)
    return arr


def _distances(rows, cols) -> np.ndarray:
    """For each drawn corner, the distance to the nearest point found."""
    found = np.stack([np.asarray(rows), np.asarray(cols)], axis=1)
    return np.array([np.hypot(*(found - v[::-1]).T).min() for v in _POLY])


def test_harris_finds_the_four_corners_within_a_pixel(call):
    rows, cols = call("points_harris", _img(_polygon()), 0.7, 1.0, 0.08, 1000.0)
    assert len(rows) == 4 and len(cols) == 4
    assert _distances(rows, cols).max() < 1.0
    assert all(isinstance(v, float) for v in rows + cols)
    # larger integration windows pull the maxima into the corner (Harris's known bias)
    rows2, cols2 = call("points_harris", _img(_polygon()), 0.7, 2.0, 0.08, 1000.0)
    assert len(rows2) == 4 and _distances(rows2, cols2).max() < 1.5


def test_harris_binomial_corners_and_pixel_positions(call):
    rows, cols = call("points_harris_binomial", _img(_polygon()), 3, 7, 0.08, 1000.0, "on")
    assert len(rows) == 4 and _distances(rows, cols).max() < 1.0
    rows, cols = call("points_harris_binomial", _img(_polygon()), 3, 7, 0.08, 1000.0, "off")
    assert len(rows) == 4 and all(float(v).is_integer() for v in rows + cols)
    assert _distances(rows, cols).max() < 1.5


def test_harris_threshold_domain_and_flat_images(call):
    assert call("points_harris", _img(np.full((30, 30), 90, np.uint8)), 0.7, 2.0, 0.08, 0) == (
        (),
        (),
    )
    huge = call("points_harris", _img(_polygon()), 0.7, 2.0, 0.08, 1e15)
    assert huge == ((), ())
    left = Region.rectangle(0, 0, 119, 60)  # only the two left corners
    rows, cols = call("points_harris", _img(_polygon(), domain=left), 0.7, 1.0, 0.08, 1000.0)
    assert len(rows) == 2 and max(cols) < 61
    assert call("points_harris", ObjectTuple(), 0.7, 2.0, 0.08, 1000.0) == ((), ())


def test_foerstner_junctions_at_the_corners_with_covariances(call):
    out = call("points_foerstner", _img(_polygon()), 1.0, 2.0, 3.0, 200, 0.3, "gauss", "false")
    assert len(out) == 10
    rj, cj, crr, crc, ccc = out[:5]
    assert len(rj) == 4 and _distances(rj, cj).max() < 1.0
    assert all(len(v) == 4 for v in (crr, crc, ccc))
    for a, b, c in zip(crr, crc, ccc, strict=True):
        assert a > 0 and c > 0 and a * c - b * b > 0  # positive definite
    assert list(rj) == sorted(rj)
    out = call("points_foerstner", _img(_polygon()), 1.0, 3, 5, 200, 0.3, "mean", "true")
    assert len(out[0]) == 4 and _distances(out[0], out[1]).max() < 1.0


def test_foerstner_area_point_at_the_centre_of_a_blob(call):
    yy, xx = np.mgrid[:60, :60]
    blob = 30 + 150 * np.exp(-((yy - 30.3) ** 2 + (xx - 25.6) ** 2) / (2 * 3.0**2))
    out = call("points_foerstner", _img(blob, "real"), 1.0, 2.0, 3.0, 50, 0.3, "gauss", "false")
    ra, ca = out[5], out[6]
    assert len(ra) == 1
    assert abs(ra[0] - 30.3) < 0.1 and abs(ca[0] - 25.6) < 0.1
    # doublet elimination keeps a single point for the blob
    out = call("points_foerstner", _img(blob, "real"), 1.0, 2.0, 3.0, 50, 0.3, "gauss", "true")
    assert len(out[0]) + len(out[5]) == 1


def test_bad_parameters_are_halcon_errors(call):
    img = _img(_polygon())
    assert call.code("points_harris", img, 0.0, 2.0, 0.08, 1000.0) == 1301
    assert call.code("points_harris", img, 0.7, -1.0, 0.08, 1000.0) == 1302
    assert call.code("points_harris_binomial", img, 4, 15, 0.08, 1000.0, "on") == 1301
    assert call.code("points_foerstner", img, 1.0, 3.0, 2.0, 200, 0.3, "gauss", "false") == 1303
    assert call.code("points_foerstner", img, 1.0, 2.0, 3.0, 200, 1.5, "gauss", "false") == 1305
    two = ObjectTuple([img[0], img[0]])
    assert call.code("points_harris", two, 0.7, 2.0, 0.08, 1000.0) == 1501
