"""Fitting lines, circles and ellipses to XLD contours.

Approximations (HALCON's exact algorithms are not public; results agree with an exact fit on
clean data and differ from HALCON's only in how outliers are down-weighted):

* lines: total least squares (orthogonal regression). 'huber', 'tukey', 'drop' and 'gauss'
  repeat it ``Iterations`` times with weights from the distances to the previous line; the
  clipping distance is ``ClippingFactor`` times the robust standard deviation
  (median |d| / 0.6745). 'regression' is one unweighted fit.
* circles: 'algebraic' minimises the algebraic distance (Kasa); 'ahuber'/'atukey' reweight it;
  'geometric' minimises the sum of squared orthogonal distances (Gauss-Newton through
  scipy.optimize.least_squares, started from the algebraic fit); 'geohuber'/'geotukey' reweight
  that.
* ellipses: 'fitzgibbon' is Fitzgibbon's direct least-squares ellipse fit (in Halir and
  Flusser's stable form); 'fhuber'/'ftukey' reweight it with the Sampson distance;
  'geometric', 'geohuber', 'geotukey' refine it by minimising the Sampson distance, a first-
  order approximation of the orthogonal distance. 'voss', 'focpoints', 'fphuber' and
  'fptukey' are not offered (wrong value).

Line normal: (Nr, Nc) is the line direction from the first to the last point turned by 90
degrees clockwise on screen, Dist = Nr * r + Nc * c for points on the line [unverified sign].
A contour with fewer points than a fit needs is error 9053 "No data points available".
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from ._xld_common import contours

_LINE = ("regression", "huber", "tukey", "drop", "gauss")
_CIRCLE = ("algebraic", "ahuber", "atukey", "geometric", "geohuber", "geotukey")
_ELLIPSE = ("fitzgibbon", "fhuber", "ftukey", "geometric", "geohuber", "geotukey")


def _weights(d: np.ndarray, kind: str, factor: float) -> np.ndarray:
    scale = float(np.median(np.abs(d))) / 0.6745
    sigma = max(factor * scale, 1e-9)
    a = np.abs(d)
    if "huber" in kind:
        return np.where(a <= sigma, 1.0, sigma / np.maximum(a, 1e-12))
    if "tukey" in kind:
        return np.where(a <= sigma, (1 - (a / sigma) ** 2) ** 2, 0.0)
    if kind == "drop":
        return (a <= sigma).astype(np.float64)
    if kind == "gauss":
        return np.exp(-(a * a) / (2 * sigma * sigma))
    return np.ones_like(d)


def _points(c: Contour, max_num: int, clip_ends: int, need: int, ctx: CallContext) -> np.ndarray:
    pts = c.points()
    if c.closed:
        pts = pts[:-1]
    if clip_ends > 0:
        pts = pts[clip_ends : len(pts) - clip_ends]
    if max_num > 0 and len(pts) > max_num:
        pts = pts[np.linspace(0, len(pts) - 1, max_num).round().astype(int)]
    if len(pts) < need:
        raise ctx.error(9053, f"a contour has {len(pts)} usable points, the fit needs {need}")
    return pts


def fit_line(pts: np.ndarray, algo: str, iterations: int, factor: float):
    """(center, unit direction) of the fitted line."""
    w = np.ones(len(pts))
    center = pts.mean(axis=0)
    direction = normal = np.array([1.0, 0.0])
    previous = None
    for k in range(1 if algo == "regression" else iterations + 1):
        if k > 0:
            w = _weights((pts - center) @ normal, algo, factor)
            if w.sum() <= 0:
                break
            if previous is not None and np.array_equal(w, previous):
                break  # a fixed point: every further iteration gives the same line
            previous = w
        center = (pts * w[:, None]).sum(axis=0) / w.sum()
        q = (pts - center) * np.sqrt(w)[:, None]
        _, vecs = np.linalg.eigh(q.T @ q)
        direction, normal = vecs[:, 1], vecs[:, 0]
    return center, direction


@operator(
    "fit_line_contour_xld",
    IconicIn("Contours"),
    ControlIn("Algorithm", types="string", count=1, default="tukey", values=_LINE),
    ControlIn("MaxNumPoints", types="integer", count=1, default=-1),
    ControlIn("ClippingEndPoints", types="integer", count=1, default=0),
    ControlIn("Iterations", types="integer", count=1, default=5),
    ControlIn("ClippingFactor", types="number", count=1, default=2.0),
    *(
        ControlOut(n, types="real")
        for n in ("RowBegin", "ColBegin", "RowEnd", "ColEnd", "Nr", "Nc", "Dist")
    ),
)
def fit_line_contour_xld(
    ctx: CallContext, objs: ObjectTuple, algo, max_num, clip, iters, factor
) -> tuple:
    """Fit a line to each contour; Begin/End are the projections of the first and last
    point used, (Nr, Nc) the unit normal and Dist the line's distance term."""
    out: list[list[float]] = [[] for _ in range(7)]
    for c in contours(ctx, objs):
        pts = _points(c, max_num[0], clip[0], 2, ctx)
        center, u = fit_line(pts, algo[0], max(iters[0], 0), float(factor[0]))
        if (pts[-1] - pts[0]) @ u < 0:
            u = -u
        ends = [center + ((p - center) @ u) * u for p in (pts[0], pts[-1])]
        nr, nc = u[1], -u[0]  # direction (dr, dc) turned clockwise on screen
        vals = (*ends[0], *ends[1], nr, nc, nr * center[0] + nc * center[1])
        for i, v in enumerate(vals):
            out[i].append(float(v))
    return tuple(tuple(v) for v in out)


