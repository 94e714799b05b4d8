"""Colour-space formulas on float RGB in [0, 1] (used by :mod:`.color`).

Every space maps (r, g, b) to three components with a known value range; ``RANGES``
gives (low, high) per component and whether it is a hue (an angle in radians, [0, 2pi)).
Formulas are the textbook definitions HALCON's trans_from_rgb names [doc: trans_from_rgb
lists the spaces; the exact constants below are [unverified] except where noted].
"""

from __future__ import annotations

import math

import numpy as np

TWO_PI = 2.0 * math.pi
SQRT23 = math.sqrt(2.0 / 3.0)

YIQ = np.array(
    [[0.299, 0.587, 0.114], [0.595716, -0.274453, -0.321263], [0.211456, -0.522591, 0.311135]]
)
YUV = np.array([[0.299, 0.587, 0.114], [-0.14713, -0.28886, 0.436], [0.615, -0.51499, -0.10001]])
ARGYB = np.array([[0.30, 0.59, 0.11], [0.5, -0.5, 0.0], [0.25, 0.25, -0.5]])
I1I2I3 = np.array([[1 / 3, 1 / 3, 1 / 3], [0.5, 0.0, -0.5], [-0.25, 0.5, -0.25]])
XYZ = np.array(
    [
        [0.412453, 0.357580, 0.180423],
        [0.212671, 0.715160, 0.072169],
        [0.019334, 0.119193, 0.950227],
    ]
)
WHITE = XYZ.sum(axis=1)  # D65 white of the matrix: X_w, Y_w, Z_w
HSI = np.array(
    [
        [2 / math.sqrt(6), -1 / math.sqrt(6), -1 / math.sqrt(6)],
        [0.0, 1 / math.sqrt(2), -1 / math.sqrt(2)],
        [1 / math.sqrt(3), 1 / math.sqrt(3), 1 / math.sqrt(3)],
    ]
)
LINEAR = {"yiq": YIQ, "yuv": YUV, "argyb": ARGYB, "i1i2i3": I1I2I3, "ciexyz": XYZ}


def _linear_range(m: np.ndarray) -> list[tuple[float, float, bool]]:
    return [(float(np.minimum(row, 0).sum()), float(np.maximum(row, 0).sum()), False) for row in m]


def _lab_f(t: np.ndarray) -> np.ndarray:
    eps = (6.0 / 29.0) ** 3
    return np.where(t > eps, np.cbrt(t), t / (3 * (6.0 / 29.0) ** 2) + 4.0 / 29.0)


def _lab_finv(f: np.ndarray) -> np.ndarray:
    return np.where(f > 6.0 / 29.0, f**3, 3 * (6.0 / 29.0) ** 2 * (f - 4.0 / 29.0))


def _hue(r: np.ndarray, g: np.ndarray, b: np.ndarray, mx: np.ndarray, delta: np.ndarray):
    safe = np.where(delta > 0, delta, 1.0)
    h = np.where(
        mx == r, (g - b) / safe, np.where(mx == g, 2.0 + (b - r) / safe, 4.0 + (r - g) / safe)
    )
    return np.where(delta > 0, (h * math.pi / 3.0) % TWO_PI, 0.0)


def forward(space: str, rgb: np.ndarray) -> np.ndarray:
    """(3, ...) components of ``space`` for (3, ...) RGB in [0, 1]."""
    r, g, b = rgb
    if space in LINEAR:
        return np.tensordot(LINEAR[space], rgb, axes=1)
    if space == "cielab":
        x, y, z = (np.tensordot(XYZ, rgb, axes=1).T / WHITE).T
        fx, fy, fz = _lab_f(x), _lab_f(y), _lab_f(z)
        return np.stack([116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)])
    if space == "hsi":
        m1, m2, i1 = np.tensordot(HSI, rgb, axes=1)
        h = np.where(np.hypot(m1, m2) > 1e-12, np.arctan2(m2, m1) % TWO_PI, 0.0)
        return np.stack([h, np.hypot(m1, m2), i1 / math.sqrt(3.0)])
    mx, mn = rgb.max(axis=0), rgb.min(axis=0)
    delta = mx - mn
    if space == "hsv":
        s = np.where(mx > 0, delta / np.where(mx > 0, mx, 1.0), 0.0)
        return np.stack([_hue(r, g, b, mx, delta), s, mx])
    if space == "hls":
        light = (mx + mn) / 2.0
        denom = np.where(light <= 0.5, mx + mn, 2.0 - mx - mn)
        s = np.where(delta > 0, delta / np.where(denom > 0, denom, 1.0), 0.0)
        return np.stack([_hue(r, g, b, mx, delta), light, s])
    # ihs: intensity, then the hue of the arccos formula, then saturation
    inten = (r + g + b) / 3.0
    s = np.where(inten > 0, 1.0 - mn / np.where(inten > 0, inten, 1.0), 0.0)
    num = 0.5 * ((r - g) + (r - b))
    den = np.sqrt((r - g) ** 2 + (r - b) * (g - b))
    cos = np.clip(num / np.where(den > 0, den, 1.0), -1.0, 1.0)
    h = np.where(den > 0, np.arccos(cos), 0.0)
    h = np.where((b > g) & (den > 0), TWO_PI - h, h)
    return np.stack([inten, h, s])


