"""Reading bar codes and 2-D data codes with zxing-cpp: image preparation, the search for
rotated bar codes, and the geometry of what was found.

zxing-cpp (imported inside the functions, the ``vision`` extra) decodes every symbology
hdlite supports. Its 2-D detectors find symbols in any orientation; its linear readers scan
rows (and columns with ``try_rotate``), so a bar code tilted by more than a few degrees is
missed. :func:`linear_candidates` therefore looks for bar code candidates the way a
structure-tensor detector does: pixels with strong, coherently oriented gradients, closed
into blobs; each blob's dominant gradient direction is the reading direction, and the image
is turned by that angle before zxing reads it. Coordinates of what zxing reports in the
turned image are mapped back.

Geometry: a symbol is the quadrilateral zxing reports (its corners top-left, top-right,
bottom-right, bottom-left in the symbol's own frame), as (row, column) in image
coordinates. Its orientation is the direction from the top-left to the top-right corner,
``atan2(-dRow, dCol)`` (HALCON's convention: counter-clockwise on screen, G8), which for a
bar code is the reading direction. zxing places corners to about one pixel.

Domains: only the domain's bounding box is searched; pixels of that box outside the domain
get the median gray value of the domain, so nothing outside it can be read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hdlite.plugin import CallContext, Image, ObjectTuple


@dataclass
class Found:
    """One decoded (or, with ``error``, undecodable) symbol."""

    text: str
    data: bytes
    fmt: str  # zxing's format name, e.g. 'EAN-13', 'QR Code'
    corners: np.ndarray  # (4, 2) rows/cols: top-left, top-right, bottom-right, bottom-left
    identifier: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    inverted: bool = False
    error: str = ""

    @property
    def orientation(self) -> float:
        """Reading direction in degrees, in [-180, 180)."""
        d = self.corners[1] - self.corners[0]
        deg = math.degrees(math.atan2(-d[0], d[1]))
        return float((deg + 180.0) % 360.0 - 180.0)

    @property
    def center(self) -> np.ndarray:
        """Mean of the corners (row, col)."""
        return self.corners.mean(axis=0)


@dataclass
class Prepared:
    """A byte image of the domain's bounding box and where it lies in the image."""

    gray: np.ndarray  # uint8, C-contiguous
    row0: int
    col0: int
    full: np.ndarray  # the whole first channel as uint8 (for search images)


def prepare(ctx: CallContext, image: ObjectTuple, what: str = "Image") -> Prepared | None:
    """The single input image as 8-bit gray; None for an empty domain."""
    objs = list(image)
    if len(objs) != 1:
        raise ctx.error(
            9054 if not objs else 1501, f"{what}: expects one image, got {len(objs)} objects"
        )
    img = objs[0]
    if not isinstance(img, Image):
        raise ctx.error(9054, f"{what}: expects an image, got a {img.kind}")
    if img.pixel_type not in ("byte", "uint2"):
        raise ctx.error(9007, f"{what}: pixel type {img.pixel_type!r} (byte or uint2)")
    data = np.asarray(img.data[0])
    if img.pixel_type == "uint2":
        top = max(int(data.max()), 1)
        data = (data.astype(np.float64) * (255.0 / top)).round()
    full = np.ascontiguousarray(data, dtype=np.uint8)
    if img.domain is None:
        return Prepared(full, 0, 0, full)
    mask = img.domain.to_mask(img.height, img.width).astype(bool)
    if not mask.any():
        return None
    rr, cc = np.nonzero(mask)
    r0, r1, c0, c1 = rr.min(), rr.max() + 1, cc.min(), cc.max() + 1
    box = full[r0:r1, c0:c1].copy()
    inside = mask[r0:r1, c0:c1]
    box[~inside] = np.uint8(np.median(box[inside]))
    return Prepared(np.ascontiguousarray(box), int(r0), int(c0), full)


def _corners(position: Any) -> np.ndarray:
    pts = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    return np.array([[p.y, p.x] for p in pts], dtype=np.float64)


def _read(
    gray: np.ndarray, formats: Any, *, rotate: bool, invert: bool, errors: bool = False
) -> list[Any]:
    import zxingcpp

    return list(
        zxingcpp.read_barcodes(
            gray,
            formats=formats,
            try_rotate=rotate,
            try_invert=invert,
            return_errors=errors,
            text_mode=zxingcpp.TextMode.Plain if errors else zxingcpp.TextMode.HRI,
            ean_add_on_symbol=zxingcpp.EanAddOnSymbol.Ignore,
        )
    )


def _found(res: Any, corners: np.ndarray, inverted: bool) -> Found:
    err = "" if res.error is None else str(res.error)
    return Found(
        res.text,
        bytes(res.bytes),
        str(res.format),
        corners,
        res.symbology_identifier,
        dict(res.extra or {}),
        inverted,
        err,
    )


def read_matrix(
    prep: Prepared, formats: Any, polarities: tuple[bool, ...], errors: bool = False
) -> list[Found]:
    """2-D symbols of ``formats``; ``polarities`` lists False (dark on light) and/or True
    (light on dark, read in the inverted image). With ``errors``, symbols found but not
    decoded come too (``Found.error`` says why), and text is zxing's plain text (GS1
    separators as ASCII 29) rather than its human-readable form."""
    out: list[Found] = []
    for inverted in polarities:
        gray = 255 - prep.gray if inverted else prep.gray
        for res in _read(
            np.ascontiguousarray(gray), formats, rotate=True, invert=False, errors=errors
        ):
            corners = _corners(res.position) + np.array([prep.row0, prep.col0])
            f = _found(res, corners, inverted)
            twin = next((i for i, g in enumerate(out) if _same(f, g)), None)
            if twin is None:
                out.append(f)
            elif out[twin].error and not f.error:
                out[twin] = f  # a decoded reading beats an undecodable one of the same place
    return out


