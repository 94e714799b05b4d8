"""Regression lines of XLD contours, joining collinear contours, closing, cropping and local
contour directions.

Signatures follow HALCON's reference pages (regress_contours_xld, get_regress_params_xld,
union_collinear_contours_xld, close_contours_xld, get_contour_angle_xld, crop_contours_xld).
Settled here [unverified against HALCON output]:

* regress_contours_xld keeps the points and stores the total-least-squares line as the global
  attributes 'regr_norm_row', 'regr_norm_col' (unit normal), 'regr_dist' (the line is
  norm_row * row + norm_col * col = dist, dist >= 0), 'regr_mean_dist' and 'regr_dev_dist'
  (mean and standard deviation of the points' distances). Outlier modes, each pass refitting:
  'drop' leaves out points farther than twice the mean distance, 'gauss' weights points by
  exp(-d^2 / (2 sigma^2)) with sigma the deviation of the distances, 'median' leaves out points
  farther than twice the median distance; 'no' fits once. get_regress_params_xld returns the
  number of points, the normal, dist, the projections of the first and last points, mean and
  deviation (fitting contours that have no stored line).
* union_collinear_contours_xld joins an end point P of one open contour to an end point Q of
  another when the regression lines differ by at most MaxAngle, |PQ| <= MaxDistAbs and
  |PQ| <= MaxDistRel * the length of the longer (joined) contour, Q lies beyond P along the
  first line and P beyond Q along the second (0.5 px slack), and each end point lies within
  MaxShift of the other contour's line. Joins go closest first, chains are built as
  union_adjacent_contours_xld builds them (same order and attribute rules).
* get_contour_angle_xld: 'range' is the direction of the chord from point i - Lookaround to
  i + Lookaround (clipped at the ends of open contours, wrapping on closed ones), 'mean' the
  circular mean of the sides in that window, 'regress' the regression line's direction,
  oriented along the contour. Angles are atan2(-dRow, dCol) (G8); 'rel' gives the change of
  direction from the previous point (0 at the first point), wrapped to (-pi, pi].
* crop_contours_xld keeps the parts inside the rectangle (as clip_contours_xld);
  CloseContours = 'true' clips closed contours as polygons, so they stay closed, running along
  the rectangle's border where they were cut.
"""

from __future__ import annotations

import math

import numpy as np
from hdlite_display.xld import clip_polyline
from hdlite_image.xld_objects import Contour

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicObject,
    IconicOut,
    ObjectTuple,
    operator,
)

from ._xld_common import contours
from .xld_order import _Chains, _length, joined_chains

_MODES = ("no", "drop", "gauss", "median")
_REGR = ("regr_norm_row", "regr_norm_col", "regr_dist", "regr_mean_dist", "regr_dev_dist")


def _tls(rows: np.ndarray, cols: np.ndarray, w: np.ndarray) -> tuple[float, float, float]:
    """Unit normal (nr, nc) and dist of the weighted total-least-squares line."""
    sw = float(w.sum())
    mr, mc = float((w * rows).sum() / sw), float((w * cols).sum() / sw)
    dr, dc = rows - mr, cols - mc
    srr, scc, src = (w * dr * dr).sum(), (w * dc * dc).sum(), (w * dr * dc).sum()
    theta = 0.5 * math.atan2(2 * src, srr - scc)  # direction of the line
    nr, nc = -math.sin(theta), math.cos(theta)
    dist = nr * mr + nc * mc
    if dist < 0:
        nr, nc, dist = -nr, -nc, -dist
    return nr, nc, dist


def regression(c: Contour, mode: str, iterations: int) -> tuple[float, ...]:
    """(nr, nc, dist, mean distance, deviation) of a contour's regression line."""
    rows, cols = c.rows, c.cols
    if len(rows) == 0:
        return (0.0, 0.0, 0.0, 0.0, 0.0)
    w = np.ones(len(rows))
    nr, nc, dist = _tls(rows, cols, w)
    for _ in range(iterations if mode != "no" else 0):
        d = np.abs(nr * rows + nc * cols - dist)
        if mode == "drop":
            new_w = (d <= 2 * d.mean()).astype(np.float64)
        elif mode == "median":
            new_w = (d <= 2 * np.median(d)).astype(np.float64)
        else:
            sigma = d.std()
            new_w = np.exp(-(d**2) / (2 * sigma**2)) if sigma > 0 else np.ones(len(d))
        if new_w.sum() < 2:
            break
        w = new_w
        nr, nc, dist = _tls(rows, cols, w)
    d = np.abs(nr * rows + nc * cols - dist)
    return nr, nc, dist, float(d.mean()), float(d.std())


