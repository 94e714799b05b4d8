"""Contrast enhancement: emphasize, illuminate, highpass_image, equ_histo_image.

The local mean is mean_image's: a box of the next odd size, mirrored borders without
repeating the border pixel. Results keep the input domain (see :mod:`._filtering`).

Formulas (HALCON reference pages; [unverified] where only recalled):

* emphasize: ``round((orig - mean) * Factor) + orig``, clipped [spec §3.7].
* illuminate: ``round((127 - mean) * Factor + orig)``, byte only [unverified].
* highpass_image: ``mean - orig + 128``, i.e. the mask with ``1 - W*H`` at the centre and 1
  elsewhere divided by ``W*H``, shifted so that zero crossings lie at 128; byte only
  [unverified sign and type list].
* equ_histo_image: ``f(g) = round(max * sum_{i <= g} h(i))`` with h the relative histogram
  over the domain and max 255 (byte) or 65535 (uint2) [unverified rounding].
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

from ._filtering import FILTER_TYPES, correlate, filter_all, images, positive_size, to_type, work


def local_mean(plane: np.ndarray, width: int, height: int) -> np.ndarray:
    """mean_image's box mean (sizes made odd) of one plane, as floats."""
    w, h = width | 1, height | 1
    return correlate(plane, np.full(h, 1.0 / h), np.full(w, 1.0 / w))


def _sizes(
    ctx: CallContext,
    mask_w: tuple,
    mask_h: tuple,
    names: tuple[str, str] = ("MaskWidth", "MaskHeight"),
) -> tuple[int, int]:
    w = positive_size(ctx, mask_w[0], names[0])
    h = positive_size(ctx, mask_h[0], names[1])
    return w | 1, h | 1


def _factor(ctx: CallContext, value: object) -> float:
    f = float(value)  # type: ignore[arg-type]
    if not math.isfinite(f):
        raise ctx.param_error("value", "Factor", f"{value!r} is not finite")
    return f


@operator(
    "emphasize",
    IconicIn("Image"),
    IconicOut("ImageEmphasize"),
    ControlIn("MaskWidth", types="number", count=1, default=7),
    ControlIn("MaskHeight", types="number", count=1, default=7),
    ControlIn("Factor", types="number", count=1, default=1.0),
)
def emphasize(
    ctx: CallContext, image: ObjectTuple, mask_w: tuple, mask_h: tuple, factor: tuple
) -> tuple:
    """Enhance contrast: ``orig + round((orig - mean) * Factor)`` with a local box mean."""
    w, h = _sizes(ctx, mask_w, mask_h)
    f = _factor(ctx, factor[0])

    def run(plane: np.ndarray) -> np.ndarray:
        orig = work(plane)
        diff = (orig - local_mean(plane, w, h)) * f
        if plane.dtype.kind == "f":
            return orig + diff
        return to_type(diff, "int4").astype(np.float64) + orig

    return (filter_all(ctx, image, FILTER_TYPES, run, (h // 2, w // 2)),)


@operator(
    "illuminate",
    IconicIn("Image"),
    IconicOut("ImageIlluminate"),
    ControlIn("MaskWidth", types="number", count=1, default=101),
    ControlIn("MaskHeight", types="number", count=1, default=101),
    ControlIn("Factor", types="number", count=1, default=0.7),
)
def illuminate(
    ctx: CallContext, image: ObjectTuple, mask_w: tuple, mask_h: tuple, factor: tuple
) -> tuple:
    """Even out uneven illumination: ``round((127 - mean) * Factor + orig)`` (byte images)."""
    w, h = _sizes(ctx, mask_w, mask_h)
    f = _factor(ctx, factor[0])

    def run(plane: np.ndarray) -> np.ndarray:
        return (127.0 - local_mean(plane, w, h)) * f + work(plane)

    return (filter_all(ctx, image, ("byte",), run, (h // 2, w // 2)),)


@operator(
    "highpass_image",
    IconicIn("Image"),
    IconicOut("Highpass"),
    ControlIn("Width", types="number", count=1, default=9),
    ControlIn("Height", types="number", count=1, default=9),
)
def highpass_image(ctx: CallContext, image: ObjectTuple, width: tuple, height: tuple) -> tuple:
    """High frequencies of byte images: ``mean - orig + 128`` (zero crossings at 128)."""
    w, h = _sizes(ctx, width, height, ("Width", "Height"))

    def run(plane: np.ndarray) -> np.ndarray:
        return local_mean(plane, w, h) - work(plane) + 128.0

    return (filter_all(ctx, image, ("byte",), run, (h // 2, w // 2)),)


@operator("equ_histo_image", IconicIn("Image"), IconicOut("ImageEquHisto"))
def equ_histo_image(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Histogram equalisation over the domain (byte and uint2 images, per channel)."""
    out = []
    for img in images(ctx, image, ("byte", "uint2")):
        top = 255 if img.pixel_type == "byte" else 65535
        mask = None if img.domain is None else img.domain.to_mask(img.height, img.width)
        data = np.zeros_like(img.data)
        for ch in range(img.channels):
            plane = img.data[ch]
            values = plane.reshape(-1) if mask is None else plane[mask]
            if values.size == 0:
                continue
            cdf = np.cumsum(np.bincount(values, minlength=top + 1)) / values.size
            table = to_type(cdf * top, img.pixel_type)
            mapped = table[plane]
            data[ch] = mapped if mask is None else np.where(mask, mapped, 0)
        out.append(Image(data, img.pixel_type, img.domain))
    return (ObjectTuple(out),)
