"""The metrology model: objects, their parameters, alignment and measure-region placement.

Settled from HALCON's reference (set_metrology_object_param, get_metrology_object_param,
add_metrology_object_*; `search` corpus docs): parameter names, defaults ('measure_length1'
20.0 with restriction >= 1.0, 'measure_length2' 5.0, 'measure_sigma' 1.0, 'measure_threshold'
30.0, 'measure_select' 'all', 'measure_transition' 'all', 'measure_interpolation'
'nearest_neighbor', 'measure_distance' 10.0, 'min_score' 0.7, 'num_instances' 1,
'distance_threshold' 3.5, 'max_num_iterations' -1, 'rand_seed' 42,
'instances_outside_measure_regions' 'false').

[unverified] choices, kept simple and documented here:

* Measure regions of circles, ellipses and rectangles point outwards (a 'positive' transition
  goes from dark inside to bright outside); those of a line point to the right of the line
  seen from its begin towards its end on screen (Phi = line angle - pi/2).
* Placement: n regions (at least 3 for a circle, 5 for an ellipse, 2 for a line, 2 per side
  of a rectangle) of about 'measure_distance' spacing, centred in equal parts of the
  boundary; a full circle starts at 'start_phi'.
* 'num_measures' set explicitly wins over 'measure_distance' until 'measure_distance' is
  set again (and vice versa).
* Objects keep the geometry they were added with; align_metrology_model (Row, Column,
  Angle) moves them by the rigid transform from the model's 'reference_system' (row,
  column, angle; default 0, 0, 0) to (Row, Column, Angle), always from the added geometry
  (alignments do not accumulate).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

SHAPES = ("circle", "ellipse", "line", "rectangle")
MIN_MEASURES = {"circle": 3, "ellipse": 5, "line": 2, "rectangle": 8}
GEOMETRY_NAMES = {
    "circle": ("row", "column", "radius"),
    "ellipse": ("row", "column", "phi", "radius1", "radius2"),
    "line": ("row_begin", "column_begin", "row_end", "column_end"),
    "rectangle": ("row", "column", "phi", "length1", "length2"),
}

DEFAULTS: dict[str, Any] = {
    "measure_length1": 20.0,
    "measure_length2": 5.0,
    "measure_sigma": 1.0,
    "measure_threshold": 30.0,
    "measure_select": "all",
    "measure_transition": "all",
    "measure_interpolation": "nearest_neighbor",
    "measure_distance": 10.0,
    "num_measures": None,
    "min_score": 0.7,
    "num_instances": 1,
    "distance_threshold": 3.5,
    "max_num_iterations": -1,
    "rand_seed": 42,
    "instances_outside_measure_regions": "false",
}
_CHOICES = {
    "measure_select": ("all", "first", "last"),
    "measure_transition": ("all", "negative", "positive", "uniform"),
    "measure_interpolation": ("bicubic", "bilinear", "nearest_neighbor"),
    "instances_outside_measure_regions": ("false", "true"),
}
_INTEGERS = ("num_measures", "num_instances", "max_num_iterations", "rand_seed")
#: (lowest, highest) allowed for the numeric parameters
_RANGES = {
    "measure_length1": (1.0, math.inf),
    "measure_length2": (0.0, math.inf),
    "measure_sigma": (0.4, 100.0),
    "measure_threshold": (0.0, math.inf),
    "measure_distance": (1.0, math.inf),
    "min_score": (0.0, 1.0),
    "num_instances": (1, math.inf),
    "distance_threshold": (0.0, math.inf),
    "max_num_iterations": (-1, math.inf),
    "rand_seed": (0, math.inf),
}
ARC_PARAMS = ("start_phi", "end_phi", "point_order")


class ParamError(Exception):
    """A parameter name (``which == 'name'``) or value (``'value'``) is not accepted."""

    def __init__(self, which: str, detail: str) -> None:
        super().__init__(detail)
        self.which = which


def check_param(shape: str, name: str, value: Any) -> Any:
    """The stored form of ``value`` for object parameter ``name``; ParamError if invalid."""
    if name not in DEFAULTS:
        raise ParamError("name", f"unknown metrology object parameter {name!r}")
    if name in _CHOICES:
        if value not in _CHOICES[name]:
            raise ParamError("value", f"{name}: {value!r} is not one of {_CHOICES[name]}")
        return value
    if isinstance(value, str) or (name in _INTEGERS and not float(value).is_integer()):
        raise ParamError("value", f"{name}: {value!r} is not a valid number")
    if name == "num_measures":
        if value < MIN_MEASURES[shape]:
            raise ParamError("value", f"num_measures: a {shape} needs {MIN_MEASURES[shape]}")
        return int(value)
    low, high = _RANGES[name]
    if not low <= value <= high or (name == "max_num_iterations" and value == 0):
        raise ParamError("value", f"{name}: {value!r} is out of range")
    return int(value) if name in _INTEGERS else float(value)


@dataclass
class Instance:
    """One fitted instance: shape parameters, score and the edges used."""

    params: tuple[float, ...]
    score: float
    rows: np.ndarray
    cols: np.ndarray
    amplitudes: np.ndarray


@dataclass
class MetrologyObject:
    """A shape to measure: its geometry as added, its current (aligned) geometry, the
    parameters, and the results of the last apply_metrology_model."""

    shape: str
    base: tuple[float, ...]
    params: dict[str, Any]
    arc: dict[str, Any] = field(default_factory=dict)
    geometry: tuple[float, ...] = ()
    instances: list[Instance] = field(default_factory=list)
    measures: list[tuple[float, ...]] = field(default_factory=list)
    edges: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def __post_init__(self) -> None:
        if not self.geometry:
            self.geometry = self.base


@dataclass
class MetrologyModel:
    """The data behind a metrology handle."""

    objects: dict[int, MetrologyObject] = field(default_factory=dict)
    width: int | None = None
    height: int | None = None
    reference: tuple[float, float, float] = (0.0, 0.0, 0.0)
    scale: float = 1.0
    alignment: tuple[float, float, float] | None = None

    def add(self, obj: MetrologyObject) -> int:
        """Store ``obj`` under the next free index and return the index."""
        index = max(self.objects, default=-1) + 1
        if self.alignment is not None:
            obj.geometry = transform(obj.shape, obj.base, self.rigid())
        self.objects[index] = obj
        return index

    def rigid(self) -> np.ndarray:
        """The 2x3 matrix of the current alignment (identity when not aligned)."""
        if self.alignment is None:
            return np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
        r0, c0, a0 = self.reference
        r1, c1, a1 = self.alignment
        a = a1 - a0
        rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
        shift = np.array([r1, c1]) - rot @ np.array([r0, c0])
        return np.column_stack([rot, shift])

    def realign(self) -> None:
        """Recompute every object's geometry from its added geometry and the alignment."""
        m = self.rigid()
        for obj in self.objects.values():
            obj.geometry = transform(obj.shape, obj.base, m)

    def copy(self, indices: list[int]) -> MetrologyModel:
        """A deep copy holding only the objects ``indices`` (their indices kept)."""
        dup = copy.copy(self)
        dup.objects = {i: copy.deepcopy(self.objects[i]) for i in indices}
        return dup


