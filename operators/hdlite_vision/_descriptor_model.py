"""The descriptor model: training views of the template, and the search for its instances.

Training: the template is described at scales from ``min_scale`` to ``max_scale`` (steps of
a factor 1.2 at most; with ``'tilt'`` 'on' also squeezed to 0.75 along rows and along
columns at each scale). Interest points of all views are mapped back onto the template and
merged into model points (within 1.5 template pixels, or 0.75 pixels of the view); every
view adds its descriptors to the point it found.

Search: the interest points of the image are described the same way; each is classified as
the model point with the nearest descriptor (Hamming distance) and gets the classification
score ``1 - d1 / d2`` (d2: the nearest descriptor of any other model point). Points scoring
below ``'min_score_descr'`` or whose turn (from the descriptors' orientations) lies outside
``min_rot``..``max_rot`` (20 degrees of slack) are not used. RANSAC (OpenCV, seeded with the
model's Seed, 3 pixel tolerance) finds the homography; ``'guided_matching'`` 'on' then
collects every model point whose projection lies within 3 pixels of a search point with a
similar descriptor (distance at most 80 of 256 bits) and refits the homography to all of
them by least squares. An instance's points are removed before the next one is searched.
num_points is the number of matched model points, inlier_ratio that number over all model
points; MinScore applies to the inlier ratio whatever ScoreType asks for [unverified; the
corpus program of descriptor matching passes MinScore 0.25 with ScoreType 'num_points'].
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ._descriptor_points import describe, detect

_MAX_DIST = 80  # bits (of 256) for guided matching
_TOL = 3.0  # pixels, RANSAC and guided matching


@dataclass
class Instance:
    """One found instance: homography template -> image (x = row, y = column) and points."""

    hom: np.ndarray
    model_idx: np.ndarray
    search_idx: np.ndarray
    ratio: float


@dataclass
class DescriptorModel:
    detector: str
    det_params: dict
    descr_params: dict
    seed: int
    cog: tuple[float, float]
    points: np.ndarray  # model points (row, col) in template coordinates
    desc: np.ndarray  # descriptors, k x 32 uint8
    labels: np.ndarray  # model point of each descriptor
    angles: np.ndarray  # orientation of each descriptor (degrees)
    origin: tuple[float, float] = (0.0, 0.0)
    search_points: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    instances: list[Instance] = field(default_factory=list)
    classification: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))

    @property
    def reference(self) -> tuple[float, float]:
        """The origin in template coordinates."""
        return (self.cog[0] + self.origin[0], self.cog[1] + self.origin[1])

    def hom_mat2d(self, inst: Instance) -> list[float]:
        """HALCON's HomMat2D (9 values) from model coordinates (relative to the origin)."""
        r0, c0 = self.reference
        shift = np.array([[1.0, 0.0, r0], [0.0, 1.0, c0], [0.0, 0.0, 1.0]])
        h = inst.hom @ shift
        h = h / h[2, 2] if abs(h[2, 2]) > 1e-300 else h
        return [float(v) for v in h.ravel()]


def patch_size(params: dict) -> int:
    """The ORB patch side for HALCON's patch_size (31 at the default 17)."""
    return max(7, round(int(params["patch_size"]) * 31 / 17))


def _views(params: dict) -> list[tuple[float, float]]:
    lo, hi = float(params["min_scale"]), float(params["max_scale"])
    n = 1 if hi <= lo else max(2, math.ceil(math.log(hi / lo) / math.log(1.2)) + 1)
    scales = [lo * (hi / lo) ** (i / max(n - 1, 1)) for i in range(n)]
    if lo <= 1.0 <= hi:
        scales.append(1.0)
    scales.sort(key=lambda s: abs(math.log(s)))
    views = [(s, s) for s in scales]
    if params["tilt"] == "on":
        views += [(s * 0.75, s) for s in scales] + [(s, s * 0.75) for s in scales]
    return views


def build(
    data: np.ndarray,
    mask: np.ndarray,
    detector: str,
    det_params: dict,
    descr_params: dict,
    seed: int,
) -> DescriptorModel:
    """Train a model from a template (float gray values) and its domain."""
    import cv2

    rows, cols = np.nonzero(mask)
    cog = (float(rows.mean()), float(cols.mean()))
    patch = patch_size(descr_params)
    pts: list[tuple[float, float]] = []
    descs, labels, angles = [], [], []
    h, w = data.shape
    for sr, sc in _views(descr_params):
        vh, vw = max(1, round(h * sr)), max(1, round(w * sc))
        if min(vh, vw) < 8:
            continue
        interp = cv2.INTER_AREA if sr * sc < 1 else cv2.INTER_LINEAR
        view = cv2.resize(data, (vw, vh), interpolation=interp)
        vmask = cv2.resize(mask.astype(np.uint8), (vw, vh), interpolation=cv2.INTER_NEAREST) > 0
        fr, fc, _ = detect(view, vmask, detector, det_params, limit=600)
        d, a = describe(view, fr, fc, patch)
        tr = (fr + 0.5) * (h / vh) - 0.5
        tc = (fc + 0.5) * (w / vw) - 0.5
        radius = max(1.5, 0.75 / min(sr, sc))
        ri, ci = np.rint(tr).astype(int), np.rint(tc).astype(int)
        inside = (ri >= 0) & (ri < h) & (ci >= 0) & (ci < w)
        inside[inside] = mask[ri[inside], ci[inside]]
        for r, c, dd, aa in zip(tr[inside], tc[inside], d[inside], a[inside], strict=True):
            label = _nearest(pts, r, c, radius)
            if label < 0:
                label = len(pts)
                pts.append((float(r), float(c)))
            descs.append(dd)
            labels.append(label)
            angles.append(aa)
    return DescriptorModel(
        detector,
        dict(det_params),
        dict(descr_params),
        int(seed),
        cog,
        np.array(pts, dtype=np.float64).reshape(-1, 2),
        np.array(descs, dtype=np.uint8).reshape(-1, 32),
        np.array(labels, dtype=np.int64),
        np.array(angles, dtype=np.float64),
    )


