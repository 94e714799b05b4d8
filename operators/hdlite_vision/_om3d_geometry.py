"""Point-cloud algorithms behind the 3-D object model operators (numpy + scipy.spatial).

* sampling: 'fast' keeps one point per occupied cube of a grid with edge SampleDistance
  (the mean of the cube's points); 'accurate' keeps points greedily, in input order, so
  that no two kept points are closer than SampleDistance and every input point lies within
  SampleDistance of a kept one (sample_object_model_3d's reference page describes both by
  these guarantees; which point of a cube 'fast' keeps is [unverified]);
* normals ('mls'): the smallest principal axis of each point's mls_kNN nearest neighbours
  (a first-order moving-least-squares plane), oriented away from the neighbours' centroid
  toward the viewpoint at the origin [unverified orientation rule];
* the oriented bounding box: principal axes of the points, the box of the points in that
  frame (smallest_bounding_box_object_model_3d's 'oriented' is [unverified] to be
  exactly minimal in HALCON; here it is the PCA box);
* connected components: points closer than the distance are linked (single linkage).
"""

from __future__ import annotations

import numpy as np


def sample_fast(points: np.ndarray, step: float) -> np.ndarray:
    """Indices' groups: for each occupied grid cube, the rows of its points (list)."""
    keys = np.floor(points / step).astype(np.int64)
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    return inverse.reshape(-1)


def sample_accurate(points: np.ndarray, step: float) -> np.ndarray:
    """Indices of points kept so that no two are closer than ``step``."""
    from scipy.spatial import cKDTree

    tree = cKDTree(points)
    removed = np.zeros(len(points), dtype=bool)
    kept = []
    for i in range(len(points)):
        if removed[i]:
            continue
        kept.append(i)
        for j in tree.query_ball_point(points[i], step * (1 - 1e-12)):
            removed[j] = True
    return np.asarray(kept, dtype=np.int64)


def mls_normals(points: np.ndarray, knn: int) -> np.ndarray:
    """Unit normals from the local planes of the ``knn`` nearest neighbours."""
    from scipy.spatial import cKDTree

    n = len(points)
    k = min(knn, n)
    normals = np.zeros((n, 3))
    if k < 3:
        return normals
    _, idx = cKDTree(points).query(points, k=k)
    idx = idx.reshape(n, k)
    nb = points[idx]  # n, k, 3
    centred = nb - nb.mean(axis=1, keepdims=True)
    cov = np.einsum("nki,nkj->nij", centred, centred)
    vals, vecs = np.linalg.eigh(cov)
    normals = vecs[:, :, 0]
    degenerate = vals[:, 1] <= 1e-18 * np.maximum(vals[:, 2], 1e-300)
    normals[degenerate] = 0.0
    flip = np.einsum("ni,ni->n", normals, points) > 0  # point toward the origin (viewpoint)
    normals[flip] *= -1.0
    return normals


def principal_axes(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centroid, eigenvalues (descending) and axes (columns) of the points' covariance."""
    c = points.mean(axis=0)
    d = points - c
    cov = d.T @ d / max(len(points), 1)
    vals, vecs = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1]
    vecs = vecs[:, order]
    if np.linalg.det(vecs) < 0:
        vecs[:, 2] *= -1.0
    return c, vals[order], vecs


def oriented_box(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 4x4 pose of a box around the points (PCA frame, centred) and its edge lengths
    along the pose's x, y, z axes, longest first."""
    _, _, axes = principal_axes(points)
    local = points @ axes
    lo, hi = local.min(axis=0), local.max(axis=0)
    m = np.eye(4)
    m[:3, :3] = axes
    m[:3, 3] = axes @ ((lo + hi) / 2.0)
    return m, hi - lo


def components(points: np.ndarray, distance: float) -> np.ndarray:
    """A component label per point; points closer than ``distance`` share a label."""
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    pairs = cKDTree(points).query_pairs(distance, output_type="ndarray")
    from scipy.sparse import coo_matrix

    n = len(points)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels


def max_diameter(points: np.ndarray) -> float:
    """The largest distance between two points (over the convex hull where it has one)."""
    if len(points) < 2:
        return 0.0
    cand = points
    if len(points) > 50:
        from scipy.spatial import ConvexHull, QhullError

        try:
            cand = points[ConvexHull(points).vertices]
        except (QhullError, ValueError):
            cand = points
    if len(cand) > 4000:  # keep the pairwise matrix small
        cand = cand[np.linspace(0, len(cand) - 1, 4000).astype(int)]
    from scipy.spatial.distance import pdist

    return float(pdist(cand).max())


def triangle_areas(points: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """The area of every triangle."""
    a, b, c = (points[triangles[:, i]] for i in range(3))
    return 0.5 * np.linalg.norm(np.cross(b - a, c - a), axis=1)


def point_triangle_distance(p: np.ndarray, tri: np.ndarray) -> np.ndarray:
    """The distance of each point (n x 3) to its nearest triangle (m x 3 x 3)."""
    best = np.full(len(p), np.inf)
    for start in range(0, len(tri), 256):
        t = tri[start : start + 256]
        a, b, c = t[:, 0], t[:, 1], t[:, 2]
        q = _closest_on_triangles(p[:, None, :], a[None], b[None], c[None])
        d = np.linalg.norm(p[:, None, :] - q, axis=2).min(axis=1)
        best = np.minimum(best, d)
    return best


def _closest_on_triangles(p, a, b, c):  # type: ignore[no-untyped-def]
    """Closest points on triangles (broadcast), by barycentric region tests."""
    ab, ac, ap = b - a, c - a, p - a
    d1, d2 = (ab * ap).sum(-1), (ac * ap).sum(-1)
    bp = p - b
    d3, d4 = (ab * bp).sum(-1), (ac * bp).sum(-1)
    cp = p - c
    d5, d6 = (ab * cp).sum(-1), (ac * cp).sum(-1)
    va = d3 * d6 - d5 * d4
    vb = d5 * d2 - d1 * d6
    vc = d1 * d4 - d3 * d2
    denom = va + vb + vc
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(denom != 0, vb / denom, 0.0)
        w = np.where(denom != 0, vc / denom, 0.0)
    res = a + ab * v[..., None] + ac * w[..., None]
    # outside regions: project on the edges and keep the nearest
    cands = [res]
    for s, e in ((a, b), (b, c), (c, a)):
        se = e - s
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.clip(((p - s) * se).sum(-1) / (se * se).sum(-1), 0.0, 1.0)
        t = np.nan_to_num(t)
        cands.append(s + se * t[..., None])
    inside = (va >= 0) & (vb >= 0) & (vc >= 0) & (denom > 0)
    best = cands[1]
    bd = ((p - best) ** 2).sum(-1)
    for cand in cands[2:]:
        cd = ((p - cand) ** 2).sum(-1)
        best = np.where((cd < bd)[..., None], cand, best)
        bd = np.minimum(bd, cd)
    return np.where(inside[..., None], res, best)
