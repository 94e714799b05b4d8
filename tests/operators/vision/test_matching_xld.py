"""Shape models from XLD contours and set_shape_model_metric.

Tolerances on synthetic scenes (rotated / scaled copies of the polygon the contours
describe): position 0.5 px, angle 1 degree, scale 2 %.
"""

from __future__ import annotations

import importlib.util
import math
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
image, render = scenes.image, scenes.render

FULL = (-math.pi, 2 * math.pi)
FIND_TAIL = ("least_squares", 0, 0.9)


def polygon(shape=L_SHAPE, row=300.0, col=400.0) -> ObjectTuple:
    """The closed polygon as one XLD contour at (row, col) (far from any scene)."""
    pts = [*shape, shape[0]]
    return ObjectTuple([Contour([row + r for r, _ in pts], [col + c for _, c in pts])])


def _model(call, metric="ignore_local_polarity", shape=L_SHAPE):
    return call("create_shape_model_xld", polygon(shape), "auto", *FULL, "auto", "auto", metric,
                10)[0][0]  # fmt: skip


def test_xld_model_finds_the_part(call):
    mid = _model(call)
    # the L's bounding box is centred on its reference point (0, 0)
    for pose, fg, bg in (((97.3, 131.6, 0.3), 200, 40), ((110.0, 90.5, -2.0), 40, 200)):
        scene = render(220, 260, [pose], fg=fg, bg=bg, noise=4, seed=1)
        rows, cols, angles, scores = call(
            "find_shape_model", image(scene), mid, *FULL, 0.7, 1, 0.5, *FIND_TAIL
        )
        assert len(rows) == 1 and scores[0] > 0.85
        assert abs(rows[0] - pose[0]) < 0.5 and abs(cols[0] - pose[1]) < 0.5
        assert angle_error_deg(angles[0], pose[2]) < 1
    levels, _, _, step, *_, metric, minc = call("get_shape_model_params", mid)
    assert levels[0] >= 2 and metric == ("ignore_local_polarity",) and minc == (10,)
    assert 0.005 < step[0] < 0.1
    (conts,) = call("get_shape_model_contours", mid, 1)
    rows = np.concatenate([c.rows for c in conts])
    assert abs(rows.min() + 20) < 1e-9 and abs(rows.max() - 20) < 1e-9


def test_scaled_and_aniso_xld_models(call):
    (iso,) = call("create_scaled_shape_model_xld", polygon(TRIANGLE), "auto", *FULL, "auto",
                  0.8, 1.25, "auto", "auto", "ignore_local_polarity", 10)  # fmt: skip
    scene = render(220, 260, [(100.4, 120.2, 1.2, 1.17)], TRIANGLE)
    rows, cols, angles, scales, _ = call(
        "find_scaled_shape_model", image(scene), iso, *FULL, 0.8, 1.25, 0.7, 1, 0.5, *FIND_TAIL
    )
    # the triangle's bounding box centre is 5 rows below its polygon origin
    er = 100.4 + (-5) * 1.17 * math.cos(1.2)
    ec = 120.2 + (-5) * 1.17 * math.sin(1.2)
    assert abs(rows[0] - er) < 0.5 and abs(cols[0] - ec) < 0.5
    assert angle_error_deg(angles[0], 1.2) < 1 and abs(scales[0] - 1.17) < 0.02 * 1.17
    scales = (0.85, 1.15, "auto", 0.85, 1.15, "auto")
    (aniso,) = call("create_aniso_shape_model_xld", polygon(), "auto", -0.4, 0.8, "auto",
                    *scales, "auto", "ignore_local_polarity", 10)  # fmt: skip
    scene = render(220, 260, [(110.0, 130.0, 0.15, 0.9, 1.1)])
    out = call("find_aniso_shape_model", image(scene), aniso, -0.4, 0.8, 0.85, 1.15, 0.85, 1.15,
               0.7, 1, 0.5, *FIND_TAIL)  # fmt: skip
    rows, cols, angles, sr, sc, _ = out
    assert abs(rows[0] - 110) < 0.5 and abs(cols[0] - 130) < 0.5
    assert angle_error_deg(angles[0], 0.15) < 1
    assert abs(sr[0] - 0.9) < 0.018 and abs(sc[0] - 1.1) < 0.022
    assert len(call("get_shape_model_params", aniso)[4]) == 2


