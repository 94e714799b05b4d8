"""Shared helpers of the segmentation and gray-value operators: images, domains, histograms."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, Image, ObjectTuple, Region, wrong_object_count

from ._structuring import EMPTY, region_from_mask

#: HALCON error "Wrong pixel type for this operation" (error-codes.md)
WRONG_PIXEL_TYPE = 9007


def images(
    ctx: CallContext, objects: ObjectTuple, types: tuple[str, ...] | None = None
) -> list[Image]:
    """The objects as images (9054 for a non-image; 9007 for a type outside ``types``)."""
    out: list[Image] = []
    for obj in objects:
        if not isinstance(obj, Image):
            raise ctx.error(9054, f"expected an image, got a {obj.kind}")
        if types is not None and obj.pixel_type not in types:
            raise ctx.error(WRONG_PIXEL_TYPE, f"pixel type {obj.pixel_type!r} is not supported")
        out.append(obj)
    return out


def single_image(ctx: CallContext, objects: ObjectTuple, types: tuple[str, ...]) -> Image | None:
    """The one input image (None for an empty object tuple); more than one image is the
    wrong object count, a non-image 9054, a type outside ``types`` 9007."""
    if len(objects) == 0:
        return None
    if len(objects) > 1:
        raise ctx.error(wrong_object_count(1), f"Image: {len(objects)} images, expected one")
    return images(ctx, objects, types)[0]


def regions(ctx: CallContext, objects: ObjectTuple, what: str = "Regions") -> list[Region]:
    """The objects as regions; an image stands for its domain."""
    out: list[Region] = []
    for obj in objects:
        if isinstance(obj, Region):
            out.append(obj)
        elif isinstance(obj, Image):
            out.append(obj.domain_region())
        else:
            raise ctx.error(9054, f"{what}: expected a region, got a {obj.kind}")
    return out


def domain_mask(image: Image) -> np.ndarray:
    """The image's domain as a full-size boolean mask."""
    if image.domain is None:
        return np.ones((image.height, image.width), dtype=bool)
    return image.domain.to_mask(image.height, image.width)


def region_mask(image: Image, region: Region) -> np.ndarray:
    """The pixels of ``region`` inside the image and its domain, as a full-size mask."""
    mask = region.to_mask(image.height, image.width)
    if image.domain is not None:
        mask &= domain_mask(image)
    return mask


def result_region(ctx: CallContext, mask: np.ndarray) -> list[Region]:
    """A segmentation result: one region, or nothing when it is empty and
    ``'store_empty_region'`` is ``'false'`` (spec G4)."""
    region = region_from_mask(mask)
    if region is EMPTY and ctx.session.system.get("store_empty_region", ("true",))[0] == "false":
        return []
    return [region]


def histogram(values: np.ndarray, pixel_type: str) -> tuple[np.ndarray, int]:
    """Absolute histogram of integer gray values and the gray value of bin 0."""
    if values.size == 0:
        return np.zeros(256 if pixel_type == "byte" else 1, dtype=np.int64), 0
    if pixel_type == "byte":
        return np.bincount(values.ravel(), minlength=256).astype(np.int64), 0
    lo = int(values.min())
    return np.bincount((values.astype(np.int64) - lo).ravel()).astype(np.int64), lo


def smooth(hist: np.ndarray, sigma: float) -> np.ndarray:
    """The histogram smoothed with a Gaussian of ``sigma`` bins (no smoothing for 0)."""
    data = np.asarray(hist, dtype=np.float64)
    if sigma <= 0:
        return data
    # beyond twice the histogram's length the Gaussian is concave over every distance
    # between two bins, so the smoothed histogram has no inner minimum for any larger
    # sigma either: the same intervals without a mask of 4 sigma (2^63...) samples
    sigma = min(sigma, 2.0 * max(len(data), 1))
    from scipy.ndimage import gaussian_filter1d

    return np.asarray(gaussian_filter1d(data, sigma, mode="constant"))


def minima(values: np.ndarray) -> list[int]:
    """Indices of the local minima of a sequence (the middle of a flat minimum)."""
    out: list[int] = []
    n = len(values)
    i = 1
    while i < n - 1:
        if values[i] < values[i - 1]:
            j = i
            while j + 1 < n and values[j + 1] == values[i]:
                j += 1
            if j + 1 < n and values[j + 1] > values[i]:
                out.append((i + j) // 2)
            i = j + 1
        else:
            i += 1
    return out
