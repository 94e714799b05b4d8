"""Golden files: a program's final variables as JSON, compared on later runs.

What a golden file keeps of each value:

* control tuples as JSON (one value, or a list); a handle as ``{"handle": KIND}`` (with
  ``"cleared": true`` once cleared), since its identity differs from run to run;
* vectors as ``{"vector": [...]}``;
* object tuples as ``{"objects": [...]}``, each object with its shape and a SHA-256 content
  hash: an image's pixel type, channels, width, height, ``sha256`` of its pixels and, with a
  reduced domain, the domain's area and hash; a region's area, bounding box and ``sha256`` of
  its pixels. So a changed pixel is a difference, not only a changed size.
* with ``hdlite_golden_pixels = true`` (or ``--golden-pixels``) images also keep their pixels
  (``"pixels"``: base64 of the little-endian values). Where both sides have pixels they are
  compared value by value, reals within the relative tolerance, and a difference says how
  many pixels differ and by how much.
"""

from __future__ import annotations

import base64
import hashlib
import math
from typing import TYPE_CHECKING, Any

from hdlite.values.control import Handle, Vector, to_json
from hdlite.values.iconic import Image, ObjectTuple, Region

if TYPE_CHECKING:
    import numpy as np


def _little_endian(array: np.ndarray) -> bytes:
    import numpy as np

    data = np.ascontiguousarray(array)
    return data.astype(data.dtype.newbyteorder("<"), copy=False).tobytes()


def region_hash(region: Region) -> str:
    """SHA-256 of a region's pixels (independent of how its mask is padded)."""
    import numpy as np

    row1, col1, row2, col2 = region.bbox()
    digest = hashlib.sha256()
    if row2 >= row1:
        mask = region.mask[
            row1 - region.row : row2 - region.row + 1,
            col1 - region.column : col2 - region.column + 1,
        ]
        digest.update(f"{row1},{col1},{mask.shape[0]},{mask.shape[1]};".encode())
        digest.update(np.packbits(mask.astype(bool)).tobytes())
    return digest.hexdigest()


def image_hash(image: Image) -> str:
    """SHA-256 of an image's pixel type, size and pixels."""
    digest = hashlib.sha256(f"{image.pixel_type},{image.data.shape};".encode())
    digest.update(_little_endian(image.data))
    return digest.hexdigest()


def describe_object(obj: Any, pixels: bool = False) -> dict[str, Any]:
    """One iconic object as golden-file data (shape and content hash, optionally pixels)."""
    if isinstance(obj, Image):
        out: dict[str, Any] = {"image": obj.pixel_type, "channels": obj.channels}
        out.update(width=obj.width, height=obj.height, sha256=image_hash(obj))
        if obj.domain is not None:
            out["domain_area"] = obj.domain.area()
            out["domain_sha256"] = region_hash(obj.domain)
        if pixels:
            out["pixels"] = base64.b64encode(_little_endian(obj.data)).decode("ascii")
        return out
    if isinstance(obj, Region):
        return {"region": obj.area(), "bbox": list(obj.bbox()), "sha256": region_hash(obj)}
    return {"object": obj.kind}


def _element(value: Any) -> Any:
    if isinstance(value, Handle):
        out: dict[str, Any] = {"handle": value.kind}
        if value.cleared:
            out["cleared"] = True
        return out
    return to_json((value,))


def golden_value(value: Any, pixels: bool = False) -> Any:
    """A variable value as JSON data for a golden file."""
    if isinstance(value, Vector):
        return {"vector": [golden_value(item, pixels) for item in value.items]}
    if isinstance(value, ObjectTuple):
        return {"objects": [describe_object(obj, pixels) for obj in value]}
    if isinstance(value, tuple):
        items = [_element(v) for v in value]
        return items[0] if len(items) == 1 else items
    return to_json(value)


def golden_data(variables: dict[str, Any], pixels: bool = False) -> dict[str, Any]:
    """The golden-file content for main's final variables."""
    return {name: golden_value(variables[name], pixels) for name in sorted(variables)}


