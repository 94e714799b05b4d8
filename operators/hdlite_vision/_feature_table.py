"""The shape feature names shared by region_features, select_shape and fill_up_shape.

Names and meanings from MVTec's region_features / select_shape reference pages (``search``
tool): geometry, shape factors, moments and topology. 'width' and 'height' count pixels
(column2 - column1 + 1); 'ratio' is height / width. Every value of an empty region is 0.
"""

from __future__ import annotations

from collections.abc import Callable

from ._shape_features import Shape


def _width(s: Shape) -> int:
    _, c1, _, c2 = s.region.bbox()
    return c2 - c1 + 1 if s.area else 0


def _height(s: Shape) -> int:
    r1, _, r2, _ = s.region.bbox()
    return r2 - r1 + 1 if s.area else 0


def _corner(k: int) -> Callable[[Shape], int]:
    return lambda s: s.region.bbox()[k] if s.area else 0


def _inner_size(k: int) -> Callable[[Shape], int]:
    def get(s: Shape) -> int:
        if s.area == 0:
            return 0
        r1, c1, r2, c2 = s.inner_rectangle1
        return c2 - c1 + 1 if k == 1 else r2 - r1 + 1

    return get


FEATURES: dict[str, Callable[[Shape], float | int]] = {
    "area": lambda s: s.area,
    "row": lambda s: s.row,
    "column": lambda s: s.column,
    "width": _width,
    "height": _height,
    "ratio": lambda s: _height(s) / _width(s) if s.area else 0.0,
    "row1": _corner(0),
    "column1": _corner(1),
    "row2": _corner(2),
    "column2": _corner(3),
    "circularity": lambda s: s.circularity,
    "compactness": lambda s: s.compactness,
    "contlength": lambda s: s.contlength,
    "convexity": lambda s: s.convexity,
    "rectangularity": lambda s: s.rectangularity,
    "ra": lambda s: s.elliptic[0],
    "rb": lambda s: s.elliptic[1],
    "phi": lambda s: s.elliptic[2],
    "anisometry": lambda s: s.eccentricity[0],
    "bulkiness": lambda s: s.eccentricity[1],
    "struct_factor": lambda s: s.eccentricity[2],
    "outer_radius": lambda s: s.outer_circle[2],
    "inner_radius": lambda s: s.inner_circle[2],
    "inner_width": _inner_size(1),
    "inner_height": _inner_size(0),
    "dist_mean": lambda s: s.roundness[0],
    "dist_deviation": lambda s: s.roundness[1],
    "roundness": lambda s: s.roundness[2],
    "num_sides": lambda s: s.roundness[3],
    "connect_num": lambda s: s.topology[0],
    "holes_num": lambda s: s.topology[1],
    "area_holes": lambda s: s.topology[2],
    "euler_number": lambda s: s.topology[0] - s.topology[1],
    "max_diameter": lambda s: s.diameter[4],
    "orientation": lambda s: s.orientation,
    "rect2_phi": lambda s: s.rectangle2[2],
    "rect2_len1": lambda s: s.rectangle2[3],
    "rect2_len2": lambda s: s.rectangle2[4],
    "moments_m11": lambda s: s.moments_2nd[0],
    "moments_m20": lambda s: s.moments_2nd[1],
    "moments_m02": lambda s: s.moments_2nd[2],
    "moments_ia": lambda s: s.moments_2nd[3],
    "moments_ib": lambda s: s.moments_2nd[4],
}
