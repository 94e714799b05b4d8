"""Helpers shared by the image operators: argument unpacking, pixel types, domains, regions.

Conventions used throughout the plugin:

* An :class:`~hdlite.values.iconic.Image` holds ``data`` of shape ``(channels, height, width)``.
  The array may be a strided view (for example of a decoded ``(height, width, 3)`` buffer);
  every operator accepts any memory layout, so nothing is copied only to reorder it.
* Operators that work point by point compute over the whole pixel matrix; pixels outside
  the domain are undefined in HALCON, so this is allowed and much faster than masking.
  Statistics (``min_max_gray``, ``intensity``...) use only the domain.
* Control parameters that HALCON accepts "one value for all objects or one per object" go
  through :func:`per_object`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from hdlite.plugin import PIXEL_TYPES, Image, ObjectTuple, Region, wrong_object_count

if TYPE_CHECKING:
    from hdlite.plugin import CallContext

#: numpy dtype of each HALCON pixel type
DTYPES: dict[str, np.dtype] = {name: np.dtype(dt) for name, dt in PIXEL_TYPES.items()}
#: HALCON pixel type of each numpy dtype
PIXEL_TYPE_OF: dict[np.dtype, str] = {dt: name for name, dt in DTYPES.items()}
#: value range of the integer pixel types
INT_RANGES: dict[str, tuple[int, int]] = {
    name: (int(np.iinfo(dt).min), int(np.iinfo(dt).max))
    for name, dt in DTYPES.items()
    if dt.kind in "iu"
}
INTERPOLATIONS = ("nearest_neighbor", "bilinear", "constant", "weighted", "bicubic")


#: the pixel types of operators whose reference page lists every type but 'complex'
#: (threshold, min_max_gray, intensity, mean_image, gauss_filter, invert_image ...)
NOT_COMPLEX: frozenset[str] = frozenset(PIXEL_TYPES) - {"complex"}


def images(
    ctx: CallContext,
    objects: ObjectTuple,
    what: str = "Image",
    types: frozenset[str] | None = None,
) -> list[Image]:
    """The objects as images; a region where an image is expected is HALCON error 9054, an
    image whose pixel type is not among ``types`` (when given) HALCON's 9007 (wrong pixel
    type for this operation)."""
    out = list(objects)
    for obj in out:
        if not isinstance(obj, Image):
            raise ctx.error(9054, f"{what}: expected an image, got a {obj.kind}")
        if types is not None and obj.pixel_type not in types:
            raise ctx.error(9007, f"{what}: {obj.pixel_type} images are not supported")
    return out  # type: ignore[return-value]


def regions(ctx: CallContext, objects: ObjectTuple, what: str = "Region") -> list[Region]:
    """The objects as regions; an image stands for its domain (as in HALCON)."""
    out: list[Region] = []
    for obj in objects:
        if isinstance(obj, Region):
            out.append(obj)
        elif isinstance(obj, Image):
            out.append(obj.domain_region())
        else:
            raise ctx.error(9054, f"{what}: expected a region, got a {obj.kind}")
    return out


def one_image(
    ctx: CallContext,
    objects: ObjectTuple,
    what: str = "Image",
    position: int = 1,
    types: frozenset[str] | None = None,
) -> Image:
    """Exactly one image, for a parameter HALCON declares as a single object (``types``:
    the pixel types accepted, see :func:`images`).

    Raises:
        HalconError: 150N (wrong number of objects in object parameter N) otherwise.
    """
    imgs = images(ctx, objects, what, types)
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(position), f"{what}: {len(imgs)} images, expected one")
    return imgs[0]


def per_object(ctx: CallContext, values: tuple, count: int, name: str) -> list:
    """Spread a control parameter over ``count`` objects: one value for all or one each."""
    if len(values) == count:
        return list(values)
    if len(values) == 1:
        return [values[0]] * count
    raise ctx.param_error("count", name, f"{len(values)} values for {count} objects")


def as_int(ctx: CallContext, value: object, name: str) -> int:
    """A control element as an integer (reals are rounded, as HALCON does for pixels)."""
    if type(value) is int:
        return value
    if type(value) is float:
        if not np.isfinite(value):
            raise ctx.param_error("value", name, f"{value!r} is not a finite number")
        return int(np.floor(value + 0.5))
    raise ctx.param_error("type", name, f"expected a number, got {value!r}")


#: the largest image width or height hdlite accepts: HALCON XL keeps image coordinates in
#: 32 bits (standard HALCON in 16) [unverified, recalled]; larger values are wrong values
MAX_EXTENT = 2**31 - 1


def extent(ctx: CallContext, value: object, name: str) -> int:
    """An image width or height given as a control value: 1..MAX_EXTENT, else 130N."""
    size = as_int(ctx, value, name)
    if size < 1:
        raise ctx.param_error("value", name, f"{size} must be at least 1")
    if size > MAX_EXTENT:
        raise ctx.param_error("value", name, f"{size} exceeds the largest image size {MAX_EXTENT}")
    return size


def _memory_bytes() -> int:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return 1 << 40


def check_fits(
    ctx: CallContext, height: int, width: int, channels: int = 1, item: int = 1, what: str = "image"
) -> None:
    """A new image of this size must fit into the machine's memory, else HALCON's 6001.

    Checked before allocating, so that a huge size fails at once with HALCON's error
    instead of numpy's (which refuses arrays beyond its index range with a ValueError).
    """
    if height * width * channels * item > _memory_bytes():
        raise ctx.error(6001, f"a {width} x {height} {what} does not fit into memory")


#: region coordinates are kept as int32 chords (see :class:`~hdlite.plugin.Region`), so a
#: pixel of a region lies within -2^31 .. 2^31 - 1; HALCON XL also keeps coordinates in 32
#: bits [unverified, recalled]. A region whose pixels would lie beyond is a wrong value.
MIN_COORD, MAX_COORD = -(2**31), 2**31 - 1


def coordinate(ctx: CallContext, value: object, name: str) -> float:
    """A row, column or length of a region primitive: a finite number within the
    coordinate range (130N naming ``name`` otherwise, 120N for a non-number)."""
    number = as_float(ctx, value, name)
    if not math.isfinite(number):
        raise ctx.param_error("value", name, f"{value!r} is not a finite number")
    if not MIN_COORD <= number <= MAX_COORD:
        raise ctx.param_error("value", name, f"{value!r} is outside the coordinate range")
    return number


def check_region_box(
    ctx: CallContext,
    box: tuple[float, float, float, float],
    name: str,
    item: int = 1,
    rows_only: bool = False,
) -> None:
    """The shared guard of the region constructors, before anything is allocated.

    ``box`` is (row1, column1, row2, column2) of the pixels the new region may cover; a box
    leaving the coordinate range is HALCON's wrong value (130N) naming parameter ``name``;
    a box whose raster (``item`` bytes per pixel, or per row with ``rows_only``, for
    primitives built chord by chord) does not fit into memory is HALCON's 6001.
    """
    r1, c1, r2, c2 = box
    if not (MIN_COORD <= r1 and r2 <= MAX_COORD and MIN_COORD <= c1 and c2 <= MAX_COORD):
        raise ctx.param_error("value", name, "the region would leave the coordinate range")
    height = max(r2 - r1 + 1, 0)
    width = 1 if rows_only else max(c2 - c1 + 1, 0)
    if height * width * item > _memory_bytes():
        raise ctx.error(6001, f"{name}: a region of {height:.0f} rows does not fit into memory")


def check_count(ctx: CallContext, count: float, name: str, item: int = 8) -> None:
    """``count`` new items of ``item`` bytes (points of a contour, samples of a filter
    mask, pixels of a line) must fit into memory, else HALCON's 6001 naming ``name``."""
    if not count * item <= _memory_bytes():
        raise ctx.error(6001, f"{name}: {count:.4g} values do not fit into memory")