def test_set_shape_model_metric_takes_the_polarity_from_an_image(call):
    mid = _model(call, "use_polarity")
    bright = render(220, 260, [(100.0, 120.0, 0.4)])
    dark = render(220, 260, [(100.0, 120.0, 0.4)], fg=40, bg=200)
    find = ("find_shape_model", mid, *FULL, 0.7, 1, 0.5, *FIND_TAIL)
    # before: no polarity, both contrasts are found
    assert len(call(find[0], image(bright), *find[1:])[0]) == 1
    assert len(call(find[0], image(dark), *find[1:])[0]) == 1
    r, c, a, _ = call(find[0], image(bright), *find[1:])
    (hom,) = call("vector_angle_to_rigid", 0, 0, 0, r[0], c[0], a[0])
    call("set_shape_model_metric", image(bright), mid, hom, "use_polarity")
    assert call("get_shape_model_params", mid)[7] == ("use_polarity",)
    rows, _, _, scores = call(find[0], image(bright), *find[1:])
    assert len(rows) == 1 and scores[0] > 0.9
    assert call(find[0], image(dark), *find[1:]) == ((), (), (), ())
    # ignore_global_polarity finds the inverted part too
    call("set_shape_model_metric", image(bright), mid, hom, "ignore_global_polarity")
    assert len(call(find[0], image(dark), *find[1:])[0]) == 1


def test_xld_model_with_several_models_and_files(call, tmp_path):
    ell, tri = _model(call), _model(call, shape=TRIANGLE)
    scene = render(220, 300, [(75.0, 80.0, 0.4)])
    scene = np.maximum(scene, render(220, 300, [(140.0, 210.0, -1.0)], TRIANGLE))
    out = call("find_shape_models", image(scene), (ell, tri), *FULL, 0.7, 0, 0.5, *FIND_TAIL)
    assert sorted(out[4]) == [0, 1]
    path = str(tmp_path / "xld.shm")
    call("write_shape_model", ell, path)
    (back,) = call("read_shape_model", path)
    args = (*FULL, 0.7, 0, 0.5, *FIND_TAIL)
    assert call("find_shape_model", image(scene), back, *args) == call(
        "find_shape_model", image(scene), ell, *args
    )
    assert call("get_shape_model_params", back) == call("get_shape_model_params", ell)


def test_xld_errors(call):
    assert call.code("create_shape_model_xld", ObjectTuple([]), "auto", *FULL, "auto", "auto",
                     "use_polarity", 5) == 8510  # fmt: skip
    tiny = ObjectTuple([Contour([0.0, 0.5], [0.0, 0.5])])
    assert call.code("create_shape_model_xld", tiny, "auto", *FULL, "auto", "auto",
                     "use_polarity", 5) == 8510  # fmt: skip
    args = ("auto", *FULL, "auto", "auto", "ignore_color_polarity", 5)
    assert call.code("create_shape_model_xld", polygon(), *args) == 1306
    args = ("auto", *FULL, "auto", "auto", "use_polarity", -1)
    assert call.code("create_shape_model_xld", polygon(), *args) == 1307
    (region,) = call("gen_rectangle1", 0, 0, 10, 10)
    args = ("auto", *FULL, "auto", "auto", "use_polarity", 5)
    assert call.code("create_shape_model_xld", region, *args) == 9054
    # an image-based model has no XLD polarity to set
    (img_model,) = call("create_shape_model", scenes.template(), "auto", *FULL, "auto", "auto",
                        "use_polarity", "auto", "auto")  # fmt: skip
    ident = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    scene = image(render(100, 100, []))
    assert call.code("set_shape_model_metric", scene, img_model, ident, "use_polarity") == 8513
    mid = _model(call)
    assert call.code("set_shape_model_metric", scene, mid, ident, "other") == 1303
    assert call.code("set_shape_model_metric", scene, mid, (0.0,) * 6, "use_polarity") == 1302


def test_contours_with_edge_direction_carry_their_polarity(call):
    (edges,) = call("edges_sub_pix", scenes.template(), "canny", 1.0, 20, 40)
    (mid,) = call("create_shape_model_xld", edges, "auto", *FULL, "auto", "auto",
                  "use_polarity", 10)  # fmt: skip
    find = (*FULL, 0.7, 1, 0.5, *FIND_TAIL)
    bright = image(render(200, 240, [(100.0, 120.0, 0.5)]))
    rows, cols, angles, scores = call("find_shape_model", bright, mid, *find)
    assert abs(rows[0] - 100.0) < 0.5 and abs(cols[0] - 120.0) < 0.5 and scores[0] > 0.9
    assert angle_error_deg(angles[0], 0.5) < 1
    dark = image(render(200, 240, [(100.0, 120.0, 0.5)], fg=40, bg=200))
    assert call("find_shape_model", dark, mid, *find) == ((), (), (), ())
