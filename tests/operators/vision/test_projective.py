"""Projective transformations of regions, contours and images, and fitting homographies."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hdlite_image.xld_objects import Contour

from hdlite.plugin import Image, ObjectTuple, Region

# a homography with real perspective: (row, col) as (x, y), corner-origin pixel coordinates
H = np.array([[1.1, 0.15, 12.0], [-0.1, 0.95, 20.0], [0.0009, 0.0006, 1.0]])
HT = tuple(float(v) for v in H.reshape(-1))


def _square() -> ObjectTuple:
    return ObjectTuple([Region.rectangle(40, 50, 119, 129)])


def _expected_mask(h: np.ndarray, src: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Independent inverse mapping: a pixel is in when its centre (r + .5, c + .5) maps back
    into a source pixel of ``src``."""
    inv = np.linalg.inv(h)
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    p = np.stack([rows + 0.5, cols + 0.5, np.ones(shape)]).reshape(3, -1)
    q = inv @ p
    sr, sc = np.floor(q[0] / q[2]).astype(int), np.floor(q[1] / q[2]).astype(int)
    ok = (q[2] > 0) & (sr >= 0) & (sr < src.shape[0]) & (sc >= 0) & (sc < src.shape[1])
    out = np.zeros(rows.size, dtype=bool)
    out[ok] = src[sr[ok], sc[ok]]
    return out.reshape(shape)


def test_projective_trans_region_matches_an_independent_mapping(call):
    (out,) = call("projective_trans_region", _square(), HT, "nearest_neighbor")
    src = np.zeros((512, 512), dtype=bool)
    src[40:120, 50:130] = True
    expected = _expected_mask(H, src, (512, 512))
    assert np.array_equal(out[0].to_mask(512, 512), expected)
    # the corner pixels of the square land where projective_trans_pixel puts them
    rows, cols = call("projective_trans_pixel", HT, (40.0, 40, 119, 119), (50.0, 129, 50, 129))
    mask = out[0].to_mask(512, 512)
    assert all(mask[round(r), round(c)] for r, c in zip(rows, cols, strict=True))
    # bilinear: same region up to a pixel along the border
    (bil,) = call("projective_trans_region", _square(), HT, "bilinear")
    diff = bil[0].to_mask(512, 512) ^ expected
    assert diff.sum() < 0.02 * expected.sum()
    # the identity keeps the region; an empty region stays empty
    eye = (1.0, 0, 0, 0, 1.0, 0, 0, 0, 1.0)
    (same,) = call("projective_trans_region", _square(), eye, "bilinear")
    assert call("area_center", same) == ((6400,), (79.5,), (89.5,))
    (gone,) = call("projective_trans_region", ObjectTuple([Region.empty()]), HT, "bilinear")
    assert call("area_center", gone)[0] == (0,)


def test_projective_trans_region_clips_and_handles_the_horizon(call):
    shift = (1.0, 0, 400.0, 0, 1.0, 0, 0, 0, 1.0)  # rows 440..519: cut at row 511
    (out,) = call("projective_trans_region", _square(), shift, "nearest_neighbor")
    assert call("area_center", out)[0] == (72 * 80,)
    call("set_system", "clip_region", "false")
    (out,) = call("projective_trans_region", _square(), shift, "nearest_neighbor")
    assert call("area_center", out)[0] == (6400,)
    call("set_system", "clip_region", "true")
    # a region crossing the horizon (w = 0 on row 100) keeps only the part in front
    horizon = (1.0, 0, 0, 0, 1.0, 0, -0.01, 0, 1.0)
    (out,) = call("projective_trans_region", _square(), horizon, "nearest_neighbor")
    mask = out[0].to_mask(512, 512)
    src = np.zeros((512, 512), dtype=bool)
    src[40:120, 50:130] = True
    assert np.array_equal(mask, _expected_mask(np.array(horizon).reshape(3, 3), src, (512, 512)))


def test_projective_trans_contour_xld_maps_points(call):
    c = Contour([10.0, 20.0, 30.0], [5.0, 15.0, 40.0], {"response": [1.0, 2.0, 3.0]})
    (out,) = call("projective_trans_contour_xld", ObjectTuple([c]), HT)
    q = H @ np.array([[10.0, 20, 30], [5.0, 15, 40], [1, 1, 1]])
    assert np.allclose(out[0].rows, q[0] / q[2]) and np.allclose(out[0].cols, q[1] / q[2])
    assert call("get_contour_attrib_xld", out, "response") == ((1.0, 2.0, 3.0),)
    # a point mapped to infinity
    inf = (1.0, 0, 0, 0, 1.0, 0, 0.1, 0, 1.0)
    assert (
        call.code("projective_trans_contour_xld", ObjectTuple([Contour([-10.0], [0.0])]), inf)
        == 1301
    )
    assert call("projective_trans_contour_xld", ObjectTuple([]), HT) == (ObjectTuple([]),)


def _ramp() -> Image:
    rows, cols = np.mgrid[0:100, 0:120]
    return Image((rows + 2 * cols).astype(np.float32), "real")


