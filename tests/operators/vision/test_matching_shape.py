"""Shape-based matching on synthetic scenes with known poses.

Tolerances (least_squares): position 0.25 px, angle 0.25 degree, score >= 0.9, on clean and
noisy (sigma 10) rotated, shifted copies; 'interpolation' 0.5 px / 1 degree; 'none' the
pixel grid (0.75 px) and one angle step; scale 0.01.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

from hdlite.plugin import Region

_spec = importlib.util.spec_from_file_location(
    "_scenes", Path(__file__).with_name("_matching_scenes.py")
)
assert _spec is not None and _spec.loader is not None
scenes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenes)
L_SHAPE, TRIANGLE, angle_error_deg = scenes.L_SHAPE, scenes.TRIANGLE, scenes.angle_error_deg
image, render, template = scenes.image, scenes.render, scenes.template

FULL = (-math.pi, 2 * math.pi)


@pytest.fixture
def model(call):
    (mid,) = call(
        "create_shape_model",
        template(),
        "auto",
        *FULL,
        "auto",
        "auto",
        "use_polarity",
        "auto",
        "auto",
    )
    return mid


def _find(call, mid, scene, *, sub="least_squares", min_score=0.5, num=1, overlap=0.5):
    return call("find_shape_model", image(scene), mid, *FULL, min_score, num, overlap, sub, 0, 0.9)


@pytest.mark.parametrize("pose", [(97.3, 131.6, 0.3), (70.8, 90.25, -2.2), (110.0, 150.5, 2.9)])
@pytest.mark.parametrize("noise", [0.0, 10.0])
def test_rotated_shifted_noisy_copies(call, model, pose, noise):
    scene = render(200, 240, [pose], noise=noise, seed=3)
    rows, cols, angles, scores = _find(call, model, scene)
    assert len(rows) == 1
    assert abs(rows[0] - pose[0]) < 0.25 and abs(cols[0] - pose[1]) < 0.25
    assert angle_error_deg(angles[0], pose[2]) < 0.25
    assert 0.9 <= scores[0] <= 1.0


def test_subpixel_modes(call, model):
    pose = (97.3, 131.6, 0.3)
    scene = render(200, 240, [pose])
    rows, cols, angles, _ = _find(call, model, scene, sub="interpolation")
    assert abs(rows[0] - pose[0]) < 0.5 and abs(cols[0] - pose[1]) < 0.5
    assert angle_error_deg(angles[0], pose[2]) < 1.0
    rows, cols, angles, _ = _find(call, model, scene, sub="none")
    assert rows[0] == round(rows[0]) and cols[0] == round(cols[0])
    assert abs(rows[0] - pose[0]) < 0.75 and abs(cols[0] - pose[1]) < 0.75
    step = call("get_shape_model_params", model)[3][0]
    assert angle_error_deg(angles[0], pose[2]) <= math.degrees(step) + 0.25


def test_several_instances_sorted_limited_and_thresholded(call, model):
    poses = [(60.0, 70.0, 0.0), (60.0, 190.0, 1.0), (150.0, 120.0, -0.5)]
    scene = render(220, 260, poses)
    # hide part of the third instance: its score drops
    scene[160:185, 100:135] = 40
    rows, cols, _angles, scores = _find(call, model, scene, num=0, min_score=0.3)
    assert len(rows) == 3
    assert list(scores) == sorted(scores, reverse=True)
    assert scores[-1] < 0.95 and abs(rows[-1] - 150.0) < 0.5 and abs(cols[-1] - 120.0) < 0.5
    assert len(_find(call, model, scene, num=2, min_score=0.3)[0]) == 2
    assert len(_find(call, model, scene, num=0, min_score=0.97)[0]) == 2


def test_max_overlap_suppresses_overlapping_instances(call, model):
    # two copies whose boxes overlap by a quarter (the shapes themselves stay 5 px apart)
    scene = render(160, 200, [(80.0, 80.0, 0.0), (95.0, 110.0, math.pi)])
    kept = _find(call, model, scene, num=0, min_score=0.8, overlap=0.5)
    fewer = _find(call, model, scene, num=0, min_score=0.8, overlap=0.1)
    assert len(kept[0]) == 2 and len(fewer[0]) == 1


def test_no_match_gives_empty_tuples(call, model):
    flat = np.full((100, 100), 90, np.uint8)
    assert _find(call, model, flat) == ((), (), (), ())
    assert _find(call, model, render(100, 100, [(50.0, 50.0, 0.0)], TRIANGLE), min_score=0.8) == (
        (),
        (),
        (),
        (),
    )


def test_the_model_must_lie_inside_the_image_and_its_centre_in_the_domain(call, model):
    scene = render(200, 240, [(100.0, 120.0, 0.2)])
    half = Region.rectangle(0, 0, 199, 100)  # the reference point (100, 120) lies outside
    out = call("find_shape_model", image(scene, half), model, *FULL, 0.8, 1, 0.5, "none", 0, 0.9)
    assert out == ((), (), (), ())
    cut = render(200, 240, [(100.0, 230.0, 0.0)])  # half of the shape beyond the border
    assert _find(call, model, cut, min_score=0.4) == ((), (), (), ())


def test_polarity_metrics(call):
    inverted = render(200, 240, [(100.0, 120.0, 0.5)], fg=40, bg=200)
    results = {}
    for metric in ("use_polarity", "ignore_global_polarity", "ignore_local_polarity"):
        (mid,) = call("create_shape_model", template(), 4, *FULL, "auto", "auto", metric, 30, 10)
        results[metric] = _find(call, mid, inverted, min_score=0.7)
    assert results["use_polarity"] == ((), (), (), ())
    for metric in ("ignore_global_polarity", "ignore_local_polarity"):
        rows, cols, angles, scores = results[metric]
        assert abs(rows[0] - 100.0) < 0.25 and abs(cols[0] - 120.0) < 0.25
        assert angle_error_deg(angles[0], 0.5) < 0.25 and scores[0] > 0.9


def test_scaled_model(call):
    (mid,) = call(
        "create_scaled_shape_model",
        template(),
        "auto",
        -0.5,
        1.0,
        "auto",
        0.8,
        1.2,
        "auto",
        "auto",
        "use_polarity",
        "auto",
        "auto",
    )
    scene = render(200, 240, [(95.4, 120.7, 0.2, 1.13)], noise=5)
    rows, cols, angles, scales, scores = call(
        "find_scaled_shape_model",
        image(scene),
        mid,
        -0.5,
        1.0,
        0.8,
        1.2,
        0.7,
        1,
        0.5,
        "least_squares",
        0,
        0.9,
    )
    assert abs(rows[0] - 95.4) < 0.25 and abs(cols[0] - 120.7) < 0.25
    assert angle_error_deg(angles[0], 0.2) < 0.25 and abs(scales[0] - 1.13) < 0.01
    assert scores[0] > 0.9
    params = call("get_shape_model_params", mid)
    assert params[4] == (0.8,) and params[5] == (1.2,) and 0 < params[6][0] < 0.05


def test_aniso_model(call):
    (mid,) = call(
        "create_aniso_shape_model",
        template(),
        "auto",
        -0.3,
        0.6,
        "auto",
        0.85,
        1.15,
        "auto",
        0.85,
        1.15,
        "auto",
        "auto",
        "use_polarity",
        "auto",
        "auto",
    )
    scene = render(200, 240, [(100.0, 110.0, -0.1, 1.1, 0.92)])
    out = call(
        "find_aniso_shape_model",
        image(scene),
        mid,
        -0.3,
        0.6,
        0.85,
        1.15,
        0.85,
        1.15,
        0.7,
        1,
        0.5,
        "least_squares",
        0,
        0.9,
    )
    rows, cols, angles, scale_r, scale_c, _scores = out
    assert abs(rows[0] - 100.0) < 0.3 and abs(cols[0] - 110.0) < 0.3
    assert angle_error_deg(angles[0], -0.1) < 0.3
    assert abs(scale_r[0] - 1.1) < 0.01 and abs(scale_c[0] - 0.92) < 0.01
    assert len(call("get_shape_model_params", mid)[4]) == 2


def test_several_models(call, model):
    (tri,) = call("create_shape_model", template(TRIANGLE), "auto", *FULL, "auto", "auto",
                  "use_polarity", "auto", "auto")  # fmt: skip
    scene = render(200, 260, [(70.0, 70.0, 0.4)])
    scene = np.maximum(scene, render(200, 260, [(130.0, 190.0, -1.0)], TRIANGLE))
    rows, cols, _angles, scores, which = call(
        "find_shape_models",
        image(scene),
        (model[0], tri[0]),
        -math.pi,
        2 * math.pi,
        0.7,
        0,
        0.5,
        "least_squares",
        0,
        0.9,
    )
    assert sorted(which) == [0, 1] and list(scores) == sorted(scores, reverse=True)
    at = {m: (r, c) for r, c, m in zip(rows, cols, which, strict=True)}
    assert np.allclose(at[0], (70.0, 70.0), atol=0.3) and np.allclose(at[1], (130, 190), atol=0.3)


def test_origin_and_contours(call, model):
    assert call("get_shape_model_origin", model) == ((0.0,), (0.0,))
    (contours,) = call("get_shape_model_contours", model, 1)
    rows = np.concatenate([c.rows for c in contours])
    cols = np.concatenate([c.cols for c in contours])
    # the edges of the L lie on its outline, relative to the reference point (60, 60)
    assert -21 < rows.min() < -19 and 19 < rows.max() < 21
    assert -26 < cols.min() < -24 and 24 < cols.max() < 26
    call("set_shape_model_origin", model, -20, -25)
    assert call("get_shape_model_origin", model) == ((-20.0,), (-25.0,))
    (moved,) = call("get_shape_model_contours", model, 1)
    assert np.allclose(moved[0].rows, contours[0].rows + 20)
    # the reported point is the corner (-20, -25) of the L, rotated with the instance
    a = 0.6
    scene = render(200, 240, [(100.0, 120.0, a)])
    r, c, _, _ = _find(call, model, scene)
    er = 100.0 + (-20) * math.cos(a) - (-25) * math.sin(a)
    ec = 120.0 + (-20) * math.sin(a) + (-25) * math.cos(a)
    assert abs(r[0] - er) < 0.3 and abs(c[0] - ec) < 0.3
    (top,) = call("get_shape_model_contours", model, 2)
    assert len(top) >= 1
    assert call.code("get_shape_model_contours", model, 9) == 1302


def test_params_and_auto_values(call, model):
    levels, a0, ext, step, smin, smax, sstep, metric, minc = call("get_shape_model_params", model)
    assert 2 <= levels[0] <= 6 and a0 == (-math.pi,) and ext == (2 * math.pi,)
    assert 0.005 < step[0] < 0.1 and (smin, smax, sstep) == ((1.0,), (1.0,), (0.0,))
    assert metric == ("use_polarity",) and 1 <= minc[0] <= 10
    (mid,) = call("create_shape_model", template(), 3, 0.0, 1.0, 0.05, "none", "use_polarity",
                  (20, 40, 5), 8)  # fmt: skip
    assert call("get_shape_model_params", mid)[0] == (3,)
    assert call("get_shape_model_params", mid)[3] == (0.05,)
    assert call("get_shape_model_params", mid)[8] == (8,)


def test_files_round_trip_and_damaged_files(call, model, tmp_path):
    call("set_shape_model_origin", model, 1.5, -2.0)
    path = str(tmp_path / "l.shm")
    call("write_shape_model", model, path)
    (back,) = call("read_shape_model", path)
    assert call("get_shape_model_params", back) == call("get_shape_model_params", model)
    assert call("get_shape_model_origin", back) == ((1.5,), (-2.0,))
    scene = render(200, 240, [(97.3, 131.6, 0.3)])
    assert _find(call, back, scene) == _find(call, model, scene)
    raw = open(path, "rb").read()
    cut = tmp_path / "cut.shm"
    cut.write_bytes(raw[:-10])
    assert call.code("read_shape_model", str(cut)) == 5238
    flipped = bytearray(raw)
    flipped[-5] ^= 0xFF
    cut.write_bytes(bytes(flipped))
    assert call.code("read_shape_model", str(cut)) == 5238
    cut.write_bytes(b"\x89PNG\r\n\x1a\n not a model")
    assert call.code("read_shape_model", str(cut)) == 5238
    assert call.code("read_shape_model", str(tmp_path / "missing.shm")) == 5200


def test_clear_and_errors(call, model):
    call("clear_shape_model", model)
    assert call.code("get_shape_model_params", model) == 2454
    assert call.code("find_shape_model", template(), model, 0, 1, 0.5, 1, 0.5, "none", 0, 0.9) == (
        2454
    )
    flat = image(np.full((60, 60), 100, np.uint8))
    args = ("auto", 0, 1, "auto", "auto", "use_polarity", "auto", "auto")
    assert call.code("create_shape_model", flat, *args) == 8510
    bad_metric = ("auto", 0, 1, "auto", "auto", "ignore_color_polarity", "auto", "auto")
    assert call.code("create_shape_model", template(), *bad_metric) == 1306
    (mid,) = call("create_shape_model", template(), *args)
    scene = template()
    assert call.code("find_shape_model", scene, mid, 0, 1, 1.5, 1, 0.5, "none", 0, 0.9) == 1304
    assert call.code("find_shape_model", scene, mid, 0, 1, 0.5, 1, 0.5, "exact", 0, 0.9) == 1307
    assert call.code("find_shape_model", scene, mid, 0, 1, 0.5, 1, 0.5, "none", 0, 2.0) == 1309


def test_inspect_shape_model(call):
    images, regions = call("inspect_shape_model", template(), 3, 30)
    assert len(images) == 3 and len(regions) == 3
    assert [im.width for im in images] == [120, 60, 30]
    areas = [r.area() for r in regions]
    assert areas[0] > areas[1] > areas[2] > 0
    # the L's outline is 2 * (50 + 40) = 180 pixels long at level 1
    assert 150 < areas[0] < 220


def test_l_shape_helper_is_asymmetric():
    assert len(L_SHAPE) == 6
