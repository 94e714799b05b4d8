"""Gaussian-mixture classifiers (``*_class_gmm``): create, add samples, train, classify,
evaluate, query, save and load.

The model, EM training and the probabilities are described in :mod:`._gmm`. Signatures
and defaults are HALCON's (create_class_gmm: NumDim 3, NumClasses 5, NumCenters 1,
CovarType 'spherical', Preprocessing 'normalization', NumComponents 10, RandSeed 42;
train_class_gmm: MaxIter 100, Threshold 0.001, ClassPriors 'training', Regularize 0.0001;
classify_class_gmm: Num 1; add_sample_class_gmm: Randomize 0.0). NumCenters holds one
value, [min, max], or a [min, max] pair per class. 'canonical_variates' preprocessing is
not available in hdlite (HALCON's wrong-value error, as for the MLP).
get_params_class_gmm returns NumDim, NumClasses, MinCenters, MaxCenters and CovarType;
MinCenters/MaxCenters hold one value for every class, or one per class where NumCenters
gave them per class [unverified]. A classifier must be trained before it classifies.

Files (write_class_gmm / read_class_gmm) are hdlite's own array model files
(:mod:`._model_files`, kind 'class_gmm'): parameters as JSON, the stored samples, the
preprocessing and every class's centres. A file that is not one is 5238; a missing one 5200.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hdlite_image._common import check_count

from hdlite.plugin import CallContext, ControlIn, ControlOut, Param, operator

from ._gmm import Centres, Gmm, finite, floats
from ._model_files import read_model, write_model

_KIND = "class_gmm"
_HANDLE = ControlIn("GMMHandle", types="handle", count=1, sem="class_gmm")
_COVAR = ("spherical", "diag", "full")
_PREPROCESSING = ("none", "normalization", "principal_components", "canonical_variates")


def _int(name: str, default: int) -> Param:
    return ControlIn(name, types="integer", count=1, default=default)


def _bounds(ctx: CallContext, centers: tuple, classes: int) -> tuple[list[int], list[int]]:
    if len(centers) not in (1, 2, 2 * classes):
        raise ctx.param_error(
            "count", "NumCenters", f"{len(centers)} values: 1, 2 or 2 x NumClasses expected"
        )
    if any(c < 1 for c in centers):
        raise ctx.param_error("value", "NumCenters", "every number of centres must be >= 1")
    if len(centers) == 1:
        return [centers[0]] * classes, [centers[0]] * classes
    lo, hi = list(centers[0::2]), list(centers[1::2])
    if any(a > b for a, b in zip(lo, hi, strict=True)):
        raise ctx.param_error("value", "NumCenters", "a minimum exceeds its maximum")
    if len(lo) == 1:
        lo, hi = lo * classes, hi * classes
    return lo, hi


@operator(
    "create_class_gmm",
    _int("NumDim", 3),
    _int("NumClasses", 5),
    ControlIn("NumCenters", types="integer", default=1),
    ControlIn("CovarType", types="string", count=1, default="spherical", values=_COVAR),
    ControlIn(
        "Preprocessing", types="string", count=1, default="normalization", values=_PREPROCESSING
    ),
    _int("NumComponents", 10),
    _int("RandSeed", 42),
    ControlOut("GMMHandle", types="handle", count=1),
)
def create_class_gmm(
    ctx: CallContext,
    num_dim: tuple,
    num_classes: tuple,
    centers: tuple,
    covar: tuple,
    preprocessing: tuple,
    components: tuple,
    seed: tuple,
) -> tuple:
    """Create a Gaussian Mixture Model classifier of NumClasses classes in NumDim
    dimensions."""
    for name, value in (("NumDim", num_dim), ("NumClasses", num_classes)):
        if value[0] < 1:
            raise ctx.param_error("value", name, f"must be at least 1, got {value[0]}")
    check_count(ctx, 2.0 * num_classes[0], "NumClasses")
    lo, hi = _bounds(ctx, centers, num_classes[0])
    if preprocessing[0] == "canonical_variates":
        raise ctx.param_error("value", "Preprocessing", "'canonical_variates' is not supported")
    if preprocessing[0] == "principal_components" and not 1 <= components[0] <= num_dim[0]:
        raise ctx.param_error(
            "value", "NumComponents", f"must be 1 ... NumDim, got {components[0]}"
        )
    d = components[0] if preprocessing[0] == "principal_components" else num_dim[0]
    check_count(ctx, float(num_dim[0]) * d + float(max(hi)) * num_classes[0] * d * d, "NumDim")
    gmm = Gmm(
        num_dim[0], num_classes[0], lo, hi, covar[0], preprocessing[0], components[0], seed[0]
    )
    gmm.centers_given = len(centers)
    return ((ctx.new_handle(_KIND, gmm),),)


def _gmm(handle: tuple) -> Gmm:
    return handle[0].obj


def _features(ctx: CallContext, gmm: Gmm, features: tuple) -> np.ndarray:
    if len(features) != gmm.num_dim:
        raise ctx.param_error("count", "Features", f"{len(features)} values for {gmm.num_dim}")
    x = floats(features)
    if x is None:
        raise ctx.param_error("value", "Features", "features must be finite numbers")
    return x


def _trained(ctx: CallContext, handle: tuple) -> Gmm:
    gmm = _gmm(handle)
    if not gmm.trained:
        raise ctx.param_error("value", "GMMHandle", "the GMM has not been trained")
    return gmm


@operator(
    "add_sample_class_gmm",
    _HANDLE,
    ControlIn("Features", types="number"),
    ControlIn("ClassID", types="integer", count=1),
    ControlIn("Randomize", types="number", count=1, default=0.0),
)
def add_sample_class_gmm(
    ctx: CallContext, handle: tuple, features: tuple, class_id: tuple, randomize: tuple
) -> tuple:
    """Store a training sample of class ClassID; Randomize > 0 adds Gaussian noise of that
    standard deviation during training."""
    gmm = _gmm(handle)
    x = _features(ctx, gmm, features)
    if not 0 <= class_id[0] < gmm.num_classes:
        raise ctx.param_error("value", "ClassID", f"0 ... {gmm.num_classes - 1}, got {class_id[0]}")
    if not (finite(randomize[0]) and randomize[0] >= 0):
        raise ctx.param_error("value", "Randomize", f"must be >= 0, got {randomize[0]}")
    gmm.samples.append(x)
    gmm.class_ids.append(int(class_id[0]))
    gmm.randomize.append(float(randomize[0]))
    return ()


@operator(
    "train_class_gmm",
    _HANDLE,
    _int("MaxIter", 100),
    ControlIn("Threshold", types="number", count=1, default=0.001),
    ControlIn(
        "ClassPriors", types="string", count=1, default="training", values=("training", "uniform")
    ),
    ControlIn("Regularize", types="number", count=1, default=0.0001),
    ControlOut("Centers", types="integer"),
    ControlOut("Iter", types="integer"),
)
def train_class_gmm(
    ctx: CallContext,
    handle: tuple,
    max_iter: tuple,
    threshold: tuple,
    priors: tuple,
    regularize: tuple,
) -> tuple:
    """Train every class's mixture with EM; the number of centres and the iterations per
    class."""
    gmm = _gmm(handle)
    if max_iter[0] < 0:
        raise ctx.param_error("value", "MaxIter", f"must be >= 0, got {max_iter[0]}")
    if not (finite(threshold[0]) and 0 <= threshold[0] <= 1):
        raise ctx.param_error("value", "Threshold", f"must be in 0 ... 1, got {threshold[0]}")
    if not (finite(regularize[0]) and 0 <= regularize[0] < 1):
        raise ctx.param_error("value", "Regularize", f"must be in 0 ... 1, got {regularize[0]}")
    present = np.bincount(gmm.class_ids, minlength=gmm.num_classes)
    if np.any(present == 0):
        missing = int(np.argmin(present))
        raise ctx.param_error("value", "GMMHandle", f"no training samples of class {missing}")
    try:
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            centres, iters = gmm.train(
                max_iter[0], float(threshold[0]), priors[0], float(regularize[0])
            )
    except (np.linalg.LinAlgError, ValueError, FloatingPointError) as exc:
        gmm.mixtures = []
        raise ctx.param_error("value", "GMMHandle", f"training failed ({exc})") from None
    return tuple(centres), tuple(iters)


def _evaluate(ctx: CallContext, gmm: Gmm, features: tuple) -> tuple[np.ndarray, np.ndarray]:
    log_joint, ksigma = gmm.evaluate(_features(ctx, gmm, features)[None])
    return np.exp(log_joint[0]), ksigma[0]


@operator(
    "evaluate_class_gmm",
    _HANDLE,
    ControlIn("Features", types="number"),
    ControlOut("ClassProb", types="real"),
    ControlOut("Density", types="real", count=1),
    ControlOut("KSigmaProb", types="real", count=1),
)
def evaluate_class_gmm(ctx: CallContext, handle: tuple, features: tuple) -> tuple:
    """p(i|x) = Pr(i) p(x|i) of every class, the density p(x) and the k-sigma probability
    of the most probable class."""
    joint, ksigma = _evaluate(ctx, _trained(ctx, handle), features)
    best = int(np.argmax(joint))
    return tuple(float(v) for v in joint), (float(joint.sum()),), (float(ksigma[best]),)


@operator(
    "classify_class_gmm",
    _HANDLE,
    ControlIn("Features", types="number"),
    _int("Num", 1),
    ControlOut("ClassID", types="integer"),
    ControlOut("ClassProb", types="real"),
    ControlOut("Density", types="real"),
    ControlOut("KSigmaProb", types="real"),
)
def classify_class_gmm(ctx: CallContext, handle: tuple, features: tuple, num: tuple) -> tuple:
    """The Num most probable classes with their normalised probabilities, densities and
    k-sigma probabilities."""
    gmm = _trained(ctx, handle)
    if num[0] < 1:
        raise ctx.param_error("value", "Num", f"must be at least 1, got {num[0]}")
    log_joint, ksigma = gmm.evaluate(_features(ctx, gmm, features)[None])
    lj = log_joint[0]
    top = np.max(lj)
    prob = np.exp(lj - top) / np.exp(lj - top).sum() if np.isfinite(top) else np.zeros_like(lj)
    order = np.argsort(-prob, kind="stable")[: num[0]]
    return (
        tuple(int(k) for k in order),
        tuple(float(prob[k]) for k in order),
        tuple(float(np.exp(lj[k])) for k in order),
        tuple(float(ksigma[0, k]) for k in order),
    )


@operator(
    "get_params_class_gmm",
    _HANDLE,
    ControlOut("NumDim", types="integer", count=1),
    ControlOut("NumClasses", types="integer", count=1),
    ControlOut("MinCenters", types="integer"),
    ControlOut("MaxCenters", types="integer"),
    ControlOut("CovarType", types="string", count=1),
)
def get_params_class_gmm(ctx: CallContext, handle: tuple) -> tuple:
    """The parameters the GMM was created with."""
    g = _gmm(handle)
    per_class = g.centers_given > 2
    lo = tuple(g.min_centers) if per_class else (g.min_centers[0],)
    hi = tuple(g.max_centers) if per_class else (g.max_centers[0],)
    return (g.num_dim,), (g.num_classes,), lo, hi, (g.covar_type,)


@operator("get_sample_num_class_gmm", _HANDLE, ControlOut("NumSamples", types="integer", count=1))
def get_sample_num_class_gmm(ctx: CallContext, handle: tuple) -> tuple:
    """Number of stored training samples."""
    return ((len(_gmm(handle).samples),),)


@operator(
    "get_sample_class_gmm",
    _HANDLE,
    _int("NumSample", 0),
    ControlOut("Features", types="real"),
    ControlOut("ClassID", types="integer", count=1),
)
def get_sample_class_gmm(ctx: CallContext, handle: tuple, index: tuple) -> tuple:
    """Features and class of the stored sample NumSample (0-based)."""
    gmm = _gmm(handle)
    if not 0 <= index[0] < len(gmm.samples):
        raise ctx.param_error("value", "NumSample", f"{index[0]} out of range")
    i = index[0]
    return tuple(float(v) for v in gmm.samples[i]), (gmm.class_ids[i],)


@operator("clear_samples_class_gmm", ControlIn("GMMHandle", types="handle", sem="class_gmm"))
def clear_samples_class_gmm(ctx: CallContext, handle: tuple) -> tuple:
    """Remove the stored training samples (the trained mixtures stay)."""
    for h in handle:
        gmm: Gmm = h.obj
        gmm.samples.clear()
        gmm.class_ids.clear()
        gmm.randomize.clear()
    return ()


@operator("clear_class_gmm", ControlIn("GMMHandle", types="handle", sem="class_gmm"))
def clear_class_gmm(ctx: CallContext, handle: tuple) -> tuple:
    """Free classifiers; any later use of their handles is error 2454."""
    for h in handle:
        h.clear()
    return ()


@operator("write_class_gmm", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_class_gmm(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Save the classifier (parameters, samples, preprocessing and mixtures) to a file."""
    g = _gmm(handle)
    params: dict[str, Any] = {
        "num_dim": g.num_dim,
        "num_classes": g.num_classes,
        "min_centers": g.min_centers,
        "max_centers": g.max_centers,
        "centers_given": g.centers_given,
        "covar_type": g.covar_type,
        "preprocessing": g.preprocessing,
        "num_components": g.num_components,
        "seed": g.seed,
        "trained": g.trained,
    }
    nf = g.num_features
    mixes = g.mixtures
    arrays = {
        "samples": np.array(g.samples, dtype=np.float64).reshape(len(g.samples), g.num_dim),
        "class_ids": np.array(g.class_ids, dtype=np.int64),
        "randomize": np.array(g.randomize, dtype=np.float64),
        "mean": g.mean,
        "transform": g.transform,
        "priors": g.priors,
        "counts": np.array([len(m.weights) for m in mixes], dtype=np.int64),
        "weights": np.concatenate([m.weights for m in mixes]) if mixes else np.zeros(0),
        "means": np.concatenate([m.means for m in mixes]) if mixes else np.zeros((0, nf)),
        "covs": np.concatenate([m.covs for m in mixes]) if mixes else np.zeros((0, nf, nf)),
    }
    write_model(ctx, name[0], _KIND, params, arrays)
    return ()


