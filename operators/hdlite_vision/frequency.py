"""Frequency domain: fft_generic, fft_image, fft_image_inv, rft_generic, convol_fft and
the ideal filters gen_lowpass, gen_highpass and gen_bandpass.

Layouts, the ``'complex'`` pixel type and the norms are described in :mod:`._fft_layout`.
Settled from HALCON's reference:

* fft_generic computes F(m,n) = 1/c * sum exp(s*2*pi*i*(k*m/M + l*n/N)) f(k,l) with the
  sign s = ``Exponent`` and c from ``Norm``; ``'dc_center'`` shifts the DC term to the
  centre, so a consistent pair is ('to_freq', -1, 'n', 'dc_edge') then ('from_freq', 1,
  'none', 'dc_edge') [doc: fft_generic]. fft_image is fft_generic with ('to_freq', -1,
  'sqrt', 'dc_center', 'complex') and fft_image_inv with ('from_freq', 1, 'sqrt',
  'dc_center', 'byte') [doc: fft_image, fft_image_inv].
* rft_generic 'to_freq' takes a real image (any type convertible to real, not complex),
  requires ResultType 'complex', uses exponent -1 and returns (w/2+1) x h; 'from_freq' takes
  a complex image, uses exponent +1 and needs Width = 2*w-2 or 2*w-1 [doc: rft_generic].
* convol_fft multiplies the complex image pixel by pixel with a real or complex filter,
  always on the entire image (the domain is ignored) [doc: convol_fft].
* The transforms work on the whole image and return a full domain (HALCON ignores the
  domain in the frequency domain) [unverified for the transforms themselves].

[unverified]: the ideal filters are ``'real'`` images with 1 inside the pass band (1/(W*H)
with Norm 'n'), like gen_gauss_filter; ``Frequency`` is a fraction of the highest
horizontal and vertical frequency (the pass band is a circle in physical frequency, an
ellipse in index units for non-square sizes) and a pixel exactly on the cut-off passes the
low pass. With odd sizes, 'dc_center' puts the DC term at (h//2, w//2).
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import check_fits, extent, no_input_objects

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    operator,
    wrong_object_count,
)

from ._fft_layout import (
    FILTER_MODES,
    NORMS,
    REAL_INPUT_TYPES,
    REAL_RESULT_TYPES,
    complex_image,
    filter_image,
    input_images,
    norm_factor,
    real_result,
    relative_radius,
)

_DIRECTIONS = ("to_freq", "from_freq")
_RESULT_TYPES = ("complex", *REAL_RESULT_TYPES)


def _transform(data: np.ndarray, direction: str, exponent: int, norm: str, mode: str) -> np.ndarray:
    """The 2-D FFT of each channel of ``data`` (channels, h, w) as HALCON defines it."""
    x = data.astype(np.complex128)
    axes = (-2, -1)
    if mode == "dc_center" and direction == "from_freq":
        x = np.fft.ifftshift(x, axes=axes)
    count = x.shape[-1] * x.shape[-2]
    if exponent < 0:
        y = np.fft.fft2(x, axes=axes)
    else:
        y = np.fft.ifft2(x, axes=axes) * count
    if mode == "dc_center" and direction == "to_freq":
        y = np.fft.fftshift(y, axes=axes)
    return y / norm_factor(norm, count)


def _generic(
    ctx: CallContext,
    image: ObjectTuple,
    direction: str,
    exponent: int,
    norm: str,
    mode: str,
    result_type: str,
) -> ObjectTuple:
    out = []
    for img in input_images(ctx, image, (*REAL_INPUT_TYPES, "complex")):
        y = _transform(img.data, direction, exponent, norm, mode)
        out.append(
            complex_image(y) if result_type == "complex" else real_result(ctx, y, result_type)
        )
    return ObjectTuple(out)


@operator(
    "fft_generic",
    IconicIn("Image"),
    IconicOut("ImageFFT"),
    ControlIn("Direction", types="string", count=1, default="to_freq", values=_DIRECTIONS),
    ControlIn("Exponent", types="integer", count=1, default=-1, values=(-1, 1)),
    ControlIn("Norm", types="string", count=1, default="sqrt", values=NORMS),
    ControlIn(
        "Mode", types="string", count=1, default="dc_center", values=("dc_center", "dc_edge")
    ),
    ControlIn("ResultType", types="string", count=1, default="complex", values=_RESULT_TYPES),
)
def fft_generic(
    ctx: CallContext,
    image: ObjectTuple,
    direction: tuple,
    exponent: tuple,
    norm: tuple,
    mode: tuple,
    result_type: tuple,
) -> tuple:
    """Fast Fourier transform with a free choice of exponent sign, norm and DC position;
    ResultType other than 'complex' keeps the real part, rounded and clipped to the type."""
    return (_generic(ctx, image, direction[0], exponent[0], norm[0], mode[0], result_type[0]),)


@operator("fft_image", IconicIn("Image"), IconicOut("ImageFFT"))
def fft_image(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Fourier transform to the frequency domain: fft_generic('to_freq', -1, 'sqrt',
    'dc_center', 'complex')."""
    return (_generic(ctx, image, "to_freq", -1, "sqrt", "dc_center", "complex"),)