def int_coordinates(ctx: CallContext, values: tuple, name: str) -> np.ndarray:
    """Pixel coordinates given as numbers (reals rounded), as an int64 array; each must
    lie in the coordinate range (130N naming ``name``)."""
    return np.array(
        [math.floor(coordinate(ctx, v, name) + 0.5) for v in values], dtype=np.int64
    ).reshape(-1)


def clip_to(region: Region, row1: int, column1: int, row2: int, column2: int) -> Region:
    """``region.clip`` for any integer bounds: a bound beyond the coordinate range clips
    nothing on its side (the region's int32 chords cannot reach it)."""
    r1, c1, r2, c2 = (
        min(max(int(v), MIN_COORD), MAX_COORD) for v in (row1, column1, row2, column2)
    )
    return region.clip(r1, c1, r2, c2)


def repeat_count(ctx: CallContext, value: object, name: str) -> int:
    """An iteration count (``Iterations`` of the morphology operators): an integer >= 1
    (120N for another type, 130N below 1); large counts are the caller's to shorten."""
    if type(value) is not int:
        raise ctx.param_error("type", name, f"expected an integer, got {value!r}")
    if value < 1:
        raise ctx.param_error("value", name, f"{value} must be at least 1")
    return value


def as_float(ctx: CallContext, value: object, name: str) -> float:
    """A control element as a float."""
    if type(value) in (int, float):
        return float(value)  # type: ignore[arg-type]
    raise ctx.param_error("type", name, f"expected a number, got {value!r}")


