"""sqrt_image, exp_image, log_image, pow_image, sin/cos/tan_image, atan_image and
atan2_image on hand-made pixel values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.values.iconic import Image, ObjectTuple


def _img(values, pixel_type: str = "real") -> ObjectTuple:
    dtype = {"byte": np.uint8, "int2": np.int16, "real": np.float32}[pixel_type]
    return ObjectTuple([Image(np.asarray([values], dtype=dtype), pixel_type)])


def _values(objs: ObjectTuple) -> list:
    assert len(objs) == 1
    return objs[0].data[0].tolist()


def test_sqrt_image_keeps_the_type_and_zeroes_negative_values(call):
    (out,) = call("sqrt_image", _img([[0, 4, 10, 255]], "byte"))
    assert out[0].pixel_type == "byte"
    assert _values(out) == [[0, 2, 3, 16]]  # sqrt(10) = 3.16, sqrt(255) = 15.97
    (out,) = call("sqrt_image", _img([[-9, 9]], "int2"))
    assert _values(out) == [[0, 3]]
    (out,) = call("sqrt_image", _img([[2.0]]))
    assert _values(out)[0][0] == pytest.approx(math.sqrt(2), rel=1e-6)


def test_exp_and_log_image(call):
    (out,) = call("exp_image", _img([[0, 1, 3]], "byte"), "e")
    assert out[0].pixel_type == "real"
    assert _values(out)[0] == pytest.approx([1.0, math.e, math.e**3], rel=1e-6)
    (out,) = call("exp_image", _img([[10.0, 200.0]]), 10)
    assert _values(out)[0] == pytest.approx([1e10, float(np.finfo(np.float32).max)], rel=1e-6)
    (out,) = call("log_image", _img([[0, 1, 8, 100]], "byte"), 2)
    assert _values(out)[0] == pytest.approx([0.0, 0.0, 3.0, math.log2(100)], rel=1e-6)
    (out,) = call("log_image", _img([[-1.0, math.e]]), "e")
    assert _values(out)[0] == pytest.approx([0.0, 1.0], rel=1e-6)
    assert call.code("log_image", _img([[1.0]]), "ten") == 1301
    assert call.code("log_image", _img([[1.0]]), 1) == 1301


def test_pow_image(call):
    (out,) = call("pow_image", _img([[2, 3, 0]], "byte"), 3)
    assert _values(out)[0] == pytest.approx([8.0, 27.0, 0.0])
    (out,) = call("pow_image", _img([[-4.0, 4.0]]), 0.5)
    assert _values(out)[0] == pytest.approx([0.0, 2.0])  # undefined power: 0
    (out,) = call("pow_image", _img([[1e30]]), 2)
    assert _values(out)[0][0] == pytest.approx(float(np.finfo(np.float32).max))


def test_trigonometric_images(call):
    angles = [[0.0, math.pi / 6, math.pi / 4]]
    (s,) = call("sin_image", _img(angles))
    (c,) = call("cos_image", _img(angles))
    (t,) = call("tan_image", _img(angles))
    assert _values(s)[0] == pytest.approx([0.0, 0.5, math.sqrt(0.5)], abs=1e-6)
    assert _values(c)[0] == pytest.approx([1.0, math.sqrt(0.75), math.sqrt(0.5)], abs=1e-6)
    assert _values(t)[0] == pytest.approx([0.0, 1 / math.sqrt(3), 1.0], abs=1e-6)
    assert call.code("sin_image", _img([[1]], "byte")) == 9007
    (a,) = call("atan_image", _img([[1, 0]], "byte"))
    assert _values(a)[0] == pytest.approx([math.pi / 4, 0.0], abs=1e-6)


def test_atan2_image(call):
    (out,) = call("atan2_image", _img([[1.0, -1.0, 0.0]]), _img([[0.0, -1.0, -2.0]]))
    assert _values(out)[0] == pytest.approx([math.pi / 2, -3 * math.pi / 4, math.pi], abs=1e-6)
    assert call.code("atan2_image", _img([[1.0]]), _img([[1.0, 2.0]])) == 3117
    assert call("atan2_image", ObjectTuple(), _img([[1.0]])) == (ObjectTuple(),)