def _circle_algebraic(pts: np.ndarray, w: np.ndarray) -> tuple[float, float, float]:
    r, c = pts[:, 0], pts[:, 1]
    a = np.stack([r, c, np.ones_like(r)], axis=1) * np.sqrt(w)[:, None]
    b = -(r * r + c * c) * np.sqrt(w)
    (d, e, f), *_ = np.linalg.lstsq(a, b, rcond=None)
    rc, cc = -d / 2, -e / 2
    return float(rc), float(cc), float(math.sqrt(max(rc * rc + cc * cc - f, 0.0)))


def fit_circle(pts: np.ndarray, algo: str, iterations: int, factor: float):
    """(row, column, radius) of the fitted circle."""
    w = np.ones(len(pts))
    rc, cc, rad = _circle_algebraic(pts, w)
    robust = algo not in ("algebraic", "geometric")
    if algo.startswith("a"):
        for _ in range(iterations if robust else 0):
            d = np.hypot(pts[:, 0] - rc, pts[:, 1] - cc) - rad
            w = _weights(d, algo, factor)
            rc, cc, rad = _circle_algebraic(pts, w)
        return rc, cc, rad
    from scipy.optimize import least_squares

    for k in range(iterations + 1 if robust else 1):
        if k > 0:
            w = _weights(np.hypot(pts[:, 0] - rc, pts[:, 1] - cc) - rad, algo, factor)
        sw = np.sqrt(w)

        def resid(p: np.ndarray, sw: np.ndarray = sw) -> np.ndarray:
            return (np.hypot(pts[:, 0] - p[0], pts[:, 1] - p[1]) - p[2]) * sw

        rc, cc, rad = least_squares(resid, [rc, cc, rad], method="lm" if len(pts) > 3 else "trf").x
    return float(rc), float(cc), float(abs(rad))


def _arc(pts: np.ndarray, rc: float, cc: float, closed: bool) -> tuple[float, float, str]:
    ang = np.arctan2(-(pts[:, 0] - rc), pts[:, 1] - cc)
    turn = float(np.sum(np.angle(np.exp(1j * np.diff(ang))))) if len(ang) > 1 else 0.0
    order = "positive" if turn >= 0 else "negative"
    if closed:
        return 0.0, 2 * math.pi, order
    start, end = float(ang[0]) % (2 * math.pi), float(ang[-1]) % (2 * math.pi)
    return start, end, order


