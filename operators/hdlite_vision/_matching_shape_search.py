"""The search of shape models: coarse-to-fine over the pyramid, then sub-pixel refinement.

Score of a pose: the mean over the model points of the dot product of the model's unit
gradient direction (rotated and scaled with the pose) and the image's unit gradient
direction at the transformed point; image points whose gradient amplitude is below the
model's MinContrast count 0. 'ignore_global_polarity' takes the absolute value of the mean,
'ignore_local_polarity' the mean of the absolute values.

Top level: every position of the (domain of the) image and every angle/scale of the level's
grid (steps doubled per level); the local maxima of the best score per position become
candidates. Each lower level re-searches +-2 pixels, +-2 angle steps and +-1 scale step
around every candidate. Candidates must reach MinScore on the lowest level; on the coarser
levels they need only MinScore x (0.6 + 0.3 Greediness), so a smaller Greediness keeps
more candidates (safer, slower) [approximation of HALCON's early termination].

Sub-pixel: 'none' keeps the pixel position and the angle of the grid; 'interpolation'
fits parabolas to the scores around the best pose (row, column, angle, scale separately);
'least_squares' (and '_high', '_very_high', which only iterate more) move each transformed
model point along its normal to the image's edge (the amplitude maximum, parabola through
bilinear samples) and solve for the pose that minimises the point-to-tangent distances.
The final score is computed with bilinearly interpolated gradients at the final pose.
A match needs every level-1 model point inside the image (with 'border_shape_models',
points outside count 0 instead) and its reference point inside the image's domain. The
search checks the model's 'timeout' between poses and candidates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hdlite.plugin import tuple_rules

from ._matching_common import from_level, tick, to_level, value_grid
from ._matching_shape_model import SQRT_2PI, LevelPoints, ShapeModel


@dataclass
class Match:
    """One instance: reference point (level-1 coordinates), angle, scales and score."""

    row: float
    col: float
    angle: float
    sr: float
    sc: float
    score: float


@dataclass
class SearchParams:
    """What the find operators pass to :func:`search`."""

    angle_start: float
    angle_extent: float
    scale_r: tuple[float, float]
    scale_c: tuple[float, float]
    min_score: float
    greediness: float
    subpixel: str
    top_level: int  # 1-based
    low_level: int
    max_candidates: int
    border: bool = False  # instances may reach over the image border


@dataclass
class _Level:
    ur: np.ndarray  # unit gradient, zero below MinContrast (padded)
    uc: np.ndarray
    amp: np.ndarray  # gradient amplitude (unpadded)
    gr: np.ndarray
    gc: np.ndarray
    domain: np.ndarray
    pad: int


def _gradients(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from scipy import ndimage as ndi

    gr = ndi.gaussian_filter(data, 1.0, order=(1, 0), mode="nearest") * SQRT_2PI
    gc = ndi.gaussian_filter(data, 1.0, order=(0, 1), mode="nearest") * SQRT_2PI
    return gr, gc


def scene_levels(
    data: np.ndarray, domain: np.ndarray, n: int, min_contrast: float, pad: list[int]
) -> list[_Level]:
    """Gradient fields of the image's pyramid (levels 1..n)."""
    from ._matching_common import downsample

    out = []
    dom = domain.astype(np.float64)
    for k in range(n):
        if k:
            if min(data.shape) < 4:
                break
            data = downsample(data)
            dom = downsample(dom)
        gr, gc = _gradients(data)
        amp = np.hypot(gr, gc)
        ok = amp >= max(min_contrast, 1e-9)
        safe = np.where(ok, amp, 1.0)
        ur = np.where(ok, gr / safe, 0.0)
        uc = np.where(ok, gc / safe, 0.0)
        p = pad[k]
        out.append(_Level(np.pad(ur, p), np.pad(uc, p), amp, gr, gc, dom > 0, p))
    return out


