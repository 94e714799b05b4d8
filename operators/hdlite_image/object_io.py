"""write_object and read_object: iconic objects in ``.hobj`` files, without pickle.

File format (hdlite's own; HALCON's binary ``.hobj`` layout is not reproduced):

* The file is a numpy ``.npz`` archive (a ZIP file of ``.npy`` members, uncompressed).
* The member ``manifest`` is a ``uint8`` array holding UTF-8 JSON::

      {"format": "hdlite-hobj", "version": 1, "objects": [RECORD, ...]}

  Each RECORD comes from :func:`hdlite.values.iconic_io.encode_objects`: ``{"kind": "image",
  "pixel_type": "byte", "data": "o0_data", "domain": {...}}`` or ``{"kind": "region",
  "row": R, "column": C, "shape": [H, W], "mask": "o1_mask"}``; the strings name the
  other members of the archive.
* Image data members have shape ``(channels, height, width)`` and the pixel type's dtype;
  region masks are ``np.packbits`` of the row-major boolean mask.
* Reading uses ``np.load(allow_pickle=False)``, so a file can never run code.

Like HALCON, both operators append ``.hobj`` to a file name without that extension
(``read_object`` first tries the name as given).
"""

from __future__ import annotations

import json
import os

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    DamagedFile,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    atomic_open,
    decode_objects,
    encode_objects,
    operator,
    read_npz,
)

from ._common import DTYPES, write_error

FORMAT = "hdlite-hobj"
VERSION = 1
MANIFEST = "manifest"
ZIP_MAGIC = b"PK\x03\x04"


def hobj_path(name: str) -> str:
    """``name`` with ``.hobj`` appended unless it already ends in it."""
    return name if name.lower().endswith(".hobj") else name + ".hobj"


def save_objects(ctx: CallContext, path: str, objects: ObjectTuple) -> None:
    """Write an object tuple to ``path`` atomically (nothing on non-writing ranks)."""
    arrays: dict[str, np.ndarray] = {}
    try:
        records = encode_objects(objects, "o", arrays)
    except TypeError as exc:
        raise ctx.error(9054, str(exc)) from None
    manifest = {"format": FORMAT, "version": VERSION, "objects": records}
    arrays[MANIFEST] = np.frombuffer(json.dumps(manifest).encode("utf-8"), dtype=np.uint8)
    if not ctx.session.writes_files:
        return
    try:
        with atomic_open(path, "wb") as handle:
            np.savez(handle, **arrays)  # type: ignore[arg-type]
    except OSError as exc:
        raise write_error(ctx, path, exc) from None


def _validate(obj: object) -> None:
    if isinstance(obj, Image):
        data = obj.data
        if obj.pixel_type not in DTYPES or data.ndim != 3 or data.dtype != DTYPES[obj.pixel_type]:
            raise ValueError(f"image data {data.dtype}{list(data.shape)} for {obj.pixel_type}")
        if min(data.shape) < 1:  # HALCON has no image without a pixel (Width, Height >= 1)
            raise ValueError(f"an image of {data.shape[2]} x {data.shape[1]} pixels")
        if obj.domain is not None:
            _validate(obj.domain)
    elif isinstance(obj, Region):
        if obj.mask.ndim != 2:
            raise ValueError("region mask must be 2-dimensional")


def _why(exc: BaseException) -> str:
    """Why a file was refused; pickled content is named as such (it is never loaded)."""
    if "allow_pickle" in str(exc):
        return "it holds pickled Python objects, which are never loaded"
    return str(exc)


def load_objects(ctx: CallContext, path: str) -> ObjectTuple:
    """Read the object tuple stored in an ``.hobj`` file.

    Raises:
        HalconError: 5200 missing file, 5198 no permission, 2403 a newer file version,
            5238 anything that is not a valid file of this format.
    """
    try:
        with open(path, "rb") as handle:
            magic = handle.read(len(ZIP_MAGIC))
        if magic != ZIP_MAGIC:  # np.load would also take .npy files and pickles
            raise ctx.error(5238, f"{path}: not an hdlite object file (no ZIP archive)")
        arrays = read_npz(path)
    except FileNotFoundError:
        raise ctx.error(5200, path) from None
    except PermissionError:
        raise ctx.error(5198, path) from None
    except IsADirectoryError:
        raise ctx.error(5215, f"{path} is a directory") from None
    except OSError as exc:
        raise ctx.error(5250, f"{path}: {exc}") from None
    except DamagedFile as exc:
        raise ctx.error(5238, f"{path}: not an hdlite object file ({exc})") from None
    if MANIFEST not in arrays:
        raise ctx.error(5238, f"{path}: not an hdlite object file (no manifest)")
    try:
        manifest = json.loads(arrays.pop(MANIFEST).tobytes().decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError("not an hdlite object manifest")
        if int(manifest.get("version", 0)) > VERSION:
            raise ctx.error(2403, f"{path}: file version {manifest['version']}")
        objects = decode_objects(list(manifest["objects"]), arrays)
        for obj in objects:
            _validate(obj)
    except (
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OverflowError,
        RecursionError,
    ) as exc:  # UnicodeDecodeError and json's errors are ValueErrors
        raise ctx.error(5238, f"{path}: damaged object file ({exc!r:.200})") from None
    return objects


@operator(
    "write_object",
    IconicIn("Object"),
    ControlIn("FileName", types="string", count=1, default="object"),
)
def write_object(ctx: CallContext, objects: ObjectTuple, file_name: tuple) -> tuple:
    """Write an object tuple (images and regions, with domains) to an ``.hobj`` file."""
    save_objects(ctx, hobj_path(file_name[0]), objects)
    return ()


@operator(
    "read_object",
    IconicOut("Object"),
    ControlIn("FileName", types="string", count=1, default="object"),
)
def read_object(ctx: CallContext, file_name: tuple) -> tuple:
    """Read an object tuple written by write_object."""
    name = file_name[0]
    path = name if os.path.isfile(name) else hobj_path(name)
    return (load_objects(ctx, path),)
