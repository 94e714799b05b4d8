"""Descriptor-based matching on synthetic textured scenes with known homographies.

Tolerances: the template's corners, mapped with the found HomMat2D, lie within 1.5 pixels
of their true positions (rotation, scale 0.6 to 1.3, perspective, Gaussian noise sigma 6);
at least 10 % of the model points are matched (about 20 % at scale 0.65, 35-45 % near
scale 1). A different texture and a flat image give no
instance at the default MinScore.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region

H, W = 150, 180  # template size
CORNERS = np.array([[0.0, 0.0], [0.0, W - 1.0], [H - 1.0, W - 1.0], [H - 1.0, 0.0]])


def texture(h: int, w: int, seed: int) -> np.ndarray:
    """Random filled circles, boxes and triangles, lightly blurred (byte)."""
    import cv2

    rng = np.random.default_rng(seed)
    img = np.full((h, w), 60, np.uint8)
    for _ in range(h * w // 600):
        c = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        gray = int(rng.integers(100, 255))
        kind = rng.integers(0, 3)
        if kind == 0:
            cv2.circle(img, c, int(rng.integers(3, 12)), gray, -1)
        elif kind == 1:
            cv2.rectangle(
                img, c, (c[0] + int(rng.integers(4, 20)), c[1] + int(rng.integers(4, 20))), gray, -1
            )
        else:
            cv2.fillPoly(img, [rng.integers(0, [w, h], size=(3, 2)).astype(np.int32)], gray)
    return cv2.GaussianBlur(img, (0, 0), 0.8)


def image(data: np.ndarray, domain: Region | None = None) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(data)[None], "byte", domain)])


def homography(
    angle: float, scale: float, tr: float, tc: float, p: tuple = (0.0, 0.0)
) -> np.ndarray:
    """(row, col, 1) -> (row', col', w'): turn counter-clockwise on screen by ``angle``
    around the template's centre, scale, move the centre to (tr, tc), then tilt by ``p``."""
    cr, cc = (H - 1) / 2, (W - 1) / 2
    cos, sin = math.cos(angle) * scale, math.sin(angle) * scale
    # a vector (dRow, dCol) turned counter-clockwise on screen: (cos dR - sin dC, sin dR + cos dC)
    # with rows pointing down that is (cos dR + sin dC, -sin dR + cos dC)
    m = np.array([[cos, sin, 0.0], [-sin, cos, 0.0], [p[0], p[1], 1.0]])
    return (
        np.array([[1, 0, tr], [0, 1, tc], [0, 0, 1.0]])
        @ m
        @ np.array([[1, 0, -cr], [0, 1, -cc], [0, 0, 1.0]])
    )


def warp(
    tmpl: np.ndarray, hom: np.ndarray, shape: tuple[int, int], noise: float, seed: int
) -> np.ndarray:
    import cv2

    swap = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1.0]])
    out = cv2.warpPerspective(
        tmpl, swap @ hom @ swap, (shape[1], shape[0]), flags=cv2.INTER_LINEAR, borderValue=35
    )
    out = out + np.random.default_rng(seed).normal(0.0, noise, out.shape)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def apply(hom: np.ndarray, pts: np.ndarray) -> np.ndarray:
    q = np.c_[pts, np.ones(len(pts))] @ np.asarray(hom).reshape(3, 3).T
    return q[:, :2] / q[:, 2:]


@pytest.fixture(scope="module")
def tmpl() -> np.ndarray:
    return texture(H, W, seed=11)


def _create(call, tmpl, det="harris", names=(), values=(), dnames=(), dvalues=()):
    return call(
        "create_uncalib_descriptor_model", image(tmpl), det, names, values, dnames, dvalues, 42
    )[0]


def _to_template_frame(call, mid) -> None:
    """Origin at the template's pixel (0, 0): HomMat2D maps template coordinates."""
    rows, cols = np.nonzero(np.ones((H, W)))
    call("set_descriptor_model_origin", mid, -float(rows.mean()), -float(cols.mean()))


