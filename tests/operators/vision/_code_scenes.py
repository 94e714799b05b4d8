"""Synthetic scenes with real bar codes and data codes drawn by zxing-cpp."""

from __future__ import annotations

import numpy as np

from hdlite.plugin import Image, ObjectTuple


def symbol(text: str, fmt: str, scale: int = 3) -> np.ndarray:
    """The symbol with its quiet zone as a uint8 array (0 = dark module)."""
    import zxingcpp

    code = zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, fmt))
    return np.array(code.to_image(scale=scale), dtype=np.uint8)


def place(
    canvas: np.ndarray, sym: np.ndarray, center: tuple[float, float], angle_deg: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Paste ``sym`` turned counter-clockwise (on screen) by ``angle_deg`` so that its centre
    lies at ``center`` (row, col); returns the canvas and the symbol's corner points (row,
    col) in the canvas."""
    import cv2

    h, w = sym.shape
    m = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle_deg, 1.0)
    m[0, 2] += center[1] - (w - 1) / 2
    m[1, 2] += center[0] - (h - 1) / 2
    size = (canvas.shape[1], canvas.shape[0])
    ink = cv2.warpAffine(255 - sym, m, size, flags=cv2.INTER_LINEAR, borderValue=0)
    out = np.clip(canvas.astype(np.int32) - ink, 0, 255).astype(np.uint8)
    corners = np.array([[0, 0, 1], [w - 1, 0, 1], [w - 1, h - 1, 1], [0, h - 1, 1]]) @ m.T
    return out, corners[:, ::-1]


def noisy(gray: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    """Gaussian noise of ``sigma`` gray values, clipped to bytes."""
    rng = np.random.default_rng(seed)
    return np.clip(gray + rng.normal(0.0, sigma, gray.shape), 0, 255).astype(np.uint8)


def image(gray: np.ndarray) -> ObjectTuple:
    """A byte image object."""
    return ObjectTuple([Image(gray[None].copy(), "byte")])


def blank(height: int, width: int, level: int = 230) -> np.ndarray:
    """A uniform light canvas."""
    return np.full((height, width), level, dtype=np.uint8)
