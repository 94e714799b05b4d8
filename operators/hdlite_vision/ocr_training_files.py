"""OCR training files (``.trf``): write_ocr_trainf, append_ocr_trainf, read_ocr_trainf,
read_ocr_trainf_names and concat_ocr_trainf.

HALCON's reference (write_ocr_trainf, read_ocr_trainf pages, found with the ``search``
tool): a training file holds characters, each a region with the gray values under it and a
class name; ``Image`` is one single-channel byte or uint2 image for all characters; a file
name without an extension gets '.trf' when written; read_ocr_trainf returns each character
as an image whose domain is the character's region, and reads several files in the order
given. append_ocr_trainf adds to an existing file or creates it.

The file format is hdlite's own (HALCON's is undocumented): a NumPy ``.npz`` archive read
with :func:`hdlite.plugin.read_npz` (never pickle) holding ``meta`` (JSON: format name
``hdlite-ocr-training``, version 1, the class and pixel type of every character),
``shapes`` (n x 2 box heights and widths), ``pixels`` (the boxes' gray values, uint16, one
after the other) and ``masks`` (the regions in the boxes, uint8). A file that is not one
of these, is damaged or has another version is HALCON's 8313 ("The version of the OCR
training characters is not supported"; hdlite uses it for foreign files too, as HALCON has
no other training-file format error [unverified]); a missing file is 5200. When a name
without extension does not exist, the name with '.trf' is tried.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    DamagedFile,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
    read_npz,
    wrong_object_count,
)

from ._gray import images, regions
from ._model_files import write_file

FORMAT = "hdlite-ocr-training"
VERSION = 1
#: H_ERR_OCR_TRF, "The version of the OCR training characters is not supported"
ERR_TRF = 8313
#: H_ERR_TRF_CON_EIO, "OCR training file concatenation failed: identical input and output"
ERR_CONCAT_SAME = 8319
_TYPES = ("byte", "uint2")


@dataclass
class Sample:
    """One training character: its box's gray values, its region in the box, its class."""

    gray: np.ndarray  # uint8 or uint16 (h, w)
    mask: np.ndarray  # bool (h, w)
    pixel_type: str
    name: str

    def image(self) -> Image:
        """The character as an image whose domain is its region."""
        domain = Region.from_mask(self.mask)
        return Image(self.gray.copy(), self.pixel_type, domain)


def _with_extension(name: str) -> str:
    return name if os.path.splitext(name)[1] else name + ".trf"


def _existing(name: str) -> str:
    """The file to read for ``name``: as given, or with '.trf' when that exists instead."""
    if not os.path.exists(name) and not os.path.splitext(name)[1]:
        if os.path.exists(name + ".trf"):
            return name + ".trf"
    return name


def load(ctx: CallContext, name: str) -> list[Sample]:
    """The characters of one training file (errors: module docstring)."""
    path = _existing(name)
    try:
        arrays = read_npz(path)
    except FileNotFoundError:
        raise ctx.error(5200, name) from None
    except OSError as exc:
        raise ctx.error(5215, f"{name}: {exc.strerror}") from None
    except DamagedFile as exc:
        raise ctx.error(ERR_TRF, f"{name}: not an hdlite OCR training file ({exc})") from None
    try:
        meta = json.loads(str(arrays["meta"]))
        if meta.get("format") != FORMAT:
            raise ValueError("not an hdlite OCR training file")
        if meta.get("version") != VERSION:
            raise ValueError(f"unsupported version {meta.get('version')!r}")
        return _samples(meta, arrays)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ctx.error(ERR_TRF, f"{name}: {exc}") from None


def _samples(meta: dict, arrays: dict) -> list[Sample]:
    names, types = meta["classes"], meta["pixel_types"]
    shapes = np.asarray(arrays["shapes"], dtype=np.int64).reshape(-1, 2)
    pixels = np.asarray(arrays["pixels"], dtype=np.uint16).ravel()
    masks = np.asarray(arrays["masks"], dtype=np.uint8).ravel()
    sizes = shapes[:, 0] * shapes[:, 1]
    if not (len(names) == len(types) == len(shapes)) or (shapes < 1).any():
        raise ValueError("inconsistent character table")
    if int(sizes.sum()) != pixels.size or pixels.size != masks.size:
        raise ValueError("pixel data do not match the character table")
    out: list[Sample] = []
    start = 0
    for (h, w), size, name, ptype in zip(shapes, sizes, names, types, strict=True):
        if not isinstance(name, str) or ptype not in _TYPES:
            raise ValueError("bad class name or pixel type")
        stop = start + int(size)
        gray = pixels[start:stop].reshape(int(h), int(w))
        dtype = np.uint8 if ptype == "byte" else np.uint16
        if ptype == "byte" and gray.max(initial=0) > 255:
            raise ValueError("byte character with values above 255")
        mask = masks[start:stop].reshape(int(h), int(w)).astype(bool)
        out.append(Sample(gray.astype(dtype), mask, ptype, name))
        start = stop
    return out