@pytest.mark.parametrize(
    ("detector", "pose"),
    [
        ("harris", (0.5, 0.8, 170.0, 200.0, (4e-4, 2e-4))),
        ("harris", (2.6, 1.25, 180.0, 190.0, (0.0, 0.0))),
        ("harris_binomial", (-1.2, 0.65, 160.0, 210.0, (-3e-4, 0.0))),
        ("harris_binomial", (0.0, 1.0, 130.0, 150.0, (0.0, 5e-4))),
    ],
)
def test_homography_recovered(call, tmpl, detector, pose):
    truth = homography(*pose)
    scene = warp(tmpl, truth, (340, 400), noise=6.0, seed=3)
    mid = _create(call, tmpl, detector)
    _to_template_frame(call, mid)
    hom, score = call(
        "find_uncalib_descriptor_model",
        image(scene),
        mid,
        (),
        (),
        (),
        (),
        0.1,
        1,
        ("num_points", "inlier_ratio"),
    )
    assert len(hom) == 9 and len(score) == 2
    err = np.abs(apply(hom, CORNERS) - apply(truth, CORNERS)).max()
    assert err < 1.5, err
    model_rows, _ = call("get_descriptor_model_points", mid, "model", "all")
    assert isinstance(score[0], int) and score[0] >= 0.1 * len(model_rows)
    assert score[1] == pytest.approx(score[0] / len(model_rows))
    # the matched search points are those the homography maps model points onto
    rows, cols = call("get_descriptor_model_points", mid, "search", 0)
    assert len(rows) == score[0]
    mr, mc = call("get_descriptor_model_points", mid, "model", "all")
    mapped = apply(hom, np.c_[mr, mc])
    found = np.c_[rows, cols]
    nearest = np.sqrt(((found[:, None, :] - mapped[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    assert np.median(nearest) < 1.5


def test_origin_moves_the_homography(call, tmpl):
    truth = homography(0.3, 0.9, 170.0, 180.0)
    scene = image(warp(tmpl, truth, (330, 360), noise=3.0, seed=4))
    mid = _create(call, tmpl)
    assert call("get_descriptor_model_origin", mid) == ((0.0,), (0.0,))
    hom, _ = call("find_uncalib_descriptor_model", scene, mid, (), (), (), (), 0.2, 1, "num_points")
    # default origin: the domain's centre of gravity, (H-1)/2, (W-1)/2, maps to the centre's image
    centre = apply(truth, np.array([[(H - 1) / 2, (W - 1) / 2]]))
    assert np.abs(apply(hom, np.array([[0.0, 0.0]])) - centre).max() < 1.0
    mr, mc = call("get_descriptor_model_points", mid, "model", "all")
    call("set_descriptor_model_origin", mid, -10.0, 5.0)
    assert call("get_descriptor_model_origin", mid) == ((-10.0,), (5.0,))
    mr2, mc2 = call("get_descriptor_model_points", mid, "model", "all")
    assert np.allclose(np.array(mr2) - np.array(mr), 10.0) and np.allclose(
        np.array(mc2) - np.array(mc), -5.0
    )
    # results follow the origin too: model point (10, -5) is the old origin
    (hom2,) = call("get_descriptor_model_results", mid, 0, "homography")
    assert np.abs(apply(hom2, np.array([[10.0, -5.0]])) - centre).max() < 1.0


def test_no_match_and_several_instances(call, tmpl):
    mid = _create(call, tmpl, "harris_binomial")
    other = image(warp(texture(H, W, seed=99), homography(0.2, 1.0, 150, 170), (300, 340), 4.0, 5))
    assert call(
        "find_uncalib_descriptor_model", other, mid, (), (), (), (), 0.2, 1, "num_points"
    ) == ((), ())
    flat = image(np.full((200, 200), 90, np.uint8))
    assert call(
        "find_uncalib_descriptor_model", flat, mid, (), (), (), (), 0.2, 1, "num_points"
    ) == ((), ())
    assert call("get_descriptor_model_points", mid, "search", "all") == ((), ())
    assert call("get_descriptor_model_results", mid, "all", "num_points") == ((),)
    # two copies side by side: NumMatches 0 finds both, 1 only the best
    left, right = homography(0.4, 0.8, 110, 110), homography(-2.0, 0.9, 120, 330)
    a = warp(tmpl, left, (240, 460), 0.0, 1).astype(np.float64)
    b = warp(tmpl, right, (240, 460), 0.0, 1).astype(np.float64)
    ma = warp(np.full((H, W), 255, np.uint8), left, (240, 460), 0.0, 1) > 128
    both = np.where(ma, a, b)
    both = np.clip(both + np.random.default_rng(2).normal(0, 4, both.shape), 0, 255).astype(
        np.uint8
    )
    _to_template_frame(call, mid)
    hom, score = call(
        "find_uncalib_descriptor_model", image(both), mid, (), (), (), (), 0.2, 0, "num_points"
    )
    assert len(hom) == 18 and score[0] >= score[1]
    centres = [
        apply(np.array(hom[i : i + 9]), np.array([[(H - 1) / 2, (W - 1) / 2]]))[0] for i in (0, 9)
    ]
    truths = [apply(t, np.array([[(H - 1) / 2, (W - 1) / 2]]))[0] for t in (left, right)]
    assert sorted(round(c[1]) for c in centres) == pytest.approx(
        sorted(t[1] for t in truths), abs=1.5
    )
    hom1, _ = call(
        "find_uncalib_descriptor_model", image(both), mid, (), (), (), (), 0.2, 1, "num_points"
    )
    assert len(hom1) == 9
    assert call("get_descriptor_model_results", mid, "all", "num_points")[0] == (
        len(call("get_descriptor_model_points", mid, "search", 0)[0]),
    )


def test_rotation_range_limits_the_search(call, tmpl):
    turned = image(warp(tmpl, homography(math.pi / 2, 1.0, 170, 170), (340, 340), 3.0, 6))
    narrow = _create(call, tmpl, "harris", (), (), ("min_rot", "max_rot"), (-20, 20))
    wide = _create(call, tmpl, "harris")
    assert call(
        "find_uncalib_descriptor_model", turned, wide, (), (), (), (), 0.2, 1, "num_points"
    )[1]
    assert call(
        "find_uncalib_descriptor_model", turned, narrow, (), (), (), (), 0.2, 1, "num_points"
    ) == ((), ())


def test_parameters_results_and_files(call, tmpl, tmp_path):
    mid = _create(
        call,
        tmpl,
        "harris_binomial",
        ("threshold", "mask_size_smooth"),
        (800, 11),
        ("min_scale", "max_scale", "tilt"),
        (0.7, 1.2, "off"),
    )
    det, dn, dv, en, ev = call("get_descriptor_model_params", mid)
    assert det == ("harris_binomial",)
    assert dict(zip(dn, dv, strict=True)) == {
        "mask_size_grad": 5,
        "mask_size_smooth": 11,
        "alpha": 0.08,
        "threshold": 800.0,
        "subpix": "on",
    }
    assert (
        dict(zip(en, ev, strict=True))["min_scale"] == 0.7
        and dict(zip(en, ev, strict=True))["tilt"] == "off"
    )
    truth = homography(1.0, 1.0, 150, 160)
    scene = image(warp(tmpl, truth, (310, 330), 4.0, 8))
    _, score = call(
        "find_uncalib_descriptor_model",
        scene,
        mid,
        ("threshold",),
        (800,),
        ("guided_matching", "min_score_descr"),
        ("off", 0.05),
        0.2,
        1,
        "inlier_ratio",
    )
    assert isinstance(score[0], float) and 0.2 <= score[0] <= 1.0
    (ratio,) = call("get_descriptor_model_results", mid, 0, "inlier_ratio")
    assert ratio == (score[0],)
    (triads,) = call("get_descriptor_model_results", mid, "all", "point_classification")
    n_search = len(call("get_descriptor_model_points", mid, "search", "all")[0])
    assert len(triads) == 3 * n_search and all(0.0 <= s <= 1.0 for s in triads[2::3])
    # guided matching adds points consistent with the homography
    _, guided = call(
        "find_uncalib_descriptor_model",
        scene,
        mid,
        ("threshold",),
        (800,),
        ("guided_matching",),
        ("on",),
        0.2,
        1,
        "inlier_ratio",
    )
    assert guided[0] >= score[0]
    path = str(tmp_path / "m.dsm")
    call("set_descriptor_model_origin", mid, 3.0, -4.0)
    call("write_descriptor_model", mid, path)
    back = call("read_descriptor_model", path)[0]
    assert call("get_descriptor_model_params", back) == call("get_descriptor_model_params", mid)
    assert call("get_descriptor_model_points", back, "model", "all") == call(
        "get_descriptor_model_points", mid, "model", "all"
    )
    assert call("get_descriptor_model_origin", back) == ((3.0,), (-4.0,))
    hb, sb = call(
        "find_uncalib_descriptor_model", scene, back, (), (), (), (), 0.2, 1, "inlier_ratio"
    )
    hm, sm = call(
        "find_uncalib_descriptor_model", scene, mid, (), (), (), (), 0.2, 1, "inlier_ratio"
    )
    assert sb == sm and np.allclose(hb, hm)
    (tmp_path / "bad.dsm").write_bytes(b"HDLITE-MATCHING-MODEL\n{}\n")
    assert call.code("read_descriptor_model", str(tmp_path / "bad.dsm")) == 5238
    assert call.code("read_descriptor_model", str(tmp_path / "none.dsm")) == 5200
    call("clear_descriptor_model", back)
    assert call.code("get_descriptor_model_origin", back) == 2454


def test_wrong_values(call, tmpl):
    t = image(tmpl)
    bad = [
        ("lepetit", (), (), (), ()),
        ("harris", ("sigma",), (1.0,), (), ()),
        ("harris", ("sigma_grad",), (-1.0,), (), ()),
        ("harris_binomial", ("mask_size_grad",), (4,), (), ()),
        ("harris", (), (), ("min_scale", "max_scale"), (1.2, 0.8)),
        ("harris", (), (), ("min_rot",), (-270,)),
        ("harris", (), (), ("tilt",), ("maybe",)),
    ]
    for det, n, v, dn, dv in bad:
        code = call.code("create_uncalib_descriptor_model", t, det, n, v, dn, dv, 42)
        assert 1301 <= code <= 1320, (det, n, dn, code)
    assert (
        1301
        <= call.code("create_uncalib_descriptor_model", t, "harris", ("alpha",), (), (), (), 42)
        <= 1420
    )
    # a flat template has no interest points
    assert (
        call.code(
            "create_uncalib_descriptor_model",
            image(np.full((60, 60), 7, np.uint8)),
            "harris",
            (),
            (),
            (),
            (),
            42,
        )
        == 8506
    )
    mid = _create(call, tmpl)
    scene = image(tmpl)
    for args in [(-0.1, 1, "num_points"), (0.2, -1, "num_points"), (0.2, 1, "best")]:
        assert (
            1301
            <= call.code("find_uncalib_descriptor_model", scene, mid, (), (), (), (), *args)
            <= 1320
        )
    assert (
        1301
        <= call.code(
            "find_uncalib_descriptor_model",
            scene,
            mid,
            (),
            (),
            ("min_score_descr",),
            (2.0,),
            0.2,
            1,
            "num_points",
        )
        <= 1320
    )
    assert 1301 <= call.code("get_descriptor_model_points", mid, "model", 0) <= 1320
    assert 1301 <= call.code("get_descriptor_model_points", mid, "search", 3) <= 1320
    assert 1301 <= call.code("get_descriptor_model_results", mid, 5, "num_points") <= 1320
    assert 1301 <= call.code("get_descriptor_model_results", mid, "all", "pose") <= 1320
