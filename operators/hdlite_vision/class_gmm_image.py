"""Pixel classification with a Gaussian Mixture Model: add_samples_image_class_gmm and
classify_image_class_gmm.

Facts from HALCON's reference (add_samples_image_class_gmm, classify_image_class_gmm): the
features of a pixel are the gray values of its channels, so the image has NumDim channels;
ClassRegions holds one region per class, region i giving the samples of class i;
Randomize adds Gaussian noise of that standard deviation to the (often integer) gray values
during training. classify_image_class_gmm returns NumClasses regions in class order, each
holding the domain pixels classified into it; a pixel whose k-sigma probability (of its
best class) is below RejectionThreshold is in no region [RejectionThreshold default 0.5,
unverified].
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

from ._gmm import Gmm, finite
from ._gray import WRONG_PIXEL_TYPE, domain_mask, images, regions
from ._structuring import region_from_mask

_HANDLE = ControlIn("GMMHandle", types="handle", count=1, sem="class_gmm")
#: HALCON's "Wrong number of channels" (H_ERR_WRNUMCHAN, error-codes.md)
WRONG_CHANNELS = 3359
#: pixels evaluated at once (bounds the memory of the distances to the centres)
_CHUNK = 1 << 15


def _image(ctx: CallContext, objs: ObjectTuple, gmm: Gmm) -> Image | None:
    imgs = images(ctx, objs)
    if not imgs:
        return None
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(1), f"Image: {len(imgs)} images, expected one")
    img = imgs[0]
    if img.pixel_type == "complex":
        raise ctx.error(WRONG_PIXEL_TYPE, "complex images are not supported")
    if img.channels != gmm.num_dim:
        raise ctx.error(
            WRONG_CHANNELS, f"{img.channels} channels for a GMM of {gmm.num_dim} dimensions"
        )
    return img


@operator(
    "add_samples_image_class_gmm",
    IconicIn("Image"),
    IconicIn("ClassRegions"),
    _HANDLE,
    ControlIn("Randomize", types="number", count=1, default=0.0),
)
def add_samples_image_class_gmm(
    ctx: CallContext, image: ObjectTuple, class_regions: ObjectTuple, handle: tuple, rnd: tuple
) -> tuple:
    """Store the pixels of each class region as training samples: features = the channel
    values, class = the region's index."""
    gmm: Gmm = handle[0].obj
    if not (finite(rnd[0]) and rnd[0] >= 0):
        raise ctx.param_error("value", "Randomize", f"must be >= 0, got {rnd[0]}")
    found = regions(ctx, class_regions, "ClassRegions")
    img = _image(ctx, image, gmm)
    if img is None:
        return ()
    if len(found) > gmm.num_classes:
        raise ctx.error(
            wrong_object_count(2), f"{len(found)} class regions for {gmm.num_classes} classes"
        )
    for k, region in enumerate(found):
        mask = region.to_mask(img.height, img.width) & domain_mask(img)
        x = img.data[:, mask].T.astype(np.float64)
        if not np.all(np.isfinite(x)):
            raise ctx.error(WRONG_PIXEL_TYPE, "gray values must be finite")
        gmm.samples.extend(x)
        gmm.class_ids.extend([k] * len(x))
        gmm.randomize.extend([float(rnd[0])] * len(x))
    return ()


@operator(
    "classify_image_class_gmm",
    IconicIn("Image"),
    IconicOut("ClassRegions"),
    _HANDLE,
    ControlIn("RejectionThreshold", types="number", count=1, default=0.5),
)
def classify_image_class_gmm(
    ctx: CallContext, image: ObjectTuple, handle: tuple, rejection: tuple
) -> tuple:
    """Classify every domain pixel by its channel values: one region per class; pixels
    whose k-sigma probability is below RejectionThreshold are rejected."""
    gmm: Gmm = handle[0].obj
    if not gmm.trained:
        raise ctx.param_error("value", "GMMHandle", "the GMM has not been trained")
    if not 0 <= rejection[0] <= 1:
        raise ctx.param_error("value", "RejectionThreshold", f"{rejection[0]} not in 0 ... 1")
    img = _image(ctx, image, gmm)
    if img is None:
        return (ObjectTuple([]),)
    dom = domain_mask(img)
    x = img.data[:, dom].T
    label = np.empty(len(x), dtype=np.int64)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for start in range(0, len(x), _CHUNK):
            log_joint, ksigma = gmm.evaluate(x[start : start + _CHUNK].astype(np.float64))
            best = log_joint.argmax(axis=1)
            ks = np.take_along_axis(ksigma, best[:, None], axis=1)[:, 0]
            label[start : start + _CHUNK] = np.where(ks >= rejection[0], best, -1)
    full = np.full(dom.shape, -1, dtype=np.int64)
    full[dom] = label
    return (ObjectTuple([region_from_mask(full == k) for k in range(gmm.num_classes)]),)
