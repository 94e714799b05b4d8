"""The support vector machine behind the ``*_class_svm`` operators.

A classifier is a set of binary nu-SVMs over preprocessed features: NumClasses (NumClasses -
1) / 2 of them for 'one-versus-one' (machine (i, j) is positive for class i), NumClasses for
'one-versus-all' (machine k is positive for class k) and one one-class SVM for
'novelty-detection' (positive inside the class). Machine m decides by
``f_m(z) = sum_i coef[m, i] * K(sv_i, z) + intercept[m]``; the support vectors ``sv`` are
kept as raw feature vectors and shared between the machines (a coefficient of 0: not a
support vector of that machine). Kernels (create_class_svm): 'linear' <x, z>,
'polynomial_homogeneous' <x, z>^d, 'polynomial_inhomogeneous' (<x, z> + 1)^d with d =
KernelParam, 'rbf' exp(-gamma |x - z|^2) with gamma = KernelParam.

Preprocessing is fitted on the training samples as for the MLP ('normalization': zero mean
and unit deviation; 'principal_components': normalisation, then the NumComponents leading
axes; 'canonical_variates': normalisation, then the NumComponents leading axes of the
between-class scatter relative to the within-class scatter).

Solver, chosen by measurement (``benchmarks/bench_class_svm.py``, one binary rbf machine,
gamma 0.5, Epsilon 0.001, on two Gaussian classes in 2-D; accuracy on 2,000 held-out
samples; seconds on the shared 2-core development machine, which vary by about 2x):

=====================  =======  ==============  ==============  ========
data                   samples  libsvm (NuSVC)  numpy nu-SMO    accuracy
=====================  =======  ==============  ==============  ========
2.3 % overlap, Nu 0.1  1,000    0.008-0.010 s   0.044-0.074 s   0.983
2.3 % overlap, Nu 0.1  10,000   0.35-0.53 s     2.1-2.3 s       0.983
16 % overlap, Nu 0.4   1,000    0.026 s         0.110 s         0.835
16 % overlap, Nu 0.4   10,000   3.0 s           7.3 s           0.841
=====================  =======  ==============  ==============  ========

Both reach the same accuracy (the same optimum); libsvm (scikit-learn's ``NuSVC`` and
``OneClassSVM``, imported only when training) is 2.5-10x faster, so it trains; the
trained model is kept as plain arrays, so classification, files and reduce_class_svm need
numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

EPS = 1e-12
KERNELS = ("linear", "rbf", "polynomial_homogeneous", "polynomial_inhomogeneous")
MODES = ("one-versus-one", "one-versus-all", "novelty-detection")
PREPROCESSING = ("none", "normalization", "principal_components", "canonical_variates")


class InfeasibleNu(ValueError):
    """Nu is too large for the class proportions (HALCON's 3387)."""


def kernel(kind: str, param: float, x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Kernel matrix (len(x), len(z))."""
    if kind == "rbf":
        d = (x * x).sum(1)[:, None] + (z * z).sum(1)[None, :] - 2.0 * (x @ z.T)
        return np.exp(-param * np.maximum(d, 0.0))
    dot = x @ z.T
    if kind == "linear":
        return dot
    if kind == "polynomial_inhomogeneous":
        dot = dot + 1.0
    return dot ** int(param)


def kernel_pairs(kind: str, param: float, x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Kernel of row i of ``x`` with row i of ``z``."""
    if kind == "rbf":
        return np.exp(-param * ((x - z) ** 2).sum(-1))
    dot = (x * z).sum(-1)
    if kind == "linear":
        return dot
    if kind == "polynomial_inhomogeneous":
        dot = dot + 1.0
    return dot ** int(param)


@dataclass
class Svm:
    """Settings, preprocessing, trained machines and stored samples of one classifier."""

    num_features: int
    kernel_type: str
    kernel_param: float
    nu: float
    num_classes: int
    mode: str
    preprocessing: str
    num_components: int
    mean: np.ndarray = field(init=False)
    transform: np.ndarray = field(init=False)
    sv: np.ndarray = field(init=False)  # (n_sv, num_features), raw features
    sv_class: np.ndarray = field(init=False)  # (n_sv,) class of each support vector
    sv_index: np.ndarray = field(init=False)  # (n_sv,) training-sample index, -1 if none
    coef: np.ndarray = field(init=False)  # (n_machines, n_sv)
    intercept: np.ndarray = field(init=False)  # (n_machines,)
    trained: bool = False
    samples: list[np.ndarray] = field(default_factory=list)
    classes: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mean = np.zeros(self.num_features)
        self.transform = np.eye(self.num_features)[:, : self.num_inputs]
        self.set_machines(
            np.zeros((0, self.num_features)),
            np.zeros(0, np.int64),
            np.zeros(0, np.int64),
            np.zeros((self.num_machines, 0)),
            np.zeros(self.num_machines),
        )
        self.trained = False

    @property
    def num_inputs(self) -> int:
        """Length of a feature vector after the preprocessing."""
        if self.preprocessing in ("principal_components", "canonical_variates"):
            return self.num_components
        return self.num_features

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """The classes of each machine: (positive, negative), -1 for 'the rest'."""
        if self.mode == "one-versus-one":
            n = self.num_classes
            return [(i, j) for i in range(n) for j in range(i + 1, n)]
        if self.mode == "one-versus-all":
            return [(k, -1) for k in range(self.num_classes)]
        return [(0, -1)]

    @property
    def num_machines(self) -> int:
        """Number of binary (or one-class) machines."""
        return len(self.pairs)

    def set_machines(
        self,
        sv: np.ndarray,
        sv_class: np.ndarray,
        sv_index: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
    ) -> None:
        """Install trained machines."""
        self.sv, self.sv_class, self.sv_index = sv, sv_class, sv_index
        self.coef, self.intercept = coef, intercept
        self._z_sv = self.features(sv)
        self.trained = True

    # preprocessing -------------------------------------------------------------------------

    def features(self, x: np.ndarray) -> np.ndarray:
        """Preprocessed features of samples ``x`` (n, num_features)."""
        return (x - self.mean) @ self.transform

    def fit_preprocessing(self, x: np.ndarray, y: np.ndarray) -> None:
        """Fit the feature transformation on the training samples."""
        self.mean = np.zeros(self.num_features)
        self.transform = np.eye(self.num_features)[:, : self.num_inputs]
        if self.preprocessing == "none":
            return
        self.mean = x.mean(axis=0)
        std = x.std(axis=0)
        scale = np.diag(1.0 / np.where(std > EPS, std, 1.0))
        if self.preprocessing == "normalization":
            self.transform = scale
            return
        z = (x - self.mean) @ scale
        if self.preprocessing == "principal_components":
            _, _, vt = np.linalg.svd(z, full_matrices=False)
            vectors = vt.T
        else:
            vectors = _canonical_axes(z, y)
        axes = np.zeros((self.num_features, self.num_components))
        k = min(self.num_components, vectors.shape[1])
        axes[:, :k] = vectors[:, :k]
        self.transform = scale @ axes

    # training --------------------------------------------------------------------------------

    def train(self, x: np.ndarray, y: np.ndarray, index: np.ndarray, epsilon: float) -> None:
        """Train every machine on samples ``x`` with classes ``y``; ``index`` is each
        sample's training-set index (-1 for support vectors carried over)."""
        self.fit_preprocessing(x, y)
        z = self.features(x)
        machines: list[tuple[np.ndarray, np.ndarray, float]] = []  # (rows, coef, intercept)
        for pos, neg in self.pairs:
            if self.mode == "novelty-detection":
                coef, b, rows = _fit_one_class(self, z, epsilon)
            else:
                rows = np.nonzero((y == pos) | ((y == neg) if neg >= 0 else (y != pos)))[0]
                sign = np.where(y[rows] == pos, 1, -1)
                coef, b, rows = _fit_binary(self, z[rows], sign, epsilon, rows)
            machines.append((rows, coef, b))
        used = np.unique(np.concatenate([r for r, _, _ in machines]))
        where = {int(r): k for k, r in enumerate(used)}
        dense = np.zeros((len(machines), len(used)))
        for m, (rows, coef, _) in enumerate(machines):
            dense[m, [where[int(r)] for r in rows]] = coef
        self.set_machines(
            x[used].copy(),
            y[used].astype(np.int64),
            index[used].astype(np.int64),
            dense,
            np.array([b for _, _, b in machines], dtype=np.float64),
        )

    # evaluation ------------------------------------------------------------------------------

    def decision(self, x: np.ndarray) -> np.ndarray:
        """Machine outputs (n, n_machines) for raw samples ``x``."""
        k = kernel(self.kernel_type, self.kernel_param, self.features(x), self._z_sv)
        return k @ self.coef.T + self.intercept

    def class_scores(self, x: np.ndarray) -> np.ndarray:
        """Score of each class for each sample (n, NumClasses), higher is better: the votes
        of the machines ('one-versus-one') or each class's machine value ('one-versus-all')."""
        f = self.decision(x)
        if self.mode == "one-versus-all":
            return f
        pairs = np.array(self.pairs, dtype=np.int64).reshape(-1, 2)
        eye = np.eye(self.num_classes)
        won = (f > 0).astype(np.float64)
        return won @ eye[pairs[:, 0]] + (1.0 - won) @ eye[pairs[:, 1]]

    def ranking(self, x: np.ndarray) -> np.ndarray:
        """Classes of each sample, best first (n, NumClasses); novelty: (n, 1) of 1 for
        inside the class, 0 for an outlier."""
        if self.mode == "novelty-detection":
            return (self.decision(x) > 0).astype(np.int64)
        return np.argsort(-self.class_scores(x), axis=1, kind="stable")


def _canonical_axes(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Axes (columns) maximising between-class over within-class scatter, best first."""
    from scipy.linalg import eigh

    d = z.shape[1]
    within = np.zeros((d, d))
    between = np.zeros((d, d))
    mean = z.mean(axis=0)
    for c in np.unique(y):
        part = z[y == c]
        centred = part - part.mean(axis=0)
        within += centred.T @ centred
        diff = (part.mean(axis=0) - mean)[:, None]
        between += len(part) * (diff @ diff.T)
    within += np.eye(d) * (EPS + 1e-9 * np.trace(within))
    values, vectors = eigh(between, within)
    return vectors[:, np.argsort(-values, kind="stable")]


def _sklearn_kernel(svm: Svm) -> dict:
    if svm.kernel_type == "rbf":
        return {"kernel": "rbf", "gamma": svm.kernel_param}
    if svm.kernel_type == "linear":
        return {"kernel": "linear"}
    coef0 = 1.0 if svm.kernel_type == "polynomial_inhomogeneous" else 0.0
    return {"kernel": "poly", "degree": int(svm.kernel_param), "gamma": 1.0, "coef0": coef0}


def _fit_binary(
    svm: Svm, z: np.ndarray, sign: np.ndarray, epsilon: float, rows: np.ndarray
) -> tuple[np.ndarray, float, np.ndarray]:
    """One nu-SVM (libsvm): coefficients (alpha * y) of its support vectors, the intercept
    and the support vectors' rows."""
    from sklearn.svm import NuSVC

    model = NuSVC(nu=svm.nu, tol=epsilon, cache_size=200, **_sklearn_kernel(svm))
    try:
        model.fit(z, sign)
    except ValueError as exc:
        if "infeasible" in str(exc):
            raise InfeasibleNu(str(exc)) from None
        raise
    # libsvm orders classes (-1, +1): a positive decision value means +1
    return model.dual_coef_[0].copy(), float(model.intercept_[0]), rows[model.support_]


def _fit_one_class(svm: Svm, z: np.ndarray, epsilon: float) -> tuple[np.ndarray, float, np.ndarray]:
    """The one-class SVM (libsvm): coefficients, intercept (-rho) and support rows."""
    from sklearn.svm import OneClassSVM

    model = OneClassSVM(nu=svm.nu, tol=epsilon, cache_size=200, **_sklearn_kernel(svm))
    model.fit(z)
    return model.dual_coef_[0].copy(), float(model.intercept_[0]), model.support_.copy()
