"""Character segmentation of find_text: candidates, lines, touching characters, fragments.

hdlite's method (HALCON's own is not documented; everything here is [unverified] beyond the
parameter meanings of set_text_model_param):

1. per polarity the image is turned so that ink is dark (light_on_dark: full scale minus
   gray value); an image whose gray values inside the domain span less than 'min_contrast'
   has no text; otherwise Otsu's threshold of the domain's histogram separates ink from
   background, and a component whose mean gray value is less than 'min_contrast' below
   the median background is dropped. Dot print: the ink is dilated by 3/4 of the median dot
   height first, so that the dots of a character merge;
2. 8-connected components; one that spans 80 % of the domain's height and width is the
   background; 'eliminate_border_blobs' drops those that touch the domain's border;
   components within the character height range (and stroke width range, when set) are
   character candidates, smaller ones fragments. 'default' sizes: characters are at least
   max(5, 0.35 * the 75th percentile of component heights) and at most 95 % of the domain's
   height; widths and strokes are unlimited;
3. candidates form one line when neighbours overlap vertically by half the smaller height,
   their heights differ by at most a factor 2 and the horizontal gap is at most 1.2 times
   the larger height (single linkage); a line of a character less than half the median
   height of all characters is noise;
4. 'separate_touching_chars': a character wider than 1.5 times the line's typical width
   (the median width of its characters not wider than high, else 0.65 times its height) is
   cut into round(width / typical) pieces, at the ink projection's minimum near each
   equal cut (within 15 % of the typical width, 'enhanced' 35 %);
5. 'add_fragments': a fragment joins the character it overlaps in columns and lies within
   half a line height of; other fragments inside a line's band become punctuation
   candidates when the classifier has punctuation classes;
6. lines are sorted top to bottom, then left to right, characters left to right.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Settings:
    """What segmentation needs of a text model's parameters (None: 'default')."""

    polarities: tuple[str, ...] = ("dark_on_light", "light_on_dark")
    min_contrast: float = 15.0
    min_h: float | None = None
    max_h: float | None = None
    min_w: float | None = None
    max_w: float | None = None
    min_stroke: float | None = None
    max_stroke: float | None = None
    char_w: float | None = None  # typical width (manual mode)
    eliminate_border: bool = False
    add_fragments: bool = True
    separate: str = "standard"
    dot_print: bool = False
    horizontal_lines: bool = False
    fragment_min_area: float = 2.0
    punctuation: bool = False


@dataclass
class Blob:
    """A character: its bounding box (inclusive) and the mask inside it."""

    r1: int
    c1: int
    r2: int
    c2: int
    mask: np.ndarray

    @property
    def h(self) -> int:
        return self.r2 - self.r1 + 1

    @property
    def w(self) -> int:
        return self.c2 - self.c1 + 1

    def merged(self, other: Blob) -> Blob:
        """The union of two blobs."""
        r1, c1 = min(self.r1, other.r1), min(self.c1, other.c1)
        r2, c2 = max(self.r2, other.r2), max(self.c2, other.c2)
        mask = np.zeros((r2 - r1 + 1, c2 - c1 + 1), dtype=bool)
        for b in (self, other):
            mask[b.r1 - r1 : b.r2 - r1 + 1, b.c1 - c1 : b.c2 - c1 + 1] |= b.mask
        return Blob(r1, c1, r2, c2, mask)


@dataclass
class Line:
    """One text line of one polarity, characters left to right."""

    polarity: str
    chars: list[Blob] = field(default_factory=list)

    @property
    def height(self) -> float:
        return float(np.median([c.h for c in self.chars]))


@dataclass
class Segmentation:
    """Lines of every polarity, and per polarity the threshold and the ink-dark image."""

    lines: list[Line]
    thresholds: list[float]
    images: list[np.ndarray]


