"""Gray values of regions: gray_features, select_gray, area_center_gray, elliptic_axis_gray,
moments_gray_plane, plane_deviation, entropy_gray, gray_histo and gray_histo_abs.

Like intensity, these operators use the pixels of each region (clipped to the image) and
ignore the image's domain ("only considers the given Regions and ignores any previously set
domain of the input image": gray_features and intensity pages, HALCON reference, found with
the ``search`` tool). The first channel is used. An empty region gives 0 for every feature
(G3). gray_features' feature names and their meaning follow the gray_features page:

* 'area', 'row', 'column': gray value volume and gray-weighted centre (area_center_gray);
* 'ra', 'rb', 'phi': ellipse of the gray-weighted second moments (elliptic_axis_gray),
  the same formulas as the region's elliptic_axis with gray values as weights;
* 'min', 'max', 'median' (min_max_gray; the median is the value at rank floor(n/2) of the
  sorted values); 'mean', 'deviation' (intensity; divided by the pixel count);
* 'plane_deviation', 'alpha', 'beta', 'moments_row', 'moments_column': the least-squares
  plane g = alpha (r - r0) + beta (c - c0) + mean [unverified normalisation of the moments:
  hdlite divides the mixed moments by the area]; 'anisotropy', 'entropy' (entropy_gray,
  byte images: entropy in bits; anisotropy = the entropy part of the darker half of the
  histogram over the whole entropy [unverified]).

The fuzzy features are not provided (wrong value, 1302). Several regions and features: all
requested features of region 1, then of region 2 (spec §3.3 [unverified order]).
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
    wrong_object_count,
)

from ._gray import images, regions

_FEATURES = (
    "area",
    "row",
    "column",
    "ra",
    "rb",
    "phi",
    "min",
    "max",
    "median",
    "mean",
    "deviation",
    "plane_deviation",
    "anisotropy",
    "entropy",
    "moments_row",
    "moments_column",
    "alpha",
    "beta",
)


#: the pixel types these operators take: every type but 'complex' (their reference pages list
#: none of them with complex images; a complex one is HALCON's 9007)
_REAL_VALUED = ("byte", "int1", "uint2", "int2", "int4", "int8", "real")


def _one_image(ctx: CallContext, objects: ObjectTuple) -> Image:
    imgs = images(ctx, objects, _REAL_VALUED)
    if len(imgs) != 1:
        raise ctx.error(wrong_object_count(2), f"Image: {len(imgs)} images, expected one")
    return imgs[0]


def _samples(img: Image, region: Region) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and gray values (float64) of the region's pixels inside the image."""
    mask = region.to_mask(img.height, img.width)
    rr, cc = np.nonzero(mask)
    return rr.astype(np.float64), cc.astype(np.float64), img.data[0][rr, cc].astype(np.float64)


def _weighted_center(rr: np.ndarray, cc: np.ndarray, g: np.ndarray) -> tuple[float, float, float]:
    volume = float(g.sum())
    if volume == 0:
        return 0.0, 0.0, 0.0
    return volume, float((rr * g).sum() / volume), float((cc * g).sum() / volume)


def _ellipse(rr: np.ndarray, cc: np.ndarray, g: np.ndarray) -> tuple[float, float, float]:
    volume, r0, c0 = _weighted_center(rr, cc, g)
    if volume == 0:
        return 0.0, 0.0, 0.0
    dr, dc = rr - r0, cc - c0
    m20 = float((g * dr * dr).sum() / volume)
    m02 = float((g * dc * dc).sum() / volume)
    m11 = float((g * dr * dc).sum() / volume)
    root = math.sqrt((m20 - m02) ** 2 + 4.0 * m11 * m11)
    ra = math.sqrt(max(2.0 * (m20 + m02 + root), 0.0))
    rb = math.sqrt(max(2.0 * (m20 + m02 - root), 0.0))
    phi = 0.5 * math.atan2(-2.0 * m11, m02 - m20) if root > 0 else 0.0
    if phi <= -math.pi / 2:
        phi += math.pi
    return ra, rb, phi + 0.0


