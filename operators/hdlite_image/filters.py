"""Smoothing filters and frequency-domain filter images.

Borders: filters mirror the image at its border (the border pixel itself is not
repeated) [unverified: HALCON documents mirroring but not which variant]. Filters run
on the whole image; HALCON computes only inside the domain, which differs only near the
domain's border.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, Image, ObjectTuple, operator

from ._common import NOT_COMPLEX, check_fits, extent, images, to_pixel_type

#: sigma of the Gaussian that gauss_filter approximates for each mask size
GAUSS_SIGMAS = {3: 0.65, 5: 1.0, 7: 1.4, 9: 1.8, 11: 2.2}


def _pad_mode(size: int, length: int) -> Literal["reflect", "symmetric"]:
    return "reflect" if length > size // 2 else "symmetric"


def convolve_separable(data: np.ndarray, kernel_r: np.ndarray, kernel_c: np.ndarray) -> np.ndarray:
    """Convolve ``(channels, h, w)`` float data with a row and a column kernel."""
    kr, kc = len(kernel_r) // 2, len(kernel_c) // 2
    out = np.pad(data, ((0, 0), (kr, kr), (0, 0)), mode=_pad_mode(len(kernel_r), data.shape[1]))
    rows = sum(kernel_r[i] * out[:, i : i + data.shape[1], :] for i in range(len(kernel_r)))
    out = np.pad(rows, ((0, 0), (0, 0), (kc, kc)), mode=_pad_mode(len(kernel_c), data.shape[2]))
    return sum(kernel_c[i] * out[:, :, i : i + data.shape[2]] for i in range(len(kernel_c)))


def gauss_kernel(size: int) -> np.ndarray:
    """The normalized 1-D Gaussian mask of gauss_filter for ``size``."""
    sigma = GAUSS_SIGMAS[size]
    x = np.arange(size) - size // 2
    k = np.exp(-(x**2) / (2 * sigma * sigma))
    return k / k.sum()


def _work(img: Image) -> np.ndarray:
    return img.data.astype(np.float32 if img.pixel_type in ("byte", "int1", "real") else np.float64)


@operator(
    "gauss_filter",
    IconicIn("Image"),
    IconicOut("ImageGauss"),
    ControlIn("Size", types="integer", count=1, default=5, values=tuple(GAUSS_SIGMAS)),
)
def gauss_filter(ctx: CallContext, image: ObjectTuple, size: tuple) -> tuple:
    """Smooth images with a Gaussian mask of size 3, 5, 7, 9 or 11."""
    k = gauss_kernel(size[0])
    out = [
        Image(
            to_pixel_type(convolve_separable(_work(i), k, k), i.pixel_type), i.pixel_type, i.domain
        )
        for i in images(ctx, image, types=NOT_COMPLEX)
    ]
    return (ObjectTuple(out),)


@operator(
    "mean_image",
    IconicIn("Image"),
    IconicOut("ImageMean"),
    ControlIn("MaskWidth", types="integer", count=1, default=9),
    ControlIn("MaskHeight", types="integer", count=1, default=9),
)
def mean_image(ctx: CallContext, image: ObjectTuple, mask_w: tuple, mask_h: tuple) -> tuple:
    """Smooth images with the mean of a ``MaskWidth`` x ``MaskHeight`` window."""
    w, h = extent(ctx, mask_w[0], "MaskWidth"), extent(ctx, mask_h[0], "MaskHeight")
    w, h = w | 1, h | 1  # HALCON uses the next odd size for even ones
    for i in images(ctx, image, types=NOT_COMPLEX):  # the mirrored border of the mask must fit
        check_fits(ctx, i.height + h, i.width + w, i.channels, item=8, what="filter border")
    kr, kc = np.full(h, 1.0 / h), np.full(w, 1.0 / w)
    out = [
        Image(
            to_pixel_type(convolve_separable(_work(i), kr, kc), i.pixel_type),
            i.pixel_type,
            i.domain,
        )
        for i in images(ctx, image, types=NOT_COMPLEX)
    ]
    return (ObjectTuple(out),)


def _frequencies(n: int, mode: str) -> np.ndarray:
    """Frequency index of each position along an axis of ``n`` values."""
    if mode == "dc_center":
        return np.arange(n) - n // 2
    return np.fft.fftfreq(n, 1.0 / n)


@operator(
    "gen_gauss_filter",
    IconicOut("ImageGauss"),
    ControlIn("Sigma1", types="real", count=1, default=1.0),
    ControlIn("Sigma2", types="real", count=1, default=1.0),
    ControlIn("Phi", types="real", count=1, default=0.0),
    ControlIn("Norm", types="string", count=1, default="none", values=("none", "n")),
    ControlIn(
        "Mode", types="string", count=1, default="dc_center", values=("dc_center", "dc_edge", "rft")
    ),
    ControlIn("Width", types="integer", count=1, default=512),
    ControlIn("Height", types="integer", count=1, default=512),
)
def gen_gauss_filter(
    ctx: CallContext,
    sigma1: tuple,
    sigma2: tuple,
    phi: tuple,
    norm: tuple,
    mode: tuple,
    width: tuple,
    height: tuple,
) -> tuple:
    """A Gaussian filter in the frequency domain (a real image, 1 at the DC term).

    ``Sigma1``/``Sigma2`` are the standard deviations in the spatial domain along the
    direction ``Phi`` and across it; in the frequency domain the Gaussian has the value
    ``exp(-2 pi^2 (s1^2 (u'/W)^2 + s2^2 (v'/H)^2))`` at frequency (u, v) rotated by Phi.
    ``'n'`` divides by ``Width * Height``. ``'dc_center'`` puts the DC term in the center,
    ``'dc_edge'`` at (0, 0); ``'rft'`` gives the ``Width / 2 + 1`` columns of a real FFT.
    """
    w, h = extent(ctx, width[0], "Width"), extent(ctx, height[0], "Height")
    check_fits(ctx, h, w, item=8, what="filter")
    fu = _frequencies(w, mode[0])[None, :] / w
    fv = _frequencies(h, mode[0])[:, None] / h
    if mode[0] == "rft":
        fu = fu[:, : w // 2 + 1]
    c, s = math.cos(phi[0]), math.sin(phi[0])
    along = fu * c - fv * s
    across = fu * s + fv * c
    s1, s2 = float(sigma1[0]), float(sigma2[0])
    values = np.exp(-2.0 * math.pi**2 * (s1 * s1 * along**2 + s2 * s2 * across**2))
    if norm[0] == "n":
        values /= w * h
    return (ObjectTuple([Image(values.astype(np.float32)[None], "real")]),)
