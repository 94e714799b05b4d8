"""Shape features along all thresholds: shape_histo_all, shape_histo_point.

Facts from MVTec's reference pages (``search`` tool: shape_histo_all, HALCON 20.11-24.05,
with the page's HDevelop simulation; shape_histo_point, HALCON 5.2): both take one region
and one byte image and threshold the image inside the region at every gray value i
(threshold(i, 255): the pixels with gray value >= i). shape_histo_all's entry i is the
number of connected components ('connected_components') or holes ('holes') of that
segmentation, or the mean of 'convexity', 'compactness' or 'anisometry' over its components;
shape_histo_point uses only the component containing the pixel (Row, Column): its number of
holes or its feature value ('convexity' default, Row and Column 256). RelativeHisto is
AbsoluteHisto divided by its sum (the simulation on the page). The image's own domain is
ignored, only Region counts.

hdlite gives 256 entries (0..255), counts as integers and features as reals; an entry with no
component (or no component at the point) is 0 [unverified]; components and holes use the
system neighbourhood. A sum of 0 gives a relative histogram of zeros [unverified].
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    Image,
    ObjectTuple,
    Region,
    operator,
    wrong_object_count,
)

from ._gray import images
from ._region_tools import components, neighborhood, region_args
from ._shape_features import Shape

_FEATURE: dict[str, Callable[[Shape], float]] = {
    "convexity": lambda s: s.convexity,
    "compactness": lambda s: s.compactness,
    "anisometry": lambda s: s.eccentricity[0],
}


def _inputs(ctx: CallContext, region: ObjectTuple, image: ObjectTuple) -> tuple[Region, Image]:
    regs = region_args(ctx, region, "Region")
    if len(regs) != 1:
        raise ctx.error(wrong_object_count(1), f"Region: expected one region, got {len(regs)}")
    imgs = images(ctx, image, ("byte",))
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(2), f"Image: expected one image, got {len(imgs)}")
    return regs[0], imgs[0]


def _segments(region: Region, image: Image) -> tuple[np.ndarray, int, int]:
    """The gray values inside the region (cropped to its bounding box, -1 outside it)."""
    h, w = image.height, image.width
    inside = region.clip(0, 0, h - 1, w - 1)
    if inside.is_empty():
        return np.full((0, 0), -1, dtype=np.int16), 0, 0
    r1, c1, r2, c2 = inside.bbox()
    mask = inside.to_mask(h, w)[r1 : r2 + 1, c1 : c2 + 1]
    gray = image.data[0][r1 : r2 + 1, c1 : c2 + 1].astype(np.int16)
    return np.where(mask, gray, -1), r1, c1


def _relative(absolute: list) -> tuple[float, ...]:
    total = float(sum(absolute))
    return tuple(float(v) / total if total else 0.0 for v in absolute)


@operator(
    "shape_histo_all",
    IconicIn("Region"),
    IconicIn("Image"),
    ControlIn(
        "Feature",
        types="string",
        count=1,
        default="connected_components",
        values=("connected_components", "holes", *_FEATURE),
    ),
    ControlOut("AbsoluteHisto"),
    ControlOut("RelativeHisto", types="real"),
)
def shape_histo_all(
    ctx: CallContext, region: ObjectTuple, image: ObjectTuple, feat: tuple
) -> tuple:
    """For every threshold 0..255 (gray value >= i inside Region): the number of connected
    components or holes, or the mean convexity, compactness or anisometry of the components."""
    import cv2

    reg, img = _inputs(ctx, region, image)
    gray, r0, c0 = _segments(reg, img)
    conn = neighborhood(ctx)
    absolute: list = []
    for level in range(256):
        mask = gray >= level
        if not mask.any():
            absolute.append(0.0 if feat[0] in _FEATURE else 0)
            continue
        if feat[0] == "connected_components":
            count, _ = cv2.connectedComponents(mask.view(np.uint8), connectivity=conn)
            absolute.append(int(count) - 1)
            continue
        seg = Region.from_mask(mask, r0, c0)
        if feat[0] == "holes":
            absolute.append(Shape(seg, conn).topology[1])
            continue
        values = [_FEATURE[feat[0]](Shape(part, conn)) for part in components(seg, conn)]
        absolute.append(float(np.mean(values)))
    return tuple(absolute), _relative(absolute)


@operator(
    "shape_histo_point",
    IconicIn("Region"),
    IconicIn("Image"),
    ControlIn("Feature", types="string", count=1, default="convexity", values=("holes", *_FEATURE)),
    ControlIn("Row", types="integer", count=1, default=256),
    ControlIn("Column", types="integer", count=1, default=256),
    ControlOut("AbsoluteHisto"),
    ControlOut("RelativeHisto", types="real"),
)
def shape_histo_point(
    ctx: CallContext, region: ObjectTuple, image: ObjectTuple, feat: tuple, row: tuple, col: tuple
) -> tuple:
    """For every threshold 0..255 (gray value >= i inside Region): the number of holes or the
    convexity, compactness or anisometry of the component holding the pixel (Row, Column)."""
    import cv2

    reg, img = _inputs(ctx, region, image)
    gray, r0, c0 = _segments(reg, img)
    conn = neighborhood(ctx)
    pr, pc = row[0] - r0, col[0] - c0
    value = -1
    if 0 <= pr < gray.shape[0] and 0 <= pc < gray.shape[1]:
        value = int(gray[pr, pc])
    absolute: list = []
    for level in range(256):
        if value < level:  # the pixel is not segmented at this threshold
            absolute.append(0 if feat[0] == "holes" else 0.0)
            continue
        _, labels = cv2.connectedComponents((gray >= level).view(np.uint8), connectivity=conn)
        part = Region.from_mask(labels == labels[pr, pc], r0, c0)
        shape = Shape(part, conn)
        absolute.append(shape.topology[1] if feat[0] == "holes" else _FEATURE[feat[0]](shape))
    return tuple(absolute), _relative(absolute)
