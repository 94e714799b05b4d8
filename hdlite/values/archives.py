"""Reading hdlite's ``.npz`` containers (object and dictionary files) without trusting them.

Every member is a ``.npy`` array. Before a member is read, its header is checked against
the member's size in the archive, so a small file that claims 10^12 elements is refused as
damaged instead of making numpy allocate for the claim; object arrays (pickles) are never
loaded. Anything wrong with the archive, a header or the data raises :class:`DamagedFile`.

Object files (the image plugin) and dictionary files (the core plugin) share it through
:mod:`hdlite.plugin`.
"""

from __future__ import annotations

import math
import zipfile
from typing import TYPE_CHECKING, Any

from hdlite.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy", globals(), "np")  # imported when an archive is read


class DamagedFile(ValueError):
    """The archive is not a complete, consistent hdlite container."""


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> np.ndarray:
    fmt = np.lib.format
    with archive.open(info) as stream:
        version = fmt.read_magic(stream)
        read_header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
        shape, fortran, dtype = read_header(stream)
        if dtype.hasobject:
            raise DamagedFile(f"{info.filename} holds pickled Python objects, never loaded")
        if any(type(n) is not int or n < 0 for n in shape):
            raise DamagedFile(f"{info.filename}: bad shape {shape}")
        expected = math.prod(shape) * dtype.itemsize
        available = info.file_size - stream.tell()
        if expected != available:
            raise DamagedFile(
                f"{info.filename} claims {expected} bytes of data but holds {available}"
            )
        data = stream.read(expected)
    if len(data) != expected:
        raise DamagedFile(f"{info.filename} is truncated")
    array = np.frombuffer(bytearray(data), dtype=dtype)  # writable, like np.load
    return array.reshape(shape, order="F" if fortran else "C")


def read_npz(path: str) -> dict[str, Any]:
    """All arrays of an ``.npz`` file by member name (without ``.npy``).

    Raises:
        OSError: the file cannot be opened (missing, no permission, a directory).
        DamagedFile: anything else is wrong with it.
    """
    with open(path, "rb") as handle:
        try:
            with zipfile.ZipFile(handle) as archive:
                arrays = {}
                for info in archive.infolist():
                    name = info.filename.removesuffix(".npy")
                    if name in arrays:
                        raise DamagedFile(f"member {name!r} appears twice")
                    arrays[name] = _member(archive, info)
                return arrays
        except DamagedFile:
            raise
        except MemoryError:
            raise
        except Exception as exc:
            raise DamagedFile(f"{type(exc).__name__}: {exc}") from None
