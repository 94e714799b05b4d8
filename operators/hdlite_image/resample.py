"""Resampling images: resizing with HALCON's interpolation modes and point sampling.

Coordinates follow HALCON: pixel centers lie at integer (row, column) positions, and a
zoom maps pixel areas onto pixel areas, so output pixel ``i`` of a zoom by ``s`` looks at
source position ``(i + 0.5) / s - 0.5``. Interpolation modes of a zoom:

* ``nearest_neighbor``: the nearest source pixel;
* ``bilinear``: bilinear interpolation of the four neighbours, no smoothing;
* ``constant``: bilinear when enlarging; the mean of the covered source area when
  shrinking;
* ``weighted``: bilinear when enlarging; a triangle-weighted mean over the covered area
  when shrinking [HALCON uses a Gaussian-like weighting; unverified how exactly];
* ``bicubic``: cubic convolution (a = -0.5).

Byte and real images are resized with Pillow where Pillow computes the same thing (its
filters use the same coordinate convention); everything else uses separable weight
matrices in numpy. Both give the same results up to rounding.
"""

from __future__ import annotations

import numpy as np
from PIL import Image as PILImage

from ._common import to_pixel_type
from ._decoded import lookup

_PIL_FILTER = {
    "nearest_neighbor": PILImage.Resampling.NEAREST,
    "bilinear": PILImage.Resampling.BILINEAR,
    "weighted": PILImage.Resampling.BILINEAR,
    "bicubic": PILImage.Resampling.BICUBIC,
}


def _cubic(x: np.ndarray) -> np.ndarray:
    a = -0.5
    x = np.abs(x)
    return np.where(
        x < 1,
        ((a + 2) * x - (a + 3)) * x * x + 1,
        np.where(x < 2, (((x - 5) * x + 8) * x - 4) * a, 0.0),
    )


def _triangle(x: np.ndarray) -> np.ndarray:
    return np.clip(1.0 - np.abs(x), 0.0, None)


def _box(x: np.ndarray) -> np.ndarray:
    return ((x > -0.5) & (x <= 0.5)).astype(np.float64)


#: method -> (kernel, support, kernel when shrinking, smooth when shrinking)
_KERNELS = {
    "bilinear": (_triangle, 1.0, _triangle, False),
    "constant": (_triangle, 1.0, _box, True),
    "weighted": (_triangle, 1.0, _triangle, True),
    "bicubic": (_cubic, 2.0, _cubic, True),
}


def weight_matrix(n_in: int, n_out: int, method: str) -> np.ndarray:
    """The ``(n_out, n_in)`` matrix that resamples one axis.

    Kernels are evaluated at source pixel centers; taps outside the image are dropped and
    the rest renormalized (the scheme Pillow uses, so both paths agree).
    """
    scale = n_in / n_out
    centers = (np.arange(n_out) + 0.5) * scale  # in pixel-edge coordinates
    if method == "nearest_neighbor":
        weights = np.zeros((n_out, n_in), dtype=np.float64)
        idx = np.clip(np.floor(centers).astype(np.intp), 0, n_in - 1)
        weights[np.arange(n_out), idx] = 1.0
        return weights
    kernel, support, shrink_kernel, smooth = _KERNELS[method]
    if scale > 1.0:
        kernel = shrink_kernel
        support = 0.5 if kernel is _box else support
    stretch = scale if (scale > 1.0 and smooth) else 1.0
    x = (np.arange(n_in) + 0.5)[None, :] - centers[:, None]
    weights = kernel(x / stretch)
    weights[np.abs(x) > support * stretch + 0.5] = 0.0
    total = weights.sum(axis=1, keepdims=True)
    total[total == 0] = 1.0
    return weights / total


def resize_numpy(
    data: np.ndarray, height: int, width: int, method: str, pixel_type: str
) -> np.ndarray:
    """Resize ``(channels, h, w)`` data with separable weight matrices."""
    wr = weight_matrix(data.shape[1], height, method)
    wc = weight_matrix(data.shape[2], width, method)
    work = np.float32 if pixel_type in ("byte", "int1", "real") else np.float64
    out = np.matmul(np.matmul(wr.astype(work), data.astype(work)), wc.T.astype(work))
    return to_pixel_type(out, pixel_type)


