"""apply_dl_classifier: class confidences for any number of images.

In a distributed run (``hdlite run --nproc-per-node N``) the images are shared out among
the processes and the confidences gathered, so every process gets the full result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from . import batches, distributed, seeding

if TYPE_CHECKING:
    import numpy as np

    from .distributed import Group
    from .handles import DLClassifier


def predict(clf: DLClassifier, images: ObjectTuple) -> np.ndarray:
    """Softmax confidences (images x classes), computed in chunks of ``batch_size``.

    A partial last chunk is run as it is: HALCON pads it to a full batch, which changes
    the time it takes but not the results.

    Raises:
        HalconError: images that do not fit the network (see :mod:`.batches`), no classes
            (7788), device errors (7709), out of memory (4104 on a GPU, 6001 on the CPU).
    """
    import torch

    net = clf.prepare(training=False)
    outputs = []
    size = clf.batch_size
    with torch.inference_mode():
        for start in range(0, len(images), size):
            batch = batches.stack(images, clf, start, start + size)
            x = batches.to_device(batch, clf)
            with batches.out_of_memory(clf):
                outputs.append(torch.softmax(net(x), dim=1))
        if not outputs:
            return torch.empty((0, len(clf.classes))).numpy()
        return torch.cat(outputs).float().cpu().numpy()


def predict_shared(group: Group, clf: DLClassifier, images: ObjectTuple) -> np.ndarray:
    """:func:`predict` in a distributed run: each process classifies a contiguous share of
    the images and every process gets all confidences, in input order.

    The whole input is checked on every process first, so that all raise the same error.

    Raises:
        HalconError: 7701 when the processes hold different images or classifiers, and the
            errors of :func:`predict`.
    """
    clf.prepare(training=False)
    values = batches.fingerprint(images) + distributed.signature(clf)
    distributed.require_agreement(group, values, "images or classifiers")
    batches.check(images, clf, clf.batch_size)
    distributed.same_weights(group, clf)
    start, stop = group.shard(len(images))
    local = predict(clf, ObjectTuple(images.objects[start:stop]))
    return distributed.gather_rows(group, local, len(images))


@operator(
    "apply_dl_classifier",
    IconicIn("Images"),
    ControlIn("DLClassifierHandle", types="handle", count=1, sem="dl_classifier"),
    ControlOut("DLClassifierResultHandle", types="handle", count=1, sem="dl_classifier_result"),
)
def apply_dl_classifier(ctx: CallContext, images: ObjectTuple, handle: tuple) -> tuple:
    """Classify preprocessed images; results are read with get_dl_classifier_result."""
    from .handles import DLClassifierResult

    seeding.attach(ctx.session)
    clf = handle[0].obj
    group = distributed.process_group(ctx.session)
    if group is None:
        confidences = predict(clf, images)
    else:
        confidences = predict_shared(group, clf, images)
    result = DLClassifierResult(clf.classes, confidences)
    return ((ctx.new_handle("dl_classifier_result", result),),)
