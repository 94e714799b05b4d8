"""shock_filter: edge sharpening by transporting gray values towards edges.

[doc: shock_filter] u_t = s |grad u| is solved in Iterations steps of length Theta
(0 < Theta <= 0.7, Iterations >= 1); s in {-1, 0, +1} comes from an edge detector on the
image smoothed with a Gaussian of Sigma: the Laplacian ('laplace', Marr/Hildreth) or the
second derivative along the gradient ('canny'). Types byte, uint2 and real.

[unverified]: s = -sign of the detector (dilation on the bright side of an edge, erosion on
the dark side), |grad u| by the upwind differences of Osher and Sethian (mirrored borders),
Sigma = 0 meaning no smoothing, rounding only at the end, Sigma's default 1.0.
"""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._filtering import filter_all, work


def _detector(u: np.ndarray, mode: str, sigma: float) -> np.ndarray:
    from scipy.ndimage import gaussian_filter

    def d(order: tuple[int, int]) -> np.ndarray:
        if sigma > 0:
            return gaussian_filter(u, sigma, order=order, mode="mirror")
        p = np.pad(u, 1, mode="symmetric")
        if order == (2, 0):
            return p[2:, 1:-1] - 2 * u + p[:-2, 1:-1]
        if order == (0, 2):
            return p[1:-1, 2:] - 2 * u + p[1:-1, :-2]
        if order == (1, 0):
            return (p[2:, 1:-1] - p[:-2, 1:-1]) / 2
        if order == (0, 1):
            return (p[1:-1, 2:] - p[1:-1, :-2]) / 2
        return (p[2:, 2:] - p[2:, :-2] - p[:-2, 2:] + p[:-2, :-2]) / 4

    urr, ucc = d((2, 0)), d((0, 2))
    if mode == "laplace":
        return urr + ucc
    ur, uc, urc = d((1, 0)), d((0, 1)), d((1, 1))
    return ur * ur * urr + 2 * ur * uc * urc + uc * uc * ucc


def shock_step(u: np.ndarray, theta: float, mode: str, sigma: float) -> np.ndarray:
    """One explicit time step of the shock filter."""
    s = -np.sign(_detector(u, mode, sigma))
    p = np.pad(u, 1, mode="symmetric")
    back_r, fwd_r = u - p[:-2, 1:-1], p[2:, 1:-1] - u
    back_c, fwd_c = u - p[1:-1, :-2], p[1:-1, 2:] - u
    # upwind differences: growing takes the larger neighbours, shrinking the smaller ones
    grow = np.sqrt(
        np.minimum(back_r, 0) ** 2
        + np.maximum(fwd_r, 0) ** 2
        + np.minimum(back_c, 0) ** 2
        + np.maximum(fwd_c, 0) ** 2
    )
    shrink = np.sqrt(
        np.maximum(back_r, 0) ** 2
        + np.minimum(fwd_r, 0) ** 2
        + np.maximum(back_c, 0) ** 2
        + np.minimum(fwd_c, 0) ** 2
    )
    return u + theta * np.where(s > 0, grow, np.where(s < 0, -shrink, 0.0))


@operator(
    "shock_filter",
    IconicIn("Image"),
    IconicOut("SharpenedImage"),
    ControlIn("Theta", types="number", count=1, default=0.5),
    ControlIn("Iterations", types="integer", count=1, default=10),
    ControlIn("Mode", types="string", count=1, default="canny", values=("canny", "laplace")),
    ControlIn("Sigma", types="number", count=1, default=1.0),
)
def shock_filter(
    ctx: CallContext, image: ObjectTuple, theta: tuple, iterations: tuple, mode: tuple, sigma: tuple
) -> tuple:
    """Sharpen edges: gray values are dilated on the bright and eroded on the dark side of
    each edge (found by 'canny' or 'laplace' on the image smoothed with Sigma), Iterations
    time steps of length Theta."""
    t, s, n = float(theta[0]), float(sigma[0]), iterations[0]
    if not (0 < t <= 0.7):
        raise ctx.param_error("value", "Theta", f"{theta[0]!r} (0 < Theta <= 0.7)")
    if not 1 <= n <= 100000:
        raise ctx.param_error("value", "Iterations", f"{n} (at least 1)")
    if not (math.isfinite(s) and 0 <= s <= 100):
        raise ctx.param_error("value", "Sigma", f"{sigma[0]!r} (0 <= Sigma)")

    def run(plane: np.ndarray) -> np.ndarray:
        u = work(plane).astype(np.float64)
        for _ in range(n):
            u = shock_step(u, t, mode[0], s)
        return u

    # the whole image is read: every step may move values by one pixel
    return (filter_all(ctx, image, ("byte", "uint2", "real"), run, (1 << 30, 1 << 30)),)
