"""Line models of lines_gauss: the bias that Gaussian smoothing puts on the measured width
and position of a line, and its removal (LineModel 'bar-shaped', 'parabolic', 'gaussian').

HALCON's LineModel "corrects the line position and width" (only with ExtractWidth 'true');
'bar-shaped' suits most lines, 'parabolic' very sharp ones, 'gaussian' blurred ones
[doc: lines_gauss]. The model (after Steger, "An unbiased detector of curvilinear
structures", 1998), in units of Sigma, for a light line of half width w centred at 0 on a
background 0 to its left and a (0 <= a < 1, the contrast ratio) to its right:

* 'bar-shaped': 1 on [-w, w], then a;
* 'parabolic': 1 - (x / w)^2 on [-w, w], then a (a step at the right edge);
* 'gaussian': exp(-x^2 / (2 w^2)) + a * Phi(x / w) (w is the profile's sigma, the distance
  of its inflection points; the background rises with the same scale).

Smoothing moves the extrema of the gradient (the measured edges) away from the line, and for
a > 0 moves the line point (the zero of the gradient) towards the weaker side. For each model
a table over (w, a) gives the measured half width v = (e_r - e_l) / 2, the gradient ratio
|g(e_r)| / |g(e_l)| and the line point's offset; a measured (v, ratio) is mapped back to w
and the offset by linear interpolation in the table. The corrected line lies halfway between
the model's edges, at distance w from both [unverified: HALCON's tables and its definition
of a Gaussian line's width].
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

_X = np.linspace(-12.0, 12.0, 4801)
_WS = np.concatenate([np.linspace(0.05, 1.0, 20), np.linspace(1.05, 6.0, 50)])
_AS = np.linspace(0.0, 0.9, 19)


def _phi(x: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)


def _cdf(x: np.ndarray) -> np.ndarray:
    from scipy.special import ndtr

    return np.asarray(ndtr(x))


def gradient(model: str, w: float, a: float, x: np.ndarray = _X) -> np.ndarray:
    """The gradient of the model profile smoothed with a unit Gaussian."""
    if model == "bar-shaped":
        return _phi(x + w) - (1 - a) * _phi(x - w)
    if model == "parabolic":
        inner = x * (_cdf(x + w) - _cdf(x - w)) + _phi(x + w) - _phi(x - w)
        return -2.0 / (w * w) * inner + a * _phi(x - w)
    s = np.sqrt(w * w + 1.0)
    return -(w / s) * x / (s * s) * np.exp(-0.5 * (x / s) ** 2) + (a / s) * _phi(x / s)


def _measure(g: np.ndarray) -> tuple[float, float, float] | None:
    """(half width, gradient ratio, centre) measured on a smoothed gradient profile."""
    left = int(np.argmax(g))
    sign = np.nonzero((g[left:-1] > 0) & (g[left + 1 :] <= 0))[0]
    if sign.size == 0:
        return None
    k = left + int(sign[0])
    centre = _X[k] + (_X[k + 1] - _X[k]) * g[k] / (g[k] - g[k + 1])
    right = k + int(np.argmin(g[k:]))
    if g[right] >= 0 or right >= _X.size - 2:
        return None
    return (
        0.5 * float(_X[right] - _X[left]),
        float(-g[right] / g[left]),
        float(centre),
    )


@lru_cache(maxsize=4)
def table(model: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows (half width v, ratio) and their (w, centre offset) for the model."""
    keys, values = [], []
    for w in _WS:
        for a in _AS:
            m = _measure(gradient(model, float(w), float(a)))
            if m is None:
                continue
            keys.append((m[0], m[1]))
            values.append((float(w), m[2]))
    return np.asarray(keys), np.asarray(values)


#: the (half width, ratio) axes are scaled alike for the triangulation
_SCALE = np.array([1.0, 4.0])


@lru_cache(maxsize=4)
def _interpolators(model: str) -> tuple:
    from scipy.interpolate import LinearNDInterpolator, NearestNDInterpolator

    keys, values = table(model)
    return LinearNDInterpolator(keys * _SCALE, values), NearestNDInterpolator(keys * _SCALE, values)


def correct(
    model: str, half_width: np.ndarray, ratio: np.ndarray, sigma: float
) -> tuple[np.ndarray, np.ndarray]:
    """True half widths and the line point's offset towards the weaker side (pixels) for
    measured half widths (pixels) and gradient ratios (weaker / stronger, 0..1]."""
    linear, nearest = _interpolators(model)
    pts = np.stack([np.asarray(half_width) / sigma, np.clip(ratio, 0.0, 1.0)], axis=1) * _SCALE
    lin = linear(pts)
    out = np.where(np.isnan(lin), nearest(pts), lin)
    return out[:, 0] * sigma, out[:, 1] * sigma
