"""Several shape / NCC models at once and the automatic steps (AngleStep, ScaleStep,
NumLevels 0 = 'auto').

Tolerances on synthetic scenes (rotated, scaled and anisotropically scaled copies of
polygons): position 0.5 px, angle 1 degree, scale 2 %.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np

from hdlite.plugin import ObjectTuple, Region

_spec = importlib.util.spec_from_file_location(
    "_scenes", Path(__file__).with_name("_matching_scenes.py")
)
assert _spec is not None and _spec.loader is not None
scenes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenes)
L_SHAPE, TRIANGLE, angle_error_deg = scenes.L_SHAPE, scenes.TRIANGLE, scenes.angle_error_deg
image, render, template = scenes.image, scenes.render, scenes.template

FULL = (-math.pi, 2 * math.pi)
TAIL = ("auto", "use_polarity", "auto", "auto")


def _scaled(call, shape, steps=("auto", "auto")):
    return call("create_scaled_shape_model", template(shape), "auto", -math.pi, 2 * math.pi,
                steps[0], 0.8, 1.25, steps[1], *TAIL)[0][0]  # fmt: skip


def _aniso(call, shape):
    return call("create_aniso_shape_model", template(shape), "auto", -0.5, 1.0, "auto",
                0.85, 1.15, "auto", 0.85, 1.15, "auto", *TAIL)[0][0]  # fmt: skip


def test_zero_steps_mean_auto(call):
    # MVTec's create_model_green_dot passes 0 for AngleStep and ScaleStep
    auto = _scaled(call, L_SHAPE)
    zero = _scaled(call, L_SHAPE, (0, 0))
    assert call("get_shape_model_params", zero) == call("get_shape_model_params", auto)
    step = call("get_shape_model_params", zero)[3][0]
    assert 0.005 < step < 0.1
    (plain,) = call("create_shape_model", template(), 0, *FULL, 0, "auto", "use_polarity",
                    "auto", "auto")  # fmt: skip
    levels = call("get_shape_model_params", plain)[0][0]
    assert levels >= 2 and call("get_shape_model_params", plain)[3][0] == step
    (aniso,) = call("create_aniso_shape_model", template(), "auto", -0.5, 1.0, 0, 0.9, 1.1, 0,
                    0.9, 1.1, 0, *TAIL)  # fmt: skip
    _, _, _, _, smin, smax, sstep, _, _ = call("get_shape_model_params", aniso)
    assert smin == (0.9, 0.9) and smax == (1.1, 1.1) and all(0 < s < 0.05 for s in sstep)
    (ncc,) = call("create_ncc_model", template(), 0, *FULL, 0, "use_polarity")
    (ncc_auto,) = call("create_ncc_model", template(), "auto", *FULL, "auto", "use_polarity")
    assert call("get_ncc_model_params", ncc) == call("get_ncc_model_params", ncc_auto)
    scene = render(200, 240, [(97.3, 131.6, 0.3, 1.1)])
    args = (*FULL, 0.8, 1.25, 0.7, 1, 0.5, "least_squares", 0, 0.9)
    rows, cols, angles, scales, _ = call("find_scaled_shape_model", image(scene), zero, *args)
    assert abs(rows[0] - 97.3) < 0.5 and abs(cols[0] - 131.6) < 0.5
    assert angle_error_deg(angles[0], 0.3) < 1 and abs(scales[0] - 1.1) < 0.02
    # negative steps stay wrong values
    bad = ("auto", *FULL, -0.1, "auto", "use_polarity", "auto", "auto")
    assert call.code("create_shape_model", template(), *bad) == 1304
    assert call.code("create_ncc_model", template(), "auto", *FULL, -0.1, "use_polarity") == 1304
    bad_scale = ("auto", *FULL, "auto", 0.9, 1.1, -0.01, *TAIL)
    assert call.code("create_scaled_shape_model", template(), *bad_scale) == 1307


def test_find_scaled_shape_models_with_model_index(call):
    ell, tri = _scaled(call, L_SHAPE), _scaled(call, TRIANGLE)
    scene = render(220, 300, [(75.0, 80.0, 0.4, 1.15)])
    scene = np.maximum(scene, render(220, 300, [(140.5, 210.3, -1.0, 0.88)], TRIANGLE))
    rows, cols, angles, scales, scores, which = call(
        "find_scaled_shape_models", image(scene), (ell, tri), -math.pi, 2 * math.pi, 0.8, 1.25,
        0.7, 0, 0.5, "least_squares", 0, 0.9,
    )  # fmt: skip
    assert sorted(which) == [0, 1] and list(scores) == sorted(scores, reverse=True)
    got = {m: (r, c, a, s) for r, c, a, s, m in zip(rows, cols, angles, scales, which, strict=True)}
    for m, (r, c, a, s) in ((0, (75.0, 80.0, 0.4, 1.15)), (1, (140.5, 210.3, -1.0, 0.88))):
        assert abs(got[m][0] - r) < 0.5 and abs(got[m][1] - c) < 0.5
        assert angle_error_deg(got[m][2], a) < 1 and abs(got[m][3] - s) < 0.02 * s
    # per-model values: the triangle's angle range excludes its instance
    out = call(
        "find_scaled_shape_models", image(scene), (ell, tri), (-math.pi, 0.0),
        (2 * math.pi, 1.0), 0.8, 1.25, 0.7, 0, 0.5, "least_squares", 0, 0.9,
    )  # fmt: skip
    assert out[5] == (0,)
    # one value per model for NumMatches, and a model twice: two indices
    out = call(
        "find_scaled_shape_models", image(scene), (tri, ell), -math.pi, 2 * math.pi, 0.8, 1.25,
        0.7, (1, 1), 0.5, "least_squares", 0, 0.9,
    )  # fmt: skip
    assert sorted(out[5]) == [0, 1]
    assert call.code("find_scaled_shape_models", image(scene), (ell, tri), 0, 1, (0.8, 0.9, 1.0),
                     1.2, 0.7, 0, 0.5, "none", 0, 0.9) == 1404  # fmt: skip


def test_find_aniso_shape_models(call):
    ell, tri = _aniso(call, L_SHAPE), _aniso(call, TRIANGLE)
    scene = render(220, 300, [(80.0, 90.0, 0.2, 1.1, 0.9)])
    scene = np.maximum(scene, render(220, 300, [(150.0, 220.0, -0.3, 0.92, 1.08)], TRIANGLE))
    out = call(
        "find_aniso_shape_models", image(scene), (ell, tri), -0.5, 1.0, 0.85, 1.15, 0.85, 1.15,
        0.7, 0, 0.5, "least_squares", 0, 0.9,
    )  # fmt: skip
    rows, cols, angles, sr, sc, scores, which = out
    assert sorted(which) == [0, 1]
    want = {0: (80.0, 90.0, 0.2, 1.1, 0.9), 1: (150.0, 220.0, -0.3, 0.92, 1.08)}
    for i, m in enumerate(which):
        r, c, a, wr, wc = want[m]
        assert abs(rows[i] - r) < 0.5 and abs(cols[i] - c) < 0.5
        assert angle_error_deg(angles[i], a) < 1
        assert abs(sr[i] - wr) < 0.02 * wr and abs(sc[i] - wc) < 0.02 * wc
    assert min(scores) > 0.8
    # nothing found: seven empty tuples
    flat = image(np.full((100, 100), 90, np.uint8))
    out = call("find_aniso_shape_models", flat, (ell, tri), -0.5, 1.0, 0.85, 1.15, 0.85, 1.15,
               0.7, 0, 0.5, "least_squares", 0, 0.9)  # fmt: skip
    assert out == ((),) * 7


def test_find_ncc_models(call):
    ell = call("create_ncc_model", template(), "auto", *FULL, "auto", "use_polarity")[0][0]
    tri = call("create_ncc_model", template(TRIANGLE), "auto", *FULL, "auto", "use_polarity")[0][0]
    scene = render(220, 300, [(70.0, 75.0, 0.5)])
    scene = np.maximum(scene, render(220, 300, [(150.3, 215.6, -2.0)], TRIANGLE))
    rows, cols, angles, scores, which = call(
        "find_ncc_models", image(scene), (ell, tri), *FULL, 0.8, 0, 0.5, "true", 0
    )
    assert sorted(which) == [0, 1] and list(scores) == sorted(scores, reverse=True)
    want = {0: (70.0, 75.0, 0.5), 1: (150.3, 215.6, -2.0)}
    for i, m in enumerate(which):
        assert abs(rows[i] - want[m][0]) < 0.5 and abs(cols[i] - want[m][1]) < 0.5
        assert angle_error_deg(angles[i], want[m][2]) < 1
    # NumMatches 1 for all models together: only the best instance
    one = call("find_ncc_models", image(scene), (ell, tri), *FULL, 0.8, 1, 0.5, "true", 0)
    assert len(one[4]) == 1 and one[3][0] == max(scores)
    # per-model MinScore: 1.0 for the L leaves only the triangle
    out = call("find_ncc_models", image(scene), (ell, tri), *FULL, (1.0, 0.8), 0, 0.5, "true", 0)
    assert out[4] == (1,)
    assert call.code("find_ncc_models", image(scene), (ell, tri), *FULL, 0.8, 0, 0.5, "maybe",
                     0) == 1307  # fmt: skip
    assert call.code("find_ncc_models", image(scene), (ell, tri), *FULL, (0.8, 0.8, 0.8), 0,
                     0.5, "true", 0) == 1404  # fmt: skip


def test_one_image_per_model_restricts_each_search(call):
    ell = call("create_shape_model", template(), "auto", *FULL, "auto", *TAIL)[0][0]
    tri = call("create_shape_model", template(TRIANGLE), "auto", *FULL, "auto", *TAIL)[0][0]
    scene = render(220, 300, [(75.0, 80.0, 0.4)])
    scene = np.maximum(scene, render(220, 300, [(140.0, 210.0, -1.0)], TRIANGLE))
    right = Region.rectangle(0, 150, 219, 299)
    two = ObjectTuple([image(scene, right)[0], image(scene)[0]])
    args = (*FULL, 0.7, 0, 0.5, "least_squares", 0, 0.9)
    rows, cols, _, _, which = call("find_shape_models", two, (ell, tri), *args)
    assert which == (1,) and abs(rows[0] - 140.0) < 0.5 and abs(cols[0] - 210.0) < 0.5
    _, num = call("find_generic_shape_model", two, (ell, tri))
    assert num == (1,)
    both = call("find_shape_models", image(scene), (ell, tri), *args)
    assert sorted(both[4]) == [0, 1]
