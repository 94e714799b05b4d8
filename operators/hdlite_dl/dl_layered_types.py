"""The standard result keys of a layer-built model whose 'type' is set.

HALCON's procedures read the result keys of the model type ('segmentation_image' and
'segmentation_confidence' of a segmentation model, 'classification_class_ids', ...
of a classifier; apply_dl_model reference). For a layer-built model of type
'segmentation' or 'classification', apply_dl_model with ``Outputs`` ``[]`` adds them, and
``Outputs`` may name them (before a layer of the same name, such as the label input
'segmentation_image')
(hdlite's choice; how HALCON maps a layer-built graph to these keys was not found): they
come from the softmax layer that feeds the model's cross-entropy loss, with the model's
'class_ids' (and 'class_names'), when the softmax has one depth entry per class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hdlite.plugin import Image, ObjectTuple

from . import dl_samples

if TYPE_CHECKING:
    from .dl_layered import DLLayered
    from .dl_layers import LayerOut
    from .dl_model import DLModel


def probabilities(model: DLModel, engine: DLLayered) -> LayerOut | None:
    """The softmax that feeds a loss, when the model type has standard keys for it."""
    if model.type not in ("segmentation", "classification"):
        return None
    for loss in engine.losses():
        source = loss.inputs[0]
        if source.node.kind == "softmax" and source.shape[2] == len(model.class_ids) > 0:
            if model.type == "classification" and source.shape[:2] != (1, 1):
                continue
            return source
    return None


def keys(model: DLModel) -> tuple[str, ...]:
    """The standard result keys of the model's type."""
    if model.type == "classification":
        return dl_samples.CLASSIFICATION_KEYS
    return ("segmentation_image", "segmentation_confidence")


def entries(model: DLModel, out: LayerOut, values: np.ndarray) -> dict[str, Any]:
    """The standard keys for one sample from the softmax values ``(classes, H, W)``."""
    probs = np.exp(values) if out.node.gen.get("output_mode") == "log_inference" else values
    ids = np.asarray(model.class_ids, dtype=np.int64)
    if model.type == "classification":
        (handle,) = dl_samples.classification_results(
            model, probs.reshape(1, -1), dl_samples.CLASSIFICATION_KEYS
        )
        return dict(handle.obj)
    index = probs.argmax(axis=0)
    labels = ids[index]
    top = int(ids.max(initial=0))
    if top <= 255:
        image = Image(labels.astype(np.uint8)[None], "byte")
    elif top <= 65535:
        image = Image(labels.astype(np.uint16)[None], "uint2")
    else:
        image = Image(labels.astype(np.int32)[None], "int4")
    confidence = probs.max(axis=0).astype(np.float32)[None]
    return {
        "segmentation_image": ObjectTuple([image]),
        "segmentation_confidence": ObjectTuple([Image(confidence, "real")]),
    }
