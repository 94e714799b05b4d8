"""k-nearest-neighbour classifiers (``*_class_knn``): create, add samples, train, set and
get parameters, classify, query, save and load.

The search and the methods are described in :mod:`._knn`. Signatures are HALCON's
(create_class_knn(NumDim : KNNHandle), add_sample_class_knn(KNNHandle, Features, ClassID),
train_class_knn / set_params_class_knn (KNNHandle, GenParamName, GenParamValue),
get_params_class_knn(KNNHandle, GenParamName : GenParamValue), classify_class_knn
(KNNHandle, Features : Result, Rating), get_sample_class_knn(KNNHandle, IndexSample :
Features, ClassID)). add_sample_class_knn takes several feature vectors at once (Features
a multiple of NumDim long) with one ClassID for all or one each; class IDs are >= 0.
A classifier must be trained before it classifies. NumDim's default 10 is [unverified].

Files (write_class_knn / read_class_knn) are hdlite's own array model files
(:mod:`._model_files`, kind 'class_knn'); reading rebuilds the search tree. A file that is
not one is 5238; a missing one 5200.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hdlite_image._common import check_count

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from ._gmm import finite, floats
from ._knn import DEFAULTS, METHODS, Knn
from ._model_files import read_model, write_model

_KIND = "class_knn"
_HANDLE = ControlIn("KNNHandle", types="handle", count=1, sem="class_knn")
_NAMES = ControlIn("GenParamName", types="string")
_VALUES = ControlIn("GenParamValue", types=("number", "string"))


@operator(
    "create_class_knn",
    ControlIn("NumDim", types="integer", count=1, default=10),
    ControlOut("KNNHandle", types="handle", count=1),
)
def create_class_knn(ctx: CallContext, num_dim: tuple) -> tuple:
    """Create a k-NN classifier for feature vectors of NumDim values."""
    if num_dim[0] < 1:
        raise ctx.param_error("value", "NumDim", f"must be at least 1, got {num_dim[0]}")
    check_count(ctx, float(num_dim[0]) * 2, "NumDim")
    return ((ctx.new_handle(_KIND, Knn(num_dim[0])),),)


def _knn(handle: tuple) -> Knn:
    return handle[0].obj


@operator(
    "add_sample_class_knn",
    _HANDLE,
    ControlIn("Features", types="number"),
    ControlIn("ClassID", types="integer"),
)
def add_sample_class_knn(ctx: CallContext, handle: tuple, features: tuple, ids: tuple) -> tuple:
    """Store one or more feature vectors with their classes (one ClassID for all, or one
    per vector)."""
    knn = _knn(handle)
    if not features or len(features) % knn.num_dim:
        raise ctx.param_error(
            "count", "Features", f"{len(features)} values: a multiple of {knn.num_dim} expected"
        )
    values = floats(features)
    if values is None:
        raise ctx.param_error("value", "Features", "features must be finite numbers")
    x = values.reshape(-1, knn.num_dim)
    if len(ids) not in (1, len(x)):
        raise ctx.param_error("count", "ClassID", f"{len(ids)} IDs for {len(x)} vectors")
    if any(c < 0 for c in ids):
        raise ctx.param_error("value", "ClassID", "class IDs must be >= 0")
    knn.samples.extend(x)
    knn.class_ids.extend([int(ids[0])] * len(x) if len(ids) == 1 else [int(c) for c in ids])
    return ()


def _pairs(ctx: CallContext, names: tuple, values: tuple) -> list[tuple[str, Any]]:
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", f"{len(values)} values for {len(names)}")
    return list(zip(names, values, strict=True))


def _int_value(ctx: CallContext, name: str, value: Any, low: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise ctx.param_error("value", "GenParamValue", f"{name!r}: an integer >= {low} expected")
    return value


@operator("train_class_knn", _HANDLE, _NAMES, _VALUES)
def train_class_knn(ctx: CallContext, handle: tuple, names: tuple, values: tuple) -> tuple:
    """Build the search trees of the stored samples ('num_trees', 'normalization')."""
    knn = _knn(handle)
    trees, normalization = 4, False
    for name, value in _pairs(ctx, names, values):
        if name == "num_trees":
            trees = _int_value(ctx, name, value, 1)
        elif name == "normalization":
            if value not in ("true", "false"):
                raise ctx.param_error("value", "GenParamValue", "'normalization': 'true'/'false'")
            normalization = value == "true"
        else:
            raise ctx.param_error("value", "GenParamName", f"unknown parameter {name!r}")
    if not knn.samples:
        raise ctx.param_error("value", "KNNHandle", "no training samples stored")
    knn.train(trees, normalization)
    return ()


@operator("set_params_class_knn", _HANDLE, _NAMES, _VALUES)
def set_params_class_knn(ctx: CallContext, handle: tuple, names: tuple, values: tuple) -> tuple:
    """Set the classification parameters 'k', 'method', 'max_num_classes', 'num_checks'
    and 'epsilon'."""
    knn = _knn(handle)
    new = dict(knn.params)
    for name, value in _pairs(ctx, names, values):
        if name in ("k", "max_num_classes"):
            new[name] = _int_value(ctx, name, value, 1)
        elif name == "num_checks":
            new[name] = _int_value(ctx, name, value, 0)
        elif name == "method":
            if value not in METHODS:
                raise ctx.param_error("value", "GenParamValue", f"unknown method {value!r}")
            new[name] = value
        elif name == "epsilon":
            if not (finite(value) and value >= 0):
                raise ctx.param_error("value", "GenParamValue", "'epsilon': a number >= 0")
            new[name] = float(value)
        else:
            raise ctx.param_error("value", "GenParamName", f"unknown parameter {name!r}")
    knn.params = new
    return ()


@operator("get_params_class_knn", _HANDLE, _NAMES, ControlOut("GenParamValue"))
def get_params_class_knn(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """The values of the classification parameters named in GenParamName."""
    knn = _knn(handle)
    for name in names:
        if name not in DEFAULTS:
            raise ctx.param_error("value", "GenParamName", f"unknown parameter {name!r}")
    return (tuple(knn.params[name] for name in names),)


def trained(ctx: CallContext, handle: tuple) -> Knn:
    """The classifier, which must have been trained (else 1301)."""
    knn = _knn(handle)
    if knn.tree is None:
        raise ctx.param_error("value", "KNNHandle", "the k-NN classifier has not been trained")
    return knn


@operator(
    "classify_class_knn",
    _HANDLE,
    ControlIn("Features", types="number"),
    ControlOut("Result", types="integer"),
    ControlOut("Rating", types="real"),
)
def classify_class_knn(ctx: CallContext, handle: tuple, features: tuple) -> tuple:
    """Classes (or, for 'neighbors_distance', sample indices) of the nearest neighbours of
    a feature vector, with their ratings."""
    knn = trained(ctx, handle)
    if len(features) != knn.num_dim:
        raise ctx.param_error("count", "Features", f"{len(features)} values for {knn.num_dim}")
    values = floats(features)
    if values is None:
        raise ctx.param_error("value", "Features", "features must be finite numbers")
    x = values[None]
    dist, idx = knn.neighbours(x)
    result, rating = knn.rate(dist[0], idx[0])
    return tuple(result), tuple(rating)


@operator("get_sample_num_class_knn", _HANDLE, ControlOut("NumSamples", types="integer", count=1))
def get_sample_num_class_knn(ctx: CallContext, handle: tuple) -> tuple:
    """Number of stored samples."""
    return ((len(_knn(handle).samples),),)


@operator(
    "get_sample_class_knn",
    _HANDLE,
    ControlIn("IndexSample", types="integer", count=1),
    ControlOut("Features", types="real"),
    ControlOut("ClassID", types="integer", count=1),
)
def get_sample_class_knn(ctx: CallContext, handle: tuple, index: tuple) -> tuple:
    """Features (normalised where training normalised them) and class of a sample."""
    knn = _knn(handle)
    if not 0 <= index[0] < len(knn.samples):
        raise ctx.param_error("value", "IndexSample", f"{index[0]} out of range")
    x = knn.normalize(knn.samples[index[0]])
    return tuple(float(v) for v in x), (knn.class_ids[index[0]],)


@operator("clear_class_knn", ControlIn("KNNHandle", types="handle", sem="class_knn"))
def clear_class_knn(ctx: CallContext, handle: tuple) -> tuple:
    """Free classifiers; any later use of their handles is error 2454."""
    for h in handle:
        h.clear()
    return ()


@operator("write_class_knn", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_class_knn(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Save the classifier (samples, parameters, normalisation) to a file."""
    k = _knn(handle)
    params = {
        "num_dim": k.num_dim,
        "params": k.params,
        "num_trees": k.num_trees,
        "normalization": k.normalization,
        "trained_count": k.trained_count,
    }
    arrays = {
        "samples": np.array(k.samples, dtype=np.float64).reshape(len(k.samples), k.num_dim),
        "class_ids": np.array(k.class_ids, dtype=np.int64),
        "mean": k.mean,
        "std": k.std,
    }
    write_model(ctx, name[0], _KIND, params, arrays)
    return ()


