"""Working on one-pixel-wide skeletons: junctions_skeleton, pruning and
split_skeleton_region.

From HALCON's reference pages (found with the ``search`` tool):

* junctions_skeleton returns per input skeleton one region of its end points and one of its
  junctions; the input must not contain lines more than one pixel wide (skeleton's output
  does, morph_skeleton's in general does not).
* pruning removes the branches of a skeleton shorter than Length (default 2), keeping all
  other branches.
* split_skeleton_region splits one-pixel-wide, non-branching lines by split & merge: a line
  is split while a point lies farther than MaxDistance (default 3) from the segment
  connecting its end points; the original pixels come back, one region per part.

hdlite's exact reading [unverified]: with the 8 neighbours of a skeleton pixel taken in
circular order, the crossing number is the count of changes from background to skeleton;
an end point has crossing number 1 and a junction 3 or more (so a diagonal step of the line
is neither; an isolated pixel is neither). A branch is the path from an end point up to,
not including, the first junction next to it (a line without junction is one branch from
end to end); pruning removes the pixels of the branches with fewer than Length pixels, in one
pass. split_skeleton_region orders each 8-connected part of a line from its first end point
in row-major order (a closed line from its first pixel), splits at the farthest pixel (which
ends the first part) and then merges neighbouring parts that fit MaxDistance together.
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import as_int

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, Region, operator

from ._gray import regions
from ._region_tools import components
from ._structuring import EMPTY, is_empty, raster, region_from_mask

#: the 8 neighbours in circular order (N, NE, E, SE, S, SW, W, NW)
_RING = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))
_FOUR = {(-1, 0), (0, 1), (1, 0), (0, -1)}


def crossing_numbers(mask: np.ndarray) -> np.ndarray:
    """The crossing number of every pixel of a boolean raster (0 outside the mask)."""
    padded = np.pad(mask, 1)
    h, w = mask.shape
    ring = [padded[1 + dr : 1 + dr + h, 1 + dc : 1 + dc + w] for dr, dc in _RING]
    count = np.zeros((h, w), dtype=np.int32)
    for i in range(8):
        count += ~ring[i] & ring[(i + 1) % 8]
    return np.where(mask, count, 0)


def _neighbours(mask: np.ndarray, p: tuple[int, int]) -> list[tuple[int, int]]:
    h, w = mask.shape
    out = []
    for dr, dc in sorted(_RING, key=lambda d: d not in _FOUR):  # 4-neighbours first
        r, c = p[0] + dr, p[1] + dc
        if 0 <= r < h and 0 <= c < w and mask[r, c]:
            out.append((r, c))
    return out


def _walk(
    mask: np.ndarray, start: tuple[int, int], stop: np.ndarray, limit: int | None
) -> tuple[list[tuple[int, int]], bool]:
    """The path from ``start`` along the line until a pixel next to a ``stop`` pixel (not
    entered) or the line's end; whether it ended at a stop pixel. At most ``limit`` pixels."""
    path, seen = [start], {start}
    cur = start
    while limit is None or len(path) < limit:
        nxt = [p for p in _neighbours(mask, cur) if p not in seen]
        if any(stop[p] for p in nxt):
            return path, True
        if not nxt:
            return path, False
        cur = nxt[0]
        path.append(cur)
        seen.add(cur)
    return path, False


@operator("junctions_skeleton", IconicIn("Region"), IconicOut("EndPoints"), IconicOut("JuncPoints"))
def junctions_skeleton(ctx: CallContext, region: ObjectTuple) -> tuple:
    """End points (crossing number 1) and junctions (3 or more) of each skeleton."""
    ends, juncs = [], []
    for reg in regions(ctx, region, "Region"):
        if is_empty(reg):
            ends.append(EMPTY)
            juncs.append(EMPTY)
            continue
        r0, c0, mask = raster(reg)
        cn = crossing_numbers(mask)
        ends.append(region_from_mask(cn == 1, r0, c0))
        juncs.append(region_from_mask(cn >= 3, r0, c0))
    return ObjectTuple(ends), ObjectTuple(juncs)


def _nonnegative(ctx: CallContext, value: object, name: str) -> int:
    n = as_int(ctx, value, name)
    if n < 0:
        raise ctx.param_error("value", name, f"{n} must not be negative")
    return n


