"""Segmentation by flooding and growing: watersheds, watersheds_threshold, regiongrowing,
regiongrowing_mean.

watersheds: the regional minima of the image (8-connected plateaus) are flooded with
scikit-image's watershed in the 4-neighbourhood, keeping one-pixel watershed lines. Basins
come one region per minimum, in raster order of each minimum's first pixel; Watersheds is
one region holding all line pixels [doc: watersheds returns the basins and the watersheds as
one region; neighbourhoods and order unverified]. Only the image's domain is flooded.

watersheds_threshold [doc: watersheds_threshold, HALCON 21.11 reference on visionbbs.com]:
the basins of watersheds, every pixel assigned (no lines), then neighbouring basins are
merged, lowest watershed first, while max(W - B1, W - B2) <= Threshold, with B1, B2 the
minima of the two (merged) basins and W the lowest saddle between them (the smaller of the
larger gray values over all 4-adjacent pixel pairs across their border). The page's formula
was not readable: the maximum and "<=" are chosen so that Threshold 0 keeps every basin and
a Threshold of the whole gray range gives one region, as the page says [unverified].

regiongrowing [doc: regiongrowing, HALCON 23.11 reference on visionbbs.com]: the image is cut
into RasterHeight x RasterWidth cells (even sizes are raised to the next odd size, the page
says they are made odd); two 4-adjacent cells belong to one region when the gray values at
their centres differ by at most Tolerance (for 'cyclic' images the shorter way round 256).
Cells at the right and bottom border may be cut; their centre is clipped into the image.
Regions of at least MinSize pixels are returned, in raster order of their first cell
[unverified order and neighbourhood]. Cells whose centre lies outside the domain are left
out.

regiongrowing_mean [doc: regiongrowing_mean, HORUS/HALCON reference text]: from each start
point (none given: from the first free pixel in raster order, then the next free one) the
region takes 4-neighbours whose gray value differs from the region's current mean by at most
Tolerance (breadth first, the mean updated after each pixel) [unverified neighbourhood, order
and "<=" against the page's "less than"]; regions under MinSize pixels are dropped.
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._gray import domain_mask, images
from ._structuring import region_from_mask

_FLOOD_TYPES = ("byte", "uint2", "real")
_GROW_TYPES = ("byte", "direction", "cyclic", "int1", "int2", "int4", "real")


def _basins(data: np.ndarray, domain: np.ndarray, lines: bool) -> np.ndarray:
    """Label image of the basins (0: watershed line or outside the domain)."""
    from scipy import ndimage
    from skimage.morphology import local_minima
    from skimage.segmentation import watershed

    minima = local_minima(data, connectivity=2, allow_borders=True) & domain
    markers, count = ndimage.label(minima, structure=np.ones((3, 3)))
    if count == 0:  # a constant image: each part of the domain is one basin
        markers, _ = ndimage.label(domain, structure=np.ones((3, 3)))
    return watershed(data, markers, connectivity=1, mask=domain, watershed_line=lines)


def _regions_of(labels: np.ndarray, keep: list[int]) -> list:
    from scipy import ndimage

    slices = ndimage.find_objects(labels)
    out = []
    for lab in keep:
        sl = slices[lab - 1]
        if sl is None:
            continue
        out.append(region_from_mask(labels[sl] == lab, sl[0].start, sl[1].start))
    return out


@operator(
    "watersheds",
    IconicIn("Image"),
    IconicOut("Basins"),
    IconicOut("Watersheds"),
)
def watersheds(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Watershed segmentation: one region per basin (dark minimum) and one region holding
    all watershed lines."""
    basins, lines = [], []
    for img in images(ctx, image, _FLOOD_TYPES):
        data = img.data[0].astype(np.float64)
        domain = domain_mask(img)
        labels = _basins(data, domain, lines=True)
        basins.extend(_regions_of(labels, list(range(1, int(labels.max()) + 1))))
        lines.append(region_from_mask((labels == 0) & domain))
    return (ObjectTuple(basins), ObjectTuple(lines))