def transform(shape: str, g: tuple[float, ...], m: np.ndarray) -> tuple[float, ...]:
    """Shape parameters moved by the rigid 2x3 matrix ``m`` (rows, columns)."""
    angle = math.atan2(m[1, 0], m[0, 0])

    def point(r: float, c: float) -> tuple[float, float]:
        p = m[:, :2] @ np.array([r, c]) + m[:, 2]
        return float(p[0]), float(p[1])

    if shape == "line":
        return (*point(g[0], g[1]), *point(g[2], g[3]))
    r, c = point(g[0], g[1])
    if shape == "circle":
        return (r, c, g[2])
    return (r, c, g[2] + angle, g[3], g[4])


def _split(length: float, params: dict[str, Any], minimum: int) -> int:
    if params["num_measures"] is not None:
        return max(int(params["num_measures"]), minimum)
    return max(minimum, round(length / params["measure_distance"]))


def arc_span(obj: MetrologyObject, angle: float) -> tuple[float, float, bool]:
    """(start, signed extent, full) of a circle's or ellipse's arc, aligned by ``angle``."""
    start = obj.arc.get("start_phi", 0.0) + angle
    end = obj.arc.get("end_phi", 2 * math.pi) + angle
    positive = obj.arc.get("point_order", "positive") == "positive"
    ext = (end - start) % (2 * math.pi) if positive else -((start - end) % (2 * math.pi))
    full = ext == 0.0 or abs(abs(ext) - 2 * math.pi) < 1e-9
    if full:
        ext = 2 * math.pi if positive else -2 * math.pi
    return start, ext, full


