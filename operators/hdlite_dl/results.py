"""Reading and freeing classification and training results.

``get_dl_classifier_result`` with Index ``'all'`` gives the top-1 value of every image, in
input order; with an integer index ``i`` (0-based) it gives the values of image ``i`` for
all classes, by decreasing confidence. Several result names may be given; their values
are concatenated in the order of the names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

RESULT = "dl_classifier_result"
TRAIN_RESULT = "dl_classifier_train_result"

#: result name -> values from (class names, class indices, confidences)
_RESULT_NAMES: dict[str, Callable[[tuple, np.ndarray, np.ndarray], tuple]] = {
    "predicted_classes": lambda classes, idx, conf: tuple(classes[i] for i in idx),
    "predicted_class_indices": lambda classes, idx, conf: tuple(int(i) for i in idx),
    "confidences": lambda classes, idx, conf: tuple(float(c) for c in conf),
}


@operator(
    "get_dl_classifier_result",
    ControlIn("DLClassifierResultHandle", types="handle", count=1, sem=RESULT),
    ControlIn("Index", types=("integer", "string"), count=1, default="all"),
    ControlIn("GenResultName", types="string", count=(1, None), default="predicted_classes"),
    ControlOut("GenResultValue", count=None),
)
def get_dl_classifier_result(ctx: CallContext, handle: tuple, index: tuple, names: tuple) -> tuple:
    """Predicted classes, class indices or confidences of the classified images."""
    result = handle[0].obj
    conf = result.confidences
    which = index[0]
    if which == "all":
        order = conf.argmax(axis=1) if conf.size else np.zeros(0, dtype=np.int64)
        values = conf[np.arange(len(conf)), order]
    elif type(which) is int:
        if not 0 <= which < len(conf):
            raise ctx.param_error("value", "Index", f"{which} is outside 0..{len(conf) - 1}")
        order = np.argsort(-conf[which], kind="stable")
        values = conf[which][order]
    else:
        raise ctx.param_error("value", "Index", f"expects 'all' or an image index, got {which!r}")
    out: list[Any] = []
    for name in names:
        produce = _RESULT_NAMES.get(name)
        if produce is None:
            raise ctx.param_error(
                "value",
                "GenResultName",
                f"unknown result {name!r} (known: {sorted(_RESULT_NAMES)})",
            )
        out.extend(produce(result.classes, order, values))
    return (tuple(out),)


@operator(
    "clear_dl_classifier_result",
    ControlIn("DLClassifierResultHandle", types="handle", count=(1, None), sem=RESULT),
)
def clear_dl_classifier_result(ctx: CallContext, handles: tuple) -> tuple:
    """Free classification results."""
    for handle in handles:
        if not handle.cleared:
            handle.clear()
    return ()


@operator(
    "get_dl_classifier_train_result",
    ControlIn("DLClassifierTrainResultHandle", types="handle", count=1, sem=TRAIN_RESULT),
    ControlIn("GenParamName", types="string", count=(1, None), default="loss"),
    ControlOut("GenParamValue", types="real", count=None),
)
def get_dl_classifier_train_result(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """The loss of a training step ('loss': cross-entropy plus weight prior)."""
    out = []
    for name in names:
        if name != "loss":
            raise ctx.param_error(
                "value", "GenParamName", f"unknown result {name!r} (known: ['loss'])"
            )
        out.append(handle[0].obj.loss)
    return (tuple(out),)


@operator(
    "clear_dl_classifier_train_result",
    ControlIn("DLClassifierTrainResultHandle", types="handle", count=(1, None), sem=TRAIN_RESULT),
)
def clear_dl_classifier_train_result(ctx: CallContext, handles: tuple) -> tuple:
    """Free training results."""
    for handle in handles:
        if not handle.cleared:
            handle.clear()
    return ()