@operator(
    "fit_circle_contour_xld",
    IconicIn("Contours"),
    ControlIn("Algorithm", types="string", count=1, default="algebraic", values=_CIRCLE),
    ControlIn("MaxNumPoints", types="integer", count=1, default=-1),
    ControlIn("MaxClosureDist", types="number", count=1, default=0.0),
    ControlIn("ClippingEndPoints", types="integer", count=1, default=0),
    ControlIn("Iterations", types="integer", count=1, default=3),
    ControlIn("ClippingFactor", types="number", count=1, default=2.0),
    ControlOut("Row", types="real"),
    ControlOut("Column", types="real"),
    ControlOut("Radius", types="real"),
    ControlOut("StartPhi", types="real"),
    ControlOut("EndPhi", types="real"),
    ControlOut("PointOrder", types="string"),
)
def fit_circle_contour_xld(
    ctx: CallContext, objs: ObjectTuple, algo, max_num, closure, clip, iters, factor
) -> tuple:
    """Fit a circle to each contour; a contour whose ends are at most MaxClosureDist apart
    counts as closed (StartPhi 0, EndPhi 2 pi), otherwise the angles of its first and last
    point are returned."""
    out: list[list] = [[] for _ in range(6)]
    for c in contours(ctx, objs):
        closed = c.closed or (
            len(c) > 1 and math.hypot(c.rows[-1] - c.rows[0], c.cols[-1] - c.cols[0]) <= closure[0]
        )
        pts = _points(c, max_num[0], 0 if closed else clip[0], 3, ctx)
        rc, cc, rad = fit_circle(pts, algo[0], max(iters[0], 0), float(factor[0]))
        vals = (rc, cc, rad, *_arc(pts, rc, cc, closed))
        for i, v in enumerate(vals):
            out[i].append(v)
    return tuple(tuple(v) for v in out)


