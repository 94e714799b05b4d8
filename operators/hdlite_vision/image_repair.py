"""Repairing gray values before filtering: fill_interlace, expand_domain_gray.

HALCON facts settled here:

* fill_interlace [doc: fill_interlace]: 'odd' / 'even' recompute the odd / even lines (row
  numbers from 0) as the mean of the lines directly above and below; 'rmodd' / 'rmeven'
  remove them (the result is half as high); 'switch' exchanges odd and even lines.
  Default 'odd'.
* expand_domain_gray [doc: expand_domain_gray]: the gray values of the domain's border are
  copied outwards up to ExpansionRange pixels (at least 1) and the domain grows to cover
  the pixels set; a full domain stays as it is.
* [unverified] A line at the image border with one neighbour only copies it; the mean is
  rounded half away from zero; 'switch' keeps the last line of an image of odd height;
  after 'rmodd' / 'rmeven' the domain is the kept lines of the input domain, moved
  together. expand_domain_gray gives each new pixel the gray value of the nearest domain
  pixel (Euclidean distance, ties by scipy's order) and grows the domain by a disc of
  radius ExpansionRange, clipped to the image. Types: every type but complex.
"""

from __future__ import annotations

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

from ._filtering import images, to_type

REPAIR_TYPES = ("byte", "int1", "int2", "uint2", "int4", "int8", "real")


def interlace(data: np.ndarray, mode: str) -> np.ndarray:
    """fill_interlace's ``mode`` on (channels, rows, columns) data (a new array)."""
    h = data.shape[1]
    if mode in ("rmodd", "rmeven"):
        return data[:, 0 if mode == "rmodd" else 1 :: 2].copy()
    if mode == "switch":
        out = data.copy()
        pairs = h // 2 * 2
        out[:, 0:pairs:2], out[:, 1:pairs:2] = data[:, 1:pairs:2], data[:, 0:pairs:2]
        return out
    work = data.astype(np.float64)
    out = work.copy()
    start = 1 if mode == "odd" else 0
    for r in range(start, h, 2):
        above = work[:, r - 1] if r > 0 else None
        below = work[:, r + 1] if r + 1 < h else None
        if above is not None and below is not None:
            out[:, r] = (above + below) / 2.0
        elif above is not None or below is not None:
            out[:, r] = above if above is not None else below
    return out


@operator(
    "fill_interlace",
    IconicIn("ImageCamera"),
    IconicOut("ImageFilled"),
    ControlIn(
        "Mode",
        types="string",
        count=1,
        default="odd",
        values=("odd", "even", "rmodd", "rmeven", "switch"),
    ),
)
def fill_interlace(ctx: CallContext, image: ObjectTuple, mode: tuple) -> tuple:
    """Repair a video frame of two half images: interpolate ('odd', 'even'), remove
    ('rmodd', 'rmeven') or exchange ('switch') every second line."""
    m = mode[0]
    out = []
    for img in images(ctx, image, REPAIR_TYPES):
        data = interlace(img.data, m)
        if m in ("odd", "even"):
            data = to_type(data, img.pixel_type)
        domain = img.domain
        if domain is not None and m in ("rmodd", "rmeven"):
            mask = domain.to_mask(img.height, img.width)[0 if m == "rmodd" else 1 :: 2]
            domain = Region.from_mask(mask)
        if data.shape[1] == 0:  # a one-line image without the line to keep
            raise ctx.param_error("value", "Mode", f"{m!r} leaves no line of a 1-line image")
        out.append(Image(np.ascontiguousarray(data), img.pixel_type, domain))
    return (ObjectTuple(out),)


@operator(
    "expand_domain_gray",
    IconicIn("InputImage"),
    IconicOut("ExpandedImage"),
    ControlIn("ExpansionRange", types="integer", count=1, default=2),
)
def expand_domain_gray(ctx: CallContext, image: ObjectTuple, expansion: tuple) -> tuple:
    """Copy the gray values at the domain's border outwards by ExpansionRange pixels and
    grow the domain over them."""
    from scipy.ndimage import distance_transform_edt

    radius = expansion[0]
    if radius < 1:
        raise ctx.param_error("value", "ExpansionRange", f"{radius} must be at least 1")
    out = []
    for img in images(ctx, image, REPAIR_TYPES):
        if img.domain is None:
            out.append(img)
            continue
        mask = img.domain.to_mask(img.height, img.width)
        if not mask.any() or mask.all():
            out.append(img)
            continue
        dist, (rows, cols) = distance_transform_edt(~mask, return_indices=True)
        grown = dist <= min(radius, img.height + img.width)
        data = img.data.copy()
        new = grown & ~mask
        data[:, new] = img.data[:, rows[new], cols[new]]
        out.append(Image(data, img.pixel_type, Region.from_mask(grown)))
    return (ObjectTuple(out),)
