"""Geometric image operators: zooming, mirroring, rotating and tiling.

Domains move with the pixels. Rotations by multiples of 90 degrees are exact (90 and 270
swap width and height); other angles rotate about the image center, keep the image size
and sample like affine_trans_image.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
)

from ._common import (
    INTERPOLATIONS,
    check_fits,
    domain_mask,
    extent,
    images,
    normalized_domain,
    region_from_mask,
)
from .resample import resize, resize_mask
from .transforms import _about, _rotation, warp_image

_INTERP = ControlIn(
    "Interpolation", types="string", count=1, default="constant", values=INTERPOLATIONS
)


def zoom(img: Image, height: int, width: int, method: str) -> Image:
    """``img`` resized to ``height`` x ``width`` (its domain resized with it)."""
    data = resize(img.data, img.pixel_type, height, width, method)
    domain = None
    if img.domain is not None:
        mask = resize_mask(img.domain.to_mask(img.height, img.width), height, width)
        domain = normalized_domain(region_from_mask(mask), height, width)
    return Image(data, img.pixel_type, domain)


@operator(
    "zoom_image_size",
    IconicIn("Image"),
    IconicOut("ImageZoom"),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
    _INTERP,
)
def zoom_image_size(
    ctx: CallContext, image: ObjectTuple, width: tuple, height: tuple, interp: tuple
) -> tuple:
    """Resize images to ``Width`` x ``Height`` pixels."""
    w, h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    imgs = images(ctx, image)
    for img in imgs:
        check_fits(ctx, h, w, img.channels, img.data.itemsize)
    return (ObjectTuple(zoom(img, h, w, interp[0]) for img in imgs),)


@operator(
    "zoom_image_factor",
    IconicIn("Image"),
    IconicOut("ImageZoomed"),
    ControlIn("ScaleWidth", types="real", count=1, default=0.5),
    ControlIn("ScaleHeight", types="real", count=1, default=0.5),
    _INTERP,
)
def zoom_image_factor(
    ctx: CallContext, image: ObjectTuple, sw: tuple, sh: tuple, interp: tuple
) -> tuple:
    """Resize images by the factors ``ScaleWidth`` and ``ScaleHeight``."""
    if sw[0] <= 0:
        raise ctx.param_error("value", "ScaleWidth", f"{sw[0]} must be positive")
    if sh[0] <= 0:
        raise ctx.param_error("value", "ScaleHeight", f"{sh[0]} must be positive")
    out = []
    for img in images(ctx, image):
        w = extent(ctx, max(math.floor(img.width * sw[0] + 0.5), 1), "ScaleWidth")
        h = extent(ctx, max(math.floor(img.height * sh[0] + 0.5), 1), "ScaleHeight")
        check_fits(ctx, h, w, img.channels, img.data.itemsize)
        out.append(zoom(img, h, w, interp[0]))
    return (ObjectTuple(out),)


def _mirror_region(region: Region, mode: str, height: int, width: int) -> Region:
    h, w = region.mask.shape
    if mode == "row":
        return Region(height - region.row - h, region.column, region.mask[::-1].copy())
    if mode == "column":
        return Region(region.row, width - region.column - w, region.mask[:, ::-1].copy())
    if mode == "diagonal":
        return Region(region.column, region.row, region.mask.T.copy())
    return Region(
        width - region.column - w, height - region.row - h, region.mask[::-1, ::-1].T.copy()
    )


@operator(
    "mirror_image",
    IconicIn("Image"),
    IconicOut("ImageMirror"),
    ControlIn(
        "Mode",
        types="string",
        count=1,
        default="row",
        values=("row", "column", "diagonal", "anti_diagonal"),
    ),
)
def mirror_image(ctx: CallContext, image: ObjectTuple, mode: tuple) -> tuple:
    """Mirror images: ``'row'`` upside down, ``'column'`` left-right, or at a diagonal."""
    m = mode[0]
    out = []
    for img in images(ctx, image):
        if m == "row":
            data = img.data[:, ::-1, :]
        elif m == "column":
            data = img.data[:, :, ::-1]
        elif m == "diagonal":
            data = img.data.transpose(0, 2, 1)
        else:
            data = img.data[:, ::-1, ::-1].transpose(0, 2, 1)
        domain = None
        if img.domain is not None:
            domain = _mirror_region(img.domain, m, img.height, img.width)
        out.append(Image(np.ascontiguousarray(data), img.pixel_type, domain))
    return (ObjectTuple(out),)


def rotate_exact(img: Image, quarters: int) -> Image:
    """``img`` rotated counterclockwise by ``quarters`` * 90 degrees, exactly."""
    quarters %= 4
    data = np.ascontiguousarray(np.rot90(img.data, quarters, axes=(1, 2)))
    domain = None
    if img.domain is not None:
        mask = np.rot90(img.domain.to_mask(img.height, img.width), quarters)
        domain = normalized_domain(region_from_mask(mask), data.shape[1], data.shape[2])
    return Image(data, img.pixel_type, domain)


@operator(
    "rotate_image",
    IconicIn("Image"),
    IconicOut("ImageRotate"),
    ControlIn("Phi", types="real", count=1, default=90),
    _INTERP,
)
def rotate_image(ctx: CallContext, image: ObjectTuple, phi: tuple, interp: tuple) -> tuple:
    """Rotate images counterclockwise by ``Phi`` degrees about their center."""
    angle = float(phi[0]) % 360.0
    quarters = angle / 90.0
    out = []
    for img in images(ctx, image):
        if abs(quarters - round(quarters)) < 1e-9:
            out.append(rotate_exact(img, round(quarters)))
            continue
        center_r, center_c = (img.height - 1) / 2.0, (img.width - 1) / 2.0
        forward = _about(_rotation(math.radians(angle)), center_r, center_c)
        out.append(warp_image(img, np.linalg.inv(forward), img.height, img.width, interp[0]))
    return (ObjectTuple(out),)


def _check_tiles(ctx: CallContext, imgs: list[Image]) -> None:
    first = imgs[0]
    for img in imgs[1:]:
        if img.channels != first.channels:
            raise ctx.error(3122, f"{first.channels} and {img.channels} channels")
        if img.pixel_type != first.pixel_type:
            raise ctx.error(9001, f"pixel types {first.pixel_type} and {img.pixel_type}")


def paste(imgs: list[Image], places: list[tuple[int, int]], height: int, width: int) -> Image:
    """Paste images at (row, column) offsets into a new image; the domain is what they cover."""
    first = imgs[0]
    data = np.zeros((first.channels, height, width), dtype=first.data.dtype)
    mask = np.zeros((height, width), dtype=bool)
    for img, (row, col) in zip(imgs, places, strict=True):
        r0, c0 = max(row, 0), max(col, 0)
        r1, c1 = min(row + img.height, height), min(col + img.width, width)
        if r1 <= r0 or c1 <= c0:
            continue
        part = (slice(r0 - row, r1 - row), slice(c0 - col, c1 - col))
        dmask = domain_mask(img)
        src = img.data[:, part[0], part[1]]
        if dmask is None:
            data[:, r0:r1, c0:c1] = src
            mask[r0:r1, c0:c1] = True
        else:
            sub = dmask[part]
            target = data[:, r0:r1, c0:c1]
            target[:, sub] = src[:, sub]
            mask[r0:r1, c0:c1] |= sub
    domain = normalized_domain(region_from_mask(mask), height, width)
    return Image(data, first.pixel_type, domain)


@operator(
    "tile_images",
    IconicIn("Images"),
    IconicOut("TiledImage"),
    ControlIn("NumColumns", types="integer", count=1, default=1),
    ControlIn(
        "TileOrder", types="string", count=1, default="vertical", values=("horizontal", "vertical")
    ),
)
def tile_images(ctx: CallContext, image: ObjectTuple, ncols: tuple, order: tuple) -> tuple:
    """Tile images into one image with ``NumColumns`` columns; every tile has the size of
    the largest input, and each image sits at the top left of its tile."""
    imgs = images(ctx, image, "Images")
    if ncols[0] < 1:
        raise ctx.param_error("value", "NumColumns", f"{ncols[0]} must be at least 1")
    if not imgs:
        return (ObjectTuple(),)
    _check_tiles(ctx, imgs)
    cols = min(ncols[0], len(imgs))
    rows = math.ceil(len(imgs) / cols)
    h, w = max(i.height for i in imgs), max(i.width for i in imgs)
    if order[0] == "horizontal":
        cells = [(k // cols, k % cols) for k in range(len(imgs))]
    else:
        cells = [(k % rows, k // rows) for k in range(len(imgs))]
    places = [(r * h, c * w) for r, c in cells]
    return (ObjectTuple([paste(imgs, places, rows * h, cols * w)]),)


@operator(
    "tile_images_offset",
    IconicIn("Images"),
    IconicOut("TiledImage"),
    ControlIn("OffsetRow", types="integer", default=0),
    ControlIn("OffsetCol", types="integer", default=0),
    ControlIn("Row1", types="integer", default=-1),
    ControlIn("Col1", types="integer", default=-1),
    ControlIn("Row2", types="integer", default=-1),
    ControlIn("Col2", types="integer", default=-1),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def tile_images_offset(
    ctx: CallContext,
    image: ObjectTuple,
    off_r: tuple,
    off_c: tuple,
    r1: tuple,
    c1: tuple,
    r2: tuple,
    c2: tuple,
    width: tuple,
    height: tuple,
) -> tuple:
    """Paste images at given offsets into a ``Width`` x ``Height`` image; (Row1, Col1,
    Row2, Col2) crop each input first (-1 for all four: no cropping)."""
    imgs = images(ctx, image, "Images")
    tile_w, tile_h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    if not imgs:
        return (ObjectTuple(),)
    _check_tiles(ctx, imgs)
    params = (off_r, off_c, r1, c1, r2, c2)
    names = ("OffsetRow", "OffsetCol", "Row1", "Col1", "Row2", "Col2")
    for values, name in zip(params, names, strict=True):
        if len(values) != len(imgs):
            raise ctx.param_error("count", name, f"{len(values)} values for {len(imgs)} images")
    parts, places = [], []
    for k, img in enumerate(imgs):
        box = [p[k] for p in params[2:]]
        if box != [-1, -1, -1, -1]:
            top, left = max(box[0], 0), max(box[1], 0)
            bottom, right = min(box[2], img.height - 1), min(box[3], img.width - 1)
            data = img.data[:, top : bottom + 1, left : right + 1]
            dom = None
            if img.domain is not None:
                dom = Region(img.domain.row - top, img.domain.column - left, img.domain.mask)
            img = Image(data, img.pixel_type, dom)
        parts.append(img)
        places.append((off_r[k], off_c[k]))
    channels = max(img.channels for img in imgs)
    check_fits(ctx, tile_h, tile_w, channels, imgs[0].data.itemsize)
    return (ObjectTuple([paste(parts, places, tile_h, tile_w)]),)


@operator(
    "tile_channels",
    IconicIn("Image"),
    IconicOut("TiledImage"),
    ControlIn("NumColumns", types="integer", count=1, default=1),
    ControlIn(
        "TileOrder", types="string", count=1, default="vertical", values=("horizontal", "vertical")
    ),
)
def tile_channels(ctx: CallContext, image: ObjectTuple, ncols: tuple, order: tuple) -> tuple:
    """Tile the channels of each image into a one-channel image."""
    out = []
    for img in images(ctx, image):
        planes = ObjectTuple(
            Image(img.data[c : c + 1], img.pixel_type, img.domain) for c in range(img.channels)
        )
        out.extend(tile_images.func(ctx, planes, ncols, order)[0])
    return (ObjectTuple(out),)
