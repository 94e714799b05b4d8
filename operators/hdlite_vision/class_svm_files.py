"""write_class_svm and read_class_svm: SVM classifiers in hdlite's own array model files.

The format is :func:`._model_files.write_model`'s (kind 'class_svm', never pickle): the
settings of create_class_svm and whether the SVM is trained as JSON; the preprocessing
(``mean``, ``transform``), the support vectors (``sv``, their classes ``sv_class`` and
training-set indices ``sv_index``), the machines (``coef``, ``intercept``) and the stored
samples (``samples``, ``classes``) as arrays. Reading rebuilds the classifier from these
arrays, so it classifies exactly as the one written. A file that is not one, or whose
arrays do not fit its settings, is 5238 (wrong file format); a missing one 5200.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, HalconError, operator

from ._model_files import read_model, write_model
from ._svm import KERNELS, MODES, PREPROCESSING, Svm
from .class_svm import svm_of

_HANDLE = ControlIn("SVMHandle", types="handle", count=1, sem="class_svm")

_KIND = "class_svm"
_SETTINGS = (
    "num_features",
    "kernel_type",
    "kernel_param",
    "nu",
    "num_classes",
    "mode",
    "preprocessing",
    "num_components",
)
_TYPES: tuple[Any, ...] = (int, str, (int, float), (int, float), int, str, str, int)
_ARRAYS = ("mean", "transform", "sv", "sv_class", "sv_index", "coef", "intercept")


@operator("write_class_svm", _HANDLE, ControlIn("FileName", types="string", count=1))
def write_class_svm(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Save the SVM (settings, preprocessing, machines and samples) to a file."""
    write_model(ctx, name[0], _KIND, *contents(svm_of(handle)))
    return ()


def contents(s: Svm) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The settings (JSON values) and arrays that :func:`rebuild` turns back into ``s``."""
    params: dict[str, Any] = {key: getattr(s, key) for key in _SETTINGS}
    params["trained"] = s.trained
    arrays = {key: getattr(s, key) for key in _ARRAYS}
    arrays["samples"] = np.array(s.samples, np.float64).reshape(len(s.samples), s.num_features)
    arrays["classes"] = np.array(s.classes, np.int64)
    return params, arrays


def rebuild(params: dict[str, Any], arrays: dict[str, np.ndarray]) -> Svm:
    """The classifier of a file's contents; ValueError when they do not fit together."""
    values = [params[key] for key in _SETTINGS]
    pairs = zip(values, _TYPES, strict=True)
    if not all(isinstance(v, t) and not isinstance(v, bool) for v, t in pairs):
        raise ValueError("settings of the wrong type")
    nf, kind, _, nu, nc, mode, prep, ncomp = values
    if kind not in KERNELS or mode not in MODES or prep not in PREPROCESSING:
        raise ValueError("unknown kernel, mode or preprocessing")
    if not (1 <= nf <= 1 << 20 and 1 <= nc <= 1 << 16 and 0 < nu < 1 and 1 <= ncomp <= nf):
        raise ValueError("settings out of range")
    svm = Svm(*values)
    n_sv, n_m = len(arrays["sv"]), svm.num_machines
    shapes = {
        "mean": (nf,),
        "transform": (nf, svm.num_inputs),
        "sv": (n_sv, nf),
        "sv_class": (n_sv,),
        "sv_index": (n_sv,),
        "coef": (n_m, n_sv),
        "intercept": (n_m,),
    }
    for key, shape in shapes.items():
        if arrays[key].shape != shape:
            raise ValueError(f"array {key} has the wrong shape")
    samples, classes = arrays["samples"], arrays["classes"]
    if samples.ndim != 2 or samples.shape[1] != nf or classes.shape != (len(samples),):
        raise ValueError("samples have the wrong shape")
    if classes.size and (classes.min() < 0 or classes.max() >= nc):
        raise ValueError("sample classes out of range")
    svm.mean, svm.transform = arrays["mean"].astype(np.float64), arrays["transform"]
    svm.set_machines(
        arrays["sv"].astype(np.float64),
        arrays["sv_class"].astype(np.int64),
        arrays["sv_index"].astype(np.int64),
        arrays["coef"].astype(np.float64),
        arrays["intercept"].astype(np.float64),
    )
    svm.trained = params["trained"] is True
    svm.samples = list(samples.astype(np.float64))
    svm.classes = [int(c) for c in classes]
    return svm


@operator(
    "read_class_svm",
    ControlIn("FileName", types="string", count=1),
    ControlOut("SVMHandle", types="handle", count=1),
)
def read_class_svm(ctx: CallContext, name: tuple) -> tuple:
    """Load an SVM written by write_class_svm."""
    params, arrays = read_model(ctx, name[0], _KIND)
    try:
        svm = rebuild(params, arrays)
    except (KeyError, ValueError, TypeError, HalconError) as exc:
        raise ctx.error(5238, f"{name[0]}: damaged SVM file ({exc})") from None
    return ((ctx.new_handle("class_svm", svm),),)
