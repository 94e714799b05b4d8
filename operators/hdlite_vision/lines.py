"""Line extraction: lines_gauss (Steger's sub-pixel curvilinear lines as XLD contours).

lines_gauss smooths with a Gaussian of sigma Sigma, finds line points where the second
derivative across the line has the sign of LightDark and the first derivative vanishes
within the pixel (sub-pixel position), keeps those whose response reaches Low and that are
connected to one reaching High (hysteresis), and links them into contours
[doc: lines_gauss; method of C. Steger, "An unbiased detector of curvilinear structures",
1998]. Contours carry 'angle' (of the line normal), 'response', and with ExtractWidth
'true' also 'width_left' and 'width_right' (distances to the line's edges, the maxima of
the gradient magnitude along the normal); LineModel 'bar-shaped' removes the bias the
smoothing puts on the widths of a bar-shaped line (symmetric model), 'none' returns the
measured distances. Details and [unverified] points: :mod:`._steger`. Not reproduced:
the 'parabolic' and 'gaussian' line models (wrong value) and HALCON's position
correction of asymmetric lines; CompleteJunctions 'true' joins a contour end to another
contour passing within Sigma + 1 pixels [unverified: HALCON's criterion].
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import check_count
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._line_models import correct
from ._steger import angle_of, edges_along, line_points, refine
from .edges_xld import _gray, _link


def _contour(
    chain: list[tuple[int, int]], pts: dict[str, np.ndarray], width: bool, model: str, sigma: float
) -> Contour:
    idx = tuple(np.array(chain).T)
    rows, cols = pts["row"][idx], pts["col"][idx]
    nr, nc = pts["nr"][idx], pts["nc"][idx]
    rows, cols = refine(pts["derivs"], rows, cols, nr, nc)
    # orient each normal to the right of the direction of travel
    if len(chain) > 1:
        dr = np.gradient(rows)
        dc = np.gradient(cols)
        flip = (nr * dc - nc * dr) < 0  # right of travel is (dc, -dr) in (row, col)
        nr, nc = np.where(flip, -nr, nr), np.where(flip, -nc, nc)
    attribs: dict[str, np.ndarray] = {
        "angle": angle_of(nr, nc),
        "response": pts["response"][idx],
    }
    if width:
        reach = 4.0 * sigma
        grad = pts["grad_spline"]
        wr, gr = edges_along(grad, rows, cols, nr, nc, reach)
        wl, gl = edges_along(grad, rows, cols, -nr, -nc, reach)
        if model != "none":
            found = (gl > 0) & (gr > 0)
            ratio = np.minimum(gl, gr) / np.maximum(np.maximum(gl, gr), 1e-300)
            half, shift = correct(model, 0.5 * (wl + wr), ratio, sigma)
            # the line point moves by ``shift`` away from the weaker edge
            toward = np.where(gr < gl, -1.0, 1.0) * np.where(found, shift, 0.0)
            rows, cols = rows + toward * nr, cols + toward * nc
            wl = np.where(found, half, wl)
            wr = np.where(found, half, wr)
        attribs["width_left"], attribs["width_right"] = wl, wr
    return Contour(rows, cols, attribs)


def _complete(contours: list[Contour], reach: float) -> list[Contour]:
    """Extend each contour end to the nearest point of another contour within ``reach``."""
    out = []
    for i, c in enumerate(contours):
        rows: list[float] = c.rows.tolist()
        cols: list[float] = c.cols.tolist()
        if c.closed or len(c) < 2:
            out.append(c)
            continue
        for at_end in (False, True):
            r, cc = (rows[-1], cols[-1]) if at_end else (rows[0], cols[0])
            best, point = reach, None
            for j, other in enumerate(contours):
                if j == i:
                    continue
                dist = np.hypot(other.rows - r, other.cols - cc)
                k = int(np.argmin(dist))
                if 0 < dist[k] <= best:
                    best, point = float(dist[k]), (float(other.rows[k]), float(other.cols[k]))
            if point is not None:
                if at_end:
                    rows.append(point[0])
                    cols.append(point[1])
                else:
                    rows.insert(0, point[0])
                    cols.insert(0, point[1])
        if len(rows) == len(c):
            out.append(c)
            continue
        # the added points repeat the attributes of the end they extend
        first = 1 if (rows[0], cols[0]) != (c.rows[0], c.cols[0]) else 0
        pad = (first, len(rows) - len(c) - first)
        attribs = {k: np.pad(v, pad, mode="edge") for k, v in c.attribs.items()}
        out.append(Contour(rows, cols, attribs))
    return out


@operator(
    "lines_gauss",
    IconicIn("Image"),
    IconicOut("Lines"),
    ControlIn("Sigma", types="number", count=1, default=1.5),
    ControlIn("Low", types="number", count=1, default=3),
    ControlIn("High", types="number", count=1, default=8),
    ControlIn("LightDark", types="string", count=1, default="light", values=("light", "dark")),
    ControlIn("ExtractWidth", types="string", count=1, default="true", values=("true", "false")),
    ControlIn(
        "LineModel",
        types="string",
        count=1,
        default="bar-shaped",
        values=("none", "bar-shaped", "parabolic", "gaussian"),
    ),
    ControlIn(
        "CompleteJunctions", types="string", count=1, default="true", values=("true", "false")
    ),
)
def lines_gauss(
    ctx: CallContext,
    image: ObjectTuple,
    sigma: tuple,
    low: tuple,
    high: tuple,
    light_dark: tuple,
    extract_width: tuple,
    line_model: tuple,
    complete: tuple,
) -> tuple:
    """Sub-pixel lines (Steger) as contours with 'angle', 'response' and, with
    ExtractWidth 'true', 'width_left' and 'width_right'."""
    from scipy import ndimage as ndi

    s = float(sigma[0])
    if not np.isfinite(s) or s <= 0:
        raise ctx.param_error("value", "Sigma", f"{sigma[0]!r} must be positive")
    check_count(ctx, 8 * s + 1, "Sigma", 64)
    lo, hi = float(low[0]), float(high[0])
    if lo < 0:
        raise ctx.param_error("value", "Low", f"{low[0]!r} must be >= 0")
    if hi < lo:
        raise ctx.param_error("value", "High", "needs Low <= High")
    out: list[Contour] = []
    for img, data in _gray(ctx, image):
        pts = line_points(data, s, light_dark[0] == "light")
        if extract_width[0] == "true":
            pts["grad_spline"] = ndi.spline_filter(pts["grad"], order=3, mode="nearest")
        cand = pts["valid"] & (pts["response"] >= lo)
        if img.domain is not None:
            cand &= img.domain.to_mask(*data.shape)
        labels, _n = ndi.label(cand, structure=np.ones((3, 3)))
        strong = np.unique(labels[cand & (pts["response"] >= hi)])
        keep = np.isin(labels, strong[strong > 0])
        found = [
            _contour(chain, pts, extract_width[0] == "true", line_model[0], s)
            for chain in _link(keep)
        ]
        if complete[0] == "true":
            found = _complete(found, s + 1.0)
        out.extend(found)
    return (ObjectTuple(out),)
