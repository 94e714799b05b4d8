"""measure_thresh: points where the gray-value profile of a measure object crosses a level.

[doc: measure_thresh] The profile of the measure object (see :mod:`.measure`) is smoothed
with a Gaussian of Sigma (Sigma >= 0; 0 leaves it as it is) and every place where it
crosses Threshold is returned in image coordinates; Select 'all', 'first', 'last' or
'first_last' picks them, and Distance holds the distances between consecutive returned
points for 'all' and 'first_last' only. The image's domain is ignored.

[unverified]: a crossing lies between two profile samples on different sides of the
threshold (a sample equal to it counts as above), placed by linear interpolation; a profile
crossing once gives that point once for 'first_last'.
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image._common import check_count

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from .measure import _measure, _positions, profile


def crossings(values: np.ndarray, threshold: float) -> np.ndarray:
    """Sub-sample positions (profile index units) where ``values`` crosses ``threshold``."""
    above = values >= threshold
    idx = np.flatnonzero(above[1:] != above[:-1])
    a, b = values[idx], values[idx + 1]
    return idx + (threshold - a) / (b - a)


@operator(
    "measure_thresh",
    IconicIn("Image"),
    ControlIn("MeasureHandle", types="handle", count=1, sem="measure"),
    ControlIn("Sigma", types="number", count=1, default=1.0),
    ControlIn("Threshold", types="number", count=1, default=128.0),
    ControlIn(
        "Select",
        types="string",
        count=1,
        default="all",
        values=("all", "first", "last", "first_last"),
    ),
    ControlOut("RowThresh", types="real"),
    ControlOut("ColumnThresh", types="real"),
    ControlOut("Distance", types="real"),
)
def measure_thresh(
    ctx: CallContext,
    image: ObjectTuple,
    handle: tuple,
    sigma: tuple,
    threshold: tuple,
    select: tuple,
) -> tuple:
    """Points along the measure object where the (smoothed) profile crosses Threshold,
    and the distances between consecutive points ('all' and 'first_last')."""
    from scipy.ndimage import gaussian_filter1d

    s, level = float(sigma[0]), float(threshold[0])
    if not (math.isfinite(s) and s >= 0):
        raise ctx.param_error("value", "Sigma", f"{sigma[0]!r} must not be negative")
    if not math.isfinite(level):
        raise ctx.param_error("value", "Threshold", f"{threshold[0]!r} is not a finite number")
    check_count(ctx, 8 * s + 1, "Sigma", 64)  # the mask of the Gaussian
    m = _measure(ctx, handle)
    values = profile(ctx, image, m)
    if s > 0 and len(values) > 1:
        values = gaussian_filter1d(values, s, mode="nearest")
    t = crossings(values, level)
    how = select[0]
    if len(t) and how == "first":
        t = t[:1]
    elif len(t) and how == "last":
        t = t[-1:]
    elif len(t) > 2 and how == "first_last":
        t = t[[0, -1]]
    rows, cols = _positions(m, t)
    dist = np.hypot(np.diff(rows), np.diff(cols)) if how in ("all", "first_last") else ()
    return (
        tuple(float(v) for v in rows),
        tuple(float(v) for v in cols),
        tuple(float(v) for v in dist),
    )
