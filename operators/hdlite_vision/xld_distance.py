"""Point-wise distances between XLD contours.

distance_contours_xld [doc: distance_contours_xld, HALCON 19.05 reference as mirrored on
visionbbs.com]: every contour of ContourFrom is copied with a per-point attribute 'distance',
the smallest distance of the point to all contours of ContourTo together: to their points
('point_to_point', a k-d tree) or to their line segments ('point_to_segment'). A contour of
ContourTo with one point counts as that point. An existing 'distance' attribute is replaced.
ContourTo without any point is error 9053 "No data points available" [unverified code].
"""

from __future__ import annotations

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._xld_common import contours
from ._xld_geometry import nearest_point_distances, segment_distances


def _segments(targets: list[Contour]) -> tuple[np.ndarray, np.ndarray]:
    starts, ends = [], []
    for c in targets:
        pts = c.points()
        if len(pts) == 1:
            starts.append(pts)
            ends.append(pts)
        elif len(pts) > 1:
            starts.append(pts[:-1])
            ends.append(pts[1:])
    return np.concatenate(starts), np.concatenate(ends)


@operator(
    "distance_contours_xld",
    IconicIn("ContourFrom"),
    IconicIn("ContourTo"),
    IconicOut("ContourOut"),
    ControlIn(
        "Mode",
        types="string",
        count=1,
        default="point_to_point",
        values=("point_to_point", "point_to_segment"),
    ),
)
def distance_contours_xld(
    ctx: CallContext, sources: ObjectTuple, targets: ObjectTuple, mode: tuple
) -> tuple:
    """Copies of the ContourFrom contours with the attribute 'distance': for each point the
    smallest distance to the points ('point_to_point') or segments ('point_to_segment') of
    the ContourTo contours."""
    froms = contours(ctx, sources, "ContourFrom")
    tos = contours(ctx, targets, "ContourTo")
    if not froms:
        return (ObjectTuple([]),)
    if not any(len(c) for c in tos):
        raise ctx.error(9053, "ContourTo: the contours have no points")
    out = []
    if mode[0] == "point_to_point":
        target_points = np.concatenate([c.points() for c in tos if len(c)])
    else:
        seg_a, seg_b = _segments(tos)
    for c in froms:
        pts = c.points()
        if mode[0] == "point_to_point":
            dist = nearest_point_distances(pts, target_points)
        else:
            dist = segment_distances(pts, seg_a, seg_b)
        attribs = dict(c.attribs)
        attribs["distance"] = dist
        out.append(Contour(c.rows, c.cols, attribs, c.global_attribs))
    return (ObjectTuple(out),)
