"""connection: the connected components of regions; region_to_label, label_to_region.

Components use the system neighbourhood (``set_system('neighborhood', 4|8)``, default 8) and
come in the raster order of their first pixel (topmost, then leftmost), the components of
region 1 before those of region 2 (spec §2.1; OpenCV and SciPy label in the same order).
``'max_connection'`` (0 = all, HALCON's default) keeps the first N components of each region
[doc: connection names the parameter; which components are kept is unverified]. An empty
region has no component, so it contributes no object [unverified, spec §3.2].
label_to_region [doc: HALCON 19.11/24.11 reference]: one region per gray value occurring in the
image, not split into components; byte/int2/int4/int8 images (hdlite also takes int1 and
uint2), no 'real'; negative gray values are an error (hdlite: 1351; more than one channel:
3359) [unverified codes]. Ascending order and value 0 giving a region are unverified.
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import check_fits, extent

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
)

from ._region_tools import components, neighborhood, region_args, run_pixels, system_value


@operator("connection", IconicIn("Region"), IconicOut("ConnectedRegions"))
def connection(ctx: CallContext, region: ObjectTuple) -> tuple:
    """Split each region into its connected components (raster order of their first pixel)."""
    conn = neighborhood(ctx)
    limit = system_value(ctx, "max_connection", 0)
    cap = int(limit) if isinstance(limit, int) and limit > 0 else 0
    out = []
    for reg in region_args(ctx, region, "Region"):
        parts = components(reg, conn)
        out.extend(parts[:cap] if cap else parts)
    return (ObjectTuple(out),)


_LABEL_TYPES = {"byte": np.uint8, "int2": np.int16, "int4": np.int32}


@operator(
    "region_to_label",
    IconicIn("Region"),
    IconicOut("ImageLabel"),
    ControlIn("Type", types="string", count=1, default="int2", values=tuple(_LABEL_TYPES)),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def region_to_label(
    ctx: CallContext, region: ObjectTuple, kind: tuple, width: tuple, height: tuple
) -> tuple:
    """A label image: region i (1-based) painted with gray value i, 0 elsewhere.

    Later regions overwrite earlier ones where they overlap; values wrap in the pixel type
    (byte: modulo 256) [unverified: HALCON's handling of more than 255 regions in a byte
    image]. Parts of regions outside the image are ignored.
    """
    w, h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    dtype = _LABEL_TYPES[kind[0]]
    check_fits(ctx, h, w, item=dtype().itemsize, what="label image")
    data = np.zeros((h, w), dtype=dtype)
    for i, reg in enumerate(region_args(ctx, region, "Region"), start=1):
        rr, cc = run_pixels(reg.clip(0, 0, h - 1, w - 1))
        data[rr, cc] = np.array(i).astype(dtype)
    return (ObjectTuple([Image(data, kind[0])]),)


_LABEL_IN = ("byte", "int1", "uint2", "int2", "int4", "int8")


@operator("label_to_region", IconicIn("LabelImage"), IconicOut("Regions"))
def label_to_region(ctx: CallContext, image: ObjectTuple) -> tuple:
    """One region per gray value occurring in each label image's domain, in ascending order of
    the gray value (not split into components; value 0 included)."""
    out = []
    for obj in image:
        if not isinstance(obj, Image):
            raise ctx.error(9054, f"LabelImage: expected an image, got a {obj.kind}")
        if obj.pixel_type not in _LABEL_IN:
            raise ctx.error(9007, f"pixel type {obj.pixel_type!r} is not a label image type")
        if obj.channels != 1:
            raise ctx.error(3359, "LabelImage: expected a single-channel image")
        plane = obj.data[0]
        if obj.domain is None:
            rows, cols = np.indices(plane.shape).reshape(2, -1)
            values = plane.ravel()
        else:
            rows, cols = run_pixels(obj.domain.clip(0, 0, obj.height - 1, obj.width - 1))
            values = plane[rows, cols]
        if values.size and int(values.min()) < 0:
            raise ctx.error(1351, "the label image holds negative gray values")
        order = np.argsort(values, kind="stable")  # stable: raster order within each value
        values, rows, cols = values[order], rows[order], cols[order]
        bounds = np.flatnonzero(np.diff(values)) + 1
        for rr, cc in zip(np.split(rows, bounds), np.split(cols, bounds), strict=True):
            if rr.size:
                out.append(Region.from_runs(rr, cc, cc))
    return (ObjectTuple(out),)
