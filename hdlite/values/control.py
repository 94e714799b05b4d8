"""Control values: tuples of integers, reals, strings and handles.

HALCON keeps two kinds of variables apart; this module owns the control kind.

============  =====================================================================
HALCON        hdlite (Python)
============  =====================================================================
tuple         ``tuple`` of elements; ``55`` and ``[55]`` are the same value ``(55,)``
integer       ``int`` (64-bit in HALCON; hdlite wraps results of arithmetic)
real          ``float``
string        ``str``
handle        :class:`Handle`: reference semantics, can be cleared
vector        :class:`Vector`: a list of tuples, object tuples or vectors (0-based)
object tuple  :class:`hdlite.values.iconic.ObjectTuple` (1-based), see ``iconic.py``
============  =====================================================================

Control values are immutable Python tuples, so assignment copies by sharing. Vectors are
mutable (``V.at(0) := 1``) and are copied when assigned or passed to a procedure.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, TypeAlias

Element: TypeAlias = "int | float | str | Handle"
#: a control value: an immutable tuple of elements (``55`` and ``[55]`` are both ``(55,)``)
ControlTuple: TypeAlias = "tuple[Element, ...]"

EMPTY: ControlTuple = ()

_handle_ids = itertools.count(1)


class Handle:
    """A reference to an object an operator created (a dict, a file, a classifier...).

    Copies of a handle refer to the same object. After :meth:`clear` every copy is invalid,
    and operators that receive it raise HALCON error 2454 (handle was cleared).
    """

    __slots__ = ("_obj", "cleared", "id", "kind")

    def __init__(self, kind: str, obj: Any) -> None:
        self.kind = kind
        self._obj = obj
        self.id = next(_handle_ids)
        self.cleared = False

    @property
    def obj(self) -> Any:
        """The object behind the handle (None once cleared)."""
        return self._obj

    def clear(self) -> None:
        """Invalidate the handle and release its object (closing it if it can close)."""
        obj, self._obj = self._obj, None
        self.cleared = True
        close = getattr(obj, "close", None)
        if callable(close):
            close()

    def __repr__(self) -> str:
        state = " cleared" if self.cleared else ""
        return f"<handle {self.kind} {self.id}{state}>"


class Vector:
    """An HDevelop vector: ``{1, 2, 3}``, 0-based, elements of one kind, nestable."""

    __slots__ = ("items",)

    def __init__(self, items: list | None = None) -> None:
        self.items: list = items if items is not None else []

    def copy(self) -> Vector:
        """Deep copy of the vector structure (elements themselves are immutable)."""
        return Vector([item.copy() if isinstance(item, Vector) else item for item in self.items])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vector) and self.items == other.items

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "{" + ", ".join(format_value(i) for i in self.items) + "}"


def is_number(x: object) -> bool:
    """True for ints and floats (not bools, which never occur in control tuples)."""
    return type(x) is int or type(x) is float


def wrap_int(value: int) -> int:
    """Wrap an integer to HALCON's signed 64-bit range."""
    if -0x8000000000000000 <= value <= 0x7FFFFFFFFFFFFFFF:
        return value
    return (value + 0x8000000000000000) % 0x10000000000000000 - 0x8000000000000000


def real_to_str(value: float) -> str:
    """Format a real the way HALCON converts it to a string in ``+`` concatenation."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = f"{value:.6g}"
    if "." not in text and "e" not in text and "n" not in text:
        text += ".0"
    return text


def element_to_str(value: object) -> str:
    """Convert one element to the string that ``+`` concatenation uses."""
    if type(value) is str:
        return value
    if type(value) is float:
        return real_to_str(value)
    if type(value) is int:
        return str(value)
    if isinstance(value, Handle):
        return f"H{value.id:x}"
    return str(value)


def element_type(value: object) -> str:
    """Return the HALCON type name of one element: integer, real, string or handle."""
    t = type(value)
    if t is int:
        return "integer"
    if t is float:
        return "real"
    if t is str:
        return "string"
    if isinstance(value, Handle):
        return "handle"
    return t.__name__


def format_value(value: object) -> str:
    """Render any variable value in HDevelop's notation (``[1, 2.5, 'a']``)."""
    if isinstance(value, tuple):
        parts = [_format_element(v) for v in value]
        return parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
    return repr(value)


def _format_element(value: object) -> str:
    if type(value) is str:
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if type(value) is float:
        return repr(value)
    return str(value) if not isinstance(value, Handle) else repr(value)


def to_json(value: object) -> Any:
    """Convert a variable value to JSON data: a list, or one number/string for length 1."""
    if isinstance(value, tuple):
        items = [_element_json(v) for v in value]
        return items[0] if len(items) == 1 else items
    if isinstance(value, Vector):
        return [to_json(v) for v in value.items]
    return f"<{type(value).__name__}>"


def _element_json(value: object) -> Any:
    if isinstance(value, Handle):
        return f"<handle {value.kind}>"
    if type(value) is float and not math.isfinite(value):
        return str(value)
    return value


def from_python(value: Any) -> ControlTuple:
    """Convert a Python scalar or sequence to a control tuple (bools become 0/1)."""
    if isinstance(value, tuple | list):
        return tuple(_element_from_python(v) for v in value)
    return (_element_from_python(value),)


def _element_from_python(value: Any) -> Element:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | str | Handle):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _element_from_python(value.item())
    raise TypeError(f"cannot convert {type(value).__name__} to a control value")
