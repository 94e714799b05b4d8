"""XLD contours, polygons and parallels: the sub-pixel objects shared by the display and
vision plugins.

A :class:`Contour` (object kind ``'xld_cont'``) holds row and column arrays, per-point
attributes (``'angle'``, ``'edge_direction'``, ``'response'``, ``'contrast'``,
``'width_left'``, ``'width_right'``, ``'distance'``: one value per point, as
``get_contour_attrib_xld`` returns them) and global attributes (``'cont_approx'``,
``'regr_norm_row'``...: one value per contour, ``get_contour_global_attrib_xld``).

A contour is closed when it has at least three points and its last point equals its first
(gen_circle_contour_xld of a full circle and gen_contour_region_xld repeat the first point)
[unverified as HALCON's exact rule, vision spec §2.6].

A :class:`Polygon` (``'xld_poly'``) is a polyline of vertices; :class:`Parallel`
(``'xld_para'``) and its kinds ``'xld_mod_para'`` and ``'xld_ext_para'`` pair two parts of
polygons (get_obj_class returns these kind names, as HALCON does).

The object codec (write_object/read_object, dicts, serialisation) stores the coordinates and
every attribute as float64 arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hdlite.plugin import IconicObject, register_kind


class Contour(IconicObject):
    """An XLD contour: points (rows[i], cols[i]) in image coordinates, in order."""

    kind = "xld_cont"
    __slots__ = ("attribs", "cols", "global_attribs", "rows")

    def __init__(
        self,
        rows: Any,
        cols: Any,
        attribs: dict[str, Any] | None = None,
        global_attribs: dict[str, float] | None = None,
    ) -> None:
        self.rows = np.asarray(rows, dtype=np.float64).reshape(-1)
        self.cols = np.asarray(cols, dtype=np.float64).reshape(-1)
        if self.rows.shape != self.cols.shape:
            raise ValueError("a contour needs as many rows as columns")
        self.attribs: dict[str, np.ndarray] = {}
        for name, values in (attribs or {}).items():
            arr = np.asarray(values, dtype=np.float64).reshape(-1)
            if arr.shape != self.rows.shape:
                raise ValueError(f"attribute {name!r} needs one value per point")
            self.attribs[name] = arr
        self.global_attribs: dict[str, float] = {
            k: float(v) for k, v in (global_attribs or {}).items()
        }

    def __len__(self) -> int:
        return int(self.rows.shape[0])

    @property
    def closed(self) -> bool:
        """Whether the last point repeats the first one."""
        n = len(self)
        return bool(n >= 3 and self.rows[0] == self.rows[-1] and self.cols[0] == self.cols[-1])

    def points(self) -> np.ndarray:
        """The points as an (n, 2) array of (row, column)."""
        return np.stack([self.rows, self.cols], axis=1)

    def replace(self, rows: Any, cols: Any, keep: np.ndarray | slice | None = None) -> Contour:
        """A contour with new coordinates; ``keep`` selects the attribute values that stay."""
        attribs = {k: v[keep] for k, v in self.attribs.items()} if keep is not None else {}
        if keep is None and len(np.asarray(rows).reshape(-1)) == len(self):
            attribs = dict(self.attribs)
        return Contour(rows, cols, attribs, self.global_attribs)


def _encode(obj: IconicObject, prefix: str, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    assert isinstance(obj, Contour)
    arrays[prefix + "rows"] = obj.rows
    arrays[prefix + "cols"] = obj.cols
    meta: dict[str, Any] = {"rows": prefix + "rows", "cols": prefix + "cols"}
    if obj.attribs:
        meta["attribs"] = {}
        for i, (name, values) in enumerate(sorted(obj.attribs.items())):
            key = f"{prefix}attr{i}"
            arrays[key] = values
            meta["attribs"][name] = key
    if obj.global_attribs:
        meta["global"] = dict(obj.global_attribs)
    return meta


def _decode(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Contour:
    attribs = {name: arrays[key] for name, key in meta.get("attribs", {}).items()}
    return Contour(arrays[meta["rows"]], arrays[meta["cols"]], attribs, meta.get("global"))


register_kind(Contour, "xld_cont", _encode, _decode)


class Polygon(IconicObject):
    """An XLD polygon (object kind ``'xld_poly'``): vertices (rows[i], cols[i]) in order.

    A polygon made from a contour (gen_polygons_xld) remembers that contour and the index
    of the contour point at each vertex, so split_contours_xld can cut the contour there.
    """

    kind = "xld_poly"
    __slots__ = ("cols", "contour", "indices", "rows")

    def __init__(
        self,
        rows: Any,
        cols: Any,
        contour: Contour | None = None,
        indices: Any = None,
    ) -> None:
        self.rows = np.asarray(rows, dtype=np.float64).reshape(-1)
        self.cols = np.asarray(cols, dtype=np.float64).reshape(-1)
        if self.rows.shape != self.cols.shape:
            raise ValueError("a polygon needs as many rows as columns")
        self.contour = contour
        self.indices = None if indices is None else np.asarray(indices, np.int64).reshape(-1)
        if self.indices is not None and self.indices.shape != self.rows.shape:
            raise ValueError("a polygon needs one contour index per vertex")

    def __len__(self) -> int:
        return int(self.rows.shape[0])

    def polylines(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The lines to draw: the polygon itself."""
        return [(self.rows, self.cols)]