def _pil_filter(method: str, n_in: int, n_out: int) -> PILImage.Resampling:
    if method == "constant":
        return PILImage.Resampling.BOX if n_out < n_in else PILImage.Resampling.BILINEAR
    return _PIL_FILTER[method]


def _pil_resize(img: PILImage.Image, height: int, width: int, method: str) -> PILImage.Image:
    fw = _pil_filter(method, img.width, width)
    fh = _pil_filter(method, img.height, height)
    if fw == fh:
        return img.resize((width, height), fw)
    return img.resize((width, img.height), fw).resize((width, height), fh)


def resize(data: np.ndarray, pixel_type: str, height: int, width: int, method: str) -> np.ndarray:
    """Resize ``(channels, h, w)`` pixel data to ``height`` x ``width``."""
    if data.shape[1:] == (height, width):
        return data
    usable = pixel_type in ("byte", "real") and not (
        method == "bilinear" and (height < data.shape[1] or width < data.shape[2])
    )
    if not usable:
        return resize_numpy(data, height, width, method, pixel_type)
    source = lookup(data) if pixel_type == "byte" else None
    if source is not None:
        try:
            out = np.asarray(_pil_resize(source, height, width, method))
        except ValueError:  # the Pillow image was closed meanwhile
            out = None
        if out is not None:
            return out[None] if out.ndim == 2 else out.transpose(2, 0, 1)
    if pixel_type == "byte" and data.shape[0] == 3:
        hwc = np.moveaxis(data, 0, -1)
        if hwc.flags.c_contiguous:
            resized = _pil_resize(PILImage.fromarray(hwc, "RGB"), height, width, method)
            return np.asarray(resized).transpose(2, 0, 1)
    mode = "L" if pixel_type == "byte" else "F"
    planes = [
        np.asarray(
            _pil_resize(PILImage.fromarray(np.ascontiguousarray(p), mode), height, width, method)
        )
        for p in data
    ]
    return np.stack(planes)


def resize_mask(mask: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resize a boolean mask with nearest-neighbour sampling."""
    return (
        resize_numpy(mask[None].astype(np.uint8), height, width, "nearest_neighbor", "byte")[0] > 0
    )


def sample(
    data: np.ndarray, rows: np.ndarray, cols: np.ndarray, method: str, pixel_type: str
) -> tuple[np.ndarray, np.ndarray]:
    """Sample ``(channels, h, w)`` data at real positions.

    Args:
        data: the source pixels.
        rows, cols: source positions, arrays of the output's shape.
        method: ``'nearest_neighbor'``; every other mode samples bilinearly.
        pixel_type: the pixel type of ``data`` and of the result.

    Returns:
        The sampled values ``(channels, *rows.shape)`` in ``pixel_type`` and a boolean
        array telling which positions lie inside the source image.
    """
    height, width = data.shape[1:]
    inside = (rows >= -0.5) & (rows < height - 0.5) & (cols >= -0.5) & (cols < width - 0.5)
    if method == "nearest_neighbor":
        ri = np.clip(np.floor(rows + 0.5).astype(np.intp), 0, height - 1)
        ci = np.clip(np.floor(cols + 0.5).astype(np.intp), 0, width - 1)
        return data[:, ri, ci], inside
    r0f, c0f = np.floor(rows), np.floor(cols)
    fr, fc = (rows - r0f)[None], (cols - c0f)[None]
    r0 = np.clip(r0f.astype(np.intp), 0, height - 1)
    c0 = np.clip(c0f.astype(np.intp), 0, width - 1)
    r1 = np.clip(r0f.astype(np.intp) + 1, 0, height - 1)
    c1 = np.clip(c0f.astype(np.intp) + 1, 0, width - 1)
    work = data.astype(np.float64)
    top = work[:, r0, c0] * (1 - fc) + work[:, r0, c1] * fc
    bottom = work[:, r1, c0] * (1 - fc) + work[:, r1, c1] * fc
    return to_pixel_type(top * (1 - fr) + bottom * fr, pixel_type), inside