@operator(
    "regress_contours_xld",
    IconicIn("Contours"),
    IconicOut("RegressContours"),
    ControlIn("Mode", types="string", count=1, default="no", values=_MODES),
    ControlIn("Iterations", types="integer", count=1, default=1),
)
def regress_contours_xld(ctx: CallContext, objs: ObjectTuple, mode: tuple, its: tuple) -> tuple:
    """Fit a regression line to each contour (outliers treated by Mode, Iterations passes)
    and store it in the global attributes 'regr_norm_row', 'regr_norm_col', 'regr_dist',
    'regr_mean_dist' and 'regr_dev_dist'; the points stay."""
    n = int(its[0])
    if not 0 <= n <= 1000:
        raise ctx.param_error("value", "Iterations", f"{its[0]!r} must lie in 0..1000")
    out = []
    for c in contours(ctx, objs):
        attrs = dict(c.global_attribs)
        attrs.update(zip(_REGR, regression(c, mode[0], n), strict=True))
        out.append(Contour(c.rows, c.cols, dict(c.attribs), attrs))
    return (ObjectTuple(out),)


def stored_line(c: Contour) -> tuple[float, ...]:
    """The regression line stored by regress_contours_xld, or a plain fit."""
    if all(k in c.global_attribs for k in _REGR):
        return tuple(c.global_attribs[k] for k in _REGR)
    return regression(c, "no", 0)