@operator("fft_image_inv", IconicIn("Image"), IconicOut("ImageFFTInv"))
def fft_image_inv(ctx: CallContext, image: ObjectTuple) -> tuple:
    """Inverse Fourier transform of a complex image: fft_generic('from_freq', 1, 'sqrt',
    'dc_center', 'byte')."""
    input_images(ctx, image, ("complex",))
    return (_generic(ctx, image, "from_freq", 1, "sqrt", "dc_center", "byte"),)


@operator(
    "rft_generic",
    IconicIn("Image"),
    IconicOut("ImageFFT"),
    ControlIn("Direction", types="string", count=1, default="to_freq", values=_DIRECTIONS),
    ControlIn("Norm", types="string", count=1, default="sqrt", values=NORMS),
    ControlIn("ResultType", types="string", count=1, default="complex", values=_RESULT_TYPES),
    ControlIn("Width", types="integer", count=1, default=512),
)
def rft_generic(
    ctx: CallContext,
    image: ObjectTuple,
    direction: tuple,
    norm: tuple,
    result_type: tuple,
    width: tuple,
) -> tuple:
    """Fourier transform of a real image keeping only the left half of the spectrum
    ((w/2+1) x h complex); 'from_freq' needs the original Width (2*w-2 or 2*w-1)."""
    out: list[Image] = []
    if direction[0] == "to_freq":
        if result_type[0] != "complex":
            raise ctx.param_error("value", "ResultType", "'to_freq' needs 'complex'")
        for img in input_images(ctx, image, REAL_INPUT_TYPES):
            spec = np.fft.rfft2(img.data.astype(np.float64), axes=(-2, -1))
            out.append(complex_image(spec / norm_factor(norm[0], img.width * img.height)))
        return (ObjectTuple(out),)
    if result_type[0] == "complex":
        raise ctx.param_error("value", "ResultType", "'from_freq' gives a real image type")
    for img in input_images(ctx, image, ("complex",)):
        w = extent(ctx, width[0], "Width")
        if w not in (2 * img.width - 2, 2 * img.width - 1):
            raise ctx.param_error(
                "value", "Width", f"{w} does not fit a half spectrum {img.width} wide"
            )
        back = np.fft.irfft2(img.data.astype(np.complex128), s=(img.height, w), axes=(-2, -1))
        count = w * img.height
        out.append(real_result(ctx, back * (count / norm_factor(norm[0], count)), result_type[0]))
    return (ObjectTuple(out),)