def save(ctx: CallContext, name: str, samples: list[Sample]) -> None:
    """Write ``samples`` as a training file (atomically)."""
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "classes": [s.name for s in samples],
        "pixel_types": [s.pixel_type for s in samples],
    }
    shapes = np.array([s.gray.shape for s in samples], dtype=np.int64).reshape(-1, 2)
    pixels = [s.gray.astype(np.uint16).ravel() for s in samples]
    masks = [s.mask.astype(np.uint8).ravel() for s in samples]
    buffer = io.BytesIO()
    np.savez(
        buffer,
        meta=np.array(json.dumps(meta)),
        shapes=shapes,
        pixels=np.concatenate(pixels) if pixels else np.zeros(0, np.uint16),
        masks=np.concatenate(masks) if masks else np.zeros(0, np.uint8),
    )
    write_file(ctx, name, buffer.getvalue())


def _new_samples(
    ctx: CallContext, chars: ObjectTuple, image: ObjectTuple, classes: tuple
) -> list[Sample]:
    regs = regions(ctx, chars, "Character")
    imgs = images(ctx, image, _TYPES)
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(2), f"Image: {len(imgs)} images, expected one")
    img = imgs[0]
    if len(classes) != len(regs):
        raise ctx.param_error("count", "Class", f"{len(classes)} names for {len(regs)} regions")
    out: list[Sample] = []
    for region, cls in zip(regs, classes, strict=True):
        if not isinstance(cls, str):
            raise ctx.param_error("type", "Class", f"class names are strings, got {cls!r}")
        clipped = region.clip(0, 0, img.height - 1, img.width - 1)
        if clipped.is_empty():
            raise ctx.param_error("value", "Class", f"the region of {cls!r} is empty")
        r1, c1, r2, c2 = clipped.bbox()
        gray = img.data[0, r1 : r2 + 1, c1 : c2 + 1].copy()
        mask = clipped.translate(-r1, -c1).to_mask(r2 - r1 + 1, c2 - c1 + 1)
        out.append(Sample(gray, mask, img.pixel_type, cls))
    return out


_TRAINF_IN = (
    IconicIn("Character"),
    IconicIn("Image"),
    ControlIn("Class", types="string"),
    ControlIn("TrainingFile", types="string", count=1, default="train_ocr"),
)


@operator("write_ocr_trainf", *_TRAINF_IN)
def write_ocr_trainf(
    ctx: CallContext, chars: ObjectTuple, image: ObjectTuple, classes: tuple, name: tuple
) -> tuple:
    """Write characters (regions with the gray values of Image) and their classes to a new
    training file ('.trf' is added to a name without extension)."""
    samples = _new_samples(ctx, chars, image, classes)
    save(ctx, _with_extension(name[0]), samples)
    return ()


@operator("append_ocr_trainf", *_TRAINF_IN)
def append_ocr_trainf(
    ctx: CallContext, chars: ObjectTuple, image: ObjectTuple, classes: tuple, name: tuple
) -> tuple:
    """Add characters and their classes to a training file, creating it if needed."""
    samples = _new_samples(ctx, chars, image, classes)
    path = _with_extension(name[0])
    old = load(ctx, path) if os.path.exists(path) else []
    save(ctx, path, old + samples)
    return ()


_FILES = ControlIn("TrainingFile", types="string", count=(1, None), default="train_ocr")


@operator(
    "read_ocr_trainf",
    IconicOut("Characters"),
    _FILES,
    ControlOut("CharacterNames", types="string"),
)
def read_ocr_trainf(ctx: CallContext, names: tuple) -> tuple:
    """Read the characters of training files as images (domain = the character's region)
    and their class names, file after file."""
    samples = [s for name in names for s in load(ctx, name)]
    return ObjectTuple(s.image() for s in samples), tuple(s.name for s in samples)


@operator(
    "read_ocr_trainf_names",
    _FILES,
    ControlOut("CharacterNames", types="string"),
    ControlOut("CharacterCount", types="integer"),
)
def read_ocr_trainf_names(ctx: CallContext, names: tuple) -> tuple:
    """The distinct class names in training files (in order of first appearance) and how
    many characters each has."""
    counts: dict[str, int] = {}
    for name in names:
        for s in load(ctx, name):
            counts[s.name] = counts.get(s.name, 0) + 1
    return tuple(counts), tuple(counts.values())


@operator(
    "concat_ocr_trainf",
    ControlIn("SingleFiles", types="string", count=(1, None)),
    ControlIn("ComposedFile", types="string", count=1),
)
def concat_ocr_trainf(ctx: CallContext, singles: tuple, composed: tuple) -> tuple:
    """Write the characters of several training files into one new training file."""
    target = _with_extension(composed[0])
    for name in singles:
        if os.path.abspath(_existing(name)) == os.path.abspath(target):
            raise ctx.error(ERR_CONCAT_SAME, f"{name} is also the composed file")
    samples = [s for name in singles for s in load(ctx, name)]
    save(ctx, target, samples)
    return ()
