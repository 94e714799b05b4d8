"""Shape models: edge points with gradient directions on every pyramid level.

The template's first channel is cropped around its domain (at offsets that keep the
pyramid's 2x2 blocks aligned), reduced to NumLevels pyramid levels, and on each level the
sub-pixel Canny edges of ``edges_sub_pix`` (Gaussian derivatives of sigma 1, non-maximum
suppression, hysteresis between the low and high Contrast) inside the level's domain give
the model points. Amplitudes are scaled so that an ideal step of height h has contrast h.
Contours with fewer points than the Contrast's min_size are dropped. Point offsets are
relative to the centre of gravity of the template's domain (HALCON's reference point);
set_shape_model_origin only moves the point the find operators report.

'auto' values (approximations of HALCON's automatic choices, which are not documented in
detail): Contrast: high = max(10, 0.35 x the 95th percentile of edge amplitudes), low =
high / 2; MinContrast: min(10, max(1, low / 2)); NumLevels: the most levels (at most 6)
whose top level still has 12 model points and a domain at least 8 pixels across;
AngleStep: atan(1 / R) with R the largest distance of a level-1 model point from the
reference point (at least 1 pixel), the same rule for ScaleStep (1 / R). Optimization
'point_reduction_low/medium/high' keeps every 2nd/3rd/4th point of each contour; 'auto'
keeps every point up to 400 points and thins larger models ('none' never thins).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hdlite_image.xld_objects import Contour

from ._matching_common import downsample, to_level

SQRT_2PI = math.sqrt(2.0 * math.pi)
MAX_LEVELS = 10
AUTO_LEVELS = 6
_REDUCTION = {"none": 1, "point_reduction_low": 2, "point_reduction_medium": 3}
_REDUCTION["point_reduction_high"] = 4


@dataclass
class LevelPoints:
    """Model points of one pyramid level, relative to the reference point (level units)."""

    rows: np.ndarray
    cols: np.ndarray
    dr: np.ndarray  # unit gradient direction, row component
    dc: np.ndarray
    contours: list[Contour] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.rows.shape[0])


@dataclass
class ShapeModel:
    """A shape model (the object behind a 'shape_model' handle)."""

    params: dict[str, Any]  # resolved creation parameters (JSON-able)
    levels: list[LevelPoints]
    template: np.ndarray  # cropped first channel of the template
    mask: np.ndarray  # its domain
    ref: tuple[float, float]  # reference point in cropped-template coordinates
    offset: tuple[int, int]  # template crop position in the original image
    origin: tuple[float, float] = (0.0, 0.0)  # set_shape_model_origin

    @property
    def num_levels(self) -> int:
        """Levels actually built."""
        return len(self.levels)

    def box(self) -> tuple[float, float, float, float]:
        """Level-1 bounding box of the model points around the reference point."""
        lv = self.levels[0]
        return (
            float(lv.rows.min()) - 0.5,
            float(lv.cols.min()) - 0.5,
            float(lv.rows.max()) + 0.5,
            float(lv.cols.max()) + 0.5,
        )

    def radius(self) -> float:
        """Largest distance of a level-1 model point from the reference point."""
        lv = self.levels[0]
        return max(1.0, float(np.hypot(lv.rows, lv.cols).max()))


def crop(
    data: np.ndarray, mask: np.ndarray, levels: int
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """The part of the template around its domain, block-aligned for ``levels`` levels."""
    rows, cols = np.nonzero(mask)
    align = 1 << (max(levels, 1) - 1)
    margin = 8 * align
    r0 = max(0, (int(rows.min()) - margin) // align * align)
    c0 = max(0, (int(cols.min()) - margin) // align * align)
    r1 = min(data.shape[0], int(rows.max()) + margin + 1)
    c1 = min(data.shape[1], int(cols.max()) + margin + 1)
    return data[r0:r1, c0:c1], mask[r0:r1, c0:c1], r0, c0


def pyramid(data: np.ndarray, mask: np.ndarray, levels: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Images and domains of ``levels`` levels (fewer when the image gets too small)."""
    out = [(data, mask)]
    m = mask.astype(np.float64)
    while len(out) < levels and min(out[-1][0].shape) >= 4:
        data = downsample(out[-1][0])
        m = downsample(m)
        out.append((data, m >= 0.5))
    return out


