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

if TYPE_CHECKING:
    import numpy as np

#: HALCON pixel type -> numpy dtype name
PIXEL_TYPES: dict[str, str] = {
    "byte": "uint8",
    "int1": "int8",
    "uint2": "uint16",
    "int2": "int16",
    "int4": "int32",
    "int8": "int64",
    "real": "float32",
}


class IconicObject:
    """Base of every object that can live in an object tuple."""

    kind = "object"


class Region(IconicObject):
    """A set of pixels: a boolean mask placed at (row, column) in an unbounded plane."""

    kind = "region"
    __slots__ = ("column", "mask", "row")

    def __init__(self, row: int, column: int, mask: np.ndarray) -> None:
        self.row = int(row)
        self.column = int(column)
        self.mask = mask

    @classmethod
    def rectangle(cls, row1: int, column1: int, row2: int, column2: int) -> Region:
        """The axis-parallel rectangle with corners (row1, column1) and (row2, column2)."""
        import numpy as np

        height = max(int(row2) - int(row1) + 1, 0)
        width = max(int(column2) - int(column1) + 1, 0)
        return cls(row1, column1, np.ones((height, width), dtype=bool))

    def area(self) -> int:
        """Number of pixels in the region."""
        return int(self.mask.sum())

    def to_mask(self, height: int, width: int) -> np.ndarray:
        """The region clipped to an image of the given size, as a full-size boolean mask."""
        import numpy as np

        out = np.zeros((height, width), dtype=bool)
        r0, c0 = max(self.row, 0), max(self.column, 0)
        r1 = min(self.row + self.mask.shape[0], height)
        c1 = min(self.column + self.mask.shape[1], width)
        if r1 > r0 and c1 > c0:
            out[r0:r1, c0:c1] = self.mask[
                r0 - self.row : r1 - self.row, c0 - self.column : c1 - self.column
            ]
        return out

    def bbox(self) -> tuple[int, int, int, int]:
        """(row1, column1, row2, column2) of the smallest enclosing rectangle; empty -> zeros."""
        import numpy as np

        rows = np.flatnonzero(self.mask.any(axis=1))
        cols = np.flatnonzero(self.mask.any(axis=0))
        if rows.size == 0:
            return (0, 0, -1, -1)
        return (
            self.row + int(rows[0]),
            self.column + int(cols[0]),
            self.row + int(rows[-1]),
            self.column + int(cols[-1]),
        )


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
