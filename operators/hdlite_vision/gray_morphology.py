"""Gray-value morphology: minimum, maximum, opening, closing and range filters.

``gray_*_rect`` use a MaskHeight x MaskWidth rectangle, ``gray_*_shape`` a rectangle,
rhombus or octagon of that size. **MaskHeight comes before MaskWidth** in HALCON's
signatures [doc: spec §3.7]. Even sizes become the next odd size (as mean_image); shape
sizes may be reals and are rounded. The rhombus is ``|dr|/hr + |dc|/hc <= 1`` and the
octagon the rectangle with corners cut at ``|dr|/hr + |dc|/hc <= 1.5`` (hr, hc: half
sizes) [unverified: HALCON's exact octagon]. Borders are mirrored without repeating the
border pixel, domains are kept (see :mod:`._filtering`).
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._filtering import filter_all, positive_size

MORPH_TYPES = ("byte", "int2", "uint2", "int4", "real")
SHAPES = ("octagon", "rectangle", "rhombus")


def footprint(height: int, width: int, shape: str = "rectangle") -> np.ndarray:
    """The structuring element of odd ``height`` x ``width`` for ``shape``."""
    hr, hc = height // 2, width // 2
    if shape == "rectangle":
        return np.ones((height, width), bool)
    dr = np.abs(np.arange(-hr, hr + 1))[:, None] / max(hr, 1)
    dc = np.abs(np.arange(-hc, hc + 1))[None, :] / max(hc, 1)
    return (dr + dc) <= (1.0 if shape == "rhombus" else 1.5) + 1e-9


def min_max(plane: np.ndarray, fp: np.ndarray, op: str) -> np.ndarray:
    """Gray erosion (``'min'``) or dilation (``'max'``) of one plane, mirrored borders."""
    if plane.dtype in (np.uint8, np.uint16, np.int16, np.float32, np.float64):
        import cv2

        fn = cv2.erode if op == "min" else cv2.dilate
        reach = (fp.shape[0] // 2, fp.shape[1] // 2)
        if reach[0] < plane.shape[0] and reach[1] < plane.shape[1]:
            return fn(plane, fp.astype(np.uint8), borderType=cv2.BORDER_REFLECT_101)
    from scipy.ndimage import grey_dilation, grey_erosion

    sfn = grey_erosion if op == "min" else grey_dilation
    return sfn(plane, footprint=fp, mode="mirror")


def _morph(fp: np.ndarray, ops: str):
    """A plane function applying ``ops`` ('min', 'max', 'open', 'close', 'range')."""

    def run(plane: np.ndarray) -> np.ndarray:
        if ops == "open":
            return min_max(min_max(plane, fp, "min"), fp, "max")
        if ops == "close":
            return min_max(min_max(plane, fp, "max"), fp, "min")
        if ops == "range":
            wide = np.int64 if plane.dtype.kind in "iu" else np.float64
            return min_max(plane, fp, "max").astype(wide) - min_max(plane, fp, "min")
        return min_max(plane, fp, ops)

    return run


def _reach(fp: np.ndarray, ops: str) -> tuple[int, int]:
    factor = 2 if ops in ("open", "close") else 1
    return factor * (fp.shape[0] // 2), factor * (fp.shape[1] // 2)


def _size(ctx: CallContext, value: object, name: str) -> int:
    return positive_size(ctx, value, name, 511) | 1


def _rect_op(name: str, out: str, ops: str, doc: str, types: tuple = MORPH_TYPES):
    def run(ctx: CallContext, image: ObjectTuple, mask_h: tuple, mask_w: tuple) -> tuple:
        fp = footprint(_size(ctx, mask_h[0], "MaskHeight"), _size(ctx, mask_w[0], "MaskWidth"))
        return (filter_all(ctx, image, types, _morph(fp, ops), _reach(fp, ops)),)

    run.__doc__ = doc
    return operator(
        name,
        IconicIn("Image"),
        IconicOut(out),
        ControlIn("MaskHeight", types="number", count=1, default=11),
        ControlIn("MaskWidth", types="number", count=1, default=11),
    )(run)


def _shape_op(name: str, out: str, ops: str, doc: str):
    def run(
        ctx: CallContext, image: ObjectTuple, mask_h: tuple, mask_w: tuple, shape: tuple
    ) -> tuple:
        h, w = _size(ctx, mask_h[0], "MaskHeight"), _size(ctx, mask_w[0], "MaskWidth")
        fp = footprint(h, w, shape[0])
        return (filter_all(ctx, image, MORPH_TYPES, _morph(fp, ops), _reach(fp, ops)),)

    run.__doc__ = doc
    return operator(
        name,
        IconicIn("Image"),
        IconicOut(out),
        ControlIn("MaskHeight", types="number", count=1, default=11),
        ControlIn("MaskWidth", types="number", count=1, default=11),
        ControlIn("MaskShape", types="string", count=1, default="octagon", values=SHAPES),
    )(run)


gray_erosion_rect = _rect_op(
    "gray_erosion_rect", "ImageMin", "min", "Minimum gray value in a rectangle."
)
gray_dilation_rect = _rect_op(
    "gray_dilation_rect", "ImageMax", "max", "Maximum gray value in a rectangle."
)
gray_opening_rect = _rect_op(
    "gray_opening_rect", "ImageOpening", "open", "Gray opening (min, then max) with a rectangle."
)
gray_closing_rect = _rect_op(
    "gray_closing_rect", "ImageClosing", "close", "Gray closing (max, then min) with a rectangle."
)
gray_range_rect = _rect_op(
    "gray_range_rect",
    "ImageResult",
    "range",
    "Gray range (maximum minus minimum) in a rectangle.",
    ("byte", "int2", "uint2", "real"),
)
gray_erosion_shape = _shape_op(
    "gray_erosion_shape",
    "ImageMin",
    "min",
    "Minimum gray value in an octagon, rectangle or rhombus.",
)
gray_dilation_shape = _shape_op(
    "gray_dilation_shape",
    "ImageMax",
    "max",
    "Maximum gray value in an octagon, rectangle or rhombus.",
)
gray_opening_shape = _shape_op(
    "gray_opening_shape",
    "ImageOpening",
    "open",
    "Gray opening with an octagon, rectangle or rhombus.",
)
gray_closing_shape = _shape_op(
    "gray_closing_shape",
    "ImageClosing",
    "close",
    "Gray closing with an octagon, rectangle or rhombus.",
)