def prune(mask: np.ndarray, length: int) -> np.ndarray:
    """The skeleton raster without its branches of fewer than ``length`` pixels."""
    cn = crossing_numbers(mask)
    junction = cn >= 3
    out = mask.copy()
    for r, c in zip(*np.nonzero(cn == 1), strict=True):
        path, _ = _walk(mask, (int(r), int(c)), junction, length)
        if len(path) < length:
            for p in path:
                out[p] = False
    return out


@operator(
    "pruning",
    IconicIn("Region"),
    IconicOut("RegionPrune"),
    ControlIn("Length", types="integer", count=1, default=2),
)
def pruning(ctx: CallContext, region: ObjectTuple, length: tuple) -> tuple:
    """Remove the branches shorter than Length from each skeleton."""
    n = _nonnegative(ctx, length[0], "Length")
    out = []
    for reg in regions(ctx, region, "Region"):
        if is_empty(reg) or n == 0:
            out.append(reg)
            continue
        r0, c0, mask = raster(reg)
        out.append(region_from_mask(prune(mask, n), r0, c0))
    return (ObjectTuple(out),)


def ordered_line(mask: np.ndarray) -> list[tuple[int, int]]:
    """The pixels of one connected line in order from its first end point."""
    ends = np.argwhere(crossing_numbers(mask) == 1)
    start = tuple(int(v) for v in (ends[0] if len(ends) else np.argwhere(mask)[0]))
    path, _ = _walk(mask, (start[0], start[1]), np.zeros_like(mask), None)
    seen = set(path)
    rest = [tuple(int(v) for v in p) for p in np.argwhere(mask)]
    return path + [(p[0], p[1]) for p in rest if (p[0], p[1]) not in seen]


def _deviation(pts: np.ndarray) -> tuple[float, int]:
    """Largest distance of the points to the chord of the first and last, and its index."""
    a, b = pts[0], pts[-1]
    d = b - a
    norm = float(np.hypot(*d))
    rel = pts - a
    if norm == 0:
        dist = np.hypot(rel[:, 0], rel[:, 1])
    else:
        dist = np.abs(rel[:, 0] * d[1] - rel[:, 1] * d[0]) / norm
    i = int(np.argmax(dist))
    return float(dist[i]), i


def split_points(pts: np.ndarray, max_distance: float) -> list[int]:
    """End indices (inclusive) of the parts of an ordered line (split, then merge)."""
    stack, cuts = [(0, len(pts) - 1)], []
    while stack:
        lo, hi = stack.pop()
        dev, i = _deviation(pts[lo : hi + 1])
        if hi - lo >= 2 and dev > max_distance and 0 < i < hi - lo:
            stack += [(lo + i, hi), (lo, lo + i)]
        else:
            cuts.append(hi)
    cuts.sort()
    merged: list[int] = []
    start = 0
    for k, end in enumerate(cuts):
        nxt = cuts[k + 1] if k + 1 < len(cuts) else None
        if nxt is not None and _deviation(pts[start : nxt + 1])[0] <= max_distance:
            continue  # merge with the next part
        merged.append(end)
        start = end + 1
    return merged


@operator(
    "split_skeleton_region",
    IconicIn("SkeletonRegion"),
    IconicOut("RegionLines"),
    ControlIn("MaxDistance", types="integer", count=1, default=3),
)
def split_skeleton_region(ctx: CallContext, region: ObjectTuple, max_distance: tuple) -> tuple:
    """Split non-branching one-pixel-wide lines where they deviate more than MaxDistance
    from their chords; the original pixels of each part come back as a region."""
    limit = float(_nonnegative(ctx, max_distance[0], "MaxDistance"))
    out: list[Region] = []
    for reg in regions(ctx, region, "SkeletonRegion"):
        for part in components(reg, 8):
            r0, c0, mask = raster(part)
            line = ordered_line(mask)
            pts = np.array(line, dtype=np.float64)
            start = 0
            for end in split_points(pts, limit):
                piece = np.zeros_like(mask)
                for p in line[start : end + 1]:
                    piece[p] = True
                out.append(region_from_mask(piece, r0, c0))
                start = end + 1
    return (ObjectTuple(out),)