def _same(a: Found, b: Found) -> bool:
    size = max(float(np.ptp(a.corners[:, 0])), float(np.ptp(a.corners[:, 1])), 4.0)
    near = float(np.hypot(*(a.center - b.center))) < 0.5 * size
    return near and (a.text == b.text or bool(a.error) or bool(b.error))


@dataclass
class Candidate:
    """A bar code candidate: its pixels (row, col arrays) and reading direction (radians)."""

    rows: np.ndarray
    cols: np.ndarray
    angle: float


def linear_candidates(gray: np.ndarray, min_area: int = 150) -> list[Candidate]:
    """Blobs of strong, coherently oriented gradients (bar code candidates), in raster order
    of their first pixel."""
    import cv2

    g = cv2.GaussianBlur(gray.astype(np.float32), (0, 0), 1.0)
    gx = cv2.Scharr(g, cv2.CV_32F, 1, 0)
    gy = cv2.Scharr(g, cv2.CV_32F, 0, 1)
    k = (9, 9)
    jxx = cv2.blur(gx * gx, k)
    jyy = cv2.blur(gy * gy, k)
    jxy = cv2.blur(gx * gy, k)
    energy = jxx + jyy
    coherence = np.sqrt((jxx - jyy) ** 2 + 4 * jxy**2) / (energy + 1e-6)
    strong = energy > max(0.05 * float(energy.max()), 4000.0)
    mask = (strong & (coherence > 0.5)).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    n, labels = cv2.connectedComponents(mask, connectivity=8)
    out = []
    for lab in range(1, n):
        rr, cc = np.nonzero(labels == lab)
        if rr.size < min_area:
            continue
        sxx, syy, sxy = (float(a[rr, cc].sum()) for a in (jxx, jyy, jxy))
        # dominant gradient direction (image x right, y down); as a reading direction on
        # screen (counter-clockwise positive) the sign of y flips
        theta = 0.5 * math.atan2(2 * sxy, sxx - syy)
        out.append(Candidate(rr, cc, -theta))
    return out


def _turn(gray: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """The image turned clockwise on screen by ``angle`` (radians), which brings a direction at
    ``angle`` to 0, on a canvas that
    holds all of it, and the 2x3 matrix mapping (x, y) of the turned image back."""
    import cv2

    h, w = gray.shape
    c, s = abs(math.cos(angle)), abs(math.sin(angle))
    nw, nh = math.ceil(w * c + h * s) + 2, math.ceil(w * s + h * c) + 2
    m = cv2.getRotationMatrix2D(((w - 1) / 2.0, (h - 1) / 2.0), -math.degrees(angle), 1.0)
    m[0, 2] += (nw - w) / 2.0
    m[1, 2] += (nh - h) / 2.0
    border = int(np.median(gray))
    turned = cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=border)
    return np.ascontiguousarray(turned), cv2.invertAffineTransform(m)


def read_linear(
    prep: Prepared, formats: Any, candidates: list[Candidate], inverted: bool | None = None
) -> list[Found]:
    """Bar codes of ``formats``: one pass per distinct candidate direction with the image
    turned so that the direction is horizontal, then a pass over the image as it is (for
    codes no candidate covers). ``inverted`` None reads both polarities; True reads light
    symbols on dark ground only, False dark on light only."""
    out: list[Found] = []
    gray = 255 - prep.gray if inverted else prep.gray
    invert = inverted is None

    def add(results: list[Any], back: np.ndarray | None) -> None:
        for res in results:
            corners = _corners(res.position)
            if back is not None:
                xy = np.c_[corners[:, 1], corners[:, 0], np.ones(4)] @ back.T
                corners = np.c_[xy[:, 1], xy[:, 0]]
            f = _found(res, corners + np.array([prep.row0, prep.col0]), bool(inverted))
            if not any(_same(f, g) for g in out):
                out.append(f)

    done: list[float] = []
    for cand in candidates:
        a = cand.angle
        if done and min(abs(math.remainder(a - d, math.pi)) for d in done) < math.radians(2):
            continue
        done.append(a)
        turned, back = _turn(gray, a)
        add(_read(turned, formats, rotate=False, invert=invert), back)
    add(_read(gray, formats, rotate=True, invert=invert), None)
    return out


def quad_polygon(corners: np.ndarray, min_width: float = 3.0) -> np.ndarray:
    """The quadrilateral, widened across the reading direction where zxing reports a
    single scan line (a linear code read in one row has a degenerate box)."""
    tl, tr, _, bl = corners
    across = bl - tl
    if float(np.hypot(*across)) >= min_width:
        return corners
    d = tr - tl
    n = np.array([d[1], -d[0]]) / max(float(np.hypot(*d)), 1e-9)  # perpendicular (rows down)
    half = 0.5 * min_width * n
    return np.array([tl - half, tr - half, tr + half, tl + half])
