"""clear_handle, tuple_sem_type(_elem), tuple_repeat(_elem) and tuple_is_nan_elem."""

from __future__ import annotations

import math

from hdlite.values.control import Handle


def test_clear_handle_invalidates_every_copy(call):
    (d,) = call("create_dict")
    handle = d[0]
    copy = (handle,)
    call("set_dict_tuple", handle, "a", 1)
    assert call("clear_handle", copy) == ()
    assert handle.cleared
    assert call("tuple_is_valid_handle", handle) == ((0,),)
    assert call.code("get_dict_tuple", handle, "a") == 2454
    assert call.code("clear_handle", handle) == 2454
    assert call.code("clear_handle", (1,)) == 1201
    assert call("clear_handle", ()) == ()


def test_clear_handle_closes_a_file(call, tmp_path):
    (f,) = call("open_file", str(tmp_path / "out.txt"), "output")
    call("fwrite_string", f, "kept")
    call("clear_handle", f)
    assert (tmp_path / "out.txt").read_text() == "kept"
    assert call.code("fwrite_string", f, "more") == 2454


def test_tuple_sem_type(call):
    assert call("tuple_sem_type", ()) == (("any",),)
    assert call("tuple_sem_type", (1, 2)) == (("integer",),)
    assert call("tuple_sem_type", (1.5,)) == (("real",),)
    assert call("tuple_sem_type", ("a", "b")) == (("string",),)
    assert call("tuple_sem_type", (1, "a")) == (("any",),)
    a, b = Handle("dict", {}), Handle("dict", {})
    assert call("tuple_sem_type", (a, b)) == (("dict",),)
    assert call("tuple_sem_type", (a, Handle("matrix", None))) == (("handle",),)
    b.clear()
    assert call("tuple_sem_type", (a, b)) == (("handle",),)
    assert call("tuple_sem_type_elem", (a, b, 3, 0.5, "s")) == (
        ("dict", "handle", "integer", "real", "string"),
    )


def test_tuple_repeat_and_repeat_elem(call):
    assert call("tuple_repeat", (1, "a"), 3) == ((1, "a", 1, "a", 1, "a"),)
    assert call("tuple_repeat_elem", (1, "a"), 2) == ((1, 1, "a", "a"),)
    assert call("tuple_repeat", (1, 2), 0) == ((),)
    assert call("tuple_repeat_elem", (), 5) == ((),)
    assert call("tuple_repeat", (7,), 2.0) == ((7, 7),)
    assert call.code("tuple_repeat", (1,), -1) == 1302
    assert call.code("tuple_repeat_elem", (1,), 1.5) == 1302
    assert call.code("tuple_repeat", (1, 2), 10**9) == 6001


def test_tuple_is_nan_elem(call):
    assert call("tuple_is_nan_elem", (math.nan, 1.0, 2, "nan")) == ((1, 0, 0, 0),)
