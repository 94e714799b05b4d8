"""segment_image_mser on drawn blobs of both polarities."""

from __future__ import annotations

import itertools

import cv2
import numpy as np

from hdlite.values.iconic import Image, ObjectTuple, Region


def _img(arr: np.ndarray, pixel_type: str = "byte", domain: Region | None = None) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(arr)[None], pixel_type, domain)])


def _scene(noise: float = 3.0) -> np.ndarray:
    arr = np.full((120, 160), 128, np.uint8)
    cv2.circle(arr, (40, 40), 15, 30, -1)  # dark disc
    cv2.rectangle(arr, (90, 20), (129, 49), 220, -1)  # light 40 x 30 rectangle
    cv2.circle(arr, (110, 90), 10, 200, -1)  # light disc
    rng = np.random.default_rng(1)
    return np.clip(arr + rng.normal(0, noise, arr.shape), 0, 255).astype(np.uint8)


def _disc_area(radius: int) -> int:
    return int(np.count_nonzero(cv2.circle(np.zeros((80, 80), np.uint8), (40, 40), radius, 1, -1)))


def test_dark_and_light_blobs_with_their_areas(call):
    dark, light = call("segment_image_mser", _img(_scene()), "both", 10, (), 15, (), ())
    assert [(r.area(), r.centroid()) for r in dark] == [(_disc_area(15), (40.0, 40.0))]
    found = sorted((r.area(), r.centroid()) for r in light)
    assert found == [(_disc_area(10), (90.0, 110.0)), (1200, (34.5, 109.5))]


def test_polarity_area_limits_and_generic_parameters(call):
    img = _img(_scene())
    dark, light = call("segment_image_mser", img, "dark", 10, (), 15, (), ())
    assert len(dark) == 1 and len(light) == 0
    dark, light = call("segment_image_mser", img, "light", 400, (), 15, (), ())
    assert len(dark) == 0 and [r.area() for r in light] == [1200]
    _, light = call("segment_image_mser", img, "light", 10, 1000, 15, (), ())
    assert [r.area() for r in light] == [_disc_area(10)]
    # ignoring gray values above 210 removes the rectangle (220)
    _, light = call("segment_image_mser", img, "light", 10, (), 15, "max_gray", 210)
    assert [r.area() for r in light] == [_disc_area(10)]


def test_variation_and_diversity_select_more_or_fewer_regions(call):
    # a Gaussian blob has no sharp edge: its level sets change area at every level
    yy, xx = np.mgrid[:80, :80]
    blob = _img((60 + 150 * np.exp(-((yy - 40) ** 2 + (xx - 40) ** 2) / 128.0)).astype(np.uint8))

    def light(names, values, delta=15):
        return [
            r.area()
            for r in call("segment_image_mser", blob, "light", 10, (), delta, names, values)[1]
        ]

    assert light((), ()) == []  # max_variation 0.2
    loose = light("max_variation", 1.0)
    assert len(loose) >= 3 and len(light("max_variation", 0.5)) <= len(loose)
    nested = [light(("max_variation", "min_diversity"), (1.0, d), 5) for d in (0.0, 0.2, 0.8)]
    assert len(nested[0]) > len(nested[1]) > len(nested[2]) > 0
    # kept regions differ in area by at least min_diversity
    areas = sorted(nested[2])
    assert all((b - a) / a >= 0.8 for a, b in itertools.pairwise(areas))


def test_regions_touching_the_border(call):
    arr = np.full((60, 60), 128, np.uint8)
    arr[0:20, 0:20] = 20  # a dark square in the corner
    arr[30:45, 30:45] = 20
    dark, _ = call("segment_image_mser", _img(arr), "dark", 10, (), 15, (), ())
    assert [r.area() for r in dark] == [225]
    dark, _ = call("segment_image_mser", _img(arr), "dark", 10, (), 15, "may_touch_border", "true")
    assert sorted(r.area() for r in dark) == [225, 400]
    # a reduced domain allows border contact by default
    dom = Region.rectangle(0, 0, 50, 50)
    dark, _ = call("segment_image_mser", _img(arr, domain=dom), "dark", 10, (), 15, (), ())
    assert sorted(r.area() for r in dark) == [225, 400]


def test_empty_and_flat_inputs_and_errors(call):
    assert call("segment_image_mser", ObjectTuple(), "both", 10, (), 15, (), ()) == (
        ObjectTuple(),
        ObjectTuple(),
    )
    flat = _img(np.full((30, 30), 77, np.uint8))
    dark, light = call("segment_image_mser", flat, "both", 10, (), 15, (), ())
    assert len(dark) == 0 and len(light) == 0
    img = _img(_scene())
    assert call.code("segment_image_mser", img, "both", 10, (), 15, "colour", 1) == 1305
    assert call.code("segment_image_mser", img, "both", 10, (), -1, (), ()) == 1304
    assert call.code("segment_image_mser", img, "both", 10, (), 15, "max_variation", -1) == 1306
    assert call.code("segment_image_mser", img, "both", 10, (), 15, "min_gray", ()) == 1406
    real = _img(_scene().astype(np.float32), "real")
    assert call.code("segment_image_mser", real, "both", 10, (), 15, (), ()) == 9007
