"""Synthetic scenes for the matching tests: polygons rendered at known sub-pixel poses."""

from __future__ import annotations

import math

import numpy as np

from hdlite.plugin import Image, ObjectTuple, Region

#: an L-shaped polygon (dRow, dCol) around its reference point: no rotational symmetry
L_SHAPE: list[tuple[float, float]] = [(-20, -25), (-20, 25), (-5, 25), (-5, 0), (20, 0), (20, -25)]
#: a narrow triangle, for a second model (far from equilateral: no near-symmetric turn)
TRIANGLE: list[tuple[float, float]] = [(-25, 0), (15, 12), (15, -12)]


def render(
    height: int,
    width: int,
    poses: list[tuple[float, ...]],
    shape: list[tuple[float, float]] = L_SHAPE,
    fg: float = 200.0,
    bg: float = 40.0,
    noise: float = 0.0,
    seed: int = 0,
) -> np.ndarray:
    """A byte image of the shape at each pose (row, col, angle[, scale_row[, scale_col]]),
    anti-aliased by 8x8 supersampling, plus Gaussian noise of sigma ``noise``."""
    import cv2

    ss = 8
    hi = np.zeros((height * ss, width * ss), np.uint8)
    for r, c, a, *s in poses:
        sr = s[0] if s else 1.0
        sc = s[1] if len(s) > 1 else sr
        pts = []
        for dr, dc in shape:
            dr, dc = dr * sr, dc * sc
            rr = r + dr * math.cos(a) - dc * math.sin(a)
            cc = c + dr * math.sin(a) + dc * math.cos(a)
            pts.append(((cc + 0.5) * ss - 0.5, (rr + 0.5) * ss - 0.5))
        poly = np.round(np.array(pts) * 16).astype(np.int32)
        cv2.fillPoly(hi, [poly], 255, lineType=cv2.LINE_8, shift=4)
    cover = hi.reshape(height, ss, width, ss).mean(axis=(1, 3)) / 255.0
    img = bg + (fg - bg) * cover
    if noise:
        img = img + np.random.default_rng(seed).normal(0.0, noise, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def image(data: np.ndarray, domain: Region | None = None) -> ObjectTuple:
    """A byte image object (optionally with a reduced domain)."""
    return ObjectTuple([Image(data[None], "byte", domain)])


def template(shape: list[tuple[float, float]] = L_SHAPE) -> ObjectTuple:
    """The shape centred at (60, 60) of a 120 x 120 image, domain 25..95 (centre 60, 60)."""
    return image(render(120, 120, [(60.0, 60.0, 0.0)], shape), Region.rectangle(25, 25, 95, 95))


def angle_error_deg(a: float, b: float) -> float:
    """Smallest difference of two angles in degrees."""
    d = (a - b + math.pi) % (2 * math.pi) - math.pi
    return abs(math.degrees(d))