def _merge(data: np.ndarray, labels: np.ndarray, threshold: float) -> np.ndarray:
    """Map from old labels to merged labels (index = old label)."""
    from scipy import ndimage

    count = int(labels.max())
    low = np.asarray(ndimage.minimum(data, labels, np.arange(1, count + 1)), dtype=np.float64)
    low = np.concatenate([[np.inf], low])
    saddles: dict[tuple[int, int], float] = {}
    for a, b, ga, gb in (
        (labels[:, :-1], labels[:, 1:], data[:, :-1], data[:, 1:]),
        (labels[:-1, :], labels[1:, :], data[:-1, :], data[1:, :]),
    ):
        cross = (a != b) & (a > 0) & (b > 0)
        la, lb = a[cross], b[cross]
        w = np.maximum(ga[cross], gb[cross])
        lo, hi = np.minimum(la, lb), np.maximum(la, lb)
        order = np.lexsort((w, hi, lo))
        lo, hi, w = lo[order], hi[order], w[order]
        first = np.ones(len(lo), dtype=bool)
        first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
        for x, y, v in zip(lo[first].tolist(), hi[first].tolist(), w[first].tolist(), strict=True):
            saddles[(x, y)] = min(v, saddles.get((x, y), np.inf))
    parent = list(range(count + 1))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (x, y), w in sorted(saddles.items(), key=lambda item: item[1]):
        rx, ry = find(x), find(y)
        if rx != ry and max(w - low[rx], w - low[ry]) <= threshold:
            keep, drop = min(rx, ry), max(rx, ry)
            parent[drop] = keep
            low[keep] = min(low[keep], low[drop])
    return np.array([find(i) for i in range(count + 1)])


@operator(
    "watersheds_threshold",
    IconicIn("Image"),
    IconicOut("Basins"),
    ControlIn("Threshold", types="number", count=1, default=10),
)
def watersheds_threshold(ctx: CallContext, image: ObjectTuple, threshold: tuple) -> tuple:
    """Watershed basins, merging neighbours separated by a watershed lower than Threshold
    (relative to both basins' minima); every pixel belongs to a basin."""
    t = float(threshold[0])
    if not t >= 0:
        raise ctx.param_error("value", "Threshold", f"{threshold[0]!r} must not be negative")
    out = []
    for img in images(ctx, image, _FLOOD_TYPES):
        data = img.data[0].astype(np.float64)
        labels = _basins(data, domain_mask(img), lines=False)
        if labels.max() == 0:
            continue
        merged = _merge(data, labels, t)[labels]
        out.extend(_regions_of(merged, sorted(set(np.unique(merged).tolist()) - {0})))
    return (ObjectTuple(out),)


def _odd(value: object) -> int:
    n = int(value)  # type: ignore[call-overload]
    return n if n % 2 else n + 1


