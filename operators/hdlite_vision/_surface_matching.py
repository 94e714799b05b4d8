"""Surface-based 3-D matching: point-pair features with voting (Drost, Ulrich, Navab, Ilic,
"Model Globally, Match Locally", CVPR 2010: the method create_surface_model's reference page
names) followed by ICP refinement (point-to-plane, then point-to-point scoring).

Model: the model's points are sampled ('accurate' sampling) at RelSamplingDistance times
the model's diameter (the diagonal of its axis-parallel bounding box, as the reference page
defines it). Every ordered pair (m_r, m_i) of sampled points gives the feature
``(|d|, angle(n_r, d), angle(n_i, d), angle(n_r, n_i))``, quantised with the distance step
``feat_step_size_rel * diameter`` and ``feat_angle_resolution`` angle bins over pi; the
table keeps, per feature, the pairs and their rotation angle ``alpha_m`` about the normal
of m_r after m_r is moved to the origin with its normal along x.

Search: the scene is sampled the same way (RelSamplingDistance of find_surface_model, times
the model diameter), its normals come from the scene or from local planes; every
1/KeyPointFraction-th sampled point is a key point; each key point pairs with the sampled
points within the model's diameter, every matching model pair votes for (m_r,
alpha_m - alpha_s), and the best vote gives a pose; features shared by more than 1/4000 of
all model pairs (at least 64: pairs on one flat face, say) do not vote, as they cannot tell
poses apart and would dominate the run time. Poses closer than a tenth of the
diameter and 12 degrees are clustered (votes summed); the best clusters are refined by
ICP against the full scene and scored.

Score (find_surface_model's page: the fraction of the model surface seen in the scene): the
fraction of sampled model points that have a scene point within
``pose_ref_scoring_dist_rel * diameter`` after refinement [unverified: HALCON's exact
weighting].
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._om3d_geometry import mls_normals, sample_accurate


@dataclass
class SurfaceModel:
    """The sampled model, its point-pair table and the parameters it was made with."""

    points: np.ndarray  # sampled model points (n x 3)
    normals: np.ndarray  # their unit normals
    diameter: float
    center: np.ndarray
    params: dict[str, Any]
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # sorted keys
    refs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # m_r per key
    alphas: np.ndarray = field(default_factory=lambda: np.zeros(0))  # alpha_m per key

    @property
    def dist_step(self) -> float:
        """The distance quantisation step of the features."""
        return float(self.params["feat_step_size_rel"]) * self.diameter

    @property
    def angle_bins(self) -> int:
        """The number of angle bins over pi (features) or 2 pi / 2 (rotation angle)."""
        return int(self.params["feat_angle_resolution"])


def unit(v: np.ndarray) -> np.ndarray:
    """Rows scaled to length one (zero rows stay zero)."""
    length = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.divide(v, length, out=np.zeros_like(v), where=length > 0)


def _angle(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.arccos(np.clip((a * b).sum(-1), -1.0, 1.0))


def feature_keys(
    p1: np.ndarray, n1: np.ndarray, p2: np.ndarray, n2: np.ndarray, step: float, bins: int
) -> np.ndarray:
    """Quantised point-pair feature keys (one int per pair)."""
    d = p2 - p1
    dist = np.linalg.norm(d, axis=-1)
    du = unit(d)
    a = (np.floor(_angle(n1, du) / math.pi * bins)).clip(0, bins - 1).astype(np.int64)
    b = (np.floor(_angle(n2, du) / math.pi * bins)).clip(0, bins - 1).astype(np.int64)
    c = (np.floor(_angle(n1, n2) / math.pi * bins)).clip(0, bins - 1).astype(np.int64)
    k = np.floor(dist / step).astype(np.int64)
    return ((k * bins + a) * bins + b) * bins + c


def align_to_x(p: np.ndarray, n: np.ndarray) -> np.ndarray:
    """4x4 rigid transforms (k x 4 x 4) that move p to the origin and turn n onto +x."""
    k = len(p)
    x = np.array([1.0, 0.0, 0.0])
    axis = np.cross(n, x)
    s = np.linalg.norm(axis, axis=1)
    c = n @ x
    out = np.tile(np.eye(4), (k, 1, 1))
    for i in range(k):
        if s[i] < 1e-12:
            r = np.eye(3) if c[i] > 0 else np.diag([-1.0, -1.0, 1.0])
        else:
            u = axis[i] / s[i]
            kx = np.array([[0, -u[2], u[1]], [u[2], 0, -u[0]], [-u[1], u[0], 0]])
            ang = math.atan2(s[i], c[i])
            r = np.eye(3) + math.sin(ang) * kx + (1 - math.cos(ang)) * (kx @ kx)
        out[i, :3, :3] = r
        out[i, :3, 3] = -r @ p[i]
    return out


def _alpha(t: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Rotation angle about x that brings q (moved by t) into the half-plane y >= 0, z = 0."""
    moved = np.einsum("kij,kj->ki", t[:, :3, :3], q) + t[:, :3, 3]
    return np.arctan2(-moved[:, 2], moved[:, 1])


