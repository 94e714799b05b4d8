"""Finding the classic calibration plate in an image: its region, its marks, their order.

The method (hdlite's own; HALCON's is not documented in this detail):

1. Smooth the image (Gaussian, ``sigma``) and threshold it at Otsu's level (then at a few
   levels around it). The inside of the black frame is a bright connected region whose holes
   are the marks; the first bright region with exactly as many mark-sized holes as the
   description has marks is the plate.
2. Each mark's centre is the centroid of its darkness ``(bright - g) / (bright - dark)``
   (clipped to [0, 1]) around the hole, bright and dark measured locally: a sub-pixel area
   centroid that blur and noise do not shift. Its second moments give the mark's ellipse.
3. The convex hull of the centres has the four corner marks as corners. Of the four ways to
   map the plate's corner marks onto them (keeping the orientation: the plate is seen from
   its front), those whose homography puts every mark next to one found centre are kept;
   the orientation triangle (darkest probe point) picks among them.

Failures: no plate region is HALCON's 8402 "No calibration table found"; a plate whose
marks cannot be matched is 8433 "Wrong number of calibration marks extracted"; no dark
triangle where one is described is 8431 "Orientation of calibration plate could not be
determined" (HALCON's error header).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._caltab_descr import Plate
from ._camera_model import Camera, undistort

NOT_FOUND, WRONG_MARKS, NO_ORIENTATION = 8402, 8433, 8431


@dataclass
class Found:
    """The plate in one image: mark centres in plate order, ellipses, region, start pose."""

    rows: np.ndarray
    cols: np.ndarray
    ellipses: np.ndarray  # n x 5: row, column, phi, radius1, radius2
    region: np.ndarray  # bool mask of the plate's inside (marks included)
    homography: np.ndarray  # plate (x, y) -> image (column, row)


class FindError(Exception):
    """The plate was not found; ``code`` is HALCON's error number."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(text)
        self.code = code


def _otsu(g: np.ndarray) -> float:
    hist, edges = np.histogram(g, bins=256)
    centres = (edges[:-1] + edges[1:]) / 2.0
    w0 = np.cumsum(hist)
    w1 = w0[-1] - w0
    m0 = np.cumsum(hist * centres)
    mu0 = m0 / np.maximum(w0, 1)
    mu1 = (m0[-1] - m0) / np.maximum(w1, 1)
    between = w0 * w1 * (mu0 - mu1) ** 2
    return float(centres[int(np.argmax(between))])


