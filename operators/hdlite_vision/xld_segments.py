"""Smoothing XLD contours and splitting them into lines, arcs and attribute-selected parts.

smooth_contours_xld projects every point onto the regression line (total least squares)
through the NumRegrPoints points centred on it [doc: smooth_contours_xld; the restriction
"odd, >= 3" shows the window is centred, although one English page says "on each side"].
Near the ends of an open contour the window shrinks symmetrically, so end points stay put;
closed contours wrap around [unverified]. The point count and all attributes are kept.

segment_contours_xld follows HALCON's description [doc: segment_contours_xld, HALCON 21.11
reference as mirrored on visionbbs.com]: Ramer's polygon approximation with MaxLineDist1;
then neighbouring pieces are replaced by one circular (or elliptic) arc while the arc's
largest distance to the contour is smaller than the largest distance of the polygon sides it
replaces (best pair first, repeated until nothing changes); then the pieces that are still
lines are approximated again with MaxLineDist2 and merged into arcs where possible. Arcs are
algebraic circle fits (Kasa) or Fitzgibbon ellipse fits; an ellipse's distance is measured to
a 360-point polygon of it. Each output contour is one piece of the (smoothed) input, sharing
its end points with its neighbours, with the global attribute 'cont_approx': -1 line,
0 elliptic arc, 1 circular arc [doc: get_contour_global_attrib_xld]. Pieces are not joined
across the start point of a closed contour [unverified].

segment_contour_attrib_xld returns the maximal runs of consecutive points whose attributes
lie in [Min, Max] (all attributes for 'and', one for 'or'). A run of one point is a contour
of one point; on a closed contour a run through the start point is one part [unverified].
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hdlite_image.xld_objects import Contour

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._xld_common import contours
from ._xld_geometry import chord_distances, ramer, segment_distances, smooth_polyline
from .xld_fitting import fit_circle, fit_ellipse

_LINE, _ELLIPSE, _CIRCLE = -1.0, 0.0, 1.0


def _window(ctx: CallContext, value: object, name: str, allow_zero: bool) -> int:
    n = int(value)  # type: ignore[call-overload]
    if allow_zero and n == 0:
        return 0
    if n < 3 or n % 2 == 0:
        raise ctx.param_error("value", name, f"{value!r} must be odd and at least 3")
    return n


def smoothed(c: Contour, num: int) -> Contour:
    """``c`` smoothed with a regression window of ``num`` points (fewer than 3: unchanged)."""
    if len(c) < 3 or num < 3:
        return c
    rows, cols = smooth_polyline(c.rows, c.cols, num, c.closed)
    return Contour(rows, cols, dict(c.attribs), c.global_attribs)


@operator(
    "smooth_contours_xld",
    IconicIn("Contours"),
    IconicOut("SmoothedContours"),
    ControlIn("NumRegrPoints", types="integer", count=1, default=5),
)
def smooth_contours_xld(ctx: CallContext, objs: ObjectTuple, num: tuple) -> tuple:
    """Smooth contours: each point is projected onto the regression line through the
    NumRegrPoints (odd, >= 3) neighbouring points centred on it."""
    n = _window(ctx, num[0], "NumRegrPoints", allow_zero=False)
    return (ObjectTuple([smoothed(c, n) for c in contours(ctx, objs)]),)


def _arc_error(pts: np.ndarray, kind: float) -> float | None:
    """Largest distance of ``pts`` to the arc fitted to them (None: no arc fits)."""
    if kind == _CIRCLE:
        if len(pts) < 3:
            return None
        rc, cc, rad = fit_circle(pts, "algebraic", 0, 2.0)
        if not math.isfinite(rad) or rad <= 0:
            return None
        return float(np.abs(np.hypot(pts[:, 0] - rc, pts[:, 1] - cc) - rad).max())
    if len(pts) < 6:
        return None
    try:
        found = fit_ellipse(pts, "fitzgibbon", 0, 2.0)
    except (np.linalg.LinAlgError, ValueError):
        return None
    if found is None:
        return None
    r, c, phi, r1, r2 = found
    t = np.linspace(0.0, 2 * math.pi, 361)
    x, y = r1 * np.cos(t), r2 * np.sin(t)
    er = r - (x * math.sin(phi) + y * math.cos(phi))
    ec = c + (x * math.cos(phi) - y * math.sin(phi))
    poly = np.stack([er, ec], axis=1)
    return float(segment_distances(pts, poly[:-1], poly[1:]).max())


class _Piece:
    __slots__ = ("end", "err", "kind", "start")

    def __init__(self, start: int, end: int, kind: float, err: float) -> None:
        self.start, self.end, self.kind, self.err = start, end, kind, err


def _lines(pts: np.ndarray, start: int, end: int, tol: float) -> list[_Piece]:
    sub = pts[start : end + 1]
    verts = [start + v for v in ramer(sub, tol)]
    out = []
    for a, b in itertools.pairwise(verts):
        out.append(_Piece(a, b, _LINE, float(chord_distances(pts, a, b).max())))
    return out


def _merge_arcs(pts: np.ndarray, pieces: list[_Piece], kind: float) -> list[_Piece]:
    cache: dict[tuple[int, int], float | None] = {}
    while len(pieces) > 1:
        best: tuple[float, int] | None = None
        for k in range(len(pieces) - 1):
            a, b = pieces[k], pieces[k + 1]
            key = (a.start, b.end)
            if key not in cache:
                cache[key] = _arc_error(pts[a.start : b.end + 1], kind)
            err = cache[key]
            if err is not None and err < max(a.err, b.err) and (best is None or err < best[0]):
                best = (err, k)
        if best is None:
            break
        k = best[1]
        a, b = pieces[k], pieces[k + 1]
        # the merged arc keeps the larger polygon error of the sides it replaces
        pieces[k : k + 2] = [_Piece(a.start, b.end, kind, max(a.err, b.err))]
    return pieces


def _segment(pts: np.ndarray, mode: str, tol1: float, tol2: float) -> list[_Piece]:
    pieces = _lines(pts, 0, len(pts) - 1, tol1)
    if mode == "lines":
        return pieces
    kind = _CIRCLE if mode == "lines_circles" else _ELLIPSE
    pieces = _merge_arcs(pts, pieces, kind)
    refined: list[_Piece] = []
    for p in pieces:
        refined.extend(_lines(pts, p.start, p.end, tol2) if p.kind == _LINE else [p])
    return _merge_arcs(pts, refined, kind)


@operator(
    "segment_contours_xld",
    IconicIn("Contours"),
    IconicOut("ContoursSplit"),
    ControlIn(
        "Mode",
        types="string",
        count=1,
        default="lines_circles",
        values=("lines", "lines_circles", "lines_ellipses"),
    ),
    ControlIn("SmoothCont", types="integer", count=1, default=5),
    ControlIn("MaxLineDist1", types="number", count=1, default=4.0),
    ControlIn("MaxLineDist2", types="number", count=1, default=2.0),
)
def segment_contours_xld(
    ctx: CallContext, objs: ObjectTuple, mode: tuple, smooth: tuple, d1: tuple, d2: tuple
) -> tuple:
    """Split contours into line segments and circular or elliptic arcs; each part has the
    global attribute 'cont_approx' (-1 line, 0 elliptic arc, 1 circular arc)."""
    num = _window(ctx, smooth[0], "SmoothCont", allow_zero=True)
    tol1, tol2 = float(d1[0]), float(d2[0])
    if not tol1 >= 0:
        raise ctx.param_error("value", "MaxLineDist1", f"{d1[0]!r} must not be negative")
    if not tol2 >= 0:
        raise ctx.param_error("value", "MaxLineDist2", f"{d2[0]!r} must not be negative")
    out: list[Contour] = []
    for c in contours(ctx, objs):
        c = smoothed(c, num)
        if len(c) < 2:
            out.append(Contour(c.rows, c.cols, dict(c.attribs), _approx(c, _LINE)))
            continue
        for p in _segment(c.points(), mode[0], tol1, tol2):
            keep = slice(p.start, p.end + 1)
            piece = Contour(
                c.rows[keep],
                c.cols[keep],
                {k: v[keep] for k, v in c.attribs.items()},
                _approx(c, p.kind),
            )
            out.append(piece)
    return (ObjectTuple(out),)


def _approx(c: Contour, kind: float) -> dict[str, float]:
    attrs = dict(c.global_attribs)
    attrs["cont_approx"] = kind
    return attrs


def _runs(ok: np.ndarray, closed: bool) -> list[np.ndarray]:
    """Index arrays of the maximal runs of True in ``ok`` (wrapping when ``closed``)."""
    n = len(ok)
    if not ok.any():
        return []
    if ok.all():
        return [np.arange(n)]
    edges = np.diff(np.concatenate([[0], ok.astype(np.int8), [0]]))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    runs = [np.arange(s, e) for s, e in zip(starts, ends, strict=True)]
    if closed and len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == n - 1:
        # the closing point repeats point 0: join the last run with the first one
        last = runs.pop()
        last = last[last < n - 1]
        runs[0] = np.concatenate([last, runs[0]])
    return runs


@operator(
    "segment_contour_attrib_xld",
    IconicIn("Contour"),
    IconicOut("ContourPart"),
    ControlIn("Attribute", types="string", count=(1, None), default="distance"),
    ControlIn("Operation", types="string", count=1, default="and", values=("and", "or")),
    ControlIn("Min", types="number", count=(1, None), default=150.0),
    ControlIn("Max", types="number", count=(1, None), default=99999.0),
)
def segment_contour_attrib_xld(
    ctx: CallContext, objs: ObjectTuple, names: tuple, op: tuple, lo: tuple, hi: tuple
) -> tuple:
    """The parts of contours whose per-point attributes lie in [Min, Max] (one Min and Max
    per attribute; 'and': every attribute, 'or': at least one)."""
    for bound, pname in ((lo, "Min"), (hi, "Max")):
        if len(bound) not in (1, len(names)):
            raise ctx.param_error(
                "count", pname, f"{len(bound)} values for {len(names)} attributes"
            )
    lows = [float(lo[i if len(lo) > 1 else 0]) for i in range(len(names))]
    highs = [float(hi[i if len(hi) > 1 else 0]) for i in range(len(names))]
    out: list[Contour] = []
    for c in contours(ctx, objs, "Contour"):
        tests = []
        for name, a, b in zip(names, lows, highs, strict=True):
            if name not in c.attribs:
                raise ctx.param_error(
                    "value", "Attribute", f"the contour has no attribute {name!r}"
                )
            v = c.attribs[name]
            tests.append((v >= a) & (v <= b))
        if not tests or len(c) == 0:
            continue
        ok = np.logical_and.reduce(tests) if op[0] == "and" else np.logical_or.reduce(tests)
        for idx in _runs(ok, c.closed):
            out.append(
                Contour(
                    c.rows[idx],
                    c.cols[idx],
                    {k: v[idx] for k, v in c.attribs.items()},
                    c.global_attribs,
                )
            )
    return (ObjectTuple(out),)