def _restore(params: dict[str, Any], arrays: dict[str, np.ndarray]) -> Gmm:
    d = int(params["num_dim"])
    pca = params["preprocessing"] == "principal_components"
    if arrays["transform"].shape != (d, int(params["num_components"]) if pca else d):
        raise ValueError("preprocessing does not fit")  # before anything is allocated
    g = Gmm(
        int(params["num_dim"]),
        int(params["num_classes"]),
        [int(v) for v in params["min_centers"]],
        [int(v) for v in params["max_centers"]],
        str(params["covar_type"]),
        str(params["preprocessing"]),
        int(params["num_components"]),
        int(params["seed"]),
        int(params["centers_given"]),
    )
    d, c, nf = g.num_dim, g.num_classes, g.num_features
    if not (d >= 1 and c >= 1 and 1 <= nf and len(g.min_centers) == len(g.max_centers) == c):
        raise ValueError("parameters out of range")
    if g.covar_type not in _COVAR or g.preprocessing not in _PREPROCESSING[:3]:
        raise ValueError("unknown covariance type or preprocessing")
    samples, ids = arrays["samples"], arrays["class_ids"]
    randomize = arrays["randomize"]
    if samples.shape != (len(ids), d) or randomize.shape != ids.shape:
        raise ValueError("sample arrays do not fit")
    if len(ids) and not (ids.min() >= 0 and ids.max() < c):
        raise ValueError("class index out of range")
    if arrays["mean"].shape != (d,) or arrays["transform"].shape != (d, nf):
        raise ValueError("preprocessing does not fit")
    if arrays["priors"].shape != (c,):
        raise ValueError("priors do not fit")
    g.samples = [np.array(row) for row in samples]
    g.class_ids = [int(v) for v in ids]
    g.randomize = [float(v) for v in randomize]
    g.mean, g.transform, g.priors = (
        np.array(arrays[k], dtype=np.float64) for k in ("mean", "transform", "priors")
    )
    counts, weights = arrays["counts"], arrays["weights"]
    means, covs = arrays["means"], arrays["covs"]
    total = int(counts.sum()) if counts.size else 0
    if params["trained"]:
        if counts.shape != (c,) or np.any(counts < 1):
            raise ValueError("centre counts do not fit")
        if weights.shape != (total,) or means.shape != (total, nf) or covs.shape != (total, nf, nf):
            raise ValueError("centre arrays do not fit")
        starts = np.concatenate([[0], np.cumsum(counts)])
        g.mixtures = [
            Centres(
                np.array(weights[a:b]), np.array(means[a:b], dtype=np.float64), np.array(covs[a:b])
            )
            for a, b in itertools.pairwise(starts)
        ]
    return g


@operator(
    "read_class_gmm",
    ControlIn("FileName", types="string", count=1),
    ControlOut("GMMHandle", types="handle", count=1),
)
def read_class_gmm(ctx: CallContext, name: tuple) -> tuple:
    """Load a classifier written by write_class_gmm."""
    params, arrays = read_model(ctx, name[0], _KIND)
    try:
        g = _restore(params, arrays)
    except (ValueError, KeyError, TypeError, IndexError, np.linalg.LinAlgError) as exc:
        raise ctx.error(5238, f"{name[0]}: damaged GMM classifier file ({exc})") from None
    return ((ctx.new_handle(_KIND, g),),)
