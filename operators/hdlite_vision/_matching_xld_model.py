"""Shape models from XLD contours (create_*_shape_model_xld) and their polarity.

The contours are the model's edges: on every pyramid level they are resampled at one
point per pixel of that level (arc length), each point's direction is the contour's normal.
The reference point is the centre of the contours' smallest axis-parallel enclosing
rectangle (HALCON's reference: "the center of gravity of the smallest surrounding
rectangle of the Contours that is parallel to the coordinate axes"). Level k+1 uses the
level-1 offsets divided by 2^k, as image-based models do.

Polarity: contours with the point attribute 'edge_direction' (edges_sub_pix and similar;
hdlite's convention: gradient direction = edge_direction - pi/2) give every point its
polarity. Other contours have none: their normal points to the left of the contour's
direction of travel, and until set_shape_model_metric determines the polarity from an
image, 'use_polarity' and 'ignore_global_polarity' models are searched as
'ignore_local_polarity' [unverified: HALCON's behaviour before set_shape_model_metric].

'auto' NumLevels: the most levels (at most 6) whose top level still has 12 model points
and spans 8 pixels of that level. Optimization thins level-1 points as for image models.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
from hdlite_image.xld_objects import Contour

from ._matching_shape_model import AUTO_LEVELS, LevelPoints, ShapeModel, reduction_step


def _resample(c: Contour, f: float, ref: tuple[float, float]) -> tuple[np.ndarray, ...]:
    """Points one level-pixel apart along the contour (level units relative to ref) and
    their unit gradient directions (dr, dc); ``known``: from 'edge_direction'."""
    r = (c.rows - ref[0]) / f
    cc = (c.cols - ref[1]) / f
    seg = np.hypot(np.diff(r), np.diff(cc))
    length = float(seg.sum())
    empty = np.zeros(0)
    if len(c) < 2 or length < 1e-9:
        return empty, empty, empty, empty
    n = max(1, round(length))
    t = (np.arange(n) + 0.5) * (length / n)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    i = np.clip(np.searchsorted(cum, t, side="right") - 1, 0, len(seg) - 1)
    w = np.where(seg[i] > 0, (t - cum[i]) / np.where(seg[i] > 0, seg[i], 1.0), 0.0)
    pr = r[i] + w * (r[i + 1] - r[i])
    pc = cc[i] + w * (cc[i + 1] - cc[i])
    if "edge_direction" in c.attribs:
        e = c.attribs["edge_direction"]
        ang = np.where(w < 0.5, e[i], e[i + 1]) - np.pi / 2
        return pr, pc, -np.sin(ang), np.cos(ang)
    tr = (r[i + 1] - r[i]) / np.where(seg[i] > 0, seg[i], 1.0)
    tc = (cc[i + 1] - cc[i]) / np.where(seg[i] > 0, seg[i], 1.0)
    return pr, pc, -tc, tr


def _level(contours: list[Contour], f: float, ref: tuple[float, float], every: int) -> LevelPoints:
    parts = [_resample(c, f, ref) for c in contours]
    cat = [np.concatenate([p[j] for p in parts]) for j in range(4)]
    keep = slice(None, None, every)
    moved = [Contour((c.rows - ref[0]) / f, (c.cols - ref[1]) / f) for c in contours]
    return LevelPoints(cat[0][keep], cat[1][keep], cat[2][keep], cat[3][keep], moved)


def polarity_known(contours: list[Contour]) -> bool:
    """Whether every contour carries 'edge_direction' (the model's polarity)."""
    return all("edge_direction" in c.attribs for c in contours)


def build_xld(contours: list[Contour], params: dict[str, Any]) -> ShapeModel | None:
    """A model from contours (None: fewer than 3 level-1 points); ``params`` as for
    ``_matching_shape_model.build`` (num_levels None is 'auto')."""
    rows = np.concatenate([c.rows for c in contours])
    cols = np.concatenate([c.cols for c in contours])
    ref = ((float(rows.min()) + float(rows.max())) / 2, (float(cols.min()) + float(cols.max())) / 2)
    first = _level(contours, 1.0, ref, 1)
    if len(first) < 3:
        return None
    every = reduction_step(params["optimization"], len(first))
    levels = [_level(contours, 1.0, ref, every)]
    if len(levels[0]) < 3:
        levels = [first]
    wanted = params["num_levels"]
    span = max(float(np.ptp(rows)), float(np.ptp(cols)))
    for k in range(1, wanted if wanted is not None else AUTO_LEVELS):
        f = float(1 << k)
        lv = _level(contours, f, ref, 1)
        if wanted is None and (len(lv) < 12 or span / f < 8):
            break
        if len(lv) < 3:
            break
        levels.append(lv)
    known = polarity_known(contours)
    metric = params["metric"]
    params = dict(
        params,
        num_levels=len(levels),
        source="xld",
        polarity_known=known,
        search_metric=metric if known else "ignore_local_polarity",
    )
    blank = np.zeros((1, 1))
    return ShapeModel(params, levels, blank, blank.astype(bool), ref, (0, 0))


def set_polarity(model: ShapeModel, gradient, hom: np.ndarray, metric: str) -> None:
    """Orient every model point's direction as the image gradient at the point mapped by
    ``hom`` (2x3, from origin-relative level-1 coordinates into the image); ``gradient``
    (rows, cols, sigma) gives (gr, gc) there. Points without gradient keep theirs."""
    orr, oc = model.origin
    for k, lv in enumerate(model.levels):
        f = float(1 << k)
        r, c = lv.rows * f - orr, lv.cols * f - oc
        ir = hom[0, 0] * r + hom[0, 1] * c + hom[0, 2]
        ic = hom[1, 0] * r + hom[1, 1] * c + hom[1, 2]
        dr = hom[0, 0] * lv.dr + hom[0, 1] * lv.dc
        dc = hom[1, 0] * lv.dr + hom[1, 1] * lv.dc
        gr, gc = gradient(ir, ic, f)
        dot = dr * gr + dc * gc
        flip = dot < 0
        lv.dr[flip] *= -1.0
        lv.dc[flip] *= -1.0
    model.params.update(metric=metric, search_metric=metric, polarity_known=True)


def to_arrays(model: ShapeModel) -> dict[str, np.ndarray]:
    """The arrays a model file keeps of an XLD model: its points on every level and its
    level-1 contours (relative to the reference point)."""
    out = {
        f"points{k}": np.stack([lv.rows, lv.cols, lv.dr, lv.dc])
        for k, lv in enumerate(model.levels)
    }
    conts = model.levels[0].contours
    out["contour_rows"] = np.concatenate([c.rows for c in conts])
    out["contour_cols"] = np.concatenate([c.cols for c in conts])
    out["contour_sizes"] = np.array([len(c) for c in conts], dtype=np.int64)
    return out


def from_arrays(params: dict[str, Any], arrays: dict[str, np.ndarray], ref: tuple) -> ShapeModel:
    """The XLD model :func:`to_arrays` kept (ValueError/KeyError when they do not fit)."""
    sizes = np.asarray(arrays["contour_sizes"], dtype=np.int64)
    rows = np.asarray(arrays["contour_rows"], dtype=np.float64)
    cols = np.asarray(arrays["contour_cols"], dtype=np.float64)
    if (sizes < 0).any() or int(sizes.sum()) != len(rows) or rows.shape != cols.shape:
        raise ValueError("contours do not fit")
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    base = [Contour(rows[a:b], cols[a:b]) for a, b in pairwise(bounds)]
    levels = []
    for k in range(int(params["num_levels"])):
        p = np.asarray(arrays[f"points{k}"], dtype=np.float64)
        if p.ndim != 2 or p.shape[0] != 4 or p.shape[1] < 3 or not np.isfinite(p).all():
            raise ValueError(f"points of level {k + 1}")
        f = float(1 << k)
        conts = [Contour(c.rows / f, c.cols / f) for c in base]
        levels.append(LevelPoints(p[0].copy(), p[1].copy(), p[2].copy(), p[3].copy(), conts))
    if not levels:
        raise ValueError("no levels")
    blank = np.zeros((1, 1))
    return ShapeModel(
        dict(params), levels, blank, blank.astype(bool), (float(ref[0]), float(ref[1])), (0, 0)
    )