def edge_contours(
    data: np.ndarray, mask: np.ndarray, low: float, high: float, min_size: int
) -> list[Contour]:
    """Sub-pixel edges of the level (amplitudes in step-height units)."""
    from .edges_xld import canny_edges

    found = canny_edges(data, 1.0, low / SQRT_2PI, high / SQRT_2PI, mask)
    return [c for c in found if len(c) >= max(min_size, 1)]


def auto_contrast(data: np.ndarray, mask: np.ndarray) -> tuple[float, float]:
    """Automatic (low, high) contrast from the template's edge amplitudes."""
    from scipy import ndimage as ndi

    gr = ndi.gaussian_filter(data, 1.0, order=(1, 0), mode="nearest")
    gc = ndi.gaussian_filter(data, 1.0, order=(0, 1), mode="nearest")
    amp = np.hypot(gr, gc)[mask] * SQRT_2PI
    strong = amp[amp >= 1.0]
    if strong.size == 0:
        return 10.0, 10.0
    high = max(10.0, 0.35 * float(np.percentile(strong, 95)))
    return high / 2.0, high


def _points(contours: list[Contour], ref_r: float, ref_c: float, every: int) -> LevelPoints:
    rows, cols, dr, dc = [], [], [], []
    for c in contours:
        n = len(c)
        if c.closed:
            n -= 1
        sel = slice(0, n, every)
        ang = c.attribs["angle"][sel]
        rows.append(c.rows[sel] - ref_r)
        cols.append(c.cols[sel] - ref_c)
        dr.append(-np.sin(ang))
        dc.append(np.cos(ang))
    cat = lambda x: np.concatenate(x) if x else np.zeros(0)  # noqa: E731
    moved = [c.replace(c.rows - ref_r, c.cols - ref_c) for c in contours]
    return LevelPoints(cat(rows), cat(cols), cat(dr), cat(dc), moved)


def reduction_step(optimization: str, n_points: int) -> int:
    """Keep every n-th point of a contour."""
    if optimization == "auto":
        return 1 if n_points <= 400 else min(4, math.ceil(n_points / 400))
    return _REDUCTION[optimization]


def build(
    data: np.ndarray,
    mask: np.ndarray,
    params: dict[str, Any],
    offset: tuple[int, int] = (0, 0),
) -> ShapeModel | None:
    """A model from a (cropped) template and resolved parameters (None: too few points).

    ``params`` holds contrast_low/high, min_size, optimization and num_levels (an int, or
    None for 'auto', replaced by the number of levels built).
    """
    low, high = float(params["contrast_low"]), float(params["contrast_high"])
    wanted = params["num_levels"]
    pyr = pyramid(data, mask, wanted if wanted is not None else AUTO_LEVELS)
    rows, cols = np.nonzero(mask)
    ref_r, ref_c = float(rows.mean()), float(cols.mean())
    levels: list[LevelPoints] = []
    every = 1
    for k, (img, m) in enumerate(pyr):
        contours = edge_contours(img, m, low, high, int(params["min_size"]) if k == 0 else 0)
        if k == 0:
            total = sum(len(c) for c in contours)
            every = reduction_step(params["optimization"], total)
        lv = _points(contours, to_level(ref_r, k), to_level(ref_c, k), every if k == 0 else 1)
        if wanted is None and k > 0:
            rr, cc = np.nonzero(m)
            if len(lv) < 12 or min(np.ptp(rr), np.ptp(cc)) + 1 < 8:
                break
        if len(lv) < 3:
            if k == 0:
                return None
            break
        levels.append(lv)
    params = dict(params, num_levels=len(levels))
    return ShapeModel(params, levels, data, mask, (ref_r, ref_c), offset)
