"""Iconic objects: images and regions, and the 1-based object tuples that hold them.

An iconic variable holds an :class:`ObjectTuple` (possibly empty). Its elements are
:class:`IconicObject` values; :class:`Image` keeps pixels as one numpy array of shape
``(channels, height, width)`` in HALCON's pixel type and a domain (a :class:`Region`,
``None`` meaning the full image). Objects are immutable by convention: operators build new
ones, so sharing an object between variables and dicts is safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from hdlite.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy", globals(), "np")  # imported when an object is made

#: canonical chords of a region: (rows, column begins, column ends), int32 arrays
Runs = tuple["np.ndarray", "np.ndarray", "np.ndarray"]

#: HALCON pixel type -> numpy dtype name
PIXEL_TYPES: dict[str, str] = {
    "byte": "uint8",
    "int1": "int8",
    "uint2": "uint16",
    "int2": "int16",
    "int4": "int32",
    "int8": "int64",
    "real": "float32",
    "complex": "complex64",
}


class IconicObject:
    """Base of every object that can live in an object tuple."""

    kind = "object"


class Region(IconicObject):
    """A set of pixels of the discrete plane, as canonical run-length chords.

    The canonical form is three equal-length arrays ``(rows, cb, ce)`` (:attr:`runs`): chord
    *i* covers the pixels ``(rows[i], cb[i]) .. (rows[i], ce[i])``; chords are sorted by row
    then column, never overlap and never touch (touching chords are merged), so two regions
    with the same pixels have equal arrays. Coordinates are signed: a region may lie partly or
    wholly outside every image. A raster (boolean mask placed at a row and column) is cached
    beside the runs, so chains of neighbourhood operations do not re-decode.

    Build regions with :meth:`from_runs`, :meth:`from_mask`, :meth:`rectangle` or
    ``Region(row, column, mask)`` (kept for compatibility: the mask is kept as given, margins
    included, and encoded lazily). Read them through :attr:`runs`, :meth:`raster`,
    :meth:`area`, :meth:`centroid`, :meth:`moments`, :meth:`bbox`, :meth:`to_mask`, or the
    compatibility triple :attr:`row`, :attr:`column`, :attr:`mask` (the mask of a region built
    from runs covers its bounding box; an empty region is a 0x0 mask at (0, 0)). Regions are
    immutable: never write to the arrays they return.
    """

    kind = "region"
    __slots__ = ("_area", "_centre", "_frame", "_runs", "_stats")

    def __init__(self, row: int, column: int, mask: np.ndarray) -> None:
        m = np.asarray(mask)
        if m.dtype != np.bool_:
            m = m.astype(bool)
        if m.ndim != 2:
            raise ValueError("a region mask must be 2-dimensional")
        self._frame: tuple[int, int, np.ndarray] | None = (int(row), int(column), m)
        self._runs: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._stats: tuple[float, ...] | None = None
        self._area: int | None = None
        self._centre: tuple[float, float] | None = None

    @classmethod
    def _make(cls, runs: Runs, frame: tuple[int, int, np.ndarray] | None = None) -> Region:
        obj = cls.__new__(cls)
        obj._runs, obj._frame, obj._stats, obj._area, obj._centre = runs, frame, None, None, None
        return obj

    @classmethod
    def empty(cls) -> Region:
        """The empty region (an object with no pixels)."""
        return cls._make(_no_runs())

    @classmethod
    def from_runs(cls, rows: Any, cb: Any, ce: Any, *, canonical: bool = False) -> Region:
        """A region from chords in any order; overlapping or touching chords are merged.

        Chords with ``ce < cb`` are empty and dropped. ``canonical=True`` skips sorting and
        merging: the caller guarantees canonical chords (e.g. a subset of another region's
        chords, as connection makes), given as 1-dimensional int32 arrays.

        Raises:
            ValueError: the three sequences differ in length.
        """
        if canonical:
            return cls._make((rows, cb, ce))
        return cls._make(canonical_runs(rows, cb, ce))

    @classmethod
    def from_mask(cls, mask: np.ndarray, row0: int = 0, col0: int = 0) -> Region:
        """The pixels set in ``mask``, whose element [0, 0] is pixel (row0, col0)."""
        m = np.asarray(mask)
        if m.dtype != np.bool_:
            m = m.astype(bool)
        if m.ndim != 2:
            raise ValueError("a region mask must be 2-dimensional")
        runs = encode_mask(m, row0, col0)
        if runs[0].size == 0:
            return cls._make(runs)
        r1, c1, r2, c2 = _runs_bbox(runs)
        crop = m[r1 - row0 : r2 - row0 + 1, c1 - col0 : c2 - col0 + 1]
        if crop.size * 2 < m.size:  # do not keep a large buffer alive for a small region
            crop = crop.copy()
        return cls._make(runs, (r1, c1, crop))

    @classmethod
    def rectangle(cls, row1: int, column1: int, row2: int, column2: int) -> Region:
        """The axis-parallel rectangle with corners (row1, column1) and (row2, column2)."""
        r1, c1, r2, c2 = int(row1), int(column1), int(row2), int(column2)
        if r2 < r1 or c2 < c1:
            return cls.empty()
        rows = np.arange(r1, r2 + 1, dtype=np.int32)
        return cls._make((rows, np.full_like(rows, c1), np.full_like(rows, c2)))

    # --- the two representations ----------------------------------------------------------

    @property
    def runs(self) -> Runs:
        """The canonical chords ``(rows, cb, ce)`` as int32 arrays (read-only by convention)."""
        if self._runs is None:
            assert self._frame is not None
            r0, c0, m = self._frame
            self._runs = encode_mask(m, r0, c0)
        return self._runs

    def raster(self, pad: int = 0) -> tuple[int, int, np.ndarray]:
        """``(row0, col0, mask)``: a boolean raster holding the region, placed at (row0, col0).

        With ``pad=0`` the raster may have empty margins (it is cached); with ``pad > 0`` it is
        the bounding box grown by ``pad`` pixels on every side (a fresh array).
        """
        if pad <= 0:
            if self._frame is None:
                runs = self.runs
                if runs[0].size == 0:
                    self._frame = (0, 0, np.zeros((0, 0), dtype=bool))
                else:
                    r1, c1, r2, c2 = _runs_bbox(runs)
                    self._frame = (r1, c1, decode_runs(runs, r1, c1, r2 - r1 + 1, c2 - c1 + 1))
            return self._frame
        r1, c1, r2, c2 = self.bbox()
        if r2 < r1:
            return (-pad, -pad, np.zeros((2 * pad, 2 * pad), dtype=bool))
        r0, c0 = r1 - pad, c1 - pad
        h, w = r2 - r1 + 1 + 2 * pad, c2 - c1 + 1 + 2 * pad
        return (r0, c0, decode_runs(self.runs, r0, c0, h, w))

    @property
    def row(self) -> int:
        """Row of the cached raster's top-left element (compatibility API)."""
        return self.raster()[0]

    @property
    def column(self) -> int:
        """Column of the cached raster's top-left element (compatibility API)."""
        return self.raster()[1]

    @property
    def mask(self) -> np.ndarray:
        """The cached raster as a boolean array placed at (row, column) (compatibility API)."""
        return self.raster()[2]

    def to_mask(self, height: int, width: int) -> np.ndarray:
        """The region clipped to an image of the given size, as a full-size boolean mask."""
        if self._frame is None:
            return decode_runs(self.runs, 0, 0, height, width)
        row, column, mask = self._frame
        out = np.zeros((height, width), dtype=bool)
        r0, c0 = max(row, 0), max(column, 0)
        r1, c1 = min(row + mask.shape[0], height), min(column + mask.shape[1], width)
        if r1 > r0 and c1 > c0:
            out[r0:r1, c0:c1] = mask[r0 - row : r1 - row, c0 - column : c1 - column]
        return out

    # --- features (O(number of chords)) ---------------------------------------------------

    def _moments(self) -> tuple[float, ...]:
        if self._stats is None:
            self._stats = _run_moments(self.runs)
        return self._stats

    def area(self) -> int:
        """Number of pixels in the region (cached)."""
        if self._area is None:
            if self._runs is None and self._frame is not None:
                self._area = int(np.count_nonzero(self._frame[2]))
            else:
                rows, cb, ce = self.runs
                self._area = int(ce.sum(dtype=np.int64) - cb.sum(dtype=np.int64)) + rows.size
        return self._area

    def is_empty(self) -> bool:
        """Whether the region has no pixel."""
        return self.area() == 0

    def centroid(self) -> tuple[float, float]:
        """(row, column) of the centre of gravity of the pixel centres; (0.0, 0.0) if empty."""
        if self._centre is None:
            if self._stats is not None:
                self._centre = (self._stats[1], self._stats[2])
            else:
                rows, cb, ce = self.runs
                if rows.size == 0:
                    self._centre = (0.0, 0.0)
                else:
                    n = ce.astype(np.int64) - cb + 1
                    area = float(n.sum())
                    mr = float(np.dot(rows, n)) / area
                    mc = float(np.dot(cb.astype(np.int64) + ce, n)) / (2.0 * area)
                    self._centre = (mr, mc)
        return self._centre

    def moments(self) -> tuple[float, float, float]:
        """Central second moments ``(m20, m02, m11)`` of the pixel centres divided by the area.

        m20 is the variance of the rows, m02 of the columns, m11 their covariance (no 1/12
        pixel-area term); zeros for an empty region.
        """
        s = self._moments()
        return (s[3], s[4], s[5])

    def bbox(self) -> tuple[int, int, int, int]:
        """(row1, column1, row2, column2) of the enclosing rectangle; empty: (0, 0, -1, -1)."""
        runs = self.runs
        if runs[0].size == 0:
            return (0, 0, -1, -1)
        return _runs_bbox(runs)

    def translate(self, drow: int, dcol: int) -> Region:
        """The region moved by (drow, dcol)."""
        rows, cb, ce = self.runs
        dr, dc = int(drow), int(dcol)
        frame = None
        if self._frame is not None:
            frame = (self._frame[0] + dr, self._frame[1] + dc, self._frame[2])
        out = Region._make((rows + np.int32(dr), cb + np.int32(dc), ce + np.int32(dc)), frame)
        return out

    def clip(self, row1: int, column1: int, row2: int, column2: int) -> Region:
        """The part of the region inside the rectangle (row1, column1)-(row2, column2)."""
        rows, cb, ce = self.runs
        ncb, nce = np.maximum(cb, column1), np.minimum(ce, column2)
        keep = (rows >= row1) & (rows <= row2) & (ncb <= nce)
        if keep.all() and (ncb == cb).all() and (nce == ce).all():
            return self
        return Region._make((rows[keep], ncb[keep].astype(np.int32), nce[keep].astype(np.int32)))

    def same_pixels(self, other: Region) -> bool:
        """Whether both regions hold exactly the same pixels."""
        return all(np.array_equal(a, b) for a, b in zip(self.runs, other.runs, strict=True))

    def __repr__(self) -> str:
        return f"<region {len(self.runs[0])} runs, area {self.area()}, bbox {self.bbox()}>"