class Parallel(IconicObject):
    """XLD parallels (object kind ``'xld_para'``): two parallel parts of polygons.

    Part k (1 or 2) runs over the vertices ``ranges[k-1][0] .. ranges[k-1][1]`` of polygon
    ``polys[k-1]``. ``quality``, ``gray_mean`` and ``gray_dev`` describe the enclosed area
    (set by mod_parallels_xld; NaN before).
    """

    kind = "xld_para"
    __slots__ = ("gray_dev", "gray_mean", "polys", "quality", "ranges")

    def __init__(
        self,
        polys: tuple[Polygon, Polygon],
        ranges: tuple[tuple[int, int], tuple[int, int]],
        quality: float = float("nan"),
        gray_mean: float = float("nan"),
        gray_dev: float = float("nan"),
    ) -> None:
        self.polys = polys
        self.ranges = (
            (int(ranges[0][0]), int(ranges[0][1])),
            (int(ranges[1][0]), int(ranges[1][1])),
        )
        self.quality, self.gray_mean, self.gray_dev = quality, gray_mean, gray_dev

    def part(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and columns of the vertices of part ``k`` (0 or 1)."""
        poly, (a, b) = self.polys[k], self.ranges[k]
        return poly.rows[a : b + 1], poly.cols[a : b + 1]

    def polylines(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The lines to draw: both parts."""
        return [self.part(0), self.part(1)]

    def derived(self, cls: type[Parallel], **changes: Any) -> Parallel:
        """A parallel of class ``cls`` with the same parts and some values changed."""
        values: dict[str, Any] = {
            "polys": self.polys,
            "ranges": self.ranges,
            "quality": self.quality,
            "gray_mean": self.gray_mean,
            "gray_dev": self.gray_dev,
        }
        values.update(changes)
        return cls(**values)


class ModParallel(Parallel):
    """Modified XLD parallels (``'xld_mod_para'``): parallels enclosing a homogeneous area."""

    kind = "xld_mod_para"
    __slots__ = ()


class ExtParallel(Parallel):
    """Extended XLD parallels (``'xld_ext_para'``): modified parallels grown along their
    polygons."""

    kind = "xld_ext_para"
    __slots__ = ()


def _encode_poly(obj: IconicObject, prefix: str, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    assert isinstance(obj, Polygon)
    arrays[prefix + "rows"] = obj.rows
    arrays[prefix + "cols"] = obj.cols
    meta: dict[str, Any] = {"rows": prefix + "rows", "cols": prefix + "cols"}
    if obj.contour is not None and obj.indices is not None:
        arrays[prefix + "idx"] = obj.indices
        meta["indices"] = prefix + "idx"
        meta["contour"] = _encode(obj.contour, prefix + "c_", arrays)
    return meta


def _decode_poly(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Polygon:
    contour = _decode(meta["contour"], arrays) if "contour" in meta else None
    indices = arrays[meta["indices"]] if "indices" in meta else None
    return Polygon(arrays[meta["rows"]], arrays[meta["cols"]], contour, indices)


def _encode_para(obj: IconicObject, prefix: str, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    assert isinstance(obj, Parallel)
    return {
        "polys": [_encode_poly(p, f"{prefix}p{i}_", arrays) for i, p in enumerate(obj.polys)],
        "ranges": [list(r) for r in obj.ranges],
        "values": [_finite(obj.quality), _finite(obj.gray_mean), _finite(obj.gray_dev)],
    }


def _finite(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _para_decoder(cls: type[Parallel]) -> Any:
    def decode(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Parallel:
        p1, p2 = (_decode_poly(m, arrays) for m in meta["polys"])
        r1, r2 = (tuple(r) for r in meta["ranges"])
        q, g, d = (float("nan") if v is None else float(v) for v in meta["values"])
        return cls((p1, p2), (r1, r2), q, g, d)  # type: ignore[arg-type]

    return decode


register_kind(Polygon, "xld_poly", _encode_poly, _decode_poly)
for _cls in (Parallel, ModParallel, ExtParallel):
    register_kind(_cls, _cls.kind, _encode_para, _para_decoder(_cls))
