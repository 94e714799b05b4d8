"""XLD parallels: pairs of parallel polygon sides, their gray-value tests, and road hypotheses.

Signatures follow HALCON's reference pages (gen_parallels_xld, get_parallels_xld,
mod_parallels_xld, info_parallels_xld, combine_roads_xld); the object kinds are 'xld_para',
'xld_mod_para' and 'xld_ext_para'. The reference describes the geometry only in words, so
these are hdlite's definitions [unverified against HALCON output]:

* gen_parallels_xld pairs two polygon sides (of any two polygons, or of one polygon when not
  neighbours) when both are at least Len long, their directions differ by at most Alpha
  (undirected), their projections onto the longer side overlap, and the mean distance of the
  midpoints of the overlapping parts to the other side's line is at most Dist. With Merge =
  'true', pairs of the same two polygons whose sides are neighbours on both polygons are
  merged into one parallel over consecutive sides.
* The quality of a parallel is 2 * overlap / (extent1 + extent2): its two parts projected onto
  their mean direction, 1 for parts that cover each other exactly. The enclosed area is the
  polygon formed by the first part and the second part (reversed where that avoids a
  crossing); its gray mean and standard deviation use the pixels whose centres lie inside.
* mod_parallels_xld keeps the parallels with quality >= Quality, MinGray <= mean <= MaxGray
  and deviation <= MaxStandard (ModParallels); ExtParallels grows each of them side by side
  along its polygons while a new side turns by less than 45 degrees from its part and the
  grown area still passes the gray-value tests.
* combine_roads_xld takes every side of a road-centre polygon and keeps the extended (or else
  modified) parallels whose parts run within MaxAngleParallel of it and whose middle lies
  within MaxDistanceParallel of it; their parts are road sides. Edge-polygon sides that
  continue a road side (direction within MaxAngleColinear, end gap and distance from its
  line within MaxDistanceColinear) close the gaps between them. RoadSides are polygons.
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image.xld_objects import ExtParallel, ModParallel, Parallel, Polygon

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    operator,
)

from .xld_polygons import polygons, vertex_table


def parallels(ctx: CallContext, objs: ObjectTuple, what: str, cls: type = Parallel) -> list:
    """The objects as parallels of class ``cls`` (or a subclass); others are 9054."""
    out = []
    for obj in objs:
        if not isinstance(obj, cls):
            raise ctx.error(9054, f"{what}: expects XLD parallels, got a {obj.kind}")
        out.append(obj)
    return out


def _positive(ctx: CallContext, value: object, name: str) -> float:
    v = float(value)  # type: ignore[arg-type]
    if not (v >= 0 and math.isfinite(v)):
        raise ctx.param_error("value", name, f"{value!r} must be a non-negative number")
    return v


def _segments(polys: list[Polygon]) -> np.ndarray:
    """One row (poly, side, r1, c1, r2, c2, length, undirected angle) per polygon side."""
    rows = []
    for p, poly in enumerate(polys):
        for k in range(len(poly) - 1):
            r1, c1, r2, c2 = poly.rows[k], poly.cols[k], poly.rows[k + 1], poly.cols[k + 1]
            ang = math.atan2(-(r2 - r1), c2 - c1) % math.pi
            rows.append((p, k, r1, c1, r2, c2, math.hypot(r2 - r1, c2 - c1), ang))
    return np.array(rows, dtype=np.float64).reshape(-1, 8)


def _pair_tests(s: np.ndarray, t: np.ndarray, dist: float, alpha: float) -> np.ndarray:
    """For segment rows s (m x 8) against t (k x 8): which pairs are parallel."""
    d = np.abs(s[:, None, 7] - t[None, :, 7])
    d = np.minimum(d, math.pi - d)
    ok = d <= alpha
    # project onto the longer segment of each pair
    longer = s[:, None, 6] >= t[None, :, 6]
    base = np.where(longer[..., None], s[:, None, 2:6], t[None, :, 2:6])
    other = np.where(longer[..., None], t[None, :, 2:6], s[:, None, 2:6])
    dr, dc = base[..., 2] - base[..., 0], base[..., 3] - base[..., 1]
    n = np.maximum(np.hypot(dr, dc), 1e-12)
    ur, uc = dr / n, dc / n
    p1 = (other[..., 0] - base[..., 0]) * ur + (other[..., 1] - base[..., 1]) * uc
    p2 = (other[..., 2] - base[..., 0]) * ur + (other[..., 3] - base[..., 1]) * uc
    lo, hi = np.maximum(np.minimum(p1, p2), 0.0), np.minimum(np.maximum(p1, p2), n)
    ok &= hi > lo
    # perpendicular distance of the other segment's overlapping middle to the base line
    mid = (lo + hi) / 2
    span = np.where(np.abs(p2 - p1) > 1e-12, p2 - p1, 1.0)
    f = np.clip((mid - p1) / span, 0.0, 1.0)
    mr = other[..., 0] + f * (other[..., 2] - other[..., 0])
    mc = other[..., 1] + f * (other[..., 3] - other[..., 1])
    perp = np.abs((mr - base[..., 0]) * uc - (mc - base[..., 1]) * ur)
    return ok & (perp <= dist)  # type: ignore[no-any-return]


def _find_pairs(seg: np.ndarray, polys: list[Polygon], length: float, dist: float, alpha: float):
    keep = np.nonzero(seg[:, 6] >= length)[0]
    s = seg[keep]
    pairs = []
    for start in range(0, len(s), 256):
        block = _pair_tests(s[start : start + 256], s, dist, alpha)
        for i, j in zip(*np.nonzero(block), strict=True):
            a, b = start + int(i), int(j)
            if b <= a:
                continue
            pa, ka, pb, kb = int(s[a, 0]), int(s[a, 1]), int(s[b, 0]), int(s[b, 1])
            if pa == pb:
                sides = len(polys[pa]) - 1
                gap = abs(ka - kb)
                closed = sides > 1 and _closed(polys[pa])
                if gap <= 1 or (closed and gap == sides - 1):
                    continue
            pairs.append((pa, ka, pb, kb))
    return pairs


def _closed(p: Polygon) -> bool:
    return len(p) >= 3 and p.rows[0] == p.rows[-1] and p.cols[0] == p.cols[-1]


def _merge(pairs: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    index = {p: i for i, p in enumerate(pairs)}
    parent = list(range(len(pairs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (pa, ka, pb, kb) in enumerate(pairs):
        for da in (-1, 0, 1):
            for db in (-1, 0, 1):
                j = index.get((pa, ka + da, pb, kb + db))
                if j is not None and (da or db):
                    parent[find(j)] = find(i)
    groups: dict[int, list] = {}
    for i, p in enumerate(pairs):
        groups.setdefault(find(i), []).append(p)
    return list(groups.values())


@operator(
    "gen_parallels_xld",
    IconicIn("Polygons"),
    IconicOut("Parallels"),
    ControlIn("Len", types="number", count=1, default=10.0),
    ControlIn("Dist", types="number", count=1, default=30.0),
    ControlIn("Alpha", types="number", count=1, default=0.15),
    ControlIn("Merge", types="string", count=1, default="true", values=("true", "false")),
)
def gen_parallels_xld(
    ctx: CallContext, objs: ObjectTuple, length: tuple, dist: tuple, alpha: tuple, merge: tuple
) -> tuple:
    """Find parallel polygon sides: at least Len long, at most Dist apart, directions within
    Alpha; Merge = 'true' joins neighbouring pairs of the same two polygons."""
    ln = _positive(ctx, length[0], "Len")
    ds = _positive(ctx, dist[0], "Dist")
    al = _positive(ctx, alpha[0], "Alpha")
    polys = polygons(ctx, objs)
    seg = _segments(polys)
    pairs = _find_pairs(seg, polys, ln, ds, al)
    groups = _merge(pairs) if merge[0] == "true" else [[p] for p in pairs]
    out = []
    for g in groups:
        pa, pb = g[0][0], g[0][2]
        ka = [p[1] for p in g]
        kb = [p[3] for p in g]
        ranges = ((min(ka), max(ka) + 1), (min(kb), max(kb) + 1))
        out.append(Parallel((polys[pa], polys[pb]), ranges))
    order = {id(p): i for i, p in enumerate(polys)}
    out.sort(key=lambda p: (order[id(p.polys[0])], p.ranges[0], order[id(p.polys[1])]))
    return (ObjectTuple(out),)


@operator(
    "get_parallels_xld",
    IconicIn("Parallels"),
    *(
        ControlOut(n, types="real")
        for n in ("Row1", "Col1", "Length1", "Phi1", "Row2", "Col2", "Length2", "Phi2")
    ),
)
def get_parallels_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """The two parts of one parallel: vertices, and the length and direction of the side
    starting at each vertex (0, 0 for the last one), as get_polygon_xld gives them."""
    found = parallels(ctx, objs, "Parallels")
    if len(found) != 1:
        raise ctx.error(1501, f"Parallels: expects one parallel, got {len(found)} objects")
    return vertex_table(*found[0].part(0)) + vertex_table(*found[0].part(1))


def _direction(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    d = np.array([rows[-1] - rows[0], cols[-1] - cols[0]], dtype=np.float64)
    n = float(np.hypot(*d))
    return d / n if n > 0 else np.array([0.0, 1.0])


def quality(par: Parallel) -> float:
    """2 * overlap / (extent1 + extent2) of the parts projected on their mean direction."""
    (r1, c1), (r2, c2) = par.part(0), par.part(1)
    u1, u2 = _direction(r1, c1), _direction(r2, c2)
    u = u1 + (u2 if float(u1 @ u2) >= 0 else -u2)
    u = u / max(float(np.hypot(*u)), 1e-12)
    p1, p2 = r1 * u[0] + c1 * u[1], r2 * u[0] + c2 * u[1]
    e1, e2 = p1.max() - p1.min(), p2.max() - p2.min()
    overlap = min(p1.max(), p2.max()) - max(p1.min(), p2.min())
    return float(max(0.0, 2 * overlap / (e1 + e2))) if e1 + e2 > 0 else 0.0


def gray_stats(par: Parallel, image: Image) -> tuple[float, float]:
    """Mean and standard deviation of the gray values enclosed by a parallel (NaN: none)."""
    from skimage.draw import polygon

    (r1, c1), (r2, c2) = par.part(0), par.part(1)
    u1, u2 = _direction(r1, c1), _direction(r2, c2)
    if float(u1 @ u2) > 0:  # same direction: walk back along the second part
        r2, c2 = r2[::-1], c2[::-1]
    rr, cc = polygon(
        np.concatenate([r1, r2]), np.concatenate([c1, c2]), (image.height, image.width)
    )
    mask = image.domain_region().to_mask(image.height, image.width)
    keep = mask[rr, cc]
    vals = image.data[0][rr[keep], cc[keep]].astype(np.float64)
    if vals.size == 0:
        return math.nan, math.nan
    return float(vals.mean()), float(vals.std())


def _one_image(ctx: CallContext, objs: ObjectTuple) -> Image:
    imgs = [o for o in objs if isinstance(o, Image)]
    if len(imgs) != len(objs):
        raise ctx.error(9054, "Image: expects an image")
    if len(imgs) != 1:
        raise ctx.error(1502, f"Image: expects one image, got {len(imgs)} objects")
    return imgs[0]


def _measured(par: Parallel, image: Image, cls: type[Parallel]) -> Parallel:
    mean, dev = gray_stats(par, image)
    return par.derived(cls, quality=quality(par), gray_mean=mean, gray_dev=dev)


def _homogeneous(par: Parallel, lo: float, hi: float, max_dev: float) -> bool:
    return bool(lo <= par.gray_mean <= hi and par.gray_dev <= max_dev)


def _extend(par: Parallel, image: Image, lo: float, hi: float, max_dev: float) -> Parallel:
    current = par.derived(ExtParallel)
    grown = True
    while grown:
        grown = False
        for k in (0, 1):
            poly = current.polys[k]
            for step in (-1, 1):
                a, b = current.ranges[k]
                na, nb = (a - 1, b) if step < 0 else (a, b + 1)
                if na < 0 or nb >= len(poly):
                    continue
                rows, cols = current.part(k)
                u = _direction(rows, cols)
                e = (na, na + 1) if step < 0 else (nb - 1, nb)
                v = _direction(poly.rows[list(e)], poly.cols[list(e)])
                if float(u @ v) < math.cos(math.pi / 4):
                    continue
                ranges = list(current.ranges)
                ranges[k] = (na, nb)
                cand = _measured(
                    current.derived(ExtParallel, ranges=tuple(ranges)), image, ExtParallel
                )
                if _homogeneous(cand, lo, hi, max_dev):
                    current, grown = cand, True
    return current


@operator(
    "mod_parallels_xld",
    IconicIn("Parallels"),
    IconicIn("Image"),
    IconicOut("ModParallels"),
    IconicOut("ExtParallels"),
    ControlIn("Quality", types="number", count=1, default=0.4),
    ControlIn("MinGray", types="integer", count=1, default=160),
    ControlIn("MaxGray", types="integer", count=1, default=220),
    ControlIn("MaxStandard", types="number", count=1, default=10.0),
)
def mod_parallels_xld(
    ctx: CallContext,
    objs: ObjectTuple,
    image: ObjectTuple,
    qual: tuple,
    min_gray: tuple,
    max_gray: tuple,
    max_std: tuple,
) -> tuple:
    """Keep the parallels that enclose a homogeneous area (quality at least Quality, gray
    mean in [MinGray, MaxGray], deviation at most MaxStandard) and extend them along their
    polygons while the area stays homogeneous."""
    q = float(qual[0])
    if not (0 <= q <= 1):
        raise ctx.param_error("value", "Quality", f"{qual[0]!r} must lie in [0, 1]")
    lo, hi = float(min_gray[0]), float(max_gray[0])
    if hi < lo:
        raise ctx.param_error("value", "MaxGray", f"{max_gray[0]!r} is below MinGray")
    dev = _positive(ctx, max_std[0], "MaxStandard")
    items = parallels(ctx, objs, "Parallels")
    if not items:
        return ObjectTuple([]), ObjectTuple([])
    img = _one_image(ctx, image)
    mod, ext = [], []
    for par in items:
        m = _measured(par, img, ModParallel)
        if m.quality >= q and _homogeneous(m, lo, hi, dev):
            mod.append(m)
            ext.append(_extend(m, img, lo, hi, dev))
    return ObjectTuple(mod), ObjectTuple(ext)


@operator(
    "info_parallels_xld",
    IconicIn("Parallels"),
    IconicIn("Image"),
    ControlOut("QualityMin", types="real"),
    ControlOut("QualityMax", types="real"),
    ControlOut("GrayMin", types="integer"),
    ControlOut("GrayMax", types="integer"),
    ControlOut("StandardMin", types="real"),
    ControlOut("StandardMax", types="real"),
)
def info_parallels_xld(ctx: CallContext, objs: ObjectTuple, image: ObjectTuple) -> tuple:
    """The range of the quality, the gray mean and the gray deviation of the areas enclosed
    by parallels (to choose the values of mod_parallels_xld)."""
    items = parallels(ctx, objs, "Parallels")
    if not items:
        raise ctx.error(9053, "Parallels: no parallels given")
    img = _one_image(ctx, image)
    done = [_measured(p, img, Parallel) for p in items]
    qs = [p.quality for p in done]
    means = [p.gray_mean for p in done if not math.isnan(p.gray_mean)] or [0.0]
    devs = [p.gray_dev for p in done if not math.isnan(p.gray_dev)] or [0.0]
    return (
        (min(qs),),
        (max(qs),),
        (round(min(means)),),
        (round(max(means)),),
        (min(devs),),
        (max(devs),),
    )


def _angle_between(u: np.ndarray, v: np.ndarray) -> float:
    c = abs(float(u @ v))
    return math.acos(min(1.0, c))


def _point_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    d = b - a
    n2 = float(d @ d)
    t = 0.0 if n2 == 0 else min(1.0, max(0.0, float((p - a) @ d) / n2))
    return float(np.hypot(*(p - a - t * d)))


def _collinear(side: tuple, road: tuple, max_angle: float, max_dist: float) -> bool:
    (a, b), (c, d) = side, road
    u, v = _direction(*np.array([a, b]).T), _direction(*np.array([c, d]).T)
    if _angle_between(u, v) > max_angle:
        return False
    perp = max(abs(float((p - c) @ np.array([-v[1], v[0]]))) for p in (a, b))
    gap = min(float(np.hypot(*(p - q))) for p in (a, b) for q in (c, d))
    return perp <= max_dist and gap <= max_dist


@operator(
    "combine_roads_xld",
    IconicIn("EdgePolygons"),
    IconicIn("ModParallels"),
    IconicIn("ExtParallels"),
    IconicIn("CenterLines"),
    IconicOut("RoadSides"),
    ControlIn("MaxAngleParallel", types="number", count=1, default=0.523598775598),
    ControlIn("MaxAngleColinear", types="number", count=1, default=0.261799387799),
    ControlIn("MaxDistanceParallel", types="number", count=1, default=40.0),
    ControlIn("MaxDistanceColinear", types="number", count=1, default=40.0),
)
def combine_roads_xld(
    ctx: CallContext,
    edges: ObjectTuple,
    mods: ObjectTuple,
    exts: ObjectTuple,
    centers: ObjectTuple,
    ang_par: tuple,
    ang_col: tuple,
    dist_par: tuple,
    dist_col: tuple,
) -> tuple:
    """Road sides from road centre lines and parallels: parallels along a centre line (within
    MaxAngleParallel and MaxDistanceParallel) give the sides, collinear edge-polygon sides
    (MaxAngleColinear, MaxDistanceColinear) bridge the gaps."""
    a_par, a_col = (
        _positive(ctx, ang_par[0], "MaxAngleParallel"),
        _positive(ctx, ang_col[0], "MaxAngleColinear"),
    )
    d_par = _positive(ctx, dist_par[0], "MaxDistanceParallel")
    d_col = _positive(ctx, dist_col[0], "MaxDistanceColinear")
    edge_polys = polygons(ctx, edges, "EdgePolygons")
    mod_items = parallels(ctx, mods, "ModParallels", ModParallel)
    ext_items = parallels(ctx, exts, "ExtParallels", ExtParallel)
    center_polys = polygons(ctx, centers, "CenterLines")
    candidates = ext_items if ext_items else mod_items
    center_sides = [
        (np.array([p.rows[k], p.cols[k]]), np.array([p.rows[k + 1], p.cols[k + 1]]))
        for p in center_polys
        for k in range(len(p) - 1)
    ]
    sides: list[tuple[np.ndarray, np.ndarray]] = []
    seen: set[tuple] = set()
    for par in candidates:
        parts = [par.part(0), par.part(1)]
        mid = np.mean([[r.mean(), c.mean()] for r, c in parts], axis=0)
        dirs = [_direction(r, c) for r, c in parts]
        for a, b in center_sides:
            u = _direction(*np.array([a, b]).T)
            if max(_angle_between(u, d) for d in dirs) > a_par:
                continue
            if _point_segment(mid, a, b) > d_par:
                continue
            for rows, cols in parts:
                key = (rows.tobytes(), cols.tobytes())
                if key not in seen:
                    seen.add(key)
                    sides.append((rows, cols))
            break
    out = [Polygon(r, c) for r, c in sides]
    road_ends = [
        (np.array([r[0], c[0]]), np.array([r[-1], c[-1]])) for r, c in sides if len(r) >= 2
    ]
    for poly in edge_polys:
        for k in range(len(poly) - 1):
            a = np.array([poly.rows[k], poly.cols[k]])
            b = np.array([poly.rows[k + 1], poly.cols[k + 1]])
            key = (np.array([a[0], b[0]]).tobytes(), np.array([a[1], b[1]]).tobytes())
            if key in seen:
                continue
            if any(_collinear((a, b), road, a_col, d_col) for road in road_ends):
                near = any(_point_segment((a + b) / 2, c, d) <= d_par for c, d in center_sides)
                if near:
                    seen.add(key)
                    out.append(Polygon([a[0], b[0]], [a[1], b[1]]))
    return (ObjectTuple(out),)
