"""Helpers shared by shape-based and correlation-based matching.

Pyramid: level k+1 is the 2x2 block mean of level k (odd last rows/columns dropped), so a
pixel centre x at level k+1 lies at 2x + 0.5 at level k and at ``2^k x + (2^k - 1) / 2`` at
level 1. Angles are radians, counter-clockwise on screen; a vector (dRow, dCol) rotated by
a becomes (dRow cos a - dCol sin a, dRow sin a + dCol cos a), as hom_mat2d_rotate does.

Model files (``write_shape_model``/``write_ncc_model``) use hdlite's own format, never
pickle: the ASCII line ``HDLITE-MATCHING-MODEL``, one line of JSON (kind, version, the
model's parameters, a table of arrays with dtype, shape, offset and size, and the CRC-32
of the data), then the raw little-endian array data. A file that is not one of these, is
cut short or fails the checksum is 5238 (wrong file format); an unknown version is 2403.
"""

from __future__ import annotations

import json
import math
import zlib
from typing import Any

import numpy as np

from hdlite.plugin import CallContext, HalconError, Image, ObjectTuple, atomic_write, tuple_rules

MAGIC = b"HDLITE-MATCHING-MODEL\n"
_MAX_HEADER = 1 << 20
_DTYPES = ("<f8", "<f4", "|u1", "<i8")


def single_image(ctx: CallContext, image: ObjectTuple, what: str) -> tuple[np.ndarray, np.ndarray]:
    """The first channel of the one input image as float64 and its domain as a bool mask."""
    objs = list(image)
    if len(objs) != 1:
        raise ctx.error(
            9054 if not objs else 1501, f"{what}: expects one image, got {len(objs)} objects"
        )
    img = objs[0]
    if not isinstance(img, Image):
        raise ctx.error(9054, f"{what}: expects an image, got a {img.kind}")
    if img.pixel_type not in ("byte", "uint2", "int1", "int2", "int4", "real"):
        raise ctx.error(9007, f"{what}: pixel type {img.pixel_type!r} is not supported")
    data = np.asarray(img.data[0], dtype=np.float64)
    mask = (
        np.ones(data.shape, dtype=bool)
        if img.domain is None
        else img.domain.to_mask(img.height, img.width).astype(bool)
    )
    return data, mask


def downsample(a: np.ndarray) -> np.ndarray:
    """The 2x2 block mean (one pyramid step)."""
    h, w = a.shape[0] // 2, a.shape[1] // 2
    return a[: 2 * h, : 2 * w].reshape(h, 2, w, 2).mean(axis=(1, 3))


def to_level(x: float, k: int) -> float:
    """A level-1 coordinate on pyramid level k+1 (k = 0 is level 1)."""
    f = float(1 << k)
    return (x - (f - 1.0) / 2.0) / f


def from_level(x: Any, k: int) -> Any:
    """A coordinate on pyramid level k+1 at level 1."""
    f = float(1 << k)
    return x * f + (f - 1.0) / 2.0


def value_grid(start: float, extent: float, step: float) -> np.ndarray:
    """start, start + step, ... up to start + extent (both ends included, evenly spread)."""
    if extent <= 0 or step <= 0:
        return np.array([start], dtype=np.float64)
    steps = extent / step - 1e-9
    if not tuple_rules.fits_in_memory(steps, 8):
        # a grid of 2^63 angles or scales cannot be searched: HALCON's 6001 at the call
        raise MemoryError(f"a search grid of {steps:.4g} values does not fit into memory")
    n = max(1, math.ceil(steps))
    return start + extent * np.arange(n + 1, dtype=np.float64) / n


def number_or_auto(ctx: CallContext, values: tuple, name: str) -> float | None:
    """A number, or None for 'auto' (anything else is wrong value)."""
    v = values[0]
    if isinstance(v, str):
        if v != "auto":
            raise ctx.param_error("value", name, f"{v!r} (a number or 'auto')")
        return None
    return float(v)


def quad(
    box: tuple[float, float, float, float],
    row: float,
    col: float,
    angle: float,
    sr: float,
    sc: float,
) -> np.ndarray:
    """Corners (x = col, y = row) of the model's box (r1, c1, r2, c2 around the reference
    point) scaled, rotated and moved to (row, col)."""
    r1, c1, r2, c2 = box
    pr = np.array([r1, r1, r2, r2]) * sr
    pc = np.array([c1, c2, c2, c1]) * sc
    cos, sin = math.cos(angle), math.sin(angle)
    qr = row + cos * pr - sin * pc
    qc = col + sin * pr + cos * pc
    return np.stack([qc, qr], axis=1).astype(np.float32)


def suppress_overlaps(quads: list[np.ndarray], max_overlap: float) -> list[int]:
    """Indices (in order; the input is sorted best first) of the instances kept when an
    instance overlapping a better one by more than max_overlap of the smaller box goes."""
    import cv2

    kept: list[int] = []
    areas = [abs(float(cv2.contourArea(q))) for q in quads]
    for i, q in enumerate(quads):
        ok = True
        for j in kept:
            inter, _ = cv2.intersectConvexConvex(q, quads[j])
            small = min(areas[i], areas[j])
            frac = float(inter) / small if small > 0 else 1.0
            if frac > max_overlap or (small == 0 and inter == 0 and _same_point(q, quads[j])):
                ok = False
                break
        if ok:
            kept.append(i)
    return kept


def _same_point(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.abs(a.mean(axis=0) - b.mean(axis=0)).max() < 1.0)


def check_search(
    ctx: CallContext, min_score: tuple, num_matches: tuple, max_overlap: tuple
) -> None:
    """Range checks shared by the find operators."""
    for v in min_score:
        if not 0.0 <= v <= 1.0:
            raise ctx.param_error("value", "MinScore", f"{v!r} (0 to 1)")
    for v in num_matches:
        if v < 0:
            raise ctx.param_error("value", "NumMatches", f"{v!r} must not be negative")
    for v in max_overlap:
        if not 0.0 <= v <= 1.0:
            raise ctx.param_error("value", "MaxOverlap", f"{v!r} (0 to 1)")


def write_model(
    path: str, kind: str, params: dict[str, Any], arrays: dict[str, np.ndarray]
) -> None:
    """Write a model file atomically (format: module docstring)."""
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
    atomic_write(path, MAGIC + json.dumps(header).encode("utf-8") + b"\n" + payload)


def read_model(
    ctx: CallContext, path: str, kind: str
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Parameters and arrays of a model file; 5200 missing, 5238 foreign or damaged, 2403
    unknown version."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise ctx.error(5200, path) from None
    except OSError as exc:
        raise ctx.error(5215, f"{path}: {exc.strerror}") from None
    try:
        return _parse(raw, kind)
    except HalconError as exc:
        raise ctx.error(exc.code, f"{path}: {exc.detail}") from None
    except Exception as exc:  # anything malformed inside is a damaged file
        raise ctx.error(5238, f"{path}: damaged {kind} file ({exc!r:.200})") from None


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