@operator(
    "get_regress_params_xld",
    IconicIn("Contours"),
    ControlOut("Length", types="integer"),
    *(ControlOut(n, types="real") for n in ("Nx", "Ny", "Dist", "Fpx", "Fpy", "Lpx", "Lpy")),
    *(ControlOut(n, types="real") for n in ("Mean", "Deviation")),
)
def get_regress_params_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Per contour: number of points, the regression line's normal (Nx, Ny) and distance,
    the projections of the first and last points onto it, mean and deviation of the
    distances."""
    cols_out: list[list] = [[] for _ in range(10)]
    for c in contours(ctx, objs):
        nr, nc, dist, mean, dev = stored_line(c)
        values: list = [len(c), nr, nc, dist]
        for k in (0, -1):
            if len(c):
                off = nr * c.rows[k] + nc * c.cols[k] - dist
                values += [float(c.rows[k] - off * nr), float(c.cols[k] - off * nc)]
            else:
                values += [0.0, 0.0]
        values += [mean, dev]
        for col, v in zip(cols_out, values, strict=True):
            col.append(v)
    return tuple(tuple(col) for col in cols_out)


def _axis(c: Contour) -> np.ndarray:
    """The unit direction of the regression line, oriented from the first to the last point."""
    nr, nc = stored_line(c)[:2]
    u = np.array([-nc, nr])
    if float((c.points()[-1] - c.points()[0]) @ u) < 0:
        u = -u
    return u


def _collinear_links(items: list[Contour], opts: tuple[float, ...]):
    d_abs, d_rel, shift, angle = opts
    open_idx = [k for k, c in enumerate(items) if len(c) >= 2 and not c.closed]
    axes = {k: _axis(items[k]) for k in open_idx}
    lines = {k: stored_line(items[k]) for k in open_idx}
    pairs = []
    for x, i in enumerate(open_idx):
        for j in open_idx[x + 1 :]:
            cos = abs(float(axes[i] @ axes[j]))
            if math.acos(min(1.0, cos)) > angle:
                continue
            for si in (0, 1):
                for sj in (0, 1):
                    p = items[i].points()[-si]
                    q = items[j].points()[-sj]
                    d = float(np.hypot(*(q - p)))
                    if d > d_abs:
                        continue
                    out_i = axes[i] if si else -axes[i]
                    out_j = axes[j] if sj else -axes[j]
                    if float((q - p) @ out_i) < -0.5 or float((p - q) @ out_j) < -0.5:
                        continue
                    off_q = abs(lines[i][0] * q[0] + lines[i][1] * q[1] - lines[i][2])
                    off_p = abs(lines[j][0] * p[0] + lines[j][1] * p[1] - lines[j][2])
                    if max(off_p, off_q) <= shift:
                        pairs.append((d, (i, si), (j, sj)))
    pairs.sort()
    chains = _Chains([_length(c) for c in items])
    partner: dict[tuple[int, int], tuple[int, int]] = {}
    for d, ea, eb in pairs:
        if ea in partner or eb in partner:
            continue
        ra, rb = chains.find(ea[0]), chains.find(eb[0])
        if ra == rb or d > d_rel * max(chains.length[ra], chains.length[rb]):
            continue
        partner[ea], partner[eb] = eb, ea
        chains.join(ea[0], eb[0], d)
    return partner


@operator(
    "union_collinear_contours_xld",
    IconicIn("Contours"),
    IconicOut("UnionContours"),
    ControlIn("MaxDistAbs", types="number", count=1, default=10.0),
    ControlIn("MaxDistRel", types="number", count=1, default=1.0),
    ControlIn("MaxShift", types="number", count=1, default=2.0),
    ControlIn("MaxAngle", types="number", count=1, default=0.1),
    ControlIn(
        "Mode", types="string", count=1, default="attr_keep", values=("attr_keep", "attr_forget")
    ),
)
def union_collinear_contours_xld(
    ctx: CallContext,
    objs: ObjectTuple,
    dist_abs: tuple,
    dist_rel: tuple,
    shift: tuple,
    angle: tuple,
    mode: tuple,
) -> tuple:
    """Join contours that lie approximately on one line: end gap at most MaxDistAbs and
    MaxDistRel times the longer length, lateral shift at most MaxShift, directions within
    MaxAngle (regression lines of regress_contours_xld where stored)."""
    names = ("MaxDistAbs", "MaxDistRel", "MaxShift", "MaxAngle")
    opts = []
    for value, name in zip((dist_abs, dist_rel, shift, angle), names, strict=True):
        v = float(value[0])
        if not v >= 0:
            raise ctx.param_error("value", name, f"{value[0]!r} must not be negative")
        opts.append(v)
    items = contours(ctx, objs)
    partner = _collinear_links(items, tuple(opts))
    return (ObjectTuple(joined_chains(items, partner, mode[0] == "attr_keep")),)


@operator("close_contours_xld", IconicIn("Contours"), IconicOut("ClosedContours"))
def close_contours_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Close contours: an open contour gets its first point appended (with the first point's
    attribute values); closed contours and contours of fewer than 2 points stay."""
    out = []
    for c in contours(ctx, objs):
        if c.closed or len(c) < 2:
            out.append(c)
            continue
        idx = np.append(np.arange(len(c)), 0)
        out.append(
            Contour(
                c.rows[idx],
                c.cols[idx],
                {k: v[idx] for k, v in c.attribs.items()},
                c.global_attribs,
            )
        )
    return (ObjectTuple(out),)


def _angles(c: Contour, calc: str, look: int) -> np.ndarray:
    closed = c.closed
    pts = c.points()[:-1] if closed else c.points()
    n = len(pts)
    k = np.arange(n)
    if closed:
        lo, hi = (k - look) % n, (k + look) % n
    else:
        lo, hi = np.clip(k - look, 0, n - 1), np.clip(k + look, 0, n - 1)
    if calc == "range":
        d = pts[hi] - pts[lo]
        out = np.arctan2(-d[:, 0], d[:, 1])
    else:
        out = np.empty(n)
        for i in range(n):
            idx = np.arange(i - look, i + look + 1)
            idx = idx % n if closed else idx[(idx >= 0) & (idx < n)]
            win = pts[idx]
            if calc == "mean":
                d = np.diff(win, axis=0)
                a = np.arctan2(-d[:, 0], d[:, 1])
                out[i] = math.atan2(float(np.sin(a).sum()), float(np.cos(a).sum()))
            else:
                nr, nc, _ = _tls(win[:, 0], win[:, 1], np.ones(len(win)))
                u = np.array([-nc, nr])
                if float((win[-1] - win[0]) @ u) < 0:
                    u = -u
                out[i] = math.atan2(-u[0], u[1])
    if closed:
        out = np.append(out, out[0])
    return out


