"""Dictionaries in files and in JSON: read_dict, write_dict and the JSON conversion.

hdlite's file formats (HALCON's binary layout is not reproduced); every file is written
atomically and nothing is ever unpickled.

Dictionary files (``write_dict``) come in two types, chosen by ``'file_type'`` or else by
the name (``.json`` means JSON, anything else ``'hdict'``):

* ``'hdict'``: a NumPy ``.npz`` archive (a zip), read member by member with each array
  header checked against the member's size (``hdlite.plugin.read_npz``). The array ``manifest``
  holds UTF-8 JSON
  ``{"format": "hdlite-dict", "version": 1, "root": 0, "dicts": [...]}``; each dict is
  ``{"entries": [{"key": k, "tuple": [...]}, {"key": k, "objects": [...]}]}``. Tuple
  elements are JSON numbers/strings, ``{"real": "nan"}`` for non-finite reals and
  ``{"dict": n}`` for a nested dict (an index into ``dicts``, so shared and cyclic
  references survive). Objects are :mod:`hdlite.values.iconic_io` records whose pixel and mask
  arrays are the archive's other members. Loaded with ``allow_pickle=False``.
* ``'json'``: plain JSON, as ``dict_to_json`` writes it (no objects, no non-dict handles).

JSON conversion (``dict_to_json``/``json_to_dict`` and ``.json`` dict files): a dict becomes
an object (integer keys as strings), or an array if its keys are exactly 0..n-1; a tuple of
one element becomes that value, other tuples arrays; non-finite reals become ``null``.
Reading, JSON arrays become dicts with keys 0..n-1 (``'convert_json_arrays_to'`` ``'dict'``,
HALCON's default) or tuples where all elements are plain values (``'tuple_if_possible'``);
``true``/``false``/``null`` become 1/0/'HNULL' unless ``'json_value_*'`` says otherwise.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    DamagedFile,
    Handle,
    Image,
    ObjectTuple,
    atomic_open,
    atomic_write,
    decode_objects,
    encode_objects,
    operator,
    read_npz,
    wrap_int,
)

from .files import read_bytes, write_error

_DICT_FORMAT = "hdlite-dict"
_DICT_VERSION = 1


# -- generic parameters -----------------------------------------------------------------


def _pairs(ctx: CallContext, names: tuple, values: tuple) -> list[tuple[str, Any]]:
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", "one value per name")
    return list(zip(names, values, strict=True))


@dataclass
class WriteOptions:
    """Options of write_dict and dict_to_json."""

    raise_errors: bool = True
    file_type: str = ""

    @classmethod
    def parse(
        cls, ctx: CallContext, names: tuple, values: tuple, file_type: bool = False
    ) -> WriteOptions:
        """Read GenParamName/GenParamValue; unknown names or values give 130N."""
        options = cls()
        for name, value in _pairs(ctx, names, values):
            if name == "raise_error_if_content_not_serializable" and value in (
                "true",
                "false",
                "low_level",
            ):
                options.raise_errors = value == "true"
            elif name == "file_type" and file_type and value in ("hdict", "json"):
                options.file_type = value
            else:
                raise ctx.param_error(
                    "value", "GenParamName", f"unknown option {name!r}: {value!r}"
                )
        return options


@dataclass
class ReadOptions:
    """Options of read_dict and json_to_dict."""

    constants: dict[str, Any] = field(
        default_factory=lambda: {"true": 1, "false": 0, "null": "HNULL"}
    )
    arrays: str = "dict"

    @classmethod
    def parse(cls, ctx: CallContext, names: tuple, values: tuple) -> ReadOptions:
        """Read GenParamName/GenParamValue; unknown names or values give 130N."""
        options = cls()
        for name, value in _pairs(ctx, names, values):
            if name in ("json_value_true", "json_value_false", "json_value_null"):
                options.constants[name.rsplit("_", 1)[1]] = value
            elif name == "convert_json_arrays_to" and value in ("dict", "tuple_if_possible"):
                options.arrays = value
            else:
                raise ctx.param_error(
                    "value", "GenParamName", f"unknown option {name!r}: {value!r}"
                )
        return options


# -- JSON -------------------------------------------------------------------------------

_SKIP = object()


def dumps(ctx: CallContext, handle: Handle, options: WriteOptions) -> str:
    """Convert a dictionary to JSON text.

    Raises:
        HalconError: 2456 a dict contains itself; 9054 iconic objects and 2455 other handles
            when ``options.raise_errors`` (otherwise they are left out).
    """
    return json.dumps(_dict_json(ctx, handle, options, set()), ensure_ascii=False)


def _dict_json(ctx: CallContext, handle: Handle, options: WriteOptions, active: set[int]) -> Any:
    if handle.id in active:
        raise ctx.error(2456, "a dictionary contains itself")
    active.add(handle.id)
    entries = handle.obj
    converted = {key: _value_json(ctx, value, options, active) for key, value in entries.items()}
    active.discard(handle.id)
    kept = {key: value for key, value in converted.items() if value is not _SKIP}
    keys = list(entries)
    if keys and all(type(k) is int for k in keys) and sorted(keys) == list(range(len(keys))):
        return [kept[k] for k in range(len(keys)) if k in kept]
    return {str(key): value for key, value in kept.items()}


def _value_json(ctx: CallContext, value: Any, options: WriteOptions, active: set[int]) -> Any:
    if isinstance(value, ObjectTuple):
        if options.raise_errors:
            raise ctx.error(9054, "iconic objects cannot be stored as JSON")
        return _SKIP
    items = [_element_json(ctx, v, options, active) for v in value]
    items = [item for item in items if item is not _SKIP]
    if value and not items:
        return _SKIP
    return items[0] if len(value) == 1 else items


def _element_json(ctx: CallContext, value: Any, options: WriteOptions, active: set[int]) -> Any:
    if isinstance(value, Handle):
        if value.kind == "dict" and not value.cleared:
            return _dict_json(ctx, value, options, active)
        if options.raise_errors:
            raise ctx.error(2455, f"a {value.kind} handle cannot be stored as JSON")
        return _SKIP
    if type(value) is float and not math.isfinite(value):
        return None
    return value


def from_json(data: Any, options: ReadOptions) -> Handle:
    """Build a dictionary from parsed JSON (an object or an array).

    Raises:
        ValueError: ``data`` is a plain value, not an object or array.
    """
    if not isinstance(data, dict | list):
        raise ValueError("JSON text must be an object or an array")
    items = data.items() if isinstance(data, dict) else enumerate(data)
    return Handle("dict", {key: _json_value(value, options) for key, value in items})


def _json_value(value: Any, options: ReadOptions) -> tuple:
    if isinstance(value, list) and options.arrays == "tuple_if_possible":
        if all(not isinstance(v, dict | list) for v in value):
            return tuple(_json_scalar(v, options) for v in value)
    if isinstance(value, dict | list):
        return (from_json(value, options),)
    return (_json_scalar(value, options),)


def _json_scalar(value: Any, options: ReadOptions) -> Any:
    if value is True or value is False or value is None:
        return options.constants[json.dumps(value)]
    if type(value) is int and wrap_int(value) != value:
        return float(value)
    return value


def loads(ctx: CallContext, text: str, options: ReadOptions, param: str) -> Handle:
    """Parse JSON text into a dictionary; bad JSON is a wrong value of ``param`` (130N)."""
    try:
        return from_json(json.loads(text), options)
    except ValueError as exc:
        raise ctx.param_error("value", param, f"not a JSON object or array: {exc}") from None


# -- hdict files ------------------------------------------------------------------------


class _HdictWriter:
    """Collects the dicts reachable from one root into a manifest plus arrays."""

    def __init__(self, ctx: CallContext, raise_errors: bool) -> None:
        self.ctx = ctx
        self.raise_errors = raise_errors
        self.dicts: list[dict] = []
        self.index: dict[int, int] = {}
        self.arrays: dict[str, np.ndarray] = {}

    def visit(self, handle: Handle) -> int:
        if handle.id in self.index:
            return self.index[handle.id]
        n = len(self.dicts)
        self.index[handle.id] = n
        self.dicts.append({})
        entries = []
        for e, (key, value) in enumerate(handle.obj.items()):
            if isinstance(value, ObjectTuple):
                try:
                    records = encode_objects(value, f"d{n}e{e}_", self.arrays)
                except TypeError as exc:
                    if self.raise_errors:
                        raise self.ctx.error(9054, str(exc)) from None
                    continue
                entries.append({"key": key, "objects": records})
            else:
                entries.append({"key": key, "tuple": [self.element(v) for v in value]})
        self.dicts[n] = {"entries": entries}
        return n

    def element(self, value: Any) -> Any:
        if isinstance(value, Handle):
            if value.kind == "dict" and not value.cleared:
                return {"dict": self.visit(value)}
            if self.raise_errors:
                raise self.ctx.error(2455, f"a {value.kind} handle cannot be written")
            return {"handle": None}
        if type(value) is float and not math.isfinite(value):
            return {"real": repr(value)}
        return value


def write_hdict(ctx: CallContext, handle: Handle, path: str, raise_errors: bool = True) -> None:
    """Write ``handle`` and everything reachable from it as an ``'hdict'`` file, atomically."""
    writer = _HdictWriter(ctx, raise_errors)
    root = writer.visit(handle)
    manifest = {
        "format": _DICT_FORMAT,
        "version": _DICT_VERSION,
        "root": root,
        "dicts": writer.dicts,
    }
    writer.arrays["manifest"] = np.frombuffer(json.dumps(manifest).encode("ascii"), dtype=np.uint8)
    try:
        with atomic_open(path, "wb") as stream:
            np.savez(stream, **writer.arrays)  # type: ignore[arg-type]
    except OSError as exc:
        raise write_error(ctx, path, exc) from None


def read_hdict(ctx: CallContext, path: str) -> Handle:
    """Read an ``'hdict'`` file; 5238 if it is not one (or is damaged), 2403 for an unknown
    version, 5250 if it cannot be read."""
    try:
        archive = read_npz(path)
    except OSError as exc:
        raise ctx.error(5250, f"{path}: {exc}") from None
    except DamagedFile as exc:
        raise ctx.error(5238, f"{path}: {exc}") from None
    try:
        manifest = json.loads(archive["manifest"].tobytes().decode("ascii"))
        if not isinstance(manifest, dict) or manifest.get("format") != _DICT_FORMAT:
            raise ValueError("not an hdlite dictionary")
        if manifest.get("version") != _DICT_VERSION:
            raise ctx.error(2403, f"{path}: dictionary file version {manifest.get('version')}")
        return _rebuild(manifest, archive)
    except (
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        OverflowError,
        RecursionError,
    ) as exc:  # UnicodeDecodeError and json's errors are ValueErrors
        raise ctx.error(5238, f"{path}: {exc!r:.200}") from None


def _rebuild(manifest: dict, archive: Any) -> Handle:
    specs = manifest["dicts"]
    handles = [Handle("dict", {}) for _ in specs]

    def element(value: Any) -> Any:
        if isinstance(value, dict):
            if "dict" in value:
                return handles[int(value["dict"])]
            if "real" in value:
                return float(value["real"])
            cleared = Handle("dict", None)
            cleared.clear()
            return cleared
        if type(value) not in (int, float, str):
            raise ValueError(f"bad tuple element {value!r}")
        return value

    for handle, spec in zip(handles, specs, strict=True):
        for entry in spec["entries"]:
            key = entry["key"]
            if type(key) not in (int, str):
                raise ValueError(f"bad key {key!r}")
            if "objects" in entry:
                objects = decode_objects(entry["objects"], archive)
                if any(isinstance(o, Image) and min(o.data.shape) < 1 for o in objects):
                    raise ValueError("an image without pixels")  # HALCON has none
                handle.obj[key] = objects
            else:
                handle.obj[key] = tuple(element(v) for v in entry["tuple"])
    return handles[int(manifest["root"])]


# -- read_dict / write_dict -------------------------------------------------------------


@operator(
    "write_dict",
    ControlIn("DictHandle", types="handle", count=1, sem="dict"),
    ControlIn("FileName", types="string", count=1),
    ControlIn("GenParamName", types="string"),
    ControlIn("GenParamValue"),
)
def write_dict(ctx: CallContext, handle: tuple, name: tuple, names: tuple, values: tuple) -> tuple:
    """Write a dictionary, with nested dicts and iconic objects, to an 'hdict' or JSON file."""
    options = WriteOptions.parse(ctx, names, values, file_type=True)
    path = name[0]
    file_type = options.file_type or ("json" if path.lower().endswith(".json") else "hdict")
    if file_type == "json":
        data = dumps(ctx, handle[0], options).encode("utf-8", "surrogatepass")
        if ctx.session.writes_files:
            try:
                atomic_write(path, data)
            except OSError as exc:
                raise write_error(ctx, path, exc) from None
    elif ctx.session.writes_files:
        write_hdict(ctx, handle[0], path, options.raise_errors)
    return ()


@operator(
    "read_dict",
    ControlIn("FileName", types="string", count=1),
    ControlIn("GenParamName", types="string"),
    ControlIn("GenParamValue"),
    ControlOut("DictHandle", types="handle", count=1, sem="dict"),
)
def read_dict(ctx: CallContext, name: tuple, names: tuple, values: tuple) -> tuple:
    """Read a dictionary file ('hdict' or JSON; '.hdict'/'.json' is appended if needed)."""
    options = ReadOptions.parse(ctx, names, values)
    path = name[0]
    for candidate in (path, path + ".hdict", path + ".json"):
        if os.path.isfile(candidate):
            path = candidate
            break
    if read_bytes(ctx, path, 2) == b"PK":
        return ((read_hdict(ctx, path),),)
    data = read_bytes(ctx, path)
    try:
        return ((from_json(json.loads(data.decode("utf-8-sig")), options),),)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deeply
        raise ctx.error(5238, f"{path}: {exc}") from None
