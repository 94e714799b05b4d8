"""The generic shape model interface on synthetic scenes.

Tolerances: position 0.5 px, angle 1 degree, scale 2 %.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import ObjectTuple

_spec = importlib.util.spec_from_file_location(
    "_scenes", Path(__file__).with_name("_matching_scenes.py")
)
assert _spec is not None and _spec.loader is not None
scenes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenes)
L_SHAPE, TRIANGLE, angle_error_deg = scenes.L_SHAPE, scenes.TRIANGLE, scenes.angle_error_deg
image, render, template = scenes.image, scenes.render, scenes.template


def _result(call, rid, name, sel="all"):
    return call("get_generic_shape_model_result", rid, sel, name)[0]


def test_train_and_find_with_default_parameters(call, tmp_path):
    (mid,) = call("create_generic_shape_model")
    assert call("get_generic_shape_model_param", mid, "needs_training") == (("true",),)
    scene = image(render(220, 260, [(97.3, 131.6, 2.5)]))
    assert call.code("find_generic_shape_model", scene, mid) == 8673
    assert call.code("get_shape_model_contours", mid, 1) == 8673
    call("train_generic_shape_model", template(), mid)
    got = call("get_generic_shape_model_param", mid, ("needs_training", "num_levels", "metric"))
    assert got[0][0] == "false" and got[0][1] >= 2 and got[0][2] == "use_polarity"
    rid, num = call("find_generic_shape_model", scene, mid)
    assert num == (1,)
    assert abs(_result(call, rid, "row")[0] - 97.3) < 0.5
    assert abs(_result(call, rid, "column")[0] - 131.6) < 0.5
    assert angle_error_deg(_result(call, rid, "angle")[0], 2.5) < 1
    assert _result(call, rid, "score")[0] > 0.9
    hom = _result(call, rid, "hom_mat_2d", 0)
    assert len(hom) == 6 and abs(hom[2] - 97.3) < 0.5 and abs(hom[5] - 131.6) < 0.5
    # the result contours lie on the part: the model's contours moved by hom_mat_2d
    (placed,) = call("get_generic_shape_model_result_object", rid, 0, "contours")
    (model_conts,) = call("get_generic_shape_model_object", mid, "contours")
    c0, m0 = placed[0], model_conts[0]
    assert np.allclose(c0.rows, hom[0] * m0.rows + hom[1] * m0.cols + hom[2])
    # classic operators see the same model; files keep the generic parameters
    assert call("get_shape_model_contours", mid, 1)[0][0].rows.shape == m0.rows.shape
    path = str(tmp_path / "g.shm")
    call("write_shape_model", mid, path)
    (back,) = call("read_shape_model", path)
    rid2, _ = call("find_generic_shape_model", scene, back)
    assert _result(call, rid2, "row") == _result(call, rid, "row")


def test_scaled_parameters_and_several_models(call):
    ell, tri = call("create_generic_shape_model")[0][0], call("create_generic_shape_model")[0][0]
    call("set_generic_shape_model_param", ell, ("iso_scale_min", "iso_scale_max"), (0.8, 1.25))
    call("set_generic_shape_model_param", ell, "model_identifier", 7)
    call("train_generic_shape_model", template(), ell)
    names = ("scale_row_min", "scale_row_max", "scale_column_min", "scale_column_max")
    call("set_generic_shape_model_param", tri, names, (0.85, 1.15, 0.85, 1.15))
    call("set_generic_shape_model_param", tri, ("angle_start", "angle_end"), (-1.5, -0.5))
    call("train_generic_shape_model", template(TRIANGLE), tri)
    scene = render(220, 300, [(75.0, 80.0, 0.4, 1.15)])
    scene = np.maximum(scene, render(220, 300, [(140.0, 210.0, -1.0, 0.9, 1.1)], TRIANGLE))
    rid, num = call("find_generic_shape_model", image(scene), (ell, tri))
    assert num == (2,)
    ids = _result(call, rid, "model_identifier")
    handles = _result(call, rid, "model_id")
    assert sorted(ids) == [0, 7] and {h.id for h in handles} == {ell.id, tri.id}
    i = ids.index(7)
    assert abs(_result(call, rid, "row", i)[0] - 75.0) < 0.5
    assert abs(_result(call, rid, "scale_row", i)[0] - 1.15) < 0.02 * 1.15
    j = 1 - i
    assert abs(_result(call, rid, "column", j)[0] - 210.0) < 0.5
    assert abs(_result(call, rid, "scale_row", j)[0] - 0.9) < 0.018
    assert abs(_result(call, rid, "scale_column", j)[0] - 1.1) < 0.022
    assert angle_error_deg(_result(call, rid, "angle", j)[0], -1.0) < 1
    # search parameters take effect without training: min_score 1.0 finds nothing
    call("set_generic_shape_model_param", ell, "min_score", 1.0)
    assert call("get_generic_shape_model_param", ell, "needs_training") == (("false",),)
    _, num = call("find_generic_shape_model", image(scene), ell)
    assert num == (0,)
    # model parameters need a new training
    call("set_generic_shape_model_param", ell, "metric", "ignore_global_polarity")
    assert call.code("find_generic_shape_model", image(scene), ell) == 8673


def test_xld_training_classic_models_and_errors(call):
    pts = [*L_SHAPE, L_SHAPE[0]]
    xld = ObjectTuple([Contour([300 + r for r, _ in pts], [400 + c for _, c in pts])])
    (mid,) = call("create_generic_shape_model")
    call("set_generic_shape_model_param", mid, "metric", "ignore_local_polarity")
    call("train_generic_shape_model", xld, mid)
    scene = image(render(220, 260, [(100.0, 120.0, -0.7)], fg=30, bg=220))
    rid, num = call("find_generic_shape_model", scene, mid)
    assert num == (1,) and abs(_result(call, rid, "row")[0] - 100.0) < 0.5
    # a classic model: searched over its creation range with the search parameters
    (classic,) = call("create_shape_model", template(), "auto", -1.0, 2.0, "auto", "auto",
                      "use_polarity", "auto", "auto")  # fmt: skip
    call("set_generic_shape_model_param", classic, "num_matches", 0)
    two = image(np.maximum(render(220, 300, [(70.0, 80.0, 0.3)]),
                           render(220, 300, [(150.0, 220.0, -0.4)])))  # fmt: skip
    _, num = call("find_generic_shape_model", two, classic)
    assert num == (2,)
    assert call.code("set_generic_shape_model_param", mid, "speed", 1) == 1302
    assert call.code("set_generic_shape_model_param", mid, "min_score", 2) == 1303
    assert call.code("set_generic_shape_model_param", mid, "max_deformation", 2) == 1303
    assert call.code("set_generic_shape_model_param", mid, ("min_score", "greediness"), 1) == 1403
    assert call.code("get_generic_shape_model_param", mid, "speed") == 1302
    (bad,) = call("create_generic_shape_model")
    call("set_generic_shape_model_param", bad, ("contrast_low", "contrast_high"), (30, 10))
    assert call.code("train_generic_shape_model", template(), bad) == 8674
    call("set_generic_shape_model_param", bad, ("contrast_low", "min_contrast"), (5, 8))
    assert call.code("train_generic_shape_model", template(), bad) == 8675
    (bad,) = call("create_generic_shape_model")
    call("set_generic_shape_model_param", bad, ("iso_scale_min", "iso_scale_max"), (1.2, 0.9))
    assert call.code("train_generic_shape_model", template(), bad) == 8676
    assert call.code("get_generic_shape_model_result", rid, 5, "row") == 1302
    assert call.code("get_generic_shape_model_result", rid, 0, "width") == 1303
    assert call.code("get_generic_shape_model_result_object", rid, 0, "region") == 1303
    (untrained,) = call("create_generic_shape_model")
    assert call.code("get_generic_shape_model_object", untrained, "contours") == 8673
