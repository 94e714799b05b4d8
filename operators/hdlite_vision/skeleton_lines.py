"""split_skeleton_lines: one-pixel-wide lines split into straight pieces.

HALCON's reference (split_skeleton_lines, via the ``search`` tool): the operator "splits
lines represented by one pixel wide, non-branching regions into shorter lines based on
their curvature. A line is split if the maximum distance of a point on the line to the line
segment connecting its end points is larger than MaxDistance (split & merge algorithm)";
it returns the begin and end points of the pieces; the input must not branch. hdlite traces
each region's pixels into chains (as gen_contours_skeleton_xld does, at junctions a branching
input is cut into chains), splits every chain recursively at its farthest point while that
distance exceeds MaxDistance, and returns the pieces chain after chain, region after region
[unverified: the order of the pieces and the start end of a chain].
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from ._region_tools import region_args
from .skeleton_contours import _segments


def _split(points: np.ndarray, limit: float) -> list[tuple[int, int]]:
    """Index pairs of the straight pieces of a chain (iterative split)."""
    pieces: list[tuple[int, int]] = []
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            pieces.append((i, j))
            continue
        p, q = points[i], points[j]
        inner = points[i + 1 : j]
        d = q - p
        norm = float(np.hypot(*d))
        if norm == 0:
            dist = np.hypot(*(inner - p).T)
        else:
            dist = np.abs(d[0] * (inner[:, 1] - p[1]) - d[1] * (inner[:, 0] - p[0])) / norm
        k = int(np.argmax(dist))
        if dist[k] > limit:
            stack.append((i + 1 + k, j))
            stack.append((i, i + 1 + k))
        else:
            pieces.append((i, j))
    return pieces


@operator(
    "split_skeleton_lines",
    IconicIn("SkeletonRegion"),
    ControlIn("MaxDistance", types="integer", count=1, default=3),
    ControlOut("BeginRow", types="integer"),
    ControlOut("BeginCol", types="integer"),
    ControlOut("EndRow", types="integer"),
    ControlOut("EndCol", types="integer"),
)
def split_skeleton_lines(ctx: CallContext, skeleton: ObjectTuple, max_distance: tuple) -> tuple:
    """Split one-pixel-wide lines into pieces that deviate at most MaxDistance from the
    straight segment between their ends; the pieces' end points."""
    if max_distance[0] < 0:
        raise ctx.param_error("value", "MaxDistance", f"must be at least 0, got {max_distance[0]}")
    out: list[tuple[int, int, int, int]] = []
    for region in region_args(ctx, skeleton, "SkeletonRegion"):
        if region.is_empty():
            continue
        r0, c0, mask = region.raster(pad=1)
        for chain, _ in _segments(mask.astype(bool)):
            pts = np.asarray(chain, dtype=np.int64) + np.array([r0, c0])
            if len(pts) == 1:
                out.append((int(pts[0, 0]), int(pts[0, 1]), int(pts[0, 0]), int(pts[0, 1])))
                continue
            for i, j in _split(pts.astype(np.float64), float(max_distance[0])):
                out.append((int(pts[i, 0]), int(pts[i, 1]), int(pts[j, 0]), int(pts[j, 1])))
    return tuple(tuple(p[k] for p in out) for k in range(4))