def transform(
    lv: LevelPoints, angle: np.ndarray, sr: np.ndarray, sc: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Points and unit normals of the model under each pose: arrays (poses, points)."""
    cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
    pr, pc = lv.rows[None, :] * sr[:, None], lv.cols[None, :] * sc[:, None]
    qr, qc = cos * pr - sin * pc, sin * pr + cos * pc
    dr, dc = lv.dr[None, :] / sr[:, None], lv.dc[None, :] / sc[:, None]
    norm = np.hypot(dr, dc)
    dr, dc = dr / norm, dc / norm
    return qr, qc, cos * dr - sin * dc, sin * dr + cos * dc


def _reduce(dots: np.ndarray, metric: str) -> np.ndarray:
    if metric == "ignore_local_polarity":
        return np.abs(dots).mean(axis=-1)
    s = dots.mean(axis=-1)
    return np.abs(s) if metric == "ignore_global_polarity" else s


def _full_maps(
    level: _Level, lv: LevelPoints, poses: np.ndarray, metric: str
) -> tuple[np.ndarray, np.ndarray]:
    """Best score and best pose index at every position of the level."""
    import cv2

    h, w = level.amp.shape
    p = level.pad
    ur = level.ur[p : p + h, p : p + w].astype(np.float32)
    uc = level.uc[p : p + h, p : p + w].astype(np.float32)
    best = np.full((h, w), -np.inf)
    arg = np.zeros((h, w), dtype=np.int64)
    qr, qc, nr, nc = transform(lv, poses[:, 0], poses[:, 1], poses[:, 2])
    ir, ic = np.rint(qr).astype(np.int64), np.rint(qc).astype(np.int64)
    n = len(lv)
    for i in range(len(poses)):
        tick()
        if metric == "ignore_local_polarity":
            acc = np.zeros((h, w))
            for j in range(n):
                r0, c0 = p + ir[i, j], p + ic[i, j]
                acc += np.abs(
                    nr[i, j] * level.ur[r0 : r0 + h, c0 : c0 + w]
                    + nc[i, j] * level.uc[r0 : r0 + h, c0 : c0 + w]
                )
            score = acc / n
        else:
            m = int(max(np.abs(ir[i]).max(), np.abs(ic[i]).max()))
            kr = np.zeros((2 * m + 1, 2 * m + 1), dtype=np.float32)
            kc = np.zeros_like(kr)
            np.add.at(kr, (ir[i] + m, ic[i] + m), nr[i].astype(np.float32))
            np.add.at(kc, (ir[i] + m, ic[i] + m), nc[i].astype(np.float32))
            border = cv2.BORDER_CONSTANT
            score = (
                cv2.filter2D(ur, -1, kr, anchor=(m, m), borderType=border)
                + cv2.filter2D(uc, -1, kc, anchor=(m, m), borderType=border)
            ).astype(np.float64) / n
            if metric == "ignore_global_polarity":
                score = np.abs(score)
        better = score > best
        best[better] = score[better]
        arg[better] = i
    return best, arg


def _local(
    level: _Level,
    lv: LevelPoints,
    poses: np.ndarray,
    row: int,
    col: int,
    win: int,
    metric: str,
) -> tuple[float, int, int, int]:
    """Best (score, row, col, pose index) around (row, col) on a level (rounded points)."""
    qr, qc, nr, nc = transform(lv, poses[:, 0], poses[:, 1], poses[:, 2])
    ir, ic = np.rint(qr).astype(np.int64), np.rint(qc).astype(np.int64)
    d = np.arange(-win, win + 1)
    rr = (row + d)[:, None].repeat(len(d), 1).ravel()
    cc = (col + d)[None, :].repeat(len(d), 0).ravel()
    hp, wp = level.ur.shape
    idx_r = np.clip(rr[:, None, None] + ir[None] + level.pad, 0, hp - 1)
    idx_c = np.clip(cc[:, None, None] + ic[None] + level.pad, 0, wp - 1)
    dots = nr[None] * level.ur[idx_r, idx_c] + nc[None] * level.uc[idx_r, idx_c]
    scores = _reduce(dots, metric)  # (positions, poses)
    h, w = level.amp.shape
    inside = (rr >= 0) & (rr < h) & (cc >= 0) & (cc < w)
    scores[~inside] = -np.inf
    k, i = np.unravel_index(int(np.argmax(scores)), scores.shape)
    return float(scores[k, i]), int(rr[k]), int(cc[k]), int(i)


def _bilinear(a: np.ndarray, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    from scipy.ndimage import map_coordinates

    return map_coordinates(a, [r, c], order=1, mode="nearest")


def exact_score(
    level: _Level, lv: LevelPoints, m: Match, metric: str, min_contrast: float
) -> float:
    """Score of a continuous pose on a level (bilinear gradients)."""
    qr, qc, nr, nc = transform(lv, np.array([m.angle]), np.array([m.sr]), np.array([m.sc]))
    r, c = m.row + qr[0], m.col + qc[0]
    gr, gc = _bilinear(level.gr, r, c), _bilinear(level.gc, r, c)
    amp = np.hypot(gr, gc)
    ok = amp >= max(min_contrast, 1e-9)
    safe = np.where(ok, amp, 1.0)
    dots = np.where(ok, (nr[0] * gr + nc[0] * gc) / safe, 0.0)
    h, w = level.amp.shape
    dots[(r < -0.5) | (r > h - 0.5) | (c < -0.5) | (c > w - 0.5)] = 0.0
    return float(_reduce(dots, metric))


def _least_squares(
    level: _Level, lv: LevelPoints, m: Match, metric: str, free: str, rounds: int, mc: float
) -> Match:
    """Point-to-tangent refinement of a pose ('free': 'none', 'iso' or 'aniso' scaling)."""
    t = np.arange(-2.0, 2.01, 0.5)
    for _ in range(rounds):
        a, sr, sc = np.array([m.angle]), np.array([m.sr]), np.array([m.sc])
        qr, qc, nr, nc = transform(lv, a, sr, sc)
        qr, qc, nr, nc = qr[0], qc[0], nr[0], nc[0]
        rr = m.row + qr[:, None] + t[None, :] * nr[:, None]
        cc = m.col + qc[:, None] + t[None, :] * nc[:, None]
        amp = _bilinear(level.amp, rr.ravel(), cc.ravel()).reshape(rr.shape)
        j = np.argmax(amp, axis=1)
        ok = (j > 0) & (j < len(t) - 1)
        j = np.clip(j, 1, len(t) - 2)
        k = np.arange(len(j))
        a0, a1, a2 = amp[k, j - 1], amp[k, j], amp[k, j + 1]
        den = a0 - 2 * a1 + a2
        off = np.where(den < 0, 0.5 * (a0 - a2) / np.where(den == 0, -1, den), 0.0)
        dist = t[j] + 0.5 * off
        er, ec = m.row + qr + dist * nr, m.col + qc + dist * nc
        gr, gc = _bilinear(level.gr, er, ec), _bilinear(level.gc, er, ec)
        ga = np.hypot(gr, gc)
        dot = (gr * nr + gc * nc) / np.where(ga > 0, ga, 1.0)
        agree = dot > 0.7 if metric == "use_polarity" else np.abs(dot) > 0.7
        ok &= (a1 >= mc) & agree
        cos, sin = math.cos(m.angle), math.sin(m.angle)
        pr, pc = lv.rows * m.sr, lv.cols * m.sc
        cols = [nr, nc, nr * (-sin * pr - cos * pc) + nc * (cos * pr - sin * pc)]
        if free == "iso":
            cols.append(nr * (cos * lv.rows - sin * lv.cols) + nc * (sin * lv.rows + cos * lv.cols))
        elif free == "aniso":
            cols.append(nr * cos * lv.rows + nc * sin * lv.rows)
            cols.append(-nr * sin * lv.cols + nc * cos * lv.cols)
        jac = np.stack(cols, axis=1)[ok]
        if len(jac) < 2 * jac.shape[1]:
            break
        step, *_ = np.linalg.lstsq(jac, dist[ok], rcond=None)
        step = np.clip(step, -1.0, 1.0)
        step[2] = float(np.clip(step[2], -0.05, 0.05))
        ds_r = ds_c = 0.0
        if free == "iso":
            ds_r = ds_c = float(step[3])
        elif free == "aniso":
            ds_r, ds_c = float(step[3]), float(step[4])
        m = Match(
            m.row + step[0], m.col + step[1], m.angle + step[2], m.sr + ds_r, m.sc + ds_c, m.score
        )
        if np.abs(step[:2]).max() < 1e-3 and abs(step[2]) < 1e-5:
            break
    return m


def _parabola(s_minus: float, s0: float, s_plus: float) -> float:
    den = s_minus - 2 * s0 + s_plus
    return float(np.clip(0.5 * (s_minus - s_plus) / den, -1.0, 1.0)) if den < 0 else 0.0


def _interpolate(
    level: _Level, lv: LevelPoints, m: Match, metric: str, mc: float, steps: tuple, aniso: bool
) -> Match:
    """Parabola through the scores at +-1 pixel / angle step / scale step, per parameter."""
    s0 = exact_score(level, lv, m, metric, mc)
    base = np.array([m.row, m.col, m.angle, m.sr, m.sc])
    moves = [np.eye(5)[0], np.eye(5)[1], np.eye(5)[2] * steps[0]]
    if aniso:
        moves += [np.eye(5)[3] * steps[1], np.eye(5)[4] * steps[2]]
    elif steps[1] > 0:
        moves.append((np.eye(5)[3] + np.eye(5)[4]) * steps[1])
    out = base.copy()
    for move in moves:
        if not move.any():
            continue
        vals = []
        for sign in (-1.0, 1.0):
            r, c, a, sr, sc = (float(v) for v in base + sign * move)
            vals.append(exact_score(level, lv, Match(r, c, a, sr, sc, 0.0), metric, mc))
        out += move * _parabola(vals[0], s0, vals[1])
    r, c, a, sr, sc = (float(v) for v in out)
    return Match(r, c, a, sr, sc, m.score)


def _poses(sp: SearchParams, k: int, model: ShapeModel) -> tuple[np.ndarray, float, float, float]:
    """The pose grid of level k+1 and its steps (angle, row scale, column scale)."""
    f = float(1 << k)
    a_step = min(float(model.params["angle_step"]) * f, math.pi / 8)
    angles = value_grid(sp.angle_start, sp.angle_extent, a_step)
    if sp.angle_extent >= 2 * math.pi - 1e-9 and len(angles) > 1:
        angles = angles[:-1]
    s_step = float(model.params.get("scale_step", 0.0)) or 1.0 / model.radius()
    s_step *= f
    sr_grid = value_grid(sp.scale_r[0], sp.scale_r[1] - sp.scale_r[0], s_step)
    kind = model.params.get("scaling", "none")
    if kind == "aniso":
        sc_step = float(model.params.get("scale_c_step", 0.0)) or 1.0 / model.radius()
        sc_step *= f
        sc_grid = value_grid(sp.scale_c[0], sp.scale_c[1] - sp.scale_c[0], sc_step)
        grid = [(a, r, c) for a in angles for r in sr_grid for c in sc_grid]
        return np.array(grid), a_step, s_step, sc_step
    grid = [(a, s, s) for a in angles for s in sr_grid]
    iso = len(sr_grid) > 1
    return np.array(grid), a_step, s_step if iso else 0.0, s_step if iso else 0.0


def _neighbour_poses(
    a: float, sr: float, sc: float, steps: tuple[float, float, float], aniso: bool
) -> np.ndarray:
    da = steps[0] * np.arange(-2, 3)
    dsr = steps[1] * np.arange(-1, 2) if steps[1] > 0 else np.zeros(1)
    dsc = steps[2] * np.arange(-1, 2) if steps[2] > 0 else np.zeros(1)
    if not aniso:  # one scale for both axes
        return np.array([(a + x, sr + y, sc + y) for x in da for y in dsr])
    return np.array([(a + x, sr + y, sc + z) for x in da for y in dsr for z in dsc])


def search(
    model: ShapeModel, data: np.ndarray, domain: np.ndarray, sp: SearchParams
) -> list[Match]:
    """All instances above MinScore, best first (before overlap suppression)."""
    metric = model.params.get("search_metric", model.params["metric"])
    mc = float(model.params["min_contrast"])
    top = min(sp.top_level, model.num_levels)
    low = min(sp.low_level, top)
    smax = max(sp.scale_r[1], sp.scale_c[1], 1.0)
    pads = [math.ceil(float(np.hypot(lv.rows, lv.cols).max()) * smax) + 4 for lv in model.levels]
    h, w = data.shape[-2:]
    if not tuple_rules.fits_in_memory((h + 2 * max(pads)) * (w + 2 * max(pads)), 8):
        # the scene padded by the model at ScaleMax cannot fit: HALCON's 6001 at the call
        raise MemoryError("the search image padded for the largest scale does not fit")
    levels = scene_levels(data, domain, top, mc, pads)
    top = min(top, len(levels))
    low = min(low, top)
    aniso = model.params.get("scaling") == "aniso"
    coarse_thr = sp.min_score * (0.6 + 0.3 * sp.greediness)
    k = top - 1
    poses, *steps = _poses(sp, k, model)
    best, arg = _full_maps(levels[k], model.levels[k], poses, metric)
    best[~levels[k].domain] = -np.inf
    cands = _peaks(best, arg, coarse_thr if k > low - 1 else 0.9 * sp.min_score, sp.max_candidates)
    cur = [(r, c, *poses[i]) for r, c, i, _ in cands]
    for k in range(top - 2, low - 2, -1):
        _, *steps_k = _poses(sp, k, model)
        thr = coarse_thr if k > low - 1 else 0.9 * sp.min_score
        nxt = []
        for r, c, a, sr, sc in cur:
            tick()
            local = _neighbour_poses(a, sr, sc, tuple(steps_k), aniso)  # type: ignore[arg-type]
            s, rr, cc, i = _local(levels[k], model.levels[k], local, 2 * r, 2 * c, 2, metric)
            if s >= thr:
                nxt.append((s, rr, cc, *local[i]))
        cur = [x[1:] for x in _dedupe(nxt, steps_k[0])]
        steps = steps_k
    k = low - 1
    lv, level = model.levels[k], levels[k]
    out = []
    h1, w1 = data.shape
    for r, c, a, sr, sc in cur:
        m = Match(float(r), float(c), float(a), float(sr), float(sc), 0.0)
        m = _subpixel(level, lv, m, metric, mc, sp.subpixel, tuple(steps), model)  # type: ignore[arg-type]
        score = exact_score(level, lv, m, metric, mc)
        if score < sp.min_score:
            continue
        m = Match(from_level(m.row, k), from_level(m.col, k), m.angle, m.sr, m.sc, score)
        if not _placeable(model, m, domain, h1, w1, sp.border):
            continue
        out.append(m)
    out.sort(key=lambda x: -x.score)
    return _dedupe_matches(out)


def _subpixel(level, lv, m, metric, mc, mode, steps, model) -> Match:
    if mode == "none":
        return m
    if mode == "interpolation":
        return _interpolate(level, lv, m, metric, mc, steps, model.params["scaling"] == "aniso")
    rounds = {"least_squares": 6, "least_squares_high": 10, "least_squares_very_high": 15}[mode]
    free = "none" if steps[1] <= 0 and steps[2] <= 0 else model.params.get("scaling", "iso")
    if free == "none" and (steps[1] > 0 or steps[2] > 0):
        free = "iso"
    fitted = _least_squares(level, lv, m, metric, free, rounds, mc)
    # keep the refinement only where it does not lose score (a bad fit on clutter)
    if exact_score(level, lv, fitted, metric, mc) + 0.02 >= exact_score(level, lv, m, metric, mc):
        return fitted
    return m


def _placeable(
    model: ShapeModel, m: Match, domain: np.ndarray, h: int, w: int, border: bool = False
) -> bool:
    """Every model point inside the image (unless ``border``) and the reference point
    inside the domain."""
    lv = model.levels[0]
    qr, qc, _, _ = transform(lv, np.array([m.angle]), np.array([m.sr]), np.array([m.sc]))
    r, c = m.row + qr[0], m.col + qc[0]
    outside = r.min() < -0.5 or c.min() < -0.5 or r.max() > h - 0.5 or c.max() > w - 0.5
    if outside and not border:
        return False
    ir, ic = round(m.row), round(m.col)
    return 0 <= ir < h and 0 <= ic < w and bool(domain[ir, ic])


def _peaks(best: np.ndarray, arg: np.ndarray, thr: float, limit: int):
    import cv2

    finite = np.where(np.isfinite(best), best, -1.0).astype(np.float32)
    dil = cv2.dilate(finite, np.ones((3, 3), np.uint8))
    peaks = (finite >= dil) & (finite >= thr)
    rs, cs = np.nonzero(peaks)
    order = np.argsort(-finite[rs, cs], kind="stable")[:limit]
    return [
        (int(rs[i]), int(cs[i]), int(arg[rs[i], cs[i]]), float(finite[rs[i], cs[i]])) for i in order
    ]


def _dedupe(cands: list[tuple], a_step: float) -> list[tuple]:
    """Candidates best first, without those within 1 pixel and 1 angle step of a better one."""
    cands.sort(key=lambda x: -x[0])
    kept: list[tuple] = []
    for cand in cands:
        if not any(
            abs(cand[1] - o[1]) <= 1 and abs(cand[2] - o[2]) <= 1 and abs(cand[3] - o[3]) <= a_step
            for o in kept
        ):
            kept.append(cand)
    return kept


def _dedupe_matches(ms: list[Match]) -> list[Match]:
    kept: list[Match] = []
    for m in ms:
        if not any(
            abs(m.row - o.row) < 1 and abs(m.col - o.col) < 1 and abs(m.angle - o.angle) < 0.05
            for o in kept
        ):
            kept.append(m)
    return kept


__all__ = ["Match", "SearchParams", "search", "to_level"]
