"""Multilayer-perceptron classifiers (``*_class_mlp``): create, add samples, train,
classify, evaluate, query, save and load.

The network, preprocessing and training are described in :mod:`._mlp`. Facts from HALCON's
reference (create_class_mlp, add_sample_class_mlp, classify_class_mlp): OutputFunction
'softmax' is for classification, where a sample's Target is its class index (0 ...
NumOutput - 1) or a vector of NumOutput zeros and ones; for 'logistic' and 'linear' Target
has NumOutput values. classify_class_mlp works for 'softmax' networks only and returns the
Num most probable classes with their probabilities (the softmax outputs).
'canonical_variates' preprocessing is not available in hdlite (HALCON's wrong-value error).

Files (write_class_mlp / read_class_mlp) are hdlite's own: a NumPy ``.npz`` archive
(read without pickle) holding ``meta`` (JSON: format name and version, architecture and
settings) and the arrays ``w1``, ``w2``, ``mean``, ``transform``, ``samples``,
``targets``. A file that is not one is HALCON's 5238 (wrong file format); a missing one 5200.
"""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
from hdlite_image._common import check_count

from hdlite.plugin import CallContext, ControlIn, ControlOut, Param, operator

from ._mlp import Mlp
from ._model_files import read_file, write_file

_FORMAT = "hdlite-class-mlp"
_VERSION = 1
_HANDLE = ControlIn("MLPHandle", types="handle", count=1, sem="class_mlp")
_OUTPUTS = ("softmax", "logistic", "linear")
_PREPROCESSING = ("none", "normalization", "principal_components", "canonical_variates")


def _int(name: str, default: int) -> Param:
    return ControlIn(name, types="integer", count=1, default=default)


@operator(
    "create_class_mlp",
    _int("NumInput", 20),
    _int("NumHidden", 10),
    _int("NumOutput", 5),
    ControlIn("OutputFunction", types="string", count=1, default="softmax", values=_OUTPUTS),
    ControlIn(
        "Preprocessing", types="string", count=1, default="normalization", values=_PREPROCESSING
    ),
    _int("NumComponents", 10),
    _int("RandSeed", 42),
    ControlOut("MLPHandle", types="handle", count=1),
)
def create_class_mlp(
    ctx: CallContext,
    num_input: tuple,
    num_hidden: tuple,
    num_output: tuple,
    output: tuple,
    preprocessing: tuple,
    components: tuple,
    seed: tuple,
) -> tuple:
    """Create a multilayer perceptron with one hidden layer."""
    for name, value in (
        ("NumInput", num_input),
        ("NumHidden", num_hidden),
        ("NumOutput", num_output),
    ):
        if value[0] < 1:
            raise ctx.param_error("value", name, f"must be at least 1, got {value[0]}")
    sizes = {"NumInput": num_input[0], "NumHidden": num_hidden[0], "NumOutput": num_output[0]}
    ni, nh, no = sizes.values()
    weights = ni * ni + (ni + 1) * nh + (nh + 1) * no  # preprocessing and the two layers
    check_count(ctx, weights, max(sizes, key=lambda name: sizes[name]), 8)
    if preprocessing[0] == "canonical_variates":
        raise ctx.param_error("value", "Preprocessing", "'canonical_variates' is not supported")
    if preprocessing[0] == "principal_components" and not 1 <= components[0] <= num_input[0]:
        raise ctx.param_error(
            "value", "NumComponents", f"must be 1 ... NumInput, got {components[0]}"
        )
    mlp = Mlp(
        num_input[0],
        num_hidden[0],
        num_output[0],
        output[0],
        preprocessing[0],
        components[0],
        seed[0],
    )
    return ((ctx.new_handle("class_mlp", mlp),),)


def _mlp(handle: tuple) -> Mlp:
    return handle[0].obj


def _features(ctx: CallContext, mlp: Mlp, features: tuple) -> np.ndarray:
    if len(features) != mlp.num_input:
        raise ctx.param_error(
            "count", "Features", f"{len(features)} values for {mlp.num_input} inputs"
        )
    return np.asarray(features, dtype=np.float64)


