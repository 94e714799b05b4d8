"""Which solver trains train_class_svm's nu-SVMs: libsvm (scikit-learn's NuSVC) or a numpy
SMO written for this comparison (libsvm's nu-SVM algorithm: second-order working-set
selection within each label, no kernel cache, no shrinking)?

Data: two Gaussian classes in 2-D (unit deviation, centres 2 * shift apart: shift 2 gives
2.3 % Bayes error, trained with Nu 0.1; shift 1 gives 16 %, Nu 0.4), rbf kernel with gamma
0.5, Epsilon 0.001; accuracy on 2,000 held-out samples. Run::

    nice -n 10 .venv/bin/python benchmarks/bench_class_svm.py

Measured on the 2-core development machine (results in :mod:`hdlite_vision._svm`).
"""

from __future__ import annotations

import time

import numpy as np

TAU = 1e-12


def _rbf(x: np.ndarray, z: np.ndarray, gamma: float) -> np.ndarray:
    d = (x * x).sum(1)[:, None] + (z * z).sum(1)[None, :] - 2.0 * x @ z.T
    return np.exp(-gamma * np.maximum(d, 0.0))


def smo_nu(x: np.ndarray, y: np.ndarray, nu: float, gamma: float, eps: float):
    """Binary nu-SVM (labels +-1): coefficients alpha_i y_i / r, intercept, iterations."""
    n = len(y)
    alpha = np.zeros(n)
    for label in (1, -1):
        rest = nu * n / 2.0
        for i in np.nonzero(y == label)[0]:
            alpha[i] = min(1.0, rest)
            rest -= alpha[i]
    diag = np.ones(n)  # rbf: K(x, x) = 1
    grad = np.zeros(n)
    nz = np.nonzero(alpha)[0]
    for start in range(0, len(nz), 1024):
        idx = nz[start : start + 1024]
        grad += (y[:, None] * y[idx][None, :] * _rbf(x, x[idx], gamma)) @ alpha[idx]
    pos, neg = y > 0, y < 0
    it = 0
    for it in range(1, 100 * n):  # noqa: B007
        up, low = alpha < 1.0, alpha > 0.0
        gp = np.where(pos & up, -grad, -np.inf)
        gn = np.where(neg & low, grad, -np.inf)
        ip, in_ = int(np.argmax(gp)), int(np.argmax(gn))
        gmaxp, gmaxn = gp[ip], gn[in_]
        gmaxp2 = np.max(np.where(pos & low, grad, -np.inf))
        gmaxn2 = np.max(np.where(neg & up, -grad, -np.inf))
        if max(gmaxp + gmaxp2, gmaxn + gmaxn2) < eps:
            break
        kp = _rbf(x[ip : ip + 1], x, gamma)[0] if np.isfinite(gmaxp) else np.zeros(n)
        kn = _rbf(x[in_ : in_ + 1], x, gamma)[0] if np.isfinite(gmaxn) else np.zeros(n)
        best, j, i = np.inf, -1, -1
        dp = gmaxp + grad
        cand = pos & low & (dp > 0)
        if cand.any():
            quad = np.maximum(1.0 + diag - 2.0 * kp, TAU)
            obj = np.where(cand, -dp * dp / quad, np.inf)
            k = int(np.argmin(obj))
            if obj[k] < best:
                best, j, i = obj[k], k, ip
        dn = gmaxn - grad
        cand = neg & up & (dn > 0)
        if cand.any():
            quad = np.maximum(1.0 + diag - 2.0 * kn, TAU)
            obj = np.where(cand, -dn * dn / quad, np.inf)
            k = int(np.argmin(obj))
            if obj[k] < best:
                best, j, i = obj[k], k, in_
        if j < 0:
            break
        ki = kp if i == ip else kn
        kj = _rbf(x[j : j + 1], x, gamma)[0]
        quad = max(2.0 - 2.0 * ki[j], TAU)
        old_i, old_j = alpha[i], alpha[j]
        delta = (grad[i] - grad[j]) / quad
        total = old_i + old_j
        ai = min(max(old_i - delta, max(0.0, total - 1.0)), min(1.0, total))
        alpha[i], alpha[j] = ai, total - ai
        yi = y[i]
        grad += y * yi * (ki * (alpha[i] - old_i) + kj * (alpha[j] - old_j))
    rs = []
    for label in (1, -1):
        sel = y == label
        free = sel & (alpha > 0) & (alpha < 1)
        if free.any():
            rs.append(float(np.mean(grad[free])))
        else:
            ub = np.min(grad[sel & (alpha <= 0)], initial=np.inf)
            lb = np.max(grad[sel & (alpha >= 1)], initial=-np.inf)
            rs.append((ub + lb) / 2.0)
    r, rho = (rs[0] + rs[1]) / 2.0, (rs[0] - rs[1]) / 2.0
    return alpha * y / r, -rho / r, it


def _data(n: int, seed: int, shift: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = np.where(rng.random(n) < 0.5, 1, -1)
    return rng.normal(0, 1, (n, 2)) + shift * np.c_[y, np.zeros(n)], y


def main() -> None:
    from sklearn.svm import NuSVC

    head = f"{'shift':>5} {'nu':>4} {'samples':>8} {'libsvm s':>9} {'acc':>6} {'numpy s':>9}"
    print(head, f"{'acc':>6} {'iters':>7}")
    for shift, nu, n in ((2.0, 0.1, 1000), (2.0, 0.1, 10000), (1.0, 0.4, 1000), (1.0, 0.4, 10000)):
        xt, yt = _data(2000, 99, shift)
        x, y = _data(n, n, shift)
        t = time.perf_counter()
        model = NuSVC(nu=nu, kernel="rbf", gamma=0.5, tol=1e-3).fit(x, y)
        t_lib = time.perf_counter() - t
        acc_lib = float(np.mean(model.predict(xt) == yt))
        t = time.perf_counter()
        coef, b, iters = smo_nu(x, y, nu, 0.5, 1e-3)
        t_np = time.perf_counter() - t
        sv = np.nonzero(coef)[0]
        pred = np.where(_rbf(xt, x[sv], 0.5) @ coef[sv] + b > 0, 1, -1)
        acc_np = float(np.mean(pred == yt))
        row = f"{shift:>5} {nu:>4} {n:>8} {t_lib:>9.3f} {acc_lib:>6.3f} {t_np:>9.3f}"
        print(row, f"{acc_np:>6.3f} {iters:>7}")


if __name__ == "__main__":
    main()
