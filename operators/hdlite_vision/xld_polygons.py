"""XLD polygons: approximating contours by polygons, reading polygons, splitting contours at
their vertices and turning polygons into contours and regions.

Settled here [signatures: HALCON reference, gen_polygons_xld, get_polygon_xld, get_lines_xld,
split_contours_xld, gen_contours_polygon_xld, gen_region_polygon_xld pages; the rest
unverified against HALCON output]:

* gen_polygons_xld with Type 'ramer' (the only type) is Ramer's recursive approximation: every
  contour point lies within Alpha of its polygon side. An open contour keeps both end points.
  A closed contour is cut at the point farthest from its start; its start point stays a
  vertex only where it is a corner (farther than Alpha from the line through its neighbours),
  so a sampled rectangle gives exactly its 4 corners; the polygon repeats its first vertex.
  Each polygon remembers the contour and the contour point of each vertex.
* get_polygon_xld returns one Length and Phi per vertex: the length and direction of the side
  from that vertex to the next; the last vertex gets 0 and 0. get_lines_xld returns one line
  per side. Phi = atan2(-dRow, dCol) (G8), in (-pi, pi].
* split_contours_xld 'polygon' cuts the contour at the contour points of the vertices (the
  pieces share their end points and keep the per-point attributes); 'dominant' moves each
  inner cut to the point of largest turning angle (over +-Smooth points) within half the
  distance to the neighbouring vertices, the angle divided by 1 + Weight * |shift| / Smooth
  (hdlite's definition: the reference describes dominant points only loosely). A polygon
  without a contour (made from vertices only) splits into its sides.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hdlite_image.xld_objects import Contour, Polygon

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

from . import xld as _xld
from ._xld_common import contours
from ._xld_geometry import ramer


def polygons(ctx: CallContext, objects: ObjectTuple, what: str = "Polygons") -> list[Polygon]:
    """The objects as XLD polygons; anything else is 9054 (object type not supported)."""
    out: list[Polygon] = []
    for obj in objects:
        if not isinstance(obj, Polygon):
            raise ctx.error(9054, f"{what}: expects XLD polygons, got a {obj.kind}")
        out.append(obj)
    return out


def one_polygon(ctx: CallContext, objects: ObjectTuple) -> Polygon:
    """The single polygon of ``objects`` (another count is 1501)."""
    found = polygons(ctx, objects, "Polygon")
    if len(found) != 1:
        raise ctx.error(1501, f"Polygon: expects one polygon, got {len(found)} objects")
    return found[0]


def _line_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    d = b - a
    n = math.hypot(d[0], d[1])
    if n == 0:
        return float(math.hypot(*(p - a)))
    return abs(float(d[0] * (p[1] - a[1]) - d[1] * (p[0] - a[0]))) / n


def approximate(c: Contour, alpha: float) -> Polygon:
    """The Ramer polygon of ``c`` with tolerance ``alpha`` (see the module notes)."""
    n = len(c)
    pts = c.points()
    if n < 3 or not c.closed:
        idx = ramer(pts, alpha) if n else []
        return Polygon(c.rows[idx], c.cols[idx], c, idx)
    # closed: the last point repeats the first one
    far = int(np.argmax(np.hypot(pts[:, 0] - pts[0, 0], pts[:, 1] - pts[0, 1])))
    if far == 0:
        return Polygon(c.rows[[0]], c.cols[[0]], c, [0])
    first = ramer(pts[: far + 1], alpha)
    second = [far + k for k in ramer(pts[far:], alpha)]
    idx = first + second[1:]  # ends with n - 1, the repeated start
    if len(idx) > 4 and _line_distance(pts[0], pts[idx[-2]], pts[idx[1]]) <= alpha:
        idx = [*idx[1:-1], idx[1]]  # the start is no corner: start at the next vertex
    return Polygon(c.rows[idx], c.cols[idx], c, idx)


@operator(
    "gen_polygons_xld",
    IconicIn("Contours"),
    IconicOut("Polygons"),
    ControlIn("Type", types="string", count=1, default="ramer", values=("ramer",)),
    ControlIn("Alpha", types="number", count=1, default=2.0),
)
def gen_polygons_xld(ctx: CallContext, objs: ObjectTuple, kind: tuple, alpha: tuple) -> tuple:
    """Approximate contours by polygons: every contour point lies within Alpha of a side."""
    tol = float(alpha[0])
    if not (tol >= 0 and math.isfinite(tol)):
        raise ctx.param_error("value", "Alpha", f"{alpha[0]!r} must not be negative")
    return (ObjectTuple([approximate(c, tol) for c in contours(ctx, objs)]),)


def sides(rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Length and direction (atan2(-dRow, dCol)) of each side of a polyline."""
    dr, dc = np.diff(rows), np.diff(cols)
    return np.hypot(dr, dc), np.arctan2(0.0 - dr, dc)  # 0.0 - dr: no -0.0, so no -pi


def vertex_table(rows: np.ndarray, cols: np.ndarray) -> tuple[tuple, ...]:
    """Row, Col, Length, Phi of a polyline: one value per vertex, the last one 0, 0."""
    length, phi = sides(rows, cols)
    if len(rows):
        length, phi = np.append(length, 0.0), np.append(phi, 0.0)
    return tuple(tuple(float(v) for v in a) for a in (rows, cols, length, phi))


