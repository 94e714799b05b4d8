"""Watershed flooding from given markers: watersheds_marker.

Facts from MVTec's reference pages (``search`` tool: watersheds_marker, HALCON 19.11 and
21.05): watersheds_marker(Image, Markers : Basins : : ) floods the image (byte, uint2 or
real) from the marker regions until the domain is filled; each pixel goes to the marker it
reaches with the lowest maximum height; one basin per marker, in marker order, possibly
empty (two markers in one basin); a pixel in several markers seeds only the last of them;
marker parts outside the image's domain are ignored; only the domain is flooded.

hdlite floods with scikit-image's watershed (priority flooding, 4-neighbourhood, no lines)
[unverified: neighbourhood and how ties are broken]. Domain pixels no marker can reach
(another component of the domain) belong to no basin.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, IconicIn, IconicOut, ObjectTuple, operator

from ._gray import domain_mask, images, regions
from ._structuring import region_from_mask

_TYPES = ("byte", "uint2", "real")


@operator("watersheds_marker", IconicIn("Image"), IconicIn("Markers"), IconicOut("Basins"))
def watersheds_marker(ctx: CallContext, image: ObjectTuple, markers: ObjectTuple) -> tuple:
    """Flood the image from the markers: one basin per marker region (in marker order, maybe
    empty), each pixel going to the marker it reaches over the lowest pass."""
    from scipy import ndimage
    from skimage.segmentation import watershed

    imgs = images(ctx, image, _TYPES)
    if len(imgs) != 1:
        raise ctx.error(1501, f"Image: expected one image, got {len(imgs)}")
    img = imgs[0]
    seeds = regions(ctx, markers, "Markers")
    if not seeds:
        return (ObjectTuple(),)
    h, w = img.height, img.width
    domain = domain_mask(img)
    dtype = np.int32 if len(seeds) < 2**31 - 1 else np.int64
    labels = np.zeros((h, w), dtype=dtype)
    for k, seed in enumerate(seeds, start=1):
        labels[seed.to_mask(h, w) & domain] = k  # a later marker wins a shared pixel
    data = img.data[0].astype(np.float64)
    flooded = watershed(data, labels, connectivity=1, mask=domain) if labels.any() else labels
    slices = ndimage.find_objects(flooded, max_label=len(seeds))
    out = []
    for k, sl in enumerate(slices, start=1):
        if sl is None:
            out.append(region_from_mask(np.zeros((0, 0), dtype=bool)))
        else:
            out.append(region_from_mask(flooded[sl] == k, sl[0].start, sl[1].start))
    return (ObjectTuple(out),)
