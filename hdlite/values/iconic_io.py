"""Iconic objects to and from plain arrays plus JSON metadata (no pickle).

Used by every file format that stores objects (``write_object``, ``write_dict``,
serialized items): each object becomes a JSON record and a few numpy arrays. A region is
stored as its canonical chords (``{"runs": [rows, cb, ce]}`` naming three int32 arrays);
records of the older layout (``row``, ``column``, ``shape`` and a packed ``mask``) are still
read. Object kinds other than images and regions register an encoder/decoder pair here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hdlite.lazy import lazy_module
from hdlite.values.iconic import IconicObject, Image, ObjectTuple, Region

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy", globals(), "np")  # imported when objects are encoded or decoded

Encoder = Callable[[IconicObject, str, "dict[str, np.ndarray]"], "dict[str, Any]"]
Decoder = Callable[["dict[str, Any]", "dict[str, np.ndarray]"], IconicObject]

_ENCODERS: dict[type, tuple[str, Encoder]] = {}
_DECODERS: dict[str, Decoder] = {}


#: object kind -> the module that registers it when imported (see :func:`declare_kind`)
_DECLARED: dict[str, str] = {}


def register_kind(cls: type, kind: str, encode: Encoder, decode: Decoder) -> None:
    """Teach the object codec a new object class (e.g. XLD contours)."""
    _ENCODERS[cls] = (kind, encode)
    _DECODERS[kind] = decode


def declare_kind(kind: str, module: str) -> None:
    """Name the module whose import registers ``kind`` (with :func:`register_kind`).

    A plugin whose operator modules are imported on first use declares its object kinds
    this way, so that a file holding such objects can be read before any operator has
    made one: the module is imported when the first object of the kind is decoded.
    """
    _DECLARED[kind] = module


def _decoder(kind: str) -> Decoder | None:
    decode = _DECODERS.get(kind)
    if decode is None and kind in _DECLARED:
        importlib.import_module(_DECLARED[kind])
        decode = _DECODERS.get(kind)
    return decode


def _encode_region(obj: IconicObject, prefix: str, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """A region as its canonical chords: three int32 arrays named in the record."""
    assert isinstance(obj, Region)
    names = [prefix + "rows", prefix + "cb", prefix + "ce"]
    for name, values in zip(names, obj.runs, strict=True):
        arrays[name] = np.ascontiguousarray(values, dtype=np.int32)
    return {"runs": names}


def _decode_region(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Region:
    """A region from its chords, or from the older layout (a packed mask at row/column)."""
    if "runs" in meta:
        rows, cb, ce = (arrays[str(name)] for name in meta["runs"])
        for values in (rows, cb, ce):
            if values.ndim != 1 or values.dtype.kind not in "iu":
                raise ValueError("region chords must be 1-dimensional integer arrays")
        return Region.from_runs(rows, cb, ce)
    shape = tuple(int(v) for v in meta["shape"])
    if len(shape) != 2 or min(shape) < 0:
        raise ValueError(f"region mask shape {list(shape)}")
    count = int(np.prod(shape))
    mask = np.unpackbits(arrays[meta["mask"]], count=count).astype(bool).reshape(shape)
    return Region.from_mask(mask, int(meta["row"]), int(meta["column"]))


def _encode_image(obj: IconicObject, prefix: str, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    assert isinstance(obj, Image)
    arrays[prefix + "data"] = np.ascontiguousarray(obj.data)
    meta: dict[str, Any] = {"pixel_type": obj.pixel_type, "data": prefix + "data"}
    if obj.domain is not None:
        meta["domain"] = _encode_region(obj.domain, prefix + "domain_", arrays)
    return meta


def _decode_image(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Image:
    domain = _decode_region(meta["domain"], arrays) if "domain" in meta else None
    return Image(arrays[meta["data"]], str(meta["pixel_type"]), domain)


register_kind(Image, "image", _encode_image, _decode_image)
register_kind(Region, "region", _encode_region, _decode_region)


def encode_objects(
    objects: ObjectTuple, prefix: str, arrays: dict[str, np.ndarray]
) -> list[dict[str, Any]]:
    """Describe ``objects`` as JSON records, adding their arrays to ``arrays``.

    Raises:
        TypeError: an object of a kind nobody registered.
    """
    records = []
    for i, obj in enumerate(objects):
        entry = _ENCODERS.get(type(obj))
        if entry is None:
            raise TypeError(f"cannot store objects of kind {obj.kind!r}")
        kind, encode = entry
        record = encode(obj, f"{prefix}{i}_", arrays)
        record["kind"] = kind
        records.append(record)
    return records


def decode_objects(records: list[dict[str, Any]], arrays: dict[str, np.ndarray]) -> ObjectTuple:
    """Rebuild an object tuple from :func:`encode_objects` output.

    Raises:
        KeyError/ValueError: the records or arrays are incomplete or inconsistent.
    """
    out = []
    for record in records:
        decode = _decoder(str(record.get("kind")))
        if decode is None:
            raise ValueError(f"unknown object kind {record.get('kind')!r}")
        out.append(decode(record, arrays))
    return ObjectTuple(out)
