"""Joining XLD contours at their end points, and sorting contours by position.

union_adjacent_contours_xld joins two open contours when the distance d of an end point of
one to an end point of the other satisfies d <= MaxDistAbs and d / L <= MaxDistRel, with L
the length of the longer of the two (joined) contours. Both conditions must hold: a
published HDevelop check (blog.csdn.net/ABC13222880223/article/details/99293155) joins
lengths 500 and 705.7 at d = sqrt(2) exactly with MaxDistAbs = sqrt(2) and MaxDistRel =
0.0020041, and not with either value smaller. Candidate pairs are taken closest first; each
end point is joined at most once, a contour is never joined to itself (no contour is closed
here [unverified]), and the passes repeat while joins happen (joined contours are longer,
so the relative test may pass later). Closed contours are passed through unchanged.
A joined contour starts at the free end of its member with the smallest input index and
takes that member's place in the output; the members' points follow each other, reversed
where needed; a gap of zero drops the repeated point. 'attr_keep' keeps the per-point
attributes every member has (in the same order), 'attr_forget' drops them; the joined
contour has no global attributes [unverified].

sort_contours_xld [doc: sort_contours_xld, HDevelopEVO 24.11 reference]: the reference point
is a corner of the contour's axis-parallel bounding box; 'row' compares rows first, then
columns, 'column' the other way round; 'true' ascending. 'character' groups contours whose
row ranges overlap into lines (as sort_region here) and sorts each line by column. The sort
is stable; a contour without points sorts at (0, 0).
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._xld_common import contours


def _length(c: Contour) -> float:
    if len(c) < 2:
        return 0.0
    return float(np.hypot(np.diff(c.rows), np.diff(c.cols)).sum())


class _Chains:
    """Union-find over contours with the summed length of each chain."""

    def __init__(self, lengths: list[float]) -> None:
        self.parent = list(range(len(lengths)))
        self.length = list(lengths)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, gap: float) -> None:
        ri, rj = self.find(i), self.find(j)
        self.parent[rj] = ri
        self.length[ri] += self.length[rj] + gap


def _links(items: list[Contour], open_idx: list[int], dist_abs: float, dist_rel: float):
    """partner[(k, side)] = (m, side') for the joined end points (side 0 start, 1 end)."""
    from scipy.spatial import cKDTree

    ends = np.array(
        [(items[k].rows[s], items[k].cols[s]) for k in open_idx for s in (0, -1)],
        dtype=np.float64,
    ).reshape(-1, 2)
    owner = [(k, side) for k in open_idx for side in (0, 1)]
    pairs = []
    if len(ends) >= 2 and dist_abs >= 0:
        for a, b in cKDTree(ends).query_pairs(dist_abs + 1e-9):
            if owner[a][0] != owner[b][0]:
                d = float(np.hypot(*(ends[a] - ends[b])))
                if d <= dist_abs:
                    pairs.append((d, min(a, b), max(a, b)))
    pairs.sort()
    chains = _Chains([_length(c) for c in items])
    partner: dict[tuple[int, int], tuple[int, int]] = {}
    changed = True
    while changed:
        changed = False
        for d, a, b in pairs:
            ea, eb = owner[a], owner[b]
            if ea in partner or eb in partner:
                continue
            ra, rb = chains.find(ea[0]), chains.find(eb[0])
            if ra == rb:
                continue
            longer = max(chains.length[ra], chains.length[rb])
            if d > dist_rel * longer:
                continue
            partner[ea], partner[eb] = eb, ea
            chains.join(ea[0], eb[0], d)
            changed = True
    return partner


def _walk(items: list[Contour], partner: dict, first: int, keep_attrs: bool) -> Contour:
    """The chain through contour ``first`` (an end of its chain), from its free end."""
    side = 0 if (first, 0) not in partner else 1
    order: list[tuple[int, bool]] = []
    k, entry = first, side
    while True:
        order.append((k, entry == 1))  # entered at its end: walk it reversed
        exit_end = (k, 1 - entry)
        if exit_end not in partner:
            break
        k, entry = partner[exit_end]
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    names = set.intersection(*(set(items[m].attribs) for m, _ in order)) if keep_attrs else set()
    attrs: dict[str, list[np.ndarray]] = {n: [] for n in names}
    for m, rev in order:
        c = items[m]
        step = slice(None, None, -1) if rev else slice(None)
        r, cc = c.rows[step], c.cols[step]
        skip = 0
        if rows and len(r) and r[0] == rows[-1][-1] and cc[0] == cols[-1][-1]:
            skip = 1
        rows.append(r[skip:])
        cols.append(cc[skip:])
        for n in names:
            attrs[n].append(c.attribs[n][step][skip:])
    return Contour(
        np.concatenate(rows),
        np.concatenate(cols),
        {n: np.concatenate(v) for n, v in attrs.items()},
    )


@operator(
    "union_adjacent_contours_xld",
    IconicIn("Contours"),
    IconicOut("UnionContours"),
    ControlIn("MaxDistAbs", types="number", count=1, default=10.0),
    ControlIn("MaxDistRel", types="number", count=1, default=1.0),
    ControlIn(
        "Mode", types="string", count=1, default="attr_keep", values=("attr_keep", "attr_forget")
    ),
)
def union_adjacent_contours_xld(
    ctx: CallContext, objs: ObjectTuple, dist_abs: tuple, dist_rel: tuple, mode: tuple
) -> tuple:
    """Join contours whose end points are at most MaxDistAbs apart and at most MaxDistRel
    times the length of the longer contour."""
    d_abs, d_rel = float(dist_abs[0]), float(dist_rel[0])
    if not d_abs >= 0:
        raise ctx.param_error("value", "MaxDistAbs", f"{dist_abs[0]!r} must not be negative")
    if not d_rel >= 0:
        raise ctx.param_error("value", "MaxDistRel", f"{dist_rel[0]!r} must not be negative")
    items = contours(ctx, objs)
    open_idx = [k for k, c in enumerate(items) if len(c) and not c.closed]
    partner = _links(items, open_idx, d_abs, d_rel)
    return (ObjectTuple(joined_chains(items, partner, mode[0] == "attr_keep")),)


def joined_chains(items: list[Contour], partner: dict, keep: bool) -> list[Contour]:
    """Every chain of linked contour ends as one contour, unlinked contours as they are
    (their attributes kept only with ``keep``), in the order of each chain's first member."""
    out: list[Contour] = []
    done: set[int] = set()
    for k, c in enumerate(items):
        if k in done:
            continue
        if (k, 0) not in partner and (k, 1) not in partner:
            out.append(c if keep else Contour(c.rows, c.cols))
            continue
        # walk k's chain from its end with the smallest index
        chain_ends, members = _members(partner, k)
        done.update(members)
        out.append(_walk(items, partner, min(chain_ends), keep))
    return out


def _members(partner: dict, start: int) -> tuple[list[int], set[int]]:
    """The contours of the chain through ``start`` and those at its ends."""
    members = {start}
    ends = []
    stack = [start]
    while stack:
        k = stack.pop()
        linked = [partner[(k, s)][0] for s in (0, 1) if (k, s) in partner]
        if len(linked) < 2:
            ends.append(k)
        for m in linked:
            if m not in members:
                members.add(m)
                stack.append(m)
    return ends, members


def _box(c: Contour) -> tuple[float, float, float, float]:
    if len(c) == 0:
        return (0.0, 0.0, 0.0, 0.0)
    return (float(c.rows.min()), float(c.cols.min()), float(c.rows.max()), float(c.cols.max()))


def _character_order(boxes: list[tuple[float, float, float, float]]) -> list[int]:
    by_top = sorted(range(len(boxes)), key=lambda i: (boxes[i][0], boxes[i][1]))
    lines: list[list[int]] = []
    bottom = -math.inf
    for i in by_top:
        if lines and boxes[i][0] <= bottom:
            lines[-1].append(i)
            bottom = max(bottom, boxes[i][2])
        else:
            lines.append([i])
            bottom = boxes[i][2]
    return [i for line in lines for i in sorted(line, key=lambda k: boxes[k][1])]


@operator(
    "sort_contours_xld",
    IconicIn("Contours"),
    IconicOut("SortedContours"),
    ControlIn(
        "SortMode",
        types="string",
        count=1,
        default="upper_left",
        values=("character", "lower_left", "lower_right", "upper_left", "upper_right"),
    ),
    ControlIn("Order", types="string", count=1, default="true", values=("true", "false")),
    ControlIn("RowOrCol", types="string", count=1, default="row", values=("row", "column")),
)
def sort_contours_xld(
    ctx: CallContext, objs: ObjectTuple, mode: tuple, order: tuple, row_or_col: tuple
) -> tuple:
    """Sort contours by a corner of their bounding box ('upper_left', ...) or as text
    lines ('character'); Order 'true' ascending; RowOrCol 'row' compares rows first."""
    items = contours(ctx, objs)
    boxes = [_box(c) for c in items]
    if mode[0] == "character":
        idx = _character_order(boxes)
        if order[0] == "false":
            idx = idx[::-1]
    else:
        corner = {
            "upper_left": (0, 1),
            "upper_right": (0, 3),
            "lower_left": (2, 1),
            "lower_right": (2, 3),
        }[mode[0]]
        refs = [(b[corner[0]], b[corner[1]]) for b in boxes]
        keys = refs if row_or_col[0] == "row" else [(c, r) for r, c in refs]
        idx = sorted(range(len(items)), key=lambda i: keys[i], reverse=order[0] == "false")
    return (ObjectTuple([items[i] for i in idx]),)