def _nearest(pts: list[tuple[float, float]], r: float, c: float, radius: float) -> int:
    if not pts:
        return -1
    p = np.asarray(pts)
    d2 = (p[:, 0] - r) ** 2 + (p[:, 1] - c) ** 2
    i = int(np.argmin(d2))
    return i if d2[i] <= radius * radius else -1


def _distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """All pairwise Hamming distances between rows of two n x 32 uint8 descriptor arrays."""
    x = np.ascontiguousarray(a).view(np.uint64)
    y = np.ascontiguousarray(b).view(np.uint64)
    out = np.zeros((x.shape[0], y.shape[0]), np.int64)
    for k in range(x.shape[1]):
        out += np.bitwise_count(np.bitwise_xor(x[:, k, None], y[None, :, k]))
    return out


def _per_point(model: DescriptorModel, dm: np.ndarray) -> np.ndarray:
    """The smallest distance to each model point (columns) from the descriptor distances."""
    order = np.argsort(model.labels, kind="stable")
    starts = np.searchsorted(model.labels[order], np.arange(model.points.shape[0]))
    return np.minimum.reduceat(dm[:, order], starts, axis=1)


def classify(model: DescriptorModel, desc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each search descriptor: the nearest model point, its distance and the
    classification score 1 - d1 / d2."""
    n = desc.shape[0]
    best = np.zeros(n, np.int64)
    dist = np.full(n, 256, np.int64)
    score = np.zeros(n)
    if n == 0 or model.points.shape[0] == 0:
        return best, dist, score
    for start in range(0, n, 512):
        pp = _per_point(model, _distances(desc[start : start + 512], model.desc))
        rows = np.arange(pp.shape[0])
        if pp.shape[1] > 1:
            two = np.argpartition(pp, 1, axis=1)[:, :2]
            d_a, d_b = pp[rows, two[:, 0]], pp[rows, two[:, 1]]
            first = np.where(d_a <= d_b, two[:, 0], two[:, 1])
            d1, d2 = np.minimum(d_a, d_b), np.maximum(d_a, d_b)
        else:
            first = np.zeros(pp.shape[0], np.int64)
            d1, d2 = pp[:, 0], np.full(pp.shape[0], 256)
        sl = slice(start, start + pp.shape[0])
        best[sl], dist[sl] = first, d1
        score[sl] = np.where(d2 > 0, 1.0 - d1 / np.maximum(d2, 1), 0.0)
    return best, dist, np.clip(score, 0.0, 1.0)


def _point_angles(model: DescriptorModel) -> np.ndarray:
    """Each model point's orientation: that of its first (most accurate view's) descriptor."""
    out = np.zeros(model.points.shape[0])
    first = np.unique(model.labels, return_index=True)
    out[first[0]] = model.angles[first[1]]
    return out


def _turn_ok(model: DescriptorModel, best: np.ndarray, angles: np.ndarray) -> np.ndarray:
    lo, hi = float(model.descr_params["min_rot"]), float(model.descr_params["max_rot"])
    if hi - lo >= 320.0:
        return np.ones(best.size, bool)
    # image-axis angles turn clockwise on screen; HALCON's angles turn counter-clockwise
    turn = -(angles - _point_angles(model)[best])
    mid = 0.5 * (lo + hi)
    off = (turn - mid + 180.0) % 360.0 - 180.0
    return np.abs(off) <= 0.5 * (hi - lo) + 20.0


def _to_xy(p: np.ndarray) -> np.ndarray:
    """(row, col) rows as OpenCV's (x = col, y = row) float32 points."""
    return np.ascontiguousarray(p[:, ::-1], dtype=np.float32).reshape(-1, 1, 2)


def _project(h_cv: np.ndarray, p: np.ndarray) -> np.ndarray:
    q = np.c_[p[:, 1], p[:, 0], np.ones(len(p))] @ h_cv.T
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.c_[q[:, 1] / q[:, 2], q[:, 0] / q[:, 2]]