def _pixel_difference(a: dict[str, Any], b: dict[str, Any], rel_tol: float) -> str | None:
    """How the pixels of two golden images differ ('' when equal within tolerance)."""
    import numpy as np

    from hdlite.values.iconic import PIXEL_TYPES

    dtype = np.dtype(PIXEL_TYPES.get(a["image"], "uint8")).newbyteorder("<")
    try:
        left = np.frombuffer(base64.b64decode(a["pixels"]), dtype=dtype).astype(np.float64)
        right = np.frombuffer(base64.b64decode(b["pixels"]), dtype=dtype).astype(np.float64)
    except (ValueError, TypeError):
        return None  # not readable: compare the hashes instead
    if left.shape != right.shape:
        return None
    close = np.isclose(left, right, rtol=rel_tol, atol=0.0, equal_nan=True)
    if close.all():
        return ""
    worst = float(np.nanmax(np.abs(left - right)[~close]))
    return (
        f"{int((~close).sum())} of {left.size} pixel values differ (largest difference {worst:g})"
    )


_HASHES = ("sha256", "pixels")


def _object_difference(a: Any, b: Any, rel_tol: float) -> str | None:
    """Why two golden objects differ, or None when they are the same."""
    if not (isinstance(a, dict) and isinstance(b, dict)):
        return None if _same(a, b, rel_tol) else "differs"
    if "pixels" in a and "pixels" in b and a.get("image") == b.get("image"):
        shape_a = {k: v for k, v in a.items() if k not in _HASHES}
        shape_b = {k: v for k, v in b.items() if k not in _HASHES}
        if _same(shape_a, shape_b, rel_tol):
            return _pixel_difference(a, b, rel_tol) or None
    keys = sorted(k for k in set(a) | set(b) if k != "pixels")
    changed = [k for k in keys if not _same(a.get(k), b.get(k), rel_tol)]
    if not changed:
        return None
    if changed == ["sha256"] and "sha256" not in a:
        return "the golden file has no content hash (an older format): run --update-golden"
    if changed == ["sha256"]:
        return "same size, different pixels (content hash)"
    return ", ".join(f"{k} {a.get(k)!r:.20} -> {b.get(k)!r:.20}" for k in changed)


def _same(a: Any, b: Any, rel_tol: float) -> bool:
    if type(a) is float and type(b) is float:
        return a == b or math.isclose(a, b, rel_tol=rel_tol)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y, rel_tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        if "objects" in a and "objects" in b:
            return _objects_difference(a["objects"], b["objects"], rel_tol) is None
        return a.keys() == b.keys() and all(_same(a[k], b[k], rel_tol) for k in a)
    return type(a) is type(b) and a == b


def _objects_difference(a: Any, b: Any, rel_tol: float) -> str | None:
    if not (isinstance(a, list) and isinstance(b, list)):
        return "differs"
    if len(a) != len(b):
        return f"{len(a)} objects in the golden file, {len(b)} now"
    for index, (x, y) in enumerate(zip(a, b, strict=True), start=1):
        why = _object_difference(x, y, rel_tol)
        if why:
            return f"object {index}: {why}"
    return None


def golden_differences(
    expected: dict[str, Any], actual: dict[str, Any], rel_tol: float
) -> list[str]:
    """One line per variable that differs between a golden file and a run."""
    lines = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            lines.append(f"{name}: in the golden file, but the program left it unset")
        elif name not in expected:
            lines.append(f"{name}: set by the program, but not in the golden file")
        elif _same(expected[name], actual[name], rel_tol):
            continue
        elif (
            isinstance(expected[name], dict)
            and isinstance(actual[name], dict)
            and "objects" in expected[name]
            and "objects" in actual[name]
        ):
            why = _objects_difference(expected[name]["objects"], actual[name]["objects"], rel_tol)
            lines.append(f"{name}: {why}")
        else:
            lines.append(f"{name}: golden {expected[name]!r:.200}, got {actual[name]!r:.200}")
    return lines


__all__ = [
    "describe_object",
    "golden_data",
    "golden_differences",
    "golden_value",
    "image_hash",
    "region_hash",
]
