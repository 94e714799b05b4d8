"""The k-nearest-neighbour classifier behind the ``*_class_knn`` operators (SciPy cKDTree).

Facts from HALCON's reference (train_class_knn, set_params_class_knn, classify_class_knn,
add_sample_class_knn, found with the ``search`` tool): distances are Euclidean (L2);
train_class_knn builds the search trees ('num_trees', default 4) and may normalise every
feature dimension to zero mean and unit standard deviation over the training samples
('normalization' 'true'; a dimension with zero deviation only loses its mean); samples
added later take part only after the next training; with normalisation the stored samples
are normalised and new features are normalised as by the last training. Classification
parameters: 'k' (default 5), 'method' (default 'classes_distance'), 'max_num_classes'
(default 1), 'num_checks' (default 32, 0 = exact search) and 'epsilon' (default 0.0).
Methods: 'classes_distance' returns the classes of the k neighbours, each once, sorted by
their smallest distance (Rating); 'classes_frequency' the classes sorted by their relative
frequency among the k neighbours (Rating); 'classes_weighted_frequencies' by a frequency
weighted with the distances; all three return at most 'max_num_classes' classes;
'neighbors_distance' returns the indices of the k nearest samples and their distances.

hdlite searches exactly with a k-d tree (cKDTree, its ``eps`` set from 'epsilon'): HALCON's
approximate search converges to the same neighbours, and on data whose neighbours are not
near-ties it finds them ('num_trees' and 'num_checks' are kept and reported but do not
change the result). [unverified] weighting of 'classes_weighted_frequencies': each
neighbour counts 1 / (1 + distance), normalised so that the ratings sum to 1; ties in
frequency are ordered by the nearest neighbour of the class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

METHODS = (
    "classes_distance",
    "classes_frequency",
    "classes_weighted_frequencies",
    "neighbors_distance",
)
DEFAULTS: dict[str, Any] = {
    "k": 5,
    "method": "classes_distance",
    "max_num_classes": 1,
    "num_checks": 32,
    "epsilon": 0.0,
}


@dataclass
class Knn:
    """Stored samples, parameters and search tree of one classifier."""

    num_dim: int
    samples: list[np.ndarray] = field(default_factory=list)
    class_ids: list[int] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    num_trees: int = 4
    normalization: bool = False
    mean: np.ndarray = field(init=False)
    std: np.ndarray = field(init=False)
    trained_count: int = 0  # samples in the search tree (0: not trained)
    tree: Any = None

    def __post_init__(self) -> None:
        self.mean = np.zeros(self.num_dim)
        self.std = np.ones(self.num_dim)

    def normalize(self, x: np.ndarray) -> np.ndarray:
        """Features as the tree sees them (normalised where training said so)."""
        return (x - self.mean) / self.std

    def train(self, num_trees: int, normalization: bool) -> None:
        """Fit the normalisation and build the tree on every stored sample."""
        x = np.array(self.samples, dtype=np.float64).reshape(-1, self.num_dim)
        self.num_trees, self.normalization = num_trees, normalization
        if normalization:
            self.mean = x.mean(axis=0)
            std = x.std(axis=0)
            self.std = np.where(std > 0, std, 1.0)
        else:
            self.mean, self.std = np.zeros(self.num_dim), np.ones(self.num_dim)
        self.build(len(x))

    def build(self, count: int) -> None:
        """(Re)build the search tree on the first ``count`` samples."""
        from scipy.spatial import cKDTree

        x = np.array(self.samples[:count], dtype=np.float64).reshape(-1, self.num_dim)
        self.trained_count = count
        self.tree = cKDTree(self.normalize(x)) if count else None

    def neighbours(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distances and indices (n, k') of the k' = min(k, samples) nearest samples."""
        k = min(int(self.params["k"]), self.trained_count)
        dist, idx = self.tree.query(self.normalize(x), k=k, eps=float(self.params["epsilon"]))
        return np.asarray(dist).reshape(len(x), k), np.asarray(idx).reshape(len(x), k)

    def rate(self, dist: np.ndarray, idx: np.ndarray) -> tuple[list[int], list[float]]:
        """Result and Rating of one feature vector from its neighbours (nearest first)."""
        method = self.params["method"]
        if method == "neighbors_distance":
            return [int(i) for i in idx], [float(d) for d in dist]
        classes = [self.class_ids[int(i)] for i in idx]
        order = list(dict.fromkeys(classes))  # by the nearest neighbour of each class
        if method == "classes_distance":
            ratings = {c: float(dist[classes.index(c)]) for c in order}
            ranked = order
        else:
            if method == "classes_frequency":
                weight = np.ones(len(dist))
            else:
                weight = 1.0 / (1.0 + dist)
            total = float(weight.sum())
            ratings = {
                c: float(sum(w for w, k in zip(weight, classes, strict=True) if k == c) / total)
                for c in order
            }
            ranked = sorted(order, key=lambda c: -ratings[c])  # stable: nearest first on ties
        ranked = ranked[: int(self.params["max_num_classes"])]
        return ranked, [ratings[c] for c in ranked]
