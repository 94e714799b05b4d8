"""Writing pixels and duplicating images: set_grayval and copy_image.

set_grayval is one of HALCON's few operators that change an existing image: "the image
is modified in place", and other image objects sharing the pixels may see the change
[doc: set_grayval; spec §0 G10]. hdlite changes the image object itself: every variable
holding that object sees the new values. Images read from files keep read-only pixels,
so the object then gets a writable copy of its pixels first (other objects made from the
same buffer, e.g. by reduce_domain, keep the old values there) [unverified: HALCON would
change them too]. Grayval holds one value per point (for all channels) or one per point
and channel, point by point [doc: set_grayval, "one gray value per pixel or per pixel
and channel" - order per point assumed, as get_grayval returns them]. A point outside
the image is a wrong value of Row or Column, as in get_grayval. Values are rounded and
clipped to the pixel type [unverified rounding]. A complex image takes two numbers per
value, the real and the imaginary part ("for complex or vector field images, two gray
values per pixel must be specified (per channel)", set_grayval's reference).

copy_image returns a real copy of the pixels (all channels) with the same domain
[doc: copy_image], so a later set_grayval on one does not change the other.
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import as_int

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

from ._filtering import to_type


def _images(ctx: CallContext, objects: ObjectTuple) -> list[Image]:
    out = []
    for obj in objects:
        if not isinstance(obj, Image):
            raise ctx.error(9054, f"Image: expects images, got a {obj.kind}")
        out.append(obj)
    return out


def _values(ctx: CallContext, grayval: tuple, n: int, ch: int, pairs: bool) -> np.ndarray:
    """Grayval as an n x ch array: one value per point (all channels), one per point and
    channel, or one for every point; a complex value is two numbers (real, imaginary)."""
    flat = np.asarray(grayval, dtype=np.float64)
    if pairs:
        if flat.size % 2:
            raise ctx.param_error("count", "Grayval", "complex images take value pairs")
        flat = flat[0::2] + 1j * flat[1::2]
    if flat.size == n:
        return np.repeat(flat[:, None], ch, axis=1)
    if flat.size == n * ch:
        return flat.reshape(n, ch)
    if flat.size == 1:
        return np.full((n, ch), flat[0])
    raise ctx.param_error("count", "Grayval", f"{len(grayval)} values for {n} points")


@operator(
    "set_grayval",
    IconicIn("Image"),
    ControlIn("Row", types="number"),
    ControlIn("Column", types="number"),
    ControlIn("Grayval", types="number"),
)
def set_grayval(
    ctx: CallContext, image: ObjectTuple, row: tuple, column: tuple, grayval: tuple
) -> tuple:
    """Set the gray values of single pixels in place: Grayval has one value per point
    (all channels) or one per point and channel."""
    if len(row) != len(column):
        raise ctx.param_error("count", "Column", f"{len(column)} columns for {len(row)} rows")
    imgs = _images(ctx, image)
    for img in imgs:
        values = _values(ctx, grayval, len(row), img.channels, img.pixel_type == "complex")
        rr = np.array([as_int(ctx, r, "Row") for r in row], dtype=np.int64)
        cc = np.array([as_int(ctx, c, "Column") for c in column], dtype=np.int64)
        if rr.size and (rr.min() < 0 or rr.max() >= img.height):
            raise ctx.param_error("value", "Row", f"a row lies outside 0..{img.height - 1}")
        if cc.size and (cc.min() < 0 or cc.max() >= img.width):
            raise ctx.param_error("value", "Column", f"a column lies outside 0..{img.width - 1}")
        if not img.data.flags.writeable:
            img.data = img.data.copy()
        if img.pixel_type == "complex":
            img.data[:, rr, cc] = values.astype(np.complex64).T
        else:
            img.data[:, rr, cc] = to_type(values, img.pixel_type).T
    return ()


@operator("copy_image", IconicIn("Image"), IconicOut("DupImage"))
def copy_image(ctx: CallContext, image: ObjectTuple) -> tuple:
    """A physical copy of each image (all channels) with the same domain."""
    return (ObjectTuple(Image(i.data.copy(), i.pixel_type, i.domain) for i in _images(ctx, image)),)