@operator(
    "get_polygon_xld",
    IconicIn("Polygon"),
    *(ControlOut(n, types="real") for n in ("Row", "Col", "Length", "Phi")),
)
def get_polygon_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """The vertices of one polygon with the length and direction of the side that starts
    at each vertex (0, 0 for the last vertex)."""
    p = one_polygon(ctx, objs)
    return vertex_table(p.rows, p.cols)


@operator(
    "get_lines_xld",
    IconicIn("Polygon"),
    *(
        ControlOut(n, types="real")
        for n in ("BeginRow", "BeginCol", "EndRow", "EndCol", "Length", "Phi")
    ),
)
def get_lines_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """The sides of one polygon as lines: start and end points, length and direction."""
    p = one_polygon(ctx, objs)
    length, phi = sides(p.rows, p.cols)
    values = (p.rows[:-1], p.cols[:-1], p.rows[1:], p.cols[1:], length, phi)
    return tuple(tuple(float(v) for v in a) for a in values)


def _turning(pts: np.ndarray, smooth: int, closed: bool) -> np.ndarray:
    """The turning angle at each point between the directions to the points +-smooth away."""
    n = len(pts)
    k = np.arange(n)
    if closed:
        m = n - 1
        before, after = pts[(k - smooth) % m], pts[(k + smooth) % m]
    else:
        before, after = pts[np.clip(k - smooth, 0, n - 1)], pts[np.clip(k + smooth, 0, n - 1)]
    a1 = np.arctan2(pts[:, 0] - before[:, 0], pts[:, 1] - before[:, 1])
    a2 = np.arctan2(after[:, 0] - pts[:, 0], after[:, 1] - pts[:, 1])
    return np.abs(np.angle(np.exp(1j * (a2 - a1))))


def _dominant(c: Contour, idx: list[int], weight: float, smooth: int) -> list[int]:
    turn = _turning(c.points(), smooth, c.closed)
    out = [idx[0]]
    for i in range(1, len(idx) - 1):
        lo = idx[i] - (idx[i] - idx[i - 1]) // 2
        hi = idx[i] + (idx[i + 1] - idx[i]) // 2
        cand = np.arange(max(lo, out[-1] + 1), max(hi, out[-1] + 1) + 1)
        if len(cand) == 0:
            continue
        score = turn[cand] / (1.0 + weight * np.abs(cand - idx[i]) / smooth)
        out.append(int(cand[int(np.argmax(score))]))
    out.append(idx[-1])
    return out


def _pieces(c: Contour, idx: list[int]) -> list[Contour]:
    """The parts of ``c`` between consecutive cut points (wrapping for closed contours)."""
    n = len(c)
    out = []
    for a, b in itertools.pairwise(idx):
        if b >= a:
            keep: np.ndarray = np.arange(a, b + 1)
        else:  # through the start of a closed contour (its last point repeats the first)
            keep = np.concatenate([np.arange(a, n - 1), np.arange(0, b + 1)])
        out.append(Contour(c.rows[keep], c.cols[keep], {k: v[keep] for k, v in c.attribs.items()}))
    return out


@operator(
    "split_contours_xld",
    IconicIn("Polygons"),
    IconicOut("Contours"),
    ControlIn("Mode", types="string", count=1, default="polygon", values=("polygon", "dominant")),
    ControlIn("Weight", types="number", count=1, default=1.0),
    ControlIn("Smooth", types="integer", count=1, default=5),
)
def split_contours_xld(
    ctx: CallContext, objs: ObjectTuple, mode: tuple, weight: tuple, smooth: tuple
) -> tuple:
    """Split the contours the polygons were made from at the polygon vertices ('polygon')
    or at dominant points near them ('dominant')."""
    w = float(weight[0])
    if not (w >= 0 and math.isfinite(w)):
        raise ctx.param_error("value", "Weight", f"{weight[0]!r} must not be negative")
    s = int(smooth[0])
    if not 1 <= s <= 10_000:
        raise ctx.param_error("value", "Smooth", f"{smooth[0]!r} must lie in 1..10000")
    out: list[IconicObject] = []
    for p in polygons(ctx, objs):
        if p.contour is None or p.indices is None:
            src = Contour(p.rows, p.cols)
            idx = list(range(len(p)))
        else:
            src, idx = p.contour, [int(i) for i in p.indices]
        if len(idx) < 2:
            out.append(Contour(src.rows[idx], src.cols[idx]))
            continue
        if mode[0] == "dominant" and len(src) > 2:
            idx = _dominant(src, idx, w, s) if idx == sorted(idx) else idx
        out.extend(_pieces(src, idx))
    return (ObjectTuple(out),)


@operator("gen_contours_polygon_xld", IconicIn("Polygons"), IconicOut("Contours"))
def gen_contours_polygon_xld(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Contours through the vertices of polygons."""
    return (ObjectTuple([Contour(p.rows, p.cols) for p in polygons(ctx, objs)]),)


@operator(
    "gen_region_polygon_xld",
    IconicIn("Polygon"),
    IconicOut("Region"),
    ControlIn("Mode", types="string", count=1, default="filled", values=("filled", "margin")),
)
def gen_region_polygon_xld(ctx: CallContext, objs: ObjectTuple, mode: tuple) -> tuple:
    """Regions from polygons, as gen_region_contour_xld makes them from contours: 'filled'
    the pixels inside the (implicitly closed) polygon, 'margin' the pixels on its sides."""
    conts = ObjectTuple([Contour(p.rows, p.cols) for p in polygons(ctx, objs, "Polygon")])
    return _xld.gen_region_contour_xld.func(ctx, conts, mode)  # type: ignore[no-any-return]
