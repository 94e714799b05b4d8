"""Pixel classification with a multilayer perceptron: add_samples_image_class_mlp and
classify_image_class_mlp.

Facts from HALCON's reference (add_samples_image_class_mlp, classify_image_class_mlp,
searched with the ``search`` tool; signatures as in spec §3.13): the features of a pixel
are the gray values of its channels, so the image has NumInput channels; the classifier
must use OutputFunction 'softmax'; ClassRegions holds one region per class, region i giving
the samples of class i (i < NumOutput). classify_image_class_mlp returns NumOutput regions,
one per class in class order, each holding the domain pixels classified into it; a pixel
whose largest class probability is below RejectionThreshold (default 0.5) is in no region.
hdlite computes with the network of :mod:`._mlp` (the classes agree with HALCON on
separable data; the probabilities do not).
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    operator,
    wrong_object_count,
)

from ._gray import WRONG_PIXEL_TYPE, domain_mask, images, regions
from ._mlp import Mlp
from ._structuring import region_from_mask

_HANDLE = ControlIn("MLPHandle", types="handle", count=1, sem="class_mlp")
#: HALCON's "Wrong number of channels" (H_ERR_WRNUMCHAN, error-codes.md)
WRONG_CHANNELS = 3359
#: pixels evaluated at once (bounds the memory of the hidden layer)
_CHUNK = 1 << 16


def _image(ctx: CallContext, objs: ObjectTuple, mlp: Mlp) -> Image | None:
    imgs = images(ctx, objs)
    if not imgs:
        return None
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(1), f"Image: {len(imgs)} images, expected one")
    img = imgs[0]
    if img.pixel_type == "complex":
        raise ctx.error(WRONG_PIXEL_TYPE, "complex images are not supported")
    if img.channels != mlp.num_input:
        raise ctx.error(
            WRONG_CHANNELS, f"{img.channels} channels for a classifier of {mlp.num_input} inputs"
        )
    return img


def _softmax_mlp(ctx: CallContext, handle: tuple) -> Mlp:
    mlp: Mlp = handle[0].obj
    if mlp.output_function != "softmax":
        raise ctx.param_error("value", "MLPHandle", "classification needs OutputFunction 'softmax'")
    return mlp


@operator("add_samples_image_class_mlp", IconicIn("Image"), IconicIn("ClassRegions"), _HANDLE)
def add_samples_image_class_mlp(
    ctx: CallContext, image: ObjectTuple, class_regions: ObjectTuple, handle: tuple
) -> tuple:
    """Store the pixels of each class region as training samples: features = the channel
    values, target = the region's index."""
    mlp = _softmax_mlp(ctx, handle)
    found = regions(ctx, class_regions, "ClassRegions")
    img = _image(ctx, image, mlp)
    if img is None:
        return ()
    if len(found) > mlp.num_output:
        raise ctx.error(
            wrong_object_count(2), f"{len(found)} class regions for {mlp.num_output} classes"
        )
    for k, region in enumerate(found):
        mask = region.to_mask(img.height, img.width) & domain_mask(img)
        x = img.data[:, mask].T.astype(np.float64)
        target = np.zeros(mlp.num_output)
        target[k] = 1.0
        mlp.samples.extend(x)
        mlp.targets.extend(np.broadcast_to(target, (len(x), mlp.num_output)))
    return ()


@operator(
    "classify_image_class_mlp",
    IconicIn("Image"),
    IconicOut("ClassRegions"),
    _HANDLE,
    ControlIn("RejectionThreshold", types="number", count=1, default=0.5),
)
def classify_image_class_mlp(
    ctx: CallContext, image: ObjectTuple, handle: tuple, rejection: tuple
) -> tuple:
    """Classify every domain pixel by its channel values: one region per class; pixels
    whose best probability is below RejectionThreshold are rejected."""
    mlp = _softmax_mlp(ctx, handle)
    if not 0 <= rejection[0] <= 1:
        raise ctx.param_error("value", "RejectionThreshold", f"{rejection[0]} not in 0 ... 1")
    img = _image(ctx, image, mlp)
    if img is None:
        return (ObjectTuple([]),)
    dom = domain_mask(img)
    x = img.data[:, dom].T
    label = np.empty(len(x), dtype=np.int64)
    for start in range(0, len(x), _CHUNK):
        y = mlp.evaluate(x[start : start + _CHUNK].astype(np.float64))
        best = y.argmax(axis=1)
        label[start : start + _CHUNK] = np.where(y.max(axis=1) >= rejection[0], best, -1)
    full = np.full(dom.shape, -1, dtype=np.int64)
    full[dom] = label
    return (ObjectTuple([region_from_mask(full == k) for k in range(mlp.num_output)]),)
