"""Synthetic noise: white noise (add_noise_white), noise distributions (gauss_distribution,
sp_distribution, noise_distribution_mean) and adding noise drawn from one
(add_noise_distribution).

HALCON's reference [doc: add_noise_white, add_noise_distribution, gauss_distribution,
sp_distribution, noise_distribution_mean, mvtec.com/doc/halcon/2405]:

* add_noise_white adds noise equally distributed in [-Amp, Amp] to byte, int2, uint2 and
  real images; the results are clipped to the pixel type. HALCON draws with ``drand48``
  seeded through ``set_system('seed_rand')``; hdlite draws from the run's generator
  (``ctx.session.random``), so the same seed gives the same image in hdlite, not the
  values HALCON gives.
* A distribution is a tuple of 513 values: value 256 is the frequency of unchanged
  pixels, 256 - k that of a decrease by k, 256 + k that of an increase by k.
  add_noise_distribution (byte and int2 images) adds noise with these frequencies. A
  distribution whose only non-zero values besides position 256 are at positions 0
  (pepper) and 512 (salt) is salt-and-pepper noise: those pixels become the smallest and
  largest value of the pixel type.
* sp_distribution gives the percentages of white (salt) and black (pepper) pixels; their
  sum must be below 100. gauss_distribution gives Gaussian noise of standard deviation
  Sigma (default 2.0).
* noise_distribution_mean smooths a byte image with mean_image (FilterSize x FilterSize)
  and returns the frequencies of the differences image - mean inside the union of the
  ConstRegion objects.

hdlite's choices where the reference is silent [unverified]: frequencies are relative
(they sum to 1); gauss_distribution integrates the normal density over each unit bin
(Sigma 0 leaves every pixel unchanged); integer results are rounded half away from zero
before clipping; pixels outside the domain keep their values; the mean of
noise_distribution_mean is rounded to the pixel type as mean_image's byte result is; an
empty ConstRegion gives 513 zeros, no ConstRegion or Image object an empty tuple (spec G2).
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
    wrong_object_count,
)

from ._filtering import DTYPES, correlate, images, odd, to_type
from ._gray import domain_mask, regions

#: positions of a distribution tuple: offsets -256..256
LENGTH = 513
CENTER = 256


def session_rng(ctx: CallContext) -> np.random.Generator:
    """A NumPy generator drawn from the run's seeded generator (``set_system('seed_rand')``)."""
    return np.random.default_rng(ctx.session.random.getrandbits(64))


def _limits(pixel_type: str) -> tuple[float, float]:
    dtype = DTYPES[pixel_type]
    if dtype.kind == "f":
        return -np.inf, np.inf
    info = np.iinfo(dtype)
    return float(info.min), float(info.max)


def _noisy(image: Image, noise: np.ndarray) -> Image:
    """``image`` plus ``noise`` (same shape as its data) inside the domain, converted back."""
    values = image.data.astype(np.float64) + noise
    out = to_type(values, image.pixel_type)
    if image.domain is not None:
        out = np.where(domain_mask(image)[None], out, image.data)
    return Image(out, image.pixel_type, image.domain)


def _amp(ctx: CallContext, value: float) -> float:
    if value < 0:
        raise ctx.param_error("value", "Amp", f"{value} must not be negative")
    return float(value)


@operator(
    "add_noise_white",
    IconicIn("Image"),
    IconicOut("ImageNoise"),
    ControlIn("Amp", types="real", count=1, default=60.0),
)
def add_noise_white(ctx: CallContext, image: ObjectTuple, amp: tuple) -> tuple:
    """Add white noise equally distributed in [-Amp, Amp]; results are clipped to the type."""
    a = _amp(ctx, amp[0])
    imgs = images(ctx, image, ("byte", "int2", "uint2", "real"))
    rng = session_rng(ctx)
    return (ObjectTuple(_noisy(i, rng.uniform(-a, a, size=i.data.shape)) for i in imgs),)


def _distribution(ctx: CallContext, values: tuple) -> np.ndarray:
    dist = np.asarray(values, dtype=np.float64)
    if len(dist) != LENGTH:
        raise ctx.param_error("count", "Distribution", f"{len(dist)} values, expected {LENGTH}")
    if not np.all(np.isfinite(dist)) or np.any(dist < 0):
        raise ctx.param_error("value", "Distribution", "frequencies must be finite and >= 0")
    if dist.sum() <= 0:
        raise ctx.param_error("value", "Distribution", "all frequencies are 0")
    return dist / dist.sum()


def _is_salt_and_pepper(dist: np.ndarray) -> bool:
    below = np.flatnonzero(dist[:CENTER])
    above = np.flatnonzero(dist[CENTER + 1 :]) + CENTER + 1
    return set(below.tolist()) <= {0} and set(above.tolist()) <= {LENGTH - 1}


