"""Gray-value morphology with structuring-element images: gen_disc_se, gray_erosion,
gray_dilation, gray_opening, gray_closing, gray_tophat and gray_bothat.

A structuring element (SE) is an image whose domain is the element's support and whose
gray values are added (dilation) or subtracted (erosion) [doc: read_gray_se, gen_disc_se].
gen_disc_se makes an ellipsoid: Width and Height are the axes of the support ellipse
and Smax the height in the centre; Type ('byte', 'uint2', 'real') must match the images
it is used on [doc: gen_disc_se]. gray_tophat is the image minus its opening, gray_bothat
the closing minus the image [doc: gray_tophat, gray_bothat].

[unverified]: erosion = min over the SE support of f(x + z) - b(z), dilation = max of
f(x - z) + b(z), the SE's reference point is the pixel (h // 2, w // 2) of
its bounding box), borders are mirrored (:mod:`._filtering`), results are clipped to the
image type; the ellipsoid's support holds the pixels with (2 dc / Width)^2 + (2 dr /
Height)^2 <= 1 (dc, dr measured from the centre of the Width x Height box) and its height
is Smax * sqrt(1 - that sum); an SE whose type differs from the image's is accepted.
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import extent

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
    wrong_object_count,
)

from ._filtering import filter_all, images, to_type

_TYPES = ("byte", "uint2", "int2", "int4", "real")


@operator(
    "gen_disc_se",
    IconicOut("SE"),
    ControlIn("Type", types="string", count=1, default="byte", values=("byte", "uint2", "real")),
    ControlIn("Width", types="integer", count=1, default=5),
    ControlIn("Height", types="integer", count=1, default=5),
    ControlIn("Smax", types="number", count=1, default=0),
)
def gen_disc_se(
    ctx: CallContext, pixel_type: tuple, width: tuple, height: tuple, smax: tuple
) -> tuple:
    """An ellipsoidal structuring element: support = the ellipse with axes Width and
    Height, gray values rising to Smax in the centre (0 gives a flat element)."""
    w, h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    if w > 511 or h > 511:
        raise ctx.param_error("value", "Width" if w > 511 else "Height", "at most 511")
    top = float(smax[0])
    if not np.isfinite(top):
        raise ctx.param_error("value", "Smax", f"{smax[0]!r} is not a finite number")
    dr = (np.arange(h) - (h - 1) / 2.0) / (h / 2.0)
    dc = (np.arange(w) - (w - 1) / 2.0) / (w / 2.0)
    q = dr[:, None] ** 2 + dc[None, :] ** 2
    support = q <= 1.0 + 1e-9
    values = top * np.sqrt(np.clip(1.0 - q, 0.0, None))
    t = pixel_type[0]
    data = to_type(np.where(support, values, 0.0), t)[None]
    return (ObjectTuple([Image(data, t, Region(0, 0, support))]),)


def _element(ctx: CallContext, se: ObjectTuple) -> tuple[np.ndarray, np.ndarray]:
    """(support mask, heights) of the single structuring element."""
    objs = list(se)
    if len(objs) != 1:
        raise ctx.error(
            wrong_object_count(2), f"SE: expects one structuring element, got {len(objs)}"
        )
    (img,) = images(ctx, ObjectTuple(objs), _TYPES)
    support = np.ones((img.height, img.width), bool)
    if img.domain is not None:
        support = img.domain.to_mask(img.height, img.width)
    if not support.any():
        raise ctx.error(3011, "SE: the structuring element is empty")
    return support, img.data[0].astype(np.float64)


def _min_max(plane: np.ndarray, support: np.ndarray, heights: np.ndarray, op: str) -> np.ndarray:
    from scipy.ndimage import grey_dilation, grey_erosion

    data = plane.astype(np.float64)
    flat = not heights[support].any()
    hr, hc = support.shape[0] // 2, support.shape[1] // 2
    pad = max(0, max(hr, hc) - min(data.shape) + 1)
    if pad:
        data = np.pad(data, pad, mode="symmetric")
    if op == "min":
        # erosion: min over z in the support of f(x + z) - b(z)
        if flat:
            out = grey_erosion(data, footprint=support, mode="mirror")
        else:
            out = grey_erosion(data, footprint=support, structure=heights, mode="mirror")
    else:
        # dilation: max over z of f(x - z) + b(z): scipy reflects the element itself
        if flat:
            out = grey_dilation(data, footprint=support, mode="mirror")
        else:
            out = grey_dilation(data, footprint=support, structure=heights, mode="mirror")
    return out[pad:-pad, pad:-pad] if pad else out


def _run(ctx: CallContext, image: ObjectTuple, se: ObjectTuple, ops: str) -> ObjectTuple:
    support, heights = _element(ctx, se)
    reach = (support.shape[0], support.shape[1])

    def run(plane: np.ndarray) -> np.ndarray:
        def mm(p: np.ndarray, op: str) -> np.ndarray:
            return _min_max(p, support, heights, op)

        if ops == "open":
            return mm(mm(plane, "min"), "max")
        if ops == "close":
            return mm(mm(plane, "max"), "min")
        if ops == "tophat":
            return plane.astype(np.float64) - mm(mm(plane, "min"), "max")
        if ops == "bothat":
            return mm(mm(plane, "max"), "min") - plane.astype(np.float64)
        return mm(plane, ops)

    return filter_all(ctx, image, _TYPES, run, reach)


def _op(name: str, out: str, ops: str, doc: str):
    def fn(ctx: CallContext, image: ObjectTuple, se: ObjectTuple) -> tuple:
        return (_run(ctx, image, se, ops),)

    fn.__doc__ = doc
    fn.__name__ = name
    return operator(name, IconicIn("Image"), IconicIn("SE"), IconicOut(out))(fn)


gray_erosion = _op(
    "gray_erosion",
    "ImageErosion",
    "min",
    "Gray erosion with a structuring-element image: minimum of the image minus the element.",
)
gray_dilation = _op(
    "gray_dilation",
    "ImageDilation",
    "max",
    "Gray dilation with a structuring-element image: maximum of the image plus the element.",
)
gray_opening = _op(
    "gray_opening",
    "ImageOpening",
    "open",
    "Gray opening (erosion, then dilation) with a structuring-element image.",
)
gray_closing = _op(
    "gray_closing",
    "ImageClosing",
    "close",
    "Gray closing (dilation, then erosion) with a structuring-element image.",
)
gray_tophat = _op(
    "gray_tophat",
    "ImageTopHat",
    "tophat",
    "Top hat: the image minus its gray opening with a structuring-element image "
    "(bright details smaller than the element).",
)
gray_bothat = _op(
    "gray_bothat",
    "ImageBotHat",
    "bothat",
    "Bottom hat: the gray closing with a structuring-element image minus the image "
    "(dark details smaller than the element).",
)
