"""read_image and write_image: image files through Pillow, found the way HALCON finds them.

Search order for a relative file name: the current directory, the directories of the
system parameter ``image_dir`` (``set_system ('image_dir', 'a;b')``, separated by ``;``
or ``:``), then ``$HALCONIMAGES`` and ``$HALCONROOT/images``. In each directory the name
is tried as given, then with each known extension appended (``.png``, ``.jpg``...).

Pixel layout of what is read: gray files give one ``byte`` channel, RGB files three,
gray+alpha two and RGBA four (alpha last, as HALCON reads PNG); 16-bit gray files give
``uint2``, 32-bit integer TIFF ``int4`` and float TIFF ``real``. Palette images become RGB
(gray when the palette is gray). 16-bit RGB files are read as 8-bit by Pillow.

Error codes: missing file 5200, unreadable file 5198/5215, a file Pillow cannot identify
5506, a truncated file 5502, other decoding failures 5203.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import numpy as np
from PIL import Image as PILImage

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Session,
    atomic_open,
    operator,
)

from ._common import domain_mask, images, write_error
from ._decoded import remember
from .object_io import load_objects, save_objects

#: extensions tried, in order, for a file name that does not exist as given
EXTENSIONS = (
    ".png",
    ".jpg",
    ".jpeg",
    ".bmp",
    ".tif",
    ".tiff",
    ".pgm",
    ".ppm",
    ".pbm",
    ".pnm",
    ".gif",
    ".pcx",
    ".jpe",
    ".hobj",
)


def search_dirs(session: Session) -> list[str]:
    """Directories searched for relative image file names, in order."""
    dirs = [""]
    for value in session.system.get("image_dir", ()):
        if isinstance(value, str):
            dirs.extend(d for d in re.split(r"[;:]" if os.name != "nt" else ";", value) if d)
    env = os.environ.get("HALCONIMAGES", "")
    dirs.extend(d for d in re.split(r"[;" + re.escape(os.pathsep) + "]", env) if d)
    root = os.environ.get("HALCONROOT")
    if root:
        dirs.append(os.path.join(root, "images"))
    return dirs


def find_image_file(session: Session, name: str) -> str | None:
    """The path of the image file ``name`` refers to, or None when there is none."""
    dirs = [""] if os.path.isabs(name) else search_dirs(session)
    for directory in dirs:
        base = os.path.join(directory, name) if directory else name
        for candidate in (base, *(base + ext for ext in EXTENSIONS)):
            if os.path.isfile(candidate):
                return candidate
    return None


def _gray_palette(img: PILImage.Image) -> bool:
    palette = img.getpalette() or []
    rgb = np.asarray(palette, dtype=np.int32).reshape(-1, 3)
    return bool((rgb[:, 0] == rgb[:, 1]).all() and (rgb[:, 1] == rgb[:, 2]).all())


def pil_to_image(img: PILImage.Image) -> Image:
    """Convert a decoded Pillow image to an hdlite image (channels first, no extra copy)."""
    mode = img.mode
    if mode == "P":
        if "transparency" in img.info:
            img = img.convert("RGBA")
        else:
            img = img.convert("L" if _gray_palette(img) else "RGB")
    elif mode == "PA":
        img = img.convert("RGBA")
    elif mode in ("1", "La"):
        img = img.convert("L" if mode == "1" else "LA")
    elif mode in ("CMYK", "YCbCr", "LAB", "HSV", "RGBX", "RGBa"):
        img = img.convert("RGBA" if mode == "RGBa" else "RGB")
    mode = img.mode
    arr = np.asarray(img)
    if mode in ("I;16", "I;16L", "I;16B", "I;16N"):
        return Image(arr.astype(np.uint16, copy=False), "uint2")
    if mode == "I":
        if img.format == "PNG" and (arr.size == 0 or (arr.min() >= 0 and arr.max() < 65536)):
            return Image(arr.astype(np.uint16), "uint2")
        return Image(arr.astype(np.int32, copy=False), "int4")
    if mode == "F":
        return Image(arr.astype(np.float32, copy=False), "real")
    if arr.dtype != np.uint8:
        arr = np.asarray(img.convert("RGB"))
    data = arr[None] if arr.ndim == 2 else arr.transpose(2, 0, 1)
    if img.mode in ("L", "RGB"):
        remember(data, img)
    return Image(data, "byte")


def decode_image_file(ctx: CallContext, path: str) -> list[Image]:
    """Read one image file (or the images of an ``.hobj`` file)."""
    if path.lower().endswith(".hobj"):
        found = [o for o in load_objects(ctx, path) if isinstance(o, Image)]
        if not found:
            raise ctx.error(5238, f"{path}: the file holds no image")
        return found
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with PILImage.open(path) as img:
                img.load()
                return [pil_to_image(img)]
    except FileNotFoundError:
        raise ctx.error(5200, path) from None
    except PermissionError:
        raise ctx.error(5198, path) from None
    except IsADirectoryError:
        raise ctx.error(5215, f"{path} is a directory") from None
    except PILImage.UnidentifiedImageError:
        raise ctx.error(5506, f"{path}: not an image file of a known format") from None
    except PILImage.DecompressionBombError as exc:
        raise ctx.error(6001, f"{path}: {exc}") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        text = str(exc)
        if isinstance(exc, EOFError) or "truncated" in text.lower():
            raise ctx.error(5502, f"{path}: {text}") from None
        raise ctx.error(5203, f"{path}: {text}") from None


@operator(
    "read_image",
    IconicOut("Image"),
    ControlIn("FileName", types="string", count=(1, None), default="printer_chip/printer_chip_01"),
)
def read_image(ctx: CallContext, file_name: tuple) -> tuple:
    """Read images from files; a tuple of names gives a tuple of images."""
    out: list[Image] = []
    for name in file_name:
        path = find_image_file(ctx.session, name) if name else None
        if path is None:
            if name and os.path.exists(name) and not os.path.isdir(name):
                # a FIFO or a device: opening it could block, and it is no image file
                raise ctx.error(5215, f"{name!r} is not a regular file (a FIFO or a device)")
            raise ctx.error(5200, f"{name!r} (searched {_describe_dirs(ctx.session, name)})")
        out.extend(decode_image_file(ctx, path))
    return (ObjectTuple(out),)


def _describe_dirs(session: Session, name: str) -> str:
    if os.path.isabs(name):
        return "as an absolute path"
    dirs = ["."] + [d for d in search_dirs(session) if d]
    return ", ".join(dirs)


# --- writing -------------------------------------------------------------------------

#: format -> (Pillow format, extension appended, extensions accepted)
_FORMATS = {
    "png": ("PNG", ".png", (".png",)),
    "jpeg": ("JPEG", ".jpg", (".jpg", ".jpeg", ".jpe", ".jfif")),
    "jpg": ("JPEG", ".jpg", (".jpg", ".jpeg", ".jpe", ".jfif")),
    "tiff": ("TIFF", ".tif", (".tif", ".tiff")),
    "bmp": ("BMP", ".bmp", (".bmp",)),
    "hobj": ("HOBJ", ".hobj", (".hobj",)),
}
#: format -> {pixel type: allowed channel counts}
_SUPPORTED: dict[str, dict[str, tuple[int, ...]]] = {
    "PNG": {"byte": (1, 2, 3, 4), "uint2": (1,)},
    "JPEG": {"byte": (1, 3)},
    "BMP": {"byte": (1, 3, 4)},
    "TIFF": {"byte": (1, 3, 4), "uint2": (1,), "int4": (1,), "real": (1,)},
}
_TIFF_COMPRESSION = {
    "none": None,
    "lzw": "tiff_lzw",
    "deflate": "tiff_adobe_deflate",
    "packbits": "packbits",
    "jpeg": "jpeg",
}


def _parse_format(ctx: CallContext, fmt: str) -> tuple[str, str, tuple[str, ...], dict]:
    words = fmt.split()
    if not words or words[0].lower() not in _FORMATS:
        raise ctx.param_error("value", "Format", f"unsupported image format {fmt!r}")
    pil_format, ext, accepted = _FORMATS[words[0].lower()]
    options: dict = {}
    rest = words[1:]
    try:
        if pil_format == "JPEG":
            options["quality"] = int(rest[0]) if rest else 75
            if not 0 <= options["quality"] <= 100:
                raise ValueError(rest[0])
        elif pil_format == "PNG" and rest:
            options["compress_level"] = min(max(int(rest[-1]), 0), 9)
        elif pil_format == "TIFF":
            for word in rest:
                if word.lower() in _TIFF_COMPRESSION:
                    if _TIFF_COMPRESSION[word.lower()]:
                        options["compression"] = _TIFF_COMPRESSION[word.lower()]
                elif word.isdigit():
                    options["quality"] = int(word)
                elif word.lower() not in ("mask", "alpha"):
                    raise ValueError(word)
    except (ValueError, IndexError):
        raise ctx.param_error("value", "Format", f"bad format option in {fmt!r}") from None
    return pil_format, ext, accepted, options


def _fill_outside(image: Image, fill: int | float) -> np.ndarray:
    data = image.data
    mask = domain_mask(image)
    if mask is None or fill == -1:
        return data
    out = data.copy()
    if image.channels >= 3 and isinstance(fill, int) and fill > 255:
        colors: list[int | float] = [(fill >> 16) & 255, (fill >> 8) & 255, fill & 255]
        colors += [colors[-1]] * (image.channels - 3)
    else:
        colors = [fill] * image.channels
    outside = ~mask
    for c, value in enumerate(colors):
        out[c][outside] = value
    return out


def image_to_pil(data: np.ndarray, pixel_type: str) -> PILImage.Image:
    """A Pillow image from a ``(channels, height, width)`` array of a supported kind."""
    channels = data.shape[0]
    if pixel_type == "byte":
        if channels == 1:
            return PILImage.fromarray(np.ascontiguousarray(data[0]), "L")
        mode = {2: "LA", 3: "RGB", 4: "RGBA"}[channels]
        return PILImage.fromarray(np.ascontiguousarray(data.transpose(1, 2, 0)), mode)
    dtype = {"uint2": np.uint16, "int4": np.int32}.get(pixel_type, np.float32)
    return PILImage.fromarray(np.ascontiguousarray(data[0], dtype=dtype))


def output_path(name: str, ext: str, accepted: tuple[str, ...]) -> str:
    """The file name with the format's extension appended unless it already has one."""
    return name if Path(name).suffix.lower() in accepted else name + ext


