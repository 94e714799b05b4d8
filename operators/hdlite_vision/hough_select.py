"""select_matching_lines: the lines (Hessian normal form) that best cover a region.

[doc: select_matching_lines] Iteratively the input line with the largest overlap with the
region is taken, its points no longer count for the other lines, until the largest overlap
falls below Thresh; the selected lines are returned in Hessian normal form (Angle of the
normal in radians, Dist >= 0, d = col * cos(Angle) + row * sin(Angle) as in hough_lines) and
as regions. A line of width LineWidth covers the pixels whose distance to it is at most
LineWidth / 2; its region is the pixels of RegionIn it covered when it was selected
[unverified: HALCON's rounding of the band and what the line regions hold].
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    Region,
    operator,
    wrong_object_count,
)

from .hough import _region_points


@operator(
    "select_matching_lines",
    IconicIn("RegionIn"),
    IconicOut("RegionLines"),
    ControlIn("AngleIn", types="number"),
    ControlIn("DistIn", types="number"),
    ControlIn("LineWidth", types="integer", count=1, default=7),
    ControlIn("Thresh", types="integer", count=1, default=100),
    ControlOut("AngleOut", types="real"),
    ControlOut("DistOut", types="real"),
)
def select_matching_lines(
    ctx: CallContext,
    region: ObjectTuple,
    angle_in: tuple,
    dist_in: tuple,
    line_width: tuple,
    thresh: tuple,
) -> tuple:
    """The input lines that cover most points of the region, one after the other."""
    if len(dist_in) != len(angle_in):
        raise ctx.param_error("count", "DistIn", f"{len(dist_in)} values for {len(angle_in)}")
    angles = np.array([float(a) for a in angle_in], dtype=np.float64)
    dists = np.array([float(d) for d in dist_in], dtype=np.float64)
    if not (np.isfinite(angles).all() and np.isfinite(dists).all()):
        raise ctx.param_error("value", "AngleIn", "angles and distances must be finite")
    width = int(line_width[0])
    if not 1 <= width <= 100000:
        raise ctx.param_error("value", "LineWidth", f"{line_width[0]!r} must be >= 1")
    minimum = int(thresh[0])
    if minimum < 1:
        raise ctx.param_error("value", "Thresh", f"{thresh[0]!r} must be >= 1")
    if len(region) == 0:
        return ObjectTuple(), (), ()
    if len(region) > 1:
        raise ctx.error(wrong_object_count(1), f"RegionIn: {len(region)} regions, expected one")
    reg = region[0]
    if not isinstance(reg, Region):
        raise ctx.error(9054, f"RegionIn: expects a region, got a {reg.kind}")
    rows, cols = _region_points(reg)
    free = np.ones(rows.size, bool)
    unused = list(range(angles.size))
    half = width / 2.0
    out_regions, out_angles, out_dists = [], [], []
    while unused and free.any():
        best, best_hits = -1, np.zeros(0, bool)
        for i in unused:
            hits = free & (
                np.abs(cols * math.cos(angles[i]) + rows * math.sin(angles[i]) - dists[i]) <= half
            )
            if best < 0 or hits.sum() > best_hits.sum():
                best, best_hits = i, hits
        if best_hits.sum() < minimum:
            break
        unused.remove(best)
        free &= ~best_hits
        mask_rows, mask_cols = rows[best_hits], cols[best_hits]
        r0, c0 = int(mask_rows.min()), int(mask_cols.min())
        mask = np.zeros((int(mask_rows.max()) - r0 + 1, int(mask_cols.max()) - c0 + 1), bool)
        mask[mask_rows - r0, mask_cols - c0] = True
        out_regions.append(Region.from_mask(mask, r0, c0))
        out_angles.append(float(angles[best]))
        out_dists.append(float(dists[best]))
    return ObjectTuple(out_regions), tuple(out_angles), tuple(out_dists)
