"""get_points_ellipse: points on an ellipse for given eccentric anomalies.

[doc: get_points_ellipse, HALCON 13 reference] Angle is the eccentric anomaly (the parameter
of x = Radius1 cos(a), y = Radius2 sin(a) in the ellipse's own frame), measured from the
main axis, counter-clockwise; Phi turns the main axis counter-clockwise from the column axis.
So the point is (Row - R1 cos(a) sin(Phi) - R2 sin(a) cos(Phi), Column + R1 cos(a) cos(Phi) -
R2 sin(a) sin(Phi)). The page restricts Angle and Phi to [0, 2 pi]; hdlite accepts any angle
(MVTec's own examples pass negative start angles) [unverified whether HALCON refuses them];
Radius1 > 0 and Radius2 >= 0 are enforced.
"""

from __future__ import annotations

import math

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator


@operator(
    "get_points_ellipse",
    ControlIn("Angle", types="number", count=(0, None), default=0),
    ControlIn("Row", types="number", count=1),
    ControlIn("Column", types="number", count=1),
    ControlIn("Phi", types="number", count=1),
    ControlIn("Radius1", types="number", count=1),
    ControlIn("Radius2", types="number", count=1),
    ControlOut("RowPoint", types="real"),
    ControlOut("ColPoint", types="real"),
)
def get_points_ellipse(
    ctx: CallContext, angle: tuple, row: tuple, col: tuple, phi: tuple, r1: tuple, r2: tuple
) -> tuple:
    """The points of an ellipse at the eccentric anomalies Angle (one point per angle)."""
    ra, rb = float(r1[0]), float(r2[0])
    if not ra > 0:
        raise ctx.param_error("value", "Radius1", f"{r1[0]!r} must be greater than 0")
    if not rb >= 0:
        raise ctx.param_error("value", "Radius2", f"{r2[0]!r} must not be negative")
    cp, sp = math.cos(float(phi[0])), math.sin(float(phi[0]))
    rows, cols = [], []
    for a in angle:
        x, y = ra * math.cos(float(a)), rb * math.sin(float(a))
        rows.append(float(row[0]) - x * sp - y * cp)
        cols.append(float(col[0]) + x * cp - y * sp)
    return (tuple(rows), tuple(cols))
