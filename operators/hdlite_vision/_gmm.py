"""The Gaussian mixture model behind the ``*_class_gmm`` operators (numpy; SciPy for the
chi-square tail).

Facts from HALCON's reference (create_class_gmm, train_class_gmm, evaluate_class_gmm,
classify_class_gmm, found with the ``search`` tool): every class is modelled by its own
mixture of Gaussian centres, each with a centre, a covariance matrix (CovarType 'spherical':
a multiple of the identity, 'diag': diagonal, 'full': positive definite) and a mixing
coefficient, estimated with the EM algorithm. NumCenters gives the exact number of centres,
or bounds [min, max] for every class, or alternating bounds per class; with bounds, the
best number is chosen by the Minimum Message Length criterion (the reference cites
Figueiredo and Jain, "Unsupervised Learning of Finite Mixture Models", 2002), starting with
the maximum. MaxIter bounds the EM iterations of a class; Threshold bounds the relative
change of the error; Regularize is added to each main-diagonal element of the covariance
matrices; ClassPriors 'training' takes the class priors from the share of each class's
samples, 'uniform' sets them to 1/NumClasses. evaluate_class_gmm's ClassProb is p(i|x) =
Pr(i) p(x|i) (not normalised) and Density their sum p(x); classify_class_gmm normalises
ClassProb by p(x). The k-sigma probability of a Gaussian is the probability that it
generates a point farther (in Mahalanobis distance) than x; for a mixture it is the sum of
the centres' values weighted by their mixing coefficients.

hdlite's choices where the reference leaves the details open [unverified]:

* Preprocessing is fitted on all samples as for the MLP ('normalization': zero mean and
  unit standard deviation per feature; 'principal_components': then the NumComponents
  leading principal axes); densities are those of the preprocessed features.
* The EM of a class starts from centres at distinct samples drawn with RandSeed, each with
  the covariance of the whole class. With bounds, the mixing coefficients follow
  Figueiredo and Jain's MML update (a centre supported by fewer than half its number of
  parameters is annihilated, never below the minimum); after convergence the weakest
  centre is removed and EM runs again, down to the minimum; the model with the smallest
  message length is kept. MaxIter applies to each of these EM runs; Iter counts all
  iterations of the class.
* Randomize (add_sample_class_gmm) adds Gaussian noise of that standard deviation to the
  stored sample's features at each training (seeded by RandSeed); get_sample_class_gmm
  returns the features as stored.
* Per returned class, classify_class_gmm's Density is Pr(i) p(x|i) and KSigmaProb the
  class's k-sigma probability; evaluate_class_gmm's KSigmaProb is that of the most
  probable class.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

#: smallest variance a centre keeps (relative to the class's mean variance)
_FLOOR = 1e-9
_LOG2PI = float(np.log(2.0 * np.pi))


@dataclass
class Centres:
    """The mixture of one class: weights (k,), centres (k, d), covariances (k, d, d)."""

    weights: np.ndarray
    means: np.ndarray
    covs: np.ndarray
    inv_chol: np.ndarray = field(init=False)
    log_det: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        chol = np.linalg.cholesky(self.covs)
        eye = np.broadcast_to(np.eye(self.means.shape[1]), chol.shape)
        self.inv_chol = np.linalg.solve(chol, eye)
        self.log_det = 2.0 * np.log(np.diagonal(chol, axis1=1, axis2=2)).sum(axis=1)

    def mahalanobis(self, z: np.ndarray) -> np.ndarray:
        """Squared Mahalanobis distances (n, k) of points ``z`` (n, d)."""
        diff = z[:, None, :] - self.means[None]
        t = np.einsum("kij,nkj->nki", self.inv_chol, diff)
        return np.einsum("nki,nki->nk", t, t)

    def log_gauss(self, m2: np.ndarray) -> np.ndarray:
        """Log densities (n, k) of the centres from squared distances."""
        d = self.means.shape[1]
        return -0.5 * (d * _LOG2PI + self.log_det[None] + m2)


def finite(value: object) -> bool:
    """Whether a control value is a finite number (huge integers and strings are not)."""
    try:
        return math.isfinite(value)  # type: ignore[arg-type]
    except (OverflowError, TypeError):
        return False


def floats(values: tuple) -> np.ndarray | None:
    """The values as float64, or None when one is not a finite number."""
    if not all(finite(v) for v in values):
        return None
    return np.asarray(values, dtype=np.float64)


def _logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    top = np.max(a, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    return np.squeeze(top, axis) + np.log(np.sum(np.exp(a - top), axis=axis))


@dataclass
class Gmm:
    """Parameters, stored samples and trained mixtures of one classifier."""

    num_dim: int
    num_classes: int
    min_centers: list[int]
    max_centers: list[int]
    covar_type: str
    preprocessing: str
    num_components: int
    seed: int
    centers_given: int = 1  # how many NumCenters values create_class_gmm got
    samples: list[np.ndarray] = field(default_factory=list)
    class_ids: list[int] = field(default_factory=list)
    randomize: list[float] = field(default_factory=list)
    mean: np.ndarray = field(init=False)
    transform: np.ndarray = field(init=False)
    priors: np.ndarray = field(init=False)
    mixtures: list[Centres] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mean = np.zeros(self.num_dim)
        self.transform = np.eye(self.num_dim)[:, : self.num_features]
        self.priors = np.full(self.num_classes, 1.0 / self.num_classes)

    @property
    def num_features(self) -> int:
        """Dimension of the preprocessed features."""
        if self.preprocessing == "principal_components":
            return self.num_components
        return self.num_dim

    @property
    def trained(self) -> bool:
        """Whether train_class_gmm (or read_class_gmm) gave every class a mixture."""
        return len(self.mixtures) == self.num_classes

    def params_per_centre(self) -> int:
        """Free parameters of one centre (mean and covariance)."""
        d = self.num_features
        return {"spherical": d + 1, "diag": 2 * d, "full": d + d * (d + 1) // 2}[self.covar_type]

    def fit_preprocessing(self, x: np.ndarray) -> None:
        """Fit the feature transformation on all training samples."""
        if self.preprocessing == "none":
            return
        self.mean = x.mean(axis=0)
        std = x.std(axis=0)
        scale = np.diag(1.0 / np.where(std > 1e-12, std, 1.0))
        if self.preprocessing == "normalization":
            self.transform = scale
            return
        _, _, vt = np.linalg.svd((x - self.mean) @ scale, full_matrices=False)
        axes = np.zeros((self.num_dim, self.num_components))
        k = min(self.num_components, vt.shape[0])
        axes[:, :k] = vt[:k].T
        self.transform = scale @ axes

    def features(self, x: np.ndarray) -> np.ndarray:
        """Preprocessed features of raw samples ``x`` (n, num_dim)."""
        return (x - self.mean) @ self.transform

    def evaluate(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For raw samples ``x`` (n, num_dim): log(Pr(i) p(x|i)) and the k-sigma
        probabilities, both (n, num_classes)."""
        from scipy.stats import chi2

        z = self.features(x)
        n = len(z)
        log_joint = np.empty((n, self.num_classes))
        ksigma = np.empty((n, self.num_classes))
        with np.errstate(divide="ignore"):
            log_priors = np.log(self.priors)
        for i, mix in enumerate(self.mixtures):
            m2 = mix.mahalanobis(z)
            with np.errstate(divide="ignore"):
                log_w = np.log(mix.weights)
            log_joint[:, i] = log_priors[i] + _logsumexp(log_w[None] + mix.log_gauss(m2), 1)
            ksigma[:, i] = chi2.sf(m2, self.num_features) @ mix.weights
        return log_joint, ksigma

    # training --------------------------------------------------------------------------

    def train(
        self, max_iter: int, threshold: float, priors: str, regularize: float
    ) -> tuple[list[int], list[int]]:
        """Fit preprocessing and one mixture per class; the centres and iterations per
        class."""
        x = np.array(self.samples, dtype=np.float64).reshape(-1, self.num_dim)
        ids = np.array(self.class_ids, dtype=np.int64)
        rng = np.random.default_rng(self.seed % 2**64)
        noise = np.array(self.randomize, dtype=np.float64)
        if np.any(noise > 0):
            x = x + rng.normal(size=x.shape) * noise[:, None]
        self.fit_preprocessing(x)
        z = self.features(x)
        counts = np.bincount(ids, minlength=self.num_classes).astype(np.float64)
        if priors == "uniform":
            self.priors = np.full(self.num_classes, 1.0 / self.num_classes)
        else:
            self.priors = counts / counts.sum()
        mixtures, centres, iters = [], [], []
        for i in range(self.num_classes):
            mix, it = self._fit_class(z[ids == i], i, max_iter, threshold, regularize, rng)
            mixtures.append(mix)
            centres.append(len(mix.weights))
            iters.append(it)
        self.mixtures = mixtures
        return centres, iters

    def _constrain(self, cov: np.ndarray, regularize: float, floor: float) -> np.ndarray:
        d = cov.shape[-1]
        eye = np.eye(d)
        if self.covar_type == "spherical":
            var = np.trace(cov, axis1=-2, axis2=-1) / d
            cov = var[..., None, None] * eye
        elif self.covar_type == "diag":
            cov = np.diagonal(cov, axis1=-2, axis2=-1)[..., None, :] * eye
        else:
            cov = 0.5 * (cov + np.swapaxes(cov, -1, -2))
        return cov + (regularize + floor) * eye

    def _fit_class(
        self,
        z: np.ndarray,
        cls: int,
        max_iter: int,
        threshold: float,
        regularize: float,
        rng: np.random.Generator,
    ) -> tuple[Centres, int]:
        n, d = z.shape
        distinct = np.unique(z, axis=0)
        k_max = max(1, min(self.max_centers[cls], len(distinct)))
        k_min = max(1, min(self.min_centers[cls], k_max))
        centre = z.mean(axis=0)
        class_cov = (z - centre).T @ (z - centre) / n
        floor = _FLOOR * max(float(np.trace(class_cov)) / d, 1.0)
        means = rng.choice(distinct, size=k_max, replace=False).reshape(k_max, d)
        covs = np.repeat(self._constrain(class_cov, regularize, floor)[None], k_max, axis=0)
        weights = np.full(k_max, 1.0 / k_max)
        mml = k_min < k_max
        total = 0
        best: tuple[float, Centres] | None = None
        while True:
            mix, length, it = self._em(
                z, weights, means, covs, k_min, mml, max_iter, threshold, regularize, floor
            )
            total += it
            if best is None or length < best[0]:
                best = (length, mix)
            k = len(mix.weights)
            if not mml or k <= k_min:
                break
            keep = np.argsort(mix.weights)[1:]
            keep.sort()
            weights = mix.weights[keep] / mix.weights[keep].sum()
            means, covs = mix.means[keep], mix.covs[keep]
        return best[1], total

    def _em(
        self,
        z: np.ndarray,
        weights: np.ndarray,
        means: np.ndarray,
        covs: np.ndarray,
        k_min: int,
        mml: bool,
        max_iter: int,
        threshold: float,
        regularize: float,
        floor: float,
    ) -> tuple[Centres, float, int]:
        """EM from the given start; the mixture, its message length (or the negative
        log-likelihood without MML) and the iterations run."""
        n = len(z)
        npar = self.params_per_centre()
        mix = Centres(weights, means, covs)
        cost = np.inf
        it = 0
        while True:
            with np.errstate(divide="ignore"):
                log_p = np.log(mix.weights)[None] + mix.log_gauss(mix.mahalanobis(z))
            log_lik = _logsumexp(log_p, 1)
            new_cost = self._length(mix.weights, n, npar, float(log_lik.sum()), mml)
            converged = abs(cost - new_cost) <= threshold * max(abs(new_cost), 1e-300)
            cost = new_cost
            if it >= max_iter or converged:
                return mix, cost, it
            it += 1
            resp = np.exp(log_p - log_lik[:, None])
            support = resp.sum(axis=0)
            w = support / n
            if mml:
                trimmed = np.maximum(0.0, support - npar / 2.0)
                if np.count_nonzero(trimmed) >= k_min:
                    w = trimmed / trimmed.sum()
            keep = w > 0
            resp, support, w = resp[:, keep], support[keep], w[keep]
            support = np.maximum(support, 1e-300)
            mu = resp.T @ z / support[:, None]
            diff = z[None] - mu[:, None]
            cov = np.einsum("kn,kni,knj->kij", resp.T, diff, diff) / support[:, None, None]
            mix = Centres(w / w.sum(), mu, self._constrain(cov, regularize, floor))

    @staticmethod
    def _length(weights: np.ndarray, n: int, npar: int, log_lik: float, mml: bool) -> float:
        if not mml:
            return -log_lik
        k = len(weights)
        with np.errstate(divide="ignore"):
            code = 0.5 * npar * float(np.sum(np.log(n * weights / 12.0)))
        return code + 0.5 * k * np.log(n / 12.0) + 0.5 * k * (npar + 1) - log_lik
