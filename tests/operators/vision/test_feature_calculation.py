"""calculate_features and get_feature_names against the single-feature operators and
values worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region


def _image() -> ObjectTuple:
    values = np.zeros((20, 20), np.uint8)
    values[:, 10:] = 100
    return ObjectTuple([Image(values[None], "byte")])


def test_features_by_name_match_region_and_gray_operators(call):
    regs = ObjectTuple([Region.rectangle(0, 0, 9, 9), Region.rectangle(5, 5, 14, 14)])
    (values,) = call(
        "calculate_features", regs, _image(), ("area", "width", "gray_mean", "roundness")
    )
    # region 1: 100 pixels, 10 wide, all gray 0; region 2: half 0 and half 100 -> mean 50
    assert values[0:3] == (100.0, 10.0, 0.0) and values[4:7] == (100.0, 10.0, 50.0)
    roundness = call("roundness", regs)[2]
    assert values[3] == pytest.approx(roundness[0]) and values[7] == pytest.approx(roundness[1])
    second = ObjectTuple([Region.rectangle(5, 5, 14, 14)])
    (dev,) = call("calculate_features", second, _image(), "gray_deviation")
    assert dev == (50.0,)
    # shape features need no image
    (area,) = call("calculate_features", regs, ObjectTuple([]), "area")
    assert area == (100.0, 100.0)
    assert call("calculate_features", ObjectTuple([]), _image(), "area") == ((),)


def test_unknown_names_and_groups(call):
    regs = ObjectTuple([Region.rectangle(0, 0, 9, 9)])
    assert call.code("calculate_features", regs, _image(), "cooc_energy") == 1301
    assert call.code("calculate_features", regs, ObjectTuple([]), "gray_mean") == 1502
    (names,) = call("get_feature_names", "region")
    assert "roundness" in names and "gray_mean" not in names
    (names,) = call("get_feature_names", "all")
    assert "gray_mean" in names and "area" in names and len(names) == len(set(names))
    assert call.code("get_feature_names", "texture") == 1301
