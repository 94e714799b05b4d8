"""Helpers shared by shape-based and correlation-based matching.

Pyramid: level k+1 is the 2x2 block mean of level k (odd last rows/columns dropped), so a
pixel centre x at level k+1 lies at 2x + 0.5 at level k and at ``2^k x + (2^k - 1) / 2`` at
level 1. Angles are radians, counter-clockwise on screen; a vector (dRow, dCol) rotated by
a becomes (dRow cos a - dCol sin a, dRow sin a + dCol cos a), as hom_mat2d_rotate does.

Model files (``write_shape_model``/``write_ncc_model``) are :mod:`._model_files`' array
model files.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np

from hdlite.plugin import CallContext, Image, ObjectTuple, tuple_rules

_DEADLINE: ContextVar[float | None] = ContextVar("matching_deadline", default=None)


@contextmanager
def time_limit(ctx: CallContext, timeout_ms: float | None) -> Iterator[None]:
    """Run a search under the model's 'timeout' (milliseconds; None: no limit); a search
    that runs longer is HALCON's 9400 (timeout occurred)."""
    token = _DEADLINE.set(None if timeout_ms is None else time.monotonic() + timeout_ms / 1e3)
    try:
        yield
    except TimeoutError:
        raise ctx.error(9400, f"the search ran longer than {timeout_ms} ms") from None
    finally:
        _DEADLINE.reset(token)


def tick() -> None:
    """Raise TimeoutError once the running search's time limit has passed."""
    end = _DEADLINE.get()
    if end is not None and time.monotonic() > end:
        raise TimeoutError


def single_image(ctx: CallContext, image: ObjectTuple, what: str) -> tuple[np.ndarray, np.ndarray]:
    """The first channel of the one input image as float64 and its domain as a bool mask."""
    objs = list(image)
    if len(objs) != 1:
        raise ctx.error(
            9054 if not objs else 1501, f"{what}: expects one image, got {len(objs)} objects"
        )
    img = objs[0]
    if not isinstance(img, Image):
        raise ctx.error(9054, f"{what}: expects an image, got a {img.kind}")
    if img.pixel_type not in ("byte", "uint2", "int1", "int2", "int4", "real"):
        raise ctx.error(9007, f"{what}: pixel type {img.pixel_type!r} is not supported")
    data = np.asarray(img.data[0], dtype=np.float64)
    mask = (
        np.ones(data.shape, dtype=bool)
        if img.domain is None
        else img.domain.to_mask(img.height, img.width).astype(bool)
    )
    return data, mask


def downsample(a: np.ndarray) -> np.ndarray:
    """The 2x2 block mean (one pyramid step)."""
    h, w = a.shape[0] // 2, a.shape[1] // 2
    return a[: 2 * h, : 2 * w].reshape(h, 2, w, 2).mean(axis=(1, 3))


def to_level(x: float, k: int) -> float:
    """A level-1 coordinate on pyramid level k+1 (k = 0 is level 1)."""
    f = float(1 << k)
    return (x - (f - 1.0) / 2.0) / f


def from_level(x: Any, k: int) -> Any:
    """A coordinate on pyramid level k+1 at level 1."""
    f = float(1 << k)
    return x * f + (f - 1.0) / 2.0


def value_grid(start: float, extent: float, step: float) -> np.ndarray:
    """start, start + step, ... up to start + extent (both ends included, evenly spread)."""
    if extent <= 0 or step <= 0:
        return np.array([start], dtype=np.float64)
    steps = extent / step - 1e-9
    if not tuple_rules.fits_in_memory(steps, 8):
        # a grid of 2^63 angles or scales cannot be searched: HALCON's 6001 at the call
        raise MemoryError(f"a search grid of {steps:.4g} values does not fit into memory")
    n = max(1, math.ceil(steps))
    return start + extent * np.arange(n + 1, dtype=np.float64) / n


def number_or_auto(ctx: CallContext, values: tuple, name: str) -> float | None:
    """A number, or None for 'auto' (anything else is wrong value)."""
    v = values[0]
    if isinstance(v, str):
        if v != "auto":
            raise ctx.param_error("value", name, f"{v!r} (a number or 'auto')")
        return None
    return float(v)


def step_or_auto(ctx: CallContext, values: tuple, name: str) -> float | None:
    """NumLevels, AngleStep or a ScaleStep: a number, or None for 'auto' or 0, which the
    create operators' reference pages accept "for backwards compatibility" as 'auto'
    (MVTec's example create_model_green_dot passes 0 for AngleStep and ScaleStep)."""
    v = number_or_auto(ctx, values, name)
    if v is None or v == 0:
        return None
    if v < 0:
        raise ctx.param_error("value", name, f"{v!r} must not be negative")
    return v


def quad(
    box: tuple[float, float, float, float],
    row: float,
    col: float,
    angle: float,
    sr: float,
    sc: float,
) -> np.ndarray:
    """Corners (x = col, y = row) of the model's box (r1, c1, r2, c2 around the reference
    point) scaled, rotated and moved to (row, col)."""
    r1, c1, r2, c2 = box
    pr = np.array([r1, r1, r2, r2]) * sr
    pc = np.array([c1, c2, c2, c1]) * sc
    cos, sin = math.cos(angle), math.sin(angle)
    qr = row + cos * pr - sin * pc
    qc = col + sin * pr + cos * pc
    return np.stack([qc, qr], axis=1).astype(np.float32)


def suppress_overlaps(quads: list[np.ndarray], max_overlap: float) -> list[int]:
    """Indices (in order; the input is sorted best first) of the instances kept when an
    instance overlapping a better one by more than max_overlap of the smaller box goes."""
    import cv2

    kept: list[int] = []
    areas = [abs(float(cv2.contourArea(q))) for q in quads]
    for i, q in enumerate(quads):
        ok = True
        for j in kept:
            inter, _ = cv2.intersectConvexConvex(q, quads[j])
            small = min(areas[i], areas[j])
            frac = float(inter) / small if small > 0 else 1.0
            if frac > max_overlap or (small == 0 and inter == 0 and _same_point(q, quads[j])):
                ok = False
                break
        if ok:
            kept.append(i)
    return kept


def _same_point(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.abs(a.mean(axis=0) - b.mean(axis=0)).max() < 1.0)


def check_search(
    ctx: CallContext, min_score: tuple, num_matches: tuple, max_overlap: tuple
) -> None:
    """Range checks shared by the find operators."""
    for v in min_score:
        if not 0.0 <= v <= 1.0:
            raise ctx.param_error("value", "MinScore", f"{v!r} (0 to 1)")
    for v in num_matches:
        if v < 0:
            raise ctx.param_error("value", "NumMatches", f"{v!r} must not be negative")
    for v in max_overlap:
        if not 0.0 <= v <= 1.0:
            raise ctx.param_error("value", "MaxOverlap", f"{v!r} (0 to 1)")