def test_projective_trans_image_samples_through_the_inverse(call):
    img = _ramp()
    h = np.array([[0.9, 0.1, 5.0], [-0.05, 1.05, 3.0], [0.0008, -0.0004, 1.0]])
    ht = tuple(float(v) for v in h.reshape(-1))
    (out,) = call("projective_trans_image", ObjectTuple([img]), ht, "bilinear", "false", "false")
    o = out[0]
    assert (o.height, o.width) == (100, 120) and o.domain is None
    # a linear ramp is reproduced exactly by bilinear sampling: compare with the inverse map
    inv = np.linalg.inv(h)
    for r, c in ((30, 40), (55, 70), (80, 20)):
        q = inv @ np.array([r + 0.5, c + 0.5, 1.0])
        sr, sc = q[0] / q[2] - 0.5, q[1] / q[2] - 0.5
        assert o.data[0, r, c] == pytest.approx(sr + 2 * sc, abs=1e-3)
    (nn,) = call(
        "projective_trans_image", ObjectTuple([img]), ht, "nearest_neighbor", "false", "false"
    )
    q = inv @ np.array([55.5, 70.5, 1.0])
    assert nn[0].data[0, 55, 70] == math.floor(q[0] / q[2]) + 2 * math.floor(q[1] / q[2])
    # scaling by 2 with AdaptImageSize grows the output to 200 x 240
    scale = (2.0, 0, 0, 0, 2.0, 0, 0, 0, 1.0)
    (big,) = call("projective_trans_image", ObjectTuple([img]), scale, "bilinear", "true", "false")
    assert (big[0].height, big[0].width) == (200, 240)
    (sized,) = call(
        "projective_trans_image_size", ObjectTuple([img]), scale, "bilinear", 50, 30, "false"
    )
    assert (sized[0].height, sized[0].width) == (30, 50)


def test_projective_trans_image_transform_domain(call):
    img = Image(np.full((100, 100), 7, np.uint8), "byte", Region.rectangle(10, 10, 29, 29))
    shift = (1.0, 0, 40.0, 0, 1.0, 20.0, 0, 0, 1.0)
    (out,) = call(
        "projective_trans_image", ObjectTuple([img]), shift, "nearest_neighbor", "false", "true"
    )
    dom = out[0].domain_region()
    assert call("area_center", ObjectTuple([dom])) == ((400,), (59.5,), (39.5,))
    (full,) = call(
        "projective_trans_image", ObjectTuple([img]), shift, "nearest_neighbor", "false", "false"
    )
    assert call("get_domain", full)[0][0].area() == 100 * 100


def test_vector_to_proj_hom_mat2d_recovers_a_homography(call):
    rng = np.random.default_rng(5)
    p = rng.uniform(0, 400, (2, 12))
    q = H @ np.vstack([p, np.ones(12)])
    qx, qy = tuple(map(float, q[0] / q[2])), tuple(map(float, q[1] / q[2]))
    px, py = tuple(map(float, p[0])), tuple(map(float, p[1]))
    for method in ("normalized_dlt", "dlt", "gold_standard"):
        mat, cov = call("vector_to_proj_hom_mat2d", px, py, qx, qy, method, (), (), (), (), (), ())
        m = np.array(mat).reshape(3, 3)
        assert m / m[2, 2] == pytest.approx(H, rel=1e-6, abs=1e-8)
        assert len(cov) == (81 if method == "gold_standard" else 0)
    # noisy Q: the gold standard weighs points by their covariances; the matrix covariance
    # grows with the noise variance
    noisy_x = tuple(map(float, np.array(qx) + rng.normal(0, 0.5, 12)))
    noisy_y = tuple(map(float, np.array(qy) + rng.normal(0, 0.5, 12)))
    _, cov_small = call(
        "vector_to_proj_hom_mat2d",
        px,
        py,
        noisy_x,
        noisy_y,
        "gold_standard",
        0.01,
        0.01,
        0,
        0.25,
        0.25,
        0,
    )
    _, cov_big = call(
        "vector_to_proj_hom_mat2d",
        px,
        py,
        noisy_x,
        noisy_y,
        "gold_standard",
        0.01,
        0.01,
        0,
        25.0,
        25.0,
        0,
    )
    assert cov_big[0] > 10 * cov_small[0] > 0


def test_projective_wrong_values_and_empty_inputs(call):
    assert call("projective_trans_region", ObjectTuple([]), HT, "bilinear") == (ObjectTuple([]),)
    assert call("projective_trans_image", ObjectTuple([]), HT, "bilinear", "false", "false") == (
        ObjectTuple([]),
    )
    singular = (1.0, 2.0, 0, 2.0, 4.0, 0, 0, 0, 1.0)
    assert call.code("projective_trans_region", _square(), singular, "bilinear") == 1301
    assert call.code("projective_trans_region", _square(), HT, "bicubic") == 1302
    assert (
        call.code(
            "projective_trans_image_size", ObjectTuple([_ramp()]), HT, "bilinear", 0, 10, "false"
        )
        == 1303
    )
    pts = (0.0, 10.0, 0.0, 10.0)
    assert (
        call.code("vector_to_proj_hom_mat2d", pts, pts[:3], pts, pts, "dlt", (), (), (), (), (), ())
        == 1402
    )
    assert (
        call.code(
            "vector_to_proj_hom_mat2d",
            pts[:3],
            pts[:3],
            pts[:3],
            pts[:3],
            "dlt",
            (),
            (),
            (),
            (),
            (),
            (),
        )
        == 1401
    )
    line = (0.0, 1.0, 2.0, 3.0)
    assert (
        call.code("vector_to_proj_hom_mat2d", line, line, pts, pts, "dlt", (), (), (), (), (), ())
        == 1301
    )
    bad_cov = (-1.0,)
    sq = ((0.0, 10, 10, 0), (0.0, 0, 10, 10))
    assert (
        call.code(
            "vector_to_proj_hom_mat2d", *sq, *sq, "gold_standard", bad_cov, (), (), (), (), ()
        )
        == 1306
    )
    assert call.code("projective_trans_contour_xld", _square(), HT) == 9054
