"""Shape features of one region, with HALCON's definitions (spec §2.5-3, §3.3).

:class:`Shape` computes each feature at most once. Moments come from the region's chords;
contours, hulls and distances use pixel centres (spec G8). An empty region has every
feature 0 (G3). Sources and choices, settled with MVTec's reference pages (``search`` tool):

* moments_region_2nd: M20 = sum (r - r̄)², M02 = sum (c - c̄)², M11 = sum (r - r̄)(c - c̄)
  over the pixels (not divided by the area); elliptic_axis uses the same moments divided by
  the area, which gives Ra = sqrt((W² - 1) / 3) for a W pixel wide rectangle (spec §5).
  Ia/Ib are the eigenvalues of the (unnormalised) covariance matrix [unverified: the page's
  formula is an image].
* contlength: steps between neighbouring contour points count 1, diagonal steps sqrt(2);
  the sum runs over the outer contours of all components, holes are not counted [doc].
* orientation_region: elliptic_axis's Phi, plus pi when the contour point farthest from the
  centre lies behind the centre along the main axis [doc]; the result is put in (-pi, pi]
  [unverified]; the first such point in contour order decides ties.
* rectangularity: the rectangle with the region's first and second moments is compared with
  the region; 1 - |symmetric difference| / |rectangle|, at least 0 [doc: based on the area of
  the difference normalised by the rectangle's area]. The rectangle's half lengths are
  sqrt(3 λ) of the moments of the pixel *areas* (λ + 1/12), so a digital rectangle gives 1.
* circularity = min(1, F / (max² π)), max = largest centre-to-contour distance [doc];
  compactness = max(1, L² / (4 F π)), L = contlength [spec, doc]; convexity = F / area of
  the convex hull's pixels [unverified: pixel area, so convex regions give exactly 1].
* eccentricity: Ra / Rb, π Ra Rb / F, anisometry · bulkiness - 1 [doc]; hdlite returns 0
  for the anisometry and the structure factor of a region with Rb = 0 [unverified].
* roundness: mean D and deviation S of the contour-to-centre distances, 1 - S / D and
  1.4111 (D / S)^0.4724 [spec, unverified]; Sides is 0 when S = 0 [unverified].
* inner_circle: the pixel with the largest distance to the background (first in raster
  order), radius = that distance - 0.5, so gen_circle of the result stays in the region
  [unverified]. smallest_circle and smallest_rectangle2 enclose the pixel centres (doc of
  shape_trans: the circle "can be too small by up to 1/sqrt(2) - 0.5").
"""

from __future__ import annotations

import math
from functools import cached_property

import numpy as np

from hdlite.plugin import Region

from ._region_tools import (
    chain_length,
    components,
    fill_polygon_rows,
    holes,
    hull_points,
    max_pairwise,
    outer_contours,
)


def normalize_half_turn(phi: float) -> float:
    """An axis angle in (-pi/2, pi/2]."""
    while phi <= -math.pi / 2:
        phi += math.pi
    while phi > math.pi / 2:
        phi -= math.pi
    return phi


