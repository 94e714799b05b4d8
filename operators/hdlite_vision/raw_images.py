"""Reading unformatted (raw) image data: read_sequence.

HALCON's reference [doc: read_sequence, mvtec.com/doc/halcon/2011 and 2105; the same text
since HORUS]: the pixels are stored consecutively, row by row, after a header of
HeaderSize bytes, which is skipped. SourceWidth x SourceHeight is the size of the stored
image; the part of DestWidth x DestHeight pixels at (StartRow, StartColumn) is returned.
Pixel types: 'byte', 'short' (16 bits, unsigned), 'signed_short' (16 bits, signed), 'long'
(32 bits, signed), and 'r_byte', 'g_byte', 'b_byte' for one component of stored RGB byte
triples. ByteOrder 'MSBFirst' or 'LSBFirst' orders the bytes of 16- and 32-bit values;
Pad ('byte', 'short', 'long') aligns the end of each stored row to 1, 2 or 4 bytes; Index
(from 1) picks one image of a file that holds a sequence.

hdlite's choices [unverified]: the result types are byte, uint2, int2 and int4; the header
comes once at the start of the file and the images of a sequence follow one another
without headers; a part reaching beyond the stored image is HALCON's 1306/1307 (wrong
value of DestWidth/DestHeight); a file shorter than the image asked for is 5221 (file
exhausted before terminating the image), an image beyond the file's end 5220. The pixel
types 'bit' and 'swapped_long' and BitOrder 'LSBFirst' (which matters only for 'bit') are
not offered: HALCON's wrong value (1302). The file is searched like read_image's files
(current directory, then 'image_dir').
"""

from __future__ import annotations

import os

import numpy as np
from hdlite_image._common import check_fits
from hdlite_image.image_io import search_dirs

from hdlite.plugin import CallContext, ControlIn, IconicOut, Image, ObjectTuple, operator

#: bytes per stored pixel, numpy base type and the hdlite pixel type of each PixelType
_TYPES: dict[str, tuple[int, str, str]] = {
    "byte": (1, "u1", "byte"),
    "short": (2, "u2", "uint2"),
    "signed_short": (2, "i2", "int2"),
    "long": (4, "i4", "int4"),
    "r_byte": (3, "u1", "byte"),
    "g_byte": (3, "u1", "byte"),
    "b_byte": (3, "u1", "byte"),
}
_PIXEL_TYPES = (
    "bit",
    "byte",
    "short",
    "signed_short",
    "long",
    "swapped_long",
    "r_byte",
    "g_byte",
    "b_byte",
)
_PADS = {"byte": 1, "short": 2, "long": 4}
_ORDERS = ("MSBFirst", "LSBFirst")


def _find(ctx: CallContext, name: str) -> str:
    dirs = [""] if os.path.isabs(name) else search_dirs(ctx.session)
    for directory in dirs:
        path = os.path.join(directory, name) if directory else name
        if os.path.isfile(path):
            return path
        if os.path.isdir(path):
            raise ctx.error(5215, f"{path} is a directory")
    raise ctx.error(5200, name)


def _positive(ctx: CallContext, value: int, name: str, minimum: int = 1) -> int:
    if value < minimum:
        raise ctx.param_error("value", name, f"{value} must be at least {minimum}")
    return value


@operator(
    "read_sequence",
    IconicOut("Image"),
    ControlIn("HeaderSize", types="integer", count=1, default=0),
    ControlIn("SourceWidth", types="integer", count=1, default=512),
    ControlIn("SourceHeight", types="integer", count=1, default=512),
    ControlIn("StartRow", types="integer", count=1, default=0),
    ControlIn("StartColumn", types="integer", count=1, default=0),
    ControlIn("DestWidth", types="integer", count=1, default=512),
    ControlIn("DestHeight", types="integer", count=1, default=512),
    ControlIn("PixelType", types="string", count=1, default="byte", values=_PIXEL_TYPES),
    ControlIn("BitOrder", types="string", count=1, default="MSBFirst", values=_ORDERS),
    ControlIn("ByteOrder", types="string", count=1, default="MSBFirst", values=_ORDERS),
    ControlIn("Pad", types="string", count=1, default="byte", values=tuple(_PADS)),
    ControlIn("Index", types="integer", count=1, default=1),
    ControlIn("FileName", types="string", count=1, default="fabrik"),
)
def read_sequence(
    ctx: CallContext,
    header: tuple,
    src_w: tuple,
    src_h: tuple,
    start_r: tuple,
    start_c: tuple,
    dst_w: tuple,
    dst_h: tuple,
    pixel_type: tuple,
    bit_order: tuple,
    byte_order: tuple,
    pad: tuple,
    index: tuple,
    name: tuple,
) -> tuple:
    """Read (a part of) one image of unformatted pixel data from a file."""
    if pixel_type[0] not in _TYPES:
        raise ctx.param_error("value", "PixelType", f"{pixel_type[0]!r} is not offered by hdlite")
    if bit_order[0] != "MSBFirst":
        raise ctx.param_error("value", "BitOrder", "only 'bit' images use it; hdlite has none")
    skip = _positive(ctx, header[0], "HeaderSize", 0)
    width = _positive(ctx, src_w[0], "SourceWidth")
    height = _positive(ctx, src_h[0], "SourceHeight")
    row0 = _positive(ctx, start_r[0], "StartRow", 0)
    col0 = _positive(ctx, start_c[0], "StartColumn", 0)
    out_w = _positive(ctx, dst_w[0], "DestWidth")
    out_h = _positive(ctx, dst_h[0], "DestHeight")
    number = _positive(ctx, index[0], "Index")
    if col0 + out_w > width:
        raise ctx.param_error("value", "DestWidth", f"columns {col0}..{col0 + out_w - 1} > {width}")
    if row0 + out_h > height:
        raise ctx.param_error("value", "DestHeight", f"rows {row0}..{row0 + out_h - 1} > {height}")
    size, base, result_type = _TYPES[pixel_type[0]]
    align = _PADS[pad[0]]
    row_bytes = -(-width * size // align) * align
    image_bytes = row_bytes * height
    check_fits(ctx, height, row_bytes, what="raw image")
    path = _find(ctx, name[0])
    start = skip + (number - 1) * image_bytes
    try:
        if start >= os.path.getsize(path):
            raise ctx.error(5220, f"{path}: no image {number} after {start} bytes")
        with open(path, "rb") as handle:
            handle.seek(start)
            raw = handle.read(image_bytes)
    except OSError as exc:
        raise ctx.error(5203, f"{path}: {exc}") from None
    if not raw:
        raise ctx.error(5220, f"{path}: no image {number} after {start} bytes")
    if len(raw) < image_bytes:
        raise ctx.error(5221, f"{path}: {len(raw)} of {image_bytes} bytes")
    rows = np.frombuffer(raw, dtype=np.uint8).reshape(height, row_bytes)
    rows = rows[row0 : row0 + out_h, : width * size]
    if pixel_type[0].endswith("_byte") and pixel_type[0] != "byte":
        channel = "rgb".index(pixel_type[0][0])
        data = rows.reshape(out_h, width, 3)[:, col0 : col0 + out_w, channel]
    else:
        dtype = np.dtype(base)
        if size > 1:
            dtype = dtype.newbyteorder(">" if byte_order[0] == "MSBFirst" else "<")
        values = np.ascontiguousarray(rows).view(dtype).reshape(out_h, width)
        data = values[:, col0 : col0 + out_w].astype(np.dtype(base).newbyteorder("="))
    return (ObjectTuple([Image(np.ascontiguousarray(data)[None], result_type)]),)