@operator(
    "write_image",
    IconicIn("Image"),
    ControlIn("Format", types="string", count=1, default="tiff"),
    ControlIn("FillColor", types="number", count=1, default=0),
    ControlIn("FileName", types="string", count=(1, None), default="/tmp/imdata"),
)
def write_image(
    ctx: CallContext, image: ObjectTuple, fmt: tuple, fill: tuple, file_name: tuple
) -> tuple:
    """Write images to files in ``Format`` (``'png'``, ``'jpeg [quality]'``, ``'tiff'``,
    ``'bmp'``, ``'hobj'``); pixels outside the domain get ``FillColor`` (-1: left as is)."""
    imgs = images(ctx, image)
    pil_format, ext, accepted, options = _parse_format(ctx, fmt[0])
    if not imgs:
        raise ctx.error(1501, "Image: no image to write")
    if len(file_name) != len(imgs):
        raise ctx.param_error("count", "FileName", f"{len(file_name)} names for {len(imgs)} images")
    for img, name in zip(imgs, file_name, strict=True):
        path = output_path(name, ext, accepted)
        if pil_format == "HOBJ":
            save_objects(ctx, path, ObjectTuple([img]))
            continue
        allowed = _SUPPORTED[pil_format].get(img.pixel_type)
        if allowed is None:
            raise ctx.error(5217, f"format {fmt[0]!r} cannot store {img.pixel_type} images")
        if img.channels not in allowed:
            raise ctx.error(3359, f"format {fmt[0]!r} cannot store {img.channels} channels")
        pil = image_to_pil(_fill_outside(img, fill[0]), img.pixel_type)
        if not ctx.session.writes_files:
            continue
        try:
            with atomic_open(path, "wb") as handle:
                pil.save(handle, format=pil_format, **options)
        except OSError as exc:
            raise write_error(ctx, path, exc) from None
    return ()