def _conic(pts: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Fitzgibbon's ellipse-specific conic (a, b, c, d, e, f) for x = col, y = -row."""
    x, y = pts[:, 1], -pts[:, 0]
    sw = np.sqrt(w)[:, None]
    d1 = np.stack([x * x, x * y, y * y], axis=1) * sw
    d2 = np.stack([x, y, np.ones_like(x)], axis=1) * sw
    s1, s2, s3 = d1.T @ d1, d1.T @ d2, d2.T @ d2
    t = -np.linalg.solve(s3, s2.T)
    m = s1 + s2 @ t
    m = np.stack([m[2] / 2, -m[1], m[0] / 2])
    _vals, vecs = np.linalg.eig(m)
    vecs = np.real(vecs)
    cond = 4 * vecs[0] * vecs[2] - vecs[1] ** 2
    a1 = vecs[:, int(np.argmax(cond))]
    return np.concatenate([a1, t @ a1])


def _sampson(p: np.ndarray, pts: np.ndarray) -> np.ndarray:
    x, y = pts[:, 1], -pts[:, 0]
    a, b, c, d, e, f = p
    q = a * x * x + b * x * y + c * y * y + d * x + e * y + f
    gx, gy = 2 * a * x + b * y + d, b * x + 2 * c * y + e
    return q / np.maximum(np.hypot(gx, gy), 1e-12)


def conic_to_ellipse(p: np.ndarray) -> tuple[float, float, float, float, float] | None:
    """Row, Column, Phi, Radius1, Radius2 of a conic in (x = col, y = -row), or None."""
    a, b, c, d, e, f = p
    det = 4 * a * c - b * b
    if det <= 0:
        return None
    x0 = (b * e - 2 * c * d) / det
    y0 = (b * d - 2 * a * e) / det
    f0 = f + (d * x0 + e * y0) / 2
    vals, vecs = np.linalg.eigh(np.array([[a, b / 2], [b / 2, c]]))
    radii = -f0 / vals
    if (radii <= 0).any():
        return None
    r = np.sqrt(radii)
    major = int(np.argmax(r))
    vx, vy = vecs[:, major]
    phi = math.atan2(vy, vx)
    if phi <= -math.pi / 2:
        phi += math.pi
    elif phi > math.pi / 2:
        phi -= math.pi
    return float(-y0), float(x0), phi, float(r.max()), float(r.min())


def fit_ellipse(pts: np.ndarray, algo: str, iterations: int, factor: float):
    """Row, Column, Phi, Radius1, Radius2 of the fitted ellipse, or None."""
    mean = pts.mean(axis=0)
    scale = float(np.sqrt(((pts - mean) ** 2).sum(axis=1).mean())) or 1.0
    q = (pts - mean) / scale
    w = np.ones(len(q))
    p = _conic(q, w)
    robust = algo not in ("fitzgibbon", "geometric")
    if algo.startswith("f"):
        for _ in range(iterations if robust else 0):
            w = _weights(_sampson(p, q), algo, factor)
            p = _conic(q, w)
    else:
        from scipy.optimize import least_squares

        for k in range(iterations + 1 if robust else 1):
            if k > 0:
                w = _weights(_sampson(p, q), algo, factor)
            sw = np.sqrt(w)

            def resid(v: np.ndarray, sw: np.ndarray = sw) -> np.ndarray:
                return np.append(_sampson(v, q) * sw, np.linalg.norm(v) - 1.0)

            p = least_squares(resid, p / np.linalg.norm(p)).x
    found = conic_to_ellipse(p)
    if found is None:
        return None
    r, c, phi, r1, r2 = found
    return (
        float(r * scale + mean[0]),
        float(c * scale + mean[1]),
        phi,
        r1 * scale,
        r2 * scale,
    )


@operator(
    "fit_ellipse_contour_xld",
    IconicIn("Contours"),
    ControlIn("Algorithm", types="string", count=1, default="fitzgibbon", values=_ELLIPSE),
    ControlIn("MaxNumPoints", types="integer", count=1, default=-1),
    ControlIn("MaxClosureDist", types="number", count=1, default=0.0),
    ControlIn("ClippingEndPoints", types="integer", count=1, default=0),
    ControlIn("VossTabSize", types="integer", count=1, default=200),
    ControlIn("Iterations", types="integer", count=1, default=3),
    ControlIn("ClippingFactor", types="number", count=1, default=2.0),
    *(
        ControlOut(n, types="real")
        for n in ("Row", "Column", "Phi", "Radius1", "Radius2", "StartPhi", "EndPhi")
    ),
    ControlOut("PointOrder", types="string"),
)
def fit_ellipse_contour_xld(
    ctx: CallContext, objs: ObjectTuple, algo, max_num, closure, clip, voss, iters, factor
) -> tuple:
    """Fit an ellipse to each contour (Radius1 >= Radius2, Phi in (-pi/2, pi/2]);
    StartPhi/EndPhi are the ellipse parameters of the first and last point, 0 and 2 pi for
    a closed contour."""
    out: list[list] = [[] for _ in range(8)]
    for c in contours(ctx, objs):
        closed = c.closed or (
            len(c) > 1 and math.hypot(c.rows[-1] - c.rows[0], c.cols[-1] - c.cols[0]) <= closure[0]
        )
        pts = _points(c, max_num[0], 0 if closed else clip[0], 5, ctx)
        found = fit_ellipse(pts, algo[0], max(iters[0], 0), float(factor[0]))
        if found is None:
            raise ctx.error(9053, "the points do not determine an ellipse")
        r, cc, phi, r1, r2 = found
        # ellipse parameter t of each point, measured from the Radius1 axis
        dx, dy = pts[:, 1] - cc, -(pts[:, 0] - r)
        u = dx * math.cos(phi) + dy * math.sin(phi)
        v = -dx * math.sin(phi) + dy * math.cos(phi)
        t_pts = np.stack([-(v / max(r2, 1e-12)), u / max(r1, 1e-12)], axis=1)
        start, end, order = _arc(t_pts, 0.0, 0.0, closed)
        for i, val in enumerate((r, cc, phi, r1, r2, start, end, order)):
            out[i].append(val)
    return tuple(tuple(v) for v in out)
