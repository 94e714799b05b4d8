"""Correlation-based (NCC) matching on synthetic scenes with known poses.

Tolerances: SubPixel 'true' position 0.3 px and angle 0.5 degree on clean and noisy (sigma
10) rotated, shifted copies, score >= 0.95; 'false' the pixel grid (0.75 px).
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
angle_error_deg, image, render, template = (
    scenes.angle_error_deg,
    scenes.image,
    scenes.render,
    scenes.template,
)
FULL = (-math.pi, 2 * math.pi)


@pytest.fixture
def model(call):
    return call("create_ncc_model", template(), "auto", *FULL, "auto", "use_polarity")[0]


def _find(call, mid, scene, sub="true", min_score=0.8, num=1, overlap=0.5, levels=0):
    return call("find_ncc_model", image(scene), mid, *FULL, min_score, num, overlap, sub, levels)


@pytest.mark.parametrize("pose", [(97.3, 131.6, 0.3), (70.8, 90.25, -2.2)])
@pytest.mark.parametrize("noise", [0.0, 10.0])
def test_rotated_shifted_noisy_copies(call, model, pose, noise):
    rows, cols, angles, scores = _find(call, model, render(200, 240, [pose], noise=noise, seed=5))
    assert abs(rows[0] - pose[0]) < 0.3 and abs(cols[0] - pose[1]) < 0.3
    assert angle_error_deg(angles[0], pose[2]) < 0.5 and 0.95 <= scores[0] <= 1.0
    rows, cols, _, _ = _find(call, model, render(200, 240, [pose], noise=noise), sub="false")
    assert rows[0] == round(rows[0]) and abs(rows[0] - pose[0]) < 0.75


def test_several_instances_overlap_and_no_match(call, model):
    scene = render(220, 260, [(60.0, 70.0, 0.0), (60.0, 190.0, 1.0), (150.0, 120.0, -0.5)])
    rows, _cols, _angles, scores = _find(call, model, scene, num=0)
    assert len(rows) == 3 and list(scores) == sorted(scores, reverse=True)
    assert len(_find(call, model, scene, num=2)[0]) == 2
    assert _find(call, model, np.full((100, 120), 77, np.uint8)) == ((), (), (), ())
    pair = render(160, 200, [(80.0, 80.0, 0.0), (95.0, 110.0, math.pi)])
    assert len(_find(call, model, pair, min_score=0.7, num=0, overlap=0.5)[0]) == 2
    assert len(_find(call, model, pair, min_score=0.7, num=0, overlap=0.1)[0]) == 1


def test_polarity_and_domain(call):
    inverted = render(200, 240, [(100.0, 120.0, 0.5)], fg=40, bg=200)
    (plain,) = call("create_ncc_model", template(), "auto", *FULL, "auto", "use_polarity")
    (either,) = call("create_ncc_model", template(), "auto", *FULL, "auto", "ignore_polarity")
    assert _find(call, plain, inverted) == ((), (), (), ())
    rows, cols, angles, scores = _find(call, either, inverted)
    assert abs(rows[0] - 100) < 0.3 and abs(cols[0] - 120) < 0.3 and scores[0] > 0.95
    assert angle_error_deg(angles[0], 0.5) < 0.5
    half = Region.rectangle(0, 0, 199, 100)
    out = call("find_ncc_model", image(inverted, half), either, *FULL, 0.8, 1, 0.5, "true", 0)
    assert out == ((), (), (), ())


def test_params_origin_levels_files_and_clear(call, model, tmp_path):
    levels, a0, ext, step, metric = call("get_ncc_model_params", model)
    assert 2 <= levels[0] <= 6 and a0 == (-math.pi,) and ext == (2 * math.pi,)
    assert 0.005 < step[0] < 0.1 and metric == ("use_polarity",)
    call("set_ncc_model_origin", model, -20, -25)
    assert call("get_ncc_model_origin", model) == ((-20.0,), (-25.0,))
    a = 0.6
    scene = render(200, 240, [(100.0, 120.0, a)])
    r, c, _, _ = _find(call, model, scene)
    assert abs(r[0] - (100 - 20 * math.cos(a) + 25 * math.sin(a))) < 0.3
    assert abs(c[0] - (120 - 20 * math.sin(a) - 25 * math.cos(a))) < 0.3
    # the search may stop on a coarser level: a coarser result
    r2, c2, _, _ = _find(call, model, scene, levels=(levels[0], 2))
    assert abs(r2[0] - r[0]) < 2 and abs(c2[0] - c[0]) < 2
    path = str(tmp_path / "m.ncm")
    call("write_ncc_model", model, path)
    (back,) = call("read_ncc_model", path)
    assert call("get_ncc_model_params", back) == call("get_ncc_model_params", model)
    assert _find(call, back, scene) == _find(call, model, scene)
    data = bytearray(open(path, "rb").read())
    data[-3] ^= 0x55
    (tmp_path / "bad.ncm").write_bytes(bytes(data))
    assert call.code("read_ncc_model", str(tmp_path / "bad.ncm")) == 5238
    assert call.code("read_ncc_model", str(tmp_path / "none.ncm")) == 5200
    call("clear_ncc_model", model)
    assert call.code("get_ncc_model_params", model) == 2454
    assert call.code("find_ncc_model", image(scene), model, 0, 1, 0.8, 1, 0.5, "true", 0) == 2454


def test_errors(call, model):
    scene = image(render(100, 100, [(50.0, 50.0, 0.0)]))
    assert call.code("find_ncc_model", scene, model, 0, 1, 1.2, 1, 0.5, "true", 0) == 1304
    assert call.code("find_ncc_model", scene, model, 0, 1, 0.8, 1, 0.5, "yes", 0) == 1307
    assert call.code("create_ncc_model", template(), "auto", 0, 1, "auto", "other") == 1305
    assert call.code("create_ncc_model", template(), "auto", 0, 1, 2.0, "use_polarity") == 1304
    tiny = image(np.zeros((20, 20), np.uint8), Region.rectangle(3, 3, 3, 4))
    assert call.code("create_ncc_model", tiny, "auto", 0, 1, "auto", "use_polarity") == 8506
    # a shape model handle is not an NCC model
    (shape,) = call("create_shape_model", template(), "auto", 0, 1, "auto", "auto",
                    "use_polarity", "auto", "auto")  # fmt: skip
    assert call.code("get_ncc_model_params", shape) == 2404