def to_pixel_type(values: np.ndarray, pixel_type: str, rounding: str = "round") -> np.ndarray:
    """Convert computed values to ``pixel_type``, clipping to its range.

    Args:
        values: any numeric array.
        pixel_type: the target HALCON pixel type.
        rounding: ``'round'`` (half away from zero) or ``'trunc'`` (toward zero) for
            integer targets; ignored for ``real``.
    """
    dtype = DTYPES[pixel_type]
    if values.dtype.kind == "c" and dtype.kind != "c":
        values = values.real  # only the real part converts (convert_image_type's page)
    if dtype.kind in "fc":  # real and complex images take the values as they are
        return values.astype(dtype, copy=False)
    if values.dtype.kind in "iu":
        lo, hi = INT_RANGES[pixel_type]
        info = np.iinfo(values.dtype)
        if info.min >= lo and info.max <= hi:
            return values.astype(dtype, copy=False)
        return np.clip(values, lo, hi).astype(dtype)
    lo, hi = INT_RANGES[pixel_type]
    if rounding == "round":
        values = np.where(values >= 0, np.floor(values + 0.5), np.ceil(values - 0.5))
    else:
        values = np.trunc(values)
    values = np.nan_to_num(values, nan=0.0)
    return np.clip(values, lo, hi).astype(dtype)


def pixel_value(pixel_type: str, value: float) -> int | float:
    """A single gray value as the control element HALCON returns for ``pixel_type`` (a real
    or integer one; complex values: :func:`pixel_values`)."""
    if DTYPES[pixel_type].kind == "f":
        return float(value)
    return int(value)


def pixel_values(pixel_type: str, values: Sequence) -> list[int | float]:
    """Gray values as HALCON's control elements: one per value, or for a complex image two
    (real part, imaginary part) per value, as get_grayval returns them."""
    if pixel_type == "complex":
        return [part for v in values for part in (float(v.real), float(v.imag))]
    return [pixel_value(pixel_type, v) for v in values]


def domain_mask(image: Image) -> np.ndarray | None:
    """The domain as a full-size boolean mask, or None for a full domain."""
    if image.domain is None:
        return None
    return image.domain.to_mask(image.height, image.width)


def domain_values(image: Image, channel: int = 0) -> np.ndarray:
    """The gray values of one channel inside the domain, as a flat array."""
    plane = image.data[channel]
    mask = domain_mask(image)
    return plane.reshape(-1) if mask is None else plane[mask]


