"""Pixel classification with a support vector machine: add_samples_image_class_svm and
classify_image_class_svm.

Facts from HALCON's reference (add_samples_image_class_svm, classify_image_class_svm,
searched with the ``search`` tool): the features of a pixel are the gray values of its
channels, so the image has NumFeatures channels; ClassRegions holds the training regions of
the classes in class order (an empty region for a class without samples in this image).
classify_image_class_svm returns NumClasses regions in class order, each holding the domain
pixels classified into it. For 'novelty-detection' hdlite returns one region, the pixels
regarded as outliers (novelties) [unverified: HALCON's novelty-detection example segments
the defects this way].
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
from ._structuring import region_from_mask
from ._svm import Svm
from .class_svm import svm_of, trained

_HANDLE = ControlIn("SVMHandle", types="handle", count=1, sem="class_svm")
#: HALCON's "Wrong number of channels" (H_ERR_WRNUMCHAN, error-codes.md)
WRONG_CHANNELS = 3359
#: pixels classified at once (bounds the kernel matrix to CHUNK x support vectors)
_CHUNK = 1 << 13


def _image(ctx: CallContext, objs: ObjectTuple, svm: Svm) -> Image | None:
    imgs = images(ctx, objs)
    if not imgs:
        return None
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(1), f"Image: {len(imgs)} images, expected one")
    img = imgs[0]
    if img.pixel_type == "complex":
        raise ctx.error(WRONG_PIXEL_TYPE, "complex images are not supported")
    if img.channels != svm.num_features:
        raise ctx.error(
            WRONG_CHANNELS, f"{img.channels} channels for an SVM of {svm.num_features} features"
        )
    return img


@operator("add_samples_image_class_svm", IconicIn("Image"), IconicIn("ClassRegions"), _HANDLE)
def add_samples_image_class_svm(
    ctx: CallContext, image: ObjectTuple, class_regions: ObjectTuple, handle: tuple
) -> tuple:
    """Store the pixels of each class region as training samples: features = the channel
    values, class = the region's index."""
    svm = svm_of(handle)
    found = regions(ctx, class_regions, "ClassRegions")
    img = _image(ctx, image, svm)
    if img is None:
        return ()
    if len(found) > svm.num_classes:
        raise ctx.error(
            wrong_object_count(2), f"{len(found)} class regions for {svm.num_classes} classes"
        )
    for k, region in enumerate(found):
        mask = region.to_mask(img.height, img.width) & domain_mask(img)
        x = img.data[:, mask].T.astype(np.float64)
        if not np.all(np.isfinite(x)):
            raise ctx.error(WRONG_PIXEL_TYPE, "pixel values must be finite")
        svm.samples.extend(x)
        svm.classes.extend([k] * len(x))
    return ()


@operator(
    "classify_image_class_svm",
    IconicIn("Image"),
    IconicOut("ClassRegions"),
    _HANDLE,
)
def classify_image_class_svm(ctx: CallContext, image: ObjectTuple, handle: tuple) -> tuple:
    """Classify every domain pixel by its channel values: one region per class
    ('novelty-detection': one region of the outlier pixels)."""
    svm = trained(ctx, handle)
    img = _image(ctx, image, svm)
    if img is None:
        return (ObjectTuple([]),)
    dom = domain_mask(img)
    x = img.data[:, dom].T
    label = np.empty(len(x), dtype=np.int64)
    for start in range(0, len(x), _CHUNK):
        part = np.nan_to_num(x[start : start + _CHUNK].astype(np.float64))
        label[start : start + _CHUNK] = svm.ranking(part)[:, 0]
    full = np.full(dom.shape, -1, dtype=np.int64)
    full[dom] = label
    if svm.mode == "novelty-detection":
        return (ObjectTuple([region_from_mask(full == 0)]),)
    return (ObjectTuple([region_from_mask(full == k) for k in range(svm.num_classes)]),)
