"""The plugin API: everything an hdlite plugin may import, and nothing else.

A plugin package (built-in or third-party) imports from this module only. Its names are
stable; the modules behind them are not part of the contract.

Hooks:
    :data:`hookimpl` marks a plugin's hook implementations (``hdlite_register_operators``,
    ``hdlite_procedure_dirs``, ...).

Declaring operators:
    :func:`operator` with the parameter kinds :func:`IconicIn`, :func:`IconicOut`,
    :func:`ControlIn`, :func:`ControlOut`; :class:`Operator`, :class:`Param` and the
    :class:`OperatorRegistry` the registration hook receives. Operator functions receive a
    :class:`CallContext` first.

Errors:
    :class:`HalconError` (a HALCON error number and message; the only error a program's
    ``try ... catch`` sees) and the helpers of :mod:`error_codes`: :func:`wrong_type`,
    :func:`wrong_value`, :func:`wrong_count`, :func:`wrong_object_count`, :func:`error_text`.

Values:
    Iconic objects :class:`Image`, :class:`Region`, :class:`ObjectTuple` (1-based in
    programs, 0-based in Python) and :class:`IconicObject`; control values are Python tuples
    of ``int | float | str | Handle`` (the type aliases :data:`ControlTuple` and
    :data:`Element`); :class:`Handle`, :class:`Vector`; the tuple rules
    plugins reuse live in :mod:`tuple_rules` (HALCON arithmetic) and :func:`wrap_int`,
    :func:`element_to_str`, :func:`element_type`, :func:`format_tuple`.

Files:
    :func:`atomic_open` and :func:`atomic_write` (no half-written file is ever left behind);
    :func:`encode_objects`, :func:`decode_objects`, :func:`register_kind` and
    :func:`declare_kind` for object files;
    :func:`read_npz` reads an ``.npz`` container without trusting it (:class:`DamagedFile`).
"""

from __future__ import annotations

from hdlite import error_codes
from hdlite.atomic import atomic_open, atomic_write
from hdlite.error_codes import text as error_text
from hdlite.error_codes import wrong_count, wrong_object_count, wrong_type, wrong_value
from hdlite.errors import HalconError, PluginError, UsageError
from hdlite.plugin.calls import CallContext
from hdlite.plugin.hookspecs import hookimpl
from hdlite.plugin.registry import (
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    Operator,
    OperatorRegistry,
    Param,
    operator,
)
from hdlite.runtime.session import Session
from hdlite.values import arith as tuple_rules
from hdlite.values.archives import DamagedFile, read_npz
from hdlite.values.control import (
    ControlTuple,
    Element,
    Handle,
    Vector,
    element_to_str,
    element_type,
    wrap_int,
)
from hdlite.values.dicts import Entry, Key, dict_entries, dict_get, dict_set, new_dict
from hdlite.values.formatting import format_tuple
from hdlite.values.iconic import PIXEL_TYPES, IconicObject, Image, ObjectTuple, Region
from hdlite.values.iconic_io import declare_kind, decode_objects, encode_objects, register_kind
from hdlite.values.object_equality import objects_equal, tuples_equal

__all__ = [
    "PIXEL_TYPES",
    "CallContext",
    "ControlIn",
    "ControlOut",
    "ControlTuple",
    "DamagedFile",
    "Element",
    "Entry",
    "HalconError",
    "Handle",
    "IconicIn",
    "IconicObject",
    "IconicOut",
    "Image",
    "Key",
    "ObjectTuple",
    "Operator",
    "OperatorRegistry",
    "Param",
    "PluginError",
    "Region",
    "Session",
    "UsageError",
    "Vector",
    "atomic_open",
    "atomic_write",
    "declare_kind",
    "decode_objects",
    "dict_entries",
    "dict_get",
    "dict_set",
    "element_to_str",
    "element_type",
    "encode_objects",
    "error_codes",
    "error_text",
    "format_tuple",
    "hookimpl",
    "new_dict",
    "objects_equal",
    "operator",
    "read_npz",
    "register_kind",
    "tuple_rules",
    "tuples_equal",
    "wrap_int",
    "wrong_count",
    "wrong_object_count",
    "wrong_type",
    "wrong_value",
]
