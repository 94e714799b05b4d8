"""Comparing an image with a pattern pixel by pixel: check_difference.

HALCON's reference [doc: check_difference, mvtec.com/doc/halcon/2405 and
visionbbs.com/doc/halcon/1911]: Pattern is translated by (AddRow, AddCol) with respect to
Image; g_o is the gray value of Image and g_p that of the translated Pattern at the same
position. 'diff_inside' selects the pixels with DiffLowerBound <= g_o - g_p - GrayOffset <=
DiffUpperBound, 'diff_outside' those with g_o - g_p - GrayOffset < DiffLowerBound or >
DiffUpperBound. Only the points of Image's domain inside the translated Pattern's domain
are tested; the images may differ in size. Both are one-channel byte images; the bounds lie
in -255..255 (defaults 'diff_outside', -5, 5, 0, 0, 0). Image and Pattern are paired
object by object, with the empty-input rule of the other multi-image operators
(:func:`hdlite_image._common.match_counts`); an empty result follows
'store_empty_region' (spec G4).
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import match_counts

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._gray import domain_mask, images, result_region

_MODES = ("diff_inside", "diff_outside")


def _bound(ctx: CallContext, value: object, name: str) -> int:
    number = int(value) if isinstance(value, (int, float)) else 0
    if not isinstance(value, (int, float)) or number != value or not -255 <= number <= 255:
        raise ctx.param_error("value", name, f"{value!r} is not an integer in -255..255")
    return number


@operator(
    "check_difference",
    IconicIn("Image"),
    IconicIn("Pattern"),
    IconicOut("Selected"),
    ControlIn("Mode", types="string", count=1, default="diff_outside", values=_MODES),
    ControlIn("DiffLowerBound", types="number", count=1, default=-5),
    ControlIn("DiffUpperBound", types="number", count=1, default=5),
    ControlIn("GrayOffset", types="number", count=1, default=0),
    ControlIn("AddRow", types="integer", count=1, default=0),
    ControlIn("AddCol", types="integer", count=1, default=0),
)
def check_difference(
    ctx: CallContext,
    image: ObjectTuple,
    pattern: ObjectTuple,
    mode: tuple,
    low: tuple,
    high: tuple,
    offset: tuple,
    add_row: tuple,
    add_col: tuple,
) -> tuple:
    """The pixels of Image whose difference to the translated Pattern (minus GrayOffset)
    lies inside ('diff_inside') or outside ('diff_outside') [DiffLowerBound,
    DiffUpperBound]."""
    lo = _bound(ctx, low[0], "DiffLowerBound")
    hi = _bound(ctx, high[0], "DiffUpperBound")
    off = _bound(ctx, offset[0], "GrayOffset")
    dr, dc = add_row[0], add_col[0]
    first = images(ctx, image, ("byte",))
    second = images(ctx, pattern, ("byte",))
    out = []
    for img, pat in match_counts(ctx, [first, second], ("Image", "Pattern")):
        mask = np.zeros((img.height, img.width), dtype=bool)
        # the rows/columns of Image covered by the translated Pattern
        r0, r1 = max(dr, 0), min(dr + pat.height, img.height)
        c0, c1 = max(dc, 0), min(dc + pat.width, img.width)
        if r0 < r1 and c0 < c1:
            g_o = img.data[0, r0:r1, c0:c1].astype(np.int32)
            g_p = pat.data[0, r0 - dr : r1 - dr, c0 - dc : c1 - dc].astype(np.int32)
            diff = g_o - g_p - off
            inside = (diff >= lo) & (diff <= hi)
            hit = inside if mode[0] == "diff_inside" else ~inside
            hit &= domain_mask(img)[r0:r1, c0:c1]
            hit &= domain_mask(pat)[r0 - dr : r1 - dr, c0 - dc : c1 - dc]
            mask[r0:r1, c0:c1] = hit
        out += result_region(ctx, mask)
    return (ObjectTuple(out),)
