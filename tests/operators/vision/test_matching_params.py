"""Shape / NCC model parameters after creation and the automatic values before it."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_scenes", Path(__file__).with_name("_matching_scenes.py")
)
assert _spec is not None and _spec.loader is not None
scenes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenes)
image, render, template = scenes.image, scenes.render, scenes.template

FULL = (-math.pi, 2 * math.pi)
FIND = (*FULL, 0.6, 1, 0.5, "least_squares", 0, 0.9)


def _shape(call):
    return call("create_shape_model", template(), "auto", *FULL, "auto", "auto", "use_polarity",
                "auto", "auto")[0][0]  # fmt: skip


def test_set_shape_model_param_min_contrast_timeout_and_files(call, tmp_path):
    mid = _shape(call)
    call("set_shape_model_param", mid, "min_contrast", 25)
    assert call("get_shape_model_params", mid)[8] == (25,)
    # a weak copy (contrast 20) vanishes below min_contrast 25 (gradients count 0)
    weak = render(200, 240, [(100.0, 120.0, 0.3)], fg=60, bg=40)
    assert call("find_shape_model", image(weak), mid, *FIND) == ((), (), (), ())
    call("set_shape_model_param", mid, ("min_contrast",), (3,))
    assert len(call("find_shape_model", image(weak), mid, *FIND)[0]) == 1
    big = render(480, 640, [(200.0, 300.0, 1.0)])
    call("set_shape_model_param", mid, "timeout", 1)
    assert call.code("find_shape_model", image(big), mid, *FIND) == 9400
    path = str(tmp_path / "t.shm")
    call("write_shape_model", mid, path)
    (back,) = call("read_shape_model", path)
    assert call.code("find_shape_model", image(big), back, *FIND) == 9400
    call("set_shape_model_param", mid, "timeout", "infinite")
    assert len(call("find_shape_model", image(big), mid, *FIND)[0]) == 1
    assert call.code("set_shape_model_param", mid, "timeout", -5) == 1303
    assert call.code("set_shape_model_param", mid, "min_contrast", "high") == 1303
    assert call.code("set_shape_model_param", mid, "speed", 1) == 1302
    assert call.code("set_shape_model_param", mid, ("timeout", "min_contrast"), 5) == 1403


def test_border_shape_models(call):
    mid = _shape(call)
    # the L's reference point is inside the image, its top edge is not
    scene = image(render(200, 240, [(18.0, 120.0, 0.1)]))
    find = (-0.3, 0.6, 0.5, 1, 0.5, "least_squares", 0, 0.9)
    assert call("find_shape_model", scene, mid, *find) == ((), (), (), ())
    call("set_shape_model_param", mid, "border_shape_models", "true")
    rows, cols, angles, scores = call("find_shape_model", scene, mid, *find)
    assert abs(rows[0] - 18.0) < 0.5 and abs(cols[0] - 120.0) < 0.5
    assert abs(angles[0] - 0.1) < math.radians(1) and 0.5 < scores[0] < 0.9
    call("set_shape_model_param", mid, "border_shape_models", "false")
    assert call("find_shape_model", scene, mid, *find) == ((), (), (), ())
    assert call.code("set_shape_model_param", mid, "border_shape_models", "yes") == 1303
    # without a model setting, set_system's 'border_shape_models' decides
    other = _shape(call)
    call("set_system", "border_shape_models", "true")
    assert len(call("find_shape_model", scene, other, *find)[0]) == 1


def test_set_ncc_model_param(call):
    (mid,) = call("create_ncc_model", template(), "auto", *FULL, "auto", "use_polarity")
    big = image(render(480, 640, [(200.0, 300.0, 1.0)]))
    args = (*FULL, 0.8, 1, 0.5, "true", 0)
    call("set_ncc_model_param", mid, "timeout", 1)
    assert call.code("find_ncc_model", big, mid, *args) == 9400
    call("set_ncc_model_param", mid, "timeout", "infinite")
    assert len(call("find_ncc_model", big, mid, *args)[0]) == 1
    assert call.code("set_ncc_model_param", mid, "min_contrast", 5) == 1302
    assert call.code("set_ncc_model_param", mid, "timeout", 0) == 1303


def test_determine_shape_model_params_matches_create(call):
    names, values = call("determine_shape_model_params", template(), "auto", *FULL, 1.0, 1.0,
                         "auto", "use_polarity", "auto", "auto", "all")  # fmt: skip
    assert names == ("num_levels", "angle_step", "optimization", "contrast_low",
                     "contrast_high", "min_size", "min_contrast")  # fmt: skip
    got = dict(zip(names, values, strict=True))
    params = call("get_shape_model_params", _shape(call))
    assert got["num_levels"] == params[0][0] and abs(got["angle_step"] - params[3][0]) < 1e-12
    assert got["optimization"] == "none" and 0 < got["contrast_low"] <= got["contrast_high"]
    assert got["min_contrast"] == params[8][0]
    # scaled: the scale step follows the angle step; anisotropic: two steps
    wanted = ("scale_step", "contrast")
    names, values = call("determine_shape_model_params", template(), "auto", *FULL, 0.8, 1.2,
                         "auto", "use_polarity", "auto", "auto", wanted)  # fmt: skip
    assert names == ("scale_step", "contrast") and 0 < values[0] < 0.05
    names, _ = call("determine_shape_model_params", template(), 3, *FULL, (0.9, 0.8), (1.1, 1.2),
                    "auto", "use_polarity", (20, 40), 5, "all")  # fmt: skip
    assert names[:4] == ("num_levels", "angle_step", "scale_r_step", "scale_c_step")
    wanted = ("num_levels", "contrast_hyst", "min_contrast")
    _, values = call("determine_shape_model_params", template(), 3, *FULL, 1.0, 1.0, "auto",
                     "use_polarity", (20, 40), 5, wanted)  # fmt: skip
    assert values == (3, 20, 40, 5)
    bad = ("auto", *FULL, 1.0, 1.0, "auto", "use_polarity", "auto", "auto", "speed")
    assert call.code("determine_shape_model_params", template(), *bad) == 1310
    bad = ("auto", *FULL, 1.2, 1.0, "auto", "use_polarity", "auto", "auto", "all")
    assert call.code("determine_shape_model_params", template(), *bad) == 1305


def test_determine_ncc_model_params(call):
    names, values = call("determine_ncc_model_params", template(), "auto", *FULL,
                         "use_polarity", "all")  # fmt: skip
    (mid,) = call("create_ncc_model", template(), "auto", *FULL, "auto", "use_polarity")
    levels, _, _, step, _ = call("get_ncc_model_params", mid)
    assert names == ("num_levels", "angle_step") and values == (levels[0], step[0])
    assert call("determine_ncc_model_params", template(), 2, *FULL, "ignore_polarity",
                "num_levels") == (("num_levels",), (2,))  # fmt: skip
    assert call.code("determine_ncc_model_params", template(), "auto", *FULL, "use_polarity",
                     "contrast") == 1305  # fmt: skip
