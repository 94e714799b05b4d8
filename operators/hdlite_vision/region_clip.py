"""clip_region_rel: cutting margins off a region's bounding box.

[doc: clip_region_rel] the region is intersected with its own smallest enclosing
axis-parallel rectangle shrunk by Top rows at the top, Bottom rows at the bottom, Left and
Right columns at the sides. Negative margins are a wrong value [unverified]; a region whose
margins leave nothing becomes the empty region.
"""

from __future__ import annotations

from hdlite_image._common import clip_to

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, Region, operator

from ._region_tools import region_args

_MARGINS = ("Top", "Bottom", "Left", "Right")


@operator(
    "clip_region_rel",
    IconicIn("Region"),
    IconicOut("RegionClipped"),
    *(ControlIn(name, types="integer", count=1, default=1) for name in _MARGINS),
)
def clip_region_rel(ctx: CallContext, objs: ObjectTuple, *margins: tuple) -> tuple:
    """Clip each region to its bounding box minus Top, Bottom, Left and Right pixels."""
    top, bottom, left, right = (int(m[0]) for m in margins)
    for name, value in zip(_MARGINS, (top, bottom, left, right), strict=True):
        if value < 0:
            raise ctx.param_error("value", name, f"{value} must not be negative")
    out: list[Region] = []
    for reg in region_args(ctx, objs, "Region"):
        if reg.area() == 0:
            out.append(reg)
            continue
        r1, c1, r2, c2 = reg.bbox()
        out.append(clip_to(reg, r1 + top, c1 + left, r2 - bottom, c2 - right))
    return (ObjectTuple(out),)
