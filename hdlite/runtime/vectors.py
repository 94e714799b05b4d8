"""HDevelop vectors: the methods ``V.at()``, ``.length()``, ``.insert()``, ``.remove()``,
``.clear()``, ``.concat()`` and the value rule that storing a vector stores a copy."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hdlite.errors import HalconError
from hdlite.values.control import Vector, element_type

if TYPE_CHECKING:
    from hdlite.source import Span


def copy_value(value: Any) -> Any:
    """The value to store: vectors are copied (value semantics), tuples are immutable."""
    return value.copy() if value.__class__ is Vector else value


def vector_index(value: tuple, span: Span | None) -> int:
    """One vector index (an integer >= 0) from a tuple."""
    if len(value) != 1 or type(value[0]) is not int or value[0] < 0:
        raise HalconError(
            1302, f"a vector index must be one integer >= 0, got {value!r:.60}", span=span
        )
    return value[0]


def _at(vector: Vector, index: tuple) -> Any:
    k = vector_index(index, None)
    if k >= len(vector.items):
        raise HalconError(1302, f"vector index {k} out of range (length {len(vector.items)})")
    return vector.items[k]


def _insert(vector: Vector, index: tuple, value: Any) -> tuple:
    k = vector_index(index, None)
    if k > len(vector.items):
        raise HalconError(1302, f"vector index {k} out of range (length {len(vector.items)})")
    vector.items.insert(k, copy_value(value))
    return ()


def _remove(vector: Vector, index: tuple) -> tuple:
    k = vector_index(index, None)
    if k < len(vector.items):
        del vector.items[k]
    return ()


def _clear(vector: Vector) -> tuple:
    vector.items.clear()
    return ()


def _length(vector: Vector) -> tuple:
    return (len(vector.items),)


def _concat(vector: Vector, other: Any) -> Vector:
    if not isinstance(other, Vector):
        raise HalconError(2410, f".concat() needs a vector, got {element_type(other)}")
    return Vector([copy_value(i) for i in vector.items + other.items])


VECTOR_METHODS: dict[str, Callable[..., Any]] = {
    "at": _at,
    "length": _length,
    "insert": _insert,
    "remove": _remove,
    "clear": _clear,
    "concat": _concat,
}
