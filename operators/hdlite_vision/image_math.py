"""Point-wise mathematical functions of images: sqrt_image, exp_image, log_image, pow_image,
sin_image, cos_image, tan_image, atan_image and atan2_image.

HALCON's reference [doc: sqrt_image, exp_image, log_image, pow_image, sin_image;
mvtec.com/doc/halcon/1911, 2105, 2505 and docs.mvtec.com/hdevelopevo 25.11]:

* sqrt_image keeps the pixel type; negative values of signed types become 0. hdlite rounds
  integer results half away from zero as the other point operators do [unverified].
* exp_image(Image, Base) and log_image(Image, Base) give real images; Base is 'e' or a
  number (default 'e'). Values that overflow the result become the largest real
  (3.4028e38); log of a value <= 0 is 0.
* pow_image(Image, Exponent) gives a real image (overflow: largest real); a value for which
  the power is undefined (a negative value with a non-integer exponent) becomes 0.
* sin/cos/tan_image take direction, cyclic and real images and give real ones; real values
  are angles in radians. hdlite has no direction or cyclic pixel types, so other types are
  HALCON's 9007 (wrong pixel type).
* atan_image and atan2_image(ImageY, ImageX) give real images in radians (atan2 in
  [-pi, pi]); hdlite accepts every non-complex pixel type for them [unverified].
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._common import images, match_counts, same_layout, to_pixel_type

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

REAL_MAX = float(np.finfo(np.float32).max)
NUMERIC = frozenset({"byte", "int1", "int2", "uint2", "int4", "int8", "real"})
#: HALCON's sin/cos/tan_image also take direction and cyclic images, which hdlite lacks
ANGLES = frozenset({"real"})
ANY_REAL = NUMERIC


def _real(values: np.ndarray) -> np.ndarray:
    """Float64 results as a real (float32) image, non-finite or too large values clamped."""
    out = np.nan_to_num(values, nan=0.0, posinf=REAL_MAX, neginf=-REAL_MAX)
    return np.clip(out, -REAL_MAX, REAL_MAX).astype(np.float32)


def _map(ctx: CallContext, image: ObjectTuple, types: frozenset[str], fn) -> tuple:
    out = [
        Image(_real(fn(img, img.data.astype(np.float64))), "real", img.domain)
        for img in images(ctx, image, types=types)
    ]
    return (ObjectTuple(out),)


@operator("sqrt_image", IconicIn("Image"), IconicOut("SqrtImage"))
def sqrt_image(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Square root of each pixel, in the input's pixel type (negative values give 0)."""
    out = []
    for img in images(ctx, image, types=NUMERIC):
        root = np.sqrt(np.maximum(img.data.astype(np.float64), 0.0))
        out.append(Image(to_pixel_type(root, img.pixel_type), img.pixel_type, img.domain))
    return (ObjectTuple(out),)


def _base(ctx: CallContext, base: tuple) -> float:
    value = base[0]
    if value == "e":
        return math.e
    if isinstance(value, str):
        raise ctx.param_error("value", "Base", f"{value!r} is neither 'e' nor a number")
    b = float(value)
    if not math.isfinite(b) or b <= 0.0 or b == 1.0:
        raise ctx.param_error("value", "Base", f"{value!r} is no valid base")
    return b


@operator(
    "exp_image",
    IconicIn("Image"),
    IconicOut("ExpImage"),
    ControlIn("Base", types=("string", "number"), count=1, default="e"),
)
def exp_image(ctx: CallContext, image: ObjectTuple, base: tuple) -> tuple:
    """``Base ** g`` of each pixel as a real image (overflow gives the largest real)."""
    b = _base(ctx, base)
    with np.errstate(over="ignore"):
        return _map(ctx, image, NUMERIC, lambda img, g: np.power(b, g))


@operator(
    "log_image",
    IconicIn("Image"),
    IconicOut("LogImage"),
    ControlIn("Base", types=("string", "number"), count=1, default="e"),
)
def log_image(ctx: CallContext, image: ObjectTuple, base: tuple) -> tuple:
    """Logarithm to ``Base`` of each pixel as a real image (0 where the value is <= 0)."""
    scale = math.log(_base(ctx, base))

    def log(img: Image, g: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(g > 0, np.log(np.where(g > 0, g, 1.0)) / scale, 0.0)

    return _map(ctx, image, NUMERIC, log)


@operator(
    "pow_image",
    IconicIn("Image"),
    IconicOut("PowImage"),
    ControlIn("Exponent", types="number", count=1, default=2),
)
def pow_image(ctx: CallContext, image: ObjectTuple, exponent: tuple) -> tuple:
    """``g ** Exponent`` of each pixel as a real image (undefined powers give 0)."""
    e = float(exponent[0])
    if not math.isfinite(e):
        raise ctx.param_error("value", "Exponent", f"{exponent[0]!r} is not finite")

    def power(img: Image, g: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            out = np.power(g, e)
        return np.where(np.isnan(out), 0.0, out)

    return _map(ctx, image, NUMERIC, power)


def _trig(name: str, out_name: str, fn, text: str):
    def run(ctx: CallContext, image: ObjectTuple) -> tuple:
        def apply(img: Image, g: np.ndarray) -> np.ndarray:
            with np.errstate(all="ignore"):
                return fn(g)

        return _map(ctx, image, ANGLES, apply)

    run.__doc__ = text
    return operator(name, IconicIn("Image"), IconicOut(out_name))(run)


sin_image = _trig("sin_image", "SinImage", np.sin, "Sine of each pixel (an angle) as a real image.")
cos_image = _trig("cos_image", "CosImage", np.cos, "Cosine of each pixel (an angle), real.")
tan_image = _trig("tan_image", "TanImage", np.tan, "Tangent of each pixel (an angle), real.")


@operator("atan_image", IconicIn("Image"), IconicOut("ArctanImage"))
def atan_image(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Arc tangent of each pixel, in radians, as a real image."""
    return _map(ctx, image, ANY_REAL, lambda img, g: np.arctan(g))


@operator("atan2_image", IconicIn("ImageY"), IconicIn("ImageX"), IconicOut("ArctanImage"))
def atan2_image(ctx: CallContext, image_y: ObjectTuple, image_x: ObjectTuple) -> tuple:
    """``atan2(y, x)`` of two images pixel by pixel, in radians in [-pi, pi], real."""
    ys = images(ctx, image_y, "ImageY", ANY_REAL)
    xs = images(ctx, image_x, "ImageX", ANY_REAL)
    out = []
    for y, x in match_counts(ctx, [ys, xs], ("ImageY", "ImageX")):
        same_layout(ctx, y, x, check_type=False)
        values = np.arctan2(y.data.astype(np.float64), x.data.astype(np.float64))
        out.append(Image(_real(values), "real", y.domain))
    return (ObjectTuple(out),)
