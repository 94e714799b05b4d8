"""Edges in the measure regions of a metrology object and the RANSAC + least-squares fits.

Edges: each measure region is a measure rectangle with the geometry of measure.py
(gen_measure_rectangle2: profile along Length1, mean across 2 round(Length2) + 1 samples)
and its edges are measure_pos's (Gaussian derivative of 'measure_sigma', extrema of at
least 'measure_threshold', 'measure_transition' and 'measure_select' per region). All
regions of an object are sampled in one interpolation call.

Fitting (HALCON: "fitted to geometric shapes using a RANSAC algorithm"; the exact algorithm
is not public): for each instance up to 'num_instances', minimal samples (line 2 points,
circle 3, ellipse 5, rectangle 2 points of one side and 1 of each other side) are drawn
with a generator seeded by 'rand_seed'; a hypothesis's support is the number of measure
regions with an edge within 'distance_threshold'; the number of draws adapts to the best
support (99 % confidence, at most 'max_num_iterations' when that is positive, at most 2000).
The best hypothesis is refined by least squares (orthogonal line regression, geometric
circle and ellipse fits of xld_fitting, a rectangle fit to the side lines) on its inliers,
twice, keeping per region the edge closest to the shape. The score [unverified] is the
fraction of measure regions that contribute an edge; an instance below 'min_score' ends the
search. With 'measure_transition' 'uniform' [unverified] positive and negative edges are
searched separately and the better instances kept. With 'instances_outside_measure_regions'
'false' [unverified] an instance whose shape passes a measure region's centre line further
than its 'measure_length1' is dropped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._metrology_model import Instance, MetrologyObject, rectangle_sides
from .measure import _rectangle, find_edges
from .xld_fitting import fit_circle, fit_ellipse, fit_line

_ORDER = {"nearest_neighbor": 0, "bilinear": 1, "bicubic": 3}
_SAMPLE = {"line": 2, "circle": 3, "ellipse": 5, "rectangle": 5}


@dataclass
class Edges:
    """Edge points of an object: position, amplitude, measure region and rectangle side."""

    rows: np.ndarray
    cols: np.ndarray
    amp: np.ndarray
    region: np.ndarray
    side: np.ndarray


def find_object_edges(
    data: np.ndarray, obj: MetrologyObject, regions: list[tuple], sides: np.ndarray
) -> Edges:
    """Edges of all measure regions of ``obj`` in the float image ``data``."""
    from scipy.ndimage import map_coordinates

    p = obj.params
    interp = p["measure_interpolation"]
    grids = [_rectangle(g[0], g[1], g[2], g[3], g[4], 1, 1, interp) for g in regions]
    if not grids:
        empty = np.zeros(0)
        return Edges(empty, empty, empty, np.zeros(0, int), np.zeros(0, int))
    coords = np.concatenate([np.stack([m.rows.ravel(), m.cols.ravel()]) for m in grids], axis=1)
    order = _ORDER[p["measure_interpolation"]]
    samples = map_coordinates(data, coords, order=order, mode="nearest")
    out: list[list] = [[], [], [], [], []]
    pos = 0
    for k, m in enumerate(grids):
        size = m.rows.size
        prof = samples[pos : pos + size].reshape(m.rows.shape).mean(axis=1)
        pos += size
        t, amp = find_edges(prof, p["measure_sigma"], p["measure_threshold"])
        trans = p["measure_transition"]
        keep = amp > 0 if trans == "positive" else amp < 0 if trans == "negative" else amp != 0
        t, amp = t[keep], amp[keep]
        if len(t) and p["measure_select"] != "all":
            i = 0 if p["measure_select"] == "first" else len(t) - 1
            t, amp = t[i : i + 1], amp[i : i + 1]
        idx = np.arange(len(m.profile_rows), dtype=np.float64)
        out[0].append(np.interp(t, idx, m.profile_rows))
        out[1].append(np.interp(t, idx, m.profile_cols))
        out[2].append(amp)
        out[3].append(np.full(len(t), k))
        out[4].append(np.full(len(t), sides[k]))
    cat = [np.concatenate(v) for v in out]
    return Edges(cat[0], cat[1], cat[2], cat[3].astype(int), cat[4].astype(int))


def distances(shape: str, params: tuple[float, ...], pts: np.ndarray, side: np.ndarray):
    """Unsigned distances of the points (n, 2: row, column) from the shape."""
    if shape == "line":
        r0, c0, r1, c1 = params
        d = np.array([r1 - r0, c1 - c0])
        d = d / max(float(np.hypot(*d)), 1e-12)
        return np.abs((pts[:, 0] - r0) * d[1] - (pts[:, 1] - c0) * d[0])
    if shape == "circle":
        return np.abs(np.hypot(pts[:, 0] - params[0], pts[:, 1] - params[1]) - params[2])
    if shape == "ellipse":
        r, c, phi, a, b = params
        x, y = pts[:, 1] - c, -(pts[:, 0] - r)
        u = x * math.cos(phi) + y * math.sin(phi)
        v = -x * math.sin(phi) + y * math.cos(phi)
        a, b = max(a, 1e-9), max(b, 1e-9)
        f = (u / a) ** 2 + (v / b) ** 2 - 1
        grad = 2 * np.hypot(u / (a * a), v / (b * b))
        return np.abs(f) / np.maximum(grad, 1e-12)
    out = np.empty(len(pts))
    for k, (row, col, normal, _half) in enumerate(rectangle_sides(params)):
        sel = side == k
        nr, nc = -math.sin(normal), math.cos(normal)
        out[sel] = np.abs((pts[sel, 0] - row) * nr + (pts[sel, 1] - col) * nc)
    return out


def _hypothesis(shape, pts, side, rng, model):
    """Shape parameters through a random minimal sample, or None."""
    if shape == "rectangle":
        return _rectangle_hypothesis(pts, side, rng, model)
    idx = rng.choice(len(pts), _SAMPLE[shape], replace=False)
    s = pts[idx]
    if shape == "line":
        if np.allclose(s[0], s[1]):
            return None
        return (s[0, 0], s[0, 1], s[1, 0], s[1, 1])
    if shape == "circle":
        return _circumcircle(s)
    return fit_ellipse(s, "fitzgibbon", 0, 2.0)


def _circumcircle(s: np.ndarray):
    (y1, x1), (y2, x2), (y3, x3) = s
    det = 2 * (x1 * (y2 - y3) + x2 * (y3 - y1) + x3 * (y1 - y2))
    if abs(det) < 1e-9:
        return None
    n1, n2, n3 = x1 * x1 + y1 * y1, x2 * x2 + y2 * y2, x3 * x3 + y3 * y3
    cx = (n1 * (y2 - y3) + n2 * (y3 - y1) + n3 * (y1 - y2)) / det
    cy = (n1 * (x3 - x2) + n2 * (x1 - x3) + n3 * (x2 - x1)) / det
    return (cy, cx, math.hypot(x1 - cx, y1 - cy))


def _rectangle_from_offsets(phi: float, offsets: list[float]):
    """Rectangle2 from the signed offsets of its 4 side lines along their normals."""
    ur, uc = -math.sin(phi), math.cos(phi)  # normal of side 0
    vr, vc = -math.cos(phi), -math.sin(phi)  # normal of side 1
    a = (offsets[0] + offsets[2]) / 2  # offsets[2] measured along -u
    b = (offsets[1] + offsets[3]) / 2
    mu = (offsets[0] - offsets[2]) / 2
    mv = (offsets[1] - offsets[3]) / 2
    if a <= 0 or b <= 0:
        return None
    return (mu * ur + mv * vr, mu * uc + mv * vc, phi, a, b)


def _rectangle_hypothesis(pts, side, rng, model):
    counts = [np.nonzero(side == k)[0] for k in range(4)]
    if any(len(c) == 0 for c in counts):
        return None
    k = int(rng.integers(4))
    if len(counts[k]) < 2:
        return None
    i, j = rng.choice(counts[k], 2, replace=False)
    d = pts[j] - pts[i]
    if not d.any():
        return None
    phi = math.atan2(-d[0], d[1]) - math.pi / 2 - k * math.pi / 2
    phi = model[2] + math.remainder(phi - model[2], math.pi)
    picks = [i if s == k else int(rng.choice(counts[s])) for s in range(4)]
    return _rect_fit_offsets(phi, [pts[p][None] for p in picks])


def _rect_fit_offsets(phi, groups):
    offs = []
    for k, g in enumerate(groups):
        ang = phi + k * math.pi / 2
        offs.append(float(np.mean(g[:, 0] * -math.sin(ang) + g[:, 1] * math.cos(ang))))
    return _rectangle_from_offsets(phi, offs)


def refine(shape: str, pts: np.ndarray, side: np.ndarray, model: tuple[float, ...]):
    """Least-squares shape parameters of the points, or None."""
    need = {"line": 2, "circle": 3, "ellipse": 5, "rectangle": 4}[shape]
    if len(pts) < need:
        return None
    if shape == "line":
        center, u = fit_line(pts, "regression", 0, 2.0)
        ends = [center + ((np.array(model[i : i + 2]) - center) @ u) * u for i in (0, 2)]
        return (*map(float, ends[0]), *map(float, ends[1]))
    if shape == "circle":
        return fit_circle(pts, "geometric", 0, 2.0)
    if shape == "ellipse":
        return fit_ellipse(pts, "geometric", 0, 2.0)
    if any(not (side == k).any() for k in range(4)):
        return None
    from scipy.optimize import least_squares

    def resid(v: np.ndarray) -> np.ndarray:
        return _signed_rect(v, pts, side)

    start = np.array(model, dtype=np.float64)
    v = least_squares(resid, start).x
    return (float(v[0]), float(v[1]), float(v[2]), abs(float(v[3])), abs(float(v[4])))


def _signed_rect(v: np.ndarray, pts: np.ndarray, side: np.ndarray) -> np.ndarray:
    out = np.empty(len(pts))
    for k, (row, col, normal, _h) in enumerate(rectangle_sides(tuple(v))):
        sel = side == k
        out[sel] = (pts[sel, 0] - row) * -math.sin(normal) + (pts[sel, 1] - col) * math.cos(normal)
    return out


def _closest_per_region(d: np.ndarray, region: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Of the masked points, the one closest to the shape in each region."""
    keep = np.zeros(len(d), dtype=bool)
    idx = np.nonzero(mask)[0]
    if len(idx) == 0:
        return keep
    order = idx[np.lexsort((d[idx], region[idx]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = region[order][1:] != region[order][:-1]
    keep[order[first]] = True
    return keep


def _ransac(obj, e: Edges, avail, n_regions, rng, model):
    pts = np.stack([e.rows, e.cols], axis=1)
    idx = np.nonzero(avail)[0]
    thr = obj.params["distance_threshold"]
    need = _SAMPLE[obj.shape]
    if len(idx) < need:
        return None
    limit = obj.params["max_num_iterations"]
    cap = min(limit, 2000) if limit > 0 else 2000
    best, best_support, draws, wanted = None, 0, 0, cap
    while draws < min(wanted, cap):
        draws += 1
        hyp = _hypothesis(obj.shape, pts[idx], e.side[idx], rng, model)
        if hyp is None:
            continue
        d = distances(obj.shape, hyp, pts[idx], e.side[idx])
        support = len(np.unique(e.region[idx][d <= thr]))
        if support > best_support:
            best, best_support = hyp, support
            w = min(support / max(n_regions, 1), 0.999)
            wanted = math.ceil(math.log(0.01) / math.log(1 - w**need)) if w > 0 else cap
    return best


def _unbend(obj: MetrologyObject, params, pts: np.ndarray):
    """Undo the pull of curved edges towards their centre of curvature that averaging
    across a measure region causes: a region averages 2k + 1 profiles at tangential offsets
    s = -k..k, where a circle of radius R lies s^2 / (2 R) further in, so the found edge is
    mean(s^2) / (2 R) = k (k + 1) / (6 R) too far in (to first order). Circles get the
    radius corrected; ellipse points are moved out by the same amount for their local
    curvature and refitted. [unverified: HALCON does not document its handling]"""
    k = round(obj.params["measure_length2"])
    m2 = k * (k + 1) / 3.0
    if obj.shape == "circle":
        return (params[0], params[1], params[2] + m2 / (2 * params[2]))
    if obj.shape != "ellipse" or m2 == 0:
        return params
    r, c, phi, a, b = params
    x, y = pts[:, 1] - c, -(pts[:, 0] - r)
    u = x * math.cos(phi) + y * math.sin(phi)
    v = -x * math.sin(phi) + y * math.cos(phi)
    t = np.arctan2(v / b, u / a)
    kappa = a * b / (a * a * np.sin(t) ** 2 + b * b * np.cos(t) ** 2) ** 1.5
    nu, nv = np.cos(t) / a, np.sin(t) / b  # outward normal in the ellipse frame
    norm = np.hypot(nu, nv)
    shift = m2 * kappa / 2
    du, dv = shift * nu / norm, shift * nv / norm
    dx = du * math.cos(phi) - dv * math.sin(phi)
    dy = du * math.sin(phi) + dv * math.cos(phi)
    moved = np.stack([pts[:, 0] - dy, pts[:, 1] + dx], axis=1)
    return refine("ellipse", moved, np.zeros(len(moved), int), params) or params


def _outside(obj: MetrologyObject, params, regions: list[tuple], sides: np.ndarray) -> bool:
    """Whether the shape passes some measure region's centre further than its length1."""
    centres = np.array([[g[0], g[1]] for g in regions])
    d = distances(obj.shape, params, centres, sides)
    return bool((d > np.array([g[3] for g in regions])).any())


def search(
    obj: MetrologyObject, e: Edges, regions: list[tuple], sides: np.ndarray
) -> list[Instance]:
    """The fitted instances of ``obj`` from its edges."""
    if obj.params["measure_transition"] == "uniform":
        found = []
        for sign in (1, -1):
            found += _search(obj, e, regions, sides, np.sign(e.amp) == sign)
        found.sort(key=lambda i: -i.score)
        return found[: obj.params["num_instances"]]
    return _search(obj, e, regions, sides, np.ones(len(e.rows), dtype=bool))


def _search(obj, e: Edges, regions, sides, avail) -> list[Instance]:
    p = obj.params
    rng = np.random.default_rng(p["rand_seed"])
    pts = np.stack([e.rows, e.cols], axis=1)
    n_regions = len(regions)
    found: list[Instance] = []
    for _ in range(p["num_instances"] + 5):
        if len(found) >= p["num_instances"]:
            break
        hyp = _ransac(obj, e, avail, n_regions, rng, obj.geometry)
        if hyp is None:
            break
        used = np.zeros(len(pts), dtype=bool)
        for _it in range(3):
            d = distances(obj.shape, hyp, pts, e.side)
            used = _closest_per_region(d, e.region, avail & (d <= p["distance_threshold"]))
            new = refine(
                obj.shape, pts[used], e.side[used], obj.geometry if obj.shape == "line" else hyp
            )
            if new is None:
                break
            hyp = new
        d = distances(obj.shape, hyp, pts, e.side)
        used = _closest_per_region(d, e.region, avail & (d <= p["distance_threshold"]))
        score = len(np.unique(e.region[used])) / max(n_regions, 1)
        if score < p["min_score"] or not used.any():
            break
        avail = avail & ~used
        if p["instances_outside_measure_regions"] == "false" and _outside(obj, hyp, regions, sides):
            continue
        params = tuple(float(v) for v in _unbend(obj, hyp, pts[used]))
        found.append(Instance(params, score, e.rows[used], e.cols[used], e.amp[used]))
    return found
