"""text_line_orientation and text_line_slant on rotated and sheared synthetic print."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple

from ._text_scenes import render_page

LINES = ["AB12CD", "XY7895"]


@pytest.mark.parametrize("degrees", [-5.0, 0.0, 4.0, 12.0])
def test_orientation_of_rotated_lines(call, degrees):
    image = ObjectTuple([render_page(LINES, angle=degrees, seed=3)])
    ((angle,),) = call("text_line_orientation", image, image, 25, -0.5, 0.5)
    assert math.degrees(angle) == pytest.approx(degrees, abs=0.3)


def test_orientation_per_region_light_print_and_range(call):
    page = render_page(LINES, angle=4.0, dark=230, light=30, seed=4)
    (left,) = call("gen_rectangle1", 0, 0, page.height - 1, page.width // 2)
    (right,) = call("gen_rectangle1", 0, page.width // 2, page.height - 1, page.width - 1)
    (both,) = call("concat_obj", left, right)
    (angles,) = call("text_line_orientation", both, ObjectTuple([page]), 25, -0.5, 0.5)
    assert [round(math.degrees(a)) for a in angles] == [4, 4]
    ((clipped,),) = call("text_line_orientation", left, ObjectTuple([page]), 25, 0.1, 0.2)
    assert clipped == pytest.approx(0.1, abs=1e-6)  # the best angle within the range
    flat = ObjectTuple([Image(np.full((30, 40), 100, dtype=np.uint8), "byte")])
    assert call("text_line_orientation", flat, flat, 25, -0.5, 0.5) == ((0.0,),)


def _sheared(degrees: float, font: str) -> ObjectTuple:
    import cv2

    data = render_page(LINES, seed=5, font=font).data[0]
    t, h = math.tan(math.radians(degrees)), data.shape[0]
    m = np.array([[1, -t, t * h], [0, 1, 0]], dtype=np.float32)  # the top moves right
    out = cv2.warpAffine(data, m, (data.shape[1] + int(abs(t) * h) + 10, h), borderValue=225)
    return ObjectTuple([Image(out, "byte")])


@pytest.mark.parametrize("degrees", [-10.0, 0.0, 15.0])
@pytest.mark.parametrize("font", ["DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"])
def test_slant_of_sheared_print(call, degrees, font):
    image = _sheared(degrees, font)
    ((angle,),) = call("text_line_slant", image, image, 25, -0.5, 0.5)
    assert math.degrees(angle) == pytest.approx(degrees, abs=1.5)


def test_wrong_values(call):
    image = ObjectTuple([render_page(LINES)])
    assert call.code("text_line_orientation", image, image, 0, -0.5, 0.5) == 1301
    assert call.code("text_line_orientation", image, image, 25, -2.0, 0.5) == 1302
    assert call.code("text_line_orientation", image, image, 25, 0.5, -0.5) == 1303
    assert call.code("text_line_slant", image, image, 25, -0.5, 1.6) == 1303
    (two,) = call("concat_obj", image, image)
    assert call.code("text_line_slant", image, two, 25, -0.5, 0.5) == 1502
