"""HALCON's rule for operators that process images of several input parameters together:
a parameter without objects gives empty outputs ('no_object_result'), whatever the others
hold; unequal numbers of images are 3017."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple

E = ObjectTuple()


def _byte(value: int, shape: tuple[int, int] = (4, 5), channels: int = 1) -> ObjectTuple:
    return ObjectTuple([Image(np.full((channels, *shape), value, np.uint8), "byte")])


def _two(value: int) -> ObjectTuple:
    return ObjectTuple([*_byte(value), *_byte(value)])


ARITH = ["add_image", "sub_image", "mult_image", "div_image"]


@pytest.mark.parametrize("name", ARITH)
def test_arithmetic_with_an_empty_input_gives_no_image(call, name):
    image = _byte(9)
    assert call(name, E, image, 1, 0) == (E,)
    assert call(name, image, E, 1, 0) == (E,)
    assert call(name, E, E, 1, 0) == (E,)
    assert call.code(name, image, _two(3), 1, 0) == 3017


@pytest.mark.parametrize("name", ["max_image", "min_image", "compose2", "paint_gray"])
def test_two_image_operators_with_an_empty_input(call, name):
    assert call(name, E, _byte(1)) == (E,)
    assert call(name, _byte(1), E) == (E,)


def test_more_inputs_follow_the_same_rule(call):
    one = _byte(5)
    assert call("abs_diff_image", one, E, 1) == (E,)
    assert call("compose3", one, one, E) == (E,)
    assert call("compose7", *([one] * 6), E) == (E,)
    assert call("rgb3_to_gray", E, one, one) == (E,)
    assert call("append_channel", one, E) == (E,)
    assert call("dyn_threshold", one, E, 5, "light") == (E,)
    assert call("class_2dim_unsup", one, E, 15, 5) == (E,)
    assert call.code("compose3", one, one, _two(5)) == 3017


def test_exception_mode_raises_no_input_objects(call):
    call("set_system", "no_object_result", "exception")
    assert call.code("sub_image", E, _byte(1), 1, 0) == 3110
    assert call.code("compose2", _byte(1), E) == 3110
    call("set_system", "no_object_result", "true")
    assert call("sub_image", E, _byte(1), 1, 0) == (E,)


def test_the_program_that_stopped_runs(run_script):
    result = run_script(
        "gen_empty_obj (E)\n"
        "gen_image_const (I, 'byte', 64, 64)\n"
        "sub_image (E, I, S, 1, 0)\n"
        "count_obj (S, N)\n"
    )
    assert result.error is None
    assert result["N"] == (0,)


def test_values_are_unchanged_for_full_inputs(call):
    (sub,) = call("sub_image", _byte(9), _byte(4), 2, 1)
    assert sub[0].data.tolist() == [[[11] * 5] * 4]  # (9 - 4) * 2 + 1