def ellipse_point(g: tuple[float, ...], t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Image rows and columns of an ellipse (row, col, phi, r1, r2) at parameters t."""
    r, c, phi, r1, r2 = g
    u, v = r1 * np.cos(t), r2 * np.sin(t)
    return r - (u * math.sin(phi) + v * math.cos(phi)), c + u * math.cos(phi) - v * math.sin(phi)


def _ellipse_samples(g: tuple[float, ...], start: float, ext: float, n: int, full: bool):
    """Parameters of n points splitting the elliptic arc into parts of equal length."""
    dense = start + ext * np.linspace(0.0, 1.0, 2049)
    rr, cc = ellipse_point(g, dense)
    s = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(rr), np.diff(cc)))])
    k = np.arange(n) + (0.0 if full else 0.5)
    return np.interp(k * s[-1] / n, s, dense), float(s[-1])


def measure_regions(obj: MetrologyObject, angle: float) -> tuple[list[tuple], np.ndarray]:
    """(row, column, phi, length1, length2) of each measure region along the object, and
    the side (0..3 for a rectangle's sides, else 0) each region belongs to."""
    p, g = obj.params, obj.geometry
    l1, l2 = p["measure_length1"], p["measure_length2"]
    out: list[tuple] = []
    sides: list[int] = []
    if obj.shape == "circle":
        start, ext, full = arc_span(obj, angle)
        n = _split(abs(ext) * g[2], p, 3)
        k = np.arange(n) + (0.0 if full else 0.5)
        for t in start + ext * k / n:
            out.append((g[0] - g[2] * math.sin(t), g[1] + g[2] * math.cos(t), t, l1, l2))
    elif obj.shape == "ellipse":
        start, ext, full = arc_span(obj, 0.0)  # relative to the main axis
        _, length = _ellipse_samples(g, start, ext, 8, full)
        ts, _ = _ellipse_samples(g, start, ext, _split(length, p, 5), full)
        rows, cols = ellipse_point(g, ts)
        normal = g[2] + np.arctan2(np.sin(ts) / g[4], np.cos(ts) / g[3])
        out = [
            (float(a), float(b), float(t), l1, l2)
            for a, b, t in zip(rows, cols, normal, strict=True)
        ]
    elif obj.shape == "line":
        r0, c0, r1, c1 = g
        n = _split(math.hypot(r1 - r0, c1 - c0), p, 2)
        phi = math.atan2(-(r1 - r0), c1 - c0) - math.pi / 2
        for f in (np.arange(n) + 0.5) / n:
            out.append((r0 + f * (r1 - r0), c0 + f * (c1 - c0), phi, l1, l2))
    else:
        per_side = None if p["num_measures"] is None else max(2, p["num_measures"] // 4)
        for side, (row, col, normal, half) in enumerate(rectangle_sides(g)):
            n = per_side or max(2, round(2 * half / p["measure_distance"]))
            tr, tc = -math.cos(normal), -math.sin(normal)  # along the side
            for f in (np.arange(n) + 0.5) / n * 2 - 1:
                out.append((row + f * half * tr, col + f * half * tc, normal, l1, l2))
                sides.append(side)
    return out, np.array(sides if sides else [0] * len(out), dtype=int)


def rectangle_sides(g: tuple[float, ...]) -> list[tuple[float, float, float, float]]:
    """(row, column, outward normal angle, half length) of the 4 sides of a rectangle2."""
    r, c, phi, a, b = g
    sides = []
    for normal, dist, half in ((phi, a, b), (phi + math.pi / 2, b, a)):
        for sign in (1.0, -1.0):
            ang = normal if sign > 0 else normal + math.pi
            sides.append((r - dist * math.sin(ang), c + dist * math.cos(ang), ang, half))
    return [sides[0], sides[2], sides[1], sides[3]]
