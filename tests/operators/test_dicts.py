"""Dictionaries: the operators, the D.key helpers, hdict/JSON files and JSON conversion."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from hdlite.errors import HalconError
from hdlite.values.control import Handle
from hdlite.values.dicts import dict_get, dict_set, new_dict
from hdlite.values.iconic import Image, ObjectTuple, Region


def image(pixel_type: str = "byte", channels: int = 1, domain: Region | None = None) -> Image:
    rng = np.random.default_rng(7)
    dtype = {"byte": np.uint8, "real": np.float32, "uint2": np.uint16, "int4": np.int32}[pixel_type]
    data = (rng.random((channels, 5, 7)) * 200).astype(dtype)
    return Image(data, pixel_type, domain)


def new(call) -> Handle:
    return call("create_dict")[0][0]


# -- in memory --------------------------------------------------------------------------


def test_tuples_are_stored_and_read_back(call):
    d = new(call)
    call("set_dict_tuple", d, "mixed", (1, 2.5, "x"))
    call("set_dict_tuple", d, 7, ())
    assert call("get_dict_tuple", d, "mixed") == ((1, 2.5, "x"),)
    assert call("get_dict_tuple", d, 7) == ((),)


def test_string_and_integer_keys_are_different(call):
    d = new(call)
    call("set_dict_tuple", d, 1, "int")
    call("set_dict_tuple", d, "1", "str")
    assert call("get_dict_tuple", d, 1) == (("int",),)
    assert call("get_dict_tuple", d, "1") == (("str",),)


def test_missing_key_is_2894(call):
    d = new(call)
    assert call.code("get_dict_tuple", d, "nope") == 2894
    assert call.code("get_dict_object", d, "nope") == 2894


def test_wrong_kind_of_entry_is_2896(call):
    d = new(call)
    call("set_dict_tuple", d, "t", 1)
    call("set_dict_object", ObjectTuple([image()]), d, "o")
    assert call.code("get_dict_object", d, "t") == 2896
    assert call.code("get_dict_tuple", d, "o") == 2896


def test_bad_keys(call):
    d = new(call)
    assert call.code("set_dict_tuple", d, "", 1) == 1302
    assert call.code("set_dict_tuple", d, 1.5, 1) == 1202
    assert call.code("set_dict_tuple", d, ("a", "b"), 1) == 1402


def test_objects_are_stored(call):
    d = new(call)
    objects = ObjectTuple([image(), Region.rectangle(1, 1, 2, 3)])
    call("set_dict_object", objects, d, "img")
    (back,) = call("get_dict_object", d, "img")
    assert list(back) == list(objects)


def test_get_dict_param(call):
    d = new(call)
    call("set_dict_tuple", d, "a", 1)
    call("set_dict_object", ObjectTuple([image()]), d, 3)
    assert call("get_dict_param", d, "keys", ()) == (("a", 3),)
    assert call("get_dict_param", d, "key_exists", ("a", "b", 3)) == ((1, 0, 1),)
    assert call("get_dict_param", d, "key_data_type", ("a", 3)) == (("tuple", "object"),)
    assert call.code("get_dict_param", d, "keys", "a") == 1403
    assert call.code("get_dict_param", d, "key_data_type", "zz") == 2894
    assert call.code("get_dict_param", d, "bogus", ()) == 1302


def test_remove_dict_key(call):
    d = new(call)
    call("set_dict_tuple", d, "a", 1)
    call("set_dict_tuple", d, "b", 2)
    call("remove_dict_key", d, ("a", "missing"))
    assert call("get_dict_param", d, "keys", ()) == (("b",),)


def test_copy_dict_shallow_and_recursive(call):
    inner = new(call)
    call("set_dict_tuple", inner, "v", 1)
    outer = new(call)
    call("set_dict_tuple", outer, "inner", inner)
    call("set_dict_tuple", outer, "again", inner)
    (shallow,) = call("copy_dict", outer, (), ())[0]
    (deep,) = call("copy_dict", outer, "copy_recursive", "true")[0]
    call("set_dict_tuple", outer, "new", 0)
    assert call("get_dict_param", shallow, "key_exists", "new") == ((0,),)
    assert dict_get(shallow, "inner")[0] is inner
    deep_inner = dict_get(deep, "inner")[0]
    assert deep_inner is not inner and dict_get(deep_inner, "v") == (1,)
    assert dict_get(deep, "again")[0] is deep_inner  # shared references stay shared
    assert call.code("copy_dict", outer, "copy_recursive", "maybe") == 1303


def test_copy_dict_recursive_keeps_cycles(call):
    d = new(call)
    call("set_dict_tuple", d, "self", d)
    (copy,) = call("copy_dict", d, "copy_recursive", "true")[0]
    assert copy is not d and dict_get(copy, "self")[0] is copy


def test_tuple_at(call):
    d = new(call)
    call("set_dict_tuple", d, "t", (10, 20, 30))
    assert call("get_dict_tuple_at", d, "t", (2, 0)) == ((30, 10),)
    call("set_dict_tuple_at", d, "t", (1, 5), ("a", "b"))
    assert call("get_dict_tuple", d, "t") == ((10, "a", 30, 0, 0, "b"),)
    assert call.code("get_dict_tuple_at", d, "t", 6) == 2897
    assert call.code("set_dict_tuple_at", d, "t", -1, 0) == 2897
    assert call.code("get_dict_tuple_at", d, "missing", 0) == 2894


def test_handle_checks_before_the_call(call):
    d = new(call)
    file_like = Handle("file", None)
    assert call.code("get_dict_tuple", file_like, "a") == 2404
    d.clear()
    assert call.code("get_dict_tuple", d, "a") == 2454


# -- D.key helpers ----------------------------------------------------------------------


def test_dict_get_and_set():
    d = new_dict({"a": (1,)})
    dict_set(d, "b", (2, 3))
    dict_set((d,), ("c",), ObjectTuple())
    assert dict_get(d, "a") == (1,)
    assert dict_get((d,), ("b",)) == (2, 3)
    assert isinstance(dict_get(d, "c"), ObjectTuple)


@pytest.mark.parametrize(
    ("handle", "key", "code"),
    [
        (new_dict(), "missing", 2894),
        (Handle("file", None), "a", 2404),
        (5, "a", 2404),
        ((new_dict(), new_dict()), "a", 2404),
    ],
)
def test_dict_get_errors(handle, key, code):
    with pytest.raises(HalconError) as info:
        dict_get(handle, key)
    assert info.value.code == code


def test_dict_get_on_cleared_handle_is_2454():
    d = new_dict()
    d.clear()
    with pytest.raises(HalconError) as info:
        dict_get(d, "a")
    assert info.value.code == 2454
    with pytest.raises(HalconError) as info:
        dict_set(d, "a", (1,))
    assert info.value.code == 2454


def test_dict_stores_copies_in_programs(run_script):
    result = run_script(
        "T := [1, 2]\n"
        "create_dict (D)\n"
        "set_dict_tuple (D, 't', T)\n"
        "T[0] := 5\n"
        "get_dict_tuple (D, 't', U)\n"
        "D.x := T\n"
        "T := []\n"
        "X := D.x\n"
    )
    assert result.error is None
    assert result["U"] == (1, 2)
    assert result["X"] == (5, 2)


# -- hdict files ------------------------------------------------------------------------


def assert_same_image(a: Image, b: Image) -> None:
    assert a.pixel_type == b.pixel_type
    assert a.data.dtype == b.data.dtype
    np.testing.assert_array_equal(a.data, b.data)
    if a.domain is None:
        assert b.domain is None
    else:
        assert (a.domain.row, a.domain.column) == (b.domain.row, b.domain.column)
        np.testing.assert_array_equal(a.domain.mask, b.domain.mask)


def test_write_read_dict_round_trip(call, tmp_path):
    inner = new(call)
    call("set_dict_tuple", inner, "deep", ("x", 1))
    d = new(call)
    values = (0, -(2**63), 2**63 - 1, 0.1, -0.0, 5e-324, math.inf, -math.inf, "", "a\nb\u2028ü😀")
    call("set_dict_tuple", d, "values", values)
    call("set_dict_tuple", d, "nan", math.nan)
    call("set_dict_tuple", d, 42, ())
    call("set_dict_tuple", d, "nested", (inner, 3, inner))
    domain = Region(1, 2, np.array([[1, 0, 1], [0, 1, 1]], dtype=bool))
    images = ObjectTuple([image(), image("real", 3), image("uint2", domain=domain)])
    call("set_dict_object", images, d, "images")
    call("set_dict_object", ObjectTuple([Region.rectangle(2, 3, 4, 8)]), d, "region")
    call("set_dict_object", ObjectTuple(), d, "none")
    path = str(tmp_path / "sample.hdict")
    call("write_dict", d, path, (), ())
    (back,) = call("read_dict", path, (), ())[0]

    assert call("get_dict_param", back, "keys", ()) == call("get_dict_param", d, "keys", ())
    got = dict_get(back, "values")
    assert [repr(v) for v in got] == [repr(v) for v in values]
    assert math.isnan(dict_get(back, "nan")[0])
    assert dict_get(back, 42) == ()
    first, three, second = dict_get(back, "nested")
    assert three == 3 and first is second and first.kind == "dict"
    assert dict_get(first, "deep") == ("x", 1)
    for a, b in zip(images, dict_get(back, "images"), strict=True):
        assert_same_image(a, b)
    (region,) = dict_get(back, "region")
    assert region.bbox() == (2, 3, 4, 8) and region.area() == 18
    assert len(dict_get(back, "none")) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["sample.hdict"]  # no temporary files left


def test_write_dict_keeps_cycles(call, tmp_path):
    d = new(call)
    call("set_dict_tuple", d, "me", d)
    path = str(tmp_path / "cycle.hdict")
    call("write_dict", d, path, (), ())
    (back,) = call("read_dict", path, (), ())[0]
    assert dict_get(back, "me")[0] is back


def test_read_dict_appends_the_extension(call, tmp_path):
    d = new(call)
    call("set_dict_tuple", d, "a", 1)
    call("write_dict", d, str(tmp_path / "noext.hdict"), (), ())
    (back,) = call("read_dict", str(tmp_path / "noext"), (), ())[0]
    assert dict_get(back, "a") == (1,)


def test_read_dict_errors(call, tmp_path):
    assert call.code("read_dict", str(tmp_path / "missing.hdict"), (), ()) == 5200
    garbage = tmp_path / "garbage.hdict"
    garbage.write_bytes(b"PK\x03\x04 this is not a zip")
    assert call.code("read_dict", str(garbage), (), ()) == 5238
    text = tmp_path / "text.hdict"
    text.write_text("neither zip nor json")
    assert call.code("read_dict", str(text), (), ()) == 5238


def test_read_dict_refuses_pickled_members(call, tmp_path):
    path = tmp_path / "evil.hdict"
    with open(path, "wb") as stream:
        np.savez(stream, manifest=np.array([{"format": "hdlite-dict"}], dtype=object))
    assert call.code("read_dict", str(path), (), ()) == 5238


def test_read_dict_rejects_other_versions_and_broken_manifests(call, tmp_path):
    def archive(manifest: dict) -> str:
        path = tmp_path / f"m{len(list(tmp_path.iterdir()))}.hdict"
        data = np.frombuffer(json.dumps(manifest).encode(), dtype=np.uint8)
        with open(path, "wb") as stream:
            np.savez(stream, manifest=data)
        return str(path)

    newer = archive({"format": "hdlite-dict", "version": 99, "root": 0, "dicts": []})
    assert call.code("read_dict", newer, (), ()) == 2403
    broken = archive({"format": "hdlite-dict", "version": 1, "root": 3, "dicts": []})
    assert call.code("read_dict", broken, (), ()) == 5238
    bad_key = {"entries": [{"key": 1.5, "tuple": []}]}
    wrong = archive({"format": "hdlite-dict", "version": 1, "root": 0, "dicts": [bad_key]})
    assert call.code("read_dict", wrong, (), ()) == 5238


def test_write_dict_errors(call, tmp_path):
    d = new(call)
    call("set_dict_tuple", d, "file", Handle("file", None))
    assert call.code("write_dict", d, str(tmp_path / "x.hdict"), (), ()) == 2455
    ok = new(call)
    missing_dir = str(tmp_path / "no" / "such" / "dir.hdict")
    assert call.code("write_dict", ok, missing_dir, (), ()) == 5215
    assert call.code("write_dict", ok, str(tmp_path / "y"), "bogus", "true") == 1303


def test_write_dict_skips_what_cannot_be_stored_on_request(call, tmp_path):
    d = new(call)
    call("set_dict_tuple", d, "file", Handle("file", None))
    call("set_dict_tuple", d, "a", 1)
    path = str(tmp_path / "x.hdict")
    call("write_dict", d, path, "raise_error_if_content_not_serializable", "false")
    (back,) = call("read_dict", path, (), ())[0]
    assert dict_get(back, "a") == (1,)
    assert dict_get(back, "file")[0].cleared


def test_write_dict_overwrites_atomically(call, tmp_path):
    path = tmp_path / "d.hdict"
    path.write_bytes(b"old")
    d = new(call)
    call("set_dict_tuple", d, "a", 2)
    call("write_dict", d, str(path), (), ())
    assert path.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.hdict"]


# -- JSON -------------------------------------------------------------------------------


def test_json_files(call, tmp_path):
    d = new(call)
    inner = new(call)
    call("set_dict_tuple", inner, "n", 1.5)
    call("set_dict_tuple", d, "name", "x")
    call("set_dict_tuple", d, "list", (1, 2))
    call("set_dict_tuple", d, "inner", inner)
    path = tmp_path / "d.json"
    call("write_dict", d, str(path), (), ())
    assert json.loads(path.read_text()) == {"name": "x", "list": [1, 2], "inner": {"n": 1.5}}
    (back,) = call("read_dict", str(path), "convert_json_arrays_to", "tuple_if_possible")[0]
    assert dict_get(back, "list") == (1, 2)
    assert dict_get(dict_get(back, "inner")[0], "n") == (1.5,)


def test_json_file_type_parameter_and_objects(call, tmp_path):
    d = new(call)
    call("set_dict_object", ObjectTuple([image()]), d, "img")
    call("set_dict_tuple", d, "a", 1)
    path = str(tmp_path / "d.txt")
    assert call.code("write_dict", d, path, "file_type", "json") == 9054
    names, values = ("file_type", "raise_error_if_content_not_serializable"), ("json", "false")
    call("write_dict", d, path, names, values)
    assert json.loads((tmp_path / "d.txt").read_text()) == {"a": 1}


def test_json_to_dict_defaults(call):
    text = '{"a": [1, 2.5, "s"], "b": {"c": true, "d": null}, "e": [[1], {"f": false}]}'
    (d,) = call("json_to_dict", text, (), ())[0]
    array = dict_get(d, "a")[0]
    assert call("get_dict_param", array, "keys", ()) == ((0, 1, 2),)
    assert dict_get(array, 1) == (2.5,)
    b = dict_get(d, "b")[0]
    assert dict_get(b, "c") == (1,) and dict_get(b, "d") == ("HNULL",)


def test_json_to_dict_options(call):
    names = ("convert_json_arrays_to", "json_value_true", "json_value_null")
    values = ("tuple_if_possible", "yes", -1)
    (d,) = call("json_to_dict", '{"a": [1, true, null], "b": [{"x": 1}]}', names, values)[0]
    assert dict_get(d, "a") == (1, "yes", -1)
    b = dict_get(d, "b")[0]
    assert dict_get(dict_get(b, 0)[0], "x") == (1,)


def test_json_to_dict_errors(call):
    assert call.code("json_to_dict", "{not json", (), ()) == 1301
    assert call.code("json_to_dict", "42", (), ()) == 1301
    assert call.code("json_to_dict", "{}", "convert_json_arrays_to", "list") == 1302


def test_dict_to_json(call):
    (d,) = call("json_to_dict", '{"a": [1, 2], "b": {"c": "x"}, "n": 3}', (), ())[0]
    (text,) = call("dict_to_json", d, (), ())[0]
    assert json.loads(text) == {"a": [1, 2], "b": {"c": "x"}, "n": 3}
    call("set_dict_tuple", d, "nan", math.nan)
    call("set_dict_tuple", d, "empty", ())
    assert json.loads(call("dict_to_json", d, (), ())[0][0])["nan"] is None
    assert json.loads(call("dict_to_json", d, (), ())[0][0])["empty"] == []


def test_dict_to_json_refuses_cycles(call):
    d = new(call)
    call("set_dict_tuple", d, "me", d)
    assert call.code("dict_to_json", d, (), ()) == 2456


def test_dicts_in_a_program(run_script, tmp_path):
    path = str(tmp_path / "p.hdict").replace("\\", "/")
    result = run_script(
        "D := dict{name: 'a', inner: dict{v: [1, 2]}}\n"
        f"write_dict (D, '{path}', [], [])\n"
        f"read_dict ('{path}', [], [], E)\n"
        "V := E.inner.v\n"
        "try\n"
        "    X := E.missing\n"
        "catch (Exception)\n"
        "    Code := Exception[0]\n"
        "endtry\n"
    )
    assert result.error is None, result.error
    assert result["V"] == (1, 2)
    assert result["Code"] == (2894,)
