"""The coordinate maps of the polar transforms (polar_trans_* operators).

HALCON's convention (reference pages of polar_trans_image_ext, polar_trans_region,
polar_trans_image_inv, found with the ``search`` tool): a point at radius r and angle phi
about the centre (Row, Column) lies at ``(Row - r sin phi, Column + r cos phi)`` (phi from
the column axis, counter-clockwise on screen). The polar image of Width x Height has
AngleStart and RadiusStart at (0, 0) and AngleEnd and RadiusEnd at (Height - 1, Width - 1),
both inclusive: column c has angle ``AngleStart + (AngleEnd - AngleStart) c / (Width - 1)``
and row r the radius ``RadiusStart + (RadiusEnd - RadiusStart) r / (Height - 1)`` (a single
column or row has the start value).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from hdlite_image._common import as_int, check_fits, coordinate

from hdlite.plugin import CallContext

TWO_PI = 2.0 * math.pi


@dataclass(frozen=True)
class Arc:
    """An annular arc and the size of its polar image."""

    row: float
    col: float
    a0: float
    a1: float
    r0: float
    r1: float
    width: int  # of the polar image (angles)
    height: int  # of the polar image (radii)

    def radius_of(self, prow: np.ndarray) -> np.ndarray:
        """The radius of polar row coordinates."""
        step = (self.r1 - self.r0) / (self.height - 1) if self.height > 1 else 0.0
        return self.r0 + step * prow

    def angle_of(self, pcol: np.ndarray) -> np.ndarray:
        """The angle of polar column coordinates."""
        step = (self.a1 - self.a0) / (self.width - 1) if self.width > 1 else 0.0
        return self.a0 + step * pcol

    def cartesian(self, prow: np.ndarray, pcol: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Image (row, column) of polar coordinates."""
        radius, angle = self.radius_of(prow), self.angle_of(pcol)
        return self.row - radius * np.sin(angle), self.col + radius * np.cos(angle)

    def polar(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Polar (row, column) coordinates of image points; the angle is taken in the
        2 pi period that starts at the smaller of AngleStart and AngleEnd. NaN where the
        polar coordinate is undefined (a zero-length radius or angle range)."""
        dr, dc = rows - self.row, cols - self.col
        radius = np.hypot(dr, dc)
        low = min(self.a0, self.a1)
        angle = low + np.mod(np.arctan2(-dr, dc) - low, TWO_PI)
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.height > 1:
                prow = (radius - self.r0) * (self.height - 1) / (self.r1 - self.r0)
            else:
                prow = np.where(np.isclose(radius, self.r0), 0.0, np.nan)
            if self.width > 1:
                pcol = (angle - self.a0) * (self.width - 1) / (self.a1 - self.a0)
            else:
                pcol = np.where(np.isclose(angle, self.a0), 0.0, np.nan)
        return prow, pcol


def arc_args(ctx: CallContext, values: tuple, width: tuple, height: tuple) -> Arc:
    """The Arc of (Row, Column, AngleStart, AngleEnd, RadiusStart, RadiusEnd) and the polar
    image size; non-finite numbers and sizes below 1 are wrong values."""
    names = ("Row", "Column", "AngleStart", "AngleEnd", "RadiusStart", "RadiusEnd")
    nums = [coordinate(ctx, v[0], n) for v, n in zip(values, names, strict=True)]
    w, h = size(ctx, width[0], "Width"), size(ctx, height[0], "Height")
    row, col, a0, a1, r0, r1 = nums
    return Arc(row, col, a0, a1, r0, r1, w, h)


def size(ctx: CallContext, value: object, name: str) -> int:
    """A virtual image size: at least 1 and small enough to compute (6001 otherwise)."""
    n = as_int(ctx, value, name)
    if n < 1:
        raise ctx.param_error("value", name, f"{n} must be at least 1")
    return n


def check_grid(ctx: CallContext, height: int, width: int) -> None:
    """A coordinate grid of height x width must fit into memory (6001)."""
    check_fits(ctx, height, width, 1, 64, "polar coordinate grid")


def grid(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column coordinates of every pixel of a height x width image."""
    r, c = np.mgrid[0:height, 0:width]
    return r.astype(np.float64), c.astype(np.float64)
