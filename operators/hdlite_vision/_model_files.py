"""Reading and writing the vision plugin's own model files, with HALCON's file errors.

A file that does not exist is 5200 (file not found), any other failure to read or write it
is 5215 (cannot open or write the file); the detail names the path and, where ``reason``
is on, the operating system's reason. A write never leaves a half-written file
(:func:`hdlite.plugin.atomic_write`).

Text model files (bar code and data code models) are an ASCII magic line followed by one
JSON object; a file without the magic line or with no JSON object is 5238 (wrong file
format).

Array model files (``write_shape_model``/``write_ncc_model``; the same bytes are the data of
``serialize_shape_model``/``serialize_ncc_model``), never pickle: the ASCII line
``HDLITE-MATCHING-MODEL``, one line of JSON (kind, version, the model's parameters, a table
of arrays with dtype, shape, offset and size, and the CRC-32 of the data), then the raw
little-endian array data. A file that is not one of these, is cut short or fails the
checksum is 5238 (wrong file format); an unknown version is 2403.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from hdlite.plugin import CallContext, HalconError, atomic_write

MAGIC = b"HDLITE-MATCHING-MODEL\n"
_MAX_HEADER = 1 << 20
_DTYPES = ("<f8", "<f4", "|u1", "<i8")


def _detail(path: str, exc: OSError, reason: bool) -> str:
    return f"{path}: {exc.strerror}" if reason else path


def read_file(ctx: CallContext, path: str, *, reason: bool = True) -> bytes:
    """The bytes of ``path``; 5200 when it does not exist, 5215 when it cannot be read."""
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise ctx.error(5200, path) from None
    except OSError as exc:
        raise ctx.error(5215, _detail(path, exc, reason)) from None


@contextmanager
def write_errors(ctx: CallContext, path: str, *, reason: bool = True) -> Iterator[None]:
    """Report an OSError raised while writing ``path`` as 5215."""
    try:
        yield
    except OSError as exc:
        raise ctx.error(5215, _detail(path, exc, reason)) from None


def write_file(ctx: CallContext, path: str, data: bytes, *, reason: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; 5215 when it cannot be written."""
    with write_errors(ctx, path, reason=reason):
        atomic_write(path, data)


def write_json_model(
    ctx: CallContext, path: str, magic: str, doc: dict[str, Any], *, sort_keys: bool = False
) -> None:
    """Write a text model file: the magic line, then ``doc`` as one line of JSON."""
    text = magic + "\n" + json.dumps(doc, sort_keys=sort_keys) + "\n"
    write_file(ctx, path, text.encode("utf-8"))


def read_json_model(ctx: CallContext, path: str, magic: str) -> dict[str, Any]:
    """The JSON object of a text model file written with ``magic``; 5238 for any other."""
    head, _, body = read_file(ctx, path).partition(b"\n")
    try:
        if head.decode("ascii") != magic:
            raise ValueError("wrong magic line")
        doc = json.loads(body.decode("utf-8"))
        if not isinstance(doc, dict):
            raise ValueError("no parameter table")
    except (UnicodeDecodeError, ValueError):
        raise ctx.error(5238, f"{path}: not an hdlite {magic.lower()} file") from None
    return doc


def write_model(
    ctx: CallContext, path: str, kind: str, params: dict[str, Any], arrays: dict[str, np.ndarray]
) -> None:
    """Write an array model file atomically (format: module docstring); 5215 on failure."""
    write_file(ctx, path, encode_model(kind, params, arrays))


def encode_model(kind: str, params: dict[str, Any], arrays: dict[str, np.ndarray]) -> bytes:
    """The bytes of an array model file (also the data of a serialized model)."""
    table = []
    chunks = []
    offset = 0
    for name, arr in arrays.items():
        a = np.ascontiguousarray(arr)
        dtype = a.dtype.newbyteorder("<") if a.dtype.byteorder == ">" else a.dtype
        a = a.astype(dtype, copy=False)
        data = a.tobytes()
        table.append({"name": name, "dtype": a.dtype.str, "shape": list(a.shape), "offset": offset})
        chunks.append(data)
        offset += len(data)
    payload = b"".join(chunks)
    header = {
        "kind": kind,
        "version": 1,
        "params": params,
        "arrays": table,
        "size": len(payload),
        "crc32": zlib.crc32(payload),
    }
    return MAGIC + json.dumps(header).encode("utf-8") + b"\n" + payload


def read_model(
    ctx: CallContext, path: str, kind: str
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Parameters and arrays of an array model file; 5200 missing, 5238 foreign or damaged,
    2403 unknown version."""
    return decode_model(ctx, read_file(ctx, path), kind, path, 5238)


def decode_model(
    ctx: CallContext, raw: bytes, kind: str, where: str, code: int
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Parameters and arrays of the bytes of an array model; ``code`` for foreign or
    damaged bytes (5238 for files, the kind's 'no serialized item' error for items), 2403
    an unknown version."""
    try:
        return _parse(raw, kind)
    except HalconError as exc:
        raise ctx.error(code if exc.code == 5238 else exc.code, f"{where}: {exc.detail}") from None
    except Exception as exc:  # anything malformed inside is damaged
        what = "file" if code == 5238 else "data"
        raise ctx.error(code, f"{where}: damaged {kind} {what} ({exc!r:.200})") from None


def _parse(raw: bytes, kind: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    if not raw.startswith(MAGIC):
        raise HalconError(5238, f"not an hdlite {kind} file")
    end = raw.find(b"\n", len(MAGIC), len(MAGIC) + _MAX_HEADER)
    if end < 0:
        raise HalconError(5238, f"damaged {kind} file (no header)")
    header = json.loads(raw[len(MAGIC) : end].decode("utf-8"))
    if not isinstance(header, dict) or header.get("kind") != kind:
        raise HalconError(5238, f"not an hdlite {kind} file")
    if header.get("version") != 1:
        raise HalconError(2403, f"unsupported {kind} file version {header.get('version')!r}")
    payload = raw[end + 1 :]
    if len(payload) != header["size"] or zlib.crc32(payload) != header["crc32"]:
        raise HalconError(5238, f"damaged {kind} file (size or checksum mismatch)")
    arrays: dict[str, np.ndarray] = {}
    for entry in header["arrays"]:
        if entry["dtype"] not in _DTYPES:
            raise HalconError(5238, f"damaged {kind} file (dtype {entry['dtype']!r})")
        dtype = np.dtype(entry["dtype"])
        shape = tuple(int(n) for n in entry["shape"])
        if any(n < 0 for n in shape):
            raise HalconError(5238, f"damaged {kind} file (shape {shape})")
        start = int(entry["offset"])
        stop = start + math.prod(shape) * dtype.itemsize
        if start < 0 or stop > len(payload):
            raise HalconError(5238, f"damaged {kind} file (array out of range)")
        arrays[entry["name"]] = np.frombuffer(payload[start:stop], dtype=dtype).reshape(shape)
    params = header["params"]
    if not isinstance(params, dict):
        raise HalconError(5238, f"damaged {kind} file (parameters)")
    return params, arrays
