"""Diffusion filters: isotropic_diffusion, anisotropic_diffusion.

HALCON facts settled here:

* isotropic_diffusion [doc: isotropic_diffusion]: a convolution with a Gaussian of standard
  deviation Sigma; Iterations 0 convolves explicitly, Iterations > 0 solves the heat
  equation u_t = laplace(u) up to the time Sigma^2 / 2 in Iterations steps of an iterative
  scheme (less accurate for few iterations). Values are mirrored at the border; with a
  full domain Iterations 0 gives derivate_gauss's 'none' (hdlite: the same sampled
  Gaussian, truncated at 6 Sigma).
* anisotropic_diffusion [doc: anisotropic_diffusion]: Perona and Malik's equation
  u_t = div(g(|grad u|^2) grad u), Iterations steps of length Theta; Contrast c separates
  edges from noise; Mode 'weickert' g = 1 - exp(-C / (|grad u| / c)^8), C = 3.31488;
  'perona-malik' g = 1 / (1 + |grad u|^2 / c^2); 'parabolic' a diffusivity that keeps the
  equation parabolic (stable for any step).
* [unverified] 'parabolic' is Charbonnier's g = 1 / sqrt(1 + |grad u|^2 / c^2); the
  discretisation is the classic one of Perona and Malik (fluxes to the four neighbours,
  each weighted by g of that neighbour's difference, no flux across the image border);
  steps longer than 0.25 are split into equal sub-steps of at most 0.25 so that the
  explicit scheme stays stable. isotropic_diffusion with Iterations > 0 uses additive
  operator splitting (implicit along rows and along columns, reflecting borders).
  Types byte, uint2 and real for both; results are rounded at the end only.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._filtering import filter_all, work

DIFFUSION_TYPES = ("byte", "uint2", "real")
WEICKERT_C = 3.31488
#: the whole image is read: diffusion spreads values across it
WHOLE = (1 << 30, 1 << 30)


def _implicit_1d(u: np.ndarray, tau: float) -> np.ndarray:
    """Solve (I - tau A) x = u along axis 0, A the 1-D Laplacian with reflecting ends."""
    from scipy.linalg import solve_banded

    n = u.shape[0]
    if n == 1:
        return u.copy()
    ab = np.zeros((3, n))
    ab[0, 1:] = -tau
    ab[2, :-1] = -tau
    ab[1, :] = 1.0 + 2.0 * tau
    ab[1, 0] = ab[1, -1] = 1.0 + tau
    return np.asarray(solve_banded((1, 1), ab, u))


def heat_aos(u: np.ndarray, total: float, steps: int) -> np.ndarray:
    """The heat equation up to time ``total`` in ``steps`` AOS steps."""
    tau = total / steps
    for _ in range(steps):
        rows = _implicit_1d(u, 2.0 * tau)
        cols = _implicit_1d(u.T, 2.0 * tau).T
        u = 0.5 * (rows + cols)
    return u


@operator(
    "isotropic_diffusion",
    IconicIn("Image"),
    IconicOut("SmoothedImage"),
    ControlIn("Sigma", types="number", count=1, default=1.0),
    ControlIn("Iterations", types="integer", count=1, default=10),
)
def isotropic_diffusion(
    ctx: CallContext, image: ObjectTuple, sigma: tuple, iterations: tuple
) -> tuple:
    """Gaussian smoothing with Sigma: a convolution (Iterations 0) or Iterations steps of
    the heat equation up to the time Sigma^2 / 2."""
    s, n = float(sigma[0]), iterations[0]
    if not (math.isfinite(s) and 0 <= s <= 1e4):
        raise ctx.param_error("value", "Sigma", f"{sigma[0]!r} must not be negative")
    if not 0 <= n <= 100000:
        raise ctx.param_error("value", "Iterations", f"{n} must not be negative")

    def run(plane: np.ndarray) -> np.ndarray:
        u = work(plane).astype(np.float64)
        if s == 0:
            return u
        if n == 0:
            from scipy.ndimage import gaussian_filter

            return np.asarray(gaussian_filter(u, s, mode="mirror", truncate=6.0))
        return heat_aos(u, s * s / 2.0, n)

    return (filter_all(ctx, image, DIFFUSION_TYPES, run, WHOLE),)


def diffusivity(mode: str, diff: np.ndarray, contrast: float) -> np.ndarray:
    """g of the gray-value difference ``diff`` for ``mode`` and contrast c."""
    ratio2 = (diff / contrast) ** 2
    if mode == "perona-malik":
        return 1.0 / (1.0 + ratio2)
    if mode == "parabolic":
        return 1.0 / np.sqrt(1.0 + ratio2)
    with np.errstate(divide="ignore", over="ignore"):
        return np.where(
            ratio2 > 0, 1.0 - np.exp(-WEICKERT_C / np.maximum(ratio2, 1e-300) ** 4), 1.0
        )


def perona_malik_step(u: np.ndarray, mode: str, contrast: float, dt: float) -> np.ndarray:
    """One explicit step of length ``dt`` (no flux across the image border)."""
    flux = np.zeros_like(u)
    d_down = np.diff(u, axis=0)  # u[r+1] - u[r]
    d_right = np.diff(u, axis=1)
    f_down = diffusivity(mode, d_down, contrast) * d_down
    f_right = diffusivity(mode, d_right, contrast) * d_right
    flux[:-1] += f_down
    flux[1:] -= f_down
    flux[:, :-1] += f_right
    flux[:, 1:] -= f_right
    return u + dt * flux


@operator(
    "anisotropic_diffusion",
    IconicIn("Image"),
    IconicOut("ImageAniso"),
    ControlIn(
        "Mode",
        types="string",
        count=1,
        default="weickert",
        values=("weickert", "perona-malik", "parabolic"),
    ),
    ControlIn("Contrast", types="number", count=1, default=5.0),
    ControlIn("Theta", types="number", count=1, default=1.0),
    ControlIn("Iterations", types="integer", count=1, default=10),
)
def anisotropic_diffusion(
    ctx: CallContext,
    image: ObjectTuple,
    mode: tuple,
    contrast: tuple,
    theta: tuple,
    iterations: tuple,
) -> tuple:
    """Edge-preserving smoothing (Perona-Malik diffusion): gray-value differences below
    Contrast are smoothed, larger ones kept; Iterations steps of length Theta."""
    c, t, n = float(contrast[0]), float(theta[0]), iterations[0]
    if not (math.isfinite(c) and c > 0):
        raise ctx.param_error("value", "Contrast", f"{contrast[0]!r} must be positive")
    if not (math.isfinite(t) and 0 < t <= 1000):
        raise ctx.param_error("value", "Theta", f"{theta[0]!r} must be positive")
    if not 1 <= n <= 100000:
        raise ctx.param_error("value", "Iterations", f"{n} must be at least 1")
    sub = max(1, math.ceil(t / 0.25))

    def run(plane: np.ndarray) -> np.ndarray:
        u = work(plane).astype(np.float64)
        for _ in range(n * sub):
            u = perona_malik_step(u, mode[0], c, t / sub)
        return u

    return (filter_all(ctx, image, DIFFUSION_TYPES, run, WHOLE),)
