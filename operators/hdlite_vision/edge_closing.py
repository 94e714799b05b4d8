"""Closing gaps in one-pixel-wide edges along the gradient amplitude: close_edges,
close_edges_length.

Facts from MVTec's reference pages (``search`` tool: close_edges, HALCON 6.1-24.11;
close_edges_length, HALCON 18.11): close_edges(Edges, EdgeImage : RegionResult :
MinAmplitude) examines the neighbours of the edge points and adds the neighbour of maximum
amplitude when its amplitude is larger than MinAmplitude (default 16), ignoring edge
directions; close_edges_length(Edges, Gradient : ClosedEdges : MinAmplitude, MaxGapLength)
first closes one-pixel gaps and removes isolated points, then extends open edges by up to
MaxGapLength (default 3) points until the edge is closed or no significant (> MinAmplitude)
point is left. Both take byte, uint2 or int4 amplitude images.

hdlite's reading [unverified details]: an end point is an edge pixel with exactly one
8-neighbour in the edge. From each end point the edge is extended step by step to the
8-neighbour of largest amplitude that is not an edge pixel and not adjacent to the point it
came from, while that amplitude exceeds MinAmplitude; the trace stops when it touches the edge
elsewhere (the gap is closed), after MaxGapLength steps (close_edges: as many as the image
allows), or when no neighbour qualifies. A one-pixel gap is a background pixel between two
end points of the edge (both 8-adjacent to it, not adjacent to each other); an isolated
point has no 8-neighbour in the edge. Only the part of the edges inside the image is used.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._gray import images, regions
from ._structuring import region_from_mask

_TYPES = ("byte", "uint2", "int4")
_NEIGHBOURS = [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc]
_STRAIGHT_FIRST = sorted(_NEIGHBOURS, key=lambda d: abs(d[0]) + abs(d[1]))


def _neighbour_count(mask: np.ndarray) -> np.ndarray:
    from scipy.ndimage import convolve

    kernel = np.ones((3, 3), dtype=np.int32)
    kernel[1, 1] = 0
    return np.asarray(convolve(mask.astype(np.int32), kernel, mode="constant"))


def _end_points(mask: np.ndarray) -> list[tuple[int, int]]:
    rr, cc = np.nonzero(mask & (_neighbour_count(mask) == 1))
    return list(zip(rr.tolist(), cc.tolist(), strict=True))


def _adjacent(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return max(abs(a[0] - b[0]), abs(a[1] - b[1])) <= 1


def _trace(
    mask: np.ndarray, amp: np.ndarray, start: tuple[int, int], min_amp: float, limit: int
) -> None:
    """Extend the edge from the end point ``start`` (in place)."""
    h, w = mask.shape
    r, c = start
    before = [
        (r + dr, c + dc)
        for dr, dc in _NEIGHBOURS
        if 0 <= r + dr < h and 0 <= c + dc < w and mask[r + dr, c + dc]
    ]
    prev = before[0] if before else start
    path = {start}
    for _ in range(limit):
        best, best_amp = None, min_amp
        for dr, dc in _NEIGHBOURS:
            q = (r + dr, c + dc)
            if not (0 <= q[0] < h and 0 <= q[1] < w) or mask[q] or _adjacent(q, prev):
                continue
            if amp[q] > best_amp:
                best, best_amp = q, amp[q]
        if best is None:
            return
        mask[best] = True
        path.add(best)
        prev, (r, c) = (r, c), best
        for dr, dc in _NEIGHBOURS:
            q = (r + dr, c + dc)
            if 0 <= q[0] < h and 0 <= q[1] < w and mask[q] and q not in path and q != prev:
                if not _adjacent(q, prev):
                    return  # touched the edge elsewhere: the gap is closed


def _bridge_single_gaps(mask: np.ndarray) -> None:
    """Fill background pixels that join two end points which are not adjacent themselves."""
    ends = _end_points(mask)
    h, w = mask.shape
    free = set(ends)
    for r, c in ends:
        if (r, c) not in free:
            continue
        for dr, dc in _STRAIGHT_FIRST:
            q = (r + dr, c + dc)
            if not (0 <= q[0] < h and 0 <= q[1] < w) or mask[q]:
                continue
            other = next(
                (
                    (q[0] + er, q[1] + ec)
                    for er, ec in _STRAIGHT_FIRST
                    if (q[0] + er, q[1] + ec) in free
                    and (q[0] + er, q[1] + ec) != (r, c)
                    and not _adjacent((q[0] + er, q[1] + ec), (r, c))
                ),
                None,
            )
            if other is not None:
                mask[q] = True
                free.discard((r, c))
                free.discard(other)
                break


def _close(
    ctx: CallContext,
    edges: ObjectTuple,
    image: ObjectTuple,
    min_amp: tuple,
    limit: int | None,
    what: str,
) -> tuple:
    imgs = images(ctx, image, _TYPES)
    if len(imgs) != 1:
        raise ctx.error(1502, f"{what}: expected one image, got {len(imgs)}")
    img = imgs[0]
    amp = img.data[0].astype(np.float64)
    threshold = float(min_amp[0])
    if threshold < 0:
        raise ctx.param_error("value", "MinAmplitude", f"{min_amp[0]} is negative")
    h, w = amp.shape
    out = []
    for reg in regions(ctx, edges, "Edges"):
        mask = reg.clip(0, 0, h - 1, w - 1).to_mask(h, w)
        if limit is not None:
            _bridge_single_gaps(mask)
            mask &= _neighbour_count(mask) > 0  # isolated points go
        for end in _end_points(mask):
            if mask[end]:
                _trace(mask, amp, end, threshold, limit if limit is not None else h * w)
        out.append(region_from_mask(mask))
    return (ObjectTuple(out),)


@operator(
    "close_edges",
    IconicIn("Edges"),
    IconicIn("EdgeImage"),
    IconicOut("RegionResult"),
    ControlIn("MinAmplitude", types="integer", count=1, default=16),
)
def close_edges(ctx: CallContext, edges: ObjectTuple, image: ObjectTuple, amp: tuple) -> tuple:
    """Close gaps in one-pixel-wide edges: from each end point, follow the neighbours of
    largest amplitude (above MinAmplitude) until the edge is reached again."""
    return _close(ctx, edges, image, amp, None, "EdgeImage")


@operator(
    "close_edges_length",
    IconicIn("Edges"),
    IconicIn("Gradient"),
    IconicOut("ClosedEdges"),
    ControlIn("MinAmplitude", types="integer", count=1, default=16),
    ControlIn("MaxGapLength", types="integer", count=1, default=3),
)
def close_edges_length(
    ctx: CallContext, edges: ObjectTuple, image: ObjectTuple, amp: tuple, gap: tuple
) -> tuple:
    """Close one-pixel gaps, drop isolated points, then extend open edges by at most
    MaxGapLength points of amplitude above MinAmplitude."""
    if gap[0] < 0:
        raise ctx.param_error("value", "MaxGapLength", f"{gap[0]} is negative")
    return _close(ctx, edges, image, amp, int(gap[0]), "Gradient")
