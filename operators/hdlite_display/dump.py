"""Window contents as an image object (dump_window_image) or as an image file (dump_window)."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicOut, Image, ObjectTuple, operator

from .state import window_of, write_image
from .windows import WINDOW_HANDLE

WRONG_DEVICE = 5131  # H_ERR_WIDT: wrong device for window dump
CANNOT_OPEN = 5215  # H_ERR_CNOF
WRITE_ERROR = 5212  # H_ERR_EDWF

# device -> (Pillow format, extensions; the first one is appended when missing)
_DEVICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "png": ("PNG", (".png",)),
    "jpeg": ("JPEG", (".jpg", ".jpeg")),
    "jpg": ("JPEG", (".jpg", ".jpeg")),
    "bmp": ("BMP", (".bmp",)),
    "tiff": ("TIFF", (".tif", ".tiff")),
    "tif": ("TIFF", (".tif", ".tiff")),
    "jp2": ("JPEG2000", (".jp2",)),
}


@operator("dump_window_image", IconicOut("Image"), WINDOW_HANDLE)
def dump_window_image(ctx: CallContext, handle: tuple) -> tuple:
    """The window contents as a three-channel byte image."""
    window = window_of(ctx, handle)
    pixels = np.asarray(window.visible().convert("RGB"), dtype=np.uint8)
    data = np.ascontiguousarray(np.moveaxis(pixels, -1, 0))
    return (ObjectTuple([Image(data, "byte")]),)


def _device(ctx: CallContext, device: str) -> tuple[str, tuple[str, ...], dict]:
    words = device.split()
    name = words[0].lower() if words else ""
    if name not in _DEVICES:
        raise ctx.error(WRONG_DEVICE, f"Device {device!r} is not supported")
    fmt, extensions = _DEVICES[name]
    options: dict = {}
    if fmt == "JPEG" and len(words) > 1 and words[1].isdigit():
        options["quality"] = max(1, min(int(words[1]), 100))
    if fmt == "PNG" and len(words) > 1:
        levels = {"best": 9, "fastest": 1, "none": 0}
        options["compress_level"] = levels.get(words[1], 6)
    return fmt, extensions, options


@operator(
    "dump_window",
    WINDOW_HANDLE,
    ControlIn("Device", types="string", count=(1, 2), default="png"),
    ControlIn("FileName", types="string", count=1, default="halcon_dump"),
)
def dump_window(ctx: CallContext, handle: tuple, device: tuple, file_name: tuple) -> tuple:
    """Write the window contents to an image file; the device's extension is added if missing.

    Devices: 'png' (optionally 'png best'/'png fastest'/'png none'), 'jpeg' (optionally
    'jpeg 90' for the quality), 'bmp', 'tiff', 'jp2'.
    """
    window = window_of(ctx, handle)
    fmt, extensions, options = _device(ctx, " ".join(str(d) for d in device))
    path = file_name[0]
    if not path.lower().endswith(extensions):
        path += extensions[0]
    if not ctx.session.writes_files:
        return ()
    try:
        write_image(window.visible(), path, fmt, **options)
    except (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError) as exc:
        raise ctx.error(CANNOT_OPEN, f"{path}: {exc.strerror or exc}") from None
    except OSError as exc:
        raise ctx.error(WRITE_ERROR, f"{path}: {exc}") from None
    return ()