def min_circle(points: np.ndarray) -> tuple[float, float, float]:
    """Smallest circle (row, col, radius) enclosing the points (Welzl, deterministic order)."""
    pts = [tuple(map(float, p)) for p in points]
    if not pts:
        return (0.0, 0.0, 0.0)
    order = np.random.default_rng(0).permutation(len(pts))
    pts = [pts[i] for i in order]

    def inside(c: tuple[float, float, float], p: tuple[float, ...]) -> bool:
        return math.hypot(p[0] - c[0], p[1] - c[1]) <= c[2] + 1e-9

    def two(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, float, float]:
        r, c = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        return (r, c, math.hypot(a[0] - r, a[1] - c))

    def three(
        a: tuple[float, ...], b: tuple[float, ...], p: tuple[float, ...]
    ) -> tuple[float, float, float]:
        ax, ay, bx, by, cx, cy = a[0], a[1], b[0], b[1], p[0], p[1]
        d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
        if abs(d) < 1e-12:  # collinear: the widest pair
            cands = [two(a, b), two(a, p), two(b, p)]
            return max(cands, key=lambda c: c[2])
        ux = ((ax * ax + ay * ay) * (by - cy) + (bx * bx + by * by) * (cy - ay)) / d
        ux += (cx * cx + cy * cy) * (ay - by) / d
        uy = ((ax * ax + ay * ay) * (cx - bx) + (bx * bx + by * by) * (ax - cx)) / d
        uy += (cx * cx + cy * cy) * (bx - ax) / d
        return (ux, uy, math.hypot(ax - ux, ay - uy))

    circle = (pts[0][0], pts[0][1], 0.0)
    for i, p in enumerate(pts):
        if inside(circle, p):
            continue
        circle = (p[0], p[1], 0.0)
        for j in range(i):
            q = pts[j]
            if inside(circle, q):
                continue
            circle = two(p, q)
            for k in range(j):
                if not inside(circle, pts[k]):
                    circle = three(p, q, pts[k])
    return circle


