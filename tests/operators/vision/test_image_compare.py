"""check_difference against a hand computation: modes, offset, translation, domains."""

from __future__ import annotations

import numpy as np

from hdlite.values.iconic import Image, ObjectTuple, Region


def _img(values, domain: Region | None = None) -> ObjectTuple:
    return ObjectTuple([Image(np.asarray(values, dtype=np.uint8)[None], "byte", domain)])


def _points(objs: ObjectTuple) -> set[tuple[int, int]]:
    rows, cb, ce = objs[0].runs
    return {(int(r), c) for r, b, e in zip(rows, cb, ce, strict=True) for c in range(b, e + 1)}


IMAGE = [[10, 20, 30], [40, 50, 60]]
PATTERN = [[10, 25], [40, 44]]


def test_inside_and_outside_with_translation(call):
    # pattern at (0, 0): differences 0, -5 / 0, 6 over columns 0..1
    (inside,) = call("check_difference", _img(IMAGE), _img(PATTERN), "diff_inside", -5, 5, 0, 0, 0)
    assert _points(inside) == {(0, 0), (0, 1), (1, 0)}
    (outside,) = call(
        "check_difference", _img(IMAGE), _img(PATTERN), "diff_outside", -5, 5, 0, 0, 0
    )
    assert _points(outside) == {(1, 1)}
    # pattern moved one column right: 20 - 10, 30 - 25 / 50 - 40, 60 - 44, minus offset 10
    (moved,) = call("check_difference", _img(IMAGE), _img(PATTERN), "diff_inside", -5, 5, 10, 0, 1)
    assert _points(moved) == {(0, 1), (0, 2), (1, 1)}  # 60 - 44 - 10 = 6 is outside


def test_domains_limit_the_test_and_bounds_are_checked(call):
    image = _img(IMAGE, Region.rectangle(0, 0, 0, 2))
    (out,) = call("check_difference", image, _img(PATTERN), "diff_inside", -5, 5, 0, 0, 0)
    assert _points(out) == {(0, 0), (0, 1)}
    (none,) = call("check_difference", _img(IMAGE), _img(PATTERN), "diff_inside", -5, 5, 0, 9, 9)
    assert none[0].area() == 0
    assert (
        call.code("check_difference", image, _img(PATTERN), "diff_inside", -300, 5, 0, 0, 0) == 1302
    )
    assert call(
        "check_difference", ObjectTuple(), _img(PATTERN), "diff_inside", -5, 5, 0, 0, 0
    ) == (ObjectTuple(),)