#: the most sampled model points (their pairs fill the table: 25 million at this size)
MAX_MODEL_POINTS = 5000


def build(points: np.ndarray, normals: np.ndarray, params: dict[str, Any]) -> SurfaceModel:
    """Sample the model and build its point-pair table; MemoryError when more than
    :data:`MAX_MODEL_POINTS` points remain."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    diameter = float(np.linalg.norm(hi - lo)) or 1.0
    keep = sample_accurate(points, float(params["rel_sampling_distance"]) * diameter)
    if len(keep) > MAX_MODEL_POINTS:
        raise MemoryError(f"{len(keep)} sampled model points (at most {MAX_MODEL_POINTS})")
    model = SurfaceModel(points[keep], unit(normals[keep]), diameter, (lo + hi) / 2.0, dict(params))
    fill_table(model)
    return model


def fill_table(model: SurfaceModel) -> None:
    """The sorted point-pair table of a sampled model (built in blocks of reference points,
    by broadcasting, so that no per-pair index arrays are gathered)."""
    p, nr = model.points.astype(np.float32), model.normals.astype(np.float32)
    n = len(p)
    t = align_to_x(model.points, model.normals).astype(np.float32)
    keys, refs, alphas = [], [], []
    block = max(1, 400_000 // max(n, 1))
    cols = np.arange(n)
    for r0 in range(0, n, block):
        r = np.arange(r0, min(n, r0 + block))
        k = feature_keys(
            p[r, None, :],
            nr[r, None, :],
            p[None, :, :],
            nr[None, :, :],
            model.dist_step,
            model.angle_bins,
        )
        moved = np.einsum("rab,nb->rna", t[r, :3, :3], p) + t[r, None, :3, 3]
        a = np.arctan2(-moved[..., 2], moved[..., 1])
        off = r[:, None] != cols[None, :]
        keys.append(k[off])
        refs.append(np.broadcast_to(r[:, None], off.shape)[off])
        alphas.append(a[off].astype(np.float64))
    key = np.concatenate(keys) if keys else np.zeros(0, np.int64)
    order = np.argsort(key, kind="stable")
    model.keys = key[order]
    model.refs = (np.concatenate(refs) if refs else np.zeros(0, np.int64))[order]
    model.alphas = (np.concatenate(alphas) if alphas else np.zeros(0))[order]


def rigid_fit(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The 4x4 rigid transform that maps points a onto b best (least squares, Kabsch)."""
    ca, cb = a.mean(axis=0), b.mean(axis=0)
    h = (a - ca).T @ (b - cb)
    u, _, vt = np.linalg.svd(h)
    d = np.sign(np.linalg.det(vt.T @ u.T)) or 1.0
    r = vt.T @ np.diag([1.0, 1.0, d]) @ u.T
    m = np.eye(4)
    m[:3, :3], m[:3, 3] = r, cb - r @ ca
    return m


def _rot_x(a: float) -> np.ndarray:
    m = np.eye(4)
    c, s = math.cos(a), math.sin(a)
    m[1:3, 1:3] = [[c, -s], [s, c]]
    return m


