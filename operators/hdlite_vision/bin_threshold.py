"""bin_threshold: the dark part of an image, cut at the minimum of its smoothed histogram.

HALCON facts settled here [doc: bin_threshold, recalled from the reference; the operator is
kept for compatibility]: the histogram of the domain's gray values (first channel) is
smoothed with Gaussians of growing size until one minimum is left; the region holds the
pixels from the lowest gray value up to that minimum, as binary_threshold with
'smooth_histo' and 'dark' does. Types byte and uint2; one region per image.
"""

from __future__ import annotations

from hdlite.plugin import CallContext, IconicIn, IconicOut, ObjectTuple, Region, operator

from ._gray import domain_mask, histogram, images, result_region
from .segmentation import smooth_histo_threshold


@operator("bin_threshold", IconicIn("Image"), IconicOut("Region"))
def bin_threshold(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The pixels darker than or at the single minimum of the smoothed histogram."""
    out: list[Region] = []
    for img in images(ctx, image, ("byte", "uint2")):
        plane, dmask = img.data[0], domain_mask(img)
        hist, lo = histogram(plane[dmask], img.pixel_type)
        level = smooth_histo_threshold(hist) + lo
        out += result_region(ctx, (plane <= level) & dmask)
    return (ObjectTuple(out),)