def otsu(values: np.ndarray) -> float:
    """Otsu's threshold of ``values`` (float)."""
    lo, hi = float(values.min()), float(values.max())
    if hi <= lo:
        return lo
    hist, edges = np.histogram(values, bins=256, range=(lo, hi))
    p = hist.astype(np.float64) / hist.sum()
    centers = (edges[:-1] + edges[1:]) / 2
    w0 = np.cumsum(p)
    m0 = np.cumsum(p * centers)
    total = m0[-1]
    w1 = 1.0 - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total * w0 - m0) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = -1.0
    return float(edges[int(np.argmax(between)) + 1])


def stroke_width(mask: np.ndarray) -> float:
    """Twice the mean distance to the background along the ridge of ``mask``."""
    import cv2

    padded = np.pad(mask.astype(np.uint8), 1)
    dt = cv2.distanceTransform(padded, cv2.DIST_L2, 3)
    ridge = (dt > 0) & (dt >= cv2.dilate(dt, np.ones((3, 3), np.uint8)))
    return 2.0 * float(dt[ridge].mean()) if ridge.any() else 0.0


def segment(gray: np.ndarray, domain: np.ndarray, full: float, s: Settings) -> Segmentation:
    """Text lines of ``gray`` (float, one channel) inside ``domain`` (bool)."""
    out = Segmentation([], [], [])
    for polarity in s.polarities:
        g = gray if polarity == "dark_on_light" else full - gray
        lines, threshold = _one_polarity(g, domain, polarity, s) if domain.any() else ([], 0.0)
        out.lines.extend(lines)
        out.thresholds.append(threshold)
        out.images.append(g)
    return out


def _components(ink: np.ndarray) -> list[Blob]:
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    blobs = []
    for k in range(1, n):
        c1, r1, w, h = (int(v) for v in stats[k, :4])
        mask = labels[r1 : r1 + h, c1 : c1 + w] == k
        blobs.append(Blob(r1, c1, r1 + h - 1, c1 + w - 1, mask))
    return blobs


def _ink(g: np.ndarray, domain: np.ndarray, s: Settings) -> tuple[np.ndarray, float]:
    import cv2

    values = g[domain]
    if float(values.max() - values.min()) < s.min_contrast:
        return np.zeros_like(domain), float(values.min())
    threshold = otsu(values)
    ink = (g <= threshold) & domain
    if s.horizontal_lines:
        length = int(2 * s.char_w) if s.char_w else max(3, domain.shape[1] // 3)
        kernel = np.ones((1, max(3, length)), np.uint8)
        ink &= ~(cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN, kernel) > 0)
    if s.dot_print and ink.any():
        heights = [b.h for b in _components(ink)]
        r = max(1, round(0.75 * float(np.median(heights))))
        disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
        ink = (cv2.dilate(ink.astype(np.uint8), disk) > 0) & domain
    return ink, threshold