def _add_distribution(image: Image, dist: np.ndarray, rng: np.random.Generator) -> Image:
    offsets = rng.choice(np.arange(-CENTER, CENTER + 1), size=image.data.shape, p=dist)
    if not _is_salt_and_pepper(dist):
        return _noisy(image, offsets.astype(np.float64))
    lo, hi = _limits(image.pixel_type)
    data = image.data.copy()
    inside = domain_mask(image)[None]
    data[(offsets < 0) & inside] = lo
    data[(offsets > 0) & inside] = hi
    return Image(data, image.pixel_type, image.domain)


@operator(
    "add_noise_distribution",
    IconicIn("Image"),
    IconicOut("ImageNoise"),
    ControlIn("Distribution", types="real", count=LENGTH),
)
def add_noise_distribution(ctx: CallContext, image: ObjectTuple, distribution: tuple) -> tuple:
    """Add noise drawn from a 513-value distribution (gauss_distribution, sp_distribution,
    noise_distribution_mean); salt-and-pepper noise sets pixels to the type's extremes."""
    dist = _distribution(ctx, distribution)
    imgs = images(ctx, image, ("byte", "int2"))
    rng = session_rng(ctx)
    return (ObjectTuple(_add_distribution(i, dist, rng) for i in imgs),)


@operator(
    "gauss_distribution",
    ControlIn("Sigma", types="real", count=1, default=2.0),
    ControlOut("Distribution", types="real", count=LENGTH),
)
def gauss_distribution(ctx: CallContext, sigma: tuple) -> tuple:
    """A Gaussian noise distribution of standard deviation Sigma (513 relative frequencies)."""
    s = float(sigma[0])
    if s < 0:
        raise ctx.param_error("value", "Sigma", f"{s} must not be negative")
    dist = np.zeros(LENGTH)
    if s == 0:
        dist[CENTER] = 1.0
    else:
        from scipy.special import ndtr

        edges = (np.arange(-CENTER, CENTER + 2) - 0.5) / s
        dist = np.diff(ndtr(edges))
        if not dist.sum() > 1e-9:  # Sigma so large that the bins are flat in float64
            dist = np.exp(-0.5 * (np.arange(-CENTER, CENTER + 1) / s) ** 2)
        dist /= dist.sum()
    return (tuple(float(v) for v in dist),)


@operator(
    "sp_distribution",
    ControlIn("PercentSalt", types="real", count=1, default=5.0),
    ControlIn("PercentPepper", types="real", count=1, default=5.0),
    ControlOut("Distribution", types="real", count=LENGTH),
)
def sp_distribution(ctx: CallContext, salt: tuple, pepper: tuple) -> tuple:
    """A salt-and-pepper distribution: PercentSalt white and PercentPepper black pixels."""
    s, p = float(salt[0]), float(pepper[0])
    for name, value in (("PercentSalt", s), ("PercentPepper", p)):
        if not 0 <= value <= 100:
            raise ctx.param_error("value", name, f"{value} is outside 0..100")
    if s + p >= 100:
        raise ctx.param_error("value", "PercentSalt", f"salt + pepper = {s + p} must be < 100")
    dist = [0.0] * LENGTH
    dist[0], dist[LENGTH - 1] = p / 100.0, s / 100.0
    dist[CENTER] = 1.0 - (s + p) / 100.0
    return (tuple(dist),)


@operator(
    "noise_distribution_mean",
    IconicIn("ConstRegion"),
    IconicIn("Image"),
    ControlIn("FilterSize", types="integer", count=1, default=21),
    ControlOut("Distribution", types="real", count=(0, LENGTH)),
)
def noise_distribution_mean(
    ctx: CallContext, const_region: ObjectTuple, image: ObjectTuple, filter_size: tuple
) -> tuple:
    """The noise distribution of an image estimated in ConstRegion, an area of nearly
    constant gray values: the frequencies of image minus its FilterSize mean."""
    size = filter_size[0]
    if not 3 <= size <= 501:
        raise ctx.param_error("value", "FilterSize", f"{size} is outside 3..501")
    imgs = images(ctx, image, ("byte",))
    const = regions(ctx, const_region, "ConstRegion")
    if not imgs or not const:  # no input objects (spec G2)
        return ((),)
    if len(imgs) != 1 or imgs[0].channels != 1:
        raise ctx.error(wrong_object_count(2), "Image: expects one single-channel image")
    img = imgs[0]
    mask = np.zeros((img.height, img.width), bool)
    for region in const:
        mask |= region.to_mask(img.height, img.width)
    if not mask.any():
        return ((0.0,) * LENGTH,)
    k = np.full(odd(size), 1.0 / odd(size))
    plane = img.data[0]
    mean = to_type(correlate(plane, k, k), "byte").astype(np.int64)
    diff = plane.astype(np.int64)[mask] - mean[mask]
    hist = np.bincount(diff + CENTER, minlength=LENGTH).astype(np.float64)
    return (tuple(float(v) for v in hist / hist.sum()),)
