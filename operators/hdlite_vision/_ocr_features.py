"""Features of one character for the OCR classifiers (``*_ocr_class_mlp``).

A character is a region and the gray values of an image under it. Its **character box** is
the region's smallest enclosing rectangle (clipped to the image). Gray values inside the box
but outside the region are replaced by the median gray value of those pixels (the
background around the character), so parts of neighbouring characters that reach into the
box do not disturb the features; the box is then scaled to WidthCharacter x HeightCharacter
with the chosen Interpolation. HALCON's reference (create_ocr_class_mlp) describes the
scaling to the character size and the feature names; how HALCON treats the pixels outside
the region inside the box is [unverified]: the median fill is hdlite's choice.

Feature names (create_ocr_class_mlp page; 'default' = 'ratio' + 'pixel_invar', confirmed by
public HALCON notes and programs). Gray-value features work on the scaled box:

* 'pixel' (W*H values): gray values scaled to 0 ... 1 by the pixel type's range;
* 'pixel_invar' (W*H): gray values stretched to 0 ... 1 between the box's minimum and
  maximum (invariant to brightness and contrast; 0 for a flat box);
* 'pixel_binary' (W*H): the region itself, scaled (fraction of region pixels per cell);
* 'gradient_8dir' (8*W*H): per pixel of the stretched box the gradient magnitude split over
  8 direction bins;
* 'projection_horizontal' (H) / 'projection_vertical' (W): mean gray value per row / column
  (0 ... 1), and their '_invar' forms stretched to 0 ... 1.

Region features use the region at its original size:

* 'ratio' (1): height / width of the character box; 'width', 'height' (1 each): the box in
  pixels; 'zoom_factor' (2): width / WidthCharacter and height / HeightCharacter;
* 'anisometry' (1): Ra / Rb of the ellipse with the region's second moments;
* 'foreground' (1): region area / box area; 'foreground_grid_9' (9) and
  'foreground_grid_16' (16): the same fraction in the cells of a 3x3 / 4x4 grid on the box;
* 'convexity' (1): area / area of the convex hull; 'compactness' (1): perimeter^2 / (4 pi
  area) of the outer contours;
* 'moments_region_2nd_invar' (3): the second central moments m20, m02, m11 divided by the
  area squared (scale invariant);
* 'phi' (2): sin and cos of twice the orientation angle (continuous over a half turn);
* 'num_connect', 'num_holes' (1 each): components and holes (8-neighbourhood region).

The remaining names of HALCON's list ('cooc', 'moments_gray_plane', 'num_runs',
'chord_histo', 'moments_region_2nd_rel_invar', 'moments_region_3rd_invar',
'moments_central') are not provided: create_ocr_class_mlp gives a wrong-value error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hdlite.plugin import Image, Region

INTERPOLATIONS = ("constant", "weighted", "bilinear", "nearest_neighbor")


def _wh(w: int, h: int) -> int:
    return w * h


_SIZES: dict[str, Callable[[int, int], int]] = {
    "pixel": _wh,
    "pixel_invar": _wh,
    "pixel_binary": _wh,
    "gradient_8dir": lambda w, h: 8 * w * h,
    "projection_horizontal": lambda w, h: h,
    "projection_horizontal_invar": lambda w, h: h,
    "projection_vertical": lambda w, h: w,
    "projection_vertical_invar": lambda w, h: w,
    "ratio": lambda w, h: 1,
    "width": lambda w, h: 1,
    "height": lambda w, h: 1,
    "zoom_factor": lambda w, h: 2,
    "anisometry": lambda w, h: 1,
    "foreground": lambda w, h: 1,
    "foreground_grid_9": lambda w, h: 9,
    "foreground_grid_16": lambda w, h: 16,
    "convexity": lambda w, h: 1,
    "compactness": lambda w, h: 1,
    "moments_region_2nd_invar": lambda w, h: 3,
    "phi": lambda w, h: 2,
    "num_connect": lambda w, h: 1,
    "num_holes": lambda w, h: 1,
}

FEATURE_NAMES = ("default", *_SIZES)


def expand(names: tuple[str, ...]) -> list[str]:
    """The feature names with 'default' replaced by 'ratio', 'pixel_invar'."""
    out: list[str] = []
    for name in names:
        out.extend(("ratio", "pixel_invar") if name == "default" else (name,))
    return out


def unknown(names: tuple[str, ...]) -> list[str]:
    """The names that are not features hdlite computes."""
    return [n for n in names if n not in FEATURE_NAMES]


def num_features(names: tuple[str, ...], width: int, height: int) -> int:
    """Length of the feature vector for ``names`` and the character size."""
    return sum(_SIZES[n](width, height) for n in expand(names))


@dataclass
class Character:
    """One character cut out of its image: the box's gray values and the region in it."""

    gray: np.ndarray  # float64 (h, w), background-filled outside the region
    mask: np.ndarray  # bool (h, w)
    full_scale: float  # 255 for byte, 65535 for uint2


