"""HALCON's dictionaries: create_dict, set/get_dict_tuple, set/get_dict_object, copy_dict...

A dictionary is a handle of kind ``'dict'`` whose object is a plain Python ``dict`` mapping
keys (``str`` or ``int``; ``1`` and ``'1'`` are different keys) to either a control tuple or
an :class:`~hdlite.values.iconic.ObjectTuple`. Both are immutable, so storing a value *is* storing a
copy, as HALCON requires: changing the variable later does not change the dict. Handles
inside a stored tuple (nested dicts, models) stay references.

The dictionary value itself (:func:`new_dict`, :func:`dict_get`, :func:`dict_set`) is core
(``hdlite/values/dicts.py``), because ``dict{}`` and ``D.key`` are syntax. The JSON conversion
behind ``dict_to_json`` and ``json_to_dict`` lives in :mod:`hdlite_core.serialized`, which
``read_dict``/``write_dict`` share for ``.json`` files.

Unverified against HALCON (no reference installation): the error for reading a key that
holds the other kind of data (tuple vs. object) is 2896 here; ``remove_dict_key`` ignores
missing keys; ``get_dict_param (..., 'key_data_type', ...)`` raises 2894 for a missing key.
"""

from __future__ import annotations

from typing import Any

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    Entry,
    Handle,
    IconicIn,
    IconicOut,
    Key,
    ObjectTuple,
    operator,
)

from . import serialized


def _key(ctx: CallContext, key: tuple, param: str = "Key") -> Key:
    value = key[0]
    if value == "":
        raise ctx.param_error("value", param, "a key must not be empty")
    return value


def _lookup(ctx: CallContext, handle: Handle, key: Key, kind: type) -> Any:
    entries: dict[Key, Entry] = handle.obj
    if key not in entries:
        raise ctx.error(2894, f"key {key!r}")
    value = entries[key]
    if not isinstance(value, kind):
        wanted = "a tuple" if kind is tuple else "an object"
        raise ctx.error(2896, f"key {key!r} does not hold {wanted}")
    return value


_KEY_TYPES = ("string", "integer")
_HANDLE = ControlIn("DictHandle", types="handle", count=1, sem="dict")


@operator("create_dict", ControlOut("DictHandle", types="handle", count=1, sem="dict"))
def create_dict(ctx: CallContext) -> tuple:
    """Create a new, empty dictionary."""
    return ((ctx.new_handle("dict", {}),),)


@operator(
    "set_dict_tuple",
    _HANDLE,
    ControlIn("Key", types=_KEY_TYPES, count=1),
    ControlIn("Tuple"),
)
def set_dict_tuple(ctx: CallContext, handle: tuple, key: tuple, value: tuple) -> tuple:
    """Store a copy of a tuple under a key (replacing what the key held)."""
    handle[0].obj[_key(ctx, key)] = value
    return ()


@operator(
    "get_dict_tuple",
    _HANDLE,
    ControlIn("Key", types=_KEY_TYPES, count=1),
    ControlOut("Tuple"),
)
def get_dict_tuple(ctx: CallContext, handle: tuple, key: tuple) -> tuple:
    """The tuple stored under a key; 2894 if the key is missing."""
    return (_lookup(ctx, handle[0], _key(ctx, key), tuple),)


@operator(
    "set_dict_object",
    IconicIn("Object"),
    _HANDLE,
    ControlIn("Key", types=_KEY_TYPES, count=1),
)
def set_dict_object(ctx: CallContext, objects: ObjectTuple, handle: tuple, key: tuple) -> tuple:
    """Store iconic objects under a key."""
    handle[0].obj[_key(ctx, key)] = objects
    return ()


@operator(
    "get_dict_object",
    IconicOut("Object"),
    _HANDLE,
    ControlIn("Key", types=_KEY_TYPES, count=1),
)
def get_dict_object(ctx: CallContext, handle: tuple, key: tuple) -> tuple:
    """The iconic objects stored under a key; 2894 if the key is missing."""
    return (_lookup(ctx, handle[0], _key(ctx, key), ObjectTuple),)


@operator(
    "get_dict_param",
    _HANDLE,
    ControlIn(
        "GenParamName",
        types="string",
        count=1,
        default="keys",
        values=("keys", "key_exists", "key_data_type"),
    ),
    ControlIn("Key", types=_KEY_TYPES),
    ControlOut("GenParamValue"),
)
def get_dict_param(ctx: CallContext, handle: tuple, name: tuple, keys: tuple) -> tuple:
    """Query a dictionary: its 'keys', or per key 'key_exists' (1/0) and 'key_data_type'."""
    entries: dict[Key, Entry] = handle[0].obj
    query = name[0]
    if query == "keys":
        if keys:
            raise ctx.param_error("count", "Key", "'keys' takes no keys")
        return (tuple(entries),)
    if query == "key_exists":
        return (tuple(int(k in entries) for k in keys),)
    out = []
    for k in keys:
        if k not in entries:
            raise ctx.error(2894, f"key {k!r}")
        out.append("object" if isinstance(entries[k], ObjectTuple) else "tuple")
    return (tuple(out),)


