"""Pixel classification with a k-NN classifier: add_samples_image_class_knn and
classify_image_class_knn.

Facts from HALCON's reference (add_samples_image_class_knn, classify_image_class_knn,
add_sample_class_knn): the features of a pixel are the gray values of its channels (NumDim
channels); ClassRegions holds one region per class, region i giving samples of class i;
classify_image_class_knn(Image : ClassRegions, DistanceImage : KNNHandle,
RejectionThreshold) returns one region per class 0 ... (largest class ID), "an empty region
for each unused number", and an image of the distances. hdlite [unverified]: a pixel gets
the class of its nearest sample (as 'classes_distance' with k = 1); it is rejected (in no
region) when that distance exceeds RejectionThreshold (default 5.0 [unverified]); the
DistanceImage is 'real' with the input's domain and holds the distance (in the normalised
space where training normalised the features).
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

from ._gmm import finite
from ._gray import WRONG_PIXEL_TYPE, domain_mask, images, regions
from ._knn import Knn
from ._structuring import region_from_mask
from .class_knn import trained

_HANDLE = ControlIn("KNNHandle", types="handle", count=1, sem="class_knn")
#: HALCON's "Wrong number of channels" (H_ERR_WRNUMCHAN, error-codes.md)
WRONG_CHANNELS = 3359
_CHUNK = 1 << 16


def _image(ctx: CallContext, objs: ObjectTuple, knn: Knn) -> Image | None:
    imgs = images(ctx, objs)
    if not imgs:
        return None
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(1), f"Image: {len(imgs)} images, expected one")
    img = imgs[0]
    if img.pixel_type == "complex":
        raise ctx.error(WRONG_PIXEL_TYPE, "complex images are not supported")
    if img.channels != knn.num_dim:
        raise ctx.error(WRONG_CHANNELS, f"{img.channels} channels for NumDim {knn.num_dim}")
    return img


@operator("add_samples_image_class_knn", IconicIn("Image"), IconicIn("ClassRegions"), _HANDLE)
def add_samples_image_class_knn(
    ctx: CallContext, image: ObjectTuple, class_regions: ObjectTuple, handle: tuple
) -> tuple:
    """Store the pixels of each class region as samples: features = the channel values,
    class = the region's index."""
    knn: Knn = handle[0].obj
    found = regions(ctx, class_regions, "ClassRegions")
    img = _image(ctx, image, knn)
    if img is None:
        return ()
    for k, region in enumerate(found):
        mask = region.to_mask(img.height, img.width) & domain_mask(img)
        x = img.data[:, mask].T.astype(np.float64)
        if not np.all(np.isfinite(x)):
            raise ctx.error(WRONG_PIXEL_TYPE, "gray values must be finite")
        knn.samples.extend(x)
        knn.class_ids.extend([k] * len(x))
    return ()


@operator(
    "classify_image_class_knn",
    IconicIn("Image"),
    IconicOut("ClassRegions"),
    IconicOut("DistanceImage"),
    _HANDLE,
    ControlIn("RejectionThreshold", types="number", count=1, default=5.0),
)
def classify_image_class_knn(
    ctx: CallContext, image: ObjectTuple, handle: tuple, rejection: tuple
) -> tuple:
    """Classify every domain pixel by its nearest sample: one region per class and the
    distance image; pixels farther than RejectionThreshold are rejected."""
    knn = trained(ctx, handle)
    if not (finite(rejection[0]) and rejection[0] >= 0):
        raise ctx.param_error("value", "RejectionThreshold", f"must be >= 0, got {rejection[0]}")
    img = _image(ctx, image, knn)
    if img is None:
        return ObjectTuple([]), ObjectTuple([])
    dom = domain_mask(img)
    x = img.data[:, dom].T
    ids = np.array(knn.class_ids[: knn.trained_count], dtype=np.int64)
    label = np.empty(len(x), dtype=np.int64)
    dist = np.empty(len(x))
    for start in range(0, len(x), _CHUNK):
        part = x[start : start + _CHUNK].astype(np.float64)
        d, i = knn.tree.query(knn.normalize(part), k=1)
        dist[start : start + _CHUNK] = d
        label[start : start + _CHUNK] = np.where(d <= rejection[0], ids[i], -1)
    full = np.full(dom.shape, -1, dtype=np.int64)
    full[dom] = label
    distance = np.zeros(dom.shape, dtype=np.float32)
    distance[dom] = dist
    out = Image(distance[None], "real", None if img.domain is None else img.domain)
    classes = int(ids.max()) + 1
    return ObjectTuple([region_from_mask(full == k) for k in range(classes)]), ObjectTuple([out])