@operator(
    "add_sample_class_mlp",
    _HANDLE,
    ControlIn("Features", types="number"),
    ControlIn("Target", types="number"),
)
def add_sample_class_mlp(ctx: CallContext, handle: tuple, features: tuple, target: tuple) -> tuple:
    """Store a training sample: features and the target (class index for 'softmax')."""
    mlp = _mlp(handle)
    x = _features(ctx, mlp, features)
    if mlp.output_function == "softmax" and len(target) == 1:
        k = target[0]
        if not (isinstance(k, int) and 0 <= k < mlp.num_output):
            raise ctx.param_error(
                "value", "Target", f"class index 0 ... {mlp.num_output - 1}, got {k!r}"
            )
        t = np.zeros(mlp.num_output)
        t[k] = 1.0
    elif len(target) == mlp.num_output:
        t = np.asarray(target, dtype=np.float64)
        if mlp.output_function == "softmax" and not (np.all((t == 0) | (t == 1)) and t.sum() == 1):
            raise ctx.param_error("value", "Target", "one 1 and otherwise 0 for 'softmax'")
    else:
        raise ctx.param_error(
            "count", "Target", f"{len(target)} values for {mlp.num_output} outputs"
        )
    mlp.samples.append(x)
    mlp.targets.append(t)
    return ()


@operator(
    "train_class_mlp",
    _HANDLE,
    _int("MaxIterations", 200),
    ControlIn("WeightTolerance", types="number", count=1, default=1.0),
    ControlIn("ErrorTolerance", types="number", count=1, default=0.01),
    ControlOut("Error", types="real", count=1),
    ControlOut("ErrorLog", types="real"),
)
def train_class_mlp(
    ctx: CallContext, handle: tuple, max_iter: tuple, weight_tol: tuple, error_tol: tuple
) -> tuple:
    """Train the network on its stored samples; the mean error per sample and its log."""
    mlp = _mlp(handle)
    if not mlp.samples:
        raise ctx.param_error("value", "MLPHandle", "no training samples stored")
    if max_iter[0] < 1:
        raise ctx.param_error("value", "MaxIterations", f"must be at least 1, got {max_iter[0]}")
    if mlp.preprocessing == "principal_components" and len(mlp.samples) < 2:
        raise ctx.param_error("value", "MLPHandle", "principal components need 2 samples")
    err, log = mlp.train(max_iter[0], float(weight_tol[0]), float(error_tol[0]))
    return (err,), tuple(log)


@operator(
    "evaluate_class_mlp",
    _HANDLE,
    ControlIn("Features", types="number"),
    ControlOut("Result", types="real"),
)
def evaluate_class_mlp(ctx: CallContext, handle: tuple, features: tuple) -> tuple:
    """The network's outputs for one feature vector."""
    mlp = _mlp(handle)
    y = mlp.evaluate(_features(ctx, mlp, features)[None])[0]
    return (tuple(float(v) for v in y),)


@operator(
    "classify_class_mlp",
    _HANDLE,
    ControlIn("Features", types="number"),
    ControlIn("Num", types="integer", count=1, default=1),
    ControlOut("Class", types="integer"),
    ControlOut("Confidence", types="real"),
)
def classify_class_mlp(ctx: CallContext, handle: tuple, features: tuple, num: tuple) -> tuple:
    """The Num most probable classes of a feature vector and their probabilities."""
    mlp = _mlp(handle)
    if mlp.output_function != "softmax":
        raise ctx.param_error("value", "MLPHandle", "classification needs OutputFunction 'softmax'")
    if num[0] < 1:
        raise ctx.param_error("value", "Num", f"must be at least 1, got {num[0]}")
    y = mlp.evaluate(_features(ctx, mlp, features)[None])[0]
    order = np.argsort(-y, kind="stable")[: num[0]]
    return tuple(int(k) for k in order), tuple(float(y[k]) for k in order)


@operator("get_sample_num_class_mlp", _HANDLE, ControlOut("NumSamples", types="integer", count=1))
def get_sample_num_class_mlp(ctx: CallContext, handle: tuple) -> tuple:
    """Number of stored training samples."""
    return ((len(_mlp(handle).samples),),)