@operator(
    "get_contour_angle_xld",
    IconicIn("Contour"),
    ControlIn("AngleMode", types="string", count=1, default="abs", values=("abs", "rel")),
    ControlIn(
        "CalcMode", types="string", count=1, default="range", values=("range", "mean", "regress")
    ),
    ControlIn("Lookaround", types="integer", count=1, default=3),
    ControlOut("Angles", types="real"),
)
def get_contour_angle_xld(
    ctx: CallContext, objs: ObjectTuple, angle_mode: tuple, calc: tuple, look: tuple
) -> tuple:
    """The direction of one contour at each point, from the Lookaround points on each side
    ('abs'), or its change from the previous point ('rel')."""
    found = contours(ctx, objs, "Contour")
    if len(found) != 1:
        raise ctx.error(1501, f"Contour: expects one contour, got {len(found)} objects")
    n = int(look[0])
    if not 1 <= n <= 100_000:
        raise ctx.param_error("value", "Lookaround", f"{look[0]!r} must lie in 1..100000")
    c = found[0]
    if len(c) < 2:
        return (tuple(0.0 for _ in range(len(c))),)
    a = _angles(c, calc[0], n)
    if angle_mode[0] == "rel":
        a = np.angle(np.exp(1j * np.diff(a, prepend=a[0])))
    return (tuple(float(v) for v in a),)


def _clip_polygon(pts: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Sutherland-Hodgman: the closed polygon ``pts`` (no repeated point) inside ``box``."""
    r1, c1, r2, c2 = box
    tests = (
        (lambda p: p[0] >= r1, 0, r1),
        (lambda p: p[0] <= r2, 0, r2),
        (lambda p: p[1] >= c1, 1, c1),
        (lambda p: p[1] <= c2, 1, c2),
    )
    poly = [np.asarray(p, dtype=np.float64) for p in pts]
    for inside, axis, value in tests:
        if not poly:
            break
        out = []
        for i, cur in enumerate(poly):
            prev = poly[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(_cross(prev, cur, axis, value))
                out.append(cur)
            elif inside(prev):
                out.append(_cross(prev, cur, axis, value))
        poly = out
    return np.array(poly, dtype=np.float64).reshape(-1, 2)


def _cross(a: np.ndarray, b: np.ndarray, axis: int, value: float) -> np.ndarray:
    t = (value - a[axis]) / (b[axis] - a[axis])
    return a + t * (b - a)


@operator(
    "crop_contours_xld",
    IconicIn("Contours"),
    IconicOut("CroppedContours"),
    ControlIn("Row1", types="number", count=1, default=0.0),
    ControlIn("Col1", types="number", count=1, default=0.0),
    ControlIn("Row2", types="number", count=1, default=512.0),
    ControlIn("Col2", types="number", count=1, default=512.0),
    ControlIn("CloseContours", types="string", count=1, default="false", values=("true", "false")),
)
def crop_contours_xld(
    ctx: CallContext,
    objs: ObjectTuple,
    row1: tuple,
    col1: tuple,
    row2: tuple,
    col2: tuple,
    close: tuple,
) -> tuple:
    """Crop contours to the rectangle (Row1, Col1)-(Row2, Col2); with CloseContours 'true'
    closed contours stay closed along the rectangle's border."""
    box = (float(row1[0]), float(col1[0]), float(row2[0]), float(col2[0]))
    if not all(math.isfinite(v) for v in box):
        raise ctx.param_error("value", "Row1", "the rectangle needs finite coordinates")
    out: list[IconicObject] = []
    for c in contours(ctx, objs):
        if close[0] == "true" and c.closed:
            poly = _clip_polygon(c.points()[:-1], box)
            if len(poly) >= 3:
                poly = np.vstack([poly, poly[:1]])
                out.append(Contour(poly[:, 0], poly[:, 1]))
            continue
        out.extend(clip_polyline(c, box))
    return (ObjectTuple(out),)