def _no_runs() -> Runs:
    z = np.zeros(0, dtype=np.int32)
    return (z, z.copy(), z.copy())


def _runs_bbox(runs: Runs) -> tuple[int, int, int, int]:
    rows, cb, ce = runs
    return (int(rows[0]), int(cb.min()), int(rows[-1]), int(ce.max()))


def encode_mask(mask: np.ndarray, row0: int = 0, col0: int = 0) -> Runs:
    """Canonical chords of a boolean mask whose element [0, 0] is pixel (row0, col0)."""
    h, w = mask.shape
    if h == 0 or w == 0:
        return _no_runs()
    padded = np.zeros((h, w + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    d = np.diff(padded.reshape(-1))
    starts = np.flatnonzero(d == 1) + 1
    ends = np.flatnonzero(d == -1)
    stride = w + 2
    rows = (starts // stride + row0).astype(np.int32)
    cb = (starts % stride - 1 + col0).astype(np.int32)
    ce = (ends % stride - 1 + col0).astype(np.int32)
    return (rows, cb, ce)


def decode_runs(runs: Runs, row0: int, col0: int, height: int, width: int) -> np.ndarray:
    """The chords rasterised into a ``height`` x ``width`` mask whose [0, 0] is (row0, col0).

    Chords outside the frame are clipped away; the runs must be canonical.
    """
    out = np.zeros((max(height, 0), max(width, 0) + 1), dtype=np.int8)
    rows, cb, ce = runs
    if rows.size == 0 or height <= 0 or width <= 0:
        return out[:, :-1].astype(bool)
    r = rows.astype(np.int64) - row0
    b = np.maximum(cb.astype(np.int64) - col0, 0)
    e = np.minimum(ce.astype(np.int64) - col0, width - 1)
    keep = (r >= 0) & (r < height) & (b <= e)
    r, b, e = r[keep], b[keep], e[keep]
    flat = out.reshape(-1)
    stride = width + 1
    flat[r * stride + b] = 1  # canonical chords never share a start or an end cell
    flat[r * stride + e + 1] -= 1
    return np.cumsum(out, axis=1, dtype=np.int8)[:, :-1].astype(bool)


def canonical_runs(rows: Any, cb: Any, ce: Any) -> Runs:
    """Sort chords by row then column and merge overlapping or touching ones (int32 arrays).

    Raises:
        ValueError: the three sequences differ in length.
    """
    r = np.asarray(rows, dtype=np.int64).reshape(-1)
    b = np.asarray(cb, dtype=np.int64).reshape(-1)
    e = np.asarray(ce, dtype=np.int64).reshape(-1)
    if not r.size == b.size == e.size:
        raise ValueError(f"{r.size} rows, {b.size} column begins, {e.size} column ends")
    keep = b <= e
    if not keep.all():
        r, b, e = r[keep], b[keep], e[keep]
    if r.size == 0:
        return _no_runs()
    if r.size > 1:
        same = r[1:] == r[:-1]
        ordered = (r[1:] > r[:-1]) | (same & (b[1:] > e[:-1] + 1))
        if not ordered.all():
            order = np.lexsort((b, r))
            r, b, e = r[order], b[order], e[order]
            # running end within each row: offset rows so one cumulative max serves all rows
            span = int(e.max() - b.min()) + 2
            key = (r - r[0]) * span + (e - b.min())
            reach = np.maximum.accumulate(key)
            prev_end = reach[:-1] - (r[1:] - r[0]) * span + b.min()
            new = np.ones(r.size, dtype=bool)
            new[1:] = (r[1:] != r[:-1]) | (b[1:] > prev_end + 1)
            first = np.flatnonzero(new)
            r, b, e = r[first], b[first], np.maximum.reduceat(e, first)
    return (r.astype(np.int32), b.astype(np.int32), e.astype(np.int32))


def _run_moments(runs: Runs) -> tuple[float, ...]:
    """(area, row, column, m20, m02, m11) of chords: centre and central moments / area."""
    rows, cb, ce = runs
    if rows.size == 0:
        return (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    ref_r, ref_c = float(rows[0]), float(cb.min())  # centred sums keep float64 precise
    r = rows.astype(np.float64) - ref_r
    b = cb.astype(np.float64) - ref_c
    e = ce.astype(np.float64) - ref_c
    n = e - b + 1.0
    area = float(n.sum())
    csum = n * (b + e) / 2.0
    mr, mc = float((r * n).sum()) / area, float(csum.sum()) / area

    def s2(k: np.ndarray) -> np.ndarray:
        return k * (k + 1.0) * (2.0 * k + 1.0) / 6.0

    m20 = float((r * r * n).sum()) / area - mr * mr
    m02 = float((s2(e) - s2(b - 1.0)).sum()) / area - mc * mc
    m11 = float((r * csum).sum()) / area - mr * mc
    return (area, mr + ref_r, mc + ref_c, max(m20, 0.0), max(m02, 0.0), m11)


class Image(IconicObject):
    """A multichannel image with a pixel type and a domain."""

    kind = "image"
    __slots__ = ("data", "domain", "pixel_type")

    def __init__(self, data: np.ndarray, pixel_type: str, domain: Region | None = None) -> None:
        if data.ndim == 2:
            data = data[None, :, :]
        self.data = data
        self.pixel_type = pixel_type
        self.domain = domain

    @property
    def channels(self) -> int:
        """Number of channels."""
        return int(self.data.shape[0])

    @property
    def height(self) -> int:
        """Image height in pixels."""
        return int(self.data.shape[1])

    @property
    def width(self) -> int:
        """Image width in pixels."""
        return int(self.data.shape[2])

    def domain_region(self) -> Region:
        """The domain as a region (the full rectangle when the domain is full)."""
        if self.domain is None:
            return Region.rectangle(0, 0, self.height - 1, self.width - 1)
        return self.domain


class ObjectTuple:
    """An ordered, immutable tuple of iconic objects; HALCON indexes it from 1."""

    __slots__ = ("objects",)

    def __init__(self, objects: Iterable[IconicObject] = ()) -> None:
        self.objects: tuple[IconicObject, ...] = tuple(objects)

    def __len__(self) -> int:
        return len(self.objects)

    def __iter__(self) -> Iterator[IconicObject]:
        return iter(self.objects)

    def __getitem__(self, index: Any) -> Any:
        return self.objects[index]

    def __add__(self, other: ObjectTuple) -> ObjectTuple:
        return ObjectTuple(self.objects + other.objects)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ObjectTuple)
            and all(a is b for a, b in zip(self.objects, other.objects, strict=False))
            and len(self) == len(other)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        kinds = ", ".join(o.kind for o in self.objects[:5])
        more = ", ..." if len(self.objects) > 5 else ""
        return f"<objects [{kinds}{more}]>"


EMPTY_OBJECTS = ObjectTuple()
