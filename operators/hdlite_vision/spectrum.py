"""Spectra for display, derivative filters in the frequency domain and the FFT speed
optimisation operators.

Settled from HALCON's reference:

* power_real, power_byte, power_ln [doc: power_real, power_byte, power_ln]: the modulus
  sqrt(re^2 + im^2) of a complex image as a real image, as a byte image (values above 255
  clipped) and its natural logarithm as a real image.
* optimize_fft_speed and optimize_rft_speed [doc: optimize_fft_speed, optimize_rft_speed]
  only make later transforms of the given size faster (Mode 'standard', 'patient',
  'exhaustive'); results do not change, so hdlite checks the parameters and returns.
* gen_derivative_filter [doc: gen_derivative_filter]: a complex filter image for
  convol_fft that computes the Derivative ('x', 'y', 'xx', 'xy', 'yy', 'xxx', 'xxy', 'xyy',
  'yyy'; x along columns, y along rows) when the product is transformed back with a
  transform of exponent Exponent; Norm 'n' divides by Width*Height, Mode 'dc_center',
  'dc_edge' or 'rft' as the other filter generators (:mod:`._fft_layout`).

[unverified]: the filter is (s 2 pi i u / W)^nx (s 2 pi i v / H)^ny with s = Exponent and u,
v the signed frequency indices (y = row index downwards), so that a sinusoid's derivative is
exact; power_byte rounds to the nearest integer; power_ln gives 0 where the modulus is 0.
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
    operator,
)

from ._fft_layout import FILTER_MODES, frequency_grid, input_images
from ._filtering import to_type


def _modulus(ctx: CallContext, image: ObjectTuple) -> list[tuple[Image, np.ndarray]]:
    return [
        (img, np.abs(img.data.astype(np.complex128)))
        for img in input_images(ctx, image, ("complex",))
    ]


@operator("power_real", IconicIn("Image"), IconicOut("ImageResult"))
def power_real(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The power spectrum sqrt(re^2 + im^2) of a complex image as a real image."""
    return (
        ObjectTuple(
            Image(m.astype(np.float32), "real", img.domain) for img, m in _modulus(ctx, image)
        ),
    )


@operator("power_byte", IconicIn("Image"), IconicOut("PowerByte"))
def power_byte(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The power spectrum sqrt(re^2 + im^2) of a complex image as a byte image (clipped
    at 255)."""
    return (
        ObjectTuple(
            Image(to_type(m, "byte"), "byte", img.domain) for img, m in _modulus(ctx, image)
        ),
    )


@operator("power_ln", IconicIn("Image"), IconicOut("ImageResult"))
def power_ln(ctx: CallContext, image: ObjectTuple) -> tuple:
    """The natural logarithm of the power spectrum sqrt(re^2 + im^2) as a real image."""
    out = []
    for img, m in _modulus(ctx, image):
        with np.errstate(divide="ignore"):
            values = np.where(m > 0, np.log(np.where(m > 0, m, 1.0)), 0.0)
        out.append(Image(values.astype(np.float32), "real", img.domain))
    return (ObjectTuple(out),)


_SPEED = (
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
    ControlIn(
        "Mode",
        types="string",
        count=1,
        default="standard",
        values=("standard", "patient", "exhaustive"),
    ),
)


@operator("optimize_fft_speed", *_SPEED)
def optimize_fft_speed(ctx: CallContext, width: tuple, height: tuple, mode: tuple) -> tuple:
    """Optimise the speed of complex FFTs of the given size; it has no effect on results
    (hdlite's transforms need no optimisation, so the parameters are only checked)."""
    extent(ctx, width[0], "Width")
    extent(ctx, height[0], "Height")
    return ()


@operator("optimize_rft_speed", *_SPEED)
def optimize_rft_speed(ctx: CallContext, width: tuple, height: tuple, mode: tuple) -> tuple:
    """Optimise the speed of real-valued FFTs of the given size; it has no effect on
    results (hdlite's transforms need no optimisation, so the parameters are only checked)."""
    extent(ctx, width[0], "Width")
    extent(ctx, height[0], "Height")
    return ()


_DERIVATIVES = ("x", "y", "xx", "xy", "yy", "xxx", "xxy", "xyy", "yyy")


@operator(
    "gen_derivative_filter",
    IconicOut("ImageDerivative"),
    ControlIn("Derivative", types="string", count=1, default="x", values=_DERIVATIVES),
    ControlIn("Exponent", types="integer", count=1, default=1, values=(-1, 1)),
    ControlIn("Norm", types="string", count=1, default="none", values=("none", "n")),
    ControlIn("Mode", types="string", count=1, default="dc_center", values=FILTER_MODES),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def gen_derivative_filter(
    ctx: CallContext,
    derivative: tuple,
    exponent: tuple,
    norm: tuple,
    mode: tuple,
    width: tuple,
    height: tuple,
) -> tuple:
    """A complex derivative filter for convol_fft: (s 2 pi i u / W)^nx (s 2 pi i v / H)^ny
    for the derivative's orders nx (columns) and ny (rows), s = Exponent of the transform
    that brings the product back."""
    w, h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    check_fits(ctx, h, w, item=16, what="filter")
    u, v = frequency_grid(w, h, mode[0])
    s = float(exponent[0])
    d = derivative[0]
    nx, ny = d.count("x"), d.count("y")
    values = (s * 2j * np.pi * u / w) ** nx * (s * 2j * np.pi * v / h) ** ny
    values = np.broadcast_to(values, (v.shape[0], u.shape[1])).astype(np.complex128)
    if norm[0] == "n":
        values = values / float(w * h)
    return (ObjectTuple([Image(values.astype(np.complex64)[None], "complex")]),)
