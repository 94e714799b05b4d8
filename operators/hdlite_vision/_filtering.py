"""Shared machinery of the image filters: type checks, domains, borders, rounding.

Conventions (spec §0 G6, §2.5-4/5):

* A filter computes each output pixel inside the input domain and returns an image with
  the input's domain. It may read pixels outside the domain but inside the image. For a
  reduced domain only the domain's bounding box, grown by the filter's reach, is filtered;
  pixels outside the domain are 0 (HALCON leaves them undefined).
* At the image border gray values are mirrored without repeating the border pixel
  (OpenCV ``BORDER_REFLECT_101``, scipy ``'mirror'``), as ``mean_image`` does.
* Integer outputs are rounded half away from zero and clipped to the pixel type.
* Multichannel images are filtered channel by channel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from hdlite.plugin import PIXEL_TYPES, CallContext, Image, ObjectTuple

#: numpy dtype of each HALCON pixel type
DTYPES: dict[str, np.dtype] = {name: np.dtype(dt) for name, dt in PIXEL_TYPES.items()}
#: HALCON error "Wrong pixel type for this operation" (spec error-codes.md §5)
WRONG_PIXEL_TYPE = 9007
#: the types most HALCON filters accept
FILTER_TYPES = ("byte", "int2", "uint2", "real")

Plane = Callable[[np.ndarray], np.ndarray]


def images(ctx: CallContext, objects: ObjectTuple, types: Iterable[str]) -> list[Image]:
    """The objects as images of an allowed pixel type (9054 for a non-image, 9007 for a type)."""
    allowed = tuple(types)
    out: list[Image] = []
    for obj in objects:
        if not isinstance(obj, Image):
            raise ctx.error(9054, f"expected an image, got a {obj.kind}")
        if obj.pixel_type not in allowed:
            raise ctx.error(
                WRONG_PIXEL_TYPE, f"{obj.pixel_type} images are not supported (only {allowed})"
            )
        out.append(obj)
    return out


def to_type(values: np.ndarray, pixel_type: str) -> np.ndarray:
    """Round half away from zero and clip ``values`` to ``pixel_type`` (real: just cast)."""
    dtype = DTYPES[pixel_type]
    if dtype.kind == "f":
        return values.astype(dtype, copy=False)
    info = np.iinfo(dtype)
    if values.dtype.kind in "iu":
        return np.clip(values, info.min, info.max).astype(dtype)
    values = np.nan_to_num(values, nan=0.0)  # infinities are clipped below
    if info.min == 0:  # unsigned: everything below 0 clips to 0 anyway
        rounded = np.floor(values + 0.5)
    else:
        rounded = np.copysign(np.floor(np.abs(values) + 0.5), values)
    return np.clip(rounded, info.min, info.max, out=rounded).astype(dtype)


def window(image: Image, reach: tuple[int, int]) -> tuple[slice, slice, np.ndarray | None]:
    """The part of the image a filter of ``reach`` (rows, columns) needs, and the domain mask.

    Returns row and column slices of the image and the domain as a mask of the same
    window (None for the full domain).
    """
    h, w = image.height, image.width
    if image.domain is None:
        return slice(0, h), slice(0, w), None
    mask = image.domain.to_mask(h, w)
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return slice(0, 0), slice(0, 0), mask[:0, :0]
    r0, r1 = max(0, rows[0] - reach[0]), min(h, rows[-1] + 1 + reach[0])
    c0, c1 = max(0, cols[0] - reach[1]), min(w, cols[-1] + 1 + reach[1])
    return slice(r0, r1), slice(c0, c1), mask[r0:r1, c0:c1]


def apply_planes(
    image: Image,
    fn: Plane,
    reach: tuple[int, int],
    out_type: str | None = None,
) -> Image:
    """Apply ``fn`` to every channel inside the domain; convert to ``out_type``.

    ``fn`` gets a 2-D array (the window of one channel, in the image's own dtype) and
    returns an array of the same shape (any dtype); results are rounded and clipped.
    """
    out_type = out_type or image.pixel_type
    rs, cs, mask = window(image, reach)
    out = np.zeros((image.channels, image.height, image.width), DTYPES[out_type])
    if mask is not None and not mask.any():
        return Image(out, out_type, image.domain)
    for ch in range(image.channels):
        result = to_type(np.asarray(fn(image.data[ch, rs, cs])), out_type)
        if mask is not None:
            result = np.where(mask, result, 0)
        out[ch, rs, cs] = result
    return Image(out, out_type, image.domain)


def filter_all(
    ctx: CallContext,
    objects: ObjectTuple,
    types: Iterable[str],
    fn: Plane,
    reach: tuple[int, int],
    out_type: str | None = None,
) -> ObjectTuple:
    """:func:`apply_planes` over every image of ``objects`` (after the type check)."""
    return ObjectTuple(
        apply_planes(img, fn, reach, out_type) for img in images(ctx, objects, types)
    )


def work(plane: np.ndarray) -> np.ndarray:
    """A plane for computing: float32 for 8/16-bit integers (results are rounded anyway),
    float64 for reals and wider integers (so that constant images stay exactly constant).
    """
    small = plane.dtype.kind in "iu" and plane.dtype.itemsize <= 2
    return plane.astype(np.float32 if small else np.float64)


def correlate(plane: np.ndarray, kernel_r: np.ndarray, kernel_c: np.ndarray) -> np.ndarray:
    """Separable correlation with mirrored borders (``BORDER_REFLECT_101``), float result."""
    import cv2

    data = work(plane)
    if min(data.shape) == 0:
        return data
    kr, kc = len(kernel_r) // 2, len(kernel_c) // 2
    if kr >= data.shape[0] or kc >= data.shape[1]:
        # OpenCV mirrors only once: let numpy mirror repeatedly for tiny images
        padded = np.pad(data, ((kr, kr), (kc, kc)), mode="reflect")
        out = cv2.sepFilter2D(
            padded, cv2.CV_64F, kernel_c.astype(np.float64), kernel_r.astype(np.float64)
        )
        return out[kr : kr + data.shape[0], kc : kc + data.shape[1]]
    depth = cv2.CV_64F if data.dtype == np.float64 else cv2.CV_32F
    return cv2.sepFilter2D(
        data,
        depth,
        kernel_c.astype(data.dtype),
        kernel_r.astype(data.dtype),
        borderType=cv2.BORDER_REFLECT_101,
    )


def pad_mirrored(
    plane: np.ndarray, reach: tuple[int, int], mode: str = "reflect", value: float = 0.0
) -> np.ndarray:
    """Pad a plane by ``reach`` with numpy's mode (``'reflect'`` = mirrored without repeat)."""
    pads = ((reach[0], reach[0]), (reach[1], reach[1]))
    if mode == "constant":
        return np.pad(plane, pads, mode="constant", constant_values=value)
    return np.pad(plane, pads, mode=mode)  # type: ignore[call-overload]


def odd(size: int) -> int:
    """HALCON's rule for even mask sizes: the next odd size."""
    return size | 1


def positive_size(ctx: CallContext, value: object, name: str, limit: int = 4095) -> int:
    """A mask size parameter as a positive integer (reals are rounded); 1302 style otherwise."""
    if type(value) is float and np.isfinite(value):
        value = int(np.floor(value + 0.5))
    if type(value) is not int:
        raise ctx.param_error("type", name, f"expected a number, got {value!r}")
    if not 1 <= value <= limit:
        raise ctx.param_error("value", name, f"{value} is outside 1..{limit}")
    return value
