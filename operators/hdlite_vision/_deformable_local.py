"""Local deformation of a found shape-model instance (local deformable matching).

The instance's pose from the shape search (position, angle, row and column scale) maps the
template onto the image; the image is sampled back onto the template grid, and OpenCV's
dense optical flow (DIS) between the template and that sample gives the remaining local
displacement, smoothed by a Gaussian of sigma ``deformation_smoothness`` (template pixels)
inside the template's domain. The deformed map is ``pose(p + flow(p))``. The score is the
shape score of the deformed model points: the mean over the model's edge points of the
dot product of their (deformed) gradient direction with the image's gradient direction
(absolute value per point for 'ignore_local_polarity'), clipped to 0..1; it is at least the
rigid score of the instance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass
class Deformed:
    """The map template (cropped coordinates) -> image, sampled on a grid."""

    map_r: np.ndarray  # image row of each grid pixel
    map_c: np.ndarray
    top: int  # grid row 0 in cropped template coordinates
    left: int
    score: float


def pose_map(
    ref: tuple[float, float], m, pr: np.ndarray, pc: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Template points (cropped coordinates) moved by the instance's pose."""
    dr, dc = (pr - ref[0]) * m.sr, (pc - ref[1]) * m.sc
    cos, sin = math.cos(m.angle), math.sin(m.angle)
    return m.row + cos * dr - sin * dc, m.col + sin * dr + cos * dc


def _sample(image: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.remap(
        image.astype(np.float32), cols.astype(np.float32), rows.astype(np.float32),
        cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE,
    )  # fmt: skip


def _smooth(field: np.ndarray, weight: np.ndarray, sigma: float) -> np.ndarray:
    """Normalised Gaussian smoothing of a field known where ``weight`` is 1."""
    import cv2

    num = cv2.GaussianBlur(field * weight, (0, 0), sigma, borderType=cv2.BORDER_CONSTANT)
    den = cv2.GaussianBlur(weight, (0, 0), sigma, borderType=cv2.BORDER_CONSTANT)
    return num / np.maximum(den, 1e-6)


def deform(model, m, image: np.ndarray, smoothness: float, border: int) -> Deformed:
    """The deformed map of instance ``m`` of shape model ``model`` on ``image`` (float)."""
    import cv2

    tmpl, mask = model.template, model.mask
    h, w = tmpl.shape
    gr, gc = np.mgrid[-border : h + border, -border : w + border].astype(np.float64)
    rr, cc = pose_map(model.ref, m, gr, gc)
    sample = _sample(image, rr, cc)
    inner = (slice(border, border + h), slice(border, border + w))
    t8 = np.clip(tmpl, 0, 255).astype(np.uint8)
    s8 = np.clip(sample[inner], 0, 255).astype(np.uint8)
    dis = cv2.DISOpticalFlow.create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    flow = dis.calc(t8, s8, np.zeros((h, w, 2), np.float32))  # t8(p) ~ s8(p + flow(p))
    weight = cv2.dilate(mask.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(np.float32)
    sigma = max(float(smoothness), 0.5)
    full = np.zeros((h + 2 * border, w + 2 * border, 2), np.float32)
    wfull = np.zeros(full.shape[:2], np.float32)
    full[inner] = flow
    wfull[inner] = weight
    fc = _smooth(full[..., 0], wfull, sigma)
    fr = _smooth(full[..., 1], wfull, sigma)
    mr, mc = pose_map(model.ref, m, gr + fr, gc + fc)
    return Deformed(mr, mc, -border, -border, _score(model, m, image, mr, mc, -border))


def apply(d: Deformed, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Image positions of template points (cropped coordinates) under the deformed map."""
    r = (rows - d.top).astype(np.float32)
    c = (cols - d.left).astype(np.float32)
    import cv2

    out_r = cv2.remap(
        d.map_r.astype(np.float32), c, r, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    out_c = cv2.remap(
        d.map_c.astype(np.float32), c, r, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return out_r.astype(np.float64), out_c.astype(np.float64)


def _score(model, m, image: np.ndarray, mr: np.ndarray, mc: np.ndarray, top: int) -> float:
    import cv2

    lv = model.levels[0]
    if len(lv) == 0:
        return 0.0
    pr = (lv.rows + model.ref[0]).reshape(1, -1)
    pc = (lv.cols + model.ref[1]).reshape(1, -1)
    d = Deformed(mr, mc, top, top, 0.0)
    qr, qc = apply(d, pr, pc)
    # deformed gradient direction: the map's Jacobian (by finite differences) on the normal
    ar, ac = apply(d, pr + lv.dr.reshape(1, -1) * 0.5, pc + lv.dc.reshape(1, -1) * 0.5)
    br, bc = apply(d, pr - lv.dr.reshape(1, -1) * 0.5, pc - lv.dc.reshape(1, -1) * 0.5)
    nr, nc = (ar - br).ravel(), (ac - bc).ravel()
    smooth = cv2.GaussianBlur(image.astype(np.float32), (0, 0), 1.0)
    gr = cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)
    gc = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3)
    ir = _sample(gr, qr, qc).ravel()
    ic = _sample(gc, qr, qc).ravel()
    norm = np.hypot(nr, nc) * np.hypot(ir, ic)
    with np.errstate(divide="ignore", invalid="ignore"):
        dots = np.where(norm > 1e-9, (nr * ir + nc * ic) / norm, 0.0)
    if model.params["metric"] != "use_polarity":
        dots = np.abs(dots)
    return float(np.clip(dots.mean(), 0.0, 1.0))
