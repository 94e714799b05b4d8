"""Texture features: co-occurrence matrices (gen_cooc_matrix, cooc_feature_matrix,
cooc_feature_image) and the local standard deviation (deviation_image).

Co-occurrence: byte gray values are reduced to 2^LdGray levels (g >> (8 - LdGray)); for
every pixel of the region whose neighbour in Direction (0: same row, next column; 45: one
row up, next column; 90: one row up; 135: one row up, previous column) is also in the
region, the pair is counted in both orders, and the matrix is divided by its sum
[unverified: symmetric counting and normalisation]. The features follow HALCON's formulas
[doc: cooc_feature_matrix]: Energy = sum c_ij^2, Correlation = sum (i-ux)(j-uy) c_ij /
(sx sy), Homogeneity = sum c_ij / (1 + (i-j)^2), Contrast = sum (i-j)^2 c_ij; a matrix
with sx*sy = 0 has Correlation 0 [unverified]. Direction 'mean' averages the features of
the four directions [doc: cooc_feature_image].

deviation_image: the standard deviation of the gray values in a Width x Height window
(even sizes use the next odd one; mirrored borders as every filter, see
:mod:`._filtering`), in the input's pixel type [unverified: output type and rounding].
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    operator,
)

from ._filtering import FILTER_TYPES, correlate, filter_all, odd, positive_size
from ._gray import region_mask
from ._region_tools import region_args

_OFFSETS = {0: (0, 1), 45: (-1, 1), 90: (-1, 0), 135: (-1, -1)}
_DIRECTIONS = (0, 45, 90, 135)


def _ld_gray(ctx: CallContext, value: object) -> int:
    if type(value) is not int or not 1 <= value <= 8:
        raise ctx.param_error("value", "LdGray", f"{value!r} must be an integer 1..8")
    return value


def cooc_matrix(plane: np.ndarray, mask: np.ndarray, ld_gray: int, direction: int) -> np.ndarray:
    """The normalised symmetric co-occurrence matrix of the masked part of a byte plane."""
    levels = 1 << ld_gray
    g = (plane.astype(np.int64) >> (8 - ld_gray)).astype(np.int64)
    dr, dc = _OFFSETS[direction]
    h, w = plane.shape
    r0, r1 = max(0, -dr), h - max(0, dr)
    c0, c1 = max(0, -dc), w - max(0, dc)
    a = g[r0:r1, c0:c1]
    b = g[r0 + dr : r1 + dr, c0 + dc : c1 + dc]
    ok = mask[r0:r1, c0:c1] & mask[r0 + dr : r1 + dr, c0 + dc : c1 + dc]
    i, j = a[ok], b[ok]
    m = np.zeros((levels, levels), np.float64)
    np.add.at(m, (i, j), 1.0)
    np.add.at(m, (j, i), 1.0)
    total = m.sum()
    return m / total if total > 0 else m


def features(m: np.ndarray) -> tuple[float, float, float, float]:
    """(Energy, Correlation, Homogeneity, Contrast) of a co-occurrence matrix."""
    i, j = np.indices(m.shape, dtype=np.float64)
    energy = float((m * m).sum())
    ux, uy = float((i * m).sum()), float((j * m).sum())
    sx = float(np.sqrt(((i - ux) ** 2 * m).sum()))
    sy = float(np.sqrt(((j - uy) ** 2 * m).sum()))
    cov = float(((i - ux) * (j - uy) * m).sum())
    corr = cov / (sx * sy) if sx * sy > 1e-12 else 0.0
    homog = float((m / (1.0 + (i - j) ** 2)).sum())
    contrast = float(((i - j) ** 2 * m).sum())
    return energy, corr, homog, contrast


def _byte_image(ctx: CallContext, image: ObjectTuple) -> Image:
    imgs = [o for o in image]
    if len(imgs) != 1 or not isinstance(imgs[0], Image):
        raise ctx.error(1502, "Image: expects one image")
    if imgs[0].pixel_type != "byte":
        raise ctx.error(9007, f"Image: {imgs[0].pixel_type} images are not supported")
    return imgs[0]


@operator(
    "gen_cooc_matrix",
    IconicIn("Regions"),
    IconicIn("Image"),
    IconicOut("Matrix"),
    ControlIn("LdGray", types="integer", count=1, default=6),
    ControlIn("Direction", types="integer", count=1, default=0, values=_DIRECTIONS),
)
def gen_cooc_matrix(
    ctx: CallContext, regions: ObjectTuple, image: ObjectTuple, ld_gray: tuple, direction: tuple
) -> tuple:
    """One co-occurrence matrix per region: a real 2^LdGray x 2^LdGray image of the
    relative frequencies of gray-value pairs at distance 1 in Direction."""
    ld = _ld_gray(ctx, ld_gray[0])
    regs = region_args(ctx, regions)
    if not regs:
        return (ObjectTuple(),)
    img = _byte_image(ctx, image)
    out = [
        Image(
            cooc_matrix(img.data[0], region_mask(img, r), ld, direction[0]).astype(np.float32),
            "real",
        )
        for r in regs
    ]
    return (ObjectTuple(out),)


@operator(
    "cooc_feature_matrix",
    IconicIn("CoocMatrix"),
    ControlOut("Energy", types="real"),
    ControlOut("Correlation", types="real"),
    ControlOut("Homogeneity", types="real"),
    ControlOut("Contrast", types="real"),
)
def cooc_feature_matrix(ctx: CallContext, cooc: ObjectTuple) -> tuple:
    """Energy, correlation, local homogeneity and contrast of co-occurrence matrices."""
    rows: list[tuple[float, float, float, float]] = []
    for obj in cooc:
        if not isinstance(obj, Image) or obj.pixel_type not in ("real", "int4"):
            raise ctx.error(9007, "CoocMatrix: expects a real co-occurrence matrix image")
        if obj.width != obj.height:
            raise ctx.error(3117, "CoocMatrix: the matrix must be square")
        rows.append(features(obj.data[0].astype(np.float64)))
    return tuple(tuple(r[k] for r in rows) for k in range(4))


@operator(
    "cooc_feature_image",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlIn("LdGray", types="integer", count=1, default=6),
    ControlIn("Direction", types="any", count=1, default=0, values=(*_DIRECTIONS, "mean")),
    ControlOut("Energy", types="real"),
    ControlOut("Correlation", types="real"),
    ControlOut("Homogeneity", types="real"),
    ControlOut("Contrast", types="real"),
)
def cooc_feature_image(
    ctx: CallContext, regions: ObjectTuple, image: ObjectTuple, ld_gray: tuple, direction: tuple
) -> tuple:
    """Co-occurrence features of each region (Direction 0, 45, 90, 135 or 'mean' of all
    four): Energy, Correlation, Homogeneity, Contrast."""
    ld = _ld_gray(ctx, ld_gray[0])
    regs = region_args(ctx, regions)
    if not regs:
        return ((), (), (), ())
    img = _byte_image(ctx, image)
    dirs = _DIRECTIONS if direction[0] == "mean" else (direction[0],)
    rows = []
    for r in regs:
        mask = region_mask(img, r)
        per_dir = np.array([features(cooc_matrix(img.data[0], mask, ld, d)) for d in dirs])
        rows.append(per_dir.mean(axis=0))
    return tuple(tuple(float(r[k]) for r in rows) for k in range(4))


@operator(
    "deviation_image",
    IconicIn("Image"),
    IconicOut("ImageDeviation"),
    ControlIn("Width", types="integer", count=1, default=11),
    ControlIn("Height", types="integer", count=1, default=11),
)
def deviation_image(ctx: CallContext, image: ObjectTuple, width: tuple, height: tuple) -> tuple:
    """The standard deviation of the gray values in a Width x Height window."""
    w = odd(positive_size(ctx, width[0], "Width", 511))
    h = odd(positive_size(ctx, height[0], "Height", 511))
    kr, kc = np.full(h, 1.0 / h), np.full(w, 1.0 / w)

    def plane(p: np.ndarray) -> np.ndarray:
        x = p.astype(np.float64)
        mean = correlate(x, kr, kc)
        mean_sq = correlate(x * x, kr, kc)
        return np.sqrt(np.maximum(mean_sq - mean * mean, 0.0))

    return (filter_all(ctx, image, FILTER_TYPES, plane, (h // 2, w // 2)),)
