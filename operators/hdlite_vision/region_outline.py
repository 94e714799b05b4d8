"""Outlines of regions: boundary and skeleton.

* ``boundary`` [unverified neighbourhood]: ``'inner'`` keeps the region's pixels that have a
  4-neighbour outside the region, so the border is an 8-connected line of width one;
  ``'inner_filled'`` does the same for the region with its holes filled, dropping the borders
  of holes; ``'outer'`` gives the pixels outside the region with a 4-neighbour in it
  (HALCON's reference: "the outer boundary consists of the pixels adjacent to the region",
  spec §3.5). The outer boundary is clipped to the system image size (G7).
* ``skeleton``: a one-pixel-wide, 8-connected medial line by scikit-image's thinning
  (``skeletonize``). HALCON's thinning differs in details; expect ±1 pixel (spec §2.4).
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._gray import regions
from ._structuring import clip_to_system, is_empty, raster, region_from_mask

_CROSS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=np.uint8)


def _inner(mask: np.ndarray) -> np.ndarray:
    import cv2

    padded = np.pad(mask, 1).astype(np.uint8)
    eroded = cv2.erode(padded, _CROSS, borderType=cv2.BORDER_CONSTANT, borderValue=0)
    return (padded.astype(bool) & ~eroded.astype(bool))[1:-1, 1:-1]


@operator(
    "boundary",
    IconicIn("Region"),
    IconicOut("RegionBorder"),
    ControlIn(
        "BoundaryType",
        types="string",
        count=1,
        default="inner",
        values=("inner", "inner_filled", "outer"),
    ),
)
def boundary(ctx: CallContext, region: ObjectTuple, kind: tuple) -> tuple:
    """Border pixels of each region ('inner', 'inner_filled') or those just outside ('outer')."""
    import cv2
    from scipy.ndimage import binary_fill_holes

    out = []
    for reg in regions(ctx, region, "Region"):
        if is_empty(reg):
            out.append(reg)
            continue
        r0, c0, mask = raster(reg)
        if kind[0] == "outer":
            padded = np.pad(mask, 1).astype(np.uint8)
            grown = cv2.dilate(padded, _CROSS, borderType=cv2.BORDER_CONSTANT, borderValue=0)
            ring = grown.astype(bool) & ~padded.astype(bool)
            out.append(clip_to_system(ctx, region_from_mask(ring, r0 - 1, c0 - 1)))
            continue
        if kind[0] == "inner_filled":
            mask = np.asarray(binary_fill_holes(mask), dtype=bool)
        out.append(region_from_mask(_inner(mask), r0, c0))
    return (ObjectTuple(out),)


@operator("skeleton", IconicIn("Region"), IconicOut("Skeleton"))
def skeleton(ctx: CallContext, region: ObjectTuple) -> tuple:
    """The one-pixel-wide, 8-connected skeleton of each region."""
    from skimage.morphology import skeletonize

    out = []
    for reg in regions(ctx, region, "Region"):
        if is_empty(reg):
            out.append(reg)
            continue
        r0, c0, mask = raster(reg)
        thin = np.asarray(skeletonize(np.pad(mask, 1)), dtype=bool)[1:-1, 1:-1]
        out.append(region_from_mask(thin, r0, c0))
    return (ObjectTuple(out),)
