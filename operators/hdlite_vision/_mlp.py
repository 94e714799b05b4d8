"""The multilayer perceptron behind the ``*_class_mlp`` operators (numpy, SciPy L-BFGS).

One hidden layer of tanh units, an output layer with the softmax, logistic or linear
function; weights drawn from a normal distribution seeded by RandSeed (so the same
program trains the same network). Preprocessing of the features, fitted on the training
samples: 'none', 'normalization' (zero mean, unit standard deviation per feature) or
'principal_components' (normalisation, then the NumComponents leading principal axes).
Training minimises the summed cross-entropy (softmax, logistic) or the summed squared error
(linear) with L-BFGS; it stops after MaxIterations iterations, or when an iteration changes
no weight by more than WeightTolerance and the summed error by less than ErrorTolerance.
HALCON uses its own second-order optimiser [unverified which]; trained weights differ from
HALCON's, the classes they give on separable data do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

EPS = 1e-12


@dataclass
class Mlp:
    """Architecture, preprocessing, weights and stored samples of one classifier."""

    num_input: int
    num_hidden: int
    num_output: int
    output_function: str
    preprocessing: str
    num_components: int
    seed: int
    w1: np.ndarray = field(init=False)  # (num_features + 1, num_hidden)
    w2: np.ndarray = field(init=False)  # (num_hidden + 1, num_output)
    mean: np.ndarray = field(init=False)
    transform: np.ndarray = field(init=False)  # (num_input, num_features)
    samples: list[np.ndarray] = field(default_factory=list)
    targets: list[np.ndarray] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mean = np.zeros(self.num_input)
        self.transform = np.eye(self.num_input)[:, : self.num_features]
        self.init_weights()

    @property
    def num_features(self) -> int:
        """Number of network inputs after the preprocessing."""
        return (
            self.num_components if self.preprocessing == "principal_components" else self.num_input
        )

    def init_weights(self) -> None:
        """Random weights from the seed (scaled by the fan-in)."""
        # any integer seeds (HALCON's RandSeed may be negative); numpy takes 0 .. 2^64 - 1
        rng = np.random.default_rng(self.seed % 2**64)
        nf, nh, no = self.num_features, self.num_hidden, self.num_output
        self.w1 = rng.normal(0.0, 1.0 / np.sqrt(nf + 1), (nf + 1, nh))
        self.w2 = rng.normal(0.0, 1.0 / np.sqrt(nh + 1), (nh + 1, no))

    def features(self, x: np.ndarray) -> np.ndarray:
        """Preprocessed features of samples ``x`` (n, num_input)."""
        return (x - self.mean) @ self.transform

    def forward(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Hidden activations and outputs for preprocessed features ``z``."""
        h = np.tanh(z @ self.w1[:-1] + self.w1[-1])
        a = h @ self.w2[:-1] + self.w2[-1]
        if self.output_function == "softmax":
            e = np.exp(a - a.max(axis=1, keepdims=True))
            return h, e / e.sum(axis=1, keepdims=True)
        if self.output_function == "logistic":
            return h, 1.0 / (1.0 + np.exp(-a))
        return h, a

    def evaluate(self, x: np.ndarray) -> np.ndarray:
        """Network outputs for raw samples ``x``."""
        return self.forward(self.features(x))[1]

    def fit_preprocessing(self, x: np.ndarray) -> None:
        """Fit the feature transformation on the training samples."""
        if self.preprocessing == "none":
            return
        self.mean = x.mean(axis=0)
        std = x.std(axis=0)
        scale = np.diag(1.0 / np.where(std > EPS, std, 1.0))
        if self.preprocessing == "normalization":
            self.transform = scale
            return
        z = (x - self.mean) @ scale
        _, _, vt = np.linalg.svd(z, full_matrices=False)
        axes = np.zeros((self.num_input, self.num_components))
        k = min(self.num_components, vt.shape[0])
        axes[:, :k] = vt[:k].T
        self.transform = scale @ axes

    def _unpack(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n1 = self.w1.size
        return w[:n1].reshape(self.w1.shape), w[n1:].reshape(self.w2.shape)

    def _loss(self, w: np.ndarray, z: np.ndarray, t: np.ndarray) -> tuple[float, np.ndarray]:
        self.w1, self.w2 = self._unpack(w)
        h, y = self.forward(z)
        if self.output_function == "softmax":
            err = -float(np.sum(t * np.log(y + EPS)))
        elif self.output_function == "logistic":
            err = -float(np.sum(t * np.log(y + EPS) + (1 - t) * np.log(1 - y + EPS)))
        else:
            err = 0.5 * float(np.sum((y - t) ** 2))
        delta = y - t  # the gradient at the output pre-activation for all three pairs
        g2 = np.vstack([h.T @ delta, delta.sum(axis=0)])
        dh = (delta @ self.w2[:-1].T) * (1.0 - h * h)
        g1 = np.vstack([z.T @ dh, dh.sum(axis=0)])
        return err, np.concatenate([g1.ravel(), g2.ravel()])

    def train(self, max_iter: int, weight_tol: float, error_tol: float) -> tuple[float, list]:
        """Train on the stored samples; the mean error per sample and the error log."""
        from scipy.optimize import minimize

        x, t = np.array(self.samples), np.array(self.targets)
        self.fit_preprocessing(x)
        self.init_weights()
        z = self.features(x)
        w0 = np.concatenate([self.w1.ravel(), self.w2.ravel()])
        log: list[float] = []
        state = {"w": w0.copy(), "e": self._loss(w0, z, t)[0]}

        class _Done(Exception):
            pass

        def step(w: np.ndarray) -> None:
            e = self._loss(w, z, t)[0]
            log.append(e / len(x))
            small_w = float(np.max(np.abs(w - state["w"]))) < weight_tol
            small_e = abs(state["e"] - e) < error_tol
            state["w"], state["e"] = w.copy(), e
            if small_w and small_e:
                raise _Done

        best = w0
        try:
            result = minimize(
                self._loss,
                w0,
                args=(z, t),
                jac=True,
                method="L-BFGS-B",
                callback=step,
                options={"maxiter": max_iter, "gtol": 1e-10, "ftol": 1e-15},
            )
            best = result.x
        except _Done:
            best = state["w"]
        err = self._loss(best, z, t)[0]
        return err / len(x), log
