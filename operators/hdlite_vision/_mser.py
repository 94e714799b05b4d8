"""Maximally stable extremal regions: the component tree of the threshold sets and the
stability selection (segment_image_mser's numerics).

For dark regions the extremal regions are the 8-connected components of {gray <= t} within
the domain for every gray value t that occurs (light regions: {gray >= t}); each is a node
of the component tree, its parent the component that contains it at the next level. A pixel
set that stays the same over several levels is one region. Its variation at level t is
(area(t + Delta) - area(t)) / area(t), area(t + Delta) being the area of the component that
contains it at the last level <= t + Delta; a region's variation is the smallest over the
levels it persists. MSERs are the regions whose variation is at most ``max_variation`` and
not larger than that of their parent nor larger than or equal to that of their largest
child region (a local minimum along the tree). Of two nested MSERs whose areas differ by
less than ``min_diversity`` (relative to the smaller), the one with the smaller variation
(then the smaller one) is kept [doc: segment_image_mser names the parameters and their
effects; the exact formulas are this module's, after Matas et al. 2002, unverified].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: the most threshold levels evaluated (more distinct gray values are quantised evenly)
MAX_LEVELS = 1024


@dataclass
class Tree:
    """Nodes of the component tree: level value, area, parent (-1: root), a pixel."""

    value: np.ndarray
    area: np.ndarray
    parent: np.ndarray
    pixel: np.ndarray


def _label(binary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """8-connected components (labels 1..n; 0 is the background) and their areas."""
    import cv2

    _n, lab, stats, _c = cv2.connectedComponentsWithStats(
        binary.view(np.uint8), connectivity=8, ltype=cv2.CV_32S
    )
    return lab, stats[1:, cv2.CC_STAT_AREA].astype(np.int64)


def build_tree(v: np.ndarray, mask: np.ndarray) -> Tree:
    """The component tree of the sets {v <= t} & mask over the levels of ``v``."""
    vals = v[mask]
    levels = np.unique(vals)
    if levels.size > MAX_LEVELS:
        levels = np.unique(np.linspace(levels[0], levels[-1], MAX_LEVELS))
        levels[-1] = vals.max()
    # the pixels that join at each level, in one sort
    idx = np.flatnonzero(mask)
    order = np.argsort(v.ravel()[idx], kind="stable")
    idx = idx[order]
    cuts = np.searchsorted(v.ravel()[idx], levels, side="right")
    values, areas, parents, pixels = [], [], [], []
    prev_rep = np.zeros(0, np.int64)
    offset = 0
    current = np.zeros(v.shape, bool)
    start = 0
    for t, stop in zip(levels, cuts, strict=True):
        new = idx[start:stop]
        start = int(stop)
        current.ravel()[new] = True
        lab, area = _label(current)
        n = area.size
        flat = lab.ravel()
        rep = np.zeros(n + 1, np.int64)
        rep[flat[new]] = new
        if prev_rep.size:
            up = flat[prev_rep]
            parents.append(up.astype(np.int64) - 1 + offset + prev_rep.size)
            rep[up] = prev_rep
        offset += prev_rep.size
        values.append(np.full(n, float(t)))
        areas.append(area)
        prev_rep = rep[1:]
        pixels.append(prev_rep)
    parents.append(np.full(prev_rep.size, -1, np.int64))
    return Tree(
        np.concatenate(values),
        np.concatenate(areas).astype(np.int64),
        np.concatenate(parents),
        np.concatenate(pixels),
    )


def select(
    tree: Tree,
    delta: float,
    min_area: float,
    max_area: float,
    max_variation: float,
    min_diversity: float,
    allow_whole: bool,
) -> list[int]:
    """Nodes (one per selected region: its lowest level) of the MSERs; a whole connected
    component of the domain is one only with ``allow_whole``."""
    n = tree.area.size
    if n == 0:
        return []
    parent, area, value = tree.parent, tree.area, tree.value
    has_parent = parent >= 0
    par0 = np.maximum(parent, 0)
    # the ancestor at the last level <= value + delta
    anc = np.arange(n)
    limit = value + delta
    while True:
        p = parent[anc]
        move = (p >= 0) & (value[np.maximum(p, 0)] <= limit)
        if not move.any():
            break
        anc = np.where(move, p, anc)
    var = (area[anc] - area) / area
    # a node whose parent has the same area is the same pixel set one level higher: every
    # node maps to the lowest node of its chain of identical sets (its region)
    same = has_parent & (area[par0] == area)
    up_of = np.full(n, -1, np.int64)
    up_of[parent[same]] = np.nonzero(same)[0]  # the identical child of a node, if any
    region = np.arange(n)
    while True:
        nxt = up_of[region]
        move = nxt >= 0
        if not move.any():
            break
        region = np.where(move, nxt, region)
    rvar = np.full(n, np.inf)
    np.minimum.at(rvar, region, var)
    is_top = ~same
    top = np.zeros(n, np.int64)
    top[region[is_top]] = np.nonzero(is_top)[0]
    regions = np.nonzero(region == np.arange(n))[0]
    tops = top[regions]
    rparent = np.full(n, -1, np.int64)
    rparent[regions] = np.where(has_parent[tops], region[par0[tops]], -1)
    big_child = np.full(n, -1, np.int64)
    with_parent = regions[rparent[regions] >= 0]
    by_area = with_parent[np.argsort(area[with_parent], kind="stable")]
    big_child[rparent[by_area]] = by_area
    ok = (rvar[regions] <= max_variation) & (area[regions] >= min_area)
    ok &= area[regions] <= max_area
    if not allow_whole:
        ok &= rparent[regions] >= 0
    p = rparent[regions]
    ok &= (p < 0) | (rvar[regions] <= rvar[np.maximum(p, 0)])
    c = big_child[regions]
    ok &= (c < 0) | (rvar[regions] < rvar[np.maximum(c, 0)])
    cands = sorted(regions[ok].tolist(), key=lambda r: (rvar[r], area[r]))
    kept: list[int] = []
    kept_set: set[int] = set()
    near_below: set[int] = set()  # regions with a kept region inside, too close in area
    for r in cands:
        if r in near_below or _close_ancestor(r, kept_set, rparent, area, min_diversity):
            continue
        kept.append(r)
        kept_set.add(r)
        a = int(rparent[r])
        while a >= 0 and (area[a] - area[r]) / area[r] < min_diversity:
            near_below.add(a)
            a = int(rparent[a])
    return kept


def _close_ancestor(
    r: int, kept: set[int], rparent: np.ndarray, area: np.ndarray, min_div: float
) -> bool:
    """Whether a kept region contains ``r`` with an area less than ``min_div`` larger."""
    a = int(rparent[r])
    while a >= 0 and (area[a] - area[r]) / area[r] < min_div:
        if a in kept:
            return True
        a = int(rparent[a])
    return False
