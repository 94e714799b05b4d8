"""Interest points and their descriptors for descriptor-based matching.

Detectors (HALCON's ``'harris'`` and ``'harris_binomial'``, as points_harris and
points_harris_binomial define them): the gradient (gray values per pixel) is taken from the
image smoothed with a Gaussian of ``sigma_grad`` (``'harris'``) or a binomial mask of
``mask_size_grad`` (``'harris_binomial'``); the products of its components are smoothed
with a Gaussian of ``sigma_smooth`` or a binomial mask of ``mask_size_smooth``, and the
response is ``det(M) - alpha * trace(M)^2``. Interest points are the local maxima (3x3) of
the response above ``threshold``, refined to sub-pixel precision by a parabola through the
neighbours (``'subpix'`` 'on').

Descriptors: HALCON classifies interest points with randomized ferns trained on warped
views of the template. hdlite describes each point by an ORB (rotated BRIEF, 256 bits)
descriptor from OpenCV, computed at the point with the orientation of its intensity centroid
(so it does not change when the object turns); scale changes are handled by describing the
template at several scales (``_descriptor_model``). Images other than byte are clipped to
0..255, or scaled to it when their maximum is above 255.
"""

from __future__ import annotations

import math

import numpy as np

#: the most interest points kept in one image (strongest first)
MAX_POINTS = 3000


def to_byte(data: np.ndarray) -> np.ndarray:
    """Gray values as uint8 for the descriptor."""
    if data.dtype == np.uint8:
        return data
    a = np.nan_to_num(np.asarray(data, dtype=np.float64), nan=0.0, posinf=255.0, neginf=0.0)
    top = float(a.max()) if a.size else 0.0
    if top > 255.0:
        a = a * (255.0 / top)
    return np.clip(np.rint(a), 0, 255).astype(np.uint8)


def _binomial(size: int) -> np.ndarray:
    k = np.array([math.comb(size - 1, i) for i in range(size)], dtype=np.float64)
    return k / k.sum()


def harris_response(data: np.ndarray, detector: str, params: dict) -> np.ndarray:
    """The Harris response of a 2-D float image."""
    import cv2

    f = np.asarray(data, dtype=np.float64)
    if detector == "harris":
        smooth = cv2.GaussianBlur(f, (0, 0), float(params["sigma_grad"]))
    else:
        k = _binomial(int(params["mask_size_grad"]))
        smooth = cv2.sepFilter2D(f, cv2.CV_64F, k, k, borderType=cv2.BORDER_REFLECT)
    d = np.array([-0.5, 0.0, 0.5])
    one = np.array([1.0])
    gc = cv2.sepFilter2D(smooth, cv2.CV_64F, d, one, borderType=cv2.BORDER_REFLECT)
    gr = cv2.sepFilter2D(smooth, cv2.CV_64F, one, d, borderType=cv2.BORDER_REFLECT)
    prods = (gc * gc, gr * gr, gc * gr)
    if detector == "harris":
        s = float(params["sigma_smooth"])
        a, b, c = (cv2.GaussianBlur(p, (0, 0), s) for p in prods)
    else:
        k = _binomial(int(params["mask_size_smooth"]))
        a, b, c = (
            cv2.sepFilter2D(p, cv2.CV_64F, k, k, borderType=cv2.BORDER_REFLECT) for p in prods
        )
    return a * b - c * c - float(params["alpha"]) * (a + b) ** 2


def detect(
    data: np.ndarray, mask: np.ndarray, detector: str, params: dict, limit: int = MAX_POINTS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and responses of the interest points inside ``mask`` (strongest first)."""
    import cv2

    if data.shape[0] < 3 or data.shape[1] < 3:
        empty = np.zeros(0)
        return empty, empty, empty
    resp = harris_response(data, detector, params)
    peak = cv2.dilate(resp, np.ones((3, 3), np.uint8))
    hit = (resp >= peak) & (resp > float(params["threshold"])) & mask
    hit[0, :] = hit[-1, :] = hit[:, 0] = hit[:, -1] = False
    rows, cols = np.nonzero(hit)
    strength = resp[rows, cols]
    order = np.argsort(-strength, kind="stable")[:limit]
    rows, cols, strength = rows[order], cols[order], strength[order]
    fr, fc = rows.astype(np.float64), cols.astype(np.float64)
    if params.get("subpix", "on") == "on" and rows.size:
        fr = fr + _vertex(resp[rows - 1, cols], strength, resp[rows + 1, cols])
        fc = fc + _vertex(resp[rows, cols - 1], strength, resp[rows, cols + 1])
    return fr, fc, strength


def _vertex(left: np.ndarray, mid: np.ndarray, right: np.ndarray) -> np.ndarray:
    den = left - 2.0 * mid + right
    with np.errstate(divide="ignore", invalid="ignore"):
        off = np.where(den < 0, 0.5 * (left - right) / den, 0.0)
    return np.clip(off, -0.5, 0.5)


def describe(
    image: np.ndarray, rows: np.ndarray, cols: np.ndarray, patch: int
) -> tuple[np.ndarray, np.ndarray]:
    """ORB descriptors (n x 32 bytes) and orientations (degrees, image axes) of the points.

    The image is padded by mirroring so that points near the border keep their descriptor.
    """
    import cv2

    n = rows.size
    if n == 0:
        return np.zeros((0, 32), np.uint8), np.zeros(0)
    pad = patch // 2 + 4
    img = cv2.copyMakeBorder(to_byte(image), pad, pad, pad, pad, cv2.BORDER_REFLECT_101)
    angles = _orientations(img, rows + pad, cols + pad, patch // 2)
    kps = [
        cv2.KeyPoint(float(c + pad), float(r + pad), float(patch), float(a), 0.0, 0, i)
        for i, (r, c, a) in enumerate(zip(rows, cols, angles, strict=True))
    ]
    orb = cv2.ORB.create(nlevels=1, edgeThreshold=patch // 2 + 1, patchSize=patch)
    kept, desc = orb.compute(img, kps)
    out = np.zeros((n, 32), np.uint8)
    ok = np.zeros(n, bool)
    if desc is not None:
        for kp, d in zip(kept, desc, strict=True):
            out[kp.class_id] = d
            ok[kp.class_id] = True
    if not ok.all():  # ORB dropped a point (cannot happen with the padding): never match it
        out[~ok] = 0
    return out, angles


def _orientations(img: np.ndarray, rows: np.ndarray, cols: np.ndarray, rad: int) -> np.ndarray:
    """The direction (degrees, x = column, y = row) of each point's intensity centroid."""
    f = img.astype(np.float64)
    yy, xx = np.mgrid[-rad : rad + 1, -rad : rad + 1]
    disk = (yy * yy + xx * xx) <= rad * rad
    wy, wx = (yy * disk).ravel(), (xx * disk).ravel()
    ri = np.rint(rows).astype(int)
    ci = np.rint(cols).astype(int)
    win = np.lib.stride_tricks.sliding_window_view(f, (2 * rad + 1, 2 * rad + 1))
    patches = win[ri - rad, ci - rad].reshape(ri.size, -1)
    return np.degrees(np.arctan2(patches @ wy, patches @ wx)) % 360.0
