"""Correlation-based (NCC) matching: model and search.

The model keeps the template's first channel and domain, cropped and block-aligned, as a
pyramid. The search correlates rotated copies of the template (rotated about the domain's
centre of gravity with bilinear interpolation; the rotated domain is the mask) with the
image: OpenCV's masked ``matchTemplate(TM_CCOEFF_NORMED)``, the normalised cross-correlation
over the template's domain, on the top pyramid level for every angle of the level's grid
(angle step doubled per level), then +-2 pixels and +-2 angle steps around each candidate
on the lower levels. 'ignore_polarity' takes |NCC|. Candidates need MinScore on level 1
and 0.8 x MinScore on the coarser levels. SubPixel 'true' fits parabolas to the scores
around the best pixel (row, column) and angle. A match needs the whole rotated template
inside the image and its reference point inside the image's domain.

'auto' values: NumLevels: the most levels (at most 6) whose template still spans 12 pixels
both ways; AngleStep: atan(1 / R), R the largest distance of a domain pixel from the
reference point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._matching_common import downsample, from_level, tick, to_level, value_grid


@dataclass
class NccModel:
    """An NCC model (the object behind an 'ncc_model' handle)."""

    params: dict[str, Any]
    levels: list[tuple[np.ndarray, np.ndarray]]  # template and domain per level
    template: np.ndarray
    mask: np.ndarray
    ref: tuple[float, float]
    origin: tuple[float, float] = (0.0, 0.0)

    def box(self) -> tuple[float, float, float, float]:
        """Level-1 bounding box of the domain around the reference point."""
        rows, cols = np.nonzero(self.mask)
        r, c = self.ref
        return (
            rows.min() - 0.5 - r,
            cols.min() - 0.5 - c,
            rows.max() + 0.5 - r,
            cols.max() + 0.5 - c,
        )


def build(data: np.ndarray, mask: np.ndarray, params: dict[str, Any]) -> NccModel:
    """A model from a cropped template; num_levels None is 'auto' (resolved here)."""
    rows, cols = np.nonzero(mask)
    ref = (float(rows.mean()), float(cols.mean()))
    wanted = params["num_levels"]
    levels = [(data.astype(np.float32), mask)]
    m = mask.astype(np.float64)
    d = data
    while len(levels) < (wanted or 6):
        d, m = downsample(d), downsample(m)
        dom = m >= 0.5
        if not dom.any():
            break
        rr, cc = np.nonzero(dom)
        if wanted is None and min(np.ptp(rr), np.ptp(cc)) + 1 < 12:
            break
        levels.append((d.astype(np.float32), dom))
    if params.get("angle_step") is None:
        radius = max(1.0, float(np.hypot(rows - ref[0], cols - ref[1]).max()))
        params = dict(params, angle_step=math.atan(1.0 / radius))
    return NccModel(dict(params, num_levels=len(levels)), levels, data, mask, ref)


def rotated(model: NccModel, k: int, angle: float) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Template and mask of level k+1 rotated by angle about the reference point, cut to
    the rotated domain, and the pixel (row, column) of the result the reference point is on."""
    import cv2

    img, dom = model.levels[k]
    rr, cc = to_level(model.ref[0], k), to_level(model.ref[1], k)
    rows, cols = np.nonzero(dom)
    radius = math.ceil(float(np.hypot(rows - rr, cols - cc).max())) + 1
    cos, sin = math.cos(angle), math.sin(angle)
    a = np.array([[cos, sin], [-sin, cos]])
    t = np.array([radius, radius]) - a @ np.array([cc, rr])
    mat = np.hstack([a, t[:, None]])
    size = (2 * radius + 1, 2 * radius + 1)
    tmpl = cv2.warpAffine(img, mat, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    msk = cv2.warpAffine(dom.astype(np.float32), mat, size, flags=cv2.INTER_LINEAR) >= 0.999
    if not msk.any():  # a domain thinner than a pixel: keep its nearest pixels
        msk = cv2.warpAffine(dom.astype(np.float32), mat, size, flags=cv2.INTER_NEAREST) > 0
    mr, mc = np.nonzero(msk)
    r0, r1, c0, c1 = mr.min(), mr.max() + 1, mc.min(), mc.max() + 1
    cut = np.ascontiguousarray(tmpl[r0:r1, c0:c1])
    return cut, msk[r0:r1, c0:c1].astype(np.uint8), radius - int(r0), radius - int(c0)


def _ncc(scene: np.ndarray, tmpl: np.ndarray, mask: np.ndarray, polarity: bool) -> np.ndarray:
    import cv2

    if scene.shape[0] < tmpl.shape[0] or scene.shape[1] < tmpl.shape[1]:
        return np.full((0, 0), -1.0, np.float32)
    res = cv2.matchTemplate(scene, tmpl, cv2.TM_CCOEFF_NORMED, mask=mask)
    res = np.nan_to_num(res, nan=0.0, posinf=0.0, neginf=0.0)
    res = np.clip(res, -1.0, 1.0)
    return np.abs(res) if polarity else res


@dataclass
class NccMatch:
    """Reference point (level 1), angle and score."""

    row: float
    col: float
    angle: float
    score: float


def search(
    model: NccModel,
    data: np.ndarray,
    domain: np.ndarray,
    a0: float,
    ext: float,
    min_score: float,
    subpixel: bool,
    top: int,
    low: int,
    limit: int,
) -> list[NccMatch]:
    """All instances above MinScore, best first (before overlap suppression)."""
    import cv2

    polarity = model.params["metric"] == "ignore_polarity"
    scenes = [data.astype(np.float32)]
    doms = [domain.astype(np.float64)]
    while len(scenes) < top and min(scenes[-1].shape) >= 8:
        scenes.append(downsample(scenes[-1]).astype(np.float32))
        doms.append(downsample(doms[-1]))
    top = min(top, len(scenes))
    low = min(low, top)
    k = top - 1
    step = min(float(model.params["angle_step"]) * (1 << k), math.pi / 8)
    angles = value_grid(a0, ext, step)
    if ext >= 2 * math.pi - 1e-9 and len(angles) > 1:
        angles = angles[:-1]
    h, w = scenes[k].shape
    best = np.full((h, w), -1.0, np.float32)
    arg = np.zeros((h, w), np.int64)
    for i, a in enumerate(angles):
        tick()
        tmpl, msk, off_r, off_c = rotated(model, k, float(a))
        res = _ncc(scenes[k], tmpl, msk, polarity)
        if res.size == 0:
            continue
        view = best[off_r : off_r + res.shape[0], off_c : off_c + res.shape[1]]
        better = res > view
        view[better] = res[better]
        arg[off_r : off_r + res.shape[0], off_c : off_c + res.shape[1]][better] = i
    best = np.where(doms[k] > 0, best, -1.0).astype(np.float32)
    thr = 0.8 * min_score if k > low - 1 else min_score
    dil = cv2.dilate(best, np.ones((3, 3), np.uint8))
    rs, cs = np.nonzero((best >= dil) & (best >= thr) & (best > -1.0))
    order = np.argsort(-best[rs, cs], kind="stable")[:limit]
    cur = [(int(rs[j]), int(cs[j]), float(angles[arg[rs[j], cs[j]]])) for j in order]
    last_scores: list[float] = [float(best[rs[j], cs[j]]) for j in order]
    for k in range(top - 2, low - 2, -1):
        step = float(model.params["angle_step"]) * (1 << k)
        thr = 0.8 * min_score if k > low - 1 else min_score
        nxt = []
        for r, c, a in cur:
            tick()
            found = _local(
                model, scenes[k], k, 2 * r, 2 * c, a, step, polarity, subpixel and k == 0
            )
            if found is not None and found[0] >= thr:
                nxt.append(found)
        nxt.sort(key=lambda x: -x[0])
        cur, last_scores = [], []
        for s, r, c, a in nxt:
            if not any(abs(r - o[0]) <= 1 and abs(c - o[1]) <= 1 for o in cur):
                cur.append((r, c, a))  # type: ignore[arg-type]
                last_scores.append(s)
    if top == low == 1 and subpixel:
        refined = [_local(model, scenes[0], 0, r, c, a, step, polarity, True) for r, c, a in cur]
        cur = [(x[1], x[2], x[3]) for x in refined if x is not None]
        last_scores = [x[0] for x in refined if x is not None]
    out = []
    k = low - 1
    for (r, c, a), s in zip(cur, last_scores, strict=True):
        if s < min_score:
            continue
        row, col = from_level(r, k), from_level(c, k)
        ir, ic = round(row), round(col)
        if 0 <= ir < domain.shape[0] and 0 <= ic < domain.shape[1] and domain[ir, ic]:
            out.append(NccMatch(float(row), float(col), float(a), float(min(s, 1.0))))
    out.sort(key=lambda m: -m.score)
    return out


def _local(model, scene, k, row, col, angle, step, polarity, subpixel, again=True):
    """Best (score, row, col, angle) near a candidate on level k+1 (rows/cols may be
    sub-pixel on level 1 when ``subpixel``)."""
    win = 2
    row, col = round(row), round(col)
    results = []
    for da in (-2, -1, 0, 1, 2):
        a = angle + da * step
        tmpl, msk, off_r, off_c = rotated(model, k, a)
        r0, c0 = max(row - off_r - win, 0), max(col - off_c - win, 0)
        r1 = min(row - off_r + tmpl.shape[0] + win, scene.shape[0])
        c1 = min(col - off_c + tmpl.shape[1] + win, scene.shape[1])
        res = _ncc(scene[r0:r1, c0:c1], tmpl, msk, polarity)
        if res.size == 0:
            results.append((-1.0, 0, 0, a, res, 0, 0))
            continue
        i, j = np.unravel_index(int(np.argmax(res)), res.shape)
        results.append((float(res[i, j]), int(i), int(j), a, res, r0 + off_r, c0 + off_c))
    best_i = int(np.argmax([x[0] for x in results]))
    s, i, j, a, res, base_r, base_c = results[best_i]
    if s <= -1.0:
        return None
    r, c = float(base_r + i), float(base_c + j)
    edge = i in (0, res.shape[0] - 1) or j in (0, res.shape[1] - 1) or best_i in (0, 4)
    if subpixel and edge and again:  # re-centre so that the parabolas have both neighbours
        return _local(model, scene, k, r, c, a, step, polarity, subpixel, again=False)
    if subpixel:
        if 0 < i < res.shape[0] - 1:
            r += _vertex(res[i - 1, j], res[i, j], res[i + 1, j])
        if 0 < j < res.shape[1] - 1:
            c += _vertex(res[i, j - 1], res[i, j], res[i, j + 1])
        if 0 < best_i < len(results) - 1:
            a += step * _vertex(results[best_i - 1][0], s, results[best_i + 1][0])
    return (s, r, c, a)


def _vertex(a: float, b: float, c: float) -> float:
    den = a - 2 * b + c
    return float(np.clip(0.5 * (a - c) / den, -0.5, 0.5)) if den < 0 else 0.0