def plate_region(g: np.ndarray, n_marks: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """The plate's inside (filled) and the masks of its mark holes."""
    from scipy import ndimage

    t0 = _otsu(g)
    lo, hi = float(np.percentile(g, 2)), float(np.percentile(g, 98))
    for t in (t0, *(t0 + f * (hi - lo) for f in (-0.1, 0.1, -0.2, 0.2, -0.3))):
        bright = g > t
        labels, count = ndimage.label(bright)
        if count == 0:
            continue
        sizes = np.bincount(labels.reshape(-1))[1:]
        for lab in np.argsort(sizes)[::-1][:8] + 1:
            if sizes[lab - 1] < 4 * n_marks:
                break
            comp = labels == lab
            filled = ndimage.binary_fill_holes(comp)
            holes, nh = ndimage.label(filled & ~comp)
            if nh < n_marks:
                continue
            areas = np.bincount(holes.reshape(-1))[1:]
            typical = np.sort(areas)[::-1][:n_marks]
            keep = np.flatnonzero(areas >= 0.25 * float(np.median(typical))) + 1
            if keep.size == n_marks and float(np.min(areas[keep - 1])) >= 3:
                return filled, [holes == k for k in keep]
    raise FindError(NOT_FOUND, "no calibration plate found")


def _mark(g: np.ndarray, hole: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """Sub-pixel centroid and ellipse (row, col, phi, r1, r2) of one dark mark."""
    from scipy import ndimage

    rr, cc = np.nonzero(hole)
    pad = 4
    r0, r1 = max(0, rr.min() - pad), min(g.shape[0], rr.max() + pad + 1)
    c0, c1 = max(0, cc.min() - pad), min(g.shape[1], cc.max() + pad + 1)
    sub, h = g[r0:r1, c0:c1], hole[r0:r1, c0:c1]
    near = ndimage.binary_dilation(h, iterations=2)
    ring = ndimage.binary_dilation(h, iterations=4) & ~near & inside[r0:r1, c0:c1]
    bright = float(np.median(sub[ring])) if ring.any() else float(sub.max())
    dark = float(np.percentile(sub[h], 10))
    w = np.clip((bright - sub) / max(bright - dark, 1e-9), 0.0, 1.0) * near
    total = float(w.sum())
    ys, xs = np.mgrid[r0:r1, c0:c1]
    row, col = float((w * ys).sum() / total), float((w * xs).sum() / total)
    mrr = float((w * (ys - row) ** 2).sum() / total)
    mcc = float((w * (xs - col) ** 2).sum() / total)
    mrc = float((w * (ys - row) * (xs - col)).sum() / total)
    vals, vecs = np.linalg.eigh(np.array([[mcc, mrc], [mrc, mrr]]))
    major = vecs[:, 1]  # (column, row) of the major axis
    phi = float(np.arctan2(-major[1], major[0]))
    return np.array([row, col, phi, 2 * np.sqrt(max(vals[1], 0)), 2 * np.sqrt(max(vals[0], 0))])


def _corners(points: np.ndarray) -> np.ndarray:
    """Indices of the four corners of the convex hull of ``points`` (n x 2, col/row)."""
    import cv2

    pts = points.astype(np.float32)
    hull = cv2.convexHull(pts)
    length = cv2.arcLength(hull, True)
    for eps in np.linspace(0.005, 0.2, 60):
        approx = cv2.approxPolyDP(hull, eps * length, True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2)
            return np.array([int(np.argmin(np.sum((points - q) ** 2, axis=1))) for q in quad])
    raise FindError(WRONG_MARKS, "the marks do not form a quadrilateral grid")


def _signed_area(p: np.ndarray) -> float:
    x, y = p[:, 0], p[:, 1]
    return float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def _sample(g: np.ndarray, col: float, row: float) -> float:
    r, c = round(row), round(col)
    if 0 <= r < g.shape[0] and 0 <= c < g.shape[1]:
        return float(g[r, c])
    return float("inf")


def order_marks(
    plate: Plate, centres: np.ndarray, g: np.ndarray, dark_below: float
) -> tuple[np.ndarray, np.ndarray]:
    """Permutation putting ``centres`` (n x 2, col/row) in plate order, and the homography;
    the orientation triangle must be darker than ``dark_below``."""
    import cv2
    from scipy.spatial import cKDTree

    n = plate.rows * plate.cols
    grid = [0, plate.cols - 1, n - 1, n - plate.cols]
    plate_xy = np.column_stack([plate.x, plate.y])
    plate_quad = plate_xy[grid]
    quad_idx = _corners(centres)
    if _signed_area(centres[quad_idx]) * _signed_area(plate_quad) < 0:
        quad_idx = quad_idx[::-1]
    tree = cKDTree(centres)
    spacing = float(np.median(tree.query(centres, k=2)[0][:, 1]))
    probe = plate.triangle_probe()
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for shift in range(4):
        image_quad = centres[np.roll(quad_idx, -shift)].astype(np.float32)
        h = cv2.getPerspectiveTransform(plate_quad.astype(np.float32), image_quad)
        proj = cv2.perspectiveTransform(plate_xy[None].astype(np.float64), h)[0]
        dist, idx = tree.query(proj)
        if np.max(dist) > 0.45 * spacing or len(set(idx.tolist())) != n:
            continue
        h, _ = cv2.findHomography(plate_xy, centres[idx], 0)
        score = 0.0
        if probe is not None:
            # a homography of the nine marks next to the probe: lens distortion bends the
            # global one by pixels at the frame, and the probe area is only a few pixels
            near = np.argsort(np.hypot(plate.x - probe[0], plate.y - probe[1]))[:9]
            local, _ = cv2.findHomography(plate_xy[near], centres[idx[near]], 0)
            p = cv2.perspectiveTransform(np.array([[probe]], dtype=np.float64), local)[0, 0]
            score = _sample(g, float(p[0]), float(p[1]))
        if best is None or score < best[0]:
            best = (score, idx, h)
    if best is None:
        raise FindError(WRONG_MARKS, "the marks found do not match the plate description")
    if probe is not None and not best[0] < dark_below:
        raise FindError(NO_ORIENTATION, "no orientation mark found")
    return best[1], best[2]


def find_plate(g: np.ndarray, plate: Plate, sigma: float = 1.0) -> Found:
    """Find ``plate`` in the gray image ``g`` (float)."""
    from scipy import ndimage

    smooth = ndimage.gaussian_filter(g, sigma) if sigma > 0 else g
    inside, holes = plate_region(smooth, plate.rows * plate.cols)
    marks = np.array([_mark(g, h, inside) for h in holes])
    levels = smooth[inside]
    bright, dark = float(np.median(levels)), float(np.percentile(levels, 2))
    perm, hom = order_marks(plate, marks[:, [1, 0]], g, bright - 0.25 * (bright - dark))
    marks = marks[perm]
    return Found(marks[:, 0], marks[:, 1], marks, inside, hom)


def start_pose(cam: Camera, plate: Plate, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The plate's pose (4x4, plate -> camera) from the marks, with the start camera."""
    import cv2

    u, v = undistort(cam, (cols - cam.cx) * cam.sx, (rows - cam.cy) * cam.sy)
    if cam.telecentric:
        raise FindError(NOT_FOUND, "telecentric cameras are not supported")
    img = np.column_stack([u / cam.focus, v / cam.focus]).astype(np.float64)
    obj = plate.points().T.astype(np.float64)
    ok, rvec, tvec = cv2.solvePnP(obj, img, np.eye(3), None, flags=cv2.SOLVEPNP_IPPE)
    if not ok:
        raise FindError(NOT_FOUND, "no pose of the plate fits the marks")
    m = np.eye(4)
    m[:3, :3] = cv2.Rodrigues(rvec)[0]
    m[:3, 3] = tvec.reshape(3)
    return m