@operator("remove_dict_key", _HANDLE, ControlIn("Key", types=_KEY_TYPES))
def remove_dict_key(ctx: CallContext, handle: tuple, keys: tuple) -> tuple:
    """Remove keys and their data; keys that are not present are ignored."""
    entries: dict[Key, Entry] = handle[0].obj
    for k in keys:
        entries.pop(k, None)
    return ()


def copy_entries(entries: dict[Key, Entry], recursive: bool, memo: dict[int, Handle]) -> dict:
    """Copy a dict's entries; with ``recursive``, nested dict handles are copied too.

    ``memo`` maps ids of dicts already copied to their copies, so shared and cyclic
    references keep their shape.
    """
    if not recursive:
        return dict(entries)
    out: dict[Key, Entry] = {}
    for key, value in entries.items():
        if isinstance(value, tuple):
            value = tuple(_copy_element(v, memo) for v in value)
        out[key] = value
    return out


def _copy_element(value: Any, memo: dict[int, Handle]) -> Any:
    if not isinstance(value, Handle) or value.kind != "dict" or value.cleared:
        return value
    copy = memo.get(value.id)
    if copy is None:
        copy = Handle("dict", {})
        memo[value.id] = copy
        copy.obj.update(copy_entries(value.obj, True, memo))
    return copy


@operator(
    "copy_dict",
    _HANDLE,
    ControlIn("GenParamName", types="string", values=("copy_recursive",)),
    ControlIn("GenParamValue", types="string"),
    ControlOut("CopiedDictHandle", types="handle", count=1, sem="dict"),
)
def copy_dict(ctx: CallContext, handle: tuple, names: tuple, values: tuple) -> tuple:
    """Copy a dictionary; 'copy_recursive' 'true' also copies nested dictionaries."""
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", "one value per name")
    recursive = False
    for value in values:
        if value not in ("true", "false"):
            raise ctx.param_error(
                "value", "GenParamValue", f"'copy_recursive' takes 'true' or 'false', got {value!r}"
            )
        recursive = value == "true"
    source = handle[0]
    copy = ctx.new_handle("dict", {})
    memo = {source.id: copy}
    copy.obj.update(copy_entries(source.obj, recursive, memo))
    return ((copy,),)


def _indices(ctx: CallContext, index: tuple) -> list[int]:
    if any(type(i) is not int for i in index):
        raise ctx.param_error("type", "Index", "indices must be integers")
    return list(index)


@operator(
    "get_dict_tuple_at",
    _HANDLE,
    ControlIn("Key", types=_KEY_TYPES, count=1),
    ControlIn("Index", types="integer"),
    ControlOut("Value"),
)
def get_dict_tuple_at(ctx: CallContext, handle: tuple, key: tuple, index: tuple) -> tuple:
    """Elements of the tuple under a key at 0-based indices; 2897 for an index out of range."""
    stored = _lookup(ctx, handle[0], _key(ctx, key), tuple)
    out = []
    for i in _indices(ctx, index):
        if not 0 <= i < len(stored):
            raise ctx.error(2897, f"index {i} for a tuple of length {len(stored)}")
        out.append(stored[i])
    return (tuple(out),)


@operator(
    "set_dict_tuple_at",
    _HANDLE,
    ControlIn("Key", types=_KEY_TYPES, count=1),
    ControlIn("Index", types="integer"),
    ControlIn("Value"),
)
def set_dict_tuple_at(
    ctx: CallContext, handle: tuple, key: tuple, index: tuple, value: tuple
) -> tuple:
    """Set elements of the tuple under a key, like ``T[Index] := Value``.

    Writing past the end extends the tuple, filling the gap with 0 as tuple assignment
    does; a negative index gives 2897.
    """
    plain = _key(ctx, key)
    stored = list(_lookup(ctx, handle[0], plain, tuple))
    positions = _indices(ctx, index)
    if len(value) not in (1, len(positions)):
        raise ctx.param_error("count", "Value", "one value, or one per index")
    for n, i in enumerate(positions):
        if i < 0:
            raise ctx.error(2897, f"index {i}")
        stored.extend([0] * (i + 1 - len(stored)))
        stored[i] = value[0] if len(value) == 1 else value[n]
    handle[0].obj[plain] = tuple(stored)
    return ()


@operator(
    "dict_to_json",
    _HANDLE,
    ControlIn("GenParamName", types="string"),
    ControlIn("GenParamValue"),
    ControlOut("JsonString", types="string", count=1),
)
def dict_to_json(ctx: CallContext, handle: tuple, names: tuple, values: tuple) -> tuple:
    """Convert a dictionary to a JSON string (objects and other handles cannot be converted)."""
    options = serialized.WriteOptions.parse(ctx, names, values)
    return ((serialized.dumps(ctx, handle[0], options),),)


@operator(
    "json_to_dict",
    ControlIn("JsonString", types="string", count=1),
    ControlIn("GenParamName", types="string"),
    ControlIn("GenParamValue"),
    ControlOut("DictHandle", types="handle", count=1, sem="dict"),
)
def json_to_dict(ctx: CallContext, text: tuple, names: tuple, values: tuple) -> tuple:
    """Convert a JSON string (an object or an array) to a dictionary."""
    options = serialized.ReadOptions.parse(ctx, names, values)
    return ((serialized.loads(ctx, text[0], options, "JsonString"),),)
