"""Synthetic gray-value images: gen_image_gray_ramp, gen_image_surface_first_order,
gen_image_surface_second_order.

HALCON facts settled here [doc: gen_image_gray_ramp, gen_image_surface_first_order,
gen_image_surface_second_order]:

* gen_image_gray_ramp: g(r, c) = Alpha (r - Row) + Beta (c - Column) + Mean, a byte image,
  values outside 0..255 clipped; defaults 1.0, 1.0, 128, 256, 256, 512, 512.
* gen_image_surface_first_order: g = Alpha (r - Row) + Beta (c - Column) + Gamma;
  gen_image_surface_second_order: g = Alpha (r - Row)^2 + Beta (c - Column)^2 +
  Gamma (r - Row)(c - Column) + Delta (r - Row) + Epsilon (c - Column) + Zeta; Type 'byte',
  'uint2' or 'real', values outside the type's range clipped; every coefficient defaults
  to 1.0, Row and Column to 256, Width and Height to 512.
* The images have the full domain; Width and Height are at least 1.
* [unverified] integer results are rounded half away from zero.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicOut, Image, ObjectTuple, operator

from ._filtering import DTYPES, to_type

SURFACE_TYPES = ("byte", "uint2", "real")
#: the largest image (pixels) generated; beyond it HALCON's 6001 (not enough memory)
MAX_PIXELS = 1 << 31


def _extent(ctx: CallContext, value: object, name: str) -> int:
    if type(value) is not int:
        raise ctx.param_error("type", name, f"expected an integer, got {value!r}")
    if value < 1:
        raise ctx.param_error("value", name, f"{value} must be at least 1")
    return value


def _number(ctx: CallContext, value: object, name: str) -> float:
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise ctx.param_error("value", name, f"{value!r} is not a finite number")
    return number


def _grid(
    ctx: CallContext, row: object, column: object, width: object, height: object, item: int
) -> tuple[np.ndarray, np.ndarray]:
    """Row and column offsets from (Row, Column) for an image of Width x Height."""
    w, h = _extent(ctx, width, "Width"), _extent(ctx, height, "Height")
    if w * h * (8 * 3 + item) > MAX_PIXELS * 8:
        raise ctx.error(6001, f"a {w} x {h} image does not fit into memory")
    r0, c0 = _number(ctx, row, "Row"), _number(ctx, column, "Column")
    dr = np.arange(h, dtype=np.float64)[:, None] - r0
    dc = np.arange(w, dtype=np.float64)[None, :] - c0
    return dr, dc


def _image(values: np.ndarray, pixel_type: str) -> ObjectTuple:
    with np.errstate(invalid="ignore", over="ignore"):
        data = to_type(np.nan_to_num(values), pixel_type)
    return ObjectTuple([Image(data[None], pixel_type)])


@operator(
    "gen_image_gray_ramp",
    IconicOut("ImageGrayRamp"),
    ControlIn("Alpha", types="number", count=1, default=1.0),
    ControlIn("Beta", types="number", count=1, default=1.0),
    ControlIn("Mean", types="number", count=1, default=128.0),
    ControlIn("Row", types="number", count=1, default=256),
    ControlIn("Column", types="number", count=1, default=256),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def gen_image_gray_ramp(
    ctx: CallContext,
    alpha: tuple,
    beta: tuple,
    mean: tuple,
    row: tuple,
    column: tuple,
    width: tuple,
    height: tuple,
) -> tuple:
    """A byte image with the gray-value ramp Alpha (r - Row) + Beta (c - Column) + Mean."""
    dr, dc = _grid(ctx, row[0], column[0], width[0], height[0], 1)
    a, b = _number(ctx, alpha[0], "Alpha"), _number(ctx, beta[0], "Beta")
    m = _number(ctx, mean[0], "Mean")
    return (_image(a * dr + b * dc + m, "byte"),)


@operator(
    "gen_image_surface_first_order",
    IconicOut("ImageSurface"),
    ControlIn("Type", types="string", count=1, default="byte", values=SURFACE_TYPES),
    ControlIn("Alpha", types="number", count=1, default=1.0),
    ControlIn("Beta", types="number", count=1, default=1.0),
    ControlIn("Gamma", types="number", count=1, default=1.0),
    ControlIn("Row", types="number", count=1, default=256.0),
    ControlIn("Column", types="number", count=1, default=256.0),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def gen_image_surface_first_order(
    ctx: CallContext,
    pixel_type: tuple,
    alpha: tuple,
    beta: tuple,
    gamma: tuple,
    row: tuple,
    column: tuple,
    width: tuple,
    height: tuple,
) -> tuple:
    """A tilted plane Alpha (r - Row) + Beta (c - Column) + Gamma of pixel type Type."""
    t = pixel_type[0]
    dr, dc = _grid(ctx, row[0], column[0], width[0], height[0], DTYPES[t].itemsize)
    a, b = _number(ctx, alpha[0], "Alpha"), _number(ctx, beta[0], "Beta")
    g = _number(ctx, gamma[0], "Gamma")
    return (_image(a * dr + b * dc + g, t),)


@operator(
    "gen_image_surface_second_order",
    IconicOut("ImageSurface"),
    ControlIn("Type", types="string", count=1, default="byte", values=SURFACE_TYPES),
    ControlIn("Alpha", types="number", count=1, default=1.0),
    ControlIn("Beta", types="number", count=1, default=1.0),
    ControlIn("Gamma", types="number", count=1, default=1.0),
    ControlIn("Delta", types="number", count=1, default=1.0),
    ControlIn("Epsilon", types="number", count=1, default=1.0),
    ControlIn("Zeta", types="number", count=1, default=1.0),
    ControlIn("Row", types="number", count=1, default=256.0),
    ControlIn("Column", types="number", count=1, default=256.0),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def gen_image_surface_second_order(
    ctx: CallContext,
    pixel_type: tuple,
    alpha: tuple,
    beta: tuple,
    gamma: tuple,
    delta: tuple,
    epsilon: tuple,
    zeta: tuple,
    row: tuple,
    column: tuple,
    width: tuple,
    height: tuple,
) -> tuple:
    """A second-order polynomial surface of (r - Row, c - Column) of pixel type Type."""
    t = pixel_type[0]
    dr, dc = _grid(ctx, row[0], column[0], width[0], height[0], DTYPES[t].itemsize)
    names = ("Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta")
    values = (alpha, beta, gamma, delta, epsilon, zeta)
    a, b, g, d, e, z = (_number(ctx, v[0], n) for v, n in zip(values, names, strict=True))
    with np.errstate(over="ignore", invalid="ignore"):
        surface = a * dr * dr + b * dc * dc + g * dr * dc + d * dr + e * dc + z
    return (_image(surface, t),)