def _plane(rr: np.ndarray, cc: np.ndarray, g: np.ndarray) -> dict[str, float]:
    """The least-squares plane of the gray values: mixed moments, alpha, beta, deviation."""
    n = g.size
    mean = float(g.mean())
    dr, dc, dg = rr - rr.mean(), cc - cc.mean(), g - mean
    mrow, mcol = float((dr * dg).sum() / n), float((dc * dg).sum() / n)
    m20, m02, m11 = float((dr * dr).mean()), float((dc * dc).mean()), float((dr * dc).mean())
    det = m20 * m02 - m11 * m11
    if abs(det) < 1e-12:
        alpha = mrow / m20 if m20 > 0 and m02 == 0 else 0.0
        beta = mcol / m02 if m02 > 0 and m20 == 0 else 0.0
    else:
        alpha = (mrow * m02 - mcol * m11) / det
        beta = (mcol * m20 - mrow * m11) / det
    residual = dg - alpha * dr - beta * dc
    return {
        "moments_row": mrow,
        "moments_column": mcol,
        "alpha": alpha,
        "beta": beta,
        "plane_deviation": float(math.sqrt((residual * residual).mean())),
    }


def _entropy(g: np.ndarray) -> tuple[float, float]:
    """(entropy, anisotropy) of integer gray values in bits."""
    counts = np.bincount((g - g.min()).astype(np.int64))
    rel = counts[counts > 0] / g.size
    terms = rel * np.log2(rel)
    entropy = float(-terms.sum()) + 0.0
    cumulative = np.cumsum(rel)
    dark = terms[cumulative <= 0.5].sum()
    return entropy, float(dark / terms.sum()) if entropy > 0 else 0.0


