"""XLD contours, the sub-pixel polylines shared by the display and vision plugins.

A :class:`Contour` (object kind ``'xld_cont'``) holds row and column arrays, per-point
attributes (``'angle'``, ``'edge_direction'``, ``'response'``, ``'contrast'``,
``'width_left'``, ``'width_right'``, ``'distance'``: one value per point, as
``get_contour_attrib_xld`` returns them) and global attributes (``'cont_approx'``,
``'regr_norm_row'``...: one value per contour, ``get_contour_global_attrib_xld``).

A contour is closed when it has at least three points and its last point equals its first
(gen_circle_contour_xld of a full circle and gen_contour_region_xld repeat the first point)
[unverified as HALCON's exact rule, vision spec §2.6].

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
