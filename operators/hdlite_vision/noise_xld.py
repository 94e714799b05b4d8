"""White noise on XLD contours (add_noise_white_contour_xld).

HALCON's reference [doc: add_noise_white_contour_xld, halcon.us reference 6.1]: for every
contour point the regression line of NumRegrPoints neighbouring points is fitted and the
point is shifted perpendicular to it by white noise equally distributed in [-Amp, Amp].
Restrictions: NumRegrPoints >= 3 and odd (default 5), Amp > 0 (default 1.0).

hdlite's choices [unverified]: the neighbourhood is centred on the point; near the ends of
an open contour it is shifted to stay inside the contour, on a closed contour (last point
repeating the first) it wraps around and the contour stays closed. The line is the
principal axis of the neighbourhood; a point whose neighbours all coincide keeps its
place. Point attributes are kept. Randomness comes from the run's generator
(``set_system('seed_rand')``), as in :mod:`.noise`.
"""

from __future__ import annotations

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._xld_common import contours
from .noise import session_rng


def _neighbourhoods(n: int, count: int, closed: bool) -> np.ndarray:
    """Indices (n, k) of the points used for the regression line at each point."""
    k = min(count, n)  # a neighbourhood never holds a point twice
    half = k // 2
    if closed:
        return (np.arange(n)[:, None] + np.arange(-half, k - half)[None, :]) % n
    start = np.clip(np.arange(n) - half, 0, n - k)
    return start[:, None] + np.arange(k)[None, :]


def _normals(rows: np.ndarray, cols: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Unit normals (n, 2) of the regression lines; zero where the points coincide."""
    pts = np.stack([rows[idx], cols[idx]], axis=-1)  # (n, k, 2)
    centred = pts - pts.mean(axis=1, keepdims=True)
    cov = np.einsum("nki,nkj->nij", centred, centred)
    _vals, vecs = np.linalg.eigh(cov)
    direction = vecs[:, :, 1]  # eigenvector of the largest eigenvalue
    normal = np.stack([-direction[:, 1], direction[:, 0]], axis=1)
    spread = np.abs(centred).max(axis=(1, 2)) if idx.shape[1] else np.zeros(len(idx))
    normal[spread == 0] = 0.0
    return normal


def noisy_contour(c: Contour, count: int, amp: float, rng: np.random.Generator) -> Contour:
    """``c`` with each point shifted by uniform noise along its regression line's normal."""
    closed = c.closed
    rows, cols = (c.rows[:-1], c.cols[:-1]) if closed else (c.rows, c.cols)
    n = len(rows)
    if n == 0:
        return c.replace(c.rows, c.cols)
    normal = _normals(rows, cols, _neighbourhoods(n, count, closed))
    shift = rng.uniform(-amp, amp, size=n)
    new_r, new_c = rows + shift * normal[:, 0], cols + shift * normal[:, 1]
    if closed:
        new_r, new_c = np.append(new_r, new_r[0]), np.append(new_c, new_c[0])
    return c.replace(new_r, new_c)


@operator(
    "add_noise_white_contour_xld",
    IconicIn("Contours"),
    IconicOut("NoisyContours"),
    ControlIn("NumRegrPoints", types="integer", count=1, default=5),
    ControlIn("Amp", types="real", count=1, default=1.0),
)
def add_noise_white_contour_xld(
    ctx: CallContext, contours_in: ObjectTuple, num_points: tuple, amp: tuple
) -> tuple:
    """Shift every contour point perpendicular to its local regression line by white
    noise equally distributed in [-Amp, Amp]."""
    count = num_points[0]
    if count < 3 or count % 2 == 0:
        raise ctx.param_error("value", "NumRegrPoints", f"{count} must be odd and >= 3")
    a = float(amp[0])
    if not a > 0:
        raise ctx.param_error("value", "Amp", f"{a} must be > 0")
    found = contours(ctx, contours_in)
    rng = session_rng(ctx)
    return (ObjectTuple(noisy_contour(c, count, a, rng) for c in found),)