def region_from_mask(mask: np.ndarray, row: int = 0, column: int = 0) -> Region:
    """A region for a boolean mask placed at (row, column), cropped to its bounding box."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return Region(0, 0, np.zeros((0, 0), dtype=bool))
    cols = np.flatnonzero(mask.any(axis=0))
    r0, r1, c0, c1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    return Region(row + r0, column + c0, np.ascontiguousarray(mask[r0:r1, c0:c1]))


def region_area(region: Region) -> int:
    """Number of pixels of a region."""
    return int(np.count_nonzero(region.mask))


def clip_region(region: Region, height: int, width: int) -> Region:
    """The region restricted to the rectangle of an image of the given size."""
    if (
        region.row >= 0
        and region.column >= 0
        and region.row + region.mask.shape[0] <= height
        and region.column + region.mask.shape[1] <= width
    ):
        return region
    r0, c0 = max(region.row, 0), max(region.column, 0)
    r1 = min(region.row + region.mask.shape[0], height)
    c1 = min(region.column + region.mask.shape[1], width)
    if r1 <= r0 or c1 <= c0:
        return Region(0, 0, np.zeros((0, 0), dtype=bool))
    part = region.mask[r0 - region.row : r1 - region.row, c0 - region.column : c1 - region.column]
    return region_from_mask(part, r0, c0)


def is_full(region: Region, height: int, width: int) -> bool:
    """Whether a region covers the whole image rectangle."""
    return (
        region.row <= 0
        and region.column <= 0
        and region.row + region.mask.shape[0] >= height
        and region.column + region.mask.shape[1] >= width
        and bool(region.to_mask(height, width).all())
    )


def normalized_domain(region: Region | None, height: int, width: int) -> Region | None:
    """A domain clipped to the image; None when it covers the whole image."""
    if region is None:
        return None
    region = clip_region(region, height, width)
    return None if is_full(region, height, width) else region


def combine_masks(masks: Sequence[np.ndarray | None], how: str) -> np.ndarray | None:
    """Intersection (``'and'``) or union (``'or'``) of domain masks; None means full."""
    present = [m for m in masks if m is not None]
    if how == "and":
        if not present:
            return None
        out = present[0].copy()
        for m in present[1:]:
            out &= m
        return out
    if len(present) < len(masks):
        return None
    out = present[0].copy()
    for m in present[1:]:
        out |= m
    return out


def domain_of_masks(images_: Sequence[Image], how: str = "and") -> Region | None:
    """The combined domain of images of equal size (None when it is the full image)."""
    mask = combine_masks([domain_mask(i) for i in images_], how)
    if mask is None:
        return None
    img = images_[0]
    return normalized_domain(region_from_mask(mask), img.height, img.width)


def same_layout(ctx: CallContext, first: Image, other: Image, check_type: bool = True) -> None:
    """HALCON's checks for operators that combine two images pixel by pixel."""
    if (first.height, first.width) != (other.height, other.width):
        raise ctx.error(3117, f"{first.width}x{first.height} and {other.width}x{other.height}")
    if first.channels != other.channels:
        raise ctx.error(3122, f"{first.channels} and {other.channels} channels")
    if check_type and first.pixel_type != other.pixel_type:
        raise ctx.error(9001, f"pixel types {first.pixel_type} and {other.pixel_type} differ")


def no_input_objects(ctx: CallContext, what: str) -> None:
    """HALCON's rule for an input object parameter that holds no objects: the operator
    succeeds with empty outputs, unless ``set_system ('no_object_result', 'exception')``.

    [doc: sub_image, add_image ... "Result": "The behavior in case of empty input (no input
    images available) is set via the operator set_system(::'no_object_result',<Result>:)",
    HALCON 6.1 reference, halcon.us/download/documentation/reference-6.1/hdevelop/
    sub_image.html]. The default 'true' gives empty outputs; 'false', 'fail' and 'void'
    are treated alike here [unverified]; 'exception' raises 3110 "Number of input objects
    is zero" [unverified number, error-codes.md names the text].
    """
    mode = ctx.session.system.get("no_object_result", ("true",))
    if mode and mode[0] == "exception":
        raise ctx.error(3110, f"{what}: no input objects")


def match_counts(
    ctx: CallContext, lists: Sequence[Sequence[Image]], names: Sequence[str]
) -> list[tuple[Image, ...]]:
    """Group the images of several input parameters that are processed together (image
    arithmetic, compose, colour transforms, dyn_threshold ...): the i-th image of each.

    One rule for every such operator: a parameter without images gives no groups (empty
    outputs, see :func:`no_input_objects`), even when the others hold images; otherwise
    the numbers must be equal (3017 "Number of images unequal in input pars.").
    """
    for items, name in zip(lists, names, strict=True):
        if not items:
            no_input_objects(ctx, name)
            return []
    if len({len(items) for items in lists}) != 1:
        counts = ", ".join(f"{n}: {len(x)}" for n, x in zip(names, lists, strict=True))
        raise ctx.error(3017, f"numbers of images differ ({counts})")
    return list(zip(*lists, strict=True))


def pairs(
    ctx: CallContext,
    first: ObjectTuple,
    second: ObjectTuple,
    names: tuple[str, str] = ("Image1", "Image2"),
) -> list[tuple[Image, Image]]:
    """Pair the images of two object tuples by :func:`match_counts`' rule."""
    a = images(ctx, first, names[0])
    b = images(ctx, second, names[1])
    return match_counts(ctx, [a, b], names)  # type: ignore[return-value]


def write_error(ctx: CallContext, path: str, exc: OSError) -> Exception:
    """The HALCON error for a failed file write (5198 rights, 5215 cannot open, 5212 other)."""
    if isinstance(exc, PermissionError):
        return ctx.error(5198, path)
    if isinstance(exc, (FileNotFoundError, NotADirectoryError, IsADirectoryError)):
        return ctx.error(5215, f"{path}: {exc.strerror or exc}")
    return ctx.error(5212, f"{path}: {exc}")