@operator(
    "regiongrowing",
    IconicIn("Image"),
    IconicOut("Regions"),
    ControlIn("RasterHeight", types="integer", count=1, default=3),
    ControlIn("RasterWidth", types="integer", count=1, default=3),
    ControlIn("Tolerance", types="number", count=1, default=6.0),
    ControlIn("MinSize", types="integer", count=1, default=100),
)
def regiongrowing(
    ctx: CallContext, image: ObjectTuple, rh: tuple, rw: tuple, tol: tuple, min_size: tuple
) -> tuple:
    """Regions of similar gray value: RasterHeight x RasterWidth cells are joined with their
    4-neighbours when the gray values at the cell centres differ by at most Tolerance;
    regions smaller than MinSize pixels are dropped."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    h_cell, w_cell = _odd(rh[0]), _odd(rw[0])
    for value, name in ((h_cell, "RasterHeight"), (w_cell, "RasterWidth")):
        if value < 1:
            raise ctx.param_error("value", name, f"{value} must be at least 1")
    tolerance, smallest = float(tol[0]), int(min_size[0])
    if not tolerance >= 0:
        raise ctx.param_error("value", "Tolerance", f"{tol[0]!r} must not be negative")
    if smallest < 0:
        raise ctx.param_error("value", "MinSize", f"{smallest} must not be negative")
    out = []
    for img in images(ctx, image, _GROW_TYPES):
        height, width = img.height, img.width
        # a cell beyond twice the image holds one centre, at the last row (column), as
        # a cell of exactly that size does: the same grid without 2^63-sized steps
        hc, wc = min(h_cell, 2 * height + 1), min(w_cell, 2 * width + 1)
        rows = np.minimum(np.arange(0, height, hc) + hc // 2, height - 1)
        cols = np.minimum(np.arange(0, width, wc) + wc // 2, width - 1)
        grid = img.data[0].astype(np.float64)[np.ix_(rows, cols)]
        valid = domain_mask(img)[np.ix_(rows, cols)]
        index = np.arange(grid.size).reshape(grid.shape)
        src, dst = [], []
        for a, b, ga, gb, va, vb in (
            (index[:, :-1], index[:, 1:], grid[:, :-1], grid[:, 1:], valid[:, :-1], valid[:, 1:]),
            (index[:-1, :], index[1:, :], grid[:-1, :], grid[1:, :], valid[:-1, :], valid[1:, :]),
        ):
            diff = np.abs(ga - gb)
            if img.pixel_type == "cyclic":
                diff = np.minimum(diff, 256 - diff)
            link = (diff <= tolerance) & va & vb
            src.append(a[link])
            dst.append(b[link])
        s, d = np.concatenate(src), np.concatenate(dst)
        graph = coo_matrix((np.ones(len(s)), (s, d)), shape=(grid.size, grid.size))
        _, comp = connected_components(graph, directed=False)
        cells = np.where(valid.reshape(-1), comp + 1, 0).reshape(grid.shape)
        labels = np.repeat(np.repeat(cells, hc, axis=0), wc, axis=1)[:height, :width]
        labels = np.where(domain_mask(img), labels, 0)
        area = np.bincount(labels.reshape(-1))
        keep = [lab for lab in np.unique(cells[cells > 0]).tolist() if area[lab] >= smallest]
        out.extend(_regions_of(labels, sorted(keep)))
    return (ObjectTuple(out),)


def _grow_mean(data: np.ndarray, free: np.ndarray, start: tuple[int, int], tol: float):
    """Pixels 4-connected to ``start`` joined while |g - mean of the region so far| <= tol."""
    from collections import deque

    height, width = data.shape
    members = [start]
    free[start] = False
    total, count = float(data[start]), 1
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < height and 0 <= nc < width and free[nr, nc]:
                g = float(data[nr, nc])
                if abs(g - total / count) <= tol:
                    free[nr, nc] = False
                    total, count = total + g, count + 1
                    members.append((nr, nc))
                    queue.append((nr, nc))
    return members


def _nearest(value: float) -> int:
    """The pixel index nearest to a coordinate (halves away from zero)."""
    v = float(value)
    return int(np.floor(v + 0.5)) if v >= 0 else int(np.ceil(v - 0.5))


@operator(
    "regiongrowing_mean",
    IconicIn("Image"),
    IconicOut("Regions"),
    ControlIn("StartRows", types="number", count=(0, None), default=()),
    ControlIn("StartColumns", types="number", count=(0, None), default=()),
    ControlIn("Tolerance", types="number", count=1, default=5.0),
    ControlIn("MinSize", types="integer", count=1, default=100),
)
def regiongrowing_mean(
    ctx: CallContext, image: ObjectTuple, rows: tuple, cols: tuple, tol: tuple, min_size: tuple
) -> tuple:
    """Grow one region from each start point (without start points: from the first pixel
    not yet in a region, in raster order), adding 4-neighbours whose gray value differs from
    the region's current mean by at most Tolerance; regions under MinSize pixels are
    dropped. A start point already inside an earlier region starts nothing [unverified]."""
    if len(rows) != len(cols):
        raise ctx.param_error("count", "StartColumns", f"{len(cols)} for {len(rows)} rows")
    tolerance, smallest = float(tol[0]), int(min_size[0])
    if not tolerance >= 0:
        raise ctx.param_error("value", "Tolerance", f"{tol[0]!r} must not be negative")
    if smallest < 0:
        raise ctx.param_error("value", "MinSize", f"{smallest} must not be negative")
    for name, values in (("StartRows", rows), ("StartColumns", cols)):
        if not all(np.isfinite(float(v)) and abs(float(v)) < 2**31 for v in values):
            raise ctx.param_error("value", name, "start points must be finite pixel coordinates")
    out = []
    for img in images(ctx, image, ("byte", "uint2", "int1", "int2", "int4", "real")):
        data = img.data[0]
        free = domain_mask(img).copy()
        # real start points (area_center's centres, as in the reference's own example)
        # are taken at the nearest pixel [unverified: rounding rather than truncation]
        starts = [(_nearest(r), _nearest(c)) for r, c in zip(rows, cols, strict=True)]
        for r, c in starts:
            if not (0 <= r < img.height and 0 <= c < img.width):
                raise ctx.param_error("value", "StartRows", f"({r}, {c}) lies outside the image")
        if not starts:
            starts = list(zip(*np.nonzero(free), strict=True))
        for start in starts:
            if not free[start]:
                continue
            members = _grow_mean(data, free, start, tolerance)
            if len(members) >= smallest:
                pr, pc = np.array(members).T
                r0, c0 = int(pr.min()), int(pc.min())
                mask = np.zeros((int(pr.max()) - r0 + 1, int(pc.max()) - c0 + 1), dtype=bool)
                mask[pr - r0, pc - c0] = True
                out.append(region_from_mask(mask, r0, c0))
    return (ObjectTuple(out),)