def region_features(img: Image, region: Region, names: tuple[str, ...]) -> list[float]:
    """The requested gray features of one region, in order."""
    rr, cc, g = _samples(img, region)
    if g.size == 0:
        return [0.0] * len(names)
    values: dict[str, float] = {}
    out: list[float] = []
    for name in names:
        if name not in values:
            if name in ("area", "row", "column"):
                values.update(
                    zip(("area", "row", "column"), _weighted_center(rr, cc, g), strict=True)
                )
            elif name in ("ra", "rb", "phi"):
                values.update(zip(("ra", "rb", "phi"), _ellipse(rr, cc, g), strict=True))
            elif name in ("min", "max", "median", "mean", "deviation"):
                ordered = np.sort(g)
                values.update(
                    min=float(ordered[0]),
                    max=float(ordered[-1]),
                    median=float(ordered[g.size // 2]),
                    mean=float(g.mean()),
                    deviation=float(g.std()),
                )
            elif name in ("entropy", "anisotropy"):
                values.update(zip(("entropy", "anisotropy"), _entropy(g), strict=True))
            else:
                values.update(_plane(rr, cc, g))
        out.append(values[name])
    return out


def _check_features(ctx: CallContext, names: tuple) -> tuple[str, ...]:
    for name in names:
        if name not in _FEATURES:
            raise ctx.param_error("value", "Features", f"unknown gray feature {name!r}")
    return tuple(names)


@operator(
    "gray_features",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlIn("Features", types="string", count=(1, None), default="mean"),
    ControlOut("Value", types="real"),
)
def gray_features(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple, names: tuple) -> tuple:
    """Gray-value features of each region ('mean', 'deviation', 'min', 'max', 'median',
    'area', 'row', 'column', 'ra', 'rb', 'phi', 'entropy', 'plane_deviation', ...)."""
    features = _check_features(ctx, names)
    img = _one_image(ctx, image)
    out: list[float] = []
    for region in regions(ctx, regs):
        out += region_features(img, region, features)
    return (tuple(out),)


@operator(
    "select_gray",
    IconicIn("Regions"),
    IconicIn("Image"),
    IconicOut("SelectedRegions"),
    ControlIn("Features", types="string", count=(1, None), default="mean"),
    ControlIn("Operation", types="string", count=1, default="and", values=("and", "or")),
    ControlIn("Min", count=(1, None), default=128.0),
    ControlIn("Max", count=(1, None), default=255.0),
)
def select_gray(
    ctx: CallContext,
    regs: ObjectTuple,
    image: ObjectTuple,
    names: tuple,
    operation: tuple,
    low: tuple,
    high: tuple,
) -> tuple:
    """Keep the regions whose gray features lie in [Min, Max] (all: 'and', one: 'or')."""
    features = _check_features(ctx, names)
    for values, name in ((low, "Min"), (high, "Max")):
        if len(values) != len(features):
            raise ctx.param_error("count", name, f"{len(values)} bounds for {len(features)}")
        for v in values:
            if type(v) not in (int, float) and v not in ("min", "max"):
                raise ctx.param_error("type", name, f"expected a number, got {v!r}")
    img = _one_image(ctx, image)
    lows = [-math.inf if v in ("min", "max") else float(v) for v in low]
    highs = [math.inf if v in ("min", "max") else float(v) for v in high]
    kept = []
    for region, obj in zip(regions(ctx, regs), regs, strict=True):
        vals = region_features(img, region, features)
        hits = [lo <= v <= hi for v, lo, hi in zip(vals, lows, highs, strict=True)]
        if all(hits) if operation[0] == "and" else any(hits):
            kept.append(obj)
    return (ObjectTuple(kept),)


def _per_region(
    ctx: CallContext, regs: ObjectTuple, image: ObjectTuple, names: tuple[str, ...]
) -> tuple:
    img = _one_image(ctx, image)
    rows = [region_features(img, r, names) for r in regions(ctx, regs)]
    return tuple(tuple(row[k] for row in rows) for k in range(len(names)))


@operator(
    "area_center_gray",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlOut("Area", types="real"),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
)
def area_center_gray(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple) -> tuple:
    """Gray value volume (sum of gray values) and gray-weighted centre of each region."""
    return _per_region(ctx, regs, image, ("area", "row", "column"))


@operator(
    "elliptic_axis_gray",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlOut("Ra", types="real"),
    ControlOut("Rb", types="real"),
    ControlOut("Phi", types="real"),
)
def elliptic_axis_gray(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple) -> tuple:
    """Half axes and orientation of the ellipse with the gray-weighted second moments."""
    return _per_region(ctx, regs, image, ("ra", "rb", "phi"))


@operator(
    "moments_gray_plane",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlOut("MRow", types="real"),
    ControlOut("MCol", types="real"),
    ControlOut("Alpha", types="real"),
    ControlOut("Beta", types="real"),
    ControlOut("Mean", types="real"),
)
def moments_gray_plane(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple) -> tuple:
    """Mixed moments of rows/columns with gray values and the least-squares gray plane."""
    return _per_region(ctx, regs, image, ("moments_row", "moments_column", "alpha", "beta", "mean"))


@operator(
    "plane_deviation",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlOut("Deviation", types="real"),
)
def plane_deviation(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple) -> tuple:
    """Root-mean-square deviation of the gray values from their least-squares plane."""
    return _per_region(ctx, regs, image, ("plane_deviation",))


@operator(
    "entropy_gray",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlOut("Entropy", types="real"),
    ControlOut("Anisotropy", types="real"),
)
def entropy_gray(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple) -> tuple:
    """Entropy (bits) of the gray-value histogram of each region, and its anisotropy."""
    img = _one_image(ctx, image)
    if img.pixel_type != "byte":
        raise ctx.error(9007, f"pixel type {img.pixel_type!r} is not supported")
    return _per_region(ctx, regs, image, ("entropy", "anisotropy"))


def _one_region(ctx: CallContext, regs: ObjectTuple) -> Region:
    found = regions(ctx, regs)
    if len(found) != 1:
        raise ctx.error(wrong_object_count(1), f"Regions: {len(found)} regions, expected one")
    return found[0]


@operator(
    "gray_histo",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlOut("AbsoluteHisto", types="integer"),
    ControlOut("RelativeHisto", types="real"),
)
def gray_histo(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple) -> tuple:
    """The 256-bin histogram of a byte image inside one region: counts and counts / area."""
    region = _one_region(ctx, regs)
    img = _one_image(ctx, image)
    if img.pixel_type != "byte":
        raise ctx.error(9007, f"pixel type {img.pixel_type!r}: gray_histo takes byte images")
    values = img.data[0][region.to_mask(img.height, img.width)]
    counts = np.bincount(values, minlength=256)
    rel = counts / values.size if values.size else np.zeros(256)
    return tuple(int(v) for v in counts), tuple(float(v) for v in rel)


@operator(
    "gray_histo_abs",
    IconicIn("Regions"),
    IconicIn("Image"),
    ControlIn("Quantization", types="number", count=1, default=1.0),
    ControlOut("AbsoluteHisto", types="integer"),
)
def gray_histo_abs(ctx: CallContext, regs: ObjectTuple, image: ObjectTuple, quant: tuple) -> tuple:
    """Absolute histogram of a byte or uint2 image in one region; bins of Quantization values."""
    if quant[0] < 1:
        raise ctx.param_error("value", "Quantization", f"{quant[0]} must be at least 1")
    region = _one_region(ctx, regs)
    img = _one_image(ctx, image)
    if img.pixel_type not in ("byte", "uint2"):
        raise ctx.error(9007, f"pixel type {img.pixel_type!r} is not supported")
    top = 256 if img.pixel_type == "byte" else 65536
    values = img.data[0][region.to_mask(img.height, img.width)].astype(np.int64)
    bins = np.floor(values / float(quant[0])).astype(np.int64)
    counts = np.bincount(bins, minlength=math.ceil(top / float(quant[0])))
    return (tuple(int(v) for v in counts),)