def _from_hue_sectors(h: np.ndarray, chroma: np.ndarray, low: np.ndarray) -> np.ndarray:
    """RGB from hue (radians), a chroma and the minimum component (HSV/HLS)."""
    hp = (h % TWO_PI) / (math.pi / 3.0)
    x = chroma * (1.0 - np.abs(hp % 2.0 - 1.0))
    sector = np.floor(hp).astype(np.int64) % 6
    zero = np.zeros_like(h)
    table = [
        (chroma, x, zero),
        (x, chroma, zero),
        (zero, chroma, x),
        (zero, x, chroma),
        (x, zero, chroma),
        (chroma, zero, x),
    ]
    out = [np.choose(sector, [t[i] for t in table]) + low for i in range(3)]
    return np.stack(out)


def inverse(space: str, comps: np.ndarray) -> np.ndarray:
    """(3, ...) RGB (unclipped) from the components of ``space``."""
    if space in LINEAR:
        return np.tensordot(np.linalg.inv(LINEAR[space]), comps, axes=1)
    c1, c2, c3 = comps
    if space == "cielab":
        fy = (c1 + 16.0) / 116.0
        xyz = np.stack([_lab_finv(fy + c2 / 500.0), _lab_finv(fy), _lab_finv(fy - c3 / 200.0)])
        xyz = (xyz.T * WHITE).T
        return np.tensordot(np.linalg.inv(XYZ), xyz, axes=1)
    if space == "hsi":
        m = np.stack([c2 * np.cos(c1), c2 * np.sin(c1), c3 * math.sqrt(3.0)])
        return np.tensordot(HSI.T, m, axes=1)
    if space == "hsv":
        chroma = c3 * c2
        return _from_hue_sectors(c1, chroma, c3 - chroma)
    if space == "hls":
        chroma = (1.0 - np.abs(2.0 * c2 - 1.0)) * c3
        return _from_hue_sectors(c1, chroma, c2 - chroma / 2.0)
    # ihs: (I, H, S), hue in 120-degree sectors
    inten, h, s = c1, c2 % TWO_PI, c3
    third = TWO_PI / 3.0
    sector = np.floor(h / third).astype(np.int64) % 3
    hh = h - sector * third
    low = inten * (1.0 - s)
    high = inten * (1.0 + s * np.cos(hh) / np.cos(math.pi / 3.0 - hh))
    mid = 3.0 * inten - low - high
    r = np.choose(sector, [high, low, mid])
    g = np.choose(sector, [mid, high, low])
    b = np.choose(sector, [low, mid, high])
    return np.stack([r, g, b])


def _lab_ranges() -> list[tuple[float, float, bool]]:
    corners = np.array(np.meshgrid([0.0, 1.0], [0.0, 1.0], [0.0, 1.0])).reshape(3, -1)
    lab = forward("cielab", corners)
    return [(0.0, 100.0, False)] + [
        (float(lab[i].min()), float(lab[i].max()), False) for i in (1, 2)
    ]


#: (low, high, is_hue) of each component of each space
RANGES: dict[str, list[tuple[float, float, bool]]] = {
    name: _linear_range(m) for name, m in LINEAR.items()
}
RANGES |= {
    "hsv": [(0.0, TWO_PI, True), (0.0, 1.0, False), (0.0, 1.0, False)],
    "hls": [(0.0, TWO_PI, True), (0.0, 1.0, False), (0.0, 1.0, False)],
    "hsi": [(0.0, TWO_PI, True), (0.0, SQRT23, False), (0.0, 1.0, False)],
    "ihs": [(0.0, 1.0, False), (0.0, TWO_PI, True), (0.0, 1.0, False)],
    "cielab": _lab_ranges(),
}
#: which component of each space is a saturation (coded 0..10000 in uint2 images)
SATURATION = {"hsv": 1, "hls": 2, "hsi": 1, "ihs": 2}