@operator(
    "get_sample_class_mlp",
    _HANDLE,
    ControlIn("IndexSample", types="integer", count=1),
    ControlOut("Features", types="real"),
    ControlOut("Target", types="real"),
)
def get_sample_class_mlp(ctx: CallContext, handle: tuple, index: tuple) -> tuple:
    """Features and target vector of the stored sample IndexSample (0-based)."""
    mlp = _mlp(handle)
    if not 0 <= index[0] < len(mlp.samples):
        raise ctx.param_error("value", "IndexSample", f"{index[0]} out of range")
    i = index[0]
    return tuple(float(v) for v in mlp.samples[i]), tuple(float(v) for v in mlp.targets[i])


@operator(
    "get_params_class_mlp",
    _HANDLE,
    ControlOut("NumInput", types="integer", count=1),
    ControlOut("NumHidden", types="integer", count=1),
    ControlOut("NumOutput", types="integer", count=1),
    ControlOut("OutputFunction", types="string", count=1),
    ControlOut("Preprocessing", types="string", count=1),
    ControlOut("NumComponents", types="integer", count=1),
)
def get_params_class_mlp(ctx: CallContext, handle: tuple) -> tuple:
    """The parameters the network was created with."""
    m = _mlp(handle)
    values = (m.num_input, m.num_hidden, m.num_output, m.output_function, m.preprocessing)
    return (*((v,) for v in values), (m.num_components,))


@operator("clear_samples_class_mlp", _HANDLE)
def clear_samples_class_mlp(ctx: CallContext, handle: tuple) -> tuple:
    """Remove the stored training samples (the trained weights stay)."""
    mlp = _mlp(handle)
    mlp.samples.clear()
    mlp.targets.clear()
    return ()


@operator("clear_class_mlp", ControlIn("MLPHandle", types="handle", sem="class_mlp"))
def clear_class_mlp(ctx: CallContext, handle: tuple) -> tuple:
    """Free classifiers; any later use of their handles is error 2454."""
    for h in handle:
        h.clear()
    return ()


@operator("write_class_mlp", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_class_mlp(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Save the classifier (network, preprocessing and samples) to a file."""
    m = _mlp(handle)
    meta = {
        "format": _FORMAT,
        "version": _VERSION,
        "num_input": m.num_input,
        "num_hidden": m.num_hidden,
        "num_output": m.num_output,
        "output_function": m.output_function,
        "preprocessing": m.preprocessing,
        "num_components": m.num_components,
        "seed": m.seed,
    }
    buffer = io.BytesIO()
    np.savez(
        buffer,
        meta=np.array(json.dumps(meta)),
        w1=m.w1,
        w2=m.w2,
        mean=m.mean,
        transform=m.transform,
        samples=np.array(m.samples, dtype=np.float64).reshape(len(m.samples), m.num_input),
        targets=np.array(m.targets, dtype=np.float64).reshape(len(m.targets), m.num_output),
    )
    write_file(ctx, name[0], buffer.getvalue(), reason=False)
    return ()


@operator(
    "read_class_mlp",
    ControlIn("FileName", types="string", count=1),
    ControlOut("MLPHandle", types="handle", count=1),
)
def read_class_mlp(ctx: CallContext, name: tuple) -> tuple:
    """Load a classifier written by write_class_mlp."""
    data = read_file(ctx, name[0], reason=False)
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            meta = json.loads(str(arrays["meta"]))
            if meta.get("format") != _FORMAT or meta.get("version") != _VERSION:
                raise ValueError("not an hdlite MLP file")
            m = Mlp(
                meta["num_input"],
                meta["num_hidden"],
                meta["num_output"],
                meta["output_function"],
                meta["preprocessing"],
                meta["num_components"],
                meta["seed"],
            )
            w1, w2 = arrays["w1"], arrays["w2"]
            if w1.shape != m.w1.shape or w2.shape != m.w2.shape:
                raise ValueError("weights do not fit the architecture")
            m.w1, m.w2, m.mean, m.transform = w1, w2, arrays["mean"], arrays["transform"]
            m.samples = list(arrays["samples"])
            m.targets = list(arrays["targets"])
    except (ValueError, KeyError, TypeError, OSError, zipfile.BadZipFile, json.JSONDecodeError):
        raise ctx.error(5238, f"{name[0]}: not an MLP classifier file") from None
    return ((ctx.new_handle("class_mlp", m),),)