def _plausible(h_cv: np.ndarray | None) -> bool:
    if h_cv is None or not np.all(np.isfinite(h_cv)):
        return False
    a = h_cv[:2, :2] / h_cv[2, 2] if abs(h_cv[2, 2]) > 1e-12 else h_cv[:2, :2]
    det = float(np.linalg.det(a))
    return 1e-4 < det < 1e4  # no mirror, no collapse


def search(
    model: DescriptorModel,
    data: np.ndarray,
    mask: np.ndarray,
    det_params: dict,
    min_score_descr: float,
    guided: bool,
    min_score: float,
    num: int,
) -> list[Instance]:
    """Find up to ``num`` (0: all) instances with an inlier ratio of at least ``min_score``;
    the search points and classification are kept in the model for the queries."""
    import cv2

    fr, fc, _ = detect(data, mask, model.detector, det_params)
    desc, angles = describe(data, fr, fc, patch_size(model.descr_params))
    spts = np.c_[fr, fc]
    best, dist, score = classify(model, desc)
    model.search_points = spts
    model.classification = np.c_[np.arange(len(best)), best, score].reshape(-1, 3)
    model.instances = []
    usable = (score >= min_score_descr) & (dist < 256) & _turn_ok(model, best, angles)
    n_model = model.points.shape[0]
    cv2.setRNGSeed(model.seed)
    found: list[Instance] = []
    while n_model and (num == 0 or len(found) < num):
        cand = np.nonzero(usable)[0]
        cand = cand[np.argsort(-score[cand], kind="stable")][:800]
        if cand.size < 5:
            break
        fit, inl = cv2.findHomography(
            _to_xy(model.points[best[cand]]), _to_xy(spts[cand]), cv2.RANSAC, _TOL,
            maxIters=4000, confidence=0.999,
        )  # fmt: skip
        if fit is None or not _plausible(fit) or inl is None:
            break
        h_cv = np.asarray(fit, dtype=np.float64)
        mi, si = _unique_pairs(best[cand[inl.ravel() > 0]], cand[inl.ravel() > 0], score)
        if guided:
            mi, si, h_cv = _guided(model, spts, desc, usable, h_cv, mi, si)
        if mi.size < 5:
            break
        ratio = mi.size / n_model
        if ratio < min_score:
            break
        swap = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
        found.append(Instance(swap @ h_cv @ swap, mi, si, ratio))
        usable[si] = False
        near = np.linalg.norm(_project(h_cv, model.points[best]) - spts, axis=1) < _TOL
        usable[near] = False  # other points of this instance must not seed another one
    found.sort(key=lambda i: -i.model_idx.size)
    model.instances = found
    return found


def _unique_pairs(
    mi: np.ndarray, si: np.ndarray, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One search point per model point (the best classified one)."""
    order = np.argsort(-score[si], kind="stable")
    mi, si = mi[order], si[order]
    _, keep = np.unique(mi, return_index=True)
    keep.sort()
    return mi[keep], si[keep]


def _guided(
    model: DescriptorModel,
    spts: np.ndarray,
    desc: np.ndarray,
    usable: np.ndarray,
    h_cv: np.ndarray,
    mi: np.ndarray,
    si: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every model point whose projection meets a free search point with a similar
    descriptor; the homography refitted to all of them."""
    import cv2

    for _ in range(2):
        proj = _project(h_cv, model.points)
        free = np.nonzero(usable | np.isin(np.arange(len(spts)), si))[0]
        if free.size == 0:
            break
        d2 = ((proj[:, None, :] - spts[None, free, :]) ** 2).sum(axis=2)
        m_idx, f_idx = np.nonzero(d2 <= _TOL * _TOL)
        if m_idx.size == 0:
            break
        dd = _per_point(model, _distances(desc[free[f_idx]], model.desc))
        pair_dist = dd[np.arange(m_idx.size), m_idx]
        ok = pair_dist <= _MAX_DIST
        m_idx, s_idx, pair_dist = m_idx[ok], free[f_idx[ok]], pair_dist[ok]
        order = np.argsort(
            pair_dist + d2[m_idx, np.searchsorted(free, s_idx)] * 1e-3, kind="stable"
        )
        m_idx, s_idx = m_idx[order], s_idx[order]
        taken_m: set[int] = set()
        taken_s: set[int] = set()
        pm, ps = [], []
        for m, s in zip(m_idx.tolist(), s_idx.tolist(), strict=True):
            if m in taken_m or s in taken_s:
                continue
            taken_m.add(m)
            taken_s.add(s)
            pm.append(m)
            ps.append(s)
        if len(pm) < 5:
            break
        mi, si = np.array(pm, np.int64), np.array(ps, np.int64)
        refit, _ = cv2.findHomography(_to_xy(model.points[mi]), _to_xy(spts[si]), 0)
        if refit is None or not _plausible(refit):
            break
        h_cv = np.asarray(refit, dtype=np.float64)
    return mi, si, h_cv