def _one_polarity(
    g: np.ndarray, domain: np.ndarray, polarity: str, s: Settings
) -> tuple[list[Line], float]:
    ink, threshold = _ink(g, domain, s)
    rows, cols = np.flatnonzero(domain.any(axis=1)), np.flatnonzero(domain.any(axis=0))
    dr1, dc1, dr2, dc2 = rows[0], cols[0], rows[-1], cols[-1]
    dh, dw = dr2 - dr1 + 1, dc2 - dc1 + 1
    paper = g[domain & ~ink]
    background = float(np.median(paper[:: max(1, paper.size // 100_000)])) if paper.size else 0.0
    blobs = []
    for b in _components(ink):
        if b.h >= 0.8 * dh and b.w >= 0.8 * dw:
            continue
        touches = b.r1 <= dr1 or b.c1 <= dc1 or b.r2 >= dr2 or b.c2 >= dc2
        if s.eliminate_border and touches:
            continue
        mean = float(g[b.r1 : b.r2 + 1, b.c1 : b.c2 + 1][b.mask].mean())
        if background - mean < s.min_contrast:
            continue
        blobs.append(b)
    if not blobs:
        return [], threshold
    tall = float(np.percentile([b.h for b in blobs], 75))
    min_h = s.min_h if s.min_h is not None else max(5.0, 0.35 * tall)
    max_h = s.max_h if s.max_h is not None else 0.95 * dh
    chars, fragments = [], []
    for b in blobs:
        if b.h < min_h:
            if b.mask.sum() >= s.fragment_min_area:
                fragments.append(b)
        elif b.h <= max_h:
            chars.append(b)
    chars = [b for b in _drop_holes(chars, domain & ~ink) if _stroke_ok(b, s)]
    lines = [Line(polarity, group) for group in _group(chars)]
    if lines:
        median_h = float(np.median([c.h for c in chars]))
        lines = [ln for ln in lines if max(c.h for c in ln.chars) >= 0.5 * median_h]
    for ln in lines:
        ln.chars = _split_touching(ln, s)
        if s.add_fragments or s.punctuation:
            fragments = _attach(ln, fragments, s)
        ln.chars = [c for c in ln.chars if _width_ok(c, s)]
        ln.chars.sort(key=lambda c: (c.c1 + c.c2) / 2)
    lines = [ln for ln in lines if ln.chars]
    lines.sort(key=lambda ln: (min(c.r1 for c in ln.chars), min(c.c1 for c in ln.chars)))
    return lines, threshold


def _drop_holes(blobs: list[Blob], other: np.ndarray) -> list[Blob]:
    """Drop the holes of characters of the other polarity: components surrounded by one
    component of the other polarity that surrounds at most two of them."""
    import cv2
    from scipy import ndimage

    if not blobs:
        return blobs
    _, labels = cv2.connectedComponents(other.astype(np.uint8), connectivity=4)
    height, width = other.shape
    enclosing = []
    for b in blobs:
        k = 0
        if b.r1 > 0 and b.c1 > 0 and b.r2 < height - 1 and b.c2 < width - 1:
            padded = np.pad(ndimage.binary_fill_holes(b.mask), 1)
            grown = cv2.dilate(padded.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
            found = np.unique(labels[b.r1 - 1 : b.r2 + 2, b.c1 - 1 : b.c2 + 2][grown & ~padded])
            k = int(found[0]) if found.size == 1 else 0
        enclosing.append(k)
    counts: dict[int, int] = {}
    for k in enclosing:
        counts[k] = counts.get(k, 0) + 1
    return [b for b, k in zip(blobs, enclosing, strict=True) if k == 0 or counts[k] > 2]


def _stroke_ok(b: Blob, s: Settings) -> bool:
    if s.min_stroke is None and s.max_stroke is None:
        return True
    width = stroke_width(b.mask)
    if s.min_stroke is not None and width < s.min_stroke:
        return False
    return s.max_stroke is None or width <= s.max_stroke


def _width_ok(b: Blob, s: Settings) -> bool:
    if s.min_w is not None and b.w < s.min_w:
        return False
    return s.max_w is None or b.w <= s.max_w


def _group(chars: list[Blob]) -> list[list[Blob]]:
    """Single-linkage groups of candidates that sit side by side (module docstring)."""
    n = len(chars)
    if n == 0:
        return []
    order = sorted(range(n), key=lambda i: chars[i].c1)
    chars = [chars[i] for i in order]
    r1 = np.array([c.r1 for c in chars], dtype=np.float64)
    r2 = np.array([c.r2 for c in chars], dtype=np.float64)
    c1 = np.array([c.c1 for c in chars], dtype=np.float64)
    c2 = np.array([c.c2 for c in chars], dtype=np.float64)
    h = r2 - r1 + 1
    reach = float(c2.max() - c1.min()) if n else 0.0
    pairs: list[tuple[int, int]] = []
    for i in range(n):
        # candidates to the right whose left edge is within 1.2 * 2 * h[i] of this right edge
        stop = int(np.searchsorted(c1, c2[i] + min(2.4 * h[i], reach) + 1, side="right"))
        right = np.arange(i + 1, stop)
        if right.size == 0:
            continue
        overlap = np.minimum(r2[i], r2[right]) - np.maximum(r1[i], r1[right]) + 1
        small, large = np.minimum(h[i], h[right]), np.maximum(h[i], h[right])
        gap = np.maximum(c1[right] - c2[i], c1[i] - c2[right])
        ok = (overlap >= 0.5 * small) & (large <= 2.0 * small) & (gap <= 1.2 * large)
        pairs.extend((i, int(k)) for k in right[ok])
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        a, b = find(i), find(j)
        if a != b:
            parent[b] = a
    groups: dict[int, list[Blob]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(chars[i])
    return list(groups.values())


def _trim(b: Blob) -> Blob | None:
    rows = np.nonzero(b.mask.any(axis=1))[0]
    cols = np.nonzero(b.mask.any(axis=0))[0]
    if rows.size == 0:
        return None
    mask = b.mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    return Blob(b.r1 + rows[0], b.c1 + cols[0], b.r1 + rows[-1], b.c1 + cols[-1], mask)


def _split_touching(line: Line, s: Settings) -> list[Blob]:
    if s.separate == "false":
        return line.chars
    narrow = [c.w for c in line.chars if c.w <= c.h]
    typical = s.char_w or (float(np.median(narrow)) if narrow else 0.65 * line.height)
    window = (0.35 if s.separate == "enhanced" else 0.15) * typical
    out: list[Blob] = []
    for c in line.chars:
        if c.w <= 1.5 * typical or c.w <= 0.9 * c.h:
            out.append(c)
            continue
        pieces = max(2, round(c.w / typical))
        profile = c.mask.sum(axis=0)
        cuts = [0]
        for k in range(1, pieces):
            center = k * c.w / pieces
            lo = max(cuts[-1] + 1, int(center - window))
            hi = min(c.w - 1, int(center + window) + 1)
            cuts.append(lo + int(np.argmin(profile[lo:hi])) if hi > lo else int(center))
        cuts.append(c.w)
        for a, b in itertools.pairwise(cuts):
            piece = _trim(Blob(c.r1, c.c1 + a, c.r2, c.c1 + b - 1, c.mask[:, a:b]))
            if piece is not None:
                out.append(piece)
    return out


def _attach(line: Line, fragments: list[Blob], s: Settings) -> list[Blob]:
    """Join fragments to the line's characters; return those left over."""
    h = line.height
    top = min(c.r1 for c in line.chars)
    bottom = max(c.r2 for c in line.chars)
    left = min(c.c1 for c in line.chars)
    right = max(c.c2 for c in line.chars)
    rest = []
    for f in fragments:
        best, distance = -1, 0.5 * h
        for k, c in enumerate(line.chars):
            if min(c.c2, f.c2) < max(c.c1, f.c1):
                continue
            d = max(c.r1 - f.r2, f.r1 - c.r2, 0)
            if d <= distance:
                best, distance = k, d
        if best >= 0:
            if s.add_fragments:
                line.chars[best] = line.chars[best].merged(f)
        elif (
            s.punctuation
            and f.r1 >= top - 0.1 * h
            and f.r2 <= bottom + 0.2 * h
            and left - h <= f.c1 <= right + h
        ):
            line.chars.append(f)
        else:
            rest.append(f)
    return rest


def blocks(line: Line) -> list[int]:
    """Word lengths of a line: a gap wider than twice the median gap and 0.3 times the
    line height separates words."""
    chars = line.chars
    if len(chars) < 2:
        return [len(chars)]
    gaps = [b.c1 - a.c2 - 1 for a, b in itertools.pairwise(chars)]
    limit = max(2.0 * float(np.median(gaps)), 0.3 * line.height)
    out, count = [], 1
    for gap in gaps:
        if gap > limit:
            out.append(count)
            count = 0
        count += 1
    out.append(count)
    return out
