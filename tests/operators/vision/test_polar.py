"""Polar transforms: a ring becomes a band, a dot lands at its angle, and the inverse
transforms bring the ring back."""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import Image, ObjectTuple, Region

_CENTER = (60.0, 70.0)
_FULL = (0.0, 2 * math.pi, 0.0, 40.0)  # AngleStart, AngleEnd, RadiusStart, RadiusEnd


def _dist(shape: tuple[int, int] = (120, 140)) -> np.ndarray:
    r, c = np.mgrid[0 : shape[0], 0 : shape[1]].astype(np.float64)
    return np.hypot(r - _CENTER[0], c - _CENTER[1])


def _ring_mask() -> np.ndarray:
    d = _dist()
    return (d >= 19.5) & (d <= 30.5)


def _img(arr: np.ndarray, pixel_type: str = "byte") -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(arr)[None], pixel_type)])


def _mask(region: Region, h: int, w: int) -> np.ndarray:
    return region.to_mask(h, w)


def test_ring_becomes_a_band(call):
    ring = np.where(_ring_mask(), 200, 10).astype(np.uint8)
    (polar,) = call(
        "polar_trans_image_ext", _img(ring), *_CENTER, *_FULL, 361, 41, "nearest_neighbor"
    )
    data = polar[0].data[0]
    assert data.shape == (41, 361)  # rows: radius 0..40, columns: angle 0..2 pi
    assert (data[21:30] == 200).all()  # radius 21..29: inside the ring for every angle
    assert (data[:19] == 10).all() and (data[32:] == 10).all()


def test_radius_and_angle_conventions(call):
    # a radial ramp: bilinear samples at row r give radius r
    (polar,) = call(
        "polar_trans_image_ext", _img(_dist(), "real"), *_CENTER, *_FULL, 73, 41, "bilinear"
    )
    data = polar[0].data[0]
    assert np.allclose(data[5:], np.arange(5, 41)[:, None], atol=0.05)
    # a dot above the centre lies at angle pi / 2 (counter-clockwise): column 90 of 361
    dot = np.zeros((120, 140), np.uint8)
    dot[60 - 25, 70] = 255
    (polar,) = call("polar_trans_image_ext", _img(dot), *_CENTER, *_FULL, 361, 41, "bilinear")
    r, c = np.unravel_index(np.argmax(polar[0].data[0]), (41, 361))
    assert (r, c) == (25, 90)
    # exchanged angles run clockwise: the same dot at column 270
    swapped = (2 * math.pi, 0.0, 0.0, 40.0)
    (polar,) = call("polar_trans_image_ext", _img(dot), *_CENTER, *swapped, 361, 41, "bilinear")
    assert np.unravel_index(np.argmax(polar[0].data[0]), (41, 361)) == (25, 270)
    # the obsolete polar_trans_image runs clockwise on screen: a dot below the centre at
    # a quarter of the width
    dot = np.zeros((120, 140), np.uint8)
    dot[60 + 25, 70] = 255
    (polar,) = call("polar_trans_image", _img(dot), 60, 70, 360, 41)
    data = polar[0].data[0]
    assert data[25, 90] == 255 and data[25, 270] == 0 and data[25, 0] == 0
    assert data[25, 89:92].sum() == data.sum()  # nearest pixels: only next to column 90


def test_image_inverse_restores_the_ring_in_the_circle(call):
    ring = np.where(_ring_mask(), 200, 10).astype(np.uint8)
    (polar,) = call("polar_trans_image_ext", _img(ring), *_CENTER, *_FULL, 800, 81, "bilinear")
    (back,) = call("polar_trans_image_inv", polar, *_CENTER, *_FULL, 140, 120, "nearest_neighbor")
    img = back[0]
    domain = img.domain.to_mask(120, 140)
    assert (domain == (_dist() <= 40.25)).mean() > 0.995  # the circle of radius 40
    d = _dist()
    away = domain & (np.abs(d - 19.5) > 1.5) & (np.abs(d - 30.5) > 1.5)
    assert (img.data[0][away] == ring[away]).all()  # exact away from the ring's borders
    assert np.abs(img.data[0][domain].astype(int) - ring[domain]).max() < 190


def test_region_round_trip(call):
    ring = Region.from_mask(_ring_mask())
    (band,) = call(
        "polar_trans_region", ObjectTuple([ring]), *_CENTER, *_FULL, 361, 41, "nearest_neighbor"
    )
    mask = _mask(band[0], 41, 361)
    assert mask[21:30].all() and not mask[:19].any() and not mask[32:].any()
    for interp in ("nearest_neighbor", "bilinear"):
        (back,) = call("polar_trans_region_inv", band, *_CENTER, *_FULL, 361, 41, 140, 120, interp)
        diff = _mask(back[0], 120, 140) ^ _ring_mask()
        assert diff.sum() < 0.05 * _ring_mask().sum()
    empty = ObjectTuple([Region.from_mask(np.zeros((3, 3), bool))])
    (out,) = call("polar_trans_region", empty, *_CENTER, *_FULL, 10, 10, "nearest_neighbor")
    assert out[0].area() == 0
    assert call(
        "polar_trans_region", ObjectTuple([]), *_CENTER, *_FULL, 10, 10, "nearest_neighbor"
    ) == (ObjectTuple([]),)


def test_bad_inputs(call):
    img = _img(np.zeros((10, 10), np.uint8))
    assert call.code("polar_trans_image_ext", img, 5, 5, 0.0, 1.0, 0, 5, 0, 10, "bilinear") == 1307
    assert call.code("polar_trans_image_ext", img, 5, 5, 0.0, 1.0, 0, 5, 10, 10, "bicubic") == 1309
    nan = float("nan")
    assert (
        call.code("polar_trans_image_ext", img, nan, 5, 0.0, 1.0, 0, 5, 10, 10, "bilinear") == 1301
    )
    region = ObjectTuple([Region.from_mask(np.ones((3, 3), bool))])
    assert call.code("polar_trans_region", region, 5, 5, 0.0, 1.0, 0, 5, 10, 10, "bilinear") == 1309


def test_every_channel_and_pixel_type_is_kept(call):
    d = _dist()
    planes = np.stack([d * 10, 4000 - d * 10]).astype(np.uint16)
    img = ObjectTuple([Image(planes, "uint2")])
    (polar,) = call("polar_trans_image_ext", img, *_CENTER, *_FULL, 73, 41, "bilinear")
    out = polar[0]
    assert out.pixel_type == "uint2" and out.data.shape == (2, 41, 73)
    assert np.abs(out.data[0][5:].astype(int) - np.arange(5, 41)[:, None] * 10).max() <= 1
    assert np.abs(out.data[1][5:].astype(int) - (4000 - np.arange(5, 41)[:, None] * 10)).max() <= 1
    # beyond the image the samples are 0: a circle of radius 100 about the centre leaves it
    (polar,) = call(
        "polar_trans_image_ext", img, *_CENTER, 0.0, 1.0, 100.0, 100.0, 10, 1, "bilinear"
    )
    assert (polar[0].data == 0).all()