def cut(image: Image, region: Region) -> Character:
    """The character box of ``region`` in ``image`` (first channel); empty if none."""
    r1, c1, r2, c2 = region.clip(0, 0, image.height - 1, image.width - 1).bbox()
    scale = 65535.0 if image.pixel_type == "uint2" else 255.0
    if r2 < r1:
        return Character(np.zeros((0, 0)), np.zeros((0, 0), dtype=bool), scale)
    gray = image.data[0, r1 : r2 + 1, c1 : c2 + 1].astype(np.float64)
    mask = region.translate(-r1, -c1).to_mask(r2 - r1 + 1, c2 - c1 + 1)
    outside = ~mask
    if outside.any():
        gray = gray.copy()
        gray[outside] = float(np.median(gray[outside]))
    return Character(gray, mask, scale)


def _resize(a: np.ndarray, width: int, height: int, interpolation: str) -> np.ndarray:
    import cv2

    src: np.ndarray = np.ascontiguousarray(a, dtype=np.float32)
    if interpolation == "nearest_neighbor":
        flag = cv2.INTER_NEAREST
    elif interpolation == "bilinear":
        flag = cv2.INTER_LINEAR
    else:
        if interpolation == "weighted":
            sigma = 0.5 * max(a.shape[0] / height, a.shape[1] / width, 1.0)
            src = cv2.GaussianBlur(src, (0, 0), sigma)
        flag = cv2.INTER_AREA
    return cv2.resize(src, (width, height), interpolation=flag).astype(np.float64)


def _stretch(a: np.ndarray) -> np.ndarray:
    lo, hi = float(a.min()), float(a.max())
    return (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)


def _gradient_8dir(a: np.ndarray) -> np.ndarray:
    gr = np.gradient(a, axis=0) if a.shape[0] > 1 else np.zeros_like(a)
    gc = np.gradient(a, axis=1) if a.shape[1] > 1 else np.zeros_like(a)
    mag = np.hypot(gr, gc)
    k = np.floor((np.arctan2(-gr, gc) % (2 * math.pi)) / (math.pi / 4) + 0.5).astype(int) % 8
    out = np.zeros((8, *a.shape))
    np.put_along_axis(out, k[None], mag[None], axis=0)
    return out.ravel()


def _grid(mask: np.ndarray, n: int) -> list[float]:
    h, w = mask.shape
    rows = np.linspace(0, h, n + 1).round().astype(int)
    cols = np.linspace(0, w, n + 1).round().astype(int)
    out = []
    for i in range(n):
        for j in range(n):
            cell = mask[rows[i] : rows[i + 1], cols[j] : cols[j + 1]]
            out.append(float(cell.mean()) if cell.size else 0.0)
    return out


