"""Region features: enclosing and inscribed shapes, moments, shape factors, region_features.

One value per input region, in input order (spec G1); an image stands for its domain (G5);
an empty region gives 0 for every value (G3) and an empty object tuple gives empty tuples
(G2). Definitions and the HALCON facts behind them are in ``_shape_features.py``; the
feature names of region_features are in ``_feature_table.py``.
runlength_features [doc: HALCON 6.1 and 20.11 reference]: KFactor = NumRuns / sqrt(Area),
LFactor = mean number of chords per occupied row, MeanLength = mean chord length; Bytes is
6 per chord [unverified].
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    ObjectTuple,
    Operator,
    operator,
    wrong_object_count,
)

from ._feature_table import FEATURES
from ._region_tools import neighborhood, region_args
from ._shape_features import Shape


def shapes(ctx: CallContext, objects: ObjectTuple) -> list[Shape]:
    """A :class:`Shape` per input region (system neighbourhood for topology)."""
    conn = neighborhood(ctx)
    return [Shape(r, conn) for r in region_args(ctx, objects)]


def _columns(rows: Sequence[Sequence[object]], count: int) -> tuple:
    return tuple(tuple(r[k] for r in rows) for k in range(count))


def _feature_op(
    name: str,
    outputs: Sequence[tuple[str, str]],
    get: Callable[[Shape], Sequence[object]],
    doc: str,
) -> Operator:
    params = [IconicIn("Regions")] + [ControlOut(n, types=t) for n, t in outputs]

    def run(ctx: CallContext, regs: ObjectTuple) -> tuple:
        return _columns([get(s) for s in shapes(ctx, regs)], len(outputs))

    run.__doc__ = doc
    return operator(name, *params)(run)


_R = "real"
_I = "integer"

smallest_rectangle2 = _feature_op(
    "smallest_rectangle2",
    [("Row", _R), ("Column", _R), ("Phi", _R), ("Length1", _R), ("Length2", _R)],
    lambda s: s.rectangle2,
    "Smallest enclosing rotated rectangle of the pixel centres: centre, angle of the longer "
    "axis in (-pi/2, pi/2] and half lengths (Length1 >= Length2).",
)
smallest_circle = _feature_op(
    "smallest_circle",
    [("Row", _R), ("Column", _R), ("Radius", _R)],
    lambda s: s.outer_circle,
    "Smallest circle enclosing the pixel centres of each region.",
)
inner_circle = _feature_op(
    "inner_circle",
    [("Row", _R), ("Column", _R), ("Radius", _R)],
    lambda s: s.inner_circle,
    "Largest circle inside each region: the pixel farthest from the background.",
)
elliptic_axis = _feature_op(
    "elliptic_axis",
    [("Ra", _R), ("Rb", _R), ("Phi", _R)],
    lambda s: s.elliptic,
    "Radii and orientation of the ellipse with the same second moments as each region.",
)
orientation_region = _feature_op(
    "orientation_region",
    [("Phi", _R)],
    lambda s: (s.orientation,),
    "Orientation of each region in (-pi, pi]: elliptic_axis's angle, turned by pi when the "
    "contour point farthest from the centre lies behind the centre.",
)
circularity = _feature_op(
    "circularity",
    [("Circularity", _R)],
    lambda s: (s.circularity,),
    "Similarity to a circle: min(1, area / (pi * max^2)), max the largest centre distance.",
)
compactness = _feature_op(
    "compactness",
    [("Compactness", _R)],
    lambda s: (s.compactness,),
    "Compactness: max(1, L^2 / (4 pi area)) with L the contour length.",
)
convexity = _feature_op(
    "convexity",
    [("Convexity", _R)],
    lambda s: (s.convexity,),
    "Convexity: area divided by the area of the convex hull.",
)
rectangularity = _feature_op(
    "rectangularity",
    [("Rectangularity", _R)],
    lambda s: (s.rectangularity,),
    "Rectangularity: 1 minus the symmetric difference to the rectangle of equal moments, "
    "relative to that rectangle's area.",
)
eccentricity = _feature_op(
    "eccentricity",
    [("Anisometry", _R), ("Bulkiness", _R), ("StructureFactor", _R)],
    lambda s: s.eccentricity,
    "Shape factors from the equivalent ellipse: Ra/Rb, pi*Ra*Rb/area and their product - 1.",
)
moments_region_2nd = _feature_op(
    "moments_region_2nd",
    [("M11", _R), ("M20", _R), ("M02", _R), ("Ia", _R), ("Ib", _R)],
    lambda s: s.moments_2nd,
    "Central second moments summed over the pixels and the principal moments Ia >= Ib.",
)
contlength = _feature_op(
    "contlength",
    [("ContLength", _R)],
    lambda s: (s.contlength,),
    "Length of the outer contours (1 per straight step, sqrt(2) per diagonal step).",
)
roundness = _feature_op(
    "roundness",
    [("Distance", _R), ("Sigma", _R), ("Roundness", _R), ("Sides", _R)],
    lambda s: s.roundness,
    "Mean and deviation of the contour-to-centre distance, roundness and number of sides.",
)
diameter_region = _feature_op(
    "diameter_region",
    [("Row1", _I), ("Column1", _I), ("Row2", _I), ("Column2", _I), ("Diameter", _R)],
    lambda s: s.diameter,
    "The two pixels of each region farthest apart and their distance.",
)
connect_and_holes = _feature_op(
    "connect_and_holes",
    [("NumConnected", _I), ("NumHoles", _I)],
    lambda s: s.topology[:2],
    "Number of connected components and of holes of each region (system neighbourhood).",
)
area_holes = _feature_op(
    "area_holes",
    [("Area", _I)],
    lambda s: (s.topology[2],),
    "Total area of the holes of each region.",
)
euler_number = _feature_op(
    "euler_number",
    [("EulerNumber", _I)],
    lambda s: (s.topology[0] - s.topology[1],),
    "Euler number of each region: components minus holes.",
)


def _runlength(s: Shape) -> tuple[int, float, float, float, int]:
    rows = s.region.runs[0]
    runs = int(rows.size)
    if runs == 0:
        return 0, 0.0, 0.0, 0.0, 0
    area = s.region.area()
    lines = int(np.count_nonzero(np.diff(rows))) + 1
    return runs, runs / math.sqrt(area), runs / lines, area / runs, _BYTES_PER_RUN * runs


#: bytes of one chord (row, first column, last column) in HALCON's run-length code
#: [unverified: three 16-bit coordinates, as in HALCON's Hrun of the standard edition]
_BYTES_PER_RUN = 6

runlength_features = _feature_op(
    "runlength_features",
    [("NumRuns", _I), ("KFactor", _R), ("LFactor", _R), ("MeanLength", _R), ("Bytes", _I)],
    _runlength,
    "Run-length statistics of each region: number of chords, chords per sqrt(area) "
    "(K-factor), chords per row (L-factor), mean chord length and bytes of the code.",
)


@operator(
    "region_features",
    IconicIn("Regions"),
    ControlIn("Features", types="string", count=(1, None), default="area"),
    ControlOut("Value", types="number"),
)
def region_features(ctx: CallContext, regs: ObjectTuple, features: tuple) -> tuple:
    """The requested shape features of each region: all features of region 1, then region 2...

    Unknown feature names are HALCON's "wrong value" error for ``Features``.
    """
    getters = []
    for name in features:
        if name not in FEATURES:
            raise ctx.param_error("value", "Features", f"unknown shape feature {name!r}")
        getters.append(FEATURES[name])
    out: list[float] = []
    for shape in shapes(ctx, regs):
        out.extend(float(get(shape)) for get in getters)
    return (tuple(out),)


@operator(
    "get_region_convex",
    IconicIn("Region"),
    ControlOut("Rows", types="integer"),
    ControlOut("Columns", types="integer"),
)
def get_region_convex(ctx: CallContext, regs: ObjectTuple) -> tuple:
    """Corners of the convex hull of the region's pixel centres (not closed).

    The corners run counter-clockwise on screen starting at the lowest, then rightmost
    corner [unverified: start point, direction and closure].
    """
    found = region_args(ctx, regs, "Region")
    if len(found) != 1:
        if not found:
            return ((), ())
        raise ctx.error(wrong_object_count(1), f"Region: {len(found)} regions, expected one")
    hull = Shape(found[0]).hull
    return tuple(int(v) for v in hull[:, 0]), tuple(int(v) for v in hull[:, 1])
