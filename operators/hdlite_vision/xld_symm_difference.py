"""The symmetric difference of the areas closed contours enclose:
symm_difference_closed_contours_xld.

Facts from MVTec's reference page (``search`` tool: symm_difference_closed_contours_xld,
HALCON 19.11 and 23.11): symm_difference_closed_contours_xld(Contours1, Contours2 :
ContoursDifference : : ) closes open contours by joining their end points; each set of
contours encloses a region by the even-odd rule (a boundary inside another makes a hole, the
overlap of two boundaries of one set is a hole; orientation does not matter; self-intersecting
boundaries are split); the boundaries of the symmetric difference of the two regions are
returned, classified into outer boundaries and holes in the global contour attribute
'is_hole'; points closer than 1e-06 pixels count as one.

Because both regions are even-odd regions, a point lies in their symmetric difference exactly
when it crosses an odd number of the boundaries of both sets together: hdlite splits all
edges at their intersections, drops the pieces covered an even number of times (they do not
separate inside from outside), links the rest into closed loops (turning as far left as
possible where loops touch, so that no loop crosses itself) and marks a loop as a hole when
the region lies outside it along its edge. Each loop is a closed contour (first point
repeated) with 'is_hole' 1.0 or 0.0, in the order of its lowest, then leftmost point
[unverified order and start point]. Where the region's outline touches itself, hdlite may
describe it differently from HALCON (two squares overlapping at a corner: the outline of their
union plus the overlap as a hole, not two L-shapes), the same area either way [unverified].
Edges are intersected pairwise, O(n^2) in the number of points.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, IconicIn, IconicOut, ObjectTuple, operator

from ._xld_common import contours
from .xld_enclosed import encloses

#: points closer than this count as one (the reference page's 1e-06 pixels)
_SNAP = 1e-6
#: edges intersected at a time (memory of the pairwise tests)
_BLOCK = 512

Point = tuple[float, float]


def _edges(items: list[Contour]) -> np.ndarray:
    """(n, 4) array of the edges (r1, c1, r2, c2) of the closed polygons."""
    out = []
    for c in items:
        rows, cols = c.rows, c.cols
        if len(rows) >= 2 and rows[0] == rows[-1] and cols[0] == cols[-1]:
            rows, cols = rows[:-1], cols[:-1]
        if len(rows) < 2:
            continue
        e = np.stack([rows, cols, np.roll(rows, -1), np.roll(cols, -1)], axis=1)
        out.append(e[np.hypot(e[:, 2] - e[:, 0], e[:, 3] - e[:, 1]) > _SNAP])
    return np.concatenate(out) if out else np.zeros((0, 4))


def _cuts(edges: np.ndarray) -> list[list[float]]:
    """Per edge, the parameters in [0, 1] where it must be split."""
    p, r = edges[:, :2], edges[:, 2:] - edges[:, :2]
    length2 = (r * r).sum(axis=1)
    cuts: list[list[float]] = [[0.0, 1.0] for _ in range(len(edges))]
    for start in range(0, len(edges), _BLOCK):
        i = np.arange(start, min(start + _BLOCK, len(edges)))
        pi, ri = p[i][:, None, :], r[i][:, None, :]
        qp = p[None, :, :] - pi  # (block, n, 2)
        s = r[None, :, :]
        denom = ri[..., 0] * s[..., 1] - ri[..., 1] * s[..., 0]
        cross_qr = qp[..., 0] * ri[..., 1] - qp[..., 1] * ri[..., 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (qp[..., 0] * s[..., 1] - qp[..., 1] * s[..., 0]) / denom
            u = cross_qr / denom
        tol = 1e-12
        crossing = (np.abs(denom) > tol) & (t > -tol) & (t < 1 + tol) & (u > -tol) & (u < 1 + tol)
        for a, b in zip(*np.nonzero(crossing), strict=True):
            cuts[i[a]].append(float(t[a, b]))
        # collinear overlaps: the other edge's end points split this one
        scale = np.sqrt(length2[i])[:, None] * np.sqrt(length2)[None, :]
        collinear = (np.abs(denom) <= tol * scale) & (np.abs(cross_qr) <= 1e-9 * scale)
        for a, b in zip(*np.nonzero(collinear), strict=True):
            for end in (p[b], p[b] + r[b]):
                tt = float(np.dot(end - p[i[a]], r[i[a]]) / length2[i[a]])
                if 0.0 < tt < 1.0:
                    cuts[i[a]].append(tt)
    return cuts


def _key(point: np.ndarray) -> Point:
    return (round(float(point[0]) / _SNAP) * _SNAP, round(float(point[1]) / _SNAP) * _SNAP)


def _odd_pieces(edges: np.ndarray) -> list[tuple[Point, Point]]:
    """The pieces of the split edges covered an odd number of times."""
    count: dict[tuple[Point, Point], int] = defaultdict(int)
    for edge, ts in zip(edges, _cuts(edges), strict=True):
        params = np.unique(np.clip(ts, 0.0, 1.0))
        pts = [_key(edge[:2] + t * (edge[2:] - edge[:2])) for t in params]
        for a, b in itertools.pairwise(pts):
            if a != b:
                count[(a, b) if a < b else (b, a)] += 1
    return [piece for piece, n in count.items() if n % 2]


def _loops(pieces: list[tuple[Point, Point]]) -> list[list[Point]]:
    """Closed loops of the pieces, turning as far left as possible at shared vertices."""
    around: dict[Point, list[Point]] = defaultdict(list)
    for a, b in pieces:
        around[a].append(b)
        around[b].append(a)
    used: set[tuple[Point, Point]] = set()
    loops = []
    for a, b in sorted(pieces):
        if (a, b) in used or (b, a) in used:
            continue
        loop, prev, cur = [a], a, b
        used.add((a, b))
        while cur != a:
            loop.append(cur)
            heading = math.atan2(cur[0] - prev[0], cur[1] - prev[1])
            best, best_turn = None, math.inf
            for nxt in around[cur]:
                if (cur, nxt) in used or (nxt, cur) in used:
                    continue
                turn = math.atan2(nxt[0] - cur[0], nxt[1] - cur[1]) - heading
                turn = (turn + math.pi) % (2 * math.pi)  # 0 = straight back, grows left
                if turn < best_turn:
                    best, best_turn = nxt, turn
            if best is None:
                break
            used.add((cur, best))
            prev, cur = cur, best
        if cur == a and len(loop) >= 3:
            loops.append(loop)
    return loops


def _corners(loop: list[Point]) -> list[Point]:
    """The loop without the points where it runs straight on (the splits of its edges)."""
    pts = np.array(loop)
    before = pts - np.roll(pts, 1, axis=0)
    after = np.roll(pts, -1, axis=0) - pts
    cross = before[:, 0] * after[:, 1] - before[:, 1] * after[:, 0]
    dot = (before * after).sum(axis=1)
    keep = (np.abs(cross) > 1e-9 * np.hypot(*before.T) * np.hypot(*after.T)) | (dot < 0)
    return [p for p, k in zip(loop, keep.tolist(), strict=True) if k] or loop


def _inside(pieces: np.ndarray, row: float, col: float) -> bool:
    """Even-odd test of a point against all pieces (r1, c1, r2, c2)."""
    r1, c1, r2, c2 = pieces.T
    spans = (r1 > row) != (r2 > row)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = c1 + (row - r1) * (c2 - c1) / (r2 - r1)
    return bool(np.count_nonzero(spans & (at > col)) % 2)


def _is_hole(loop: list[Point], pieces: np.ndarray) -> bool:
    rows = np.array([p[0] for p in loop])
    cols = np.array([p[1] for p in loop])
    (ar, ac), (br, bc) = loop[0], loop[1]
    mr, mc = (ar + br) / 2.0, (ac + bc) / 2.0
    length = math.hypot(br - ar, bc - ac)
    nr, nc = -(bc - ac) / length, (br - ar) / length
    step = min(1e-3, length / 4.0)
    for sign in (1.0, -1.0):
        pr, pc = mr + sign * step * nr, mc + sign * step * nc
        if encloses(rows, cols, pr, pc):
            return not _inside(pieces, pr, pc)
    return False


@operator(
    "symm_difference_closed_contours_xld",
    IconicIn("Contours1"),
    IconicIn("Contours2"),
    IconicOut("ContoursDifference"),
)
def symm_difference_closed_contours_xld(
    ctx: CallContext, first: ObjectTuple, second: ObjectTuple
) -> tuple:
    """The boundaries of the symmetric difference of the areas the two sets of contours
    enclose (even-odd rule, open contours closed), holes marked by the global attribute
    'is_hole'."""
    edges = _edges(contours(ctx, first, "Contours1") + contours(ctx, second, "Contours2"))
    if not np.isfinite(edges).all():
        raise ctx.error(9053, "a contour has points that are not finite numbers")
    pieces = _odd_pieces(edges)
    flat = np.array([(a[0], a[1], b[0], b[1]) for a, b in pieces]).reshape(-1, 4)
    out = []
    for loop in sorted(_loops(pieces), key=lambda lp: min(lp)):
        start = loop.index(min(loop))
        loop = loop[start:] + loop[:start]
        loop = _corners(loop)
        hole = _is_hole(loop, flat)
        rows = [p[0] for p in loop] + [loop[0][0]]
        cols = [p[1] for p in loop] + [loop[0][1]]
        out.append(Contour(rows, cols, global_attribs={"is_hole": 1.0 if hole else 0.0}))
    return (ObjectTuple(out),)
