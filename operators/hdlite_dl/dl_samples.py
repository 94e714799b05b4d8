"""Sample and result dictionaries of the ``dl_model`` API, and their checks.

A ``DLSample`` is a dict handle; a classification model reads its ``'image'`` (one
preprocessed ``real`` image of the model's size) and, for training, its
``'image_label_id'`` (one of the model's class ids). Everything else in the dict is
ignored. A bad sample gives a HALCON error that names the sample and the key: 7783 for a
missing key, 7790 for a value of the wrong kind (not one image, not one integer), 7793 for
a label that is not one of the class ids, and the image errors of :mod:`.batches` (9001
not 'real', 2106/2107 width/height, 3122 channels, 9003 values outside [-127, 128]).

Results are new dict handles; other model types add their own key builders here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hdlite.plugin import HalconError, Handle, ObjectTuple

if TYPE_CHECKING:
    import numpy as np

    from .dl_model import DLModel

#: the result keys of a classification model, in HALCON's order
CLASSIFICATION_KEYS = (
    "classification_class_ids",
    "classification_class_names",
    "classification_confidences",
)


def entries(batch: tuple, what: str = "DLSampleBatch") -> list[dict]:
    """The dicts behind a tuple of sample handles.

    Raises:
        HalconError: 2454 for a cleared handle, 7790 for an element that is not a dict.
    """
    out = []
    for index, element in enumerate(batch):
        if not isinstance(element, Handle) or element.kind != "dict":
            kind = f"a {element.kind} handle" if isinstance(element, Handle) else repr(element)
            raise HalconError(7790, f"{what}[{index}] must be a dict handle, got {kind}")
        if element.cleared:
            raise HalconError(2454, f"{what}[{index}]: the dict was cleared")
        out.append(element.obj)
    return out


def _value(sample: dict, index: int, key: str, what: str) -> Any:
    try:
        return sample[key]
    except KeyError:
        raise HalconError(7783, f"{what}[{index}] has no key {key!r}") from None


def images(samples: list[dict], what: str = "DLSampleBatch") -> ObjectTuple:
    """The ``'image'`` of every sample, as one object tuple.

    Raises:
        HalconError: 7783 missing key, 7790 not exactly one image.
    """
    objects = []
    for index, sample in enumerate(samples):
        value = _value(sample, index, "image", what)
        if not isinstance(value, ObjectTuple) or len(value) != 1:
            raise HalconError(7790, f"{what}[{index}].image must hold exactly one image")
        objects.append(value.objects[0])
    return ObjectTuple(objects)


def label_indices(model: DLModel, samples: list[dict], what: str = "DLSampleBatch") -> list[int]:
    """The network output index of every sample's ``'image_label_id'``.

    Raises:
        HalconError: 7783 missing key, 7790 not one integer, 7793 not a class id.
    """
    lookup = {class_id: index for index, class_id in enumerate(model.class_ids)}
    out = []
    for index, sample in enumerate(samples):
        value = _value(sample, index, "image_label_id", what)
        if not isinstance(value, tuple) or len(value) != 1:
            raise HalconError(7790, f"{what}[{index}].image_label_id must be one class id")
        label = value[0]
        if type(label) is float and label.is_integer():
            label = int(label)
        if type(label) is not int:
            raise HalconError(7790, f"{what}[{index}].image_label_id: {label!r} is not an integer")
        if label not in lookup:
            raise HalconError(
                7793,
                f"{what}[{index}].image_label_id {label} is not one of the class ids "
                f"{list(model.class_ids)}",
            )
        out.append(lookup[label])
    return out


def located(what: str, error: HalconError) -> HalconError:
    """An image error of :mod:`.batches` ('image N ...', 1-based) restated for the key."""
    return HalconError(error.code, f"{what}, key 'image': {error.detail}")


def classification_results(
    model: DLModel, confidences: np.ndarray, keys: tuple[str, ...]
) -> tuple[Handle, ...]:
    """One result dict per row of ``confidences``: all classes, best first."""
    import numpy as np

    ids = model.class_ids
    names = model.class_names
    results = []
    for row in confidences:
        order = np.argsort(-row, kind="stable")
        values = {
            "classification_class_ids": tuple(int(ids[k]) for k in order),
            "classification_class_names": tuple(names[k] for k in order),
            "classification_confidences": tuple(float(row[k]) for k in order),
        }
        results.append(Handle("dict", {key: values[key] for key in keys}))
    return tuple(results)