@operator("convol_fft", IconicIn("ImageFFT"), IconicIn("ImageFilter"), IconicOut("ImageConvol"))
def convol_fft(ctx: CallContext, image_fft: ObjectTuple, image_filter: ObjectTuple) -> tuple:
    """Multiply complex spectra pixel by pixel with a (real or complex) filter image; the
    domain is ignored. One filter applies to every image (or one filter per image)."""
    spectra = input_images(ctx, image_fft, ("complex",), "ImageFFT")
    filters = input_images(ctx, image_filter, ("real", "complex"), "ImageFilter")
    if not spectra or not filters:
        no_input_objects(ctx, "ImageFFT" if not spectra else "ImageFilter")
        return (ObjectTuple(),)
    if len(filters) not in (1, len(spectra)):
        raise ctx.error(
            wrong_object_count(2), f"ImageFilter: {len(filters)} for {len(spectra)} images"
        )
    out = []
    for i, img in enumerate(spectra):
        filt = filters[0] if len(filters) == 1 else filters[i]
        if (filt.height, filt.width) != (img.height, img.width):
            raise ctx.error(
                3117, f"filter {filt.width}x{filt.height}, image {img.width}x{img.height}"
            )
        if filt.channels not in (1, img.channels):
            raise ctx.error(3117, f"filter has {filt.channels} channels, image {img.channels}")
        out.append(complex_image(img.data.astype(np.complex128) * filt.data))
    return (ObjectTuple(out),)


def _size(ctx: CallContext, width: tuple, height: tuple) -> tuple[int, int]:
    w, h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    check_fits(ctx, h, w, item=8, what="filter")
    return w, h


def _frequency(ctx: CallContext, value: object, name: str) -> float:
    f = float(value)  # type: ignore[arg-type]
    if not np.isfinite(f) or f < 0:
        raise ctx.param_error("value", name, f"{value!r} must be a frequency >= 0")
    return f


_FILTER_PARAMS = (
    ControlIn("Norm", types="string", count=1, default="none", values=("none", "n")),
    ControlIn("Mode", types="string", count=1, default="dc_center", values=FILTER_MODES),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)


@operator(
    "gen_lowpass",
    IconicOut("ImageLowpass"),
    ControlIn("Frequency", types="number", count=1, default=0.1),
    *_FILTER_PARAMS,
)
def gen_lowpass(
    ctx: CallContext, frequency: tuple, norm: tuple, mode: tuple, width: tuple, height: tuple
) -> tuple:
    """An ideal low pass (a real image): 1 up to the cut-off Frequency (a fraction of the
    highest frequency), 0 beyond; Mode 'dc_center', 'dc_edge' or 'rft' (for rft_generic)."""
    f = _frequency(ctx, frequency[0], "Frequency")
    w, h = _size(ctx, width, height)
    values = (relative_radius(w, h, mode[0]) <= f).astype(np.float64)
    return (filter_image(values, norm[0], w, h),)


@operator(
    "gen_highpass",
    IconicOut("ImageHighpass"),
    ControlIn("Frequency", types="number", count=1, default=0.1),
    *_FILTER_PARAMS,
)
def gen_highpass(
    ctx: CallContext, frequency: tuple, norm: tuple, mode: tuple, width: tuple, height: tuple
) -> tuple:
    """An ideal high pass (a real image): 0 up to the cut-off Frequency, 1 beyond."""
    f = _frequency(ctx, frequency[0], "Frequency")
    w, h = _size(ctx, width, height)
    values = (relative_radius(w, h, mode[0]) > f).astype(np.float64)
    return (filter_image(values, norm[0], w, h),)


@operator(
    "gen_bandpass",
    IconicOut("ImageBandpass"),
    ControlIn("MinFrequency", types="number", count=1, default=0.1),
    ControlIn("MaxFrequency", types="number", count=1, default=0.2),
    *_FILTER_PARAMS,
)
def gen_bandpass(
    ctx: CallContext,
    min_frequency: tuple,
    max_frequency: tuple,
    norm: tuple,
    mode: tuple,
    width: tuple,
    height: tuple,
) -> tuple:
    """An ideal band pass (a real image): 1 for frequencies from MinFrequency to
    MaxFrequency (fractions of the highest frequency), 0 elsewhere."""
    lo = _frequency(ctx, min_frequency[0], "MinFrequency")
    hi = _frequency(ctx, max_frequency[0], "MaxFrequency")
    if hi < lo:
        raise ctx.param_error("value", "MaxFrequency", "must not be below MinFrequency")
    w, h = _size(ctx, width, height)
    radius = relative_radius(w, h, mode[0])
    values = ((radius >= lo) & (radius <= hi)).astype(np.float64)
    return (filter_image(values, norm[0], w, h),)
