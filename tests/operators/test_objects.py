"""Object tuple operators: select_obj, copy_obj, concat_obj, replace_obj... and comparisons."""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.errors import HalconError
from hdlite.values.iconic import Image, ObjectTuple, Region


def _img(value: int, size: int = 2) -> Image:
    return Image(np.full((1, size, size), value, np.uint8), "byte")


@pytest.fixture
def five() -> ObjectTuple:
    return ObjectTuple(_img(v) for v in range(5))


def _values(objs: ObjectTuple) -> list[int]:
    return [int(o.data[0, 0, 0]) for o in objs]


def test_gen_empty_obj_and_count_obj(call, five):
    (empty,) = call("gen_empty_obj")
    assert len(empty) == 0
    assert call("count_obj", empty) == ((0,),)
    assert call("count_obj", five) == ((5,),)


def test_concat_obj_keeps_order(call, five):
    (both,) = call("concat_obj", five, ObjectTuple([_img(9)]))
    assert _values(both) == [0, 1, 2, 3, 4, 9]


def test_select_obj_single_and_tuple_index(call, five):
    assert _values(call("select_obj", five, (3,))[0]) == [2]
    assert _values(call("select_obj", five, (5, 1, 1))[0]) == [4, 0, 0]


@pytest.mark.parametrize(("index", "code"), [(6, 4063), (0, 1301), (-1, 1301)])
def test_select_obj_bad_index(call, five, index, code):
    with pytest.raises(HalconError) as info:
        call("select_obj", five, (index,))
    assert info.value.code == code


def test_select_obj_rejects_real_index(call, five):
    with pytest.raises(HalconError) as info:
        call("select_obj", five, (1.5,))
    assert info.value.code == 1201


def test_copy_obj_ranges(call, five):
    assert _values(call("copy_obj", five, (2,), (3,))[0]) == [1, 2, 3]
    assert _values(call("copy_obj", five, (4,), (-1,))[0]) == [3, 4]
    assert _values(call("copy_obj", five, (1,), (-1,))[0]) == [0, 1, 2, 3, 4]
    assert len(call("copy_obj", ObjectTuple(), (1,), (-1,))[0]) == 0


@pytest.mark.parametrize(
    ("index", "num", "code"), [(6, 1, 4063), (4, 3, 4063), (0, 1, 1301), (1, -2, 1302)]
)
def test_copy_obj_errors(call, five, index, num, code):
    with pytest.raises(HalconError) as info:
        call("copy_obj", five, (index,), (num,))
    assert info.value.code == code


def test_replace_remove_insert(call, five):
    (replaced,) = call("replace_obj", five, ObjectTuple([_img(7), _img(8)]), (1, 5))
    assert _values(replaced) == [7, 1, 2, 3, 8]
    (same_for_all,) = call("replace_obj", five, ObjectTuple([_img(7)]), (2, 3))
    assert _values(same_for_all) == [0, 7, 7, 3, 4]
    (removed,) = call("remove_obj", five, (2, 4))
    assert _values(removed) == [0, 2, 4]
    (inserted,) = call("insert_obj", five, ObjectTuple([_img(9)]), (2,))
    assert _values(inserted) == [0, 9, 1, 2, 3, 4]
    (appended,) = call("insert_obj", five, ObjectTuple([_img(9)]), (6,))
    assert _values(appended) == [0, 1, 2, 3, 4, 9]
    assert _values(five) == [0, 1, 2, 3, 4]  # the input is unchanged


def test_replace_remove_insert_errors(call, five):
    with pytest.raises(HalconError) as info:
        call("replace_obj", five, ObjectTuple([_img(7), _img(8)]), (1,))
    assert info.value.code == 1401
    with pytest.raises(HalconError) as info:
        call("remove_obj", five, (6,))
    assert info.value.code == 4063
    with pytest.raises(HalconError) as info:
        call("insert_obj", five, ObjectTuple([_img(9)]), (7,))
    assert info.value.code == 4063


def test_obj_diff_by_identity(call, five):
    (diff,) = call("obj_diff", five, ObjectTuple([five[1], five[3]]))
    assert _values(diff) == [0, 2, 4]
    (none_removed,) = call("obj_diff", five, ObjectTuple([_img(1)]))
    assert len(none_removed) == 5


def test_get_obj_class(call):
    objs = ObjectTuple([_img(1), Region.rectangle(0, 0, 1, 1)])
    assert call("get_obj_class", objs) == (("image", "region"),)


def test_test_equal_obj_compares_pixels_and_regions(call):
    a = ObjectTuple([_img(5), Region.rectangle(1, 1, 2, 3)])
    b = ObjectTuple([_img(5), Region(1, 1, np.ones((2, 3), bool))])
    assert call("test_equal_obj", a, b) == ((1,),)
    c = ObjectTuple([_img(6), Region.rectangle(1, 1, 2, 3)])
    assert call("test_equal_obj", a, c) == ((0,),)
    d = ObjectTuple([_img(5), Region.rectangle(1, 1, 2, 4)])
    assert call("test_equal_obj", a, d) == ((0,),)
    assert call("test_equal_obj", a, ObjectTuple([_img(5)])) == ((0,),)


def test_test_equal_obj_ignores_pixels_outside_domain(call):
    dom = Region.rectangle(0, 0, 0, 1)
    a = Image(np.array([[[1, 2], [3, 4]]], np.uint8), "byte", dom)
    b = Image(np.array([[[1, 2], [9, 9]]], np.uint8), "byte", dom)
    assert call("test_equal_obj", ObjectTuple([a]), ObjectTuple([b])) == ((1,),)
    full = Image(b.data, "byte")
    assert call("test_equal_obj", ObjectTuple([a]), ObjectTuple([full])) == ((0,),)


def test_compare_obj_epsilon(call):
    a, b = ObjectTuple([_img(5)]), ObjectTuple([_img(7)])
    assert call("compare_obj", a, b, (1.0,)) == ((0,),)
    assert call("compare_obj", a, b, (2.0,)) == ((1,),)
    with pytest.raises(HalconError) as info:
        call("compare_obj", a, b, (-1.0,))
    assert info.value.code == 1301


def test_object_operators_in_a_program(run_script):
    result = run_script(
        "gen_empty_obj (Objs)\n"
        "for I := 1 to 4 by 1\n"
        "    gen_image_const (Img, 'byte', I, 1)\n"
        "    concat_obj (Objs, Img, Objs)\n"
        "endfor\n"
        "count_obj (Objs, N)\n"
        "select_obj (Objs, Third, 3)\n"
        "get_image_size (Third, W, H)\n"
        "copy_obj (Objs, Tail, 2, -1)\n"
        "get_image_size (Tail, Ws, Hs)\n"
        "try\n"
        "    select_obj (Objs, Bad, 9)\n"
        "catch (Exc)\n"
        "    Code := Exc[0]\n"
        "endtry\n"
    )
    assert result.error is None, result.error
    assert result["N"] == (4,)
    assert result["W"] == (3,)
    assert result["Ws"] == (2, 3, 4)
    assert result["Code"] == (4063,)


def test_clear_obj_accepts_any_objects(call, five):
    assert call("clear_obj", five) == ()
    assert call("count_obj", five) == ((5,),)  # objects are shared, never destroyed
