"""Support vector machine classifiers (``*_class_svm``): create, add samples, train,
classify, evaluate, reduce, query, save and load.

The machines, kernels, preprocessing and solver are described in :mod:`._svm`. Facts from
HALCON's reference (create_class_svm, classify_class_svm, evaluate_class_svm,
train_class_svm, searched with the ``search`` tool; docs.mvtec.com, HALCON 24.11):

* defaults: create_class_svm(10, 'rbf', 0.02, 0.05, 5, 'one-versus-one', 'normalization',
  10), train_class_svm(Epsilon 0.001, TrainMode 'default'), reduce_class_svm('bottom_up',
  2, 0.001), classify_class_svm(Num 1);
* classify_class_svm orders the classes by the votes of the sub-classifiers
  ('one-versus-one') or by each sub-classifier's value ('one-versus-all'); with
  'novelty-detection' Class is 1 for a vector of the trained class and 0 for an outlier,
  and Num must be 1;
* evaluate_class_svm works for 'novelty-detection' only: a Result above 1.0 inside the
  class, below 1.0 for an outlier (hdlite returns the one-class decision value + 1);
* HALCON's SVM error codes (its error header): 3380 no training samples, 3387 Nu too big,
  3390 no support vectors to add to the training set, 3392 not every class has samples,
  3393 SVM not trained.

hdlite's choices [unverified]: 'novelty-detection' needs NumClasses = 1 and the
classification modes at least 2 (else the wrong value of NumClasses); TrainMode
'add_sv_to_train_set' appends the support vectors of the trained SVM to the stored samples
before training; a reduced SVM holds no training samples; get_support_vector_class_svm
returns -1 for a vector made by reduce_class_svm.

Files: :mod:`.class_svm_files`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hdlite_image._common import check_count

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

from ._svm import KERNELS, MODES, PREPROCESSING, InfeasibleNu, Svm
from ._svm_reduce import reduce_svm

_HANDLE = ControlIn("SVMHandle", types="handle", count=1, sem="class_svm")
NO_SAMPLES, NU_TOO_BIG, TRAIN_FAILED, NO_SV_TO_ADD, CLASS_MISSING, NOT_TRAINED = (
    3380,
    3387,
    3388,
    3390,
    3392,
    3393,
)


def svm_of(handle: tuple) -> Svm:
    """The classifier behind a handle."""
    return handle[0].obj


def trained(ctx: CallContext, handle: tuple) -> Svm:
    """The classifier behind a handle; 3393 when it is not trained."""
    svm = svm_of(handle)
    if not svm.trained:
        raise ctx.error(NOT_TRAINED, "the SVM is not trained")
    return svm


def check_settings(
    ctx: CallContext,
    features: int,
    kernel: str,
    param: float,
    nu: float,
    classes: int,
    mode: str,
    prep: str,
    components: int,
    features_name: str = "NumFeatures",
    classes_name: str = "NumClasses",
) -> None:
    """HALCON's wrong-value errors for impossible settings (the parameters that set the
    number of features and of classes are named ``features_name`` and ``classes_name``)."""
    if features < 1:
        raise ctx.param_error("value", features_name, f"must be at least 1, got {features}")
    if kernel == "rbf" and not param > 0:
        raise ctx.param_error("value", "KernelParam", f"gamma must be positive, got {param}")
    if kernel.startswith("polynomial") and not (param >= 1 and float(param).is_integer()):
        raise ctx.param_error("value", "KernelParam", f"degree must be 1, 2, ..., got {param}")
    if kernel.startswith("polynomial") and param > 64:
        raise ctx.param_error("value", "KernelParam", f"degree {param} is too large")
    if not 0 < nu < 1:
        raise ctx.param_error("value", "Nu", f"must lie in (0, 1), got {nu}")
    if mode == "novelty-detection" and classes != 1:
        raise ctx.param_error("value", classes_name, "'novelty-detection' needs 1 class")
    if mode != "novelty-detection" and classes < 2:
        raise ctx.param_error("value", classes_name, f"at least 2 classes, got {classes}")
    if prep in ("principal_components", "canonical_variates") and not (1 <= components <= features):
        raise ctx.param_error(
            "value", "NumComponents", f"must be 1 ... {features}, got {components}"
        )
    check_count(ctx, float(features) * features, features_name, 8)
    machines = classes * (classes - 1) / 2 if mode == "one-versus-one" else classes
    check_count(ctx, float(machines) * 16, classes_name, 8)


@operator(
    "create_class_svm",
    ControlIn("NumFeatures", types="integer", count=1, default=10),
    ControlIn("KernelType", types="string", count=1, default="rbf", values=KERNELS),
    ControlIn("KernelParam", types="number", count=1, default=0.02),
    ControlIn("Nu", types="number", count=1, default=0.05),
    ControlIn("NumClasses", types="integer", count=1, default=5),
    ControlIn("Mode", types="string", count=1, default="one-versus-one", values=MODES),
    ControlIn(
        "Preprocessing", types="string", count=1, default="normalization", values=PREPROCESSING
    ),
    ControlIn("NumComponents", types="integer", count=1, default=10),
    ControlOut("SVMHandle", types="handle", count=1),
)
def create_class_svm(
    ctx: CallContext,
    features: tuple,
    kernel: tuple,
    param: tuple,
    nu: tuple,
    classes: tuple,
    mode: tuple,
    prep: tuple,
    components: tuple,
) -> tuple:
    """Create a nu-support vector machine for NumClasses classes of NumFeatures features."""
    args = (features, kernel, param, nu, classes, mode, prep, components)
    values: list[Any] = [a[0] for a in args]
    values[2], values[3] = float(values[2]), float(values[3])
    check_settings(ctx, *values)
    return ((ctx.new_handle("class_svm", Svm(*values)),),)


def feature_vector(ctx: CallContext, svm: Svm, features: tuple) -> np.ndarray:
    """One feature vector; the wrong count when its length is not NumFeatures."""
    if len(features) != svm.num_features:
        raise ctx.param_error(
            "count", "Features", f"{len(features)} values for {svm.num_features} features"
        )
    x = np.asarray(features, dtype=np.float64)
    if not np.all(np.isfinite(x)):
        raise ctx.param_error("value", "Features", "values must be finite")
    return x


@operator(
    "add_sample_class_svm",
    _HANDLE,
    ControlIn("Features", types="number"),
    ControlIn("Class", types="integer", count=1),
)
def add_sample_class_svm(ctx: CallContext, handle: tuple, features: tuple, cls: tuple) -> tuple:
    """Store a training sample: its feature vector and class (0 ... NumClasses - 1)."""
    svm = svm_of(handle)
    x = feature_vector(ctx, svm, features)
    if not 0 <= cls[0] < svm.num_classes:
        raise ctx.param_error("value", "Class", f"class 0 ... {svm.num_classes - 1}, got {cls[0]}")
    svm.samples.append(x)
    svm.classes.append(int(cls[0]))
    return ()


@operator(
    "train_class_svm",
    _HANDLE,
    ControlIn("Epsilon", types="number", count=1, default=0.001),
    ControlIn(
        "TrainMode",
        types="string",
        count=1,
        default="default",
        values=("default", "add_sv_to_train_set"),
    ),
)
def train_class_svm(ctx: CallContext, handle: tuple, epsilon: tuple, mode: tuple) -> tuple:
    """Train the machines on the stored samples (libsvm's nu-SVM); 'add_sv_to_train_set'
    first adds the support vectors of the trained SVM to the samples."""
    train(ctx, svm_of(handle), epsilon[0], mode[0], None)
    return ()


def train(ctx: CallContext, svm: Svm, epsilon: float, mode: str, index: np.ndarray | None) -> None:
    """Train ``svm`` on its stored samples (errors: module docstring); ``index`` is each
    sample's index in the training set (None: its position)."""
    if not 0 < epsilon < 1:
        raise ctx.param_error("value", "Epsilon", f"must lie in (0, 1), got {epsilon}")
    if mode == "add_sv_to_train_set":
        if not svm.trained or len(svm.sv) == 0:
            raise ctx.error(NO_SV_TO_ADD, "the SVM has no support vectors to add")
        if index is not None:
            index = np.concatenate([index, svm.sv_index])
        svm.samples.extend(svm.sv.copy())
        svm.classes.extend(int(c) for c in svm.sv_class)
    if not svm.samples:
        raise ctx.error(NO_SAMPLES, "no training samples stored")
    x = np.array(svm.samples, dtype=np.float64).reshape(len(svm.samples), svm.num_features)
    y = np.array(svm.classes, dtype=np.int64)
    missing = sorted(set(range(svm.num_classes)) - set(y.tolist()))
    if missing:
        raise ctx.error(CLASS_MISSING, f"no training samples of class {missing[0]}")
    if svm.preprocessing in ("principal_components", "canonical_variates") and len(x) < 2:
        raise ctx.error(NO_SAMPLES, "the preprocessing needs at least 2 samples")
    try:
        svm.train(x, y, np.arange(len(x)) if index is None else index, float(epsilon))
    except InfeasibleNu:
        raise ctx.error(NU_TOO_BIG, f"Nu = {svm.nu} is too big for the class sizes") from None
    except (ValueError, FloatingPointError, np.linalg.LinAlgError) as exc:
        raise ctx.error(TRAIN_FAILED, f"training failed ({exc})") from None


@operator(
    "classify_class_svm",
    _HANDLE,
    ControlIn("Features", types="number"),
    ControlIn("Num", types="integer", count=1, default=1),
    ControlOut("Class", types="integer"),
)
def classify_class_svm(ctx: CallContext, handle: tuple, features: tuple, num: tuple) -> tuple:
    """The Num best classes of a feature vector (by votes or by machine value); for
    'novelty-detection' 1 inside the trained class, 0 for an outlier."""
    svm = trained(ctx, handle)
    limit = 1 if svm.mode == "novelty-detection" else svm.num_classes
    if not 1 <= num[0] <= limit:
        raise ctx.param_error("value", "Num", f"must lie in 1 ... {limit}, got {num[0]}")
    ranking = svm.ranking(feature_vector(ctx, svm, features)[None])[0]
    return (tuple(int(c) for c in ranking[: num[0]]),)


@operator(
    "evaluate_class_svm",
    _HANDLE,
    ControlIn("Features", types="number"),
    ControlOut("Result", types="real"),
)
def evaluate_class_svm(ctx: CallContext, handle: tuple, features: tuple) -> tuple:
    """Novelty detection's value of a feature vector: above 1.0 inside the class, below
    1.0 for an outlier."""
    svm = trained(ctx, handle)
    if svm.mode != "novelty-detection":
        raise ctx.param_error("value", "SVMHandle", "evaluation needs Mode 'novelty-detection'")
    value = svm.decision(feature_vector(ctx, svm, features)[None])[0, 0]
    return ((float(value) + 1.0,),)


@operator(
    "reduce_class_svm",
    _HANDLE,
    ControlIn("Method", types="string", count=1, default="bottom_up", values=("bottom_up",)),
    ControlIn("MinRemainingSV", types="integer", count=1, default=2),
    ControlIn("MaxError", types="number", count=1, default=0.001),
    ControlOut("SVMHandleReduced", types="handle", count=1),
)
def reduce_class_svm(
    ctx: CallContext, handle: tuple, method: tuple, keep: tuple, max_error: tuple
) -> tuple:
    """A new SVM approximating the trained one with fewer support vectors (bottom-up
    merging, at least MinRemainingSV per machine, error at most MaxError)."""
    svm = trained(ctx, handle)
    if keep[0] < 2:
        raise ctx.param_error("value", "MinRemainingSV", f"must be at least 2, got {keep[0]}")
    if not max_error[0] > 0:
        raise ctx.param_error("value", "MaxError", f"must be positive, got {max_error[0]}")
    reduced = reduce_svm(svm, int(keep[0]), float(max_error[0]))
    return ((ctx.new_handle("class_svm", reduced),),)


@operator(
    "get_params_class_svm",
    _HANDLE,
    ControlOut("NumFeatures", types="integer", count=1),
    ControlOut("KernelType", types="string", count=1),
    ControlOut("KernelParam", types="real", count=1),
    ControlOut("Nu", types="real", count=1),
    ControlOut("NumClasses", types="integer", count=1),
    ControlOut("Mode", types="string", count=1),
    ControlOut("Preprocessing", types="string", count=1),
    ControlOut("NumComponents", types="integer", count=1),
)
def get_params_class_svm(ctx: CallContext, handle: tuple) -> tuple:
    """The parameters the SVM was created with."""
    s = svm_of(handle)
    values = (s.num_features, s.kernel_type, s.kernel_param, s.nu, s.num_classes, s.mode)
    return (*((v,) for v in values), (s.preprocessing,), (s.num_components,))


@operator(
    "get_support_vector_num_class_svm",
    _HANDLE,
    ControlOut("NumSupportVectors", types="integer", count=1),
    ControlOut("NumSVPerSVM", types="integer"),
)
def get_support_vector_num_class_svm(ctx: CallContext, handle: tuple) -> tuple:
    """Number of support vectors in all, and of each machine."""
    svm = trained(ctx, handle)
    per = tuple(int(n) for n in np.count_nonzero(svm.coef, axis=1))
    return (len(svm.sv),), per


@operator(
    "get_support_vector_class_svm",
    _HANDLE,
    ControlIn("IndexSupportVector", types="integer", count=1),
    ControlOut("Index", types="real", count=1),
)
def get_support_vector_class_svm(ctx: CallContext, handle: tuple, index: tuple) -> tuple:
    """Index in the training set of the support vector IndexSupportVector (0-based)."""
    svm = trained(ctx, handle)
    if not 0 <= index[0] < len(svm.sv):
        raise ctx.param_error("value", "IndexSupportVector", f"{index[0]} out of range")
    return ((float(svm.sv_index[index[0]]),),)


@operator("get_sample_num_class_svm", _HANDLE, ControlOut("NumSamples", types="integer", count=1))
def get_sample_num_class_svm(ctx: CallContext, handle: tuple) -> tuple:
    """Number of stored training samples."""
    return ((len(svm_of(handle).samples),),)


@operator(
    "get_sample_class_svm",
    _HANDLE,
    ControlIn("IndexSample", types="integer", count=1),
    ControlOut("Features", types="real"),
    ControlOut("Target", types="integer", count=1),
)
def get_sample_class_svm(ctx: CallContext, handle: tuple, index: tuple) -> tuple:
    """Feature vector and class of the stored sample IndexSample (0-based)."""
    svm = svm_of(handle)
    if not 0 <= index[0] < len(svm.samples):
        raise ctx.param_error("value", "IndexSample", f"{index[0]} out of range")
    i = index[0]
    return tuple(float(v) for v in svm.samples[i]), (svm.classes[i],)


@operator("clear_samples_class_svm", _HANDLE)
def clear_samples_class_svm(ctx: CallContext, handle: tuple) -> tuple:
    """Remove the stored training samples (the trained machines stay)."""
    svm = svm_of(handle)
    svm.samples.clear()
    svm.classes.clear()
    return ()


@operator("clear_class_svm", ControlIn("SVMHandle", types="handle", sem="class_svm"))
def clear_class_svm(ctx: CallContext, handle: tuple) -> tuple:
    """Free classifiers; any later use of their handles is error 2454."""
    for h in handle:
        h.clear()
    return ()