def _moments(mask: np.ndarray) -> tuple[float, float, float, float]:
    """Area and central second moments m20, m02, m11 (per pixel) of the region."""
    rr, cc = np.nonzero(mask)
    area = float(rr.size)
    if area == 0:
        return 0.0, 0.0, 0.0, 0.0
    r, c = rr - rr.mean(), cc - cc.mean()
    return area, float((r * r).mean()), float((c * c).mean()), float((r * c).mean())


def _contours(mask: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Outer and hole contours of the region and their hierarchy (OpenCV's RETR_CCOMP)."""
    import cv2

    padded = np.pad(mask.astype(np.uint8), 1)
    found, hierarchy = cv2.findContours(padded, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    return list(found), np.asarray(hierarchy).reshape(1, -1, 4)


def _region_feature(name: str, ch: Character, width: int, height: int) -> list[float]:
    mask = ch.mask
    h, w = mask.shape
    if mask.size == 0 or not mask.any():
        return [0.0] * _SIZES[name](width, height)
    if name == "ratio":
        return [h / w]
    if name in ("width", "height"):
        return [float(w if name == "width" else h)]
    if name == "zoom_factor":
        return [w / width, h / height]
    if name == "foreground":
        return [float(mask.mean())]
    if name in ("foreground_grid_9", "foreground_grid_16"):
        return _grid(mask, 3 if name.endswith("9") else 4)
    area, m20, m02, m11 = _moments(mask)
    if name == "moments_region_2nd_invar":
        return [m20 / area, m02 / area, m11 / area]
    if name in ("anisometry", "phi"):
        root = math.sqrt((m20 - m02) ** 2 + 4 * m11 * m11)
        if name == "phi":
            phi = -0.5 * math.atan2(2 * m11, m02 - m20)
            return [math.sin(2 * phi), math.cos(2 * phi)]
        ra, rb = math.sqrt(max(m20 + m02 + root, 0)), math.sqrt(max(m20 + m02 - root, 0))
        return [ra / rb if rb > 0 else 0.0]
    import cv2

    contours, hierarchy = _contours(mask)
    outer = [c for c, info in zip(contours, hierarchy[0], strict=True) if info[3] < 0]
    if name == "num_connect":
        return [float(len(outer))]
    if name == "num_holes":
        return [float(len(contours) - len(outer))]
    if name == "convexity":
        hull = cv2.convexHull(np.vstack(outer))
        hull_mask = np.zeros((h + 2, w + 2), dtype=np.uint8)
        cv2.fillPoly(hull_mask, [hull], 1)
        return [area / max(float(hull_mask.sum()), area)]
    # compactness
    perimeter = sum(cv2.arcLength(c, True) for c in outer)
    return [perimeter * perimeter / (4 * math.pi * area)]


def features(
    ch: Character, names: tuple[str, ...], width: int, height: int, interpolation: str
) -> np.ndarray:
    """The feature vector of one character (layout: module docstring)."""
    out: list[np.ndarray | list[float]] = []
    empty = ch.mask.size == 0
    if not empty:
        gray = _resize(ch.gray, width, height, interpolation) / ch.full_scale
        binary = _resize(ch.mask.astype(np.float64), width, height, interpolation)
    else:
        gray = binary = np.zeros((height, width))
    for name in expand(names):
        if name == "pixel":
            out.append(gray.ravel())
        elif name == "pixel_invar":
            out.append(_stretch(gray).ravel())
        elif name == "pixel_binary":
            out.append(binary.ravel())
        elif name == "gradient_8dir":
            out.append(_gradient_8dir(_stretch(gray)))
        elif name.startswith("projection_"):
            axis = 1 if name.startswith("projection_horizontal") else 0
            proj = gray.mean(axis=axis)
            out.append(_stretch(proj) if name.endswith("_invar") else proj)
        else:
            out.append(_region_feature(name, ch, width, height))
    return np.concatenate([np.asarray(v, dtype=np.float64) for v in out])