class Shape:
    """The features of one region, computed on demand and cached."""

    def __init__(self, region: Region, connectivity: int = 8) -> None:
        self.region = region
        self.connectivity = connectivity
        self.area = region.area()

    @cached_property
    def row(self) -> float:
        """Row of the centre of gravity."""
        return self.region.centroid()[0]

    @cached_property
    def column(self) -> float:
        """Column of the centre of gravity."""
        return self.region.centroid()[1]

    # --- moments ---------------------------------------------------------------------------

    @cached_property
    def elliptic(self) -> tuple[float, float, float]:
        """(Ra, Rb, Phi) of the ellipse with the region's second moments."""
        if self.area == 0:
            return (0.0, 0.0, 0.0)
        m20, m02, m11 = self.region.moments()
        root = math.sqrt((m20 - m02) ** 2 + 4.0 * m11 * m11)
        ra = math.sqrt(max(2.0 * (m20 + m02 + root), 0.0))
        rb = math.sqrt(max(2.0 * (m20 + m02 - root), 0.0))
        phi = -0.5 * math.atan2(2.0 * m11, m02 - m20) if root > 1e-12 else 0.0
        return (ra, rb, normalize_half_turn(phi))

    @cached_property
    def moments_2nd(self) -> tuple[float, float, float, float, float]:
        """(M11, M20, M02, Ia, Ib) of moments_region_2nd (sums over the pixels)."""
        m20, m02, m11 = (v * self.area for v in self.region.moments())
        half = math.sqrt(((m20 - m02) / 2.0) ** 2 + m11 * m11)
        mean = (m20 + m02) / 2.0
        return (m11, m20, m02, mean + half, max(mean - half, 0.0))

    # --- contour, hull ---------------------------------------------------------------------

    @cached_property
    def contours(self) -> list[np.ndarray]:
        """Outer contour chains (row, col) of the components."""
        return outer_contours(self.region)

    @cached_property
    def contour_points(self) -> np.ndarray:
        """All contour points, chain after chain."""
        if not self.contours:
            return np.zeros((0, 2), dtype=np.int64)
        return np.concatenate(self.contours)

    @cached_property
    def contlength(self) -> float:
        """Total length of the outer contours."""
        return float(sum(chain_length(c) for c in self.contours))

    @cached_property
    def center_distances(self) -> np.ndarray:
        """Distances of the contour points to the centre of gravity."""
        p = self.contour_points.astype(np.float64)
        return np.hypot(p[:, 0] - self.row, p[:, 1] - self.column)

    @cached_property
    def hull(self) -> np.ndarray:
        """Convex hull vertices (row, col) of the pixel centres."""
        return hull_points(self.region)

    @cached_property
    def convex_area(self) -> int:
        """Pixels whose centre lies in the convex hull."""
        return fill_polygon_rows(self.hull).area() if self.area else 0

    # --- enclosing and inscribed shapes ----------------------------------------------------

    @cached_property
    def rectangle2(self) -> tuple[float, float, float, float, float]:
        """(Row, Column, Phi, Length1, Length2) of the smallest enclosing rotated rectangle."""
        pts = self.hull.astype(np.float64)
        if len(pts) == 0:
            return (0.0, 0.0, 0.0, 0.0, 0.0)
        if len(pts) == 1:
            return (float(pts[0, 0]), float(pts[0, 1]), 0.0, 0.0, 0.0)
        d = np.roll(pts, -1, axis=0) - pts
        norm = np.hypot(d[:, 0], d[:, 1])
        d, norm = d[norm > 0], norm[norm > 0]
        u = d / norm[:, None]  # (drow, dcol) along each hull edge
        v = np.stack([u[:, 1], -u[:, 0]], axis=1)
        pu, pv = pts @ u.T, pts @ v.T  # projections: points x edges
        width = pu.max(axis=0) - pu.min(axis=0)
        height = pv.max(axis=0) - pv.min(axis=0)
        area = width * height
        k = int(np.flatnonzero(area <= area.min() + 1e-9)[0])
        centre = u[k] * (pu[:, k].max() + pu[:, k].min()) / 2
        centre = centre + v[k] * (pv[:, k].max() + pv[:, k].min()) / 2
        row, col = centre
        ur, uc, l_u = u[k, 0], u[k, 1], width[k] / 2
        vr, vc, l_v = v[k, 0], v[k, 1], height[k] / 2
        axes = [(l_u, ur, uc), (l_v, vr, vc)]
        axes.sort(
            key=lambda a: (-round(a[0], 9), abs(normalize_half_turn(math.atan2(-a[1], a[2]))))
        )
        (len1, dr, dc), (len2, _, _) = axes
        phi = normalize_half_turn(math.atan2(-dr, dc))
        return (float(row), float(col), phi, float(len1), float(len2))

    @cached_property
    def outer_circle(self) -> tuple[float, float, float]:
        """(Row, Column, Radius) of the smallest circle around the pixel centres."""
        return min_circle(self.hull) if self.area else (0.0, 0.0, 0.0)

    @cached_property
    def inner_circle(self) -> tuple[float, float, float]:
        """(Row, Column, Radius) of the largest circle inside the region."""
        import cv2

        if self.area == 0:
            return (0.0, 0.0, 0.0)
        r0, c0, mask = self.region.raster(pad=1)
        dist = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
        idx = int(np.argmax(dist))
        r, c = divmod(idx, dist.shape[1])
        return (float(r + r0), float(c + c0), max(float(dist[r, c]) - 0.5, 0.0))

    @cached_property
    def inner_rectangle1(self) -> tuple[int, int, int, int]:
        """(Row1, Column1, Row2, Column2) of the largest axis-parallel inner rectangle."""
        from hdlite_image.regions import largest_inner_rectangle

        r0, c0, mask = self.region.raster()
        best = largest_inner_rectangle(mask) if self.area else None
        if best is None:
            return (0, 0, 0, 0)
        return (best[0] + r0, best[1] + c0, best[2] + r0, best[3] + c0)

    @cached_property
    def diameter(self) -> tuple[int, int, int, int, float]:
        """(Row1, Column1, Row2, Column2, Diameter): the two pixels farthest apart."""
        if self.area == 0:
            return (0, 0, 0, 0, 0.0)
        i, j, d = max_pairwise(self.hull)
        a, b = self.hull[i], self.hull[j]
        if (int(b[0]), int(b[1])) < (int(a[0]), int(a[1])):
            a, b = b, a
        return (int(a[0]), int(a[1]), int(b[0]), int(b[1]), d)

    # --- shape factors ---------------------------------------------------------------------

    @cached_property
    def circularity(self) -> float:
        """min(1, F / (max² π)) with max the largest centre-to-contour distance."""
        if self.area == 0:
            return 0.0
        far = float(self.center_distances.max())
        return 1.0 if far == 0.0 else min(1.0, self.area / (far * far * math.pi))

    @cached_property
    def compactness(self) -> float:
        """max(1, L² / (4 F π)) with L the contour length."""
        if self.area == 0:
            return 0.0
        return max(1.0, self.contlength**2 / (4.0 * self.area * math.pi))

    @cached_property
    def convexity(self) -> float:
        """Area / area of the convex hull."""
        return self.area / self.convex_area if self.area else 0.0

    @cached_property
    def rectangularity(self) -> float:
        """1 - |region Δ rectangle of equal moments| / |rectangle|, at least 0."""
        from ._region_tools import rotated_rectangle

        if self.area == 0:
            return 0.0
        m20, m02, m11 = self.region.moments()
        m20, m02 = m20 + 1.0 / 12.0, m02 + 1.0 / 12.0
        half = math.sqrt(((m20 - m02) / 2.0) ** 2 + m11 * m11)
        lam1, lam2 = (m20 + m02) / 2.0 + half, max((m20 + m02) / 2.0 - half, 0.0)
        phi = self.elliptic[2]
        rect = rotated_rectangle(
            self.row, self.column, phi, math.sqrt(3 * lam1), math.sqrt(3 * lam2)
        )
        if rect.area() == 0:
            return 0.0
        common = _intersection_area(self.region, rect)
        diff = (self.area - common) + (rect.area() - common)
        return max(0.0, 1.0 - diff / rect.area())

    @cached_property
    def eccentricity(self) -> tuple[float, float, float]:
        """(Anisometry, Bulkiness, StructureFactor)."""
        ra, rb, _ = self.elliptic
        if self.area == 0:
            return (0.0, 0.0, 0.0)
        bulk = math.pi * ra * rb / self.area
        if rb == 0.0:
            return (0.0, bulk, 0.0)
        anis = ra / rb
        return (anis, bulk, anis * bulk - 1.0)

    @cached_property
    def roundness(self) -> tuple[float, float, float, float]:
        """(Distance, Sigma, Roundness, Sides) from the contour-to-centre distances."""
        if self.area == 0:
            return (0.0, 0.0, 0.0, 0.0)
        d = self.center_distances
        mean = float(d.mean())
        sigma = float(np.sqrt(((d - mean) ** 2).mean()))
        if mean == 0.0:
            return (0.0, sigma, 0.0, 0.0)
        rnd = 1.0 - sigma / mean
        sides = 1.4111 * (mean / sigma) ** 0.4724 if sigma > 0.0 else 0.0
        return (mean, sigma, rnd, sides)

    @cached_property
    def orientation(self) -> float:
        """elliptic_axis's Phi turned by pi when the farthest contour point lies behind."""
        if self.area == 0:
            return 0.0
        phi = self.elliptic[2]
        p = self.contour_points[int(np.argmax(self.center_distances))]
        along = (p[1] - self.column) * math.cos(phi) - (p[0] - self.row) * math.sin(phi)
        if along < -1e-9:
            phi += math.pi
        return phi - 2 * math.pi if phi > math.pi else phi

    @cached_property
    def topology(self) -> tuple[int, int, int]:
        """(number of components, number of holes, area of the holes)."""
        if self.area == 0:
            return (0, 0, 0)
        found = holes(self.region, self.connectivity)
        count = len(components(self.region, self.connectivity))
        return (count, len(found), sum(h.area() for h in found))


def _intersection_area(a: Region, b: Region) -> int:
    """Number of pixels two regions share."""
    ar1, ac1, ar2, ac2 = a.bbox()
    br1, bc1, br2, bc2 = b.bbox()
    r1, c1, r2, c2 = max(ar1, br1), max(ac1, bc1), min(ar2, br2), min(ac2, bc2)
    if r2 < r1 or c2 < c1:
        return 0
    h, w = r2 - r1 + 1, c2 - c1 + 1
    ma = a.translate(-r1, -c1).to_mask(h, w)
    mb = b.translate(-r1, -c1).to_mask(h, w)
    return int(np.count_nonzero(ma & mb))
