"""Shape and NCC models as serialized items (and through files of serialized items)."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

from hdlite_image.xld_objects import Contour

from hdlite.plugin import ObjectTuple

_spec = importlib.util.spec_from_file_location(
    "_scenes", Path(__file__).with_name("_matching_scenes.py")
)
assert _spec is not None and _spec.loader is not None
scenes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenes)
L_SHAPE, image, render, template = scenes.L_SHAPE, scenes.image, scenes.render, scenes.template

FULL = (-math.pi, 2 * math.pi)
FIND = (*FULL, 0.6, 1, 0.5, "least_squares", 0, 0.9)


def test_shape_models_round_trip(call, tmp_path):
    scene = image(render(200, 240, [(97.3, 131.6, 0.3)]))
    (mid,) = call("create_shape_model", template(), "auto", *FULL, "auto", "auto",
                  "use_polarity", "auto", "auto")  # fmt: skip
    call("set_shape_model_origin", mid, -20, -25)
    (item,) = call("serialize_shape_model", mid)
    (back,) = call("deserialize_shape_model", item)
    assert call("find_shape_model", scene, back, *FIND) == call(
        "find_shape_model", scene, mid, *FIND
    )
    assert call("get_shape_model_origin", back) == ((-20.0,), (-25.0,))
    # through a file of serialized items, then read as a model file (the same bytes)
    path = str(tmp_path / "m.ser")
    (fh,) = call("open_file", path, "output_binary")
    call("fwrite_serialized_item", fh, item)
    call("close_file", fh)
    (fh,) = call("open_file", path, "input_binary")
    (again,) = call("fread_serialized_item", fh)
    call("close_file", fh)
    (m2,) = call("deserialize_shape_model", again)
    assert call("get_shape_model_params", m2) == call("get_shape_model_params", mid)
    # a model from XLD contours
    pts = [*L_SHAPE, L_SHAPE[0]]
    xld = ObjectTuple([Contour([300 + r for r, _ in pts], [400 + c for _, c in pts])])
    (xm,) = call("create_shape_model_xld", xld, "auto", *FULL, "auto", "auto",
                 "ignore_local_polarity", 10)  # fmt: skip
    (xback,) = call("deserialize_shape_model", call("serialize_shape_model", xm)[0])
    assert call("find_shape_model", scene, xback, *FIND) == call(
        "find_shape_model", scene, xm, *FIND
    )
    (untrained,) = call("create_generic_shape_model")
    assert call.code("serialize_shape_model", untrained) == 8673


def test_ncc_models_round_trip_and_foreign_items(call):
    scene = image(render(200, 240, [(100.0, 120.0, -0.4)]))
    (mid,) = call("create_ncc_model", template(), "auto", *FULL, "auto", "use_polarity")
    (item,) = call("serialize_ncc_model", mid)
    (back,) = call("deserialize_ncc_model", item)
    args = (*FULL, 0.8, 1, 0.5, "true", 0)
    assert call("find_ncc_model", scene, back, *args) == call("find_ncc_model", scene, mid, *args)
    assert call("get_ncc_model_params", back) == call("get_ncc_model_params", mid)
    # an NCC item is no shape model and the other way round
    assert call.code("deserialize_shape_model", item) == 8514
    (shape,) = call("create_shape_model", template(), "auto", *FULL, "auto", "auto",
                    "use_polarity", "auto", "auto")  # fmt: skip
    (shape_item,) = call("serialize_shape_model", shape)
    assert call.code("deserialize_ncc_model", shape_item) == 8508
    (variation,) = call("create_variation_model", 16, 12, "byte", "direct")
    (other,) = call("serialize_variation_model", variation)
    assert call.code("deserialize_shape_model", other) == 8514


def test_get_ncc_model_region(call):
    (mid,) = call("create_ncc_model", template(), "auto", *FULL, "auto", "use_polarity")
    (region,) = call("get_ncc_model_region", mid)
    # the template's domain is rows / columns 25..95 around the reference point (60, 60)
    assert region[0].bbox() == (-35, -35, 35, 35) and region[0].area() == 71 * 71
    call("set_ncc_model_origin", mid, -20, -25)
    (moved,) = call("get_ncc_model_region", mid)
    assert moved[0].bbox() == (-15, -10, 55, 60)
