"""Layouts of HALCON's frequency-domain images: complex images, DC positions, norms.

HALCON's ``'complex'`` pixel type holds a real and an imaginary part per pixel; hdlite keeps
it as a ``complex64`` array of shape ``(channels, height, width)`` with pixel type
``'complex'``. Spectra come in three layouts (the ``Mode`` of the filter generators):

* ``'dc_edge'``: the DC term at (0, 0), as numpy's ``fft2`` gives it;
* ``'dc_center'``: the DC term at (height // 2, width // 2) (numpy's ``fftshift``);
* ``'rft'``: the half spectrum of a real image made by rft_generic: ``width // 2 + 1``
  columns of the ``'dc_edge'`` layout [doc: rft_generic, "a complex image of dimension
  (w/2+1)*h"].

A transform divides by c = 1 (``'none'``), sqrt(M*N) (``'sqrt'``) or M*N (``'n'``)
[doc: fft_generic, "Norm ... 'none', 'sqrt' and 'n'"].
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import CallContext, Image, ObjectTuple

#: pixel types a frequency-domain result may be converted to
REAL_RESULT_TYPES = ("byte", "int1", "uint2", "int2", "int4", "real")
#: the normalisations of the transforms
NORMS = ("none", "sqrt", "n")
#: the layouts of a generated filter
FILTER_MODES = ("dc_center", "dc_edge", "rft")
#: the types a forward transform accepts (anything convertible to real)
REAL_INPUT_TYPES = ("byte", "int1", "uint2", "int2", "int4", "int8", "real")


def norm_factor(norm: str, count: int) -> float:
    """The divisor c of a transform over ``count`` pixels."""
    if norm == "sqrt":
        return math.sqrt(count)
    if norm == "n":
        return float(count)
    return 1.0


def input_images(
    ctx: CallContext, objects: ObjectTuple, allowed: tuple[str, ...], what: str = "Image"
) -> list[Image]:
    """The objects as images of an allowed type (9054 for non-images, 9007 for types)."""
    out: list[Image] = []
    for obj in objects:
        if not isinstance(obj, Image):
            raise ctx.error(9054, f"{what}: expects images, got a {obj.kind}")
        if obj.pixel_type not in allowed:
            raise ctx.error(9007, f"{what}: {obj.pixel_type} images are not supported here")
        out.append(obj)
    return out


def complex_image(data: np.ndarray) -> Image:
    """A ``'complex'`` image (full domain) from a ``(channels, h, w)`` complex array."""
    return Image(np.ascontiguousarray(data, dtype=np.complex64), "complex")


def real_result(ctx: CallContext, data: np.ndarray, result_type: str) -> Image:
    """The real part of ``data`` as an image of ``result_type`` (rounded and clipped)."""
    from ._filtering import to_type

    return Image(to_type(np.real(data), result_type), result_type)


def frequency_grid(width: int, height: int, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Signed frequency indices (u along columns, v along rows) of each filter pixel.

    Returns broadcastable arrays of shape ``(1, w')`` and ``(h, 1)``; ``w'`` is
    ``width // 2 + 1`` for ``'rft'``.
    """
    u: np.ndarray
    v: np.ndarray
    if mode == "dc_center":
        u = np.arange(width) - width // 2
        v = np.arange(height) - height // 2
    else:
        u = np.fft.fftfreq(width, 1.0 / width)
        v = np.fft.fftfreq(height, 1.0 / height)
        if mode == "rft":
            u = np.arange(width // 2 + 1)
    return u.astype(np.float64)[None, :], v.astype(np.float64)[:, None]


def relative_radius(width: int, height: int, mode: str) -> np.ndarray:
    """Each filter pixel's frequency as a fraction of the highest one along its axis:
    sqrt((u / (W/2))^2 + (v / (H/2))^2), 1 at the horizontal or vertical Nyquist limit."""
    u, v = frequency_grid(width, height, mode)
    return np.sqrt((u / (width / 2.0)) ** 2 + (v / (height / 2.0)) ** 2)


def filter_image(values: np.ndarray, norm: str, width: int, height: int) -> ObjectTuple:
    """A generated filter as a one-object tuple of a ``'real'`` image (``'n'``: / W*H)."""
    if norm == "n":
        values = values / float(width * height)
    return ObjectTuple([Image(values.astype(np.float32)[None], "real")])
