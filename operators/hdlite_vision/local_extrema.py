"""Pixel-precise local extrema of gray values: local_max, local_min, plateaus, lowlands and
the centres of the last two.

Definitions from HALCON's reference pages (local_max, plateaus, ...):

* local_max / local_min: the pixels whose gray value is larger / smaller than that of every
  neighbour; the neighbourhood is ``set_system ('neighborhood', 4 | 8)`` (default 8). One
  region per input image.
* plateaus / lowlands: the pixels whose gray value is not smaller / not larger than that
  of each of their 8 neighbours; each connected maximum (minimum) is a region of its own.
* plateaus_center / lowlands_center: the same extrema, each as the single pixel nearest to
  its centre of gravity (the rounded centre).

Only the image's domain is searched, and only neighbours inside the domain are compared
(a pixel at the border of the domain or the image has fewer neighbours) [unverified: the
pages do not say how the domain border is treated]. Extrema are connected with 8-neighbourhood.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, IconicIn, IconicOut, Image, ObjectTuple, Region, operator

from ._gray import domain_mask, images
from ._region_tools import components, neighborhood
from ._structuring import region_from_mask

_TYPES = ("byte", "direction", "cyclic", "int1", "int2", "uint2", "int4", "int8", "real")
_OFFSETS_4 = ((-1, 0), (1, 0), (0, -1), (0, 1))
_OFFSETS_8 = (*_OFFSETS_4, (-1, -1), (-1, 1), (1, -1), (1, 1))


def _shifted(values: np.ndarray, inside: np.ndarray, dr: int, dc: int) -> tuple:
    """The neighbour at offset (dr, dc) of every pixel and whether it exists (in the domain)."""
    h, w = values.shape
    neighbour = np.zeros_like(values)
    present = np.zeros((h, w), dtype=bool)
    rs, re = max(-dr, 0), h - max(dr, 0)
    cs, ce = max(-dc, 0), w - max(dc, 0)
    neighbour[rs:re, cs:ce] = values[rs + dr : re + dr, cs + dc : ce + dc]
    present[rs:re, cs:ce] = inside[rs + dr : re + dr, cs + dc : ce + dc]
    return neighbour, present


def extrema(image: Image, *, maximum: bool, strict: bool, connectivity: int) -> np.ndarray:
    """The mask of the pixels of the domain that are extrema by the module's definitions."""
    values = image.data[0].astype(np.float64)
    if not maximum:
        values = -values
    inside = domain_mask(image)
    keep = inside.copy()
    for dr, dc in _OFFSETS_4 if connectivity == 4 else _OFFSETS_8:
        neighbour, present = _shifted(values, inside, dr, dc)
        beaten = neighbour >= values if strict else neighbour > values
        keep &= ~(present & beaten)
    return keep


def _images(ctx: CallContext, objects: ObjectTuple) -> list[Image]:
    """The input images (of several channels, the first is used, as HALCON does)."""
    return images(ctx, objects, _TYPES)


def _local(ctx: CallContext, objects: ObjectTuple, maximum: bool) -> tuple:
    n = neighborhood(ctx)
    out = [
        region_from_mask(extrema(img, maximum=maximum, strict=True, connectivity=n))
        for img in _images(ctx, objects)
    ]
    return (ObjectTuple(out),)


def _plateaus(ctx: CallContext, objects: ObjectTuple, maximum: bool, centers: bool) -> tuple:
    out: list[Region] = []
    for img in _images(ctx, objects):
        mask = extrema(img, maximum=maximum, strict=False, connectivity=8)
        for part in components(region_from_mask(mask), 8):
            if centers:
                row, col = part.centroid()
                out.append(Region.rectangle(round(row), round(col), round(row), round(col)))
            else:
                out.append(part)
    return (ObjectTuple(out),)


@operator("local_max", IconicIn("Image"), IconicOut("LocalMaxima"))
def local_max(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The pixels brighter than all their neighbours (4 or 8, by set_system), one region
    per image."""
    return _local(ctx, image, maximum=True)


@operator("local_min", IconicIn("Image"), IconicOut("LocalMinima"))
def local_min(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The pixels darker than all their neighbours (4 or 8, by set_system), one region per
    image."""
    return _local(ctx, image, maximum=False)


@operator("plateaus", IconicIn("Image"), IconicOut("Plateaus"))
def plateaus(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Each connected set of pixels not darker than any of their 8 neighbours, as a region."""
    return _plateaus(ctx, image, maximum=True, centers=False)


@operator("plateaus_center", IconicIn("Image"), IconicOut("Plateaus"))
def plateaus_center(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The centre pixel of each plateau (see plateaus)."""
    return _plateaus(ctx, image, maximum=True, centers=True)


@operator("lowlands", IconicIn("Image"), IconicOut("Lowlands"))
def lowlands(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Each connected set of pixels not brighter than any of their 8 neighbours, as a region."""
    return _plateaus(ctx, image, maximum=False, centers=False)


@operator("lowlands_center", IconicIn("Image"), IconicOut("Lowlands"))
def lowlands_center(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The centre pixel of each lowland (see lowlands)."""
    return _plateaus(ctx, image, maximum=False, centers=True)
