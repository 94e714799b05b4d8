"""Region outlines and skeletons as point chains: get_region_polygon and
gen_contours_skeleton_xld.

get_region_polygon approximates the outer contour of one region (the centres of its
border pixels, in OpenCV's border-following order) by a polygon whose maximum distance
from the contour is at most Tolerance (Ramer-Douglas-Peucker, ``cv2.approxPolyDP``); the
polygon is returned without repeating its first point [unverified: HALCON's start point,
orientation and closing convention]. Only the first component of a region made of
several is approximated.

gen_contours_skeleton_xld splits a one-pixel-wide skeleton at its junctions (pixels with
three or more 8-neighbours) into contours that end in end or junction points; a closed
loop repeats its first point. Contours with fewer than Length points are dropped
('filter'); 'generalize1' first removes the short branches from the skeleton and traces
again; 'generalize2' also keeps short pieces that run between two junctions
[doc: gen_contours_skeleton_xld]. HALCON's special junction patterns are not reproduced
(junction detection by neighbour count) [unverified: differences at dense junctions].
"""

from __future__ import annotations

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    operator,
)

from ._region_tools import outer_contours, region_args

_N8 = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))


@operator(
    "get_region_polygon",
    IconicIn("Region"),
    ControlIn("Tolerance", types="number", count=1, default=5.0),
    ControlOut("Rows", types="integer"),
    ControlOut("Columns", types="integer"),
)
def get_region_polygon(ctx: CallContext, region: ObjectTuple, tolerance: tuple) -> tuple:
    """Corner points of a polygon that approximates the region's outer contour within
    Tolerance pixels."""
    import cv2

    regions = region_args(ctx, region, "Region")
    if len(regions) != 1:
        raise ctx.error(1501, f"Region: expects one region, got {len(regions)}")
    tol = float(tolerance[0])
    if not np.isfinite(tol) or tol < 0:
        raise ctx.param_error("value", "Tolerance", f"{tolerance[0]!r} must be >= 0")
    chains = outer_contours(regions[0])
    if not chains:
        return ((), ())
    chain = chains[0]
    pts = chain[:, ::-1].astype(np.int32).reshape(-1, 1, 2)
    approx = cv2.approxPolyDP(pts, tol, True)[:, 0, :] if len(chain) > 2 else pts[:, 0, :]
    return (tuple(int(v) for v in approx[:, 1]), tuple(int(v) for v in approx[:, 0]))


def _junctions(mask: np.ndarray) -> np.ndarray:
    """Pixels where three or more branches meet: three or more separate runs of set
    pixels on the ring of their eight neighbours."""
    m = np.pad(mask, 1)
    h, w = mask.shape
    ring = [(-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1)]
    vals = [m[1 + dr : 1 + dr + h, 1 + dc : 1 + dc + w] for dr, dc in ring]
    runs = np.zeros(mask.shape, np.int32)
    for i in range(8):
        runs += vals[i] & ~vals[i - 1]
    return mask & (runs >= 3)


def _segments(mask: np.ndarray) -> list[tuple[list[tuple[int, int]], int]]:
    """Chains of the skeleton split at junctions: (points, number of junction ends).

    Two pixels are linked when they are 4-neighbours, or diagonal neighbours whose two
    common 4-neighbours are both unset (no shortcut across a corner or a junction).
    """
    junction = _junctions(mask)
    body = mask & ~junction
    h, w = mask.shape

    def linked(p: tuple[int, int], where: np.ndarray) -> list[tuple[int, int]]:
        found = []
        for dr, dc in _N8:
            r, c = p[0] + dr, p[1] + dc
            if not (0 <= r < h and 0 <= c < w and where[r, c]):
                continue
            if dr and dc and (mask[p[0], c] or mask[r, p[1]]):
                continue
            found.append((r, c))
        return found

    out: list[tuple[list[tuple[int, int]], int]] = []
    seen: set[tuple[int, int]] = set()
    pixels = [(int(r), int(c)) for r, c in np.argwhere(body)]
    ends = [p for p in pixels if len(linked(p, body)) <= 1]
    for start in ends + pixels:
        if start in seen:
            continue
        chain = [start]
        seen.add(start)
        while True:
            nxt = [q for q in linked(chain[-1], body) if q not in seen]
            if not nxt:
                break
            chain.append(nxt[0])
            seen.add(nxt[0])
        if start not in ends:  # a loop without end points
            if len(chain) > 2 and start in linked(chain[-1], body):
                chain.append(start)
            out.append((chain, 0))
            continue
        joints = 0
        head = linked(chain[0], junction)
        tail = linked(chain[-1], junction) if len(chain) > 1 else head[1:]
        if head:
            chain.insert(0, head[0])
            joints += 1
        if tail:
            chain.append(tail[0])
            joints += 1
        out.append((chain, joints))
    return out


@operator(
    "gen_contours_skeleton_xld",
    IconicIn("Skeleton"),
    IconicOut("Contours"),
    ControlIn("Length", types="integer", count=1, default=1),
    ControlIn(
        "Mode",
        types="string",
        count=1,
        default="filter",
        values=("filter", "generalize1", "generalize2"),
    ),
)
def gen_contours_skeleton_xld(
    ctx: CallContext, skeleton: ObjectTuple, length: tuple, mode: tuple
) -> tuple:
    """Convert skeletons (one pixel wide regions) into contours split at junctions; keep
    contours of at least Length points."""
    min_len = int(length[0])
    if min_len < 1:
        raise ctx.param_error("value", "Length", f"{length[0]!r} must be at least 1")
    out: list[Contour] = []
    for reg in region_args(ctx, skeleton, "Skeleton"):
        if reg.is_empty():
            continue
        r0, c0, mask = reg.raster(pad=1)
        mask = mask.astype(bool)
        pieces = _segments(mask)
        if mode[0] == "generalize1":
            short = [c for c, _ in pieces if len(c) < min_len]
            if short:
                keep = mask.copy()
                for chain in short:
                    for r, c in chain:
                        keep[r, c] = False
                for chain, _ in pieces:  # junction pixels of long pieces stay
                    if len(chain) >= min_len:
                        for r, c in chain:
                            keep[r, c] = True
                pieces = _segments(keep)
        for chain, joints in pieces:
            if len(chain) >= min_len or (mode[0] == "generalize2" and joints == 2):
                pts = np.asarray(chain, dtype=np.float64)
                out.append(Contour(pts[:, 0] + r0, pts[:, 1] + c0))
    return (ObjectTuple(out),)