def vote(
    model: SurfaceModel, scene: np.ndarray, normals: np.ndarray, key_idx: np.ndarray
) -> list[tuple[float, np.ndarray]]:
    """(votes, 4x4 pose model -> scene) of the best vote of every key point."""
    from scipy.spatial import cKDTree

    tree = cKDTree(scene)
    bins = 2 * model.angle_bins  # rotation angle bins over 2 pi
    n_model = len(model.points)
    t_model = align_to_x(model.points, model.normals)
    t_scene = align_to_x(scene[key_idx], normals[key_idx])
    cap = max(64, len(model.keys) // 4000)
    out = []
    for k, si in enumerate(key_idx):
        nb = np.asarray(tree.query_ball_point(scene[si], model.diameter), dtype=np.int64)
        nb = nb[nb != si]
        if not len(nb):
            continue
        rep = np.full(len(nb), si)
        keys = feature_keys(
            scene[rep], normals[rep], scene[nb], normals[nb], model.dist_step, model.angle_bins
        )
        a_s = _alpha(np.repeat(t_scene[k : k + 1], len(nb), axis=0), scene[nb])
        lo = np.searchsorted(model.keys, keys, "left")
        hi = np.searchsorted(model.keys, keys, "right")
        counts = hi - lo
        counts[counts > cap] = 0  # features too common to tell poses apart (flat pairs)
        total = int(counts.sum())
        if total == 0:
            continue
        starts = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
        entries = starts
        alpha = model.alphas[entries] - np.repeat(a_s, counts)
        ab = np.floor((alpha % (2 * math.pi)) / (2 * math.pi) * bins).astype(np.int64) % bins
        acc = np.bincount(model.refs[entries] * bins + ab, minlength=n_model * bins)
        best = int(np.argmax(acc))
        mr, a_bin = divmod(best, bins)
        angle = (a_bin + 0.5) / bins * 2 * math.pi
        pose = np.linalg.inv(t_scene[k]) @ _rot_x(angle) @ t_model[mr]
        out.append((float(acc[best]), pose))
    return out


def _rotation_angle(a: np.ndarray, b: np.ndarray) -> float:
    r = a[:3, :3].T @ b[:3, :3]
    return math.acos(max(-1.0, min(1.0, (float(np.trace(r)) - 1.0) / 2.0)))


def cluster(
    poses: list[tuple[float, np.ndarray]], dist: float, angle: float
) -> list[tuple[float, np.ndarray]]:
    """Greedy pose clusters: (summed votes, best pose of the cluster), best first."""
    groups: list[list] = []
    for votes, pose in sorted(poses, key=lambda vp: -vp[0]):
        for g in groups:
            ref = g[1]
            if (
                np.linalg.norm(ref[:3, 3] - pose[:3, 3]) < dist
                and _rotation_angle(ref, pose) < angle
            ):
                g[0] += votes
                break
        else:
            groups.append([votes, pose])
    return sorted(((g[0], g[1]) for g in groups), key=lambda vp: -vp[0])


def icp(
    model: SurfaceModel,
    scene_tree: Any,
    scene: np.ndarray,
    scene_normals: np.ndarray | None,
    pose: np.ndarray,
    max_dist: float,
    steps: int,
) -> np.ndarray:
    """Refine a pose by ICP: pairs closer than ``max_dist`` whose normals differ by less
    than 45 degrees, point-to-plane where the scene has normals, else point-to-point."""
    model_pts = model.points
    for _ in range(steps):
        moved = model_pts @ pose[:3, :3].T + pose[:3, 3]
        d, idx = scene_tree.query(moved, distance_upper_bound=max_dist)
        ok = np.isfinite(d)
        if scene_normals is not None:
            turned = model.normals @ pose[:3, :3].T
            near = np.where(ok, idx, 0)
            ok &= (turned * scene_normals[near]).sum(axis=1) > math.cos(math.pi / 4)
        if ok.sum() < 6:
            break
        src, dst = moved[ok], scene[idx[ok]]
        if scene_normals is not None:
            nrm = scene_normals[idx[ok]]
            a = np.hstack([np.cross(src, nrm), nrm])
            b = ((dst - src) * nrm).sum(axis=1)
            x, *_ = np.linalg.lstsq(a, b, rcond=None)
            step = np.eye(4)
            w = x[:3]
            theta = float(np.linalg.norm(w))
            if theta > 0:
                k = w / theta
                kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
                step[:3, :3] = np.eye(3) + math.sin(theta) * kx + (1 - math.cos(theta)) * kx @ kx
            step[:3, 3] = x[3:]
        else:
            step = rigid_fit(src, dst)
        pose = step @ pose
        if np.linalg.norm(step[:3, 3]) < 1e-9 and _rotation_angle(step, np.eye(4)) < 1e-9:
            break
    return pose


def score(model_pts: np.ndarray, scene_tree: Any, pose: np.ndarray, dist: float) -> float:
    """The fraction of model points with a scene point within ``dist``."""
    moved = model_pts @ pose[:3, :3].T + pose[:3, 3]
    d, _ = scene_tree.query(moved, distance_upper_bound=dist)
    return float(np.isfinite(d).mean()) if len(d) else 0.0


def scene_normals(points: np.ndarray, normals: np.ndarray | None) -> np.ndarray:
    """The scene's normals, or local-plane normals (10 neighbours) where it has none."""
    return unit(normals) if normals is not None else mls_normals(points, 10)
