"""The classifier file format (``.hdl``): a JSON header plus raw little-endian arrays.

Layout of a file (and of a serialized classifier, which holds the same bytes)::

    offset  size  content
    0       8     magic b"HDLTDLC\\x00"
    8       4     format version, uint32 little-endian (currently 1)
    12      8     header length H, uint64 little-endian
    20      H     header: UTF-8 JSON object
    20+H    D     tensor data: the arrays back to back, each at its recorded offset
    end-32  32    SHA-256 of everything before it

The header holds ``type`` (``"dl_classifier"``), ``backbone`` (the network name),
``classes``, ``params`` (the HALCON parameters that are persisted), ``preprocessing``
(input range and the normalisation the network applies) and ``tensors``: a list of
``{"name", "dtype", "shape", "offset", "nbytes"}`` records, offsets relative to the start
of the tensor data, dtypes from a fixed list of numeric types. Nothing in the file is
ever executed: no pickle, only JSON and raw numbers, and every size and offset is checked
against the file before use.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
from typing import Any

import numpy as np

from hdlite.plugin import HalconError

MAGIC = b"HDLTDLC\x00"
VERSION = 1
_PREFIX = struct.Struct("<8sIQ")
_DIGEST = 32
_DTYPES = ("float32", "float16", "float64", "int64", "int32", "int16", "int8", "uint8", "bool")
_MAX_HEADER = 64 * 1024 * 1024


def encode(header: dict[str, Any], tensors: dict[str, np.ndarray]) -> bytes:
    """Build the bytes of a classifier file.

    Args:
        header: JSON-serialisable metadata; ``tensors`` and ``data_size`` are added.
        tensors: arrays by name (converted to little-endian, C order).
    """
    records = []
    chunks = []
    offset = 0
    for name, array in tensors.items():
        array = np.ascontiguousarray(array)
        dtype = array.dtype.newbyteorder("<") if array.dtype.byteorder == ">" else array.dtype
        if dtype.name not in _DTYPES:
            raise ValueError(f"tensor {name}: unsupported dtype {array.dtype}")
        data = array.astype(dtype, copy=False).tobytes()
        records.append(
            {
                "name": name,
                "dtype": dtype.name,
                "shape": list(array.shape),
                "offset": offset,
                "nbytes": len(data),
            }
        )
        chunks.append(data)
        offset += len(data)
    full = dict(header, tensors=records, data_size=offset)
    text = json.dumps(full, separators=(",", ":"), allow_nan=False).encode("utf-8")
    body = _PREFIX.pack(MAGIC, VERSION, len(text)) + text + b"".join(chunks)
    return body + hashlib.sha256(body).digest()


def is_classifier_file(data: bytes) -> bool:
    """Whether ``data`` starts like a classifier file (magic only)."""
    return data[: len(MAGIC)] == MAGIC


def decode(data: bytes, source: str = "file") -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Parse and verify classifier bytes; return the header and the arrays.

    Args:
        data: the file content.
        source: how to name the data in error messages (a path).

    Raises:
        HalconError: 5238 not a classifier file, 7782 unsupported version, 7780 truncated,
            corrupted or inconsistent content.
    """
    if len(data) < len(MAGIC) or not is_classifier_file(data):
        raise HalconError(5238, f"{source} is not an hdlite deep-learning classifier file")
    if len(data) < _PREFIX.size + _DIGEST:
        raise HalconError(7780, f"{source} is truncated")
    _magic, version, header_len = _PREFIX.unpack_from(data)
    if version != VERSION:
        raise HalconError(7782, f"{source} has format version {version}; supported: {VERSION}")
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if hashlib.sha256(body).digest() != digest:
        raise HalconError(7780, f"{source} is truncated or corrupted (checksum mismatch)")
    start = _PREFIX.size
    if header_len > min(_MAX_HEADER, len(body) - start):
        raise HalconError(7780, f"{source}: header length out of range")
    try:
        header = json.loads(body[start : start + header_len].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise HalconError(7780, f"{source}: unreadable header ({exc})") from None
    if not isinstance(header, dict):
        raise HalconError(7780, f"{source}: the header is not a JSON object")
    blob = body[start + header_len :]
    return header, _arrays(header, blob, source)


def _arrays(header: dict[str, Any], blob: bytes, source: str) -> dict[str, np.ndarray]:
    records = header.get("tensors")
    if not isinstance(records, list) or header.get("data_size") != len(blob):
        raise HalconError(7780, f"{source}: tensor table does not match the data")
    arrays: dict[str, np.ndarray] = {}
    for record in records:
        try:
            name = record["name"]
            dtype = np.dtype(record["dtype"]).newbyteorder("<")
            if record["dtype"] not in _DTYPES or not isinstance(name, str):
                raise ValueError("bad dtype or name")
            shape = tuple(int(d) for d in record["shape"])
            offset, nbytes = int(record["offset"]), int(record["nbytes"])
            if any(d < 0 for d in shape) or offset < 0:
                raise ValueError("negative size")
            if nbytes != math.prod(shape) * dtype.itemsize or offset + nbytes > len(blob):
                raise ValueError("size out of range")
        except (KeyError, TypeError, ValueError) as exc:
            raise HalconError(7780, f"{source}: bad tensor record ({exc})") from None
        if name in arrays:
            raise HalconError(7780, f"{source}: tensor {name!r} appears twice")
        count = math.prod(shape)
        if count == 0:
            arrays[name] = np.zeros(shape, dtype=dtype)
            continue
        array = np.frombuffer(blob, dtype=dtype, count=count, offset=offset)
        arrays[name] = array.reshape(shape).copy()
    return arrays
