"""Serialized items and their files: fwrite/fread/clear_serialized_item.

A serialized item is a byte buffer (``serialize_dl_classifier`` makes one). In a file it
is stored as::

    b"HDLTSER\\x00" | kind length (uint32 LE) | kind (UTF-8) | data length (uint64 LE) | data

``kind`` names what the bytes hold (``'dl_classifier'``); readers check the data
themselves. The file handle comes from ``open_file`` with ``'output_binary'`` or
``'input_binary'``; its object's ``stream`` is written or read.
"""

from __future__ import annotations

import io
import struct
from typing import Any

from hdlite.plugin import CallContext, ControlIn, ControlOut, HalconError, operator

MAGIC = b"HDLTSER\x00"
_KIND_LEN = struct.Struct("<I")
_DATA_LEN = struct.Struct("<Q")
KIND = "serialized_item"


class SerializedItem:
    """A byte buffer with a note of what it holds."""

    __slots__ = ("data", "kind")

    def __init__(self, data: bytes, kind: str = "") -> None:
        self.data = data
        self.kind = kind

    def to_file_bytes(self) -> bytes:
        """The item as it is stored in a file."""
        kind = self.kind.encode("utf-8")
        return MAGIC + _KIND_LEN.pack(len(kind)) + kind + _DATA_LEN.pack(len(self.data)) + self.data


def _stream(ctx: CallContext, handle: Any, reading: bool) -> Any:
    """The binary stream of a file handle from ``open_file`` (its object's ``stream``)."""
    file = handle.obj
    name = getattr(file, "name", "file")
    if getattr(file, "closed", False):
        raise ctx.error(5245, name)
    if not getattr(file, "binary", True):
        raise ctx.error(5281, name)
    if getattr(file, "reading", reading) != reading:
        raise ctx.error(5216, f"{name} is open for {'reading' if not reading else 'writing'}")
    stream = getattr(file, "stream", file)
    if isinstance(stream, io.TextIOBase):
        raise ctx.error(5281, name)
    return stream


def _remaining(stream: Any) -> int | None:
    try:
        if not stream.seekable():
            return None
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(here)
        return end - here
    except (AttributeError, OSError):
        return None


def _read_exact(stream: Any, size: int) -> bytes:
    remaining = _remaining(stream)
    if remaining is not None and size > remaining:
        raise HalconError(9581, f"expected {size} bytes, only {remaining} left")
    data = stream.read(size)
    if data is None or len(data) != size:
        raise HalconError(9581, f"expected {size} bytes, got {len(data or b'')}")
    return data


@operator(
    "fwrite_serialized_item",
    ControlIn("FileHandle", types="handle", count=1, sem="file"),
    ControlIn("SerializedItemHandle", types="handle", count=1, sem=KIND),
)
def fwrite_serialized_item(ctx: CallContext, file: tuple, item: tuple) -> tuple:
    """Write a serialized item to a file opened in a binary output mode."""
    stream = _stream(ctx, file[0], reading=False)
    try:
        stream.write(item[0].obj.to_file_bytes())
    except (OSError, ValueError) as exc:
        raise ctx.error(5212, str(exc)) from None
    return ()


@operator(
    "fread_serialized_item",
    ControlIn("FileHandle", types="handle", count=1, sem="file"),
    ControlOut("SerializedItemHandle", types="handle", count=1, sem=KIND),
)
def fread_serialized_item(ctx: CallContext, file: tuple) -> tuple:
    """Read the next serialized item from a file opened in a binary input mode."""
    stream = _stream(ctx, file[0], reading=True)
    try:
        magic = stream.read(len(MAGIC))
        if magic != MAGIC:
            raise ctx.error(9580, "no serialized item at the current file position")
        (kind_len,) = _KIND_LEN.unpack(_read_exact(stream, _KIND_LEN.size))
        if kind_len > 1024:
            raise ctx.error(9580, "bad item header")
        kind = _read_exact(stream, kind_len).decode("utf-8", errors="replace")
        (size,) = _DATA_LEN.unpack(_read_exact(stream, _DATA_LEN.size))
        data = _read_exact(stream, size)
    except (OSError, ValueError) as exc:
        raise ctx.error(5250, str(exc)) from None
    return ((ctx.new_handle(KIND, SerializedItem(data, kind)),),)


@operator(
    "clear_serialized_item",
    ControlIn("SerializedItemHandle", types="handle", count=(1, None), sem=KIND),
)
def clear_serialized_item(ctx: CallContext, items: tuple) -> tuple:
    """Free serialized items."""
    for item in items:
        if not item.cleared:
            item.clear()
    return ()