def _restore(params: dict[str, Any], arrays: dict[str, np.ndarray]) -> Knn:
    d = int(params["num_dim"])
    samples, ids = arrays["samples"], arrays["class_ids"]
    if d < 1 or samples.shape != (len(ids), d) or arrays["mean"].shape != (d,):
        raise ValueError("arrays do not fit")
    if arrays["std"].shape != (d,) or not np.all(np.isfinite(arrays["mean"])):
        raise ValueError("normalisation does not fit")
    if not np.all((arrays["std"] > 0) & np.isfinite(arrays["std"])) or np.any(ids < 0):
        raise ValueError("normalisation or classes out of range")
    values = dict(params["params"])
    if set(values) != set(DEFAULTS) or values["method"] not in METHODS:
        raise ValueError("unknown parameters")
    for key in ("k", "max_num_classes"):
        if not (isinstance(values[key], int) and values[key] >= 1):
            raise ValueError(f"{key} out of range")
    if not (isinstance(values["epsilon"], float | int) and values["epsilon"] >= 0):
        raise ValueError("epsilon out of range")
    count = int(params["trained_count"])
    if not 0 <= count <= len(ids) or not np.all(np.isfinite(samples)):
        raise ValueError("trained samples out of range")
    knn = Knn(d, [np.array(row) for row in samples], [int(v) for v in ids], values)
    knn.num_trees, knn.normalization = int(params["num_trees"]), bool(params["normalization"])
    knn.mean, knn.std = np.array(arrays["mean"]), np.array(arrays["std"])
    knn.build(count)
    return knn


@operator(
    "read_class_knn",
    ControlIn("FileName", types="string", count=1),
    ControlOut("KNNHandle", types="handle", count=1),
)
def read_class_knn(ctx: CallContext, name: tuple) -> tuple:
    """Load a classifier written by write_class_knn."""
    params, arrays = read_model(ctx, name[0], _KIND)
    try:
        knn = _restore(params, arrays)
    except (ValueError, KeyError, TypeError, IndexError, OverflowError) as exc:
        raise ctx.error(5238, f"{name[0]}: damaged k-NN classifier file ({exc})") from None
    return ((ctx.new_handle(_KIND, knn),),)
